"""Bodies that are not JSON come back as they were sent, and the client asks for them.

Against a loopback server, with the json_body golden package: a binary download returns a
BinaryResponse holding the exact bytes (read whole or written to a file), a text/plain
response returns the text, and each request's `Accept` header names what the operation can
return (JSON, the default, for the rest).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import Reply, ScriptedServer, pieces
from specgen_testlib import import_golden_package


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("json_body", tmp_path_factory.mktemp("kinds"))


@pytest.fixture
def client(pkg: Any, server: ScriptedServer) -> Iterator[Any]:
    with pkg.Client(base_url=server.base_url, max_retries=0) as c:
        yield c


PAYLOAD = bytes(range(256)) * 3 + b"\xff\xfe not utf-8 \x80"


def test_binary_download_is_byte_for_byte_and_asks_for_octet_stream(
    pkg: Any, client: Any, server: ScriptedServer, tmp_path: Path
) -> None:
    octets = {"Content-Type": "application/octet-stream"}
    server.queue(
        Reply(body=PAYLOAD, headers=octets),
        Reply(chunks=pieces(PAYLOAD, 100), headers=octets),
    )
    body = client.notes.download_note(note_id="n1")
    assert isinstance(body, pkg.BinaryResponse)
    assert body.content == PAYLOAD
    assert body.response.is_closed
    client.notes.download_note(note_id="n1").write_to_file(tmp_path / "note.bin")
    assert (tmp_path / "note.bin").read_bytes() == PAYLOAD
    assert [r.headers["accept"] for r in server.requests] == [
        "application/octet-stream"
    ] * 2


def test_text_response_is_a_str_and_asks_for_text(
    client: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body="plain text, é\n".encode())
    assert client.notes.get_note_text(note_id="n1") == "plain text, é\n"
    assert server.requests[0].headers["accept"] == "text/plain"


SPEECH = """\
openapi: 3.0.3
info: {title: Speech, version: "1"}
paths:
  /audio/speech:
    post:
      operationId: createSpeech
      responses:
        "200":
          description: audio, or its events when streamed
          content:
            application/octet-stream: {schema: {type: string, format: binary}}
            text/event-stream: {schema: {type: string}}
"""


def test_bytes_or_events_are_both_kept_and_both_asked_for(tmp_path: Path) -> None:
    """An operation answering in bytes or events returns either, by Content-Type (audio is
    never decoded as text), and asks for both."""
    from specgen.pipeline import build

    spec = tmp_path / "speech.yaml"
    spec.write_text(SPEECH)
    (op,) = build(spec).api.operations
    assert op.success.kinds == ("binary", "events")
    assert op.reader == "mixed" and op.streams
    assert op.return_annotation() == "BinaryResponse | Stream[ServerSentEvent]"
    assert (
        op.return_annotation(True)
        == "AsyncBinaryResponse | AsyncStream[ServerSentEvent]"
    )
    assert op.accept == "application/octet-stream, text/event-stream"
