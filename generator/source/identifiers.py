"""Where a file's schemas declare identifiers (3.1): the `$id`s, `$anchor`s and
`$dynamicAnchor`s of every loaded file, indexed as the runtime's validator indexes them, and the
base URI at any place of a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..diagnostics import join_pointer
from .keywords import KEYWORDS, SUBSCHEMA, SUBSCHEMA_LIST, SUBSCHEMA_MAP
from .loader import Document
from .uris import join, split


class IdentifierIndex:
    """The identifiers of the files loaded so far (registered with `register`), by URI."""

    def __init__(self, base: Path, identifiers: bool) -> None:
        self.base = base  # the root spec's folder: file URIs are relative to it
        self.identifiers = identifiers  # whether the spec is 3.1 (has identifiers)
        # URI (no fragment) -> where its schema resource starts; several places: a clash
        self._resources: dict[str, list[tuple[Document, str]]] = {}
        # (resource URI, anchor name) -> where; dynamic anchors are anchors too
        self._anchors: dict[tuple[str, str], list[tuple[Document, str]]] = {}
        self._dynamic: dict[str, list[tuple[Document, str]]] = {}  # name -> places
        # file URI -> (pointer, base URI) of each `$id`
        self._ids: dict[str, list[tuple[str, str]]] = {}
        self._uses: set[str] = set()  # file URIs of files that use identifiers
        self._file_uris: dict[int, tuple[Document, str]] = {}  # id(doc) -> its URI

    def file_uri(self, doc: Document) -> str:
        """A file's retrieval URI: `file:///` and its path below the spec's folder."""
        known = self._file_uris.get(id(doc))
        if known is not None and known[0] is doc:
            return known[1]
        try:
            relative = doc.real_path.relative_to(self.base).as_posix()
        except ValueError:  # only the root spec's folder is ever read
            relative = doc.path.name
        uri = "file:///" + quote(relative)
        self._file_uris[id(doc)] = (doc, uri)
        return uri

    def root_uri(self, doc: Document) -> str:
        """The base URI of a file's root: its root `$id` (resolved against the file's
        URI) or the file's URI."""
        found = self._ids.get(self.file_uri(doc), [])
        if found and found[0][0] == "":
            return found[0][1]
        return self.file_uri(doc)

    def uses_identifiers(self, doc: Document) -> bool:
        """Whether a file's schemas use `$id`, `$anchor`, `$dynamicAnchor` or `$dynamicRef`
        (3.1): references in it then depend on where they are written."""
        return self.file_uri(doc) in self._uses

    def base_of(self, doc: Document, pointer: str) -> str:
        """The base URI at a place: that of the nearest enclosing `$id`, or the file's."""
        best, uri = -1, self.file_uri(doc)
        for at, declared in self._ids.get(self.file_uri(doc), []):
            if (pointer == at or pointer.startswith(at + "/")) and len(at) > best:
                best, uri = len(at), declared
        return uri

    def declared_ids(self, doc: Document) -> list[str]:
        """The URIs a file's `$id`s declare (3.1), resolved."""
        return [uri for _, uri in self._ids.get(self.file_uri(doc), [])]

    def clash(self, uri: str) -> list[tuple[Document, str]]:
        """The places that declare a resource URI, when more than one does."""
        places = self._resources.get(uri, [])
        return places if len(places) > 1 else []

    def dynamic_anchors(self, name: str) -> list[tuple[Document, str]]:
        """Every schema, in the files loaded so far, with `$dynamicAnchor: name`."""
        return list(self._dynamic.get(name, []))

    def register(self, doc: Document) -> None:
        """Index a file's `$id`s and anchors (3.1) as the runtime's validator reads them:
        everywhere outside schemas, and inside schemas under the keywords holding schemas;
        never in examples, allowed values, defaults or `x-` extensions."""
        if not self.identifiers:
            return
        path = self.file_uri(doc)
        text = doc.source.text
        if "$id" not in text and "$anchor" not in text and "$dynamic" not in text:
            self._resources.setdefault(self.file_uri(doc), []).append((doc, ""))
            return
        ids: list[tuple[str, str]] = []
        uses = False
        stack: list[tuple[Any, str, str, bool]] = [
            (doc.data, "", self.file_uri(doc), False)
        ]
        while stack:
            node, pointer, base, schema = stack.pop()
            if isinstance(node, list):
                if not schema:
                    stack.extend(
                        (item, join_pointer(pointer, i), base, False)
                        for i, item in enumerate(node)
                    )
                continue
            if not isinstance(node, dict):
                continue
            ident = node.get("$id")
            if isinstance(ident, str):
                uses = True
                uri, fragment = split(join(base, ident))
                base = uri
                ids.append((pointer, uri))
                self._resources.setdefault(uri, []).append((doc, pointer))
                if fragment and not fragment.startswith("/"):
                    self._anchors.setdefault((uri, fragment), []).append((doc, pointer))
            for key in ("$anchor", "$dynamicAnchor"):
                anchor = node.get(key)
                if isinstance(anchor, str):
                    uses = True
                    places = self._anchors.setdefault((base, anchor), [])
                    if (doc, pointer) not in places:
                        places.append((doc, pointer))
                    if key == "$dynamicAnchor":
                        self._dynamic.setdefault(anchor, []).append((doc, pointer))
            if isinstance(node.get("$dynamicRef"), str):
                uses = True
            for key, value in node.items():
                key = str(key)
                at = join_pointer(pointer, key)
                if key in SUBSCHEMA and isinstance(value, dict | bool):
                    stack.append((value, at, base, True))
                elif key in SUBSCHEMA_LIST | {"items"} and isinstance(value, list):
                    stack.extend(
                        (item, join_pointer(at, i), base, True)
                        for i, item in enumerate(value)
                    )
                elif key in SUBSCHEMA_MAP | {"dependencies"} and isinstance(
                    value, dict
                ):
                    stack.extend(
                        (item, join_pointer(at, str(name)), base, True)
                        for name, item in value.items()
                    )
                elif not schema and key not in KEYWORDS and not key.startswith("x-"):
                    stack.append((value, at, base, False))
        ids.sort(key=lambda entry: entry[0])
        self._ids[path] = ids
        if uses:
            self._uses.add(path)
        if not ids or ids[0][0] != "":
            self._resources.setdefault(self.file_uri(doc), []).append((doc, ""))
