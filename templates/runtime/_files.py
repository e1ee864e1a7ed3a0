"""Turn the file values callers pass into parts httpx can send, repeatedly.

Supported values (see ``FileTypes``): raw ``bytes``, a path (read when the
request is sent), an open binary file object, or a ``(filename, content)`` /
``(filename, content, content_type)`` tuple around any of those.
"""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import Mapping, Sequence
from typing import IO, TypeAlias, cast

from ._checks import read_up_to, seekable, sniff_media_type
from ._types import FileContent, FileTypes, NotGiven

__all__ = [
    "Upload",
    "file_size",
    "prepare_uploads",
    "read_head",
    "rewind_uploads",
    "to_upload",
]

# (filename, content, content_type): the 3-tuple httpx accepts in ``files=``.
Upload: TypeAlias = tuple[str, bytes | IO[bytes], str]

_DEFAULT_FILENAME = "upload"
_SNIFF_BYTES = 16


def _split(value: FileTypes) -> tuple[str | None, FileContent, str | None]:
    if isinstance(value, tuple):
        if len(value) == 2:
            return value[0], value[1], None
        if len(value) == 3:
            return value[0], value[1], value[2]
        raise TypeError(
            "file tuples must be (filename, content) or (filename, content, content_type)"
        )
    return None, value, None


def _check_content(content: object) -> None:
    # A str is ambiguous (path or text?) and text-mode files would be encoded
    # with an unknown charset, so both are rejected up front with a clear hint.
    if isinstance(content, str):
        raise TypeError(
            "file content must be bytes, a binary file object or a path-like object; "
            "got str (wrap a path in pathlib.Path)"
        )
    if isinstance(content, io.TextIOBase):
        raise TypeError("file objects must be opened in binary mode ('rb')")
    if not isinstance(
        content, bytes | bytearray | memoryview | os.PathLike
    ) and not hasattr(content, "read"):
        raise TypeError(f"unsupported file content of type {type(content).__name__}")


def _is_bytes(content: object) -> bool:
    return isinstance(content, bytes | bytearray | memoryview)


def read_head(value: FileTypes, n: int) -> bytes:
    """First ``n`` bytes of the upload without consuming it.

    File objects are read from their current position, which is restored.  A
    non-seekable stream can only be peeked at (if it supports ``peek``);
    otherwise ``b""`` is returned rather than eating data that must be sent.
    """
    _, content, _ = _split(value)
    _check_content(content)
    if _is_bytes(content):
        return bytes(cast(bytes, content)[:n])
    if isinstance(content, os.PathLike):
        with open(content, "rb") as f:
            return read_up_to(f, n)
    stream = cast(IO[bytes], content)
    if not seekable(stream):
        peek = getattr(stream, "peek", None)
        if callable(peek):
            return bytes(peek(n))[:n]
        return b""
    position = stream.tell()
    try:
        return read_up_to(stream, n)
    finally:
        stream.seek(position)


def file_size(value: FileTypes) -> int | None:
    """Number of bytes that would be uploaded, or None if it cannot be known.

    For file objects this is the size from the current position to the end;
    the position is left unchanged.
    """
    _, content, _ = _split(value)
    _check_content(content)
    if _is_bytes(content):
        return len(cast(bytes, content))
    if isinstance(content, os.PathLike):
        return os.stat(content).st_size
    stream = cast(IO[bytes], content)
    if not seekable(stream):
        return None
    position = stream.tell()
    try:
        end = stream.seek(0, os.SEEK_END)
    finally:
        stream.seek(position)
    return max(end - position, 0)


def _basename(name: object) -> str | None:
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    if isinstance(name, str) and name:
        # Names like "<stdin>" are not file names worth sending.
        base = os.path.basename(name)
        if base and not (base.startswith("<") and base.endswith(">")):
            return base
    return None


def _content_type(head: bytes, filename: str) -> str:
    sniffed = sniff_media_type(head)
    if sniffed is not None:
        return sniffed
    guessed, _ = mimetypes.guess_type(filename, strict=False)
    return guessed or "application/octet-stream"


def to_upload(value: FileTypes, *, field: str) -> Upload:
    """Resolve ``value`` into ``(filename, content, content_type)``.

    Paths are read into memory here (once); file objects are returned as is.
    """
    explicit_name, content, explicit_type = _split(value)
    _check_content(content)
    fallback_name = field or _DEFAULT_FILENAME
    data: bytes | IO[bytes]
    if _is_bytes(content):
        data = bytes(cast(bytes, content))
        filename = explicit_name or fallback_name
        head = data[:_SNIFF_BYTES]
    elif isinstance(content, os.PathLike):
        with open(content, "rb") as f:
            data = f.read()
        filename = explicit_name or _basename(os.fspath(content)) or fallback_name
        head = data[:_SNIFF_BYTES]
    else:
        data = cast(IO[bytes], content)
        filename = (
            explicit_name or _basename(getattr(data, "name", None)) or fallback_name
        )
        head = read_head(data, _SNIFF_BYTES)
    content_type = explicit_type or _content_type(head, filename)
    return filename, data, content_type


class _ReplayableFile:
    """Window on a seekable file starting where it was when the call began.

    httpx seeks file parts to 0 before sending them; through this window that
    means "back to the caller's initial position", which makes retries resend
    exactly the same bytes and keeps Content-Length right.  It deliberately has
    no ``fileno()`` so httpx measures its length with seek/tell.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._start = stream.tell()

    @property
    def name(self) -> object:
        return getattr(self._stream, "name", None)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def tell(self) -> int:
        return self._stream.tell() - self._start

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_SET:
            offset += self._start
        return self._stream.seek(offset, whence) - self._start

    def rewind(self) -> None:
        self._stream.seek(self._start)


def _replayable(data: bytes | IO[bytes]) -> bytes | IO[bytes]:
    if isinstance(data, bytes):
        return data
    if seekable(data):
        return cast(IO[bytes], _ReplayableFile(data))
    return data.read()


def _is_single_file(value: object) -> bool:
    if not isinstance(value, tuple):
        return not isinstance(value, list)
    # (filename, content[, content_type]) versus a tuple of several files.
    return (
        len(value) in (2, 3)
        and (value[0] is None or isinstance(value[0], str))
        and not isinstance(value[1], str)
        and (len(value) == 2 or value[2] is None or isinstance(value[2], str))
    )


def prepare_uploads(
    files: Mapping[str, FileTypes | Sequence[FileTypes] | NotGiven | None],
) -> list[tuple[str, Upload]]:
    """Resolve every file part once per call, ready to be sent (and resent).

    NOT_GIVEN/None values are dropped and a list gives repeated parts.  Seekable
    file objects are wrapped so :func:`rewind_uploads` can restore them;
    non-seekable streams are read into memory once, since they cannot be
    replayed any other way.
    """
    parts: list[tuple[str, Upload]] = []
    for field, value in files.items():
        if value is None or isinstance(value, NotGiven):
            continue
        items = (
            [value] if _is_single_file(value) else list(cast(Sequence[object], value))
        )
        for item in items:
            if item is None or isinstance(item, NotGiven):
                continue
            filename, data, content_type = to_upload(cast(FileTypes, item), field=field)
            parts.append((field, (filename, _replayable(data), content_type)))
    return parts


def rewind_uploads(parts: Sequence[tuple[str, Upload]]) -> None:
    """Put every prepared file object back at its initial position."""
    for _, (_, data, _) in parts:
        if isinstance(data, _ReplayableFile):
            data.rewind()
