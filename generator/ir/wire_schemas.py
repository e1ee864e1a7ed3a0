"""The request side's JSON Schemas as one self-contained document, for the runtime validator.

A generated client checks the exact JSON it is about to send against the spec's own schemas
(the runtime's `_jsonschema.py`), so it needs them without the spec file. Each operation's
body schema and parameter schemas are copied here with every `$ref` they reach rewritten to
point inside this document:

    {"dialect": "3.0" | "3.1",
     "operations": {"<operationId>": {"body": <schema>, "parameters": <object schema>}},
     "components": {"schemas": {"<key>": <schema>}}}

Only what validation reads is kept: prose, examples and vendor extensions are dropped. File
properties of multipart and binary bodies are left to the file rules, which read headers.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from ..diagnostics import join_pointer
from ..source.resolve import Located, Resolver

# Keywords whose value is a schema, a list of schemas, or a map of names to schemas.
_ONE = frozenset(
    {
        "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains",
        "propertyNames", "unevaluatedItems", "unevaluatedProperties", "items",
    }
)  # fmt: skip
_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_MAP = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
# Annotations validation never reads: dropped to keep the document small.
_DROPPED = frozenset(
    {
        "description", "title", "example", "examples", "externalDocs", "xml",
        "discriminator", "deprecated", "default", "$comment",
    }
)  # fmt: skip
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")


class WireSchemas:
    """Collects the request schemas of every operation; `text()` is the JSON document."""

    def __init__(self, resolver: Resolver, dialect: str) -> None:
        self.resolver = resolver
        self.dialect = dialect
        self.operations: dict[str, dict[str, Any]] = {}
        self.components: dict[str, Any] = {}
        # (file, pointer, without file parts) -> component key
        self._keys: dict[tuple[str, str, bool], str] = {}

    def add_body(self, operation_id: str, schema: Located, *, files: bool) -> str:
        """Copy a body schema; returns its pointer in the document. With `files`, binary
        string properties (file parts) are checked by the file rules, not here."""
        entry = self.operations.setdefault(operation_id, {})
        entry["body"] = self._copy(schema, files)
        return self.pointer(operation_id, "body")

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
        document = {
            "dialect": self.dialect,
            "operations": self.operations,
            "components": {"schemas": self.components},
        }
        return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    # -- copying -----------------------------------------------------------------------

    def _copy(self, located: Located, files: bool) -> Any:
        node = located.node
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            return {}  # malformed schemas were reported by the checks stage
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
            if key in _ONE and not (key == "items" and isinstance(value, list)):
                out[key] = self._copy(Located(value, located.doc, at), files)
            elif key in _LIST or (key == "items" and isinstance(value, list)):
                out[key] = [
                    self._copy(Located(v, located.doc, join_pointer(at, i)), files)
                    for i, v in enumerate(value if isinstance(value, list) else [])
                ]
            elif key in _MAP and isinstance(value, dict):
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
        return _callable(out)

    def _component(self, ref: str, origin: Located, files: bool) -> str:
        """The document-local ref for what `ref` names, copying it the first time."""
        target = self.resolver.lookup(ref, origin.doc, origin.pointer)
        where = (target.doc.display, target.pointer, files)
        key = self._keys.get(where)
        if key is None:
            # without its file parts, the same schema is a variant of its own
            key = self._key(target, ".files" if files else "")
            self._keys[where] = key
            self.components[key] = {}  # placeholder: recursive refs stop here
            self.components[key] = self._copy(target, files)
        return "#" + join_pointer("/components/schemas", key)

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
