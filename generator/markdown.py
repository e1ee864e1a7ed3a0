"""Markdown emission for docs: spec text is untrusted, so it can't open HTML or break tables."""

from __future__ import annotations

import re

from generator.ir import Operation, Resource

_BACKTICKS = re.compile(r"`+")


def _code_spans(value: str) -> list[tuple[int, int]]:
    """(start, end) of each code span, found the way CommonMark finds them: a run of n
    backticks (not backslash-escaped) up to the next run of exactly n backticks."""
    spans: list[tuple[int, int]] = []
    runs = list(_BACKTICKS.finditer(value))
    index = 0
    while index < len(runs):
        opener = runs[index]
        escaped = _backslashes_before(value, opener.start()) % 2 == 1
        length = len(opener.group()) - (1 if escaped else 0)
        if length == 0:
            index += 1
            continue
        start = opener.start() + (1 if escaped else 0)
        closer = next(
            (j for j in range(index + 1, len(runs)) if len(runs[j].group()) == length),
            None,
        )
        if closer is None:
            index += 1
            continue
        spans.append((start, runs[closer].end()))
        index = closer + 1
    return spans


def _backslashes_before(value: str, position: int) -> int:
    count = 0
    while position - count - 1 >= 0 and value[position - count - 1] == "\\":
        count += 1
    return count


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(value: str) -> str:
    """Prose: Markdown kept, raw HTML neutralised everywhere outside code spans."""
    out: list[str] = []
    last = 0
    for start, end in _code_spans(value):
        out.append(_escape_html(value[last:start]))
        out.append(value[start:end])
        last = end
    out.append(_escape_html(value[last:]))
    return "".join(out)


def _escape_pipes(value: str) -> str:
    """Every `|` escaped, also one already behind backslashes (`\\|` would end the cell)."""
    out: list[str] = []
    for index, char in enumerate(value):
        if char == "|" and _backslashes_before(value, index) % 2 == 0:
            out.append("\\")
        out.append(char)
    return "".join(out)


def cell(value: object) -> str:
    """One table cell: newlines folded, pipes escaped (inside code spans too), HTML neutralised."""
    folded = " ".join(str(value).split())
    return _escape_pipes(text(folded))


def code(value: object) -> str:
    """A value shown as code in prose: fenced with a backtick run longer than any inside."""
    shown = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    pad = (
        " " if shown.startswith("`") or shown.endswith("`") or not shown.strip() else ""
    )
    return f"{fence}{pad}{shown}{pad}{fence}"


def inline_code(value: object) -> str:
    """A value shown as code in a table cell: `code`, with pipes escaped."""
    return _escape_pipes(code(value))


def operation_page(resource: Resource, op: Operation) -> str:
    """Unique per operation: resource attributes and method names are identifiers, `.` is not."""
    return f"{resource.attr_name}.{op.method_name}.md"


def code_block(text: str, lang: str = "") -> str:
    """A fenced block that the text cannot close: the fence outgrows any backtick run in it."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{lang}\n{text}\n{fence}"
