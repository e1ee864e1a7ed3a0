"""Hostile spec text never leaves its place: the golden case tests/golden/hostile.

Every string position of that spec holds quotes and triple quotes, backslashes, CR/LF, U+2028,
control characters, Jinja syntax, HTML and Markdown, Python injection attempts, keyword, dunder,
path-like, very long and empty-after-transform names. The generated project must compile with
warnings as errors, import (and call an API) without running any of it, write only inside its
folder, keep pyproject.toml, mkdocs.yml and the Markdown pages well formed, and give every
string back exactly where it is a literal and normalised (README "Names", literals.clean_text)
where it is prose.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import tokenize
import tomllib
import warnings
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from loopback import Reply, ScriptedServer
from markdown_it import MarkdownIt
from specgen_testlib import REPO

from specgen.diagnostics import SpecError
from specgen.ir.model import Api, Argument, Operation
from specgen.pipeline import BuildResult, generate
from specgen.render.engine import RenderedTree
from specgen.write.writer import write_tree

SPEC = REPO / "tests" / "golden" / "hostile" / "spec.yaml"
PACKAGE = "golden_hostile"
NAME_MAX = 255  # bytes in one path component on Linux and macOS

_MD = MarkdownIt("commonmark").enable("table")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")  # markdown-it's rule: a pipe after `\` is text
_SEPARATORS = frozenset("\u2028\u2029\x85")


# -- shared data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated() -> tuple[RenderedTree, BuildResult]:
    return generate(SPEC)


@pytest.fixture(scope="module")
def tree(generated: tuple[RenderedTree, BuildResult]) -> RenderedTree:
    return generated[0]


@pytest.fixture(scope="module")
def api(generated: tuple[RenderedTree, BuildResult]) -> Api:
    return generated[1].api


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SPEC.read_text("utf-8"))
    return data


def own_files(tree: RenderedTree) -> dict[str, str]:
    """The generated files without the verbatim runtime copy."""
    return {p: t for p, t in tree.files.items() if "/_runtime/" not in p}


def prose(text: str) -> str:
    """Spec prose as the docs keep it: CRLF and lone CR become LF, NUL dropped, other control characters and the
    Unicode line/paragraph separators turned into spaces, whitespace runs collapsed (docstrings
    are wrapped at word boundaries, table cells fold lines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = "".join(
        " " if (ch < " " and ch != "\n") or ch in _SEPARATORS else ch for ch in text
    )
    return " ".join(text.split())


def at_pointer(doc: Any, pointer: str) -> Any:
    node = doc
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def description_of(node: Any) -> str:
    """What the generator documents a schema or parameter with: description, else title."""
    if isinstance(node, dict):
        for key in ("description", "title"):
            if isinstance(node.get(key), str):
                return str(node[key])
    return ""


def spec_operation(spec: dict[str, Any], op: Operation) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"][op.path][op.http_method.lower()]
    return found


def spec_parameter(spec: dict[str, Any], op: Operation, arg: Argument) -> Any:
    for param in spec_operation(spec, op).get("parameters", []):
        if param["name"] == arg.wire_name and param["in"] == arg.source:
            return param
    raise AssertionError(f"no parameter {arg.wire_name!r} in {op.operation_id!r}")


def operation_by_id(api: Api, operation_id: str) -> tuple[str, Operation]:
    for resource in api.resources:
        for op in resource.operations:
            if op.operation_id == operation_id:
                return resource.attr_name, op
    raise AssertionError(f"no operation {operation_id!r}")


HOSTILE_OP = '"); import os; os.system("touch PWNED") #'


def pwned_files(*folders: Path) -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        found.extend(folder.glob("PWNED*"))
    return found


# -- file names ----------------------------------------------------------------------------


def test_paths_are_relative_and_made_of_identifiers(tree: RenderedTree) -> None:
    bad: list[str] = []
    for path in tree.files:
        pure = PurePosixPath(path)
        parts = path.split("/")
        if pure.is_absolute() or "\\" in path or ":" in path:
            bad.append(f"{path!r}: not a plain relative POSIX path")
        if any(part in ("", ".", "..") for part in parts):
            bad.append(f"{path!r}: empty or dot component")
        for part in parts:
            if len(part.encode("utf-8")) > NAME_MAX:
                bad.append(f"{path!r}: component longer than {NAME_MAX} bytes")
            stem = part.rsplit(".", 1)[0] if "." in part[1:] else part
            for piece in stem.split("."):
                if not (piece.isascii() and piece.isidentifier()):
                    bad.append(f"{path!r}: {piece!r} is not an identifier")
    assert not bad, "\n".join(bad)


def test_writing_stays_inside_the_output_folder(
    tree: RenderedTree, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    siblings = sorted(os.listdir(tmp_path.parent))
    write_tree(tree, work / "out")
    assert os.listdir(work) == ["out"], "something was written beside the output folder"
    assert sorted(os.listdir(tmp_path.parent)) == siblings
    on_disk = set()
    for folder, dirs, files in os.walk(work / "out"):
        for name in dirs + files:
            assert not Path(folder, name).is_symlink(), name
        on_disk |= {
            Path(folder, name).relative_to(work / "out").as_posix() for name in files
        }
    assert on_disk == set(tree.files) | {".specgen-manifest.json"}
    assert not pwned_files(tmp_path, work, work / "out", REPO, Path.cwd())


def test_very_long_names_do_not_break_writing(tmp_path: Path) -> None:
    """A 300-character tag and operationId: refused as a spec error, or shortened; never a
    traceback from the file system (ENAMETOOLONG) and never a component over NAME_MAX.
    """
    long_tag, long_id = "t" * 300, "o" * 300
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Long", "version": "1.0.0"},
        "x-client": {"package": "long_names"},
        "paths": {
            "/x": {
                "get": {
                    "operationId": long_id,
                    "tags": [long_tag],
                    "responses": {"204": {"description": "ok"}},
                }
            }
        },
        "components": {
            "schemas": {"S" * 300: {"type": "object", "properties": {"a": {}}}}
        },
    }
    spec_file = tmp_path / "long.json"
    spec_file.write_text(json.dumps(doc), "utf-8")
    try:
        long_tree, _ = generate(spec_file)
    except SpecError:
        return
    too_long = [
        p
        for p in long_tree.files
        if any(len(part.encode()) > NAME_MAX for part in p.split("/"))
    ]
    assert not too_long, f"file names longer than {NAME_MAX} bytes: {too_long}"
    write_tree(long_tree, tmp_path / "out")


# -- Python --------------------------------------------------------------------------------


def test_every_python_file_compiles_with_warnings_as_errors(
    tree: RenderedTree,
) -> None:
    failures: list[str] = []
    for path, text in tree.files.items():
        if not path.endswith(".py"):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # SyntaxWarning (bad escapes) included
            try:
                compile(text, path, "exec", dont_inherit=True)
            except (SyntaxError, SyntaxWarning, ValueError) as exc:
                failures.append(f"{path}: {exc!r}")
    assert not failures, "\n".join(failures)


_ALLOWED_IMPORTS = {
    "__future__",
    "collections.abc",
    "functools",
    "httpx",
    "importlib",
    "os",
    "pydantic",
    "typing",
    "types",
}
# Identifiers only injected code would use; names derived from spec text contain them only
# as parts (`import_os_os_system_touch_pwned`), never as whole tokens.
_FORBIDDEN_NAMES = {
    "__import__", "system", "touch", "PWNED", "PWNED2", "alert", "script", "onerror",
    "raw", "endraw", "passwd", "evil", "eval", "exec", "bold",
}  # fmt: skip
_FORBIDDEN_OPS = {";", "<", ">", "/", "//", "%", "<<", ">>", "^", "~", "&", "!"}


def test_spec_text_stays_inside_literals_docstrings_and_comments(
    tree: RenderedTree,
) -> None:
    """Outside string tokens and comments the generated code is made of ASCII identifiers
    and the handful of operators the templates use; nothing imports or calls what the spec's
    injection attempts ask for."""
    problems: list[str] = []
    for path, text in own_files(tree).items():
        if not path.endswith(".py"):
            continue
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
        for token in tokens:
            where = f"{path}:{token.start[0]}"
            if token.type == tokenize.ERRORTOKEN:
                problems.append(f"{where}: error token {token.string!r}")
            elif token.type == tokenize.NAME:
                if not (token.string.isascii() and token.string.isidentifier()):
                    problems.append(f"{where}: non-ASCII name {token.string!r}")
                if token.string in _FORBIDDEN_NAMES:
                    problems.append(f"{where}: spec text as code: {token.string!r}")
            elif token.type == tokenize.OP and token.string in _FORBIDDEN_OPS:
                problems.append(f"{where}: operator {token.string!r} outside a literal")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module or ""]
            else:
                modules = []
            for module in modules:
                if module not in _ALLOWED_IMPORTS:
                    problems.append(f"{path}:{node.lineno}: imports {module!r}")
            if isinstance(node, ast.Call):
                func = node.func
                called = (
                    func.id
                    if isinstance(func, ast.Name)
                    else func.attr if isinstance(func, ast.Attribute) else ""
                )
                if called in {"__import__", "system", "eval", "exec", "popen"}:
                    problems.append(f"{path}:{node.lineno}: calls {called}()")
    assert not problems, "\n".join(problems)


