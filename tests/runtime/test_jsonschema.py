"""runtime._jsonschema: JSON values, violations (field, rule, message), refs and dialects."""

from __future__ import annotations

import ast
import re
import sys
import threading
import types
from pathlib import Path
from typing import Any

import pytest
from runtime import _jsonschema, _jsonschema_compile
from runtime._jsonschema import Dialect, SchemaError, Validator
from runtime._jsonschema_patterns import ecma_to_python
from runtime._validation import Violation, shorten

BOTH = pytest.mark.parametrize("dialect", list(Dialect))


def components(dialect: Dialect = Dialect.OPENAPI_31, **schemas: Any) -> Validator:
    return Validator({"components": {"schemas": schemas}}, dialect)


def check(
    schema: Any, value: object, dialect: Dialect = Dialect.OPENAPI_31
) -> list[Violation]:
    return Validator(schema, dialect).check("#", value)


def rules(
    schema: Any, value: object, dialect: Dialect = Dialect.OPENAPI_31
) -> list[str]:
    return [v.rule for v in check(schema, value, dialect)]


# --- JSON values ------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize("kind", ["integer", "number"])
def test_bool_is_not_a_number(dialect: Dialect, kind: str) -> None:
    article = "an" if kind == "integer" else "a"
    assert check({"type": kind}, True, dialect) == [
        Violation("", "type", f"must be {article} {kind} (got True)")
    ]
    assert rules({"type": "boolean"}, 1, dialect) == ["type"]
    assert rules({"type": "boolean"}, 0.0, dialect) == ["type"]


@BOTH
def test_float_with_zero_fraction_is_an_integer(dialect: Dialect) -> None:
    assert check({"type": "integer"}, 1.0, dialect) == []
    assert check({"type": "integer"}, 1e300, dialect) == []
    assert check({"type": "integer", "maximum": 3}, 4.0, dialect) == [
        Violation("", "maximum", "must be at most 3 (got 4.0)")
    ]
    assert rules({"type": "integer"}, 1.5, dialect) == ["type"]


@BOTH
@pytest.mark.parametrize(
    ("step", "value", "valid"),
    [
        (0.01, 0.07, True),  # 0.07 / 0.01 == 7.000000000000001 in floats
        (0.01, 19.99, True),
        (0.01, 4.35, True),
        (0.01, 0.015, False),
        (0.01, 10, True),
        (1e-8, 12391239123, True),
        (1e-8, 0.00000003, True),
        (1e-8, 1.5e-8, False),
        (0.1, 0.3, True),
        (0.123456789, 1e308, False),  # the float quotient overflows: still decided
        (7, 10**40 * 7, True),
        (7, 10**40 * 7 + 1, False),
        (2, 4.0, True),
        (2, 5.0, False),
        (1.5, 4.5, True),
        (0.5, 10**30, True),
    ],
)
def test_multiple_of_is_exact(
    dialect: Dialect, step: float, value: float, valid: bool
) -> None:
    found = check({"multipleOf": step}, value, dialect)
    assert (not found) is valid
    if not valid:
        assert found == [
            Violation(
                "", "multipleOf", f"must be a multiple of {step} (got {shorten(value)})"
            )
        ]


def test_multiple_of_never_raises_on_non_finite_values() -> None:
    assert rules({"multipleOf": 0.5}, float("inf")) == ["multipleOf"]
    assert rules({"multipleOf": 0.5}, float("nan")) == ["multipleOf"]


@BOTH
def test_huge_numbers_compare_exactly(dialect: Dialect) -> None:
    assert check({"type": "integer"}, 10**100, dialect) == []
    assert rules({"maximum": 10**20}, 10**20 + 1, dialect) == ["maximum"]
    assert check({"maximum": 10**20}, 10**20, dialect) == []
    assert rules({"maximum": 1e308}, 10**400, dialect) == ["maximum"]
    assert check({"minimum": -1e308}, -(10**300), dialect) == []
    # 2**53 + 1 is not a float: the int itself is compared, not its rounding
    assert rules({"maximum": 2**53}, 2**53 + 1, dialect) == ["maximum"]


@BOTH
def test_lengths_count_code_points(dialect: Dialect) -> None:
    assert check({"maxLength": 2}, "💩💩", dialect) == []
    assert check({"maxLength": 1}, "\u00e9", dialect) == []  # é, one code point
    assert check({"maxLength": 1}, "e\u0301", dialect) == [  # e + combining accent
        Violation("", "maxLength", "at most 1 character (got 2)")
    ]
    assert check({"minLength": 3}, "日本", dialect) == [
        Violation("", "minLength", "at least 3 characters (got 2)")
    ]


