"""Text helpers of the IR's types (see `model.py`): primitive types as Python and as words,
the helper names a type expression may use, `Annotated[...]` metadata, and sizes in words.
"""

from __future__ import annotations

import re

from ..literals import py_literal

_PEP440 = re.compile(
    r"^([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*"
    r"((a|b|rc)(0|[1-9][0-9]*))?(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?$"
)

_PRIMITIVE_WORDS = {
    "str": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "any": "any",
    "none": "null",
    "file": "file",
    "bytes": "binary",
    "datetime": "string (date-time)",
    "date": "string (date)",
    "uuid": "string (uuid)",
}
_PRIMITIVE_PY = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "any": "Any",
    "none": "None",
    "file": "FileInput",
    "bytes": "bytes",
    # the modules are imported under private names: a model, alias or field named `date`
    # or `UUID` cannot shadow them
    "datetime": "_dt.datetime",
    "date": "_dt.date",
    "uuid": "_uuid.UUID",
}
# Every name a type expression (or a TypedDict of params.py) may use besides builtins and the
# package's own models and aliases, and the module that defines it (a leading dot: relative to
# the package root).
HELPER_NAMES = {
    "Annotated": "typing",
    "Any": "typing",
    "Literal": "typing",
    "NotRequired": "typing",
    "Required": "typing",
    "TypeAlias": "typing",
    "TypedDict": "typing",
    "Iterable": "collections.abc",
    "Mapping": "collections.abc",
    "AfterValidator": "pydantic",
    "Discriminated": "._runtime._unions",
    "Field": "pydantic",
    "FileInput": "._runtime._models",
    "unique_items": "._runtime._models",
    "_dt": "datetime",
    "_uuid": "uuid",
}

LiteralValues = tuple[str | int | bool | None, ...]


def is_pep440(version: str) -> bool:
    return _PEP440.match(version) is not None


def size_words(max_bytes: int) -> str:
    """ "under 4 MiB (at most 4,194,303 bytes)" when the limit is a round size, else bytes."""
    limit = max_bytes + 1
    for unit, size in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if limit % size == 0:
            return f"under {limit // size} {unit} (at most {max_bytes:,} bytes)"
    return f"at most {max_bytes:,} bytes"


def primitive_python(kind: str) -> tuple[str, frozenset[str]]:
    """A primitive type's Python expression, and the helper names it uses."""
    text = _PRIMITIVE_PY[kind]
    return text, frozenset({text.split(".")[0]} & HELPER_NAMES.keys())


def primitive_words(kind: str) -> str:
    return _PRIMITIVE_WORDS[kind]


def literal_python(values: LiteralValues) -> tuple[str, frozenset[str]]:
    text = "Literal[" + ", ".join(py_literal(v) for v in values) + "]"
    return text, frozenset({"Literal"})


def literal_words(values: LiteralValues) -> str:
    """A literal's values in words: "string", "integer or null", "value"."""
    kinds = {type(v) for v in values if v is not None}
    words = {frozenset({str}): "string", frozenset({int}): "integer"}
    word = words.get(frozenset(kinds), "value")
    word = "boolean" if kinds == {bool} else word
    return word + (" or null" if None in values else "")


def with_metadata(
    inner: str,
    names: frozenset[str],
    field_kwargs: list[tuple[str, str]],
    unique_items: bool,
) -> tuple[str, frozenset[str]]:
    """A type expression with its constraints as `Annotated[...]` metadata, if any."""
    metadata = []
    if field_kwargs:
        metadata.append(f"Field({', '.join(f'{k}={v}' for k, v in field_kwargs)})")
        names |= {"Field"}
    if unique_items:
        metadata.append("AfterValidator(unique_items)")
        names |= {"AfterValidator", "unique_items"}
    if metadata:
        inner = f"Annotated[{inner}, {', '.join(metadata)}]"
        names |= {"Annotated"}
    return inner, names
