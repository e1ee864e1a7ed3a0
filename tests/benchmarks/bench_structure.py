"""What checking a document against the OpenAPI schema costs, as a share of a full generate.

A script, not a test (see README.md here):

    .venv/bin/python tests/benchmarks/bench_structure.py              # the 2026 OpenAI spec
    .venv/bin/python tests/benchmarks/bench_structure.py --spec specs/openai_images.yaml

In one process: load the spec (not counted), then time `check_structure` cold (the
OpenAPI schema compiled on first use, as in a `specgen generate` run) and warm, then time a
whole in-memory generation (load, validate, resolve, IR, render; writing excluded) of the
same spec, `--repeat` times each; medians are printed, and the cold check's share of the
generation.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO.parent / "shared" / "corpus" / "openai" / "openai-2026-08-21.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.spec.is_file():
        raise SystemExit(f"{args.spec} not found (../shared is absent?)")

    from specgen.checks import structure
    from specgen.pipeline import generate
    from specgen.source.loader import load_document

    doc = load_document(args.spec)
    started = time.perf_counter()
    found = structure.check_structure(doc)
    cold = time.perf_counter() - started
    warm: list[float] = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        structure.check_structure(doc)
        warm.append(time.perf_counter() - started)
    whole: list[float] = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        generate(args.spec)
        whole.append(time.perf_counter() - started)
    total = statistics.median(whole)
    print(f"spec: {args.spec.name} ({len(found)} structure findings)")
    print(f"structure check, cold (schema compiled): {cold:.3f} s")
    print(
        f"structure check, warm (median of {args.repeat}): {statistics.median(warm):.3f} s"
    )
    print(f"whole generation in memory (median of {args.repeat}): {total:.2f} s")
    print(f"cold structure check as a share of it: {100 * cold / total:.1f} %")


if __name__ == "__main__":
    main()
