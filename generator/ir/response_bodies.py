"""The IR of what a call gets back: each `Response` of an operation, and the
`ResponseContent` of each media type it may come in (re-exported by `model.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .error_types import exception_class, is_error_status
from .returns import content_annotation, content_names, union_annotation
from .types import TypeRef

ContentKind = Literal["json", "binary", "text", "events"]
# how a method reads its success response: one kind, "mixed" (by Content-Type) or "empty"
ResponseKind = Literal["json", "binary", "text", "events", "mixed", "empty"]


@dataclass(frozen=True)
class ResponseContent:
    """One media type a response may come in, and how the client reads it (see README,
    "Response bodies"): JSON as its type, text as `str`, bytes as a `BinaryResponse`,
    an event stream as a `Stream` of its events."""

    kind: ContentKind
    media_type: str
    # json: the body's type; text: str; binary: bytes; events: each event's type (None: the
    # spec gives none, events come as the runtime's ServerSentEvent)
    type: TypeRef | None
    example: Any = None
    has_example: bool = False

    def annotation(self, is_async: bool = False) -> str:
        """What the method returns for a body of this kind."""
        return content_annotation(self, is_async)

    @property
    def helper_names(self) -> frozenset[str]:
        """Names the annotation uses, in the sync and the async class."""
        return content_names(self)


@dataclass(frozen=True)
class Response:
    status: str  # "200", "2XX", "default"
    description: str
    contents: tuple[ResponseContent, ...] = ()  # in the spec's order

    @property
    def kind(self) -> ResponseKind:
        kinds = {c.kind for c in self.contents}
        if not kinds:
            return "empty"
        return self.contents[0].kind if len(kinds) == 1 else "mixed"

    @property
    def kinds(self) -> tuple[ContentKind, ...]:
        """The kinds of body it may come in, in order, each once."""
        return tuple(dict.fromkeys(c.kind for c in self.contents))

    def content_of(self, kind: str) -> ResponseContent | None:
        """The first content of a kind ("json", "text", "binary", "events"), or none."""
        return next((c for c in self.contents if c.kind == kind), None)

    @property
    def media_types(self) -> tuple[str, ...]:
        return tuple(c.media_type for c in self.contents)

    def return_annotation(self, is_async: bool = False) -> str:
        """The union of what each kind of body is returned as ("None" when empty)."""
        return union_annotation(self.contents, is_async)

    @property
    def is_error(self) -> bool:
        """A 4xx, 5xx or `default` response (raised as an exception)."""
        return is_error_status(self.status)

    @property
    def exception(self) -> str:
        """The runtime's exception class an error response with this status raises."""
        return exception_class(self.status)
