"""Parameters on the wire, as the spec's `style` / `explode` / `allowReserved` say.

OpenAPI serializes path, query and header parameters (and form fields with an `encoding`)
by RFC 6570-like styles; each location has a default (query: `form` exploded; path and
header: `simple`). A value is a scalar, an array or an object (a model or a mapping, by
wire name, only the fields set):

    style           explode  array ["a", "b"]       object {"R": 1, "G": 2}
    form (query)    true     c=a&c=b                R=1&G=2
    form (query)    false    c=a,b                  c=R,1,G,2
    spaceDelimited  false    c=a%20b                c=R%201%20G%202
    pipeDelimited   false    c=a%7Cb                c=R%7C1%7CG%7C2
    deepObject      true     c=a&c=b                c%5BR%5D=1&c%5BG%5D=2
    simple (path)   false    a,b                    R,1,G,2
    simple (path)   true     a,b                    R=1,G=2
    label (path)    false    .a,b                   .R,1,G,2
    label (path)    true     .a.b                   .R=1.G=2
    matrix (path)   false    ;c=a,b                 ;c=R,1,G,2
    matrix (path)   true     ;c=a;c=b               ;R=1;G=2

Combinations the spec leaves undefined are sent the nearest defined way: space- and
pipe-delimited with `explode: true`, and deepObject with an array, as exploded `form`; a
scalar in any query style as `name=value`. deepObject nests: `{"a": {"b": 1}}` under `c` is
`c[a][b]=1` and an array inside it `c[a][]=x` (what Rails, PHP and qs read). Values nested
deeper than a style can say (an object inside a `form` array) travel as JSON text.

Query names and values are percent-encoded but for RFC 3986's unreserved characters (the
delimiters above stay as shown); `allowReserved` keeps the reserved characters a query may
hold literally (`:/?@!$'()*,;` and existing `%XX` triples; never `&=+#[]`). Path values
are encoded per RFC 3986 `pchar`: unreserved, sub-delims, `:` and `@` stay as they are.
Header values are not percent-encoded. A parameter the spec gives as `content` with a JSON
media type (instead of a schema) is sent as JSON text (`Style("json")`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, TypeAlias
from urllib.parse import quote

import pydantic

from ._types import NotGiven

__all__ = [
    "HEADER_STYLE",
    "PATH_STYLE",
    "QUERY_STYLE",
    "Style",
    "form_pairs",
    "header_text",
    "jsonable",
    "path_text",
    "query_string",
    "to_text",
]


@dataclass(frozen=True)
class Style:
    """How one parameter (or form field) is serialized: the spec's `style`, `explode` and
    `allowReserved`."""

    style: str = "form"
    explode: bool = True
    allow_reserved: bool = False


# Not an OpenAPI style: a parameter given by a JSON `content` media type, sent as JSON text.
JSON: Final = "json"
QUERY_STYLE: Final = Style("form", True)
PATH_STYLE: Final = Style("simple", False)
HEADER_STYLE: Final = Style("simple", False)

# quote() never encodes letters, digits and "_.-~" (RFC 3986 unreserved)
_PCHAR: Final = "!$&'()*+,;=:@"  # sub-delims, ":" and "@"
_PATH_ATOM: Final = "!$&'()*+:@"  # the same without the delimiters of composite values
_QUERY_RESERVED: Final = ":/?@!$'()*,;"  # what allowReserved keeps
_TRIPLE = re.compile(r"(%[0-9A-Fa-f]{2})")

_any_adapter: pydantic.TypeAdapter[Any] | None = None

Items: TypeAlias = list[tuple[str, object]]


def _strip_not_given(value: object) -> object:
    if isinstance(value, Mapping):
        return {
            k: _strip_not_given(v)
            for k, v in value.items()
            if not isinstance(v, NotGiven)
        }
    if isinstance(value, list | tuple):
        return [_strip_not_given(v) for v in value if not isinstance(v, NotGiven)]
    return value


def jsonable(value: object) -> object:
    """Plain JSON data for ``value``: models by alias with only the fields set."""
    global _any_adapter
    if _any_adapter is None:  # built on first use to keep imports cheap
        _any_adapter = pydantic.TypeAdapter(Any)
    result: object = _any_adapter.dump_python(
        _strip_not_given(value), mode="json", by_alias=True, exclude_unset=True
    )
    return result


def to_text(value: object) -> str:
    """Text form of a scalar for paths, queries, headers and form fields."""
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, Enum):
        return to_text(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    data = jsonable(value)
    if isinstance(data, str):  # datetimes, UUIDs, decimals...
        return data
    # Objects and arrays nested in a scalar slot travel as JSON text.
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _shape(value: object) -> tuple[str, object]:
    """("none" | "scalar" | "array" | "object", the value as plain data)."""
    if value is None or isinstance(value, NotGiven):
        return "none", None
    if isinstance(value, str | bytes | int | float | Enum):
        return "scalar", value
    if isinstance(value, list | tuple):
        items = [v for v in value if v is not None and not isinstance(v, NotGiven)]
        return "array", items
    data = jsonable(value) if not isinstance(value, Mapping) else value
    if isinstance(data, Mapping):
        pairs: Items = [
            (str(k), v)
            for k, v in data.items()
            if v is not None and not isinstance(v, NotGiven)
        ]
        return "object", pairs
    if isinstance(data, list):
        return "array", [v for v in data if v is not None]
    return "scalar", value


# --------------------------------------------------------------------------
# Query strings and form fields: (name keys, values, joiner) pairs

# One name=value pair before encoding: the name as its keys (`c`, or `c`, `a`, `b` for a
# deepObject's `c[a][b]`), the values and what joins them (a delimiter of the style).
_Pair: TypeAlias = tuple[tuple[str, ...], tuple[str, ...], str]
_JOINERS: Final = {"spaceDelimited": " ", "pipeDelimited": "|"}


def _deep(keys: tuple[str, ...], value: object) -> list[_Pair]:
    kind, data = _shape(value)
    if kind == "object":
        assert isinstance(data, list)
        return [pair for k, v in data for pair in _deep((*keys, k), v)]
    if kind == "array":
        assert isinstance(data, list)
        return [
            pair
            for item in data
            for pair in (
                _deep((*keys, ""), item)
                if _shape(item)[0] != "scalar"
                else [((*keys, ""), (to_text(item),), ",")]
            )
        ]
    if kind == "scalar":
        return [(keys, (to_text(data),), ",")]
    return []


def _json_text(value: object) -> str:
    return json.dumps(jsonable(value), separators=(",", ":"), ensure_ascii=False)


def _pairs(name: str, value: object, style: Style) -> list[_Pair]:
    kind, data = _shape(value)
    if kind == "none":
        return []
    if style.style == JSON:
        return [((name,), (_json_text(value),), ",")]
    if kind == "scalar":
        return [((name,), (to_text(data),), ",")]
    if style.style == "deepObject" and kind == "object":
        return _deep((name,), value)
    joiner = _JOINERS.get(style.style, ",")
    exploded = style.explode or style.style == "deepObject"
    assert isinstance(data, list)
    if kind == "array":
        texts = tuple(to_text(v) for v in data)
        if not texts:
            return []
        if exploded:
            return [((name,), (t,), joiner) for t in texts]
        return [((name,), texts, joiner)]
    if not data:
        return []
    if exploded:
        return [((k,), (to_text(v),), joiner) for k, v in data]
    flat = tuple(t for k, v in data for t in (k, to_text(v)))
    return [((name,), flat, joiner)]


def _query_value(text: str, allow_reserved: bool) -> str:
    if not allow_reserved:
        return quote(text, safe="")
    pieces = _TRIPLE.split(text)  # odd indexes: existing %XX triples, kept
    return "".join(
        piece if i % 2 else quote(piece, safe=_QUERY_RESERVED)
        for i, piece in enumerate(pieces)
    )


_ENCODED_JOINERS: Final = {",": ",", " ": "%20", "|": "%7C"}


def _query_piece(pair: _Pair, allow_reserved: bool) -> str:
    keys, values, joiner = pair
    name = quote(keys[0], safe="") + "".join(
        f"%5B{quote(k, safe='')}%5D" for k in keys[1:]
    )
    text = _ENCODED_JOINERS[joiner].join(
        _query_value(v, allow_reserved) for v in values
    )
    return f"{name}={text}"


def query_string(
    query: Mapping[str, object] | None,
    styles: Mapping[str, Style] | None = None,
    extra: Mapping[str, object] | None = None,
) -> str:
    """The encoded query string (without `?`) of a call's parameters by their styles (the
    default: `form`, exploded), then `extra_query`'s: a key there replaces the parameter of
    that name; a mapping there is sent as a deepObject (`name[key]=value`)."""
    merged = {**(query or {}), **(extra or {})}
    pieces: list[str] = []
    for name, value in merged.items():
        style = (styles or {}).get(name, QUERY_STYLE)
        if extra is not None and name in extra:
            deep = _shape(value)[0] == "object"
            style = Style("deepObject") if deep else QUERY_STYLE
        pieces.extend(
            _query_piece(pair, style.allow_reserved)
            for pair in _pairs(name, value, style)
        )
    return "&".join(pieces)


def form_pairs(name: str, value: object, style: Style) -> list[tuple[str, str]]:
    """A form field serialized by a style, as (name, value) pairs before any encoding (a
    multipart part each; urlencoded bodies are encoded by httpx)."""
    out: list[tuple[str, str]] = []
    for keys, values, joiner in _pairs(name, value, style):
        key = keys[0] + "".join(f"[{k}]" for k in keys[1:])
        out.append((key, joiner.join(values)))
    return out


# --------------------------------------------------------------------------
# Paths and headers


def _path_atom(text: str, safe: str) -> str:
    if text in (".", ".."):
        # Dot segments would be collapsed by URL normalisation.
        return text.replace(".", "%2E")
    return quote(text, safe=safe)


def path_text(name: str, value: object, style: Style = PATH_STYLE) -> str:
    """A path parameter's value, encoded for its place in the path (see the module's
    table); an empty value is refused: it would address another endpoint."""
    kind, data = _shape(value)
    if kind == "none":
        raise ValueError(f"path parameter {name!r} is required")
    if style.style == JSON:
        return _path_atom(_json_text(value), _PCHAR)
    if kind == "scalar" and style.style in ("simple", "label"):
        text = to_text(data)
        if not text:
            raise ValueError(f"path parameter {name!r} must not be empty")
        return ("." if style.style == "label" else "") + _path_atom(text, _PCHAR)
    if not data and kind != "scalar":
        raise ValueError(f"path parameter {name!r} must not be empty")
    encoded = quote(name, safe=_PATH_ATOM)
    if kind == "scalar":  # matrix
        text = _path_atom(to_text(data), _PATH_ATOM)
        return f";{encoded}={text}" if text else f";{encoded}"
    assert isinstance(data, list)
    explode = style.explode
    if kind == "array":
        texts = [_path_atom(to_text(v), _PATH_ATOM) for v in data]
        if style.style == "matrix":
            if explode:
                return "".join(f";{encoded}={t}" for t in texts)
            return f";{encoded}=" + ",".join(texts)
        if style.style == "label":
            return "." + ("." if explode else ",").join(texts)
        return ",".join(texts)
    items = [
        (_path_atom(k, _PATH_ATOM), _path_atom(to_text(v), _PATH_ATOM)) for k, v in data
    ]
    if explode:
        joined = [f"{k}={v}" for k, v in items]
        if style.style == "matrix":
            return "".join(f";{p}" for p in joined)
        if style.style == "label":
            return "." + ".".join(joined)
        return ",".join(joined)
    flat = ",".join(t for pair in items for t in pair)
    if style.style == "matrix":
        return f";{encoded}={flat}"
    return ("." if style.style == "label" else "") + flat


def header_text(value: object, style: Style = HEADER_STYLE) -> str | None:
    """A header parameter's value by the `simple` style (None: nothing to send)."""
    kind, data = _shape(value)
    if kind == "none":
        return None
    if style.style == JSON:
        return _json_text(value)
    if kind == "scalar":
        return to_text(data)
    assert isinstance(data, list)
    if kind == "array":
        return ",".join(to_text(v) for v in data) if data else None
    if not data:
        return None
    if style.explode:
        return ",".join(f"{k}={to_text(v)}" for k, v in data)
    return ",".join(t for k, v in data for t in (k, to_text(v)))
