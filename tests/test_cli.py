"""The `specgen` command line, driven as a user drives it: in a child process, in a temp folder.

Covers `validate` (exit codes, located diagnostics, no tracebacks, no files), `generate`
(what it writes and reports, hand edits, --force, user files, stale files, broken specs),
`check` (fresh, stale, writes nothing), `[tool.specgen]` targets and `--templates` errors.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from specgen.cli import main
from specgen.config import find_pyproject

REPO = Path(__file__).resolve().parents[1]
IMAGES_SPEC = REPO / "specs" / "openai_images.yaml"

GOOD = """\
openapi: 3.0.3
info:
  title: Tiny API
  version: "1.0.0"
x-client:
  package: tiny_api
paths:
  /things/{thing_id}:
    get:
      operationId: getThing
      tags: [Things]
      parameters:
        - name: thing_id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: The thing.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Thing"
  /widgets:
    get:
      operationId: listWidgets
      tags: [Widgets]
      responses:
        "200":
          description: Widgets.
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Thing"
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id:
          type: string
        name:
          type: string
"""

# GOOD without the /widgets operation (and so without the Widgets tag and resource).
WITHOUT_WIDGETS = GOOD[: GOOD.index("  /widgets:")] + GOOD[GOOD.index("components:") :]

# Files GOOD generates for /widgets that WITHOUT_WIDGETS no longer generates.
WIDGET_FILES = (
    "tiny_api/resources/widgets.py",
    "docs/operations/widgets.list_widgets.md",
)

# A located diagnostic: FILE:LINE:COL: error[CODE]: message (at /pointer)
LOCATED = re.compile(
    r"^(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>[A-Z]\d{3})\]: "
    r"(?P<message>.+) \(at (?P<pointer>/[^)]*)\)$",
    re.MULTILINE,
)


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.returncode}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def specgen(*args: str | Path, cwd: Path) -> Result:
    """Run `python -m specgen ARGS` in cwd, as a user would run `specgen ARGS`."""
    env = dict(os.environ)
    proc = subprocess.run(
        [sys.executable, "-m", "specgen", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def snapshot(folder: Path) -> dict[str, tuple[str, int]] | None:
    """Every entry under folder: its content hash (or "<dir>") and mtime; None if absent."""
    if not folder.exists():
        return None
    entries: dict[str, tuple[str, int]] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        stat = path.stat()
        if path.is_dir():
            entries[relative] = ("<dir>", 0)
        else:
            entries[relative] = (
                hashlib.sha256(path.read_bytes()).hexdigest(),
                stat.st_mtime_ns,
            )
    return entries


def contents(folder: Path) -> dict[str, str] | None:
    """Like snapshot, without mtimes."""
    snap = snapshot(folder)
    return (
        None if snap is None else {name: digest for name, (digest, _) in snap.items()}
    )


def assert_no_traceback(result: Result) -> None:
    marker = "Traceback (most recent call last)"
    assert marker not in result.stderr and marker not in result.stdout, str(result)


def line_of(text: str, marker: str, occurrence: int = 1) -> int:
    """1-based number of the line holding the occurrence-th instance of marker."""
    index = -1
    for _ in range(occurrence):
        index = text.index(marker, index + 1)
    return text.count("\n", 0, index) + 1


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A temp folder holding spec.yaml (GOOD); outputs go to ./out."""
    (tmp_path / "spec.yaml").write_text(GOOD, "utf-8")
    return tmp_path


def generate_ok(project: Path, *extra: str) -> Result:
    result = specgen("generate", "spec.yaml", "-o", "out", *extra, cwd=project)
    assert result.returncode == 0, str(result)
    return result


# --------------------------------------------------------------------------- validate


