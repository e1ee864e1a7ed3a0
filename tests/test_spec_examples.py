"""Every example response in the 2026 OpenAI spec parses (issue 11).

The examples are the `response` texts under each operation's `x-oaiMeta.examples` (one
mapping, or a list of variants: "Default", "Streaming", ...). Each one is served from the
loopback server and the generated method is called on it, the way a user would call it:
`client.<resource>.<method>(...)` with the operation's required arguments only (and
EXTRA_ARGUMENTS where a body's `anyOf` needs one optional property). The operation is found by its operationId in specgen's IR (`specgen.pipeline.build`), which
names the client attribute of its resource and its method; the argument values are the ones
specgen writes into the package's docs examples (`ExampleBuilder.argument`: the spec's
example value, else the smallest value the schema accepts), so they pass the strict request
check. Every case goes through a real call on the loopback server; none calls
`parse_json` directly. A parsed example must be an instance of the method's declared return
type and dump back to the example's JSON (`by_alias`, `exclude_unset`: nulls stay, as set)
without pydantic serializer warnings — which is how a wrong union member shows.

Examples that are not a JSON response at all (event streams, binary or text bodies, empty
texts, placeholders that no repair makes JSON) are listed in NOT_JSON with the reason; the
test `test_the_exclusions_are_exactly_the_examples_that_are_not_json` keeps that list exact.
Examples that are JSON but for documentation sloppiness (trailing commas, elided items,
unquoted keys, Python's None) are repaired by `repair` — only those listed in REPAIRED.
Nothing is excluded because it fails to parse. Where an example contradicts its schema, the
tolerant reader still parses it (a required field left out, a null in a required field); the
few whose values are of another type are listed in KEPT_AS_SENT (kept as received), and the
one that is another object altogether in NOT_THE_DECLARED_OBJECT (refused, saying what was
expected); both lists are checked to be exact.
"""

from __future__ import annotations

import functools
import json
import operator
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
import pytest
import yaml
from loopback import Reply, ScriptedServer, make_png
from specgen_testlib import CORPUS, corpus_spec

SPEC_NAME = "openai-2026-08-21.yaml"

# -- the examples --------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    operation_id: str
    path: str
    method: str  # upper case
    index: int | None  # position in x-oaiMeta.examples when that is a list
    title: str
    text: str

    @property
    def key(self) -> str:
        return (
            self.operation_id
            if self.index is None
            else f"{self.operation_id}/{self.index}"
        )


def load_examples(spec: Path) -> list[Example]:
    """The `response` text of every example of every operation, in spec order."""
    with spec.open("rb") as stream:
        document = yaml.load(stream, Loader=yaml.CSafeLoader)
    found: list[Example] = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            examples = operation.get("x-oaiMeta", {}).get("examples")
            if examples is None:
                continue
            listed = isinstance(examples, list)
            for index, example in enumerate(examples if listed else [examples]):
                if "response" not in example:
                    continue  # request-only examples
                found.append(
                    Example(
                        operation_id=operation["operationId"],
                        path=path,
                        method=method.upper(),
                        index=index if listed else None,
                        title=str(example.get("title", "")),
                        text=example["response"],
                    )
                )
    return found


EXAMPLES: list[Example] = (
    load_examples(CORPUS / SPEC_NAME) if (CORPUS / SPEC_NAME).is_file() else []
)

# -- examples that are not JSON responses ---------------------------------------------------

_SSE = "an event stream (text/event-stream), not one JSON body"

