"""Decode successful responses into the types generated code expects."""

from __future__ import annotations

import json
from typing import Any, cast

import httpx
import pydantic

from ._errors import APIResponseValidationError
from ._models import LENIENT, TOLERANT, BaseSchema

__all__ = [
    "parse_content",
    "parse_json",
    "parse_json_text",
    "parse_text",
    "set_request_id",
    "validate_response_data",
]

# Building a TypeAdapter compiles a validator, which is far slower than using
# one, so adapters are kept per type for the life of the process.
_ADAPTERS: dict[object, pydantic.TypeAdapter[Any]] = {}


def _adapter(type_: object) -> pydantic.TypeAdapter[Any]:
    try:
        return _ADAPTERS[type_]
    except KeyError:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(cast(Any, type_))
        _ADAPTERS[type_] = adapter
        return adapter
    except TypeError:  # unhashable type expression: validate without caching
        return pydantic.TypeAdapter(cast(Any, type_))


def parse_json(response: httpx.Response, type_: object) -> Any:
    """Validate the JSON body of ``response`` as ``type_`` (a model, ``list[X]``, union...).

    Raises APIResponseValidationError (an APIError) when the body is not JSON
    or does not match the schema even read tolerantly. A model gets the response's
    `x-request-id` as `_request_id`.
    """
    return set_request_id(parse_json_text(response.content, type_, response), response)


def set_request_id(value: Any, response: httpx.Response) -> Any:
    """`value`, with the response's `x-request-id` header as its `_request_id` when it is a
    model (the top-level one only, as the official SDKs do; None without the header)."""
    if isinstance(value, BaseSchema):
        # kept out of the fields: model_dump() and == ignore it
        object.__setattr__(value, "_request_id", response.headers.get("x-request-id"))
    return value


def parse_json_text(
    text: str | bytes,
    type_: object,
    response: httpx.Response,
    what: str = "Response body",
) -> Any:
    """Validate a JSON document from ``response`` (its body, or one streamed event's data,
    named by ``what`` in errors) as ``type_``, tolerantly like every response."""
    shown = text if isinstance(text, str) else response.text
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise APIResponseValidationError(
            f"{what} is not valid JSON: {exc}", response=response, body=shown
        ) from exc
    try:
        return validate_response_data(type_, data)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(
            f"{what} does not match the expected schema: {exc}",
            response=response,
            body=shown,
        ) from exc


def validate_response_data(type_: object, data: object) -> Any:
    """`data` (decoded JSON) as `type_`, read as a response is: exactly as the spec says
    (nulls in optional fields aside) when it can be, so every union member is chosen by an
    exact match; otherwise tolerating what the API adds or drops over time (enum values the
    spec does not list, keys it forbids, required fields not sent). Raises the tolerant
    pass's ValidationError when both fail."""
    adapter = _adapter(type_)
    # Python mode: model wrap validators see JSON objects as dicts there.
    try:
        return adapter.validate_python(data, context={LENIENT: True})
    except pydantic.ValidationError:
        pass
    return adapter.validate_python(data, context={LENIENT: True, TOLERANT: True})


def parse_content(response: httpx.Response) -> bytes:
    """Raw response body, e.g. for binary downloads."""
    return response.content


def parse_text(response: httpx.Response) -> str:
    """Response body decoded with the charset the server declared."""
    return response.text
