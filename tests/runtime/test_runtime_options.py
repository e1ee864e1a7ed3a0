"""The runtime's client-wide options (`_options.py`) and the transport's default query."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from loopback import Reply, ScriptedServer
from runtime._auth import Security, bearer
from runtime._http import AsyncHTTPClient, RequestSpec, SyncHTTPClient
from runtime._options import Defaults, env_or, pool_of, share_pool
from runtime._types import NOT_GIVEN


def test_env_or(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORG", "from-env")
    assert env_or("given", "ORG") == "given"
    assert env_or(None, "ORG") == "from-env"
    monkeypatch.setenv("ORG", "")
    assert env_or(None, "ORG") is None  # empty is unset
    monkeypatch.delenv("ORG")
    assert env_or(None, "ORG") is None
    assert env_or("", "ORG") == ""  # an argument is taken as given


def test_header_arguments_then_default_headers_in_any_case() -> None:
    defaults = Defaults.of({"x-org": "default", "X-Team": "a"}, None)
    assert defaults.headers_with(
        {"X-Org": "arg", "X-Project": None, "X-Other": "o"}
    ) == {
        "X-Other": "o",
        "x-org": "default",
        "X-Team": "a",
    }


def test_changed_merges_or_replaces() -> None:
    defaults = Defaults.of({"X-Team": "a", "X-Keep": "k"}, {"tenant": "t1"})
    merged = defaults.changed(
        default_headers={"x-team": "b"}, default_query={"page": 2}
    )
    assert merged.headers == {"X-Keep": "k", "x-team": "b"}
    assert merged.query == {"tenant": "t1", "page": 2}
    replaced = defaults.changed(set_default_headers={}, set_default_query={"a": 1})
    assert (replaced.headers, replaced.query) == ({}, {"a": 1})
    assert defaults.changed() == defaults
    assert defaults.headers == {"X-Team": "a", "X-Keep": "k"}  # unchanged
    with pytest.raises(ValueError, match="default_headers and set_default_headers"):
        defaults.changed(default_headers={}, set_default_headers={})
    with pytest.raises(ValueError, match="default_query and set_default_query"):
        defaults.changed(default_query={}, set_default_query={})


def test_default_query_gives_way_to_the_call(server: ScriptedServer) -> None:
    server.default = Reply(body={})
    with SyncHTTPClient(
        base_url=server.base_url,
        security=Security.of(bearer("k")),
        user_agent="t",
        default_query={"limit": 5, "tenant": "t1", "tags": ["a", "b"]},
    ) as client:
        for query, extra in (
            ({"limit": NOT_GIVEN}, None),
            ({"limit": 2}, None),
            ({"limit": None}, {"tenant": "t2"}),
        ):
            client.send(
                RequestSpec(method="GET", path="/x", query=query, extra_query=extra)
            )
    sent = [parse_qsl(urlsplit(r.path).query) for r in server.requests]
    assert sent == [
        [("limit", "5"), ("tenant", "t1"), ("tags", "a"), ("tags", "b")],
        [("limit", "2"), ("tenant", "t1"), ("tags", "a"), ("tags", "b")],
        # a parameter the call gives as None is left out, the default too
        [("tenant", "t2"), ("tags", "a"), ("tags", "b")],
    ]


def test_pool_sharing_and_the_key() -> None:
    first = SyncHTTPClient(
        base_url="http://x", security=Security.of(bearer("sk-1")), user_agent="t"
    )
    copy = SyncHTTPClient(
        base_url="http://y", user_agent="t", http_client=pool_of(first)
    )
    assert not copy._owns_client
    share_pool(copy, first)
    assert copy._owns_client and pool_of(copy) is pool_of(first)
    # the pool is shared, the credentials are not
    assert (first._security.given, copy._security.given) == (True, False)
    with pytest.raises(ValueError, match="does not use the source's httpx client"):
        share_pool(SyncHTTPClient(base_url="http://z", user_agent="t"), first)
    copy.close()
    assert pool_of(first).is_closed
    mine = httpx.AsyncClient()
    async_client = AsyncHTTPClient(
        base_url="http://x", user_agent="t", http_client=mine
    )
    assert pool_of(async_client) is mine
    asyncio.run(mine.aclose())
