"""Where a spec's operations are: path items and operations with their `$ref`s followed.

Split specs put a path item in a file of its own (`/pets: {$ref: paths/pets.yaml}`, as
OpenAPI allows) and, in the Redocly style, each operation too (`get: {$ref:
resources/pets/list.yml}`, which OpenAPI does not define but real specs use). Every stage
that reads operations (the checks, the IR, pagination) walks them here, so each sees the
same nodes, each located in the file that holds it; a relative `$ref` inside one resolves
against that file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..diagnostics import SpecError, join_pointer
from .loader import Document
from .resolve import Located, Resolver

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class OperationSite:
    """One operation: its path template, method (lower case), path item and node, both
    with refs followed (the node may still be something other than a mapping)."""

    path: str
    method: str
    item: Located
    op: Located


def deref(resolver: Resolver, located: Located, *, tolerant: bool) -> Located | None:
    """`located` with its chain of `$ref`s followed; a broken chain raises SpecError, or
    gives None when `tolerant` (the checks, whose `check_refs` reports it once)."""
    try:
        return resolver.follow(located)
    except SpecError:
        if tolerant:
            return None
        raise


def path_items(
    resolver: Resolver, root: Document, *, tolerant: bool = False
) -> Iterator[tuple[str, Located]]:
    """(path template, path item with its `$ref` followed) in spec order."""
    paths = root.data.get("paths") if isinstance(root.data, dict) else None
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        located = Located(item, root, join_pointer("/paths", str(path)))
        found = deref(resolver, located, tolerant=tolerant)
        if found is not None:
            yield str(path), found


def item_operations(
    resolver: Resolver, item: Located, *, tolerant: bool = False
) -> Iterator[tuple[str, Located]]:
    """(method, operation with its `$ref` followed) of one path item, in HTTP_METHODS
    order; only the methods the item has."""
    if not isinstance(item.node, dict):
        return
    for method in HTTP_METHODS:
        if method not in item.node:
            continue
        located = Located(
            item.node[method], item.doc, join_pointer(item.pointer, method)
        )
        found = deref(resolver, located, tolerant=tolerant)
        if found is not None:
            yield method, found


def operation_sites(
    resolver: Resolver, *, tolerant: bool = False
) -> Iterator[OperationSite]:
    """Every operation of the spec whose path item is a mapping, in spec order."""
    for path, item in path_items(resolver, resolver.root, tolerant=tolerant):
        for method, op in item_operations(resolver, item, tolerant=tolerant):
            yield OperationSite(path, method, item, op)


def operation_at(resolver: Resolver, path: str, method: str) -> Located | None:
    """The operation node of `method` (lower case) at `path`, refs followed; None when the
    spec has no such operation mapping."""
    paths = resolver.root.data.get("paths")
    if not isinstance(paths, dict) or path not in paths:
        return None
    item = resolver.follow(
        Located(paths[path], resolver.root, join_pointer("/paths", path))
    )
    for found, op in item_operations(resolver, item):
        if found == method and isinstance(op.node, dict):
            return op
    return None