_IMPORT_SCRIPT = textwrap.dedent(
    """
    import importlib, json, sys
    sys.path.insert(0, sys.argv[1])
    names = json.loads(sys.argv[2])
    import pydantic
    package = importlib.import_module(names["package"])
    models = importlib.import_module(names["package"] + ".models")
    rebuilt = 0
    for name in models.__all__:
        value = getattr(models, name)
        if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
            value.model_rebuild(force=True)
            rebuilt += 1
    for name in package.__all__:
        getattr(package, name)
    for client_name in names["clients"]:
        client = getattr(package, client_name)(
            api_key="sk-hostile", base_url="http://127.0.0.1:9"
        )
        for attr in names["resources"]:
            getattr(client, attr)
            getattr(getattr(client, attr), "with_raw_response")
    print(json.dumps({"rebuilt": rebuilt}))
    """
)


def test_package_imports_and_builds_every_model_without_running_spec_text(
    tree: RenderedTree, api: Api, tmp_path: Path
) -> None:
    out, cwd = tmp_path / "out", tmp_path / "cwd"
    write_tree(tree, out)
    cwd.mkdir()
    names = {
        "package": api.package,
        "clients": [api.client_name, api.async_client_name],
        "resources": [r.attr_name for r in api.resources],
    }
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "-c",
            _IMPORT_SCRIPT,
            str(out),
            json.dumps(names),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rebuilt"] == len(api.models)
    assert os.listdir(cwd) == [], "importing the package wrote files"
    leftovers = list(tmp_path.rglob("PWNED*"))
    assert not leftovers + pwned_files(REPO, REPO / "tests", Path.cwd())


