"""Property-based: arbitrary strings in every string position of a small spec.

Each example draws a separate string for each position (title, version, descriptions, summary,
server URL, tag, path, operationId, parameter names in path/query/header, schema name, title,
property name, enum members, defaults, examples, a pattern, a response description, a code
sample) from any non-surrogate text mixed with hostile fragments (quotes, backslashes, CR,
U+2028, control characters, Jinja and Markdown syntax, injection attempts).

Generation runs once per example (about 60 ms) and every property below is checked on the
result, in memory: only the spec file is written. Hypothesis explores once (a module fixture,
deterministic with `derandomize`); each property records the smallest example that breaks it
and has its own test, so one bug can't hide another and nothing waits for a slow shrink.

Properties: generation succeeds or raises a SpecError; every Python file parses and compiles
with warnings as errors; enum members, defaults, wire names, the server URL, the version and
the path are exact literals; the spec's examples are exact Python literals in the docs'
examples; docstrings carry the prose (normalised as tests/test_hostile.py documents);
Markdown has no raw HTML, whole tables and all its own headings; names and prose in table
cells read back (after un-escaping `\\|`); code samples are shown verbatim; pyproject.toml
and mkdocs.yml parse with the expected keys; no file holds a raw CR.
"""

from __future__ import annotations

import ast
import json
import re
import tempfile
import tomllib
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_hostile import (
    at_pointer,
    classes,
    code_of,
    default_value,
    headings,
    literal_values,
    markdown_problems,
    model_fields,
    prose,
    shown_values,
    table_rows,
)

from specgen.diagnostics import SpecError
from specgen.ir.model import Api, Operation
from specgen.pipeline import generate
from specgen.render.engine import RenderedTree

PACKAGE = "fuzz_pkg"
EXAMPLES = 120
_MD = MarkdownIt("commonmark").enable("table")
_ENTITY = re.compile(r"&(lt|gt|amp);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&"}


FRAGMENTS = [
    "'", '"', '"""', "'''", "\\", "\\\\", "\r", "\n", "\r\n", "\t", "\x00", "\x0b", "\x0c",
    "\x1b", "\x7f", "\x85", "\xa0", "\u2028", "\u2029", "\ufeff", "\u200b", "\U0001f9a6",
    "{{", "}}", "{%", "%}", "{#", "#}", "{{ 7*7 }}", "{% raw %}", "{% endraw %}",
    "`", "``", "```", "~~~", "|", "\\|", "\\`", "<", ">", "&", "&lt;", "&amp;", "<script>",
    "</code>", "<!--", "-->", "*", "_", "#", "# ", "[x](y)", "---", "    ", " ",
    '"); import os; os.system("touch PWNED") #', "__import__('os')", "\\N{BULLET}",
    "\\x41", "\\u0041", "%s", "{0}", "$", "__init__", "class", "import", "None", "self",
    "../", "/", "..", "~", "~1", "%2F", "?", "=", "ü", "日本語",
    "\n```\n", "\n~~~", "\n# Heading\n", "\n<div>\n", "\n    indented", "\n> quote",
    "\n| a | b |\n| --- | --- |\n", "\n\n", "\n- item", "\n===",
]  # fmt: skip
_fragment = st.sampled_from(FRAGMENTS)
_any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=4)
# Single fragments and short runs of them find most bugs; mixed with arbitrary text they
# reach everything else.
hostile = st.one_of(
    _fragment,
    st.lists(_fragment, min_size=2, max_size=4).map("".join),
    st.lists(st.one_of(_fragment, _any_text), max_size=5).map("".join),
)
POSITIONS = (
    "title", "version", "info_description", "server_url", "tag", "tag_description",
    "path_literal", "path_param", "operation_id", "summary", "op_description",
    "query_param", "query_description", "query_example", "header_param",
    "header_description", "body_description", "schema_name", "schema_description",
    "property", "property_description", "property_title", "default", "example",
    "object_key", "object_value", "pattern", "response_description", "code_sample",
)  # fmt: skip
strings = st.fixed_dictionaries(
    {
        **{position: hostile for position in POSITIONS},
        "enum": st.lists(hostile, min_size=1, max_size=3, unique=True),
    }
)


