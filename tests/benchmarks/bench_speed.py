"""Benchmark: how fast specgen generates, next to openapi-python-client, in one run.

For each spec (by default the 2023-11, 2024-10 and 2026-08 OpenAI specs of ../shared), in
interleaved rounds, each a fresh process writing into an empty folder:

- specgen, cold: an empty cache folder (`SPECGEN_CACHE_DIR`: no black answers, no compiled
  templates), nothing reused;
- specgen, warm cache: the cache a previous run of the same spec filled (a regeneration
  after a spec change meets mostly the same lines);
- specgen, no-op: `specgen check` on the folder it just wrote (inputs and output unchanged);
- openapi-python-client `generate` with its defaults (its ruff post-hooks included),
  installed by this script into a scratch virtualenv unless `--opc` names its command;
- the floor: what any generator writing specgen's output pays at least, whatever its code:
  an interpreter that reads the spec's bytes (parsing them is left out: PyYAML's own
  loaders, even on libyaml, take longer than specgen's load) and writes the files specgen
  wrote, taken from one JSON file. Nothing else.

Reported per spec: the median CPU seconds (user + system of the process and what it ran;
steadier than wall time on a busy machine), median wall seconds, median peak RSS, and the
ratio of openapi-python-client's CPU to specgen's. Not a test: numbers for the issue notes.

    .venv/bin/python tests/benchmarks/bench_speed.py [--rounds 3] [--spec PATH]...
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "openai"
DEFAULT_SPECS = (
    "openai-2023-11-06.yaml",
    "openai-2024-10-17.yaml",
    "openai-2026-08-21.yaml",
)


@dataclass
class Sample:
    status: int
    cpu: float
    wall: float
    rss_mb: float


def run(argv: list[str], cwd: Path, env: dict[str, str]) -> Sample:
    """One child process, its output discarded; CPU and peak memory from `os.wait4`."""
    with tempfile.TemporaryFile() as sink:
        started = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=sink, stderr=sink)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sink.seek(0)
            print(f"  ! {' '.join(argv[:4])}... exited {child.returncode}:")
            print("    " + sink.read()[-800:].decode(errors="replace"))
    return Sample(
        child.returncode,
        usage.ru_utime + usage.ru_stime,
        wall,
        usage.ru_maxrss / 1024,
    )


def scratch_opc(folder: Path) -> Path:
    """openapi-python-client in a virtualenv of its own (it pins its own dependencies)."""
    venv.EnvBuilder(with_pip=True).create(folder)
    python = folder / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "openapi-python-client"],
        check=True,
    )
    return folder / "bin" / "openapi-python-client"


# The floor's child: read the spec, write the given files (mostly the kernel's share).
_FLOOR = """\
import json, os, sys
spec, tree, out = sys.argv[1:]
with open(spec, "rb") as f:
    f.read()
with open(tree, encoding="utf-8") as f:
    files = json.load(f)
made = set()
for relative, text in files.items():
    path = os.path.join(out, relative)
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))
"""


def dump_tree(folder: Path, into: Path) -> None:
    """The files of a generated folder as one JSON object, for the floor's child."""
    files = {
        p.relative_to(folder).as_posix(): p.read_text("utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    into.write_text(json.dumps(files), "utf-8")


def median(samples: list[Sample], attribute: str) -> float:
    return statistics.median(getattr(s, attribute) for s in samples if s.status == 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--spec", type=Path, action="append")
    parser.add_argument("--opc", type=Path, help="the openapi-python-client command")
    args = parser.parse_args()
    specs = args.spec or [CORPUS / name for name in DEFAULT_SPECS]
    specs = [s.resolve() for s in specs if s.is_file()]
    if not specs:
        print("skipped: no spec found (../shared is absent?)")
        return 0
    scratch = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    opc = args.opc or scratch_opc(scratch / "opc-venv")
    base_env = {k: v for k, v in os.environ.items() if k != "SPECGEN_CACHE_DIR"}
    specgen = [sys.executable, "-m", "specgen"]
    kinds = (
        "specgen cold",
        "specgen warm cache",
        "specgen no-op check",
        "opc",
        "floor",
    )
    results: dict[Path, dict[str, list[Sample]]] = {
        s: {k: [] for k in kinds} for s in specs
    }
    for round_ in range(args.rounds):
        for spec in specs:
            work = scratch / f"{spec.stem}-{round_}"
            work.mkdir()
            warm = scratch / f"cache-{spec.stem}"
            tree = scratch / f"tree-{spec.stem}.json"
            if round_ == 0:  # fill the warm cache once, untimed
                run(
                    [*specgen, "generate", str(spec), "-o", str(work / "fill")],
                    work,
                    {**base_env, "SPECGEN_CACHE_DIR": str(warm)},
                )
                dump_tree(work / "fill", tree)
            order = list(kinds)
            if round_ % 2:
                order.reverse()
            for kind in order:
                out = work / kind.replace(" ", "-")
                if kind == "floor":
                    argv = [
                        sys.executable,
                        "-c",
                        _FLOOR,
                        str(spec),
                        str(tree),
                        str(out),
                    ]
                    env = base_env
                elif kind == "opc":
                    argv = [str(opc), "generate", "--path", str(spec)]
                    argv += ["--output-path", str(out), "--overwrite"]
                    env = base_env
                elif kind == "specgen no-op check":
                    env = {**base_env, "SPECGEN_CACHE_DIR": str(warm)}
                    run([*specgen, "generate", str(spec), "-o", str(out)], work, env)
                    argv = [*specgen, "check", str(spec), "-o", str(out)]
                else:
                    cache = warm if "warm" in kind else work / "empty-cache"
                    shutil.rmtree(work / "empty-cache", ignore_errors=True)
                    env = {**base_env, "SPECGEN_CACHE_DIR": str(cache)}
                    argv = [*specgen, "generate", str(spec), "-o", str(out)]
                results[spec][kind].append(run(argv, work, env))
    print(f"{args.rounds} interleaved rounds; medians")
    for spec, by_kind in results.items():
        print(f"\n{spec.name}")
        print(f"  {'':22} {'CPU s':>8} {'wall s':>8} {'peak MB':>8} {'opc/this':>9}")
        opc_cpu = (
            median(by_kind["opc"], "cpu")
            if any(s.status == 0 for s in by_kind["opc"])
            else None
        )
        for kind in kinds:
            done = [s for s in by_kind[kind] if s.status == 0]
            if not done:
                print(f"  {kind:22} failed")
                continue
            cpu = median(done, "cpu")
            ratio = f"{opc_cpu / cpu:8.1f}x" if opc_cpu and kind != "opc" else ""
            if kind == "floor":
                ratio += "  (the most any generator writing these files can be)"
            print(
                f"  {kind:22} {cpu:8.2f} {median(done, 'wall'):8.2f} "
                f"{median(done, 'rss_mb'):8.0f} {ratio:>9}"
            )
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
