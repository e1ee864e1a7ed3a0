"""Each JSON Schema constraint keyword: a failing value refused with the keyword named, and
the boundary value accepted — in body fields and in query parameters, before the wire.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from loopback import Reply, ScriptedServer
from specgen_testlib import import_golden_package

VALID: dict[str, Any] = {"count": 5, "code": "ABC-1"}
NOT_SET = object()  # an argument left out of the call


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("constraints", tmp_path_factory.mktemp("constraints"))


@pytest.fixture
def client(pkg: Any, server: ScriptedServer) -> Iterator[Any]:
    server.default = Reply(body=VALID)
    with pkg.Client(base_url=server.base_url, max_retries=0) as c:
        yield c


def violations(pkg: Any, **fields: Any) -> list[tuple[str, str]]:
    _, found = pkg.check_request(pkg.models.Limits, {**VALID, **fields})
    return [(v.field, v.rule) for v in found]


@pytest.mark.parametrize(
    ("field", "bad", "rule", "boundary"),
    [
        ("count", 0, "minimum", 1),
        ("count", 11, "maximum", 10),
        ("ratio", 0, "exclusiveMinimum", 0.000001),
        ("ratio", 1, "exclusiveMaximum", 0.999999),
        ("step", 7, "multipleOf", 15),
        ("price", 1.005, "multipleOf", 19.99),
        ("negative", 0, "maximum", -1),
        ("code", "AB", "minLength", "ABC-1"),
        ("code", "ABC-1234567890", "maxLength", "ABC-12345678"),
        ("code", "abc-1", "pattern", "XYZ-0"),
        ("code", "ABC-1\n", "pattern", "ABC-1"),  # ECMA `$` is the very end
        ("tricky", "ab12", "pattern", "ab12\"'"),
        ("windows_path", "C:/dir", "pattern", "C:\\dir"),
        ("nickname", "", "minLength", "x"),
        ("tags", [], "minItems", ["a"]),
        ("tags", ["a", "b", "c", "d", "e", "f"], "maxItems", ["a", "b", "c", "d", "e"]),
        ("tags", ["a", "a"], "uniqueItems", ["a", "b"]),
        ("tags", ["x" * 21], "maxLength", ["x" * 20]),
        ("scores", [0, 101], "maximum", [0, 100]),
        ("scores", [1, 2, 3, 4], "maxItems", [1, 2, 3]),
        ("count", None, "type", 1),
        ("count", "five", "type", 2),
    ],
)
def test_keyword_fails_and_boundary_passes(
    pkg: Any, field: str, bad: Any, rule: str, boundary: Any
) -> None:
    found = violations(pkg, **{field: bad})
    assert found and found[0][0].split(".")[0] == field and found[0][1] == rule, found
    assert violations(pkg, **{field: boundary}) == []


def test_required_keys(pkg: Any) -> None:
    _, found = pkg.check_request(pkg.models.Limits, {})
    assert sorted((v.field, v.rule) for v in found) == [
        ("code", "required"),
        ("count", "required"),
    ]


def test_optional_field_refuses_explicit_null(pkg: Any) -> None:
    # may be omitted, but null is not a string: JSON Schema's `type` refuses it
    assert violations(pkg, nickname=None) == [("nickname", "type")]


def test_query_parameters_are_checked_before_the_wire(
    client: Any, server: ScriptedServer, pkg: Any
) -> None:
    with pytest.raises(pkg.RequestValidationError) as caught:
        client.limits.list_limits(page_size=0, prefix="UPPER")
    assert [(v.field, v.rule) for v in caught.value.violations] == [
        ("page_size", "minimum"),
        ("prefix", "pattern"),
    ]
    assert server.requests == []
    server.default = Reply(body=[VALID])
    client.limits.list_limits(page_size=100, prefix="abcdefgh")
    assert server.requests[0].path == "/limits?page_size=100&prefix=abcdefgh"


def test_body_violations_are_all_listed(
    client: Any, server: ScriptedServer, pkg: Any
) -> None:
    with pytest.raises(pkg.RequestValidationError) as caught:
        client.limits.create_limits(count=0, code="x", tags=["a", "a"])
    found = sorted((v.field, v.rule) for v in caught.value.violations)
    # every broken rule, `code` breaking two of its three
    assert found == [
        ("code", "minLength"),
        ("code", "pattern"),
        ("count", "minimum"),
        ("tags", "uniqueItems"),
    ]
    assert server.requests == []


# replaceTags: its whole body is an array (minItems 1, maxItems 3, uniqueItems, items of at
# most 5 characters), its `labels` query array has unique items of at most 8 characters, and
# its response is an array (maxItems 3, items of at most 5 characters). The body is checked
# against its schema as sent; the response type is evaluated when the method is called, so
# every name it uses must be imported by the resource module.


@pytest.mark.parametrize(
    ("body", "labels", "expected"),
    [
        ([], NOT_SET, [("body", "minItems")]),
        (["a", "b", "c", "d"], NOT_SET, [("body", "maxItems")]),
        (["a", "a"], NOT_SET, [("body", "uniqueItems")]),
        (["a", "toolong"], NOT_SET, [("body.1", "maxLength")]),
        (["a"], ["x", "x"], [("labels", "uniqueItems")]),
        (["a"], ["x", "ninechars"], [("labels.1", "maxLength")]),
    ],
)
def test_array_body_and_query_array_are_checked_at_call_time(
    client: Any, server: ScriptedServer, pkg: Any, body: Any, labels: Any, expected: Any
) -> None:
    arguments = {"body": body} | ({} if labels is NOT_SET else {"labels": labels})
    with pytest.raises(pkg.RequestValidationError) as caught:
        client.limits.replace_tags(**arguments)
    assert [(v.field, v.rule) for v in caught.value.violations] == expected
    assert server.requests == []


def test_array_body_and_response_round_trip(
    client: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body=["abcde", "b"])
    result = client.limits.replace_tags(
        body=["abcde", "b", "c"], labels=["x", "12345678"]
    )
    assert result == ["abcde", "b"]
    (request,) = server.requests
    assert request.method == "PUT"
    assert request.path == "/tags?labels=x&labels=12345678"
    assert json.loads(request.body) == ["abcde", "b", "c"]


def test_async_array_body_is_checked_and_sent(pkg: Any, server: ScriptedServer) -> None:
    server.default = Reply(body=["a"])

    async def main() -> Any:
        async with pkg.AsyncClient(base_url=server.base_url, max_retries=0) as c:
            with pytest.raises(pkg.RequestValidationError):
                await c.limits.replace_tags(body=["a", "a"])
            return await c.limits.replace_tags(body=["a"])

    assert asyncio.run(main()) == ["a"]
    assert len(server.requests) == 1


def test_request_schemas_are_compiled_once(client: Any, server: ScriptedServer) -> None:
    """The package's request schemas are read on the first call and each schema is compiled
    once: later calls reuse the same validator and its compiled checks; response types are
    built once too (a `Field()` written in a call would be a new cache key each time).
    """
    from golden_constraints._runtime import _response
    from golden_constraints._schemas import REQUEST_SCHEMAS

    server.default = Reply(body=["a"])
    client.limits.replace_tags(body=["a"])
    validator = REQUEST_SCHEMAS.validator
    sizes = (len(_response._ADAPTERS), len(validator._entries))
    for _ in range(3):
        client.limits.replace_tags(body=["a"])
    assert REQUEST_SCHEMAS.validator is validator
    assert (len(_response._ADAPTERS), len(validator._entries)) == sizes
