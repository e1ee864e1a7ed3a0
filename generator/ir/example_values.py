"""The smallest value a number or string schema accepts, for the docs' examples: the lower
bound of a range, a string matching the pattern and the length limits."""

from __future__ import annotations

import re
from typing import Any

from .model import Constraints


def number_example(c: Constraints, *, integer: bool) -> float:
    """The lower bound when there is one (nudged past an exclusive one), else 0 or 1."""
    step = 1 if integer else 0.5
    if c.ge is not None:
        value = float(c.ge)
    elif c.gt is not None:
        value = float(c.gt) + step
    elif c.le is not None and c.le < 0:
        value = float(c.le)
    elif c.lt is not None and c.lt <= 0:
        value = float(c.lt) - step
    else:
        value = 1.0 if c.multiple_of else 0.0
    if c.multiple_of:
        m = float(c.multiple_of)
        value = -(-value // m) * m  # the next multiple at or above the bound
    if integer:
        value = float(int(value))
    return value


# realistic values for the parsed formats (by TypeRef kind) and for strings named like these
FORMAT_EXAMPLES = {
    "datetime": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
}
_NAMED = (
    (re.compile(r"(^|[_-])e-?mail(_address)?$", re.I), "user@example.com"),
    (
        re.compile(r"(^|[_-])(url|uri|website|homepage|href)$", re.I),
        "https://example.com",
    ),
)


def string_example(c: Constraints, name: str = "") -> str:
    """A value meeting the constraints: an email address or a URL for a string named
    like one (`email`, `billing_email`, `url`, `callback_url`), else a word."""
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    text = next((v for rx, v in _NAMED if rx.search(snake)), "string")
    if text != "string" and not _fits(text, c):
        text = "string"
    if c.python_pattern and text == "string":
        text = regex_example(c.python_pattern) or text
    if c.min_length is not None and len(text) < c.min_length:
        text = text + "x" * (c.min_length - len(text))
    if c.max_length is not None and len(text) > c.max_length:
        text = text[: c.max_length]
    return text


def _fits(text: str, c: Constraints) -> bool:
    if c.python_pattern and not re.search(c.python_pattern, text):
        return False
    return (c.min_length or 0) <= len(text) <= (c.max_length or len(text))


def regex_example(pattern: str) -> str | None:
    """A short string matching `pattern` (best effort: None when not found)."""
    try:
        from re import _parser as parser  # type: ignore[attr-defined]

        text = _walk(parser.parse(pattern), parser)
    except Exception:  # an exotic pattern: the caller falls back to a plain word
        return None
    return text if re.search(pattern, text) else None


def _walk(items: Any, parser: Any, groups: dict[int, str] | None = None) -> str:
    groups = {} if groups is None else groups
    out: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if chr(arg) != "a" else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_class_member(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = arg
            out.append(_walk(sub, parser, groups) * max(low, 0))
        elif name == "SUBPATTERN":
            group, _add, _del, sub = arg
            text = _walk(sub, parser, groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif name == "BRANCH":
            out.append(_walk(arg[1][0], parser, groups))
        elif name == "GROUPREF":
            out.append(groups.get(arg, ""))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        elif name == "CATEGORY":
            out.append(_category(str(arg)))
        else:
            raise ValueError(name)
    return "".join(out)


def _class_member(items: Any) -> str:
    negate = any(str(op) == "NEGATE" for op, _ in items)
    if negate:
        excluded = {chr(a) for op, a in items if str(op) == "LITERAL"}
        return next(c for c in "aA0_-x" if c not in excluded)
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            return chr(arg[0])
        if name == "CATEGORY":
            return _category(str(arg))
    return "a"


def _category(name: str) -> str:
    return {
        "CATEGORY_DIGIT": "0",
        "CATEGORY_NOT_DIGIT": "a",
        "CATEGORY_SPACE": " ",
        "CATEGORY_NOT_SPACE": "a",
        "CATEGORY_WORD": "a",
        "CATEGORY_NOT_WORD": "-",
    }.get(name, "a")
