"""The IR's schema classes: a model's fields, the models and the aliases (re-exported by
`model.py`, which names every IR class)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from ..literals import py_literal
from .types import Constraints, Default, TypeRef


@dataclass(frozen=True)
class Field:
    name: str  # Python attribute name
    wire_name: str  # name on the wire (alias when different)
    type: TypeRef  # includes None when the field is nullable
    required: bool
    nullable: bool
    description: str = ""
    default: Default = field(default_factory=Default)
    constraints: Constraints = field(default_factory=Constraints)
    example: Any = None
    has_example: bool = False
    deprecated: bool = False

    @property
    def alias(self) -> str | None:
        return self.wire_name if self.wire_name != self.name else None

    # Derived values are cached: templates and import lists ask for each several times,
    # and `with_null()` makes a new type (rendered anew) at every call.
    @cached_property
    def annotation_type(self) -> TypeRef:
        """The type in a model: optional non-nullable fields still admit None so that
        omission can be expressed; an explicit null is refused by a generated validator.
        """
        return self.type.with_null() if self.rejects_null else self.type

    @property
    def annotation(self) -> str:
        return self.annotation_type.python()

    @cached_property
    def helper_names(self) -> frozenset[str]:
        """Names the field's line in a model uses: its annotation's and `Field` for a call."""
        names = self.annotation_type.helper_names()
        return (names | {"Field"}) if self.field_call() is not None else names

    @property
    def has_code_default(self) -> bool:
        return self.default.present and self.default.usable

    @property
    def rejects_null(self) -> bool:
        return not self.required and not self.nullable and not self.has_code_default

    @property
    def default_python(self) -> str | None:
        """The default expression, or None for a required field."""
        if self.required:
            return None
        if self.has_code_default:
            return self.default.python
        return "None"

    def field_call(self) -> str | None:
        """`Field(...)` when a plain default cannot say everything; None when not needed."""
        return self._field_call

    @cached_property
    def _field_call(self) -> str | None:
        kwargs: list[str] = []
        default = self.default_python
        extra = self.constraints.field_kwargs()
        if self.alias is None and not extra:
            return None
        if default is not None:
            kwargs.append(f"default={default}")
        if self.alias is not None:
            kwargs.append(f"alias={py_literal(self.alias)}")
        kwargs.extend(f"{k}={v}" for k, v in extra)
        return f"Field({', '.join(kwargs)})"

    def type_words(self) -> str:
        return self.type.words()


@dataclass(frozen=True)
class Model:
    """A pydantic model class for an object schema."""

    name: str
    source: str  # "#/components/schemas/X" or a pointer to an inline schema
    description: str
    fields: tuple[Field, ...]
    extra: Literal["allow", "forbid"] = "allow"
    extra_type: TypeRef | None = None  # typed additionalProperties alongside properties
    # "schema": from the spec's schemas; "parameters": an operation's path, query and header
    # parameters gathered so one call validates them (not a page in the docs)
    role: Literal["schema", "parameters"] = "schema"
    example: Any = None
    has_example: bool = False
    # a request body model: its schema in the package's request-schema document, so that
    # check_request(Model, ...) checks what the client checks; and its file parts
    request_schema: str = ""
    request_files: tuple[str, ...] = ()

    @property
    def null_rejecting_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.rejects_null)

    @property
    def file_rules(self) -> tuple[Field, ...]:
        """File fields with rules from the x- vocabulary (checked before a request is sent)."""
        return tuple(f for f in self.fields if f.constraints.has_file_rules)

    @cached_property
    def helper_names(self) -> frozenset[str]:
        """Names the class body's annotations and `Field()` calls use (`TypeRef.helper_names`);
        typed extra properties are declared as `__pydantic_extra__: ... = Field(init=False)`.
        """
        names = frozenset[str]().union(*(f.helper_names for f in self.fields))
        if self.extra_type is not None:
            names |= self.extra_type.helper_names() | {"Field"}
        return names

    @property
    def references(self) -> set[str]:
        found: set[str] = set()
        for f in self.fields:
            found |= f.type.named_refs()
        if self.extra_type is not None:
            found |= self.extra_type.named_refs()
        return found


@dataclass(frozen=True)
class Alias:
    """A named non-object schema: `Name: TypeAlias = <type>`."""

    name: str
    source: str
    description: str
    type: TypeRef
    example: Any = None
    has_example: bool = False
