"""Unions whose members a property tells apart are parsed by that property.

The spec's `discriminator` is used, and one is inferred when every member requires a property
fixed to its own values (OpenAI's `type`). A value becomes exactly the member its tag names, a
tag the spec does not list is kept in a response as an `UnknownVariant` and refused in a model
built by hand. Tried on the composition golden package and on the 2026 OpenAI package, against a
loopback server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest
from loopback import Reply, ScriptedServer
from specgen_testlib import REPO, import_golden_package

from specgen.ir.model import Discriminator
from specgen.pipeline import build


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("composition", tmp_path_factory.mktemp("unions"))


@pytest.fixture
def client(pkg: Any, server: ScriptedServer) -> Iterator[Any]:
    with pkg.Client(base_url=server.base_url, max_retries=0) as c:
        yield c


def _alias(spec: Path, name: str) -> Any:
    return next(a for a in build(spec).api.aliases if a.name == name)


def test_the_declared_discriminator_and_an_inferred_one() -> None:
    spec = REPO / "tests" / "golden" / "composition" / "spec.yaml"
    assert _alias(spec, "Pet").type.discriminator == Discriminator(
        "pet_type", (("cat", "Cat"), ("dog", "Dog"))
    )
    shape = _alias(spec, "Shape").type.discriminator
    assert shape == Discriminator(
        "kind",
        (
            ("circle", "ShapeCircle"),
            ("square", "ShapeSquare"),
            ("box", "ShapeSquare"),
            ("box", "ShapeCube"),
        ),
    )
    assert shape.groups[-1] == ("box", ("ShapeSquare", "ShapeCube"))


NO_TAG = """\
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    A:
      type: object
      required: [type]
      properties: {type: {const: a}}
    B:
      type: object
      properties: {type: {const: b}}
    Loose: {oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/B"}]}
    Same: {oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/A2"}]}
    A2:
      type: object
      required: [type, n]
      properties: {type: {const: a}, n: {type: integer}}
    Mixed: {oneOf: [{$ref: "#/components/schemas/A"}, {type: string}]}
"""


def test_no_discriminator_is_inferred_from_an_optional_or_a_shared_tag(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(NO_TAG)
    for name in ("Loose", "Same", "Mixed"):
        alias = _alias(spec, name)
        assert alias.type.kind == "union" and alias.type.discriminator is None, name


def test_each_item_becomes_the_member_its_tag_names(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    m = pkg.models
    server.default = Reply(
        body=[
            {"kind": "circle", "radius": 1.5},
            {"kind": "square", "side": 2},
            {"kind": "box", "side": 2, "depth": 3},  # a square would accept it too
            {"kind": "box", "side": 4},  # a cube would not: `additionalProperties`
        ]
    )
    shapes = client.pets.list_shapes()
    assert [type(s) for s in shapes] == [
        m.ShapeCircle,
        m.ShapeSquare,
        m.ShapeCube,
        m.ShapeSquare,
    ]
    server.default = Reply(body={"pet_type": "dog", "good_boy": True, "lives": 9})
    dog = client.pets.create_pet(pet={"pet_type": "cat", "lives": 9}, chip_id=1)
    assert isinstance(dog, m.Dog) and dog.good_boy is True


def test_an_unknown_tag_in_a_response_is_kept_with_its_fields(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.default = Reply(
        body=[
            {"kind": "hexagon", "side": 1, "colour": "red"},
            {"kind": "circle", "radius": 2},
        ]
    )
    hexagon, circle = client.pets.list_shapes()
    assert isinstance(hexagon, pkg.UnknownVariant)
    assert (hexagon.discriminator, hexagon.tag) == ("kind", "hexagon")
    assert (hexagon.side, hexagon.colour) == (1, "red")
    assert hexagon.model_dump() == {"kind": "hexagon", "side": 1, "colour": "red"}
    assert isinstance(circle, pkg.models.ShapeCircle)


def test_a_model_built_by_hand_refuses_an_unknown_tag(pkg: Any) -> None:
    m = pkg.models
    with pytest.raises(pydantic.ValidationError) as caught:
        m.CreatePetRequest(pet={"pet_type": "parrot"}, chip_id=1)
    message = str(caught.value)
    assert "'pet_type' is 'parrot', not one of 'cat', 'dog'" in message
    with pytest.raises(pydantic.ValidationError, match="'pet_type' is missing"):
        m.CreatePetRequest(pet={"lives": 3}, chip_id=1)
    made = m.CreatePetRequest(pet=m.Cat(pet_type="cat", lives=3), chip_id=1)
    assert isinstance(made.pet, m.Cat)


def test_a_request_with_an_unknown_tag_is_refused_before_sending(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    with pytest.raises(pkg.RequestValidationError):
        client.pets.create_pet(pet={"pet_type": "parrot", "lives": 1}, chip_id=1)
    assert server.requests == []


# -- the 2026 OpenAI package -------------------------------------------------------------------

RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1741476542,
    "status": "completed",
    "model": "gpt-4.1",
    "error": None,
    "incomplete_details": None,
    "instructions": None,
    "metadata": {},
    "parallel_tool_calls": True,
    "temperature": 1.0,
    "top_p": 1.0,
    "tool_choice": "auto",
    "tools": [],
}
APPROVAL = {
    "type": "mcp_approval_request",
    "id": "mcpr_1",
    "server_label": "deepwiki",
    "name": "ask_question",
    "arguments": '{"repoName": "openai/codex"}',
}
MESSAGE = {
    "type": "message",
    "id": "msg_1",
    "status": "completed",
    "role": "assistant",
    "content": [
        {"type": "output_text", "text": "Hi", "annotations": [], "logprobs": []}
    ],
}
FUTURE = {"type": "hologram_call", "id": "hg_1", "status": "completed", "depth": 3}


def test_openai_output_items_are_the_members_their_type_names(
    openai_2026: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body={**RESPONSE, "output": [APPROVAL, MESSAGE, FUTURE]})
    with openai_2026.Client(
        base_url=server.base_url, api_key="sk-test", max_retries=0
    ) as client:
        response = client.responses.get_response(response_id="resp_1")
    m = openai_2026.models
    approval, message, future = response.output
    assert type(approval) is m.MCPApprovalRequest
    assert approval.server_label == "deepwiki"
    assert type(message) is m.OutputMessage
    assert message.content[0].text == "Hi"
    assert isinstance(future, openai_2026.UnknownVariant)
    assert (future.tag, future.id, future.depth) == ("hologram_call", "hg_1", 3)
    assert server.requests[0].path == "/responses/resp_1"


def test_the_official_sdk_reads_the_same_items_alike(
    openai_2026: Any, server: ScriptedServer
) -> None:
    """The wire reference: the official SDK, on the same reply, sees the same members."""
    openai = pytest.importorskip("openai")
    server.default = Reply(body={**RESPONSE, "output": [APPROVAL, MESSAGE, FUTURE]})
    with openai.OpenAI(
        base_url=server.base_url, api_key="sk-test", max_retries=0
    ) as sdk:
        theirs = sdk.responses.retrieve("resp_1").output
    with openai_2026.Client(
        base_url=server.base_url, api_key="sk-test", max_retries=0
    ) as client:
        ours = client.responses.get_response(response_id="resp_1").output
    assert [item.type for item in theirs] == [item.type for item in ours]
    assert type(theirs[0]).__name__.lower() == type(ours[0]).__name__.lower()
    assert theirs[0].server_label == ours[0].server_label
    assert theirs[1].content[0].text == ours[1].content[0].text
    # the SDK keeps the unknown item too; both expose its fields
    assert getattr(theirs[2], "depth", None) == ours[2].depth == 3
    assert [r.path for r in server.requests] == ["/responses/resp_1"] * 2
