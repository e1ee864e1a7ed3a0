"""The intermediate representation: frozen dataclasses that templates render.

Everything a template needs is decided here or in `build.py` and `schemas.py`: Python names, type expressions,
the words used for types in docs, constraints. Templates never see raw spec dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Literal

from ..literals import code_span, py_literal
from .returns import (
    RUNTIME_NAMES,
    content_annotation,
    content_names,
    event_item,
    reader_names,
    stream_flag,
    stream_overloads,
    union_annotation,
)
from .type_text import (
    HELPER_NAMES,
    is_pep440,
    literal_python,
    literal_words,
    primitive_python,
    primitive_words,
    size_words,
    with_metadata,
)

TypeKind = Literal[
    "str", "int", "float", "bool", "any", "none", "file", "bytes",
    "literal", "list", "dict", "union", "named",
]  # fmt: skip


def helpers_from(names: frozenset[str] | set[str], module: str) -> list[str]:
    """The helper names among `names` that `module` defines (see HELPER_NAMES and
    RUNTIME_NAMES), sorted the way an import line lists them.
    """
    return sorted(
        n for n in names if (HELPER_NAMES.get(n) or RUNTIME_NAMES.get(n)) == module
    )


@dataclass(frozen=True)
class Constraints:
    """Validation keywords of one schema; None means absent."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None  # as the spec writes it (ECMA-262), shown in docs
    python_pattern: str | None = (
        None  # the same for Python's re; None when it can't be used
    )
    ge: int | float | None = None
    gt: int | float | None = None
    le: int | float | None = None
    lt: int | float | None = None
    multiple_of: int | float | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    # x- vocabulary for files (see README, "The x- vocabulary")
    file_types: tuple[str, ...] = ()
    max_bytes: int | None = None
    image_square: bool = False
    image_same_size_as: str | None = None
    image_alpha_unless: str | None = None

    def field_kwargs(self) -> list[tuple[str, str]]:
        """pydantic `Field(...)` keyword arguments as (name, Python literal) pairs."""
        pairs: list[tuple[str, Any]] = [
            (
                "min_length",
                self.min_length if self.min_length is not None else self.min_items,
            ),
            (
                "max_length",
                self.max_length if self.max_length is not None else self.max_items,
            ),
            ("pattern", self.python_pattern),
            ("ge", self.ge),
            ("gt", self.gt),
            ("le", self.le),
            ("lt", self.lt),
            ("multiple_of", self.multiple_of),
        ]
        return [(name, py_literal(value)) for name, value in pairs if value is not None]

    @property
    def is_empty(self) -> bool:
        return self == Constraints()

    @property
    def has_file_rules(self) -> bool:
        return bool(
            self.file_types
            or self.max_bytes is not None
            or self.image_square
            or self.image_same_size_as
            or self.image_alpha_unless
        )

    def words(self) -> list[str]:
        """Each constraint in words, for docs ("at most 1000 characters")."""
        out: list[str] = []
        if self.min_length is not None and self.max_length is not None:
            out.append(f"between {self.min_length} and {self.max_length} characters")
        elif self.max_length is not None:
            out.append(f"at most {self.max_length} characters")
        elif self.min_length is not None:
            out.append(f"at least {self.min_length} characters")
        if self.pattern is not None:
            out.append(f"matches {code_span(self.pattern)}")
        low = self.ge if self.ge is not None else self.gt
        high = self.le if self.le is not None else self.lt
        if self.ge is not None and self.le is not None:
            out.append(f"between {self.ge} and {self.le}")
        else:
            if low is not None:
                out.append(
                    f"{'at least' if self.ge is not None else 'greater than'} {low}"
                )
            if high is not None:
                out.append(
                    f"{'at most' if self.le is not None else 'less than'} {high}"
                )
        if self.multiple_of is not None:
            out.append(f"a multiple of {self.multiple_of}")
        if self.min_items is not None:
            out.append(f"at least {self.min_items} items")
        if self.max_items is not None:
            out.append(f"at most {self.max_items} items")
        if self.unique_items:
            out.append("items are unique")
        if self.file_types:
            out.append(" or ".join(t.split("/")[-1].upper() for t in self.file_types))
        if self.max_bytes is not None:
            out.append(size_words(self.max_bytes))
        if self.image_square:
            out.append("square")
        if self.image_same_size_as:
            out.append(f"same dimensions as {code_span(self.image_same_size_as)}")
        if self.image_alpha_unless:
            out.append(
                f"must have transparency when {code_span(self.image_alpha_unless)} is absent"
            )
        return out


