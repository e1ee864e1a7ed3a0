"""Benchmark `specgen generate` on the OpenAI corpus specs, and the packages it produces.

Not a pytest test (pytest does not collect this file): run it as a script, with the
interpreter that has specgen installed:

    .venv/bin/python tests/benchmarks/bench_generate.py              # 3 runs per spec
    .venv/bin/python tests/benchmarks/bench_generate.py --repeat 1   # quick look

For each spec, every run is a fresh `python -m specgen generate SPEC -o TMP --package NAME`
child process writing into an empty folder. Reported per spec: median and min wall time of
the child, its peak memory (max RSS, from `os.wait4`), the files and lines it wrote, and its
exit status (with the start of stderr when it failed). For each package generated, fresh
interpreters then time `import PKG` and `from PKG import <Client>; <Client>(api_key="x")`,
once cold (no bytecode cache yet) and `--repeat` times warm. A table closes the report.
See README.md next to this file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "openai"
DEFAULT_SPECS = (
    "openai-2023-11-06.yaml",
    "openai-2024-10-17.yaml",
    "openai-2026-08-21.yaml",
)

# Run in a fresh interpreter; prints one JSON line. perf_counter() inside the child measures
# the import (or import + client construction) itself, without interpreter start-up.
_IMPORT_PROBE = """\
import json, sys, time
t0 = time.perf_counter()
import {pkg}
t1 = time.perf_counter()
print(json.dumps({{"seconds": t1 - t0, "modules": len(sys.modules)}}))
"""
_CLIENT_PROBE = """\
import json, sys, time
t0 = time.perf_counter()
from {pkg} import {client}
client = {client}(api_key="x")
t1 = time.perf_counter()
print(json.dumps({{"seconds": t1 - t0, "modules": len(sys.modules)}}))
"""


@dataclass
class Run:
    """One child process: its exit status, wall time, peak RSS and output."""

    status: int
    wall: float
    max_rss: int  # bytes
    stdout: str
    stderr: str


@dataclass
class SpecResult:
    spec: Path
    package: str
    runs: list[Run] = field(default_factory=list)
    files: int = 0
    lines: int = 0
    size: int = 0
    reported: float | None = None  # the time specgen itself reports ("in 1.18s")
    client: str | None = None
    import_cold: float | None = None
    import_warm: list[float] = field(default_factory=list)
    import_wall: list[float] = field(default_factory=list)
    client_cold: float | None = None
    client_warm: list[float] = field(default_factory=list)
    client_wall: list[float] = field(default_factory=list)
    modules: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> int | None:
        failing = [run.status for run in self.runs if run.status != 0]
        if failing:
            return failing[0]
        return 0 if self.runs else None


def run_child(argv: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run argv to completion, measuring its wall time and peak RSS (via wait4's rusage)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        _, wait_status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(
            wait_status
        )  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    max_rss = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return Run(proc.returncode, wall, max_rss, stdout, stderr)


def child_env(extra_path: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    paths = [str(extra_path)] if extra_path is not None else []
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.pop(
        "PYTHONDONTWRITEBYTECODE", None
    )  # the cold/warm import split needs .pyc files
    return env


def package_name(spec: Path) -> str:
    return "bench_" + re.sub(r"\W+", "_", spec.stem).strip("_").lower()


def count_tree(folder: Path) -> tuple[int, int, int]:
    """Files, lines and bytes under folder (specgen's manifest included)."""
    files = lines = size = 0
    for path in folder.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            data = path.read_bytes()
            files += 1
            size += len(data)
            lines += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    return files, lines, size


def client_class(package_dir: Path) -> str | None:
    """The sync client's name, read from the generated package's export table."""
    try:
        text = (package_dir / "__init__.py").read_text("utf-8")
    except OSError:
        return None
    names = re.findall(r'"(\w+)":\s*"\._client"', text)
    sync = [name for name in names if not name.startswith("Async")]
    return sync[0] if sync else None


def stderr_excerpt(stderr: str, head: int = 6, tail: int = 3) -> list[str]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    if len(lines) <= head + tail:
        return lines
    return [
        *lines[:head],
        f"... ({len(lines) - head - tail} more lines)",
        *lines[-tail:],
    ]


def probe(python: str, code: str, cwd: Path) -> tuple[Run, dict[str, float] | None]:
    run = run_child([python, "-c", code], cwd, child_env(cwd))
    if run.status != 0:
        return run, None
    try:
        return run, json.loads(run.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return run, None


def bench_spec(spec: Path, python: str, repeat: int, scratch: Path) -> SpecResult:
    result = SpecResult(spec, package_name(spec))
    print(
        f"\n== {spec.name} ({spec.stat().st_size / 1e6:.1f} MB) -> package {result.package}",
        flush=True,
    )
    last_ok: Path | None = None
    for index in range(repeat):
        out = scratch / f"{result.package}-{index}"
        argv = [
            python,
            "-m",
            "specgen",
            "generate",
            str(spec),
            "-o",
            str(out),
            "--package",
            result.package,
        ]
        run = run_child(argv, scratch, child_env())
        result.runs.append(run)
        print(
            f"  run {index + 1}/{repeat}: exit {run.status}, {run.wall:.2f}s wall, "
            f"{run.max_rss / 2**20:.0f} MB peak RSS",
            flush=True,
        )
        if run.status != 0:
            print("  generate failed; stderr begins:")
            for line in stderr_excerpt(run.stderr):
                print(f"    | {line}")
            if index == 0:
                break  # a deterministic failure: repeating it only wastes time
            continue
        found = re.search(r" in (\d+(?:\.\d+)?)s\s*$", run.stdout)
        if found:
            result.reported = float(found[1])
        last_ok = out
    if last_ok is None:
        return result
    result.files, result.lines, result.size = count_tree(last_ok)
    print(
        f"  wrote {result.files} files, {result.lines} lines, {result.size / 1e6:.2f} MB"
    )

    result.client = client_class(last_ok / result.package)
    import_code = _IMPORT_PROBE.format(pkg=result.package)
    for index in range(
        repeat + 1
    ):  # the first run compiles and caches bytecode: "cold"
        run, data = probe(python, import_code, last_ok)
        if data is None:
            result.problems.append(
                f"import {result.package} failed (exit {run.status})"
            )
            for line in stderr_excerpt(run.stderr):
                print(f"    | {line}")
            break
        if index == 0:
            result.import_cold = data["seconds"]
        else:
            result.import_warm.append(data["seconds"])
            result.import_wall.append(run.wall)
    if result.client is None:
        result.problems.append("no client class found in the package's exports")
    elif not result.problems:
        client_code = _CLIENT_PROBE.format(pkg=result.package, client=result.client)
        for index in range(repeat + 1):
            run, data = probe(python, client_code, last_ok)
            if data is None:
                result.problems.append(
                    f"{result.client}(api_key='x') failed (exit {run.status})"
                )
                for line in stderr_excerpt(run.stderr):
                    print(f"    | {line}")
                break
            if index == 0:
                result.client_cold = data["seconds"]
            else:
                result.client_warm.append(data["seconds"])
                result.client_wall.append(run.wall)
                result.modules = int(data["modules"])
    if result.import_warm:
        print(
            f"  import {result.package}: {_ms(result.import_cold)} cold, "
            f"{_ms(statistics.median(result.import_warm))} warm (in-process); "
            f"{_ms(statistics.median(result.import_wall))} whole process"
        )
    if result.client_warm:
        print(
            f"  from {result.package} import {result.client}; {result.client}(api_key='x'): "
            f"{_ms(result.client_cold)} cold, {_ms(statistics.median(result.client_warm))} warm; "
            f"{_ms(statistics.median(result.client_wall))} whole process, "
            f"{result.modules} modules loaded"
        )
    for problem in result.problems:
        print(f"  problem: {problem}")
    return result


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def _s(values: list[float], pick: str) -> str:
    if not values:
        return "-"
    value = statistics.median(values) if pick == "median" else min(values)
    return f"{value:.2f}s"


def print_table(results: list[SpecResult], baseline: float | None) -> None:
    header = (
        "spec",
        "exit",
        "gen med",
        "gen min",
        "peak RSS",
        "files",
        "lines",
        "import cold",
        "import warm",
        "client warm",
        "client proc",
    )
    rows: list[tuple[str, ...]] = []
    for r in results:
        ok_walls = [run.wall for run in r.runs if run.status == 0]
        rss = max((run.max_rss for run in r.runs), default=0)
        rows.append(
            (
                r.spec.stem,
                "-" if r.status is None else str(r.status),
                _s(ok_walls, "median"),
                _s(ok_walls, "min"),
                f"{rss / 2**20:.0f} MB" if rss else "-",
                str(r.files) if r.files else "-",
                str(r.lines) if r.lines else "-",
                _ms(r.import_cold),
                _ms(statistics.median(r.import_warm)) if r.import_warm else "-",
                _ms(statistics.median(r.client_warm)) if r.client_warm else "-",
                _ms(statistics.median(r.client_wall)) if r.client_wall else "-",
            )
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    print("\n" + line(header))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(line(row))
    print(
        "\ngen: wall time of the whole `python -m specgen generate` child; peak RSS: its max RSS;"
        "\nimport/client: in-process time of `import PKG` /"
        " `from PKG import Client; Client(api_key='x')`"
        "\n(cold = first import, compiling bytecode); client proc: wall time of that whole child."
    )
    if baseline is not None:
        print(f"bare interpreter start-up (`python -c pass`, median): {_ms(baseline)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per spec (default 3)"
    )
    parser.add_argument(
        "--spec",
        action="append",
        type=Path,
        dest="specs",
        help="spec to benchmark (repeatable; default: three OpenAI corpus specs)",
    )
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help=f"corpus folder (default {CORPUS})"
    )
    parser.add_argument(
        "--python", default=sys.executable, help="interpreter with specgen installed"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated folders and print where"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    specs: list[Path] = args.specs or [args.corpus / name for name in DEFAULT_SPECS]
    check = subprocess.run(
        [args.python, "-c", "import specgen"],
        env=child_env(),
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        print(
            f"error: {args.python} cannot import specgen; use the project's .venv/bin/python (python3 dev.py test installs it)"
        )
        return 2

    baseline_runs = [
        run_child([args.python, "-c", "pass"], REPO, child_env()).wall for _ in range(3)
    ]
    baseline = statistics.median(baseline_runs)
    print(f"python: {args.python}\nrepeat: {args.repeat}")

    results: list[SpecResult] = []
    scratch = Path(tempfile.mkdtemp(prefix="specgen-bench-"))
    try:
        for spec in specs:
            spec = spec.resolve()
            if not spec.is_file():
                print(f"\n== {spec.name}: not found at {spec}; skipped")
                results.append(SpecResult(spec, package_name(spec)))
                continue
            results.append(bench_spec(spec, args.python, args.repeat, scratch))
    finally:
        if args.keep:
            print(f"\ngenerated folders kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print_table(results, baseline)
    return 0 if all(r.status == 0 and not r.problems for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
