"""JSON pointers in `$ref`s: walking one through a document, and when it does not resolve,
the close names that would make it resolve (spelt as a `$ref` writes them).
"""

from __future__ import annotations

import difflib
from typing import Any
from urllib.parse import quote

from ..diagnostics import escape_pointer_token, unescape_pointer_token


def pointer_tokens(pointer: str) -> list[str]:
    return [unescape_pointer_token(raw) for raw in pointer.split("/")[1:]]


def _step(node: Any, token: str) -> tuple[bool, Any]:
    """One JSON pointer step: (found, child)."""
    if isinstance(node, dict):
        if token in node:
            return True, node[token]
        return False, None
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return True, node[int(token)]
    return False, None


def walk(node: Any, tokens: list[str]) -> tuple[Any, int | None]:
    """(target, None) when every token resolves, else (deepest node reached, failing index)."""
    for index, token in enumerate(tokens):
        found, child = _step(node, token)
        if not found:
            return node, index
        node = child
    return node, None


def suggest(data: Any, tokens: list[str]) -> list[str] | None:
    """The tokens of a ref that resolves, each unresolved name swapped for a close key.

    Where resolution stops, the keys of the deepest mapping reached are the candidates; a
    typo may sit at several levels (`schema/Pett`), so the walk goes on from each
    replacement. None when some level has no close name, or is not a mapping.
    """
    tokens = list(tokens)
    node = data
    for index, token in enumerate(tokens):
        found, child = _step(node, token)
        if not found:
            if not isinstance(node, dict):
                return None
            # YAML may give non-string keys (`200:`); a pointer can only name strings
            keys = [key for key in node if isinstance(key, str)]
            close = difflib.get_close_matches(token, keys, n=1)
            if not close:
                return None
            tokens[index] = close[0]
            child = node[close[0]]
        node = child
    return tokens


def written_token(token: str) -> str:
    """A pointer token as a `$ref` spells it: `~` and `/` escaped; `%`, spaces and control
    characters percent-encoded so the ref reads back (refs are unquoted) as this token.
    """
    escaped = escape_pointer_token(token)
    return "".join(
        quote(ch) if ch == "%" or ch.isspace() or not ch.isprintable() else ch
        for ch in escaped
    )
