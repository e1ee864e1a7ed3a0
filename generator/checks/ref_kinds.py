"""E034: a `$ref` that resolves, but to the wrong kind of object.

The OpenAPI schema checks a Reference Object only as a string; what it names must still be
what goes where the reference is written: a parameter where a parameter goes, not a schema.
The kinds are read from places, on both ends: the reference's place in the spec (an item
of `parameters`, a `requestBody`, an operation's response, a `schema`, an entry of a
`components` section) and the target's (an entry of a `components` section, a path item).
Where either end says nothing certain, nothing is reported.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, SpecError, join_pointer, sorted_diagnostics
from ..source.pointers import pointer_tokens
from ..source.resolve import Resolver

HTTP_METHODS = frozenset(
    ("get", "put", "post", "delete", "options", "head", "patch", "trace")
)
SECTIONS = {
    "schemas": "a schema",
    "parameters": "a parameter",
    "responses": "a response",
    "requestBodies": "a request body",
    "headers": "a header",
    "examples": "an example",
    "securitySchemes": "a security scheme",
    "links": "a link",
    "callbacks": "a callback",
    "pathItems": "a path item",
}

# mappings whose keys are names, so a key "schema" there is not the keyword
_SCHEMA_NAME_MAPS = frozenset(
    ("$defs", "definitions", "patternProperties", "dependentSchemas", "content")
)


def site_kind(pointer: str) -> str | None:
    """What belongs at a place of the spec, when the place alone says it."""
    tokens = pointer_tokens(pointer)
    if "properties" in tokens or "examples" in tokens:
        return None  # inside a schema or example data: names are the author's
    if len(tokens) == 3 and tokens[0] == "components":
        return SECTIONS.get(tokens[1])
    if len(tokens) == 2 and tokens[0] == "paths":
        return "a path item"
    if len(tokens) < 3 or tokens[0] not in ("paths", "webhooks"):
        return None
    last, before = tokens[-1], tokens[-2]
    if before == "parameters" and last.isdigit():
        return "a parameter"
    if last == "requestBody" and before in HTTP_METHODS:
        return "a request body"
    if before == "responses" and len(tokens) >= 4 and tokens[-3] in HTTP_METHODS:
        return "a response"
    if last == "schema" and before not in _SCHEMA_NAME_MAPS:
        return "a schema"
    return None


def target_kind(pointer: str) -> str | None:
    """What a target is, when its place says it: an entry of a components section."""
    tokens = pointer_tokens(pointer)
    if len(tokens) == 3 and tokens[0] == "components":
        return SECTIONS.get(tokens[1])
    if len(tokens) == 2 and tokens[0] in ("paths", "webhooks"):
        return "a path item"
    return None


def check_ref_kinds(resolver: Resolver) -> tuple[Diagnostic, ...]:
    """E034 for every reference of the spec whose target is of another kind."""
    root = resolver.root
    found: list[Diagnostic] = []
    for node, pointer in resolver.sites(root):
        ref = node.get("$ref")
        wanted = site_kind(pointer)
        if not isinstance(ref, str) or wanted is None:
            continue
        try:
            target = resolver.lookup(ref, root, pointer)
        except SpecError:
            continue  # check_refs reports it
        got = target_kind(target.pointer)
        if got is not None and got != wanted:
            found.append(
                root.diagnostic(
                    "E034",
                    f"$ref '{ref}' names {got}, where {wanted} goes",
                    join_pointer(pointer, "$ref"),
                )
            )
    return sorted_diagnostics(found)
