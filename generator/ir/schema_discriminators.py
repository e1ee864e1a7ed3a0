"""Discriminators: which property tells the members of a `oneOf`/`anyOf` apart, and the member
each of its values names.

The spec may say so (`discriminator: {propertyName, mapping}`); otherwise it is inferred when
every member is an object with a property whose constant values (`const`, or an `enum`) differ
from member to member, as OpenAI's `type` does. Either way the models parse a value as exactly
the member its tag names instead of the first member that happens to accept it.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import SpecError, join_pointer
from ..source.resolve import Located
from .model import Discriminator, TypeRef
from .schema_nodes import is_object_model, is_ref
from .schema_state import SchemaState

Member = tuple[Located, TypeRef]  # a union member's schema and its type


class DiscriminatorReading(SchemaState):
    def discriminator_of(
        self, located: Located, node: dict[str, Any], members: list[Member]
    ) -> Discriminator | None:
        """The discriminator of a union whose members (null aside) are `members`."""
        declared = node.get("discriminator")
        objects = self._object_members(members)
        if declared is not None:
            where = join_pointer(located.pointer, "discriminator")
            found, problem = self._declared(located, declared, objects)
            if problem:
                self.warn(
                    located.doc,
                    "W110",
                    f"discriminator not used: {problem}; "
                    "each value is parsed as the member it matches",
                    where,
                )
            return found
        return self._inferred(objects) if objects else None

    def _object_members(
        self, members: list[Member]
    ) -> list[tuple[Located, str, dict[str, Any]]] | None:
        """Each member's schema (refs followed), model name and merged schema, or None when
        a member is not an object model (a string, a nested union...)."""
        found = []
        for variant, type_ref in members:
            if type_ref.kind != "named":
                return None
            target = self.resolver.follow(variant) if is_ref(variant.node) else variant
            schema = self.merged(target)
            if not is_object_model(schema):
                return None
            found.append((target, type_ref.name, schema))
        return found if len(found) > 1 else None

    def _declared(
        self,
        located: Located,
        declared: Any,
        objects: list[tuple[Located, str, dict[str, Any]]] | None,
    ) -> tuple[Discriminator | None, str]:
        if not isinstance(declared, dict) or not isinstance(
            declared.get("propertyName"), str
        ):
            return None, "it has no propertyName"
        if objects is None:
            return None, "some member is not an object schema"
        prop = declared["propertyName"]
        mapping = declared.get("mapping")
        by_target: dict[tuple[str, str], list[str]] = {}
        if isinstance(mapping, dict):
            for tag, ref in mapping.items():
                if not isinstance(ref, str):
                    continue
                try:
                    target = self.resolver.lookup(
                        _as_ref(ref),
                        located.doc,
                        join_pointer(
                            located.pointer, "discriminator", "mapping", str(tag)
                        ),
                    )
                except SpecError:
                    return None, f"mapping value {ref!r} names no schema"
                key = (target.doc.display, target.pointer)
                by_target.setdefault(key, []).append(str(tag))
        pairs: list[tuple[str, str]] = []
        for target, name, schema in objects:
            tags = by_target.get(
                (target.doc.display, target.pointer)
            ) or self._constants(target, schema, prop)
            if not tags and target.pointer.startswith("/components/schemas/"):
                tags = [target.pointer.rsplit("/", 1)[-1]]  # OpenAPI's implicit mapping
            if not tags:
                return None, f"no value of {prop!r} names member {name}"
            pairs.extend((tag, name) for tag in tags)
        return Discriminator(prop, tuple(pairs)), ""

    def _constants(
        self, owner: Located, schema: dict[str, Any], prop: str
    ) -> list[str]:
        """The string values a member's property may take, when it lists them (a `const`
        or an `enum`, maybe behind a `$ref`)."""
        node = (schema.get("properties") or {}).get(prop)
        if is_ref(node):
            try:
                node = self.resolver.follow(
                    Located(node, owner.doc, owner.pointer)
                ).node
            except SpecError:
                return []
        if not isinstance(node, dict):
            return []
        if "const" in node:
            values = [node["const"]]
        elif isinstance(node.get("enum"), list):
            values = node["enum"]
        else:
            return []
        if not values or not all(isinstance(v, str) for v in values):
            return []
        return list(dict.fromkeys(values))

    def _inferred(
        self, objects: list[tuple[Located, str, dict[str, Any]]]
    ) -> Discriminator | None:
        """A property every member requires and fixes to constant values, which tell at
        least two groups of members apart."""
        first = objects[0][2].get("properties") or {}
        for prop in first:
            pairs: list[tuple[str, str]] = []
            for target, name, schema in objects:
                required = schema.get("required") or []
                tags = self._constants(target, schema, prop) if prop in required else []
                if not tags:
                    break
                pairs.extend((tag, name) for tag in tags)
            else:
                if (
                    len({tag for tag, _ in pairs}) > 1
                ):  # members share a value: see python()
                    return Discriminator(str(prop), tuple(pairs))
        return None


def _as_ref(value: str) -> str:
    """A mapping value: a reference, or the bare name of a component schema."""
    if "/" in value or "#" in value or "." in value:
        return value
    return "#/components/schemas/" + value
