"""The response_bodies golden package against a loopback server that streams its bodies.

Event streams (picked by a `stream` flag, alone, typed by a discriminated union, untyped),
binary downloads, text, and bodies picked by Content-Type, sync and async; what each request
asks for in `Accept`; and, with mypy --strict, that the overloads give `Stream[...]` for
`stream=True` and the JSON model otherwise.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import Reply, ScriptedServer, pieces, split_at
from specgen_testlib import import_golden_package


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package(
        "response_bodies", tmp_path_factory.mktemp("response_bodies")
    )


@pytest.fixture
def client(pkg: Any, server: ScriptedServer) -> Iterator[Any]:
    with pkg.Client(base_url=server.base_url, max_retries=0) as c:
        yield c


def run(coro_fn: Callable[[Any], Any], pkg: Any, server: ScriptedServer) -> Any:
    async def main() -> Any:
        async with pkg.AsyncClient(base_url=server.base_url, max_retries=0) as client:
            return await coro_fn(client)

    return asyncio.run(main())


def sse(*events: object, done: bool = True) -> bytes:
    blocks = [f"data: {json.dumps(e, ensure_ascii=False)}\n\n" for e in events]
    return ("".join(blocks) + ("data: [DONE]\n\n" if done else "")).encode()


CHUNKS = [
    {"id": "r1", "delta": "Grüß"},
    {"id": "r1", "delta": "e, 世界"},
    {"id": "r1", "delta": "!", "finish_reason": "stop"},
]
STREAM = sse(*CHUNKS)
JSON = {"Content-Type": "application/json"}
EVENTS = {"Content-Type": "text/event-stream"}


def awkward(body: bytes) -> list[bytes]:
    """Cut mid-line, mid-character (inside 世), and between the two newlines of a block."""
    wide = body.index("世".encode()) + 1
    return split_at(body, 4, body.index(b"\n\n") + 1, wide, len(body) - 1)


def test_stream_flag_false_or_omitted_returns_the_model(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.queue(
        Reply(body={"id": "r1", "text": "hi"}), Reply(body={"id": "r2", "text": "x"})
    )
    reply = client.replies.create_reply(prompt="hello")
    assert reply == pkg.models.Reply(id="r1", text="hi")
    assert client.replies.create_reply(prompt="hello", stream=False).id == "r2"
    assert json.loads(server.requests[0].body) == {"prompt": "hello"}
    assert json.loads(server.requests[1].body) == {"prompt": "hello", "stream": False}
    assert server.requests[0].headers["accept"] == "application/json, text/event-stream"


def test_stream_true_yields_typed_chunks_from_awkward_pieces(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.queue(Reply(chunks=awkward(STREAM), pause=0.01, headers=EVENTS))
    stream = client.replies.create_reply(prompt="hello", stream=True)
    assert isinstance(stream, pkg.Stream)
    chunks = list(stream)
    assert all(isinstance(c, pkg.models.ReplyChunk) for c in chunks)
    assert "".join(c.delta for c in chunks) == "Grüße, 世界!"
    assert chunks[-1].finish_reason == "stop"
    assert stream.response.is_closed
    assert json.loads(server.requests[0].body) == {"prompt": "hello", "stream": True}


def test_stream_break_with_and_error_event(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    many = sse(*[{"id": "r", "delta": str(i)} for i in range(300)])
    server.queue(
        Reply(chunks=pieces(many, 50), pause=0.01, headers=EVENTS),
        Reply(chunks=pieces(many, 50), pause=0.01, headers=EVENTS),
        Reply(
            chunks=[
                sse(CHUNKS[0], done=False),
                b'data: {"error": {"message": "bad"}}\n\n',
            ],
            headers=EVENTS,
        ),
    )
    stream = client.replies.create_reply(prompt="p", stream=True)
    for chunk in stream:
        assert chunk.delta == "0"
        break
    assert stream.response.is_closed
    with client.replies.create_reply(prompt="p", stream=True) as second:
        assert next(second).delta == "0"
    assert second.response.is_closed
    with pytest.raises(pkg.APIStreamError, match="bad") as info:
        list(client.replies.create_reply(prompt="p", stream=True))
    assert isinstance(info.value, pkg.APIError)
    deadline = time.monotonic() + 5
    while len(server.hangups) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_async_stream_flag(pkg: Any, server: ScriptedServer) -> None:
    server.queue(
        Reply(chunks=awkward(STREAM), pause=0.01, headers=EVENTS),
        Reply(body={"id": "r9", "text": "whole"}),
    )

    async def calls(client: Any) -> tuple[list[Any], Any, bool]:
        stream = await client.replies.create_reply(prompt="p", stream=True)
        assert isinstance(stream, pkg.AsyncStream)
        async with stream:
            chunks = [c async for c in stream]
        whole = await client.replies.create_reply(prompt="p")
        return chunks, whole, stream.response.is_closed

    chunks, whole, closed = run(calls, pkg, server)
    assert [c.delta for c in chunks] == ["Grüß", "e, 世界", "!"]
    assert whole.text == "whole" and closed


def test_a_discriminated_union_of_events(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    body = sse(
        {"type": "reply.edited", "text": "v2"}, {"type": "reply.deleted"}, done=False
    )
    server.queue(Reply(chunks=pieces(body, 7), headers=EVENTS))
    events = list(client.replies.follow_reply(reply_id="r1"))
    assert [type(e).__name__ for e in events] == ["ReplyEdited", "ReplyDeleted"]
    assert events[0].text == "v2"
    assert server.requests[0].headers["accept"] == "text/event-stream"


def test_untyped_events_are_server_sent_events(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    body = b": keep-alive\r\nevent: beat\r\nid: 42\r\ndata: one\r\ndata: two\r\n\r\n"
    server.queue(Reply(chunks=pieces(body, 3), headers=EVENTS))
    (event,) = list(client.replies.heartbeat())
    assert event == pkg.ServerSentEvent(data="one\ntwo", event="beat", id="42")


AUDIO = b"ID3\x04\x00" + bytes(range(256)) * 50 + b"\xff\xfb\x90\x00"


def test_bytes_or_events_by_content_type(
    pkg: Any, client: Any, server: ScriptedServer, tmp_path: Path
) -> None:
    server.queue(
        Reply(chunks=pieces(AUDIO, 1000), headers={"Content-Type": "audio/mpeg"}),
        Reply(
            chunks=[sse({"type": "audio.delta", "audio": "AAA="}, done=False)],
            headers=EVENTS,
        ),
    )
    audio = client.replies.speak(input="hi")
    assert isinstance(audio, pkg.BinaryResponse)
    audio.write_to_file(tmp_path / "speech.mp3")
    assert (tmp_path / "speech.mp3").read_bytes() == AUDIO
    events = client.replies.speak(input="hi", format="sse")
    assert isinstance(events, pkg.Stream)
    assert [e.audio for e in events] == ["AAA="]
    assert server.requests[0].headers["accept"] == "audio/mpeg, text/event-stream"


def test_json_text_or_events_with_response_format_and_stream(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.queue(
        Reply(body={"text": "hello"}),
        Reply(body=b"hello there\n", headers={"Content-Type": "text/plain"}),
        Reply(
            chunks=[sse({"type": "transcript.text.delta", "delta": "he"})],
            headers=EVENTS,
        ),
    )
    assert client.replies.transcribe(audio_url="u") == pkg.models.Transcript(
        text="hello"
    )
    assert (
        client.replies.transcribe(audio_url="u", response_format="text")
        == "hello there\n"
    )
    (delta,) = list(client.replies.transcribe(audio_url="u", stream=True))
    assert delta.delta == "he"
    assert server.requests[0].headers["accept"] == (
        "application/json, text/event-stream, text/plain"
    )


def test_downloads_text_and_json_or_text(
    pkg: Any, client: Any, server: ScriptedServer, tmp_path: Path
) -> None:
    server.queue(
        Reply(
            chunks=pieces(AUDIO, 333),
            headers={"Content-Type": "application/octet-stream"},
        ),
        # declared `application/json: {type: string}`: the bytes as they come, whatever
        # the Content-Type says
        Reply(body=b'{"not": "a string"}\n', headers=JSON),
        Reply(body="Résumé: ok".encode(), headers={"Content-Type": "text/plain"}),
        Reply(body={"id": "f", "bytes": 3}),
        Reply(body=b"# f\n", headers={"Content-Type": "text/markdown"}),
    )
    with client.files.download_file(file_id="f") as body:
        assert body.content == AUDIO
    assert body.response.is_closed
    raw = client.files.get_raw_file(file_id="f")
    assert (
        isinstance(raw, pkg.BinaryResponse) and raw.content == b'{"not": "a string"}\n'
    )
    assert client.files.summarize_file(file_id="f") == "Résumé: ok"
    assert client.files.get_file_metadata(file_id="f") == pkg.models.FileMetadata(
        id="f", bytes=3
    )
    assert client.files.get_file_metadata(file_id="f") == "# f\n"
    accepts = [r.headers["accept"] for r in server.requests]
    assert accepts == [
        "application/octet-stream",
        "application/json",
        "text/plain",
        "application/json, text/markdown",
        "application/json, text/markdown",
    ]


def test_async_downloads(pkg: Any, server: ScriptedServer, tmp_path: Path) -> None:
    octets = {"Content-Type": "application/octet-stream"}
    server.queue(
        Reply(chunks=pieces(AUDIO, 500), headers=octets),
        Reply(chunks=pieces(AUDIO, 500), headers=octets),
        Reply(chunks=pieces(AUDIO, 500), headers={"Content-Type": "audio/mpeg"}),
    )

    async def calls(client: Any) -> list[bytes]:
        first = await client.files.download_file(file_id="f")
        assert isinstance(first, pkg.AsyncBinaryResponse)
        second = await client.files.download_file(file_id="f")
        await second.write_to_file(tmp_path / "a.bin")
        speech = await client.replies.speak(input="x")
        assert isinstance(speech, pkg.AsyncBinaryResponse)
        parts = [chunk async for chunk in speech.aiter_bytes(4096)]
        assert {len(p) for p in parts[:-1]} == {4096}
        return [await first.aread(), (tmp_path / "a.bin").read_bytes(), b"".join(parts)]

    assert run(calls, pkg, server) == [AUDIO] * 3


def test_raw_response_of_a_stream(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.queue(Reply(chunks=[STREAM], headers={**EVENTS, "x-request-id": "req_1"}))
    raw = client.replies.with_raw_response.create_reply(prompt="p", stream=True)
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "req_1"
    assert len(list(raw.parse())) == 3


def test_errors_are_raised_before_the_stream(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.queue(Reply(status=400, body={"error": {"message": "no prompt"}}))
    with pytest.raises(pkg.BadRequestError, match="no prompt"):
        client.replies.create_reply(prompt="", stream=True)


USAGE = """\
from golden_bodies import AsyncClient, Client

