"""Stage 4a, build IR for schemas: JSON Schema nodes become TypeRefs, Models and Aliases.

A `$ref` to a schema always becomes a reference by name, so recursive and mutually recursive
schemas need no special handling. Inline objects get names derived from where they sit
(`ParentProperty`, `ParentPropertyItem`); names are allocated here once, deterministically.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostic, Severity, SpecError, join_pointer
from ..literals import clean_text
from ..source.loader import Document
from ..source.resolve import Located, Resolver
from . import patterns
from .model import ANY, NONE, Alias, Constraints, Default, Field, Model, TypeRef
from .naming import (
    allocate_names,
    class_name,
    member_name,
    pascal_case,
    renamed,
)

_SCHEMA_TYPES = {"string", "integer", "number", "boolean", "array", "object", "null"}
_MAX_DEPTH = (
    100  # inline nesting (about 2 per object level) deeper than this is refused
)


class SchemaBuilder:
    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.root = resolver.root
        self.warnings: list[Diagnostic] = []
        self._warned: set[Diagnostic] = set()
        self.models: dict[str, Model] = {}  # by Python name, in creation order
        self.aliases: dict[str, Alias] = {}
        self._named: dict[tuple[str, str], str] = {}  # (file, pointer) -> Python name
        self._used: set[str] = set()
        self._pending: list[tuple[str, Located]] = []
        self._in_progress: set[str] = set()
        self._admits_null: dict[str, bool] = {}  # by "file#pointer"
        components = self.root.data.get("components") or {}
        schemas = (
            components.get("schemas") or {} if isinstance(components, dict) else {}
        )
        if isinstance(schemas, dict):
            wanted = [(str(k), class_name(str(k))) for k in schemas]
            allocated = allocate_names(wanted)
            for key, want, got in renamed(wanted, allocated):
                self.warn_collision(
                    self.root, "schema", key, want, got, "/components/schemas"
                )
            for key, name in allocated.items():
                pointer = join_pointer("/components/schemas", key)
                self._named[(self.root.display, pointer)] = name
                self._used.add(name)
            for key in schemas:
                pointer = join_pointer("/components/schemas", str(key))
                located = Located(schemas[key], self.root, pointer)
                self._pending.append(
                    (self._named[(self.root.display, pointer)], located)
                )

    # -- names -------------------------------------------------------------------------------

    def fresh_name(self, wanted: str) -> str:
        name = class_name(wanted)
        while name in self._used:
            name += "_"
        self._used.add(name)
        return name

    def name_for_target(self, target: Located) -> str:
        key = (target.doc.display, target.pointer)
        if key not in self._named:
            last = target.pointer.rsplit("/", 1)[-1] or target.doc.path.stem
            self._named[key] = self.fresh_name(pascal_case(last))
            self._pending.append((self._named[key], target))
        return self._named[key]

    # -- named definitions -------------------------------------------------------------------

    def build_all(self) -> None:
        """Define every component schema and every schema reached by a $ref."""
        while self._pending:
            name, located = self._pending.pop(0)
            self.define(name, located)

    def define(self, name: str, located: Located) -> None:
        if name in self.models or name in self.aliases or name in self._in_progress:
            return
        self._in_progress.add(name)
        target = self.resolver.follow(located) if _is_ref(located.node) else located
        if target is not located:
            ref_type = self.reference(located)
            self.aliases[name] = Alias(
                name, located.pointer, _description(located.node), ref_type
            )
            return
        schema = self.merged(located)
        if _is_object_model(schema):
            self.models[name] = self.object_model(
                name, Located(schema, located.doc, located.pointer)
            )
        else:
            type_ref = self.convert(Located(schema, located.doc, located.pointer), name)
            about = annotations_of(schema)
            example, has_example = _example(about)
            self.aliases[name] = Alias(
                name,
                located.pointer,
                _description(about),
                type_ref,
                example,
                has_example,
            )

    def model_for(self, located: Located, hint: str) -> Model | None:
        """The Model of an object schema (named if it is a ref), defining it now if needed."""
        if _is_ref(located.node):
            target = self.resolver.follow(located)
            name = self.name_for_target(target)
            self.define(name, target)
            return self.models.get(name)
        schema = self.merged(located)
        if not _is_object_model(schema):
            return None
        name = self.fresh_name(hint)
        model = self.object_model(name, Located(schema, located.doc, located.pointer))
        return model

    # -- conversion --------------------------------------------------------------------------

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
        if _admits_anything(self.resolver.follow(located).node):
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
        if _is_ref(node):
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
        types = _types_of(node) or _read_as(node)
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
                    _is_bare_nullable(m) or self.admits_null(part(key, i), seen)
                    for i, m in enumerate(members)
                )
        if isinstance(node.get("enum"), list):
            # as `convert` reads it: 3.0's `nullable` and 3.1's "null" type add null too
            return "null" in types or node.get("nullable") is True
        return True

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
        if _is_ref(node):
            core = self.reference(located)
            return core.with_null() if nullable else core
        if inherited and "type" not in node:
            node = {**node, "type": list(inherited)}
        if "allOf" in node:
            single = _single_ref_all_of(node)
            if single is not None:
                core = self.reference(
                    Located(single, located.doc, located.pointer + "/allOf/0")
                )
                return core.with_null() if nullable else core
            merged = self.merged(Located(node, located.doc, located.pointer))
            if _is_object_model(merged):
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
        types = _types_of(node)
        only_null = bool(types) and all(t == "null" for t in types)
        if "null" in types:
            nullable = True
            types = [t for t in types if t != "null"]
        if "const" in node:
            core = _literal(located, [node["const"]], types)
        elif isinstance(node.get("enum"), list):
            values = node["enum"]
            if None in values:
                nullable = True
            rest = [v for v in values if v is not None]
            core = _literal(located, rest, types) if rest or not values else NONE
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
        inherited = tuple(_types_of(node))
        if node.get("nullable") is True and inherited and "null" not in inherited:
            inherited += ("null",)
        for index, variant in enumerate(variants):
            if _is_bare_nullable(variant):
                members.append(NONE)
                continue
            variant_hint = hint if alone else hint + _variant_suffix(variant, index)
            member = self.convert(
                Located(
                    variant, located.doc, join_pointer(located.pointer, key, index)
                ),
                variant_hint,
                depth + 1,
                inherited,
            )
            if member.kind == "union":
                members.extend(member.args)
            else:
                members.append(member)
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
        return unique[0] if len(unique) == 1 else TypeRef("union", args=tuple(unique))

    def _typed(
        self, located: Located, node: dict[str, Any], kind: str, hint: str, depth: int
    ) -> TypeRef:
        constraints = self.constraints(located, node)
        if kind == "string":
            fmt = node.get("format")
            if fmt == "binary":
                return TypeRef("file", constraints=constraints)
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
            if _is_object_model(node):
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

    # -- objects -----------------------------------------------------------------------------

    def object_model(self, name: str, located: Located, depth: int = 0) -> Model:
        schema = located.node
        properties = schema.get("properties") or {}
        if not isinstance(properties, dict):
            raise SpecError(
                [
                    located.doc.diagnostic(
                        "E040",
                        "properties must be a mapping",
                        located.pointer + "/properties",
                    )
                ]
            )
        required_list = [
            str(r) for r in schema.get("required") or [] if isinstance(r, str)
        ]
        required = set(required_list)
        undeclared = [r for r in dict.fromkeys(required_list) if r not in properties]
        if undeclared:
            # JSON Schema requires the key whatever `properties` says: keep it, as `Any`.
            self.warn(
                located.doc,
                "W102",
                f"required {', '.join(map(repr, undeclared))} not declared in properties; "
                "each becomes a required field of any type",
                located.pointer + "/required",
            )
            properties = {**properties, **{key: {} for key in undeclared}}
        wanted = [(str(wire), member_name(str(wire))) for wire in properties]
        names = allocate_names(wanted)
        for key, want, got in renamed(wanted, names):
            self.warn_collision(
                located.doc, "property", key, want, got, located.pointer + "/properties"
            )
        # Register before converting fields so a field referring back to this model terminates.
        placeholder = Model(name, located.pointer, "", ())
        self.models[name] = placeholder
        fields = tuple(
            self.field(
                names[str(wire)],
                str(wire),
                Located(
                    sub,
                    located.doc,
                    join_pointer(located.pointer, "properties", str(wire)),
                ),
                str(wire) in required,
                name + pascal_case(str(wire), "Value"),
                depth,
            )
            for wire, sub in properties.items()
        )
        extra = schema.get("additionalProperties")
        extra_type = None
        if isinstance(extra, dict) and extra:
            extra_type = self.convert(
                Located(extra, located.doc, located.pointer + "/additionalProperties"),
                name + "Value",
                depth + 1,
            )
        example, has_example = _example(schema)
        model = Model(
            name=name,
            source=located.pointer,
            description=_description(schema),
            fields=fields,
            extra="forbid" if extra is False else "allow",
            extra_type=(
                extra_type
                if extra_type is not None and extra_type.kind != "any"
                else None
            ),
            example=example,
            has_example=has_example,
        )
        self.models[name] = model
        return model

    def field(
        self,
        name: str,
        wire: str,
        located: Located,
        required: bool,
        hint: str,
        depth: int = 0,
    ) -> Field:
        node = annotations_of(located.node if isinstance(located.node, dict) else {})
        full_type = self.convert(located, hint, depth + 1)
        type_ref, constraints = split_constraints(full_type)
        nullable = type_ref.is_nullable
        default = Default()
        if "default" in node and not required:
            value = node["default"]
            if value is not None or nullable:
                usable = default_fits(value, type_ref, self.aliases)
                default = Default(True, value, usable)
                if not usable:
                    self.warn(
                        located.doc,
                        "W101",
                        f"default {value!r} does not match the type ({type_ref.words()}); "
                        "the generated model leaves it to the server",
                        located.pointer + "/default",
                    )
        example, has_example = _example(node)
        return Field(
            name=name,
            wire_name=wire,
            type=type_ref,
            required=required,
            nullable=nullable,
            description=_description(node),
            default=default,
            constraints=constraints,
            example=example,
            has_example=has_example,
            deprecated=node.get("deprecated") is True,
        )

    def merged(self, located: Located) -> dict[str, Any]:
        """The schema with `allOf` parts folded in (properties and required united)."""
        node = located.node
        if not isinstance(node, dict):
            return {}
        if "allOf" not in node:
            return node
        parts = node.get("allOf")
        if not isinstance(parts, list):
            raise SpecError(
                [
                    located.doc.diagnostic(
                        "E040", "allOf must be a list", located.pointer + "/allOf"
                    )
                ]
            )
        result: dict[str, Any] = {}
        properties: dict[str, Any] = {}
        required: list[str] = []
        for index, part in enumerate(parts):
            part_loc = Located(
                part, located.doc, join_pointer(located.pointer, "allOf", index)
            )
            if _is_ref(part):
                part_loc = self.resolver.follow(part_loc)
            sub = self.merged(part_loc)
            properties.update(
                {
                    k: _rebase(v, part_loc, located.doc)
                    for k, v in (sub.get("properties") or {}).items()
                }
            )
            required.extend(r for r in sub.get("required") or [] if r not in required)
            for key, value in sub.items():
                if key not in ("properties", "required"):
                    result.setdefault(key, value)
        for key, value in node.items():
            if key == "properties":
                properties.update(value or {})
            elif key == "required":
                required.extend(r for r in value or [] if r not in required)
            elif key != "allOf":
                result[key] = value
        if properties:
            result["properties"] = properties
            result.setdefault("type", "object")
        if required:
            result["required"] = required
        return result

    def constraints(self, located: Located, node: dict[str, Any]) -> Constraints:
        def number(key: str) -> int | float | None:
            value = node.get(key)
            return (
                value
                if isinstance(value, int | float) and not isinstance(value, bool)
                else None
            )

        def count(key: str) -> int | None:
            value = node.get(key)
            return (
                value
                if isinstance(value, int) and not isinstance(value, bool)
                else None
            )

        ge, le = number("minimum"), number("maximum")
        gt = lt = None
        # 3.0: exclusiveMinimum is a boolean modifier; 3.1: it is the bound itself.
        if node.get("exclusiveMinimum") is True and ge is not None:
            gt, ge = ge, None
        elif number("exclusiveMinimum") is not None:
            gt = number("exclusiveMinimum")
        if node.get("exclusiveMaximum") is True and le is not None:
            lt, le = le, None
        elif number("exclusiveMaximum") is not None:
            lt = number("exclusiveMaximum")
        pattern = node["pattern"] if isinstance(node.get("pattern"), str) else None
        python_pattern = None
        if pattern is not None:
            problem = patterns.compile_error(pattern)
            if problem is None:
                python_pattern = patterns.to_python(pattern)
            else:
                self.warn(
                    located.doc,
                    "W103",
                    f"pattern cannot be checked with Python's re ({problem}); not enforced",
                    located.pointer + "/pattern",
                )
        file_types = node.get("x-file-types")
        return Constraints(
            min_length=count("minLength"),
            max_length=count("maxLength"),
            pattern=pattern,
            python_pattern=python_pattern,
            ge=ge,
            gt=gt,
            le=le,
            lt=lt,
            multiple_of=number("multipleOf"),
            min_items=count("minItems"),
            max_items=count("maxItems"),
            unique_items=node.get("uniqueItems") is True,
            file_types=(
                tuple(str(t) for t in file_types)
                if isinstance(file_types, list)
                else ()
            ),
            max_bytes=count("x-max-bytes"),
            image_square=node.get("x-image-square") is True,
            image_same_size_as=_str_or_none(node.get("x-image-same-size-as")),
            image_alpha_unless=_str_or_none(node.get("x-image-alpha-unless")),
        )

    def warn_untyped(self, located: Located, node: dict[str, Any]) -> None:
        """W108: keywords for values of some type, and no `type` saying only those are
        allowed (JSON Schema then admits every other value as is): typed `Any`."""
        implied = {
            kind: [k for k in keywords if k in node]
            for kind, keywords in _TYPE_KEYWORDS.items()
        }
        implied = {kind: found for kind, found in implied.items() if found}
        if not implied:
            return
        said = "; ".join(
            f"{', '.join(found)} for {kind} values" for kind, found in implied.items()
        )
        advice = (
            f"add `type: {next(iter(implied))}` if nothing else is meant"
            if len(implied) == 1
            else "add a `type` if nothing else is meant"
        )
        self.warn(
            located.doc,
            "W108",
            f"schema has keywords ({said}) but no `type`, so it admits any value and is "
            f"typed Any; {advice}",
            located.pointer,
        )

    def warn_collision(
        self, doc: Document, what: str, key: str, wanted: str, got: str, parent: str
    ) -> None:
        self.warn(
            doc,
            "W104",
            f"{what} {key!r} would be named {wanted!r}, like another one; it is named {got!r}",
            join_pointer(parent, key),
        )

    def warn(self, doc: Document, code: str, message: str, pointer: str) -> None:
        diagnostic = doc.diagnostic(code, message, pointer, Severity.WARNING)
        if diagnostic not in self._warned:  # a schema may be read twice (a shared one)
            self._warned.add(diagnostic)
            self.warnings.append(diagnostic)


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


def split_constraints(type_ref: TypeRef) -> tuple[TypeRef, Constraints]:
    """Move the outermost constraints of a (possibly nullable) type to the field level.

    Uniqueness has no `Field()` keyword, so it stays on the type (as an AfterValidator).
    """

    def take(t: TypeRef) -> tuple[TypeRef, Constraints]:
        c = t.constraints
        if c.is_empty:
            return t, c
        keep = Constraints(unique_items=c.unique_items)
        return replace(t, constraints=keep), replace(c, unique_items=False)

    if type_ref.kind == "union":
        non_null = [a for a in type_ref.args if a.kind != "none"]
        if len(non_null) == 1 and type_ref.is_nullable:
            inner, constraints = take(non_null[0])
            args = tuple(inner if a is non_null[0] else a for a in type_ref.args)
            return replace(type_ref, args=args), constraints
        return type_ref, Constraints()
    return take(type_ref)


def _rebase(value: Any, origin: Located, into: Document) -> Any:
    """A schema copied out of another document keeps resolving its local refs in that document."""
    if origin.doc is into:
        return value
    prefix = os.path.relpath(origin.doc.path.resolve(), into.path.resolve().parent)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items()}
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                out["$ref"] = prefix + ref
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(value)


def _is_ref(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


def _single_ref_all_of(node: dict[str, Any]) -> dict[str, Any] | None:
    parts = node.get("allOf")
    if (
        isinstance(parts, list)
        and len(parts) == 1
        and _is_ref(parts[0])
        and not node.get("properties")
    ):
        return parts[0]  # type: ignore[no-any-return]
    return None


def _is_object_model(schema: Any) -> bool:
    """An object schema with properties (or required keys): a model. With no `type` at all,
    such a schema is read as an object too (see README, "Types")."""
    if not isinstance(schema, dict):
        return False
    props = schema.get("properties")
    required = schema.get("required")
    if not (isinstance(props, dict) and props) and not (
        isinstance(required, list) and required
    ):
        return False
    types = _types_of(schema)
    return not types or "object" in types


# Keywords that apply only to values of one JSON type (and are ignored for the others).
_TYPE_KEYWORDS = {
    "object": (
        "properties", "required", "additionalProperties", "patternProperties",
        "propertyNames", "minProperties", "maxProperties",
    ),
    "array": ("items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"),
    "string": ("minLength", "maxLength", "pattern"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
}  # fmt: skip


def _read_as(node: dict[str, Any]) -> list[str]:
    """The type `convert` gives a schema with no `type` from its keywords: object for
    `properties` or `additionalProperties`, array for `items` (see README, "Types"); none
    for the others (`{"maxLength": 2}` admits 5: it is `Any`)."""
    if "properties" in node or "additionalProperties" in node:
        return ["object"]
    return ["array"] if "items" in node else []


def _admits_anything(node: Any) -> bool:
    """A schema `convert` types as `Any` whatever its other keywords: nothing says which
    values it admits (no `type`, `$ref`, composition, `enum`, `const`, object or array
    keywords)."""
    if node is True or node is None:
        return True
    if not isinstance(node, dict):
        return False
    deciding = ("type", "$ref", "allOf", "anyOf", "oneOf", "enum", "const")
    return not any(k in node for k in deciding) and not _read_as(node)


_ANNOTATIONS = ("description", "title", "default", "example", "examples", "deprecated")
# Keywords that say nothing about which values a schema admits.
_NOT_CONSTRAINING = frozenset((*_ANNOTATIONS, "nullable", "readOnly", "writeOnly"))


def _is_bare_nullable(node: Any) -> bool:
    """A 3.0 union member that only says `nullable: true`: the "or null" member."""
    return (
        isinstance(node, dict)
        and node.get("nullable") is True
        and not (node.keys() - _NOT_CONSTRAINING)
    )


def is_null_schema(node: Any) -> bool:
    """A schema that admits only null: `type: "null"`, `const: null`, `enum: [null]`."""
    if not isinstance(node, dict) or _is_ref(node):
        return False
    types = _types_of(node)
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
        others = [m for m in members if not (is_null_schema(m) or _is_bare_nullable(m))]
        if len(others) == 1 and len(others) < len(members):
            return others[0]
        return None
    return None


def annotations_of(node: Any) -> Any:
    """The node, with the description, default and examples of its one non-null member
    when it is a null union (`anyOf: [{type: number, description: ...}, {type: "null"}]`):
    what the member says about its values is what the property says. The node's own
    annotations win.
    """
    member = null_union_member(node)
    if not isinstance(member, dict):
        return node
    borrowed = {k: member[k] for k in _ANNOTATIONS if k in member}
    if "description" in node or "title" in node:
        borrowed.pop("description", None)
        borrowed.pop("title", None)
    if "example" in node or "examples" in node:
        borrowed.pop("example", None)
        borrowed.pop("examples", None)
    return {**borrowed, **node}


def _types_of(node: dict[str, Any]) -> list[str]:
    declared = node.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [t for t in declared if isinstance(t, str)]
    return []


_LITERAL_FALLBACK = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}


def _literal(
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


def _description(node: Any) -> str:
    if isinstance(node, dict):
        text = node.get("description")
        if isinstance(text, str):
            return clean_text(text)
        title = node.get("title")
        if isinstance(title, str):
            return clean_text(title)
    return ""


def _example(node: Any) -> tuple[Any, bool]:
    if isinstance(node, dict):
        if "example" in node:
            return node["example"], True
        examples = node.get("examples")
        if isinstance(examples, list) and examples:
            return examples[0], True
    return None, False


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
