"""The no-op shortcut: `check` and `generate` on unchanged inputs and untouched output skip the
full run (see generator/write/fingerprint.py), and every input, when changed, brings it back.

Whether a run took the shortcut is observed, not guessed: the full run goes through
`specgen.pipeline.generate`, which these tests wrap with a counter.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import specgen
import specgen.pipeline
from specgen.write import fingerprint

SPEC = """\
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas/pet.yaml"}
"""
PET = """\
type: object
required: [name, tag]
properties:
  name: {type: string, default: 3}
"""
OVERLAY = """\
overlay: 1.0.0
info: {title: tweak, version: "1"}
actions:
  - target: $.paths['/pets/{id}'].get
    update: {summary: "Get a pet, tweaked."}
"""
INDEX_TEMPLATE = "# {{ api.title }}\n\nOur own index page.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "spec.yaml").write_text(SPEC)
    (tmp_path / "schemas" / "pet.yaml").write_text(PET)
    (tmp_path / "tweak.overlay.yaml").write_text(OVERLAY)
    (tmp_path / "tpl" / "docs").mkdir(parents=True)
    (tmp_path / "tpl" / "docs" / "index.md.jinja").write_text(INDEX_TEMPLATE)
    return tmp_path


@pytest.fixture
def full_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The specs that went through the full pipeline, in order."""
    runs: list[Path] = []
    real = specgen.pipeline.generate

    def counting(spec: Path, *args: Any, **kwargs: Any) -> Any:
        runs.append(spec)
        return real(spec, *args, **kwargs)

    monkeypatch.setattr(specgen.pipeline, "generate", counting)
    yield runs


def _options(project: Path) -> dict[str, Any]:
    return {
        "templates": project / "tpl",
        "overlays": [project / "tweak.overlay.yaml"],
    }


def _generate(project: Path, **extra: Any) -> specgen.Generated:
    return specgen.generate(
        project / "spec.yaml", project / "out", **{**_options(project), **extra}
    )


def _check(project: Path, **extra: Any) -> specgen.Checked:
    return specgen.check(
        project / "spec.yaml", project / "out", **{**_options(project), **extra}
    )


def test_unchanged_inputs_skip_the_full_run(
    project: Path, full_runs: list[Path]
) -> None:
    first = _generate(project)
    assert len(full_runs) == 1 and first.written
    assert {d.code for d in first.diagnostics} >= {"W102"}  # `tag` required, undeclared
    before = {p: p.read_bytes() for p in (project / "out").rglob("*") if p.is_file()}

    again = _generate(project)
    checked = _check(project)

    assert len(full_runs) == 1, "neither run should have rebuilt anything"
    assert again.written == () and again.removed == ()
    assert set(again.unchanged) == set(first.files) == set(again.files)
    assert checked.up_to_date and not checked.conflicts
    # the warnings of the last full run are shown again, exactly
    assert again.diagnostics == first.diagnostics == checked.diagnostics
    after = {p: p.read_bytes() for p in (project / "out").rglob("*") if p.is_file()}
    assert after == before


def _edit(path: Path, old: str, new: str) -> Callable[[], None]:
    def change() -> None:
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))

    return change


