"""Typed request parameters: every object argument takes a model or a plain dict, and
`params.py`'s TypedDicts make the dict type-check.

mypy --strict on user code: dict literals for the everyday calls of the 2026 OpenAI package
are clean and wrong ones are flagged at their line; every docs example of the golden
packages (dict literals, and the README's dict typed by its TypedDict) is clean. At run time
a dict and a model send the same JSON, a generator or a tuple is an array, the official SDK
sends what we send for the same dict literals, and the TypedDicts are real classes with the
right required keys. Only schemas requests carry get one.
"""

from __future__ import annotations

import collections.abc
import importlib
import json
import os
import re
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import Reply, ScriptedServer
from specgen_testlib import REPO, import_golden_package

from specgen.ir.examples import ExampleBuilder, with_examples
from specgen.pipeline import build, generate
from specgen.write.writer import write_tree

GOLDEN = REPO / "tests" / "golden"
GOLDEN_CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file())
# The hostile case's spec gives its object examples keys the schema does not declare (a
# TypedDict refuses them; the model keeps them): its examples run but do not type-check.
UNTYPED_EXAMPLES = {"hostile"}


def run_mypy(folder: Path, files: list[str], packages: list[Path]) -> str:
    """mypy --strict on `files` in `folder`, the packages' projects on MYPYPATH; returns
    its output (the packages are checked too, as the files import them)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *files],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": os.pathsep.join(map(str, packages))},
        timeout=900,
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.stdout


def errors_by_line(output: str, file: str) -> dict[int, list[str]]:
    """mypy's error lines for one file, by line number (notes aside)."""
    found: dict[int, list[str]] = {}
    for match in re.finditer(rf"^{re.escape(file)}:(\d+): error: (.*)$", output, re.M):
        found.setdefault(int(match[1]), []).append(match[2])
    return found


def only_in(file: str, output: str) -> bool:
    """Whether every error mypy reports is in `file` (none in the others, nor in the
    packages)."""
    errors = [line for line in output.splitlines() if ": error: " in line]
    return bool(errors) and all(line.startswith(file + ":") for line in errors)


# -- the golden case typed_params ------------------------------------------------------------


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("typed_params", tmp_path_factory.mktemp("typed"))


@pytest.fixture
def client(typed: Any, server: ScriptedServer) -> Iterator[Any]:
    with typed.Client(base_url=server.base_url, max_retries=0) as c:
        yield c


def test_only_objects_requests_carry_get_a_typed_dict() -> None:
    api = build(GOLDEN / "typed_params" / "spec.yaml").api
    by_model = {d.model: d.name for d in api.param_dicts}
    assert by_model == {
        "UserMessage": "UserMessageParam",
        "ToolMessage": "ToolMessageParam",
        "TextPart": "TextPartParam",
        "Attachment": "AttachmentParam",
        "TreeNode": "TreeNodeParam",
        "WireHeaders": "WireHeadersParam",
        "Label": "LabelParam",
        # the spec has a schema named NoteParam: Note's TypedDict steps aside
        "NoteParam": "NoteParamParam",
        "Note": "NoteParam_",
        "NoteFilter": "NoteFilterParam",  # carried by a query parameter
    }
    # the body given field by field, and the response-only schemas, have none
    assert {"CreateChatRequest", "ChatReply", "Usage"}.isdisjoint(by_model)
    assert [a.name for a in api.param_aliases] == ["MessageParam", "MessageListParam"]
    model_names = {m.name for m in api.models} | {a.name for a in api.aliases}
    assert model_names.isdisjoint(api.param_names)
    functional = {d.name for d in api.param_dicts if d.functional}
    assert functional == {"WireHeadersParam"}


def test_typed_dicts_are_real_at_run_time(typed: Any) -> None:
    params = importlib.import_module("golden_typed_params.params")
    user = params.UserMessageParam
    assert user.__required_keys__ == {"role", "content"}
    assert user.__optional_keys__ == {"name"}
    headers = params.WireHeadersParam
    assert set(headers.__optional_keys__) == {
        "content-type",
        "class",
        "__secret",
        "plain",
    }
    hints = typing.get_type_hints(params.TreeNodeParam)  # recursive: resolved by name
    assert hints["children"] == collections.abc.Iterable[params.TreeNodeParam]
    hints = typing.get_type_hints(params.ToolMessageParam)
    assert hints["attachment"] == params.AttachmentParam | None


