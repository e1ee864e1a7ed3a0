"""Names and client configuration the spec controls, on the `naming` golden package
against a loopback server.

Dotted `x-resource` gives nested resources (`client.stores.files`, `client.chat.completions`,
sync and async, `with_raw_response` both ways), loaded on first use; `x-method` names the
methods; the last path parameter is positional (the others keyword-only), beside the
`stream` overloads too; `x-client` headers become client arguments read from the
environment; `default_headers` / `default_query` are sent with every request in the
documented order; `with_options` copies a client and shares its connection pool. mypy
--strict checks a user's code that uses all of it.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from loopback import Reply, ScriptedServer
from specgen_testlib import import_golden_package

from specgen.pipeline import build

KEY = "sk-naming"
STORE = {"id": "s1", "name": "Corner"}
FILE = {"id": "f1", "store_id": "s1"}
SPEC = Path(__file__).resolve().parent / "golden" / "naming" / "spec.yaml"


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("naming", tmp_path_factory.mktemp("naming"))


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SHOP_API_KEY", "SHOP_BASE_URL", "SHOP_ORG_ID", "SHOP_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def client(pkg: Any, server: ScriptedServer) -> Iterator[Any]:
    with pkg.Shop(api_key=KEY, base_url=server.base_url, max_retries=0) as c:
        yield c


def path_and_query(server: ScriptedServer, index: int = -1) -> tuple[str, list[Any]]:
    parts = urlsplit(server.requests[index].path)
    return parts.path, parse_qsl(parts.query, keep_blank_values=True)


# -- names ---------------------------------------------------------------------------------


def test_nested_resources_and_named_methods(
    client: Any, server: ScriptedServer
) -> None:
    server.queue(
        Reply(body=[STORE]),
        Reply(body=[FILE]),
        Reply(body=FILE),
        Reply(body={"text": "hi"}),
        Reply(body=3),
        Reply(body={"files": 3}),
    )
    assert client.stores.list()[0].name == "Corner"
    assert client.stores.files.list("s1", limit=2)[0].id == "f1"
    assert client.stores.files.retrieve("f1", store_id="s1").store_id == "s1"
    assert client.chat.completions.create(prompt="p").text == "hi"
    # named `files` like the sub-resource: renamed files_ (W112)
    assert client.stores.files_("s1") == 3
    # left to its tag: the tag Stores and the x-resource stores are one resource
    assert client.stores.get_store_stats("s1") == {"files": 3}
    assert [(r.method, urlsplit(r.path).path) for r in server.requests] == [
        ("GET", "/stores"),
        ("GET", "/stores/s1/files"),
        ("GET", "/stores/s1/files/f1"),
        ("POST", "/chat/completions"),
        ("GET", "/stores/s1/file-count"),
        ("GET", "/stores/s1/stats"),
    ]
    assert path_and_query(server, 1)[1] == [("limit", "2")]


def test_the_build_warns_about_the_renamed_method() -> None:
    warnings = [w for w in build(SPEC).warnings if w.code == "W112"]
    assert [w.message for w in warnings] == [
        "method 'files' of stores would be named 'files', like the sub-resource "
        "stores.files; it is named 'files_'"
    ]


def test_the_last_path_parameter_is_positional(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body=FILE)
    retrieve = inspect.signature(pkg.resources.stores.files.StoresFiles.retrieve)
    kinds = {n: p.kind for n, p in retrieve.parameters.items()}
    assert kinds["file_id"] is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert kinds["store_id"] is inspect.Parameter.KEYWORD_ONLY
    client.stores.files.retrieve("f1", store_id="s1")
    client.stores.files.retrieve(file_id="f1", store_id="s1")  # by keyword too
    with pytest.raises(TypeError):
        client.stores.files.retrieve("f1", "s1")  # the parent id is keyword-only
    # the path's order decides, not the order the spec lists the parameters in
    server.default = Reply(
        body=b"bytes", headers={"Content-Type": "application/octet-stream"}
    )
    assert client.stores.files.content("f1", store_id="s1").content == b"bytes"
    server.default = Reply(body=STORE)
    client.stores.retrieve("s1")
    client.stores.retrieve(store_id="s1")
    assert [urlsplit(r.path).path for r in server.requests] == [
        "/stores/s1/files/f1",
        "/stores/s1/files/f1",
        "/stores/s1/files/f1/content",
        "/stores/s1",
        "/stores/s1",
    ]


def test_positional_path_parameter_beside_the_stream_overloads(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.queue(
        Reply(body={"text": "one"}),
        Reply(
            body=b'data: {"text": "two"}\n\ndata: [DONE]\n\n',
            headers={"Content-Type": "text/event-stream"},
        ),
    )
    assert client.stores.search("s1", query="q").text == "one"
    with client.stores.search("s1", query="q", stream=True) as stream:
        assert isinstance(stream, pkg.Stream)
        assert [hit.text for hit in stream] == ["two"]
    assert [json.loads(r.body) for r in server.requests] == [
        {"query": "q"},
        {"query": "q", "stream": True},
    ]


def test_raw_responses_reach_nested_resources_both_ways(
    client: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body={"text": "hi"}, headers={"x-request-id": "req_1"})
    for raw in (
        client.chat.completions.with_raw_response.create(prompt="p"),
        client.chat.with_raw_response.completions.create(prompt="p"),
    ):
        assert raw.status_code == 200
        assert raw.headers["x-request-id"] == "req_1"
        assert raw.parse().text == "hi"


def test_async_client_has_the_same_names(pkg: Any, server: ScriptedServer) -> None:
    server.queue(Reply(body=FILE), Reply(body={"text": "hi"}), Reply(body=FILE))

    async def main() -> list[Any]:
        async with pkg.AsyncShop(api_key=KEY, base_url=server.base_url) as client:
            return [
                await client.stores.files.retrieve("f1", store_id="s1"),
                await client.chat.completions.create(prompt="p"),
                (
                    await client.stores.with_raw_response.files.retrieve(
                        "f1", store_id="s1"
                    )
                ).parse(),
            ]

    found = asyncio.run(main())
    assert [type(f).__name__ for f in found] == [
        "StoreFile",
        "CreateChatCompletionResponse",
        "StoreFile",
    ]
    assert [urlsplit(r.path).path for r in server.requests] == [
        "/stores/s1/files/f1",
        "/chat/completions",
        "/stores/s1/files/f1",
    ]


def test_resources_load_on_first_use(pkg: Any) -> None:
    folder = Path(pkg.__file__).parent.parent
    code = (
        "import sys\n"
        "from golden_naming import Shop\n"
        "client = Shop(api_key='k')\n"
        "prefix = 'golden_naming.resources.'\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith(prefix))\n"
        "print(loaded())\n"
        "client.chat\n"
        "print(loaded())\n"
        "client.chat.completions\n"
        "print(loaded())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    chat = ["golden_naming.resources.chat", "golden_naming.resources.chat._resource"]
    assert result.stdout.splitlines() == [
        "[]",
        str(chat),
        str([*chat, "golden_naming.resources.chat.completions"]),
    ]


# -- configuration ---------------------------------------------------------------------------


def test_header_arguments_and_their_environment(
    pkg: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.default = Reply(body=[STORE])
    with pkg.Shop(
        api_key=KEY,
        base_url=server.base_url,
        organization="org-1",
        project="proj-1",
        x_trace_tag="t",
    ) as explicit:
        assert (explicit.organization, explicit.project) == ("org-1", "proj-1")
        explicit.stores.list()
    monkeypatch.setenv("SHOP_ORG_ID", "org-env")
    monkeypatch.setenv("SHOP_PROJECT_ID", "")  # empty: not sent
    with pkg.Shop(api_key=KEY, base_url=server.base_url) as from_env:
        assert (from_env.organization, from_env.project) == ("org-env", None)
        from_env.stores.list()
    first, second = (r.headers for r in server.requests)
    assert (first["shop-organization"], first["shop-project"]) == ("org-1", "proj-1")
    assert first["x-trace-tag"] == "t"
    assert second["shop-organization"] == "org-env"
    assert "shop-project" not in second and "x-trace-tag" not in second


def test_default_headers_and_query_and_what_wins(
    pkg: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body=[FILE])
    with pkg.Shop(
        api_key=KEY,
        base_url=server.base_url,
        organization="org-1",
        default_headers={"shop-organization": "org-default", "X-Team": "a"},
        default_query={"limit": 5, "tenant": "t1"},
    ) as client:
        client.stores.files.list("s1")
        client.stores.files.list("s1", limit=2)
        client.stores.files.list(
            "s1",
            extra_headers={"X-Team": "b", "Authorization": "Bearer other"},
            extra_query={"tenant": "t2"},
        )
    headers = [r.headers for r in server.requests]
    # default_headers win over the header arguments (a name in any case)
    assert [h["shop-organization"] for h in headers] == ["org-default"] * 3
    assert [h["x-team"] for h in headers] == ["a", "a", "b"]
    assert [h["authorization"] for h in headers] == [f"Bearer {KEY}"] * 2 + [
        "Bearer other"
    ]
    queries = [dict(path_and_query(server, i)[1]) for i in range(3)]
    assert queries == [
        {"limit": "5", "tenant": "t1"},  # the call gave no limit: the default's
        {"limit": "2", "tenant": "t1"},  # its own wins
        {"limit": "5", "tenant": "t2"},  # extra_query wins
    ]


def test_with_options_copies_and_shares_the_pool(
    pkg: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body=[STORE])
    client = pkg.Shop(
        api_key=KEY,
        base_url=server.base_url,
        organization="org-1",
        default_headers={"X-Team": "a"},
        default_query={"tenant": "t1"},
        max_retries=0,
    )
    copy = client.with_options(
        project="proj-2",
        timeout=3.0,
        max_retries=4,
        default_headers={"X-Extra": "e"},
        default_query={"page": 2},
    )
    assert (
        type(copy) is pkg.Shop and client.copy.__func__ is client.with_options.__func__
    )
    assert (copy.timeout, copy.max_retries, copy.api_key) == (3.0, 4, KEY)
    assert (copy.organization, copy.project) == ("org-1", "proj-2")
    assert (client.max_retries, client.project) == (
        0,
        None,
    )  # the original is unchanged
    assert copy._http._client is client._http._client  # one connection pool
    copy.stores.list()
    replaced = client.with_options(set_default_headers={}, set_default_query={})
    replaced.stores.list()
    headers, query = server.requests[0].headers, path_and_query(server, 0)[1]
    assert (headers["x-team"], headers["x-extra"]) == ("a", "e")
    assert (headers["shop-organization"], headers["shop-project"]) == (
        "org-1",
        "proj-2",
    )
    assert sorted(query) == [("page", "2"), ("tenant", "t1")]
    assert "x-team" not in server.requests[1].headers
    assert path_and_query(server, 1)[1] == []
    with pytest.raises(ValueError, match="cannot both be given"):
        client.with_options(default_headers={}, set_default_headers={})
    # closing any client of the family closes the pool they share, as the SDK's copies do
    copy.close()
    assert client._http._client.is_closed
    client.close()


def test_with_options_keeps_a_pool_it_does_not_own(
    pkg: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body=[STORE])
    with httpx.Client() as mine:
        client = pkg.Shop(api_key=KEY, base_url=server.base_url, http_client=mine)
        copy = client.with_options(max_retries=1)
        copy.close()
        client.close()
        assert not mine.is_closed  # a pool the user passed is the user's to close
        own = httpx.Client()
        separate = client.with_options(http_client=own)
        assert separate._http._client is own
        separate.stores.list()
        separate.close()
        assert not own.is_closed
        own.close()


def test_with_options_retries_and_times_out_per_copy(
    pkg: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pkg._runtime._http, "_sync_sleep", lambda seconds: None)
    client = pkg.Shop(api_key=KEY, base_url=server.base_url, max_retries=0)
    server.queue(Reply(status=503), Reply(status=503), Reply(body=[STORE]))
    assert client.with_options(max_retries=2).stores.list()[0].id == "s1"
    assert len(server.requests) == 3
    server.queue(Reply(status=503))
    with pytest.raises(pkg.InternalServerError):
        client.stores.list()  # the original still does not retry
    server.queue(Reply(body=[STORE], delay=1.0))
    with pytest.raises(pkg.APITimeoutError):
        client.with_options(timeout=0.1).stores.list()
    client.close()


def test_async_with_options(pkg: Any, server: ScriptedServer) -> None:
    server.default = Reply(body=[STORE])

    async def main() -> None:
        client = pkg.AsyncShop(
            api_key=KEY, base_url=server.base_url, default_query={"tenant": "t1"}
        )
        copy = client.with_options(organization="org-9")
        assert copy._http._client is client._http._client
        await copy.stores.list()
        await client.close()

    asyncio.run(main())
    assert server.requests[0].headers["shop-organization"] == "org-9"
    assert path_and_query(server)[1] == [("tenant", "t1")]


USAGE = """\
from golden_naming import AsyncShop, Shop
from golden_naming.models import StoreFile

