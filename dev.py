#!/usr/bin/env python3
"""One-step setup and the two everyday jobs: `python3 dev.py generate` and `python3 dev.py test`.

Creates ./.venv on first use (and again whenever pyproject.toml changes) with specgen's test
dependencies, and installs specgen itself into it as a user gets it: a real wheel, in which the
repository's generator/ folder is the package `specgen`. Whenever generator/ or templates/
differ from what is installed, specgen is reinstalled (under a second). Extra arguments are
passed through: `python3 dev.py test -k golden`, `python3 dev.py generate --force`.
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


def tree_digest(code: Path, templates: Path) -> str:
    """One hash over specgen's code and templates, as laid out in the checkout or installed."""
    digest = hashlib.sha256()
    for base, label in ((code, "code"), (templates, "templates")):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            if base == code and path.is_relative_to(templates):
                continue  # installed, the templates live inside the package
            digest.update(f"{label}/{path.relative_to(base).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def checkout_digest() -> str:
    return tree_digest(ROOT / "generator", ROOT / "templates")


def installed_digest() -> str | None:
    """The digest of the specgen installed in .venv, or None when there is none."""
    found = subprocess.run(
        [
            str(python()),
            "-c",
            "import specgen, sys; sys.stdout.write(specgen.__file__)",
        ],
        capture_output=True,
        text=True,
    )
    if found.returncode != 0:
        return None
    package = Path(found.stdout).parent
    return tree_digest(package, package / "templates")


def setup() -> None:
    """Make .venv with the test dependencies (when pyproject.toml changed), then install
    specgen itself when the installed copy differs from generator/ and templates/."""
    pip = [
        str(python()),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not (STAMP.is_file() and STAMP.read_text() == wanted and python().exists()):
        if not python().exists():
            print("setting up .venv ...", flush=True)
            venv.EnvBuilder(with_pip=True).create(VENV)
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, f"{ROOT}[test]"], check=True)
        STAMP.write_text(wanted)
    if installed_digest() != checkout_digest():
        # hatchling (a test dependency) is in .venv: no isolated build needed
        subprocess.run(
            [*pip, "--no-deps", "--no-build-isolation", "--force-reinstall", str(ROOT)],
            check=True,
        )


def main(argv: list[str]) -> int:
    jobs = {
        "generate": [str(python()), "-m", "specgen", "generate"],
        "check": [str(python()), "-m", "specgen", "check"],
        "test": [str(python()), "-m", "pytest"],
    }
    if not argv or argv[0] not in jobs:
        print(f"usage: python3 dev.py {{{'|'.join(jobs)}}} [ARGS...]", file=sys.stderr)
        return 2
    setup()
    return subprocess.run([*jobs[argv[0]], *argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
