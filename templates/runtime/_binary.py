"""Binary response bodies (files, audio, images...): `BinaryResponse` / `AsyncBinaryResponse`.

The call returns as soon as the status line and headers are in; the body stays on the
connection until it is asked for, so a large download never has to sit in memory:

- `write_to_file(path)` and `iter_bytes()` (`aiter_bytes()`) stream it, chunk by chunk;
- `content` / `read()` (`await aread()`) read the rest into memory and keep it, after which
  `content`, `text` and the iterators can be used again;
- otherwise the body can be streamed once.

The connection is released when the body has been read to its end, when an iteration over it
ends or breaks, and on `close()` or leaving a `with` block. An object dropped unread holds its
connection until it is garbage collected: read it, or use `with`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import httpx

from ._closing import AsyncClosing, Closing
from ._errors import connection_error_for

__all__ = ["AsyncBinaryResponse", "BinaryResponse"]


class _BinaryBase:
    response: httpx.Response

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def content_type(self) -> str:
        """The media type the server sent (`audio/mpeg`), without parameters; "" if none."""
        value = str(self.response.headers.get("content-type", ""))
        return value.split(";")[0].strip().lower()

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.content_type or 'without a content type'}>"
        )


class BinaryResponse(_BinaryBase, Closing):
    """A binary response body, read when asked for (see the module docstring)."""

    @property
    def content(self) -> bytes:
        """The whole body (the rest is read from the network on first use)."""
        return self.read()

    @property
    def text(self) -> str:
        """The body decoded with the charset the server declared (UTF-8 otherwise)."""
        self.read()
        return self.response.text

    def read(self) -> bytes:
        try:
            return self.response.read()
        except httpx.TransportError as exc:
            raise connection_error_for(exc, self.response.request) from exc

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks (of `chunk_size` bytes when given, the last one shorter)."""
        try:
            yield from self.response.iter_bytes(chunk_size)
        except httpx.TransportError as exc:
            raise connection_error_for(exc, self.response.request) from exc
        finally:
            self.close()

    def write_to_file(self, file: str | os.PathLike[str]) -> None:
        """Stream the body into `file` (created or truncated), chunk by chunk."""
        with open(file, "wb") as out:
            for chunk in self.iter_bytes():
                out.write(chunk)

    def close(self) -> None:
        """Release the connection; an unread body is discarded."""
        self.response.close()


class AsyncBinaryResponse(_BinaryBase, AsyncClosing):
    """A binary response body for the async client: `await aread()`, `aiter_bytes()`."""

    @property
    def content(self) -> bytes:
        """The whole body, once `await aread()` has read it."""
        try:
            return self.response.content
        except httpx.ResponseNotRead:
            raise RuntimeError(
                "the body has not been read yet: `await response.aread()` first"
            ) from None

    @property
    def text(self) -> str:
        """The body decoded with its charset, once `await aread()` has read it."""
        self.content  # noqa: B018 - raises the helpful error when the body is unread
        return self.response.text

    async def aread(self) -> bytes:
        """Read the rest of the body and return the whole of it."""
        try:
            return await self.response.aread()
        except httpx.TransportError as exc:
            raise connection_error_for(exc, self.response.request) from exc

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks (of `chunk_size` bytes when given, the last one shorter)."""
        try:
            async for chunk in self.response.aiter_bytes(chunk_size):
                yield chunk
        except httpx.TransportError as exc:
            raise connection_error_for(exc, self.response.request) from exc
        finally:
            await self.close()

    async def write_to_file(self, file: str | os.PathLike[str]) -> None:
        """Stream the body into `file` (created or truncated), chunk by chunk."""
        with open(file, "wb") as out:
            async for chunk in self.aiter_bytes():
                out.write(chunk)

    async def close(self) -> None:
        """Release the connection; an unread body is discarded."""
        await self.response.aclose()
