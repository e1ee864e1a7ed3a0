"""Test helpers shared by all suites: a scripted HTTP server on 127.0.0.1, a strict multipart
parser and a tiny PNG writer.  Stdlib only."""

from __future__ import annotations

import email.parser
import email.policy
import io
import itertools
import json
import struct
import threading
import zlib
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, Any, cast

# --------------------------------------------------------------------------
# Scripted server


@dataclass
class Reply:
    """What the server does with one request."""

    status: int = 200
    body: Any = field(default_factory=dict)  # bytes are sent raw, anything else as JSON
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # wait this long (cut short when the server stops)
    drop: bool = False  # close the connection without answering
    barrier: bool = False  # wait until `ScriptedServer.barrier` parties arrive
    # A streamed body: sent piece by piece (Transfer-Encoding: chunked, one HTTP chunk each,
    # flushed), `pause` seconds apart; `body` is then unused. See `split_at` / `pieces`.
    chunks: list[bytes] | None = None
    pause: float = 0.0
    cut: bool = False  # after the pieces, hang up without ending the chunked body


@dataclass
class Recorded:
    method: str
    path: str  # including the query string
    headers: dict[str, str]  # lower-cased names; last value wins
    header_items: list[tuple[str, str]]
    body: bytes


class ScriptedServer:
    """ThreadingHTTPServer on 127.0.0.1:0 answering from a queue of Replies.

    When the queue is empty `default` is used.  Every request is recorded.
    """

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.default = Reply()
        self.requests: list[Recorded] = []
        self.barrier: threading.Barrier | None = None
        # one entry per streamed reply the client hung up on: (path, pieces it had been sent)
        self.hangups: list[tuple[str, int]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def queue(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        handler = _make_handler(self)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self.barrier is not None:
            self.barrier.abort()
        assert self._httpd is not None and self._thread is not None
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # Called from handler threads.
    def _next(self, recorded: Recorded) -> Reply:
        with self._lock:
            self.requests.append(recorded)
            return self.replies.popleft() if self.replies else self.default


def _make_handler(scripted: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 5  # idle keep-alive connections end on their own

        def _read_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks: list[bytes] = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                    if size == 0:
                        self.rfile.readline()
                        break
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
                return b"".join(chunks)
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _handle(self) -> None:
            body = self._read_body()
            recorded = Recorded(
                method=self.command,
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                header_items=list(self.headers.items()),
                body=body,
            )
            reply = scripted._next(recorded)
            if reply.barrier:
                assert scripted.barrier is not None
                try:
                    scripted.barrier.wait(timeout=5)
                except threading.BrokenBarrierError:
                    reply = Reply(
                        status=599, body={"error": {"message": "barrier broken"}}
                    )
            if reply.delay:
                scripted._stopping.wait(reply.delay)
            if reply.drop:
                self.close_connection = True
                return
            if reply.chunks is not None:
                self._stream(reply, reply.chunks, recorded.path)
                return
            payload = (
                reply.body
                if isinstance(reply.body, bytes)
                else json.dumps(reply.body).encode()
            )
            try:
                self.send_response(reply.status)
                headers = {"Content-Type": "application/json", **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                # Expected when the client timed out and hung up first.
                self.close_connection = True

        def _stream(self, reply: Reply, chunks: list[bytes], path: str) -> None:
            sent = 0
            try:
                self.send_response(reply.status)
                headers = {"Content-Type": "text/event-stream", **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.flush()
                for chunk in chunks:
                    if reply.pause:
                        scripted._stopping.wait(reply.pause)
                    if chunk:  # an empty HTTP chunk would end the body
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.flush()
                    sent += 1
                if reply.cut:
                    self.close_connection = True
                    return
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
                with scripted._lock:
                    scripted.hangups.append((path, sent))
                return

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def split_at(data: bytes, *cuts: int) -> list[bytes]:
    """`data` cut at the given offsets (in any order): the pieces a streamed Reply sends."""
    bounds = [0, *sorted(cuts), len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


def pieces(data: bytes, size: int) -> list[bytes]:
    """`data` in pieces of `size` bytes (the last one shorter)."""
    return [data[i : i + size] for i in range(0, len(data), size)] or [b""]


# --------------------------------------------------------------------------
# Multipart


@dataclass
class Part:
    name: str | None
    filename: str | None
    content_type: str | None
    data: bytes
    header_names: list[str]
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names


def boundary_of(content_type: str) -> str:
    msg = email.parser.HeaderParser(policy=email.policy.HTTP).parsestr(
        f"Content-Type: {content_type}\r\n\r\n"
    )
    assert msg.get_content_type() == "multipart/form-data", content_type
    boundary = msg.get_param("boundary")
    assert isinstance(boundary, str) and boundary
    return boundary


def parse_multipart(content_type: str, body: bytes) -> list[Part]:
    """Strict RFC 7578 parse: exact delimiters, CRLF line ends, no preamble."""
    boundary = boundary_of(content_type).encode()
    delimiter = b"--" + boundary
    assert body.startswith(delimiter + b"\r\n"), body[:80]
    assert body.endswith(b"\r\n" + delimiter + b"--\r\n"), body[-80:]
    inner = body[len(delimiter) + 2 : -(len(delimiter) + 6)]
    parts: list[Part] = []
    for raw in inner.split(b"\r\n" + delimiter + b"\r\n"):
        head, sep, data = raw.partition(b"\r\n\r\n")
        assert sep, raw[:80]
        msg = email.parser.BytesHeaderParser(policy=email.policy.HTTP).parsebytes(
            head + b"\r\n\r\n"
        )
        assert msg.get_content_disposition() == "form-data"
        name = msg.get_param("name", header="content-disposition")
        filename = msg.get_param("filename", header="content-disposition")
        parts.append(
            Part(
                name=name if isinstance(name, str) else None,
                filename=filename if isinstance(filename, str) else None,
                content_type=msg.get_content_type() if "content-type" in msg else None,
                data=data,
                header_names=[k.lower() for k in msg],
                headers={k.lower(): str(v) for k, v in msg.items()},
            )
        )
    return parts


# --------------------------------------------------------------------------
# PNG


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data))
    )


_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def make_png(
    width: int,
    height: int,
    colour_type: int = 2,
    *,
    before_idat: list[tuple[bytes, bytes]] | None = None,
    after_idat: list[tuple[bytes, bytes]] | None = None,
) -> bytes:
    """A valid 8-bit PNG of zero pixels with extra chunks where asked."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    rows = b"".join(
        b"\x00" + bytes(width * _CHANNELS[colour_type]) for _ in range(height)
    )
    chunks = [png_chunk(b"IHDR", ihdr)]
    if colour_type == 3:
        chunks.append(png_chunk(b"PLTE", b"\x00\x00\x00"))
    chunks += [png_chunk(kind, data) for kind, data in before_idat or []]
    chunks.append(png_chunk(b"IDAT", zlib.compress(rows)))
    chunks += [png_chunk(kind, data) for kind, data in after_idat or []]
    chunks.append(png_chunk(b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


class CountingReader(io.BytesIO):
    """BytesIO that counts the bytes handed out by read()."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


class NonSeekable(io.RawIOBase):
    """A pipe-like binary stream: readable, not seekable.

    Like any RawIOBase it is not an ``IO[bytes]`` to mypy; see ``as_io``.
    """

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def as_io(stream: io.RawIOBase) -> IO[bytes]:
    return cast(IO[bytes], stream)
