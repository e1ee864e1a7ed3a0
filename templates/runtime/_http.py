"""HTTP transport for generated clients: request encoding, auth, retries.

Generated operations describe a call as a :class:`RequestSpec` and hand it to
:meth:`SyncHTTPClient.send` / :meth:`AsyncHTTPClient.send`, which return the
successful ``httpx.Response`` or raise an :class:`~._errors.APIError`.
"""

from __future__ import annotations

import email.utils
import math
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, TypeAlias

import httpx

from ._auth import Requirement, Security, credential_headers, credential_query
from ._closing import AsyncClosing, Closing
from ._errors import ConfigurationError, connection_error_for
from ._failures import error_for_status
from ._files import Upload, prepare_uploads, rewind_uploads, to_upload
from ._forms import MultipartFiles, PartEncoding, file_parts, form_parts
from ._params import (
    HEADER_STYLE,
    PATH_STYLE,
    Style,
    header_text,
    jsonable,
    path_text,
    query_string,
)
from ._raw import remember_response
from ._types import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    FileTypes,
    NotGiven,
)

__all__ = [
    "AsyncHTTPClient",
    "RequestSpec",
    "SyncHTTPClient",
    "build_path",
    "retry_delay",
]

FileParam: TypeAlias = FileTypes | Sequence[FileTypes] | NotGiven | None

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
    # styles of the query and header parameters that the spec does not send the default way
    # (query: form, exploded; header: simple); path styles are applied by build_path
    query_styles: Mapping[str, Style] | None = None
    header_styles: Mapping[str, Style] | None = None
    json_body: object = NOT_GIVEN
    # A raw body (binary upload or text) with its media type, for non-JSON, non-form bodies.
    content: FileTypes | str | NotGiven = NOT_GIVEN
    content_type: str | None = None
    # application/x-www-form-urlencoded instead of multipart for `form` (never with files).
    urlencoded: bool = False
    form: Mapping[str, object] | None = None
    files: Mapping[str, FileParam] | None = None
    # the form fields whose `encoding` says more than the defaults (see `_forms.py`)
    form_encodings: Mapping[str, PartEncoding] | None = None
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
    # The type of each error response's JSON body by status ("404", "4XX", "default").
    errors: Mapping[str, object] | None = None
    # The operation's own security requirement (None: the client's default; see _auth.py).
    security: Requirement | None = None


# --------------------------------------------------------------------------
# Value encoding


_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


def build_path(
    template: str,
    params: Mapping[str, object],
    styles: Mapping[str, Style] | None = None,
) -> str:
    """Fill ``{name}`` placeholders by each parameter's style (default ``simple``),
    percent-encoding what an RFC 3986 path segment cannot hold as is (see `_params.py`).

    ``build_path("/files/{file_id}", {"file_id": "a/b c"}) == "/files/a%2Fb%20c"``;
    ``build_path("/models/{id}", {"id": "ft:x@y"}) == "/models/ft:x@y"``
    """

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise KeyError(f"missing path parameter {name!r}")
        return path_text(name, params[name], (styles or {}).get(name, PATH_STYLE))

    return _PATH_PARAM.sub(substitute, template)


