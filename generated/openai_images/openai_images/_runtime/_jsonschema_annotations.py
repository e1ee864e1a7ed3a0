"""Annotations for `unevaluatedProperties` / `unevaluatedItems`: for a value a schema
accepts, which property names or item indices it (and the subschemas it applies) evaluated.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

from ._jsonschema_linker import _Linker
from ._jsonschema_patterns import _regex, _search
from ._jsonschema_values import (
    _Check,
    _Collect,
    _Loc,
    _Path,  # noqa: F401  (see _jsonschema_values: resolves _Check's hints)
)


class _Annotations(_Linker):
    """Builds a collector per schema location, each once (a loop binds late and guards)."""

    def __init__(self, document: object, d30: bool, identified: bool = True) -> None:
        super().__init__(document, d30, identified)
        self.collectors: dict[tuple[_Loc, str], _Collect] = {}
        self.collecting: dict[tuple[_Loc, str], list[_Collect]] = {}

    def props_collector(self, loc: _Loc, node: object, own: bool = True) -> _Collect:
        """Which property names the schema at `loc` evaluates, for a value it accepts."""
        return self._collector(loc, node, own, "props")

    def items_collector(self, loc: _Loc, node: object, own: bool = True) -> _Collect:
        """Which item indices the schema at `loc` evaluates, for a value it accepts."""
        return self._collector(loc, node, own, "items")

    def _collector(self, loc: _Loc, node: object, own: bool, what: str) -> _Collect:
        key = (loc, what)
        if own:
            done = self.collectors.get(key)
            if done is not None:
                return done
            slot = self.collecting.get(key)
            if slot is not None:
                return self._guarded_collector(slot, loc)
            slot = [_nothing]
            self.collecting[key] = slot
            try:
                built = self._build_collector(loc, node, own, what)
            finally:
                del self.collecting[key]
            slot[0] = built
            self.collectors[key] = built
            return built
        return self._build_collector(loc, node, own, what)

    def _guarded_collector(self, slot: list[_Collect], loc: _Loc) -> _Collect:
        local = self.local

        def guarded(value: Any) -> set[Any]:
            active: set[tuple[int, _Loc]] | None = getattr(local, "collecting", None)
            if active is None:
                active = local.collecting = set()
            key = (id(value), loc)
            if key in active:
                return set()
            active.add(key)
            try:
                return slot[0](value)
            finally:
                active.discard(key)

        return guarded

    def _build_collector(
        self, loc: _Loc, node: object, own: bool, what: str
    ) -> _Collect:
        if not isinstance(node, Mapping):
            return _nothing
        parts: list[_Collect] = []
        every = _all_keys if what == "props" else _all_indices
        if what == "props":
            if (
                own and "unevaluatedProperties" in node
            ) or "additionalProperties" in node:
                return every
            names = node.get("properties")
            if isinstance(names, Mapping) and names:
                parts.append(_named(frozenset(names)))
            patterns = node.get("patternProperties")
            if isinstance(patterns, Mapping) and patterns:
                regexes = tuple(r for r in map(_regex, patterns) if r is not None)
                parts.append(_matching(regexes))
        else:
            if (own and "unevaluatedItems" in node) or isinstance(
                node.get("items"), Mapping | bool
            ):
                return every
            prefix = node.get("prefixItems")
            if isinstance(prefix, list) and prefix:
                parts.append(_leading(len(prefix)))
            if "contains" in node:
                parts.append(_containing(self._child((*loc, "contains"), True)))
        ref = node.get("$ref")
        if isinstance(ref, str):
            target = self.resolve(self.base_of(loc), ref)
            parts.append(self._collector(target, self.node_at(target), True, what))
        dynamic = node.get("$dynamicRef")
        if isinstance(dynamic, str):
            target, by_resource = self.dynamic_targets(loc, dynamic)
            static = self._collector(target, self.node_at(target), True, what)
            candidates = {
                uri: self._collector(where, self.node_at(where), True, what)
                for uri, where in by_resource.items()
            }
            parts.append(_dynamic_collector(self.local, static, candidates))
        members = node.get("allOf")
        if isinstance(members, list):
            for i, member in enumerate(members):
                parts.append(
                    self._collector((*loc, "allOf", str(i)), member, True, what)
                )
        for key in ("anyOf", "oneOf"):
            members = node.get(key)
            if isinstance(members, list):
                pairs = tuple(
                    (
                        self.check_at((*loc, key, str(i))),
                        self._collector((*loc, key, str(i)), member, True, what),
                    )
                    for i, member in enumerate(members)
                )
                parts.append(_when_valid(pairs))
        if "if" in node:
            parts.append(
                _conditional(
                    self.check_at((*loc, "if")),
                    self._collector((*loc, "if"), node["if"], True, what),
                    self._collector((*loc, "then"), node.get("then"), True, what),
                    self._collector((*loc, "else"), node.get("else"), True, what),
                )
            )
        dependent = node.get("dependentSchemas")
        if what == "props" and isinstance(dependent, Mapping):
            by_name = {
                name: self._collector((*loc, "dependentSchemas", name), sub, True, what)
                for name, sub in dependent.items()
            }
            parts.append(_present(by_name))
        parts = [p for p in parts if p is not _nothing]
        if not parts:
            return _nothing
        if len(parts) == 1:
            return parts[0]
        return _union(tuple(parts))


def _nothing(value: Any) -> set[Any]:
    return set()


def _all_keys(value: Any) -> set[Any]:
    return set(value)


def _all_indices(value: Any) -> set[Any]:
    return set(range(len(value)))


def _named(names: frozenset[str]) -> _Collect:
    def named(value: Any) -> set[Any]:
        return {key for key in value if key in names}

    return named


def _matching(regexes: tuple[re.Pattern[str], ...]) -> _Collect:
    def matching(value: Any) -> set[Any]:
        return {key for key in value if any(_search(r, key) for r in regexes)}

    return matching


def _leading(count: int) -> _Collect:
    def leading(value: Any) -> set[Any]:
        return set(range(min(count, len(value))))

    return leading


def _containing(check: _Check) -> _Collect:
    def containing(value: Any) -> set[Any]:
        return {i for i, item in enumerate(value) if check(item, "", None)}

    return containing


def _when_valid(pairs: tuple[tuple[_Check, _Collect], ...]) -> _Collect:
    def when_valid(value: Any) -> set[Any]:
        out: set[Any] = set()
        for check, collect in pairs:
            if check(value, "", None):
                out |= collect(value)
        return out

    return when_valid


def _conditional(
    condition: _Check, if_: _Collect, then: _Collect, otherwise: _Collect
) -> _Collect:
    def conditional(value: Any) -> set[Any]:
        if condition(value, "", None):
            return if_(value) | then(value)
        return otherwise(value)

    return conditional


def _present(by_name: dict[str, _Collect]) -> _Collect:
    def present(value: Any) -> set[Any]:
        out: set[Any] = set()
        for name, collect in by_name.items():
            if name in value:
                out |= collect(value)
        return out

    return present


def _union(parts: tuple[_Collect, ...]) -> _Collect:
    def union(value: Any) -> set[Any]:
        out: set[Any] = set()
        for part in parts:
            out |= part(value)
        return out

    return union


def _dynamic_collector(
    local: threading.local, static: _Collect, candidates: dict[str, _Collect]
) -> _Collect:
    def dynamic(value: Any) -> set[Any]:
        for uri in getattr(local, "scope", ()):
            collect = candidates.get(uri)
            if collect is not None:
                return collect(value)
        return static(value)

    return dynamic
