"""A schema's keyword checks put together into the one closure that runs them: dispatch on
the value's JSON kind, and fused closures for scalar schemas that accept a valid value
without calling anything.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

from ._jsonschema_values import (
    _FLOAT,
    _KINDS,
    _canon,
    _Check,
    _dotted,
    _Errors,
    _got,
    _Path,
    _slow_kind,
    _true,
)
from ._violations import Violation

# keywords that take part in validation, per dialect
_ACTIVE_COMMON: Final = frozenset(
    {
        "$ref",
        "enum",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "type",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "required",
        "properties",
        "patternProperties",
        "additionalProperties",
        "minProperties",
        "maxProperties",
    }
)
_ACTIVE_30: Final = _ACTIVE_COMMON | {"nullable", "additionalItems", "dependencies"}
_ACTIVE_31: Final = _ACTIVE_COMMON | {
    "$dynamicRef",
    "const",
    "if",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
}
_KIND_LEAF: Final = frozenset({"type", "nullable", "enum"})
_STR_LEAF: Final = _KIND_LEAF | {"minLength", "maxLength", "pattern"}
_NUMBER_LEAF: Final = _KIND_LEAF | {
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
}


def _string_leaf(
    low: int,
    high: int,
    regex: re.Pattern[str] | None,
    choices: frozenset[object] | None,
    nullable: bool,
    full: _Check,
) -> _Check:
    search = regex.search if regex is not None else None

    def string(value: Any, path: _Path, errors: _Errors) -> bool:
        if type(value) is str:
            if (
                low <= len(value) <= high
                and (search is None or search(value) is not None)
                and (choices is None or value in choices)
            ):
                return True
        elif value is None and nullable and (choices is None or None in choices):
            return True
        return full(value, path, errors)

    return string


def _number_leaf(
    bounds: tuple[float, float, float, float],
    floats: int,
    step: int,
    choices: frozenset[object] | None,
    nullable: bool,
    full: _Check,
) -> _Check:
    low, low_x, high, high_x = bounds

    def number(value: Any, path: _Path, errors: _Errors) -> bool:
        kind = type(value)
        if (
            kind is int
            or (kind is float and floats == 2 and value - value == 0 and not step)
        ) and (
            low <= value <= high
            and low_x < value < high_x
            and (not step or value % step == 0)
            and (choices is None or ("n", value) in choices)
        ):
            return True
        if value is None and nullable and (choices is None or None in choices):
            return True
        return full(value, path, errors)

    return number


def _kind_leaf(
    kinds: frozenset[int], choices: frozenset[object] | None, full: _Check
) -> _Check:
    kinds_get = _KINDS.get

    def kind(value: Any, path: _Path, errors: _Errors) -> bool:
        if kinds_get(type(value)) in kinds and (
            choices is None or _canon(value) in choices
        ):
            return True
        return full(value, path, errors)

    return kind


def _assemble(
    typed: tuple[frozenset[int], int, str] | None,
    generic: tuple[_Check, ...],
    groups: tuple[tuple[_Check, ...], ...],
) -> _Check:
    kinds_get = _KINDS.get
    if typed is None:
        if not any(groups):
            if not generic:
                return _true
            if len(generic) == 1:
                return generic[0]
        allowed: frozenset[int] = frozenset(range(8))
        floats, words = 2, ""
    else:
        allowed, floats, words = typed
    plan = tuple(generic + group for group in groups)  # per kind, in keyword order

    def run(value: Any, path: _Path, errors: _Errors) -> bool:
        kind = kinds_get(type(value))
        if kind is None:
            kind = _slow_kind(value)
        if kind not in allowed and not (
            kind == _FLOAT
            and (math.isfinite(value) if floats == 2 else floats and value.is_integer())
        ):
            if errors is not None:
                errors.append(
                    Violation(_dotted(path), "type", f"must be {words}{_got(value)}")
                )
            return False
        ok = True
        for check in plan[kind]:
            if not check(value, path, errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return run
