"""Prose about IR objects, shared by docstrings and Markdown docs (never raw spec dicts)."""

from __future__ import annotations

from ..ir.model import Argument, Field, Operation, Response, ResponseContent, TypeRef
from ..ir.returns import first_of_each_kind
from ..literals import json_inline
from .markdown import cell, code


def type_words(type_ref: TypeRef, link_prefix: str) -> str:
    """The type in words for a Markdown cell; a named model links to its page. The
    constraints of an item or a union member follow it in parentheses (a field's own are
    in its notes): "array of string (at most 5 characters)".
    """
    if type_ref.kind == "named":
        return f"[{type_ref.name}]({link_prefix}{type_ref.name}.md)"
    if type_ref.kind in ("list", "dict"):
        inner = type_ref.args[0]
        item = _part_words(inner, link_prefix)
        if inner.kind == "union" or (
            inner.kind in ("list", "dict") and inner.constraints.words()
        ):
            item = f"({item})"  # whose constraints are whose
        return ("array of " if type_ref.kind == "list" else "map of ") + item
    if type_ref.kind == "union":
        return " or ".join(_part_words(a, link_prefix) for a in type_ref.args)
    return cell(type_ref.words())


def _part_words(type_ref: TypeRef, link_prefix: str) -> str:
    words = type_words(type_ref, link_prefix)
    rules = type_ref.constraints.words() if type_ref.kind != "union" else []
    return f"{words} ({cell('; '.join(rules))})" if rules else words


def _enum_values(type_ref: TypeRef) -> list[str]:
    return [json_inline(v) for v in type_ref.literal_values]


def _notes(
    description: str,
    type_ref: TypeRef,
    constraints_words: list[str],
    default_present: bool,
    default_value: object,
) -> str:
    parts = [description] if description else []
    values = _enum_values(type_ref)
    if values:
        parts.append("One of: " + ", ".join(code(v) for v in values) + ".")
    if constraints_words:
        parts.append("Constraints: " + "; ".join(constraints_words) + ".")
    if default_present:
        parts.append(f"Default: {code(json_inline(default_value))}.")
    return " ".join(parts)


def field_notes(field: Field) -> str:
    return _notes(
        field.description,
        field.type,
        field.constraints.words(),
        field.default.present,
        field.default.value,
    )


def argument_notes(arg: Argument) -> str:
    notes = _notes(
        arg.description,
        arg.type,
        arg.constraints.words(),
        arg.default.present,
        arg.default.value,
    )
    wire = style_words(arg)
    return f"{notes} {wire}" if notes and wire else notes or wire


# style -> (explode -> how a two-item array / an object is sent), for parameters not sent the
# default way (`Argument.custom_style`)
_STYLE_SHAPES = {
    ("form", False): ("comma-separated", "{n}=a,b"),
    ("spaceDelimited", False): ("space-separated", "{n}=a%20b"),
    ("pipeDelimited", False): ("pipe-separated", "{n}=a%7Cb"),
    ("deepObject", True): ("as a deep object", "{n}[key]=value"),
    ("deepObject", False): ("as a deep object", "{n}[key]=value"),
    ("simple", True): ("exploded", "key=value,key2=value2"),
    ("label", False): ("in label style", ".a,b"),
    ("label", True): ("in label style", ".a.b"),
    ("matrix", False): ("in matrix style", ";{n}=a,b"),
    ("matrix", True): ("in matrix style", ";{n}=a;{n}=b"),
}


def style_words(arg: Argument) -> str:
    """How a parameter not sent its location's default way goes on the wire ("" for the
    others): "Sent as a deep object: `metadata[key]=value`."."""
    if not arg.custom_style:
        return ""
    if arg.style == "json":
        return "Sent as JSON text."
    shape = _STYLE_SHAPES.get((arg.style, arg.explode))
    parts = []
    if shape is not None:
        words, example = shape
        parts.append(f"Sent {words}: {code(example.replace('{n}', arg.wire_name))}.")
    if arg.allow_reserved:
        parts.append("Reserved characters are sent unencoded.")
    return " ".join(parts)


def operation_docstring(op: Operation) -> str:
    """Summary, description and one line per argument, Google style."""
    parts: list[str] = []
    head = op.title or f"{op.http_method} {op.path}"
    parts.append(head)
    if op.summary and op.summary.strip() != head:
        parts.append(op.summary)
    if op.description and op.description != head:
        parts.append(op.description)
    if op.arguments:
        lines = ["Args:"]
        for arg in op.arguments:
            text = " ".join(arg.description.split()) or arg.type.words()
            lines.append(f"    {arg.name}: {text}")
        parts.append("\n".join(lines))
    parts.append(f"`{op.http_method} {op.path}`")
    return "\n\n".join(parts)


