"""Reading a spec's JSON Schemas for the differential test, independently of specgen.

The payload generator must not reuse specgen's own schema code (it would share its bugs), so
this module has its own small reader: `$ref` across files (relative to the document that
holds the reference), `allOf` folded into one view, `oneOf`/`anyOf` kept as alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the C loader reads the 2023 OpenAI spec several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")

# Keywords whose tightest value wins when several allOf parts give them.
_LOWER_BOUNDS = ("minLength", "minItems", "minimum")
_UPPER_BOUNDS = ("maxLength", "maxItems", "maximum")
_FIRST_WINS = (
    "format",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "uniqueItems",
)


@dataclass(frozen=True)
class Node:
    """A schema and the document its local `$ref`s resolve in."""

    raw: Any
    doc: Path


@dataclass
class View:
    """What a schema asks of a value, with `$ref` followed and `allOf` folded in.

    `types` None means "any JSON type". `additional` is None when additionalProperties is
    absent or true, False when it is false, a Node when it is a (non-empty) schema.
    """

    types: frozenset[str] | None = None
    nullable: bool = False
    enum: tuple[Any, ...] | None = None
    has_const: bool = False
    const: Any = None
    properties: dict[str, Node] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    additional: Node | bool | None = None
    items: Node | None = None
    branches: tuple[Node, ...] = ()
    keywords: dict[str, Any] = field(default_factory=dict)
    patterns: tuple[str, ...] = ()

    @property
    def format(self) -> str | None:
        fmt = self.keywords.get("format")
        return fmt if isinstance(fmt, str) else None

    @property
    def is_object(self) -> bool:
        return self.types is not None and "object" in self.types and not self.branches


class Docs:
    """The documents of one spec, loaded once each."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._docs: dict[Path, Any] = {}
        self._views: dict[tuple[int, Path], View] = {}

    def load(self, path: Path) -> Any:
        path = path.resolve()
        if path not in self._docs:
            with path.open("r", encoding="utf-8") as handle:
                self._docs[path] = yaml.load(handle, Loader=_Loader)
        return self._docs[path]

    @property
    def spec(self) -> dict[str, Any]:
        data = self.load(self.root)
        assert isinstance(data, dict)
        return data

    def component_schemas(self) -> dict[str, Node]:
        schemas = (self.spec.get("components") or {}).get("schemas") or {}
        return {str(k): Node(v, self.root) for k, v in schemas.items()}

    def lookup(self, ref: str, base: Path) -> Node:
        file_part, _, fragment = ref.partition("#")
        doc_path = (base.parent / file_part).resolve() if file_part else base
        node: Any = self.load(doc_path)
        for token in fragment.split("/")[1:] if fragment else []:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        return Node(node, doc_path)

    # -- views -------------------------------------------------------------------------------

    def view(self, node: Node) -> View:
        key = (id(node.raw), node.doc)
        cached = self._views.get(key)
        if cached is None:
            acc = _Acc()
            self._fold(node, acc, 0)
            cached = acc.freeze()
            self._views[key] = cached
        return cached

    def _fold(self, node: Node, acc: _Acc, depth: int) -> None:
        raw = node.raw
        if depth > 50:
            raise RecursionError(f"$ref/allOf chain too deep at {raw!r:.80}")
        if not isinstance(raw, dict):
            return  # true / {} / None: no constraint
        if isinstance(raw.get("$ref"), str):
            self._fold(self.lookup(raw["$ref"], node.doc), acc, depth + 1)
        for part in raw.get("allOf") or []:
            self._fold(Node(part, node.doc), acc, depth + 1)
        for key in ("oneOf", "anyOf"):
            if isinstance(raw.get(key), list) and not acc.branches:
                # Each alternative carries the keywords written beside the oneOf, since a
                # value must satisfy both (e.g. `nullable`, `properties` next to `oneOf`).
                siblings = {
                    k: v for k, v in raw.items() if k not in ("oneOf", "anyOf", "$ref")
                }
                parts = list(siblings.pop("allOf", None) or [])
                acc.branches = [
                    Node({**siblings, "allOf": [*parts, branch]}, node.doc)
                    for branch in raw[key]
                ]
        declared = raw.get("type")
        if isinstance(declared, str | list):
            types = (
                {declared} if isinstance(declared, str) else {str(t) for t in declared}
            )
            acc.types = types if acc.types is None else acc.types & types
        if raw.get("nullable") is True:
            acc.nullable = True
        if isinstance(raw.get("enum"), list) and acc.enum is None:
            acc.enum = tuple(raw["enum"])
        if "const" in raw and not acc.has_const:
            acc.has_const, acc.const = True, raw["const"]
        for name, sub in (raw.get("properties") or {}).items():
            acc.properties[str(name)] = Node(sub, node.doc)
        for name in raw.get("required") or []:
            if isinstance(name, str) and name not in acc.required:
                acc.required.append(name)
        if "additionalProperties" in raw:
            extra = raw["additionalProperties"]
            if extra is False:
                acc.additional = False
            elif isinstance(extra, dict) and extra and acc.additional is not False:
                acc.additional = Node(extra, node.doc)
        if "items" in raw and acc.items is None and isinstance(raw["items"], dict):
            acc.items = Node(raw["items"], node.doc)
        if isinstance(raw.get("pattern"), str):
            acc.patterns.append(raw["pattern"])
        for key in _LOWER_BOUNDS:
            if _is_number(raw.get(key)):
                old = acc.keywords.get(key)
                acc.keywords[key] = raw[key] if old is None else max(old, raw[key])
        for key in _UPPER_BOUNDS:
            if _is_number(raw.get(key)):
                old = acc.keywords.get(key)
                acc.keywords[key] = raw[key] if old is None else min(old, raw[key])
        for key in _FIRST_WINS:
            if key in raw:
                acc.keywords.setdefault(key, raw[key])


