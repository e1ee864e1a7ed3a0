"""Pages and errors of the package generated from the 2026 OpenAI spec, side by side with the
official SDK on a loopback server: the lists the SDK pages are pages here too (and `models`
is not), they walk the same pages with the same requests, sync and async; error bodies are
typed by the spec's error schemas, `str(exc)` reads as the SDK's, a connection error names
the method and URL, and a parsed model has the request id.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from loopback import Reply, ScriptedServer

openai = pytest.importorskip("openai")

KEY = "sk-loopback"


@pytest.fixture
def ours(openai_2026: Any, server: ScriptedServer) -> Iterator[Any]:
    # the admin operations (projects, users, ...) declare AdminApiKeyAuth: the SDK sends
    # its one key to both, so the same key goes to both here
    with openai_2026.Client(
        base_url=server.base_url, api_key=KEY, admin_api_key=KEY, max_retries=0
    ) as client:
        yield client


@pytest.fixture
def sdk(server: ScriptedServer) -> Iterator[Any]:
    client = openai.OpenAI(base_url=server.base_url, api_key=KEY, max_retries=0)
    try:
        yield client
    finally:
        client.close()


def file_object(i: int) -> dict[str, Any]:
    return {
        "id": f"file-{i}",
        "object": "file",
        "bytes": 100 + i,
        "created_at": 1677610602 + i,
        "filename": f"data-{i}.jsonl",
        "purpose": "fine-tune",
        "status": "processed",
    }


def job_object(i: int) -> dict[str, Any]:
    return {
        "object": "fine_tuning.job",
        "id": f"ftjob-{i}",
        "model": "gpt-4o-mini-2024-07-18",
        "created_at": 1721764800 + i,
        "finished_at": None,
        "fine_tuned_model": None,
        "organization_id": "org-123",
        "result_files": [],
        "status": "queued",
        "validation_file": None,
        "training_file": f"file-{i}",
        "hyperparameters": {"n_epochs": "auto", "batch_size": "auto"},
        "trained_tokens": None,
        "error": None,
        "seed": 42,
    }


def file_pages() -> list[Reply]:
    """Three pages of files as the API sends them (`first_id`, `last_id`, `has_more`)."""
    groups = [[1, 2], [3, 4], [5]]
    replies = []
    for index, group in enumerate(groups):
        data = [file_object(i) for i in group]
        body = {
            "object": "list",
            "data": data,
            "first_id": data[0]["id"],
            "last_id": data[-1]["id"],
            "has_more": index < len(groups) - 1,
        }
        replies.append(Reply(body=body))
    return replies


def job_pages() -> list[Reply]:
    """Two pages of fine-tuning jobs: no `last_id`, the cursor is the last job's id."""
    return [
        Reply(body={"object": "list", "data": [job_object(1), job_object(2)],
                    "has_more": True}),
        Reply(body={"object": "list", "data": [job_object(3)], "has_more": False}),
    ]  # fmt: skip


def paths(server: ScriptedServer) -> list[str]:
    """Each request's path and query, the query's parameters sorted (the SDK sends them in
    the call's order, the generated client in the spec's)."""
    found = []
    for recorded in server.requests:
        parts = urlsplit(recorded.path)
        query = urlencode(sorted(parse_qsl(parts.query)))
        found.append(parts.path + (f"?{query}" if query else ""))
    return found


# -- which lists page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resource", "method", "arguments"),
    [
        ("files", "list_files", {}),
        ("fine_tuning", "list_paginated_fine_tuning_jobs", {}),
        ("batch", "list_batches", {}),
        ("vector_stores", "list_vector_stores", {}),
        ("assistants", "list_assistants", {}),
        ("responses", "list_input_items", {"response_id": "resp_1"}),
    ],
)
def test_the_sdks_paginated_lists_return_pages(
    openai_2026: Any,
    ours: Any,
    server: ScriptedServer,
    resource: str,
    method: str,
    arguments: dict[str, Any],
) -> None:
    server.default = Reply(
        body={"object": "list", "data": [], "first_id": None, "last_id": None,
              "has_more": False}
    )  # fmt: skip
    page = getattr(getattr(ours, resource), method)(**arguments)
    assert isinstance(page, openai_2026.SyncPage)
    assert page.data == [] and not page.has_next_page()


