"""OpenAPI Overlay 1.0 documents applied to the spec before validation (`--overlay FILE`,
`overlays = [...]` in a [tool.specgen] target).

The merge semantics (objects merged recursively, arrays appended, other values replaced,
`remove`), order, JSONPath filters, YAML aliases and integer keys are checked on the data an
overlay leaves; the command line (repeatable `--overlay`, config, `check`), warnings and errors
located in the overlay file, and diagnostics about overlaid nodes located at the overlay's
line are checked as a user meets them, in a child process.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from specgen.diagnostics import Diagnostic
from specgen.source.loader import load_document
from specgen.source.overlays import apply_overlays
from specgen.source.provenance import Origin, Provenance

REPO = Path(__file__).resolve().parents[1]
IMAGES_SPEC = REPO / "specs" / "openai_images.yaml"

SPEC = """\
openapi: 3.0.3
info:
  title: Files
  version: "1"
paths:
  /files:
    get:
      operationId: listFiles
      tags: [files]
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: order, in: query, schema: {type: string}}
      responses:
        200:
          description: The files.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/File'}
    post:
      operationId: uploadFile
      tags: [files]
      responses:
        "201": {description: Uploaded.}
components:
  schemas:
    File:
      type: object
      required: [id]
      properties:
        id: {type: string}
        bytes: {type: integer}
"""

HEAD = 'overlay: 1.0.0\ninfo: {title: Test overlay, version: "1"}\nactions:\n'


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def overlaid(
    tmp_path: Path, *overlays: str, spec: str = SPEC
) -> tuple[Any, list[Diagnostic]]:
    """The spec's data after applying the overlays (texts), and the diagnostics."""
    doc = load_document(write(tmp_path, "spec.yaml", spec))
    paths = [write(tmp_path, f"o{i}.yaml", text) for i, text in enumerate(overlays)]
    found = apply_overlays(doc, paths)
    return doc.data, found


