"""Markdown emission for docs: spec text is untrusted, so it can't open HTML or break tables."""

from __future__ import annotations

import re

from generator.ir import Operation, Resource

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(value: str) -> str:
    """Prose: Markdown kept, raw HTML neutralised outside code spans."""
    out: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(value):
        out.append(_escape_html(value[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape_html(value[last:]))
    return "".join(out)


def cell(value: object) -> str:
    """One table cell: newlines folded, pipes escaped (inside code spans too), HTML neutralised."""
    folded = " ".join(str(value).split())
    return text(folded).replace("|", "\\|")


def inline_code(value: object) -> str:
    """A value shown as code in a cell: backticks fenced with a longer run, pipes escaped."""
    shown = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}".replace("|", "\\|")


def operation_page(resource: Resource, op: Operation) -> str:
    """Unique per operation: resource attributes and method names are identifiers, `.` is not."""
    return f"{resource.attr_name}.{op.method_name}.md"


def code_block(text: str, lang: str = "") -> str:
    """A fenced block that the text cannot close: the fence outgrows any backtick run in it."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{lang}\n{text}\n{fence}"