@BOTH
def test_enum_compares_json_values(dialect: Dialect) -> None:
    schema = {"enum": [{"a": 1}, [1, 2], 0, False, None, "x"]}
    for valid in ({"a": 1.0}, [1.0, 2], (1, 2), 0.0, False, None, "x", {"a": 1}):
        assert check(schema, valid, dialect) == [], valid
    for invalid in ({"a": True}, [True, 2], [2, 1], True, 1, "X", {"a": 1, "b": 2}):
        assert rules(schema, invalid, dialect) == ["enum"], invalid
    assert rules({"enum": [0]}, False, dialect) == ["enum"]
    assert rules({"enum": [False]}, 0, dialect) == ["enum"]
    assert rules({"enum": [1]}, True, dialect) == ["enum"]


def test_const_compares_json_values() -> None:
    assert check({"const": {"a": [1, {"b": 2}]}}, {"a": (1.0, {"b": 2.0})}) == []
    assert check({"const": 1}, True) == [Violation("", "const", "must be 1 (got True)")]
    assert rules({"const": {"a": 0}}, {"a": False}) == ["const"]
    assert rules({"const": None}, 0) == ["const"]


@BOTH
def test_unique_items_compare_json_values(dialect: Dialect) -> None:
    schema = {"uniqueItems": True}
    assert check(schema, [1, 1.0], dialect) == [
        Violation("", "uniqueItems", "must not repeat items (items 0 and 1 are equal)")
    ]
    assert check(schema, [1, True], dialect) == []
    assert check(schema, [0, False], dialect) == []
    assert check(schema, [{"a": 0}, {"a": False}], dialect) == []
    assert rules(schema, [{"a": [1]}, {"a": [1.0]}], dialect) == ["uniqueItems"]
    assert rules(schema, [[1, 2], (1, 2)], dialect) == ["uniqueItems"]
    assert check(schema, [[1, 2], [2, 1]], dialect) == []


@BOTH
def test_python_containers_as_json(dialect: Dialect) -> None:
    assert check({"type": "array", "maxItems": 2}, (1, 2), dialect) == []
    proxy = types.MappingProxyType({"a": 1})
    assert check({"type": "object", "required": ["a"]}, proxy, dialect) == []
    assert rules({"type": "object", "required": ["b"]}, proxy, dialect) == ["required"]
    assert rules({"type": "array"}, {1, 2}, dialect) == ["type"]


@BOTH
def test_non_json_values_are_refused_by_type(dialect: Dialect) -> None:
    assert check({"type": "string"}, b"abc", dialect) == [
        Violation(
            "", "type", "must be a string (got b'abc', which is not a JSON value)"
        )
    ]
    assert check({"type": "number"}, float("nan"), dialect) == [
        Violation("", "type", "must be a number (got nan, which is not a JSON number)")
    ]
    assert rules({"type": "number"}, float("inf"), dialect) == ["type"]
    assert rules({"type": "object"}, object(), dialect) == ["type"]
    assert rules({"type": ["string", "integer"]}, b"1", dialect) == ["type"]
    assert check({"maxLength": 1}, b"abc", dialect) == []  # no `type`: not refused


# --- violations: field, rule, message ------------------------------------------------------


def test_every_violation_is_reported_with_its_field_and_rule() -> None:
    validator = components(
        Message={
            "type": "object",
            "required": ["role", "content"],
            "properties": {
                "role": {"type": "string", "enum": ["user", "system"]},
                "content": {"type": "string", "maxLength": 5},
                "n": {"type": "integer", "minimum": 1, "maximum": 10},
            },
            "additionalProperties": False,
        },
        Request={
            "type": "object",
            "required": ["messages", "model"],
            "properties": {
                "messages": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"$ref": "#/components/schemas/Message"},
                },
                "model": {"type": "string", "pattern": "^gpt-"},
                "temperature": {"type": "number", "exclusiveMaximum": 2},
            },
        },
    )
    body = {
        "messages": [
            {"role": "user", "content": "hello"},
            {"role": "bot", "content": "a longer text", "n": 0, "extra": True},
            {"content": "hi"},
        ],
        "model": "claude",
        "temperature": 2,
    }
    assert validator.check("#/components/schemas/Request", body) == [
        Violation(
            "messages.1.role", "enum", "must be one of 'user' or 'system' (got 'bot')"
        ),
        Violation("messages.1.content", "maxLength", "at most 5 characters (got 13)"),
        Violation("messages.1.n", "minimum", "must be at least 1 (got 0)"),
        Violation("messages.1.extra", "additionalProperties", "is not a known field"),
        Violation("messages.2.role", "required", "is required"),
        Violation("model", "pattern", "must match '^gpt-' (got 'claude')"),
        Violation("temperature", "exclusiveMaximum", "must be less than 2 (got 2)"),
    ]
    assert not validator.is_valid("#/components/schemas/Request", body)
    assert validator.check("#/components/schemas/Request", {}) == [
        Violation("messages", "required", "is required"),
        Violation("model", "required", "is required"),
    ]


