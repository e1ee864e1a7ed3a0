"""Paginated lists and typed errors (golden case "pagination") on a loopback server: each
style walks every page with the requests it should send, sync and async, and stops where it
should.

Cursor pages (OpenAI's `after` / `last_id` / `has_more`), a cursor from the last item's id,
opaque next-page tokens, offsets, page numbers, `Link` headers and a cursor declared with
`x-pagination` (and its mistakes, E050 / E051); the follow-up requests keep the call's
arguments and options; mypy --strict sees the item and response types. Error bodies are parsed
as the spec's error schema for their status, range or `default`; models carry the request id.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from loopback import Reply, ScriptedServer
from specgen_testlib import REPO, import_golden_package

KEY = "sk-pages"


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("pagination", tmp_path_factory.mktemp("pages"))


@pytest.fixture
def client(pkg: Any, server: ScriptedServer) -> Iterator[Any]:
    with pkg.Client(base_url=server.base_url, api_key=KEY, max_retries=0) as c:
        yield c


def files(*ids: str) -> list[dict[str, str]]:
    return [{"id": i, "filename": f"{i}.txt"} for i in ids]


def file_page(ids: tuple[str, ...], more: bool, last_id: bool = True) -> Reply:
    body: dict[str, Any] = {"object": "list", "data": files(*ids), "has_more": more}
    if last_id:
        body.update(first_id=ids[0] if ids else None, last_id=ids[-1] if ids else None)
    return Reply(body=body)


def sent(server: ScriptedServer) -> list[str]:
    return [r.path for r in server.requests]


def query(path: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(path).query))


# -- cursor pages --------------------------------------------------------------------------


def test_cursor_pages_iterate_every_item(client: Any, server: ScriptedServer) -> None:
    server.queue(
        file_page(("f1", "f2"), True),
        file_page(("f3", "f4"), True),
        file_page(("f5",), False),
    )
    page = client.files.list_files(limit=2, purpose="fine-tune")
    assert [f.id for f in page.data] == ["f1", "f2"]
    assert page.response.last_id == "f2" and page.has_next_page()
    assert [f.id for f in page] == ["f1", "f2", "f3", "f4", "f5"]
    assert sent(server) == [
        "/files?limit=2&purpose=fine-tune",
        "/files?limit=2&after=f2&purpose=fine-tune",
        "/files?limit=2&after=f4&purpose=fine-tune",
    ]


def test_breaking_out_fetches_no_more_pages(
    client: Any, server: ScriptedServer
) -> None:
    server.queue(file_page(("f1", "f2"), True), file_page(("f3", "f4"), True))
    seen = []
    for item in client.files.list_files():
        seen.append(item.id)
        if item.id == "f3":
            break
    assert seen == ["f1", "f2", "f3"] and len(server.requests) == 2


def test_has_more_false_and_an_empty_page_end_the_list(
    client: Any, server: ScriptedServer
) -> None:
    server.queue(file_page(("f1",), False))
    page = client.files.list_files()
    assert not page.has_next_page() and list(page) == page.data
    with pytest.raises(RuntimeError, match="has_next_page"):
        page.get_next_page()
    server.queue(file_page(("f1",), True), file_page((), True))
    assert [f.id for f in client.files.list_files()] == ["f1"]
    assert len(server.requests) == 3  # the empty page says has_more, and ends it


def test_the_cursor_falls_back_to_the_last_items_id(
    client: Any, server: ScriptedServer
) -> None:
    """`listJobs` has no `last_id`; a page without it in `listFiles` neither."""
    jobs = [{"id": f"ftjob-{i}", "status": "running"} for i in range(3)]
    server.queue(
        Reply(body={"object": "list", "data": jobs[:2], "has_more": True}),
        Reply(body={"object": "list", "data": jobs[2:], "has_more": False}),
        file_page(("f1", "f2"), True, last_id=False),
        file_page(("f3",), False, last_id=False),
    )
    assert [j.id for j in client.jobs.list_jobs()] == [j["id"] for j in jobs]
    assert [f.id for f in client.files.list_files()] == ["f1", "f2", "f3"]
    assert [query(p).get("after") for p in sent(server)] == [
        None, "ftjob-1", None, "f2",
    ]  # fmt: skip


def test_a_cursor_that_does_not_move_ends_the_list(
    client: Any, server: ScriptedServer
) -> None:
    server.default = file_page(("f1", "f2"), True)
    assert [f.id for f in client.files.list_files()] == ["f1", "f2", "f1", "f2"]
    assert len(server.requests) == 2


def test_opaque_page_tokens(client: Any, server: ScriptedServer) -> None:
    events = [{"message": m} for m in ("a", "b", "c")]
    server.queue(
        Reply(body={"events": events[:2], "next_page_token": "tok=/+2"}),
        Reply(body={"events": events[2:], "next_page_token": None}),
    )
    got = [e.message for e in client.jobs.list_job_events(job_id="j1", page_size=2)]
    assert got == ["a", "b", "c"]
    assert [query(p) for p in sent(server)] == [
        {"page_size": "2"},
        {"page_token": "tok=/+2", "page_size": "2"},
    ]


def test_a_cursor_declared_by_x_pagination(client: Any, server: ScriptedServer) -> None:
    server.queue(
        Reply(body={"entries": [{"name": "a"}], "meta": {"next": "c2"}}),
        Reply(body={"entries": [{"name": "b"}], "meta": {"next": None}}),
    )
    assert [t.name for t in client.search.list_feeds()] == ["a", "b"]
    assert sent(server) == ["/feeds", "/feeds?from=c2"]


def test_follow_ups_keep_the_arguments_and_options(
    client: Any, server: ScriptedServer
) -> None:
    server.queue(file_page(("f1",), True), file_page(("f2",), False))
    page = client.files.list_files(
        purpose="batch",
        after="f0",
        extra_headers={"X-Trace": "t1"},
        extra_query={"after": "f0", "debug": "1"},
        timeout=7.5,
    )
    following = page.get_next_page()
    assert [f.id for f in following.data] == ["f2"]
    first, second = server.requests
    assert query(first.path) == {"after": "f0", "purpose": "batch", "debug": "1"}
    assert query(second.path) == {"after": "f1", "purpose": "batch", "debug": "1"}
    assert first.headers["x-trace"] == second.headers["x-trace"] == "t1"
    assert second.headers["authorization"] == f"Bearer {KEY}"
    assert following._request.timeout == 7.5


def test_pages_by_hand(client: Any, server: ScriptedServer) -> None:
    server.queue(file_page(("f1",), True), file_page(("f2",), True))
    server.default = file_page((), False)
    first = client.files.list_files()
    pages = list(first.iter_pages())
    assert [[f.id for f in p.data] for p in pages] == [["f1"], ["f2"], []]
    assert isinstance(pages[1], type(first)) and not pages[-1].has_next_page()
    assert "f1" in repr(first)


# -- offsets, page numbers, links ------------------------------------------------------------


def hits(*titles: str) -> list[dict[str, str]]:
    return [{"title": t} for t in titles]


def test_offset_pages_stop_at_the_total(client: Any, server: ScriptedServer) -> None:
    server.queue(
        Reply(body={"results": hits("a", "b"), "total": 5}),
        Reply(body={"results": hits("c", "d"), "total": 5}),
        Reply(body={"results": hits("e"), "total": 5}),
    )
    assert [h.title for h in client.search.search(q="x", limit=2)] == list("abcde")
    assert [query(p).get("offset") for p in sent(server)] == [None, "2", "4"]


def test_page_numbers_stop_at_the_last_page(
    client: Any, server: ScriptedServer
) -> None:
    server.queue(
        Reply(body={"items": hits("a", "b"), "total_pages": 2}),
        Reply(body={"items": hits("c"), "total_pages": 2}),
    )
    page = client.search.search_pages(q="x", per_page=2)
    assert [h.title for h in page] == ["a", "b", "c"]
    assert [query(p).get("page") for p in sent(server)] == [None, "2"]


def test_link_headers(client: Any, server: ScriptedServer) -> None:
    base = server.base_url
    server.queue(
        Reply(
            body=[{"name": "a"}],
            headers={
                "Link": f'<{base}/tags?per_page=1&page=2>; rel="next", '
                f'<{base}/tags?per_page=1&page=3>; rel="last"'
            },
        ),
        Reply(body=[{"name": "b"}], headers={"Link": '</tags?per_page=1&page=3>; rel="next"'}),
        Reply(body=[{"name": "c"}], headers={"Link": f'<{base}/tags?page=1>; rel="first"'}),
    )  # fmt: skip
    assert [t.name for t in client.search.list_tags(per_page=1)] == ["a", "b", "c"]
    assert sent(server) == [
        "/tags?per_page=1",
        "/tags?per_page=1&page=2",
        "/tags?per_page=1&page=3",
    ]


def test_a_link_to_another_host_is_not_followed(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.queue(
        Reply(
            body=[{"name": "a"}],
            headers={"Link": '<https://elsewhere.example/tags?page=2>; rel="next"'},
        )
    )
    page = client.search.list_tags()
    assert page.has_next_page()
    with pytest.raises(pkg.APIError, match="not under the client's base URL"):
        list(page)
    assert len(server.requests) == 1


def test_next_link_parsing(pkg: Any) -> None:
    pages = __import__(f"{pkg.__name__}._runtime._pages", fromlist=["x"])
    assert pages.next_link(['<a?x=1,2>; rel="prev next"', "<b>; rel=next"]) == "a?x=1,2"
    assert pages.next_link(['<b>; title="rel=next"; rel=last', "<c>; REL=Next"]) == "c"
    assert pages.next_link(["<a>; rel=prev"]) is None and pages.next_link([]) is None


# -- not paginated ------------------------------------------------------------------------


def test_lists_that_do_not_page_return_their_model(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.default = file_page(("f1",), True)
    assert isinstance(client.files.list_archive(), pkg.models.FileList)
    server.default = Reply(body={"object": "list", "data": []})
    assert client.jobs.list_models().data == []
    assert len(server.requests) == 2


# -- async ---------------------------------------------------------------------------------


def test_async_pages(pkg: Any, server: ScriptedServer) -> None:
    async def main() -> None:
        async with pkg.AsyncClient(
            base_url=server.base_url, api_key=KEY, max_retries=0
        ) as client:
            server.queue(file_page(("f1", "f2"), True), file_page(("f3",), False))
            # as the SDK: `async for` straight over the call, no await
            assert [f.id async for f in client.files.list_files(limit=2)] == [
                "f1", "f2", "f3",
            ]  # fmt: skip
            server.queue(file_page(("f1",), True), file_page(("f2",), True))
            page = await client.files.list_files()
            assert [f.id for f in page.data] == ["f1"] and page.has_next_page()
            second = await page.get_next_page()
            assert [f.id for f in second.data] == ["f2"]
            server.queue(file_page(("f1",), True))
            seen = []
            async for item in await client.files.list_files():
                seen.append(item.id)
                break
            server.queue(file_page(("f1",), True), file_page((), False))
            pages = [p async for p in (await client.files.list_files()).iter_pages()]
            raw = await client.files.with_raw_response.list_files()
            return_value = raw.parse()
            assert seen == ["f1"] and len(pages) == 2
            assert isinstance(return_value, pkg.AsyncPage)

    server.default = file_page(("r",), False)
    asyncio.run(main())
    assert [query(p).get("after") for p in sent(server)] == [
        None, "f2", None, "f1", None, None, "f1", None,
    ]  # fmt: skip


def test_with_raw_response_returns_the_first_page(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    server.queue(
        Reply(body={"object": "list", "data": files("f1"), "has_more": False},
              headers={"x-request-id": "req_1"}),
    )  # fmt: skip
    raw = client.files.with_raw_response.list_files()
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "req_1"
    page = raw.parse()
    assert isinstance(page, pkg.SyncPage) and page.response._request_id == "req_1"


# -- errors typed by the spec ---------------------------------------------------------------


def test_error_bodies_are_parsed_as_the_spec_declares(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    """listFiles declares 404 (ErrorResponse), 4XX (Problem) and default (ErrorResponse)."""
    wrapped = {"error": {"message": "No such purpose", "type": "invalid_request_error"}}
    server.queue(
        Reply(status=404, body=wrapped, headers={"x-request-id": "req_404"}),
        Reply(status=422, body={"title": "Unprocessable", "status": 422}),
        Reply(status=500, body=wrapped),
        Reply(status=409, body={"unexpected": True}),
    )
    with pytest.raises(pkg.NotFoundError) as not_found:
        client.files.list_files(purpose="x")
    error = not_found.value.error
    assert isinstance(error, pkg.models.ErrorResponse)
    assert error.error.message == "No such purpose" and error._request_id == "req_404"
    assert str(not_found.value) == "Error code: 404 - No such purpose"
    assert not_found.value.body == wrapped and not_found.value.request_id == "req_404"
    with pytest.raises(pkg.UnprocessableEntityError) as ranged:
        client.files.list_files()
    assert isinstance(ranged.value.error, pkg.models.Problem)
    assert ranged.value.error.status == 422
    with pytest.raises(pkg.InternalServerError) as fallback:
        client.files.list_files()
    assert isinstance(fallback.value.error, pkg.models.ErrorResponse)
    with pytest.raises(pkg.ConflictError) as unfit:
        client.files.list_files()
    assert unfit.value.error is None and unfit.value.body == {"unexpected": True}


def test_an_operation_without_error_schemas_leaves_error_none(
    client: Any, server: ScriptedServer
) -> None:
    server.queue(Reply(status=404, body={"error": {"message": "gone", "type": "x"}}))
    with pytest.raises(Exception) as caught:
        client.jobs.list_jobs()
    assert caught.value.error is None and str(caught.value) == "Error code: 404 - gone"


def test_a_model_has_its_responses_request_id(
    pkg: Any, client: Any, server: ScriptedServer
) -> None:
    file = {"id": "f1", "filename": "a.txt"}
    server.queue(Reply(body=file, headers={"x-request-id": "req_f1"}), Reply(body=file))
    first = client.files.retrieve_file(file_id="f1")
    assert isinstance(first, pkg.models.File) and first._request_id == "req_f1"
    assert client.files.retrieve_file(file_id="f1")._request_id is None
    assert first.model_dump() == file and first == pkg.models.File(**file)


# -- types ---------------------------------------------------------------------------------

USAGE = """
from golden_pages import AsyncClient, Client

