"""The request side of the package generated from the 2026 OpenAI spec, compared on the wire
with the official SDK (same call, same loopback server): path parameters as RFC 3986
segments, the `deepObject` query of fine-tuning jobs, and image edits, which come as
multipart with image files or as JSON with image references.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from loopback import Reply, ScriptedServer, make_png, parse_multipart

openai = pytest.importorskip("openai")

KEY = "sk-loopback"
MODEL = {"id": "x", "object": "model", "created": 1686935002, "owned_by": "me"}
FILE = {
    "id": "x",
    "object": "file",
    "bytes": 1,
    "created_at": 1,
    "filename": "a.jsonl",
    "purpose": "fine-tune",
    "status": "processed",
}
JOBS = {"object": "list", "data": [], "has_more": False}
IMAGES = {"created": 1713833628, "data": [{"b64_json": "aGk="}]}


@pytest.fixture
def ours(openai_2026: Any, server: ScriptedServer) -> Iterator[Any]:
    with openai_2026.Client(
        base_url=server.base_url, api_key=KEY, max_retries=0
    ) as client:
        yield client


@pytest.fixture
def sdk(server: ScriptedServer) -> Iterator[Any]:
    client = openai.OpenAI(base_url=server.base_url, api_key=KEY, max_retries=0)
    try:
        yield client
    finally:
        client.close()


def last_path(server: ScriptedServer) -> str:
    return server.requests[-1].path


@pytest.mark.parametrize(
    "model",
    [
        "ft:gpt-4o-mini:org:custom:id",
        "ft:gpt-4o-mini-2024-07-18:my-org@x:custom_suffix:9abcDEF",
        "gpt-4o",
    ],
)
def test_model_ids_go_in_the_path_as_the_sdk_sends_them(
    ours: Any, sdk: Any, server: ScriptedServer, model: str
) -> None:
    server.default = Reply(body={**MODEL, "id": model})
    sdk.models.retrieve(model)
    theirs = last_path(server)
    assert ours.models.retrieve_model(model=model).id == model
    assert last_path(server) == theirs == f"/models/{model}"  # ":" and "@" unencoded


@pytest.mark.parametrize(
    "file_id",
    ["file with space", "a/b?c#d%e", "sub!$&'()*+,;=delims", "é~ü", "..", "."],
)
def test_file_ids_are_encoded_as_the_sdk_encodes_them(
    ours: Any, sdk: Any, server: ScriptedServer, file_id: str
) -> None:
    server.default = Reply(body={**FILE, "id": file_id})
    ours.files.retrieve_file(file_id=file_id)
    mine = last_path(server)
    if file_id in (".", ".."):
        # the SDK sends a dot segment as is (URL normalisation may then drop it); we
        # encode its dots so the id reaches the server
        assert mine == "/files/" + file_id.replace(".", "%2E")
        return
    sdk.files.retrieve(file_id)
    assert mine == last_path(server)


def test_deep_object_metadata_is_sent_as_the_sdk_sends_it(
    ours: Any, sdk: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body=JOBS)
    metadata = {"env": "prod", "team name": "a&b=c", "ünï": "çödé"}
    sdk.fine_tuning.jobs.list(metadata=metadata, limit=5)
    theirs = urlsplit(last_path(server)).query
    ours.fine_tuning.list_paginated_fine_tuning_jobs(metadata=metadata, limit=5)
    mine = urlsplit(last_path(server)).query
    assert sorted(parse_qsl(mine)) == sorted(parse_qsl(theirs))
    assert parse_qsl(mine) == [
        ("limit", "5"),
        ("metadata[env]", "prod"),
        ("metadata[team name]", "a&b=c"),
        ("metadata[ünï]", "çödé"),
    ]
    # brackets percent-encoded as RFC 3986 wants in a query (the SDK does the same);
    # a space is %20 where the SDK writes "+": a form decoder reads both as a space
    assert mine.startswith("limit=5&metadata%5Benv%5D=prod&metadata%5Bteam%20name%5D=")


def test_image_edit_with_files_is_multipart_like_the_sdk(
    ours: Any, sdk: Any, server: ScriptedServer
) -> None:
    png = make_png(4, 4)
    server.default = Reply(body=IMAGES)
    sdk.images.edit(
        image=("otter.png", png, "image/png"), prompt="A cute otter", n=2, size="auto"
    )
    theirs = server.requests[-1]
    result = ours.images.create_image_edit(
        image=("otter.png", png, "image/png"), prompt="A cute otter", n=2, size="auto"
    )
    assert result.data[0].b64_json == "aGk="
    mine = server.requests[-1]
    for request in (theirs, mine):
        assert request.headers["content-type"].startswith("multipart/form-data;")

    def parts(request: Any) -> list[tuple[Any, ...]]:
        found = parse_multipart(request.headers["content-type"], request.body)
        return [(p.name, p.filename, p.content_type, p.data) for p in found]

    assert (
        parts(mine)
        == parts(theirs)
        == [
            ("prompt", None, None, b"A cute otter"),
            ("n", None, None, b"2"),
            ("size", None, None, b"auto"),
            ("image", "otter.png", "image/png", png),
        ]
    )


def test_image_edit_with_several_files_repeats_the_part(
    ours: Any, server: ScriptedServer
) -> None:
    png = make_png(2, 2)
    server.default = Reply(body=IMAGES)
    ours.images.create_image_edit(image=[png, png], mask=png, prompt="p")
    request = server.requests[-1]
    found = parse_multipart(request.headers["content-type"], request.body)
    # the spec's default for an array: one part per item, under the property's name (the
    # SDK names them `image[]`)
    assert [(p.name, p.content_type) for p in found] == [
        ("prompt", None),
        ("image", "image/png"),
        ("image", "image/png"),
        ("mask", "image/png"),
    ]


def test_image_edit_with_references_is_json(
    ours: Any, openai_2026: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body=IMAGES)
    ours.images.create_image_edit(
        images=[{"image_url": "https://example.com/a.png"}, {"file_id": "file-1"}],
        mask={"file_id": "file-mask"},
        prompt="Add a watercolor effect",
        output_format="png",
    )
    request = server.requests[-1]
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == {
        "images": [{"image_url": "https://example.com/a.png"}, {"file_id": "file-1"}],
        "mask": {"file_id": "file-mask"},
        "prompt": "Add a watercolor effect",
        "output_format": "png",
    }
    # each form is checked against its own schema: a reference must name one image
    count = len(server.requests)
    with pytest.raises(openai_2026.RequestValidationError, match=r"images\.0"):
        ours.images.create_image_edit(
            images=[{"image_url": "https://x/a.png", "file_id": "f"}], prompt="p"
        )
    # a file for `mask` picks multipart, where `images` is not a field
    with pytest.raises(openai_2026.RequestValidationError, match="images: is not"):
        ours.images.create_image_edit(
            images=[{"file_id": "f"}], mask=make_png(1, 1), prompt="p"
        )
    assert len(server.requests) == count


def test_realtime_call_parts_follow_the_encoding_like_the_sdk(
    ours: Any, sdk: Any, server: ScriptedServer
) -> None:
    """The spec's `encoding` gives `sdp` as application/sdp and `session` as JSON: the SDK
    sends exactly that, and so do we."""
    server.default = Reply(
        body=b"v=0 answer", headers={"Content-Type": "application/sdp"}
    )
    offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"
    session = {"type": "realtime", "model": "gpt-realtime", "instructions": "Hi ü"}
    sdk.realtime.calls.create(sdp=offer, session=session)
    theirs = server.requests[-1]
    answer = ours.realtime.create_realtime_call(sdp=offer, session=session)
    assert answer.read() == b"v=0 answer"
    mine = server.requests[-1]

    def parts(request: Any) -> list[tuple[Any, ...]]:
        found = parse_multipart(request.headers["content-type"], request.body)
        return [
            (
                p.name,
                p.filename,
                p.content_type,
                json.loads(p.data) if p.name == "session" else p.data,
            )
            for p in found
        ]

    assert (
        parts(mine)
        == parts(theirs)
        == [
            ("sdp", None, "application/sdp", offer.encode()),
            ("session", None, "application/json", session),
        ]
    )
