"""Constraints (lengths, bounds, patterns, item counts, file limits) read from a schema's
keywords, and the warning for type-specific keywords on a schema with no `type`.
"""

from __future__ import annotations

from typing import Any

from ..source.resolve import Located
from . import patterns
from .model import Constraints
from .schema_nodes import TYPE_KEYWORDS
from .schema_state import SchemaState


class ConstraintReading(SchemaState):
    def constraints(self, located: Located, node: dict[str, Any]) -> Constraints:
        def number(key: str) -> int | float | None:
            value = node.get(key)
            return (
                value
                if isinstance(value, int | float) and not isinstance(value, bool)
                else None
            )

        def count(key: str) -> int | None:
            value = node.get(key)
            return (
                value
                if isinstance(value, int) and not isinstance(value, bool)
                else None
            )

        ge, le = number("minimum"), number("maximum")
        gt = lt = None
        # 3.0: exclusiveMinimum is a boolean modifier; 3.1: it is the bound itself.
        if node.get("exclusiveMinimum") is True and ge is not None:
            gt, ge = ge, None
        elif number("exclusiveMinimum") is not None:
            gt = number("exclusiveMinimum")
        if node.get("exclusiveMaximum") is True and le is not None:
            lt, le = le, None
        elif number("exclusiveMaximum") is not None:
            lt = number("exclusiveMaximum")
        pattern = node["pattern"] if isinstance(node.get("pattern"), str) else None
        python_pattern = None
        if pattern is not None:
            problem = patterns.compile_error(pattern)
            if problem is None:
                python_pattern = patterns.to_python(pattern)
            else:
                self.warn(
                    located.doc,
                    "W103",
                    f"pattern cannot be checked with Python's re ({problem}); not enforced",
                    located.pointer + "/pattern",
                )
        file_types = node.get("x-file-types")
        return Constraints(
            min_length=count("minLength"),
            max_length=count("maxLength"),
            pattern=pattern,
            python_pattern=python_pattern,
            ge=ge,
            gt=gt,
            le=le,
            lt=lt,
            multiple_of=number("multipleOf"),
            min_items=count("minItems"),
            max_items=count("maxItems"),
            unique_items=node.get("uniqueItems") is True,
            file_types=(
                tuple(str(t) for t in file_types)
                if isinstance(file_types, list)
                else ()
            ),
            max_bytes=count("x-max-bytes"),
            image_square=node.get("x-image-square") is True,
            image_same_size_as=_str_or_none(node.get("x-image-same-size-as")),
            image_alpha_unless=_str_or_none(node.get("x-image-alpha-unless")),
        )

    def warn_untyped(self, located: Located, node: dict[str, Any]) -> None:
        """W108: keywords for values of some type, and no `type` saying only those are
        allowed (JSON Schema then admits every other value as is): typed `Any`."""
        implied = {
            kind: [k for k in keywords if k in node]
            for kind, keywords in TYPE_KEYWORDS.items()
        }
        implied = {kind: found for kind, found in implied.items() if found}
        if not implied:
            return
        said = "; ".join(
            f"{', '.join(found)} for {kind} values" for kind, found in implied.items()
        )
        advice = (
            f"add `type: {next(iter(implied))}` if nothing else is meant"
            if len(implied) == 1
            else "add a `type` if nothing else is meant"
        )
        self.warn(
            located.doc,
            "W108",
            f"schema has keywords ({said}) but no `type`, so it admits any value and is "
            f"typed Any; {advice}",
            located.pointer,
        )


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
