"""Stage 2b, validate schemas: every schema in the document, found by where schemas may sit.

Reports unknown type names, malformed keywords and impossible constraints (a minimum above
its maximum, a negative length, ...). Iterative: no recursion, whatever the nesting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, SpecError, join_pointer, sorted_diagnostics
from ..source.loader import Document
from ..source.operation_sites import deref, item_operations, path_items
from ..source.property_maps import is_map_ref
from ..source.resolve import Located, Resolver

TYPE_NAMES = frozenset(
    {"string", "integer", "number", "boolean", "array", "object", "null"}
)
# keywords whose value is one schema, or a list / mapping of schemas
_ONE = ("items", "additionalProperties", "not", "schema", "contains", "propertyNames")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "schemas", "$defs", "definitions")
_BOUNDS = (
    ("minimum", "maximum", "the minimum is above the maximum"),
    ("minLength", "maxLength", "minLength is above maxLength"),
    ("minItems", "maxItems", "minItems is above maxItems"),
    ("minProperties", "maxProperties", "minProperties is above maxProperties"),
)
# a `$ref` whose value (quoted or not) does not start with "#": it may lead to another file
_OTHER_FILE_REF = re.compile(r"""\$ref["']?\s*:(?!\s*["']?#)""")
_COUNTS = (
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
)


def schema_roots(data: dict[str, Any]) -> Iterator[tuple[Any, str]]:
    """Every place a schema starts: components, parameters, bodies, responses, headers."""
    components = data.get("components")
    if isinstance(components, dict):
        for section in ("schemas",):
            entries = components.get(section)
            if isinstance(entries, dict):
                for name, schema in entries.items():
                    yield schema, join_pointer("/components", section, str(name))
        for section in ("parameters", "headers"):
            entries = components.get(section)
            if isinstance(entries, dict):
                for name, item in entries.items():
                    if isinstance(item, dict) and "schema" in item:
                        ptr = join_pointer("/components", section, str(name), "schema")
                        yield item["schema"], ptr
        for section in ("requestBodies", "responses"):
            entries = components.get(section)
            if isinstance(entries, dict):
                for name, item in entries.items():
                    yield from _content_schemas(
                        item, join_pointer("/components", section, str(name))
                    )
    paths = data.get("paths")
    if isinstance(paths, dict):
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            item_ptr = join_pointer("/paths", str(path))
            yield from _parameter_schemas(
                item.get("parameters"), item_ptr + "/parameters"
            )
            for method, op in item.items():
                if not isinstance(op, dict) or method == "parameters":
                    continue
                op_ptr = join_pointer(item_ptr, method)
                yield from _parameter_schemas(
                    op.get("parameters"), op_ptr + "/parameters"
                )
                yield from _content_schemas(
                    op.get("requestBody"), op_ptr + "/requestBody"
                )
                responses = op.get("responses")
                if isinstance(responses, dict):
                    for status, response in responses.items():
                        ptr = join_pointer(op_ptr, "responses", str(status))
                        yield from _content_schemas(response, ptr)


def _parameter_schemas(params: Any, pointer: str) -> Iterator[tuple[Any, str]]:
    if isinstance(params, list):
        for index, param in enumerate(params):
            if isinstance(param, dict) and "schema" in param:
                yield param["schema"], join_pointer(pointer, index, "schema")


def _content_schemas(holder: Any, pointer: str) -> Iterator[tuple[Any, str]]:
    if not isinstance(holder, dict):
        return
    # media types under `content`, header names under `headers`: each holds a schema
    for part in ("content", "headers"):
        entries = holder.get(part)
        if not isinstance(entries, dict):
            continue
        for name, entry in entries.items():
            if isinstance(entry, dict) and "schema" in entry:
                yield entry["schema"], join_pointer(pointer, part, str(name), "schema")


def check_schemas(doc: Document) -> Iterator[Diagnostic]:
    if not isinstance(doc.data, dict):
        return
    yield from check_schema_tree(doc, schema_roots(doc.data), is_31(doc.data))


def is_31(data: Any) -> bool:
    """Whether a spec is OpenAPI 3.1 (JSON Schema 2020-12), from its `openapi` field."""
    version = data.get("openapi") if isinstance(data, dict) else None
    return isinstance(version, str) and version.startswith("3.1")


def check_schema_tree(
    doc: Document,
    roots: Iterable[tuple[Any, str]],
    d31: bool,
    refs: list[tuple[str, str]] | None = None,
) -> Iterator[Diagnostic]:
    """Check the schemas at `roots` in `doc` and every schema inside them; each `$ref`
    met at a schema's place is added to `refs` as (ref, pointer of its schema)."""
    seen: set[int] = set()  # YAML anchors share nodes: check each once
    stack = list(roots)
    while stack:
        schema, pointer = stack.pop()
        if not isinstance(schema, dict) or id(schema) in seen:
            if not isinstance(schema, dict | bool):
                yield doc.diagnostic("E040", "a schema must be a mapping", pointer)
            continue
        seen.add(id(schema))
        if "$ref" in schema:
            if refs is not None and isinstance(schema["$ref"], str):
                refs.append((schema["$ref"], pointer))
            if not d31:
                continue  # 3.0: the target is checked where it is defined; siblings ignored
        yield from _check_one(doc, schema, pointer, d31)
        for key in _ONE:
            if isinstance(schema.get(key), dict):
                stack.append((schema[key], join_pointer(pointer, key)))
        for key in _LIST:
            value = schema.get(key)
            if value is None:
                continue
            if not isinstance(value, list):
                yield doc.diagnostic(
                    "E040",
                    f"'{key}' must be a list of schemas",
                    join_pointer(pointer, key),
                )
                continue
            stack.extend(
                (sub, join_pointer(pointer, key, i)) for i, sub in enumerate(value)
            )
        items = schema.get("items")
        if isinstance(items, list):  # draft 4's tuple form (3.0)
            stack.extend(
                (sub, join_pointer(pointer, "items", i)) for i, sub in enumerate(items)
            )
        for key in _MAP:
            value = schema.get(key)
            if value is None or (key == "properties" and is_map_ref(value)):
                continue  # a map given by `$ref` that did not resolve: see check_refs
            if not isinstance(value, dict):
                yield doc.diagnostic(
                    "E040", f"'{key}' must be a mapping", join_pointer(pointer, key)
                )
                continue
            stack.extend(
                (sub, join_pointer(pointer, key, str(n))) for n, sub in value.items()
            )


def check_referenced_schemas(resolver: Resolver) -> tuple[Diagnostic, ...]:
    """Check the schemas the spec's schemas refer to in other files, as it checks its own:
    each target of a `$ref` written where a schema goes, and everything inside it. A ref
    that does not resolve is left to `check_refs`, which reports it."""
    root = resolver.root
    if not isinstance(root.data, dict) or not _OTHER_FILE_REF.search(root.source.text):
        return ()  # every `$ref` of the spec is within it
    d31 = is_31(root.data)
    found: list[Diagnostic] = []
    refs: list[tuple[str, str]] = []
    for _ in check_schema_tree(root, schema_roots(root.data), d31, refs):
        pass  # reported by validate_document: only the refs are wanted here
    queue = [(root, ref, pointer) for ref, pointer in refs]
    done: set[tuple[Path, str]] = set()
    for doc, roots in _operation_schemas(resolver):
        inside: list[tuple[str, str]] = []
        found.extend(check_schema_tree(doc, roots, d31, inside))
        queue.extend((doc, r, p) for r, p in inside)
    while queue:
        doc, ref, pointer = queue.pop()
        try:
            target = resolver.lookup(ref, doc, pointer)
        except SpecError:
            continue
        where = (target.doc.real_path, target.pointer)
        if target.doc is root or where in done:
            continue
        done.add(where)
        more: list[tuple[str, str]] = []
        found.extend(
            check_schema_tree(target.doc, [(target.node, target.pointer)], d31, more)
        )
        queue.extend((target.doc, r, p) for r, p in more)
    return sorted_diagnostics(found)


def _operation_schemas(
    resolver: Resolver,
) -> list[tuple[Document, list[tuple[Any, str]]]]:
    """The schemas of operations, path items, parameters, request bodies and responses
    that live in files the spec refers to (`get: {$ref: ops/list.yaml}`), by file:
    `schema_roots` finds only those written in the spec itself."""
    found: dict[Path, tuple[Document, list[tuple[Any, str]]]] = {}

    def add(holder: Located, parameter: bool) -> None:
        target = deref(resolver, holder, tolerant=True)
        if target is None or target.doc is resolver.root:
            return
        _, roots = found.setdefault(target.doc.real_path, (target.doc, []))
        if parameter and isinstance(target.node, dict) and "schema" in target.node:
            roots.append((target.node["schema"], target.pointer + "/schema"))
        roots.extend(_content_schemas(target.node, target.pointer))

    for _, item in path_items(resolver, resolver.root, tolerant=True):
        holders = [item] + [
            op for _, op in item_operations(resolver, item, tolerant=True)
        ]
        for holder in holders:
            if not isinstance(holder.node, dict):
                continue
            params = holder.node.get("parameters")
            for index, param in enumerate(params if isinstance(params, list) else []):
                at = join_pointer(holder.pointer, "parameters", index)
                add(Located(param, holder.doc, at), True)
            if "requestBody" in holder.node:
                at = holder.pointer + "/requestBody"
                add(Located(holder.node["requestBody"], holder.doc, at), False)
            responses = holder.node.get("responses")
            for status, response in (
                responses.items() if isinstance(responses, dict) else []
            ):
                at = join_pointer(holder.pointer, "responses", str(status))
                add(Located(response, holder.doc, at), False)
    return [entry for entry in found.values() if entry[1]]


def _check_one(
    doc: Document, schema: dict[str, Any], pointer: str, d31: bool
) -> Iterator[Diagnostic]:
    declared = schema.get("type")
    names = (
        declared
        if isinstance(declared, list)
        else [declared] if declared is not None else []
    )
    for name in names:
        if not isinstance(name, str) or name not in TYPE_NAMES:
            yield doc.diagnostic(
                "E041",
                f"unknown type {name!r}; use one of {', '.join(sorted(TYPE_NAMES))}",
                join_pointer(pointer, "type"),
            )
    required = schema.get("required")
    if required is not None and (
        not isinstance(required, list) or not all(isinstance(r, str) for r in required)
    ):
        yield doc.diagnostic(
            "E040",
            "'required' must be a list of property names",
            join_pointer(pointer, "required"),
        )
    enum = schema.get("enum")
    # draft 4 wants at least one value; 2020-12 allows none (the schema admits nothing)
    if enum is not None and (not isinstance(enum, list) or (not enum and not d31)):
        yield doc.diagnostic(
            "E040",
            "'enum' must be a list" if d31 else "'enum' must be a non-empty list",
            join_pointer(pointer, "enum"),
        )
    for key in _COUNTS:
        value = schema.get(key)
        # 2020-12 counts are integers by value (`2.0` is one); draft 4's by spelling
        if value is not None and (not _is_int(value, d31) or value < 0):
            yield doc.diagnostic(
                "E043",
                f"{key} must be a non-negative integer",
                join_pointer(pointer, key),
            )
    for low_key, high_key, message in _BOUNDS:
        low, high = schema.get(low_key), schema.get(high_key)
        if (
            isinstance(low, int | float)
            and isinstance(high, int | float)
            and low > high
        ):
            yield doc.diagnostic(
                "E043", f"{message} ({low} > {high})", join_pointer(pointer, low_key)
            )
    multiple = schema.get("multipleOf")
    if multiple is not None and (not _is_number(multiple) or multiple <= 0):
        yield doc.diagnostic(
            "E043",
            "multipleOf must be a number above 0",
            join_pointer(pointer, "multipleOf"),
        )


def _is_int(value: Any, d31: bool) -> bool:
    if isinstance(value, float):
        return d31 and value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
