"""Benchmark: a big generated client against the official `openai` SDK, from a cold process.

Generates the 2026 OpenAI spec with `specs/openai.overlay.yaml` (the SDK's names) into a
temporary folder, starts a loopback HTTP server answering every request with one chat
completion, then times fresh interpreters, interleaved round by round:

- `import PKG` alone (in-process, `perf_counter`);
- the whole process for: import, client, one `client.chat.completions.create(...)` call
  against the loopback server, the response parsed into the typed model;
- the same for the official SDK (`import openai`, `OpenAI(...)`, the same call);
- the steady cost of one more call once warm, for both and for raw httpx;
- the floor: httpx and pydantic imported, a client, one POST validated by three small
  models, what any client built on them pays at least.

Run: .venv/bin/python tests/benchmarks/bench_startup.py [--rounds 7] [--keep]
Not a test: numbers only, for the issue notes. Needs ../shared/corpus/openai (skips without).
"""

from __future__ import annotations

import argparse
import json
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO.parent / "shared" / "corpus" / "openai" / "openai-2026-08-21.yaml"
OVERLAY = REPO / "specs" / "openai.overlay.yaml"
PACKAGE = "bench_openai"

COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1_700_000_000,
    "model": "gpt-4o",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "logprobs": None,
            "message": {
                "role": "assistant",
                "content": "Hello there.",
                "refusal": None,
                "annotations": [],
            },
        }
    ],
    "usage": {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12},
}
BODY = json.dumps(COMPLETION).encode()