def ref(name: str) -> str:
    token = name.replace("~", "~0").replace("/", "~1")
    return "#/components/schemas/" + quote(token, safe="")


def path_of(s: dict[str, Any]) -> tuple[str, str]:
    """(path template, path parameter name): braces would make other parameters."""
    literal = s["path_literal"]
    param = s["path_param"]
    if "{" in literal or "}" in literal:
        literal = "x"
    if not param or "{" in param or "}" in param:
        param = "id"
    return f"/{literal}/{{{param}}}", param


def build_spec(s: dict[str, Any]) -> dict[str, Any]:
    path, path_param = path_of(s)
    schema_ref = {"$ref": ref(s["schema_name"])}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": s["title"] or "T",
            "version": s["version"],
            "description": s["info_description"],
        },
        "servers": [{"url": s["server_url"]}],
        "x-client": {"package": PACKAGE},
        "tags": [{"name": s["tag"], "description": s["tag_description"]}],
        "paths": {
            path: {
                "post": {
                    "operationId": s["operation_id"],
                    "tags": [s["tag"]],
                    "summary": s["summary"],
                    "description": s["op_description"],
                    "parameters": [
                        {
                            "name": path_param,
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": s["query_param"],
                            "in": "query",
                            "description": s["query_description"],
                            "schema": {"type": "string", "example": s["query_example"]},
                        },
                        {
                            "name": s["header_param"],
                            "in": "header",
                            "description": s["header_description"],
                            "schema": {"type": "string"},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "description": s["body_description"],
                        "content": {"application/json": {"schema": schema_ref}},
                    },
                    "responses": {
                        "200": {
                            "description": s["response_description"],
                            "content": {
                                "application/json": {
                                    "schema": schema_ref,
                                    "example": {s["object_key"]: s["object_value"]},
                                }
                            },
                        }
                    },
                    "x-code-samples": [{"lang": "python", "source": s["code_sample"]}],
                }
            }
        },
        "components": {
            "schemas": {
                s["schema_name"]: {
                    "type": "object",
                    "description": s["schema_description"],
                    "properties": {
                        s["property"]: {
                            "type": "string",
                            "description": s["property_description"],
                        },
                        "fixed_title": {"type": "string", "title": s["property_title"]},
                        "fixed_choice": {
                            "type": "string",
                            "enum": s["enum"],
                            "default": s["enum"][0],
                        },
                        "fixed_default": {"type": "string", "default": s["default"]},
                        "fixed_example": {"type": "string", "example": s["example"]},
                        "fixed_object": {
                            "type": "object",
                            "example": {s["object_key"]: s["object_value"]},
                        },
                        "fixed_pattern": {"type": "string", "pattern": s["pattern"]},
                    },
                }
            }
        },
    }


def table_step(cell: str) -> str:
    """A cell's source after markdown-it's table step: each `\\|` loses its backslash."""
    return re.sub(r"\\\|", "|", cell)


def row_cells(page: str, wire: str) -> list[str] | None:
    """The source cells of the field row whose first cell shows `wire`."""
    for line in page.split("\n"):
        if not line.startswith("| "):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        # inside a table a `\|` is a pipe even in a code span (markdown-it drops the `\`)
        first = re.sub(r"\\\|", "|", cells[0])
        tokens = _MD.parseInline(first)[0].children or []
        codes = [t.content for t in tokens if t.type == "code_inline"]
        # a name is shown exactly, line breaks as spaces (a code span cannot hold them)
        shown = re.sub(r"\r\n|\r|\n", " ", wire).replace("\x00", "\ufffd")
        if codes and codes[0].strip() == shown.strip():
            return cells
    return None


def assignment(module: ast.Module, name: str) -> ast.expr:
    for stmt in module.body:
        if (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == name
        ):
            return stmt.value
    raise AssertionError(f"no assignment of {name}")


