"""The generated client end to end, against real HTTP servers on 127.0.0.1.

The seeds' example runs verbatim (only its import changed), its form fields match what the
official `openai` SDK sends for the same call, and retries, errors, timeouts, key hygiene,
raw responses and the async client behave as documented.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import Reply, ScriptedServer, make_png, parse_multipart
from specgen_testlib import REPO

sys.path.insert(0, str(REPO / "generated" / "openai_images"))

import openai_images
from openai_images import AsyncOpenAI, OpenAI

KEY = "sk-secret-key-1234567890"
OK = {"created": 1589478378, "data": [{"url": "https://example.test/1"}]}
SEED_EXAMPLE = """\
from openai import OpenAI
client = OpenAI()
client.images.edit(
  image=open("otter.png", "rb"),
  mask=open("mask.png", "rb"),
  prompt="A cute baby sea otter wearing a beret",
  n=2,
  size="1024x1024"
)
"""


@pytest.fixture
def images_dir(tmp_path: Path) -> Path:
    (tmp_path / "otter.png").write_bytes(make_png(64, 64, 2))
    (tmp_path / "mask.png").write_bytes(make_png(64, 64, 6))
    return tmp_path


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[OpenAI]:
    server.default = Reply(body=OK)
    with OpenAI(api_key=KEY, base_url=server.base_url, max_retries=2) as c:
        yield c


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record retry pauses instead of sleeping them."""
    pauses: list[float] = []
    monkeypatch.setattr(openai_images._runtime._http, "_sync_sleep", pauses.append)

    async def no_wait(seconds: float) -> None:
        pauses.append(seconds)

    monkeypatch.setattr(openai_images._runtime._http, "_async_sleep", no_wait)
    return pauses


def run_example(source: str, cwd: Path, base_url: str, python_path: str) -> None:
    env = {
        **os.environ,
        "OPENAI_API_KEY": KEY,
        "OPENAI_BASE_URL": base_url,
        "PYTHONPATH": python_path,
    }
    result = subprocess.run(
        [sys.executable, "-c", source], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def form_fields(
    server: ScriptedServer,
) -> list[tuple[str | None, str | None, str | None, bytes]]:
    (request,) = server.requests
    parts = parse_multipart(request.headers["content-type"], request.body)
    return sorted((p.name, p.filename, p.content_type, p.data) for p in parts)


def test_seed_example_runs_verbatim_with_the_import_changed(
    server: ScriptedServer, images_dir: Path
) -> None:
    server.default = Reply(body=OK)
    source = SEED_EXAMPLE.replace("from openai import", "from openai_images import")
    run_example(
        source, images_dir, server.base_url, str(REPO / "generated" / "openai_images")
    )
    (request,) = server.requests
    assert request.method == "POST" and request.path == "/images/edits"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["user-agent"].startswith("openai-images/2.0.0")
    names = [f[0] for f in form_fields(server)]
    assert names == ["image", "mask", "n", "prompt", "size"]


def test_form_fields_equal_the_official_sdk(
    server: ScriptedServer, images_dir: Path
) -> None:
    pytest.importorskip("openai", reason="the official SDK is the reference")
    server.default = Reply(body=OK)
    run_example(SEED_EXAMPLE, images_dir, server.base_url, "")
    theirs = form_fields(server)
    server.requests.clear()
    source = SEED_EXAMPLE.replace("from openai import", "from openai_images import")
    run_example(
        source, images_dir, server.base_url, str(REPO / "generated" / "openai_images")
    )
    ours = form_fields(server)
    assert ours == theirs


def test_no_key_is_a_clear_error_at_construction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(openai_images.ConfigurationError) as caught:
        OpenAI()
    assert "api_key" in str(caught.value) and "OPENAI_API_KEY" in str(caught.value)


def test_base_url_defaults_to_the_spec_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert OpenAI(api_key=KEY).base_url == "https://api.openai.com/v1"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v9")
    assert OpenAI(api_key=KEY).base_url == "http://127.0.0.1:9/v9"


def test_retry_after_429_then_success(
    client: OpenAI, server: ScriptedServer, fast_retries: list[float]
) -> None:
    server.queue(
        Reply(status=429, headers={"Retry-After": "3"}, body={}), Reply(body=OK)
    )
    result = client.images.edit(image=make_png(8, 8, 6), prompt="p")
    assert result.created == 1589478378
    assert fast_retries == [3.0]
    first, second = (
        parse_multipart(r.headers["content-type"], r.body) for r in server.requests
    )
    assert [p.data for p in first] == [
        p.data for p in second
    ]  # the file is re-sent whole


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (503, "InternalServerError"),
    ],
)
def test_each_status_class(server: ScriptedServer, status: int, error: str) -> None:
    server.default = Reply(
        status=status, body={"error": {"message": f"bad thing {status}"}}
    )
    with OpenAI(api_key=KEY, base_url=server.base_url, max_retries=0) as client:
        with pytest.raises(getattr(openai_images, error)) as caught:
            client.images.edit(image=make_png(8, 8, 6), prompt="p")
    exc = caught.value
    assert isinstance(exc, openai_images.APIStatusError)
    assert (
        exc.status_code == status
        and exc.message == f"Error code: {status} - bad thing {status}"
    )
    assert KEY not in str(exc) and KEY not in repr(exc)