def _json_payload(spec: RequestSpec) -> object | NotGiven:
    if isinstance(spec.json_body, NotGiven):
        return jsonable(spec.extra_body) if spec.extra_body else NOT_GIVEN
    body = jsonable(spec.json_body)
    if not spec.extra_body:
        return body
    extra = jsonable(spec.extra_body)
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
        security: Security | None,
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
        self._base_url = base_url.rstrip("/")
        self._security = security if security is not None else Security()
        self.timeout = timeout
        self.max_retries = max_retries
        self._user_agent = user_agent
        self._default_headers = dict(default_headers or {})
        self._default_query = dict(default_query or {})

    @property
    def base_url(self) -> str:
        return self._base_url

    def __repr__(self) -> str:
        given = "<redacted>" if self._security.given else None
        return (
            f"{type(self).__name__}(base_url={self._base_url!r}, credentials={given}, "
            f"max_retries={self.max_retries})"
        )

    def _headers(
        self, spec: RequestSpec, credentials: Mapping[str, str]
    ) -> httpx.Headers:
        headers = httpx.Headers(
            {
                "Accept": spec.accept or "application/json",
                "User-Agent": self._user_agent,
                **credentials,
            }
        )
        for source in (self._default_headers, spec.headers, spec.extra_headers):
            styles = spec.header_styles if source is spec.headers else None
            for name, value in (source or {}).items():
                text = header_text(value, (styles or {}).get(name, HEADER_STYLE))
                if text is not None:
                    headers[name] = text
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
        # The query string is encoded here, by each parameter's style, and handed to httpx
        # inside the URL (httpx's `params=` would re-encode the styles' delimiters).
        # default_query first: the call's parameters (those given) and extra_query win.
        given = {
            k: v for k, v in (spec.query or {}).items() if not isinstance(v, NotGiven)
        }
        # the credentials the operation's security asks for; everything else wins over them
        chosen = self._security.chosen(spec.security, f"{spec.method} {spec.path}")
        query = query_string(
            {**credential_query(chosen), **self._default_query, **given},
            spec.query_styles,
            spec.extra_query,
        )
        url = self._base_url + spec.path + (f"?{query}" if query else "")
        headers = self._headers(spec, credential_headers(chosen))
        if uploads is not None:
            if not isinstance(spec.json_body, NotGiven):
                raise ValueError("json_body cannot be combined with form/files")
            rewind_uploads(uploads)
            fields = form_parts(
                spec.form, spec.extra_body, spec.form_encodings, multipart=True
            )
            files = [*fields.parts, *file_parts(uploads, spec.form_encodings)]
            # No Content-Type here: httpx picks the boundary and sets it.
            return client.build_request(
                spec.method,
                url,
                headers=headers,
                data=fields.data,
                files=MultipartFiles(files),
                timeout=timeout,
            )
        if spec.urlencoded:
            fields = form_parts(
                spec.form, spec.extra_body, spec.form_encodings, multipart=False
            )
            return client.build_request(
                spec.method, url, headers=headers, data=fields.data, timeout=timeout
            )
        if not isinstance(spec.content, NotGiven):
            return client.build_request(
                spec.method,
                url,
                headers={**headers, **_content_type_header(spec)},
                content=_raw_content(spec.content),
                timeout=timeout,
            )
        payload = _json_payload(spec)
        if isinstance(payload, NotGiven):
            return client.build_request(
                spec.method, url, headers=headers, timeout=timeout
            )
        return client.build_request(
            spec.method,
            url,
            headers=headers,
            json=payload,
            timeout=timeout,
        )


def _is_retryable_transport_error(exc: httpx.TransportError) -> bool:
    # A bad URL scheme will not fix itself on retry.
    return not isinstance(exc, httpx.UnsupportedProtocol)


class SyncHTTPClient(_BaseHTTPClient, Closing):
    """Blocking transport built on ``httpx.Client``."""

    def __init__(
        self,
        *,
        base_url: str,
        security: Security | None = None,
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
            security=security,
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
            raise error_for_status(response, spec.errors)

    def close(self) -> None:
        """Close the underlying httpx client if this object created it."""
        if self._owns_client:
            self._client.close()


class AsyncHTTPClient(_BaseHTTPClient, AsyncClosing):
    """Asyncio transport built on ``httpx.AsyncClient``."""

    def __init__(
        self,
        *,
        base_url: str,
        security: Security | None = None,
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
            security=security,
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
            raise error_for_status(response, spec.errors)

    async def close(self) -> None:
        """Close the underlying httpx client if this object created it."""
        if self._owns_client:
            await self._client.aclose()