def sent_dict(resource: ast.Module, keyword: str) -> dict[Any, str]:
    """The `query={...}` / `headers={...}` / path dict of the first RequestSpec: keys as
    evaluated literals, values as the argument names."""
    for node in ast.walk(resource):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "RequestSpec":
            for kw in node.keywords:
                if kw.arg == keyword and isinstance(kw.value, ast.Dict):
                    return {
                        ast.literal_eval(k): ast.unparse(v)
                        for k, v in zip(kw.value.keys, kw.value.values, strict=True)
                        if k is not None
                    }
    return {}


def build_path_template(resource: ast.Module) -> Any:
    for node in ast.walk(resource):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "build_path":
            return ast.literal_eval(node.args[0])
    raise AssertionError("no build_path call")


def spec_model(api: Api, doc: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The Python name and the spec node of the components schema."""
    (model,) = [
        m for m in api.models if m.role == "schema" and m.source.count("/") == 3
    ]
    return model.name, at_pointer(doc, model.source)


# -- one exploration, many properties ------------------------------------------------------


@dataclass
class Case:
    s: dict[str, Any]  # the drawn strings, by position
    doc: dict[str, Any]  # the spec built from them
    tree: RenderedTree
    api: Api

    @property
    def op(self) -> Operation:
        (op,) = self.api.operations
        return op

    @property
    def names(self) -> dict[tuple[str, str], str]:
        """(source, wire name) -> the method's keyword argument."""
        return {(a.source, a.wire_name): a.name for a in self.op.arguments}

    def module(self, path: str) -> ast.Module:
        return ast.parse(self.tree.files[path])

    def page(self) -> str:
        (resource,) = self.api.resources
        return f"docs/operations/{resource.attr_name}.{self.op.method_name}.md"


@dataclass
class Finding:
    failures: int = 0
    size: int = 0
    strings: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def size_of(s: dict[str, Any]) -> int:
    return sum(len(v) if isinstance(v, str) else sum(map(len, v)) for v in s.values())


def shown(s: dict[str, Any]) -> str:
    """The positions that hold something (all others are empty strings)."""
    lines = [f"  {k}: {v!r}" for k, v in s.items() if v not in ("", [""])]
    return "\n".join(lines) or "  (all empty)"


@dataclass
class Exploration:
    generated: int = 0
    refused: int = 0
    findings: dict[str, Finding] = field(default_factory=dict)

    def note(self, name: str, s: dict[str, Any], error: BaseException) -> None:
        finding = self.findings.setdefault(name, Finding())
        finding.failures += 1
        if not finding.strings or size_of(s) < finding.size:
            finding.size, finding.strings = size_of(s), s
            text = "".join(traceback.format_exception_only(error)).strip()
            where = traceback.extract_tb(error.__traceback__)[-1]
            finding.error = f"{text[:3000]}\n  (at {where.filename}:{where.lineno})"

    def report(self, name: str) -> str:
        finding = self.findings[name]
        return (
            f"{finding.failures} of {self.generated} generated examples break it; "
            f"the smallest:\n{shown(finding.strings)}\n{finding.error}"
        )


PROPERTIES: dict[str, Callable[[Case], None]] = {}


def prop(name: str) -> Callable[[Callable[[Case], None]], Callable[[Case], None]]:
    def register(check: Callable[[Case], None]) -> Callable[[Case], None]:
        PROPERTIES[name] = check
        return check

    return register


@pytest.fixture(scope="module")
def exploration() -> Exploration:
    found = Exploration()
    with tempfile.TemporaryDirectory(prefix="specgen-fuzz-") as folder:
        spec_file = Path(folder) / "spec.json"

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(s=strings)
        def explore(s: dict[str, Any]) -> None:
            doc = build_spec(s)
            spec_file.write_text(json.dumps(doc), "utf-8")
            try:
                tree, result = generate(spec_file)
            except SpecError:
                found.refused += 1
                return
            except Exception as exc:  # what the first property forbids
                found.note("generation", s, exc)
                return
            found.generated += 1
            case = Case(s, doc, tree, result.api)
            for name, check in PROPERTIES.items():
                try:
                    check(case)
                except Exception as exc:
                    found.note(name, s, exc)

        explore()
    return found


def check(exploration: Exploration, name: str) -> None:
    assert name in PROPERTIES or name == "generation"
    assert name not in exploration.findings, exploration.report(name)


def test_the_exploration_reaches_the_properties(exploration: Exploration) -> None:
    """The spec builder keeps documents valid: most examples get past generation."""
    assert exploration.generated >= EXAMPLES * 3 // 4, (
        exploration.generated,
        exploration.refused,
    )


