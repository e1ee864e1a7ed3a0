"""Specs split over files (issue 14 item 1): `$ref` in path-item and operation position,
shared parameter files, maps of properties given by `$ref`, example files; every problem
reported at the file and line that holds it.

The golden case tests/golden/split_spec pins the generated package; here, the diagnostics
and the generated client at work.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from specgen.diagnostics import Diagnostic, SpecError
from specgen.pipeline import build

HEAD = 'openapi: 3.0.3\ninfo:\n  title: Split\n  version: "1"\n'
GOLDEN = Path(__file__).resolve().parent / "golden" / "split_spec"


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return folder / "spec.yaml"


def errors_of(spec: Path) -> list[Diagnostic]:
    with pytest.raises(SpecError) as caught:
        build(spec, display="spec.yaml")
    return [d for d in caught.value.diagnostics if d.severity.value == "error"]


def located(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [(d.file, d.line, d.col, d.code) for d in diagnostics]


ROOT = HEAD + (
    "paths:\n" "  /pets/{pet_id}:\n" "    get:\n" "      $ref: ops/get_pet.yml\n"
)
PARAMS = (
    "pet_id:\n"
    "  name: pet_id\n"
    "  in: path\n"
    "  required: true\n"
    "  schema: {type: integer}\n"
)


def test_a_path_parameter_declared_in_the_operation_file_is_seen(
    tmp_path: Path,
) -> None:
    """DigitalOcean's shape: the operation, and its parameter through a shared file,
    live elsewhere; no E022 is reported, and the parameter reaches the method."""
    op = (
        "operationId: getPet\n"
        "parameters:\n"
        "  - $ref: ../shared/parameters.yml#/pet_id\n"
        "responses:\n"
        "  '204': {description: ok}\n"
    )
    spec = write(
        tmp_path,
        {"spec.yaml": ROOT, "ops/get_pet.yml": op, "shared/parameters.yml": PARAMS},
    )
    api = build(spec).api
    (operation,) = api.operations
    assert operation.operation_id == "getPet"
    assert [(a.name, a.source, a.type.python()) for a in operation.arguments] == [
        ("pet_id", "path", "int")
    ]


def test_e022_in_a_referenced_operation_points_at_that_file(tmp_path: Path) -> None:
    op = (
        "operationId: getPet\n"  # 1
        "parameters:\n"
        "  - name: pet_id\n"
        "    in: path\n"
        "    required: true\n"
        "    schema: {type: integer}\n"
        "  - name: owner\n"  # 7
        "    in: path\n"
        "    required: true\n"
        "    schema: {type: string}\n"
        "responses:\n"
        "  '204': {description: ok}\n"
    )
    spec = write(tmp_path, {"spec.yaml": ROOT, "ops/get_pet.yml": op})
    (error,) = errors_of(spec)
    assert error.code == "E022" and "'owner'" in error.message
    assert "/pets/{pet_id}" in error.message
    # the operation's file, at its first line (the operation is the whole file)
    assert (error.file, error.line, error.col) == (
        str(Path("ops/get_pet.yml")),
        1,
        1,
    )


def test_a_missing_path_parameter_is_reported_at_the_operation_file(
    tmp_path: Path,
) -> None:
    op = "operationId: getPet\nresponses:\n  '204': {description: ok}\n"
    spec = write(tmp_path, {"spec.yaml": ROOT, "ops/get_pet.yml": op})
    (error,) = errors_of(spec)
    assert error.code == "E022" and "'pet_id'" in error.message
    assert error.file == str(Path("ops/get_pet.yml"))


def test_errors_inside_referenced_files_are_located_there(tmp_path: Path) -> None:
    """A broken ref, a schema error and a parameter error, each in a different file,
    all in one run, each at its file:line:col."""
    root = HEAD + (
        "paths:\n"
        "  /pets:\n"
        "    $ref: paths/pets.yaml\n"
        "components:\n"
        "  schemas:\n"
        "    Owner:\n"
        "      $ref: models/owner.yml\n"
    )
    item = "get:\n  $ref: ../ops/list.yml\n"
    op = (
        "operationId: listPets\n"  # 1
        "parameters:\n"  # 2
        "  - name: limit\n"  # 3
        "    in: query\n"  # 4
        "    schema: {type: integr}\n"  # 5
        "  - name: page\n"  # 6
        "    in: somewhere\n"  # 7
        "responses:\n"  # 8
        "  '200':\n"  # 9
        "    description: ok\n"  # 10
        "    content:\n"  # 11
        "      application/json:\n"  # 12
        "        schema:\n"  # 13
        "          $ref: ../models/missing.yml\n"  # 14
    )
    owner = "type: object\nproperties:\n  $ref: owner_properties.yml\n"
    owner_properties = (
        "name:\n"  # 1
        "  type: string\n"  # 2
        "age:\n"  # 3
        "  type: integer\n"  # 4
        "  minimum: 10\n"  # 5
        "  maximum: 1\n"  # 6
    )
    spec = write(
        tmp_path,
        {
            "spec.yaml": root,
            "paths/pets.yaml": item,
            "ops/list.yml": op,
            "models/owner.yml": owner,
            "models/owner_properties.yml": owner_properties,
        },
    )
    found = located(errors_of(spec))
    op_file = str(Path("ops/list.yml"))
    assert (op_file, 5, 14, "E041") in found
    assert (op_file, 7, 5, "E023") in found
    assert (op_file, 14, 11, "E030") in found
    assert (str(Path("models/owner_properties.yml")), 5, 3, "E043") in found
    assert all(file != "spec.yaml" for file, *_ in found), found


def test_a_properties_map_ref_that_does_not_resolve_is_one_e030(tmp_path: Path) -> None:
    root = HEAD + (
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Owner:\n"  # 8
        "      type: object\n"
        "      properties:\n"  # 10
        "        $ref: nowhere.yml\n"  # 11
    )
    spec = write(tmp_path, {"spec.yaml": root})
    (error,) = errors_of(spec)
    assert (error.code, error.file, error.line) == ("E030", "spec.yaml", 11)
    assert "nowhere.yml" in error.message


def test_a_properties_map_keeps_its_refs_meaning(tmp_path: Path) -> None:
    """The map's own refs resolve from its file (`tag.yml` next to it), and a property
    named like a keyword (`default`) is a property."""
    root = HEAD + (
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Owner:\n"
        "      type: object\n"
        "      required: [tag]\n"
        "      properties:\n"
        "        $ref: models/props.yml\n"
    )
    props = (
        "tag:\n  $ref: tag.yml\n"
        "default:\n  $ref: '#/Local'\n"
        "Local:\n  type: integer\n"
    )
    spec = write(
        tmp_path,
        {
            "spec.yaml": root,
            "models/props.yml": props,
            "models/tag.yml": "type: string\nmaxLength: 3\n",
        },
    )
    api = build(spec).api
    owner = next(m for m in api.models if m.name == "Owner")
    fields = {f.wire_name: f for f in owner.fields}
    assert set(fields) == {"tag", "default", "Local"}
    assert fields["tag"].required and fields["tag"].type.name == "Tag"
    assert fields["default"].type.name == "Local"  # `#/Local` of props.yml


def test_an_operation_id_used_in_two_files_is_e021_at_the_second(
    tmp_path: Path,
) -> None:
    root = HEAD + (
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      $ref: ops/a.yml\n"
        "  /b:\n"
        "    get:\n"
        "      $ref: ops/b.yml\n"
    )
    op = "operationId: same\nresponses:\n  '204': {description: ok}\n"
    spec = write(tmp_path, {"spec.yaml": root, "ops/a.yml": op, "ops/b.yml": op})
    (error,) = errors_of(spec)
    assert (error.code, error.file, error.line) == ("E021", str(Path("ops/b.yml")), 1)
    assert f"{Path('ops/a.yml')}:1:1" in error.message


def test_the_cli_shows_the_referenced_file(tmp_path: Path) -> None:
    op = "operationId: getPet\nresponses:\n  '204': {description: ok}\n"
    write(tmp_path, {"spec.yaml": ROOT, "ops/get_pet.yml": op})
    result = subprocess.run(
        [sys.executable, "-m", "specgen", "validate", "spec.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        f"{Path('ops/get_pet.yml')}:1:1: error[E022]: path parameter 'pet_id'"
    ), result.stderr


def test_the_golden_split_spec_reads_every_file() -> None:
    """Every position the golden case refers from: operation files, the path item file,
    the shared parameter, request body, response and header files, the example file, the
    discriminator's mapping to files and the map of properties."""
    api = build(GOLDEN / "spec.yaml").api
    ops = {op.operation_id: op for op in api.operations}
    assert sorted(ops) == [
        "createPet", "deletePet", "getOwner", "getPet", "listOwners", "listPets"
    ]  # fmt: skip
    assert [a.name for a in ops["listPets"].arguments] == ["per_page", "page"]
    assert [a.name for a in ops["getOwner"].arguments] == ["owner_id"]
    assert ops["listPets"].success.contents[0].example["pets"][1]["name"] == "Tom"
    assert ops["createPet"].body is not None
    assert ops["createPet"].body.example == {
        "kind": "dog", "name": "Rex", "good_boy": True
    }  # fmt: skip
    models = {m.name: m for m in api.models}
    assert [f.wire_name for f in models["Owner"].fields] == ["name", "pets", "since"]
    (pet,) = [a for a in api.aliases if a.name == "Pet"]
    assert pet.type.discriminator is not None
    assert dict(pet.type.discriminator.mapping) == {"dog": "Dog", "cat": "Cat"}