REPLY = {"text": "ok", "usage": {"tokens": 3}}


def test_a_dict_and_a_model_send_the_same_json(
    typed: Any, client: Any, server: ScriptedServer
) -> None:
    m = typed.models
    server.default = Reply(body=REPLY)
    as_models = client.chats.create_chat(
        model="m",
        messages=[
            m.UserMessage(
                role="user", content=[m.TextPart(type="text", text="hi", style="bold")]
            ),
            m.ToolMessage(
                role="tool", tool_call_id="c1", content="42", attachment=None
            ),
        ],
        tree=m.TreeNode(name="root", children=[m.TreeNode(name="leaf")]),
        headers=m.WireHeaders.model_validate(
            {"content-type": "text/plain", "class": 1}
        ),
        labels={"a": m.Label(color="red")},
    )
    as_dicts = client.chats.create_chat(
        model="m",
        messages=[
            {
                "role": "user",
                "content": [{"type": "text", "text": "hi", "style": "bold"}],
            },
            {"role": "tool", "tool_call_id": "c1", "content": "42", "attachment": None},
        ],
        tree={"name": "root", "children": [{"name": "leaf"}]},
        headers={"content-type": "text/plain", "class": 1},
        labels={"a": {"color": "red"}},
    )
    mixed = client.chats.create_chat(
        model="m",
        messages=(  # any iterable: a generator of a model and a dict
            message
            for message in [
                m.UserMessage(
                    role="user",
                    content=[{"type": "text", "text": "hi", "style": "bold"}],
                ),
                {
                    "role": "tool",
                    "tool_call_id": "c1",
                    "content": "42",
                    "attachment": None,
                },
            ]
        ),
        tree={"name": "root", "children": ({"name": "leaf"},)},
        headers=m.WireHeaders.model_validate(
            {"content-type": "text/plain", "class": 1}
        ),
        labels={"a": m.Label(color="red")},
    )
    assert (
        as_models == as_dicts == mixed == typed.models.ChatReply.model_validate(REPLY)
    )
    bodies = [json.loads(r.body) for r in server.requests]
    assert bodies[0] == {
        "model": "m",
        "messages": [
            {
                "role": "user",
                "content": [{"type": "text", "text": "hi", "style": "bold"}],
            },
            {"role": "tool", "tool_call_id": "c1", "content": "42", "attachment": None},
        ],
        "tree": {"name": "root", "children": [{"name": "leaf"}]},
        "headers": {"content-type": "text/plain", "class": 1},
        "labels": {"a": {"color": "red"}},
    }
    assert bodies[1] == bodies[0] and bodies[2] == bodies[0]


def test_a_whole_body_and_a_query_object_of_dicts_are_sent_like_models(
    typed: Any, client: Any, server: ScriptedServer
) -> None:
    server.default = Reply(status=204, body=b"")
    m = typed.models
    client.chats.put_notes(body=[m.Note(text="a")], filter=m.NoteFilter(prefix="n"))
    client.chats.put_notes(body=iter([{"text": "a"}]), filter={"prefix": "n"})
    assert server.requests[0].body == server.requests[1].body
    assert server.requests[0].path == server.requests[1].path  # a query object too
    assert json.loads(server.requests[1].body) == [{"text": "a"}]
    with pytest.raises(typed.RequestValidationError) as caught:
        client.chats.put_notes(body=[{"txt": "a"}])
    assert "text" in str(caught.value)
    assert len(server.requests) == 2, "an invalid dict was sent"


# -- mypy on the golden packages: docs examples, and wrong dicts -------------------------------

GOLDEN_BAD = """\
from golden_typed_params import Client

client = Client()
client.chats.create_chat(model="m", messages=[{"role": "robot", "content": "hi"}])
client.chats.create_chat(model="m", messages=[{"role": "user", "content": "hi"}], temperature="hot")
client.chats.create_chat(model="m", messages=[{"role": "user", "content": [{"type": "text"}]}])
client.chats.create_chat(model="m", messages=[], labels={"a": {"color": "blue"}})
client.chats.create_chat(model="m", messages=[], tree={"name": "a", "children": [{"nme": "b"}]})
client.chats.create_chat(model="m", messages=[], headers={"content_type": "x"})
client.chats.put_notes(body=[{"text": 1}])
"""


