"""Stage 3, resolve: follow `$ref`s inside the spec and to sibling files in the spec's folder.

Nothing remote, nothing outside the folder that holds the root spec. In 3.1, references mean
what JSON Schema 2020-12 says: URIs resolved against `$id`s, naming schemas by `$id`,
`$anchor` or `$dynamicAnchor` in the spec and the files it refers to. Documents are loaded once
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
from .uris import has_scheme, join, split

# Where schemas sit inside a schema (as the runtime's validator indexes identifiers).
_SCHEMA_ONE = frozenset(
    {
        "not", "if", "then", "else", "items", "additionalItems", "additionalProperties",
        "unevaluatedItems", "unevaluatedProperties", "contains", "propertyNames",
    }
)  # fmt: skip
_SCHEMA_MANY = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
_SCHEMA_MAP = frozenset(
    {
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
        "dependencies",
    }
)  # fmt: skip
# Every keyword of JSON Schema (and of the OpenAPI Schema Object): outside a schema, their
# values are not searched for identifiers; nor are examples or allowed values.
_KEYWORDS = (
    _SCHEMA_ONE
    | _SCHEMA_MANY
    | _SCHEMA_MAP
    | {
        "$ref", "$dynamicRef", "$id", "id", "$anchor", "$dynamicAnchor", "$schema",
        "$vocabulary", "$comment", "type", "enum", "const", "default", "examples",
        "example", "required", "title", "description", "format", "nullable", "readOnly",
        "writeOnly", "deprecated", "discriminator", "xml", "externalDocs",
        "dependentRequired",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Located:
    """A node of some document together with where it lives (for names and diagnostics)."""

    node: Any
    doc: Document
    pointer: str


class Resolver:
    """Follows `$ref`s. In OpenAPI 3.1 (JSON Schema 2020-12) a reference is a URI resolved
    against the base URI of where it is written: the URI of its file, or of the nearest
    enclosing `$id`; it may name a schema by `$id`, `$anchor` or `$dynamicAnchor` (see
    `identifiers`). A file's own URI is `file:///` and its path in the spec's folder, so a
    relative file reference means what it says; a reference no `$id` of a loaded file names
    is looked for as a file next to the referring one. OpenAPI 3.0 has no identifiers:
    there, a reference is a file and a JSON pointer into it.
    """

    def __init__(self, root: Document) -> None:
        self.root = root
        self.base = root.path.resolve().parent
        self._docs: dict[Path, Document] = {root.path.resolve(): root}
        version = root.data.get("openapi") if isinstance(root.data, dict) else None
        self.identifiers = isinstance(version, str) and version.startswith("3.1")
        # URI (no fragment) -> where its schema resource starts; several places: a clash
        self._resources: dict[str, list[tuple[Document, str]]] = {}
        # (resource URI, anchor name) -> where; dynamic anchors are anchors too
        self._anchors: dict[tuple[str, str], list[tuple[Document, str]]] = {}
        self._dynamic: dict[str, list[tuple[Document, str]]] = {}  # name -> places
        # file URI -> (pointer, base URI) of each `$id`
        self._ids: dict[str, list[tuple[str, str]]] = {}
        self._uses: set[str] = set()  # file URIs of files that use identifiers
        self._scanned: set[Path] = set()  # files whose file references are loaded
        self._file_uris: dict[int, tuple[Document, str]] = {}  # id(doc) -> its URI
        self._register(root)

    # -- identifiers (3.1) -------------------------------------------------------------

    def file_uri(self, doc: Document) -> str:
        """A file's retrieval URI: `file:///` and its path below the spec's folder."""
        known = self._file_uris.get(id(doc))
        if known is not None and known[0] is doc:
            return known[1]
        try:
            relative = doc.path.resolve().relative_to(self.base).as_posix()
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

    def _register(self, doc: Document) -> None:
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
                if key in _SCHEMA_ONE and isinstance(value, dict | bool):
                    stack.append((value, at, base, True))
                elif key in _SCHEMA_MANY and isinstance(value, list):
                    stack.extend(
                        (item, join_pointer(at, i), base, True)
                        for i, item in enumerate(value)
                    )
                elif key in _SCHEMA_MAP and isinstance(value, dict):
                    stack.extend(
                        (item, join_pointer(at, str(name)), base, True)
                        for name, item in value.items()
                    )
                elif not schema and key not in _KEYWORDS and not key.startswith("x-"):
                    stack.append((value, at, base, False))
        ids.sort(key=lambda entry: entry[0])
        self._ids[path] = ids
        if uses:
            self._uses.add(path)
        if not ids or ids[0][0] != "":
            self._resources.setdefault(self.file_uri(doc), []).append((doc, ""))

    # -- files ---------------------------------------------------------------------------

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
            self._register(self._docs[target])
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
                self._scanned.add(doc.path.resolve())
                for node, pointer in _ref_sites(doc):
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
            return (origin.path.resolve().parent / unquote(ref_file)).is_file()
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
        than as a file next to the referring one)."""
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
                node, _ = _walk(found_doc.data, _tokens(found))
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
        base_node, _ = _walk(doc.data, _tokens(start))
        tokens = _tokens(fragment)
        node, failed = _walk(base_node, tokens)
        if failed is not None:
            message = f"$ref '{ref}' does not resolve"
            suggestion = _suggest(base_node, tokens)
            file_part, _, written = ref.partition("#")
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


def _tokens(pointer: str) -> list[str]:
    return [unescape_pointer_token(raw) for raw in pointer.split("/")[1:]]


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
    """(mapping holding a `$ref` or a `$dynamicRef`, its pointer) for every reference in a
    document.

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
            if not named and (
                isinstance(node.get("$ref"), str)
                or isinstance(node.get("$dynamicRef"), str)
            ):
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
            queue.extend(t.doc for t in targets if t.doc.path.resolve() not in done)
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
