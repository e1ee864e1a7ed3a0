"""The generated validators: every seed constraint refused before the wire, boundaries accepted.

Runs the real generated package (generated/openai_images) against a loopback server that
records every request, so "nothing is sent" is observed, not assumed.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loopback import Reply, ScriptedServer, make_png, parse_multipart
from specgen_testlib import REPO, import_golden_package

sys.path.insert(0, str(REPO / "generated" / "openai_images"))

import openai_images
from openai_images import OpenAI, RequestValidationError, validate_request
from openai_images.models import CreateImageEditRequest

MIB4 = 4 * 1024 * 1024
RGBA, RGB = 6, 2
OK_REPLY = Reply(
    body={"created": 1589478378, "data": [{"url": "https://example.test/a"}]}
)


def png_of_size(
    size: int, width: int = 8, height: int = 8, colour_type: int = RGBA
) -> bytes:
    """A valid PNG padded to exactly `size` bytes with an ancillary chunk after IDAT."""
    base = make_png(width, height, colour_type)
    filler = size - len(base) - 12  # 12 = chunk length, type and CRC
    assert filler >= 0
    return make_png(width, height, colour_type, after_idat=[(b"zzTx", b"\0" * filler)])


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[OpenAI]:
    server.default = OK_REPLY
    with OpenAI(api_key="sk-test-key", base_url=server.base_url, max_retries=0) as c:
        yield c


def refused(client: OpenAI, server: ScriptedServer, **kwargs: Any) -> list[str]:
    """Call edit, expect RequestValidationError, check nothing reached the server."""
    arguments: dict[str, Any] = {"image": make_png(8, 8, RGBA), "prompt": "otter"}
    arguments.update(kwargs)
    with pytest.raises(RequestValidationError) as caught:
        client.images.edit(**arguments)
    assert server.requests == [], "a refused call must send nothing"
    return [str(v) for v in caught.value.violations]


def accepted(client: OpenAI, server: ScriptedServer, **kwargs: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {"image": make_png(8, 8, RGBA), "prompt": "otter"}
    arguments.update(kwargs)
    result = client.images.edit(**arguments)
    assert result.created == 1589478378
    (request,) = server.requests
    parts = parse_multipart(request.headers["content-type"], request.body)
    server.requests.clear()
    return {p.name: p for p in parts}


# -- refused before the wire ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"prompt": "x" * 1001}, "prompt: at most 1000 characters (got 1001)"),
        ({"n": 0}, "n: must be at least 1 (got 0)"),
        ({"n": 11}, "n: must be at most 10 (got 11)"),
        (
            {"size": "300x300"},
            "size: must be one of '256x256', '512x512', '1024x1024' or None (got '300x300')",
        ),
        (
            {"response_format": "jpeg"},
            "response_format: must be one of 'url', 'b64_json' or None (got 'jpeg')",
        ),
        (
            {"image": b"\xff\xd8\xff\xe0" + b"\0" * 64},
            "image: must be a PNG file (got image/jpeg)",
        ),
        (
            {"image": b"plain text"},
            "image: must be a PNG file (got unrecognised content)",
        ),
        ({"image": make_png(16, 8, RGBA)}, "image: must be square (got 16x8)"),
        (
            {"image": make_png(64, 64, RGB), "mask": make_png(32, 32, RGBA)},
            "mask: must have the same dimensions as image (32x32 vs 64x64)",
        ),
        (
            {"image": make_png(8, 8, RGB), "mask": b"GIF89a" + b"\0" * 32},
            "mask: must be a PNG file (got image/gif)",
        ),
        (
            {"image": make_png(8, 8, RGB)},
            "image: must have transparency when mask is not given",
        ),
    ],
)
def test_refused_before_the_wire(
    client: OpenAI, server: ScriptedServer, kwargs: dict[str, Any], expected: str
) -> None:
    messages = refused(client, server, **kwargs)
    assert any(m.startswith(expected) for m in messages), messages


def test_image_of_4_mib_is_refused(client: OpenAI, server: ScriptedServer) -> None:
    messages = refused(client, server, image=png_of_size(MIB4))
    assert messages == ["image: must be at most 4,194,303 bytes (got 4,194,304)"]


def test_every_violation_is_listed_at_once(
    client: OpenAI, server: ScriptedServer
) -> None:
    messages = refused(
        client,
        server,
        image=make_png(16, 8, RGB),
        prompt="p" * 1500,
        n=99,
        size="1x1",
    )
    fields = sorted(m.split(":")[0] for m in messages)
    assert fields == ["image", "image", "n", "prompt", "size"], messages
    with pytest.raises(RequestValidationError) as caught:
        client.images.edit(image=b"", prompt="x" * 1001)
    text = str(caught.value)
    assert text.startswith("2 problems with the request:")


def test_offending_values_are_shortened(client: OpenAI, server: ScriptedServer) -> None:
    (message,) = refused(client, server, size="9" * 500)
    assert len(message) < 150, message
    assert "..." in message


def test_required_and_type_errors_name_the_field(
    server: ScriptedServer, client: OpenAI
) -> None:
    with pytest.raises(TypeError):
        client.images.edit(prompt="x")  # type: ignore[call-arg]  # Python refuses it first
    messages = refused(client, server, n="many")
    assert messages and messages[0].startswith(
        "n: must be an integer or null (got 'many')"
    ), messages


# -- accepted, and what goes on the wire ------------------------------------------------------


def test_seed_example_goes_through(
    client: OpenAI,
    server: ScriptedServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "otter.png").write_bytes(make_png(64, 64, RGB))
    (tmp_path / "mask.png").write_bytes(make_png(64, 64, RGBA))
    monkeypatch.chdir(tmp_path)
    with open("otter.png", "rb") as image, open("mask.png", "rb") as mask:
        parts = accepted(
            client,
            server,
            image=image,
            mask=mask,
            prompt="A cute baby sea otter wearing a beret",
            n=2,
            size="1024x1024",
        )
    assert sorted(parts) == ["image", "mask", "n", "prompt", "size"]
    assert parts["image"].filename == "otter.png"
    assert parts["image"].content_type == "image/png"
    assert parts["n"].data == b"2"


def test_opaque_image_with_mask_goes_through(
    client: OpenAI, server: ScriptedServer
) -> None:
    accepted(client, server, image=make_png(32, 32, RGB), mask=make_png(32, 32, RGBA))


def test_transparency_from_a_trns_chunk_counts(
    client: OpenAI, server: ScriptedServer
) -> None:
    image = make_png(8, 8, RGB, before_idat=[(b"tRNS", b"\0\0\0\0\0\0")])
    accepted(client, server, image=image)


@pytest.mark.parametrize("name", ["n", "size", "response_format"])
def test_null_is_accepted_for_nullable_parameters(
    client: OpenAI, server: ScriptedServer, name: str
) -> None:
    parts = accepted(client, server, **{name: None})
    assert name not in parts  # multipart has no null: an explicit None sends no field


def test_user_is_optional_but_not_nullable(
    client: OpenAI, server: ScriptedServer
) -> None:
    messages = refused(client, server, user=None)
    assert messages == ["user: must be a string (got None)"]


@pytest.mark.parametrize("form", ["bytes", "path", "file", "tuple"])
def test_image_as_bytes_path_file_or_tuple(
    client: OpenAI, server: ScriptedServer, tmp_path: Path, form: str
) -> None:
    data = make_png(16, 16, RGBA)
    path = tmp_path / "in.png"
    path.write_bytes(data)
    image: Any = {
        "bytes": data,
        "path": path,
        "file": io.BytesIO(data),
        "tuple": ("custom.png", data, "image/png"),
    }[form]
    parts = accepted(client, server, image=image)
    assert parts["image"].data == data


def test_boundaries_are_accepted(client: OpenAI, server: ScriptedServer) -> None:
    accepted(client, server, prompt="x" * 1000, n=1)
    accepted(client, server, n=10)
    parts = accepted(client, server, image=png_of_size(MIB4 - 1))
    assert len(parts["image"].data) == MIB4 - 1


def test_validation_leaves_file_positions_for_the_upload(
    client: OpenAI, server: ScriptedServer
) -> None:
    data = make_png(8, 8, RGB)
    handle = io.BytesIO(b"junk" + data)
    handle.seek(4)  # the caller wants the upload to start here
    refused(client, server, image=handle)  # opaque, no mask
    assert handle.tell() == 4
    accepted(client, server, image=handle, mask=make_png(8, 8, RGBA))


# -- property-based: valid values pass, mutated ones fail ----------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prompt=st.text(max_size=1000),
    n=st.none() | st.integers(min_value=1, max_value=10),
    size=st.none() | st.sampled_from(["256x256", "512x512", "1024x1024"]),
    side=st.integers(min_value=1, max_value=4096),
)
def test_valid_requests_pass(
    prompt: str, n: int | None, size: str | None, side: int
) -> None:
    values = {
        "image": make_png(side, side, RGBA),
        "prompt": prompt,
        "n": n,
        "size": size,
    }
    validate_request(CreateImageEditRequest, values)


@settings(max_examples=60, deadline=None)
@given(
    mutation=st.sampled_from(["prompt", "n", "size", "square", "alpha", "type"]),
    amount=st.integers(min_value=1, max_value=500),
)
def test_mutated_requests_fail(mutation: str, amount: int) -> None:
    values: dict[str, Any] = {"image": make_png(8, 8, RGBA), "prompt": "otter"}
    field = mutation
    if mutation == "prompt":
        values["prompt"] = "x" * (1000 + amount)
    elif mutation == "n":
        values["n"] = 10 + amount if amount % 2 else 1 - amount
    elif mutation == "size":
        values["size"] = f"{amount}x{amount + 1}"  # never one of the square sizes
    elif mutation == "square":
        values["image"] = make_png(8 + amount, 8, RGBA)
        field = "image"
    elif mutation == "alpha":
        values["image"] = make_png(amount, amount, RGB)
        field = "image"
    else:
        values["image"] = b"\xff\xd8\xff" + bytes(amount)
        field = "image"
    with pytest.raises(RequestValidationError) as caught:
        validate_request(CreateImageEditRequest, values)
    assert [v.field for v in caught.value.violations] == [field]


# -- without a client ---------------------------------------------------------------------


def test_validate_request_works_without_a_client() -> None:
    model = validate_request(
        CreateImageEditRequest, {"image": make_png(4, 4, RGBA), "prompt": "p"}
    )
    assert model.prompt == "p"
    instance, violations = openai_images.check_request(
        CreateImageEditRequest, {"image": make_png(4, 2, RGBA), "prompt": "p"}
    )
    assert instance is None
    assert [(v.field, v.rule) for v in violations] == [("image", "x-image-square")]


# -- responses are lenient ----------------------------------------------------------------


def test_response_with_unknown_fields_parses(
    client: OpenAI, server: ScriptedServer
) -> None:
    server.default = Reply(
        body={
            "created": 5,
            "data": [{"url": "u", "new_field": {"x": 1}}],
            "usage": {"t": 3},
        }
    )
    result = client.images.edit(image=make_png(8, 8, RGBA), prompt="p")
    assert result.created == 5
    assert result.data[0].url == "u"


@pytest.fixture(scope="module")
def golden_enums(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The golden `enums` case generated and imported: strict requests, lenient responses."""
    return import_golden_package("enums", tmp_path_factory.mktemp("enums"))