client = Shop(api_key="k", organization="org", default_headers={"X-Team": "a"})
fast = client.with_options(timeout=5.0, max_retries=0, project="p")
reveal_type(fast)
file: StoreFile = fast.stores.files.retrieve("f1", store_id="s1")
reveal_type(client.stores.files.list("s1", limit=3))
reveal_type(client.chat.completions.with_raw_response.create(prompt="p"))
reveal_type(client.stores.search("s1", query="q", stream=True))
reveal_type(client.organization)
client.stores.files.retrieve("f1", "s1")  # the parent id is keyword-only
client.stores.retrieve(42)  # an id is a str


async def main() -> None:
    aclient = AsyncShop(api_key="k").with_options(default_query={"tenant": "t"})
    reveal_type(await aclient.stores.files.retrieve("f1", store_id="s1"))
"""


def test_mypy_strict_checks_a_users_code(pkg: Any, tmp_path: Path) -> None:
    (tmp_path / "usage.py").write_text(USAGE)
    folder = Path(pkg.__file__).parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "usage.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(folder)},
        timeout=600,
    )
    lines = result.stdout.splitlines()
    revealed = [
        line.split('Revealed type is "', 1)[1].rstrip('"')
        for line in lines
        if "Revealed type is" in line
    ]
    m, rt = "golden_naming.models.", "golden_naming._runtime."
    assert revealed == [
        "golden_naming._client.Shop",
        f"list[{m}StoreFile]",
        f"{rt}_raw.APIResponse[{m}CreateChatCompletionResponse]",
        f"{rt}_streaming.Stream[{m}Hit]",
        "str | None",
        f"{m}StoreFile",
    ], result.stdout
    errors = [line for line in lines if ": error:" in line]
    assert len(errors) == 2, result.stdout
    assert errors[0].startswith("usage.py:12:") and "Too many positional" in errors[0]
    assert errors[1].startswith("usage.py:13:") and '"int"' in errors[1]


# -- the x- names, checked -------------------------------------------------------------------

BROKEN_NAMES = """\
openapi: 3.0.3
info: {title: Broken names, version: "1"}
x-client:
  headers:
    Bad Header: {argument: bad}
    X-Ok: {argument: 2fast, env: OK, description: 5, colour: red}
    X-List: [argument]
