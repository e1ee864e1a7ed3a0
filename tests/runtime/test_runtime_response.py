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
        and error.message == "slow"
        and error.request is None
    )
    assert type(status_error_for(httpx.Response(599))) is InternalServerError
    plain = status_error_for(httpx.Response(402, json={"error": "pay up"}))
    assert type(plain) is APIStatusError and plain.message == "pay up"
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
