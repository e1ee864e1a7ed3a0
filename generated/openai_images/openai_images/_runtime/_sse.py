"""Server-sent events: the WHATWG event-stream format, decoded incrementally from bytes.

Follows https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream:
the stream is UTF-8 (one leading byte order mark is dropped); lines end in CRLF, LF or CR;
a line starting with ":" is a comment; `field: value` loses one space after the colon;
`data` lines are joined with "\\n"; an empty line dispatches the event (none when no `data`
line came); `id` sets the last event ID (kept for the events after it; ignored when it holds
NUL); `retry` takes ASCII digits only; other fields are ignored. An event the stream ends in
the middle of (no empty line after it) is discarded, as the standard says.

Chunks may split a line, a CRLF pair or a UTF-8 character anywhere: bytes are kept until their
line is complete, and only whole lines are decoded.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["SSEDecoder", "ServerSentEvent", "aiter_events", "iter_events"]

_LINE_END: Final = re.compile(b"[\r\n]")
_CR: Final = 13
_LF: Final = 10


@dataclass(frozen=True)
class ServerSentEvent:
    """One dispatched event.

    `event` is the `event:` field ("message" when the stream named none); `data` the `data:`
    lines joined with "\\n"; `id` the last event ID at dispatch ("" until an `id:` line sets
    it); `retry` the reconnection time in milliseconds when this event's lines set one.
    """

    data: str
    event: str = "message"
    id: str = ""
    retry: int | None = None

    def json(self) -> Any:
        """`data` parsed as JSON (raises ValueError when it is not JSON)."""
        return json.loads(self.data)


class SSEDecoder:
    """Feed it the body's bytes as they arrive; it returns the events each chunk completes."""

    def __init__(self) -> None:
        self._partial = bytearray()  # an unfinished line
        self._after_cr = (
            False  # the last chunk ended in CR: an LF first in the next is its pair
        )
        self._first_line = True  # a byte order mark may start it
        self._data: list[str] = []
        self._event = ""
        self._event_retry: int | None = None
        self.last_event_id = ""
        self.retry: int | None = None  # the stream's reconnection time (ms), when set

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        events: list[ServerSentEvent] = []
        for line in self._lines(chunk):
            event = self._take_line(line)
            if event is not None:
                events.append(event)
        return events

    def _lines(self, chunk: bytes) -> Iterator[bytes]:
        if not chunk:
            return
        start = 1 if self._after_cr and chunk[0] == _LF else 0
        self._after_cr = False
        while True:
            found = _LINE_END.search(chunk, start)
            if found is None:
                self._partial += chunk[start:]
                return
            end = found.start()
            line = bytes(self._partial) + chunk[start:end]
            self._partial.clear()
            start = end + 1
            if chunk[end] == _CR:
                if start == len(chunk):
                    self._after_cr = True
                elif chunk[start] == _LF:
                    start += 1
            yield line

    def _take_line(self, raw: bytes) -> ServerSentEvent | None:
        line = raw.decode("utf-8", errors="replace")
        if self._first_line:
            self._first_line = False
            line = line.removeprefix("\ufeff")
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self.retry = self._event_retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event, retry = self._data, self._event, self._event_retry
        self._data, self._event, self._event_retry = [], "", None
        if not data:
            return None
        return ServerSentEvent(
            data="\n".join(data),
            event=event or "message",
            id=self.last_event_id,
            retry=retry,
        )


def iter_events(chunks: Iterable[bytes]) -> Iterator[ServerSentEvent]:
    """The events of a body given as chunks of bytes."""
    decoder = SSEDecoder()
    for chunk in chunks:
        yield from decoder.feed(chunk)


async def aiter_events(chunks: AsyncIterable[bytes]) -> AsyncIterator[ServerSentEvent]:
    """The events of a body given as an async iterable of chunks."""
    decoder = SSEDecoder()
    async for chunk in chunks:
        for event in decoder.feed(chunk):
            yield event