paths:
  /a:
    get:
      operationId: a
      x-resource: chat..completions
      x-method: ""
      responses: {"204": {description: ok}}
  /b:
    get:
      operationId: b
      x-resource: 5
      responses: {"204": {description: ok}}
"""


def test_malformed_names_are_e050(tmp_path: Path) -> None:
    from specgen.diagnostics import SpecError

    spec = tmp_path / "spec.yaml"
    spec.write_text(BROKEN_NAMES)
    with pytest.raises(SpecError) as caught:
        build(spec)
    found = [(d.line, d.code, d.message) for d in caught.value.diagnostics]
    assert found == [
        (5, "E050", "x-client headers: 'Bad Header' is not a header name"),
        (6, "E050", "x-client header argument must be a Python identifier"),
        (6, "E050", "x-client header description must be a string"),
        (
            6,
            "E050",
            "unknown key 'colour' in an x-client header (argument, env, description)",
        ),
        (
            7,
            "E050",
            "an x-client header must be a mapping with argument, env and description",
        ),
        (
            12,
            "E050",
            "x-resource must be a name, or names joined by dots (chat.completions)",
        ),
        (13, "E050", "x-method must be a non-empty string"),
        (
            18,
            "E050",
            "x-resource must be a name, or names joined by dots (chat.completions)",
        ),
    ]


def test_an_overlay_that_names_badly_is_shown_at_its_line(tmp_path: Path) -> None:
    from specgen.diagnostics import SpecError

    overlay = tmp_path / "names.overlay.yaml"
    overlay.write_text(
        "overlay: 1.0.0\n"
        "info: {title: names, version: '1'}\n"
        "actions:\n"
        "  - target: $.paths['/stores'].get\n"
        "    update:\n"
        "      x-resource: .stores\n"
    )
    with pytest.raises(SpecError) as caught:
        build(SPEC, overlays=[overlay])
    (only,) = caught.value.diagnostics
    assert (Path(only.file).name, only.line, only.code) == (
        "names.overlay.yaml",
        6,
        "E050",
    )