def test_path_prefixes_every_field() -> None:
    schema = {"properties": {"a": {"items": {"type": "string"}}}, "required": ["b"]}
    found = Validator(schema, Dialect.OPENAPI_31).check("#", {"a": ["x", 1]}, "body")
    assert [v.field for v in found] == ["body.b", "body.a.1"]
    assert str(found[1]) == "body.a.1: must be a string (got 1)"
    assert str(Validator({"type": "string"}).check("#", 1)[0]) == (
        "must be a string (got 1)"
    )


@pytest.mark.parametrize(
    ("schema", "value", "rule", "message"),
    [
        ({"minimum": 5}, 4, "minimum", "must be at least 5 (got 4)"),
        (
            {"exclusiveMinimum": 5},
            5,
            "exclusiveMinimum",
            "must be greater than 5 (got 5)",
        ),
        ({"maximum": 5}, 6.5, "maximum", "must be at most 5 (got 6.5)"),
        ({"minItems": 2}, [1], "minItems", "at least 2 items (got 1)"),
        ({"maxItems": 1}, [1, 2], "maxItems", "at most 1 item (got 2)"),
        ({"minProperties": 1}, {}, "minProperties", "at least 1 field (got 0)"),
        (
            {"maxProperties": 1},
            {"a": 1, "b": 2},
            "maxProperties",
            "at most 1 field (got 2)",
        ),
        ({"type": ["string", "null"]}, 5, "type", "must be a string or null (got 5)"),
        ({"not": {"type": "string"}}, "s", "not", "must not be a string (got 's')"),
        ({"not": {"enum": [1, 2]}}, 1, "not", "must not be one of 1 or 2 (got 1)"),
        (
            {"not": {"minLength": 2}},
            "ab",
            "not",
            "must not match the schema in `not` (got 'ab')",
        ),
        (
            {"contains": {"type": "string"}},
            [1, 2],
            "contains",
            "must contain at least 1 item matching `contains` (got 0)",
        ),
        (
            {"contains": {"type": "string"}, "minContains": 2},
            ["a", 2],
            "minContains",
            "must contain at least 2 items matching `contains` (got 1)",
        ),
        (
            {"contains": {"type": "string"}, "maxContains": 1},
            ["a", "b"],
            "maxContains",
            "must contain at most 1 item matching `contains` (got 2)",
        ),
        (
            {"enum": list(range(12))},
            12,
            "enum",
            "must be one of 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ... (got 12)",
        ),
        ({"type": "string"}, "x" * 60, "", ""),
    ],
)
def test_messages(schema: Any, value: object, rule: str, message: str) -> None:
    expected = [Violation("", rule, message)] if rule else []
    assert check(schema, value) == expected


def test_long_values_are_shortened() -> None:
    (found,) = check({"type": "integer"}, "x" * 100)
    assert (
        found.message
        == "must be an integer (got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...')"
    )


def test_object_rules_name_the_field() -> None:
    schema = {
        "propertyNames": {"maxLength": 3},
        "dependentRequired": {"a": ["b", "c"]},
        "patternProperties": {"^x-": {"type": "string"}},
        "additionalProperties": {"type": "integer"},
    }
    assert check(schema, {"a": 1, "c": 2, "x-y": 3, "long": "v"}) == [
        Violation("x-y", "type", "must be a string (got 3)"),  # patternProperties
        Violation("long", "type", "must be an integer (got 'v')"),
        Violation(
            "long",
            "propertyNames",
            "is not an allowed field name (at most 3 characters (got 4))",
        ),
        Violation("b", "dependentRequired", "is required when 'a' is given"),
    ]


