"""ECMA-262 patterns, as specs write them, translated for Python's `re` (the rules are in
the `_jsonschema` module docstring); compiled once per pattern.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

_ECMA_SPACE: Final = (
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
)
_ECMA_DIGIT: Final = ((0x30, 0x39),)
_ECMA_WORD: Final = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_ECMA_LINE_END: Final = ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))


def _class_text(ranges: Sequence[tuple[int, int]]) -> str:
    return "".join(
        f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}"
        for low, high in ranges
    )


def _complement(ranges: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    start = 0
    for low, high in ranges:
        if low > start:
            out.append((start, low - 1))
        start = high + 1
    if start <= 0x10FFFF:
        out.append((start, 0x10FFFF))
    return tuple(out)


_CLASS_ESCAPES: Final = {
    "d": _ECMA_DIGIT,
    "D": _complement(_ECMA_DIGIT),
    "w": _ECMA_WORD,
    "W": _complement(_ECMA_WORD),
    "s": _ECMA_SPACE,
    "S": _complement(_ECMA_SPACE),
}
_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")


_CATEGORY_NAMES: Final = {
    "Other": "C",
    "Control": "Cc",
    "cntrl": "Cc",
    "Format": "Cf",
    "Unassigned": "Cn",
    "Private_Use": "Co",
    "Surrogate": "Cs",
    "Letter": "L",
    "Cased_Letter": "LC",
    "Lowercase_Letter": "Ll",
    "Modifier_Letter": "Lm",
    "Other_Letter": "Lo",
    "Titlecase_Letter": "Lt",
    "Uppercase_Letter": "Lu",
    "Mark": "M",
    "Combining_Mark": "M",
    "Spacing_Mark": "Mc",
    "Enclosing_Mark": "Me",
    "Nonspacing_Mark": "Mn",
    "Number": "N",
    "Decimal_Number": "Nd",
    "digit": "Nd",
    "Letter_Number": "Nl",
    "Other_Number": "No",
    "Punctuation": "P",
    "punct": "P",
    "Connector_Punctuation": "Pc",
    "Dash_Punctuation": "Pd",
    "Close_Punctuation": "Pe",
    "Final_Punctuation": "Pf",
    "Initial_Punctuation": "Pi",
    "Other_Punctuation": "Po",
    "Open_Punctuation": "Ps",
    "Symbol": "S",
    "Currency_Symbol": "Sc",
    "Modifier_Symbol": "Sk",
    "Math_Symbol": "Sm",
    "Other_Symbol": "So",
    "Separator": "Z",
    "Line_Separator": "Zl",
    "Paragraph_Separator": "Zp",
    "Space_Separator": "Zs",
}


@lru_cache(maxsize=1)
def _categories() -> dict[str, tuple[tuple[int, int], ...]]:
    """Code point ranges of every Unicode general category (built once, on first need)."""
    found: dict[str, list[tuple[int, int]]] = {}
    category = unicodedata.category
    start, current = 0, category(chr(0))
    for code in range(1, 0x110001):
        name = category(chr(code)) if code <= 0x10FFFF else ""
        if name != current:
            found.setdefault(current, []).append((start, code - 1))
            start, current = code, name
    return {name: tuple(ranges) for name, ranges in found.items()}


def _merged(ranges: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(high, out[-1][1]))
        else:
            out.append((low, high))
    return tuple(out)


def _property(name: str) -> tuple[tuple[int, int], ...] | None:
    """The ranges of a `\\p{...}` General_Category (or Any, ASCII, Assigned), else None."""
    for prefix in ("General_Category=", "gc="):
        name = name.removeprefix(prefix)
    if name == "Any":
        return ((0, 0x10FFFF),)
    if name == "ASCII":
        return ((0, 0x7F),)
    if name == "Assigned":
        return _complement(_categories().get("Cn", ()))
    short = _CATEGORY_NAMES.get(name, name)
    categories = _categories()
    wanted: tuple[str, ...] = ("Lu", "Ll", "Lt") if short == "LC" else (short,)
    if len(short) == 1:
        wanted = tuple(c for c in categories if c.startswith(short))
    elif short not in categories and short != "LC":
        return None
    if not wanted:
        return None
    return _merged([r for c in wanted for r in categories.get(c, ())])


def _escape_length(pattern: str, index: int) -> tuple[str | None, int]:
    """A code point escape at pattern[index] ('\\'): (Python text, length) or (None, 0)."""
    rest = pattern[index + 1 :]
    if rest.startswith("u{"):
        end = rest.find("}")
        digits = rest[2:end] if end != -1 else ""
        if digits and all(c in "0123456789abcdefABCDEF" for c in digits):
            code = int(digits, 16)
            if code <= 0x10FFFF:
                return f"\\U{code:08x}", end + 2
    if re.match(r"u[0-9a-fA-F]{4}", rest):
        code = int(rest[1:5], 16)
        low = re.match(r"\\u([dD][c-fC-F][0-9a-fA-F]{2})", rest[5:])
        if 0xD800 <= code <= 0xDBFF and low:
            pair = 0x10000 + ((code - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
            return f"\\U{pair:08x}", 12
        return f"\\U{code:08x}", 6
    if rest[:1] == "c" and rest[1:2].isascii() and rest[1:2].isalpha():
        return f"\\x{ord(rest[1]) % 32:02x}", 3
    return None, 0


def ecma_to_python(pattern: str) -> str:
    """The Python `re` spelling of an ECMA-262 pattern (see the module docstring)."""
    out: list[str] = []
    in_class = False
    index = 0
    length = len(pattern)
    while index < length:
        char = pattern[index]
        if char == "\\" and index + 1 < length:
            letter = pattern[index + 1]
            text, used = _escape_length(pattern, index)
            if text is not None:
                out.append(text)
                index += used
                continue
            end = pattern.find("}", index + 3)
            if letter in "pP" and pattern.startswith("{", index + 2) and end != -1:
                ranges_of = _property(pattern[index + 3 : end])
                if ranges_of is not None:
                    if letter == "P":
                        ranges_of = _complement(ranges_of)
                    text = _class_text(ranges_of)
                    out.append(text if in_class else f"[{text}]")
                    index = end + 1
                    continue
            if letter in _CLASS_ESCAPES:
                ranges = _class_text(_CLASS_ESCAPES[letter])
                out.append(ranges if in_class else f"[{ranges}]")
            elif letter in "bB" and not in_class:
                out.append(f"(?a:\\{letter})")
            elif letter == "k" and not in_class and pattern.startswith("<", index + 2):
                end = pattern.find(">", index + 3)
                if end == -1:
                    out.append("\\k")
                else:
                    out.append(f"(?P={pattern[index + 3 : end]})")
                    index = end + 1
                    continue
            else:
                out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
                out.append(char)
            elif char in "[&~|":
                out.append(
                    "\\" + char
                )  # literal in ECMA; Python warns of set operations
            else:
                out.append(char)
        elif char == "[":
            if pattern.startswith("[]", index):
                out.append("(?!)")  # the empty class matches nothing
                index += 2
                continue
            if pattern.startswith("[^]", index):
                out.append("(?s:.)")  # any character at all
                index += 3
                continue
            in_class = True
            out.append(char)
            if pattern.startswith("[^", index):
                out.append("^")
                index += 1
        elif char == "$":
            out.append(r"\Z")
        elif char == ".":
            out.append(f"[^{_class_text(_ECMA_LINE_END)}]")
        elif char == "(" and _NAMED_GROUP.match(pattern, index):
            out.append("(?P<")
            index += 3
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out)


@lru_cache(maxsize=1024)
def _regex(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(ecma_to_python(pattern))
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def _search(regex: re.Pattern[str], text: object) -> bool:
    return regex.search(text if type(text) is str else str(text)) is not None
