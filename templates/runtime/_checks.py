"""Client-side checks of upload constraints (media type, PNG size and alpha).

Only headers are parsed: the PNG signature, the IHDR chunk and the headers of
the chunks before the first IDAT.  Pixel data is never read or decoded, so the
checks stay cheap even for large images.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from ._types import FileTypes

__all__ = ["ImageInfo", "png_info", "read_png_info", "sniff_media_type"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Signature (8) + IHDR length/type (8) + IHDR data (13) + IHDR CRC (4).
_IHDR_END = 33
_VALID_COLOUR_TYPES = frozenset({0, 2, 3, 4, 6})
# Bounds the chunk walk so a hostile file cannot keep us seeking forever.
_MAX_CHUNKS = 4096
# How much of a non-seekable stream we are willing to peek at.
_STREAM_PEEK = 64 * 1024


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    has_alpha: bool


def sniff_media_type(head: bytes) -> str | None:
    """Media type recognised from the first bytes of a file, or None."""
    if head.startswith(PNG_SIGNATURE):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _parse_png(read_at: Callable[[int, int], bytes]) -> ImageInfo | None:
    """Parse a PNG through ``read_at(offset, size)``, which returns <= size bytes."""
    head = read_at(0, _IHDR_END)
    if len(head) < _IHDR_END or not head.startswith(PNG_SIGNATURE):
        return None
    length, chunk_type = struct.unpack(">I4s", head[8:16])
    if chunk_type != b"IHDR" or length != 13:
        return None
    (crc,) = struct.unpack(">I", head[29:33])
    # The CRC covers type + data; a mismatch means a corrupt or fake header.
    if zlib.crc32(head[12:29]) != crc:
        return None
    width, height, _bit_depth, colour_type = struct.unpack(">IIBB", head[16:26])
    if width == 0 or height == 0 or colour_type not in _VALID_COLOUR_TYPES:
        return None

    has_alpha = colour_type in (4, 6)  # grey + alpha, RGBA
    offset = _IHDR_END
    for _ in range(_MAX_CHUNKS):
        if has_alpha:
            break
        header = read_at(offset, 8)
        if len(header) < 8:
            break  # truncated: report what the header told us
        length, chunk_type = struct.unpack(">I4s", header)
        if chunk_type in (b"IDAT", b"IEND"):
            break  # tRNS only counts before the image data
        if chunk_type == b"tRNS":
            has_alpha = True
        offset += 12 + length  # length + type + data + CRC
    return ImageInfo(width=width, height=height, has_alpha=has_alpha)


def png_info(head: bytes) -> ImageInfo | None:
    """Dimensions and alpha of the PNG starting ``head``; None if not a PNG.

    ``head`` may be just the start of the file: a tRNS chunk beyond it is missed.
    """
    view = memoryview(head)

    def read_at(offset: int, size: int) -> bytes:
        return bytes(view[offset : offset + size])

    return _parse_png(read_at)


def _read_png_stream(stream: IO[bytes], start: int) -> ImageInfo | None:
    def read_at(offset: int, size: int) -> bytes:
        stream.seek(start + offset)
        return read_up_to(stream, size)

    return _parse_png(read_at)


def read_png_info(value: FileTypes) -> ImageInfo | None:
    """Like :func:`png_info` but reads only the chunk headers it needs.

    Paths are opened and seeked through; file objects are read from their
    current position and put back there afterwards.
    """
    content = value[1] if isinstance(value, tuple) else value
    if isinstance(content, bytes | bytearray | memoryview):
        return png_info(bytes(content) if not isinstance(content, bytes) else content)
    if isinstance(content, os.PathLike):
        with open(content, "rb") as f:
            return _read_png_stream(f, 0)
    if not seekable(content):
        # Cannot seek over chunk data without consuming the stream; fall back to
        # whatever can be peeked at.
        from ._files import read_head

        return png_info(read_head(content, _STREAM_PEEK))
    position = content.tell()
    try:
        return _read_png_stream(content, position)
    finally:
        content.seek(position)


def seekable(stream: IO[bytes]) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, io.UnsupportedOperation):
        return False


def read_up_to(stream: IO[bytes], n: int) -> bytes:
    """Up to `n` bytes: raw (unbuffered) files may return short reads, so loop to n or EOF."""
    chunks: list[bytes] = []
    while n > 0:
        chunk = stream.read(n)
        if not chunk:
            break
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)