def test_any_of_says_briefly_why_each_option_failed() -> None:
    validator = components(
        Image={
            "type": "object",
            "required": ["url"],
            "properties": {"url": {"type": "string"}},
        },
        Part={
            "anyOf": [
                {"type": "string", "maxLength": 3},
                {"$ref": "#/components/schemas/Image"},
            ]
        },
    )
    assert validator.check("#/components/schemas/Part", {"url": 5}) == [
        Violation(
            "",
            "anyOf",
            "must match one of the allowed forms: "
            "option 1 (string): must be a string (got {'url': 5}); "
            "option 2 (Image): url: must be a string (got 5)",
        )
    ]
    (found,) = validator.check("#/components/schemas/Part", {"uri": "x", "b": 1})
    assert found.message.endswith("option 2 (Image): url: is required")
    assert validator.check("#/components/schemas/Part", "abc") == []
    assert validator.check("#/components/schemas/Part", {"url": "u"}) == []


def test_one_of_is_exclusive() -> None:
    schema = {
        "oneOf": [
            {"type": "number"},
            {"type": "integer"},
            {"type": "string", "maxLength": 0},
        ]
    }
    assert check(schema, 1.5) == []
    assert check(schema, 3) == [
        Violation(
            "",
            "oneOf",
            "must match exactly one of the allowed forms "
            "(matches option 1 (number) and option 2 (integer))",
        )
    ]
    (found,) = check(schema, "s")
    assert found.rule == "oneOf"
    assert found.message.startswith("must match one of the allowed forms: option 1")


def test_any_of_with_many_options_lists_a_few() -> None:
    schema = {"anyOf": [{"const": i} for i in range(8)]}
    (found,) = check(schema, 9)
    assert re.findall(r"option (\d)", found.message) == ["1", "2", "3", "4", "5"]
    assert found.message.endswith("and 3 more options")


# --- patterns ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"^\d+$", "123", True),
        (r"^\d+$", "١٢٣", False),  # ECMA \d is ASCII; Python's str \d is not
        (r"^\d+$", "123\n", False),  # ECMA $ is the end, not before a final newline
        (r"^\w+$", "naïve", False),
        (r"^\w+$", "snake_case9", True),
        (r"^\s$", "\ufeff", True),  # ECMA white space includes the BOM
        (r"^\s$", "\x1c", False),  # Python's includes the file separator, ECMA's not
        (r"^.$", "\u2028", False),  # `.` stops at ECMA line terminators
        (r"^.$", "\x85", True),
        (r"b", "abc", True),  # not anchored: search
        (r"^[\d-]+$", "12-3", True),
        (r"^[^\d]+$", "abc", True),
        (r"^[\D]+$", "a1", False),
        (r"^(?<word>a+)-\k<word>$", "aa-aa", True),
        (r"^(?<word>a+)-\k<word>$", "aa-a", False),
        (r"^a[]", "a", False),
        (r"^a[^]$", "a\n", True),
        (r"^\p{L}+$", "Héllo", True),
        (r"^\p{Letter}+$", "a1", False),
        (r"^\P{L}+$", "123", True),
        (r"^\u00e9$", "é", True),
        (r"^\u{1F600}$", "😀", True),
        (r"^\uD83D\uDE00$", "😀", True),
        (r"^\cJ$", "\n", True),
        (r"\bcat\b", "écat", True),  # ECMA \b: é is not a word character
        (r"^[a-z[]+$", "a[", True),
        (r"^\/api$", "/api", True),
    ],
)
def test_patterns_have_ecma_meaning(pattern: str, text: str, matches: bool) -> None:
    assert (check({"pattern": pattern}, text) == []) is matches


def test_pattern_translation() -> None:
    assert ecma_to_python(r"^a$") == r"^a\Z"
    assert ecma_to_python(r"[$]") == r"[$]"
    assert ecma_to_python(r"(?<n>x)\k<n>") == r"(?P<n>x)(?P=n)"
    assert ecma_to_python(r"(?<=a)(?<!b)") == r"(?<=a)(?<!b)"
    assert ecma_to_python(r"\d") == r"[\U00000030-\U00000039]"


def test_a_pattern_re_cannot_compile_is_not_enforced() -> None:
    assert check({"pattern": r"(?<=a+)b"}, "zzz") == []  # variable-width lookbehind
    assert check({"pattern": r"^\p{Script=Greek}$"}, "abc") == []