client = Client(api_key="k")
page = client.files.list_files()
reveal_type(page)
reveal_type(page.data)
reveal_type(page.response.last_id)
for item in page:
    reveal_type(item)
for each in page.iter_pages():
    reveal_type(each.get_next_page())
reveal_type(client.search.list_tags())


async def main() -> None:
    aclient = AsyncClient(api_key="k")
    async for job in aclient.jobs.list_jobs():
        reveal_type(job)
    first = await aclient.jobs.list_jobs()
    reveal_type(first)
    reveal_type(await first.get_next_page())
"""


def test_mypy_strict_sees_the_item_and_response_types(tmp_path: Path) -> None:
    from specgen.pipeline import generate
    from specgen.write.writer import write_tree

    tree, _ = generate(REPO / "tests" / "golden" / "pagination" / "spec.yaml")
    write_tree(tree, tmp_path)
    (tmp_path / "usage.py").write_text(USAGE)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "usage.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(tmp_path)},
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    revealed = [
        line.split('Revealed type is "', 1)[1].rstrip('"')
        for line in result.stdout.splitlines()
        if "Revealed type is" in line
    ]
    m, pages = "golden_pages.models.", "golden_pages._runtime._pages."
    files_page = f"{pages}SyncPage[{m}File, {m}FileList]"
    jobs = f"{m}Job, {m}ListJobsResponse"
    assert revealed == [
        files_page,
        f"list[{m}File]",
        "str | None",
        f"{m}File",
        files_page,
        f"{pages}SyncPage[{m}Tag, list[{m}Tag]]",
        f"{m}Job",
        f"{pages}AsyncPage[{jobs}]",
        f"{pages}AsyncPage[{jobs}]",
    ]


# -- x-pagination: declared, and its mistakes ---------------------------------------------

DECLARED = """\
openapi: 3.0.3
info: {title: Declared, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      x-pagination: %s
      parameters:
        - {name: skip, in: query, schema: {type: integer}}
        - {name: take, in: query, schema: {type: integer}}
        - {name: token, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  rows: {type: array, items: {$ref: "#/components/schemas/Thing"}}
                  label: {type: string}
                  paging:
                    type: object
                    properties:
                      count: {type: integer}
                      more: {type: boolean}
                      after: {type: string}
  /download:
    get:
      operationId: download
      x-pagination: %s
      responses:
        "200":
          description: bytes
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
components:
  schemas:
    Thing:
      type: object
      properties:
        key: {type: string}
"""


def build_declared(tmp_path: Path, declaration: str) -> Any:
    from specgen.pipeline import build

    spec = tmp_path / "spec.yaml"
    spec.write_text(DECLARED % (declaration, "false"), "utf-8")
    return build(spec)


def test_x_pagination_declares_what_detection_cannot(tmp_path: Path) -> None:
    result = build_declared(
        tmp_path,
        "{style: offset, items: rows, offset-param: skip, limit-param: take, "
        "total: paging.count, has-more: paging.more, start: 1}",
    )
    (op,) = [o for o in result.api.operations if o.operation_id == "listThings"]
    pages = op.pagination
    assert pages is not None and pages.declared and pages.style == "offset"
    assert (pages.items.attrs, pages.param, pages.limit_param) == (
        ("rows",),
        "skip",
        "take",
    )
    assert (
        pages.total.wire == ("paging", "count") and pages.has_more.text == "paging.more"
    )
    assert pages.start == 1 and pages.item_type.name == "Thing"
    cursor = build_declared(
        tmp_path,
        "{style: cursor, cursor-param: token, next-cursor: paging.after, "
        "item-cursor: key, has-more: false}",
    )
    (op,) = [o for o in cursor.api.operations if o.operation_id == "listThings"]
    pages = op.pagination
    assert pages is not None and pages.items.text == "rows"  # detected: the only array
    assert pages.next_cursor.text == "paging.after" and pages.item_cursor.text == "key"
    assert not pages.has_more.present


@pytest.mark.parametrize(
    ("declaration", "code", "message", "key"),
    [
        ("true", "E050", "x-pagination must be false or a mapping", ""),
        ("{style: cursor, cursor: token}", "E050", "x-pagination has no key 'cursor' (it knows: cursor-param, has-more, item-cursor, items, limit-param, next-cursor, offset-param, page-param, start, style, total, total-pages)", "/cursor"),
        ("{style: scroll}", "E050", "x-pagination style must be one of cursor, offset, page, link", "/style"),
        ("{style: cursor, cursor-param: 3}", "E050", "x-pagination cursor-param must be a name", "/cursor-param"),
        ("{style: cursor, offset-param: skip}", "E050", "x-pagination offset-param is for style offset", "/offset-param"),
        ("{style: offset, start: first}", "E050", "x-pagination start must be an integer", "/start"),
        ("{style: offset, offset-param: skip, items: nope}", "E051", "x-pagination: items names 'nope', which is not a field of ListThingsResponse", "/items"),
        ("{style: offset, offset-param: skip, items: label}", "E051", "x-pagination: items names 'label', which is not an array", "/items"),
        ("{style: cursor, cursor-param: cursor}", "E051", "x-pagination: cursor-param names 'cursor', not a query parameter (they are: skip, take, token)", "/cursor-param"),
        ("{style: cursor, cursor-param: token}", "E051", "x-pagination: style cursor needs where the next cursor is: set next-cursor (a field of the response) or item-cursor (a field of the items)", ""),
        ("{style: page}", "E051", "x-pagination: style page needs a query parameter for the page: set page-param", ""),
        ("{style: cursor, cursor-param: token, next-cursor: paging.nope}", "E051", "x-pagination: next-cursor names 'paging.nope', which is not a field of ListThingsResponse", "/next-cursor"),
    ],
)  # fmt: skip
def test_x_pagination_mistakes_are_located_errors(
    tmp_path: Path, declaration: str, code: str, message: str, key: str
) -> None:
    import specgen

    spec = tmp_path / "spec.yaml"
    spec.write_text(DECLARED % (declaration, "{style: link}"), "utf-8")
    found = [d for d in specgen.validate(spec) if d.severity == "error"]
    ours = [d for d in found if "~1things" in d.pointer]
    assert [(d.code, d.message) for d in ours] == [(code, message)], found
    assert ours[0].pointer == "/paths/~1things/get/x-pagination" + key
    assert ours[0].line == 7 and ours[0].col > 0
    # the other operation declares pages of bytes: refused too, at its own line
    (other,) = [d for d in found if "~1download" in d.pointer]
    assert (other.code, other.line) == ("E050", 31)
    assert (
        other.message
        == "x-pagination needs an operation whose success response is JSON"
    )


def test_x_pagination_false_switches_detection_off(tmp_path: Path) -> None:
    api = build_declared(tmp_path, "false").api
    assert all(op.pagination is None for op in api.operations)
