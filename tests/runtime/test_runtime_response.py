from __future__ import annotations

import ast
import copy
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Literal

import httpx
import pydantic
import pytest
from runtime import _response
from runtime._errors import (
    APIError,
    APIResponseValidationError,
    APIStatusError,
    InternalServerError,
    RateLimitError,
    status_error_for,
)
from runtime._failures import error_for_status, error_type_for
from runtime._models import BaseSchema
from runtime._response import parse_content, parse_json, parse_text
from runtime._types import NOT_GIVEN, NotGiven

RUNTIME_DIR = Path(__file__).resolve().parent.parent.parent / "templates" / "runtime"


class Image(pydantic.BaseModel):
    url: str | None = None
    b64_json: str | None = None


class ImagesResponse(pydantic.BaseModel):
    created: int
    data: list[Image]


class Cat(pydantic.BaseModel):
    kind: Literal["cat"]
    lives: int


class Dog(pydantic.BaseModel):
    kind: Literal["dog"]
    good: bool


def _response_with(body: bytes, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status,
        content=body,
        headers={"content-type": "application/json"},
        request=httpx.Request("POST", "https://api.example.com/v1/x"),
    )


def test_parse_json_model_list_and_union() -> None:
    parsed = parse_json(
        _response_with(b'{"created": 1, "data": [{"url": "u"}]}'), ImagesResponse
    )
    assert parsed == ImagesResponse(created=1, data=[Image(url="u")])
    many = parse_json(
        _response_with(b'[{"url": "a"}, {"b64_json": "Zg=="}]'), list[Image]
    )
    assert many == [Image(url="a"), Image(b64_json="Zg==")]
    pet = parse_json(_response_with(b'{"kind": "dog", "good": true}'), Cat | Dog)
    assert pet == Dog(kind="dog", good=True)


def test_type_adapters_are_cached() -> None:
    parse_json(_response_with(b"[1]"), list[int])
    adapter = _response._ADAPTERS[list[int]]
    parse_json(_response_with(b"[2]"), list[int])
    assert _response._ADAPTERS[list[int]] is adapter


def test_parse_json_mismatch_is_an_api_error() -> None:
    with pytest.raises(APIResponseValidationError) as info:
        parse_json(_response_with(b'{"created": "soon"}'), ImagesResponse)
    assert isinstance(info.value, APIError)
    assert info.value.status_code == 200
    with pytest.raises(APIResponseValidationError):
        parse_json(_response_with(b"not json"), ImagesResponse)


def test_parse_content_and_text() -> None:
    response = httpx.Response(
        200,
        content="héllo".encode(),
        headers={"content-type": "text/plain; charset=utf-8"},
    )
    assert parse_content(response) == "héllo".encode()
    assert parse_text(response) == "héllo"


def test_status_error_for_hand_built_responses() -> None:
    error = status_error_for(httpx.Response(429, json={"error": {"message": "slow"}}))
    assert (
        type(error) is RateLimitError
        and error.message == "Error code: 429 - slow"
        and error.request is None
    )
    assert type(status_error_for(httpx.Response(599))) is InternalServerError
    plain = status_error_for(httpx.Response(402, json={"error": "pay up"}))
    assert type(plain) is APIStatusError and plain.message == "Error code: 402 - pay up"
    empty = status_error_for(httpx.Response(410, headers={"x-request-id": "req_1"}))
    assert empty.message == "Error code: 410 - Gone" and empty.body is None
    assert empty.request_id == "req_1"


def test_not_given_sentinel() -> None:
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert NotGiven() is NOT_GIVEN
    assert copy.deepcopy(NOT_GIVEN) is NOT_GIVEN
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN


