"""The checks of single keywords that look at the value as a whole: `enum`, `const`, the
applicators (`anyOf`, `oneOf`, `not`, `if`), numeric bounds and `multipleOf`, string
lengths and `pattern`, and size limits; with how their messages name things.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from ._jsonschema_values import (
    _TYPE_NAMES,
    _canon,
    _Check,
    _choices,
    _dotted,
    _Errors,
    _exact,
    _got,
    _is_multiple,
    _Path,
    _plural,
)
from ._violations import Violation, shorten

_SHOWN_MEMBERS = 5  # anyOf / oneOf members explained in a message


def _label(node: object, index: int) -> str:
    """How a message names member `index` of anyOf / oneOf."""
    name = ""
    if isinstance(node, Mapping):
        ref, title, kind = node.get("$ref"), node.get("title"), node.get("type")
        if isinstance(ref, str):
            name = unquote(ref.rsplit("/", 1)[-1]).replace("~1", "/").replace("~0", "~")
        elif isinstance(title, str):
            name = title
        elif isinstance(kind, str):
            name = kind
        elif isinstance(kind, list):
            name = " or ".join(str(k) for k in kind)
        elif "const" in node:
            name = shorten(node["const"])
    return f"option {index + 1} ({name})" if name else f"option {index + 1}"


def _first_problem(check: _Check, value: object) -> str:
    found: list[Violation] = []
    check(value, "", found)
    if not found:
        return "matches"
    text = str(found[0])
    return text if len(found) == 1 else f"{text} (and {len(found) - 1} more)"


def _not_summary(node: object) -> str:
    if isinstance(node, Mapping) and len(node) == 1:
        ((key, value),) = node.items()
        if key == "type" and isinstance(value, str) and value in _TYPE_NAMES:
            return f"must not be {_TYPE_NAMES[value]}"
        if key == "enum" and isinstance(value, list):
            return f"must not be one of {_choices(value)}"
        if key == "const":
            return f"must not be {shorten(value)}"
        if key == "required" and isinstance(value, list):
            names = ", ".join(repr(v) for v in value)
            return f"must not have {names}"
    return "must not match the schema in `not`"


def _false(rule: str, message: str) -> _Check:
    def false(value: Any, path: _Path, errors: _Errors) -> bool:
        if errors is not None:
            errors.append(Violation(_dotted(path), rule, message))
        return False

    return false


def _enum(members: list[Any]) -> _Check:
    allowed = frozenset(_canon(m) for m in members)
    # a one-value enum is a constant: "must be 'user'", not "must be one of 'user'"
    wanted = (
        f"must be {_choices(members)}"
        if len(members) == 1
        else (f"must be one of {_choices(members)}")
    )

    def enum(value: Any, path: _Path, errors: _Errors) -> bool:
        try:
            if (value if type(value) is str else _canon(value)) in allowed:
                return True
        except TypeError:  # an unhashable value inside a non-JSON container
            pass
        if errors is not None:
            errors.append(Violation(_dotted(path), "enum", f"{wanted}{_got(value)}"))
        return False

    return enum


def _const(expected: Any) -> _Check:
    wanted = _canon(expected)
    text = shorten(expected)

    def const(value: Any, path: _Path, errors: _Errors) -> bool:
        try:
            if _canon(value) == wanted:
                return True
        except TypeError:
            pass
        if errors is not None:
            errors.append(
                Violation(_dotted(path), "const", f"must be {text}{_got(value)}")
            )
        return False

    return const


def _any_of(checks: tuple[_Check, ...], labels: tuple[str, ...]) -> _Check:
    def any_of(value: Any, path: _Path, errors: _Errors) -> bool:
        for check in checks:
            if check(value, path, None):
                return True
        if errors is not None:
            errors.append(
                Violation(_dotted(path), "anyOf", _no_match(checks, labels, value))
            )
        return False

    return any_of


def _no_match(
    checks: tuple[_Check, ...], labels: tuple[str, ...], value: object
) -> str:
    """Why no member matched: the first problem of each (of the first few) members."""
    reasons = [
        f"{label}: {_first_problem(check, value)}"
        for check, label in zip(
            checks[:_SHOWN_MEMBERS], labels[:_SHOWN_MEMBERS], strict=True
        )
    ]
    if len(checks) > _SHOWN_MEMBERS:
        reasons.append(f"and {len(checks) - _SHOWN_MEMBERS} more options")
    return "must match one of the allowed forms: " + "; ".join(reasons)


def _one_of(checks: tuple[_Check, ...], labels: tuple[str, ...]) -> _Check:
    def one_of(value: Any, path: _Path, errors: _Errors) -> bool:
        matched: list[int] = []
        for i, check in enumerate(checks):
            if check(value, path, None):
                matched.append(i)
                if len(matched) > 1 and errors is None:
                    return False
        if len(matched) == 1:
            return True
        if errors is not None:
            if matched:
                names = " and ".join(labels[i] for i in matched)
                message = (
                    f"must match exactly one of the allowed forms (matches {names})"
                )
            else:
                message = _no_match(checks, labels, value)
            errors.append(Violation(_dotted(path), "oneOf", message))
        return False

    return one_of


def _not(check: _Check, summary: str) -> _Check:
    def not_(value: Any, path: _Path, errors: _Errors) -> bool:
        if not check(value, path, None):
            return True
        if errors is not None:
            errors.append(Violation(_dotted(path), "not", f"{summary}{_got(value)}"))
        return False

    return not_


def _if(condition: _Check, then: _Check | None, otherwise: _Check | None) -> _Check:
    def if_(value: Any, path: _Path, errors: _Errors) -> bool:
        branch = then if condition(value, path, None) else otherwise
        return True if branch is None else branch(value, path, errors)

    return if_


def _bound(
    limit: float,
    rule: str,
    words: str,
    ge: bool = False,
    gt: bool = False,
    le: bool = False,
    lt: bool = False,
) -> _Check:
    def report(value: Any, path: _Path, errors: _Errors) -> bool:
        if errors is not None:
            errors.append(
                Violation(_dotted(path), rule, f"{words} {limit}{_got(value)}")
            )
        return False

    if ge:

        def minimum(value: Any, path: _Path, errors: _Errors) -> bool:
            return value >= limit or report(value, path, errors)

        return minimum
    if gt:

        def exclusive_minimum(value: Any, path: _Path, errors: _Errors) -> bool:
            return value > limit or report(value, path, errors)

        return exclusive_minimum
    if le:

        def maximum(value: Any, path: _Path, errors: _Errors) -> bool:
            return value <= limit or report(value, path, errors)

        return maximum
    assert lt

    def exclusive_maximum(value: Any, path: _Path, errors: _Errors) -> bool:
        return value < limit or report(value, path, errors)

    return exclusive_maximum


def _multiple_of(divisor: int | float) -> _Check:
    exact = _exact(divisor)
    whole = exact.denominator == 1
    step = int(exact) if whole else 0

    def multiple_of(value: Any, path: _Path, errors: _Errors) -> bool:
        if type(value) is int and whole:
            if value % step == 0:
                return True
        elif _is_multiple(value, exact):
            return True
        if errors is not None:
            errors.append(
                Violation(
                    _dotted(path),
                    "multipleOf",
                    f"must be a multiple of {divisor}{_got(value)}",
                )
            )
        return False

    return multiple_of


def _min_length(limit: int) -> _Check:
    def min_length(value: Any, path: _Path, errors: _Errors) -> bool:
        if len(value) >= limit:
            return True
        if errors is not None:
            message = f"at least {_plural(limit, 'character')} (got {len(value)})"
            errors.append(Violation(_dotted(path), "minLength", message))
        return False

    return min_length


def _max_length(limit: int) -> _Check:
    def max_length(value: Any, path: _Path, errors: _Errors) -> bool:
        if len(value) <= limit:
            return True
        if errors is not None:
            message = f"at most {_plural(limit, 'character')} (got {len(value)})"
            errors.append(Violation(_dotted(path), "maxLength", message))
        return False

    return max_length


def _pattern(regex: re.Pattern[str], source: str) -> _Check:
    search = regex.search

    def pattern(value: Any, path: _Path, errors: _Errors) -> bool:
        if search(value) is not None:
            return True
        if errors is not None:
            errors.append(
                Violation(
                    _dotted(path), "pattern", f"must match {source!r}{_got(value)}"
                )
            )
        return False

    return pattern


def _count(limit: int, rule: str, words: str, noun: str, ge: bool) -> _Check:
    def count(value: Any, path: _Path, errors: _Errors) -> bool:
        size = len(value)
        if (size >= limit) if ge else (size <= limit):
            return True
        if errors is not None:
            message = f"{words} {_plural(limit, noun)} (got {size})"
            errors.append(Violation(_dotted(path), rule, message))
        return False

    return count