def test_docs_examples_type_check_and_wrong_dicts_do_not(tmp_path: Path) -> None:
    packages: list[Path] = []
    files: list[str] = []
    for case in GOLDEN_CASES:
        tree, result = generate(GOLDEN / case / "spec.yaml")
        write_tree(tree, tmp_path / "packages" / case)
        packages.append(tmp_path / "packages" / case)
        if case in UNTYPED_EXAMPLES:
            continue
        api = with_examples(result.api)
        sources = [op.python_example for op in api.operations]
        featured = api.first_operation_with_params()
        if featured is not None:
            sources.append(ExampleBuilder(api).dict_source(api, *featured))
        for index, source in enumerate(sources):
            name = f"example_{case}_{index}.py"
            (tmp_path / name).write_text(source + "\n", "utf-8")
            files.append(name)
    assert len(files) > 50
    (tmp_path / "bad.py").write_text(GOLDEN_BAD, "utf-8")
    output = run_mypy(tmp_path, [*files, "bad.py"], packages)
    assert only_in("bad.py", output), output
    errors = errors_by_line(output, "bad.py")
    assert sorted(errors) == list(range(4, 11)), output
    # against a union of TypedDicts mypy names the expected type, not the key
    assert errors[4] == [
        'List item 0 has incompatible type "dict[str, str]"; expected "UserMessage | '
        'ToolMessage | UserMessageParam | ToolMessageParam"  [list-item]'
    ], output
    assert any('"temperature"' in e and '"str"' in e for e in errors[5]), output
    assert any("UserMessageParam" in e and "[list-item]" in e for e in errors[6])
    assert any('"Label | LabelParam"' in e for e in errors[7]), output
    assert any('"tree"' in e and "TreeNodeParam" in e for e in errors[8]), output
    assert any('"headers"' in e and "WireHeadersParam" in e for e in errors[9])
    assert any('"dict[str, int]"' in e and "NoteParam_" in e for e in errors[10])


# -- the 2026 OpenAI package ---------------------------------------------------------------

GOOD_2026 = """\
from openai_2026 import AsyncClient, Client
from openai_2026.models import ChatCompletionRequestUserMessage
from openai_2026.params import ChatCompletionRequestMessageParam, ChatCompletionToolParam

client = Client(api_key="k")
history: list[ChatCompletionRequestMessageParam] = [
    {"role": "system", "content": "You are terse."},
]
weather: ChatCompletionToolParam = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather at a place",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        "strict": True,
    },
}
completion = client.chat.create_chat_completion(
    model="gpt-4o",
    messages=[
        *history,
        {"role": "developer", "content": "Answer in French."},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in this image?"},
                {"type": "image_url", "image_url": {"url": "https://x/y.png", "detail": "low"}},
            ],
        },
        ChatCompletionRequestUserMessage(role="user", content="a model among the dicts"),
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "42"},
    ],
    tools=[weather],
    tool_choice={"type": "function", "function": {"name": "get_weather"}},
    response_format={
        "type": "json_schema",
        "json_schema": {"name": "answer", "schema": {"type": "object"}, "strict": True},
    },
    temperature=0.2,
    stream_options=None,
)
print(completion.choices[0].message.content)
for chunk in client.chat.create_chat_completion(
    model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=True
):
    print(chunk.choices)
client.chat.create_chat_completion(
    model="gpt-4o",
    messages=[{"role": "user", "content": "hi"}],
    response_format={"type": "json_object"},
)
response = client.responses.create_response(
    model="gpt-4o",
    input=[
        {"role": "user", "content": "hi"},
        {
            "role": "user",
            "content": [
                {"type": "input_text", "text": "describe"},
                {"type": "input_image", "image_url": "https://x/y.png", "detail": "auto"},
            ],
        },
        {"type": "function_call_output", "call_id": "c1", "output": "42"},
    ],
    tools=[{"type": "function", "name": "f", "parameters": {"type": "object"}, "strict": True}],
    text={"format": {"type": "json_schema", "name": "a", "schema": {"type": "object"}}},
    reasoning={"effort": "low"},
)
print(response.id)
client.responses.create_response(model="gpt-4o", input="plain text")
client.embeddings.create_embedding(model="text-embedding-3-small", input=["a", "b"])
client.images.create_image(prompt="an otter", size="1024x1024", n=1)
client.images.create_image_edit(images=[{"image_url": "https://x/y.png"}], prompt="p")
client.files.create_file(
    file=b"{}", purpose="batch", expires_after={"anchor": "created_at", "seconds": 3600}
)


async def main() -> None:
    aclient = AsyncClient(api_key="k")
    await aclient.chat.create_chat_completion(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}]
    )
"""

