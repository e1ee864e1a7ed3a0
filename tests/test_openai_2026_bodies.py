"""The package generated from the 2026 OpenAI spec, side by side with the official SDK, on a
loopback server answering as the API does: streamed chat completions and Responses API
events (sync and async, split at awkward byte boundaries), speech audio and file content
byte for byte, and transcription text as `str`.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from loopback import Reply, ScriptedServer, pieces, split_at
from specgen_testlib import corpus_spec, public_path

openai = pytest.importorskip("openai")

KEY = "sk-loopback"
EVENTS = {"Content-Type": "text/event-stream; charset=utf-8"}


@pytest.fixture
def ours(openai_2026: Any, server: ScriptedServer) -> Iterator[Any]:
    with openai_2026.Client(
        base_url=server.base_url, api_key=KEY, max_retries=0
    ) as client:
        yield client


@pytest.fixture
def sdk(server: ScriptedServer) -> Iterator[Any]:
    client = openai.OpenAI(base_url=server.base_url, api_key=KEY, max_retries=0)
    try:
        yield client
    finally:
        client.close()


def sse_blocks(events: list[tuple[str | None, dict[str, Any]]], done: bool) -> bytes:
    out = []
    for name, data in events:
        head = f"event: {name}\n" if name else ""
        out.append(f"{head}data: {json.dumps(data, ensure_ascii=False)}\n\n")
    if done:
        out.append("data: [DONE]\n\n")
    return "".join(out).encode()


def awkward_splits(body: bytes) -> list[list[bytes]]:
    """The body whole, in 1-, 2-, 5- and 7-byte pieces, and cut inside every multi-byte
    character and between every pair of newlines."""
    text = body.decode()
    inside = [
        len(text[:i].encode()) + 1 for i, ch in enumerate(text) if len(ch.encode()) > 1
    ]
    between = [i + 1 for i in range(len(body) - 1) if body[i : i + 2] == b"\n\n"]
    return [
        [body],
        *(pieces(body, size) for size in (1, 2, 5, 7)),
        split_at(body, *inside, *between),
    ]


# -- chat completions --------------------------------------------------------------------------

CHUNK_BASE = {
    "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
    "object": "chat.completion.chunk",
    "created": 1741570283,
    "model": "gpt-4o-2024-08-06",
    "service_tier": "default",
    "system_fingerprint": "fp_eb9dce56a8",
}
DELTAS = ["", "Bonjour", " à vous", ", 世界", " 🙂"]


def chat_chunks() -> list[dict[str, Any]]:
    chunks = []
    for i, text in enumerate(DELTAS):
        delta: dict[str, Any] = {"content": text}
        if i == 0:
            delta.update(role="assistant", refusal=None)
        chunks.append(
            {
                **CHUNK_BASE,
                "choices": [
                    {
                        "index": 0,
                        "delta": delta,
                        "logprobs": None,
                        "finish_reason": None,
                    }
                ],
                "usage": None,
                "obfuscation": "xyz",
            }
        )
    chunks.append(
        {
            **CHUNK_BASE,
            "choices": [
                {"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}
            ],
            "usage": None,
        }
    )
    chunks.append(
        {
            **CHUNK_BASE,
            "choices": [],
            "usage": {"prompt_tokens": 9, "completion_tokens": 6, "total_tokens": 15},
        }
    )
    return chunks


CHAT_BODY = sse_blocks([(None, c) for c in chat_chunks()], done=True)
MESSAGES = [{"role": "user", "content": "Say hello"}]


def dumped(model: Any) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


def test_streamed_chat_completion_matches_the_sdk(
    openai_2026: Any, ours: Any, sdk: Any, server: ScriptedServer
) -> None:
    for split in awkward_splits(CHAT_BODY):
        server.queue(
            Reply(chunks=split, headers=EVENTS), Reply(chunks=split, headers=EVENTS)
        )
        stream = ours.chat.create_chat_completion(
            messages=MESSAGES, model="gpt-4o", stream=True
        )
        assert isinstance(stream, openai_2026.Stream)
        chunks = list(stream)
        assert stream.response.is_closed
        theirs = list(
            sdk.chat.completions.create(messages=MESSAGES, model="gpt-4o", stream=True)
        )
        assert all(
            isinstance(c, openai_2026.models.CreateChatCompletionStreamResponse)
            for c in chunks
        )
        assert [dumped(c) for c in chunks] == chat_chunks()
        assert [dumped(c) for c in chunks] == [c.to_dict() for c in theirs]
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert text == "".join(
            c.choices[0].delta.content or "" for c in theirs if c.choices
        )
        assert text == "Bonjour à vous, 世界 🙂"
        assert chunks[-1].usage.total_tokens == theirs[-1].usage.total_tokens == 15
    ours_request, sdk_request = server.requests[-2:]
    assert json.loads(ours_request.body) == json.loads(sdk_request.body)
    assert ours_request.headers["accept"] == "application/json, text/event-stream"


def test_chat_completion_without_stream_is_the_model(
    openai_2026: Any, ours: Any, server: ScriptedServer
) -> None:
    completion = {
        **CHUNK_BASE,
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Hi", "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
    }
    server.queue(Reply(body=completion))
    result = ours.chat.create_chat_completion(messages=MESSAGES, model="gpt-4o")
    assert isinstance(result, openai_2026.models.CreateChatCompletionResponse)
    assert result.choices[0].message.content == "Hi"


def test_async_streamed_chat_completion(
    openai_2026: Any, server: ScriptedServer
) -> None:
    splits = awkward_splits(CHAT_BODY)
    for split in splits:
        server.queue(
            Reply(chunks=split, headers=EVENTS, pause=0.001),
            Reply(chunks=split, headers=EVENTS),
        )

    async def main() -> None:
        theirs_client = openai.AsyncOpenAI(
            base_url=server.base_url, api_key=KEY, max_retries=0
        )
        async with openai_2026.AsyncClient(
            base_url=server.base_url, api_key=KEY, max_retries=0
        ) as client:
            for _ in splits:
                stream = await client.chat.create_chat_completion(
                    messages=MESSAGES, model="gpt-4o", stream=True
                )
                assert isinstance(stream, openai_2026.AsyncStream)
                async with stream:
                    chunks = [c async for c in stream]
                theirs = [
                    c
                    async for c in await theirs_client.chat.completions.create(
                        messages=MESSAGES, model="gpt-4o", stream=True
                    )
                ]
                assert [dumped(c) for c in chunks] == [c.to_dict() for c in theirs]
                assert [dumped(c) for c in chunks] == chat_chunks()
        await theirs_client.close()

    asyncio.run(main())


def test_an_error_in_a_chat_stream_raises_like_the_sdk(
    openai_2026: Any, ours: Any, sdk: Any, server: ScriptedServer
) -> None:
    error = {"error": {"message": "The server had an error", "type": "server_error"}}
    body = sse_blocks([(None, chat_chunks()[0]), (None, error)], done=False)
    server.queue(
        Reply(chunks=[body], headers=EVENTS), Reply(chunks=[body], headers=EVENTS)
    )
    with pytest.raises(openai_2026.APIStreamError) as ours_error:
        list(
            ours.chat.create_chat_completion(messages=MESSAGES, model="m", stream=True)
        )
    with pytest.raises(openai.APIError) as sdk_error:
        list(sdk.chat.completions.create(messages=MESSAGES, model="m", stream=True))
    assert (
        ours_error.value.message == sdk_error.value.message == "The server had an error"
    )
    assert ours_error.value.body == error


# -- the Responses API ---------------------------------------------------------------------


def response_events() -> list[tuple[str, dict[str, Any]]]:
    spec = yaml.safe_load(corpus_spec("openai-2026-08-21.yaml").read_text("utf-8"))
    done = spec["components"]["schemas"]["Response"]["example"]
    # the spec's example leaves out `logprobs`, which its schema requires and the API sends
    for part in done["output"][0]["content"]:
        part.setdefault("logprobs", [])
    started = {**done, "status": "in_progress", "output": [], "usage": None}
    item = done["output"][0]["id"]
    deltas = ["Ein Weg ", "durchs Grün — ", "平和 🌿"]
    events: list[tuple[str, dict[str, Any]]] = [
        ("response.created", {"type": "response.created", "response": started}),
    ]
    for delta in deltas:
        events.append(
            (
                "response.output_text.delta",
                {
                    "type": "response.output_text.delta",
                    "item_id": item,
                    "output_index": 0,
                    "content_index": 0,
                    "delta": delta,
                    "logprobs": [],
                },
            )
        )
    events.append(
        (
            "response.output_text.done",
            {
                "type": "response.output_text.done",
                "item_id": item,
                "output_index": 0,
                "content_index": 0,
                "text": "".join(deltas),
                "logprobs": [],
            },
        )
    )
    events.append(
        ("response.completed", {"type": "response.completed", "response": done})
    )
    return [
        (name, {**data, "sequence_number": n}) for n, (name, data) in enumerate(events)
    ]


def test_responses_events_are_typed_and_match_the_sdk(
    openai_2026: Any, ours: Any, sdk: Any, server: ScriptedServer
) -> None:
    events = response_events()
    body = sse_blocks(events, done=False)  # the Responses API sends no [DONE]
    models = openai_2026.models
    for split in awkward_splits(body):
        server.queue(
            Reply(chunks=split, headers=EVENTS), Reply(chunks=split, headers=EVENTS)
        )
        stream = ours.responses.create_response(model="gpt-4o", input="hi", stream=True)
        got = list(stream)
        theirs = list(sdk.responses.create(model="gpt-4o", input="hi", stream=True))
        assert [type(e).__name__ for e in got] == [
            "ResponseCreatedEvent",
            "ResponseTextDeltaEvent",
            "ResponseTextDeltaEvent",
            "ResponseTextDeltaEvent",
            "ResponseTextDoneEvent",
            "ResponseCompletedEvent",
        ]
        assert isinstance(got[-1].response, models.Response)
        assert [e.type for e in got] == [e.type for e in theirs]
        assert [e.sequence_number for e in got] == list(range(len(events)))
        deltas = [e.delta for e in got if isinstance(e, models.ResponseTextDeltaEvent)]
        assert deltas == [e.delta for e in theirs if e.type.endswith("text.delta")]
        assert got[4].text == "Ein Weg durchs Grün — 平和 🌿"
        assert got[-1].response.id == theirs[-1].response.id
        assert (
            got[-1].response.usage.total_tokens
            == theirs[-1].response.usage.total_tokens
        )
        assert [dumped(e) for e in got] == [data for _, data in events]


def test_async_responses_events(openai_2026: Any, server: ScriptedServer) -> None:
    body = sse_blocks(response_events(), done=False)
    server.queue(Reply(chunks=pieces(body, 3), headers=EVENTS, pause=0.0005))

    async def main() -> list[str]:
        async with openai_2026.AsyncClient(
            base_url=server.base_url, api_key=KEY, max_retries=0
        ) as client:
            stream = await client.responses.create_response(
                model="gpt-4o", input="hi", stream=True
            )
            return [type(e).__name__ async for e in stream]

    names = asyncio.run(main())
    assert names[0] == "ResponseCreatedEvent" and names[-1] == "ResponseCompletedEvent"
    assert names.count("ResponseTextDeltaEvent") == 3


# -- bytes and text --------------------------------------------------------------------------

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 400 + b"\xff\xfb\x90\x64"


def test_speech_audio_round_trips_byte_for_byte(
    openai_2026: Any, ours: Any, sdk: Any, server: ScriptedServer, tmp_path: Path
) -> None:
    audio = {"Content-Type": "audio/mpeg"}
    for _ in range(3):
        server.queue(Reply(chunks=pieces(MP3, 4099), headers=audio))
    speech = ours.audio.create_speech(
        model="gpt-4o-mini-tts", input="Hi", voice="alloy"
    )
    assert isinstance(speech, openai_2026.BinaryResponse)
    assert speech.content == MP3
    ours.audio.create_speech(
        model="gpt-4o-mini-tts", input="Hi", voice="alloy"
    ).write_to_file(tmp_path / "speech.mp3")
    assert (tmp_path / "speech.mp3").read_bytes() == MP3
    theirs = sdk.audio.speech.create(model="gpt-4o-mini-tts", input="Hi", voice="alloy")
    assert theirs.content == MP3
    ours_request, _, sdk_request = server.requests
    assert json.loads(ours_request.body) == json.loads(sdk_request.body)
    assert (
        ours_request.headers["accept"] == "application/octet-stream, text/event-stream"
    )


def test_speech_events_when_asked_for(
    openai_2026: Any, ours: Any, server: ScriptedServer
) -> None:
    events = [
        ("speech.audio.delta", {"type": "speech.audio.delta", "audio": "SUQz"}),
        (
            "speech.audio.done",
            {
                "type": "speech.audio.done",
                "usage": {"input_tokens": 3, "output_tokens": 9, "total_tokens": 12},
            },
        ),
    ]
    server.queue(
        Reply(chunks=pieces(sse_blocks(events, done=False), 11), headers=EVENTS)
    )
    stream = ours.audio.create_speech(
        model="gpt-4o-mini-tts", input="Hi", voice="alloy", stream_format="sse"
    )
    assert isinstance(stream, openai_2026.Stream)
    got = list(stream)
    assert [type(e).__name__ for e in got] == [
        "SpeechAudioDeltaEvent",
        "SpeechAudioDoneEvent",
    ]
    assert got[0].audio == "SUQz"


@pytest.mark.parametrize(
    "content_type", ["application/octet-stream", "application/json"]
)
def test_file_content_byte_for_byte(
    openai_2026: Any,
    ours: Any,
    sdk: Any,
    server: ScriptedServer,
    tmp_path: Path,
    content_type: str,
) -> None:
    data = (
        b'{"custom_id": "r1", "body": {"text": "h\xc3\xa9"}}\n' + bytes(range(256)) * 64
    )
    for _ in range(3):
        server.queue(
            Reply(chunks=pieces(data, 1000), headers={"Content-Type": content_type})
        )
    content = ours.files.download_file(file_id="file-abc123")
    assert isinstance(content, openai_2026.BinaryResponse)
    assert content.content == data
    with ours.files.download_file(file_id="file-abc123") as body:
        body.write_to_file(tmp_path / "out.jsonl")
    assert (tmp_path / "out.jsonl").read_bytes() == data
    assert sdk.files.content("file-abc123").content == data
    assert {r.path for r in server.requests} == {"/files/file-abc123/content"}


def test_transcription_text_is_a_str_like_the_sdk(
    openai_2026: Any, ours: Any, sdk: Any, server: ScriptedServer
) -> None:
    text = "Bonjour, ça va? 你好\n"
    plain = {"Content-Type": "text/plain; charset=utf-8"}
    server.queue(
        Reply(body=text.encode(), headers=plain),
        Reply(body=text.encode(), headers=plain),
        Reply(body={"text": "json text", "usage": {"type": "duration", "seconds": 2}}),
    )
    audio = ("speech.mp3", MP3, "audio/mpeg")
    result = ours.audio.create_transcription(
        file=audio, model="whisper-1", response_format="text"
    )
    assert result == text and isinstance(result, str)
    theirs = sdk.audio.transcriptions.create(
        file=audio, model="whisper-1", response_format="text"
    )
    assert theirs == text
    as_json = ours.audio.create_transcription(file=audio, model="whisper-1")
    assert isinstance(as_json, openai_2026.models.CreateTranscriptionResponseJson)
    assert as_json.text == "json text"
    assert "text/plain" in server.requests[0].headers["accept"]


# -- static types ----------------------------------------------------------------------------

USAGE = """\
from openai_2026 import AsyncClient, Client
from openai_2026.models import ChatCompletionRequestUserMessage