def test_generation_succeeds_or_raises_a_spec_error(exploration: Exploration) -> None:
    check(exploration, "generation")


# -- Python --------------------------------------------------------------------------------


@prop("python compiles")
def python_compiles(case: Case) -> None:
    for path, text in case.tree.files.items():
        if path.endswith(".py"):
            ast.parse(text)
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                compile(text, path, "exec", dont_inherit=True)


def test_every_python_file_parses_and_compiles(exploration: Exploration) -> None:
    check(exploration, "python compiles")


@prop("literals")
def literals_round_trip(case: Case) -> None:
    s = case.s
    name, schema = spec_model(case.api, case.doc)
    fields = model_fields(classes(case.module(f"{PACKAGE}/models.py"))[name])
    assert set(fields) == set(schema["properties"]), "wire names"
    choice = fields["fixed_choice"][0]
    assert literal_values(choice.annotation) == s["enum"], "enum members"
    assert default_value(choice) == s["enum"][0], "enum default"
    assert default_value(fields["fixed_default"][0]) == s["default"], "default"
    client = case.module(f"{PACKAGE}/_client.py")
    url = ast.literal_eval(assignment(client, "DEFAULT_BASE_URL"))
    assert url == s["server_url"].rstrip("/"), "server URL"
    package = case.module(f"{PACKAGE}/__init__.py")
    version = ast.literal_eval(assignment(package, "__version__"))
    # an empty info.version falls back to 0.0.0; any other is kept as written
    assert version == (s["version"] or "0.0.0"), "version"
    (resource,) = case.api.resources
    module = case.module(f"{PACKAGE}/resources/{resource.module_file}")
    assert build_path_template(module) == path_of(s)[0], "path"
    query, header = s["query_param"], s["header_param"]
    assert sent_dict(module, "query") == {query: case.names[("query", query)]}
    assert sent_dict(module, "headers") == {header: case.names[("header", header)]}


def test_enum_default_name_url_and_path_literals_round_trip(
    exploration: Exploration,
) -> None:
    check(exploration, "literals")


@prop("examples")
def examples_round_trip(case: Case) -> None:
    """The docs' runnable examples carry the spec's examples as Python literals."""
    s, op = case.s, case.op
    blocks = [
        t.content
        for t in _MD.parse(case.tree.files["README.md"])
        if t.type == "fence" and t.info == "python"
    ]
    # The README's error-handling example; the operation's own example when prose above
    # swallowed the README's blocks (that is the structure property's business).
    source = next(
        (b for b in blocks if "RequestValidationError as exc" in b), op.python_example
    )
    call = next(
        n
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == op.method_name
    )
    keywords = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords}
    names = case.names
    assert keywords[names[("query", s["query_param"])]] == s["query_example"]
    assert keywords[names[("body", "fixed_example")]] == s["example"]
    wanted = {s["object_key"]: s["object_value"]}
    assert keywords[names[("body", "fixed_object")]] == wanted


def test_examples_become_exact_python_literals(exploration: Exploration) -> None:
    check(exploration, "examples")