NOT_JSON: dict[str, str] = {
    "createTranscription/2": _SSE + " (transcript.text.delta events)",
    "createChatCompletion/2": (
        "the streaming variant: chat.completion.chunk objects one after another, "
        "without `data:` lines"
    ),
    "createCompletion/1": (
        "the streaming variant, and not JSON: a comma is missing after "
        '`"model": "gpt-3.5-turbo-instruct"`'
    ),
    "RetrieveContainerFileContent": (
        "a binary body, shown as the placeholder `<binary content of the file>`"
    ),
    "createEval": "malformed JSON: a closing brace is missing (unbalanced braces)",
    "createImageEdit/1": _SSE + " (image_edit.* events)",
    "createImage/1": _SSE + " (image_generation.* events)",
    "create-realtime-call": "an SDP answer (application/sdp text), not JSON",
    "createResponse/5": _SSE + " (response.* events)",
    "beta_createResponse/5": _SSE + " (response.* events)",
    "createThreadAndRun/1": _SSE + " (thread.* events)",
    "createThreadAndRun/2": _SSE + " (thread.* events)",
    "createRun/1": _SSE + " (thread.run.* events)",
    "createRun/2": _SSE + " (thread.run.* events)",
    "submitToolOuputsToRun/1": _SSE + " (thread.run.step.* events)",
    "updateVectorStoreFileAttributes": (
        'a value is elided: `"chunking_strategy": {...}` (no repair can invent it)'
    ),
    "GetVideo": "the example response is empty",
    "DeleteVideo": "the example response is empty",
    "RetrieveVideoContent": "the example response is empty",
    "DeleteThreadMethod": "the example response is empty",
}

# -- examples that are JSON once documentation shorthand is undone --------------------------

_COMMAS = "trailing commas"

REPAIRED: dict[str, str] = {
    "createTranscription/4": "an elided array item (`...`)",
    "createTranscription/5": "an elided array item (`...`)",
    "createBatch": _COMMAS,
    "listBatches": _COMMAS + ", an elided array item (`{ ... }`)",
    "retrieveBatch": _COMMAS,
    "cancelBatch": _COMMAS,
    "createEmbedding": (
        _COMMAS + ", an elided array item (`.... (1536 floats total for ada-002)`)"
    ),
    "getEval": _COMMAS,
    "updateEval": _COMMAS,
    "listFiles": _COMMAS,
    "createFile": _COMMAS,
    "retrieveFile": _COMMAS,
    "listFineTuningCheckpointPermissions": _COMMAS,
    "createFineTuningJob/0": _COMMAS,
    "createFineTuningJob/4": _COMMAS,
    "createFineTuningJob/5": _COMMAS + ", Python's `None` for null",
    "listPaginatedFineTuningJobs": _COMMAS + ", elided array items (`{ ... }`)",
    "listModels": _COMMAS,
    "list-audit-logs": _COMMAS,
    "listOrganizationCertificates": _COMMAS,
    "activateOrganizationCertificates": _COMMAS,
    "deactivateOrganizationCertificates": _COMMAS,
    "listProjectCertificates": _COMMAS,
    "activateProjectCertificates": _COMMAS,
    "deactivateProjectCertificates": _COMMAS,
    "create-realtime-client-secret": _COMMAS,
    "completeUpload": _COMMAS,
    "deleteVectorStore": "unquoted keys (a JavaScript object literal)",
    "createVectorStoreFileBatch": _COMMAS,
    "getVectorStoreFileBatch": _COMMAS,
    "cancelVectorStoreFileBatch": _COMMAS,
    "deleteVectorStoreFile": "unquoted keys (a JavaScript object literal)",
    "retrieveVectorStoreFileContent": "an elided array item (`...`)",
}

# A line that stands for left-out array items: `...`, `.... (1536 floats total)`, `{ ... }`.
_ELIDED_ITEM = re.compile(
    r"^[ \t]*(?:\.{3,}[^\"\n]*|\{[ \t]*\.{3}[ \t]*\},?)[ \t]*\n", re.M
)
_BARE_KEY = re.compile(r"^([ \t]*)([A-Za-z_]\w*)([ \t]*):", re.M)
_PYTHON_NONE = re.compile(r":([ \t]*)None\b")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def repair(text: str) -> str:
    """Undo the shorthand of hand-written docs examples (applied to REPAIRED only). The
    patterns work line by line, outside string values, in the listed examples."""
    text = _ELIDED_ITEM.sub("", text)
    text = _BARE_KEY.sub(r'\1"\2"\3:', text)
    text = _PYTHON_NONE.sub(r":\1null", text)
    return _TRAILING_COMMA.sub(r"\1", text)


def is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def body_of(example: Example) -> Any:
    return json.loads(repair(example.text) if example.key in REPAIRED else example.text)


# -- examples for operations whose success response has no body in the spec ----------------

_NO_BODY = (
    "the spec's success response has no content, the example shows a deletion object: the "
    "method returns None and the body is not read"
)

