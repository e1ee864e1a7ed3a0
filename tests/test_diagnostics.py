"""One broken spec per diagnostic code, with the exact CLI output pinned.

tests/diagnostics/<CODE>.yaml is the spec; <CODE>.expected holds the exit status and the
output of `specgen validate` run in that folder, compared exactly and rewritten only by
`pytest --update-golden`. For every error code, `generate` must also leave an existing
output folder byte for byte as it was, and create nothing when there was none.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from specgen.document_checks import CODES

HERE = Path(__file__).resolve().parent / "diagnostics"
SPECS = sorted(p.stem for p in HERE.glob("*.yaml"))
ERRORS = [c for c in SPECS if c.startswith("E")]


def specgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def transcript(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stderr\n{result.stderr}--- stdout\n{result.stdout}"


@pytest.mark.parametrize("code", [*SPECS, "E001"])
def test_cli_output_is_pinned(code: str, update_golden: bool) -> None:
    spec = f"{code}.yaml" if code != "E001" else "E001-missing.yaml"
    result = specgen("validate", spec, cwd=HERE)
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
    result = specgen(
        "generate", str(HERE / f"{code}.yaml"), "-o", str(out), cwd=tmp_path
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "out"
    ]  # no stray files beside it
    fresh = specgen("generate", str(HERE / f"{code}.yaml"), "-o", "never", cwd=tmp_path)
    assert fresh.returncode == 1 and not (tmp_path / "never").exists()
