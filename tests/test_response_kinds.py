"""Bodies that are not JSON come back as they were sent, and the client asks for them.

Against a loopback server, with the json_body golden package: a binary download returns the
exact bytes, a text/plain response returns the text, and each request's `Accept` header
names what the operation can return (JSON, the default, for the rest).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from loopback import Reply, ScriptedServer
from specgen_testlib import import_golden_package


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("json_body", tmp_path_factory.mktemp("kinds"))


@pytest.fixture
def client(pkg: Any, server: ScriptedServer) -> Iterator[Any]:
    with pkg.Client(base_url=server.base_url, max_retries=0) as c:
        yield c


def test_binary_download_is_byte_for_byte_and_asks_for_octet_stream(
    client: Any, server: ScriptedServer
) -> None:
    payload = bytes(range(256)) * 3 + b"\xff\xfe not utf-8 \x80"
    server.default = Reply(body=payload)
    assert client.notes.download_note(note_id="n1") == payload
    assert server.requests[0].headers["accept"] == "application/octet-stream"


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


def test_bytes_are_preferred_to_an_event_stream_read_as_text(tmp_path: Any) -> None:
    """Until event streams are typed, an operation answering in bytes or events returns the
    bytes (audio must not be decoded as text) and asks for them."""
    from specgen.pipeline import build

    spec = tmp_path / "speech.yaml"
    spec.write_text(SPEECH)
    (op,) = build(spec).api.operations
    assert (op.success.kind, op.success.media_type) == (
        "binary",
        "application/octet-stream",
    )
    assert op.accept == "application/octet-stream"
