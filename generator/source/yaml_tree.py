"""Parse a YAML spec once: plain data for the pipeline, and the node tree for positions.

PyYAML's own `load` composes a node tree (in C) and then constructs the data from it in
generic Python that is about as slow as the parse; diagnostics then needed the tree again
and composed the whole file a second time. Here the tree is composed once, with a resolver
that remembers what each plain scalar resolved to, kept for positions, and the data is built
from it by one tight walk. The walk also does what the document needs anyway: mapping keys
become JSON names (`200:` -> "200"), and a document too big or too deep once its aliases are
expanded, or one whose aliases loop, is refused at the node that makes it so.

Anything rarer than plain JSON-like YAML (merge keys `<<`, `=` keys, tags on collections)
makes `build` give up (`Fallback`); the caller then uses PyYAML's generic constructor.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..diagnostics import escape_pointer_token

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_RARE_KEYS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")

MAX_NODES = (
    5_000_000  # the 2026 OpenAI spec, the largest we know, expands to ~1.2 million
)
MAX_DEPTH = 256


# The refusals, worded once for this walk and for loader.check_size (JSON, overlaid and
# generic-path documents)
LOOPING_ALIAS = (
    "an alias refers to a node that contains it: the value would be infinite (JSON has "
    "no such value)"
)
TOO_DEEP = f"the document is nested more than {MAX_DEPTH} levels deep"
TOO_BIG = (
    f"the document expands to more than {MAX_NODES:,} nodes "
    "(YAML aliases repeated inside each other?)"
)


class Fallback(Exception):
    """The document uses YAML the fast walk does not build; use the generic constructor."""


class Refusal(Exception):
    """The document is refused (`code`, `message`) at a node: its mark and pointer."""

    def __init__(
        self, code: str, message: str, node: yaml.Node, *, alias: bool = False
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.tokens: list[str] = []  # filled in, innermost first, as the walk unwinds
        self.place(node)
        # an alias has no node of its own: the key it is the value of is placed instead
        self.unplaced_alias = alias

    def place(self, node: yaml.Node) -> None:
        self.line = node.start_mark.line + 1
        self.column = node.start_mark.column + 1

    @property
    def pointer(self) -> str:
        return "".join("/" + token for token in reversed(self.tokens))


def tree_loader(base: type[Any]) -> type[Any]:
    """`base` (a PyYAML loader class) with a resolver that remembers plain scalars' tags.

    The C composer asks the resolver for the tag of every scalar; PyYAML's answer scans a
    list of regular expressions each time, and a spec repeats the same few values
    (`string`, `object`, `true`) tens of thousands of times.
    """
    resolve = base.resolve

    class TreeLoader(base):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.plain_tags: dict[str, str] = {}

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            if kind is ScalarNode:
                if not implicit[0]:
                    return _STR  # quoted: a string (no path resolvers are registered)
                tag = self.plain_tags.get(value)
                if tag is None:
                    tag = self.plain_tags[value] = resolve(self, kind, value, implicit)
                return tag
            return resolve(self, kind, value, implicit)  # type: ignore[no-any-return]

    return TreeLoader


def compose(text: str, loader_class: type[Any]) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (None for an empty stream) and the loader that composed it
    (its constructor builds the scalars the walk does not)."""
    loader = loader_class(text)
    try:
        return loader.get_single_node(), loader
    finally:
        loader.dispose()


def build(root: yaml.Node | None, loader: Any) -> Any:
    """The plain data of a composed tree (see the module doc); raises Fallback or Refusal."""
    if root is None:
        return None
    return _Walk(loader).value(root, 1)


class _Walk:
    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.built: dict[int, Any] = (
            {}
        )  # collection node id -> its value (aliases share it)
        self.sizes: dict[int, int] = {}  # collection node id -> its expanded size
        self.open: set[int] = set()  # collections being built (an alias to one loops)
        self.heights: dict[int, int] = {}  # built value id -> its height (see _height)

    def value(self, node: yaml.Node, depth: int) -> Any:
        kind = node.__class__
        if kind is ScalarNode:
            if node.tag == _STR:
                return node.value
            return self.loader.construct_object(node, deep=True)
        key = id(node)
        if key in self.built:
            if key in self.open:
                raise Refusal(
                    "E003",
                    LOOPING_ALIAS,
                    node,
                    alias=True,
                )
            reused = self.built[key]
            if depth - 1 + self._height(reused) > MAX_DEPTH:
                self._too_deep(node, alias=True)
            return reused
        if depth > MAX_DEPTH:
            self._too_deep(node)
        self.open.add(key)
        if kind is MappingNode:
            made: Any = self._mapping(node, depth)
        elif kind is SequenceNode and node.tag == _SEQ:
            made = self.built[key] = []
            size = 1 + len(node.value)
            for index, item in enumerate(node.value):
                try:
                    made.append(self.value(item, depth + 1))
                except Refusal as refusal:
                    refusal.tokens.append(str(index))
                    raise
                size += self.sizes.get(id(item), 0)
            self._sized(node, size)
        else:
            raise Fallback
        self.open.discard(key)
        return made

    def _mapping(self, node: yaml.Node, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            raise Fallback
        made: dict[str, Any] = {}
        self.built[id(node)] = made
        size = 1 + len(node.value)
        for key_node, value_node in node.value:
            name = self._name(key_node, node)
            if name in made:
                self._repeated(name, key_node, node)
            try:
                made[name] = self.value(value_node, depth + 1)
            except Refusal as refusal:
                refusal.tokens.append(escape_pointer_token(name))
                if refusal.unplaced_alias:
                    refusal.place(key_node)
                    refusal.unplaced_alias = False
                raise
            size += self.sizes.get(id(value_node), 0)
        self._sized(node, size)
        return made

    def _name(self, key_node: yaml.Node, mapping: yaml.Node) -> str:
        """A key as a JSON name: YAML's `200:` or `true:` key becomes "200" / "True"."""
        if key_node.__class__ is not ScalarNode:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                mapping.start_mark,
                "found unhashable key",
                key_node.start_mark,
            )
        if key_node.tag == _STR:
            return str(key_node.value)
        if key_node.tag in _RARE_KEYS:
            raise Fallback
        return str(self.loader.construct_object(key_node, deep=True))

    def _repeated(self, name: str, key_node: yaml.Node, mapping: yaml.Node) -> None:
        """The same key twice: YAML keeps the last, as PyYAML does, unless two different
        keys (`1` and `"1"`) became one name, which would lose a value silently."""
        for other, _ in mapping.value:
            if other is key_node:
                return
            if other.tag != key_node.tag and self._name(other, mapping) == name:
                raise Refusal(
                    "E003",
                    f"two keys of one mapping are both the name {name!r}",
                    key_node,
                )

    def _too_deep(self, node: yaml.Node, *, alias: bool = False) -> None:
        raise Refusal(
            "E006",
            TOO_DEEP,
            node,
            alias=alias,
        )

    def _height(self, value: Any) -> int:
        """How many collections deep a value built before goes (aliases only: an alias
        placed deeper than its anchor makes the document deeper than the text looks)."""
        if not isinstance(value, dict | list):
            return 0
        known = self.heights.get(id(value))
        if known is None:
            items = value.values() if isinstance(value, dict) else value
            known = 1 + max((self._height(item) for item in items), default=0)
            self.heights[id(value)] = known
        return known

    def _sized(self, node: yaml.Node, size: int) -> None:
        if size > MAX_NODES:
            raise Refusal(
                "E005",
                TOO_BIG,
                node,
            )
        self.sizes[id(node)] = size
