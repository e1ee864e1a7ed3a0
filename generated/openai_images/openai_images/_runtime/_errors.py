"""Exception hierarchy raised by generated clients.

Messages are built only from the status, the response body, and the request's method and
URL without its query string, never from headers, so the API key cannot leak into
``str()``/``repr()`` of an error. ``str()`` of a status error is
``Error code: <status> - <message>``, as the official SDKs print it.
"""

from __future__ import annotations

import json

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "connection_error_for",
    "decode_body",
    "status_error_for",
]


class ConfigurationError(Exception):
    """The client was constructed with missing or invalid settings (e.g. no API key)."""


class APIError(Exception):
    """Base class of every error raised while talking to the API."""

    message: str
    request: httpx.Request | None
    body: object | None

    def __init__(
        self,
        message: str,
        request: httpx.Request | None = None,
        *,
        body: object | None = None,
    ) -> None:
        # Only the message goes into args: args feed str()/repr(), and the
        # request (with its auth header) must stay out of them.
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body

    def __str__(self) -> str:
        return self.message


class APIStatusError(APIError):
    """The server answered with a 4xx/5xx status.

    `body` is the response's JSON (its text when it is not JSON, None when empty); `error`
    is the body parsed as the error schema the spec declares for the status (or for
    `default`), None when it declares none or the body does not fit it.
    """

    status_code: int
    response: httpx.Response
    request_id: str | None
    error: object | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object | None,
        error: object | None = None,
    ) -> None:
        super().__init__(message, _request_of(response), body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")
        self.error = error


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429."""


class InternalServerError(APIStatusError):
    """HTTP 5xx."""


class APIConnectionError(APIError):
    """The request never got a complete response (DNS, refused, reset, ...)."""

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request
    ) -> None:
        super().__init__(message, request)


class APITimeoutError(APIConnectionError):
    """The request exceeded its timeout."""

    def __init__(self, *, request: httpx.Request) -> None:
        super().__init__(f"Request timed out: {_where(request)}", request=request)


class APIResponseValidationError(APIError):
    """A 2xx response body did not match the schema the spec promised."""

    status_code: int
    response: httpx.Response

    def __init__(
        self, message: str, *, response: httpx.Response, body: object | None
    ) -> None:
        super().__init__(message, _request_of(response), body=body)
        self.response = response
        self.status_code = response.status_code


class APIStreamError(APIError):
    """The server reported an error inside an event stream, after a successful status.

    `body` is the event's data (parsed JSON when it is JSON), `event` its `event:` name.
    """

    status_code: int
    response: httpx.Response
    event: str

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object | None,
        event: str,
    ) -> None:
        super().__init__(message, _request_of(response), body=body)
        self.response = response
        self.status_code = response.status_code
        self.event = event


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _request_of(response: httpx.Response) -> httpx.Request | None:
    # Responses built by hand in tests have no request; httpx raises then.
    try:
        return response.request
    except RuntimeError:
        return None


def decode_body(response: httpx.Response) -> object | None:
    """The body as JSON; its text when it is not JSON; None when empty."""
    if not response.content:
        return None
    try:
        parsed: object = response.json()
    except ValueError:
        return response.text
    return parsed


_SHOWN_BODY = 500  # characters of a body without a message that str(error) shows


def _detail(body: object | None, response: httpx.Response) -> str:
    """What follows the status in the message: the error's `message` (`error.message`,
    else a top-level `message`, else `error` when it is a string), else the body itself
    (cut short), else the reason phrase."""
    if isinstance(body, dict):
        error = body.get("error")
        nested = error.get("message") if isinstance(error, dict) else None
        for found in (nested, body.get("message"), error):
            if isinstance(found, str) and found:
                return found
    if body is None or body == "":
        return response.reason_phrase or "Unknown"
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_BODY else text[: _SHOWN_BODY - 1] + "…"


def status_error_for(response: httpx.Response) -> APIStatusError:
    """Build the APIStatusError subclass matching ``response.status_code`` (its `error`
    is set by `_failures.error_for_status`, which knows the operation's error schemas).

    The response body must already be read (non-streaming responses are).
    """
    body = decode_body(response)
    status = response.status_code
    message = f"Error code: {status} - {_detail(body, response)}"
    cls = _STATUS_CLASSES.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    return cls(message, response=response, body=body)


def _where(request: httpx.Request) -> str:
    """The request's method and URL, without credentials, query string or fragment."""
    url = request.url
    path = url.raw_path.split(b"?")[0].decode("ascii")
    return f"{request.method} {url.scheme}://{url.netloc.decode('ascii')}{path}"


def connection_error_for(
    exc: httpx.TransportError, request: httpx.Request
) -> APIConnectionError:
    """The APIConnectionError (APITimeoutError for a timeout) for a failed transfer,
    naming the request's method and URL (its query string may hold secrets: left out).
    """
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request=request)
    # The class name is informative and, unlike some messages, never carries
    # header values.
    return APIConnectionError(
        f"Connection error ({type(exc).__name__}): {_where(request)}", request=request
    )
