"""Stage 3, resolve: follow `$ref`s inside the spec and to sibling files in the spec's folder.

Nothing remote, nothing outside the folder that holds the root spec. Documents are loaded once
and cached; refs are followed lazily by the IR builder, so forward and circular references need
no placeholders: a ref to a named schema becomes a reference by name, never an inlined copy.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .diagnostics import (
    Diagnostic,
    SpecError,
    join_pointer,
    unescape_pointer_token,
)
from .loader import Document, load_document


@dataclass(frozen=True)
class Located:
    """A node of some document together with where it lives (for names and diagnostics)."""

    node: Any
    doc: Document
    pointer: str


class Resolver:
    def __init__(self, root: Document) -> None:
        self.root = root
        self.base = root.path.resolve().parent
        self._docs: dict[Path, Document] = {root.path.resolve(): root}

    def document_for(self, ref_file: str, origin: Document, pointer: str) -> Document:
        """The document a ref's file part names, relative to the referring document."""
        if "://" in ref_file or ref_file.startswith("//"):
            raise SpecError(
                [
                    origin.diagnostic(
                        "E031", f"remote $ref '{ref_file}' is not allowed", pointer
                    )
                ]
            )
        target = (origin.path.resolve().parent / unquote(ref_file)).resolve()
        if not target.is_relative_to(self.base):
            raise SpecError(
                [
                    origin.diagnostic(
                        "E032",
                        f"$ref '{ref_file}' points outside the spec's folder",
                        pointer,
                    )
                ]
            )
        if target not in self._docs:
            shown = str(Path(origin.display).parent / ref_file)
            self._docs[target] = load_document(target, shown)
        return self._docs[target]

    def lookup(self, ref: str, origin: Document, pointer: str) -> Located:
        """Resolve one `$ref` string (without following a ref found at the target)."""
        file_part, _, fragment = ref.partition("#")
        doc = self.document_for(file_part, origin, pointer) if file_part else origin
        node: Any = doc.data
        fragment = unquote(fragment)
        tokens = fragment.split("/")[1:] if fragment else []
        for raw in tokens:
            token = unescape_pointer_token(raw)
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise SpecError(
                    [
                        origin.diagnostic(
                            "E030", f"$ref '{ref}' does not resolve", pointer + "/$ref"
                        )
                    ]
                )
        return Located(node, doc, fragment)

    def follow(self, located: Located) -> Located:
        """Follow a chain of `$ref`s to a node that is not itself a ref."""
        seen: set[tuple[Path, str]] = set()
        current = located
        while isinstance(current.node, dict) and isinstance(
            current.node.get("$ref"), str
        ):
            key = (current.doc.path, current.pointer)
            if key in seen:
                raise SpecError(
                    [
                        located.doc.diagnostic(
                            "E033",
                            "circular $ref chain with no schema in it",
                            located.pointer,
                        )
                    ]
                )
            seen.add(key)
            current = self.lookup(current.node["$ref"], current.doc, current.pointer)
        return current


def _ref_sites(doc: Document) -> Iterator[tuple[dict[str, Any], str]]:
    """(mapping holding a `$ref`, its pointer) for every `$ref` in a document.

    Example values and vendor extensions are data, not references: they are skipped.
    """
    stack: list[tuple[Any, str]] = [(doc.data, "")]
    seen: set[int] = set()
    while stack:
        node, pointer = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node, pointer
            for key, value in node.items():
                key = str(key)
                if key in ("example", "examples") or key.startswith("x-"):
                    continue
                if isinstance(value, dict | list):
                    stack.append((value, join_pointer(pointer, key)))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, dict | list):
                    stack.append((value, join_pointer(pointer, index)))


def check_refs(resolver: Resolver) -> list[Diagnostic]:
    """Resolve every `$ref` of the spec (and of the files it refers to); report all failures."""
    found: list[Diagnostic] = []
    done: set[Path] = set()
    queue = [resolver.root]
    while queue:
        doc = queue.pop()
        if doc.path.resolve() in done:
            continue
        done.add(doc.path.resolve())
        for node, pointer in sorted(_ref_sites(doc), key=lambda site: site[1]):
            try:
                target = resolver.follow(Located(node, doc, pointer))
            except SpecError as exc:
                found.extend(d for d in exc.diagnostics if d not in found)
                continue
            if target.doc.path.resolve() not in done:
                queue.append(target.doc)
    return found