_FIRST_CALL = """\
import json, time
t0 = time.perf_counter()
{imports}
t1 = time.perf_counter()
client = {client}
reply = client.chat.completions.create(
    model="gpt-4o", messages=[{{"role": "user", "content": "Hi"}}]
)
t2 = time.perf_counter()
assert reply.choices[0].message.content == "Hello there.", reply
calls = [0.0]
for _ in range({calls}):
    s = time.perf_counter()
    client.chat.completions.create(
        model="gpt-4o", messages=[{{"role": "user", "content": "Hi"}}]
    )
    calls.append(time.perf_counter() - s)
calls.sort()
print(json.dumps({{"import": t1 - t0, "first": t2 - t0, "call": calls[len(calls) // 2]}}))
"""
# The least any client on httpx and pydantic pays for the same first call: both imported,
# an httpx.Client (its SSL context), one POST, the reply validated by three small models.
_FLOOR = """\
import json, time
t0 = time.perf_counter()
import httpx
from pydantic import BaseModel
class Message(BaseModel):
    role: str
    content: str | None = None
class Choice(BaseModel):
    index: int
    message: Message
class Completion(BaseModel):
    id: str
    choices: list[Choice]
client = httpx.Client(base_url={base!r}, headers={{"Authorization": "Bearer x"}})
reply = client.post("/chat/completions", json={{"model": "gpt-4o",
    "messages": [{{"role": "user", "content": "Hi"}}]}})
Completion.model_validate(reply.json())
print(json.dumps({{"first": time.perf_counter() - t0}}))
"""
_HTTPX = """\
import json, time, httpx
client = httpx.Client(base_url={base!r}, headers={{"Authorization": "Bearer x"}})
calls = []
for _ in range(200):
    s = time.perf_counter()
    r = client.post("/chat/completions", json={{"model": "gpt-4o",
        "messages": [{{"role": "user", "content": "Hi"}}]}})
    r.json()
    calls.append(time.perf_counter() - s)
calls.sort()
print(json.dumps({{"call": calls[len(calls) // 2]}}))
"""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # headers and body leave in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every call
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        pass


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(code: str, path: Path) -> tuple[float, dict[str, float]]:
    """Run `code` in a fresh interpreter: its whole-process wall time, and what it printed
    plus its CPU seconds (user + system of the reaped child; steadier on a busy machine).
    """
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(path), "PATH": "/usr/bin:/bin"},
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"child failed:\n{done.stderr[-3000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    data["cpu"] = _children_cpu() - cpu
    return wall, data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not SPEC.is_file():
        print(f"skipped: {SPEC} not found (../shared is absent)")
        return 0
    from specgen.pipeline import generate
    from specgen.write.writer import write_tree

    out = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    tree, _ = generate(SPEC, package=PACKAGE, overlays=[OVERLAY])
    write_tree(tree, out)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    clients = {
        "specgen": (
            f"import {PACKAGE}",
            f"{PACKAGE}.OpenAI(api_key='x', base_url={base!r})",
        ),
        "sdk": (
            "import openai",
            f"openai.OpenAI(api_key='x', base_url={base!r}, max_retries=0)",
        ),
    }
    # the whole-process figure is one process that makes the first call and exits; the
    # warm per-call figure comes from another that goes on calling
    first = {
        name: _FIRST_CALL.format(imports=imports, client=client, calls=0)
        for name, (imports, client) in clients.items()
    }
    warm = {
        name: _FIRST_CALL.format(imports=imports, client=client, calls=200)
        for name, (imports, client) in clients.items()
    }
    ours, sdk = first["specgen"], first["sdk"]
    bare = "import json; print(json.dumps({}))"
    _run(ours, out), _run(sdk, out)  # bytecode caches written, files in the page cache
    rows: dict[str, list[tuple[float, dict[str, float]]]] = {
        "specgen": [],
        "sdk": [],
        "python": [],
        "floor": [],
        "httpx": [],
        "specgen warm": [],
        "sdk warm": [],
    }
    for round_ in range(args.rounds):
        order = [
            ("specgen", ours),
            ("sdk", sdk),
            ("python", bare),
            ("floor", _FLOOR.format(base=base)),
        ]
        if round_ % 2:
            order.reverse()
        for name, code in order:
            rows[name].append(_run(code, out))
        rows["httpx"].append(_run(_HTTPX.format(base=base), out))
        for name, code in warm.items():
            rows[f"{name} warm"].append(_run(code, out))
    server.shutdown()

    def med(name: str, key: str | None = None) -> float:
        values = [wall if key is None else data[key] for wall, data in rows[name]]
        return statistics.median(values)

    print(f"{args.rounds} interleaved rounds, medians (fresh interpreters)")
    print(f"python -c pass (process):           {med('python') * 1000:8.1f} ms")
    for name in ("specgen", "sdk"):
        print(f"-- {name}")
        print(
            f"  import (in-process):              {med(name, 'import') * 1000:8.1f} ms"
        )
        print(
            f"  import + client + first call:     {med(name, 'first') * 1000:8.1f} ms"
        )
        print(f"  whole process:                    {med(name) * 1000:8.1f} ms")
        print(f"  whole process, CPU:               {med(name, 'cpu') * 1000:8.1f} ms")
        print(
            f"  one more call, warm:              {med(name + ' warm', 'call') * 1000:8.2f} ms"
        )
    print(f"raw httpx, one call, warm:          {med('httpx', 'call') * 1000:8.2f} ms")
    print(
        "floor (httpx + pydantic, one call):  "
        f"{med('floor', 'first') * 1000:8.1f} ms in-process, "
        f"{med('floor', 'cpu') * 1000:8.1f} ms CPU whole process "
        f"(floor/sdk CPU {med('floor', 'cpu') / med('sdk', 'cpu'):.2f})"
    )
    print(
        "ratio specgen/sdk: first call in-process "
        f"{med('specgen', 'first') / med('sdk', 'first'):.2f}, whole process "
        f"{med('specgen') / med('sdk'):.2f}, whole process CPU "
        f"{med('specgen', 'cpu') / med('sdk', 'cpu'):.2f}, warm call "
        f"{med('specgen warm', 'call') / med('sdk warm', 'call'):.2f}"
    )
    if args.keep:
        print(f"kept: {out}")
    else:
        import shutil

        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