def test_a_discriminator_mapping_names_files(tmp_path: Path) -> None:
    """The mapping alone tells the members apart (no `enum` on the tag): each value is a
    file, resolved against the file that holds the discriminator."""
    root = HEAD + (
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Pet:\n"
        "      $ref: models/pet.yml\n"
    )
    pet = (
        "oneOf:\n  - $ref: dog.yml\n  - $ref: kinds/cat.yml\n"
        "discriminator:\n"
        "  propertyName: kind\n"
        "  mapping: {doggo: dog.yml, kitty: ./kinds/cat.yml}\n"
    )
    member = (
        "type: object\nrequired: [kind, {own}]\n"
        "properties:\n  kind: {{type: string}}\n  {own}: {{type: string}}\n"
        "additionalProperties: false\n"
    )
    spec = write(
        tmp_path,
        {
            "spec.yaml": root,
            "models/pet.yml": pet,
            "models/dog.yml": member.format(own="bark"),
            "models/kinds/cat.yml": member.format(own="purr"),
        },
    )
    result = build(spec)
    assert not [w for w in result.warnings if w.code == "W110"]
    (alias,) = [a for a in result.api.aliases if a.name == "Pet"]
    assert alias.type.discriminator is not None
    assert dict(alias.type.discriminator.mapping) == {"doggo": "Dog", "kitty": "Cat"}


def test_a_parameter_in_a_shared_file_is_checked_there(tmp_path: Path) -> None:
    params = PARAMS + (
        "legacy:\n"  # 6
        "  name: legacy\n"
        "  in: body\n"  # 8
        "  schema: {type: string}\n"
    )
    op = (
        "operationId: getPet\n"
        "parameters:\n"
        "  - $ref: ../shared/parameters.yml#/pet_id\n"
        "  - $ref: ../shared/parameters.yml#/legacy\n"
        "responses:\n"
        "  '204': {description: ok}\n"
    )
    spec = write(
        tmp_path,
        {"spec.yaml": ROOT, "ops/get_pet.yml": op, "shared/parameters.yml": params},
    )
    (error,) = errors_of(spec)
    assert (error.code, error.file, error.line) == (
        "E024",
        str(Path("shared/parameters.yml")),
        8,
    )
