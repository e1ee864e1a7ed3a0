from __future__ import annotations

import io
from pathlib import Path

import pytest
from loopback import CountingReader, NonSeekable, make_png, png_chunk
from runtime._checks import ImageInfo, png_info, read_png_info, sniff_media_type


def test_square_rgb_has_no_alpha() -> None:
    assert png_info(make_png(4, 4)) == ImageInfo(width=4, height=4, has_alpha=False)


def test_dimensions_are_reported_not_assumed_square() -> None:
    info = png_info(make_png(7, 3))
    assert info is not None and (info.width, info.height) == (7, 3)


@pytest.mark.parametrize(
    ("colour_type", "alpha"), [(0, False), (2, False), (3, False), (4, True), (6, True)]
)
def test_alpha_from_colour_type(colour_type: int, alpha: bool) -> None:
    info = png_info(make_png(2, 2, colour_type))
    assert info == ImageInfo(2, 2, alpha)


@pytest.mark.parametrize("colour_type", [0, 2, 3])
def test_alpha_from_trns_before_idat(colour_type: int) -> None:
    data = make_png(2, 2, colour_type, before_idat=[(b"tRNS", b"\x00\x00")])
    assert png_info(data) == ImageInfo(2, 2, True)


def test_trns_after_idat_does_not_count() -> None:
    data = make_png(2, 2, 2, after_idat=[(b"tRNS", b"\x00\x00")])
    assert png_info(data) == ImageInfo(2, 2, False)


def test_trns_after_other_ancillary_chunks() -> None:
    data = make_png(
        3,
        3,
        2,
        before_idat=[
            (b"tEXt", b"k\x00v" * 100),
            (b"gAMA", b"\x00\x00\xb1\x8f"),
            (b"tRNS", b"\x00"),
        ],
    )
    assert png_info(data) == ImageInfo(3, 3, True)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"GIF89a" + b"\x00" * 40,
        b"\xff\xd8\xff\xe0" + b"\x00" * 40,
        b"not a png at all, just some text that is long enough",
    ],
)
def test_not_a_png(data: bytes) -> None:
    assert png_info(data) is None
    assert read_png_info(data) is None
    assert read_png_info(io.BytesIO(data)) is None


@pytest.mark.parametrize("cut", [0, 4, 8, 16, 20, 28, 32])
def test_truncated_before_end_of_ihdr(cut: int) -> None:
    data = make_png(5, 5)[:cut]
    assert png_info(data) is None
    assert read_png_info(io.BytesIO(data)) is None


def test_truncated_after_ihdr_still_reports_header() -> None:
    # Dimensions are known from IHDR; a missing tail cannot add alpha.
    data = make_png(5, 5)[:40]
    assert png_info(data) == ImageInfo(5, 5, False)


def test_corrupt_ihdr_crc_is_rejected() -> None:
    data = bytearray(make_png(5, 5))
    data[20] ^= 0xFF  # inside the width field
    assert png_info(bytes(data)) is None


def test_ihdr_must_come_first() -> None:
    good = make_png(2, 2)
    swapped = good[:8] + png_chunk(b"gAMA", b"\x00\x00\xb1\x8f") + good[8:]
    assert png_info(swapped) is None


def test_zero_size_and_bad_colour_type_rejected() -> None:
    assert png_info(make_png(0, 2)) is None
    import struct
    import zlib

    ihdr = struct.pack(">IIBBBBB", 2, 2, 8, 5, 0, 0, 0)  # colour type 5 does not exist
    chunk = (
        struct.pack(">I", 13)
        + b"IHDR"
        + ihdr
        + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    )
    assert png_info(b"\x89PNG\r\n\x1a\n" + chunk) is None


def test_read_png_info_seeks_over_chunk_data() -> None:
    big = b"x" * 1_000_000
    data = make_png(8, 8, 2, before_idat=[(b"zTXt", big), (b"tRNS", b"\x00\x00")])
    stream = CountingReader(data)
    assert read_png_info(stream) == ImageInfo(8, 8, True)
    assert stream.bytes_read < 200  # headers only, never the megabyte of text
    assert stream.tell() == 0


def test_read_png_info_restores_position_and_starts_there() -> None:
    prefix = b"PREFIX--"
    stream = io.BytesIO(prefix + make_png(6, 6, 6))
    stream.seek(len(prefix))
    assert read_png_info(stream) == ImageInfo(6, 6, True)
    assert stream.tell() == len(prefix)


def test_read_png_info_restores_position_on_non_png() -> None:
    stream = io.BytesIO(b"hello world" * 10)
    stream.seek(3)
    assert read_png_info(stream) is None
    assert stream.tell() == 3


def test_read_png_info_path_and_tuple(tmp_path: Path) -> None:
    path = tmp_path / "img.png"
    path.write_bytes(make_png(9, 9, 0, before_idat=[(b"tRNS", b"\x00\x00")]))
    assert read_png_info(path) == ImageInfo(9, 9, True)
    assert read_png_info(("x.png", path, "image/png")) == ImageInfo(9, 9, True)
    assert read_png_info(("x.png", path.read_bytes())) == ImageInfo(9, 9, True)


def test_read_png_info_on_real_file_object(tmp_path: Path) -> None:
    path = tmp_path / "img.png"
    path.write_bytes(make_png(16, 16, 6))
    with path.open("rb") as f:
        f.seek(0)
        assert read_png_info(f) == ImageInfo(16, 16, True)
        assert f.tell() == 0
        assert f.read() == path.read_bytes()  # nothing consumed


def test_read_png_info_non_seekable_stream_is_not_consumed() -> None:
    data = make_png(4, 4, 6)
    stream = io.BufferedReader(NonSeekable(data))
    assert read_png_info(stream) == ImageInfo(4, 4, True)
    assert stream.read() == data


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (make_png(1, 1), "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF87a\x01\x00", "image/gif"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
        (b"", None),
        (b"hello", None),
    ],
)
def test_sniff_media_type(head: bytes, expected: str | None) -> None:
    assert sniff_media_type(head) == expected