SPEC_DECLARES_NO_BODY: dict[str, str] = {
    "DeleteContainer": _NO_BODY,
    "DeleteContainerFile": _NO_BODY,
    "deleteResponse": _NO_BODY,
    "beta_deleteResponse": _NO_BODY,
}

# Required arguments do not always make a valid call: a body whose `anyOf` asks for one of
# two optional properties needs one of them (here `file_ids` or `files`).
EXTRA_ARGUMENTS: dict[str, dict[str, Any]] = {
    "createVectorStoreFileBatch": {"file_ids": ["file-abc123"]},
}

# Examples that contradict the spec with a value of another type: the tolerant reader keeps
# the value as the server sent it (the dump gives it back, and pydantic's serializer warns that
# it is not of the declared type).
KEPT_AS_SENT: dict[str, str] = {
    "runGrader/0": "metadata.token_usage is an object; the spec says integer",
    "searchVectorStore": "search_query is a string; the spec says array of strings",
    "createFineTuningJob/3": (
        "error is {}; the spec's FineTuningJobError requires code, message and param "
        "(an object with none of its fields is not read as one)"
    ),
}

# Examples whose body is another object than the one the spec returns: no field of the
# declared model is in it, so the call raises APIResponseValidationError saying what was
# expected instead of returning a model made only of absences.
NOT_THE_DECLARED_OBJECT: dict[str, str] = {
    "retrieveVectorStoreFileContent": (
        "the example is {file_id, filename, content}; the spec returns a "
        "VectorStoreFileContentResponse page {object, data, has_more, next_page}"
    ),
}

CASES: list[Any] = [e for e in EXAMPLES if e.key not in NOT_JSON] or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"{SPEC_NAME} is not available"))
]

# -- the package, the IR and a client on the loopback server --------------------------------


@dataclass(frozen=True)
class Target:
    resource: str  # the client attribute, dotted for a nested resource
    operation: Any  # specgen.ir.model.Operation


def resource_of(client: Any, target: Target) -> Any:
    """The resource object `client.<a>.<b>` of a (maybe nested) resource."""
    found = client
    for name in target.resource.split("."):
        found = getattr(found, name)
    return found


@pytest.fixture(scope="module")
def ir() -> Any:
    from specgen.pipeline import build

    return build(corpus_spec(SPEC_NAME)).api


@pytest.fixture(scope="module")
def targets(ir: Any) -> dict[str, Target]:
    """operationId -> where the generated client has its method."""
    return {
        op.operation_id: Target(resource.dotted_name, op)
        for resource in ir.resources
        for op in resource.operations
    }


@pytest.fixture
def client(openai_2026: Any, server: ScriptedServer) -> Iterator[Any]:
    # the admin operations (security: AdminApiKeyAuth) send the admin key
    with openai_2026.Client(
        base_url=server.base_url,
        api_key="sk-example",
        admin_api_key="sk-admin-example",
        max_retries=0,
    ) as c:
        yield c


def file_value(filename: str) -> tuple[str, bytes]:
    data = make_png(64, 64, 6) if filename.endswith(".png") else b"example content"
    return filename, data


def call_value(value: Any) -> Any:
    """A docs example value as a call argument (files become (name, bytes) tuples)."""
    from specgen.ir.examples import FileExample

    if isinstance(value, FileExample):
        return file_value(value.filename)
    if isinstance(value, list):
        return [call_value(v) for v in value]
    if isinstance(value, dict):
        return {k: call_value(v) for k, v in value.items()}
    return value


def required_arguments(ir: Any, operation: Any) -> dict[str, Any]:
    from specgen.ir.examples import ExampleBuilder

    builder = ExampleBuilder(ir)
    return {
        arg.name: call_value(builder.argument(arg))
        for arg in operation.arguments_for(operation.body)  # the preferred body form
        if arg.required
    }


def call_arguments(ir: Any, operation: Any) -> dict[str, Any]:
    return {
        **required_arguments(ir, operation),
        **EXTRA_ARGUMENTS.get(operation.operation_id, {}),
    }


