"""A response that may come in several media types: read it by its `Content-Type`.

Generated methods whose success response declares more than one kind of body (JSON or an
event stream, JSON or text, bytes or events...) pass the kinds they accept; the response's
`Content-Type` picks one:

- `text/event-stream` -> a `Stream` / `AsyncStream` of the event type;
- `application/json`, `*+json` -> the JSON type, parsed like every JSON response;
- other `text/*` -> `str`;
- anything else -> a `BinaryResponse` / `AsyncBinaryResponse`.

A media type the operation did not declare (or no `Content-Type` at all) is read as the
declared kind that loses nothing: bytes, else text, else JSON, else events.
"""

from __future__ import annotations

from typing import Any, Final, Literal, TypeAlias

import httpx

from ._binary import AsyncBinaryResponse, BinaryResponse
from ._errors import connection_error_for
from ._response import parse_json
from ._streaming import AsyncStream, Stream

__all__ = ["NO_BODY", "aread_response", "media_kind", "read_response"]

BodyKind: TypeAlias = Literal["json", "text", "binary", "events"]


class _NoBody:
    def __repr__(self) -> str:
        return "NO_BODY"


NO_BODY: Final = _NoBody()  # the operation declares no body of this kind
_FALLBACK: Final[tuple[BodyKind, ...]] = ("binary", "text", "json", "events")


def media_kind(response: httpx.Response) -> BodyKind | None:
    """How a body of the response's media type is read; None without a Content-Type."""
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not media:
        return None
    if media == "text/event-stream":
        return "events"
    if media == "application/json" or media.endswith("+json"):
        return "json"
    if media.startswith("text/"):
        return "text"
    return "binary"


def _pick(
    response: httpx.Response, json: object, text: bool, binary: bool, events: object
) -> BodyKind:
    declared = {
        "json": json is not NO_BODY,
        "text": text,
        "binary": binary,
        "events": events is not NO_BODY,
    }
    kind = media_kind(response)
    if kind is not None and declared[kind]:
        return kind
    return next((k for k in _FALLBACK if declared[k]), "binary")


def read_response(
    response: httpx.Response,
    *,
    json: object = NO_BODY,
    text: bool = False,
    binary: bool = False,
    events: object = NO_BODY,
) -> Any:
    """The body of a (possibly still unread) successful response, read as the kind its
    Content-Type names: `json` and `events` are the types to parse them as."""
    kind = _pick(response, json, text, binary, events)
    if kind == "events":
        return Stream[Any](response, events)
    if kind == "binary":
        return BinaryResponse(response)
    try:
        response.read()
    except httpx.TransportError as exc:
        raise connection_error_for(exc, response.request) from exc
    return response.text if kind == "text" else parse_json(response, json)


async def aread_response(
    response: httpx.Response,
    *,
    json: object = NO_BODY,
    text: bool = False,
    binary: bool = False,
    events: object = NO_BODY,
) -> Any:
    """`read_response` for the async client."""
    kind = _pick(response, json, text, binary, events)
    if kind == "events":
        return AsyncStream[Any](response, events)
    if kind == "binary":
        return AsyncBinaryResponse(response)
    try:
        await response.aread()
    except httpx.TransportError as exc:
        raise connection_error_for(exc, response.request) from exc
    return response.text if kind == "text" else parse_json(response, json)
