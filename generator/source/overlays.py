"""Stage 1b: apply OpenAPI Overlay 1.0 documents to a loaded spec, before validation.

Overlays apply in the order given, each action in order, each to the document as the earlier
ones left it (Overlay Specification 1.0.0). An action's `target` (RFC 9535 JSONPath) selects
objects and arrays:

- `update` on an object is merged into it, recursively: a property only in the update is
  added; an object merges into an object; an array's items are appended to an array; any
  other value (string, number, boolean, null) replaces any other value; other pairs (an
  object onto a string, ...) cannot merge (E063).
- `update` on an array is appended to it as one item; an array's items are appended one by
  one (as Overlay 1.1 says and tools do: OpenAPI has no arrays of arrays to append to).
- `remove: true` removes each selected node from the object or array that holds it.

A selected string, number, boolean or null is an error (1.0.0: "the result of the target
JSONPath expression MUST be zero or more objects or arrays"), as is removing the root; a target
that selects nothing is a warning (W111). The values written are copies of the overlay's, and
a node the spec shares through YAML aliases is copied before it changes, so an action changes
exactly the nodes it selects. The document's `provenance` records which file wrote each node.

Integer mapping keys (YAML's unquoted `200:`) become strings first, as JSON has them, so that
`$.paths['/a'].get.responses['200']` selects what the spec means.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonpath_rfc9535

from ..diagnostics import (
    Diagnostic,
    Severity,
    SpecError,
    display_path,
    escape_pointer_token,
)
from ..diagnostics import join_pointer as _join
from .loader import Document, check_size
from .overlay_file import Action, Overlay, load_overlay
from .provenance import Origin, Provenance
from .yaml_tree import MAX_NODES

Key = str | int


def apply_overlays(spec: Document, paths: Sequence[Path]) -> list[Diagnostic]:
    """Apply the overlay files at `paths` to `spec` (in place); every problem, located."""
    found: list[Diagnostic] = []
    overlays: list[Overlay] = []
    for path in paths:
        overlay, problems = load_overlay(path, display_path(path))
        found += problems
        if overlay is not None:
            overlays.append(overlay)
    if not overlays:
        return found
    applier = _Applier(spec)
    for overlay in overlays:
        for action in overlay.actions:
            if not applier.apply(overlay.document, action, found):
                return found
    try:
        check_size(spec)
    except SpecError as exc:
        found += exc.diagnostics
    return found


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string" if isinstance(value, str) else f"a {type(value).__name__}"


def _pointer(location: Sequence[Key]) -> str:
    return _join("", *location)


def _tokens(location: Sequence[Key]) -> list[str]:
    return [escape_pointer_token(str(key)) for key in location]


def _order(location: tuple[Key, ...]) -> tuple[tuple[int, int, str], ...]:
    """Document order, numbers compared as numbers (for removing from the end first)."""
    return tuple(
        (0, key, "") if isinstance(key, int) else (1, 0, str(key)) for key in location
    )


class _TooBig(Exception):
    pass


class _Applier:
    """The spec's data being changed, with what is shared (YAML aliases) and who wrote what."""

    def __init__(self, spec: Document) -> None:
        self.spec = spec
        self.provenance = Provenance(Origin(spec.source, spec.display, ""))
        spec.provenance = self.provenance
        self.shared: set[int] = set()
        self.written = 0
        self._prepare(spec.data)

    def _prepare(self, root: Any) -> None:
        """Note the containers reachable twice; turn integer keys into strings, in place."""
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if any(type(k) is int for k in node):
                    items = [
                        (str(k) if type(k) is int else k, v) for k, v in node.items()
                    ]
                    if len({k for k, _ in items}) == len(items):
                        node.clear()
                        node.update(items)
                children = list(node.values())
            elif isinstance(node, list):
                children = node
            else:
                continue
            for child in children:
                if isinstance(child, dict | list):
                    if id(child) in seen:
                        self.shared.add(id(child))
                    else:
                        seen.add(id(child))
                        stack.append(child)

    # -- one action ----------------------------------------------------------------------

    def apply(self, overlay: Document, action: Action, found: list[Diagnostic]) -> bool:
        """Apply one action; False when the document grew too large to go on."""
        at_target = action.pointer + "/target"
        try:
            nodes = action.query.find(self.spec.data)
        except (jsonpath_rfc9535.JSONPathError, RecursionError, TypeError) as exc:
            # TypeError: YAML values JSON has not (a !!binary, a !!set) met by a filter
            found.append(
                overlay.diagnostic(
                    "E062",
                    f"target {action.target!r} cannot be evaluated: {exc}",
                    at_target,
                )
            )
            return True
        locations = list(dict.fromkeys(node.location for node in nodes))
        if not locations:
            found.append(
                overlay.diagnostic(
                    "W111",
                    f"target {action.target!r} selects nothing; the action changes nothing",
                    at_target,
                    Severity.WARNING,
                )
            )
            return True
        step = _Step(self, overlay, action, found)
        try:
            if action.remove:
                for location in sorted(locations, key=_order, reverse=True):
                    step.remove(location)
            else:
                for location in locations:
                    step.update(location)
            step.finish()
        except _TooBig:
            found.append(
                overlay.diagnostic(
                    "E005",
                    f"applying this action makes the document larger than {MAX_NODES:,} "
                    "nodes",
                    at_target,
                )
            )
            return False
        return True

    # -- copy on write -------------------------------------------------------------------

    def own(self, parent: Any, key: Key) -> Any:
        """`parent[key]`, first copied when the spec shares it (a YAML alias) elsewhere."""
        child = parent[key]
        if id(child) not in self.shared:
            return child
        copy: Any = dict(child) if isinstance(child, dict) else list(child)
        parent[key] = copy
        values = copy.values() if isinstance(copy, dict) else copy
        self.shared.update(id(v) for v in values if isinstance(v, dict | list))
        return copy

    def walk(self, location: Sequence[Key]) -> Any:
        node = self.spec.data
        for key in location:
            node = self.own(node, key)
        return node

    def copy(self, value: Any) -> Any:
        """A fresh tree of the overlay's value (nothing shared), integer keys as strings."""
        self.written += 1
        if self.written > MAX_NODES:
            raise _TooBig
        if isinstance(value, dict):
            return {
                (str(k) if type(k) is int else k): self.copy(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.copy(item) for item in value]
        return value


class _Step:
    """Applying one action to one selected node at a time."""

    def __init__(
        self,
        applier: _Applier,
        overlay: Document,
        action: Action,
        found: list[Diagnostic],
    ) -> None:
        self.applier = applier
        self.provenance = applier.provenance
        self.overlay = overlay
        self.action = action
        self.found = found
        self.update_pointer = action.pointer + "/update"
        self.refused: list[tuple[tuple[Key, ...], Any]] = []

    def error(self, message: str, pointer: str) -> None:
        self.found.append(self.overlay.diagnostic("E063", message, pointer))

    def origin(self, below: Sequence[Key] = ()) -> Origin:
        return Origin(
            self.overlay.source,
            self.overlay.display,
            _join(self.update_pointer, *below),
        )

    def refuse_primitive(self, location: tuple[Key, ...], value: Any) -> None:
        self.refused.append((location, value))

    def finish(self) -> None:
        """One error for every selected node that is neither an object nor an array."""
        if not self.refused:
            return
        location, value = min(self.refused, key=lambda item: _order(item[0]))
        more = len(self.refused) - 1
        others = (
            f" (and {more} more such node{'s' if more > 1 else ''})" if more else ""
        )
        self.error(
            f"target {self.action.target!r} selects {_kind(value)}, at spec pointer "
            f"{_pointer(location) or '/'}{others}; Overlay 1.0 actions apply to objects "
            "and arrays: select the object or array that holds it",
            self.action.pointer + "/target",
        )

    def remove(self, location: tuple[Key, ...]) -> None:
        if not location:
            self.error(
                "the target selects the whole document, which cannot be removed",
                self.action.pointer + "/target",
            )
            return
        parent = self.applier.walk(location[:-1])
        key = location[-1]
        if not isinstance(parent[key], dict | list):
            self.refuse_primitive(location, parent[key])
            return
        if isinstance(parent, list):
            assert isinstance(key, int)
            length = len(parent)
            del parent[key]
            self.provenance.remove_item(_tokens(location[:-1]), key, length)
        else:
            del parent[key]
            self.provenance.drop(_tokens(location))

    def update(self, location: tuple[Key, ...]) -> None:
        node = self.applier.walk(location)
        value = self.action.update
        if isinstance(node, list):
            if isinstance(value, list):
                items = [(item, self.origin((i,))) for i, item in enumerate(value)]
            else:
                items = [(value, self.origin())]
            self.append(node, location, items)
        elif isinstance(node, dict):
            if isinstance(value, dict):
                self.merge(node, location, value, ())
            else:
                self.error(
                    f"the target selects an object, at spec pointer "
                    f"{_pointer(location) or '/'}, so 'update' must be an object to "
                    f"merge into it, not {_kind(value)}",
                    self.update_pointer,
                )
        else:
            self.refuse_primitive(location, node)

    def append(
        self,
        array: list[Any],
        location: tuple[Key, ...],
        items: list[tuple[Any, Origin]],
    ) -> None:
        for value, origin in items:
            self.provenance.assign(_tokens((*location, len(array))), origin)
            array.append(self.applier.copy(value))

    def merge(
        self,
        target: dict[Any, Any],
        location: tuple[Key, ...],
        update: dict[Any, Any],
        below: tuple[Key, ...],
    ) -> None:
        """Merge `update` (the overlay's value at `below` under the action's update) into
        `target`, the object at `location`."""
        for written, value in update.items():
            key = str(written) if type(written) is int else written
            here, at = (*location, key), (*below, written)
            current = target.get(key, _ABSENT)
            if current is _ABSENT:
                self.provenance.assign(_tokens(here), self.origin(at))
                target[key] = self.applier.copy(value)
            elif isinstance(current, dict) and isinstance(value, dict):
                self.merge(self.applier.own(target, key), here, value, at)
            elif isinstance(current, list) and isinstance(value, list):
                items = [(item, self.origin((*at, i))) for i, item in enumerate(value)]
                self.append(self.applier.own(target, key), here, items)
            elif not isinstance(current, dict | list) and not isinstance(
                value, dict | list
            ):
                self.provenance.assign(_tokens(here), self.origin(at))
                target[key] = self.applier.copy(value)
            else:
                self.error(
                    f"cannot merge {_kind(value)} into {_kind(current)}, at spec pointer "
                    f"{_pointer(here)}: objects merge into objects, arrays are appended "
                    "to arrays, other values replace other values",
                    _join(self.update_pointer, *at),
                )


_ABSENT = object()
