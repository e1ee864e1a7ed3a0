"""Pagination of list operations (see README, "Pagination"): detected from the spec's
shapes, or declared by the operation's `x-pagination` (settable by overlay), which may also
switch it off (`x-pagination: false`).

Detected, in this order:

- cursor: a cursor-like query parameter (`after`, `cursor`, `page_token`, ...; a string
  `page` when the response has a next-page token), a response object with an array of items
  and `has_more` and/or a next cursor (`next_cursor`, `next_page_token`, `next`, `last_id`,
  ...), and a way to the next cursor: that field, or the last item's `id`;
- offset / page: an integer `offset` (`page`) parameter and a page size parameter (`limit`,
  `page_size`, ...), a response object with an array of items and a total or `has_more`
  (or, for pages, a total number of pages);
- link: a success response that declares a `Link` header and whose body is an array or has
  one.

Declared keys take precedence; keys left out are detected as above. Mistakes are errors:
E050 for a value of the wrong kind, E051 for a name that is not a field of the response (or
of its items) or not a query parameter of the operation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostic, SpecError
from ..source.loader import Document
from ..source.operation_sites import operation_at
from ..source.resolve import Located, Resolver
from .model import Alias, FieldPath, Model, Operation, Pagination, TypeRef
from .pagination_declared import PARAM_KEYS, Declared, read_declared
from .pagination_shapes import Clues, Shapes
from .paging import PaginationStyle


def paginate(
    root: Document,
    resolver: Resolver,
    operations: list[Operation],
    models: Mapping[str, Model],
    aliases: Mapping[str, Alias],
) -> list[Operation]:
    """Each operation with its `pagination`; raises SpecError for x-pagination mistakes."""
    shapes = Shapes(models, aliases)
    problems: list[Diagnostic] = []
    result = []
    for op in operations:
        located = _operation_node(root, resolver, op)
        pagination = _pagination(op, located, resolver, shapes, problems)
        if pagination is not None:
            op = replace(op, pagination=pagination)
        result.append(op)
    if problems:
        raise SpecError(problems)
    return result


def _operation_node(
    root: Document, resolver: Resolver, op: Operation
) -> Located | None:
    return operation_at(resolver, op.path, op.http_method.lower())


def _pagination(
    op: Operation,
    located: Located | None,
    resolver: Resolver,
    shapes: Shapes,
    problems: list[Diagnostic],
) -> Pagination | None:
    raw = located.node.get("x-pagination") if located is not None else None
    if raw is False or located is None:
        return None
    response = op.response_value_type
    usable = op.reader == "json" and not op.overloads and response is not None
    if raw is None:
        if not usable or response is None:
            return None
        clues = shapes.clues(response, op.arguments_from("query"))
        style = _detected_style(clues, _declares_link(op, located, resolver))
        if style is None:
            return None
        return _Builder(op, response, clues, None, shapes, problems).build(style)
    declared = read_declared(raw, located, problems)
    if declared is None:
        return None
    if not usable or response is None:
        problems.append(
            declared.doc.diagnostic(
                "E050",
                "x-pagination needs an operation whose success response is JSON",
                declared.pointer,
            )
        )
        return None
    clues = shapes.clues(response, op.arguments_from("query"))
    builder = _Builder(op, response, clues, declared, shapes, problems)
    return builder.build(declared.style)


def _declares_link(op: Operation, located: Located, resolver: Resolver) -> bool:
    """Whether the success response declares a `Link` header."""
    responses = located.node.get("responses")
    if not isinstance(responses, dict) or op.success.status not in responses:
        return False
    node = resolver.follow(Located(responses[op.success.status], located.doc, "")).node
    headers = node.get("headers") if isinstance(node, dict) else None
    return isinstance(headers, dict) and any(
        str(name).lower() == "link" for name in headers
    )


def _detected_style(clues: Clues, link: bool) -> PaginationStyle | None:
    listed = clues.items is not None and clues.items.present
    if (
        clues.cursor_param
        and listed
        and (clues.has_more.present or clues.next_cursor.present)
        and (clues.next_cursor.present or clues.item_cursor.present)
    ):
        return "cursor"
    ends = clues.total.present or clues.has_more.present
    if clues.offset_param and clues.limit_param and listed and ends:
        return "offset"
    ends = ends or clues.total_pages.present
    if clues.page_param and clues.limit_param and listed and ends:
        return "page"
    if link and clues.items is not None:
        return "link"
    return None


class _Builder:
    """The pagination of a style from the clues, declared keys taking precedence."""

    def __init__(
        self,
        op: Operation,
        response: TypeRef,
        clues: Clues,
        declared: Declared | None,
        shapes: Shapes,
        problems: list[Diagnostic],
    ) -> None:
        self.response = response
        self.clues = clues
        self.declared = declared
        self.query = {a.wire_name: a for a in op.arguments_from("query")}
        self.shapes = shapes
        self.problems = problems
        self.failed = False

    def fail(self, key: str, message: str) -> None:
        assert self.declared is not None
        where = self.declared.at(key) if key in self.declared.values else ""
        self.problems.append(
            self.declared.doc.diagnostic(
                "E051", f"x-pagination: {message}", where or self.declared.pointer
            )
        )
        self.failed = True

    def given(self, key: str) -> Any:
        return self.declared.values.get(key) if self.declared is not None else None

    def path(self, key: str, detected: FieldPath, model: Model | None) -> FieldPath:
        """A declared field (dotted wire names), False (none) or the detected one."""
        value = self.given(key)
        if value is False:
            return FieldPath()
        if value is None:
            return detected
        found = self.shapes.resolve(model, str(value).split(".")) if model else None
        if found is None:
            owner = (
                model.name
                if model is not None
                else "the response, which is not an object,"
            )
            self.fail(key, f"{key} names {value!r}, which is not a field of {owner}")
            return FieldPath()
        return found[0]

    def param(self, key: str, detected: str) -> str:
        value = self.given(key)
        if value is False:
            return ""
        if value is None:
            return detected
        if value not in self.query:
            names = ", ".join(sorted(self.query)) or "none"
            self.fail(
                key, f"{key} names {value!r}, not a query parameter (they are: {names})"
            )
            return ""
        return str(value)

    def items(self) -> tuple[FieldPath | None, TypeRef | None]:
        value = self.given("items")
        model = self.shapes.model(self.response)
        if value is None:
            return self.clues.items, self.clues.item_type
        path = self.path("items", FieldPath(), model)
        if not path.present:
            return None, None
        found = self.shapes.resolve(model, path.wire) if model else None
        item = self.shapes.list_item(found[1].type) if found else None
        if item is None:
            self.fail("items", f"items names {value!r}, which is not an array")
            return None, None
        return path, item

    def build(self, style: PaginationStyle) -> Pagination | None:
        clues, model = self.clues, self.shapes.model(self.response)
        items, item_type = self.items()
        if items is None or item_type is None:
            if self.declared is not None and not self.failed:
                self.fail("items", "the response has no array of items: set items")
            return None
        next_cursor = self.path("next-cursor", clues.next_cursor, model)
        item_model = self.shapes.model(item_type)
        explicit_next = self.given("next-cursor") not in (None, False)
        fallback = (
            clues.item_cursor
            if not next_cursor.present or (clues.next_is_id and not explicit_next)
            else FieldPath()
        )
        item_cursor = self.path("item-cursor", fallback, item_model)
        param_key = next((k for k, s in PARAM_KEYS.items() if s == style), "")
        detected_param = {
            "cursor": clues.cursor_param,
            "offset": clues.offset_param,
            "page": clues.page_param,
        }.get(style, "")
        param = self.param(param_key, detected_param) if param_key else ""
        pagination = Pagination(
            style=style,
            item_type=item_type,
            response_type=self.response,
            items=items,
            param=param,
            next_cursor=next_cursor if style == "cursor" else FieldPath(),
            item_cursor=item_cursor if style == "cursor" else FieldPath(),
            has_more=self.path("has-more", clues.has_more, model),
            total=(
                self.path("total", clues.total, model)
                if style in ("offset", "page")
                else FieldPath()
            ),
            total_pages=(
                self.path("total-pages", clues.total_pages, model)
                if style == "page"
                else FieldPath()
            ),
            limit_param=(
                self.param("limit-param", clues.limit_param)
                if style in ("offset", "page")
                else ""
            ),
            start=self._start(style, param),
            declared=self.declared is not None,
        )
        return None if self.failed else self._complete(pagination, param_key)

    def _start(self, style: PaginationStyle, param: str) -> int:
        value = self.given("start")
        if isinstance(value, int):
            return value
        if style not in ("offset", "page"):
            return 0
        arg = self.query.get(param)
        if (
            arg is not None
            and arg.default.present
            and isinstance(arg.default.value, int)
        ):
            return int(arg.default.value)
        if arg is not None and isinstance(arg.constraints.ge, int):
            return arg.constraints.ge
        return 1 if style == "page" else 0

    def _complete(self, pagination: Pagination, param_key: str) -> Pagination | None:
        """The pagination when it can reach the next page; else (declared) an error."""
        style = pagination.style
        if style != "link" and not pagination.param:
            if self.declared is not None:
                self.fail(
                    param_key,
                    f"style {style} needs a query parameter for the "
                    f"{'cursor' if style == 'cursor' else style}: set {param_key}",
                )
            return None
        if style == "cursor" and not (
            pagination.next_cursor.present or pagination.item_cursor.present
        ):
            if self.declared is not None:
                self.fail(
                    "next-cursor",
                    "style cursor needs where the next cursor is: set next-cursor "
                    "(a field of the response) or item-cursor (a field of the items)",
                )
            return None
        return pagination
