#!/usr/bin/env python3
"""One-step setup and the two everyday jobs: `python3 dev.py generate` and `python3 dev.py test`.

Creates ./.venv on first use (and again whenever pyproject.toml changes), installs specgen
with its test dependencies into it, then runs the job. Extra arguments are passed through:
`python3 dev.py test -k golden`, `python3 dev.py generate --force`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".specgen-installed"


def python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def setup() -> None:
    """Make .venv and install `.[test]` into it, unless pyproject.toml is unchanged."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text() == wanted and python().exists():
        return
    if not python().exists():
        print("setting up .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [
        str(python()),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    jobs = {
        "generate": [str(python()), "-m", "generator", "generate"],
        "check": [str(python()), "-m", "generator", "check"],
        "test": [str(python()), "-m", "pytest"],
    }
    if not argv or argv[0] not in jobs:
        print(f"usage: python3 dev.py {{{'|'.join(jobs)}}} [ARGS...]", file=sys.stderr)
        return 2
    setup()
    return subprocess.run([*jobs[argv[0]], *argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
