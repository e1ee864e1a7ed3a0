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
from ..source.operation_sites import deref, item_operations, path_items
from ..source.resolve import Located, Resolver
from .naming import check_client, check_names
from .schema import check_schemas
from .structure import check_structure

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


def validate_document(resolver: Resolver) -> list[Diagnostic]:
    """Every problem in the spec's structure (the root document's, and its path items' and
    operations' in the files they are referenced from)."""
    return list(_check(resolver))


def _check(resolver: Resolver) -> Iterator[Diagnostic]:
    doc = resolver.root
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
    found = list(check_structure(doc))
    referenced = _split_positions(data) if found else []  # a walk: only when needed
    for diagnostic in found:
        if diagnostic.code == "E015" and diagnostic.pointer in told:
            continue
        if any(_at_or_under(diagnostic.pointer, p) for p in referenced):
            continue  # an operation or property map in another file: checked there
        yield diagnostic
    yield from schemas
    yield from _check_title(doc, data)
    paths = data.get("paths")
    if isinstance(paths, dict):
        yield from _check_paths(resolver)
    yield from _check_extensions(doc, data, "")
    client = data.get("x-client")
    if client is not None:
        yield from check_client(doc, client)


def _check_title(doc: Document, data: dict[str, Any]) -> Iterator[Diagnostic]:
    info = data.get("info")
    if isinstance(info, dict) and "title" in info and not info["title"]:
        # the title names the package and the client: an empty one is as good as none
        yield doc.diagnostic("E012", "'info' has an empty 'title'", "/info/title")


def _check_paths(resolver: Resolver) -> Iterator[Diagnostic]:
    """Path items and operations, each checked in the file that holds it: a `$ref` in
    path-item or operation position is followed (one that does not resolve is reported by
    `check_refs`), and so are parameters given by `$ref`, so a path parameter declared in a
    referenced file is seen."""
    seen_ids: dict[str, tuple[Document, str]] = {}  # operationId -> its first use
    for path, item in path_items(resolver, resolver.root, tolerant=True):
        if not isinstance(item.node, dict):
            if item.doc is not resolver.root:  # the root's: the schema check says it
                yield item.doc.diagnostic(
                    "E020", "a path item must be a mapping", item.pointer
                )
            continue
        shared = _param_names(resolver, item, "parameters")
        for _, op in item_operations(resolver, item, tolerant=True):
            if not isinstance(op.node, dict):
                if op.doc is not resolver.root:
                    yield op.doc.diagnostic(
                        "E020", "an operation must be a mapping", op.pointer
                    )
                continue
            op_id = op.node.get("operationId")
            if isinstance(op_id, str):
                first = seen_ids.get(op_id)
                if first is None:
                    seen_ids[op_id] = (op.doc, op.pointer + "/operationId")
                else:
                    again = first == (op.doc, op.pointer + "/operationId")
                    yield op.doc.diagnostic(
                        "E021",
                        (
                            f"operationId '{op_id}' is used again: this operation is "
                            "referenced from more than one path"
                            if again
                            else f"operationId '{op_id}' is already used at "
                            f"{first[0].where(first[1])}"
                        ),
                        op.pointer + "/operationId",
                    )
            declared = shared | _param_names(resolver, op, "parameters")
            in_template = set(_PATH_PARAM.findall(path))
            if None not in declared:
                for missing in sorted(in_template - declared):
                    yield op.doc.diagnostic(
                        "E022",
                        f"path parameter '{missing}' appears in the path {path} but "
                        "is not declared",
                        op.pointer,
                    )
            for extra in sorted(n for n in declared - in_template if n is not None):
                yield op.doc.diagnostic(
                    "E022",
                    f"path parameter '{extra}' is declared but not in the path "
                    f"template {path}",
                    op.pointer,
                )
            yield from _check_params(
                resolver, op.doc, op.node.get("parameters"), op.pointer + "/parameters"
            )
            yield from check_names(op.doc, op.node, op.pointer)
        yield from _check_params(
            resolver,
            item.doc,
            item.node.get("parameters"),
            item.pointer + "/parameters",
        )


def _split_positions(data: dict[str, Any]) -> list[str]:
    """Where the root holds a `$ref` the OpenAPI schema does not allow but split specs use
    (and specgen follows): an operation given by `$ref`, and a `properties` map given by
    `$ref`. The schema check would call them malformed; what they name is checked in its
    own file."""
    found: list[str] = []
    paths = data.get("paths")
    if isinstance(paths, dict):
        for path, item in paths.items():
            if isinstance(item, dict):
                for method, op in item.items():
                    if isinstance(op, dict) and "$ref" in op:
                        found.append(join_pointer("/paths", str(path), str(method)))
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict) and isinstance(props.get("$ref"), str):
                found.append(pointer + "/properties")
            stack.extend((v, join_pointer(pointer, str(k))) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, join_pointer(pointer, i)) for i, v in enumerate(node))
    return found


def _at_or_under(pointer: str, prefix: str) -> bool:
    return pointer == prefix or pointer.startswith(prefix + "/")


def _param_names(resolver: Resolver, holder: Located, key: str) -> set[str | None]:
    """The names of the path parameters a path item or operation declares, `$ref`s
    followed; None among them when one cannot be followed (nothing is then missing)."""
    params = holder.node.get(key)
    if not isinstance(params, list):
        return set()
    names: set[str | None] = set()
    for index, raw in enumerate(params):
        at = join_pointer(holder.pointer, key, index)
        param = deref(resolver, Located(raw, holder.doc, at), tolerant=True)
        if param is None:
            names.add(None)
        elif (
            isinstance(param.node, dict)
            and param.node.get("in") == "path"
            and "name" in param.node
        ):
            names.add(str(param.node["name"]))
    return names


def _check_params(
    resolver: Resolver, doc: Document, params: Any, pointer: str
) -> Iterator[Diagnostic]:
    """The parameters' shape where the OpenAPI schema check does not look: in files the
    root refers to (the root's own are that check's)."""
    if params is None:
        return
    if not isinstance(params, list):
        if doc is not resolver.root:
            yield doc.diagnostic("E023", "'parameters' must be a list", pointer)
        return
    for index, raw in enumerate(params):
        ptr = join_pointer(pointer, index)
        # a parameter given by `$ref` is checked where it is written (in its own file)
        found = deref(resolver, Located(raw, doc, ptr), tolerant=True)
        if found is None:
            continue  # reported by check_refs
        param, where, ptr = found.node, found.doc, found.pointer
        if where is resolver.root:
            continue
        if not isinstance(param, dict):
            yield where.diagnostic("E023", "a parameter must be a mapping", ptr)
        elif "name" not in param or "in" not in param:
            yield where.diagnostic("E023", "a parameter needs 'name' and 'in'", ptr)
        elif param["in"] in ("body", "formData"):
            yield where.diagnostic(
                "E024",
                f"'in: {param['in']}' is Swagger 2.0; in OpenAPI 3 a body is the "
                "operation's 'requestBody'",
                ptr + "/in",
            )
        elif param["in"] not in ("path", "query", "header", "cookie"):
            yield where.diagnostic(
                "E023",
                f"parameter 'in' must be path, query, header or cookie, not '{param['in']}'",
                ptr + "/in",
            )


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
