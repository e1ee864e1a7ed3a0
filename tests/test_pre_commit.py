"""The repository's `.pre-commit-hooks.yaml`: `specgen-check` installed by pre-commit in a
test repository (from this checkout, uncommitted changes included, via `try-repo`) passes
on fresh output and fails after a hand edit of a generated file.

pre-commit builds the hook's environment with pip (specgen and its dependencies from PyPI):
without network the test skips, saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SPEC = """\
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"""
PYPROJECT = """\
[tool.specgen]
targets = [{ spec = "pets.yaml", output = "generated/pets" }]
"""


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_the_hook_passes_on_fresh_output_and_fails_after_a_hand_edit(
    tmp_path: Path,
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit", reason="pre-commit is not installed")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pets.yaml").write_text(SPEC)
    (project / "pyproject.toml").write_text(PYPROJECT)
    generated = subprocess.run(
        [sys.executable, "-m", "specgen", "generate"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert generated.returncode == 0, generated.stderr
    git("init", "-q", cwd=project)
    git("add", "-A", cwd=project)
    git(
        "-c", "user.name=t", "-c", "user.email=t@example.com",
        "commit", "-qm", "generated", cwd=project,
    )  # fmt: skip
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable, "-m", "pre_commit", "try-repo", str(REPO),
                "specgen-check", "--all-files",
            ],
            cwd=project, capture_output=True, text=True, env=env, timeout=600,
        )  # fmt: skip

    fresh = hook()
    if fresh.returncode not in (0, 1) and "pip" in fresh.stdout + fresh.stderr:
        pytest.skip(
            f"pre-commit could not build the hook's environment: {fresh.stdout}"
        )
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "specgen check" in fresh.stdout and "Passed" in fresh.stdout
    edited = project / "generated" / "pets" / "pets" / "_client.py"
    edited.write_text(edited.read_text() + "# a hand edit\n")
    git("add", "-A", cwd=project)
    stale = hook()
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "Failed" in stale.stdout and "is stale" in stale.stdout
    assert "pets/_client.py" in stale.stdout  # the diff, and the edited file named
