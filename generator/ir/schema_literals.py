"""`const` and `enum` values as Literal types, and whether a `default` fits a type."""

from __future__ import annotations

from typing import Any

from ..source.resolve import Located
from .model import ANY, NONE, Alias, TypeRef

_LITERAL_FALLBACK = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}


def literal_type(
    located: Located, values: list[Any], types: list[str] | None = None
) -> TypeRef:
    """`const` or `enum` values as a Literal (str, int, bool and None values; None alone is
    `None`). Values a Literal cannot hold (floats, objects, arrays) give the plain type:
    the declared one, else the one all the values share, else `Any`.
    """
    usable = [v for v in values if isinstance(v, str | int | bool) or v is None]
    if len(usable) != len(values) or not usable:
        kinds = list(types or [])
        if not kinds:
            kinds = list(dict.fromkeys(_json_type(v) for v in values))
        if len(kinds) == 1 and kinds[0] in _LITERAL_FALLBACK:
            return TypeRef(_LITERAL_FALLBACK[kinds[0]])  # type: ignore[arg-type]
        if set(kinds) == {"integer", "number"}:
            return TypeRef("float")
        return ANY
    if usable == [None]:
        return NONE
    # True == 1 in a dict: keep values apart by their JSON type too
    unique = {(type(v), v): v for v in usable}
    return TypeRef("literal", values=tuple(unique.values()))


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "other"


def default_fits(value: Any, type_ref: TypeRef, aliases: dict[str, Alias]) -> bool:
    """Whether `value` is a valid Python default for the annotation (so mypy accepts it)."""
    kind = type_ref.kind
    if kind == "any":
        return True
    if kind == "union":
        return any(default_fits(value, a, aliases) for a in type_ref.args)
    if kind == "named":
        alias = aliases.get(type_ref.name)
        return alias is not None and default_fits(value, alias.type, aliases)
    if value is None:
        return kind == "none" or (kind == "literal" and None in type_ref.values)
    if kind == "literal":
        return any(value == v and type(value) is type(v) for v in type_ref.values)
    if isinstance(value, bool):
        return kind == "bool"
    if isinstance(value, int):
        return kind in ("int", "float")
    if isinstance(value, float):
        return kind == "float"
    if isinstance(value, str):
        return kind == "str"
    if isinstance(value, list):
        return kind == "list" and all(
            default_fits(v, type_ref.args[0], aliases) for v in value
        )
    if isinstance(value, dict):
        return kind == "dict" and all(
            default_fits(v, type_ref.args[0], aliases) for v in value.values()
        )
    return False