_CALL_SCRIPT = textwrap.dedent(
    """
    import importlib, json, sys
    sys.path.insert(0, sys.argv[1])
    plan = json.loads(sys.argv[2])
    package = importlib.import_module(plan["package"])
    options = {"base_url": plan["base_url"], "max_retries": 0}
    if plan.get("api_key"):
        options["api_key"] = plan["api_key"]
    client = getattr(package, plan["client"])(**options)
    results = []
    for call in plan["calls"]:
        method = getattr(getattr(client, call["resource"]), call["method"])
        value = method(**call["arguments"])
        if hasattr(value, "model_dump"):
            value = value.model_dump(mode="json", by_alias=True)
        results.append(value)
    print(json.dumps(results))
    """
)


def python_arguments(op: Operation, wire_values: dict[tuple[str, str], Any]) -> dict:
    """Keyword arguments of the generated method for values keyed by (source, wire name)."""
    named = {(a.source, a.wire_name): a.name for a in op.arguments}
    return {named[key]: value for key, value in wire_values.items()}


def test_client_sends_hostile_names_and_values_verbatim(
    tree: RenderedTree,
    api: Api,
    spec: dict[str, Any],
    server: ScriptedServer,
    tmp_path: Path,
) -> None:
    out, cwd = tmp_path / "out", tmp_path / "cwd"
    write_tree(tree, out)
    cwd.mkdir()
    enum_resource, enum_op = operation_by_id(api, "__init__")
    thing_resource, thing_op = operation_by_id(api, HOSTILE_OP)
    query = {
        "class": "{{ 7*7 }}",
        "__init__": "__import__('os').system('touch PWNED2')",
        HOSTILE_OP: 7,
        "!!!": "'''",
    }
    body = {"class": '"""', '"""': "\\", "../../etc/passwd": "</code>"}
    calls = [
        {
            "resource": enum_resource,
            "method": enum_op.method_name,
            "arguments": python_arguments(
                enum_op, {("query", "import"): 'import os; os.system("touch PWNED")'}
            ),
        },
        {
            "resource": thing_resource,
            "method": thing_op.method_name,
            "arguments": python_arguments(
                thing_op,
                {
                    ("path", "thing/../id"): "../../etc/passwd",
                    **{("query", k): v for k, v in query.items()},
                    **{("body", k): v for k, v in body.items()},
                },
            ),
        },
    ]
    returned = {"class": "'", "a|b": ["{{ 7*7 }}"]}
    server.queue(Reply(body="'''"), Reply(body=returned))
    plan = {
        "package": api.package,
        "client": api.client_name,
        "api_key": "sk-hostile",
        "base_url": server.base_url,
        "calls": calls,
    }
    result = subprocess.run(
        [sys.executable, "-c", _CALL_SCRIPT, str(out), json.dumps(plan)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    enum_value, thing = json.loads(result.stdout)
    assert enum_value == "'''"
    assert thing["class"] == "'" and thing["a|b"] == ["{{ 7*7 }}"]

    first, second = server.requests
    auth_header = spec["components"]["securitySchemes"][
        next(iter(spec["components"]["securitySchemes"]))
    ]["name"]
    for request in (first, second):
        assert request.headers[auth_header.lower()] == "sk-hostile"
        assert "\r" not in request.headers["user-agent"]
    url = urlsplit(first.path)
    assert (first.method, url.path) == ("GET", "/import")
    assert parse_qs(url.query, keep_blank_values=True) == {
        "import": ['import os; os.system("touch PWNED")']
    }
    url = urlsplit(second.path)
    prefix, segment = url.path.rsplit("/", 1)
    assert (second.method, prefix) == ("POST", "/things")
    assert unquote(segment) == "../../etc/passwd"
    assert parse_qs(url.query, keep_blank_values=True) == {
        k: [str(v)] for k, v in query.items()
    }
    sent = json.loads(second.body)
    assert {k: sent.get(k) for k in body} == body
    assert os.listdir(cwd) == [] and not pwned_files(tmp_path, REPO, Path.cwd())


MINI_PACKAGE = "mini_hostile"


def mini_spec(version: str) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Mini", "version": version},
        "servers": [{"url": "http://127.0.0.1:9"}],
        "x-client": {"package": MINI_PACKAGE},
        "paths": {
            "/ping": {
                "get": {
                    "operationId": "ping",
                    "tags": ["ping"],
                    "responses": {"204": {"description": "ok"}},
                }
            }
        },
    }


@pytest.mark.parametrize(
    "version",
    ["1.0-\u03b2", "1.0\r\nX-Injected: yes"],
    ids=["non-ascii", "crlf"],
)
def test_info_version_cannot_break_or_inject_request_headers(
    version: str, server: ScriptedServer, tmp_path: Path
) -> None:
    """info.version goes into the User-Agent header: any version must still let the client
    send requests, and must not add header lines."""
    spec_file = tmp_path / "mini.json"
    spec_file.write_text(json.dumps(mini_spec(version)), "utf-8")
    mini_tree, result = generate(spec_file)
    write_tree(mini_tree, tmp_path / "out")
    plan = {
        "package": MINI_PACKAGE,
        "client": result.api.client_name,
        "base_url": server.base_url,
        "calls": [{"resource": "ping", "method": "ping", "arguments": {}}],
    }
    server.queue(Reply(status=204, body=b""))
    run = subprocess.run(
        [sys.executable, "-c", _CALL_SCRIPT, str(tmp_path / "out"), json.dumps(plan)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    (request,) = server.requests
    assert "x-injected" not in request.headers


# -- literals round-trip -------------------------------------------------------------------


def module(tree: RenderedTree, path: str) -> ast.Module:
    return ast.parse(tree.files[path])


def classes(mod: ast.Module) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in mod.body if isinstance(n, ast.ClassDef)}


def literal_values(annotation: ast.expr) -> list[Any] | None:
    for node in ast.walk(annotation):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Literal"
        ):
            elements = (
                node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            )
            return [ast.literal_eval(e) for e in elements]
    return None


def field_call_keyword(value: ast.expr | None, keyword: str) -> ast.expr | None:
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "Field"
    ):
        for kw in value.keywords:
            if kw.arg == keyword:
                return kw.value
    return None


