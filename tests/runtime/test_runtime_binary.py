"""BinaryResponse / AsyncBinaryResponse and read_response, on a loopback server that streams.

A binary body is handed out unread: `content` reads the rest, `iter_bytes` / `write_to_file`
stream it, and the connection is released when it has been read or on close / `with`.
`read_response` picks how to read a response by its Content-Type.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest
from loopback import Reply, ScriptedServer, pieces
from runtime._auth import Security, bearer
from runtime._binary import AsyncBinaryResponse, BinaryResponse
from runtime._content import aread_response, media_kind, read_response
from runtime._errors import APIConnectionError
from runtime._http import AsyncHTTPClient, RequestSpec, SyncHTTPClient
from runtime._streaming import AsyncStream, Stream

PAYLOAD = bytes(range(256)) * 4096 + b"\xff\xfe\x00 the end"  # 1 MiB and a bit


def octets(data: bytes = PAYLOAD, size: int = 65_537, **kw: Any) -> Reply:
    return Reply(
        chunks=pieces(data, size),
        headers={"Content-Type": "application/octet-stream"},
        **kw,
    )


def wait_until(predicate: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[SyncHTTPClient]:
    with SyncHTTPClient(
        base_url=server.base_url,
        security=Security.of(bearer("k")),
        user_agent="t",
        max_retries=0,
    ) as c:
        yield c


def get(client: SyncHTTPClient) -> BinaryResponse:
    return BinaryResponse(
        client.send(RequestSpec(method="GET", path="/file", stream=True))
    )


def test_content_reads_the_whole_body_once(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    server.queue(octets())
    body = get(client)
    assert not body.response.is_closed  # nothing read yet
    assert body.content == PAYLOAD
    assert body.response.is_closed  # read to the end: released
    assert body.read() == PAYLOAD  # kept
    assert b"".join(body.iter_bytes(1000)) == PAYLOAD
    assert body.content_type == "application/octet-stream"
    assert body.status_code == 200 and body.headers["transfer-encoding"] == "chunked"


def test_write_to_file_streams_byte_for_byte(
    client: SyncHTTPClient, server: ScriptedServer, tmp_path: Path
) -> None:
    server.queue(octets(size=4093, pause=0.0))
    body = get(client)
    target = tmp_path / "out.bin"
    body.write_to_file(target)
    assert target.read_bytes() == PAYLOAD
    assert body.response.is_closed
    # the body was streamed, not kept: httpx never buffered it
    assert not hasattr(body.response, "_content")


def test_iter_bytes_chunk_size_and_break_releases_the_connection(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    server.queue(octets(size=1000, pause=0.005))
    body = get(client)
    sizes = []
    for chunk in body.iter_bytes(chunk_size=300):
        sizes.append(len(chunk))
        if len(sizes) == 5:
            break
    assert sizes == [300] * 5
    assert body.response.is_closed
    wait_until(lambda: bool(server.hangups))


def test_with_closes_an_unread_body(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    server.queue(octets(size=1000, pause=0.005))
    with get(client) as body:
        pass
    assert body.response.is_closed
    wait_until(lambda: bool(server.hangups))


def test_text_uses_the_declared_charset(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    server.queue(
        Reply(
            chunks=pieces("café".encode("latin-1"), 1),
            headers={"Content-Type": "text/csv; charset=latin-1"},
        )
    )
    assert get(client).text == "café"


def test_a_cut_download_is_a_connection_error(
    client: SyncHTTPClient, server: ScriptedServer, tmp_path: Path
) -> None:
    server.queue(octets(PAYLOAD[:5000], size=1000, cut=True))
    with pytest.raises(APIConnectionError):
        get(client).write_to_file(tmp_path / "partial.bin")


def test_async_binary_response(server: ScriptedServer, tmp_path: Path) -> None:
    server.queue(octets(), octets(size=777), octets(size=1000, pause=0.005))

    async def main() -> None:
        async with AsyncHTTPClient(
            base_url=server.base_url,
            security=Security.of(bearer("k")),
            user_agent="t",
            max_retries=0,
        ) as client:

            async def fetch() -> AsyncBinaryResponse:
                spec = RequestSpec(method="GET", path="/file", stream=True)
                return AsyncBinaryResponse(await client.send(spec))

            body = await fetch()
            with pytest.raises(RuntimeError, match="aread"):
                body.content  # noqa: B018
            assert await body.aread() == PAYLOAD
            assert body.content == PAYLOAD and body.response.is_closed

            second = await fetch()
            await second.write_to_file(tmp_path / "a.bin")
            assert second.response.is_closed

            async with await fetch() as third:
                digest = hashlib.sha256()
                async for chunk in third.aiter_bytes(100):
                    digest.update(chunk)
                    break
            assert third.response.is_closed

    asyncio.run(main())
    assert (tmp_path / "a.bin").read_bytes() == PAYLOAD
    wait_until(lambda: bool(server.hangups))


# -- picking the reader by Content-Type ------------------------------------------------------


class Thing(pydantic.BaseModel):
    id: str


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/json", "json"),
        ("application/problem+json; charset=utf-8", "json"),
        ("text/event-stream", "events"),
        ("TEXT/PLAIN; charset=utf-8", "text"),
        ("text/vtt", "text"),
        ("audio/mpeg", "binary"),
        ("application/zip", "binary"),
        ("", None),
    ],
)
def test_media_kind(content_type: str, expected: str | None) -> None:
    import httpx

    headers = {"content-type": content_type} if content_type else {}
    assert media_kind(httpx.Response(200, headers=headers)) == expected


KINDS = {"json": Thing, "text": True, "binary": True, "events": Thing}


@pytest.mark.parametrize(
    ("content_type", "body", "declared", "expected"),
    [
        ("application/json", b'{"id": "j"}', ("json", "events"), Thing(id="j")),
        ("text/plain", "héllo".encode(), ("json", "text"), "héllo"),
        ("application/json", b'{"id": "t"}', ("json", "text"), Thing(id="t")),
        ("text/event-stream", b'data: {"id": "e"}\n\n', ("json", "events"), Stream),
        ("audio/mpeg", b"ID3\x00", ("binary", "events"), BinaryResponse),
        # undeclared or missing media types: the kind that loses nothing
        ("application/x-subrip", b"1\n00:00", ("json", "text"), "1\n00:00"),
        ("", b'{"id": "n"}', ("json", "events"), Thing(id="n")),
        ("application/json", b"{}", ("binary", "events"), BinaryResponse),
    ],
)
def test_read_response_picks_by_content_type(
    client: SyncHTTPClient,
    server: ScriptedServer,
    content_type: str,
    body: bytes,
    declared: tuple[str, ...],
    expected: object,
) -> None:
    headers = {"Content-Type": content_type} if content_type else {"Content-Type": ""}
    server.queue(Reply(chunks=[body], headers=headers))
    response = client.send(RequestSpec(method="GET", path="/x", stream=True))
    result = read_response(response, **{k: KINDS[k] for k in declared})
    if isinstance(expected, type):
        assert isinstance(result, expected)
        if isinstance(result, Stream):
            assert list(result) == [Thing(id="e")]
        else:
            assert isinstance(result, BinaryResponse) and result.content == body
    else:
        assert result == expected
        assert response.is_closed


def test_aread_response(server: ScriptedServer) -> None:
    server.queue(
        Reply(
            chunks=[b'data: {"id": "e"}\n\n'],
            headers={"Content-Type": "text/event-stream"},
        ),
        Reply(chunks=[b'{"id": "j"}'], headers={"Content-Type": "application/json"}),
        Reply(chunks=[b"\x00\x01"], headers={"Content-Type": "image/png"}),
    )

    async def main() -> list[Any]:
        out: list[Any] = []
        async with AsyncHTTPClient(
            base_url=server.base_url,
            security=Security.of(bearer("k")),
            user_agent="t",
            max_retries=0,
        ) as client:
            for _ in range(3):
                response = await client.send(
                    RequestSpec(method="GET", path="/x", stream=True)
                )
                result = await aread_response(
                    response, json=Thing, events=Thing, binary=True
                )
                if isinstance(result, AsyncStream):
                    result = [e async for e in result]
                elif isinstance(result, AsyncBinaryResponse):
                    result = await result.aread()
                out.append(result)
        return out

    assert asyncio.run(main()) == [[Thing(id="e")], Thing(id="j"), b"\x00\x01"]
