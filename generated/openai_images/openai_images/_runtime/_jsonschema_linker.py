"""Each schema location compiled once, on first use, and shared: a loop back to a schema
still being compiled binds late (and guards itself when it never moves into the instance);
`$ref` and `$dynamicRef` become checks, the latter through the dynamic scope.
"""

from __future__ import annotations

import threading
from typing import Any

from ._jsonschema_refs import _Document
from ._jsonschema_values import _Check, _Errors, _Loc, _Path, _true


class _Linker(_Document):
    """Compiled checks by location; `_build` (the compiler's) makes a location's check."""

    def __init__(self, document: object, d30: bool, identified: bool = True) -> None:
        super().__init__(document, d30, identified)
        self.checks: dict[_Loc, _Check] = {}
        self.pending: dict[_Loc, tuple[list[_Check], int]] = {}
        self.descents = 0  # instance-descending keywords on the current compile stack
        self.local = threading.local()

    def _build(self, loc: _Loc, node: object) -> _Check:
        """The check of the schema `node` at `loc` (the compiler, a subclass, builds it)."""
        raise NotImplementedError

    def entry(self, pointer: str) -> _Check:
        loc = self.resolve(self.resource_at[()], pointer)
        return self._entered(loc, self.check_at(loc))

    # -- the dynamic scope (only for documents that use $dynamicRef) --

    def _entered(self, loc: _Loc, check: _Check) -> _Check:
        """`check`, run with its schema resource on the dynamic scope."""
        if not self.dynamic or loc in self.resource_at:
            return check  # a resource's own check enters it (see check_at)
        return self._scoped(check, self.base_of(loc))

    def _scoped(self, check: _Check, uri: str) -> _Check:
        local = self.local

        def scoped(value: Any, path: _Path, errors: _Errors) -> bool:
            scope: list[str] | None = getattr(local, "scope", None)
            if scope is None:
                scope = local.scope = []
            scope.append(uri)
            try:
                return check(value, path, errors)
            finally:
                scope.pop()

        return scoped

    def _dynamic_ref(self, loc: _Loc, ref: str) -> _Check:
        target, by_resource = self.dynamic_targets(loc, ref)
        static = self._entered(target, self.check_at(target))
        if not by_resource:
            return static
        candidates = {
            uri: self._entered(where, self.check_at(where))
            for uri, where in by_resource.items()
        }
        local = self.local

        def dynamic_ref(value: Any, path: _Path, errors: _Errors) -> bool:
            for uri in getattr(local, "scope", ()):
                check = candidates.get(uri)
                if check is not None:
                    return check(value, path, errors)
            return static(value, path, errors)

        return dynamic_ref

    # -- checks --

    def check_at(self, loc: _Loc) -> _Check:
        """The compiled check of the schema at `loc`; a loop back to a schema still being
        compiled binds late, and guards itself if it never moved into the instance."""
        done = self.checks.get(loc)
        if done is not None:
            return done
        waiting = self.pending.get(loc)
        if waiting is not None:
            slot, depth = waiting
            if depth == self.descents:
                return self._guarded(slot, loc)

            def later(value: Any, path: _Path, errors: _Errors) -> bool:
                return slot[0](value, path, errors)

            return later
        slot = [_true]
        self.pending[loc] = (slot, self.descents)
        try:
            run = self._build(loc, self.node_at(loc))
        finally:
            del self.pending[loc]
        if self.dynamic and loc in self.resource_at:
            run = self._scoped(run, self.resource_at[loc])
        slot[0] = run
        self.checks[loc] = run
        return run

    def _guarded(self, slot: list[_Check], loc: _Loc) -> _Check:
        local = self.local

        def guarded(value: Any, path: _Path, errors: _Errors) -> bool:
            active: set[tuple[int, _Loc]] | None = getattr(local, "active", None)
            if active is None:
                active = local.active = set()
            key = (id(value), loc)
            if key in active:
                return True  # the same schema on the same value: already being checked
            active.add(key)
            try:
                return slot[0](value, path, errors)
            finally:
                active.discard(key)

        return guarded

    def _child(self, loc: _Loc, descends: bool) -> _Check:
        if not descends:
            return self.check_at(loc)
        self.descents += 1
        try:
            return self.check_at(loc)
        finally:
            self.descents -= 1

    def _ref(self, loc: _Loc, ref: str) -> _Check:
        target = self.resolve(self.base_of(loc), ref)
        return self._entered(target, self.check_at(target))
