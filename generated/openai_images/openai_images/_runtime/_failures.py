"""Error responses read as the spec declares them: the operation's error schemas by status.

Generated methods pass `RequestSpec.errors`: `{"404": NotFoundBody, "4XX": ..., "default":
...}`, the type of each error response's JSON body. The status error raised for a response
carries the body parsed as the type of its status (else its range `4XX`, else `default`)
as `error`, read tolerantly like every response; None when there is none or the body does
not fit it (`body` always has the JSON as sent).
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx
import pydantic

from ._errors import APIStatusError, status_error_for
from ._response import set_request_id, validate_response_data

__all__ = ["error_for_status", "error_type_for"]


def error_type_for(errors: Mapping[str, object] | None, status: int) -> object | None:
    """The declared type of an error response with `status`, or None."""
    if not errors:
        return None
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in errors:
            return errors[key]
    return None


def error_for_status(
    response: httpx.Response, errors: Mapping[str, object] | None = None
) -> APIStatusError:
    """The APIStatusError for an error response (already read), with `error` typed."""
    exc = status_error_for(response)
    type_ = error_type_for(errors, response.status_code)
    if type_ is None or exc.body is None or isinstance(exc.body, str):
        return exc
    try:
        exc.error = validate_response_data(type_, exc.body)
    except (pydantic.ValidationError, ValueError, TypeError):
        return exc  # not the declared shape: `body` still has it
    set_request_id(exc.error, response)
    return exc
