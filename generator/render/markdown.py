"""Markdown emission for docs: spec text is untrusted, so it can't open HTML or break tables."""

from __future__ import annotations

import re

from ..ir.model import Operation, Resource
from ..literals import clean_text, code_span

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


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_SPACES = re.compile(r" {2,}")


def _escape_html(text: str) -> str:
    return text.translate(_HTML)


def text(value: str) -> str:
    """Prose: Markdown kept, raw HTML neutralised everywhere outside code spans, and a code
    fence the text opens closed at its end, so it cannot swallow the rest of the page.
    """
    return _inline(close_fences(clean_text(value)))


def _inline(value: str, *, fold: bool = False) -> str:
    """Raw HTML neutralised outside code spans (and, with `fold`, runs of spaces there
    folded to one); code spans kept exactly."""

    def prose(part: str) -> str:
        part = _escape_html(part)
        return _SPACES.sub(" ", part) if fold and "  " in part else part

    if "`" not in value:  # most text: no code span to keep
        return prose(value).strip() if fold else prose(value)
    out: list[str] = []
    last = 0
    for start, end in _code_spans(value):
        out.append(prose(value[last:start]))
        out.append(value[start:end])
        last = end
    out.append(prose(value[last:]))
    return "".join(out).strip() if fold else "".join(out)


def _escape_pipes(value: str) -> str:
    """Every `|` escaped for a table cell. The table step drops one backslash before each
    pipe (escaped or not) before inline parsing, so escaping each one always restores it.
    """
    return value.replace("|", "\\|")


def cell(value: object) -> str:
    """One table cell: newlines folded, pipes escaped (inside code spans too), HTML neutralised."""
    # one line; runs of spaces fold outside code spans (Markdown would), not inside them
    return _escape_pipes(_inline(clean_text(str(value)).replace("\n", " "), fold=True))


def heading(value: object) -> str:
    """Text for a `#` heading: one line of prose."""
    return _inline(" ".join(clean_text(str(value)).split()))


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def close_fences(value: str) -> str:
    """Append a closing fence when the text leaves a fenced code block open (CommonMark:
    closed by a run of the same character at least as long)."""
    open_fence = ""
    for line in value.split("\n"):
        found = _FENCE.match(line)
        if not found:
            continue
        run = found.group(1)
        if not open_fence:
            if not (run[0] == "`" and "`" in line[found.end() :]):
                open_fence = run
        elif (
            run[0] == open_fence[0]
            and len(run) >= len(open_fence)
            and not line[found.end() :].strip()
        ):
            open_fence = ""
    return f"{value}\n{open_fence}" if open_fence else value


def code(value: object) -> str:
    """A value shown as code in prose, exactly (line breaks shown as spaces)."""
    line = str(value).replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return code_span(line)


def inline_code(value: object) -> str:
    """A value shown as code in a table cell: `code`, with pipes escaped."""
    return _escape_pipes(code(value))


def operation_page(resource: Resource, op: Operation) -> str:
    """Unique per operation: resource attributes and method names are identifiers, `.` is
    not, and the last part is the method."""
    return f"{resource.dotted_name}.{op.method_name}.md"


def code_block(text: str, lang: str = "") -> str:
    """A fenced block that the text cannot close: the fence outgrows any backtick run in it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{lang}\n{text}\n{fence}"