CHANGES: dict[str, Callable[[Path], Callable[[], None]]] = {
    "spec byte": lambda p: _edit(p / "spec.yaml", 'version: "1"', 'version: "2"'),
    "referenced file": lambda p: _edit(
        p / "schemas" / "pet.yaml", "type: string", "type: integer"
    ),
    "overlay": lambda p: _edit(p / "tweak.overlay.yaml", "tweaked.", "tweaked!"),
    "template": lambda p: _edit(
        p / "tpl" / "docs" / "index.md.jinja", "Our own", "My own"
    ),
    "new template": lambda p: lambda: (p / "tpl" / "extra.md.jinja").write_text("x"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_input_invalidates_the_record(
    project: Path, full_runs: list[Path], change: str
) -> None:
    _generate(project)
    CHANGES[change](project)()

    checked = _check(project)

    assert len(full_runs) == 2, f"a changed {change} must bring back the full run"
    if change != "new template":  # an unused file changes no output (W107 says so)
        assert not checked.up_to_date
    _generate(project)
    assert len(full_runs) == 3
    assert _check(project).up_to_date and len(full_runs) == 3  # recorded again


def test_options_and_specgen_itself_invalidate(
    project: Path, full_runs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _generate(project)
    assert not _check(project, package="other_name").up_to_date
    assert len(full_runs) == 2
    # without the overlay: another input list
    assert not specgen.check(
        project / "spec.yaml", project / "out", templates=project / "tpl"
    ).up_to_date
    assert len(full_runs) == 3
    monkeypatch.setattr(fingerprint, "_specgen_identity", lambda: "a newer specgen")
    assert _check(project).up_to_date  # same output from the new version...
    assert len(full_runs) == 4  # ...but it had to be rendered to know


def test_a_hand_edit_is_caught(project: Path, full_runs: list[Path]) -> None:
    result = _generate(project)
    model = next(f for f in result.files if f.endswith("models.py"))
    path = project / "out" / model
    data = bytearray(path.read_bytes())
    data[-2] ^= 0x01  # one byte, one bit
    path.write_bytes(bytes(data))

    checked = _check(project)

    assert len(full_runs) == 2
    assert not checked.up_to_date
    assert checked.conflicts.edited == (model,)
    with pytest.raises(specgen.WriteRefused):
        _generate(project)


@pytest.mark.parametrize("damage", ["delete a file", "edit the manifest", "bad record"])
def test_damaged_output_falls_back(
    project: Path, full_runs: list[Path], damage: str
) -> None:
    result = _generate(project)
    out = project / "out"
    if damage == "delete a file":
        (out / result.files[0]).unlink()
    elif damage == "edit the manifest":
        manifest = out / fingerprint.MANIFEST
        data = json.loads(manifest.read_text())
        data["files"].pop(result.files[0])  # forget a file: it would not be checked
        manifest.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    else:
        (out / fingerprint.RECORD).write_text("{not json")

    _check(project)

    assert len(full_runs) == 2


def test_a_record_specgen_did_not_write_is_not_overwritten(project: Path) -> None:
    out = project / "out"
    out.mkdir()
    (out / fingerprint.RECORD).write_text("my notes\n")
    with pytest.raises(specgen.WriteRefused) as refused:
        _generate(project)
    assert fingerprint.RECORD in refused.value.conflicts.unowned
    assert (out / fingerprint.RECORD).read_text() == "my notes\n"


def test_the_manifest_is_unchanged_when_the_output_is(project: Path) -> None:
    """A spec change that changes no generated file changes the record, not the manifest."""
    _generate(project)
    manifest = (project / "out" / fingerprint.MANIFEST).read_bytes()
    record = (project / "out" / fingerprint.RECORD).read_bytes()
    spec = project / "spec.yaml"
    spec.write_text(spec.read_text() + "# a comment changes no output\n")

    result = _generate(project)

    assert result.written == ()
    assert (project / "out" / fingerprint.MANIFEST).read_bytes() == manifest
    assert (project / "out" / fingerprint.RECORD).read_bytes() != record


def test_the_command_line_takes_the_shortcut(
    project: Path, capsys: pytest.CaptureFixture[str], full_runs: list[Path]
) -> None:
    from specgen.cli import main

    args = [
        str(project / "spec.yaml"),
        "-o",
        str(project / "out"),
        "--templates",
        str(project / "tpl"),
        "--overlay",
        str(project / "tweak.overlay.yaml"),
    ]
    assert main(["generate", *args]) == 0
    first = capsys.readouterr()
    assert main(["check", *args]) == 0
    second = capsys.readouterr()
    assert len(full_runs) == 1
    assert "is up to date" in second.out
    warnings = [line for line in first.err.splitlines() if "warning[" in line]
    assert warnings and warnings == [
        line for line in second.err.splitlines() if "warning[" in line
    ]


def test_a_no_op_run_still_clears_what_a_killed_run_left(
    project: Path, full_runs: list[Path]
) -> None:
    """A run killed while assembling its output leaves its half-built folder beside the
    output; the next `generate` removes it even when it has nothing to rebuild (the
    shortcut once skipped that, and the leftover stayed)."""
    from specgen.write.publish import retired_path, staging_path

    _generate(project)
    out = project / "out"
    for leftover in (staging_path(out), retired_path(out)):
        (leftover / "pkg").mkdir(parents=True)
        (leftover / "pkg" / "half.py").write_text("# half written\n")
    again = _generate(project)
    assert len(full_runs) == 1 and again.written == ()
    assert not staging_path(out).exists() and not retired_path(out).exists()
