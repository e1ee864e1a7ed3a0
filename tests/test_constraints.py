"""Each JSON Schema constraint keyword: a failing value refused with the keyword named, and
the boundary value accepted — in body fields and in query parameters, before the wire.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from loopback import Reply, ScriptedServer
from specgen_testlib import import_golden_package

VALID: dict[str, Any] = {"count": 5, "code": "ABC-1"}


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
    assert violations(pkg, nickname=None) == [("nickname", "nullable")]


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
    assert sorted(v.field for v in caught.value.violations) == ["code", "count", "tags"]
    assert server.requests == []
