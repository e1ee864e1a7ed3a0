"""Stage 3, resolve: follow `$ref`s inside the spec and to sibling files in the spec's folder.

Nothing remote, nothing outside the folder that holds the root spec. In 3.1, references mean
what JSON Schema 2020-12 says: URIs resolved against `$id`s, naming schemas by `$id`,
`$anchor` or `$dynamicAnchor` in the spec and the files it refers to. Documents are loaded once
and cached; refs are followed lazily by the IR builder, so forward and circular references need
no placeholders: a ref to a named schema becomes a reference by name, never an inlined copy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..diagnostics import Diagnostic, SpecError, join_pointer, sorted_diagnostics
from .identifiers import IdentifierIndex
from .loader import Document, load_document
from .pointers import pointer_tokens, suggest, walk, written_token
from .property_maps import inline_property_maps
from .ref_sites import ref_sites
from .uris import has_scheme, join, split


@dataclass(frozen=True)
class Located:
    """A node of some document together with where it lives (for names and diagnostics)."""

    node: Any
    doc: Document
    pointer: str


class Resolver(IdentifierIndex):
    """Follows `$ref`s. In OpenAPI 3.1 (JSON Schema 2020-12) a reference is a URI resolved
    against the base URI of where it is written: the URI of its file, or of the nearest
    enclosing `$id`; it may name a schema by `$id`, `$anchor` or `$dynamicAnchor` (see
    `identifiers`). A file's own URI is `file:///` and its path in the spec's folder, so a
    relative file reference means what it says; a reference no `$id` of a loaded file names
    is looked for as a file next to the referring one. OpenAPI 3.0 has no identifiers:
    there, a reference is a file and a JSON pointer into it.
    """

    def __init__(self, root: Document) -> None:
        version = root.data.get("openapi") if isinstance(root.data, dict) else None
        super().__init__(
            root.real_path.parent,
            isinstance(version, str) and version.startswith("3.1"),
        )
        self.root = root
        self._docs: dict[Path, Document] = {root.real_path: root}
        self._scanned: set[Path] = set()  # files whose file references are loaded
        # references to maps of properties that do not resolve (see `property_maps`)
        self.problems: list[Diagnostic] = []
        self._sites: dict[int, list[tuple[dict[str, Any], str]]] = {}
        self._resolved: dict[tuple[str, int, str, int], tuple[Located, bool]] = {}
        self._prepare(root)

    def sites(self, doc: Document) -> list[tuple[dict[str, Any], str]]:
        """Every reference of a loaded document (see `ref_sites`), found by one walk: a
        document's data no longer changes once `_prepare` has run on it."""
        found = self._sites.get(id(doc))
        if found is None:
            found = self._sites[id(doc)] = list(ref_sites(doc))
        return found

    def _prepare(self, doc: Document) -> None:
        """A newly loaded document: its maps of properties given by `$ref` copied in, then
        its identifiers indexed."""
        self.problems += inline_property_maps(doc, self._follow_ref)
        self.register(doc)

    def _follow_ref(
        self, ref: str, doc: Document, pointer: str
    ) -> tuple[Any, Document, str]:
        found = self.follow(self.lookup(ref, doc, pointer))
        return found.node, found.doc, found.pointer

    # -- files ---------------------------------------------------------------------------

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file read so far, the spec first (resolved paths)."""
        return tuple(self._docs)

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
            target = (origin.real_path.parent / unquote(ref_file)).resolve()
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
            shown = os.path.normpath(Path(origin.display).parent / ref_file)
            if not target.exists():
                raise SpecError(
                    [
                        origin.diagnostic(
                            "E030",
                            f"$ref file '{ref_file}' not found (no {shown})",
                            pointer + "/$ref",
                        )
                    ]
                )
            self._docs[target] = load_document(target, shown)
            self._prepare(self._docs[target])
        return self._docs[target]

    def _discover(self) -> bool:
        """Load every file the loaded files refer to by a relative file reference (and so
        on), so that whether an `$id` is known does not depend on the order references
        are followed in; whether any new file was loaded."""
        loaded = False
        while True:
            pending = [
                doc for path, doc in self._docs.items() if path not in self._scanned
            ]
            if not pending:
                return loaded
            for doc in pending:
                self._scanned.add(doc.real_path)
                for node, pointer in self.sites(doc):
                    for key in ("$ref", "$dynamicRef"):
                        ref = node.get(key)
                        if not isinstance(ref, str):
                            continue
                        file_part = ref.partition("#")[0]
                        if (
                            not file_part
                            or has_scheme(file_part)
                            or file_part.startswith("//")
                            or not self._file_exists(file_part, doc)
                        ):
                            continue
                        try:
                            before = len(self._docs)
                            self.document_for(file_part, doc, pointer)
                            loaded = loaded or len(self._docs) > before
                        except SpecError:
                            continue  # reported where the reference is followed

    def _file_exists(self, ref_file: str, origin: Document) -> bool:
        try:
            return (origin.real_path.parent / unquote(ref_file)).is_file()
        except (OSError, ValueError):
            return False

    # -- references ----------------------------------------------------------------------

    def lookup(
        self, ref: str, origin: Document, pointer: str, key: str = "$ref"
    ) -> Located:
        """Resolve one `$ref` string (without following a ref found at the target)."""
        return self.resolve(ref, origin, pointer, key)[0]

    def resolve(
        self, ref: str, origin: Document, pointer: str, key: str = "$ref"
    ) -> tuple[Located, bool]:
        """(the target of a reference written at `pointer`, whether it was found by URI
        among the loaded files' identifiers, as the runtime's validator finds it, rather
        than as a file next to the referring one).

        A target depends on the reference, the file and the base URI at `pointer` (and on
        the files loaded so far): found once, it is remembered (a spec names the same
        schemas thousands of times); a failure is raised again each time, at its place.
        """
        base = self.base_of(origin, pointer) if self.identifiers else ""
        memo = (ref, id(origin), base, len(self._docs))
        found = self._resolved.get(memo)
        if found is None:
            found = self._resolved[memo] = self._resolve(ref, origin, pointer, key)
        return found

    def _resolve(
        self, ref: str, origin: Document, pointer: str, key: str
    ) -> tuple[Located, bool]:
        file_part, _, written = ref.partition("#")
        at = join_pointer(pointer, key)
        absolute = has_scheme(ref) or ref.startswith("//")
        if self.identifiers:
            base = self.base_of(origin, pointer)
            declared = base != self.file_uri(origin)  # an `$id` decides what refs mean
            if declared or absolute or not file_part:
                uri, fragment = split(join(base, ref))
                places = self._resources.get(uri)
                if not places and self._discover():
                    places = self._resources.get(uri)
                if places:
                    if len(places) > 1:
                        raise SpecError(
                            [self._clash_error(ref, uri, places, origin, at)]
                        )
                    doc, start = places[0]
                    found = self._inside(ref, doc, start, uri, fragment, origin, at)
                    return found, True
                if absolute or not self._file_exists(file_part, origin):
                    remote = "://" in uri or uri.startswith("//")
                    against = "" if absolute else f" (against the base URI {base})"
                    named = (
                        f"it names {uri}{against}, which no `$id` of the spec or of "
                        "the files it refers to declares"
                    )
                    raise SpecError(
                        [
                            (
                                origin.diagnostic(
                                    "E031",
                                    f"remote $ref '{ref}' is not allowed: {named}",
                                    at,
                                )
                                if remote
                                else origin.diagnostic(
                                    "E030",
                                    f"$ref '{ref}' does not resolve: {named}",
                                    at,
                                )
                            )
                        ]
                    )
        doc = self.document_for(file_part, origin, pointer) if file_part else origin
        fragment = unquote(written)
        if fragment and not fragment.startswith("/"):
            if not self.identifiers:
                raise SpecError(
                    [
                        origin.diagnostic(
                            "E030",
                            f"$ref '{ref}' names an anchor; OpenAPI 3.0 schemas have no "
                            "`$anchor` or `id`: refer to a schema by its JSON pointer",
                            at,
                        )
                    ]
                )
            uri = self.root_uri(doc)
            return self._inside(ref, doc, "", uri, fragment, origin, at), False
        return self._inside(ref, doc, "", "", fragment, origin, at), False

    def _inside(
        self,
        ref: str,
        doc: Document,
        start: str,
        uri: str,
        fragment: str,
        origin: Document,
        at: str,
    ) -> Located:
        """The schema a fragment names in the resource that starts at `start` in `doc`
        (a JSON pointer from there, or an anchor of the resource `uri`)."""
        if fragment and not fragment.startswith("/"):
            places = self._anchors.get((uri, fragment), [])
            if len(places) == 1:
                found_doc, found = places[0]
                node, _ = walk(found_doc.data, pointer_tokens(found))
                return Located(node, found_doc, found)
            if places:
                raise SpecError([self._clash_error(ref, uri, places, origin, at)])
            raise SpecError(
                [
                    origin.diagnostic(
                        "E030",
                        f"$ref '{ref}' does not resolve: no `$anchor` or "
                        f"`$dynamicAnchor` {fragment!r} in {uri}",
                        at,
                    )
                ]
            )
        base_node, _ = walk(doc.data, pointer_tokens(start))
        tokens = pointer_tokens(fragment)
        node, failed = walk(base_node, tokens)
        if failed is not None:
            message = f"$ref '{ref}' does not resolve"
            suggestion = suggest(base_node, tokens)
            file_part, _, written = ref.partition("#")
            if suggestion is not None:
                # tokens the user got right stay as written (percent-encoding included)
                raw = written.split("/")[1:]
                if len(raw) != len(tokens):
                    raw = [written_token(token) for token in tokens]
                corrected = "".join(
                    "/" + (old if new == token else written_token(new))
                    for old, token, new in zip(raw, tokens, suggestion, strict=True)
                )
                message += f"; did you mean '{file_part}#{corrected}'?"
            raise SpecError([origin.diagnostic("E030", message, at)])
        return Located(node, doc, start + fragment)

    def _clash_error(
        self,
        ref: str,
        uri: str,
        places: list[tuple[Document, str]],
        origin: Document,
        at: str,
    ) -> Diagnostic:
        where = " and ".join(doc.where(pointer) for doc, pointer in places[:2])
        return origin.diagnostic(
            "E030",
            f"$ref '{ref}' is ambiguous: {uri} is declared at {where}; an `$id` (and an "
            "anchor within one) must name one schema",
            at,
        )

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


def check_refs(resolver: Resolver) -> tuple[Diagnostic, ...]:
    """Resolve every `$ref` of the spec (and of the files it refers to); report all failures."""
    found: set[Diagnostic] = set()  # chains share their broken links: report each once
    done: set[Path] = set()
    queue = [resolver.root]
    while queue:
        doc = queue.pop()
        if doc.real_path in done:
            continue
        done.add(doc.real_path)
        for node, pointer in sorted(resolver.sites(doc), key=lambda site: site[1]):
            try:
                targets = []
                if isinstance(node.get("$ref"), str):
                    targets.append(resolver.follow(Located(node, doc, pointer)))
                dynamic = node.get("$dynamicRef")
                if resolver.identifiers and isinstance(dynamic, str):
                    target = resolver.lookup(dynamic, doc, pointer, "$dynamicRef")
                    _check_dynamic(resolver, dynamic, doc, pointer, target)
                    targets.append(resolver.follow(target))
            except SpecError as exc:
                found.update(exc.diagnostics)
                continue
            queue.extend(t.doc for t in targets if t.doc.real_path not in done)
    found.update(resolver.problems)  # maps of properties, found as files were loaded
    return sorted_diagnostics(found)


def _check_dynamic(
    resolver: Resolver, ref: str, doc: Document, pointer: str, target: Located
) -> None:
    """A `$dynamicRef` whose meaning depends on the dynamic scope (its target holds the
    `$dynamicAnchor` it names, and other schemas hold one of that name too) is followed
    with its scope only inside a JSON Schema file the spec refers to, which the generated
    package carries whole; in the spec itself, only a reference with one meaning is."""
    if doc is not resolver.root:
        return
    fragment = split(ref)[1]
    if not isinstance(target.node, dict) or target.node.get("$dynamicAnchor") != (
        fragment
    ):
        return
    if len(resolver.dynamic_anchors(fragment)) > 1:
        raise SpecError(
            [
                doc.diagnostic(
                    "E030",
                    f"$dynamicRef '{ref}' depends on the dynamic scope (several schemas "
                    f"have `$dynamicAnchor: {fragment}`); specgen follows such a reference "
                    "only in a JSON Schema file the spec refers to: move these schemas "
                    "to one",
                    join_pointer(pointer, "$dynamicRef"),
                )
            ]
        )
