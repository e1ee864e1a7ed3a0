"""Where each node of an overlaid spec was written: in the spec, or in an overlay's `update`.

Applying overlays (`overlays.py`) changes the spec's data, but diagnostics about a node must
still point at the file and line that wrote it. A `Provenance` is a trie over the JSON
pointers of the document as it is now: a trie node with an `Origin` says that the subtree at
that pointer was written at that origin (a file's source map and a pointer into that file),
and everything below it is found at the same relative place there, unless a deeper trie node
says otherwise. The root always has an origin: the spec itself.

Three edits keep it exact as the document changes: `assign` (a value written at a pointer,
replacing whatever was there), `drop` (a subtree removed) and `remove_item` (an array item
removed, so the later items move down by one; each keeps the origin it had).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .loader import SourceMap


@dataclass(frozen=True)
class Origin:
    """A place in a file: its source map, its name as messages show it, a JSON pointer."""

    source: SourceMap
    display: str
    pointer: str

    def below(self, tokens: list[str]) -> Origin:
        """The origin of a node `tokens` (escaped pointer tokens) below this one."""
        if not tokens:
            return self
        return Origin(self.source, self.display, self.pointer + "/" + "/".join(tokens))


@dataclass
class _Node:
    origin: Origin | None = None
    children: dict[str, _Node] = field(default_factory=dict)


def tokens_of(pointer: str) -> list[str]:
    """The escaped tokens of a JSON pointer ('' is the root: no tokens)."""
    return pointer.split("/")[1:] if pointer else []


class Provenance:
    """The origin of every node of a document that overlays changed (see the module doc)."""

    def __init__(self, root: Origin) -> None:
        self._root = _Node(root)

    def origin(self, pointer: str) -> Origin:
        """Where the node at `pointer` (in the document as it is now) was written."""
        return self._origin(tokens_of(pointer))

    def _origin(self, tokens: list[str]) -> Origin:
        node = self._root
        assert node.origin is not None
        best, depth = node.origin, 0
        for index, token in enumerate(tokens):
            child = node.children.get(token)
            if child is None:
                break
            node = child
            if node.origin is not None:
                best, depth = node.origin, index + 1
        return best.below(tokens[depth:])

    def assign(self, tokens: list[str], origin: Origin) -> None:
        """The subtree at `tokens` was (re)written at `origin`: forget what was below it."""
        if not tokens:
            self._root = _Node(origin)
            return
        parent = self._walk(tokens[:-1], create=True)
        assert parent is not None
        parent.children[tokens[-1]] = _Node(origin)

    def drop(self, tokens: list[str]) -> None:
        """The subtree at `tokens` is gone."""
        parent = self._walk(tokens[:-1], create=False)
        if parent is not None and tokens:
            parent.children.pop(tokens[-1], None)

    def remove_item(self, array: list[str], index: int, length: int) -> None:
        """Item `index` of the array at `array` (which had `length` items) is removed: items
        after it move down one place, each keeping where it came from."""
        moved = {
            position: self._origin([*array, str(position)])
            for position in range(index + 1, length)
        }
        node = self._walk(array, create=True)
        assert node is not None
        old = node.children
        node.children = {
            key: child
            for key, child in old.items()
            if not key.isdigit() or int(key) < index
        }
        for position, origin in moved.items():
            child = old.get(str(position)) or _Node()
            if child.origin is None:
                child.origin = origin
            node.children[str(position - 1)] = child

    def _walk(self, tokens: list[str], *, create: bool) -> _Node | None:
        node = self._root
        for token in tokens:
            child = node.children.get(token)
            if child is None:
                if not create:
                    return None
                child = node.children[token] = _Node()
            node = child
        return node