@dataclass
class _Acc:
    types: set[str] | None = None
    nullable: bool = False
    enum: tuple[Any, ...] | None = None
    has_const: bool = False
    const: Any = None
    properties: dict[str, Node] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    additional: Node | bool | None = None
    items: Node | None = None
    branches: list[Node] = field(default_factory=list)
    keywords: dict[str, Any] = field(default_factory=dict)
    patterns: list[str] = field(default_factory=list)

    def freeze(self) -> View:
        types = self.types
        if (
            types is None
            and not self.branches
            and self.enum is None
            and not self.has_const
        ):
            # No `type`: infer it from the keywords that only make sense for one kind, as
            # both generators do (a `properties` schema becomes a model).
            if self.properties or self.required or self.additional is not None:
                types = {"object"}
            elif self.items is not None:
                types = {"array"}
        if types is not None and "null" in types:
            self.nullable = True
            types = types - {"null"}
        return View(
            types=frozenset(types) if types is not None else None,
            nullable=self.nullable,
            enum=self.enum,
            has_const=self.has_const,
            const=self.const,
            properties=dict(self.properties),
            required=tuple(self.required),
            additional=self.additional,
            items=self.items,
            branches=tuple(self.branches),
            keywords=dict(self.keywords),
            patterns=tuple(self.patterns),
        )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def json_type(value: Any) -> str:
    """The JSON Schema type of a Python value (integral floats count as integers)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "unknown"


def admitted_types(docs: Docs, node: Node, _depth: int = 0) -> frozenset[str] | None:
    """The JSON types a schema can accept at all; None means any.

    "integer" is admitted wherever "number" is (every integer is a number).
    """
    view = docs.view(node)
    if view.branches:
        found: set[str] = set()
        for branch in view.branches:
            sub = admitted_types(docs, branch, _depth + 1) if _depth < 20 else None
            if sub is None:
                return None
            found |= sub
        return frozenset(found | ({"null"} if view.nullable else set()))
    if view.has_const:
        return frozenset({json_type(view.const)})
    if view.enum is not None:
        return frozenset(json_type(v) for v in view.enum) | (
            {"null"} if view.nullable else set()
        )
    if view.types is None:
        return None
    out = set(view.types)
    if "number" in out:
        out.add("integer")
    if view.nullable:
        out.add("null")
    return frozenset(out)


def admits_null(docs: Docs, node: Node) -> bool:
    types = admitted_types(docs, node)
    return types is None or "null" in types