BAD_2026 = """\
from openai_2026 import Client

client = Client(api_key="k")
client.embeddings.create_embedding(model="text-embedding-3-small", input=[{"text": "a"}])
client.chat.create_chat_completion(model="m", messages=[{"role": "robot", "content": "hi"}])
client.chat.create_chat_completion(model="m", messages=[{"role": "user", "content": "hi"}], temperature="hot")
client.chat.create_chat_completion(model="m", messages=[{"role": "user", "contents": "hi"}])
client.chat.create_chat_completion(model="m", messages=[], response_format={"type": "xml"})
client.responses.create_response(model="m", input=[{"role": "robot", "content": "hi"}])
client.files.create_file(file=b"", purpose="batch", expires_after={"anchor": "created_at", "seconds": "soon"})
"""


def test_mypy_strict_on_dict_literal_calls_of_the_2026_package(
    openai_2026: Any, tmp_path: Path
) -> None:
    package = Path(openai_2026.__file__).parent
    (tmp_path / "good.py").write_text(GOOD_2026, "utf-8")
    (tmp_path / "bad.py").write_text(BAD_2026, "utf-8")
    output = run_mypy(tmp_path, ["good.py", "bad.py"], [package.parent])
    assert only_in("bad.py", output), output
    errors = errors_by_line(output, "bad.py")
    assert sorted(errors) == list(range(4, 11)), output
    assert any('"input"' in e and "create_embedding" in e for e in errors[4]), output
    # a dict that matches no message TypedDict: its role is none of theirs
    assert any("List item 0" in e for e in errors[5]), output
    # the method has stream overloads: mypy names the argument types, "hot" is the "str"
    assert any('"str", "list[dict[str, str]]", "str"' in e for e in errors[6]), output
    assert any("List item 0" in e for e in errors[7]), output
    assert any("No overload variant" in e for e in errors[8]), output
    assert errors[9], output
    assert any('"expires_after"' in e for e in errors[10]), output


CHAT_REPLY = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1741570283,
    "model": "gpt-4o-2024-08-06",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Bonjour", "refusal": None},
            "logprobs": None,
            "finish_reason": "stop",
        }
    ],
}


def test_chat_completion_with_dict_literals_sends_what_the_sdk_sends(
    openai_2026: Any, server: ScriptedServer
) -> None:
    openai = pytest.importorskip("openai")
    server.default = Reply(body=CHAT_REPLY)
    call: dict[str, Any] = {
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "Be terse."},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is this?"},
                    {"type": "image_url", "image_url": {"url": "https://x/y.png"}},
                ],
            },
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "f", "arguments": "{}"},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call_1", "content": "42"},
        ],
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "f",
                    "parameters": {"type": "object", "properties": {}},
                    "strict": True,
                },
            }
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "a", "schema": {"type": "object"}},
        },
        "temperature": 0.2,
    }
    with openai_2026.Client(
        base_url=server.base_url, api_key="k", max_retries=0
    ) as ours:
        mine = ours.chat.create_chat_completion(**call)
    sdk = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
    try:
        theirs = sdk.chat.completions.create(**call)
    finally:
        sdk.close()
    assert mine.choices[0].message.content == theirs.choices[0].message.content
    ours_request, sdk_request = server.requests
    assert ours_request.path == sdk_request.path == "/chat/completions"
    assert json.loads(ours_request.body) == json.loads(sdk_request.body) == call


def test_the_2026_typed_dicts_cover_requests_only(openai_2026: Any) -> None:
    params = importlib.import_module("openai_2026.params")
    models = openai_2026.models
    assert params.ChatCompletionRequestUserMessageParam.__required_keys__ == {
        "role",
        "content",
    }
    # aliases that name models get param aliases; response-only schemas get nothing
    assert hasattr(params, "ChatCompletionRequestMessageParam")
    assert not hasattr(params, "CreateChatCompletionResponseParam")
    assert not hasattr(params, "ChatCompletionResponseMessageParam")
    # names never clash with a model (the spec has its own ...Param schemas)
    assert set(params.__all__).isdisjoint(models.__all__)
    assert hasattr(models, "ModerationParam") and hasattr(
        params, "ModerationParamParam"
    )
