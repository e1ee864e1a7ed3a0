"""Sentinels, type aliases and defaults shared by the runtime and generated code."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Final, Literal, TypeAlias

import httpx

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "FileTypes",
    "Headers",
    "NotGiven",
    "Query",
    "Secret",
    "TimeoutTypes",
]


class NotGiven:
    """Marks an argument the caller did not pass.

    ``None`` cannot play this role because it is a meaningful value for nullable
    fields (it is sent as JSON ``null``), so "leave it out" needs its own marker.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        # One shared instance keeps `is NOT_GIVEN` checks working even if a
        # second instance is created (e.g. by copy or unpickling).
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __copy__(self) -> NotGiven:
        return self

    def __deepcopy__(self, memo: object) -> NotGiven:
        return self

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


class Secret:
    """Holds the API key so that no repr/str of anything shows it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__


# Upload content: an open binary file, raw bytes, or a path read at send time.
FileContent: TypeAlias = IO[bytes] | bytes | os.PathLike[str]
# Bare content, or (filename, content) / (filename, content, content_type).
FileTypes: TypeAlias = (
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
)
Headers: TypeAlias = Mapping[str, str]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = Mapping[str, object]
TimeoutTypes: TypeAlias = float | httpx.Timeout | None

# Long overall budget (image endpoints are slow) but fail fast on connect.
DEFAULT_TIMEOUT: Final = httpx.Timeout(600.0, connect=5.0)
DEFAULT_MAX_RETRIES: Final = 2
