"""HTTP transport for generated clients: request encoding, auth, retries.

Generated operations describe a call as a :class:`RequestSpec` and hand it to
:meth:`SyncHTTPClient.send` / :meth:`AsyncHTTPClient.send`, which return the
successful ``httpx.Response`` or raise an :class:`~._errors.APIError`.
"""

from __future__ import annotations

import email.utils
import json
import math
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from types import TracebackType
from typing import Any, Final, TypeAlias
from urllib.parse import quote

import httpx
import pydantic

from ._errors import ConfigurationError, connection_error_for, status_error_for
from ._files import Upload, prepare_uploads, rewind_uploads, to_upload
from ._raw import remember_response
from ._types import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    FileTypes,
    NotGiven,
    Secret,
)

__all__ = [
    "AsyncHTTPClient",
    "RequestSpec",
    "SyncHTTPClient",
    "build_path",
    "retry_delay",
]

FileParam: TypeAlias = FileTypes | Sequence[FileTypes] | NotGiven | None
# What httpx accepts as a query value (we only ever produce str).
_QueryValue: TypeAlias = str | int | float | bool | None

INITIAL_RETRY_DELAY: Final = 0.5
MAX_RETRY_DELAY: Final = 8.0
# A server asking for a longer pause than this gets this much and no more, so a
# misconfigured Retry-After cannot park the caller for hours.
MAX_RETRY_AFTER: Final = 60.0
RETRYABLE_STATUSES: Final = frozenset({408, 409, 429})

# Default sleeps, looked up at call time so tests can patch the module.
_sync_sleep: Callable[[float], None] = time.sleep


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # imported lazily: sync-only users never pay for asyncio

    await asyncio.sleep(seconds)


_async_sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep


@dataclass(frozen=True)
class RequestSpec:
    """Everything needed to send one API call (built by generated code)."""

    method: str
    path: str
    query: Mapping[str, object] | None = None
    headers: Mapping[str, object] | None = None
    json_body: object = NOT_GIVEN
    # A raw body (binary upload or text) with its media type, for non-JSON, non-form bodies.
    content: FileTypes | str | NotGiven = NOT_GIVEN
    content_type: str | None = None
    # application/x-www-form-urlencoded instead of multipart for `form` (never with files).
    urlencoded: bool = False
    form: Mapping[str, object] | None = None
    files: Mapping[str, FileParam] | None = None
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None
    # The media types a successful response may come in (None: JSON).
    accept: str | None = None
    # Hand the successful response out unread (event streams, binary bodies): `send` returns
    # with the body still on the wire. Error responses are read whole and raised as ever.
    stream: bool = False
    timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN


# --------------------------------------------------------------------------
# Value encoding


_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_any_adapter: pydantic.TypeAdapter[Any] | None = None


def _strip_not_given(value: object) -> object:
    if isinstance(value, Mapping):
        return {
            k: _strip_not_given(v)
            for k, v in value.items()
            if not isinstance(v, NotGiven)
        }
    if isinstance(value, list | tuple):
        return [_strip_not_given(v) for v in value if not isinstance(v, NotGiven)]
    return value


def _jsonable(value: object) -> object:
    """Plain JSON data for ``value``: models by alias with only the fields set."""
    global _any_adapter
    if _any_adapter is None:  # built on first use to keep imports cheap
        _any_adapter = pydantic.TypeAdapter(Any)
    result: object = _any_adapter.dump_python(
        _strip_not_given(value), mode="json", by_alias=True, exclude_unset=True
    )
    return result


