"""Error responses of an operation: which exception a status raises, and the type its JSON
body is parsed as (`exc.error`; the runtime's `_failures.py`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .response_bodies import Response
    from .types import TypeRef

# The runtime's exception class for each status (`_errors.py`); 5xx: InternalServerError.
_EXCEPTIONS = {
    "400": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "422": "UnprocessableEntityError",
    "429": "RateLimitError",
}


def status_key(status: str) -> str:
    """The key the runtime looks a status up by: "404", "4XX" (ranges upper case),
    "default"."""
    return status.upper() if status.lower() != "default" else "default"


_ERROR_STATUS = re.compile(r"[45](?:[0-9]{2}|XX)", re.IGNORECASE)


def is_error_status(status: str) -> bool:
    """A 4xx or 5xx status, a `4XX` / `5XX` range, or `default` (other keys are not HTTP
    statuses: they never match a response, and never reach the generated code)."""
    return status.lower() == "default" or _ERROR_STATUS.fullmatch(status) is not None


def exception_class(status: str) -> str:
    """The exception an error response with `status` raises ("APIStatusError" when it
    depends on the actual status: a range other than 5XX, or `default`)."""
    if status in _EXCEPTIONS:
        return _EXCEPTIONS[status]
    return "InternalServerError" if status[:1] == "5" else "APIStatusError"


def error_types(
    responses: Iterable[Response], success: Response
) -> tuple[tuple[str, TypeRef], ...]:
    """(status key, type) of each error response whose JSON body has a type."""
    found: list[tuple[str, TypeRef]] = []
    for response in responses:
        if response is success or not is_error_status(response.status):
            continue
        json = response.content_of("json")
        if json is not None and json.type is not None:
            found.append((status_key(response.status), json.type))
    return tuple(found)
