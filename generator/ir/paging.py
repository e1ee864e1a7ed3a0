"""The IR of paginated lists: how an operation's responses lead to the next page
(`Pagination`), and where a value sits in a response (`FieldPath`). Built by
`pagination.py`; rendered as a `Paging` constant of the runtime's `_pages.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..literals import py_literal, py_tuple
from .types import TypeRef

PaginationStyle = Literal["cursor", "offset", "page", "link"]

# The runtime's classes a paginated method's annotations and body use.
PAGE_NAMES = frozenset({"SyncPage", "AsyncPager", "Paging"})


@dataclass(frozen=True)
class FieldPath:
    """A value in a parsed response: the attribute names from the top-level model down
    (empty: the response itself), and the same fields' wire names for the docs."""

    attrs: tuple[str, ...] = ()
    wire: tuple[str, ...] = ()

    @property
    def present(self) -> bool:
        return bool(self.attrs)

    @property
    def python(self) -> str:
        """The attribute names as a Python tuple."""
        return py_tuple(self.attrs) if self.attrs else "()"

    @property
    def text(self) -> str:
        """The wire names joined with dots ("" for the response itself)."""
        return ".".join(self.wire)


@dataclass(frozen=True)
class Pagination:
    """How a list operation pages (see README, "Pagination"):

    - `cursor`: the query parameter `param` takes the cursor the response gives at
      `next_cursor`, else the last item's `item_cursor` field;
    - `offset`: `param` takes the number of items before the page (`start` when not sent);
    - `page`: `param` takes the page number (`start` for the first page);
    - `link`: the next request is the `Link` header's `rel="next"` URL.

    A page with no items ends the list, and so does a false `has_more`, a `total` (items) or
    `total_pages` reached.
    """

    style: PaginationStyle
    item_type: TypeRef  # each item's type
    response_type: TypeRef  # the whole response's (the success JSON type)
    items: FieldPath  # the page's items in the response (empty: the body is the list)
    param: str = ""  # the query parameter's wire name (cursor, offset, page)
    next_cursor: FieldPath = field(default_factory=FieldPath)
    item_cursor: FieldPath = field(default_factory=FieldPath)
    has_more: FieldPath = field(default_factory=FieldPath)
    total: FieldPath = field(default_factory=FieldPath)
    total_pages: FieldPath = field(default_factory=FieldPath)
    limit_param: str = ""  # the page size parameter's wire name, or ""
    start: int = 0
    declared: bool = False  # from the operation's x-pagination (else detected)

    def annotation(self, is_async: bool = False) -> str:
        """What the method returns: `SyncPage[Item, Response]`, `AsyncPager[...]`."""
        page = "AsyncPager" if is_async else "SyncPage"
        return f"{page}[{self.item_annotation}, {self.response_type.signature()}]"

    @property
    def item_annotation(self) -> str:
        return self.item_type.signature()

    @property
    def paging_annotation(self) -> str:
        """The type of its `Paging` constant: `Paging[Item, Response]`."""
        return f"Paging[{self.item_annotation}, {self.response_type.signature()}]"

    @property
    def helper_names(self) -> frozenset[str]:
        """Names the annotations and the `Paging` constant use."""
        return (
            self.item_type.signature_helper_names()
            | self.response_type.signature_helper_names()
            | self.response_type.helper_names()
            | PAGE_NAMES
        )

    @property
    def named_refs(self) -> set[str]:
        return self.item_type.named_refs() | self.response_type.named_refs()

    def python(self, response_expr: str) -> str:
        """The runtime `Paging(...)` for it, the response parsed as `response_expr`."""
        parts = [f"style={py_literal(self.style)}", f"response={response_expr}"]
        if self.items.present:
            parts.append(f"items={self.items.python}")
        if self.param:
            parts.append(f"param={py_literal(self.param)}")
        for name, path in (
            ("next_cursor", self.next_cursor),
            ("has_more", self.has_more),
            ("total", self.total),
            ("total_pages", self.total_pages),
        ):
            if path.present:
                parts.append(f"{name}={path.python}")
        if self.item_cursor.present:
            parts.append(f"item_cursor={py_literal(self.item_cursor.attrs[-1])}")
        if self.limit_param:
            parts.append(f"limit_param={py_literal(self.limit_param)}")
        if self.start:
            parts.append(f"start={self.start}")
        return f"Paging({', '.join(parts)})"
