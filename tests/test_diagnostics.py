"""One broken spec per diagnostic code, with the exact CLI output pinned.

tests/diagnostics/<CODE>.yaml is the spec; <CODE>.expected holds the exit status and the
output of `specgen validate` run in that folder, compared exactly and rewritten only by
`pytest --update-golden`. When <CODE>.overlay.yaml exists, it is applied with `--overlay`
(the overlay codes: the problem is in that file). For every error code, `generate` must also leave an existing
output folder byte for byte as it was, and create nothing when there was none.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from specgen_testlib import corpus_spec

from specgen.checks.document import CODES
from specgen.diagnostics import Diagnostic, Severity, SpecError, sorted_diagnostics
from specgen.pipeline import build

HERE = Path(__file__).resolve().parent / "diagnostics"
SPECS = sorted(p.stem for p in HERE.glob("*.yaml") if "." not in p.stem)
ERRORS = [c for c in SPECS if c.startswith("E")]


def specgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def overlay_args(code: str) -> list[str]:
    overlay = HERE / f"{code}.overlay.yaml"
    return ["--overlay", str(overlay.relative_to(HERE))] if overlay.is_file() else []


def transcript(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stderr\n{result.stderr}--- stdout\n{result.stdout}"


@pytest.mark.parametrize("code", [*SPECS, "E001"])
def test_cli_output_is_pinned(code: str, update_golden: bool) -> None:
    spec = f"{code}.yaml" if code != "E001" else "E001-missing.yaml"
    result = specgen("validate", spec, *overlay_args(code), cwd=HERE)
    assert "Traceback" not in result.stderr
    expected = HERE / f"{code}.expected"
    if update_golden:
        expected.write_text(transcript(result), "utf-8")
        return
    assert (
        expected.is_file()
    ), f"no pinned output for {code}; run pytest --update-golden"
    assert transcript(result) == expected.read_text("utf-8")
    severity = "error" if code.startswith("E") else "warning"
    assert f"{severity}[{code}]" in result.stderr
    assert result.returncode == (1 if code.startswith("E") else 0)


def test_every_code_has_a_case() -> None:
    """Each documented error code has a broken spec here (E001 is the missing file)."""
    codes = {c for c in CODES if c.startswith("E")}
    assert codes <= {*SPECS, "E001"}, sorted(codes - {*SPECS, "E001"})


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "out"
    good = Path(__file__).resolve().parent.parent / "specs" / "openai_images.yaml"
    assert (
        specgen("generate", str(good), "-o", str(out), cwd=out.parent).returncode == 0
    )
    return out


@pytest.mark.parametrize("code", ERRORS)
def test_a_broken_spec_leaves_the_output_untouched(
    code: str, previous_output: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(previous_output, out)
    before = tree_digest(out)
    overlay = [str(HERE / a) if a.endswith(".yaml") else a for a in overlay_args(code)]
    spec = str(HERE / f"{code}.yaml")
    result = specgen("generate", spec, *overlay, "-o", str(out), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "out"
    ]  # no stray files beside it
    fresh = specgen("generate", spec, *overlay, "-o", "never", cwd=tmp_path)
    assert fresh.returncode == 1 and not (tmp_path / "never").exists()


# --------------------------------------------------------------------------- all at once, sorted

# FILE:LINE:COL: SEVERITY[CODE]: MESSAGE (at POINTER)
SHOWN = re.compile(
    r"^(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning)"
    r"\[(?P<code>[A-Z]\d{3})\]: (?P<message>.+) \(at (?P<pointer>/[^)]*)\)$"
)

HEAD = 'openapi: 3.0.3\ninfo:\n  title: Pets\n  version: "1"\n'
PET = "components:\n  schemas:\n    Pet:\n      type: object\n"


def shown(stderr: str) -> list[tuple[str, int, int, str, str]]:
    """(file, line, col, code, message) of every diagnostic line; any other line fails."""
    found = []
    for text in stderr.splitlines():
        match = SHOWN.match(text)
        assert match, f"not a diagnostic line: {text!r}\n{stderr}"
        found.append(
            (
                match["file"],
                int(match["line"]),
                int(match["col"]),
                match["code"],
                match["message"],
            )
        )
    return found


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_spec(folder: Path, text: str, name: str = "pets.yaml") -> Path:
    specs = folder / "specs"
    specs.mkdir(exist_ok=True)
    path = specs / name
    path.write_text(text, "utf-8")
    return path


def build_errors(spec: Path) -> list[Diagnostic]:
    with pytest.raises(SpecError) as caught:
        build(spec)
    return list(caught.value.diagnostics)


TYPO_AND_DUPLICATE = (
    HEAD
    + "paths:\n"
    + "  /pets:\n"  # 6
    + "    get:\n"
    + "      operationId: listPets\n"  # 8
    + "      responses:\n"
    + '        "200":\n'
    + "          description: ok\n"
    + "          content:\n"
    + "            application/json:\n"
    + "              schema:\n"
    + "                $ref: '#/components/schemas/Pett'\n"  # 15
    + "  /pets/all:\n"
    + "    get:\n"
    + "      operationId: listPets\n"  # 18
    + "      responses: {'200': {description: ok}}\n"
    + PET
)


@pytest.mark.parametrize("command", ["validate", "generate"])
def test_a_ref_typo_and_a_duplicate_operation_id_come_in_one_run(
    command: str, tmp_path: Path
) -> None:
    write_spec(tmp_path, TYPO_AND_DUPLICATE)
    before = files_in(tmp_path)
    args = ["-o", "out"] if command == "generate" else []
    result = specgen(command, "specs/pets.yaml", *args, cwd=tmp_path)
    assert result.returncode == 1, transcript(result)
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert [(f, line, code) for f, line, _, code, _ in shown(result.stderr)] == [
        ("specs/pets.yaml", 15, "E030"),
        ("specs/pets.yaml", 18, "E021"),
    ], transcript(result)
    assert files_in(tmp_path) == before and not (tmp_path / "out").exists()


def test_the_first_use_of_an_operation_id_is_given_as_file_line_col(
    tmp_path: Path,
) -> None:
    write_spec(tmp_path, TYPO_AND_DUPLICATE)
    result = specgen("validate", "specs/pets.yaml", cwd=tmp_path)
    duplicate = [d for d in shown(result.stderr) if d[3] == "E021"]
    assert [d[4] for d in duplicate] == [
        "operationId 'listPets' is already used at specs/pets.yaml:8:7"
    ], transcript(result)


STRUCTURAL = {
    # a parameter without 'in' (E023) in the same operation as the broken ref
    "E023": (
        "      parameters:\n        - name: limit\n          schema: {type: integer}\n",
        "",
    ),
    # an operation that is not a mapping (E020) on another path
    "E020": ("", "  /broken:\n    post: nonsense\n"),
    # 'parameters' that is not a list (E023) on the path item
    "E023-list": ("", "  /odd:\n    parameters: {name: x}\n"),
}


@pytest.mark.parametrize("case", sorted(STRUCTURAL))
def test_structural_errors_do_not_hide_unresolved_refs(
    case: str, tmp_path: Path
) -> None:
    in_operation, extra_path = STRUCTURAL[case]
    text = (
        HEAD
        + "paths:\n  /pets:\n    get:\n      operationId: listPets\n"
        + in_operation
        + "      responses:\n        '200':\n          description: ok\n"
        + "          content:\n            application/json:\n"
        + "              schema: {$ref: '#/components/schemas/Pett'}\n"
        + extra_path
        + PET
    )
    write_spec(tmp_path, text)
    result = specgen("validate", "specs/pets.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    codes = [code for _, _, _, code, _ in shown(result.stderr)]
    assert sorted(codes) == sorted([case.split("-")[0], "E030"]), transcript(result)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("- $ref: '#/nowhere'\n", "E010"),
        ("swagger: '2.0'\npaths: {/a: {$ref: '#/nowhere'}}\n", "E014"),
        ("", "E004"),
    ],
)
def test_refs_are_not_followed_in_a_document_that_is_not_openapi(
    text: str, code: str, tmp_path: Path
) -> None:
    errors = build_errors(write_spec(tmp_path, text))
    assert [d.code for d in errors] == [code]


def test_ref_checking_survives_odd_structures(tmp_path: Path) -> None:
    """Malformed path items, non-string keys and impossible file names: located errors only."""
    text = (
        HEAD
        + "paths:\n"
        + "  /list: [{$ref: '#/components/schemas/Pett'}]\n"  # path item not a mapping
        + "  /ops:\n"
        + "    get: [{$ref: '#/components/schemas/Nope'}]\n"  # operation not a mapping
        + "  200: {get: {responses: {400: {$ref: '#/components/responses/400'}}}}\n"
        + '  ~: {$ref: "x\\0y.yaml#/Pet"}\n'  # null key; a NUL in the file name
        + "  true: {$ref: 42}\n"
        + PET
        + "  responses:\n    401: {description: no}\n"
    )
    path = write_spec(tmp_path, text)
    errors = build_errors(path)
    refs = sorted(
        (d.pointer, d.message.split(";")[0]) for d in errors if d.code == "E030"
    )
    assert refs == [
        (
            "/paths/200/get/responses/400/$ref",
            "$ref '#/components/responses/400' does not resolve",
        ),
        ("/paths/None/$ref", "$ref file 'x\\x00y.yaml' is not a valid file name"),
        ("/paths/~1list/0/$ref", "$ref '#/components/schemas/Pett' does not resolve"),
        (
            "/paths/~1ops/get/0/$ref",
            "$ref '#/components/schemas/Nope' does not resolve",
        ),
    ], errors
    # keys that are not paths break the OpenAPI schema (E015)
    assert {d.code for d in errors} == {"E015", "E020", "E030"}, errors
    assert all(d.line >= 1 for d in errors), errors
    result = specgen("validate", "specs/pets.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_warnings_of_a_real_spec_come_sorted(tmp_path: Path) -> None:
    spec = corpus_spec("openai-2023-11-06.yaml")
    result = specgen("validate", str(spec), cwd=tmp_path)
    assert result.returncode == 0, transcript(result)
    found = [(f, line, col, code) for f, line, col, code, _ in shown(result.stderr)]
    assert len(found) >= 3 and len({line for _, line, _, _ in found}) >= 3, found
    assert found == sorted(found)


def test_diagnostics_are_sorted_and_deduplicated() -> None:
    def at(code: str, line: int, col: int = 1, file: str = "a.yaml") -> Diagnostic:
        return Diagnostic(Severity.ERROR, code, "m", "/p", file, line, col)

    given = [at("E030", 9), at("E021", 3, 7), at("E001", 0), at("E030", 9)]
    given += [at("E013", 3, 2), at("E003", 1, file="0.yaml"), at("E021", 3, 2)]
    expected = [
        at("E003", 1, file="0.yaml"),
        at("E001", 0),  # no location: first for its file
        at("E013", 3, 2),
        at("E021", 3, 2),
        at("E021", 3, 7),
        at("E030", 9),
    ]
    assert list(sorted_diagnostics(given)) == expected
    assert list(SpecError(reversed(given)).diagnostics) == expected


# --------------------------------------------------------------------------- E030 suggestions

OTHER = (
    "Pet:\n  type: object\nBig Pets:\n  type: object\n"
    "Paths:\n  /pets/{id}:\n    get: {responses: {}}\n"
)


@pytest.mark.parametrize(
    ("ref", "suggested"),
    [
        ("#/components/schemas/Pett", "#/components/schemas/Pet"),
        ("#/components/schema/Pet", "#/components/schemas/Pet"),
        ("#/component/schema/Pett", "#/components/schemas/Pet"),
        ("common.yaml#/Pett", "common.yaml#/Pet"),
        ("common.yaml#/Paths/~1pets~1{idd}", "common.yaml#/Paths/~1pets~1{id}"),
        ("common.yaml#/Paths/~1pets~1%7Bidd%7D", "common.yaml#/Paths/~1pets~1{id}"),
        ("common.yaml#/Big%20Pets/typ", "common.yaml#/Big%20Pets/type"),
        ("common.yaml#/Big Pet", "common.yaml#/Big%20Pets"),
        ("#/components/schemas/Unicorn", None),
        ("#/components/schemas/Pet/properties/name", None),  # Pet has no properties
        ("common.yaml#/Pet/type/0", None),  # below a scalar: nothing to pick from
    ],
)
def test_an_unresolved_ref_suggests_a_close_name(
    ref: str, suggested: str | None, tmp_path: Path
) -> None:
    write_spec(tmp_path, OTHER, "common.yaml")
    text = HEAD + f"paths: {{}}\n{PET}    Owner:\n      $ref: '{ref}'\n"
    errors = build_errors(write_spec(tmp_path, text))
    assert [d.code for d in errors] == ["E030"]
    message = f"$ref '{ref}' does not resolve"
    if suggested is not None:
        message += f"; did you mean '{suggested}'?"
    assert errors[0].message == message
    assert (errors[0].file, errors[0].line) == (str(tmp_path / "specs/pets.yaml"), 11)


# --------------------------------------------------------------------------- E012


@pytest.mark.parametrize(
    ("info", "message", "line"),
    [
        ("", "'info' is missing", 1),
        ("info: Pets\n", "'info' must be a mapping", 2),
        ("info:\n  title: Pets\n", "'info' lacks 'version'", 2),
        ('info:\n  version: "1"\n', "'info' lacks 'title'", 2),
        ("info: {}\n", "'info' lacks 'title' and 'version'", 2),
        ("info:\n  description: d\n", "'info' lacks 'title' and 'version'", 2),
        ("info:\n  title: ''\n  version: '1'\n", "'info' has an empty 'title'", 3),
    ],
)
def test_e012_names_what_info_lacks(
    info: str, message: str, line: int, tmp_path: Path
) -> None:
    text = "openapi: 3.0.3\n" + info + "paths: {}\n"
    errors = build_errors(write_spec(tmp_path, text))
    assert [(d.code, d.message, d.line) for d in errors] == [("E012", message, line)]
