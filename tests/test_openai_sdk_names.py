"""The 2026 OpenAI spec generated with specs/openai.overlay.yaml, side by side with the
official SDK on the same loopback server: the same names (`OpenAI`, `AsyncOpenAI`,
`client.chat.completions.create`, `client.models.retrieve("...")`, ...), the same
configuration (OPENAI_API_KEY, OPENAI_BASE_URL, `organization=` / `project=` and their
environment variables, `default_headers`, `default_query`, `with_options`), and the same
requests on the wire for the same calls.

Paths are compared decoded in the table of calls; the last tests compare raw paths (`ft:`
stays, per RFC 3986), a `deepObject` query, pages followed to the end, and an image edit's
multipart parts.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from loopback import Recorded, Reply, ScriptedServer
from specgen_testlib import public_path

openai = pytest.importorskip("openai")

KEY = "sk-loopback"
ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID")
# the headers both clients are expected to agree on (the SDK adds its own x-stainless-*)
HEADERS = (
    "authorization",
    "content-type",
    "openai-organization",
    "openai-project",
    "x-team",
    "x-extra",
)
MESSAGES = [{"role": "user", "content": "Say hello"}]
# an answer every call below can read: an object with an id, a list page, a deletion
ANSWER = {
    "id": "x1",
    "object": "list",
    "data": [],
    "has_more": False,
    "deleted": True,
    "created": 1,
}
FT_MODEL = "ft:gpt-4o-mini:org:custom:abc123"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def wire(request: Recorded) -> dict[str, Any]:
    """What a request says, as both clients should say it."""
    parts = urlsplit(request.path)
    body: Any = None
    if request.body and "json" in request.headers.get("content-type", ""):
        body = json.loads(request.body)
    headers = {h: request.headers.get(h) for h in HEADERS}
    if not request.body:  # the SDK names a JSON body it does not send
        headers.pop("content-type")
    return {
        "method": request.method,
        "path": unquote(parts.path),
        "query": sorted(parse_qsl(parts.query, keep_blank_values=True)),
        "headers": headers,
        "body": body,
    }


def both(
    server: ScriptedServer,
    ours: Callable[[], object],
    sdk: Callable[[], object],
    reply: Reply | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The request each client sends for the same call."""
    server.default = reply or Reply(body=ANSWER)
    before = len(server.requests)
    ours()
    sdk()
    assert len(server.requests) == before + 2
    return wire(server.requests[-2]), wire(server.requests[-1])


@pytest.fixture
def clients(openai_client: Any, server: ScriptedServer) -> Iterator[tuple[Any, Any]]:
    ours = openai_client.OpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
    sdk = openai.OpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
    try:
        yield ours, sdk
    finally:
        ours.close()
        sdk.close()


# The SDK's calls, made the same way on both clients (`c` is either).
CALLS: dict[str, Callable[[Any], object]] = {
    "chat.completions.create": lambda c: c.chat.completions.create(
        messages=MESSAGES, model="gpt-4o", temperature=0.5
    ),
    "chat.completions.retrieve": lambda c: c.chat.completions.retrieve("chatcmpl-1"),
    "chat.completions.update": lambda c: c.chat.completions.update(
        "chatcmpl-1", metadata={"k": "v"}
    ),
    "chat.completions.list": lambda c: c.chat.completions.list(limit=2, order="asc"),
    "chat.completions.delete": lambda c: c.chat.completions.delete("chatcmpl-1"),
    "chat.completions.messages.list": lambda c: c.chat.completions.messages.list(
        "chatcmpl-1", limit=3
    ),
    "responses.retrieve": lambda c: c.responses.retrieve("resp_1"),
    "responses.delete": lambda c: c.responses.delete("resp_1"),
    "responses.cancel": lambda c: c.responses.cancel("resp_1"),
    "responses.input_items.list": lambda c: c.responses.input_items.list(
        "resp_1", limit=2
    ),
    "embeddings.create": lambda c: c.embeddings.create(
        input="hi", model="text-embedding-3-small", encoding_format="float"
    ),
    "files.retrieve": lambda c: c.files.retrieve("file-abc"),
    "files.delete": lambda c: c.files.delete("file-abc"),
    "models.retrieve": lambda c: c.models.retrieve(FT_MODEL),
    "models.list": lambda c: c.models.list(),
    "models.delete": lambda c: c.models.delete(FT_MODEL),
    "moderations.create": lambda c: c.moderations.create(input="hi"),
    "batches.retrieve": lambda c: c.batches.retrieve("batch_1"),
    "batches.list": lambda c: c.batches.list(limit=5),
    "batches.cancel": lambda c: c.batches.cancel("batch_1"),
    "fine_tuning.jobs.retrieve": lambda c: c.fine_tuning.jobs.retrieve("ftjob-1"),
    "fine_tuning.jobs.cancel": lambda c: c.fine_tuning.jobs.cancel("ftjob-1"),
    "fine_tuning.jobs.pause": lambda c: c.fine_tuning.jobs.pause("ftjob-1"),
    "fine_tuning.jobs.resume": lambda c: c.fine_tuning.jobs.resume("ftjob-1"),
    "fine_tuning.jobs.list_events": lambda c: c.fine_tuning.jobs.list_events(
        "ftjob-1", limit=2
    ),
    "vector_stores.create": lambda c: c.vector_stores.create(name="docs"),
    "vector_stores.retrieve": lambda c: c.vector_stores.retrieve("vs_1"),
    "vector_stores.update": lambda c: c.vector_stores.update("vs_1", name="docs 2"),
    "vector_stores.delete": lambda c: c.vector_stores.delete("vs_1"),
    "vector_stores.search": lambda c: c.vector_stores.search("vs_1", query="otters"),
    "vector_stores.files.create": lambda c: c.vector_stores.files.create(
        "vs_1", file_id="file-1"
    ),
    "vector_stores.files.retrieve": lambda c: c.vector_stores.files.retrieve(
        "file-1", vector_store_id="vs_1"
    ),
    "vector_stores.files.update": lambda c: c.vector_stores.files.update(
        "file-1", vector_store_id="vs_1", attributes={"lang": "en"}
    ),
    "vector_stores.files.delete": lambda c: c.vector_stores.files.delete(
        "file-1", vector_store_id="vs_1"
    ),
}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_the_sdks_calls_send_the_same_requests(
    call: str, clients: tuple[Any, Any], server: ScriptedServer
) -> None:
    ours, sdk = clients
    mine, theirs = both(server, lambda: CALLS[call](ours), lambda: CALLS[call](sdk))
    assert mine == theirs


