"""Responses of an operation, by status: the media types each may come in, how each is read
and its type.

Every media type of a response is kept (the client picks by the response's Content-Type):

- `text/event-stream` -> an event stream; each event is the media type's schema (none, or an
  untyped string: the runtime's generic `ServerSentEvent`);
- a `type: string, format: binary` schema, and any media type that is not JSON or text ->
  bytes (`BinaryResponse`);
- JSON (`application/json`, `*+json`) -> the schema's type, except a schema that is only
  `type: string`: that is how specs declare a download of any content (OpenAI's file
  content), so it is bytes too;
- other `text/*` -> `str`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..diagnostics import join_pointer
from ..source.resolve import Located, Resolver
from .model import (
    ANY,
    Alias,
    ContentKind,
    Operation,
    Response,
    ResponseContent,
    TypeRef,
)
from .naming import pascal_case
from .schemas import SchemaBuilder
from .spec_nodes import description_of, media_example

# Keys that say nothing about a string's values: `{type: string}` with only these is "any text".
_ABOUT_KEYS = frozenset({"type", "description", "title", "example", "examples"})
# `response_format` values that ask for a text body (OpenAI's audio endpoints).
TEXT_FORMATS = frozenset({"text", "srt", "vtt"})


def build_responses(
    op_loc: Located, resolver: Resolver, schemas: SchemaBuilder, hint: str
) -> list[Response]:
    raw = op_loc.node.get("responses") or {}
    result: list[Response] = []
    if not isinstance(raw, dict):
        return result
    for status in sorted(raw, key=lambda s: (str(s) == "default", str(s))):
        loc = resolver.follow(
            Located(
                raw[status],
                op_loc.doc,
                join_pointer(op_loc.pointer, "responses", str(status)),
            )
        )
        node = loc.node if isinstance(loc.node, dict) else {}
        content = node.get("content") or {}
        contents: list[ResponseContent] = []
        for media in content if isinstance(content, dict) else {}:
            media_loc = Located(
                content[media],
                loc.doc,
                join_pointer(loc.pointer, "content", str(media)),
            )
            contents.append(
                _content(
                    (str(status), str(media)),
                    media_loc,
                    contents,
                    resolver,
                    schemas,
                    hint,
                )
            )
        result.append(Response(str(status), description_of(node), tuple(contents)))
    return result


def _content(
    where: tuple[str, str],
    media_loc: Located,
    before: list[ResponseContent],
    resolver: Resolver,
    schemas: SchemaBuilder,
    hint: str,
) -> ResponseContent:
    status, media = where
    media_obj = media_loc.node if isinstance(media_loc.node, dict) else {}
    example, has_example = media_example(media_loc, resolver)
    schema_loc = (
        Located(media_obj["schema"], media_loc.doc, media_loc.pointer + "/schema")
        if "schema" in media_obj
        else None
    )
    schema = resolver.follow(schema_loc).node if schema_loc is not None else None
    kind = content_kind(media, schema)
    suffix = "" if status.startswith("2") else pascal_case(status)
    type_ref: TypeRef | None
    if kind == "json":
        type_ref = (
            schemas.convert(schema_loc, f"{hint}Response{suffix}")
            if schema_loc is not None
            else ANY
        )
    elif kind == "events":
        type_ref = _event_type(schema_loc, schemas, f"{hint}Event{suffix}")
    else:
        type_ref = TypeRef("str" if kind == "text" else "bytes")
    return ResponseContent(kind, media, type_ref, example, has_example)


def content_kind(media: str, schema: Any) -> ContentKind:
    """How a body of `media` with `schema` (refs followed; None: no schema) is read."""
    bare = media.split(";")[0].strip().lower()
    if bare == "text/event-stream":
        return "events"
    is_dict = isinstance(schema, dict)
    if is_dict and schema.get("type") == "string" and schema.get("format") == "binary":
        return "binary"
    if bare == "application/json" or bare.endswith("+json"):
        return "binary" if _any_text(schema) else "json"
    return "text" if bare.startswith("text/") else "binary"


def _any_text(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and schema.get("type") == "string"
        and all(k in _ABOUT_KEYS or str(k).startswith("x-") for k in schema)
    )


def _event_type(
    schema_loc: Located | None, schemas: SchemaBuilder, name: str
) -> TypeRef | None:
    """Each event's type; None (generic events) without a schema or for any string."""
    if schema_loc is None:
        return None
    type_ref = schemas.convert(schema_loc, name)
    return None if type_ref.kind in ("str", "any") else type_ref


def with_text_formats(op: Operation, aliases: dict[str, Alias]) -> Operation:
    """An operation whose `response_format` argument may ask for text (`text`, `srt`,
    `vtt`: OpenAI's audio endpoints) answers those in `text/plain`, which its spec does not
    declare beside the JSON: the success response gains a text body."""
    success = op.success
    if success.content_of("json") is None or success.content_of("text") is not None:
        return op
    formats = [a for a in op.arguments if a.wire_name == "response_format"]
    if not any(TEXT_FORMATS & _values(a.type, aliases, set()) for a in formats):
        return op
    text = ResponseContent("text", "text/plain", TypeRef("str"))
    new_success = replace(success, contents=(*success.contents, text))
    responses = tuple(new_success if r is success else r for r in op.responses)
    return replace(op, success=new_success, responses=responses)


def _values(type_ref: TypeRef, aliases: dict[str, Alias], seen: set[str]) -> set[str]:
    """The string values a type lists, through aliases (not models) and unions."""
    if type_ref.kind == "literal":
        return {v for v in type_ref.values if isinstance(v, str)}
    if type_ref.kind == "named" and type_ref.name in aliases:
        if type_ref.name in seen:
            return set()
        return _values(aliases[type_ref.name].type, aliases, seen | {type_ref.name})
    if type_ref.kind == "union":
        return set().union(*(_values(a, aliases, seen) for a in type_ref.args))
    return set()