def conforms(value: Any, type_: Any) -> bool:
    """Whether `value` is an instance of the type expression `type_` (at the top level)."""
    origin = typing.get_origin(type_)
    if type_ is Any:
        return True
    if type_ is type(None):
        return value is None
    if origin is typing.Annotated:
        return conforms(value, typing.get_args(type_)[0])
    if origin in (typing.Union, types.UnionType):
        return any(conforms(value, member) for member in typing.get_args(type_))
    if origin is typing.Literal:
        return value in typing.get_args(type_)
    if origin is not None:
        return isinstance(value, origin)
    return isinstance(value, type_)


def json_part(type_: Any, package: Any, kinds: tuple[str, ...]) -> Any:
    """The members of a method's return type that a JSON body is parsed as: without the
    `Stream` of an operation that may stream, the `BinaryResponse` of one that may answer in
    bytes, and the `str` of one that may answer in text."""
    if typing.get_origin(type_) not in (typing.Union, types.UnionType):
        return type_

    def other_body(member: Any) -> bool:
        if typing.get_origin(member) in (package.Stream, package.AsyncStream):
            return True
        if member in (package.BinaryResponse, package.AsyncBinaryResponse):
            return True
        return member is str and "text" in kinds

    members = [m for m in typing.get_args(type_) if not other_body(m)]
    return functools.reduce(operator.or_, members)


def dumped(value: Any, type_: Any) -> Any:
    """The parsed value back as JSON: the fields the response set, by wire name.

    Serializer warnings are errors: pydantic warns when a value sits in a model whose
    declared types do not fit it — a union member picked wrongly (`{"type": "file_search"}`
    kept as `AssistantToolsCode` with its `type` literal overridden by the lenient reader).
    """
    adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(type_)
    try:
        return adapter.dump_python(
            value, mode="json", by_alias=True, exclude_unset=True, warnings="error"
        )
    except pydantic_core.PydanticSerializationError as exc:
        problem = str(exc)
    pytest.fail(f"a value was parsed into a member that does not fit it: {problem}")


def value_at(parsed: Any, path: tuple[str | int, ...]) -> tuple[bool, Any]:
    """(set by the response, value) at a path of wire names and list indexes."""
    value = parsed
    for step in path:
        if isinstance(step, int):
            value = value[step]
            continue
        assert isinstance(value, pydantic.BaseModel), (path, step, value)
        names = {(f.alias or n): n for n, f in type(value).model_fields.items()}
        name = names.get(step, step)
        if name not in value.model_fields_set:
            return False, None
        value = getattr(value, name)
    return True, value


def null_paths(
    body: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[Any, ...]]:
    if body is None:
        yield path
    elif isinstance(body, dict):
        for key, item in body.items():
            yield from null_paths(item, (*path, key))
    elif isinstance(body, list):
        for index, item in enumerate(body):
            yield from null_paths(item, (*path, index))


# -- the classification is exact -------------------------------------------------------------


def test_the_exclusions_are_exactly_the_examples_that_are_not_json() -> None:
    corpus_spec(SPEC_NAME)
    by_key = {e.key: e for e in EXAMPLES}
    assert len(by_key) == len(EXAMPLES), "two examples share a test id"
    listed = {
        *NOT_JSON,
        *REPAIRED,
        *SPEC_DECLARES_NO_BODY,
        *KEPT_AS_SENT,
        *NOT_THE_DECLARED_OBJECT,
    }
    unknown = listed - set(by_key)
    assert not unknown, f"listed but not in the spec: {sorted(unknown)}"
    not_json = {k for k, e in by_key.items() if not is_json(e.text)}
    repairable = {k for k in not_json if is_json(repair(by_key[k].text))}
    assert not_json - set(REPAIRED) == set(NOT_JSON)
    assert (
        set(REPAIRED) <= not_json
    ), "REPAIRED lists an example that is JSON as written"
    assert (
        set(REPAIRED) <= repairable
    ), "REPAIRED lists an example the repair leaves broken"
    assert not repairable & set(
        NOT_JSON
    ), "the repair makes it JSON: list it in REPAIRED"


def test_repairs_change_only_the_shorthand() -> None:
    """Every string in a repaired example is a string of its text: no repair reached into a
    string value."""
    corpus_spec(SPEC_NAME)

    def strings(value: Any, is_key: bool = False) -> Iterator[tuple[str, bool]]:
        if isinstance(value, str):
            yield value, is_key
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                yield key, True
                yield from strings(item)

    for example in EXAMPLES:
        if example.key not in REPAIRED:
            continue
        for text, is_key in strings(body_of(example)):
            # a key may have been a bare word (`id:`); a value was a JSON string as it is
            quoted = json.dumps(text, ensure_ascii=False)
            assert quoted in example.text or (is_key and f"{text}:" in example.text), (
                example.key,
                text,
            )