def test_runtime_imports_only_stdlib_httpx_pydantic_relatively() -> None:
    # pydantic_core is pydantic's own half (installed with it, versions pinned together): its
    # core_schema builds the discriminated unions
    allowed_third_party = {"httpx", "pydantic", "pydantic_core"}
    for module in sorted(RUNTIME_DIR.glob("*.py")):
        tree = ast.parse(module.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    continue  # relative import inside the runtime
                top = (node.module or "").split(".")[0]
            elif isinstance(node, ast.Import):
                tops = {alias.name.split(".")[0] for alias in node.names}
                assert len(tops) == 1, module
                top = tops.pop()
            else:
                continue
            assert (
                top in allowed_third_party
                or top in sys.stdlib_module_names
                or top == "__future__"
            ), (
                module.name,
                top,
            )
    init = ast.parse((RUNTIME_DIR / "__init__.py").read_text())
    assert [type(node) for node in init.body] == [ast.Expr]  # docstring only


def test_import_is_cheap() -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import runtime; assert 'httpx' not in sys.modules, 'package init imports httpx';"
        "import runtime._http, runtime._params, runtime._response, runtime._checks;"
        "assert 'asyncio' not in sys.modules, 'asyncio imported eagerly';"
        "assert runtime._params._any_adapter is None;"
        "assert not runtime._response._ADAPTERS"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(RUNTIME_DIR.parent)], check=True, timeout=60
    )


class Problem(BaseSchema):
    title: str
    status: int


class Wrapped(BaseSchema):
    error: Problem


def test_error_bodies_are_typed_by_status_range_and_default() -> None:
    errors = {"404": Wrapped, "4XX": Problem, "default": list[Problem]}
    assert error_type_for(errors, 404) is Wrapped
    assert error_type_for(errors, 409) is Problem
    assert error_type_for(errors, 503) == list[Problem]
    assert (
        error_type_for(None, 404) is None
        and error_type_for({"400": Problem}, 404) is None
    )
    found = error_for_status(
        httpx.Response(
            404,
            json={"error": {"title": "gone", "status": 404}},
            headers={"x-request-id": "req_7"},
        ),
        errors,
    )
    assert isinstance(found.error, Wrapped) and found.error.error.title == "gone"
    assert found.error._request_id == "req_7"
    ranged = error_for_status(
        httpx.Response(409, json={"title": "t", "status": 9}), errors
    )
    assert isinstance(ranged.error, Problem) and ranged.error.status == 9
    assert str(ranged) == 'Error code: 409 - {"title": "t", "status": 9}'
    listed = error_for_status(
        httpx.Response(500, json=[{"title": "a", "status": 1}]), errors
    )
    assert isinstance(listed.error, list) and listed.error[0].title == "a"


def test_an_error_body_that_does_not_fit_leaves_error_none() -> None:
    errors = {"default": Problem}
    for response in (
        httpx.Response(400, json={"unrelated": True}),
        httpx.Response(400, text="<html>oops</html>"),
        httpx.Response(400),
        httpx.Response(400, json=[1, 2]),
    ):
        found = error_for_status(response, errors)
        assert found.error is None and found.status_code == 400
    assert (
        error_for_status(httpx.Response(400, json={"title": "x", "status": 1})).error
        is None
    )


def test_a_long_body_is_cut_short_in_the_message() -> None:
    error = status_error_for(httpx.Response(500, text="x " * 1000))
    assert error.message.startswith("Error code: 500 - x x") and error.message.endswith(
        "…"
    )
    assert len(error.message) < 600 and error.body == "x " * 1000


def test_parsed_models_carry_the_request_id() -> None:
    response = httpx.Response(
        200, json={"title": "t", "status": 1}, headers={"x-request-id": "req_1"}
    )
    parsed = parse_json(response, Problem)
    assert parsed._request_id == "req_1" and Problem._request_id is None
    assert parsed == Problem(title="t", status=1) and "req" not in repr(parsed)
    assert parsed.model_dump() == {"title": "t", "status": 1}
    nested = parse_json(
        httpx.Response(200, json={"error": {"title": "t", "status": 1}},
                       headers={"x-request-id": "req_2"}),
        Wrapped,
    )  # fmt: skip
    assert nested._request_id == "req_2" and nested.error._request_id is None
    assert (
        parse_json(
            httpx.Response(200, json={"title": "t", "status": 1}), Problem
        )._request_id
        is None
    )
