"""Stage 2b, validate schemas: every schema in the document, found by where schemas may sit.

Reports unknown type names, malformed keywords and impossible constraints (a minimum above
its maximum, a negative length, ...). Iterative: no recursion, whatever the nesting.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, join_pointer
from ..source.loader import Document

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
    content = holder.get("content")
    if isinstance(content, dict):
        for media, entry in content.items():
            if isinstance(entry, dict) and "schema" in entry:
                yield entry["schema"], join_pointer(
                    pointer, "content", str(media), "schema"
                )
    headers = holder.get("headers")
    if isinstance(headers, dict):
        for name, header in headers.items():
            if isinstance(header, dict) and "schema" in header:
                yield header["schema"], join_pointer(
                    pointer, "headers", str(name), "schema"
                )


def check_schemas(doc: Document) -> Iterator[Diagnostic]:
    if not isinstance(doc.data, dict):
        return
    seen: set[int] = set()  # YAML anchors share nodes: check each once
    stack = list(schema_roots(doc.data))
    while stack:
        schema, pointer = stack.pop()
        if not isinstance(schema, dict) or id(schema) in seen:
            if not isinstance(schema, dict | bool):
                yield doc.diagnostic("E040", "a schema must be a mapping", pointer)
            continue
        seen.add(id(schema))
        if "$ref" in schema:
            continue  # the target is checked where it is defined
        yield from _check_one(doc, schema, pointer)
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
        for key in _MAP:
            value = schema.get(key)
            if value is None:
                continue
            if not isinstance(value, dict):
                yield doc.diagnostic(
                    "E040", f"'{key}' must be a mapping", join_pointer(pointer, key)
                )
                continue
            stack.extend(
                (sub, join_pointer(pointer, key, str(n))) for n, sub in value.items()
            )


def _check_one(
    doc: Document, schema: dict[str, Any], pointer: str
) -> Iterator[Diagnostic]:
    declared = schema.get("type")
    names = (
        declared
        if isinstance(declared, list)
        else [declared] if declared is not None else []
    )
    for name in names:
        if name not in TYPE_NAMES:
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
    if enum is not None and (not isinstance(enum, list) or not enum):
        yield doc.diagnostic(
            "E040", "'enum' must be a non-empty list", join_pointer(pointer, "enum")
        )
    for key in _COUNTS:
        value = schema.get(key)
        if value is not None and (not _is_int(value) or value < 0):
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


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
