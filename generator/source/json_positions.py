"""Where each node of a JSON document starts, for diagnostics.

YAML specs are located by PyYAML's composer; a JSON spec cannot always be: PyYAML refuses
JSON's surrogate-pair escapes (`"\\ud83d\\ude80"`, as `json.dumps` writes an emoji), which
would leave every diagnostic of such a spec without a line. This scanner reads JSON text
that `json.loads` has accepted and maps every JSON pointer to the offset of its node: an
object member's key (as YAML marks are shown), an array item's value.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re

from ..diagnostics import join_pointer

_SPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"[^,\]}\s]+")


class JsonPositions:
    """JSON pointer -> (line, col), both 1-based, for one JSON text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offsets = _scan(text)
        self._lines = [i for i, ch in enumerate(text) if ch == "\n"]

    def locate(self, pointer: str) -> tuple[int, int]:
        """The node at `pointer`, or its nearest ancestor that exists."""
        while pointer not in self._offsets and pointer:
            pointer = pointer.rpartition("/")[0]
        offset = self._offsets.get(pointer)
        if offset is None:
            return (0, 0)
        line = bisect.bisect_left(self._lines, offset)
        start = self._lines[line - 1] + 1 if line else 0
        return (line + 1, offset - start + 1)


def _end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    found = pattern.match(text, pos)
    if found is None:
        raise ValueError(f"unexpected text at {pos}")
    return found.end()


def _scan(text: str) -> dict[str, int]:
    offsets: dict[str, int] = {}
    # text json.loads did not accept ends the scan: what was found so far is kept
    with contextlib.suppress(IndexError, ValueError):
        _walk(text, offsets)
    return offsets


def _walk(text: str, offsets: dict[str, int]) -> None:
    # stack of open containers: [is_object, pointer, items so far]
    stack: list[list[object]] = []
    pos = _end(_SPACE, text, 0)
    pointer = ""
    offsets[pointer] = pos
    while True:
        # a value for `pointer` starts at pos
        char = text[pos]
        if char in "{[":
            stack.append([char == "{", pointer, 0])
            pos = _end(_SPACE, text, pos + 1)
            if text[pos] not in "}]":
                pointer, pos = _element(text, pos, stack[-1], offsets)
                continue
            pos += 1
            stack.pop()
        elif char == '"':
            pos = _end(_STRING, text, pos)
        else:
            pos = _end(_SCALAR, text, pos)
        # the value ended: close containers until one has a next element
        while True:
            if not stack:
                return
            pos = _end(_SPACE, text, pos)
            if text[pos] == ",":
                frame = stack[-1]
                frame[2] = int(str(frame[2])) + 1
                pos = _end(_SPACE, text, pos + 1)
                pointer, pos = _element(text, pos, frame, offsets)
                break
            pos += 1  # "}" or "]"
            stack.pop()


def _element(
    text: str, pos: int, frame: list[object], offsets: dict[str, int]
) -> tuple[str, int]:
    """Record the element starting at pos; (its pointer, where its value starts)."""
    is_object, parent, count = frame
    if not is_object:
        pointer = join_pointer(str(parent), int(str(count)))
        offsets[pointer] = pos
        return pointer, pos
    end = _end(_STRING, text, pos)
    pointer = join_pointer(str(parent), json.loads(text[pos:end]))
    offsets[pointer] = pos
    pos = _end(_SPACE, text, end)
    if text[pos] != ":":
        raise ValueError("':' expected")
    return pointer, _end(_SPACE, text, pos + 1)
