"""Stage 4a, build IR for schemas: JSON Schema nodes become TypeRefs, Models and Aliases.

A `$ref` to a schema always becomes a reference by name, so recursive and mutually recursive
schemas need no special handling. Inline objects get names derived from where they sit
(`ParentProperty`, `ParentPropertyItem`); names are allocated here once, deterministically.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..diagnostics import processing
from ..source.resolve import Located
from .model import Alias, Constraints, Default, Field, Model, TypeRef
from .schema_constraints import ConstraintReading
from .schema_discriminators import DiscriminatorReading
from .schema_literals import default_fits
from .schema_nodes import (
    ANNOTATIONS,
    description_of,
    example_of,
    is_object_model,
    is_ref,
)
from .schema_nullability import NullabilityReading, null_union_member
from .schema_objects import ObjectModels
from .schema_types import TypeConversion


class SchemaBuilder(
    TypeConversion,
    ObjectModels,
    NullabilityReading,
    ConstraintReading,
    DiscriminatorReading,
):
    """Builds the IR of a spec's schemas; its parts are mixins (`schema_*.py`) over
    `SchemaState`."""

    def build_all(self) -> None:
        """Define every component schema and every schema reached by a $ref."""
        while self._pending:
            name, located = self._pending.pop(0)
            with processing(located.doc, located.pointer):
                self.define(name, located)

    def define(self, name: str, located: Located) -> None:
        if name in self.models or name in self.aliases or name in self._in_progress:
            return
        self._in_progress.add(name)
        target = self.resolver.follow(located) if is_ref(located.node) else located
        if target is not located:
            ref_type = self.reference(located)
            self.aliases[name] = Alias(
                name, located.pointer, description_of(located.node), ref_type
            )
            return
        schema = self.merged(located)
        if is_object_model(schema):
            self.models[name] = self.object_model(
                name, Located(schema, located.doc, located.pointer)
            )
        else:
            type_ref = self.convert(Located(schema, located.doc, located.pointer), name)
            about = annotations_of(schema)
            example, has_example = example_of(about)
            self.aliases[name] = Alias(
                name,
                located.pointer,
                description_of(about),
                type_ref,
                example,
                has_example,
            )

    def model_for(self, located: Located, hint: str) -> Model | None:
        """The Model of an object schema (named if it is a ref), defining it now if needed."""
        if is_ref(located.node):
            target = self.resolver.follow(located)
            name = self.name_for_target(target)
            self.define(name, target)
            return self.models.get(name)
        schema = self.merged(located)
        if not is_object_model(schema):
            return None
        name = self.fresh_name(hint)
        model = self.object_model(name, Located(schema, located.doc, located.pointer))
        return model

    # -- conversion --------------------------------------------------------------------------

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
        example, has_example = example_of(node)
        return Field(
            name=name,
            wire_name=wire,
            type=type_ref,
            required=required,
            nullable=nullable,
            description=description_of(node),
            default=default,
            constraints=constraints,
            example=example,
            has_example=has_example,
            deprecated=node.get("deprecated") is True,
        )


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


def annotations_of(node: Any) -> Any:
    """The node, with the description, default and examples of its one non-null member
    when it is a null union (`anyOf: [{type: number, description: ...}, {type: "null"}]`):
    what the member says about its values is what the property says. The node's own
    annotations win.
    """
    member = null_union_member(node)
    if not isinstance(member, dict):
        return node
    borrowed = {k: member[k] for k in ANNOTATIONS if k in member}
    if "description" in node or "title" in node:
        borrowed.pop("description", None)
        borrowed.pop("title", None)
    if "example" in node or "examples" in node:
        borrowed.pop("example", None)
        borrowed.pop("examples", None)
    return {**borrowed, **node}
