"""Exception hierarchy raised by generated clients.

Messages are built only from the status line and the response body, never from
request headers, so the API key cannot leak into ``str()``/``repr()`` of an error.
"""

from __future__ import annotations

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
    """The server answered with a 4xx/5xx status."""

    status_code: int
    response: httpx.Response
    request_id: str | None

    def __init__(
        self, message: str, *, response: httpx.Response, body: object | None
    ) -> None:
        super().__init__(message, _request_of(response), body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")


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
        super().__init__("Request timed out.", request=request)


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


def _decode_body(response: httpx.Response) -> object | None:
    if not response.content:
        return None
    try:
        parsed: object = response.json()
    except ValueError:
        return response.text
    return parsed


def _message_from(body: object | None, response: httpx.Response) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            message = error.get("message")
            if isinstance(message, str) and message:
                return message
        elif isinstance(error, str) and error:
            return error
    reason = response.reason_phrase or "Unknown"
    return f"Error code: {response.status_code} - {reason}"


def status_error_for(response: httpx.Response) -> APIStatusError:
    """Build the APIStatusError subclass matching ``response.status_code``.

    The response body must already be read (non-streaming responses are).
    """
    body = _decode_body(response)
    message = _message_from(body, response)
    status = response.status_code
    cls = _STATUS_CLASSES.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    return cls(message, response=response, body=body)


def connection_error_for(
    exc: httpx.TransportError, request: httpx.Request
) -> APIConnectionError:
    """The APIConnectionError (APITimeoutError for a timeout) for a failed transfer."""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request=request)
    # The class name is informative and, unlike some messages, never carries
    # header values.
    return APIConnectionError(
        f"Connection error ({type(exc).__name__}).", request=request
    )
