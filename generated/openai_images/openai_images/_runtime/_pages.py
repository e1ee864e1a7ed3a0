"""Pages of a paginated list: one response's items, and the request for the next page.

A paginated method (see the package README, "Pagination") returns its first page: a
`SyncPage` from the sync client; from the async client an `AsyncPager`, which is awaited for
the first page (an `AsyncPage`) or iterated with `async for` over every item of every page,
as the official SDKs do. Iterating over a page yields its items and those of the pages after
it, fetched as the loop gets to them; `iter_pages()` yields the pages. A follow-up request is
the first one with the cursor (offset, page number, or the `Link` header's URL) replaced:
the same arguments, extra headers and query, timeout and retries.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeAlias, TypeVar, cast
from urllib.parse import parse_qsl

import httpx

from ._errors import APIError
from ._http import AsyncHTTPClient, RequestSpec, SyncHTTPClient
from ._response import parse_json
from ._types import NotGiven

__all__ = ["AsyncPage", "AsyncPager", "Paging", "SyncPage", "next_link"]

_Item = TypeVar("_Item")
_Body = TypeVar("_Body")

Style: TypeAlias = Literal["cursor", "offset", "page", "link"]
Path: TypeAlias = tuple[str, ...]  # attribute names from the parsed response to a value


@dataclass(frozen=True)
class Paging(Generic[_Item, _Body]):
    """How an operation pages (a constant of the generated resource module, typed with the
    items' and the response's types, which the pages it makes take on).

    `items`, `next_cursor`, `has_more`, `total` and `total_pages` are paths in the parsed
    response (`()`: the response itself); `param` is the query parameter that takes the
    cursor, the offset or the page number; `start` the offset or page number the first
    request stands for when it does not send `param`.
    """

    style: Style
    response: object  # the type each response is parsed as
    items: Path = ()
    param: str = ""
    next_cursor: Path = ()  # cursor: where the response gives the next cursor
    item_cursor: str = ""  # cursor: the last item's attribute used when it gives none
    has_more: Path = ()  # a false value here ends the list
    total: Path = ()  # offset, page: the number of items in the whole list
    total_pages: Path = ()  # page: the number of pages
    limit_param: str = ""  # offset, page: the page size argument
    start: int = 0


# --------------------------------------------------------------------------
# Reading a response


def _lookup(value: object, path: Path) -> object:
    for name in path:
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = value.get(name)
        else:
            value = getattr(value, name, None)
    return value


def _items(paging: Paging[Any, Any], body: object) -> list[Any]:
    found = _lookup(body, paging.items)
    return list(found) if isinstance(found, list | tuple) else []


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# `; name` or `; name=value` or `; name="quoted value"` after a link's `<target>`
_PARAM = re.compile(
    r"""\s*;\s*([^\s=;,]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;,]*)))?"""
)


def next_link(values: list[str]) -> str | None:
    """The target of the `rel="next"` link in `Link` header values (RFC 8288), if any."""
    for value in values:
        position = 0
        while (start := value.find("<", position)) >= 0:
            end = value.find(">", start)
            if end < 0:
                break
            position = end + 1
            relations: list[str] = []
            while (param := _PARAM.match(value, position)) is not None:
                if param.group(1).lower() == "rel":
                    relations += (
                        (param.group(2) or param.group(3) or "").lower().split()
                    )
                position = param.end()
            if "next" in relations:
                return value[start + 1 : end].strip()
    return None


# --------------------------------------------------------------------------
# The next request


def _sent(request: RequestSpec, name: str) -> object:
    """What the request sends as query parameter `name` (None when nothing)."""
    for source in (request.extra_query, request.query):
        value = (source or {}).get(name)
        if value is not None and not isinstance(value, NotGiven):
            return value
    return None


def _with_param(request: RequestSpec, name: str, value: object) -> RequestSpec:
    query = {**(request.query or {}), name: value}
    extra = {k: v for k, v in (request.extra_query or {}).items() if k != name}
    return dataclasses.replace(request, query=query, extra_query=extra or None)


def _cursor_request(
    paging: Paging[Any, Any], request: RequestSpec, body: object, items: list[Any]
) -> RequestSpec | None:
    cursor = _lookup(body, paging.next_cursor) if paging.next_cursor else None
    if (cursor is None or cursor == "") and paging.item_cursor:
        cursor = _lookup(items[-1], (paging.item_cursor,))
    if cursor is None or cursor == "" or cursor == _sent(request, paging.param):
        return None  # no cursor, or the one just sent: the list would go round
    return _with_param(request, paging.param, cursor)


def _numbered_request(
    paging: Paging[Any, Any], request: RequestSpec, body: object, items: list[Any]
) -> RequestSpec | None:
    current = _integer(_sent(request, paging.param))
    current = paging.start if current is None else current
    total = _integer(_lookup(body, paging.total)) if paging.total else None
    if paging.style == "offset":
        following = current + len(items)
        return (
            None
            if total is not None and following >= total
            else _with_param(request, paging.param, following)
        )
    pages = _integer(_lookup(body, paging.total_pages)) if paging.total_pages else None
    done = current - paging.start + 1  # pages up to this one
    if pages is not None and done >= pages:
        return None
    if total is not None:
        size = (
            _integer(_sent(request, paging.limit_param)) if paging.limit_param else None
        )
        if done * (size or len(items)) >= total:
            return None
    return _with_param(request, paging.param, current + 1)


def _link_request(
    request: RequestSpec, response: httpx.Response, base_url: str
) -> RequestSpec | APIError | None:
    target = next_link(response.headers.get_list("link"))
    if not target:
        return None
    url = response.request.url.join(target)
    if url == response.request.url:
        return None
    base = httpx.URL(base_url)
    prefix = base.raw_path.decode("ascii").split("?")[0].rstrip("/")
    path, _, query = url.raw_path.decode("ascii").partition("?")
    same_origin = (url.scheme, url.host, url.port) == (
        base.scheme,
        base.host,
        base.port,
    )
    if not same_origin or not path.startswith(prefix + "/"):
        # never send the API key to a host the client was not given
        shown = f"{url.scheme}://{url.netloc.decode('ascii')}{path}"
        return APIError(
            f"the next page's link ({shown}) is not under the client's base URL "
            f"({base_url}): not followed"
        )
    pairs = parse_qsl(query, keep_blank_values=True)
    params: dict[str, object] = {}
    for key in dict.fromkeys(k for k, _ in pairs):
        values = [v for k, v in pairs if k == key]
        params[key] = values[0] if len(values) == 1 else values
    return dataclasses.replace(
        request, path=path[len(prefix) :], query=params, extra_query=None
    )


def _next_request(
    paging: Paging[Any, Any],
    request: RequestSpec,
    response: httpx.Response,
    body: object,
    base_url: str,
) -> RequestSpec | APIError | None:
    """The request for the page after this one; None when this is the last page."""
    items = _items(paging, body)
    if not items:
        return None  # an empty page ends the list, whatever else it says
    if paging.has_more and _lookup(body, paging.has_more) is False:
        return None
    if paging.style == "link":
        return _link_request(request, response, base_url)
    if paging.style == "cursor":
        return _cursor_request(paging, request, body, items)
    return _numbered_request(paging, request, body, items)


# --------------------------------------------------------------------------
# Pages


class _Page(Generic[_Item, _Body]):
    def __init__(
        self,
        request: RequestSpec,
        response: httpx.Response,
        paging: Paging[_Item, _Body],
        base_url: str,
    ) -> None:
        self._request = request
        self._paging = paging
        self._base_url = base_url
        self.http_response = response
        self.response: _Body = cast(_Body, parse_json(response, paging.response))
        self._next: RequestSpec | APIError | NotGiven | None = NotGiven()

    @property
    def data(self) -> list[_Item]:
        """This page's items (the response's array of them)."""
        return cast(list[_Item], _items(self._paging, self.response))

    def _following(self) -> RequestSpec | APIError | None:
        if isinstance(self._next, NotGiven):
            self._next = _next_request(
                self._paging,
                self._request,
                self.http_response,
                self.response,
                self._base_url,
            )
        return self._next

    def has_next_page(self) -> bool:
        """Whether the response points to a page after this one."""
        return self._following() is not None

    def next_page_request(self) -> RequestSpec:
        following = self._following()
        if following is None:
            raise RuntimeError(
                "there is no next page: check has_next_page() before get_next_page()"
            )
        if isinstance(following, APIError):
            raise following
        return following

    def __repr__(self) -> str:
        return f"{type(self).__name__}(data={self.data!r})"


class SyncPage(_Page[_Item, _Body]):
    """One page of a list: `data` (its items), `response` (the whole parsed response).

    `for item in page` runs over the items of this page and of every page after it;
    `iter_pages()` over the pages; `has_next_page()` / `get_next_page()` step by hand.
    """

    def __init__(
        self,
        client: SyncHTTPClient,
        request: RequestSpec,
        response: httpx.Response,
        paging: Paging[_Item, _Body],
    ) -> None:
        super().__init__(request, response, paging, client.base_url)
        self._client = client

    @classmethod
    def first(
        cls, client: SyncHTTPClient, request: RequestSpec, paging: Paging[_Item, _Body]
    ) -> SyncPage[_Item, _Body]:
        """Send the first request; its page."""
        return cls(client, request, client.send(request), paging)

    def get_next_page(self) -> SyncPage[_Item, _Body]:
        """Fetch the page after this one (RuntimeError when there is none)."""
        request = self.next_page_request()
        return type(self)(
            self._client, request, self._client.send(request), self._paging
        )

    def iter_pages(self) -> Iterator[SyncPage[_Item, _Body]]:
        """This page and each page after it, fetched as the loop gets to it."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[_Item]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_Page[_Item, _Body]):
    """`SyncPage` for the async client: `async for item in page`, `iter_pages()` is an
    async iterator and `await page.get_next_page()` fetches the next one."""

    def __init__(
        self,
        client: AsyncHTTPClient,
        request: RequestSpec,
        response: httpx.Response,
        paging: Paging[_Item, _Body],
    ) -> None:
        super().__init__(request, response, paging, client.base_url)
        self._client = client

    async def get_next_page(self) -> AsyncPage[_Item, _Body]:
        """Fetch the page after this one (RuntimeError when there is none)."""
        request = self.next_page_request()
        response = await self._client.send(request)
        return type(self)(self._client, request, response, self._paging)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[_Item, _Body]]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[_Item]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPager(Generic[_Item, _Body]):
    """What a paginated method of the async client returns, before anything is sent:
    `await` it for the first page, or `async for item in ...` over every item."""

    def __init__(
        self,
        client: AsyncHTTPClient,
        request: RequestSpec,
        paging: Paging[_Item, _Body],
    ) -> None:
        self._client = client
        self._request = request
        self._paging = paging

    async def _first(self) -> AsyncPage[_Item, _Body]:
        response = await self._client.send(self._request)
        return AsyncPage[_Item, _Body](
            self._client, self._request, response, self._paging
        )

    def __await__(self) -> Generator[Any, None, AsyncPage[_Item, _Body]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[_Item]:
        page = await self._first()
        async for item in page:
            yield item
