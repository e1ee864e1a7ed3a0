"""Stage 5b, format: make rendered Python black-stable at the lowest cost.

Templates already emit black's style for everything that fits in 88 columns, so black only has
to see the few top-level blocks that contain a longer line (long unions and literal lists
black splits in ways not worth re-implementing). Blocks are formatted on their own: black's
output for a block does not depend on the blocks around it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

LINE_LENGTH = 88
_CONTINUATION = (")", "]", "}")


def format_python(source: str) -> str:
    lines = source.split("\n")
    if all(len(line) <= LINE_LENGTH for line in lines):
        return source
    out: list[str] = []
    for block in _top_level_blocks(lines):
        if any(len(line) > LINE_LENGTH for line in block):
            out.extend(_black_block("\n".join(block)).split("\n"))
        else:
            out.extend(block)
    return "\n".join(out)


def _top_level_blocks(lines: list[str]) -> list[list[str]]:
    """Split into runs: each starts at an unindented line that does not continue the last one."""
    blocks: list[list[str]] = [[]]
    previous = ""
    for line in lines:
        starts_block = (
            line[:1] not in ("", " ", "\t")
            and not line.startswith(_CONTINUATION)
            and not previous.startswith("@")
            and not previous.startswith("#")
        )
        if starts_block and blocks[-1]:
            blocks.append([])
        blocks[-1].append(line)
        if line.strip():
            previous = line
    return blocks


def _black_block(block: str) -> str:
    # Keep the block's own trailing blank lines: black would drop them.
    stripped = block.rstrip("\n")
    tail = block[len(stripped) :]
    body = stripped.rstrip()
    blank_tail = stripped[len(body) :]
    return _format_with_black(body).rstrip("\n") + blank_tail + tail


@lru_cache(maxsize=4096)
def _format_with_black(code: str) -> str:
    black = _black()
    mode = black.Mode(
        target_versions={black.TargetVersion.PY311}, line_length=LINE_LENGTH
    )
    result: str = black.format_str(code + "\n", mode=mode)
    return result


@lru_cache(maxsize=1)
def _black() -> Any:
    import black  # deferred: importing black costs ~0.2 s and most files never need it

    return black
