from __future__ import annotations

import email.utils
import io
import json
import random
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pydantic
import pytest
from loopback import Reply, ScriptedServer, make_png, parse_multipart
from runtime import _http
from runtime._auth import Security, api_key, bearer
from runtime._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from runtime._http import RequestSpec, SyncHTTPClient, build_path, retry_delay
from runtime._types import NOT_GIVEN

API_KEY = "sk-test-SECRET-0123456789"


@pytest.fixture
def client(server: ScriptedServer, sleeps: list[float]) -> Iterator[SyncHTTPClient]:
    with SyncHTTPClient(
        base_url=server.base_url + "/v1",
        security=Security.of(bearer(API_KEY)),
        user_agent="specgen-test/1.0",
        timeout=5.0,
        _sleep=sleeps.append,
    ) as c:
        yield c


def _query(path: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(path).query, keep_blank_values=True)


# --------------------------------------------------------------------------
# Request encoding


def test_get_with_query_headers_and_auth(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    server.queue(Reply(body={"ok": True}))
    response = client.send(
        RequestSpec(
            method="GET",
            path=build_path("/files/{file_id}", {"file_id": "a/b c"}),
            query={
                "limit": 10,
                "order": NOT_GIVEN,
                "after": None,
                "include": ["x", "y"],
                "deep": True,
                "shallow": False,
            },
            headers={"X-Feature": 3, "X-Skip": NOT_GIVEN, "X-None": None},
            extra_headers={"X-Extra": "e"},
            extra_query={"limit": 20, "more": "m"},
        )
    )
    assert response.json() == {"ok": True}
    [req] = server.requests
    assert req.method == "GET"
    assert urlsplit(req.path).path == "/v1/files/a%2Fb%20c"
    assert _query(req.path) == [
        ("limit", "20"),
        ("include", "x"),
        ("include", "y"),
        ("deep", "true"),
        ("shallow", "false"),
        ("more", "m"),
    ]
    assert req.headers["authorization"] == f"Bearer {API_KEY}"
    assert req.headers["user-agent"] == "specgen-test/1.0"
    assert req.headers["x-feature"] == "3"
    assert req.headers["x-extra"] == "e"
    assert "x-skip" not in req.headers and "x-none" not in req.headers
    assert req.body == b""


def test_auth_variants(server: ScriptedServer) -> None:
    with SyncHTTPClient(
        base_url=server.base_url,
        security=Security.of(api_key("k-1", location="header", name="api-key")),
        user_agent="ua",
        default_headers={"X-Default": "d"},
    ) as bare:
        bare.send(RequestSpec(method="GET", path="/a"))
    with SyncHTTPClient(base_url=server.base_url, user_agent="ua") as anonymous:
        anonymous.send(RequestSpec(method="GET", path="/b"))
    first, second = server.requests
    assert first.headers["api-key"] == "k-1"
    assert "authorization" not in first.headers
    assert first.headers["x-default"] == "d"
    assert "authorization" not in second.headers and "api-key" not in second.headers


class Inner(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(populate_by_name=True)
    name: str
    label: str | None = pydantic.Field(default=None, alias="displayLabel")
    size: int = 5


def test_json_body_models_not_given_and_extra_body(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    client.send(
        RequestSpec(
            method="POST",
            path="/things",
            json_body={
                "model": "m",
                "n": NOT_GIVEN,
                "user": None,
                "inner": Inner(name="a", displayLabel="L"),
                "items": [Inner(name="b")],
            },
            extra_body={"extra": [1, 2]},
        )
    )
    [req] = server.requests
    assert req.headers["content-type"] == "application/json"
    assert json.loads(req.body) == {
        "model": "m",
        "user": None,  # explicit null is kept, NOT_GIVEN is dropped
        "inner": {"name": "a", "displayLabel": "L"},
        "items": [{"name": "b"}],  # only fields that were set
        "extra": [1, 2],
    }


def test_extra_body_alone_is_a_json_body(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    client.send(RequestSpec(method="POST", path="/x", extra_body={"a": 1}))
    assert json.loads(server.requests[0].body) == {"a": 1}


def test_multipart_exact_fields_filenames_and_types(
    client: SyncHTTPClient, server: ScriptedServer, tmp_path: Path
) -> None:
    image = make_png(4, 4, 6)
    mask = make_png(4, 4, 6)
    image_path = tmp_path / "otter.png"
    image_path.write_bytes(image)
    mask_file = io.BytesIO(mask)
    mask_file.name = "/somewhere/mask.png"
    server.queue(Reply(body={"created": 1, "data": []}))
    client.send(
        RequestSpec(
            method="POST",
            path="/images/edits",
            form={
                "prompt": "A cute baby sea otter",
                "n": 2,
                "size": "1024x1024",
                "stream": True,
                "quality": NOT_GIVEN,
                "user": None,
                "metadata": {"k": "v"},
                "tags": ["a", "b"],
                "temperature": 0.5,
            },
            files={"image": image_path, "mask": mask_file, "extra_image": NOT_GIVEN},
            extra_body={"seed": 7},
        )
    )
    [req] = server.requests
    assert "content-length" in req.headers  # sized, not chunked
    parts = parse_multipart(req.headers["content-type"], req.body)
    got = [(p.name, p.filename, p.content_type, p.data) for p in parts]
    assert got == [
        ("prompt", None, None, b"A cute baby sea otter"),
        ("n", None, None, b"2"),
        ("size", None, None, b"1024x1024"),
        ("stream", None, None, b"true"),
        ("tags", None, None, b"a"),
        ("tags", None, None, b"b"),
        ("temperature", None, None, b"0.5"),
        ("seed", None, None, b"7"),
        # an object is a JSON part (OpenAPI's default for a multipart object)
        ("metadata", None, "application/json", b'{"k":"v"}'),
        ("image", "otter.png", "image/png", image),
        ("mask", "mask.png", "image/png", mask),
    ]


def test_multipart_with_only_form_fields_is_still_multipart(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    client.send(
        RequestSpec(method="POST", path="/f", form={"a": "1"}, files={"f": NOT_GIVEN})
    )
    [req] = server.requests
    parts = parse_multipart(req.headers["content-type"], req.body)
    assert [(p.name, p.data) for p in parts] == [("a", b"1")]


def test_crlf_and_boundary_injection_does_not_create_fields(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    evil = (
        "hello\r\n--boundary\r\n"
        'Content-Disposition: form-data; name="admin"\r\n\r\ntrue\r\n'
        "--boundary--\r\n"
    )
    evil_name = 'x.png"\r\nContent-Type: text/html\r\nX-Evil: 1\r\n\r\n'
    client.send(
        RequestSpec(
            method="POST",
            path="/f",
            form={"prompt": evil},
            files={"image": (evil_name, b"data", "image/png")},
        )
    )
    [req] = server.requests
    parts = parse_multipart(req.headers["content-type"], req.body)
    assert [p.name for p in parts] == ["prompt", "image"]
    assert parts[0].data == evil.encode()
    assert parts[1].content_type == "image/png"
    assert parts[1].header_names == ["content-disposition", "content-type"]
    assert parts[1].data == b"data"


def test_build_path() -> None:
    assert build_path("/files/{file_id}", {"file_id": "a/b c"}) == "/files/a%2Fb%20c"
    assert build_path("/a/{x}/b/{y}", {"x": 5, "y": True}) == "/a/5/b/true"
    # RFC 3986 pchar: sub-delims, ":" and "@" stay as they are
    assert build_path("/a/{x}", {"x": "é?#&%~-_."}) == "/a/%C3%A9%3F%23&%25~-_."
    assert build_path("/m/{x}", {"x": "ft:gpt-4o:org@x!$'()*+,;="}) == (
        "/m/ft:gpt-4o:org@x!$'()*+,;="
    )
    assert build_path("/a/{x}", {"x": ".."}) == "/a/%2E%2E"
    with pytest.raises(ValueError):
        build_path("/a/{x}", {"x": ""})
    with pytest.raises(ValueError):
        build_path("/a/{x}", {"x": NOT_GIVEN})
    with pytest.raises(KeyError):
        build_path("/a/{x}", {})


# --------------------------------------------------------------------------
# Retries


def test_429_with_retry_after_then_success(
    client: SyncHTTPClient, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.queue(
        Reply(
            status=429,
            headers={"Retry-After": "2"},
            body={"error": {"message": "slow down"}},
        ),
        Reply(body={"ok": 1}),
    )
    response = client.send(RequestSpec(method="POST", path="/x", json_body={"a": 1}))
    assert response.json() == {"ok": 1}
    assert sleeps == [2.0]
    assert len(server.requests) == 2
    assert server.requests[0].body == server.requests[1].body


def test_retry_after_ms_and_http_date(
    client: SyncHTTPClient, server: ScriptedServer, sleeps: list[float]
) -> None:
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    server.queue(
        Reply(status=503, headers={"retry-after-ms": "150", "Retry-After": "9"}),
        Reply(status=429, headers={"Retry-After": future}),
        Reply(),
    )
    client.send(RequestSpec(method="GET", path="/x"))
    assert sleeps[0] == pytest.approx(0.15)
    assert 27 <= sleeps[1] <= 30


def test_500_retried_then_success(
    client: SyncHTTPClient, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.queue(Reply(status=500), Reply(status=502), Reply(body={"ok": True}))
    assert client.send(RequestSpec(method="GET", path="/x")).json() == {"ok": True}
    assert len(server.requests) == 3
    assert 0.375 <= sleeps[0] <= 0.5 and 0.75 <= sleeps[1] <= 1.0


@pytest.mark.parametrize("status", [408, 409])
def test_408_409_retried(
    client: SyncHTTPClient, server: ScriptedServer, status: int
) -> None:
    server.queue(Reply(status=status), Reply())
    client.send(RequestSpec(method="GET", path="/x"))
    assert len(server.requests) == 2


def test_400_not_retried(
    client: SyncHTTPClient, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.queue(
        Reply(status=400, body={"error": {"message": "bad prompt", "type": "invalid"}})
    )
    with pytest.raises(BadRequestError) as info:
        client.send(RequestSpec(method="POST", path="/x", json_body={}))
    assert info.value.status_code == 400
    assert info.value.message == "Error code: 400 - bad prompt"
    assert info.value.body == {"error": {"message": "bad prompt", "type": "invalid"}}
    assert len(server.requests) == 1 and sleeps == []


def test_retries_exhausted_raise_last_status(
    client: SyncHTTPClient, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.default = Reply(status=503, body={"error": {"message": "overloaded"}})
    with pytest.raises(InternalServerError) as info:
        client.send(RequestSpec(method="GET", path="/x"))
    assert (
        info.value.status_code == 503
        and info.value.message == "Error code: 503 - overloaded"
    )
    assert len(server.requests) == 3  # 1 + DEFAULT_MAX_RETRIES
    assert len(sleeps) == 2


def test_max_retries_per_call_and_per_client(
    server: ScriptedServer, sleeps: list[float]
) -> None:
    server.default = Reply(status=500)
    with SyncHTTPClient(
        base_url=server.base_url,
        security=Security.of(bearer(API_KEY)),
        user_agent="ua",
        max_retries=4,
        _sleep=sleeps.append,
    ) as c:
        with pytest.raises(InternalServerError):
            c.send(RequestSpec(method="GET", path="/x", max_retries=0))
        assert len(server.requests) == 1
        with pytest.raises(InternalServerError):
            c.send(RequestSpec(method="GET", path="/x"))
        assert len(server.requests) == 1 + 5
    # 0.5 s doubling, each shortened by at most 25 % jitter.
    assert len(sleeps) == 4
    for i, slept in enumerate(sleeps):
        assert 0.375 * 2**i <= slept <= 0.5 * 2**i


def test_module_level_sleep_hook(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(_http, "_sync_sleep", slept.append)
    server.queue(Reply(status=500), Reply())
    with SyncHTTPClient(base_url=server.base_url, user_agent="ua") as c:
        c.send(RequestSpec(method="GET", path="/x"))
    assert len(slept) == 1


STATUS_CLASSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (409, ConflictError),
    (422, UnprocessableEntityError),
    (429, RateLimitError),
    (500, InternalServerError),
    (503, InternalServerError),
    (418, APIStatusError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
def test_status_maps_to_exception(
    client: SyncHTTPClient,
    server: ScriptedServer,
    status: int,
    cls: type[APIStatusError],
) -> None:
    server.default = Reply(status=status, body={"error": {"message": f"boom {status}"}})
    with pytest.raises(cls) as info:
        client.send(RequestSpec(method="GET", path="/x", max_retries=0))
    assert type(info.value) is cls
    assert info.value.status_code == status
    assert info.value.message == f"Error code: {status} - boom {status}"
    assert str(info.value) == info.value.message
    assert isinstance(info.value.response, httpx.Response)


def test_status_message_fallback_without_json(
    client: SyncHTTPClient, server: ScriptedServer
) -> None:
    server.queue(
        Reply(
            status=404, body=b"<html>nope</html>", headers={"Content-Type": "text/html"}
        )
    )
    with pytest.raises(NotFoundError) as info:
        client.send(RequestSpec(method="GET", path="/x"))
    # no message in the body: the body itself (the SDK stops at the status)
    assert info.value.message == "Error code: 404 - <html>nope</html>"
    assert info.value.body == "<html>nope</html>"


def test_dropped_connection_becomes_connection_error_after_retries(
    client: SyncHTTPClient, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.default = Reply(drop=True)
    with pytest.raises(APIConnectionError) as info:
        client.send(RequestSpec(method="GET", path="/x"))
    assert not isinstance(info.value, APITimeoutError)
    assert len(server.requests) == 3 and len(sleeps) == 2
    assert isinstance(info.value.__cause__, httpx.TransportError)


def test_refused_connection(sleeps: list[float]) -> None:
    with (
        SyncHTTPClient(
            base_url="http://127.0.0.1:9",
            security=Security.of(bearer(API_KEY)),
            user_agent="ua",
            _sleep=sleeps.append,
        ) as c,
        pytest.raises(APIConnectionError) as info,
    ):
        c.send(
            RequestSpec(
                method="GET", path="/x", query={"token": "s3cret"}, max_retries=1
            )
        )
    assert len(sleeps) == 1
    # the method and the URL, without the query string (it may hold secrets)
    assert (
        str(info.value) == "Connection error (ConnectError): GET http://127.0.0.1:9/x"
    )


def test_slow_server_times_out(
    client: SyncHTTPClient, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.default = Reply(delay=3.0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        client.send(RequestSpec(method="GET", path="/x", timeout=0.2, max_retries=1))
    assert time.monotonic() - started < 2.0
    assert info.value.message == f"Request timed out: GET {client.base_url}/x"
    assert len(server.requests) == 2 and len(sleeps) == 1


def test_file_object_and_path_resent_identically_on_retry(
    client: SyncHTTPClient, server: ScriptedServer, tmp_path: Path
) -> None:
    image = make_png(8, 8, 6, before_idat=[(b"tEXt", b"c\x00" + b"z" * 200_000)])
    path = tmp_path / "image.png"
    path.write_bytes(image)
    header = b"IGNORED-PREFIX"
    stream = io.BytesIO(header + make_png(8, 8, 4))
    stream.seek(len(header))  # the caller's position is where the upload starts
    server.queue(
        Reply(status=500), Reply(status=429, headers={"retry-after": "0"}), Reply()
    )
    client.send(
        RequestSpec(
            method="POST",
            path="/up",
            form={"p": "x"},
            files={"image": path, "mask": stream},
        )
    )
    assert len(server.requests) == 3
    decoded = [
        [
            (p.name, p.filename, p.content_type, p.data)
            for p in parse_multipart(r.headers["content-type"], r.body)
        ]
        for r in server.requests
    ]
    assert decoded[0] == decoded[1] == decoded[2]
    assert decoded[0][1] == ("image", "image.png", "image/png", image)
    assert decoded[0][2] == ("mask", "mask", "image/png", make_png(8, 8, 4))
    assert [int(r.headers["content-length"]) for r in server.requests] == [
        len(r.body) for r in server.requests
    ]


# --------------------------------------------------------------------------
# Secrets, lifecycle, configuration


def test_api_key_never_in_repr_or_errors(
    server: ScriptedServer, sleeps: list[float]
) -> None:
    texts: list[str] = []
    with SyncHTTPClient(
        base_url=server.base_url,
        security=Security.of(api_key(API_KEY, location="header", name="api-key")),
        user_agent="ua",
        _sleep=sleeps.append,
    ) as c:
        texts += [repr(c), str(c), repr(vars(c))]
        for reply in (
            Reply(status=401, body={"error": {"message": "bad key"}}),
            Reply(status=500),
            Reply(drop=True),
        ):
            server.default = reply
            with pytest.raises(Exception) as info:
                c.send(RequestSpec(method="GET", path="/x", max_retries=0))
            texts += [str(info.value), repr(info.value), repr(info.value.args)]
        server.default = Reply(delay=2.0)
        with pytest.raises(APITimeoutError) as timeout_info:
            c.send(RequestSpec(method="GET", path="/x", max_retries=0, timeout=0.1))
        texts += [
            str(timeout_info.value),
            repr(timeout_info.value),
            repr(timeout_info.value.request),
        ]
    with pytest.raises(ConfigurationError) as config_info:
        SyncHTTPClient(
            base_url="http://x",
            security=Security.of(bearer(API_KEY + "\r\n")),
            user_agent="ua",
        )
    texts += [str(config_info.value), repr(config_info.value)]
    assert all("SECRET" not in text for text in texts), texts
    assert "<redacted>" in texts[0]


def test_configuration_errors() -> None:
    with pytest.raises(ConfigurationError):
        SyncHTTPClient(base_url="", user_agent="ua")
    with pytest.raises(ConfigurationError):
        SyncHTTPClient(
            base_url="http://x", security=Security.of(bearer("")), user_agent="ua"
        )
    with pytest.raises(ConfigurationError):
        SyncHTTPClient(base_url="http://x", user_agent="ua", max_retries=-1)


def test_close_only_owned_client(server: ScriptedServer) -> None:
    own = httpx.Client()
    SyncHTTPClient(base_url=server.base_url, user_agent="ua", http_client=own).close()
    assert not own.is_closed
    own.close()
    created = SyncHTTPClient(base_url=server.base_url, user_agent="ua")
    created.close()
    assert created._client.is_closed


def test_user_http_client_with_its_own_base_url(server: ScriptedServer) -> None:
    with httpx.Client(base_url="http://127.0.0.1:9/elsewhere") as own:
        c = SyncHTTPClient(
            base_url=server.base_url + "/v1/",
            user_agent="ua",
            http_client=own,
        )
        c.send(RequestSpec(method="GET", path="/x"))
    assert urlsplit(server.requests[0].path).path == "/v1/x"


def test_retry_delay_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    def response(headers: dict[str, str]) -> httpx.Response:
        return httpx.Response(429, headers=headers)

    monkeypatch.setattr(random, "random", lambda: 0.0)
    assert [retry_delay(i) for i in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    monkeypatch.setattr(random, "random", lambda: 1.0)
    assert retry_delay(0) == 0.375
    assert retry_delay(0, response({"retry-after": "3.5"})) == 3.5
    assert retry_delay(0, response({"retry-after": "3600"})) == 60.0
    assert retry_delay(0, response({"retry-after": "-4"})) == 0.0
    assert retry_delay(0, response({"retry-after-ms": "2500"})) == 2.5
    past = email.utils.formatdate(time.time() - 100, usegmt=True)
    assert retry_delay(0, response({"retry-after": past})) == 0.0
    assert retry_delay(1, response({"retry-after": "soon"})) == 0.75
    assert retry_delay(1, response({"retry-after": "nan"})) == 0.75
