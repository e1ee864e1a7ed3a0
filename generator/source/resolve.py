"""Stage 3, resolve: follow `$ref`s inside the spec and to sibling files in the spec's folder.

Nothing remote, nothing outside the folder that holds the root spec. Documents are loaded once
and cached; refs are followed lazily by the IR builder, so forward and circular references need
no placeholders: a ref to a named schema becomes a reference by name, never an inlined copy.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from ..diagnostics import (
    Diagnostic,
    SpecError,
    escape_pointer_token,
    join_pointer,
    sorted_diagnostics,
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
        try:
            target = (origin.path.resolve().parent / unquote(ref_file)).resolve()
        except ValueError:  # a NUL byte: no file can have that name
            raise SpecError(
                [
                    origin.diagnostic(
                        "E030",
                        f"$ref file {ref_file!r} is not a valid file name",
                        pointer + "/$ref",
                    )
                ]
            ) from None
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
        file_part, _, written = ref.partition("#")
        doc = self.document_for(file_part, origin, pointer) if file_part else origin
        fragment = unquote(written)
        tokens = [unescape_pointer_token(raw) for raw in fragment.split("/")[1:]]
        node, failed = _walk(doc.data, tokens)
        if failed is not None:
            message = f"$ref '{ref}' does not resolve"
            suggestion = _suggest(doc.data, tokens)
            if suggestion is not None:
                # tokens the user got right stay as written (percent-encoding included)
                raw = written.split("/")[1:]
                if len(raw) != len(tokens):
                    raw = [_written(token) for token in tokens]
                corrected = "".join(
                    "/" + (old if new == token else _written(new))
                    for old, token, new in zip(raw, tokens, suggestion, strict=True)
                )
                message += f"; did you mean '{file_part}#{corrected}'?"
            raise SpecError([origin.diagnostic("E030", message, pointer + "/$ref")])
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


def _step(node: Any, token: str) -> tuple[bool, Any]:
    """One JSON pointer step: (found, child)."""
    if isinstance(node, dict):
        if token in node:
            return True, node[token]
        return False, None
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return True, node[int(token)]
    return False, None


def _walk(node: Any, tokens: list[str]) -> tuple[Any, int | None]:
    """(target, None) when every token resolves, else (deepest node reached, failing index)."""
    for index, token in enumerate(tokens):
        found, child = _step(node, token)
        if not found:
            return node, index
        node = child
    return node, None


def _suggest(data: Any, tokens: list[str]) -> list[str] | None:
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


def _written(token: str) -> str:
    """A pointer token as a `$ref` spells it: `~` and `/` escaped; `%`, spaces and control
    characters percent-encoded so the ref reads back (refs are unquoted) as this token.
    """
    escaped = escape_pointer_token(token)
    return "".join(
        quote(ch) if ch == "%" or ch.isspace() or not ch.isprintable() else ch
        for ch in escaped
    )


# Values that are data, never references, in a spec object or schema: example values,
# allowed values and defaults (`enum: [{$ref: x}]` is an allowed object, not a $ref).
_DATA_KEYWORDS = frozenset({"example", "examples", "enum", "const", "default"})
# Mappings whose keys are names chosen by the spec's author (a property may be called
# `default`, a response is keyed `default`), so none of their keys is a keyword.
_NAME_MAPS = frozenset(
    {
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
        "schemas", "responses", "parameters", "requestBodies", "headers", "callbacks",
        "links", "pathItems", "securitySchemes", "content", "encoding", "paths",
        "webhooks",
    }
)  # fmt: skip


def _ref_sites(doc: Document) -> Iterator[tuple[dict[str, Any], str]]:
    """(mapping holding a `$ref`, its pointer) for every `$ref` in a document.

    Example values, allowed values, defaults and vendor extensions are data, not references:
    they are skipped (but a property or a response named like one of them is not).
    """
    stack: list[tuple[Any, str, bool]] = [(doc.data, "", False)]
    seen: set[tuple[int, bool]] = set()
    while stack:
        node, pointer, named = stack.pop()
        if (id(node), named) in seen:
            continue
        seen.add((id(node), named))
        if isinstance(node, dict):
            if not named and isinstance(node.get("$ref"), str):
                yield node, pointer
            for key, value in node.items():
                key = str(key)
                if not named and (key in _DATA_KEYWORDS or key.startswith("x-")):
                    continue
                if isinstance(value, dict | list):
                    names = not named and key in _NAME_MAPS and isinstance(value, dict)
                    stack.append((value, join_pointer(pointer, key), names))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, dict | list):
                    stack.append((value, join_pointer(pointer, index), False))


def check_refs(resolver: Resolver) -> tuple[Diagnostic, ...]:
    """Resolve every `$ref` of the spec (and of the files it refers to); report all failures."""
    found: set[Diagnostic] = set()  # chains share their broken links: report each once
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
                found.update(exc.diagnostics)
                continue
            if target.doc.path.resolve() not in done:
                queue.append(target.doc)
    return sorted_diagnostics(found)
