"""The Python API (`specgen.generate`, `specgen.check`, `specgen.validate`) as a build script
uses it: results instead of exit codes, diagnostics as objects, errors as exceptions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import GOOD

import specgen

BROKEN = GOOD.replace(
    '$ref: "#/components/schemas/Thing"\n  /widgets',
    '$ref: "#/components/schemas/Thingy"\n  /widgets',
)


def test_generate_then_check(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(GOOD)
    out = tmp_path / "out"
    result = specgen.generate(spec, out)
    assert isinstance(result, specgen.Generated)
    assert "tiny_api/models.py" in result.files
    assert set(result.written) == set(result.files)
    assert (out / "tiny_api" / "models.py").is_file()
    checked = specgen.check(str(spec), str(out))
    assert checked.up_to_date and not checked.diff and not checked.conflicts
    again = specgen.generate(spec, out)
    assert set(again.unchanged) == set(again.files) and not again.written


def test_check_returns_the_diff_and_the_hand_edits(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(GOOD)
    out = tmp_path / "out"
    specgen.generate(spec, out)
    models = out / "tiny_api" / "models.py"
    models.write_text(models.read_text() + "# edit\n")
    checked = specgen.check(spec, out)
    assert not checked.up_to_date
    assert any(line.startswith("--- a/tiny_api/models.py") for line in checked.diff)
    assert checked.conflicts.edited == ("tiny_api/models.py",)
    with pytest.raises(specgen.WriteRefused) as refused:
        specgen.generate(spec, out)
    assert refused.value.conflicts.edited == ("tiny_api/models.py",)
    assert models.read_text().endswith("# edit\n")
    specgen.generate(spec, out, force=True)
    assert specgen.check(spec, out).up_to_date


def test_spec_errors_raise_with_every_diagnostic(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(BROKEN)
    with pytest.raises(specgen.SpecError) as raised:
        specgen.generate(spec, tmp_path / "out")
    assert [d.code for d in raised.value.diagnostics] == ["E030"]
    assert not (tmp_path / "out").exists()
    found = specgen.validate(spec)
    assert [(d.code, d.severity) for d in found] == [("E030", specgen.Severity.ERROR)]
    assert found[0].line > 0 and found[0].file.endswith("api.yaml")
    spec.write_text(GOOD)
    assert specgen.validate(spec) == []


def test_a_missing_template_folder_is_a_configuration_error(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(GOOD)
    with pytest.raises(specgen.SpecError) as raised:
        specgen.check(spec, tmp_path / "out", templates=tmp_path / "nope")
    assert [d.code for d in raised.value.diagnostics] == ["C005"]


def test_import_specgen_is_light() -> None:
    """The API loads on first use: `import specgen` pulls in neither jinja2 nor yaml, nor
    does naming `specgen.check` (its no-op shortcut needs neither); running the pipeline
    does."""
    probe = subprocess.run(
        [sys.executable, "-c",
         "import sys, specgen; print(sorted(m for m in ('jinja2', 'yaml', 'black') if m in sys.modules)); "
         "specgen.check; print('jinja2' in sys.modules); "
         "specgen.validate('/nonexistent.yaml'); print('jinja2' in sys.modules)"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split("\n")[:3] == ["[]", "False", "True"]


def test_every_exported_name_resolves() -> None:
    assert {"generate", "check", "validate", "SpecError", "WriteRefused"} <= set(
        specgen.__all__
    )
    for name in specgen.__all__:
        assert getattr(specgen, name) is not None, name
    with pytest.raises(AttributeError):
        specgen.no_such_name  # noqa: B018


@pytest.mark.parametrize(
    "relative",
    ["../escape.py", "pkg/../../escape.py", "pkg//x.py", "./x.py", "a\\b.py"],
)
def test_a_rendered_path_outside_the_output_folder_is_refused(
    tmp_path: Path, relative: str
) -> None:
    """Defence in depth: the renderer never makes such a path, and the writer, which checks
    staging paths lexically, refuses one before writing anything."""
    from specgen.render.engine import RenderedTree
    from specgen.write.writer import write_tree

    out = tmp_path / "out"
    with pytest.raises(ValueError, match="outside the output folder"):
        write_tree(RenderedTree({"ok.py": "", relative: "x = 1\n"}), out)
    assert not (tmp_path / "escape.py").exists()
    assert not out.exists() or not any(out.iterdir())
    assert [p.name for p in tmp_path.iterdir()] in ([], ["out"])
