"""Count the model fields and method arguments typed `Any` in the client a spec generates.

Not a pytest test (pytest does not collect this file) and not timed: it prints numbers.
Run it with the interpreter that has specgen installed:

    .venv/bin/python tests/benchmarks/count_any.py                  # the 2026 OpenAI spec
    .venv/bin/python tests/benchmarks/count_any.py SPEC [SPEC ...]
    .venv/bin/python tests/benchmarks/count_any.py --list           # also name each one

The spec is built in memory with `specgen.pipeline.build` (nothing is written). Counted:

* model fields: every field of every generated model (schema models, and the models that
  check an operation's parameters);
* method arguments: every keyword argument of every generated method.

A type "is Any" when it is `Any` itself, or a named alias whose type is `Any` (followed
through aliases; a model is never `Any`). A type "contains Any" when `Any` appears anywhere
in it (`Any`, `list[Any]`, `dict[str, Any]`, `str | Any`, or an alias that contains `Any`,
followed through aliases but not into models' own fields). "is Any" is a subset of
"contains Any".

Measured on ../shared/corpus/openai/openai-2026-08-21.yaml (7,795 model fields; 1,104 method
arguments, each counted once for the sync and async method):

                                        is Any   contains Any
    before (commit 55eb004)  fields       1,138          1,183
                             arguments      182            183
    after (issue 10: types   fields          23             84
    as precise as the        arguments        0              1
    schema)

Of "before", 1,022 fields and 136 arguments (272 counting sync and async methods) were
spelled `Any`; the others named aliases that were `Any` (`ReasoningEffort`...). The 23 left
are fields the schema really leaves open: `{}` or a description only, and keys `required`
lists but `properties` lacks (W102). What "contains Any" still counts is `dict[str, Any]`
(objects with no declared values), `list[Any]` and the like.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from specgen.ir.model import Api, TypeRef
from specgen.pipeline import build

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SPEC = REPO.parent / "shared" / "corpus" / "openai" / "openai-2026-08-21.yaml"


class Types:
    """Answers "is Any" and "contains Any" for the types of one API, through its aliases."""

    def __init__(self, api: Api) -> None:
        self.aliases = {a.name: a.type for a in api.aliases}

    def is_any(self, type_ref: TypeRef, seen: frozenset[str] = frozenset()) -> bool:
        if type_ref.kind == "any":
            return True
        if type_ref.kind == "named" and type_ref.name in self.aliases:
            if type_ref.name in seen:
                return False
            return self.is_any(self.aliases[type_ref.name], seen | {type_ref.name})
        return False

    def contains_any(
        self, type_ref: TypeRef, seen: frozenset[str] = frozenset()
    ) -> bool:
        if type_ref.kind == "any":
            return True
        if type_ref.kind == "named":
            if type_ref.name not in self.aliases or type_ref.name in seen:
                return False
            return self.contains_any(
                self.aliases[type_ref.name], seen | {type_ref.name}
            )
        return any(self.contains_any(a, seen) for a in type_ref.args)


@dataclass
class Tally:
    total: int = 0
    is_any: list[str] = field(default_factory=list)
    contains_any: list[str] = field(default_factory=list)

    def add(self, where: str, type_ref: TypeRef, types: Types) -> None:
        self.total += 1
        if types.is_any(type_ref):
            self.is_any.append(where)
        if types.contains_any(type_ref):
            self.contains_any.append(where)


def fields_and_arguments(api: Api) -> Iterator[tuple[str, str, TypeRef]]:
    """("field" | "argument", where, type) for every model field and method argument."""
    for model in api.models:
        for f in model.fields:
            yield "field", f"{model.name}.{f.name}: {f.type.python()}", f.type
    for resource in api.resources:
        for op in resource.operations:
            for arg in op.arguments:
                where = f"{resource.attr_name}.{op.method_name}({arg.name}: {arg.type.python()})"
                yield "argument", where, arg.type


def count(spec: Path) -> tuple[Tally, Tally]:
    api = build(spec).api
    types = Types(api)
    tallies = {"field": Tally(), "argument": Tally()}
    for what, where, type_ref in fields_and_arguments(api):
        tallies[what].add(where, type_ref, types)
    return tallies["field"], tallies["argument"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("specs", nargs="*", type=Path, default=[DEFAULT_SPEC])
    parser.add_argument(
        "--list", action="store_true", help="name every field and argument counted"
    )
    args = parser.parse_args(argv)
    for spec in args.specs:
        if not spec.is_file():
            print(f"{spec}: not found, skipped", file=sys.stderr)
            continue
        fields, arguments = count(spec)
        print(spec.name)
        for label, tally in (("model fields", fields), ("method arguments", arguments)):
            print(
                f"  {label:<17} {tally.total:>6,}   is Any {len(tally.is_any):>6,}"
                f"   contains Any {len(tally.contains_any):>6,}"
            )
        if args.list:
            for label, tally in (("field", fields), ("argument", arguments)):
                for where in tally.contains_any:
                    mark = "is" if where in tally.is_any else "contains"
                    print(f"    {label} {mark} Any: {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