def test_models_are_one_response(
    openai_2026: Any, ours: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body={"object": "list", "data": []})
    listed = ours.models.list_models()
    assert isinstance(listed, openai_2026.models.ListModelsResponse)


# -- the same pages as the SDK ---------------------------------------------------------------


def test_files_walk_the_pages_the_sdk_walks(
    ours: Any, sdk: Any, server: ScriptedServer
) -> None:
    server.queue(*file_pages())
    mine = [f.id for f in ours.files.list_files(limit=2, purpose="fine-tune")]
    our_requests = paths(server)
    server.requests.clear()
    server.queue(*file_pages())
    theirs = [f.id for f in sdk.files.list(limit=2, purpose="fine-tune")]
    assert mine == theirs == [f"file-{i}" for i in range(1, 6)]
    assert (
        our_requests
        == paths(server)
        == [
            "/files?limit=2&purpose=fine-tune",
            "/files?after=file-2&limit=2&purpose=fine-tune",
            "/files?after=file-4&limit=2&purpose=fine-tune",
        ]
    )


def test_fine_tuning_jobs_walk_the_pages_the_sdk_walks(
    ours: Any, sdk: Any, server: ScriptedServer
) -> None:
    server.queue(*job_pages())
    mine = list(ours.fine_tuning.list_paginated_fine_tuning_jobs(limit=2))
    our_requests = paths(server)
    server.requests.clear()
    server.queue(*job_pages())
    theirs = list(sdk.fine_tuning.jobs.list(limit=2))
    assert (
        [j.id for j in mine]
        == [j.id for j in theirs]
        == ["ftjob-1", "ftjob-2", "ftjob-3"]
    )
    assert [j.training_file for j in mine] == [j.training_file for j in theirs]
    assert (
        our_requests
        == paths(server)
        == [
            "/fine_tuning/jobs?limit=2",
            "/fine_tuning/jobs?after=ftjob-2&limit=2",
        ]
    )


def test_async_pages_match_the_sdk(openai_2026: Any, server: ScriptedServer) -> None:
    async def main() -> tuple[list[str], list[str], list[str], list[str]]:
        async with openai_2026.AsyncClient(
            base_url=server.base_url, api_key=KEY, max_retries=0
        ) as client:
            server.queue(*file_pages())
            mine = [f.id async for f in client.files.list_files()]
            our_requests = paths(server)
        server.requests.clear()
        theirs_client = openai.AsyncOpenAI(
            base_url=server.base_url, api_key=KEY, max_retries=0
        )
        server.queue(*file_pages())
        theirs = [f.id async for f in theirs_client.files.list()]
        await theirs_client.close()
        return mine, theirs, our_requests, paths(server)

    mine, theirs, our_requests, their_requests = asyncio.run(main())
    assert mine == theirs == [f"file-{i}" for i in range(1, 6)]
    assert our_requests == their_requests == [
        "/files", "/files?after=file-2", "/files?after=file-4",
    ]  # fmt: skip


# -- errors --------------------------------------------------------------------------------

ERROR = {
    "message": "No response found with id 'resp_1'.",
    "type": "invalid_request_error",
    "param": None,
    "code": None,
}


def test_a_declared_error_schema_types_exc_error(
    openai_2026: Any, ours: Any, sdk: Any, server: ScriptedServer
) -> None:
    """deleteResponse declares its 404 as `Error` (the bare object); the SDK's message
    reads the same body."""
    server.default = Reply(status=404, body=ERROR, headers={"x-request-id": "req_9"})
    with pytest.raises(openai_2026.NotFoundError) as caught:
        ours.responses.delete_response(response_id="resp_1")
    with pytest.raises(openai.NotFoundError) as theirs:
        sdk.responses.delete("resp_1")
    exc = caught.value
    assert isinstance(exc.error, openai_2026.models.Error)
    assert exc.error.message == ERROR["message"] and exc.error.param is None
    assert exc.error._request_id == exc.request_id == "req_9"
    assert exc.body == ERROR
    assert str(exc) == str(theirs.value) == f"Error code: 404 - {ERROR['message']}"


