"""What is not the user's spec never ends in a traceback or in exit 1: a broken environment
exits 3 and a bug in specgen exits 4, each with one line saying so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import GOOD, assert_no_traceback, snapshot
from test_packaging import LONG_LINES

import specgen.api
from specgen.cli import main


def _run(
    cwd: Path, *args: str, shadow: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("SPECGEN_TRACEBACK", None)
    if shadow is not None:
        env["PYTHONPATH"] = str(shadow)
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _broken_package(root: Path, name: str) -> Path:
    """A folder that, first on the path, makes importing `name` fail as if it were missing."""
    (root / name).mkdir(parents=True)
    (root / name / "__init__.py").write_text(
        f"raise ModuleNotFoundError(\"No module named '{name}'\", name='{name}')\n"
    )
    return root


@pytest.mark.parametrize("missing", ["black", "jinja2"])
def test_a_missing_dependency_exits_3_with_one_line(
    tmp_path: Path, missing: str
) -> None:
    (tmp_path / "long.yaml").write_text(LONG_LINES)
    shadow = _broken_package(tmp_path / "shadow", missing)
    result = _run(tmp_path, "generate", "long.yaml", "-o", "out", shadow=shadow)
    assert result.returncode == 3, result.stderr
    assert_no_traceback(result)  # type: ignore[arg-type]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"No module named '{missing}'" in lines[0]
    assert "reinstall specgen" in lines[0]
    assert not (tmp_path / "out").exists()


def test_an_output_path_that_cannot_be_made_exits_3(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(GOOD)
    (tmp_path / "plain-file").write_text("not a folder\n")
    before = snapshot(tmp_path)
    result = _run(tmp_path, "generate", "api.yaml", "-o", "plain-file/out")
    assert result.returncode == 3, result.stderr
    assert_no_traceback(result)  # type: ignore[arg-type]
    assert result.stderr.startswith("specgen: error: ")
    assert "plain-file" in result.stderr
    assert snapshot(tmp_path) == before


def test_a_bug_exits_4_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    (tmp_path / "api.yaml").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SPECGEN_TRACEBACK", raising=False)
    monkeypatch.setattr(specgen.api, "generate", broken)
    assert main(["generate", "api.yaml", "-o", "out"]) == 4
    err = capsys.readouterr().err
    assert err.startswith("specgen: internal error: KeyError: 'a bug'; this is a bug")
    assert len(err.strip().splitlines()) == 1
    # and the traceback is there for whoever asks for it
    monkeypatch.setenv("SPECGEN_TRACEBACK", "1")
    with pytest.raises(KeyError):
        main(["generate", "api.yaml", "-o", "out"])