@pytest.mark.parametrize("spec", ["images", "tiny"])
def test_validate_good_spec_exits_0_and_writes_nothing(
    spec: str, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    if spec == "images":
        path = IMAGES_SPEC
    else:
        path = tmp_path / "tiny.yaml"
        path.write_text(GOOD, "utf-8")
    before = snapshot(tmp_path)
    result = specgen("validate", path, cwd=work)
    assert result.returncode == 0, str(result)
    assert " ok (" in result.stdout, str(result)
    assert "error[" not in result.stderr, str(result)
    assert_no_traceback(result)
    assert snapshot(tmp_path) == before


def _replace(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"test bug: {old!r} not in the good spec"
        return text.replace(old, new, count)

    return edit


@dataclass(frozen=True)
class Broken:
    """A broken spec: how to make it from GOOD, the code expected and where it points."""

    make: Callable[[str], str]
    code: str
    # Lines the diagnostic may point at, as (marker, occurrence) in the broken text;
    # empty: any line >= 1 will do (e.g. a YAML syntax error).
    at: tuple[tuple[str, int], ...] = ()


BROKEN: dict[str, Broken] = {
    "not_yaml": Broken(
        _replace('  version: "1.0.0"\n', "  version: [1.0.0\n  - {\n"), "E003"
    ),
    "not_a_mapping": Broken(lambda _: "- just\n- a list\n", "E010", (("- just", 1),)),
    "missing_openapi_version": Broken(
        _replace("openapi: 3.0.3\n", ""), "E011", (("info:", 1),)
    ),
    "missing_info_title": Broken(
        _replace("  title: Tiny API\n", ""), "E012", (("info:", 1),)
    ),
    "duplicate_operation_id": Broken(
        _replace("operationId: listWidgets", "operationId: getThing"),
        "E021",
        (("operationId: getThing", 2),),
    ),
    "undeclared_path_parameter": Broken(
        _replace("  /widgets:", "  /widgets/{widget_id}:"),
        "E022",
        (("    get:", 2), ("  /widgets/{widget_id}:", 1)),
    ),
    "unresolvable_ref": Broken(
        _replace('"#/components/schemas/Thing"', '"#/components/schemas/Nope"'),
        "E030",
        (('$ref: "#/components/schemas/Nope"', 1), ("              schema:", 1)),
    ),
    "remote_ref": Broken(
        _replace(
            '"#/components/schemas/Thing"', '"https://example.com/schemas.yaml#/Thing"'
        ),
        "E031",
        (('$ref: "https://', 1), ("              schema:", 1)),
    ),
    "ref_outside_folder": Broken(
        _replace('"#/components/schemas/Thing"', '"../outside.yaml#/Thing"'),
        "E032",
        (('$ref: "../outside.yaml', 1), ("              schema:", 1)),
    ),
    "bad_x_max_bytes": Broken(
        _replace(
            "        name:\n          type: string\n",
            "        name:\n          type: string\n          format: binary\n"
            "          x-max-bytes: -5\n",
        ),
        "E050",
        (("x-max-bytes: -5", 1),),
    ),
    "x_image_same_size_as_missing_property": Broken(
        _replace(
            "        name:\n          type: string\n",
            "        name:\n          type: string\n          format: binary\n"
            "          x-image-same-size-as: picture\n",
        ),
        "E051",
        (("x-image-same-size-as: picture", 1),),
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_validate_broken_spec_exits_2_with_located_diagnostic(
    case: str, tmp_path: Path
) -> None:
    broken = BROKEN[case]
    text = broken.make(GOOD)
    spec_dir = tmp_path / "api"
    spec_dir.mkdir()
    (spec_dir / "spec.yaml").write_text(text, "utf-8")
    # The target of the outside-the-folder $ref exists: the refusal must not depend on that.
    (tmp_path / "outside.yaml").write_text("Thing:\n  type: object\n", "utf-8")
    before = snapshot(tmp_path)

    result = specgen("validate", "api/spec.yaml", cwd=tmp_path)

    assert result.returncode == 1, str(result)
    assert_no_traceback(result)
    found = [m for m in LOCATED.finditer(result.stderr) if m["code"] == broken.code]
    assert found, f"no located error[{broken.code}] diagnostic\n{result}"
    first = found[0]
    assert first["file"] == "api/spec.yaml", str(result)
    line = int(first["line"])
    assert line >= 1 and int(first["col"]) >= 1, str(result)
    if broken.at:
        expected = {line_of(text, marker, n) for marker, n in broken.at}
        assert (
            line in expected
        ), f"diagnostic at line {line}, expected one of {sorted(expected)}\n{result}"
    assert " ok (" not in result.stdout, str(result)
    assert snapshot(tmp_path) == before, "validate created or changed files"


def test_validate_missing_file_exits_1(tmp_path: Path) -> None:
    result = specgen("validate", "nowhere/spec.yaml", cwd=tmp_path)
    assert result.returncode == 1, str(result)
    assert_no_traceback(result)
    # A file that does not exist has no line to point at: FILE: error[E001] (line:col optional).
    assert re.search(
        r"^nowhere/spec\.yaml(:\d+:\d+)?: error\[E001\]: .*not found",
        result.stderr,
        re.MULTILINE,
    ), str(result)
    assert list(tmp_path.iterdir()) == []


def test_validate_in_process_reports_every_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = GOOD.replace("operationId: listWidgets", "operationId: getThing").replace(
        "  title: Tiny API\n", ""
    )
    (tmp_path / "spec.yaml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "spec.yaml"]) == 1
    err = capsys.readouterr().err
    assert {m["code"] for m in LOCATED.finditer(err)} >= {"E012", "E021"}, err


# --------------------------------------------------------------------------- generate / check


def test_generate_writes_tree_and_reports_then_unchanged(project: Path) -> None:
    first = generate_ok(project)
    out = project / "out"
    manifest = out / ".specgen-manifest.json"
    assert manifest.is_file()
    listed = json.loads(manifest.read_text("utf-8"))["files"]
    assert "tiny_api/__init__.py" in listed and "tiny_api/models.py" in listed
    for relative in listed:
        assert (out / relative).is_file(), f"{relative} in the manifest but not written"
    n = len(listed)
    assert "out" in first.stdout, str(first)
    assert f"{n} files ({n} written, 0 unchanged, 0 removed)" in first.stdout, str(
        first
    )
    assert_no_traceback(first)

    before = snapshot(out)
    assert before is not None
    second = generate_ok(project)
    assert f"{n} files (0 written, {n} unchanged, 0 removed)" in second.stdout, str(
        second
    )
    after = snapshot(out)
    assert after is not None
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    rewritten = [
        name
        for name in before
        if name != ".specgen-manifest.json" and before[name][1] != after[name][1]
    ]
    assert not rewritten, f"files reported unchanged were rewritten: {rewritten}"


def test_generated_package_matches_the_python_api(project: Path) -> None:
    from specgen.pipeline import generate

    generate_ok(project)
    tree, _ = generate(project / "spec.yaml")
    out = project / "out"
    for relative, text in tree.files.items():
        assert (out / relative).read_text("utf-8") == text, relative


def test_check_fresh_then_stale_after_editing_a_generated_file(project: Path) -> None:
    generate_ok(project)
    out = project / "out"

    fresh = specgen("check", "spec.yaml", "-o", "out", cwd=project)
    assert fresh.returncode == 0, str(fresh)
    assert "up to date" in fresh.stdout, str(fresh)

    models = out / "tiny_api" / "models.py"
    models.write_text(models.read_text("utf-8") + "\nHAND_EDIT = 1\n", "utf-8")
    before = snapshot(project)
    stale = specgen("check", "spec.yaml", "-o", "out", cwd=project)
    assert stale.returncode == 1, str(stale)
    assert_no_traceback(stale)
    _assert_unified_diff(stale.stdout, "tiny_api/models.py")
    assert "-HAND_EDIT = 1" in stale.stdout, str(stale)
    assert snapshot(project) == before, "check wrote something"


def test_check_stale_after_changing_the_spec(project: Path) -> None:
    generate_ok(project)
    spec = project / "spec.yaml"
    spec.write_text(
        GOOD.replace(
            "        name:\n",
            "        colour:\n          type: string\n        name:\n",
        ),
        "utf-8",
    )
    before = snapshot(project)
    stale = specgen("check", "spec.yaml", "-o", "out", cwd=project)
    assert stale.returncode == 1, str(stale)
    assert_no_traceback(stale)
    _assert_unified_diff(stale.stdout, "tiny_api/models.py")
    assert re.search(r"^\+.*colour", stale.stdout, re.MULTILINE), str(stale)
    assert snapshot(project) == before, "check wrote something"

    # After generating, the same check is clean again.
    generate_ok(project)
    assert specgen("check", "spec.yaml", "-o", "out", cwd=project).returncode == 0


def test_check_on_missing_output_is_stale_and_creates_nothing(project: Path) -> None:
    result = specgen("check", "spec.yaml", "-o", "out", cwd=project)
    assert result.returncode == 1, str(result)
    assert_no_traceback(result)
    _assert_unified_diff(result.stdout, "tiny_api/models.py")
    assert not (project / "out").exists(), "check created the output folder"


def _assert_unified_diff(stdout: str, mentions: str) -> None:
    lines = stdout.splitlines()
    assert any(line.startswith("--- ") for line in lines), stdout
    assert any(line.startswith("+++ ") for line in lines), stdout
    assert any(line.startswith("@@ ") for line in lines), stdout
    assert any(
        line.startswith(("--- ", "+++ ")) and mentions in line for line in lines
    ), stdout


def test_hand_edited_file_stops_generate_until_forced(project: Path) -> None:
    generate_ok(project)
    out = project / "out"
    models = out / "tiny_api" / "models.py"
    original = models.read_bytes()
    edited = original + b"\n# my local tweak\n"
    models.write_bytes(edited)
    before = snapshot(out)

    blocked = specgen("generate", "spec.yaml", "-o", "out", cwd=project)
    assert blocked.returncode == 1, str(blocked)
    assert_no_traceback(blocked)
    assert "tiny_api/models.py" in blocked.stderr, str(blocked)
    assert "--force" in blocked.stderr, str(blocked)
    assert snapshot(out) == before, "a blocked generate changed the output folder"

    # Also blocked when the spec changed meanwhile (so other files would be rewritten).
    (project / "spec.yaml").write_text(WITHOUT_WIDGETS, "utf-8")
    blocked_again = specgen("generate", "spec.yaml", "-o", "out", cwd=project)
    assert blocked_again.returncode == 1, str(blocked_again)
    assert snapshot(out) == before, "a blocked generate changed the output folder"
    (project / "spec.yaml").write_text(GOOD, "utf-8")

    forced = generate_ok(project, "--force")
    assert_no_traceback(forced)
    assert models.read_bytes() == original, "--force did not restore the generated file"
    assert specgen("check", "spec.yaml", "-o", "out", cwd=project).returncode == 0


def test_user_files_survive_and_files_no_longer_generated_are_removed(
    project: Path,
) -> None:
    generate_ok(project)
    out = project / "out"
    for relative in WIDGET_FILES:
        assert (out / relative).is_file(), f"test bug: {relative} is not generated"
    user_files = {
        "NOTES.md": b"my notes\n",
        "tiny_api/custom.py": b"EXTRA = 1\n",
        "docs/operations/my-notes.md": b"# mine\n",
        "scripts/run.sh": b"#!/bin/sh\n",
    }
    for relative, data in user_files.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_bytes(data)

    # Regenerating the same spec leaves user files alone.
    same = generate_ok(project)
    assert "0 written" in same.stdout, str(same)
    for relative, data in user_files.items():
        assert (out / relative).read_bytes() == data, relative

    # Dropping the /widgets operation (and its tag) removes what was generated for it.
    (project / "spec.yaml").write_text(WITHOUT_WIDGETS, "utf-8")
    result = generate_ok(project)
    assert f"{len(WIDGET_FILES)} removed)" in result.stdout, str(result)
    for relative in WIDGET_FILES:
        assert not (out / relative).exists(), f"{relative} was not removed"
    assert "widgets" not in (out / ".specgen-manifest.json").read_text("utf-8")
    for relative, data in user_files.items():
        assert (
            out / relative
        ).read_bytes() == data, f"user file {relative} was touched"
    assert (out / "tiny_api" / "resources" / "things.py").is_file()
    check = specgen("check", "spec.yaml", "-o", "out", cwd=project)
    assert check.returncode == 0, str(check)


def test_generate_with_spec_errors_leaves_output_untouched(project: Path) -> None:
    generate_ok(project)
    out = project / "out"
    before = snapshot(out)
    broken = GOOD.replace("operationId: listWidgets", "operationId: getThing").replace(
        "  /widgets:", "  /widgets/{id}:"
    )
    (project / "spec.yaml").write_text(broken, "utf-8")

    for command in ("generate", "check"):
        result = specgen(command, "spec.yaml", "-o", "out", cwd=project)
        assert result.returncode == 1, f"{command}: {result}"
        assert_no_traceback(result)
        codes = {m["code"] for m in LOCATED.finditer(result.stderr)}
        assert {"E021", "E022"} <= codes, f"{command}: {result}"
        assert (
            snapshot(out) == before
        ), f"{command} with a broken spec touched the output"

    # Nor does it create an output folder that was not there.
    fresh = specgen("generate", "spec.yaml", "-o", "never", cwd=project)
    assert fresh.returncode == 1, str(fresh)
    assert not (project / "never").exists()


def test_generate_with_unreadable_yaml_leaves_output_untouched(project: Path) -> None:
    generate_ok(project)
    out = project / "out"
    before = snapshot(out)
    (project / "spec.yaml").write_text("openapi: [3.0.3\n", "utf-8")
    result = specgen("generate", "spec.yaml", "-o", "out", cwd=project)
    assert result.returncode == 1, str(result)
    assert_no_traceback(result)
    assert re.search(
        r"^spec\.yaml:\d+:\d+: error\[E003\]", result.stderr, re.MULTILINE
    ), str(result)
    assert snapshot(out) == before


# --------------------------------------------------------------------------- [tool.specgen]


def _pyproject_project(root: Path) -> Path:
    (root / "api").mkdir(parents=True)
    (root / "api" / "spec.yaml").write_text(GOOD, "utf-8")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "someone-elses-app"\nversion = "0"\n\n'
        "[tool.specgen]\n"
        'targets = [{ spec = "api/spec.yaml", output = "clients/tiny" }]\n',
        "utf-8",
    )
    return root


def test_bare_generate_and_check_use_pyproject_targets(tmp_path: Path) -> None:
    root = _pyproject_project(tmp_path / "proj")

    gen = specgen("generate", cwd=root)
    assert gen.returncode == 0, str(gen)
    assert_no_traceback(gen)
    out = root / "clients" / "tiny"
    assert (out / "tiny_api" / "__init__.py").is_file()
    assert (out / ".specgen-manifest.json").is_file()
    assert not (root / "generated").exists()

    check = specgen("check", cwd=root)
    assert check.returncode == 0, str(check)

    # From a subfolder, the pyproject above is found and its paths stay relative to it.
    sub_check = specgen("check", cwd=root / "api")
    assert sub_check.returncode == 0, str(sub_check)

    models = out / "tiny_api" / "models.py"
    models.write_text(models.read_text("utf-8") + "# edited\n", "utf-8")
    before = snapshot(root)
    stale = specgen("check", cwd=root)
    assert stale.returncode == 1, str(stale)
    _assert_unified_diff(stale.stdout, "tiny_api/models.py")
    assert snapshot(root) == before


def _no_pyproject_above(folder: Path) -> None:
    found = find_pyproject(folder)
    if found is not None:
        pytest.skip(
            f"a pyproject.toml above the temp folder ({found}) makes this case untestable"
        )


@pytest.mark.parametrize("command", ["generate", "check"])
def test_bare_command_without_pyproject_exits_2(command: str, tmp_path: Path) -> None:
    _no_pyproject_above(tmp_path)
    result = specgen(command, cwd=tmp_path)
    assert result.returncode == 2, str(result)
    assert_no_traceback(result)
    assert "error[C001]" in result.stderr, str(result)
    assert "pyproject.toml" in result.stderr and "SPEC" in result.stderr, str(result)
    assert list(tmp_path.iterdir()) == [], "created files without a target"


@pytest.mark.parametrize(
    ("pyproject", "code"),
    [
        ('[project]\nname = "x"\n', "C001"),
        ("[tool.specgen\ntargets = 1\n", "C002"),
        ("[tool.specgen]\ntargets = []\n", "C003"),
        ('[tool.specgen]\ntargets = [{ spec = "a.yaml" }]\n', "C003"),
    ],
    ids=["no-section", "bad-toml", "empty-targets", "target-without-output"],
)
def test_bad_pyproject_configuration_exits_2(
    pyproject: str, code: str, tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject, "utf-8")
    before = snapshot(tmp_path)
    for command in ("generate", "check"):
        result = specgen(command, cwd=tmp_path)
        assert result.returncode == 2, f"{command}: {result}"
        assert_no_traceback(result)
        assert f"error[{code}]" in result.stderr, f"{command}: {result}"
        assert "pyproject.toml" in result.stderr, f"{command}: {result}"
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------- --templates


@pytest.mark.parametrize("command", ["generate", "check"])
def test_templates_folder_not_found_exits_2(command: str, project: Path) -> None:
    before = snapshot(project)
    result = specgen(
        command,
        "spec.yaml",
        "-o",
        "out",
        "--templates",
        "no-such-templates",
        cwd=project,
    )
    assert result.returncode == 2, str(result)
    assert_no_traceback(result)
    assert "no-such-templates" in result.stderr, str(result)
    assert "not found" in result.stderr, str(result)
    assert snapshot(project) == before
