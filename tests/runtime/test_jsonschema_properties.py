"""Property tests of runtime._jsonschema: its fast paths agree with its reporting path.

Random schemas (of the keywords the runtime compiles) and random JSON values:
- `is_valid` (stops at the first problem) agrees with `check` (collects every violation);
- the fused closures for scalar schemas agree with the keyword-by-keyword checks they stand
  in for (the same document compiled with them switched off);
- nothing raises, and every violation names a keyword the schema (or a subschema) uses.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runtime import _jsonschema_assemble, _jsonschema_compile
from runtime._jsonschema import Dialect, Validator

KEYS = ["a", "b", "c"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0, 1, 2, 1.0, 2.0, 0.5, -0.0, 0.01, 0.07, 1e-8, 2**53 + 1]),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(alphabet="ab1é_-\n 😀", max_size=6),
)
# values near the bounds the scalar schemas use
scalar_values = st.one_of(
    scalars,
    st.text(alphabet="ab1", max_size=5),
    st.integers(min_value=-2, max_value=4),
    st.sampled_from([0.5, 2.0, 2.5, 3.0, -1.0, 1e-8, None, True]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from([*KEYS, "x-1", "d"]), inner, max_size=4),
    ),
    max_leaves=12,
)
type_names = st.sampled_from(
    ["null", "boolean", "integer", "number", "string", "array", "object"]
)
numbers = st.sampled_from([0, 1, 2, 3, -1, 0.5, 2.5, 10**19])
counts = st.integers(min_value=0, max_value=4)
patterns = st.sampled_from(["^a", "b$", r"^\d+$", "é", r"\w", "^.{2}$", "[^a]"])


def schemas(dialect: Dialect) -> st.SearchStrategy[Any]:
    d31 = dialect is Dialect.OPENAPI_31

    def keywords(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
        options: dict[str, st.SearchStrategy[Any]] = {
            "type": st.one_of(type_names, st.lists(type_names, min_size=1, max_size=3)),
            "enum": st.lists(scalars, min_size=1, max_size=4),
            "minimum": numbers,
            "maximum": numbers,
            "multipleOf": st.sampled_from([0.5, 0.01, 2, 3, 1e-8]),
            "minLength": counts,
            "maxLength": counts,
            "pattern": patterns,
            "minItems": counts,
            "maxItems": counts,
            "uniqueItems": st.booleans(),
            "items": inner,
            "required": st.lists(st.sampled_from(KEYS), max_size=2, unique=True),
            "properties": st.dictionaries(st.sampled_from(KEYS), inner, max_size=3),
            "patternProperties": st.dictionaries(patterns, inner, max_size=1),
            "additionalProperties": inner,
            "minProperties": counts,
            "maxProperties": counts,
            "allOf": st.lists(inner, min_size=1, max_size=2),
            "anyOf": st.lists(inner, min_size=1, max_size=3),
            "oneOf": st.lists(inner, min_size=1, max_size=3),
            "not": inner,
        }
        if d31:
            options.update(
                {
                    "const": scalars,
                    "exclusiveMinimum": numbers,
                    "exclusiveMaximum": numbers,
                    "prefixItems": st.lists(inner, max_size=2),
                    "contains": inner,
                    "minContains": counts,
                    "maxContains": counts,
                    "if": inner,
                    "then": inner,
                    "else": inner,
                    "propertyNames": inner,
                    "dependentRequired": st.dictionaries(
                        st.sampled_from(KEYS),
                        st.lists(st.sampled_from(KEYS)),
                        max_size=2,
                    ),
                    "unevaluatedProperties": inner,
                    "unevaluatedItems": inner,
                }
            )
        else:
            options.update(
                {
                    "nullable": st.booleans(),
                    "exclusiveMinimum": st.booleans(),
                    "exclusiveMaximum": st.booleans(),
                    "additionalItems": inner,
                    "items": st.one_of(inner, st.lists(inner, max_size=2)),
                }
            )
        return st.fixed_dictionaries({}, optional=options)

    leaf = st.one_of(scalar_schemas(dialect), keywords(st.just({})))
    if d31:
        leaf = st.one_of(st.booleans(), leaf)
    return st.recursive(leaf, keywords, max_leaves=6)


def scalar_schemas(dialect: Dialect) -> st.SearchStrategy[dict[str, Any]]:
    """Schemas of one scalar type and its own keywords: what the fused closures handle."""
    d31 = dialect is Dialect.OPENAPI_31
    common: dict[str, st.SearchStrategy[Any]] = {
        "enum": st.lists(scalars, min_size=1, max_size=4),
        "format": st.just("date-time"),
    }
    if not d31:
        common["nullable"] = st.booleans()
    strings = {
        **common,
        "minLength": counts,
        "maxLength": counts,
        "pattern": patterns,
    }
    numeric = {
        **common,
        "minimum": numbers,
        "maximum": numbers,
        "exclusiveMinimum": numbers if d31 else st.booleans(),
        "exclusiveMaximum": numbers if d31 else st.booleans(),
        "multipleOf": st.sampled_from([0.5, 0.01, 2, 3, 1e-8]),
    }

    def typed(kind: str) -> st.SearchStrategy[Any]:
        if d31:
            return st.sampled_from([kind, [kind, "null"]])
        return st.just(kind)

    return st.one_of(
        st.fixed_dictionaries({"type": typed("string")}, optional=strings),
        st.fixed_dictionaries({"type": typed("integer")}, optional=numeric),
        st.fixed_dictionaries({"type": typed("number")}, optional=numeric),
        st.fixed_dictionaries({"type": typed("boolean")}, optional=common),
    )


def near(schema: dict[str, Any]) -> list[object]:
    """Values on and beside the schema's own bounds and members."""
    out: list[object] = [None, True, 0]
    for key in (
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ):
        bound = schema.get(key)
        if isinstance(bound, int | float) and not isinstance(bound, bool):
            out += [bound, bound - 1, bound + 1, float(bound), bound + 0.5, -bound]
    for key in ("minLength", "maxLength"):
        length = schema.get(key)
        if isinstance(length, int):
            out += ["a" * length, "a" * (length + 1), "1" * max(length - 1, 0)]
    for member in schema.get("enum", []):
        out.append(member)
        if isinstance(member, bool | int):
            out += [int(member), float(member), not member]
    return out


