"""Where things are in the one schema document: `$id`s, `$anchor`s and `$dynamicAnchor`s
indexed once, references (`$ref` URIs, JSON pointers, anchors) resolved to locations, and
SchemaError for a document that cannot be used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import unquote

from ._jsonschema_values import _Loc


class SchemaError(ValueError):
    """The schema document itself is unusable (an unresolvable reference, a bad keyword)."""


# --- URIs (RFC 3986), enough for $id and $ref inside one document ------------------------

_URI = re.compile(
    r"^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$",
    re.S,
)


def _remove_dots(path: str) -> str:
    out: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1 or (out and out[0] != ""):
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/".join(out)


def _join(base: str, ref: str) -> str:
    """`ref` resolved against `base` (RFC 3986 section 5.2.2)."""
    match = _URI.match(ref)
    base_match = _URI.match(base)
    assert match is not None and base_match is not None  # the pattern matches anything
    scheme, authority, path, query, fragment = match.groups()
    b_scheme, b_authority, b_path, b_query, _ = base_match.groups()
    if scheme is None:
        scheme = b_scheme
        if authority is None:
            authority = b_authority
            if path == "":
                path = b_path
                query = b_query if query is None else query
            elif not path.startswith("/"):
                if b_authority is not None and b_path == "":
                    path = "/" + path
                else:
                    path = b_path[: b_path.rfind("/") + 1] + path
    path = _remove_dots(path)
    text = f"{scheme}:" if scheme is not None else ""
    if authority is not None:
        text += f"//{authority}"
    text += path
    if query is not None:
        text += f"?{query}"
    if fragment is not None:
        text += f"#{fragment}"
    return text


def _split(uri: str) -> tuple[str, str]:
    head, _, fragment = uri.partition("#")
    return head, unquote(fragment)


# --- keywords -----------------------------------------------------------------------------

# keywords whose value is one schema, a list of schemas, or a map of names to schemas
_ONE: Final = frozenset(
    {
        "not",
        "if",
        "then",
        "else",
        "items",
        "additionalItems",
        "additionalProperties",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contains",
        "propertyNames",
    }
)
_MANY: Final = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
_MAP: Final = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "dependencies",
    }
)
# every keyword of either dialect: their values are not OpenAPI containers to search
_KEYWORDS: Final = (
    _ONE
    | _MANY
    | _MAP
    | {
        "$ref",
        "$dynamicRef",
        "$id",
        "id",
        "$anchor",
        "$dynamicAnchor",
        "$schema",
        "$vocabulary",
        "$comment",
        "type",
        "enum",
        "const",
        "default",
        "examples",
        "example",
        "required",
        "title",
        "description",
        "format",
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "discriminator",
        "xml",
        "externalDocs",
        "dependentRequired",
    }
)


class _Document:
    """The locations of one document's schemas and identifiers (the compiler's base)."""

    def __init__(self, document: object, d30: bool, identified: bool = True) -> None:
        self.document = document
        self.d30 = d30
        self.resources: dict[str, _Loc] = {"": ()}
        self.resource_at: dict[_Loc, str] = {(): ""}
        self.anchors: dict[tuple[str, str], _Loc] = {}
        self.dynamic_anchors: dict[tuple[str, str], _Loc] = {}
        self.dynamic = False  # the document uses $dynamicRef: track the dynamic scope
        if (
            identified
        ):  # False: the caller knows no identifier keyword occurs (a big walk)
            self._index(document, (), "", schema=False)

    def _index(self, node: object, loc: _Loc, base: str, schema: bool) -> None:
        """Record `$id`s and anchors. Outside schemas (OpenAPI's own objects) every dict
        is taken for a schema that may also hold other containers."""
        if isinstance(node, list):
            if not schema:
                for i, item in enumerate(node):
                    self._index(item, (*loc, str(i)), base, False)
            return
        if not isinstance(node, Mapping):
            return
        base = self._identify(node, loc, base)
        if not self.d30 and isinstance(node.get("$dynamicRef"), str):
            self.dynamic = True
        for key, value in node.items():
            if key in _ONE and isinstance(value, Mapping | bool):
                self._index(value, (*loc, key), base, True)
            elif key in _MANY and isinstance(value, list):
                for i, item in enumerate(value):
                    self._index(item, (*loc, key, str(i)), base, True)
            elif key in _MAP and isinstance(value, Mapping):
                for name, item in value.items():
                    self._index(item, (*loc, key, str(name)), base, True)
            elif not schema and key not in _KEYWORDS:
                self._index(value, (*loc, str(key)), base, False)

    def _identify(self, node: Mapping[str, Any], loc: _Loc, base: str) -> str:
        """Register the schema's `$id` and anchors; return its base URI.

        OpenAPI 3.0 has no identifiers (draft 4's `id` is not part of its Schema Object,
        and specs converted from other formats often carry an unrelated `id`): every
        `$ref` there is resolved against the one document."""
        if self.d30:
            return base
        ident = node.get("$id")
        if isinstance(ident, str):
            uri, fragment = _split(_join(base, ident))
            base = uri
            self.resources.setdefault(uri, loc)
            self.resource_at[loc] = uri
            if fragment and not fragment.startswith("/"):
                self.anchors[(uri, fragment)] = loc
        for key in ("$anchor", "$dynamicAnchor"):
            anchor = node.get(key)
            if isinstance(anchor, str):
                self.anchors.setdefault((base, anchor), loc)
                if key == "$dynamicAnchor":
                    self.dynamic_anchors.setdefault((base, anchor), loc)
        return base

    def base_of(self, loc: _Loc) -> str:
        for end in range(len(loc), -1, -1):
            uri = self.resource_at.get(loc[:end])
            if uri is not None:
                return uri
        return ""

    def node_at(self, loc: _Loc) -> object:
        node = self.document
        for token in loc:
            if isinstance(node, Mapping) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise SchemaError(f"{_pointer(loc)} is not in the document")
        return node

    def resolve(self, base: str, ref: str) -> _Loc:
        uri, fragment = _split(_join(base, ref))
        root = self.resources.get(uri)
        if root is None:
            raise SchemaError(
                f"cannot resolve $ref {ref!r}: {uri!r} is not in the document "
                "(remote references are not supported)"
            )
        if fragment == "" or fragment.startswith("/"):
            tokens = fragment.split("/")[1:] if fragment else []
            loc = root + tuple(t.replace("~1", "/").replace("~0", "~") for t in tokens)
            self.node_at(loc)
            return loc
        found = self.anchors.get((uri, fragment))
        if found is None:
            raise SchemaError(f"cannot resolve $ref {ref!r}: no anchor {fragment!r}")
        return found

    def dynamic_targets(self, loc: _Loc, ref: str) -> tuple[_Loc, dict[str, _Loc]]:
        """Where a $dynamicRef leads: its static target, and (when that target holds the
        matching $dynamicAnchor) the same-named anchor of each resource, by resource."""
        base = self.base_of(loc)
        target = self.resolve(base, ref)
        fragment = _split(_join(base, ref))[1]
        node = self.node_at(target)
        if (
            not fragment
            or fragment.startswith("/")
            or not isinstance(node, Mapping)
            or node.get("$dynamicAnchor") != fragment
        ):
            return target, {}
        found = {
            uri: where
            for (uri, name), where in self.dynamic_anchors.items()
            if name == fragment
        }
        return target, found


def _pointer(loc: _Loc) -> str:
    return "#/" + "/".join(t.replace("~", "~0").replace("/", "~1") for t in loc)