def test_the_operations_without_a_response_body_are_exactly_these(
    targets: dict[str, Target],
) -> None:
    no_body = {
        e.key
        for e in EXAMPLES
        if e.key not in NOT_JSON
        and targets[e.operation_id].operation.success.kind == "empty"
    }
    assert no_body == set(SPEC_DECLARES_NO_BODY)


def test_the_counts() -> None:
    """297 example responses (259 operations): 20 are not JSON (NOT_JSON), 244 are JSON as
    written and 33 once repaired (REPAIRED); 4 of the JSON ones belong to operations whose
    success response has no body in the spec. That leaves 273 JSON examples of JSON
    operations: the issue's 240 (JSON as written) and the 33 repaired."""
    corpus_spec(SPEC_NAME)
    assert len(EXAMPLES) == 297
    assert len(NOT_JSON) == 20 and len(REPAIRED) == 33
    assert len(SPEC_DECLARES_NO_BODY) == 4


# -- each example, on the loopback server ----------------------------------------------------


@pytest.mark.parametrize(
    "example", CASES, ids=lambda e: e.key if isinstance(e, Example) else "none"
)
def test_example_response_parses(
    example: Example,
    openai_2026: Any,
    ir: Any,
    targets: dict[str, Target],
    client: Any,
    server: ScriptedServer,
) -> None:
    target = targets[example.operation_id]
    operation = target.operation
    assert (operation.http_method, operation.path) == (example.method, example.path)
    body = body_of(example)
    method = getattr(resource_of(client, target), operation.method_name)
    server.default = Reply(body=body)

    if example.key in NOT_THE_DECLARED_OBJECT:
        with pytest.raises(openai_2026.APIResponseValidationError) as caught:
            method(**call_arguments(ir, operation))
        assert "Field required" in str(caught.value)
        return
    result = method(**call_arguments(ir, operation))

    assert len(server.requests) == 1 and server.requests[0].method == example.method
    if example.key in SPEC_DECLARES_NO_BODY:
        assert result is None
        return
    assert "json" in operation.success.kinds  # maybe beside an event stream or text
    returned = typing.get_type_hints(method)["return"]
    if operation.pagination is not None:  # a page: its response is the body's type
        assert isinstance(result, openai_2026.SyncPage)
        assert typing.get_origin(returned) is openai_2026.SyncPage
        result, returned = result.response, typing.get_args(returned)[1]
    declared = json_part(returned, openai_2026, operation.success.kinds)
    assert conforms(result, declared), (type(result), declared)
    if example.key in KEPT_AS_SENT:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(declared)
        as_sent = adapter.dump_python(
            result, mode="json", by_alias=True, exclude_unset=True, warnings=False
        )
        assert as_sent == body
        with pytest.raises(pydantic_core.PydanticSerializationError):
            # the list stays exact: what it lists does not fit the declared types
            adapter.dump_python(result, mode="json", by_alias=True, warnings="error")
        return
    assert dumped(result, declared) == body


@pytest.mark.parametrize(
    ("key", "nulls"),
    [
        # Batch: output_file_id, error_file_id... are optional and not nullable
        ("createBatch", 11),
        ("cancelBatch", 8),
        ("listModels", 2),  # Model.shutdown_date
        ("createResponse/2", 9),  # Response: error, instructions, user...
    ],
)
def test_nulls_in_the_examples_stay_none(
    key: str,
    nulls: int,
    ir: Any,
    targets: dict[str, Target],
    client: Any,
    server: ScriptedServer,
) -> None:
    corpus_spec(SPEC_NAME)
    (example,) = [e for e in EXAMPLES if e.key == key]
    target = targets[example.operation_id]
    body = body_of(example)
    server.default = Reply(body=body)
    method = getattr(resource_of(client, target), target.operation.method_name)
    parsed = method(**call_arguments(ir, target.operation))
    paths = list(null_paths(body))
    assert len(paths) == nulls
    for path in paths:
        assert value_at(parsed, path) == (True, None), path