def test_downloads_keep_the_sdks_names(
    clients: tuple[Any, Any], server: ScriptedServer
) -> None:
    ours, sdk = clients
    reply = Reply(
        body=b"\x00bytes", headers={"Content-Type": "application/octet-stream"}
    )
    mine, theirs = both(
        server,
        lambda: ours.files.content("file-abc").read(),
        lambda: sdk.files.content("file-abc").read(),
        reply,
    )
    assert mine == theirs and mine["path"] == "/files/file-abc/content"
    mine, theirs = both(
        server,
        lambda: ours.vector_stores.files.content("file-1", vector_store_id="vs_1"),
        lambda: sdk.vector_stores.files.content("file-1", vector_store_id="vs_1"),
    )
    assert mine == theirs


def test_the_environment_configures_both_clients(
    openai_client: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-env")
    ours, sdk = openai_client.OpenAI(), openai.OpenAI()
    assert (ours.organization, ours.project) == ("org-env", "proj-env")
    assert ours.base_url == server.base_url and ours.api_key == "sk-from-env"
    mine, theirs = both(
        server,
        lambda: ours.models.retrieve("gpt-4o"),
        lambda: sdk.models.retrieve("gpt-4o"),
    )
    assert mine == theirs
    assert mine["headers"]["authorization"] == "Bearer sk-from-env"
    assert mine["headers"]["openai-organization"] == "org-env"
    assert mine["headers"]["openai-project"] == "proj-env"


def test_organization_and_project_arguments(
    openai_client: Any, server: ScriptedServer
) -> None:
    for options in (
        {"organization": "org-1", "project": "proj-1"},
        {"organization": "org-1"},
        {},
    ):
        ours = openai_client.OpenAI(api_key=KEY, base_url=server.base_url, **options)
        sdk = openai.OpenAI(api_key=KEY, base_url=server.base_url, **options)
        mine, theirs = both(server, ours.models.list, sdk.models.list)
        assert mine == theirs
        assert mine["headers"]["openai-organization"] == options.get("organization")
        assert mine["headers"]["openai-project"] == options.get("project")


def test_default_headers_and_default_query(
    openai_client: Any, server: ScriptedServer
) -> None:
    options: dict[str, Any] = {
        "api_key": KEY,
        "base_url": server.base_url,
        "organization": "org-1",
        "default_headers": {"X-Team": "a", "OpenAI-Organization": "org-default"},
        "default_query": {"tenant": "t1", "limit": "9"},
    }
    ours, sdk = openai_client.OpenAI(**options), openai.OpenAI(**options)
    mine, theirs = both(server, ours.models.list, sdk.models.list)
    assert mine == theirs
    assert mine["headers"]["openai-organization"] == "org-default"
    assert mine["query"] == [("limit", "9"), ("tenant", "t1")]

    def call(c: Any) -> object:
        return c.batches.list(
            limit=2,
            extra_headers={"X-Team": "b"},
            extra_query={"tenant": "t2"},
        )

    mine, theirs = both(server, lambda: call(ours), lambda: call(sdk))
    assert mine == theirs
    assert mine["headers"]["x-team"] == "b"
    assert mine["query"] == [("limit", "2"), ("tenant", "t2")]


def test_with_options_like_the_sdk(openai_client: Any, server: ScriptedServer) -> None:
    options: dict[str, Any] = {
        "api_key": KEY,
        "base_url": server.base_url,
        "organization": "org-1",
        "default_headers": {"X-Team": "a"},
        "max_retries": 0,
    }
    ours, sdk = openai_client.OpenAI(**options), openai.OpenAI(**options)
    changes: dict[str, Any] = {
        "project": "proj-2",
        "max_retries": 1,
        "timeout": 5.0,
        "default_headers": {"X-Extra": "e"},
        "default_query": {"tenant": "t1"},
    }
    ours_copy, sdk_copy = ours.with_options(**changes), sdk.with_options(**changes)
    assert ours_copy._http._client is ours._http._client  # one pool, as the SDK:
    assert sdk_copy._client is sdk._client
    assert (ours_copy.max_retries, ours_copy.timeout) == (1, 5.0)
    assert (ours.max_retries, ours.project) == (0, None)  # the originals are unchanged
    retried = [Reply(status=429, headers={"retry-after-ms": "1"}), Reply(body=ANSWER)]
    server.queue(*retried)
    ours_copy.models.retrieve("gpt-4o")
    server.queue(*retried)
    sdk_copy.models.retrieve("gpt-4o")
    sent = [wire(r) for r in server.requests]
    assert len(sent) == 4 and sent[:2] == sent[2:]  # one retry each, the same requests
    assert sent[0]["headers"]["openai-project"] == "proj-2"
    assert (sent[0]["headers"]["x-team"], sent[0]["headers"]["x-extra"]) == ("a", "e")
    assert sent[0]["query"] == [("tenant", "t1")]
    # a per-call timeout from with_options, on both
    server.default = Reply(body=ANSWER, delay=2.0)
    with pytest.raises(openai_client.APITimeoutError):
        ours.with_options(timeout=0.2).models.list()
    with pytest.raises(openai.APITimeoutError):
        sdk.with_options(timeout=0.2).models.list()


def test_async_clients_agree(openai_client: Any, server: ScriptedServer) -> None:
    server.default = Reply(body=ANSWER)

    async def main() -> None:
        options = {"api_key": KEY, "base_url": server.base_url, "project": "p"}
        async with openai_client.AsyncOpenAI(**options) as ours:
            await ours.models.retrieve(FT_MODEL)
            await ours.chat.completions.create(messages=MESSAGES, model="gpt-4o")
            await ours.vector_stores.files.retrieve("file-1", vector_store_id="vs_1")
            await ours.with_options(organization="o").fine_tuning.jobs.pause("ftjob-1")
        async with openai.AsyncOpenAI(**options) as sdk:
            await sdk.models.retrieve(FT_MODEL)
            await sdk.chat.completions.create(messages=MESSAGES, model="gpt-4o")
            await sdk.vector_stores.files.retrieve("file-1", vector_store_id="vs_1")
            await sdk.with_options(organization="o").fine_tuning.jobs.pause("ftjob-1")

    asyncio.run(main())
    sent = [wire(r) for r in server.requests]
    assert len(sent) == 8 and sent[:4] == sent[4:]
    assert [s["path"] for s in sent[:4]] == [
        f"/models/{FT_MODEL}",
        "/chat/completions",
        "/vector_stores/vs_1/files/file-1",
        "/fine_tuning/jobs/ftjob-1/pause",
    ]
    assert sent[3]["headers"]["openai-organization"] == "o"


def test_raw_responses_through_nested_names(
    clients: tuple[Any, Any], server: ScriptedServer
) -> None:
    ours, _ = clients
    server.default = Reply(body=ANSWER, headers={"x-request-id": "req_1"})
    raw = ours.chat.completions.with_raw_response.retrieve("chatcmpl-1")
    assert raw.headers["x-request-id"] == "req_1" and raw.parse().id == "x1"
    raw = ours.vector_stores.with_raw_response.files.retrieve(
        "file-1", vector_store_id="vs_1"
    )
    assert raw.status_code == 200 and raw.parse().id == "x1"


USAGE = """\
from openai_client import AsyncOpenAI, OpenAI
from openai_client.models import ChatCompletionRequestUserMessage

client = OpenAI(organization="org", default_headers={"X-Team": "a"})
hi = ChatCompletionRequestUserMessage(role="user", content="hi")
reveal_type(client.chat.completions.create(messages=[hi], model="gpt-4o"))
reveal_type(client.models.retrieve("ft:gpt-4o-mini:org:custom:abc123"))
reveal_type(client.vector_stores.files.retrieve("file-1", vector_store_id="vs_1"))
reveal_type(client.with_options(timeout=5.0, max_retries=0).files.content("file-1"))
reveal_type(client.fine_tuning.jobs.list_events("ftjob-1", limit=2))


async def main() -> None:
    aclient = AsyncOpenAI(project="p")
    reveal_type(await aclient.models.retrieve("gpt-4o"))
"""


def test_mypy_strict_reads_the_sdks_names(openai_client: Any, tmp_path: Path) -> None:
    package = Path(openai_client.__file__).parent
    (tmp_path / "usage.py").write_text(USAGE)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "usage.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(package.parent)},
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    revealed = [
        public_path(line.split('Revealed type is "', 1)[1].rstrip('"'))
        for line in result.stdout.splitlines()
        if "Revealed type is" in line
    ]
    m = "openai_client.models."
    assert revealed == [
        f"{m}CreateChatCompletionResponse",
        f"{m}Model",
        f"{m}VectorStoreFileObject",
        "openai_client._runtime._binary.BinaryResponse",
        # a list that pages (issue 12's pagination): its items and the whole response typed
        f"openai_client._runtime._pages.SyncPage[{m}FineTuningJobEvent, "
        f"{m}ListFineTuningJobEventsResponse]",
        f"{m}Model",
    ]


# -- issue 12's "done when", on the overlaid package: the parts built separately, together --


def test_files_list_iterates_across_pages_like_the_sdk(
    clients: tuple[Any, Any], server: ScriptedServer
) -> None:
    ours, sdk = clients
    pages = [
        {
            "object": "list",
            "data": [{"id": "file-1"}, {"id": "file-2"}],
            "has_more": True,
        },
        {"object": "list", "data": [{"id": "file-3"}], "has_more": False},
    ]
    file = {"object": "file", "bytes": 1, "created_at": 1, "filename": "a.jsonl"}
    for page in pages:
        page["data"] = [{**file, **item, "purpose": "batch"} for item in page["data"]]
    server.queue(*(Reply(body=p) for p in pages))
    our_ids = [f.id for f in ours.files.list(limit=2)]
    ours_sent = [wire(r) for r in server.requests]
    server.requests.clear()
    server.queue(*(Reply(body=p) for p in pages))
    sdk_ids = [f.id for f in sdk.files.list(limit=2)]
    assert our_ids == sdk_ids == ["file-1", "file-2", "file-3"]
    assert ours_sent == [wire(r) for r in server.requests]
    assert [q["query"] for q in ours_sent] == [
        [("limit", "2")],
        [("after", "file-2"), ("limit", "2")],
    ]


def test_ids_and_deep_objects_go_on_the_wire_as_the_sdk_sends_them(
    clients: tuple[Any, Any], server: ScriptedServer
) -> None:
    ours, sdk = clients
    server.default = Reply(body=ANSWER)
    ours.models.retrieve(FT_MODEL)
    sdk.models.retrieve(FT_MODEL)
    ours_path, sdk_path = (r.path for r in server.requests[-2:])
    assert ours_path == sdk_path == f"/models/{FT_MODEL}"  # `:` stays, RFC 3986
    list(ours.fine_tuning.jobs.list(metadata={"env": "prod"}))
    list(sdk.fine_tuning.jobs.list(metadata={"env": "prod"}))
    ours_query, sdk_query = (wire(r)["query"] for r in server.requests[-2:])
    assert ("metadata[env]", "prod") in ours_query
    assert ours_query == sdk_query


def test_image_edit_sends_files_as_multipart_like_the_sdk(
    clients: tuple[Any, Any], server: ScriptedServer
) -> None:
    from loopback import make_png, parse_multipart

    ours, sdk = clients
    png = make_png(4, 4)
    server.default = Reply(body={"created": 1, "data": [{"b64_json": "Zg=="}]})
    ours.images.edit(image=("otter.png", png, "image/png"), prompt="a hat")
    sdk.images.edit(image=("otter.png", png, "image/png"), prompt="a hat")
    sent = []
    for request in server.requests[-2:]:
        assert request.headers["content-type"].startswith("multipart/form-data")
        parts = parse_multipart(request.headers["content-type"], request.body)
        sent.append(
            sorted((p.name, p.filename, p.data) for p in parts if p.name != "image[]")
            + [("image", p.filename, p.data) for p in parts if p.name == "image[]"]
        )
    ours_parts, sdk_parts = sent
    assert sorted(ours_parts) == sorted(sdk_parts)
    assert ("image", "otter.png", png) in ours_parts
