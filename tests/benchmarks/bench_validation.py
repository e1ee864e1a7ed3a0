"""Benchmark: per-call request validation, pydantic models (before) vs JSON Schema (after).

Issue 10 asks for the per-call validation time of a typical chat-completion body and of the
image-edit call, before and after requests were checked as JSON Schema on the exact JSON
sent. Not a pytest test (pytest does not collect this file): run it as a script, with the
interpreter that has specgen installed:

    .venv/bin/python tests/benchmarks/bench_validation.py               # 30 rounds
    .venv/bin/python tests/benchmarks/bench_validation.py --rounds 60 --fresh 11

Both specs are generated into a temporary folder (`specgen.pipeline.generate` +
`specgen.write.writer.write_tree`) and imported: the 2026 OpenAI spec of the shared corpus
(skipped, with a message, when absent) and `specs/openai_images.yaml`. Per call, on the same
values:

- before: what the generated method did until the JSON Schema check (the old `RequestCheck`
  of commit 9629982, mirrored here): the pydantic `check_request(Model, values)` of then
  (`model_violations` plus, for uploads, the file rules), then the dump by alias (`TypeAdapter(Model).dump_python(
  instance, by_alias=True, exclude_unset=True)`; the form fields alone for multipart);
- after: what the generated method does now: `RequestCheck(REQUEST_SCHEMAS).body(pointer,
  values, None)` (or `.multipart(...)`), then `.done()`.

Both are timed in rounds of --calls calls each, alternating which goes first, with the
garbage collector off during a batch (as `timeit` does); the medians of the per-call times
and the median of the per-round ratios are printed. Then fresh interpreters time the first
call of the 2026 package: reading and compiling `_schemas.json` up to the first completed
check, next to importing the models module and the first pydantic check (whose model schema
is built on first use). See README.md next to this file.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from bench_client import png_of_size

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "openai"
SPEC_2026 = CORPUS / "openai-2026-08-21.yaml"
SPEC_IMAGES = REPO / "specs" / "openai_images.yaml"

# A typical chat-completion body: system, user (text + image parts), assistant, user; one
# function tool with JSON parameters and a JSON-schema response format.
CHAT_VALUES: dict[str, Any] = {
    "model": "gpt-4o",
    "messages": [
        {
            "role": "system",
            "content": "You are a helpful assistant. Answer briefly, in English.",
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "text",
                    "text": "What animal is this, and where does it live?",
                },
                {
                    "type": "image_url",
                    "image_url": {
                        "url": "https://example.com/images/otter.png",
                        "detail": "low",
                    },
                },
            ],
        },
        {
            "role": "assistant",
            "content": "A sea otter. They live along the coasts of the North Pacific.",
        },
        {"role": "user", "content": "What is the weather like there today?"},
    ],
    "temperature": 0.7,
    "max_tokens": 512,
    "tools": [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "The current weather at a place.",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "location": {
                            "type": "string",
                            "description": "City and country, e.g. Monterey, US",
                        },
                        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                    },
                    "required": ["location"],
                    "additionalProperties": False,
                },
                "strict": True,
            },
        }
    ],
    "response_format": {
        "type": "json_schema",
        "json_schema": {
            "name": "answer",
            "schema": {
                "type": "object",
                "properties": {
                    "animal": {"type": "string"},
                    "weather": {"type": "string"},
                },
                "required": ["animal", "weather"],
                "additionalProperties": False,
            },
            "strict": True,
        },
    },
}
IMAGE_BYTES = 4 * 1024 * 1024 - 1


@dataclass
class Call:
    """One call to time: the old (pydantic) and the new (JSON Schema) request check."""

    name: str
    before: Callable[[], object]
    after: Callable[[], object]


@dataclass
class Generated:
    package: str
    folder: Path  # put on sys.path / PYTHONPATH
    api: Any  # specgen's IR (specgen.ir.model.Api)

    def operation(self, operation_id: str) -> Any:
        return next(op for op in self.api.operations if op.operation_id == operation_id)

    def module(self, name: str) -> ModuleType:
        return importlib.import_module(f"{self.package}.{name}")


def generate_into(spec: Path, out: Path, package: str) -> Generated:
    from specgen.pipeline import generate
    from specgen.write.writer import write_tree

    tree, result = generate(spec, package=package)
    write_tree(tree, out)
    return Generated(package, out, result.api)


def call_values(
    op: Any, given: Mapping[str, object], not_given: object
) -> dict[str, object]:
    """The mapping the generated method passes: every body argument by wire name, the
    ones the caller left out as NOT_GIVEN."""
    values = {a.wire_name: not_given for a in op.arguments_from("body")}
    unknown = set(given) - set(values)
    if unknown:
        raise SystemExit(f"{op.operation_id} has no body argument(s) {sorted(unknown)}")
    return {**values, **given}


def old_checks(pkg: Generated) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The old RequestCheck.body and .multipart (commit 9629982), on `pkg`'s runtime."""
    validation = pkg.module("_runtime._validation")
    not_given = pkg.module("_runtime._types").NotGiven
    from pydantic import TypeAdapter

    adapters: dict[type, TypeAdapter[Any]] = {}

    def adapter(model: type) -> TypeAdapter[Any]:
        if model not in adapters:
            adapters[model] = TypeAdapter(model)
        return adapters[model]

    def checked(model: type, values: Mapping[str, object]) -> Any:
        given = {k: v for k, v in values.items() if not isinstance(v, not_given)}
        # the old check_request: pydantic's model checks plus the file rules
        instance, found = validation.model_violations(model, given)
        found += validation.file_violations(validation.file_rules_of(model), given)
        if found or instance is None:
            raise validation.RequestValidationError(found)
        return instance

    def body(model: type, values: Mapping[str, object]) -> Any:
        instance = checked(model, values)
        return adapter(model).dump_python(instance, by_alias=True, exclude_unset=True)

    def multipart(
        model: Any, values: Mapping[str, object], file_fields: list[str]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        instance = checked(model, values)
        by_wire = {(f.alias or n): n for n, f in model.model_fields.items()}
        skip = {by_wire[w] for w in file_fields if w in by_wire}
        form = adapter(model).dump_python(
            instance, by_alias=True, exclude_unset=True, exclude=skip
        )
        files = {}
        for wire in sorted(file_fields):
            name = by_wire.get(wire)
            if name is not None and name in instance.model_fields_set:
                value = getattr(instance, name)
                if value is not None:
                    files[wire] = value
        return form, files

    return body, multipart


def chat_call(pkg: Generated) -> Call:
    op = pkg.operation("createChatCompletion")
    model = getattr(pkg.module("models"), op.body.model.name)
    request = pkg.module("_runtime._request")
    schemas = pkg.module("_schemas").REQUEST_SCHEMAS
    values = call_values(op, CHAT_VALUES, pkg.module("_runtime._types").NOT_GIVEN)
    old_body, _ = old_checks(pkg)

    def after() -> object:
        check = request.RequestCheck(schemas)
        body = check.body(op.body_schema, values, None)
        check.done()
        return body

    compare("chat completion", old_body(model, values), after())
    return Call("chat completion (2026)", lambda: old_body(model, values), after)


def image_edit_call(pkg: Generated) -> Call:
    op = pkg.operation("createImageEdit")
    model = getattr(pkg.module("models"), op.body.model.name)
    request = pkg.module("_runtime._request")
    schemas = pkg.module("_schemas").REQUEST_SCHEMAS
    given = {
        "image": ("otter.png", png_of_size(IMAGE_BYTES), "image/png"),
        "prompt": "A cute baby sea otter wearing a beret",
        "n": 2,
        "size": "1024x1024",
    }
    values = call_values(op, given, pkg.module("_runtime._types").NOT_GIVEN)
    file_fields = [a.wire_name for a in op.arguments_from("body") if a.is_file]
    _, old_multipart = old_checks(pkg)

    def after() -> object:
        check = request.RequestCheck(schemas)
        form, files = check.multipart(op.body_schema, model, values, file_fields)
        check.done()
        return form, files

    compare("image edit", old_multipart(model, values, file_fields), after())
    return Call(
        "image edit (4 MiB PNG)",
        lambda: old_multipart(model, values, file_fields),
        after,
    )


def compare(name: str, before: object, after: object) -> None:
    """Both paths must accept the values; say so when what they would send differs."""
    if json.dumps(before, default=repr, sort_keys=True) != json.dumps(
        after, default=repr, sort_keys=True
    ):
        print(f"note: {name}: the two paths would send different values")
        print(f"  before: {shorten(before)}\n  after:  {shorten(after)}")


def shorten(value: object, limit: int = 300) -> str:
    text = json.dumps(value, default=lambda v: f"<{type(v).__name__}>")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def batch(fn: Callable[[], object], calls: int) -> float:
    """Seconds per call, over `calls` calls, the garbage collector off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - started) / calls
    finally:
        if enabled:
            gc.enable()


def calls_for(call: Call, budget: float = 0.05) -> int:
    """Calls per batch so that the slower path takes about `budget` seconds a batch."""
    slowest = max(batch(call.before, 3), batch(call.after, 3))
    return max(1, min(2000, round(budget / slowest)))


def time_call(
    call: Call, rounds: int, calls: int | None
) -> tuple[list[float], list[float], int]:
    for _ in range(3):  # warm: pydantic builds the model, the validator compiles
        call.before()
        call.after()
    per_batch = calls or calls_for(call)
    before: list[float] = []
    after: list[float] = []
    for index in range(rounds):
        order = [(call.before, before), (call.after, after)]
        for fn, sink in order if index % 2 == 0 else reversed(order):
            sink.append(batch(fn, per_batch))
    return before, after, per_batch


# Fresh interpreters, one JSON line each; perf_counter() inside the child, so interpreter
# start-up is not counted. The after probe completes the chat body with NOT_GIVEN, as the
# generated method passes it; the old path dropped NOT_GIVEN values before check_request.
_AFTER_PROBE = """\
import json, time
t = time.perf_counter()
import pydantic
t0 = time.perf_counter()
from {pkg}._schemas import REQUEST_SCHEMAS
from {pkg}._runtime._request import RequestCheck
from {pkg}._runtime._types import NOT_GIVEN
t1 = time.perf_counter()
REQUEST_SCHEMAS.validator
t2 = time.perf_counter()
values = {{**dict.fromkeys({keys!r}, NOT_GIVEN), **json.loads({values!r})}}
times = []
for _ in range(2):
    t3 = time.perf_counter()
    check = RequestCheck(REQUEST_SCHEMAS)
    check.body({pointer!r}, values, None)
    check.done()
    times.append(time.perf_counter() - t3)
print(json.dumps({{"pydantic": t0 - t, "import": t1 - t0, "load": t2 - t1,
                  "first": times[0], "second": times[1]}}))
"""
_BEFORE_PROBE = """\
import json, time
t = time.perf_counter()
import pydantic
t0 = time.perf_counter()
from {pkg} import models
from {pkg}._runtime._validation import model_violations
t1 = time.perf_counter()
values = json.loads({values!r})
times, adapters = [], []
for _ in range(2):
    t2 = time.perf_counter()
    instance, found = model_violations(models.{model}, values)
    assert not found, found
    if not adapters:  # the old RequestCheck kept its dumping adapter (functools.cache)
        adapters.append(pydantic.TypeAdapter(models.{model}))
    adapters[0].dump_python(instance, by_alias=True, exclude_unset=True)
    times.append(time.perf_counter() - t2)
print(json.dumps({{"pydantic": t0 - t, "import": t1 - t0, "first": times[0],
                  "second": times[1]}}))
"""


def first_call_times(pkg: Generated, runs: int) -> tuple[dict, dict]:
    op = pkg.operation("createChatCompletion")
    fill = {
        "pkg": pkg.package,
        "values": json.dumps(CHAT_VALUES),
        "keys": [a.wire_name for a in op.arguments_from("body")],
        "pointer": op.body_schema,
        "model": op.body.model.name,
    }
    env = {**os.environ, "PYTHONPATH": str(pkg.folder)}
    after: dict[str, list[float]] = {}
    before: dict[str, list[float]] = {}
    # index -1: one uncounted run of each, which writes the bytecode caches
    for index in range(-1, runs):
        probes = [(_AFTER_PROBE, after), (_BEFORE_PROBE, before)]
        for probe, sink in probes if index % 2 == 0 else reversed(probes):
            out = subprocess.run(
                [sys.executable, "-c", probe.format(**fill)],
                env=env,
                capture_output=True,
                text=True,
            )
            if out.returncode != 0:
                raise SystemExit(f"first-call probe failed:\n{out.stderr.strip()}")
            for key, seconds in json.loads(out.stdout).items():
                if index >= 0:
                    sink.setdefault(key, []).append(seconds)
    median = statistics.median
    return (
        {k: median(v) for k, v in after.items()},
        {k: median(v) for k, v in before.items()},
    )


def us(seconds: float) -> str:
    return f"{seconds * 1e6:9.1f} µs"


def report_calls(results: list[tuple[Call, list[float], list[float], int]]) -> None:
    print(
        f"{'call':<24} {'batch':>5}  {'before med':>12} {'after med':>12}"
        f"  {'after/before':>12} {'paired':>7}  {'before min':>12} {'after min':>12}"
    )
    for call, before, after, per_batch in results:
        ratio = statistics.median(after) / statistics.median(before)
        paired = statistics.median(a / b for a, b in zip(after, before, strict=True))
        print(
            f"{call.name:<24} {per_batch:>5}  {us(statistics.median(before))}"
            f" {us(statistics.median(after))}  {ratio:11.2f}x {paired:6.2f}x"
            f"  {us(min(before))} {us(min(after))}"
        )
    print(
        "after/before: ratio of the medians (below 1: the JSON Schema check is faster);"
        " paired: median of the per-round ratios"
    )


def report_first_call(pkg: Generated, runs: int) -> None:
    after, before = first_call_times(pkg, runs)
    print(
        f"\nfirst call of the 2026 package, chat completion "
        f"(median of {runs} fresh interpreters, ms)"
    )
    rows = [
        ("import pydantic", before["pydantic"], after["pydantic"]),
        ("import the package modules (*)", before["import"], after["import"]),
        ("read + parse _schemas.json", None, after["load"]),
        ("first check (**)", before["first"], after["first"]),
        (
            "to the first completed check",
            before["import"] + before["first"],
            after["import"] + after["load"] + after["first"],
        ),
        ("second check", before["second"], after["second"]),
    ]
    print(f"  {'':<32} {'before':>9} {'after':>9}")
    for label, old, new in rows:
        shown = "-" if old is None else f"{old * 1e3:9.1f}"
        print(f"  {label:<32} {shown:>9} {new * 1e3:9.1f}")
    print(
        "  (*) before: models + pydantic checks; after: _schemas + RequestCheck"
        " (a client still imports models where a resource's responses use them)"
    )
    print(
        "  (**) before: the model's schema is built on first use; after: the body's"
        " schemas are compiled on first use"
    )


def report_sizes(packages: list[Generated]) -> None:
    print("\nsizes")
    for pkg in packages:
        folder = pkg.folder / pkg.package
        schemas = (folder / "_schemas.json").stat().st_size
        models = (folder / "models.py").stat().st_size
        print(
            f"  {pkg.package:<22} _schemas.json {schemas:>9,} bytes"
            f" ({schemas / 1024:,.0f} KiB)   models.py {models:>10,} bytes"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="batches per path")
    parser.add_argument(
        "--calls", type=int, default=None, help="calls per batch (default: ~50 ms)"
    )
    parser.add_argument(
        "--fresh", type=int, default=7, help="fresh interpreters for the first call"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated code")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench_validation_"))
    try:
        packages: list[Generated] = []
        calls: list[Call] = []
        if SPEC_2026.is_file():
            started = time.perf_counter()
            openai = generate_into(SPEC_2026, tmp / "openai2026", "bench_openai_2026")
            print(
                f"generated {SPEC_2026.name} in {time.perf_counter() - started:.1f} s"
            )
            packages.append(openai)
        else:
            print(f"skipped the chat completion: {SPEC_2026} is absent")
        images = generate_into(SPEC_IMAGES, tmp / "images", "bench_openai_images")
        packages.append(images)
        for pkg in packages:
            sys.path.insert(0, str(pkg.folder))
        if SPEC_2026.is_file():
            calls.append(chat_call(packages[0]))
        calls.append(image_edit_call(images))

        print(
            f"\nper-call validation, before (pydantic) and after (JSON Schema), "
            f"{args.rounds} rounds alternating"
        )
        report_calls([(c, *time_call(c, args.rounds, args.calls)) for c in calls])
        if SPEC_2026.is_file():
            report_first_call(packages[0], args.fresh)
        report_sizes(packages)
    finally:
        if args.keep:
            print(f"\ngenerated code kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
