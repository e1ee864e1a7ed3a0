"""The checks of array and object keywords, which look inside the value: items,
`uniqueItems`, `contains`, `required`, properties, `propertyNames`, dependencies, and
`unevaluatedProperties` / `unevaluatedItems`.
"""

from __future__ import annotations

import re
from typing import Any

from ._jsonschema_patterns import _search
from ._jsonschema_values import (
    _canon,
    _Check,
    _Collect,
    _dotted,
    _Errors,
    _Path,
    _plural,
)
from ._violations import Violation


def _items(
    prefix: tuple[_Check, ...], rest: _Check | None, forbidden: bool, rest_rule: str
) -> _Check:
    width = len(prefix)
    if not width and rest is not None and not forbidden:
        each = rest

        def every_item(value: Any, path: _Path, errors: _Errors) -> bool:
            ok = True
            for index, item in enumerate(value):
                if not each(item, (path, index), errors):
                    if errors is None:
                        return False
                    ok = False
            return ok

        return every_item

    def items(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for index, item in enumerate(value):
            if index < width:
                check = prefix[index]
            elif rest is None:
                break
            elif forbidden:
                if errors is None:
                    return False
                message = f"is not allowed (at most {_plural(width, 'item')})"
                errors.append(Violation(_dotted((path, index)), rest_rule, message))
                ok = False
                continue
            else:
                check = rest
            if not check(item, (path, index), errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return items


def _unique(value: Any, path: _Path, errors: _Errors) -> bool:
    seen: dict[object, int] = {}
    ok = True
    for index, item in enumerate(value):
        try:
            key = _canon(item)
            first = seen.setdefault(key, index)
        except TypeError:
            continue
        if first != index:
            if errors is None:
                return False
            message = f"must not repeat items (items {first} and {index} are equal)"
            errors.append(Violation(_dotted(path), "uniqueItems", message))
            ok = False
    return ok


def _contains(check: _Check, least: int, most: int | None) -> _Check:
    def contains(value: Any, path: _Path, errors: _Errors) -> bool:
        found = 0
        for index, item in enumerate(value):
            if check(item, (path, index), None):
                found += 1
                if found >= least and most is None:
                    return True
        if found >= least and (most is None or found <= most):
            return True
        if errors is not None:
            if found < least:
                rule = "contains" if least == 1 else "minContains"
                wanted = f"at least {_plural(least, 'item')}"
            else:
                rule, wanted = "maxContains", f"at most {_plural(most or 0, 'item')}"
            message = f"must contain {wanted} matching `contains` (got {found})"
            errors.append(Violation(_dotted(path), rule, message))
        return False

    return contains


def _required(names: tuple[str, ...]) -> _Check:
    def required(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for name in names:
            if name not in value:
                if errors is None:
                    return False
                errors.append(
                    Violation(_dotted((path, name)), "required", "is required")
                )
                ok = False
        return ok

    return required


def _properties(
    props: dict[str, _Check],
    patterns: tuple[tuple[re.Pattern[str], _Check], ...],
    additional: _Check | None,
    forbidden: bool,
) -> _Check:
    get = props.get
    if not patterns and additional is None:

        def properties(value: Any, path: _Path, errors: _Errors) -> bool:
            ok = True
            for key, item in value.items():
                check = get(key)
                if check is not None and not check(item, (path, key), errors):
                    if errors is None:
                        return False
                    ok = False
            return ok

        return properties

    if not patterns:

        def properties_and_others(value: Any, path: _Path, errors: _Errors) -> bool:
            ok = True
            for key, item in value.items():
                check = get(key)
                if check is not None:
                    if check(item, (path, key), errors):
                        continue
                elif forbidden:
                    if errors is None:
                        return False
                    errors.append(
                        Violation(
                            _dotted((path, key)),
                            "additionalProperties",
                            "is not a known field",
                        )
                    )
                    ok = False
                    continue
                elif additional is None or additional(item, (path, key), errors):
                    continue
                if errors is None:
                    return False
                ok = False
            return ok

        return properties_and_others

    def properties_and_more(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for key, item in value.items():
            check = get(key)
            known = check is not None
            if check is not None and not check(item, (path, key), errors):
                if errors is None:
                    return False
                ok = False
            for regex, pattern_check in patterns:
                if _search(regex, key):
                    known = True
                    if not pattern_check(item, (path, key), errors):
                        if errors is None:
                            return False
                        ok = False
            if known or additional is None:
                continue
            if forbidden:
                if errors is None:
                    return False
                errors.append(
                    Violation(
                        _dotted((path, key)),
                        "additionalProperties",
                        "is not a known field",
                    )
                )
                ok = False
            elif not additional(item, (path, key), errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return properties_and_more


def _property_names(check: _Check) -> _Check:
    def property_names(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for key in value:
            if check(key, "", None):
                continue
            if errors is None:
                return False
            found: list[Violation] = []
            check(key, "", found)
            reason = "; ".join(v.message for v in found) or "not allowed"
            errors.append(
                Violation(
                    _dotted((path, key)),
                    "propertyNames",
                    f"is not an allowed field name ({reason})",
                )
            )
            ok = False
        return ok

    return property_names


def _dependent_required(needs: dict[str, tuple[str, ...]], rule: str) -> _Check:
    def dependent_required(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for name, wanted in needs.items():
            if name not in value:
                continue
            for other in wanted:
                if other not in value:
                    if errors is None:
                        return False
                    message = f"is required when {name!r} is given"
                    errors.append(Violation(_dotted((path, other)), rule, message))
                    ok = False
        return ok

    return dependent_required


def _dependent_schemas(schemas: dict[str, _Check]) -> _Check:
    def dependent_schemas(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for name, check in schemas.items():
            if name in value and not check(value, path, errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return dependent_schemas


def _unevaluated_properties(sub: _Check, seen: _Collect, forbidden: bool) -> _Check:
    def unevaluated_properties(value: Any, path: _Path, errors: _Errors) -> bool:
        evaluated = seen(value)
        ok = True
        for key, item in value.items():
            if key in evaluated:
                continue
            if forbidden:
                if errors is None:
                    return False
                errors.append(
                    Violation(
                        _dotted((path, key)),
                        "unevaluatedProperties",
                        "is not a known field",
                    )
                )
                ok = False
            elif not sub(item, (path, key), errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return unevaluated_properties


def _unevaluated_items(sub: _Check, seen: _Collect, forbidden: bool) -> _Check:
    def unevaluated_items(value: Any, path: _Path, errors: _Errors) -> bool:
        evaluated = seen(value)
        ok = True
        for index, item in enumerate(value):
            if index in evaluated:
                continue
            if forbidden:
                if errors is None:
                    return False
                errors.append(
                    Violation(
                        _dotted((path, index)),
                        "unevaluatedItems",
                        "is not allowed (no schema describes this item)",
                    )
                )
                ok = False
            elif not sub(item, (path, index), errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return unevaluated_items
