"""The IR of calls: an `Operation` with its `Argument`s, `Body`, `Response`s (one
`ResponseContent` per media type, in `response_bodies.py`), typing `Overload`s and
`CodeSample`s."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..literals import py_literal
from .auth import Requirement, requirement_python, requirement_words
from .encodings import LOCATION_STYLES, Encoding, default_explode, style_python
from .error_types import error_types
from .paging import Pagination
from .response_bodies import Response, ResponseContent, ResponseKind
from .returns import (
    event_item,
    reader_names,
    stream_flag,
    stream_overloads,
    union_annotation,
)
from .types import Constraints, Default, TypeRef

if TYPE_CHECKING:
    from .model import Model

BodyKind = Literal["json", "multipart", "form", "binary", "text"]
_PATH_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


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
    # the keyword arguments this form is given by (named as the method names them, typed
    # as this form types them), its pointer in the request-schema document ("" if none),
    # and the `encoding` entries of a form body
    arguments: tuple[Argument, ...] = ()
    schema: str = ""
    encodings: tuple[Encoding, ...] = ()

    @property
    def file_fields(self) -> tuple[str, ...]:
        """Wire names of its file parts (a multipart body's)."""
        if self.kind != "multipart":
            return ()
        return tuple(a.wire_name for a in self.arguments if a.is_file)


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
    default: Default = field(default_factory=Default)
    constraints: Constraints = field(default_factory=Constraints)
    field_name: str = ""  # for source "body": the attribute name in the body model
    # for parameters: the key under which the parameters model checks the value (the wire
    # name, or "name (location)" when two locations share a name)
    check_key: str = ""
    example: Any = None
    has_example: bool = False
    deprecated: bool = False
    # for parameters: how the value is serialized (the spec's style, explode, allowReserved,
    # with the location's defaults; "json" for a parameter given as JSON `content`)
    style: str = ""
    explode: bool = False
    allow_reserved: bool = False

    @property
    def custom_style(self) -> str:
        """The runtime's `Style(...)` for a parameter not sent its location's default way
        (query: form, exploded; path and header: simple, not exploded), else ""."""
        default = LOCATION_STYLES.get(self.source, ("", frozenset()))[0]
        if not self.style or (
            self.style == default
            and self.explode == default_explode(default)
            and not self.allow_reserved
        ):
            return ""
        return style_python(self.style, self.explode, self.allow_reserved)

    # what the signature accepts when it differs from `type`: each request object also as
    # its TypedDict (`M | MParam`, arrays of them as `Iterable`; see build_params.py), and
    # the TypedDicts and param aliases it names (imported from the package's params.py)
    accepts: TypeRef | None = None
    param_refs: tuple[str, ...] = ()

    @property
    def signature_type(self) -> TypeRef:
        """The type the signature spells: `accepts`, or else `type`."""
        return self.accepts if self.accepts is not None else self.type

    @property
    def annotation(self) -> str:
        # Constraints are checked by the request model / validators, not spelled in signatures.
        text = self.signature_type.signature()
        return text if self.required else f"{text} | NotGiven"

    @property
    def helper_names(self) -> frozenset[str]:
        """Names the annotation uses (`NotGiven` aside: every method's signature uses it)."""
        return self.signature_type.signature_helper_names()

    @property
    def dict_type(self) -> str | None:
        """The TypedDict (or param alias) it takes as the one other form of one object,
        `M | MParam` (not in an array or beside other objects); else none."""
        members = self.signature_type.args if self.accepts is not None else ()
        if len(self.param_refs) != 1 or any(
            m.kind in ("iterable", "mapping") for m in members
        ):
            return None
        name = self.param_refs[0]
        return name if any(m.name == name for m in members) else None

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
    body: Body | None  # the preferred form of the body (JSON when there is one)
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
    # every form the body may be sent in, `body` first (the others: other media types with
    # object schemas); with several, the method picks one by what is passed (see README)
    bodies: tuple[Body, ...] = ()
    # a list whose responses lead to the next page (ir/pagination.py), or none
    pagination: Pagination | None = None
    # the credentials it sends: alternatives, each of schemes sent together (ir/security.py);
    # own_security: it states a requirement other than the API's default
    security: Requirement = ()
    own_security: bool = False
    # the docs' title: the summary when it is one short line, else the operationId in
    # words ("Create chat completion"), never the description; a summary that is not the
    # title is shown as text, before the description
    title: str = ""

    @property
    def security_expr(self) -> str:
        """The requirement passed to the runtime when it is the operation's own, else ""."""
        return requirement_python(self.security) if self.own_security else ""

    @property
    def security_words(self) -> str:
        """Which credentials a call sends, in words (Markdown)."""
        return requirement_words(self.security)

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

    def arguments_for(self, body: Body | None) -> tuple[Argument, ...]:
        """The arguments of a call that sends `body` (none: the preferred form): the
        parameters and that form's fields, required first."""
        if body is None or len(self.bodies) < 2:
            return self.arguments
        found = self.sent_parameters + body.arguments
        return tuple(sorted(found, key=lambda a: not a.required))

    @property
    def styled_parameters(self) -> bool:
        """Whether some parameter is not sent its location's default way."""
        return any(a.custom_style for a in self.sent_parameters)

    @property
    def positional_arguments(self) -> tuple[Argument, ...]:
        """The arguments passed by position, before the method's `*`: the last path
        parameter in the path's order, as the official SDKs have it
        (`files.retrieve(file_id, *, vector_store_id)`); none without path parameters.
        """
        by_wire = {a.wire_name: a for a in self.arguments_from("path")}
        names = [n for n in _PATH_PLACEHOLDER.findall(self.path) if n in by_wire]
        return (by_wire[names[-1]],) if names else ()

    @property
    def keyword_arguments(self) -> tuple[Argument, ...]:
        """The keyword-only arguments (after the `*`), required ones first."""
        positional = {a.name for a in self.positional_arguments}
        return tuple(a for a in self.arguments if a.name not in positional)

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
        if self.pagination is not None:
            return self.pagination.annotation(is_async)
        return self.success.return_annotation(is_async)

    @property
    def error_types(self) -> tuple[tuple[str, TypeRef], ...]:
        """(status key, type) of each error response with a typed JSON body: what the
        runtime parses `exc.error` as ("404", "4XX", "default")."""
        return error_types(self.responses, self.success)

    @property
    def errors_expr(self) -> str:
        """The `errors=` mapping the method passes to its RequestSpec ("" for none)."""
        items = [
            f'{py_literal(key)}: {self._value_expr(f"error_{key.lower()}", type_ref)}'
            for key, type_ref in self.error_types
        ]
        return "{" + ", ".join(items) + "}" if items else ""

    @property
    def paging_constant(self) -> str:
        """The module-level name of its runtime `Paging` (when it pages)."""
        return f"_{self.method_name}_paging"

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
            *((f"error_{key.lower()}", t) for key, t in self.error_types),
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
        if self.pagination is None:  # a page reads its responses itself
            names |= reader_names(frozenset(self.success.kinds), self.reader == "mixed")
        if self.styled_parameters:
            names |= {"Style"}
        for body in self.bodies:
            for encoding in body.encodings:
                names |= encoding.helper_names
        if len(self.bodies) > 1:
            names |= {"Any", "BodyForm"}
        for overload in self.overloads:
            names |= overload.stream.helper_names | {"overload"}
        for _, type_ref in self.error_types:
            names |= type_ref.helper_names()
        if self.pagination is not None:
            names |= self.pagination.helper_names
        return names

    @property
    def param_refs(self) -> set[str]:
        """The TypedDicts and param aliases its arguments accept."""
        return set[str]().union(*(a.param_refs for a in self.arguments))

    @property
    def named_refs(self) -> set[str]:
        """Models and aliases the method names (params.py's aside): in its annotations, its
        success types, and a multipart body's model (which carries the file rules)."""
        found = self.runtime_refs
        for arg in self.arguments:
            found |= arg.signature_type.named_refs() - set(arg.param_refs)
        return found

    @property
    def runtime_refs(self) -> set[str]:
        """The models and aliases its code uses when it runs: success, event and error types,
        pages, a multipart body's model. The others appear only in annotations, which a
        resource module imports for type checkers alone (each import costs a model build).
        """
        found: set[str] = set()
        for body in self.bodies or ((self.body,) if self.body else ()):
            if body.kind == "multipart" and body.model is not None:
                found.add(body.model.name)
        for content in self.success.contents:
            if content.type is not None:
                found |= content.type.named_refs()
        for _, type_ref in self.error_types:
            found |= type_ref.named_refs()
        if self.pagination is not None:
            found |= self.pagination.named_refs
        return found