def content_words(content: ResponseContent, link_prefix: str) -> str:
    """A response body in words for a table cell: its type, "string", "binary", or
    "stream of" its events' type."""
    if content.kind == "binary":
        return "binary"
    if content.kind == "events":
        if content.type is None:
            return "stream of events"
        return "stream of " + type_words(content.type, link_prefix)
    return type_words(content.type, link_prefix) if content.type else "—"


def response_words(response: Response, link_prefix: str) -> str:
    """What a response may hold, for the Responses table: one kind's words, or each kind
    with its media type ("—" for no body)."""
    contents = first_of_each_kind(response.contents)
    if not contents:
        return "—"
    if len(contents) == 1:
        return content_words(contents[0], link_prefix)
    return " or ".join(
        f"{content_words(c, link_prefix)} ({code(c.media_type)})" for c in contents
    )


def _returned(content: ResponseContent, link_prefix: str) -> str:
    if content.kind == "binary":
        return "a `BinaryResponse` (`AsyncBinaryResponse` with the async client)"
    if content.kind == "events":
        each = (
            f"a {type_words(content.type, link_prefix)}"
            if content.type is not None
            else "a `ServerSentEvent` (the spec gives the events no schema)"
        )
        return (
            "a `Stream` of events (`AsyncStream` with the async client), each " + each
        )
    return type_words(content.type, link_prefix) if content.type else "Nothing"


def returns_words(op: Operation, link_prefix: str) -> str:
    """What the method returns, in words ("Nothing" for no body)."""
    if op.pagination is not None:
        item = type_words(op.pagination.item_type, link_prefix)
        return (
            f"A `SyncPage` of {item} (an `AsyncPager` with the async client): the first "
            "page of the list, which iterates over every item of every page (see "
            "Pagination below)"
        )
    if op.overloads:
        others, events = op.overloads[0].contents, op.overloads[1].contents
        rest = " or ".join(
            _returned(c, link_prefix) for c in first_of_each_kind(others)
        )
        return (
            f"With `stream=True`, {_returned(events[0], link_prefix)}; otherwise {rest}"
        )
    contents = first_of_each_kind(op.success.contents)
    if not contents:
        return "Nothing"
    if len(contents) == 1:
        words = _returned(contents[0], link_prefix)
        if contents[0].kind == "binary":
            words += ": the body, read when asked for"
        return "A" + words[1:] if words.startswith("a ") else words
    choices = "; ".join(
        f"for {code(c.media_type)}, {_returned(c, link_prefix)}" for c in contents
    )
    return f"By the response's `Content-Type`: {choices}"


def pagination_words(op: Operation, link_prefix: str) -> str:
    """How the method pages, in words for its docs page ("" when it does not)."""
    pages = op.pagination
    if pages is None:
        return ""
    response = type_words(pages.response_type, link_prefix)
    where = (
        f"the response's {code(pages.items.text)}"
        if pages.items.present
        else "the response"
    )
    parts = [
        f"`page.data` holds the page's items ({where}), `page.response` the whole "
        f"{response}. Iterating over the page runs over every item of every page, "
        "fetching the next page as the loop gets to it: the same call with "
        + _next_words(op)
        + ", and the same options (extra headers and query, timeout, retries)."
    ]
    ends = ["an empty page"]
    if pages.has_more.present:
        ends.append(f"a false {code(pages.has_more.text)}")
    if pages.total.present:
        ends.append(f"{code(pages.total.text)} items fetched")
    if pages.total_pages.present:
        ends.append(f"{code(pages.total_pages.text)} pages fetched")
    ends.append(
        "a response without a next link"
        if pages.style == "link"
        else "a response that gives no cursor" if pages.style == "cursor" else ""
    )
    ends = [e for e in ends if e]
    parts.append(
        "The list ends at " + ", ".join(ends[:-1]) + f" or {ends[-1]}."
        if len(ends) > 1
        else f"The list ends at {ends[0]}."
    )
    if pages.declared:
        parts.append("(As the operation's `x-pagination` declares.)")
    return " ".join(parts)


def _next_words(op: Operation) -> str:
    pages = op.pagination
    assert pages is not None
    param = code(pages.param)
    if pages.style == "cursor":
        sources = []
        if pages.next_cursor.present:
            sources.append(f"the response's {code(pages.next_cursor.text)}")
        if pages.item_cursor.present:
            sources.append(f"the last item's {code(pages.item_cursor.text)}")
        return f"{param} set to " + ", else ".join(sources)
    if pages.style == "offset":
        return f"{param} moved past the items received"
    if pages.style == "page":
        return f"{param} plus one (the first page is {pages.start})"
    return 'its URL replaced by the `rel="next"` link of the response\'s `Link` header'
