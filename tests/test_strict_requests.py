"""A request is sent as the user wrote it or refused, never rewritten (issue: no coercion).

The generated client checks the JSON it is about to send against the spec's own schemas;
these calls go through the constraints golden package to a loopback server and look at what
arrives on the wire.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from loopback import Reply, ScriptedServer
from specgen_testlib import import_golden_package

VALID = {"count": 2, "code": "ABC-1"}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("constraints", tmp_path_factory.mktemp("strict"))


@pytest.fixture
def client(pkg: Any, server: ScriptedServer) -> Iterator[Any]:
    server.default = Reply(body=VALID)
    with pkg.Client(base_url=server.base_url, max_retries=0) as c:
        yield c


def refused(pkg: Any, server: ScriptedServer, call: Any) -> list[tuple[str, str]]:
    with pytest.raises(pkg.RequestValidationError) as caught:
        call()
    assert server.requests == [], "a refused request reached the server"
    return [(v.field, v.rule) for v in caught.value.violations]


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2", "a numeric string is not an integer"),
        (True, "a boolean is not an integer"),
        (2.5, "a fraction is not an integer"),
        ([2], "an array is not an integer"),
    ],
)
def test_values_of_the_wrong_json_type_are_refused_not_converted(
    pkg: Any, client: Any, server: ScriptedServer, value: Any, why: str
) -> None:
    found = refused(
        pkg, server, lambda: client.limits.create_limits(count=value, code="ABC-1")
    )
    assert found == [("count", "type")], why


def test_what_is_sent_is_what_was_given(client: Any, server: ScriptedServer) -> None:
    client.limits.create_limits(count=2.0, code="ABC-1", price=19.99, tags=("a", "b"))
    (request,) = server.requests
    sent = json.loads(request.body)
    # 2.0 is a JSON integer and goes as written; 19.99 is not rounded; a tuple is an array
    assert sent == {"count": 2.0, "code": "ABC-1", "price": 19.99, "tags": ["a", "b"]}
    assert b'"count": 2.0' in request.body or b'"count":2.0' in request.body


def test_extra_body_is_checked_as_part_of_the_body(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    """extra_body merges into the JSON the server sees, so it is checked with it."""
    found = refused(
        pkg,
        server,
        lambda: client.limits.create_limits(
            count=2, code="ABC-1", extra_body={"count": 0}
        ),
    )
    assert found == [("count", "minimum")]
    client.limits.create_limits(count=2, code="ABC-1", extra_body={"note": "kept"})
    assert json.loads(server.requests[0].body) == {**VALID, "note": "kept"}


def test_query_parameters_are_checked_as_sent(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body=["a"])
    found = refused(
        pkg, server, lambda: client.limits.replace_tags(body=["a"], labels=[1, 2])
    )
    assert found == [("labels.0", "type"), ("labels.1", "type")]
    client.limits.replace_tags(body=["a"], labels=("x", "y"))
    assert server.requests[0].path.endswith("labels=x&labels=y")


def test_check_request_on_a_model_checks_what_the_client_checks(pkg: Any) -> None:
    """A body model and a parameters model are checked against the operation's JSON Schema,
    as the client checks a call: strictly, with every violation."""
    body = pkg.check_request(pkg.models.Limits, {"count": "2", "code": "ABC-1"})
    assert body[0] is None and [(v.field, v.rule) for v in body[1]] == [
        ("count", "type")
    ]
    params = pkg.check_request(pkg.models.ListLimitsParameters, {"page_size": "5"})
    assert params[0] is None
    assert [(v.field, v.rule) for v in params[1]] == [("page_size", "type")]
    fine, found = pkg.check_request(pkg.models.ListLimitsParameters, {"page_size": 5})
    assert found == [] and fine.page_size == 5
