"""AsyncHTTPClient tests, each driven by asyncio.run (no async pytest plugin needed)."""

from __future__ import annotations

import asyncio
import io
import threading
from pathlib import Path

import httpx
import pytest
from loopback import Reply, ScriptedServer, make_png, parse_multipart
from runtime._auth import Security, bearer
from runtime._errors import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    RateLimitError,
)
from runtime._http import AsyncHTTPClient, RequestSpec

API_KEY = "sk-async-SECRET-42"


def _client(
    server: ScriptedServer, sleeps: list[float], **kwargs: object
) -> AsyncHTTPClient:
    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    return AsyncHTTPClient(
        base_url=server.base_url,
        security=Security.of(bearer(API_KEY)),
        user_agent="specgen-test-async",
        timeout=5.0,
        _sleep=fake_sleep,
        **kwargs,  # type: ignore[arg-type]
    )


def test_eight_concurrent_calls(server: ScriptedServer, sleeps: list[float]) -> None:
    # Every handler waits on an 8-party barrier, so the calls can only succeed
    # if all eight are in flight at the same time.
    server.barrier = threading.Barrier(8)
    server.default = Reply(barrier=True, body={"ok": True})

    async def main() -> list[httpx.Response]:
        async with _client(server, sleeps) as client:
            return await asyncio.gather(
                *(
                    client.send(
                        RequestSpec(method="GET", path=f"/item/{i}", max_retries=0)
                    )
                    for i in range(8)
                )
            )

    responses = asyncio.run(main())
    assert [r.status_code for r in responses] == [200] * 8
    assert sorted(r.path for r in server.requests) == sorted(
        f"/item/{i}" for i in range(8)
    )
    assert all(
        r.headers["authorization"] == f"Bearer {API_KEY}" for r in server.requests
    )


def test_async_retry_with_uploads(
    server: ScriptedServer, sleeps: list[float], tmp_path: Path
) -> None:
    image = make_png(5, 5, 6)
    path = tmp_path / "a.png"
    path.write_bytes(image)
    stream = io.BytesIO(make_png(5, 5, 4))
    server.queue(
        Reply(status=429, headers={"Retry-After": "1"}), Reply(status=502), Reply()
    )

    async def main() -> None:
        async with _client(server, sleeps) as client:
            await client.send(
                RequestSpec(
                    method="POST",
                    path="/images/edits",
                    form={"prompt": "p", "n": 1},
                    files={"image": path, "mask": ("m.png", stream)},
                )
            )

    asyncio.run(main())
    assert len(server.requests) == 3
    assert sleeps[0] == 1.0 and 0.75 <= sleeps[1] <= 1.0
    bodies = [
        [
            (p.name, p.filename, p.content_type, p.data)
            for p in parse_multipart(r.headers["content-type"], r.body)
        ]
        for r in server.requests
    ]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0] == [
        ("prompt", None, None, b"p"),
        ("n", None, None, b"1"),
        ("image", "a.png", "image/png", image),
        ("mask", "m.png", "image/png", stream.getvalue()),
    ]


def test_async_errors(server: ScriptedServer, sleeps: list[float]) -> None:
    async def main() -> list[BaseException]:
        errors: list[BaseException] = []
        async with _client(server, sleeps) as client:
            for reply, spec in [
                (
                    Reply(status=400, body={"error": {"message": "nope"}}),
                    RequestSpec(method="GET", path="/a"),
                ),
                (
                    Reply(status=429),
                    RequestSpec(method="GET", path="/b", max_retries=1),
                ),
                (Reply(drop=True), RequestSpec(method="GET", path="/c", max_retries=1)),
                (
                    Reply(delay=2.0),
                    RequestSpec(method="GET", path="/d", max_retries=0, timeout=0.1),
                ),
            ]:
                server.default = reply
                try:
                    await client.send(spec)
                except Exception as exc:  # collected and checked below
                    errors.append(exc)
        return errors

    bad, limited, dropped, slow = asyncio.run(main())
    assert isinstance(bad, BadRequestError) and bad.message == "Error code: 400 - nope"
    assert isinstance(limited, RateLimitError) and limited.status_code == 429
    assert isinstance(dropped, APIConnectionError) and not isinstance(
        dropped, APITimeoutError
    )
    assert isinstance(slow, APITimeoutError)
    assert [r.path for r in server.requests] == ["/a", "/b", "/b", "/c", "/c", "/d"]
    for exc in (bad, limited, dropped, slow):
        assert "SECRET" not in str(exc) and "SECRET" not in repr(exc)


def test_async_close_only_owned_client(
    server: ScriptedServer, sleeps: list[float]
) -> None:
    async def main() -> None:
        own = httpx.AsyncClient()
        await _client(server, sleeps, http_client=own).close()
        assert not own.is_closed
        await own.aclose()
        created = _client(server, sleeps)
        assert "SECRET" not in repr(created)
        await created.close()
        assert created._client.is_closed

    asyncio.run(main())


def test_default_async_sleep_is_used(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runtime import _http

    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(_http, "_async_sleep", record)
    server.queue(Reply(status=500), Reply())

    async def main() -> None:
        async with AsyncHTTPClient(base_url=server.base_url, user_agent="ua") as c:
            await c.send(RequestSpec(method="GET", path="/x"))

    asyncio.run(main())
    assert len(slept) == 1
