"""What a generated method returns, as Python: the annotation of each kind of response body,
their union, and the runtime names that annotation and the reading code use.

A JSON body is its schema's type; text is `str`; bytes are a `BinaryResponse`
(`AsyncBinaryResponse` in the async class); an event stream is a `Stream[Event]`
(`AsyncStream[...]`), of `ServerSentEvent` when the spec gives the events no schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Argument, Overload, ResponseContent, TypeRef

# The runtime's names the generated resource modules import, and their modules.
RUNTIME_NAMES = {
    "BinaryResponse": "._runtime._binary",
    "AsyncBinaryResponse": "._runtime._binary",
    "Stream": "._runtime._streaming",
    "AsyncStream": "._runtime._streaming",
    "ServerSentEvent": "._runtime._sse",
    "read_response": "._runtime._content",
    "aread_response": "._runtime._content",
    "parse_json": "._runtime._response",
    "parse_text": "._runtime._response",
    "cast": "typing",
    "overload": "typing",
    "Style": "._runtime._params",
    "PartEncoding": "._runtime._forms",
    "BodyForm": "._runtime._request",
    "SyncPage": "._runtime._pages",
    "AsyncPager": "._runtime._pages",
    "Paging": "._runtime._pages",
}
UNTYPED_EVENT = "ServerSentEvent"


def event_item(type_ref: TypeRef | None) -> str:
    """The type of each event of a stream as annotations spell it (`TypeRef.signature`):
    its schema's, or the runtime's generic event."""
    return type_ref.signature() if type_ref is not None else UNTYPED_EVENT


def content_annotation(content: ResponseContent, is_async: bool) -> str:
    if content.kind == "binary":
        return "AsyncBinaryResponse" if is_async else "BinaryResponse"
    if content.kind == "events":
        stream = "AsyncStream" if is_async else "Stream"
        return f"{stream}[{event_item(content.type)}]"
    return content.type.signature() if content.type is not None else "None"


def content_names(content: ResponseContent) -> frozenset[str]:
    """Helper names the annotations of `content` use, in the sync and the async class, and
    those of the type the method parses it as (`TypeRef.python`, inline or as a constant).
    """
    type_ref = content.type
    names = (
        type_ref.helper_names() | type_ref.signature_helper_names()
        if type_ref is not None
        else frozenset()
    )
    if content.kind == "binary":
        return names | {"BinaryResponse", "AsyncBinaryResponse"}
    if content.kind == "events":
        generic = {UNTYPED_EVENT} if content.type is None else set()
        return names | {"Stream", "AsyncStream"} | generic
    return names


def first_of_each_kind(
    contents: Iterable[ResponseContent],
) -> tuple[ResponseContent, ...]:
    """One content per kind (the first): what the client can return. A second JSON media
    type is read with the first one's type; more binary types are all bytes."""
    seen: dict[str, ResponseContent] = {}
    for content in contents:
        seen.setdefault(content.kind, content)
    return tuple(seen.values())


def union_annotation(contents: Iterable[ResponseContent], is_async: bool) -> str:
    parts = [content_annotation(c, is_async) for c in first_of_each_kind(contents)]
    return " | ".join(dict.fromkeys(parts)) or "None"


def reader_names(kinds: frozenset[str], mixed: bool) -> frozenset[str]:
    """The runtime functions a method's reading code calls (besides the annotations')."""
    if mixed:
        return frozenset({"read_response", "aread_response", "cast"})
    if kinds == {"json"}:
        return frozenset({"parse_json", "cast"})
    if kinds == {"text"}:
        return frozenset({"parse_text"})
    return frozenset()


def stream_flag(arguments: Sequence[Argument], kinds: Sequence[str]) -> Argument | None:
    """The body argument named `stream`, of type bool (or bool or null), when the success
    response may be an event stream or something else: it picks between them."""
    if "events" not in kinds or len(kinds) < 2:
        return None
    for arg in arguments:
        members = arg.type.args if arg.type.kind == "union" else (arg.type,)
        kinds_of = {m.kind for m in members}
        boolean = kinds_of in ({"bool"}, {"bool", "none"})
        if arg.source == "body" and arg.wire_name == "stream" and boolean:
            return arg
    return None


def stream_overloads(
    flag: Argument, contents: Sequence[ResponseContent]
) -> tuple[Overload, ...]:
    """The overloads a `stream` flag gives: omitted or false (it may be null too) -> the
    other bodies; true -> the event stream; any bool -> all of them."""
    from .model import Overload, TypeRef

    false = TypeRef("literal", values=(False,))
    others = tuple(c for c in contents if c.kind != "events")
    events = tuple(c for c in contents if c.kind == "events")
    true = TypeRef("literal", values=(True,))
    return (
        Overload(
            replace(flag, type=false.with_null() if flag.type.is_nullable else false),
            others,
        ),
        Overload(replace(flag, type=true, required=True), events),
        Overload(replace(flag, required=True), tuple(contents)),
    )