client = Client(api_key="k")
hi = ChatCompletionRequestUserMessage(role="user", content="hi")
reveal_type(client.chat.create_chat_completion(messages=[hi], model="m"))
reveal_type(client.chat.create_chat_completion(messages=[hi], model="m", stream=True))
reveal_type(client.responses.create_response(model="m", stream=True))
reveal_type(client.audio.create_speech(model="m", input="x", voice="alloy"))
reveal_type(client.files.download_file(file_id="f"))
for chunk in client.chat.create_chat_completion(messages=[hi], model="m", stream=True):
    reveal_type(chunk)


async def main() -> None:
    aclient = AsyncClient(api_key="k")
    stream = await aclient.chat.create_chat_completion(
        messages=[hi], model="m", stream=True
    )
    reveal_type(stream)
"""


def test_mypy_strict_sees_the_stream_overloads(
    openai_2026: Any, tmp_path: Path
) -> None:
    package = Path(openai_2026.__file__).parent
    (tmp_path / "usage.py").write_text(USAGE)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "usage.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(package.parent)},
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    revealed = [
        public_path(line.split('Revealed type is "', 1)[1].rstrip('"'))
        for line in result.stdout.splitlines()
        if "Revealed type is" in line
    ]
    m, rt = "openai_2026.models.", "openai_2026._runtime."
    stream, binary = f"{rt}_streaming.Stream", f"{rt}_binary.BinaryResponse"
    assert len(revealed) == 7
    assert revealed[0] == f"{m}CreateChatCompletionResponse"
    assert revealed[1] == f"{stream}[{m}CreateChatCompletionStreamResponse]"
    # a union alias is shown with its members spelled out
    assert (
        revealed[2].startswith(f"{stream}[")
        and f"{m}ResponseTextDeltaEvent" in revealed[2]
    )
    assert revealed[3].startswith(f"{binary} | {stream}[")
    assert f"{m}SpeechAudioDeltaEvent" in revealed[3]
    assert revealed[4] == binary
    assert revealed[5] == f"{m}CreateChatCompletionStreamResponse"
    assert (
        revealed[6]
        == f"{rt}_streaming.AsyncStream[{m}CreateChatCompletionStreamResponse]"
    )
