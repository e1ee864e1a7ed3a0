from __future__ import annotations

import io
from pathlib import Path

import pytest
from loopback import CountingReader, NonSeekable, as_io, make_png
from runtime._files import (
    file_size,
    prepare_uploads,
    read_head,
    rewind_uploads,
    to_upload,
)
from runtime._types import NOT_GIVEN

PNG = make_png(3, 3)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def test_bytes_use_field_name_and_magic() -> None:
    assert to_upload(PNG, field="image") == ("image", PNG, "image/png")
    assert to_upload(b"plain", field="") == (
        "upload",
        b"plain",
        "application/octet-stream",
    )


def test_path_is_read_at_call_time(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(JPEG)
    assert to_upload(path, field="image") == ("photo.jpg", JPEG, "image/jpeg")
    path.write_bytes(PNG)  # a later call sees the new content
    assert to_upload(path, field="image") == ("photo.jpg", PNG, "image/png")


def test_extension_used_when_magic_unknown(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"hello")
    assert to_upload(path, field="f")[2] == "text/plain"
    assert to_upload(("data.json", b"{}"), field="f")[2] == "application/json"


def test_magic_beats_misleading_extension() -> None:
    assert to_upload(("fake.txt", PNG), field="f") == ("fake.txt", PNG, "image/png")


def test_explicit_content_type_wins() -> None:
    assert (
        to_upload(("a.png", PNG, "application/x-custom"), field="f")[2]
        == "application/x-custom"
    )
    assert to_upload(("a.png", PNG, None), field="f")[2] == "image/png"


def test_tuple_without_filename_derives_it(tmp_path: Path) -> None:
    path = tmp_path / "mask.png"
    path.write_bytes(PNG)
    assert to_upload((None, path), field="mask")[0] == "mask.png"
    assert to_upload((None, b"x"), field="mask")[0] == "mask"


def test_file_object_kept_and_not_consumed(tmp_path: Path) -> None:
    path = tmp_path / "dir" / "otter.png"
    path.parent.mkdir()
    path.write_bytes(PNG)
    with path.open("rb") as f:
        filename, content, content_type = to_upload(f, field="image")
        assert (filename, content, content_type) == ("otter.png", f, "image/png")
        assert f.tell() == 0


def test_nameless_file_object_uses_field_name() -> None:
    stream = io.BytesIO(b"%PDF-1.4 ...")
    assert to_upload(stream, field="doc") == ("doc", stream, "application/pdf")


def test_unknown_everything_is_octet_stream() -> None:
    assert to_upload(("blob", b"\x00\x01"), field="f")[2] == "application/octet-stream"


def test_str_and_text_files_rejected(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"pathlib\.Path"):
        to_upload("otter.png", field="image")  # type: ignore[arg-type]
    path = tmp_path / "t.txt"
    path.write_text("hi")
    with path.open("r") as f, pytest.raises(TypeError, match="binary"):
        to_upload(f, field="f")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        to_upload(("a", b"b", "c", "d"), field="f")  # type: ignore[arg-type]


def test_read_head_and_file_size_do_not_move_the_position(tmp_path: Path) -> None:
    stream = io.BytesIO(b"0123456789")
    stream.seek(4)
    assert read_head(stream, 3) == b"456"
    assert stream.tell() == 4
    assert file_size(stream) == 6  # what would be sent: from here to the end
    assert stream.tell() == 4

    path = tmp_path / "f.bin"
    path.write_bytes(b"abcdef")
    with path.open("rb") as f:
        f.seek(2)
        assert read_head(f, 100) == b"cdef"
        assert file_size(f) == 4
        assert f.tell() == 2
    assert read_head(path, 2) == b"ab"
    assert file_size(path) == 6
    assert read_head(b"xyz", 2) == b"xy"
    assert file_size(("n", b"xyz")) == 3


def test_read_head_reads_only_what_it_needs() -> None:
    stream = CountingReader(b"a" * 1_000_000)
    assert read_head(stream, 16) == b"a" * 16
    assert stream.bytes_read == 16
    assert file_size(stream) == 1_000_000
    assert stream.bytes_read == 16


def test_non_seekable_streams() -> None:
    buffered = io.BufferedReader(NonSeekable(b"GIF89a-data"))
    assert read_head(buffered, 6) == b"GIF89a"  # peeked, not consumed
    assert file_size(buffered) is None
    assert buffered.read() == b"GIF89a-data"
    raw = NonSeekable(b"data")
    assert read_head(as_io(raw), 2) == b""  # cannot look without eating it
    assert raw.read() == b"data"


def test_prepare_uploads_drops_missing_and_expands_lists(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(PNG)
    parts = prepare_uploads(
        {
            "image": path,
            "mask": NOT_GIVEN,
            "other": None,
            "many": [b"1", ("two.txt", b"2"), NOT_GIVEN],  # type: ignore[list-item]
            "pair": ("named.bin", b"x"),
        }
    )
    assert [(field, upload[0]) for field, upload in parts] == [
        ("image", "a.png"),
        ("many", "many"),
        ("many", "two.txt"),
        ("pair", "named.bin"),
    ]


def test_prepared_file_rewinds_to_initial_position() -> None:
    stream = io.BytesIO(b"skipMEandTHIS")
    stream.seek(4)
    [(_, (_, content, _))] = prepare_uploads({"f": stream})
    assert not isinstance(content, bytes)
    assert content.read() == b"MEandTHIS"
    content.seek(0)  # what httpx does before sending: means "initial position"
    assert content.read() == b"MEandTHIS"
    stream.seek(0)
    rewind_uploads([("f", ("f", content, "x"))])
    assert stream.tell() == 4


def test_non_seekable_prepared_once_into_bytes() -> None:
    [(_, (_, content, _))] = prepare_uploads({"f": as_io(NonSeekable(b"stream-bytes"))})
    assert content == b"stream-bytes"