def verdicts(schema: Any, dialect: Dialect, value: object) -> tuple[bool, list[Any]]:
    validator = Validator(schema, dialect)
    return validator.is_valid("#", value), validator.check("#", value)


def used_keywords(schema: Any) -> set[str]:
    text = json.dumps(schema)
    return {
        key
        for key in _jsonschema_assemble._ACTIVE_31 | _jsonschema_assemble._ACTIVE_30
        if f'"{key}"' in text
    }


@pytest.mark.parametrize("dialect", list(Dialect))
def test_fast_paths_agree_with_reports(dialect: Dialect) -> None:
    @settings(
        max_examples=400,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(schema=schemas(dialect), value=values)
    def agree(schema: Any, value: object) -> None:
        valid, found = verdicts(schema, dialect, value)
        assert valid == (found == []), found
        allowed = used_keywords(schema) | {"false", "contains", "dependencies"}
        assert {v.rule for v in found} <= allowed
        original = _jsonschema_compile._Compiler._leaf
        try:
            _jsonschema_compile._Compiler._leaf = lambda *args: None  # type: ignore[method-assign]
            slow_valid, slow_found = verdicts(schema, dialect, value)
        finally:
            _jsonschema_compile._Compiler._leaf = original  # type: ignore[method-assign]
        assert (slow_valid, slow_found) == (valid, found)

    agree()


@pytest.mark.parametrize("dialect", list(Dialect))
def test_fused_scalar_checks_agree_with_keyword_checks(dialect: Dialect) -> None:
    @settings(max_examples=1500, deadline=None)
    @given(schema=scalar_schemas(dialect), data=st.data())
    def agree(schema: Any, data: st.DataObject) -> None:
        value = data.draw(st.one_of(scalar_values, st.sampled_from(near(schema))))
        valid, found = verdicts(schema, dialect, value)
        assert valid == (found == []), found
        original = _jsonschema_compile._Compiler._leaf
        try:
            _jsonschema_compile._Compiler._leaf = lambda *args: None  # type: ignore[method-assign]
            assert verdicts(schema, dialect, value) == (valid, found)
        finally:
            _jsonschema_compile._Compiler._leaf = original  # type: ignore[method-assign]

    agree()
