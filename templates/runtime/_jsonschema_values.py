"""The shared ground of the JSON Schema validator (`_jsonschema.py`): the closure and path
types every module passes around, the JSON kind of a Python value, JSON-value comparison
(`1 == 1.0`, `True != 1`, deeply), exact numbers as sent, and the wording of messages.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final, TypeAlias, TypeGuard

from ._violations import Violation, shorten

# A location below the instance root, built only as tuples on the way down and joined into
# a dotted string only when a violation is reported. Its "_Path" (inside _Check too) is
# resolved by typing.get_type_hints in the globals of the annotated function's module, so
# a module whose annotations name _Check imports _Path as well.
_Path: TypeAlias = str | tuple["_Path", str | int]
_Errors: TypeAlias = (
    list[Violation] | None
)  # None: only the verdict is wanted, stop early
_Check = Callable[[Any, _Path, _Errors], bool]
_Loc = tuple[str, ...]  # a location in the document: JSON pointer tokens
_Collect = Callable[[Any], set[Any]]  # property names / item indices a schema evaluates

# JSON kinds of Python values
_NULL, _BOOL, _INT, _FLOAT, _STR, _ARR, _OBJ, _OTHER = range(8)
_KINDS: Final[dict[type, int]] = {
    type(None): _NULL,
    bool: _BOOL,
    int: _INT,
    float: _FLOAT,
    str: _STR,
    list: _ARR,
    tuple: _ARR,
    dict: _OBJ,
}
_TYPE_NAMES: Final = {
    "null": "null",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "array": "an array",
    "object": "an object",
}
_TYPE_KINDS: Final[dict[str, tuple[int, ...]]] = {
    "null": (_NULL,),
    "boolean": (_BOOL,),
    "integer": (_INT,),
    "number": (_INT,),
    "string": (_STR,),
    "array": (_ARR,),
    "object": (_OBJ,),
}
_SHOWN_CHOICES = 10  # an enum's members listed in a message


def _slow_kind(value: object) -> int:
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, int):
        return _INT
    if isinstance(value, float):
        return _FLOAT
    if isinstance(value, str):
        return _STR
    if isinstance(value, list | tuple):
        return _ARR
    if isinstance(value, Mapping):
        return _OBJ
    return _OTHER


def _kind(value: object) -> int:
    kind = _KINDS.get(type(value))
    return _slow_kind(value) if kind is None else kind


def _dotted(path: _Path) -> str:
    parts: list[str] = []
    while type(path) is tuple:
        path, key = path
        parts.append(str(key))
    if path:
        parts.append(str(path))
    parts.reverse()
    return ".".join(parts)


def _true(value: Any, path: _Path, errors: _Errors) -> bool:
    return True


# --- JSON values ------------------------------------------------------------------------


def _canon(value: object) -> object:
    """A hashable stand-in that is equal for equal JSON values (1 == 1.0, True != 1)."""
    kind = _kind(value)
    if kind in (_STR, _NULL):
        return value
    if kind in (_INT, _FLOAT):
        return ("n", value)
    if kind == _BOOL:
        return ("b", value)
    if kind == _ARR:
        return ("a", tuple(_canon(item) for item in value))  # type: ignore[attr-defined]
    if kind == _OBJ:
        items: Mapping[object, object] = value  # type: ignore[assignment]
        return ("o", frozenset((key, _canon(item)) for key, item in items.items()))
    return ("x", id(value))  # not a JSON value: equal to nothing else


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _exact(number: int | float) -> Fraction:
    """The number as sent: a float goes on the wire as its shortest repr."""
    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


def _is_multiple(value: int | float, divisor: Fraction) -> bool:
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return (_exact(value) / divisor).denominator == 1


def _count_of(value: object) -> int | None:
    """A count keyword's value (a non-negative integer, `2.0` included), else None."""
    if _is_number(value) and value >= 0 and float(value).is_integer():
        return int(value)
    return None


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _choices(values: Sequence[object]) -> str:
    """The allowed values as a sentence says them: `'a', 'b' or 'c'`."""
    shown = [repr(v) for v in values[:_SHOWN_CHOICES]]
    if len(values) > _SHOWN_CHOICES:
        return ", ".join(shown) + ", ..."
    if len(shown) < 2:
        return "".join(shown) or "nothing"
    return ", ".join(shown[:-1]) + " or " + shown[-1]


def _got(value: object) -> str:
    kind = _kind(value)
    if kind == _OTHER:
        return f" (got {shorten(value)}, which is not a JSON value)"
    if kind == _FLOAT and not math.isfinite(value):  # type: ignore[arg-type]
        return f" (got {value}, which is not a JSON number)"
    return f" (got {shorten(value)})"
