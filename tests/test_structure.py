"""The structure check's parts: the OpenAPI schemas reshaped for relevant messages accept
exactly what the originals accept; violations are placed at the right JSON pointer; the
messages say what was expected in the document's terms."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from fuzz_documents import Mutant, mutants
from hypothesis import HealthCheck, given, settings

import specgen
from specgen.checks import engine
from specgen.checks.relevance import focused
from specgen.checks.structure import SCHEMA_FOLDER, schema_version


@cache
def validators(version: str) -> tuple[Any, Any]:
    """(the official schema as published, in its own dialect; the focused one)."""
    schema = json.loads((SCHEMA_FOLDER / f"oas-{version}.json").read_text("utf-8"))
    runtime = engine._runtime()
    dialect = (
        runtime.Dialect.OPENAPI_30 if version == "3.0" else runtime.Dialect.OPENAPI_31
    )
    return runtime.Validator(schema, dialect), engine.compile_schema(focused(schema))


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutant=mutants())
def test_the_focused_schemas_accept_what_the_official_ones_accept(
    mutant: Mutant,
) -> None:
    official, ours = validators(schema_version(mutant.data))
    assert official.is_valid("#", mutant.data) == ours.is_valid(
        "#", mutant.data
    ), mutant.changes


def test_a_violation_is_placed_at_keys_that_hold_dots() -> None:
    data = {"paths": {"/a.b": {"get.x": {"c": 1}}, "/a": {}}}
    assert engine.pointer_of(data, "paths./a.b.get.x.c") == "/paths/~1a.b/get.x/c"
    assert engine.pointer_of(data, "paths./a.b.missing") == "/paths/~1a.b/missing"
    assert engine.pointer_of([[0, 1]], "0.1") == "/0/1"
    assert engine.pointer_of(data, "") == ""


def messages(tmp_path: Path, text: str) -> list[str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    return [f"{d.code} {d.pointer}: {d.message}" for d in specgen.validate(spec)]


def test_the_branch_a_value_looks_like_is_the_one_reported(tmp_path: Path) -> None:
    """A Reference-or-Schema is checked as a Schema unless it has $ref; a parameter by its
    `in`; a security scheme by its `type`."""
    found = messages(
        tmp_path,
        'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /a:\n    get:\n'
        "      parameters:\n        - {name: q, in: query, schema: {type: string, "
        "maxLenght: 3}}\n"
        "        - {name: p, in: path, schema: {type: string}}\n"
        "      responses: {'200': {description: ok}}\n"
        "components:\n  securitySchemes:\n    key: {type: apiKey, in: header}\n",
    )
    assert sorted(found) == [
        "E015 /components/securitySchemes/key: missing required field 'name'",
        "E015 /paths/~1a/get/parameters/0/schema/maxLenght: unknown field 'maxLenght' "
        "(did you mean 'maxLength'?)",
        "E015 /paths/~1a/get/parameters/1: missing required field 'required'",
        "E022 /paths/~1a/get: path parameter 'p' is declared but not in the path template /a",
    ], found


def test_an_openapi_31_document_is_checked_against_the_31_schema(
    tmp_path: Path,
) -> None:
    found = messages(
        tmp_path,
        'openapi: 3.1.0\ninfo: {title: T, version: "1", summary: [x]}\n'
        "webhooks:\n  ping: {post: {responses: {'200': {description: 3}}}}\n",
    )
    assert found == [
        "E015 /info/summary: expected a string, got a list",
        "E015 /webhooks/ping/post/responses/200/description: expected a string, "
        "got a number (3)",
    ], found


def test_an_unknown_field_is_named_in_3_1_too(tmp_path: Path) -> None:
    """3.1's schema refuses unknown fields with unevaluatedProperties, 3.0's with
    additionalProperties: both read the same."""
    for version in ("3.0.3", "3.1.0"):
        found = messages(
            tmp_path,
            f'openapi: {version}\ninfo: {{title: T, version: "1"}}\npaths:\n  /a:\n'
            "    get:\n      descripton: x\n      responses: {'200': {description: ok}}\n",
        )
        assert found == [
            "E015 /paths/~1a/get/descripton: unknown field 'descripton' "
            "(did you mean 'description'?)"
        ], version