def test_pattern_properties_and_property_names_use_ecma_patterns() -> None:
    schema = {"patternProperties": {r"^\d+$": {"type": "integer"}}}
    assert check(schema, {"12": 1, "\u0661": "not an ASCII digit"}) == []
    assert rules(schema, {"12": "x"}) == ["type"]


# --- OpenAPI 3.0 and 3.1 ------------------------------------------------------------------


def test_nullable_widens_type_in_openapi_30_only() -> None:
    d30 = Dialect.OPENAPI_30
    assert check({"type": "string", "nullable": True}, None, d30) == []
    assert check({"type": "string"}, None, d30) == [
        Violation("", "type", "must be a string (got None)")
    ]
    assert check({"type": "integer", "nullable": True, "minimum": 3}, None, d30) == []
    # a nullable enum admits null even when it does not list it (as real specs mean it)
    enum = {"type": "string", "nullable": True, "enum": ["a", "b"]}
    assert check(enum, None, d30) == []
    assert rules(enum, "c", d30) == ["enum"]
    assert "type" in rules({**enum, "nullable": False}, None, d30)
    assert check({**enum, "enum": ["a", None]}, None, d30) == []
    # and without `type` it changes nothing (null was never refused)
    assert check({"nullable": False, "minLength": 2}, None, d30) == []
    # OpenAPI 3.1 has no `nullable`
    assert rules({"type": "string", "nullable": True}, None) == ["type"]
    assert check({"type": ["string", "null"]}, None) == []


def test_openapi_30_keywords() -> None:
    d30 = Dialect.OPENAPI_30
    assert rules({"maximum": 5, "exclusiveMaximum": True}, 5, d30) == [
        "exclusiveMaximum"
    ]
    assert check({"maximum": 5, "exclusiveMaximum": False}, 5, d30) == []
    assert rules({"minimum": 5, "exclusiveMinimum": True}, 5, d30) == [
        "exclusiveMinimum"
    ]
    # numeric exclusive bounds are OpenAPI 3.1's; 3.0 reads them as booleans only
    assert check({"exclusiveMaximum": 5}, 7, d30) == []
    assert rules({"exclusiveMaximum": 5}, 7) == ["exclusiveMaximum"]
    # 2020-12 keywords mean nothing in 3.0
    assert check({"const": 1, "contains": {"type": "string"}}, [2], d30) == []
    schema = {"items": [{"type": "string"}], "additionalItems": False}
    assert check(schema, ["a", 1], d30) == [
        Violation("1", "additionalItems", "is not allowed (at most 1 item)")
    ]
    deps = {"dependencies": {"a": ["b"], "c": {"required": ["d"]}}}
    assert check(deps, {"a": 1, "c": 1}, d30) == [
        Violation("b", "dependencies", "is required when 'a' is given"),
        Violation("d", "required", "is required"),
    ]


@BOTH
def test_ref_siblings(dialect: Dialect) -> None:
    validator = components(
        dialect,
        Name={"type": "string"},
        Short={"$ref": "#/components/schemas/Name", "maxLength": 2},
    )
    found = validator.check("#/components/schemas/Short", "abc")
    # OpenAPI 3.0 ignores a $ref's siblings; 3.1 applies them
    assert found == (
        []
        if dialect is Dialect.OPENAPI_30
        else [Violation("", "maxLength", "at most 2 characters (got 3)")]
    )


def test_read_only_properties_are_not_required_in_openapi_30_requests() -> None:
    schemas = {
        "Id": {"type": "string", "readOnly": True},
        "Pet": {
            "type": "object",
            "required": ["id", "uid", "name"],
            "properties": {
                "id": {"type": "string", "readOnly": True},
                "uid": {"$ref": "#/components/schemas/Id"},
                "name": {"type": "string"},
            },
        },
    }
    d30 = components(Dialect.OPENAPI_30, **schemas)
    assert d30.check("#/components/schemas/Pet", {}) == [
        Violation("name", "required", "is required")
    ]
    d31 = components(Dialect.OPENAPI_31, **schemas)
    assert [v.field for v in d31.check("#/components/schemas/Pet", {})] == [
        "id",
        "uid",
        "name",
    ]