def _to_text(value: object) -> str:
    """Text form of a scalar for paths, queries, headers and form fields."""
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, Enum):
        return _to_text(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    data = _jsonable(value)
    if isinstance(data, str):  # datetimes, UUIDs, decimals...
        return data
    # Objects and arrays nested in a scalar slot travel as JSON text.
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def build_path(template: str, params: Mapping[str, object]) -> str:
    """Fill ``{name}`` placeholders, percent-encoding everything not unreserved.

    ``build_path("/files/{file_id}", {"file_id": "a/b c"}) == "/files/a%2Fb%20c"``
    """

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise KeyError(f"missing path parameter {name!r}")
        value = params[name]
        if value is None or isinstance(value, NotGiven):
            raise ValueError(f"path parameter {name!r} is required")
        text = _to_text(value)
        if not text:
            # An empty segment would silently address a different endpoint.
            raise ValueError(f"path parameter {name!r} must not be empty")
        if text in (".", ".."):
            # Dot segments would be collapsed by URL normalisation.
            return text.replace(".", "%2E")
        return quote(text, safe="")

    return _PATH_PARAM.sub(substitute, template)


def _query_params(
    query: Mapping[str, object] | None, extra: Mapping[str, object] | None
) -> list[tuple[str, _QueryValue]]:
    merged = {**(query or {}), **(extra or {})}
    params: list[tuple[str, _QueryValue]] = []
    for key, value in merged.items():
        if value is None or isinstance(value, NotGiven):
            continue
        items = value if isinstance(value, list | tuple) else [value]
        params.extend(
            (key, _to_text(item))
            for item in items
            if item is not None and not isinstance(item, NotGiven)
        )
    return params


def _form_fields(
    form: Mapping[str, object] | None, extra: Mapping[str, object] | None
) -> dict[str, list[str | bytes]]:
    merged = {**(form or {}), **(extra or {})}
    fields: dict[str, list[str | bytes]] = {}
    for name, value in merged.items():
        if value is None or isinstance(value, NotGiven):
            continue
        items = value if isinstance(value, list | tuple) else [value]
        encoded = [
            item if isinstance(item, bytes) else _to_text(item)
            for item in items
            if item is not None and not isinstance(item, NotGiven)
        ]
        if encoded:
            fields[name] = encoded
    return fields


def _json_payload(spec: RequestSpec) -> object | NotGiven:
    if isinstance(spec.json_body, NotGiven):
        return _jsonable(spec.extra_body) if spec.extra_body else NOT_GIVEN
    body = _jsonable(spec.json_body)
    if not spec.extra_body:
        return body
    extra = _jsonable(spec.extra_body)
    if not isinstance(body, dict) or not isinstance(extra, dict):
        raise TypeError("extra_body can only be merged into a JSON object body")
    merged: dict[str, object] = {**body, **extra}
    return merged


def _raw_content(value: FileTypes | str) -> bytes:
    """A raw request body as bytes (text is sent as UTF-8; files are read once per attempt)."""
    if isinstance(value, str):
        return value.encode("utf-8")
    _, data, _ = to_upload(value, field="body")
    return data if isinstance(data, bytes) else data.read()


def _content_type_header(spec: RequestSpec) -> dict[str, str]:
    return {"Content-Type": spec.content_type} if spec.content_type else {}


class _MultipartFiles(list[tuple[str, Upload]]):
    """File list that is truthy even when empty.

    httpx only encodes multipart/form-data when ``files`` is truthy; a
    multipart operation whose file parts are all omitted must still be sent as
    multipart (not urlencoded), since that is what the server parses.
    """

    def __bool__(self) -> bool:
        return True


# --------------------------------------------------------------------------
# Retry policy


def _retry_after_seconds(headers: httpx.Headers) -> float | None:
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return float(milliseconds) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds()


def retry_delay(attempt: int, response: httpx.Response | None = None) -> float:
    """Seconds to wait before retry number ``attempt + 1`` (attempt counts from 0).

    A server's Retry-After / retry-after-ms wins (clamped to [0, 60] s);
    otherwise exponential backoff from 0.5 s doubling to 8 s, minus up to 25 %
    jitter so clients that failed together do not retry in lockstep.
    """
    if response is not None:
        requested = _retry_after_seconds(response.headers)
        if requested is not None and math.isfinite(requested):
            return min(max(requested, 0.0), MAX_RETRY_AFTER)
    backoff = min(INITIAL_RETRY_DELAY * 2.0**attempt, MAX_RETRY_DELAY)
    return backoff * (1.0 - 0.25 * random.random())


def _should_retry(response: httpx.Response) -> bool:
    status = response.status_code
    return status in RETRYABLE_STATUSES or status >= 500


# --------------------------------------------------------------------------
# Clients


class _BaseHTTPClient:
    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        auth_header: str,
        auth_scheme: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        user_agent: str,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
    ) -> None:
        if not base_url:
            raise ConfigurationError("base_url must not be empty")
        if max_retries < 0:
            raise ConfigurationError("max_retries must be >= 0")
        if api_key is not None and not _valid_api_key(api_key):
            # Never echo the key itself: it may be a real secret with a typo.
            raise ConfigurationError(
                "api_key must be a non-empty string of printable ASCII without spaces"
            )
        self._base_url = base_url.rstrip("/")
        self._api_key = Secret(api_key) if api_key is not None else None
        self._auth_header = auth_header
        self._auth_scheme = auth_scheme
        self.timeout = timeout
        self.max_retries = max_retries
        self._user_agent = user_agent
        self._default_headers = dict(default_headers or {})
        self._default_query = dict(default_query or {})

    @property
    def base_url(self) -> str:
        return self._base_url

    def __repr__(self) -> str:
        key = "<redacted>" if self._api_key is not None else None
        return (
            f"{type(self).__name__}(base_url={self._base_url!r}, api_key={key}, "
            f"max_retries={self.max_retries})"
        )

    def _headers(self, spec: RequestSpec) -> httpx.Headers:
        headers = httpx.Headers(
            {
                "Accept": spec.accept or "application/json",
                "User-Agent": self._user_agent,
            }
        )
        if self._api_key is not None:
            key = self._api_key.reveal()
            headers[self._auth_header] = (
                f"{self._auth_scheme} {key}" if self._auth_scheme else key
            )
        for source in (self._default_headers, spec.headers, spec.extra_headers):
            for name, value in (source or {}).items():
                if value is None or isinstance(value, NotGiven):
                    continue
                headers[name] = _to_text(value)
        return headers

    def _limits(self, spec: RequestSpec) -> tuple[int, float | httpx.Timeout | None]:
        max_retries = (
            self.max_retries
            if isinstance(spec.max_retries, NotGiven)
            else spec.max_retries
        )
        timeout = self.timeout if isinstance(spec.timeout, NotGiven) else spec.timeout
        return max(max_retries, 0), timeout

    @staticmethod
    def _uploads(spec: RequestSpec) -> list[tuple[str, Upload]] | None:
        # Resolved once per call: paths are read once, file objects remember
        # their starting offset so every attempt sends the same bytes.
        if (spec.files is None and spec.form is None) or spec.urlencoded:
            return None
        return prepare_uploads(spec.files or {})

    def _build_request(
        self,
        client: httpx.Client | httpx.AsyncClient,
        spec: RequestSpec,
        uploads: list[tuple[str, Upload]] | None,
        timeout: float | httpx.Timeout | None,
    ) -> httpx.Request:
        if not spec.path.startswith("/"):
            raise ValueError(f"request path must start with '/': {spec.path!r}")
        # Joined by hand rather than via httpx's base_url so that a caller's
        # own http_client (with or without a base_url) behaves the same.
        url = self._base_url + spec.path
        # default_query first: the call's parameters (those given) and extra_query win
        given = {
            k: v for k, v in (spec.query or {}).items() if not isinstance(v, NotGiven)
        }
        params = _query_params({**self._default_query, **given}, spec.extra_query)
        headers = self._headers(spec)
        if uploads is not None:
            if not isinstance(spec.json_body, NotGiven):
                raise ValueError("json_body cannot be combined with form/files")
            rewind_uploads(uploads)
            # No Content-Type here: httpx picks the boundary and sets it.
            return client.build_request(
                spec.method,
                url,
                params=params,
                headers=headers,
                data=_form_fields(spec.form, spec.extra_body),
                files=_MultipartFiles(uploads),
                timeout=timeout,
            )
        if spec.urlencoded:
            return client.build_request(
                spec.method,
                url,
                params=params,
                headers=headers,
                data=_form_fields(spec.form, spec.extra_body),
                timeout=timeout,
            )
        if not isinstance(spec.content, NotGiven):
            return client.build_request(
                spec.method,
                url,
                params=params,
                headers={**headers, **_content_type_header(spec)},
                content=_raw_content(spec.content),
                timeout=timeout,
            )
        payload = _json_payload(spec)
        if isinstance(payload, NotGiven):
            return client.build_request(
                spec.method, url, params=params, headers=headers, timeout=timeout
            )
        return client.build_request(
            spec.method,
            url,
            params=params,
            headers=headers,
            json=payload,
            timeout=timeout,
        )