def test_an_error_response_wrapper_is_typed_too(
    openai_2026: Any, ours: Any, server: ScriptedServer
) -> None:
    """list-project-users declares its 400 as `ErrorResponse` ({"error": Error}); a body of
    another shape leaves `error` None and keeps `body`."""
    server.queue(
        Reply(status=400, body={"error": ERROR}),
        Reply(status=400, body={"detail": "nope"}),
    )
    with pytest.raises(openai_2026.BadRequestError) as caught:
        ours.projects.list_project_users(project_id="proj_1")
    assert isinstance(caught.value.error, openai_2026.models.ErrorResponse)
    assert caught.value.error.error.type == "invalid_request_error"
    with pytest.raises(openai_2026.BadRequestError) as other:
        ours.projects.list_project_users(project_id="proj_1")
    assert other.value.error is None and other.value.body == {"detail": "nope"}


@pytest.mark.parametrize(
    "reply",
    [
        Reply(status=404, body={"error": {"message": "No such file", "type": "x"}}),
        Reply(status=429, body={"message": "Slow down"}),
        Reply(status=500, body={"detail": "upstream failed"}),
        Reply(status=502, body=b"<html>Bad gateway</html>",
              headers={"Content-Type": "text/html"}),
        Reply(status=503, body=b""),
    ],
)  # fmt: skip
def test_str_of_a_status_error_reads_as_the_sdks(
    ours: Any, sdk: Any, server: ScriptedServer, reply: Reply
) -> None:
    """With a message, the very same text; without one the SDK stops at the status, we go
    on with the body (or the reason phrase when there is none)."""
    server.default = reply
    with pytest.raises(openai.APIStatusError) as theirs:
        sdk.files.retrieve("file-1")
    with pytest.raises(Exception) as caught:
        ours.files.retrieve_file(file_id="file-1")
    mine, sdk_text = str(caught.value), str(theirs.value)
    assert type(caught.value).__name__ == type(theirs.value).__name__
    if isinstance(reply.body, dict) and sdk_text != f"Error code: {reply.status}":
        assert mine == sdk_text
    else:
        assert sdk_text == f"Error code: {reply.status}"
        rest = (
            json.dumps(reply.body)
            if isinstance(reply.body, dict)
            else reply.body.decode() or "Service Unavailable"
        )
        assert mine == f"{sdk_text} - {rest}"
    assert caught.value.message == mine


def test_a_connection_error_names_the_method_and_url(openai_2026: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once closed
    base = f"http://127.0.0.1:{port}/v1"
    with openai_2026.Client(base_url=base, api_key=KEY, max_retries=0) as client:
        with pytest.raises(openai_2026.APIConnectionError) as caught:
            client.files.list_files(purpose="secret-purpose")
    text = str(caught.value)
    assert text == f"Connection error (ConnectError): GET {base}/files"
    assert "secret" not in text and KEY not in text


def test_a_parsed_model_has_the_request_id(
    openai_2026: Any, ours: Any, sdk: Any, server: ScriptedServer
) -> None:
    model = {"id": "ft:gpt-4o-mini:org:x:1", "object": "model", "created": 1,
             "owned_by": "org"}  # fmt: skip
    server.default = Reply(body=model, headers={"x-request-id": "req_abc"})
    mine = ours.models.retrieve_model(model="gpt-4o-mini")
    theirs = sdk.models.retrieve("gpt-4o-mini")
    assert mine._request_id == theirs._request_id == "req_abc"
    assert mine.model_dump(exclude_unset=True) == model  # not a field
    server.default = Reply(body=model)
    assert ours.models.retrieve_model(model="gpt-4o-mini")._request_id is None