def test_openapi_30_ignores_draft4_id() -> None:
    validator = components(
        Dialect.OPENAPI_30,
        User={
            "id": "User",
            "type": "object",
            "properties": {"friend": {"$ref": "#/components/schemas/Friend"}},
        },
        Friend={"type": "string"},
    )
    assert validator.check("#/components/schemas/User", {"friend": 1}) == [
        Violation("friend", "type", "must be a string (got 1)")
    ]


def test_unevaluated_properties_see_through_applicators() -> None:
    validator = components(
        Base={"properties": {"kind": {"type": "string"}}},
        Cat={
            "allOf": [{"$ref": "#/components/schemas/Base"}],
            "anyOf": [
                {"properties": {"meow": {"type": "boolean"}}, "required": ["meow"]},
                {"properties": {"purr": {"type": "boolean"}}, "required": ["purr"]},
            ],
            "if": {"properties": {"kind": {"const": "lion"}}},
            "then": {"properties": {"mane": {"type": "string"}}},
            "unevaluatedProperties": False,
        },
    )
    pointer = "#/components/schemas/Cat"
    assert validator.check(pointer, {"kind": "cat", "meow": True}) == []
    assert validator.check(pointer, {"kind": "lion", "meow": True, "mane": "big"}) == []
    assert validator.check(pointer, {"kind": "cat", "meow": True, "mane": "x"}) == [
        Violation("mane", "unevaluatedProperties", "is not a known field")
    ]
    # `purr` is evaluated only by the anyOf member that failed
    assert validator.check(pointer, {"meow": True, "purr": 1}) == [
        Violation("purr", "unevaluatedProperties", "is not a known field")
    ]


def test_unevaluated_items() -> None:
    schema = {
        "prefixItems": [{"type": "string"}],
        "contains": {"type": "integer"},
        "unevaluatedItems": {"type": "boolean"},
    }
    assert check(schema, ["a", 1, True, 2]) == []
    assert check(schema, ["a", 1, "b"]) == [
        Violation("2", "type", "must be a boolean (got 'b')")
    ]
    closed = {"prefixItems": [True], "unevaluatedItems": False}
    assert check(closed, [1, 2]) == [
        Violation(
            "1", "unevaluatedItems", "is not allowed (no schema describes this item)"
        )
    ]


def test_if_then_else_and_dependent_schemas() -> None:
    schema = {
        "if": {"properties": {"kind": {"const": "card"}}, "required": ["kind"]},
        "then": {"required": ["number"]},
        "else": {"required": ["iban"]},
        "dependentSchemas": {
            "number": {"properties": {"number": {"pattern": "^[0-9]{16}$"}}}
        },
    }
    assert check(schema, {"kind": "card", "number": "1" * 16}) == []
    assert check(schema, {"kind": "card"}) == [
        Violation("number", "required", "is required")
    ]
    assert check(schema, {"kind": "bank"}) == [
        Violation("iban", "required", "is required")
    ]
    assert rules(schema, {"kind": "card", "number": "12"}) == ["pattern"]


# --- references ------------------------------------------------------------------------------


@BOTH
def test_recursion_through_ref(dialect: Dialect) -> None:
    validator = components(
        dialect,
        Node={
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "children": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Node"},
                },
            },
        },
    )
    tree = {
        "name": "root",
        "children": [{"name": "a", "children": [{"name": "b"}, {"name": 3}]}, {}],
    }
    assert validator.check("#/components/schemas/Node", tree) == [
        Violation("children.0.children.1.name", "type", "must be a string (got 3)"),
        Violation("children.1.name", "required", "is required"),
    ]


def test_ref_loops_that_never_move_into_the_value_do_not_hang() -> None:
    assert check({"$ref": "#"}, 5) == []
    looping = {
        "$defs": {
            "a": {"$ref": "#/$defs/b"},
            "b": {"allOf": [{"$ref": "#/$defs/a"}], "type": "string"},
        },
        "$ref": "#/$defs/a",
    }
    assert check(looping, "x") == []
    assert rules(looping, 5) == ["type"]
    d30 = {
        "definitions": {"a": {"allOf": [{"$ref": "#"}]}},
        "allOf": [{"$ref": "#/definitions/a"}],
    }
    assert check(d30, 1, Dialect.OPENAPI_30) == []