@prop("docstrings")
def docstrings_keep_the_prose(case: Case) -> None:
    s, api = case.s, case.api
    models = case.module(f"{PACKAGE}/models.py")
    name, _ = spec_model(api, case.doc)
    cls = classes(models)[name]
    fields = model_fields(cls)
    doc = prose(ast.get_docstring(cls, clean=False) or "")
    assert doc == prose(s["schema_description"]), "schema description"
    doc = prose(fields[s["property"]][1] or "")
    assert doc == prose(s["property_description"]), "property description"
    doc = prose(fields["fixed_title"][1] or "")
    assert doc == prose(s["property_title"]), "property title"
    params = next(m for m in api.models if m.role == "parameters")
    param_fields = model_fields(classes(models)[params.name])
    # parameters of one name in two places share a field of the parameters model
    if len({path_of(s)[1], s["query_param"], s["header_param"]}) == 3:
        doc = prose(param_fields[s["query_param"]][1] or "")
        assert doc == prose(s["query_description"]), "query parameter description"
        doc = prose(param_fields[s["header_param"]][1] or "")
        assert doc == prose(s["header_description"]), "header parameter description"
    (resource,) = api.resources
    module = case.module(f"{PACKAGE}/resources/{resource.module_file}")
    resource_class = classes(module)[resource.class_name]
    doc = prose(ast.get_docstring(resource_class, clean=False) or "")
    assert doc == prose(s["tag_description"]), "tag description"
    method = next(
        n
        for n in ast.walk(resource_class)
        if isinstance(n, ast.FunctionDef) and n.name == case.op.method_name
    )
    doc = prose(ast.get_docstring(method, clean=False) or "")
    assert prose(s["summary"]) in doc, "summary"
    assert prose(s["op_description"]) in doc, "operation description"
    title = prose(case.doc["info"]["title"])
    assert title in prose(ast.get_docstring(models, clean=False) or ""), "title"


def test_docstrings_keep_the_prose(exploration: Exploration) -> None:
    check(exploration, "docstrings")


# -- Markdown and project files ------------------------------------------------------------


# The generated tables; a table written in spec prose is the spec's own Markdown.
GENERATED_TABLES = frozenset(
    {
        "| Method | HTTP | Summary |",
        "| Model | Description |",
        "| Field | Type | Required | Description | Example |",
        "| Parameter | Type | Required | Description |",
        "| Status | Type | Description |",
    }
)


@prop("markdown safe")
def markdown_is_safe(case: Case) -> None:
    problems = [
        problem
        for path, text in case.tree.files.items()
        if path.endswith(".md")
        for problem in markdown_problems(path, text, GENERATED_TABLES)
    ]
    assert not problems, "\n".join(problems)


def test_markdown_has_no_raw_html_and_whole_tables(exploration: Exploration) -> None:
    check(exploration, "markdown safe")


def lost_headings(case: Case) -> dict[str, list[str]]:
    name, _ = spec_model(case.api, case.doc)
    (resource,) = case.api.resources
    wanted = {
        "README.md": {
            "Install",
            "Authenticate",
            "The first call",
            "Errors",
            "Reference",
        },
        "docs/index.md": {"Operations", "Models", resource.attr_name},
        f"docs/models/{name}.md": {"Fields"},
        case.page(): {"Returns", "Example request", "Responses"},
    }
    return {
        page: sorted(need - headings(case.tree.files[page]))
        for page, need in wanted.items()
        if need - headings(case.tree.files[page])
    }


@prop("markdown structure")
def markdown_keeps_its_headings(case: Case) -> None:
    """Spec prose can't swallow the rest of a page (an unclosed fence, say)."""
    missing = lost_headings(case)
    assert not missing, f"headings lost: {missing}"


def test_markdown_pages_keep_their_headings(exploration: Exploration) -> None:
    check(exploration, "markdown structure")


@prop("markdown text")
def markdown_cells_keep_names_and_prose(case: Case) -> None:
    s = case.s
    name, _ = spec_model(case.api, case.doc)
    cells = row_cells(case.tree.files[f"docs/models/{name}.md"], s["property"])
    assert cells is not None, f"no row of {name}.md shows the field {s['property']!r}"
    description = prose(s["property_description"])
    if not _ENTITY.search(description):
        # the table step drops the backslash of each `\|`; what is left is the prose's own
        # Markdown source
        text = _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], table_step(cells[3]))
        assert text == description, "property description cell"
    page = case.tree.files[case.page()]
    for param in (s["query_param"], s["header_param"]):
        assert row_cells(page, param) is not None, f"no row shows {param!r}"


