"""Stream / AsyncStream on a loopback server that sends its body in pieces, with pauses.

The transport hands the response out unread (`RequestSpec(stream=True)`); the stream parses
each event as it arrives, stops at `[DONE]`, raises APIStreamError for an error event and
releases the connection when the loop ends, breaks or raises, and on close / `with`.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from typing import Any, Literal

import httpx
import pydantic
import pytest
from loopback import Reply, ScriptedServer, pieces, split_at
from runtime._auth import Security, bearer
from runtime._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStreamError,
    RateLimitError,
)
from runtime._http import AsyncHTTPClient, RequestSpec, SyncHTTPClient
from runtime._sse import ServerSentEvent
from runtime._streaming import AsyncStream, Stream


class Delta(pydantic.BaseModel):
    type: Literal["delta"]
    text: str


class Done(pydantic.BaseModel):
    type: Literal["done"]
    total: int


Event = Delta | Done


def sse(*events: object, done: bool = True, newline: bytes = b"\n") -> bytes:
    """An event stream of JSON `data:` events (then `data: [DONE]`)."""
    blocks = [b"data: " + json.dumps(e, ensure_ascii=False).encode() for e in events]
    if done:
        blocks.append(b"data: [DONE]")
    return b"".join(block + newline + newline for block in blocks)


DELTAS = [{"type": "delta", "text": t} for t in ("Hé", "llo, ", "wörld 🌍")]
BODY = sse(*DELTAS, {"type": "done", "total": 3})


def awkward(body: bytes) -> list[bytes]:
    """Cut inside `data:`, inside a multi-byte character, between the two newlines."""
    emoji = body.index("🌍".encode()) + 2
    return split_at(body, 3, body.index(b"\n\n") + 1, emoji, len(body) - 2)


def wait_until(predicate: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[SyncHTTPClient]:
    with SyncHTTPClient(
        base_url=server.base_url,
        security=Security.of(bearer("sk-stream")),
        user_agent="specgen-test",
        timeout=5.0,
        max_retries=0,
    ) as c:
        yield c


def open_stream(client: SyncHTTPClient, type_: object = Event) -> Stream[Any]:
    response = client.send(RequestSpec(method="POST", path="/s", stream=True))
    return Stream[Any](response, type_)


def test_typed_events_from_awkward_pieces(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    server.queue(Reply(chunks=awkward(BODY), pause=0.01))
    stream = open_stream(client)
    events = list(stream)
    assert events == [Delta(type="delta", text=d["text"]) for d in DELTAS] + [
        Done(type="done", total=3)
    ]
    assert stream.response.is_closed


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_every_piece_size_gives_the_same_events(
    client: SyncHTTPClient, server: ScriptedServer, size: int
) -> None:
    body = sse(*DELTAS, newline=b"\r\n")
    server.queue(Reply(chunks=pieces(body, size)))
    assert [e.text for e in open_stream(client)] == ["Hé", "llo, ", "wörld 🌍"]


def test_the_call_returns_before_the_body_is_sent(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    server.queue(Reply(chunks=[b"", *pieces(BODY, 40)], pause=0.3))
    started = time.monotonic()
    stream = open_stream(client)
    assert time.monotonic() - started < 0.3 * 2
    first = next(stream)
    assert first == Delta(type="delta", text="Hé")
    assert not stream.response.is_closed  # next() closes nothing
    stream.close()


def test_done_ends_the_stream_and_what_follows_is_not_read(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    body = sse(DELTAS[0]) + b"data: {not json\n\n"
    server.queue(Reply(chunks=[body]))
    stream = open_stream(client)
    assert [e.text for e in stream] == ["Hé"]
    assert stream.response.is_closed


def test_break_closes_the_connection(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    many = sse(*[{"type": "delta", "text": str(i)} for i in range(200)])
    server.queue(Reply(chunks=pieces(many, 30), pause=0.01))
    stream = open_stream(client)
    for event in stream:
        assert event.text == "0"
        break
    assert stream.response.is_closed
    wait_until(lambda: bool(server.hangups))
    (path, sent) = server.hangups[0]
    assert path == "/s" and sent < len(pieces(many, 30))
    assert list(stream) == []  # a closed stream has nothing more


def test_with_closes_the_stream(client: SyncHTTPClient, server: ScriptedServer) -> None:
    server.queue(Reply(chunks=pieces(BODY, 10), pause=0.01))
    with open_stream(client) as stream:
        assert next(stream).text == "Hé"
    assert stream.response.is_closed


def test_an_exception_in_the_loop_closes_the_stream(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    server.queue(Reply(chunks=[BODY]))
    stream = open_stream(client)
    with pytest.raises(KeyError):
        for _ in stream:
            raise KeyError("boom")
    assert stream.response.is_closed


@pytest.mark.parametrize(
    ("block", "message", "body"),
    [
        (
            b'event: error\ndata: {"type": "error", "code": "server_error", "message": "Overloaded"}',
            "Overloaded",
            {"type": "error", "code": "server_error", "message": "Overloaded"},
        ),
        (
            b'data: {"error": {"message": "Rate limited", "type": "rate_limit"}}',
            "Rate limited",
            {"error": {"message": "Rate limited", "type": "rate_limit"}},
        ),
        (b"event: error\ndata: upstream failed", "upstream failed", "upstream failed"),
        (b"event: error\ndata: {}", "An error occurred during streaming", {}),
    ],
)
def test_an_error_event_raises_api_stream_error(
    client: SyncHTTPClient,
    server: ScriptedServer,
    block: bytes,
    message: str,
    body: object,
) -> None:
    server.queue(Reply(chunks=pieces(sse(DELTAS[0], done=False) + block + b"\n\n", 9)))
    stream = open_stream(client)
    seen = []
    with pytest.raises(APIStreamError) as info:
        for event in stream:
            seen.append(event.text)
    assert seen == ["Hé"]
    assert info.value.message == message
    assert info.value.body == body
    assert info.value.status_code == 200
    assert stream.response.is_closed


def test_an_error_key_among_other_fields_is_an_ordinary_event(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    class Chunk(pydantic.BaseModel):
        id: str
        error: dict[str, str] | None = None

    server.queue(Reply(chunks=[sse({"id": "a", "error": {"m": "x"}}, {"error": None})]))
    events = list(open_stream(client, Chunk | dict[str, None]))
    assert events == [Chunk(id="a", error={"m": "x"}), {"error": None}]


def test_an_event_that_does_not_match_raises_a_validation_error(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    server.queue(Reply(chunks=[sse({"type": "delta"})]))
    with pytest.raises(APIResponseValidationError, match="Event data does not match"):
        list(open_stream(client))


def test_untyped_events_come_as_server_sent_events(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    body = (
        b"event: ping\nid: 1\nretry: 300\ndata: hello\ndata: there\n\ndata: plain\n\n"
    )
    server.queue(Reply(chunks=pieces(body, 5)))
    events = list(open_stream(client, ServerSentEvent))
    assert events == [
        ServerSentEvent(data="hello\nthere", event="ping", id="1", retry=300),
        ServerSentEvent(data="plain", event="message", id="1"),
    ]


def test_a_connection_cut_mid_stream_is_a_connection_error(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    server.queue(Reply(chunks=[sse(DELTAS[0], done=False), b"data: {"], cut=True))
    stream = open_stream(client)
    seen = []
    with pytest.raises(APIConnectionError):
        for event in stream:
            seen.append(event.text)
    assert seen == ["Hé"]
    assert stream.response.is_closed


def test_errors_before_the_stream_are_read_raised_and_retried(
    server: ScriptedServer,
) -> None:
    error = {"error": {"message": "slow down"}}
    server.queue(
        Reply(status=429, body=error, headers={"retry-after-ms": "1"}),
        Reply(chunks=[BODY]),
        Reply(status=429, body=error),
    )
    with SyncHTTPClient(
        base_url=server.base_url,
        security=Security.of(bearer("k")),
        user_agent="t",
        max_retries=1,
    ) as client:
        stream = open_stream(client)
        assert len(list(stream)) == 4
        assert len(server.requests) == 2
        with pytest.raises(RateLimitError, match="slow down") as info:
            client.send(
                RequestSpec(method="POST", path="/s", stream=True, max_retries=0)
            )
        assert info.value.body == error
        assert info.value.response.is_closed


# -- async ---------------------------------------------------------------------------------


def async_client(server: ScriptedServer, **kwargs: Any) -> AsyncHTTPClient:
    return AsyncHTTPClient(
        base_url=server.base_url,
        security=Security.of(bearer("sk-stream")),
        user_agent="specgen-test",
        timeout=5.0,
        max_retries=0,
        **kwargs,
    )


async def open_async(
    client: AsyncHTTPClient, type_: object = Event
) -> AsyncStream[Any]:
    response = await client.send(RequestSpec(method="POST", path="/s", stream=True))
    return AsyncStream[Any](response, type_)


def test_async_typed_events_from_awkward_pieces(server: ScriptedServer) -> None:
    server.queue(Reply(chunks=awkward(BODY), pause=0.01))

    async def main() -> tuple[list[Any], bool]:
        async with async_client(server) as client:
            stream = await open_async(client)
            events = [event async for event in stream]
            return events, stream.response.is_closed

    events, closed = asyncio.run(main())
    assert [type(e).__name__ for e in events] == ["Delta"] * 3 + ["Done"]
    assert events[2] == Delta(type="delta", text="wörld 🌍")
    assert closed


def test_async_break_and_async_with_close_the_connection(
    server: ScriptedServer,
) -> None:
    many = sse(*[{"type": "delta", "text": str(i)} for i in range(200)])
    server.queue(
        Reply(chunks=pieces(many, 30), pause=0.01),
        Reply(chunks=pieces(many, 30), pause=0.01),
    )

    async def main() -> None:
        async with async_client(server) as client:
            stream = await open_async(client)
            async for event in stream:
                assert event.text == "0"
                break
            for _ in range(20):  # the event loop closes the abandoned loop's generator
                if stream.response.is_closed:
                    break
                await asyncio.sleep(0.01)
            assert stream.response.is_closed
            async with await open_async(client) as second:
                assert (await second.__anext__()).text == "0"
                assert not second.response.is_closed
            assert second.response.is_closed

    asyncio.run(main())
    wait_until(lambda: len(server.hangups) == 2)


def test_async_error_event_and_done(server: ScriptedServer) -> None:
    server.queue(
        Reply(chunks=[sse(DELTAS[0], done=False), b"event: error\ndata: {}\n\n"]),
        Reply(chunks=pieces(BODY + b"data: ignored\n\n", 4)),
    )

    async def main() -> tuple[list[str], list[Any]]:
        seen: list[str] = []
        async with async_client(server) as client:
            stream = await open_async(client)
            with pytest.raises(APIStreamError):
                async for event in stream:
                    seen.append(event.text)
            assert stream.response.is_closed
            second = await open_async(client)
            return seen, [e async for e in second]

    seen, events = asyncio.run(main())
    assert seen == ["Hé"]
    assert len(events) == 4


def test_async_stream_of_a_response_built_by_hand() -> None:
    async def body() -> Any:
        for piece in pieces(BODY, 3):
            yield piece

    async def main() -> list[Any]:
        response = httpx.Response(
            200,
            content=body(),
            request=httpx.Request("POST", "https://example.invalid/s"),
        )
        return [e async for e in AsyncStream[Any](response, Event)]

    assert len(asyncio.run(main())) == 4