def test_no_retry_on_other_4xx(client: OpenAI, server: ScriptedServer) -> None:
    server.default = Reply(status=400, body={"error": {"message": "no"}})
    with pytest.raises(openai_images.BadRequestError):
        client.images.edit(image=make_png(8, 8, 6), prompt="p")
    assert len(server.requests) == 1


def test_retries_per_call(client: OpenAI, server: ScriptedServer) -> None:
    server.default = Reply(status=500, body={})
    with pytest.raises(openai_images.InternalServerError):
        client.images.edit(image=make_png(8, 8, 6), prompt="p", max_retries=4)
    assert len(server.requests) == 5


def test_dropped_connection(server: ScriptedServer) -> None:
    server.default = Reply(drop=True)
    with OpenAI(api_key=KEY, base_url=server.base_url, max_retries=1) as client:
        with pytest.raises(openai_images.APIConnectionError) as caught:
            client.images.edit(image=make_png(8, 8, 6), prompt="p")
    assert len(server.requests) == 2
    assert KEY not in str(caught.value) and KEY not in repr(caught.value)


def test_server_slower_than_the_timeout(server: ScriptedServer) -> None:
    server.default = Reply(body=OK, delay=2.0)
    with OpenAI(api_key=KEY, base_url=server.base_url, max_retries=0) as client:
        with pytest.raises(openai_images.APITimeoutError):
            client.images.edit(image=make_png(8, 8, 6), prompt="p", timeout=0.2)


def test_key_never_appears_in_reprs_or_errors(
    client: OpenAI, server: ScriptedServer
) -> None:
    assert KEY not in repr(client) and KEY not in str(client)
    assert KEY not in repr(client.images) and KEY not in repr(client._http)
    server.default = Reply(status=401, body={"error": {"message": "Incorrect API key"}})
    with pytest.raises(openai_images.AuthenticationError) as caught:
        client.images.edit(image=make_png(8, 8, 6), prompt="p")
    for text in (str(caught.value), repr(caught.value), repr(caught.value.response)):
        assert KEY not in text


def test_with_raw_response_exposes_status_and_headers(
    client: OpenAI, server: ScriptedServer
) -> None:
    server.default = Reply(body=OK, headers={"x-request-id": "req_123"})
    raw = client.images.with_raw_response.edit(image=make_png(8, 8, 6), prompt="p")
    assert isinstance(raw, openai_images.APIResponse)
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "req_123"
    assert raw.parse().data[0].url == "https://example.test/1"


def test_per_call_extras_reach_the_wire(client: OpenAI, server: ScriptedServer) -> None:
    client.images.edit(
        image=make_png(8, 8, 6),
        prompt="p",
        extra_headers={"X-Trace": "t1"},
        extra_query={"debug": "1"},
        extra_body={"beta_flag": "on"},
    )
    (request,) = server.requests
    assert request.headers["x-trace"] == "t1"
    assert request.path == "/images/edits?debug=1"
    parts = parse_multipart(request.headers["content-type"], request.body)
    assert ("beta_flag", b"on") in [(p.name, p.data) for p in parts]


def test_prompt_with_crlf_and_boundary_text_stays_one_field(
    client: OpenAI, server: ScriptedServer
) -> None:
    (request_boundary,) = ["--0123456789abcdef"]
    prompt = f'line\r\n{request_boundary}\r\nContent-Disposition: form-data; name="n"\r\n\r\n9'
    client.images.edit(image=make_png(8, 8, 6), prompt=prompt)
    (request,) = server.requests
    parts = parse_multipart(request.headers["content-type"], request.body)
    assert [p.name for p in parts] == ["prompt", "image"]
    assert parts[0].data == prompt.encode()


def test_eight_concurrent_calls_on_the_async_client(server: ScriptedServer) -> None:
    server.default = Reply(body=OK, barrier=True)
    server.barrier = threading.Barrier(8)

    async def main() -> list[Any]:
        async with AsyncOpenAI(
            api_key=KEY, base_url=server.base_url, max_retries=0
        ) as c:
            calls = [
                c.images.edit(image=make_png(8, 8, 6), prompt=f"p{i}", timeout=10)
                for i in range(8)
            ]
            return await asyncio.gather(*calls)

    results = asyncio.run(main())
    assert len(results) == 8 and all(r.created == 1589478378 for r in results)
    assert len(server.requests) == 8  # the barrier only opens with all 8 in flight


def test_async_raw_response_and_validation(server: ScriptedServer) -> None:
    server.default = Reply(body=OK)

    async def main() -> Any:
        async with AsyncOpenAI(api_key=KEY, base_url=server.base_url) as c:
            with pytest.raises(openai_images.RequestValidationError):
                await c.images.edit(image=make_png(8, 8, 6), prompt="x" * 1001)
            return await c.images.with_raw_response.edit(
                image=make_png(8, 8, 6), prompt="p"
            )

    raw = asyncio.run(main())
    assert raw.status_code == 200 and len(server.requests) == 1


def test_import_is_light() -> None:
    """`import openai_images` defines names only: no httpx, pydantic or models imported."""
    code = textwrap.dedent(
        """
        import sys
        import openai_images
        heavy = [m for m in ("httpx", "pydantic", "openai_images.models") if m in sys.modules]
        print(heavy)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "generated" / "openai_images")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
