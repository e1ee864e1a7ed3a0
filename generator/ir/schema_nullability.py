"""Nullability: whether a schema admits null (read from the schema itself, before the types it
names are built), references by name with None added, and the null members of unions.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import join_pointer
from ..source.resolve import Located
from .model import TypeRef
from .schema_nodes import ANNOTATIONS, is_ref, read_as, types_of
from .schema_state import SchemaState


class NullabilityReading(SchemaState):
    def ref_type(self, located: Located) -> TypeRef:
        target = self.resolver.lookup(
            located.node["$ref"], located.doc, located.pointer
        )
        name = self.name_for_target(target)
        return TypeRef("named", name=name)

    def reference(self, located: Located) -> TypeRef:
        """A `$ref` by name, with None added when the schema it names admits null: a model
        class cannot be None itself, and a reference says so whatever the named type is.
        """
        core = self.ref_type(located)
        if admits_anything(self.resolver.follow(located).node):
            return core  # an `Any` alias needs no `| None`
        return core.with_null() if self.admits_null(located) else core

    def admits_null(self, located: Located, seen: frozenset[str] = frozenset()) -> bool:
        """Whether JSON null is valid for the schema, read from the schema itself (so it is
        known before the types it names are built). A `$ref` loop admits nothing new.
        """
        node = located.node
        if node is True or node is None:
            return True
        if not isinstance(node, dict):
            return False
        if is_ref(node):
            key = f"{located.doc.display}#{located.pointer}"
            if key in seen:
                return False
            target = self.resolver.follow(located)
            return node.get("nullable") is True or self.admits_null(
                target, seen | {key}
            )
        key = f"{located.doc.display}#{located.pointer}"
        if key in self._admits_null:
            return self._admits_null[key]
        found = self._node_admits_null(located, seen)
        self._admits_null[key] = found
        return found

    def _node_admits_null(self, located: Located, seen: frozenset[str]) -> bool:
        node = located.node
        if "const" in node:
            return node["const"] is None
        if isinstance(node.get("enum"), list) and None in node["enum"]:
            return True
        types = types_of(node) or read_as(node)
        if types and "null" not in types and node.get("nullable") is not True:
            return False

        def part(key: str, index: int) -> Located:
            return Located(
                node[key][index],
                located.doc,
                join_pointer(located.pointer, key, index),
            )

        if isinstance(node.get("allOf"), list) and not all(
            self.admits_null(part("allOf", i), seen) for i in range(len(node["allOf"]))
        ):
            return False
        for key in ("oneOf", "anyOf"):
            members = node.get(key)
            if isinstance(members, list) and not node.get("properties"):
                return node.get("nullable") is True or any(
                    is_bare_nullable(m) or self.admits_null(part(key, i), seen)
                    for i, m in enumerate(members)
                )
        if isinstance(node.get("enum"), list):
            # as `convert` reads it: 3.0's `nullable` and 3.1's "null" type add null too
            return "null" in types or node.get("nullable") is True
        return True


def admits_anything(node: Any) -> bool:
    """A schema `convert` types as `Any` whatever its other keywords: nothing says which
    values it admits (no `type`, `$ref`, composition, `enum`, `const`, object or array
    keywords)."""
    if node is True or node is None:
        return True
    if not isinstance(node, dict):
        return False
    deciding = ("type", "$ref", "allOf", "anyOf", "oneOf", "enum", "const")
    return not any(k in node for k in deciding) and not read_as(node)


# Keywords that say nothing about which values a schema admits.
_NOT_CONSTRAINING = frozenset((*ANNOTATIONS, "nullable", "readOnly", "writeOnly"))


def is_bare_nullable(node: Any) -> bool:
    """A 3.0 union member that only says `nullable: true`: the "or null" member."""
    return (
        isinstance(node, dict)
        and node.get("nullable") is True
        and not (node.keys() - _NOT_CONSTRAINING)
    )


def is_null_schema(node: Any) -> bool:
    """A schema that admits only null: `type: "null"`, `const: null`, `enum: [null]`."""
    if not isinstance(node, dict) or is_ref(node):
        return False
    types = types_of(node)
    if types and all(t == "null" for t in types):
        return True
    if "const" in node:
        return node["const"] is None
    enum = node.get("enum")
    return isinstance(enum, list) and bool(enum) and all(v is None for v in enum)


def null_union_member(node: Any) -> Any:
    """The one member of an `anyOf`/`oneOf` that is not the null member, or None when the
    node is not such a union (none or several other members, or no null member)."""
    if not isinstance(node, dict) or node.get("properties"):
        return None
    for key in ("oneOf", "anyOf"):  # in the order `convert` reads them
        members = node.get(key)
        if not isinstance(members, list):
            continue
        others = [m for m in members if not (is_null_schema(m) or is_bare_nullable(m))]
        if len(others) == 1 and len(others) < len(members):
            return others[0]
        return None
    return None