def test_unknown_enum_value_in_a_response_parses(
    golden_enums: Any, server: ScriptedServer
) -> None:
    server.default = Reply(
        status=200,
        body={
            "id": "r1",
            "object": "render",
            "status": "paused",  # a status added to the API after this client was generated
            "background": "auto",
            "extra": [1, 2],
        },
    )
    with golden_enums.Client(base_url=server.base_url, max_retries=0) as client:
        render = client.renders.create_render(format="256x256", priority=1)
        assert render.status == "paused"
        assert render.background == "auto"
        with pytest.raises(golden_enums.RequestValidationError) as caught:
            client.renders.create_render(format="300x300", priority=7)
    assert [v.field for v in caught.value.violations] == ["format", "priority"]
    assert len(server.requests) == 1  # the refused call sent nothing


def test_a_response_missing_a_required_field_is_read_and_another_object_refused(
    golden_enums: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body={"id": "r1", "status": "queued"})  # no `object`
    with golden_enums.Client(base_url=server.base_url, max_retries=0) as client:
        render = client.renders.create_render(format="256x256", priority=1)
        assert (render.id, render.status, render.object) == ("r1", "queued", None)
        assert "object" not in render.model_fields_set
        # none of the model's fields: not this object at all, and the error says so
        server.default = Reply(body={"error": {"message": "upstream timeout"}})
        with pytest.raises(golden_enums.APIResponseValidationError) as caught:
            client.renders.create_render(format="256x256", priority=1)
    assert "does not match the expected schema" in str(caught.value)
    assert "Field required" in str(caught.value)
