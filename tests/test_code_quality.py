"""The generator's own code is typed and formatted like the code it emits."""

from __future__ import annotations

import subprocess
import sys

from specgen_testlib import REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_generator_passes_mypy_strict() -> None:
    result = run("mypy", "--strict", "generator")
    assert result.returncode == 0, result.stdout + result.stderr


def test_runtime_passes_mypy_strict() -> None:
    result = run("mypy", "--strict", "templates/runtime")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = run("ruff", "check", "generator", "templates/runtime", "tests", "dev.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_black_is_clean() -> None:
    result = run(
        "black",
        "--check",
        "--diff",
        "--quiet",
        "generator",
        "templates/runtime",
        "tests",
        "dev.py",
    )
    assert result.returncode == 0, result.stdout + result.stderr
