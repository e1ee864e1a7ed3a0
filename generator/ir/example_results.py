"""How a docs example uses what a call returns: print it, save a binary body, loop over an
event stream, or tell them apart with `isinstance` when the call may return several."""

from __future__ import annotations

from ..literals import py_literal
from .model import Operation


def stream_extra(stream: bool) -> tuple[str, ...]:
    return ("stream=True",) if stream else ()


def result_kinds(op: Operation, stream: bool) -> tuple[str, ...]:
    """The kinds of body a call returns: with a `stream` flag, the stream when it is true
    and the others when it is left out."""
    kinds = op.success.kinds
    if op.stream_flag is None:
        return kinds
    return ("events",) if stream else tuple(k for k in kinds if k != "events")


def _branches(
    op: Operation, stream: bool, is_async: bool
) -> tuple[list[tuple[str, list[str]]], bool]:
    """(class, lines using `response`) for each kind that is not printed, and whether other
    kinds (printed) remain."""
    kinds = result_kinds(op, stream)
    prefix = "Async" if is_async else ""
    branches: list[tuple[str, list[str]]] = []
    if "binary" in kinds:
        wait = "await " if is_async else ""
        save = f"{wait}response.write_to_file({py_literal(op.method_name + '.bin')})"
        branches.append((f"{prefix}BinaryResponse", [save]))
    if "events" in kinds:
        loop = f"{'async ' if is_async else ''}for event in response:"
        branches.append((f"{prefix}Stream", [loop, "    print(event)"]))
    printed = any(k not in ("binary", "events") for k in kinds)
    return branches, printed


def result_classes(op: Operation, stream: bool, *, is_async: bool) -> list[str]:
    """The package's classes an example tells the results apart with (`isinstance`)."""
    branches, printed = _branches(op, stream, is_async)
    if len(branches) + printed < 2:
        return []
    return [cls for cls, _ in branches[: len(branches) - (not printed)]]


def use_result(
    op: Operation, indent: str, *, stream: bool = False, is_async: bool = False
) -> list[str]:
    """Lines that use `response`: print it, save a binary body (which releases the
    connection), loop over a stream (the loop closes it), telling the kinds apart when the
    call may return several; none when it returns nothing."""
    if op.pagination is not None:  # a page: its items, and those of the pages after it
        loop = f"{'async ' if is_async else ''}for item in response:"
        return [indent + loop, indent + "    print(item)"]
    branches, printed = _branches(op, stream, is_async)
    if not branches:
        return [indent + "print(response)"] if printed else []
    if len(branches) == 1 and not printed:
        return [indent + line for line in branches[0][1]]
    lines: list[str] = []
    for index, (cls, body) in enumerate(branches):
        if index == len(branches) - 1 and not printed:
            lines.append("else:")
        else:
            lines.append(f"{'elif' if index else 'if'} isinstance(response, {cls}):")
        lines.extend("    " + line for line in body)
    if printed:
        lines += ["else:", "    print(response)"]
    return [indent + line for line in lines]
