"""specgen's one JSON Schema engine, run on OpenAPI documents.

The generated packages check requests with the runtime's JSON Schema validator
(`templates/runtime/_jsonschema*.py`); the generator runs that same code on the document
itself, against the OpenAPI Initiative's schemas (`structure.py`). The runtime ships as data
in the templates folder and must not import specgen, so it is loaded from there as a package
of its own: its modules need only the standard library (`_violations.py` keeps `Violation`
apart from the pydantic-based request checks for this reason).
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from ..diagnostics import join_pointer

_PACKAGE = "specgen_jsonschema_runtime"  # no parent package: nothing of specgen runs


class Validator(Protocol):
    """The part of the runtime's `Validator` used here."""

    def check(self, pointer: str, instance: object, path: str = "") -> list[Any]: ...

    def is_valid(self, pointer: str, instance: object) -> bool: ...


@dataclass(frozen=True)
class Violation:
    """One broken rule of the document: where (a JSON pointer into it), which keyword."""

    pointer: str
    rule: str
    message: str


def _runtime_folder() -> Path:
    """Installed, the templates are specgen/templates; in a checkout, beside generator/."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "runtime" / "_jsonschema.py").is_file():
            return candidate / "runtime"
    raise ImportError("specgen's built-in templates are missing from this installation")


@cache
def _runtime() -> Any:
    if _PACKAGE not in sys.modules:
        package = types.ModuleType(_PACKAGE)
        # a namespace of the runtime's modules: its __init__ (which documents the
        # generated package) is not run
        package.__path__ = [str(_runtime_folder())]
        sys.modules[_PACKAGE] = package
    return importlib.import_module(f"{_PACKAGE}._jsonschema")


def compile_schema(schema: Mapping[str, Any]) -> Validator:
    """A validator for a JSON Schema 2020-12 document (compiled lazily, then cached by
    the caller)."""
    module = _runtime()
    validator: Validator = module.Validator(schema, module.Dialect.OPENAPI_31)
    return validator


def violations(validator: Validator, instance: Any) -> list[Violation]:
    """Every rule `instance` breaks, each at the JSON pointer of its node; the common
    case, a valid document, takes the validator's early-exit path only."""
    if validator.is_valid("#", instance):
        return []
    return [
        Violation(pointer_of(instance, found.field), found.rule, found.message)
        for found in validator.check("#", instance)
    ]


def pointer_of(instance: Any, dotted: str) -> str:
    """The JSON pointer of the node the runtime names by a dotted path.

    The runtime joins keys with dots for its messages, and keys may hold dots themselves
    (`/v1/files.list`, `application/vnd.api+json`): the path is matched against the
    document's actual keys, longest first, backtracking when a choice leads nowhere. A
    name that is not in the document (a required field that is missing) ends the path.
    """
    if not dotted:
        return ""
    found = _match(instance, dotted)
    if found is not None:
        return join_pointer("", *found)
    return join_pointer("", *dotted.split("."))  # not reached for the runtime's paths


def _match(node: Any, rest: str) -> list[str] | None:
    stack: list[tuple[Any, str, list[str]]] = [(node, rest, [])]
    while stack:
        current, remaining, tokens = stack.pop()
        keys: list[str] = []
        if isinstance(current, dict):
            keys = [
                key
                for key in current
                if isinstance(key, str)
                and (remaining == key or remaining.startswith(key + "."))
            ]
        elif isinstance(current, list):
            head = remaining.split(".", 1)[0]
            if head.isdigit() and int(head) < len(current):
                keys = [head]
        if not keys and "." not in remaining:
            return [*tokens, remaining]  # a member that is not there (a required one)
        for key in sorted(keys, key=len):  # the longest key is popped first
            if remaining == key:
                return [*tokens, key]  # the longest possible: no other can do better
            child = current[int(key)] if isinstance(current, list) else current[key]
            stack.append((child, remaining[len(key) + 1 :], [*tokens, key]))
    return None
