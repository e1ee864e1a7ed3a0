"""The SSE decoder against the WHATWG event-stream rules, fed whole and in every split."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from runtime._sse import ServerSentEvent, SSEDecoder, aiter_events, iter_events


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    return [event for chunk in chunks for event in decoder.feed(chunk)]


def every_split(data: bytes) -> list[list[ServerSentEvent]]:
    """The events for `data` fed in two pieces, cut at every offset, and byte by byte."""
    results = [decode(data[:i], data[i:]) for i in range(len(data) + 1)]
    results.append(decode(*(data[i : i + 1] for i in range(len(data)))))
    return results


def events_of(data: bytes) -> list[ServerSentEvent]:
    """The events of `data`, checked to be the same however the bytes are split."""
    whole = decode(data)
    for split in every_split(data):
        assert split == whole
    return whole


def test_data_lines_are_joined_with_newlines() -> None:
    # The WHATWG stock-ticker example.
    assert events_of(b"data: YHOO\ndata: +2\ndata: 10\n\n") == [
        ServerSentEvent(data="YHOO\n+2\n10")
    ]


def test_the_whatwg_id_example() -> None:
    stream = (
        b": test stream\n\n"
        b"data: first event\nid: 1\n\n"
        b"data:second event\nid\n\n"
        b"data:  third event\n\n"
    )
    assert events_of(stream) == [
        ServerSentEvent(data="first event", id="1"),
        ServerSentEvent(data="second event", id=""),
        ServerSentEvent(data=" third event", id=""),  # one space is removed, not two
    ]


def test_empty_data_and_the_unfinished_last_event() -> None:
    # WHATWG: "data" alone is an empty data line; the last block has no empty line after it,
    # so it is never dispatched.
    assert events_of(b"data\n\ndata\ndata\n\ndata:") == [
        ServerSentEvent(data=""),
        ServerSentEvent(data="\n"),
    ]


def test_a_colon_and_a_space_are_optional() -> None:
    assert events_of(b"data:test\n\ndata: test\n\n") == [
        ServerSentEvent(data="test"),
        ServerSentEvent(data="test"),
    ]


def test_cr_lf_and_crlf_all_end_lines() -> None:
    for newline in (b"\n", b"\r", b"\r\n"):
        stream = newline.join(
            [b"event: add", b"data: a", b"data: b", b"", b"data: c", b"", b""]
        )
        assert events_of(stream) == [
            ServerSentEvent(data="a\nb", event="add"),
            ServerSentEvent(data="c"),
        ], newline


def test_mixed_line_ends_and_a_crlf_split_across_chunks() -> None:
    assert decode(b"data: a\r", b"\ndata: b\r", b"\r", b"\n") == [
        ServerSentEvent(data="a\nb")
    ]
    # CR, then LF in the next chunk, is one line end: no empty line (no dispatch) between
    assert decode(b"data: a\r", b"\n") == []
    # CR, LF, CR: two line ends, so the event is dispatched
    assert decode(b"data: a\r", b"\n\r") == [ServerSentEvent(data="a")]


def test_comments_and_unknown_fields_are_ignored() -> None:
    stream = b":keep-alive\n: another\nfoo: bar\ndata: x\n:between\nDATA: y\n\n"
    assert events_of(stream) == [ServerSentEvent(data="x")]


def test_event_type_is_per_event_and_defaults_to_message() -> None:
    stream = b"event: first\ndata: 1\n\ndata: 2\n\nevent: third\ndata: 3\n\n"
    assert [(e.event, e.data) for e in events_of(stream)] == [
        ("first", "1"),
        ("message", "2"),
        ("third", "3"),
    ]


def test_a_block_without_data_dispatches_nothing_and_resets_the_type() -> None:
    stream = b"event: lonely\n\ndata: x\n\n"
    assert events_of(stream) == [ServerSentEvent(data="x", event="message")]


def test_the_last_event_id_persists_until_changed() -> None:
    stream = b"id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\nid\ndata: d\n\n"
    assert [(e.id, e.data) for e in events_of(stream)] == [
        ("7", "a"),
        ("7", "b"),
        ("8", "c"),
        ("", "d"),
    ]


def test_an_id_with_nul_is_ignored() -> None:
    stream = b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n"
    assert [e.id for e in events_of(stream)] == ["1", "1"]


def test_retry_takes_ascii_digits_only() -> None:
    decoder = SSEDecoder()
    events = decoder.feed(b"retry: 1500\ndata: a\n\ndata: b\n\n")
    assert [e.retry for e in events] == [1500, None]
    assert decoder.retry == 1500
    for bad in (
        b"retry: 15s",
        b"retry: -1",
        b"retry: 1.5",
        "retry: ١٢".encode(),
        b"retry:",
    ):
        ignored = SSEDecoder()
        (event,) = ignored.feed(bad + b"\ndata: x\n\n")
        assert event.retry is None and ignored.retry is None, bad


def test_one_leading_bom_is_dropped() -> None:
    bom = "\ufeff".encode()
    assert events_of(bom + b"data: a\n\n") == [ServerSentEvent(data="a")]
    # a second BOM is part of the field name: an unknown field, ignored
    assert events_of(bom + bom + b"data: a\n\ndata: b\n\n") == [
        ServerSentEvent(data="b")
    ]
    # a BOM later in the stream is data
    assert events_of(b"data: " + bom + b"a\n\n") == [ServerSentEvent(data="\ufeffa")]


def test_utf8_split_inside_a_character_and_bad_bytes() -> None:
    text = "data: héllo 🌍 ✓\n\n".encode()
    assert events_of(text) == [ServerSentEvent(data="héllo 🌍 ✓")]
    assert decode(b"data: \xff\xfe ok\n\n") == [ServerSentEvent(data="\ufffd\ufffd ok")]


def test_json_data() -> None:
    (event,) = decode(b'data: {"a": [1, 2]}\n\n')
    assert event.json() == {"a": [1, 2]}
    with pytest.raises(ValueError):
        ServerSentEvent(data="[DONE]").json()


def test_iter_and_aiter_events() -> None:
    chunks = [b"data: o", b"ne\n", b"\ndata: two\n\n"]
    assert [e.data for e in iter_events(chunks)] == ["one", "two"]

    async def source() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk

    async def collect() -> list[str]:
        return [e.data async for e in aiter_events(source())]

    assert asyncio.run(collect()) == ["one", "two"]
