"""Benchmark: the generated client next to the official `openai` SDK on the image-edit call.

Prints, for both:
- import time (median of fresh interpreters): `import PKG`, and importing + constructing the client;
- client-side work of one `images.edit` call with a 4 MB PNG: validation, building the
  multipart request and handing it to a transport that answers at once (httpx.MockTransport,
  which reads the whole body) — no network. Median and min over --repeat calls.

Run: .venv/bin/python tests/benchmarks/bench_client.py [--repeat 30]
Not a test: numbers only, for the issue notes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "generated" / "openai_images"
IMPORT_RUNS = 7


def png_of_size(size: int, side: int = 1024) -> bytes:
    """A valid RGBA PNG header padded with an ancillary chunk to exactly `size` bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data))
        )

    head = b"\x89PNG\r\n\x1a\n" + chunk(
        b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    )
    idat = chunk(b"IDAT", zlib.compress(b""))
    end = chunk(b"IEND", b"")
    filler = size - len(head) - len(idat) - len(end) - 12
    return head + idat + chunk(b"zzPd", b"\0" * filler) + end


def median_child_ms(code: str, env: dict[str, str]) -> float:
    times = []
    for _ in range(IMPORT_RUNS):
        out = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


TIMED = """
import time
t = time.perf_counter()
{body}
print((time.perf_counter() - t) * 1000)
"""


def import_times() -> dict[str, tuple[float, float]]:
    env = {**os.environ, "PYTHONPATH": str(GENERATED), "OPENAI_API_KEY": "sk-bench"}
    out: dict[str, tuple[float, float]] = {}
    for name, module, make in (
        ("generated openai_images", "openai_images", "openai_images.OpenAI()"),
        ("official openai", "openai", "openai.OpenAI()"),
    ):
        try:
            bare = median_child_ms(TIMED.format(body=f"import {module}"), env)
            full = median_child_ms(TIMED.format(body=f"import {module}\n{make}"), env)
        except subprocess.CalledProcessError as exc:
            print(f"{name}: import failed: {exc.stderr.strip().splitlines()[-1]}")
            continue
        out[name] = (bare, full)
    return out


def call_times(repeat: int) -> dict[str, list[float]]:
    import httpx

    sys.path.insert(0, str(GENERATED))
    import openai_images

    image = png_of_size(4 * 1024 * 1024 - 1)
    mask = png_of_size(64 * 1024)
    reply = json.dumps({"created": 1, "data": [{"url": "u"}]}).encode()

    def answer(request: httpx.Request) -> httpx.Response:
        request.read()  # the whole multipart body is produced, as it would be for the wire
        return httpx.Response(
            200, content=reply, headers={"content-type": "application/json"}
        )

    clients: dict[str, object] = {
        "generated openai_images": openai_images.OpenAI(
            api_key="sk-bench",
            base_url="http://bench.invalid/v1",
            http_client=httpx.Client(transport=httpx.MockTransport(answer)),
        )
    }
    try:
        import openai

        clients["official openai"] = openai.OpenAI(
            api_key="sk-bench",
            base_url="http://bench.invalid/v1",
            http_client=httpx.Client(transport=httpx.MockTransport(answer)),
        )
    except ImportError:
        print("official openai SDK not installed: only the generated client is timed")
    results: dict[str, list[float]] = {}
    for name, client in clients.items():
        samples = []
        for _ in range(repeat + 2):
            started = time.perf_counter()
            client.images.edit(  # type: ignore[attr-defined]
                image=("otter.png", image, "image/png"),
                mask=("mask.png", mask, "image/png"),
                prompt="A cute baby sea otter wearing a beret",
                n=2,
                size="1024x1024",
            )
            samples.append((time.perf_counter() - started) * 1000)
        results[name] = samples[2:]  # the first calls build caches
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print(f"import times (median of {IMPORT_RUNS} fresh interpreters, in-process ms)")
    for name, (bare, full) in import_times().items():
        print(
            f"  {name:<24} import {bare:7.1f} ms   import + construct client {full:7.1f} ms"
        )
    print(f"\nimages.edit with a 4 MiB - 1 byte PNG, no network ({args.repeat} calls)")
    for name, samples in call_times(args.repeat).items():
        print(
            f"  {name:<24} median {statistics.median(samples):7.2f} ms   "
            f"min {min(samples):7.2f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
