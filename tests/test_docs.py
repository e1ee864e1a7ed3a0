"""The generated docs: pages that render, links that resolve, examples that run.

For generated/openai_images, every golden case and the 2023-11 OpenAI spec: every Markdown
page is parsed with a CommonMark + tables parser (column counts, no raw HTML, every relative
link exists); every Python example in the operation pages and the README is executed against
a loopback server answering with the page's own example response; `mkdocs build --strict`
builds the site.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from loopback import Reply, ScriptedServer, make_png
from markdown_it import MarkdownIt
from specgen_testlib import CORPUS, REPO

from specgen.ir.example_results import result_kinds
from specgen.ir.examples import ExampleBuilder
from specgen.ir.model import Api
from specgen.pipeline import generate
from specgen.write.writer import write_tree

GOLDEN = REPO / "tests" / "golden"
CASES = [
    "openai_images",
    *sorted(p.name for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file()),
    "openai-2023-11-06",
]
_PARSER = MarkdownIt("commonmark").enable("table")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_OPEN_FILE = re.compile(r"open\(\"([^\"]+)\", \"rb\"\)")


@dataclass(frozen=True)
class Project:
    folder: Path
    api: Api


_PROJECTS: dict[str, Project] = {}


@pytest.fixture
def project(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Project:
    case: str = request.param
    if case not in _PROJECTS:
        if case == "openai_images":
            spec, folder = (
                REPO / "specs" / "openai_images.yaml",
                REPO / "generated" / case,
            )
        elif case.startswith("openai-"):
            spec = CORPUS / f"{case}.yaml"
            if not spec.is_file():
                pytest.skip("../shared/corpus is absent")
            folder = tmp_path_factory.mktemp(case)
        else:
            spec, folder = GOLDEN / case / "spec.yaml", tmp_path_factory.mktemp(case)
        # a corpus spec is named apart from the installed `openai` SDK ("OpenAI API"
        # would be `openai`)
        package = case.replace("-", "_") if case.startswith("openai-") else None
        tree, result = generate(spec, package=package)
        if folder != REPO / "generated" / case:
            write_tree(tree, folder)
        _PROJECTS[case] = Project(folder, result.api)
    return _PROJECTS[case]


def pages(project: Project) -> list[Path]:
    return [
        project.folder / "README.md",
        *sorted((project.folder / "docs").rglob("*.md")),
    ]


# -- Markdown ------------------------------------------------------------------------------


def check_page(path: Path, root: Path) -> list[str]:
    problems: list[str] = []
    source = path.read_text("utf-8")
    lines = source.split(
        "\n"
    )  # as the parser counts lines (splitlines also cuts at \x0c, U+2028...)
    tokens = _PARSER.parse(source)
    for token in tokens:
        if token.type in ("html_block", "html_inline"):
            problems.append(f"raw HTML: {token.content[:60]!r}")
        if token.type == "table_open" and token.map:
            # the renderer drops surplus cells silently, so count them in the source
            start, end = token.map
            widths = {
                len(_CELL_SPLIT.split(line.strip())) - 2 for line in lines[start:end]
            }
            if len(widths) != 1:
                problems.append(
                    f"table at line {start + 1} has rows of {sorted(widths)} cells"
                )
        for child in token.children or []:
            if child.type in ("html_inline", "html_block"):
                problems.append(f"raw HTML: {child.content[:60]!r}")
            if child.type == "link_open":
                target = str(child.attrs.get("href", ""))
                if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", target):
                    continue  # absolute: the API's own site, not ours to check
                resolved = (path.parent / target.split("#")[0]).resolve()
                if not resolved.is_file() or not resolved.is_relative_to(
                    root.resolve()
                ):
                    problems.append(f"broken link {target!r}")
    return [f"{path.relative_to(root)}: {p}" for p in problems]


@pytest.mark.parametrize("project", CASES, indirect=True)
def test_markdown_renders_and_links_resolve(project: Project) -> None:
    problems = [p for page in pages(project) for p in check_page(page, project.folder)]
    assert not problems, "\n".join(problems[:30])


def test_the_checker_sees_broken_tables_links_and_html(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text(
        "| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n\n[x](missing.md) <b>bold</b>\n",
        "utf-8",
    )
    problems = check_page(page, tmp_path)
    assert any("[2, 3] cells" in p for p in problems)
    assert any("broken link" in p for p in problems)
    assert any("raw HTML" in p for p in problems)


# -- examples ------------------------------------------------------------------------------


def code_blocks(path: Path, lang: str) -> list[str]:
    return [
        t.content
        for t in _PARSER.parse(path.read_text("utf-8"))
        if t.type == "fence" and t.info == lang
    ]


# the client, or the README's copy of it made by with_options
_CALL = re.compile(r"\b(?:client|quick)\.([\w.]+)\.(\w+)\(")


def reply_for(api: Api, page: Path | None, source: str) -> Reply:
    """What the server answers the example `source` (on an operation `page`, or in the
    README): an event stream of one example event when the example streams, bytes or text
    for those bodies, else the page's own example response (or the operation's)."""
    ops = {
        (r.dotted_name, op.method_name): op
        for r in api.resources
        for op in r.operations
    }
    call = _CALL.search(source)
    op = ops.get((call.group(1), call.group(2))) if call else None
    if op is None or op.success.kind == "empty":
        return Reply(status=200, body=b"")
    kinds = result_kinds(op, "stream=True" in source)
    if kinds[0] == "events":
        present, event = ExampleBuilder(api).event_example(op)
        data = json.dumps(event) if present else "hello"
        return Reply(
            body=f"data: {data}\n\ndata: [DONE]\n\n".encode(),
            headers={"Content-Type": "text/event-stream"},
        )
    if kinds[0] == "binary":
        return Reply(
            body=b"\x00binary", headers={"Content-Type": "application/octet-stream"}
        )
    if kinds[0] == "text":
        return Reply(body=b"text", headers={"Content-Type": "text/plain"})
    if page is not None and page.parent.name == "operations":
        (body, *_) = code_blocks(page, "json") or ["{}"]
        return Reply(body=json.loads(body))
    return Reply(body=op.response_example if op.has_response_example else {})


@contextlib.contextmanager
def example_environment(
    project: Project, server: ScriptedServer, cwd: Path
) -> Iterator[None]:
    saved_env, saved_cwd, saved_path = dict(os.environ), Path.cwd(), list(sys.path)
    os.environ[project.api.api_key_env] = "sk-docs-example"
    for _, env, _ in project.api.credential_arguments:  # every scheme's, basic's too
        os.environ[env] = "docs-example"
    os.environ[project.api.base_url_env] = server.base_url
    sys.path.insert(0, str(project.folder))
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        sys.path[:] = saved_path


def run_example(source: str, where: str, cwd: Path) -> None:
    for name in _OPEN_FILE.findall(source):
        data = make_png(64, 64, 6) if name.endswith(".png") else b"example content"
        (cwd / name).write_bytes(data)
    try:
        exec(compile(source, where, "exec"), {"__name__": "__main__"})
    except Exception as exc:
        raise AssertionError(
            f"the example in {where} fails:\n{source}\n{exc!r}"
        ) from exc


@pytest.mark.parametrize("project", CASES, indirect=True)
def test_every_python_example_runs(
    project: Project,
    server: ScriptedServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ran = 0
    with example_environment(project, server, tmp_path):
        for page in pages(project):
            for source in code_blocks(page, "python"):
                server.default = reply_for(project.api, page, source)
                run_example(source, str(page.relative_to(project.folder)), tmp_path)
                ran += 1
    operations = len(project.api.operations)
    assert ran >= operations + (4 if operations else 0), "examples are missing"
    assert len(server.requests) >= operations
    capsys.readouterr()


# -- the seed's shapes ---------------------------------------------------------------------


def table_rows(path: Path, heading: str) -> list[list[str]]:
    text = path.read_text("utf-8").split(f"## {heading}\n", 1)[1]
    rows: list[str] = []
    for line in text.splitlines():
        if line.startswith("|"):
            rows.append(line)
        elif rows:
            break  # the first table under the heading only
    return [[c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows[2:]]


def test_image_edit_page_reproduces_the_seed_rows() -> None:
    page = (
        REPO / "generated" / "openai_images" / "docs" / "operations" / "images.edit.md"
    )
    rows = table_rows(page, "Request body")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("`image`", "file", "Required"),
        ("`prompt`", "string", "Required"),
        ("`mask`", "file", "Optional"),
        ("`model`", "string", "Optional"),
        ("`n`", "integer or null", "Optional"),
        ("`size`", "string or null", "Optional"),
        ("`response_format`", "string or null", "Optional"),
        ("`user`", "string", "Optional"),
    ]
    descriptions = dict((r[0], r[3]) for r in rows)
    assert descriptions["`prompt`"].startswith(
        "A text description of the desired image(s). The maximum length is 1000 characters."
    )
    assert "at most 1000 characters" in descriptions["`prompt`"]
    assert "between 1 and 10" in descriptions["`n`"]
    assert (
        "PNG; under 4 MiB (at most 4,194,303 bytes); square" in descriptions["`image`"]
    )
    text = page.read_text("utf-8")
    assert "from openai_images import OpenAI" in text and "## Example response" in text


def test_request_model_page_carries_the_examples() -> None:
    page = (
        REPO
        / "generated"
        / "openai_images"
        / "docs"
        / "models"
        / "CreateImageEditRequest.md"
    )
    examples = {r[0]: r[4] for r in table_rows(page, "Fields")}
    assert examples == {
        "`image`": "",
        "`prompt`": '`"A cute baby sea otter wearing a beret"`',
        "`mask`": "",
        "`model`": '`"dall-e-2"`',
        "`n`": "`1`",
        "`size`": '`"1024x1024"`',
        "`response_format`": '`"url"`',
        "`user`": '`"user-1234"`',
    }


# -- mkdocs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "project", ["openai_images", "docs_text", "openai-2023-11-06"], indirect=True
)
def test_mkdocs_build_strict(project: Project, tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    result = subprocess.run(
        [
            sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
            "--config-file", str(project.folder / "mkdocs.yml"), "--site-dir", str(tmp_path / "site"),
        ],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