client = Client()
reveal_type(client.replies.create_reply(prompt="p"))
reveal_type(client.replies.create_reply(prompt="p", stream=False))
reveal_type(client.replies.create_reply(prompt="p", stream=True))
flag: bool = bool(len("x"))
reveal_type(client.replies.create_reply(prompt="p", stream=flag))
reveal_type(client.replies.transcribe(audio_url="u"))
reveal_type(client.replies.speak(input="x"))
reveal_type(client.files.download_file(file_id="f"))
reveal_type(client.replies.heartbeat())
for chunk in client.replies.create_reply(prompt="p", stream=True):
    reveal_type(chunk)


async def main() -> None:
    async with AsyncClient() as aclient:
        stream = await aclient.replies.create_reply(prompt="p", stream=True)
        reveal_type(stream)
        async for event in stream:
            reveal_type(event)
        reveal_type(await aclient.files.download_file(file_id="f"))
"""


def test_mypy_strict_picks_the_overloads(tmp_path: Path) -> None:
    from specgen.pipeline import generate
    from specgen.write.writer import write_tree

    tree, _ = generate(
        Path(__file__).parent / "golden" / "response_bodies" / "spec.yaml"
    )
    write_tree(tree, tmp_path)
    (tmp_path / "usage.py").write_text(USAGE)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "usage.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    revealed = [
        line.split('Revealed type is "', 1)[1].rstrip('"')
        for line in result.stdout.splitlines()
        if "Revealed type is" in line
    ]
    models, rt = "golden_bodies.models.", "golden_bodies._runtime."
    assert revealed == [
        f"{models}Reply",
        f"{models}Reply",
        f"{rt}_streaming.Stream[{models}ReplyChunk]",
        f"{models}Reply | {rt}_streaming.Stream[{models}ReplyChunk]",
        f"{models}Transcript | str",
        f"{rt}_binary.BinaryResponse | {rt}_streaming.Stream[{models}SpeakEvent]",
        f"{rt}_binary.BinaryResponse",
        f"{rt}_streaming.Stream[{rt}_sse.ServerSentEvent]",
        f"{models}ReplyChunk",
        f"{rt}_streaming.AsyncStream[{models}ReplyChunk]",
        f"{models}ReplyChunk",
        f"{rt}_binary.AsyncBinaryResponse",
    ]
