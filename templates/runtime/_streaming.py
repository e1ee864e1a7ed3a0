"""Typed event streams: `Stream[T]` and `AsyncStream[T]` over a server-sent events response.

The call returns as soon as the status line and headers are in; events are read from the
network as the loop asks for them. Each event's `data` is parsed as `T` with the same lenient
validation as every JSON response (`parse_json_text`), or handed out as a `ServerSentEvent`
when the spec gives events no schema. `data: [DONE]` ends the stream. An error event — one
named `error`, or whose data is a JSON object holding only `error` — raises APIStreamError.

The connection is released when the stream ends, when a loop over it ends, breaks or raises,
and on `close()` or leaving a `with` block: so `for event in stream: ... break` is enough.
`next(stream)` takes one event at a time without closing anything. An async loop that breaks
is closed by the event loop a moment later; use `async with` to release it at once.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from typing import Any, Final, Generic, TypeVar, cast

import httpx

from ._closing import AsyncClosing, Closing
from ._errors import APIStreamError, connection_error_for
from ._response import parse_json_text
from ._sse import ServerSentEvent, SSEDecoder

__all__ = ["DONE", "AsyncStream", "Stream", "stream_error"]

_T = TypeVar("_T")

DONE: Final = "[DONE]"
_NO_JSON: Final = object()


def stream_error(
    sse: ServerSentEvent, response: httpx.Response
) -> APIStreamError | None:
    """The error an event reports, or None for an ordinary event."""
    try:
        body: object = json.loads(sse.data)
    except ValueError:
        body = _NO_JSON
    only_error = (
        isinstance(body, dict) and list(body) == ["error"] and body["error"] is not None
    )
    if sse.event != "error" and not only_error:
        return None
    detail = body["error"] if only_error and isinstance(body, dict) else body
    message = detail.get("message") if isinstance(detail, dict) else None
    if not isinstance(message, str) or not message:
        message = (
            sse.data.strip()
            if body is _NO_JSON and sse.data.strip()
            else "An error occurred during streaming"
        )
    return APIStreamError(
        message,
        response=response,
        body=sse.data if body is _NO_JSON else body,
        event=sse.event,
    )


def _value(sse: ServerSentEvent, event_type: object, response: httpx.Response) -> Any:
    error = stream_error(sse, response)
    if error is not None:
        raise error
    if event_type is ServerSentEvent:
        return sse
    return parse_json_text(sse.data, event_type, response, what="Event data")


class Stream(Closing, Generic[_T]):
    """The events of a streamed response, each parsed as `_T` (sync)."""

    response: httpx.Response

    def __init__(self, response: httpx.Response, event_type: object) -> None:
        self.response = response
        self._event_type = event_type
        self._events = self._read()

    def _read(self) -> Generator[_T, None, None]:
        decoder = SSEDecoder()
        try:
            for chunk in self.response.iter_bytes():
                for sse in decoder.feed(chunk):
                    if sse.data.strip() == DONE:
                        return
                    yield cast(_T, _value(sse, self._event_type, self.response))
        except httpx.TransportError as exc:
            raise connection_error_for(exc, self.response.request) from exc
        finally:
            self.response.close()

    def __next__(self) -> _T:
        return next(self._events)

    def __iter__(self) -> Iterator[_T]:
        try:
            yield from self._events
        finally:
            self.close()

    def close(self) -> None:
        """Stop reading and release the connection (safe to call more than once)."""
        self._events.close()
        self.response.close()


class AsyncStream(AsyncClosing, Generic[_T]):
    """The events of a streamed response, each parsed as `_T` (asyncio)."""

    response: httpx.Response

    def __init__(self, response: httpx.Response, event_type: object) -> None:
        self.response = response
        self._event_type = event_type
        self._events = self._read()

    async def _read(self) -> AsyncGenerator[_T, None]:
        decoder = SSEDecoder()
        try:
            async for chunk in self.response.aiter_bytes():
                for sse in decoder.feed(chunk):
                    if sse.data.strip() == DONE:
                        return
                    yield cast(_T, _value(sse, self._event_type, self.response))
        except httpx.TransportError as exc:
            raise connection_error_for(exc, self.response.request) from exc
        finally:
            await self.response.aclose()

    async def __anext__(self) -> _T:
        return await self._events.__anext__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        try:
            async for event in self._events:
                yield event
        finally:
            await self.close()

    async def close(self) -> None:
        """Stop reading and release the connection (safe to call more than once)."""
        # RuntimeError: being read by another task; closing the response stops that read
        with contextlib.suppress(RuntimeError):
            await self._events.aclose()
        await self.response.aclose()