def test_pointer_forms_and_errors() -> None:
    schema: dict[str, Any] = {
        "$id": "https://example.com/root.json",
        "$defs": {
            "word": {"$anchor": "word", "type": "string"},
            "tilde~slash/": {"type": "integer"},
            "other": {"$id": "other.json", "type": "boolean"},
        },
    }
    validator = Validator(schema, Dialect.OPENAPI_31)
    assert validator.check("#word", 1) == [
        Violation("", "type", "must be a string (got 1)")
    ]
    assert rules(schema["$defs"]["word"], 1) == ["type"]
    assert validator.check("#/$defs/tilde~0slash~1", "x")[0].rule == "type"
    assert validator.check("https://example.com/other.json", True) == []
    assert validator.check("other.json", 1)[0].rule == "type"
    with pytest.raises(SchemaError, match="not in the document"):
        validator.check("#/$defs/missing", 1)
    with pytest.raises(SchemaError, match="no anchor"):
        validator.check("#nowhere", 1)
    remote = Validator({"$ref": "https://example.com/elsewhere.json"})
    with pytest.raises(SchemaError, match="remote references are not supported"):
        remote.check("#", 1)


def test_each_schema_is_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[str, ...]] = []
    original = _jsonschema_compile._Compiler._build

    def counting(self: Any, loc: tuple[str, ...], node: object) -> Any:
        built.append(loc)
        return original(self, loc, node)

    monkeypatch.setattr(_jsonschema_compile._Compiler, "_build", counting)
    validator = components(
        Name={"type": "string"},
        Pair={
            "type": "object",
            "properties": {
                "a": {"$ref": "#/components/schemas/Name"},
                "b": {"$ref": "#/components/schemas/Name"},
            },
        },
    )
    for _ in range(3):
        assert validator.check("#/components/schemas/Pair", {"a": "x", "b": 1})
    assert validator.is_valid("#/components/schemas/Name", "y")
    assert len(built) == len(set(built)) == 4  # Pair, its a and b, Name


def test_deep_values_are_reported_not_raised() -> None:
    value: Any = "leaf"
    for _ in range(5000):
        value = [value]
    schema = {"items": {"$ref": "#"}}
    found = check(schema, value)
    assert found == [Violation("", "depth", "is nested too deeply to check")]
    assert not Validator(schema).is_valid("#", value)


def test_a_validator_is_shared_between_threads() -> None:
    validator = components(
        Node={
            "type": "object",
            "properties": {"next": {"$ref": "#/components/schemas/Node"}},
        }
    )
    results: list[bool] = []

    def work() -> None:
        for i in range(200):
            good: dict[str, Any] = {"next": {"next": {}}}
            bad = {"next": {"next": i}}
            results.append(validator.is_valid("#/components/schemas/Node", good))
            results.append(not validator.is_valid("#/components/schemas/Node", bad))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 1600 and all(results)


def test_the_modules_use_only_the_standard_library_and_violations() -> None:
    """The validator's modules import the standard library, `_violations` and each other,
    one way only (no import cycle), and nothing else of the runtime imports them but
    `_jsonschema` itself; `_violations` imports the standard library only (specgen runs
    the validator on documents, where pydantic is not installed)."""
    folder = Path(_jsonschema.__file__).parent
    violations = ast.parse((folder / "_violations.py").read_text("utf-8"))
    for node in ast.walk(violations):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0 and node.module in sys.stdlib_module_names | {
                "__future__"
            }, node.module
        elif isinstance(node, ast.Import):
            assert all(a.name in sys.stdlib_module_names for a in node.names)
    modules = {path.stem: path for path in folder.glob("_jsonschema*.py")}
    assert len(modules) > 1
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                imported.add("." + module if node.level else module.split(".")[0])
        local = {n for n in imported if n.startswith(".")}
        assert local <= {"._violations"} | {f".{m}" for m in modules}, name
        assert all(
            n in sys.stdlib_module_names for n in imported - local - {"__future__"}
        ), name
        graph[name] = {n[1:] for n in local} - {"_violations"}
    ordered: list[str] = []  # dependencies first; a cycle leaves modules out
    while len(ordered) < len(graph):
        ready = [m for m in graph if m not in ordered and graph[m] <= set(ordered)]
        assert ready, f"import cycle among {sorted(set(graph) - set(ordered))}"
        ordered.extend(sorted(ready))
    assert ordered[-1] == "_jsonschema"  # the public module sits on top
    for path in folder.glob("*.py"):
        if path.stem not in modules:
            text = path.read_text("utf-8")
            assert "_jsonschema_" not in text, path.name
            if path.stem == "_validation":
                assert "_jsonschema" not in text