def test_markdown_cells_show_names_and_prose_unchanged(
    exploration: Exploration,
) -> None:
    check(exploration, "markdown text")


@prop("docs values")
def docs_show_values_as_json(case: Case) -> None:
    """Enum members, defaults and examples shown as code in the field table read back
    (as JSON) to the spec's values."""
    s = case.s
    name, _ = spec_model(case.api, case.doc)
    if f"docs/models/{name}.md" in lost_headings(case):
        return  # the table was swallowed: the structure property reports it
    rows = {
        code_of(row[0]): row
        for row in table_rows(case.tree.files[f"docs/models/{name}.md"])
    }
    choice = shown_values(rows["fixed_choice"][3])
    assert [json.loads(v) for v in choice["One of"]] == s["enum"], "enum members"
    assert [json.loads(v) for v in choice["Default"]] == s["enum"][:1], "enum default"
    default = shown_values(rows["fixed_default"][3])["Default"]
    assert [json.loads(v) for v in default] == [s["default"]], "default"
    example = [
        json.loads(c.content)
        for c in rows["fixed_example"][4].children or []
        if c.type == "code_inline"
    ]
    assert example == [s["example"]], "example"


def test_docs_show_enum_members_defaults_and_examples_unchanged(
    exploration: Exploration,
) -> None:
    check(exploration, "docs values")


@prop("code sample")
def code_sample_is_shown_verbatim(case: Case) -> None:
    if lost_headings(case):
        return  # the README's blocks were swallowed: the structure property reports it
    sample = next(
        t.content
        for t in _MD.parse(case.tree.files["README.md"])
        if t.type == "fence" and t.info == "python"
    )
    wanted = case.s["code_sample"].replace("\x00", "\ufffd")
    assert "".join(sample.split()) == "".join(wanted.split())


def test_code_samples_are_shown_verbatim(exploration: Exploration) -> None:
    check(exploration, "code sample")


@prop("project files")
def project_files_parse(case: Case) -> None:
    from packaging.version import Version

    title = prose(case.doc["info"]["title"])
    project = tomllib.loads(case.tree.files["pyproject.toml"])["project"]
    assert set(project) == {
        "name", "version", "description", "readme", "requires-python", "dependencies",
    }  # fmt: skip
    wanted = " ".join(("Python client for the " + title).split())
    assert project["description"] == wanted
    Version(project["version"])
    mkdocs = yaml.safe_load(case.tree.files["mkdocs.yml"])
    assert set(mkdocs) == {"site_name", "docs_dir", "site_dir", "theme", "validation"}
    assert mkdocs["site_name"] == " ".join(f"{title} \u2014 Python client".split())


def test_pyproject_and_mkdocs_parse(exploration: Exploration) -> None:
    check(exploration, "project files")


@prop("no raw CR")
def no_raw_carriage_return(case: Case) -> None:
    raw_cr = [p for p, t in case.tree.files.items() if "\r" in t]
    assert not raw_cr, f"raw CR in {raw_cr}"


def test_no_generated_file_holds_a_raw_carriage_return(
    exploration: Exploration,
) -> None:
    check(exploration, "no raw CR")


def _clean_text_by_definition(text: str) -> str:
    """clean_text as its docstring states it, one character at a time (the fast version
    must agree): CRLF and lone CR to LF, tab to four spaces, NUL dropped, other control
    characters and line/page separators to a space, outer and trailing white space gone.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in text:
        if ch == "\t":
            out.append("    ")
        elif ch == "\x00":
            continue
        elif ch in "\u2028\u2029\x85" or (ch < " " and ch != "\n"):
            out.append(" ")
        else:
            out.append(ch)
    joined = "".join(out).strip()
    return "\n".join(line.rstrip() for line in joined.split("\n"))


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("ab é\n\r\t\x00\x0b\x0c\x1c\x1f\x85\u2028\u2029\u3000\u00a0\u200b")
        )
    )
)
def test_clean_text_agrees_with_its_definition(text: str) -> None:
    from specgen.literals import clean_text

    assert clean_text(text) == _clean_text_by_definition(text)
