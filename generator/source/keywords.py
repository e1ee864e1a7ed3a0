"""Where JSON Schema (either dialect, and the OpenAPI Schema Object) keeps subschemas, and
which words are its keywords: one table for every walk over schemas (identifiers, the request
schema document), so the walks agree with each other and with the runtime's validator.
"""

from __future__ import annotations

# A keyword whose value is one schema (`items` too, outside draft 4's list form).
SUBSCHEMA = frozenset(
    {
        "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains",
        "propertyNames", "unevaluatedItems", "unevaluatedProperties", "items",
    }
)  # fmt: skip
# A keyword whose value is a list of schemas (and draft 4's list-form `items`).
SUBSCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
# A keyword whose value maps names to schemas (draft 4's `dependencies` maps names to a
# schema or to a list of property names).
SUBSCHEMA_MAP = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
# Every keyword of either dialect: outside a schema, their values are not searched.
KEYWORDS = (
    SUBSCHEMA
    | SUBSCHEMA_LIST
    | SUBSCHEMA_MAP
    | {
        "$ref", "$dynamicRef", "$id", "id", "$anchor", "$dynamicAnchor", "$schema",
        "$vocabulary", "$comment", "type", "enum", "const", "default", "examples",
        "example", "required", "title", "description", "format", "nullable", "readOnly",
        "writeOnly", "deprecated", "discriminator", "xml", "externalDocs",
        "dependentRequired", "dependencies",
    }
)  # fmt: skip
