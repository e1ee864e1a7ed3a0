"""Schema nodes to TypeRefs: types, unions (`anyOf`/`oneOf`), array items and the inline
objects met on the way (which become models named from where they sit).
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import SpecError, join_pointer
from ..source.resolve import Located
from .model import ANY, NONE, TypeRef
from .naming import pascal_case
from .schema_literals import literal_type
from .schema_nodes import is_object_model, is_ref, single_ref_all_of, types_of
from .schema_nullability import is_bare_nullable, null_union_member
from .schema_state import SchemaState
from .types import FORMAT_KINDS

_SCHEMA_TYPES = {"string", "integer", "number", "boolean", "array", "object", "null"}
_MAX_DEPTH = (
    100  # inline nesting (about 2 per object level) deeper than this is refused
)


class TypeConversion(SchemaState):
    def convert(
        self,
        located: Located,
        hint: str,
        depth: int = 0,
        inherited: tuple[str, ...] = (),
    ) -> TypeRef:
        """The TypeRef of a schema node; inline objects become models named from `hint`.

        `inherited` is the `type` of an enclosing schema that also applies to this one (a
        member of its anyOf/oneOf): keywords like `maxLength` say what the type is only when
        a `type` says which values they apply to (JSON Schema applies them to values of their
        type only, so `{"maxLength": 2}` admits 5). Without one, the node is `Any`.
        """
        if depth > _MAX_DEPTH:
            raise SpecError(
                [
                    located.doc.diagnostic(
                        "E042", "schema nested too deeply", located.pointer
                    )
                ]
            )
        node = located.node
        if node is True or node is None or node == {}:
            return ANY
        if node is False:
            return ANY
        if not isinstance(node, dict):
            raise SpecError(
                [
                    located.doc.diagnostic(
                        "E040", "a schema must be an object", located.pointer
                    )
                ]
            )
        nullable = node.get("nullable") is True
        if is_ref(node):
            core = self.reference(located)
            return core.with_null() if nullable else core
        if inherited and "type" not in node:
            node = {**node, "type": list(inherited)}
        if "allOf" in node:
            single = single_ref_all_of(node)
            if single is not None:
                core = self.reference(
                    Located(single, located.doc, located.pointer + "/allOf/0")
                )
                return core.with_null() if nullable else core
            merged = self.merged(Located(node, located.doc, located.pointer))
            if is_object_model(merged):
                model = self.object_model(
                    self.fresh_name(hint),
                    Located(merged, located.doc, located.pointer),
                    depth + 1,
                )
                self.models[model.name] = model
                core = TypeRef("named", name=model.name)
                return core.with_null() if nullable else core
            node = {k: v for k, v in merged.items() if k != "allOf"}
        for key in ("oneOf", "anyOf"):
            if isinstance(node.get(key), list) and not node.get("properties"):
                return self._union(located, node, key, hint, nullable, depth)
        types = types_of(node)
        only_null = bool(types) and all(t == "null" for t in types)
        if "null" in types:
            nullable = True
            types = [t for t in types if t != "null"]
        if "const" in node:
            core = literal_type(located, [node["const"]], types)
        elif isinstance(node.get("enum"), list):
            values = node["enum"]
            if None in values:
                nullable = True
            rest = [v for v in values if v is not None]
            core = literal_type(located, rest, types) if rest or not values else NONE
        elif len(types) > 1:
            members = tuple(self._typed(located, node, t, hint, depth) for t in types)
            core = TypeRef("union", args=members)
        elif types:
            core = self._typed(located, node, types[0], hint, depth)
        elif only_null:
            core = NONE  # `type: "null"` (or `type: ["null"]`)
        elif "properties" in node or "additionalProperties" in node:
            # read as an object, as every generator (and spec author) does, though JSON
            # Schema would admit any non-object too: see README, "Types"
            core = self._typed(located, node, "object", hint, depth)
        elif "items" in node:
            core = self._typed(located, node, "array", hint, depth)
        else:
            core = ANY  # no `type`: any JSON value, whatever else the schema says
            self.warn_untyped(located, node)
        if core.kind in ("any", "none"):
            return core
        return core.with_null() if nullable else core

    def _union(
        self,
        located: Located,
        node: dict[str, Any],
        key: str,
        hint: str,
        nullable: bool,
        depth: int,
    ) -> TypeRef:
        """`anyOf`/`oneOf`: the union of the members' types. A null member (`type: "null"`;
        in 3.0 also `nullable: true` alone) adds None; one other member is that member's
        type, constraints and all. Members without a `type` take the enclosing one.
        """
        members: list[TypeRef] = []
        variants = node[key]
        # `anyOf: [X, null]`: an inline X is named like the property, not like a member
        alone = null_union_member(node) is not None
        inherited = tuple(types_of(node))
        if node.get("nullable") is True and inherited and "null" not in inherited:
            inherited += ("null",)
        tagged: list[tuple[Located, TypeRef]] = (
            []
        )  # the members a discriminator may name
        for index, variant in enumerate(variants):
            if is_bare_nullable(variant):
                members.append(NONE)
                continue
            variant_hint = hint if alone else hint + _variant_suffix(variant, index)
            variant_loc = Located(
                variant, located.doc, join_pointer(located.pointer, key, index)
            )
            member = self.convert(variant_loc, variant_hint, depth + 1, inherited)
            if member.kind == "union":
                members.extend(member.args)
            else:
                members.append(member)
            if member != NONE:
                # `$ref` to a schema admitting null: the member is the named part
                named = [a for a in member.args if a != NONE] or [member]
                tagged.append((variant_loc, named[0] if len(named) == 1 else member))
        unique: list[TypeRef] = []
        for member in members:
            if member not in unique:
                unique.append(member)
        if any(m.kind == "any" for m in unique):
            return ANY
        if nullable and NONE not in unique:
            unique.append(NONE)
        # None last reads best: `A | B | None`
        unique.sort(key=lambda m: m.kind == "none")
        if len(unique) == 1:
            return unique[0]
        return TypeRef(
            "union",
            args=tuple(unique),
            discriminator=self.discriminator_of(located, node, tagged),
        )

    def _typed(
        self, located: Located, node: dict[str, Any], kind: str, hint: str, depth: int
    ) -> TypeRef:
        constraints = self.constraints(located, node)
        if kind == "string":
            fmt = node.get("format")
            if fmt == "binary":
                return TypeRef("file", constraints=constraints)
            if isinstance(fmt, str) and fmt in FORMAT_KINDS:
                # string constraints mean nothing to a datetime: the request check keeps them
                return TypeRef(FORMAT_KINDS[fmt])
            return TypeRef("str", constraints=constraints)
        if kind == "integer":
            return TypeRef("int", constraints=constraints)
        if kind == "number":
            return TypeRef("float", constraints=constraints)
        if kind == "boolean":
            return TypeRef("bool")
        if kind == "array":
            item = self._item_type(located, node, hint, depth)
            return TypeRef("list", args=(item,), constraints=constraints)
        if kind == "object":
            if is_object_model(node):
                model = self.object_model(self.fresh_name(hint), located, depth + 1)
                return TypeRef("named", name=model.name)
            extra = node.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                value = self.convert(
                    Located(
                        extra, located.doc, located.pointer + "/additionalProperties"
                    ),
                    hint + "Value",
                    depth + 1,
                )
                return TypeRef("dict", args=(value,))
            return TypeRef("dict", args=(ANY,))
        raise SpecError(
            [
                located.doc.diagnostic(
                    "E041", f"unknown schema type '{kind}'", located.pointer
                )
            ]
        )

    def _item_type(
        self, located: Located, node: dict[str, Any], hint: str, depth: int
    ) -> TypeRef:
        """The type of an array's items: that of `items`; with positional schemas (3.1
        `prefixItems`, or draft 4's list-form `items` in 3.0) the union of theirs and that
        of the items after them (3.1 `items`, 3.0 `additionalItems`; absent: any value).
        """
        items = node.get("items")
        tuple_form = isinstance(items, list)
        first_key = "items" if tuple_form else "prefixItems"
        rest_key = "additionalItems" if tuple_form else "items"
        first, rest = node.get(first_key), node.get(rest_key)

        def item(schema: Any, *tokens: str | int) -> TypeRef:
            pointer = join_pointer(located.pointer, *tokens)
            return self.convert(
                Located(schema, located.doc, pointer), hint + "Item", depth + 1
            )

        if not isinstance(first, list):
            return ANY if rest is None else item(rest, rest_key)
        members: list[TypeRef] = []
        for index, schema in enumerate(first):
            members.append(item(schema, first_key, index))
        if rest is not False:
            members.append(ANY if rest is None else item(rest, rest_key))
        unique: list[TypeRef] = []
        for member in members:
            for one in member.args if member.kind == "union" else (member,):
                if one not in unique:
                    unique.append(one)
        if not unique or any(m.kind == "any" for m in unique):
            return ANY
        unique.sort(key=lambda m: m.kind == "none")
        return unique[0] if len(unique) == 1 else TypeRef("union", args=tuple(unique))


def _variant_suffix(variant: Any, index: int) -> str:
    """Name part for an inline union member: its title, its const tag, or its position."""
    if isinstance(variant, dict):
        title = variant.get("title")
        if isinstance(title, str) and title.strip():
            return pascal_case(title)
        for prop in (variant.get("properties") or {}).values():
            if isinstance(prop, dict):
                tag = prop.get("const")
                if (
                    tag is None
                    and isinstance(prop.get("enum"), list)
                    and len(prop["enum"]) == 1
                ):
                    tag = prop["enum"][0]
                if isinstance(tag, str) and tag:
                    return pascal_case(tag)
        # Otherwise the member's own key names tell it apart: its first required property,
        # or its first property. Position is the last resort (a member with no properties).
        props = variant.get("properties")
        if isinstance(props, dict) and props:
            required = [r for r in variant.get("required") or [] if r in props]
            return pascal_case(str(required[0] if required else next(iter(props))))
        declared = variant.get("type")
        if isinstance(declared, str):
            return pascal_case(declared)  # e.g. the "Array" member of string | array
    return f"Variant{index + 1}"
