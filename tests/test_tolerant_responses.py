"""Responses are read tolerantly: a null the server sends in an optional field is kept.

Real APIs send `null` for absent values in fields the spec marks optional but not nullable
(OpenAI's `Batch.output_file_id`, `OpenAIFile.expires_at`...). Requests stay strict: a model
built by hand still refuses the null, and the request check refuses it on the wire.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pydantic
import pytest
from loopback import Reply, ScriptedServer
from specgen_testlib import import_golden_package

VALID = {"count": 2, "code": "ABC-1"}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("constraints", tmp_path_factory.mktemp("tolerant"))


@pytest.fixture
def client(pkg: Any, server: ScriptedServer) -> Iterator[Any]:
    with pkg.Client(base_url=server.base_url, max_retries=0) as c:
        yield c


def test_null_in_an_optional_field_of_a_response_is_kept(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    assert "nickname" in pkg.models.Limits.model_fields
    server.default = Reply(body={**VALID, "nickname": None})
    limits = client.limits.create_limits(**VALID)
    assert isinstance(limits, pkg.models.Limits)
    assert limits.nickname is None and "nickname" in limits.model_fields_set
    assert json.loads(server.requests[0].body) == VALID


def test_parse_json_keeps_nulls_deep_inside(pkg: Any) -> None:
    response_module = __import__(f"{pkg.__name__}._runtime._response", fromlist=["x"])
    response = httpx.Response(200, json=[{**VALID, "nickname": None}])
    (parsed,) = response_module.parse_json(response, list[pkg.models.Limits])
    assert parsed.nickname is None


def test_requests_still_refuse_the_null(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    with pytest.raises(pydantic.ValidationError, match="must not be null"):
        pkg.models.Limits(**VALID, nickname=None)
    with pytest.raises(pkg.RequestValidationError):
        client.limits.create_limits(**VALID, nickname=None)
    assert server.requests == []
