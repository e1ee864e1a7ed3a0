"""Where a document holds references: every `$ref` and `$dynamicRef`, skipping data (examples,
allowed values, defaults, vendor extensions)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import join_pointer
from .loader import Document

# Values that are data, never references, in a spec object or schema: example values,
# allowed values and defaults (`enum: [{$ref: x}]` is an allowed object, not a $ref).
# (`value` is an Example Object's; a media type's `examples`, a mapping of Example Objects
# that may be references, is walked as the names it maps.)
DATA_KEYWORDS = frozenset({"example", "examples", "enum", "const", "default", "value"})
# Mappings whose keys are names chosen by the spec's author (a property may be called
# `default`, a response is keyed `default`), so none of their keys is a keyword.
NAME_MAPS = frozenset(
    {
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
        "schemas", "responses", "parameters", "requestBodies", "headers", "callbacks",
        "links", "pathItems", "securitySchemes", "content", "encoding", "paths",
        "webhooks",
    }
)  # fmt: skip


def ref_sites(doc: Document) -> Iterator[tuple[dict[str, Any], str]]:
    """(mapping holding a `$ref` or a `$dynamicRef`, its pointer) for every reference in a
    document.

    Example values, allowed values, defaults and vendor extensions are data, not references:
    they are skipped (but a property or a response named like one of them is not).
    """
    stack: list[tuple[Any, str, bool]] = [(doc.data, "", False)]
    seen: set[tuple[int, bool]] = set()
    while stack:
        node, pointer, named = stack.pop()
        if (id(node), named) in seen:
            continue
        seen.add((id(node), named))
        if isinstance(node, dict):
            if not named and (
                isinstance(node.get("$ref"), str)
                or isinstance(node.get("$dynamicRef"), str)
            ):
                yield node, pointer
            for key, value in node.items():
                key = str(key)
                if not named and key == "examples" and isinstance(value, dict):
                    stack.append((value, join_pointer(pointer, key), True))
                    continue
                if not named and (key in DATA_KEYWORDS or key.startswith("x-")):
                    continue
                if isinstance(value, dict | list):
                    names = not named and key in NAME_MAPS and isinstance(value, dict)
                    stack.append((value, join_pointer(pointer, key), names))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, dict | list):
                    stack.append((value, join_pointer(pointer, index), False))