@dataclass(frozen=True)
class Discriminator:
    """How a union's members are told apart: the wire name of a property, and the member
    (a model's Python name) of each value it takes."""

    property_name: str
    mapping: tuple[tuple[str, str], ...]  # (tag, model name), in the spec's order

    def python(self) -> str:
        """The runtime marker, `Discriminated("type", {"a": A, "b": B | C})`: a value two
        members share (`oneOf` tells them apart by their other keywords) names both."""
        pairs = ", ".join(
            f"{py_literal(tag)}: {' | '.join(names)}" for tag, names in self.groups
        )
        return f"Discriminated({py_literal(self.property_name)}, {{{pairs}}})"

    @property
    def groups(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each tag with the members it names (several when members share it)."""
        members: dict[str, list[str]] = {}
        for tag, name in self.mapping:
            members.setdefault(tag, []).append(name)
        return tuple((tag, tuple(names)) for tag, names in members.items())


@dataclass(frozen=True)
class TypeRef:
    """A type, as a small tree; renders itself as Python and as words."""

    kind: TypeKind
    name: str = ""  # for "named": the Python name of a model or alias
    values: tuple[str | int | bool | None, ...] = ()  # for "literal"
    args: tuple[TypeRef, ...] = ()  # list: (item,), dict: (value,), union: members
    constraints: Constraints = field(
        default_factory=Constraints
    )  # for items of a list etc.
    discriminator: Discriminator | None = (
        None  # for "union": members told apart by a tag
    )

    def python(self) -> str:
        """The Python type expression."""
        return self._rendered[0]

    def helper_names(self) -> frozenset[str]:
        """The names `python()` uses besides builtins and the package's models and aliases
        (see `HELPER_NAMES`); a module that writes the expression must import them.
        """
        return self._rendered[1]

    def signature(self) -> str:
        """The type as a signature spells it: without the discriminators that tell the
        models how to parse (a method's arguments are checked against the spec's schemas,
        and what it returns is parsed with `python()`)."""
        return self._rendered_plain[0]

    def signature_helper_names(self) -> frozenset[str]:
        """The helper names `signature()` uses."""
        return self._rendered_plain[1]

    @cached_property
    def _rendered(self) -> tuple[str, frozenset[str]]:
        # asked for by several templates and aggregates: rendered once per type
        return self._render(tagged=True)

    @cached_property
    def _rendered_plain(self) -> tuple[str, frozenset[str]]:
        return self._render(tagged=False)

    def _render(self, tagged: bool) -> tuple[str, frozenset[str]]:
        inner, names = self._render_bare(tagged)
        kwargs = self.constraints.field_kwargs()
        return with_metadata(inner, names, kwargs, self.constraints.unique_items)

    def _render_bare(self, tagged: bool) -> tuple[str, frozenset[str]]:
        if self.kind == "named":
            return self.name, frozenset()
        if self.kind == "literal":
            return literal_python(self.values)
        rendered = [a._rendered if tagged else a._rendered_plain for a in self.args]
        names = frozenset[str]().union(*(n for _, n in rendered))
        if self.kind == "list":
            return f"list[{rendered[0][0]}]", names
        if self.kind == "dict":
            return f"dict[str, {rendered[0][0]}]", names
        if self.kind == "union" and self.discriminator is not None and tagged:
            members = [
                r[0]
                for a, r in zip(self.args, rendered, strict=True)
                if a.kind != "none"
            ]
            text = f"Annotated[{' | '.join(members)}, {self.discriminator.python()}]"
            nullable = " | None" if NONE in self.args else ""
            return text + nullable, names | {"Annotated", "Discriminated"}
        if self.kind == "union":
            return " | ".join(text for text, _ in rendered), names
        text, own = primitive_python(self.kind)
        return text, names | own

    def words(self) -> str:
        """The type in words, as the seeds write it: "integer or null", "array of Image"."""
        if self.kind == "named":
            return self.name
        if self.kind == "literal":
            return literal_words(self.values)
        if self.kind in ("list", "dict"):
            item = self.args[0].words()
            if self.args[0].kind == "union":
                item = f"({item})"  # "array of (string or null) or null"
            return ("array of " if self.kind == "list" else "map of ") + item
        if self.kind == "union":
            return " or ".join(a.words() for a in self.args)
        return primitive_words(self.kind)

    @property
    def literal_values(self) -> tuple[str | int | bool, ...]:
        """The values the type lists (a `Literal[...]`, or its union members', list items'
        or map values'), None aside: what docs show as "One of"."""
        found = [
            v
            for t in (self, *self.args)
            if t.kind == "literal"
            for v in t.values
            if v is not None
        ]
        return tuple({(type(v), v): v for v in found}.values())

    def named_refs(self) -> set[str]:
        """Names of models and aliases this type mentions."""
        found = {self.name} if self.kind == "named" else set()
        for arg in self.args:
            found |= arg.named_refs()
        return found

    @property
    def is_nullable(self) -> bool:
        """Whether None is a value of the type (`Any` admits it too)."""
        if self.kind in ("none", "any"):
            return True
        if self.kind == "literal":
            return None in self.values
        return self.kind == "union" and any(a.is_nullable for a in self.args)

    @property
    def uses_file(self) -> bool:
        return self.kind == "file" or any(a.uses_file for a in self.args)

    def with_null(self) -> TypeRef:
        if self.is_nullable:
            return self
        if self.kind == "union":
            return replace(self, args=(*self.args, NONE))
        return TypeRef("union", args=(self, NONE))


NONE = TypeRef("none")
ANY = TypeRef("any")


@dataclass(frozen=True)
class Default:
    """A default value from the spec (present=False: the spec gives none)."""

    present: bool = False
    value: Any = None
    usable: bool = (
        True  # False: the value does not match the type; docs show it, code ignores it
    )

    @property
    def python(self) -> str:
        return py_literal(self.value)


@dataclass(frozen=True)
class Field:
    name: str  # Python attribute name
    wire_name: str  # name on the wire (alias when different)
    type: TypeRef  # includes None when the field is nullable
    required: bool
    nullable: bool
    description: str = ""
    default: Default = Default()
    constraints: Constraints = Constraints()
    example: Any = None
    has_example: bool = False
    deprecated: bool = False

    @property
    def alias(self) -> str | None:
        return self.wire_name if self.wire_name != self.name else None

    @property
    def annotation_type(self) -> TypeRef:
        """The type in a model: optional non-nullable fields still admit None so that
        omission can be expressed; an explicit null is refused by a generated validator.
        """
        return self.type.with_null() if self.rejects_null else self.type

    @property
    def annotation(self) -> str:
        return self.annotation_type.python()

    @property
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

    @property
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


BodyKind = Literal["json", "multipart", "form", "binary", "text"]


@dataclass(frozen=True)
class Body:
    kind: BodyKind
    media_type: str
    type: TypeRef
    required: bool
    description: str = ""
    # When the body is an object model, its fields become keyword arguments of the method.
    model: Model | None = None
    example: Any = None
    has_example: bool = False


ContentKind = Literal["json", "binary", "text", "events"]
# how a method reads its success response: one kind, "mixed" (by Content-Type) or "empty"
ResponseKind = Literal["json", "binary", "text", "events", "mixed", "empty"]


@dataclass(frozen=True)
class ResponseContent:
    """One media type a response may come in, and how the client reads it (see README,
    "Response bodies"): JSON as its type, text as `str`, bytes as a `BinaryResponse`,
    an event stream as a `Stream` of its events."""

    kind: ContentKind
    media_type: str
    # json: the body's type; text: str; binary: bytes; events: each event's type (None: the
    # spec gives none, events come as the runtime's ServerSentEvent)
    type: TypeRef | None
    example: Any = None
    has_example: bool = False

    def annotation(self, is_async: bool = False) -> str:
        """What the method returns for a body of this kind."""
        return content_annotation(self, is_async)

    @property
    def helper_names(self) -> frozenset[str]:
        """Names the annotation uses, in the sync and the async class."""
        return content_names(self)


@dataclass(frozen=True)
class Response:
    status: str  # "200", "2XX", "default"
    description: str
    contents: tuple[ResponseContent, ...] = ()  # in the spec's order

    @property
    def kind(self) -> ResponseKind:
        kinds = {c.kind for c in self.contents}
        if not kinds:
            return "empty"
        return self.contents[0].kind if len(kinds) == 1 else "mixed"

    @property
    def kinds(self) -> tuple[ContentKind, ...]:
        """The kinds of body it may come in, in order, each once."""
        return tuple(dict.fromkeys(c.kind for c in self.contents))

    def content_of(self, kind: str) -> ResponseContent | None:
        """The first content of a kind ("json", "text", "binary", "events"), or none."""
        return next((c for c in self.contents if c.kind == kind), None)

    @property
    def media_types(self) -> tuple[str, ...]:
        return tuple(c.media_type for c in self.contents)

    def return_annotation(self, is_async: bool = False) -> str:
        """The union of what each kind of body is returned as ("None" when empty)."""
        return union_annotation(self.contents, is_async)


@dataclass(frozen=True)
class Overload:
    """One `typing.overload` of a method whose boolean `stream` argument picks what it
    returns: `stream` as the overload declares it, and the contents it returns."""

    stream: Argument
    contents: tuple[ResponseContent, ...]

    def return_annotation(self, is_async: bool = False) -> str:
        return union_annotation(self.contents, is_async)

    @property
    def stream_annotation(self) -> str:
        return self.stream.annotation


@dataclass(frozen=True)
class CodeSample:
    lang: str
    source: str


ArgumentSource = Literal["path", "query", "header", "body", "whole_body"]


@dataclass(frozen=True)
class Argument:
    """One keyword argument of a generated method, and where its value goes on the wire."""

    name: str  # Python keyword argument name (unique in the method)
    wire_name: str  # parameter name, or the body field's wire name
    source: ArgumentSource
    type: TypeRef  # includes None when null may be sent
    required: bool
    description: str = ""
    default: Default = Default()
    constraints: Constraints = Constraints()
    field_name: str = ""  # for source "body": the attribute name in the body model
    # for parameters: the key under which the parameters model checks the value (the wire
    # name, or "name (location)" when two locations share a name)
    check_key: str = ""
    example: Any = None
    has_example: bool = False
    deprecated: bool = False

    @property
    def annotation(self) -> str:
        # Constraints are checked by the request model / validators, not spelled in signatures.
        text = self.type.signature()
        return text if self.required else f"{text} | NotGiven"

    @property
    def helper_names(self) -> frozenset[str]:
        """Names the annotation uses (`NotGiven` aside: every method's signature uses it)."""
        return self.type.signature_helper_names()

    @property
    def is_file(self) -> bool:
        return self.type.uses_file


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method_name: str  # Python method name on the resource
    http_method: str  # upper case
    path: str
    summary: str
    description: str
    arguments: tuple[Argument, ...]  # required first, then optional, each in spec order
    body: Body | None
    responses: tuple[Response, ...]
    success: Response
    deprecated: bool = False
    samples: tuple[CodeSample, ...] = ()
    # cookie parameters are declared in the docs but not sent by the client (see README)
    cookie_parameters: tuple[str, ...] = ()
    parameters_model: Model | None = None  # validates the sent parameters before a call
    # pointers into the package's request-schema document (ir/wire_schemas.py), "" if none
    body_schema: str = ""
    parameters_schema: str = ""
    # docs: a runnable call with the generated client, and a body for the success response
    python_example: str = ""
    response_example: Any = None
    has_response_example: bool = False

    @property
    def python_samples(self) -> tuple[CodeSample, ...]:
        return tuple(s for s in self.samples if s.lang.lower() in ("python", "py"))

    @property
    def accept(self) -> str:
        """The `Accept` header: the media types the operation's successful responses come
        in, when that is not just JSON (the client's default); "" otherwise."""
        types = dict.fromkeys(
            media
            for r in self.responses
            if r.status.startswith("2")
            for media in r.media_types
        )
        return "" if list(types) in ([], ["application/json"]) else ", ".join(types)

    @property
    def sent_parameters(self) -> tuple[Argument, ...]:
        """Path, query and header arguments (checked by parameters_model, by check_key)."""
        return tuple(
            a for a in self.arguments if a.source in ("path", "query", "header")
        )

    def arguments_from(self, source: str) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.source == source)

    @property
    def reader(self) -> ResponseKind:
        """How the method reads its success response: one kind of body ("json", "text",
        "binary", "events"), "mixed" (by the response's Content-Type) or "empty"."""
        return self.success.kind

    @property
    def streams(self) -> bool:
        """Whether the body is handed out unread (a binary body or an event stream may be
        the answer): the request is sent with `stream=True`."""
        return any(k in ("binary", "events") for k in self.success.kinds)

    def return_annotation(self, is_async: bool = False) -> str:
        return self.success.return_annotation(is_async)

    @property
    def response_value_type(self) -> TypeRef | None:
        """The type a JSON success response is parsed as at call time."""
        json = self.success.content_of("json")
        return json.type if json is not None else None

    @property
    def event_value_type(self) -> TypeRef | None:
        """The type each event of an event-stream success response is parsed as (none when
        there is no stream, or its events have no schema)."""
        events = self.success.content_of("events")
        return events.type if events is not None else None

    @property
    def event_annotation(self) -> str:
        """The type of each event, as the `Stream[...]` annotation names it."""
        return event_item(self.event_value_type)

    @property
    def stream_flag(self) -> Argument | None:
        """The body's boolean `stream` argument when it picks between an event stream and
        the other kinds of success body: the method then has `overloads`."""
        return stream_flag(self.arguments, self.success.kinds)

    @property
    def overloads(self) -> tuple[Overload, ...]:
        """`stream` omitted or false, true, any bool: the other bodies, the stream, all."""
        flag = self.stream_flag
        return stream_overloads(flag, self.success.contents) if flag else ()

    @property
    def type_constants(self) -> tuple[tuple[str, TypeRef], ...]:
        """Module-level aliases for the types evaluated at call time whose expression builds a
        `Field()`: written in the call, each call would make a new `Field`, hence a new key for
        the runtime's validator caches (a new validator each time, and a cache that grows).
        The same goes for a union's `Discriminated(...)` marker.
        """
        found: list[tuple[str, TypeRef]] = []
        for role, type_ref in (
            ("response", self.response_value_type),
            ("event", self.event_value_type),
        ):
            if (
                type_ref is not None
                and {"Field", "Discriminated"} & type_ref.helper_names()
            ):
                found.append((f"_{self.method_name}_{role}", type_ref))
        return tuple(found)

    @property
    def response_value_expr(self) -> str:
        """What the method passes to `parse_json` and `cast` for the success response."""
        return self._value_expr("response", self.response_value_type)

    @property
    def event_value_expr(self) -> str:
        """What the method passes to its `Stream` as the type of each event."""
        if self.event_value_type is None:
            return event_item(None)
        return self._value_expr("event", self.event_value_type)

    def _value_expr(self, role: str, type_ref: TypeRef | None) -> str:
        if type_ref is None:
            raise ValueError(
                f"{self.operation_id} has no {role} type checked at call time"
            )
        name = f"_{self.method_name}_{role}"
        return name if name in dict(self.type_constants) else type_ref.python()

    @property
    def helper_names(self) -> frozenset[str]:
        """Names the method's annotations, overloads and response reading use: the types'
        helpers (`TypeRef.helper_names`) and the runtime's (`RUNTIME_NAMES`)."""
        names = frozenset[str]().union(*(a.helper_names for a in self.arguments))
        for content in self.success.contents:
            names |= content.helper_names
        names |= reader_names(frozenset(self.success.kinds), self.reader == "mixed")
        for overload in self.overloads:
            names |= overload.stream.helper_names | {"overload"}
        return names

    @property
    def named_refs(self) -> set[str]:
        """Models and aliases the method names: in its annotations, its success types, and
        a multipart body's model (which carries the file rules)."""
        found: set[str] = set()
        for arg in self.arguments:
            found |= arg.type.named_refs()
        body = self.body
        if body is not None and body.kind == "multipart" and body.model is not None:
            found.add(body.model.name)
        for content in self.success.contents:
            if content.type is not None:
                found |= content.type.named_refs()
        return found


@dataclass(frozen=True)
class Resource:
    attr_name: str  # client attribute: client.images
    class_name: str  # Images / AsyncImages
    module_name: str  # resources/<module>.py
    description: str
    operations: tuple[Operation, ...]

    @property
    def async_class_name(self) -> str:
        return f"Async{self.class_name}"

    @property
    def named_refs(self) -> set[str]:
        found: set[str] = set()
        for op in self.operations:
            found |= op.named_refs
        return found

    @property
    def helper_names(self) -> frozenset[str]:
        """Names the module's type expressions use (`TypeRef.helper_names`), in annotations,
        in the types checked at call time and in its type constants.
        """
        return frozenset[str]().union(*(op.helper_names for op in self.operations))

    @property
    def type_constants(self) -> tuple[tuple[str, TypeRef], ...]:
        return tuple(c for op in self.operations for c in op.type_constants)

    @property
    def response_kinds(self) -> frozenset[str]:
        """How the operations read their success responses ("json", "binary", ...)."""
        return frozenset(op.success.kind for op in self.operations)

    @property
    def builds_paths(self) -> bool:
        """Whether some operation fills path parameters into its path."""
        return any(op.arguments_from("path") for op in self.operations)


AuthKind = Literal["bearer", "header", "query", "basic", "none"]


@dataclass(frozen=True)
class Auth:
    kind: AuthKind
    header: str = "Authorization"  # for bearer/header
    scheme_name: str = ""


@dataclass(frozen=True)
class Api:
    package: str
    distribution: str  # the pip project name
    title: str
    version: str
    description: str
    client_name: str
    async_client_name: str
    base_url: str
    api_key_env: str
    base_url_env: str
    auth: Auth
    resources: tuple[Resource, ...]
    models: tuple[Model, ...]
    aliases: tuple[Alias, ...]  # in an order where each alias follows those it needs
    generator_version: str
    # the request side's JSON Schemas, for the runtime validator (ir/wire_schemas.py)
    wire_schemas: str = ""

    @property
    def package_version(self) -> str:
        """info.version when it is a PEP 440 version (pip needs one), else 0.0.0."""
        return self.version if is_pep440(self.version) else "0.0.0"

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)

    @property
    def featured_operation(self) -> tuple[Resource, Operation] | None:
        """The operation the README shows: the first with a Python sample, else the first."""
        pairs = [(r, op) for r in self.resources for op in r.operations]
        return next(((r, op) for r, op in pairs if op.python_samples), None) or next(
            iter(pairs), None
        )

    def first_operation_with(self, kind: str) -> tuple[Resource, Operation] | None:
        """The first (resource, operation) whose success response may come as a body of
        `kind` ("events", "binary", ...): the README's example of one."""
        return next(
            (
                (r, op)
                for r in self.resources
                for op in r.operations
                if kind in op.success.kinds
            ),
            None,
        )

    @property
    def featured_request_model(self) -> Model | None:
        """A request body model for the README's validation example."""
        featured = self.featured_operation
        ops = [featured[1]] if featured else []
        ops += list(self.operations)
        return next((op.body.model for op in ops if op.body and op.body.model), None)

    @property
    def models_helper_names(self) -> frozenset[str]:
        """Names the models module's annotations, `Field()` calls and aliases use."""
        names = frozenset[str]().union(*(m.helper_names for m in self.models))
        return names.union(*(a.type.helper_names() for a in self.aliases))

    @property
    def schema_models(self) -> tuple[Model, ...]:
        """Models that stand for the spec's schemas (each gets a docs page)."""
        return tuple(m for m in self.models if m.role == "schema")

    @property
    def model_names(self) -> tuple[str, ...]:
        return tuple(
            sorted([m.name for m in self.models] + [a.name for a in self.aliases])
        )
