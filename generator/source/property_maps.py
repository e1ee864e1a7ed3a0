"""`properties: {$ref: props.yaml}`: a schema's whole map of properties kept in another
place, as split specs do. JSON Schema has no such reference (a `$ref` stands for a schema,
not for a map of them), so every later stage would read a property called `$ref`; instead,
each such map is copied in where it is referred to, once, when its document is loaded.

The copy keeps meaning what it meant where it was written: its `$ref`s are rewritten to
resolve from the referring file, and its nodes stay located in the file that holds them
(the referring document's `Provenance` says so), so a diagnostic about a property points at
the line in props.yaml.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from ..diagnostics import Diagnostic, SpecError, join_pointer
from .loader import Document
from .provenance import Origin, Provenance, tokens_of
from .ref_sites import DATA_KEYWORDS, NAME_MAPS
from .uris import has_scheme

# `properties`, then (maybe after a `{`, quotes or a line break) `$ref` as its first key
_MAP_REF = re.compile(r"""properties["']?\s*:\s*\{?\s*["']?\$ref""")

Follow = Callable[[str, Document, str], tuple[Any, Document, str]]


def map_ref_sites(doc: Document) -> Iterator[tuple[dict[str, Any], str]]:
    """(schema, its pointer) for every schema whose `properties` is a `$ref`."""
    if doc.provenance is None and not _MAP_REF.search(doc.source.text):
        return  # an overlay may have written one: a spec with overlays is searched
    stack: list[tuple[Any, str, bool]] = [(doc.data, "", False)]
    seen: set[int] = set()
    while stack:
        node, pointer, named = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            stack.extend(
                (v, join_pointer(pointer, i), False)
                for i, v in enumerate(node)
                if isinstance(v, dict | list)
            )
            continue
        if not isinstance(node, dict):
            continue
        if not named and is_map_ref(node.get("properties")):
            yield node, pointer
        for key, value in node.items():
            key = str(key)
            if not named and (key in DATA_KEYWORDS or key.startswith("x-")):
                continue
            if isinstance(value, dict | list):
                names = not named and key in NAME_MAPS and isinstance(value, dict)
                stack.append((value, join_pointer(pointer, key), names))


def is_map_ref(value: Any) -> bool:
    """Whether a `properties` value is a reference to a map (no property is called
    `$ref` with a string for its schema)."""
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)


def inline_property_maps(doc: Document, follow: Follow) -> list[Diagnostic]:
    """Replace each `properties: {$ref}` of `doc` by a copy of the map it names; `follow`
    resolves a reference (raising SpecError). Returns the references that do not resolve
    (each left as it is)."""
    problems: list[Diagnostic] = []
    for schema, pointer in list(map_ref_sites(doc)):
        at = join_pointer(pointer, "properties")
        ref = schema["properties"]["$ref"]
        try:
            node, target_doc, target_ptr = follow(ref, doc, at)
        except SpecError as exc:
            problems.extend(exc.diagnostics)
            continue
        if not isinstance(node, dict) or is_map_ref(node):
            problems.append(
                doc.diagnostic(
                    "E040",
                    f"properties $ref '{ref}' must name a mapping of property names "
                    "to schemas",
                    at + "/$ref",
                )
            )
            continue
        schema["properties"] = _rebased(node, target_doc, doc)
        if doc.provenance is None:
            doc.provenance = Provenance(Origin(doc.source, doc.display, ""))
        origin = (
            target_doc.provenance.origin(target_ptr)
            if target_doc.provenance is not None
            else Origin(target_doc.source, target_doc.display, target_ptr)
        )
        doc.provenance.assign(tokens_of(at), origin)
    return problems


def _rebased(node: Any, source: Document, into: Document, named: bool = True) -> Any:
    """A copy of `node` (written in `source`) whose references resolve from `into`;
    `named`: the keys of `node` are names (of properties, ...), not keywords."""
    if source is into:
        return node
    if isinstance(node, list):
        return [_rebased(v, source, into, False) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[Any, Any] = {}
    for key, value in node.items():
        word = str(key)
        if not named and word in ("$ref", "$dynamicRef") and isinstance(value, str):
            out[key] = rebase_ref(value, source.path, into.path)
        elif not named and (word in DATA_KEYWORDS or word.startswith("x-")):
            out[key] = value
        else:
            names = not named and word in NAME_MAPS and isinstance(value, dict)
            out[key] = _rebased(value, source, into, names)
    return out


def rebase_ref(ref: str, source: Path, into: Path) -> str:
    """A reference written in file `source`, as written in file `into` (same target)."""
    if has_scheme(ref) or ref.startswith("//"):
        return ref
    file_part, hash_mark, fragment = ref.partition("#")
    target = source.resolve().parent / unquote(file_part) if file_part else source
    target = target.resolve()
    if target == into.resolve():
        return hash_mark + fragment if hash_mark else "#"
    relative = Path(os.path.relpath(target, into.resolve().parent)).as_posix()
    return quote(relative) + hash_mark + fragment
