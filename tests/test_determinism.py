"""Generation is reproducible: the same spec gives byte-identical trees whatever the hash seed,
the working folder, the output folder or the way the spec's path is spelled, and nothing in the
output records where or when it was generated.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "openai"

SPECS = [
    pytest.param(REPO / "specs" / "openai_images.yaml", id="openai_images"),
    pytest.param(REPO / "tests" / "golden" / "names" / "spec.yaml", id="golden_names"),
    pytest.param(CORPUS / "openai-2023-11-06.yaml", id="openai_2023_11_06"),
]


def _env(seed: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = seed
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def _start(spec: str, out: str, cwd: Path, seed: str) -> subprocess.Popen[bytes]:
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "specgen", "generate", spec, "-o", out],
        cwd=cwd,
        env=_env(seed),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _finish(proc: subprocess.Popen[bytes], label: str) -> None:
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, (
        f"generation {label} exited {proc.returncode}\nstdout:\n{stdout.decode(errors='replace')}"
        f"\nstderr:\n{stderr.decode(errors='replace')}"
    )


def _tree(root: Path) -> tuple[dict[str, bytes], set[str]]:
    files: dict[str, bytes] = {}
    folders: set[str] = set()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_symlink():
            files[relative] = b"<symlink to " + os.readlink(path).encode() + b">"
        elif path.is_dir():
            folders.add(relative)
        else:
            files[relative] = path.read_bytes()
    return files, folders


def _first_mismatch(a: dict[str, bytes], b: dict[str, bytes]) -> str | None:
    for name in sorted(a):
        if a[name] == b[name]:
            continue
        diff = difflib.unified_diff(
            a[name].decode("utf-8", "replace").splitlines(keepends=True),
            b[name].decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"seed0/{name}",
            tofile=f"seed12345/{name}",
        )
        lines = list(diff)
        shown = "".join(lines[:200])
        more = f"\n... ({len(lines) - 200} more diff lines)" if len(lines) > 200 else ""
        if not lines:  # differs only in bytes that do not decode (or line endings)
            shown = (
                f"first differing byte at offset {_first_diff_offset(a[name], b[name])}"
            )
        return f"{name} differs between the two generations:\n{shown}{more}"
    return None


def _first_diff_offset(a: bytes, b: bytes) -> int:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return min(len(a), len(b))


@pytest.mark.parametrize("spec", SPECS)
def test_generation_is_byte_identical_across_hash_seeds(
    spec: Path, tmp_path: Path
) -> None:
    if not spec.is_file():
        pytest.skip(f"spec not available: {spec}")

    # Run A: absolute spec and output paths, hash seed 0.
    cwd_a = tmp_path / "a"
    out_a = cwd_a / "out"
    # Run B: another folder, one level deeper, with the spec and output given relative to the
    # working folder, hash seed 12345.
    cwd_b = tmp_path / "b-12345" / "work"
    out_b = cwd_b / "client-out"
    cwd_b.mkdir(parents=True)
    spec_b = os.path.relpath(spec, cwd_b)

    proc_a = _start(str(spec), str(out_a), cwd_a, "0")
    proc_b = _start(spec_b, "client-out", cwd_b, "12345")
    _finish(proc_a, "A (PYTHONHASHSEED=0)")
    _finish(proc_b, "B (PYTHONHASHSEED=12345)")

    files_a, folders_a = _tree(out_a)
    files_b, folders_b = _tree(out_b)
    assert files_a, "the first generation wrote nothing"
    only_a = sorted(set(files_a) - set(files_b))
    only_b = sorted(set(files_b) - set(files_a))
    assert (
        not only_a and not only_b
    ), f"file sets differ: only in A {only_a}, only in B {only_b}"
    assert (
        folders_a == folders_b
    ), f"folder sets differ: {sorted(folders_a ^ folders_b)}"
    mismatch = _first_mismatch(files_a, files_b)
    assert mismatch is None, mismatch

    _assert_no_environment_leaks(spec, files_a, [tmp_path, out_a, cwd_b, out_b])


def _assert_no_environment_leaks(
    spec: Path, files: dict[str, bytes], temp_paths: list[Path]
) -> None:
    """No output file records the temp/output folder, the repo, the home folder or today's date.

    A needle that occurs in the spec's own text is dropped: spec prose is copied into the
    output on purpose and must not count as a leak.
    """
    spec_text = spec.read_text("utf-8", errors="replace")
    needles: dict[str, re.Pattern[str]] = {}

    def path_needle(label: str, path: Path) -> None:
        for spelling in {str(path), str(path.resolve()), path.as_posix()}:
            if len(spelling) > 1:
                # The path itself, not a longer name that merely starts with it.
                needles[f"{label} {spelling}"] = re.compile(
                    re.escape(spelling) + r"(?![\w.-])"
                )

    for path in temp_paths:
        path_needle("the temp path", path)
    path_needle("the repository path", REPO)
    path_needle("the spec folder", spec.parent)
    home = Path.home()
    if str(home) not in ("/", ""):
        path_needle("the home folder", home)

    days = {dt.date.today(), dt.datetime.now(dt.UTC).date()}
    for day in days:
        y, m, d = f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}"
        for shape in (f"{y}-{m}-{d}", f"{y}/{m}/{d}", f"{y}.{m}.{d}", f"{y}{m}{d}"):
            needles[f"today's date {shape}"] = re.compile(
                r"(?<!\d)" + re.escape(shape) + r"(?!\d)"
            )

    active = {label: rx for label, rx in needles.items() if not rx.search(spec_text)}
    found: list[str] = []
    for name, data in sorted(files.items()):
        text = data.decode("utf-8", "replace")
        for label, rx in active.items():
            hit = rx.search(text)
            if hit:
                line = text.count("\n", 0, hit.start()) + 1
                found.append(f"{name}:{line}: contains {label}")
    assert (
        not found
    ), "generated files depend on where/when they were generated:\n" + "\n".join(
        found[:50]
    )