def specgen(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "specgen", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def line_of(text: str, marker: str) -> int:
    return text.count("\n", 0, text.index(marker)) + 1


SHOWN = re.compile(
    r"^(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning)"
    r"\[(?P<code>[A-Z]\d{3})\]: (?P<message>.+) \(at (?P<pointer>/[^)]*)\)$"
)


def shown(stderr: str) -> list[tuple[str, int, str, str]]:
    """(file, line, code, pointer) of every diagnostic line; any other line fails."""
    found = []
    for text in stderr.splitlines():
        match = SHOWN.match(text)
        assert match, f"not a diagnostic line: {text!r}\n{stderr}"
        found.append(
            (match["file"], int(match["line"]), match["code"], match["pointer"])
        )
    return found


# --------------------------------------------------------------------------- semantics


def test_update_merges_objects_appends_arrays_and_replaces_other_values(
    tmp_path: Path,
) -> None:
    data, found = overlaid(
        tmp_path,
        HEAD
        + "  - target: $.components.schemas.File\n"
        + "    update:\n"
        + "      description: A stored file.\n"  # added
        + "      required: [bytes]\n"  # appended to the array
        + "      properties:\n"
        + "        bytes: {type: number, minimum: 0}\n"  # merged: replaced + added
        + "        purpose: {type: string}\n"  # added
        + "  - target: $.info\n"
        + "    update: {title: Stored Files, x-note: ~}\n",
    )
    assert found == []
    schema = data["components"]["schemas"]["File"]
    assert schema["description"] == "A stored file."
    assert schema["required"] == ["id", "bytes"]
    assert schema["properties"] == {
        "id": {"type": "string"},
        "bytes": {"type": "number", "minimum": 0},
        "purpose": {"type": "string"},
    }
    assert data["info"] == {"title": "Stored Files", "version": "1", "x-note": None}


def test_update_on_an_array_appends_the_value_or_the_items(tmp_path: Path) -> None:
    data, found = overlaid(
        tmp_path,
        HEAD
        + "  - target: $.paths['/files'].get.parameters\n"
        + "    update: {name: before, in: query, schema: {type: string}}\n"
        + "  - target: $.paths['/files'].get.tags\n"
        + "    update: [listing, stable]\n",
    )
    assert found == []
    get = data["paths"]["/files"]["get"]
    assert [p["name"] for p in get["parameters"]] == [
        "after",
        "limit",
        "order",
        "before",
    ]
    assert get["tags"] == ["files", "listing", "stable"]


def test_remove_takes_selected_nodes_out_of_their_parent(tmp_path: Path) -> None:
    data, found = overlaid(
        tmp_path,
        HEAD
        + "  - target: $.paths.*.get.parameters[?@.name != 'limit']\n"
        + "    remove: true\n"
        + "  - target: $.paths['/files'].post\n"
        + "    remove: true\n"
        + "  - target: $.components.schemas.File.properties.bytes\n"
        + "    remove: true\n"
        + "    update: {ignored: true}\n",  # no effect with remove: true
    )
    assert found == []
    files = data["paths"]["/files"]
    assert [p["name"] for p in files["get"]["parameters"]] == ["limit"]
    assert "post" not in files
    assert data["components"]["schemas"]["File"]["properties"] == {
        "id": {"type": "string"}
    }


def test_actions_and_overlays_apply_in_order_each_to_the_result_so_far(
    tmp_path: Path,
) -> None:
    first = (
        HEAD
        + "  - target: $.paths['/files']\n"
        + "    remove: true\n"
        + "  - target: $.paths\n"
        + "    update: {/files: {get: {operationId: listAll, responses: {}}}}\n"
    )
    second = (
        HEAD
        + "  - target: $.paths[*][?@.operationId=='listAll']\n"
        + "    update: {x-method: all}\n"
        + "  - target: $.paths[*][?@.operationId=='uploadFile']\n"  # removed before
        + "    update: {x-method: upload}\n"
    )
    data, found = overlaid(tmp_path, first, second)
    assert data["paths"] == {
        "/files": {
            "get": {"operationId": "listAll", "responses": {}, "x-method": "all"}
        }
    }
    assert [(d.code, Path(d.file).name, d.line) for d in found] == [
        ("W111", "o1.yaml", 6)
    ]


def test_a_filter_selects_operations_by_operation_id(tmp_path: Path) -> None:
    data, found = overlaid(
        tmp_path,
        HEAD
        + "  - target: $.paths[*][?@.operationId=='listFiles']\n"
        + "    update: {x-resource: storage.files, x-method: list}\n"
        + "  - target: $.paths[*][?@.tags[0]=='files' && @.operationId!='listFiles']\n"
        + "    update: {x-method: create}\n",
    )
    assert found == []
    files = data["paths"]["/files"]
    assert (files["get"]["x-resource"], files["get"]["x-method"]) == (
        "storage.files",
        "list",
    )
    assert files["post"]["x-method"] == "create" and "x-resource" not in files["post"]


def test_unquoted_status_codes_are_selected_by_their_string(tmp_path: Path) -> None:
    data, found = overlaid(
        tmp_path,
        HEAD
        + "  - target: $.paths['/files'].get.responses['200']\n"
        + "    update: {description: Every file.}\n"
        + "  - target: $.paths['/files'].post.responses\n"
        + "    update: {400: {description: Refused.}}\n",
    )
    assert found == []
    assert data["paths"]["/files"]["get"]["responses"]["200"]["description"] == (
        "Every file."
    )
    assert set(data["paths"]["/files"]["post"]["responses"]) == {"201", "400"}


def test_a_node_shared_through_a_yaml_alias_changes_only_where_selected(
    tmp_path: Path,
) -> None:
    spec = SPEC.replace(
        "        id: {type: string}\n", "        id: &id {type: string}\n"
    ).replace("        bytes: {type: integer}\n", "        name: *id\n")
    data, found = overlaid(
        tmp_path,
        HEAD
        + "  - target: $.components.schemas.File.properties.name\n"
        + "    update: {maxLength: 64}\n",
        spec=spec,
    )
    assert found == []
    properties = data["components"]["schemas"]["File"]["properties"]
    assert properties == {
        "id": {"type": "string"},
        "name": {"type": "string", "maxLength": 64},
    }


def test_values_written_are_copies(tmp_path: Path) -> None:
    """One update applied to two nodes, then changed in one: the other keeps its value."""
    data, found = overlaid(
        tmp_path,
        HEAD
        + "  - target: $.paths['/files'].*\n"
        + "    update: {x-limits: {rate: 1}}\n"
        + "  - target: $.paths['/files'].get['x-limits']\n"
        + "    update: {rate: 2}\n",
    )
    assert found == []
    files = data["paths"]["/files"]
    assert (files["get"]["x-limits"], files["post"]["x-limits"]) == (
        {"rate": 2},
        {"rate": 1},
    )


def test_an_overlay_that_would_blow_up_the_document_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("specgen.source.overlays.MAX_NODES", 8)  # 6 nodes an update
    _, found = overlaid(
        tmp_path,
        HEAD + "  - target: $.paths.*.*\n    update: {x-a: [1, 2, 3], x-b: {c: d}}\n",
    )
    assert [(d.code, d.line) for d in found] == [("E005", 4)]


def test_values_selected_that_are_not_objects_or_arrays_are_one_error(
    tmp_path: Path,
) -> None:
    data, found = overlaid(
        tmp_path, HEAD + "  - target: $.info.*\n    update: {x-a: 1}\n"
    )
    assert [(d.code, d.line) for d in found] == [("E063", 4)]
    assert "selects a string, at spec pointer /info/title (and 1 more such node)" in (
        found[0].message
    )
    assert data["info"] == {"title": "Files", "version": "1"}


# --------------------------------------------------------------------------- where things are


def test_provenance_follows_array_items_that_move() -> None:
    from specgen.source.loader import SourceMap

    spec, overlay = SourceMap(""), SourceMap("")
    trie = Provenance(Origin(spec, "spec.yaml", ""))
    trie.assign(["a", "4"], Origin(overlay, "o.yaml", "/actions/0/update"))
    trie.assign(["a", "2", "b", "7"], Origin(overlay, "o.yaml", "/actions/1/update"))
    trie.remove_item(["a"], 1, 5)  # items 2, 3, 4 become 1, 2, 3
    assert trie.origin("/a/0/x").pointer == "/a/0/x"
    assert trie.origin("/a/1/c").pointer == "/a/2/c"
    assert trie.origin("/a/1/b/7/d").pointer == "/actions/1/update/d"
    assert trie.origin("/a/2").pointer == "/a/3"
    assert (trie.origin("/a/3/k").display, trie.origin("/a/3/k").pointer) == (
        "o.yaml",
        "/actions/0/update/k",
    )
    trie.drop(["a", "3"])
    assert trie.origin("/a/3/k").pointer == "/a/3/k"
    trie.remove_item(["a"], 0, 3)
    assert trie.origin("/a/0/c").pointer == "/a/2/c"


def test_an_error_in_an_overlaid_value_is_shown_at_the_overlay_line(
    tmp_path: Path,
) -> None:
    write(tmp_path, "spec.yaml", SPEC)
    text = (
        HEAD
        + "  - target: $.paths['/files'].get.parameters[?@.name=='after']\n"
        + "    remove: true\n"
        + "  - target: $.components.schemas.File.properties\n"
        + "    update:\n"
        + "      purpose: {type: strnig}\n"
        + "  - target: $.paths['/files'].get.parameters\n"
        + "    update: {name: before, in: querry, schema: {type: string}}\n"
    )
    write(tmp_path, "fix.overlay.yaml", text)
    # an error the spec itself has, in an array item the overlay moved (index 2 -> 1)
    spec = SPEC.replace(
        "        - {name: order, in: query, schema: {type: string}}\n",
        "        - {name: order, in: query, schema: {type: strng}}\n",
    )
    write(tmp_path, "spec.yaml", spec)
    result = specgen(
        "validate", "spec.yaml", "--overlay", "fix.overlay.yaml", cwd=tmp_path
    )
    assert result.returncode == 1
    assert shown(result.stderr) == [
        (
            "fix.overlay.yaml",
            line_of(text, "purpose:"),
            "E041",
            "/components/schemas/File/properties/purpose/type",
        ),
        (
            "fix.overlay.yaml",
            line_of(text, "name: before"),
            "E023",
            "/paths/~1files/get/parameters/2/in",
        ),
        (
            "spec.yaml",
            line_of(spec, "type: strng"),
            "E041",
            "/paths/~1files/get/parameters/1/schema/type",
        ),
    ], result.stderr


def test_a_target_that_selects_nothing_warns_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, "spec.yaml", SPEC)
    text = (
        HEAD
        + "  - target: $.info\n"
        + "    update: {description: Files.}\n"
        + "  - target: $.paths[*][?@.operationId=='listFile']\n"
        + "    update: {x-method: list}\n"
    )
    write(tmp_path, "names.overlay.yaml", text)
    result = specgen(
        "validate", "spec.yaml", "--overlay", "names.overlay.yaml", cwd=tmp_path
    )
    assert result.returncode == 0
    assert shown(result.stderr) == [
        (
            "names.overlay.yaml",
            line_of(text, "target: $.paths"),
            "W111",
            "/actions/1/target",
        )
    ]
    assert "selects nothing" in result.stderr
    assert result.stdout.startswith("spec.yaml + names.overlay.yaml: ok (")


