"""What a broken rule of the OpenAPI schema means, said in the document's terms.

The engine speaks JSON Schema about any value ("must be an object (got [1])"); a spec's
author reads YAML: mappings and lists, fields that are missing or unknown. Each violation
becomes (the pointer to show it at, a sentence).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from typing import Any

from ..diagnostics import unescape_pointer_token
from ..source.pointers import pointer_tokens, walk
from .engine import Violation

_WORDS = {"an object": "a mapping", "an array": "a list"}
# a branch of oneOf / anyOf that fails only for lack of one field, as the engine says it
_LACKS = re.compile(r"option \d+(?: \([^)]*\))?: (\S+): is required(?:;|$)")


def parent_of(pointer: str) -> tuple[str, str]:
    """(the parent's pointer, the last token unescaped)."""
    parent, _, last = pointer.rpartition("/")
    return parent, unescape_pointer_token(last)


def kind_of(value: Any) -> str:
    """A value as a sentence names it, with a short quote of a scalar."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    text = repr(value) if len(str(value)) <= 40 else repr(str(value)[:36] + "...")
    return f"a string ({text})"


def explain(
    violation: Violation, data: Any, fields: Collection[str]
) -> tuple[str, str]:
    """(pointer, message) for one violation; `fields` are the names the schema knows,
    for suggestions."""
    pointer, rule, message = violation.pointer, violation.rule, violation.message
    if rule == "required":
        parent, name = parent_of(pointer)
        return parent, f"missing required field '{name}'"
    if rule in ("additionalProperties", "unevaluatedProperties"):  # 3.0's / 3.1's
        parent, name = parent_of(pointer)
        if parent == "/paths":
            return pointer, f"'{name}' is not a path: paths start with '/'"
        if parent.endswith("/responses"):
            return pointer, (
                f"'{name}' is not a response status (100-599, 1XX-5XX or 'default')"
            )
        text = f"unknown field '{name}'"
        close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.75)
        if close and not name.startswith("x-"):
            text += f" (did you mean '{close[0]}'?)"
        elif not name.startswith("x-"):
            text += " (extensions are named x-...)"
        return pointer, text
    value, failed = walk(data, pointer_tokens(pointer))
    if rule == "type" and failed is None and message.startswith("must be "):
        wanted = message[len("must be ") :].split(" (got ", 1)[0]
        for word, said in _WORDS.items():
            wanted = wanted.replace(word, said)
        return pointer, f"expected {wanted}, got {kind_of(value)}"
    if rule == "enum" and message.startswith("must be one of "):
        wanted = message[len("must be one of ") :].split(" (got ", 1)[0]
        return pointer, f"expected one of {wanted}, got {kind_of(value)}"
    lacks = _LACKS.findall(message)
    if rule in ("oneOf", "anyOf") and 1 < len(lacks) == message.count("option "):
        names = " or ".join(f"'{name}'" for name in lacks)
        exactly = " (exactly one)" if rule == "oneOf" else ""
        return pointer, f"needs {names}{exactly}"
    return pointer, message