def _valid_api_key(key: str) -> bool:
    # Control characters would make httpx/h11 raise an error quoting the header
    # value, i.e. the key; reject them before any request is built.
    return bool(key) and key.isascii() and key.isprintable() and " " not in key


def _is_retryable_transport_error(exc: httpx.TransportError) -> bool:
    # A bad URL scheme will not fix itself on retry.
    return not isinstance(exc, httpx.UnsupportedProtocol)


class SyncHTTPClient(_BaseHTTPClient):
    """Blocking transport built on ``httpx.Client``."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        auth_header: str = "Authorization",
        auth_scheme: str | None = "Bearer",
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        user_agent: str,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        _sleep: Callable[[float], None] | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            api_key=api_key,
            auth_header=auth_header,
            auth_scheme=auth_scheme,
            timeout=timeout,
            max_retries=max_retries,
            user_agent=user_agent,
            default_headers=default_headers,
            default_query=default_query,
        )
        self._owns_client = http_client is None
        self._client = (
            http_client if http_client is not None else httpx.Client(timeout=timeout)
        )
        self._sleep = _sleep

    def _pause(self, seconds: float) -> None:
        (self._sleep or _sync_sleep)(seconds)

    def send(self, spec: RequestSpec) -> httpx.Response:
        """Send ``spec``, retrying transient failures; return a 2xx/3xx response."""
        max_retries, timeout = self._limits(spec)
        uploads = self._uploads(spec)
        attempt = 0
        while True:
            request = self._build_request(self._client, spec, uploads, timeout)
            try:
                response = self._client.send(request, stream=spec.stream)
            except httpx.TransportError as exc:
                if attempt < max_retries and _is_retryable_transport_error(exc):
                    self._pause(retry_delay(attempt))
                    attempt += 1
                    continue
                raise connection_error_for(exc, request) from exc
            if response.status_code < 400:
                remember_response(response)
                return response
            if attempt < max_retries and _should_retry(response):
                response.close()
                self._pause(retry_delay(attempt, response))
                attempt += 1
                continue
            try:
                response.read()  # a streamed error response: its body makes the message
            except httpx.TransportError as exc:
                raise connection_error_for(exc, request) from exc
            raise status_error_for(response)

    def close(self) -> None:
        """Close the underlying httpx client if this object created it."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> SyncHTTPClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncHTTPClient(_BaseHTTPClient):
    """Asyncio transport built on ``httpx.AsyncClient``."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        auth_header: str = "Authorization",
        auth_scheme: str | None = "Bearer",
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        user_agent: str,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        _sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            api_key=api_key,
            auth_header=auth_header,
            auth_scheme=auth_scheme,
            timeout=timeout,
            max_retries=max_retries,
            user_agent=user_agent,
            default_headers=default_headers,
            default_query=default_query,
        )
        self._owns_client = http_client is None
        self._client = (
            http_client
            if http_client is not None
            else httpx.AsyncClient(timeout=timeout)
        )
        self._sleep = _sleep

    async def _pause(self, seconds: float) -> None:
        await (self._sleep or _async_sleep)(seconds)

    async def send(self, spec: RequestSpec) -> httpx.Response:
        """Send ``spec``, retrying transient failures; return a 2xx/3xx response."""
        max_retries, timeout = self._limits(spec)
        uploads = self._uploads(spec)
        attempt = 0
        while True:
            request = self._build_request(self._client, spec, uploads, timeout)
            try:
                response = await self._client.send(request, stream=spec.stream)
            except httpx.TransportError as exc:
                if attempt < max_retries and _is_retryable_transport_error(exc):
                    await self._pause(retry_delay(attempt))
                    attempt += 1
                    continue
                raise connection_error_for(exc, request) from exc
            if response.status_code < 400:
                remember_response(response)
                return response
            if attempt < max_retries and _should_retry(response):
                await response.aclose()
                await self._pause(retry_delay(attempt, response))
                attempt += 1
                continue
            try:
                await response.aread()  # a streamed error response: read its body
            except httpx.TransportError as exc:
                raise connection_error_for(exc, request) from exc
            raise status_error_for(response)

    async def close(self) -> None:
        """Close the underlying httpx client if this object created it."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> AsyncHTTPClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