BROKEN = {
    "missing": (None, "E001", 0),
    "not-utf8": (b"overlay: 1.0.0\ninfo: \xff\n", "E002", 0),
    "not-yaml": ("overlay: 1.0.0\nactions: [\n", "E003", 3),
    "empty": ("", "E060", 0),
    "a-list": ("- target: $\n", "E060", 1),
    "an-openapi-spec": (SPEC, "E060", 1),
    "version-number": (HEAD.replace("1.0.0", "1.0"), "E060", 1),
    "target-not-string": (HEAD + "  - target: 5\n    remove: true\n", "E061", 4),
    "remove-not-boolean": (
        HEAD + "  - target: $.info\n    remove: yes please\n",
        "E061",
        5,
    ),
    "no-update-no-remove": (
        HEAD + "  - target: $.info\n    remove: false\n",
        "E061",
        4,
    ),
    "bad-jsonpath": (
        HEAD + "  - target: $.paths[?@.x==]\n    remove: true\n",
        "E062",
        4,
    ),
    "unknown-function": (
        HEAD + "  - target: $.paths[?size(@)==1]\n    remove: true\n",
        "E062",
        4,
    ),
    "update-on-string": (HEAD + "  - target: $.info.title\n    update: X\n", "E063", 4),
    "remove-root": (HEAD + "  - target: $\n    remove: true\n", "E063", 4),
    "scalar-into-object": (HEAD + "  - target: $.info\n    update: 5\n", "E063", 5),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_overlay_is_a_located_error_collected_with_the_others(
    case: str, tmp_path: Path
) -> None:
    content, code, line = BROKEN[case]
    # the spec has an error of its own, which is reported in the same run
    write(
        tmp_path, "spec.yaml", SPEC.replace("type: integer}}\n", "type: integr}}\n", 1)
    )
    if isinstance(content, bytes):
        (tmp_path / "bad.overlay.yaml").write_bytes(content)
    elif content is not None:
        write(tmp_path, "bad.overlay.yaml", content)
    result = specgen(
        "generate",
        "spec.yaml",
        "--overlay",
        "bad.overlay.yaml",
        "-o",
        "out",
        cwd=tmp_path,
    )
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        f"bad.overlay.yaml:{line}:" if line else "bad.overlay.yaml:"
    )
    assert f"error[{code}]" in lines[0], result.stderr
    assert any(
        text.startswith(f"spec.yaml:{line_of(SPEC, 'type: integer}}')}:")
        and "error[E041]" in text
        for text in lines
    ), result.stderr


