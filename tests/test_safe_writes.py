"""A generation killed at any moment leaves the previous output or the new one, never a mix.

The output folder starts as package A plus files the user added; `specgen generate` of a
different spec B is killed (SIGKILL) after random delays. After each kill the folder must be
exactly "A + user files" or exactly "B + user files"; the next run repairs what the killed
one left beside it and completes.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from specgen_testlib import CORPUS, REPO

from specgen.write.publish import recover, retired_path, staging_path

USER_FILES = {"NOTES.md": b"my notes\n", "extra/keep.py": b"x = 1\n"}


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(
            path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes()
        )
    return h.hexdigest()


def generate(spec: Path, out: Path, package: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "specgen",
            "generate",
            str(spec),
            "-o",
            str(out),
            "--package",
            package,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def settle(spec: Path, out: Path, package: str) -> str:
    process = generate(spec, out, package)
    assert process.wait(timeout=120) == 0
    return digest(out)


def test_killed_generation_never_leaves_a_torn_output(tmp_path: Path) -> None:
    spec_a = REPO / "specs" / "openai_images.yaml"
    spec_b = CORPUS / "openai-2023-11-06.yaml"
    if not spec_b.is_file():
        spec_b = REPO / "tests" / "golden" / "json_body" / "spec.yaml"
    out = tmp_path / "out"
    settle(spec_a, out, "pkg_a")
    for name, data in USER_FILES.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    state_a = digest(out)
    state_b = settle(spec_b, out, "pkg_b")
    assert settle(spec_a, out, "pkg_a") == state_a  # back to A, user files kept
    rng = random.Random(20261121)
    outcomes = {"old": 0, "new": 0}
    for _ in range(12):
        process = generate(spec_b, out, "pkg_b")
        time.sleep(rng.uniform(0.05, 1.2))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        now = digest(out)
        assert now in (state_a, state_b), "the output folder is a mix of two runs"
        outcomes["new" if now == state_b else "old"] += 1
        if now == state_b:
            assert settle(spec_a, out, "pkg_a") == state_a
    # leftovers of killed runs are cleaned by the next run
    settle(spec_a, out, "pkg_a")
    assert not staging_path(out).exists() and not retired_path(out).exists()
    for name, data in USER_FILES.items():
        assert (out / name).read_bytes() == data
    print(f"killed runs: {outcomes}")


def test_recover_puts_back_a_retired_folder(tmp_path: Path) -> None:
    """The rename fallback can die between its two renames: the next run restores."""
    out = tmp_path / "out"
    retired = retired_path(out)
    retired.mkdir()
    (retired / "a.txt").write_text("old")
    staging = staging_path(out)
    staging.mkdir()
    (staging / "half.txt").write_text("half")
    recover(out)
    assert (out / "a.txt").read_text() == "old"
    assert not staging.exists() and not retired.exists()


@pytest.mark.skipif(sys.platform != "linux", reason="RENAME_EXCHANGE is Linux's")
def test_the_swap_is_a_single_exchange(tmp_path: Path) -> None:
    from specgen.write.publish import _exchange

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "f").write_text("A")
    (b / "f").write_text("B")
    assert _exchange(a, b)
    assert (a / "f").read_text() == "B" and (b / "f").read_text() == "A"


def test_generating_into_the_current_folder(tmp_path: Path) -> None:
    """`-o ..` from a subfolder: the user's files and empty folders survive the swap, and the
    run itself steps out of the folder while it is replaced."""
    project = tmp_path / "project"
    (project / "sub" / "empty").mkdir(parents=True)
    (project / "mine.txt").write_text("mine")
    spec = REPO / "specs" / "openai_images.yaml"
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-m", "specgen", "generate", str(spec), "-o", ".."],
            cwd=project / "sub",
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert "the output folder was replaced" in result.stderr
    assert (project / "mine.txt").read_text() == "mine"
    assert (project / "sub" / "empty").is_dir()
    assert (project / "openai_images" / "models.py").is_file()


def test_a_vanished_current_folder_is_a_clear_error(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    code = (
        "import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]);"
        "from specgen.cli import main; raise SystemExit(main(['validate', 'x.yaml']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(gone)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "current folder no longer exists" in result.stderr
    assert "Traceback" not in result.stderr
