"""Client-wide options: what a client sends on every request besides a call's own
arguments (`default_headers`, `default_query`, the client-level header arguments), and
what `with_options` needs to copy a client.

A copy made by `with_options` (or `copy`) shares the connection pool of the client it was
made from, as the official SDKs' copies do: no new connections are opened, and closing any
client of the family closes the pool they share, when it is the client's own (one made
from an `http_client` you passed is never closed by the client).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import overload

import httpx

from ._http import AsyncHTTPClient, SyncHTTPClient

__all__ = ["Defaults", "env_or", "pool_of", "share_pool"]


def env_or(value: str | None, variable: str) -> str | None:
    """An argument as given, else its environment variable (unset or empty: None)."""
    if value is not None:
        return value
    return os.environ.get(variable) or None


@dataclass(frozen=True)
class Defaults:
    """The `default_headers` and `default_query` a client was given.

    The headers are sent after the client-level header arguments (so they win) and before
    a call's own headers and `extra_headers` (which win over them); the query parameters
    are sent unless the call gives a parameter of the same name (or `extra_query` does).
    """

    headers: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def of(
        cls, headers: Mapping[str, str] | None, query: Mapping[str, object] | None
    ) -> Defaults:
        return cls(dict(headers or {}), dict(query or {}))

    def changed(
        self,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
    ) -> Defaults:
        """For `with_options`: `default_headers` / `default_query` are merged into these
        (a name given again takes the new value), `set_default_headers` /
        `set_default_query` replace them."""
        if default_headers is not None and set_default_headers is not None:
            raise ValueError(
                "default_headers and set_default_headers cannot both be given"
            )
        if default_query is not None and set_default_query is not None:
            raise ValueError("default_query and set_default_query cannot both be given")
        headers = (
            dict(set_default_headers)
            if set_default_headers is not None
            else _merged(self.headers, default_headers or {})
        )
        query = (
            dict(set_default_query)
            if set_default_query is not None
            else {**self.query, **(default_query or {})}
        )
        return Defaults(headers, query)

    def headers_with(self, arguments: Mapping[str, str | None]) -> dict[str, str]:
        """The headers of every request: each client-level header whose argument is set,
        then `default_headers` (a header named in both, in any case, is theirs)."""
        given = {name: value for name, value in arguments.items() if value is not None}
        return _merged(given, self.headers)


def _merged(first: Mapping[str, str], then: Mapping[str, str]) -> dict[str, str]:
    """Headers of `first`, replaced or joined by those of `then`; names are compared
    without regard to case, as HTTP does."""
    replaced = {name.lower() for name in then}
    kept = {n: v for n, v in first.items() if n.lower() not in replaced}
    return {**kept, **then}


@overload
def pool_of(transport: SyncHTTPClient) -> httpx.Client: ...
@overload
def pool_of(transport: AsyncHTTPClient) -> httpx.AsyncClient: ...
def pool_of(
    transport: SyncHTTPClient | AsyncHTTPClient,
) -> httpx.Client | httpx.AsyncClient:
    """The httpx client (the connection pool) a transport sends with."""
    return transport._client


def share_pool(
    copy: SyncHTTPClient | AsyncHTTPClient, source: SyncHTTPClient | AsyncHTTPClient
) -> None:
    """Make `copy`, built on `source`'s httpx client, close it when `source` would."""
    if copy._client is not source._client:
        raise ValueError("share_pool: the copy does not use the source's httpx client")
    copy._owns_client = source._owns_client
