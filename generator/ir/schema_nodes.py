"""Reading schema nodes: the keywords that decide how a schema is read (its types, whether it
is a `$ref`, an object model or an `allOf` of one ref) and the annotations a type carries.
"""

from __future__ import annotations

from typing import Any

from ..literals import clean_text


def is_ref(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


def single_ref_all_of(node: dict[str, Any]) -> dict[str, Any] | None:
    parts = node.get("allOf")
    if (
        isinstance(parts, list)
        and len(parts) == 1
        and is_ref(parts[0])
        and not node.get("properties")
    ):
        return parts[0]  # type: ignore[no-any-return]
    return None


def is_object_model(schema: Any) -> bool:
    """An object schema with properties (or required keys): a model. With no `type` at all,
    such a schema is read as an object too (see README, "Types")."""
    if not isinstance(schema, dict):
        return False
    props = schema.get("properties")
    required = schema.get("required")
    if not (isinstance(props, dict) and props) and not (
        isinstance(required, list) and required
    ):
        return False
    types = types_of(schema)
    return not types or "object" in types


# Keywords that apply only to values of one JSON type (and are ignored for the others).
TYPE_KEYWORDS = {
    "object": (
        "properties", "required", "additionalProperties", "patternProperties",
        "propertyNames", "minProperties", "maxProperties",
    ),
    "array": ("items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"),
    "string": ("minLength", "maxLength", "pattern"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
}  # fmt: skip


def read_as(node: dict[str, Any]) -> list[str]:
    """The type `convert` gives a schema with no `type` from its keywords: object for
    `properties` or `additionalProperties`, array for `items` (see README, "Types"); none
    for the others (`{"maxLength": 2}` admits 5: it is `Any`)."""
    if "properties" in node or "additionalProperties" in node:
        return ["object"]
    return ["array"] if "items" in node else []


ANNOTATIONS = ("description", "title", "default", "example", "examples", "deprecated")


def types_of(node: dict[str, Any]) -> list[str]:
    declared = node.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [t for t in declared if isinstance(t, str)]
    return []


def description_of(node: Any) -> str:
    if isinstance(node, dict):
        text = node.get("description")
        if isinstance(text, str):
            return clean_text(text)
        title = node.get("title")
        if isinstance(title, str):
            return clean_text(title)
    return ""


def example_of(node: Any) -> tuple[Any, bool]:
    if isinstance(node, dict):
        if "example" in node:
            return node["example"], True
        examples = node.get("examples")
        if isinstance(examples, list) and examples:
            return examples[0], True
    return None, False
