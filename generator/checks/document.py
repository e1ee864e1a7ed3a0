"""Stage 2, validate: structural checks of the OpenAPI document and of specgen's x- vocabulary.

Every problem becomes a located Diagnostic with a stable code; all of them are collected,
none raised early, so one run shows the user everything to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, Severity, join_pointer
from ..source.loader import Document
from .naming import check_client, check_names
from .schema import check_schemas
from .structure import check_structure

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# code -> what it means; README documents the same table.
CODES = {
    "E001": "the spec (or an overlay) file cannot be read",
    "E002": "the spec (or an overlay) file is not UTF-8",
    "E003": "the spec (or an overlay) file is not valid YAML/JSON",
    "E010": "the document is not a mapping",
    "E011": "missing or unsupported 'openapi' version",
    "E012": "'info' is missing, not a mapping, or lacks 'title'/'version'",
    "E013": "'paths' is missing or not a mapping",
    "E004": "the spec file is empty",
    "E005": "the document expands to too many nodes (a YAML alias bomb?)",
    "E006": "the document is nested too deeply",
    "E014": "a Swagger 2.0 document (convert it to OpenAPI 3 first)",
    "E015": "the document breaks the OpenAPI schema",
    "E020": "an operation is not a mapping",
    "E021": "duplicate operationId",
    "E022": "path template and path parameters disagree",
    "E023": "a parameter lacks 'name'/'in' or has an unknown 'in'",
    "E030": "a $ref does not resolve",
    "E031": "a $ref points to a remote document",
    "E032": "a $ref points outside the spec's folder",
    "E033": "a $ref chain loops without reaching a schema",
    "E034": "a $ref resolves to the wrong kind of object",
    "E024": "an `in: body` / `in: formData` parameter (Swagger 2.0)",
    "E040": "a schema is malformed",
    "E041": "a schema has an unknown 'type'",
    "E042": "a schema is nested too deeply",
    "E043": "impossible constraints (minimum above maximum, negative length, ...)",
    "E050": "an x- extension has a value of the wrong kind",
    "E051": "an x- extension names a property that does not exist",
    "E060": "an overlay file is not an Overlay 1.0 document",
    "E061": "an overlay action is malformed",
    "E062": "an overlay target is not an RFC 9535 JSONPath query",
    "E063": "an overlay action cannot apply to a node its target selects",
    "T001": "an error in a user template (--templates): syntax, undefined name, exception",
}

# Codes after which validation stops: the document as a whole is not OpenAPI 3, so there
# is nothing sensible to check further or to resolve $refs in.
UNRESOLVABLE = frozenset({"E004", "E010", "E014"})


def validate_document(doc: Document) -> list[Diagnostic]:
    return list(_check(doc))


def _check(doc: Document) -> Iterator[Diagnostic]:
    data = doc.data
    if data is None:
        yield doc.diagnostic("E004", "the file is empty", "")
        return
    if isinstance(data, dict) and "swagger" in data and "openapi" not in data:
        yield doc.diagnostic(
            "E014",
            f"this is a Swagger {data['swagger']} document; specgen reads OpenAPI 3.0/3.1: "
            "convert it first (for example with swagger2openapi)",
            "/swagger",
        )
        return
    if not isinstance(data, dict):
        yield doc.diagnostic(
            "E010", "the document must be a mapping at the top level", ""
        )
        return
    schemas = list(check_schemas(doc))
    # a finding the schema checks make too is shown once, with their code
    told = {d.pointer for d in schemas}
    for diagnostic in check_structure(doc):
        if diagnostic.code != "E015" or diagnostic.pointer not in told:
            yield diagnostic
    yield from schemas
    yield from _check_title(doc, data)
    paths = data.get("paths")
    if isinstance(paths, dict):
        yield from _check_paths(doc, paths)
    yield from _check_extensions(doc, data, "")
    client = data.get("x-client")
    if client is not None:
        yield from check_client(doc, client)


def _check_title(doc: Document, data: dict[str, Any]) -> Iterator[Diagnostic]:
    info = data.get("info")
    if isinstance(info, dict) and "title" in info and not info["title"]:
        # the title names the package and the client: an empty one is as good as none
        yield doc.diagnostic("E012", "'info' has an empty 'title'", "/info/title")


def _check_paths(doc: Document, paths: dict[str, Any]) -> Iterator[Diagnostic]:
    """What the OpenAPI schema cannot say: operationIds are unique, path templates and
    path parameters agree."""
    seen_ids: dict[str, str] = {}  # operationId -> pointer of its first use
    for path, item in paths.items():
        item_ptr = join_pointer("/paths", str(path))
        if not isinstance(item, dict) or "$ref" in item:
            continue
        shared = _param_names(item.get("parameters"), "path")
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            op_ptr = join_pointer(item_ptr, method)
            op_id = op.get("operationId")
            if isinstance(op_id, str):
                if op_id in seen_ids:
                    yield doc.diagnostic(
                        "E021",
                        f"operationId '{op_id}' is already used at "
                        f"{doc.where(seen_ids[op_id])}",
                        op_ptr + "/operationId",
                    )
                else:
                    seen_ids[op_id] = op_ptr + "/operationId"
            declared = shared | _param_names(op.get("parameters"), "path")
            in_template = set(_PATH_PARAM.findall(str(path)))
            for missing in sorted(in_template - declared):
                if not _has_ref_params(item, op):
                    yield doc.diagnostic(
                        "E022",
                        f"path parameter '{missing}' appears in the path but is not declared",
                        op_ptr,
                    )
            for extra in sorted(declared - in_template):
                yield doc.diagnostic(
                    "E022",
                    f"path parameter '{extra}' is declared but not in the path template",
                    op_ptr,
                )
            yield from check_names(doc, op, op_ptr)


def _param_names(params: Any, location: str) -> set[str]:
    if not isinstance(params, list):
        return set()
    return {
        str(p["name"])
        for p in params
        if isinstance(p, dict) and p.get("in") == location and "name" in p
    }


def _has_ref_params(item: dict[str, Any], op: dict[str, Any]) -> bool:
    """Parameters given by $ref are checked when resolved, not here."""
    for params in (item.get("parameters"), op.get("parameters")):
        if isinstance(params, list) and any(
            isinstance(p, dict) and "$ref" in p for p in params
        ):
            return True
    return False


def _check_extensions(doc: Document, node: Any, pointer: str) -> Iterator[Diagnostic]:
    """Walk every mapping once, checking the x- file vocabulary where it appears."""
    stack: list[tuple[Any, str]] = [(node, pointer)]
    while stack:
        current, ptr = stack.pop()
        if isinstance(current, dict):
            if isinstance(current.get("properties"), dict):
                yield from _check_file_rules(
                    doc, current["properties"], ptr + "/properties"
                )
            for key, value in current.items():
                if isinstance(value, dict | list):
                    stack.append((value, join_pointer(ptr, str(key))))
        elif isinstance(current, list):
            for index, value in enumerate(current):
                if isinstance(value, dict | list):
                    stack.append((value, join_pointer(ptr, index)))


def _check_file_rules(
    doc: Document, properties: dict[str, Any], pointer: str
) -> Iterator[Diagnostic]:
    for name, prop in properties.items():
        if not isinstance(prop, dict):
            continue
        ptr = join_pointer(pointer, str(name))
        types = prop.get("x-file-types")
        if types is not None and (
            not isinstance(types, list)
            or not all(isinstance(t, str) and "/" in t for t in types)
        ):
            yield doc.diagnostic(
                "E050",
                "x-file-types must be a list of media types",
                ptr + "/x-file-types",
            )
        size = prop.get("x-max-bytes")
        if size is not None and (
            not isinstance(size, int) or isinstance(size, bool) or size < 0
        ):
            yield doc.diagnostic(
                "E050",
                "x-max-bytes must be a non-negative integer",
                ptr + "/x-max-bytes",
            )
        square = prop.get("x-image-square")
        if square is not None and not isinstance(square, bool):
            yield doc.diagnostic(
                "E050", "x-image-square must be true or false", ptr + "/x-image-square"
            )
        for key in ("x-image-same-size-as", "x-image-alpha-unless"):
            other = prop.get(key)
            if other is None:
                continue
            if not isinstance(other, str):
                yield doc.diagnostic(
                    "E050", f"{key} must name a property", join_pointer(ptr, key)
                )
            elif other not in properties or other == name:
                yield doc.diagnostic(
                    "E051",
                    f"{key} names '{other}', which is not another property here",
                    join_pointer(ptr, key),
                )
        yield from _png_only(doc, prop, ptr)


# The image rules read PNG headers (dimensions, alpha); other image types are not decoded.
_IMAGE_RULES = ("x-image-square", "x-image-same-size-as", "x-image-alpha-unless")


def _png_only(doc: Document, prop: dict[str, Any], ptr: str) -> Iterator[Diagnostic]:
    """W109: an image rule on a field that may hold other files than PNG is not checked
    for those files: never silently weaker."""
    types = prop.get("x-file-types")
    if isinstance(types, list):
        others = [str(t) for t in types if t != "image/png"]
        if not others:
            return
        unchecked = f"{', '.join(others)} files are sent without this check"
    else:
        unchecked = "with no x-file-types, files of other types are sent without it"
    for key in _IMAGE_RULES:
        if prop.get(key) not in (None, False):
            yield doc.diagnostic(
                "W109",
                f"{key} is checked on PNG files only; {unchecked}",
                join_pointer(ptr, key),
                Severity.WARNING,
            )