# --------------------------------------------------------------------------- command line


NAMES = (
    HEAD
    + "  - target: $.paths[*][?@.operationId=='listFiles']\n"
    + "    update: {x-method: every_file}\n"
)
CLIENT = (
    HEAD + "  - target: $\n    update:\n      x-client: {package: store, name: Store}\n"
)


def test_overlay_is_repeatable_and_check_notices_a_changed_overlay(
    tmp_path: Path,
) -> None:
    write(tmp_path, "spec.yaml", SPEC)
    write(tmp_path, "names.overlay.yaml", NAMES)
    write(tmp_path, "client.overlay.yaml", CLIENT)
    both = ["--overlay", "names.overlay.yaml", "--overlay", "client.overlay.yaml"]
    result = specgen("generate", "spec.yaml", *both, "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "spec.yaml + names.overlay.yaml + client.overlay.yaml -> out: "
    )
    client = (tmp_path / "out" / "store" / "_client.py").read_text("utf-8")
    # (the spec has no security: the client reads a base URL, and no API key)
    assert "class Store:" in client and "STORE_BASE_URL" in client
    resource = (tmp_path / "out" / "store" / "resources" / "files.py").read_text(
        "utf-8"
    )
    assert "def every_file(" in resource and "def upload_file(" in resource
    checked = specgen("check", "spec.yaml", *both, "-o", "out", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "out is up to date with spec.yaml + names.overlay.yaml + client" in (
        checked.stdout
    )
    # the spec has not changed; the overlay has
    write(tmp_path, "names.overlay.yaml", NAMES.replace("every_file", "all_files"))
    stale = specgen("check", "spec.yaml", *both, "-o", "out", cwd=tmp_path)
    assert stale.returncode == 1 and "def all_files(" in stale.stdout
    # without the overlays the output is stale too
    assert specgen("check", "spec.yaml", "-o", "out", cwd=tmp_path).returncode == 1


def test_overlays_from_tool_specgen_are_relative_to_the_pyproject(
    tmp_path: Path,
) -> None:
    write(tmp_path, "api/spec.yaml", SPEC)
    write(tmp_path, "api/overlays/names.yaml", NAMES)
    write(tmp_path, "client.yaml", CLIENT)
    write(
        tmp_path,
        "pyproject.toml",
        "[tool.specgen]\ntargets = [\n"
        '  { spec = "api/spec.yaml", output = "out", '
        'overlays = ["api/overlays/names.yaml"] },\n]\n',
    )
    work = tmp_path / "api"  # run from below: paths stay relative to the pyproject
    result = specgen("generate", cwd=work)
    assert result.returncode == 0, result.stderr
    resource = (tmp_path / "out" / "files" / "resources" / "files.py").read_text(
        "utf-8"
    )
    assert "def every_file(" in resource
    assert specgen("check", cwd=work).returncode == 0
    # --overlay adds to the target's overlays (applied after them)
    added = specgen("generate", "--overlay", "../client.yaml", cwd=work)
    assert added.returncode == 0, added.stderr
    assert "def every_file(" in (tmp_path / "out/store/resources/files.py").read_text(
        "utf-8"
    )
    assert specgen("check", cwd=work).returncode == 1
    write(tmp_path, "api/overlays/names.yaml", NAMES.replace("every_file", "all_files"))
    assert specgen("check", "--overlay", "../client.yaml", cwd=work).returncode == 1


@pytest.mark.parametrize(
    ("targets", "args", "code"),
    [
        ('{ spec = "s.yaml", output = "o", overlays = "x.yaml" }', [], "C003"),
        ('{ spec = "s.yaml", output = "o", overlays = [1] }', [], "C003"),
        (
            '{ spec = "s.yaml", output = "o" }, { spec = "s.yaml", output = "p" }',
            ["--overlay", "x.yaml"],
            "C004",
        ),
    ],
)
def test_overlay_configuration_errors_are_usage_errors(
    targets: str, args: list[str], code: str, tmp_path: Path
) -> None:
    write(tmp_path, "s.yaml", SPEC)
    write(tmp_path, "pyproject.toml", f"[tool.specgen]\ntargets = [{targets}]\n")
    result = specgen("generate", *args, cwd=tmp_path)
    assert result.returncode == 2 and f"error[{code}]" in result.stderr, result.stderr


def test_python_api_takes_overlays(tmp_path: Path) -> None:
    import specgen as api

    spec = write(tmp_path, "spec.yaml", SPEC)
    names = write(tmp_path, "names.overlay.yaml", NAMES.replace("listFiles", "nope"))
    found = api.validate(spec, overlays=[names])
    assert [d.code for d in found] == ["W111"]
    generated = api.generate(spec, tmp_path / "out", overlays=[str(names)])
    assert [d.code for d in generated.diagnostics] == ["W111"]
    assert api.check(spec, tmp_path / "out", overlays=[names]).up_to_date


# --------------------------------------------------------------------------- the seed spec

IMAGES_OVERLAY = """\
overlay: 1.0.0
info:
  title: House names for the images client
  version: "1"
extends: ./openai_images.yaml
actions:
  - target: $['x-client']
    description: our package, client classes and environment variables
    update:
      package: pictures
      name: Pictures
      async-name: AsyncPictures
      api-key-env: PICTURES_API_KEY
      base-url-env: PICTURES_BASE_URL
  - target: $.paths[*][?@.operationId=='createImageEdit']
    update:
      x-resource: pictures
      x-method: edit_image
"""


def test_an_overlay_renames_the_images_client(tmp_path: Path) -> None:
    write(tmp_path, "house.overlay.yaml", IMAGES_OVERLAY)
    result = specgen(
        "generate",
        IMAGES_SPEC,
        "--overlay",
        "house.overlay.yaml",
        "-o",
        "out",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = tmp_path / "out"
    assert (out / "pictures" / "py.typed").is_file()
    assert not (out / "openai_images").exists()
    client = (out / "pictures" / "_client.py").read_text("utf-8")
    assert "class Pictures:" in client and "class AsyncPictures:" in client
    assert "PICTURES_API_KEY" in client and "PICTURES_BASE_URL" in client
    assert "OPENAI" not in client
    readme = (out / "README.md").read_text("utf-8")
    assert "client.pictures.edit_image(" in readme
    usage = (
        "import pictures\n"
        "client = pictures.Pictures(api_key='k', base_url='http://127.0.0.1:9')\n"
        "assert callable(client.pictures.edit_image)\n"
        "assert pictures.AsyncPictures(api_key='k').pictures is not None\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", usage],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    checked = specgen(
        "check",
        IMAGES_SPEC,
        "--overlay",
        "house.overlay.yaml",
        "-o",
        "out",
        cwd=tmp_path,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
