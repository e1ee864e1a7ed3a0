"""`with_raw_response`: the same call, returning the HTTP response next to the parsed value.

`client.images.with_raw_response.edit(...)` takes exactly the arguments of
`client.images.edit(...)` (ParamSpec keeps the signature for type checkers) and returns an
APIResponse: status, headers and the httpx.Response, plus `parse()` for the typed result.
The response is captured through a context variable, so threads and async tasks never see
each other's responses.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Generic, ParamSpec, TypeVar

import httpx

__all__ = [
    "APIResponse",
    "async_to_raw_response",
    "remember_response",
    "to_raw_response",
]

_P = ParamSpec("_P")
_T = TypeVar("_T")

_SINK: ContextVar[list[httpx.Response] | None] = ContextVar(
    "specgen_raw_sink", default=None
)


def remember_response(response: httpx.Response) -> None:
    """Called by the HTTP client with each final response; kept only when someone asks."""
    sink = _SINK.get()
    if sink is not None:
        sink.append(response)


@dataclass(frozen=True)
class APIResponse(Generic[_T]):
    """An API call's HTTP response and its parsed value."""

    http_response: httpx.Response
    _parsed: _T

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def parse(self) -> _T:
        """The value the plain method returns (a model, a list, bytes, ...)."""
        return self._parsed


def _take(sink: list[httpx.Response]) -> httpx.Response:
    if not sink:
        raise RuntimeError("the call sent no request")
    return sink[-1]


def to_raw_response(method: Callable[_P, _T]) -> Callable[_P, APIResponse[_T]]:
    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
        sink: list[httpx.Response] = []
        token = _SINK.set(sink)
        try:
            parsed = method(*args, **kwargs)
        finally:
            _SINK.reset(token)
        return APIResponse(_take(sink), parsed)

    return wrapper


def async_to_raw_response(
    method: Callable[_P, Awaitable[_T]],
) -> Callable[_P, Awaitable[APIResponse[_T]]]:
    @functools.wraps(method)
    async def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
        sink: list[httpx.Response] = []
        token = _SINK.set(sink)
        try:
            parsed = await method(*args, **kwargs)
        finally:
            _SINK.reset(token)
        return APIResponse(_take(sink), parsed)

    return wrapper
