"""The request side's JSON Schemas as one self-contained document, for the runtime validator.

A generated client checks the exact JSON it is about to send against the spec's own schemas
(the runtime's `_jsonschema.py`), so it needs them without the spec file. Each operation's
body schema and parameter schemas are copied here with every `$ref` they reach rewritten to
point inside this document:

    {"dialect": "3.0" | "3.1",
     "operations": {"<operationId>": {"body": <schema>, "parameters": <object schema>,
                                       "body.<kind>": <schema of another form>}},
     "components": {"schemas": {"<key>": <schema>}}}

Only what validation reads is kept: prose, examples and vendor extensions are dropped. File
properties of multipart and binary bodies are left to the file rules, which read headers.

In OpenAPI 3.1, a JSON Schema file the spec refers to that uses identifiers (`$id`, `$anchor`,
`$dynamicAnchor`, `$dynamicRef`) is carried whole instead, as one component whose `$id` is
the file's base URI: its references then mean in the package what they mean in the file,
the dynamic scope of `$dynamicRef` included. References the runtime would not resolve the
same way (to other files, to the spec) are rewritten to absolute ones: `<that file's URI>#`
and a pointer, or the document's own `$id` (`urn:specgen:request-schemas`) and a pointer.
Elsewhere the generator follows identifiers itself, and they are dropped from the copies.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..diagnostics import SpecError, join_pointer
from ..source.keywords import KEYWORDS, SUBSCHEMA, SUBSCHEMA_LIST, SUBSCHEMA_MAP
from ..source.loader import Document
from ..source.resolve import Located, Resolver

# Annotations validation never reads: dropped to keep the document small.
_DROPPED = frozenset(
    {
        "description", "title", "example", "examples", "externalDocs", "xml",
        "discriminator", "deprecated", "default", "$comment",
    }
)  # fmt: skip
# The formats the models parse (date-time, date, uuid) are asserted on requests: RFC 3339's
# date-time with its offset, full-date, and RFC 4122's textual UUID.
FORMAT_PATTERNS = {
    "date-time": (
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
        r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
    ),
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "uuid": r"^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$",
}
# Identifiers: in 3.1 copies whose references the generator has rewritten, they are dropped.
_IDENTIFIERS = frozenset({"$id", "$anchor", "$dynamicAnchor"})
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")
# The document's own base URI, for references to it from inside a file carried whole.
DOCUMENT_ID = "urn:specgen:request-schemas"


class WireSchemas:
    """Collects the request schemas of every operation; `text()` is the JSON document."""

    def __init__(self, resolver: Resolver, dialect: str) -> None:
        self.resolver = resolver
        self.dialect = dialect
        self.operations: dict[str, dict[str, Any]] = {}
        self.components: dict[str, Any] = {}
        # (file, pointer, without file parts) -> component key
        self._keys: dict[tuple[str, str, bool], str] = {}
        self._whole: dict[Path, str] = {}  # file carried whole -> its component key
        self._absolute = False  # some reference needs the document's own URI

    def add_body(
        self, operation_id: str, schema: Located, *, files: bool, part: str = "body"
    ) -> str:
        """Copy a body schema; returns its pointer in the document. With `files`, binary
        string properties (file parts) are checked by the file rules, not here. A body
        that may be sent in several forms has one `part` each (`body`, `body.multipart`).
        """
        entry = self.operations.setdefault(operation_id, {})
        entry[part] = self._copy(schema, files)
        return self.pointer(operation_id, part)

    def add_parameters(
        self, operation_id: str, parameters: list[tuple[str, Located, bool]]
    ) -> str:
        """Copy (check key, schema, required) of the sent parameters as one object schema."""
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {key: self._copy(s, False) for key, s, _ in parameters},
        }
        required = [key for key, _, needed in parameters if needed]
        if required:
            schema["required"] = required
        self.operations.setdefault(operation_id, {})["parameters"] = schema
        return self.pointer(operation_id, "parameters")

    @staticmethod
    def pointer(operation_id: str, part: str) -> str:
        return "#" + join_pointer("/operations", operation_id, part)

    def text(self) -> str:
        document: dict[str, Any] = {
            "dialect": self.dialect,
            "operations": self.operations,
            "components": {"schemas": self.components},
        }
        if self._absolute:
            document["$id"] = DOCUMENT_ID
        return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    # -- copying -----------------------------------------------------------------------

    def _copy(self, located: Located, files: bool) -> Any:
        node = located.node
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            return {}  # malformed schemas were reported by the checks stage
        if self._carried_whole(located.doc):
            return {"$ref": self._within_file(located, located)}
        if files and _is_file(node):
            return {}
        if files and node.get("type") == "array" and _is_file(node.get("items")):
            # several files: one part each; a single file is one part too, so only the
            # counts apply (to a list of files)
            return {k: node[k] for k in ("minItems", "maxItems") if k in node}
        ref = node.get("$ref")
        if isinstance(ref, str):
            target = self._component(ref, located, files)
            if self.dialect == "3.0":
                return {"$ref": target}  # 3.0: a $ref's siblings are ignored
            rest = self._keywords(
                {k: v for k, v in node.items() if k != "$ref"}, located, files
            )
            return {"$ref": target, **rest}
        return self._keywords(node, located, files)

    def _keywords(self, node: dict[str, Any], located: Located, files: bool) -> Any:
        out: dict[str, Any] = {}
        for key, value in node.items():
            key = str(key)
            if key in _DROPPED or key.startswith("x-"):
                continue
            at = join_pointer(located.pointer, key)
            if self.dialect == "3.1" and key in _IDENTIFIERS:
                continue  # every reference is rewritten to the document: not needed
            if (
                self.dialect == "3.1"
                and key == "$dynamicRef"
                and isinstance(value, str)
            ):
                # outside a file carried whole, a dynamic reference has one meaning (the
                # resolve stage refuses it otherwise): its static target
                out[key] = self._component(value, located, files, key)
            elif key in SUBSCHEMA and not (key == "items" and isinstance(value, list)):
                out[key] = self._copy(Located(value, located.doc, at), files)
            elif key in SUBSCHEMA_LIST or (key == "items" and isinstance(value, list)):
                out[key] = [
                    self._copy(Located(v, located.doc, join_pointer(at, i)), files)
                    for i, v in enumerate(value if isinstance(value, list) else [])
                ]
            elif key in SUBSCHEMA_MAP and isinstance(value, dict):
                out[key] = {
                    str(name): self._copy(
                        Located(v, located.doc, join_pointer(at, str(name))), files
                    )
                    for name, v in value.items()
                }
            elif key == "dependencies" and isinstance(value, dict):
                out[key] = {
                    str(name): (
                        v
                        if isinstance(v, list)
                        else self._copy(
                            Located(v, located.doc, join_pointer(at, str(name))), files
                        )
                    )
                    for name, v in value.items()
                }
            else:
                out[key] = value  # data: enum, const, required, bounds, pattern, ...
        fmt = node.get("format")
        if isinstance(fmt, str) and fmt in FORMAT_PATTERNS and "pattern" not in out:
            # the models parse these formats, so a request is held to them (strict writer)
            out["pattern"] = FORMAT_PATTERNS[fmt]
        return _callable(out)

    def _component(
        self, ref: str, origin: Located, files: bool, keyword: str = "$ref"
    ) -> str:
        """The document-local ref for what `ref` names, copying it the first time."""
        target = self.resolver.lookup(ref, origin.doc, origin.pointer, keyword)
        if self._carried_whole(target.doc):
            return self._within_file(target, origin)
        return "#" + join_pointer("/components/schemas", self._copied(target, files))

    def _copied(self, target: Located, files: bool) -> str:
        """The component key of a schema copied with its references rewritten."""
        where = (target.doc.display, target.pointer, files)
        key = self._keys.get(where)
        if key is None:
            # without its file parts, the same schema is a variant of its own
            key = self._key(target, ".files" if files else "")
            self._keys[where] = key
            self.components[key] = {}  # placeholder: recursive refs stop here
            self.components[key] = self._copy(target, files)
        return key

    # -- files carried whole (3.1) -----------------------------------------------------

    def _carried_whole(self, doc: Document) -> bool:
        """A file of JSON Schemas that uses identifiers, in 3.1 (not the spec itself)."""
        return (
            self.dialect == "3.1"
            and doc is not self.resolver.root
            and isinstance(doc.data, dict)
            and self.resolver.uses_identifiers(doc)
        )

    def _within_file(self, target: Located, origin: Located) -> str:
        """An absolute reference to a schema inside a file carried whole (copied now if
        it is not yet): the file's base URI and a JSON pointer."""
        doc = target.doc
        uri = self.resolver.root_uri(doc)
        for declared in {uri, *self.resolver.declared_ids(doc)}:
            # the runtime would take one of them for the other: refuse, never guess
            clash = self.resolver.clash(declared)
            if clash:
                places = " and ".join(d.where(p) for d, p in clash[:2])
                raise SpecError(
                    [
                        origin.doc.diagnostic(
                            "E030",
                            f"this schema leads to {doc.display}, which the package "
                            f"carries whole, and {declared} is declared at {places}; "
                            "an `$id` must name one schema",
                            origin.pointer,
                        )
                    ]
                )
        path = doc.real_path
        if path not in self._whole:
            key = self._key(Located(doc.data, doc, ""), ".file")
            self._whole[path] = key
            self.components[key] = {}
            copied = self._verbatim(doc.data, doc, "", False)
            copied["$id"] = uri
            self.components[key] = copied
        return uri + "#" + quote(target.pointer, safe="/~:@!$&'()*+,;=-._")

    def _verbatim(self, node: Any, doc: Document, pointer: str, schema: bool) -> Any:
        """A copy of a file carried whole, walked as the runtime indexes it: references
        that would not lead where they lead in the file are rewritten; contradictory
        `required` keys stay callable (W102); everything else is kept as it is."""
        if isinstance(node, list):
            if schema:
                return _plain(node)
            return [
                self._verbatim(v, doc, join_pointer(pointer, i), False)
                for i, v in enumerate(node)
            ]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            key = str(key)
            at = join_pointer(pointer, key)
            if key in ("$ref", "$dynamicRef") and isinstance(value, str):
                out[key] = self._kept_or_absolute(value, doc, pointer, key)
            elif key in SUBSCHEMA and isinstance(value, dict | bool):
                out[key] = self._verbatim(value, doc, at, True)
            elif key in SUBSCHEMA_LIST | {"items"} and isinstance(value, list):
                out[key] = [
                    self._verbatim(v, doc, join_pointer(at, i), True)
                    for i, v in enumerate(value)
                ]
            elif key in SUBSCHEMA_MAP | {"dependencies"} and isinstance(value, dict):
                out[key] = {
                    str(name): self._verbatim(v, doc, join_pointer(at, name), True)
                    for name, v in value.items()
                }
            elif not schema and key not in KEYWORDS and not key.startswith("x-"):
                out[key] = self._verbatim(value, doc, at, False)
            else:
                out[key] = _plain(value)
        return _callable(out) if schema else out

    def _kept_or_absolute(
        self, ref: str, doc: Document, pointer: str, keyword: str
    ) -> str:
        """A reference inside a file carried whole: as written when the runtime finds the
        same schema by it (by URI, among the files carried whole), else absolute."""
        target, by_uri = self.resolver.resolve(ref, doc, pointer, keyword)
        origin = Located(None, doc, pointer)
        if self._carried_whole(target.doc):
            absolute = self._within_file(target, origin)
            return ref if by_uri else absolute
        self._absolute = True
        key = self._copied(target, False)
        return DOCUMENT_ID + "#" + join_pointer("/components/schemas", key)

    def _key(self, target: Located, suffix: str) -> str:
        """A component's own name when it is a plain one in the root spec; otherwise a
        readable tail and a digest of where it lives (deterministic, never clashing)."""
        prefix = "/components/schemas/"
        if target.doc is self.resolver.root and target.pointer.startswith(prefix):
            name = target.pointer[len(prefix) :] + suffix
            if _SAFE_KEY.match(name) and name not in self.components:
                return name
        digest = hashlib.sha256(
            f"{target.doc.display}#{target.pointer}{suffix}".encode()
        ).hexdigest()[:10]
        tail = re.sub(r"[^A-Za-z0-9_]+", "_", target.pointer.rsplit("/", 1)[-1])[:40]
        return f"_{tail}_{digest}"


def _plain(value: Any) -> Any:
    """A copy of JSON data with every key a string (YAML allows others)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _callable(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema that requires keys `additionalProperties: false` forbids admits no value at
    all; as the models do (warning W102), such a key is declared, of any type, so the
    operation stays callable."""
    required = schema.get("required")
    properties = schema.get("properties")
    if schema.get("additionalProperties") is not False or not isinstance(
        required, list
    ):
        return schema
    declared = properties if isinstance(properties, dict) else {}
    missing = [k for k in required if isinstance(k, str) and k not in declared]
    if not missing:
        return schema
    return {**schema, "properties": {**declared, **{key: {} for key in missing}}}


def _is_file(node: Any) -> bool:
    """A file part: a binary string (3.0 `format: binary`, 3.1 `contentMediaType` or
    `contentEncoding`)."""
    if not isinstance(node, dict) or node.get("type") not in ("string", None):
        return False
    return node.get("format") == "binary" or (
        node.get("type") == "string"
        and ("contentMediaType" in node or "contentEncoding" in node)
    )