def model_fields(cls: ast.ClassDef) -> dict[str, tuple[ast.AnnAssign, str | None]]:
    """Wire name -> (its annotated assignment, the attribute docstring under it)."""
    fields: dict[str, tuple[ast.AnnAssign, str | None]] = {}
    for index, stmt in enumerate(cls.body):
        if not (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and not stmt.target.id.startswith("_")
        ):
            continue
        alias = field_call_keyword(stmt.value, "alias")
        wire = ast.literal_eval(alias) if alias is not None else stmt.target.id
        following = cls.body[index + 1] if index + 1 < len(cls.body) else None
        doc = None
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            doc = following.value.value
        fields[wire] = (stmt, doc)
    return fields


def default_value(stmt: ast.AnnAssign) -> Any:
    in_call = field_call_keyword(stmt.value, "default")
    if in_call is not None:
        return ast.literal_eval(in_call)
    if isinstance(stmt.value, ast.Call) or stmt.value is None:
        return "<none>"
    return ast.literal_eval(stmt.value)


def spec_enums(spec: dict[str, Any]) -> list[list[Any]]:
    found: list[list[Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list):
                found.append(node["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def test_enum_values_round_trip_exactly(
    tree: RenderedTree, spec: dict[str, Any]
) -> None:
    schemas = spec["components"]["schemas"]
    models = module(tree, f"{PACKAGE}/models.py")
    init = model_fields(classes(models)["Init"])
    assert literal_values(init["class"][0].annotation) == (
        schemas["__init__"]["properties"]["class"]["enum"]
    )
    (alias,) = [
        n
        for n in models.body
        if isinstance(n, ast.AnnAssign)
        and isinstance(n.target, ast.Name)
        and n.target.id == "HostileEnum"
    ]
    assert alias.value is not None
    assert literal_values(alias.value) == schemas["HostileEnum"]["enum"]
    header = next(
        p
        for p in spec["paths"]["/things/{thing/../id}"]["post"]["parameters"]
        if p["in"] == "header"
    )
    params = model_fields(classes(models)["ImportOsOsSystemTouchPWNEDParameters"])
    assert literal_values(params[header["name"]][0].annotation) == (
        header["schema"]["enum"]
    )
    # Every Literal anywhere in the package is one of the spec's enums, unaltered.
    enums = spec_enums(spec)
    for path, text in own_files(tree).items():
        if path.endswith(".py"):
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.Subscript):
                    values = literal_values(node)
                    if values is not None:
                        assert values in enums, f"{path}: {values!r}"


def test_wire_names_and_defaults_round_trip(
    tree: RenderedTree, api: Api, spec: dict[str, Any]
) -> None:
    models = classes(module(tree, f"{PACKAGE}/models.py"))
    checked = 0
    for model in api.models:
        fields = model_fields(models[model.name])
        if model.role == "schema":
            schema = at_pointer(spec, model.source)
            properties = schema.get("properties", {})
            assert set(fields) == set(properties), model.name
            for wire, (stmt, _) in fields.items():
                prop = properties[wire]
                if "default" in prop:
                    assert default_value(stmt) == prop["default"], (model.name, wire)
                    checked += 1
        else:
            op_pointer = model.source.rsplit("/", 1)[0]
            operation = at_pointer(spec, op_pointer)
            names = {p["name"] for p in operation.get("parameters", [])}
            assert set(fields) == names, model.name
    assert checked >= 4


def python_blocks(markdown: str) -> list[str]:
    return [
        t.content
        for t in _MD.parse(markdown)
        if t.type == "fence" and t.info.strip() == "python"
    ]


def call_keywords(
    source: str, method: str, positional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The arguments of the call of `method`, by name (`positional` names those passed by
    position)."""
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == method
        ):
            assert len(node.args) == len(positional), ast.unparse(node)
            return {
                **{
                    name: ast.literal_eval(value)
                    for name, value in zip(positional, node.args, strict=True)
                },
                **{
                    kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg
                },
            }
    raise AssertionError(f"no call of {method} in:\n{source}")


def test_examples_round_trip_into_docs_code(
    tree: RenderedTree, api: Api, spec: dict[str, Any]
) -> None:
    """Spec examples (strings and objects) become Python literals in the docs' runnable
    examples and JSON in the example responses, unchanged."""
    resource, op = operation_by_id(api, HOSTILE_OP)
    page = tree.files[f"docs/operations/{resource}.{op.method_name}.md"]
    readme_blocks = python_blocks(tree.files["README.md"])
    errors_block = next(
        b for b in readme_blocks if "RequestValidationError as exc" in b
    )
    keywords = call_keywords(
        errors_block,
        op.method_name,
        tuple(a.name for a in op.positional_arguments),
    )
    properties = spec["components"]["schemas"]["__init__"]["properties"]
    expected: dict[str, Any] = {}
    for arg in op.arguments:
        if arg.source == "body":
            node = properties[arg.wire_name]
        elif arg.source in ("path", "query", "header"):
            param = spec_parameter(spec, op, arg)
            node = {**param.get("schema", {}), **param}
        else:
            continue
        if "example" in node:
            expected[arg.name] = node["example"]
    assert expected, "the spec gives examples"
    assert {k: keywords.get(k) for k in expected} == expected
    response = spec_operation(spec, op)["responses"]["200"]["content"]
    json_blocks = [
        t.content for t in _MD.parse(page) if t.type == "fence" and t.info == "json"
    ]
    assert [json.loads(b) for b in json_blocks] == [
        response["application/json"]["example"]
    ]
    enum_resource, enum_op = operation_by_id(api, "__init__")
    (block,) = python_blocks(
        tree.files[f"docs/operations/{enum_resource}.{enum_op.method_name}.md"]
    )
    (arg,) = enum_op.arguments
    example = spec_parameter(spec, enum_op, arg)["schema"]["example"]
    assert call_keywords(block, enum_op.method_name) == {arg.name: example}


# -- prose round-trip ----------------------------------------------------------------------


def docstring_of(node: ast.AST) -> str | None:
    assert isinstance(
        node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    )
    return ast.get_docstring(node, clean=False)


def test_descriptions_round_trip_as_docstrings(
    tree: RenderedTree, api: Api, spec: dict[str, Any]
) -> None:
    mismatches: list[str] = []

    def check(where: str, actual: str | None, wanted: str) -> None:
        if prose(actual or "") != prose(wanted):
            mismatches.append(
                f"{where}:\n  docstring {prose(actual or '')!r}\n  spec      {prose(wanted)!r}"
            )

    models_module = module(tree, f"{PACKAGE}/models.py")
    models = classes(models_module)
    for model in api.models:
        cls = models[model.name]
        fields = model_fields(cls)
        if model.role == "schema":
            schema = at_pointer(spec, model.source)
            check(model.name, docstring_of(cls), description_of(schema))
            for wire, (_, doc) in fields.items():
                wanted = description_of(schema.get("properties", {}).get(wire))
                check(f"{model.name}.{wire!r}", doc, wanted)
        else:
            operation = at_pointer(spec, model.source.rsplit("/", 1)[0])
            params = {p["name"]: p for p in operation.get("parameters", [])}
            for wire, (_, doc) in fields.items():
                param = params[wire]
                # a parameter is described by its own description, else its schema's (or title)
                schema = param.get("schema") or {}
                wanted = (
                    param.get("description")
                    or schema.get("description")
                    or schema.get("title", "")
                )
                check(f"{model.name}.{wire!r}", doc, wanted)
    for alias in api.aliases:
        (index,) = [
            i
            for i, stmt in enumerate(models_module.body)
            if isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.target.id == alias.name
        ]
        following = models_module.body[index + 1 : index + 2]
        doc = (
            following[0].value.value
            if following
            and isinstance(following[0], ast.Expr)
            and isinstance(following[0].value, ast.Constant)
            else None
        )
        check(alias.name, doc, description_of(at_pointer(spec, alias.source)))

    tags = {t["name"]: t.get("description", "") for t in spec["tags"]}
    client_module = module(tree, f"{PACKAGE}/_client.py")
    client_classes = classes(client_module)
    for resource in api.resources:
        first = spec_operation(spec, resource.operations[0])
        key = first.get("x-resource") or (first.get("tags") or ["default"])[0]
        wanted = tags.get(key, "")
        resource_module = module(tree, f"{PACKAGE}/resources/{resource.module_file}")
        resource_classes = classes(resource_module)
        for cls_name in (resource.class_name, resource.async_class_name):
            check(cls_name, docstring_of(resource_classes[cls_name]), wanted)
        for client_name in (api.client_name, api.async_client_name):
            (prop,) = [
                n
                for n in client_classes[client_name].body
                if isinstance(n, ast.FunctionDef) and n.name == resource.attr_name
            ]
            check(f"{client_name}.{resource.attr_name}", docstring_of(prop), wanted)
        methods = {
            n.name: n
            for n in ast.walk(resource_module)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        for op in resource.operations:
            doc = prose(docstring_of(methods[op.method_name]) or "")
            raw = spec_operation(spec, op)
            for key in ("summary", "description"):
                if key in raw and prose(raw[key]) not in doc:
                    mismatches.append(f"{op.method_name}: {key} {prose(raw[key])!r}")
    title = prose(spec["info"]["title"])
    for path in (f"{PACKAGE}/models.py", f"{PACKAGE}/__init__.py"):
        doc = prose(docstring_of(module(tree, path)) or "")
        if title not in doc:
            mismatches.append(f"{path}: title {title!r} not in {doc!r}")
    assert not mismatches, "\n".join(mismatches)


# -- project files -------------------------------------------------------------------------


def test_pyproject_is_valid_toml_with_only_the_expected_keys(
    tree: RenderedTree, spec: dict[str, Any]
) -> None:
    data = tomllib.loads(tree.files["pyproject.toml"])
    assert set(data) == {"build-system", "project", "tool"}
    project = data["project"]
    assert set(project) == {
        "name", "version", "description", "readme", "requires-python", "dependencies",
    }  # fmt: skip
    for key in ("name", "version", "description", "readme", "requires-python"):
        assert isinstance(project[key], str), key
    assert project["name"] == "golden-hostile"
    assert project["description"] == "Python client for the " + spec["info"]["title"]
    assert all(isinstance(d, str) for d in project["dependencies"])
    assert data["tool"] == {
        "hatch": {"build": {"targets": {"wheel": {"packages": [PACKAGE]}}}}
    }


def test_pyproject_version_is_a_pep_440_version(tree: RenderedTree) -> None:
    """`pip install` (hatchling) refuses a project whose version is not PEP 440, so any
    info.version must become one (the API's own version can live in the docs)."""
    packaging_version = pytest.importorskip("packaging.version")
    version = tomllib.loads(tree.files["pyproject.toml"])["project"]["version"]
    packaging_version.Version(version)


def test_mkdocs_yml_parses_with_the_expected_keys(
    tree: RenderedTree, spec: dict[str, Any]
) -> None:
    data = yaml.safe_load(tree.files["mkdocs.yml"])
    assert set(data) == {"site_name", "docs_dir", "site_dir", "theme", "validation"}
    assert (data["docs_dir"], data["site_dir"]) == ("docs", "site")
    assert data["site_name"] == spec["info"]["title"] + " \u2014 Python client"
    data["site_name"].encode("utf-8")  # no lone surrogates


def test_no_generated_file_holds_a_raw_carriage_return(tree: RenderedTree) -> None:
    """A CR is a line break to Markdown (and git may rewrite it): spec text must not put
    one in any file; in code it is escaped, in prose it is dropped."""
    offenders = [p for p, t in own_files(tree).items() if "\r" in t]
    assert not offenders, offenders


# -- Markdown ------------------------------------------------------------------------------


def markdown_problems(
    path: str, source: str, table_headers: frozenset[str] | None = None
) -> list[str]:
    """Raw HTML anywhere; tables (those with one of `table_headers` when given) whose rows
    have different numbers of cells, counted in the source as markdown-it splits them.
    """
    problems: list[str] = []
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for token in _MD.parse(source):
        for t in (token, *(token.children or [])):
            if t.type in ("html_block", "html_inline"):
                problems.append(f"{path}: raw HTML {t.content[:60]!r}")
        if token.type == "table_open" and token.map:
            start, end = token.map
            if table_headers is not None and lines[start] not in table_headers:
                continue
            widths = []
            for line in lines[start:end]:
                cells = _CELL_SPLIT.split(line.strip())
                if cells and cells[0] == "":
                    cells = cells[1:]
                if cells and cells[-1] == "":
                    cells = cells[:-1]
                widths.append(len(cells))
            if len(set(widths)) != 1:
                problems.append(f"{path}:{start + 1}: table rows of {widths} cells")
    return problems


def headings(source: str) -> set[str]:
    tokens = _MD.parse(source)
    return {
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and i + 1 < len(tokens)
    }


def test_markdown_has_no_raw_html_and_consistent_tables(tree: RenderedTree) -> None:
    problems = [
        problem
        for path, text in tree.files.items()
        if path.endswith(".md")
        for problem in markdown_problems(path, text)
    ]
    assert not problems, "\n".join(problems)


def test_markdown_pages_keep_their_structure(tree: RenderedTree, api: Api) -> None:
    """Spec prose can't swallow what follows it (an unclosed fence, a stray heading)."""
    wanted = {
        "README.md": {"Install", "Authenticate", "Errors", "Reference"},
        "docs/index.md": {
            "Operations",
            "Models",
            *(r.attr_name for r in api.resources),
        },
    }
    for resource in api.resources:
        for op in resource.operations:
            page = f"docs/operations/{resource.attr_name}.{op.method_name}.md"
            wanted[page] = {"Returns", "Example request", "Responses"}
    for model in api.schema_models:
        wanted[f"docs/models/{model.name}.md"] = {"Fields"}
    missing = {
        page: sorted(need - headings(tree.files[page]))
        for page, need in wanted.items()
        if need - headings(tree.files[page])
    }
    assert not missing, missing


def table_rows(source: str) -> list[list[Any]]:
    """Each body row of every table as its cells' inline tokens (pipes already unescaped)."""
    rows: list[list[Any]] = []
    tokens = _MD.parse(source)
    for index, token in enumerate(tokens):
        if token.type == "tr_open" and tokens[index + 1].type == "td_open":
            cells = []
            for later in tokens[index + 1 :]:
                if later.type == "tr_close":
                    break
                if later.type == "inline":
                    cells.append(later)
            rows.append(cells)
    return rows


def shown_values(inline: Any) -> dict[str, list[str]]:
    """The code spans after "One of: ", "Default: " in a Markdown inline, as written."""
    shown: dict[str, list[str]] = {}
    mode = None
    for child in inline.children or []:
        if child.type == "code_inline" and mode is not None:
            shown.setdefault(mode, []).append(child.content)
            if mode != "One of":
                mode = None
        elif child.type == "text":
            mode = next(
                (m for m in ("One of", "Default") if child.content.endswith(m + ": ")),
                mode if child.content == ", " else None,
            )
    return shown


def code_of(inline: Any) -> str:
    codes = [c.content for c in inline.children or [] if c.type == "code_inline"]
    return str(codes[0]) if codes else ""


def test_values_shown_in_the_docs_round_trip(
    tree: RenderedTree, api: Api, spec: dict[str, Any]
) -> None:
    """Names, enum members, defaults and examples the docs show as code are the spec's, as
    a reader would copy them: names verbatim, values as JSON."""
    problems: list[str] = []

    def same(where: str, shown: list[str], wanted: list[Any]) -> None:
        try:
            values = [json.loads(s) for s in shown]
        except ValueError as exc:
            problems.append(f"{where}: {shown!r} is not JSON ({exc})")
            return
        if values != wanted:
            problems.append(f"{where}: shown {values!r}\n    spec  {wanted!r}")

    schemas = spec["components"]["schemas"]
    for model in api.schema_models:
        properties = at_pointer(spec, model.source).get("properties", {})
        rows = table_rows(tree.files[f"docs/models/{model.name}.md"])
        names = [code_of(row[0]) for row in rows]
        if names != list(properties):
            problems.append(f"{model.name}: fields shown as {names!r}")
        for row, (wire, prop) in zip(rows, properties.items(), strict=False):
            shown = shown_values(row[3])
            if "enum" in prop:
                same(
                    f"{model.name}.{wire!r} enum", shown.get("One of", []), prop["enum"]
                )
            if "default" in prop:
                same(
                    f"{model.name}.{wire!r} default",
                    shown.get("Default", []),
                    [prop["default"]],
                )
            if "example" in prop:
                example = [
                    c.content for c in row[4].children if c.type == "code_inline"
                ]
                same(f"{model.name}.{wire!r} example", example, [prop["example"]])
    enum_page = _MD.parse(tree.files["docs/models/HostileEnum.md"])
    (listing,) = [
        t for t in enum_page if t.type == "inline" and t.content.startswith("One of: ")
    ]
    same("HostileEnum", shown_values(listing)["One of"], schemas["HostileEnum"]["enum"])
    resource, op = operation_by_id(api, HOSTILE_OP)
    page = tree.files[f"docs/operations/{resource}.{op.method_name}.md"]
    params = {p["name"]: p for p in spec_operation(spec, op)["parameters"]}
    for row in table_rows(page):
        wire = code_of(row[0])
        if wire in params and len(row) == 4:
            schema = params[wire].get("schema", {})
            shown = shown_values(row[3])
            if "enum" in schema:
                same(
                    f"parameter {wire!r} enum", shown.get("One of", []), schema["enum"]
                )
            if "default" in schema:
                same(
                    f"parameter {wire!r} default",
                    shown.get("Default", []),
                    [schema["default"]],
                )
    assert not problems, "\n".join(problems)
