"""User templates (`--templates DIR`) as a user meets them, and the README's account of them.

An error in a user template is a diagnostic at the user's file and line (T001), exit 1, no
traceback, nothing written; a file in DIR that overrides no built-in template is a warning
naming the closest one (W107), unless a template uses it. The README's "Templates" section
lists every built-in template with the variables it receives, every IR field and property,
and every filter and global: checked here against the code.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from specgen_testlib import REPO
from test_cli import GOOD, assert_no_traceback, line_of, snapshot, specgen

from specgen.diagnostics import SpecError
from specgen.ir import model as ir
from specgen.pipeline import build, generate
from specgen.render.engine import builtin_templates, make_environment, render_api

# FILE:LINE: error[T001]: message (a template has no JSON pointer, Jinja gives no column)
T001 = re.compile(
    r"^(?P<file>\S+?):(?P<line>\d+): error\[T001\]: (?P<message>.+)$", re.MULTILINE
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """spec.yaml (tests/test_cli.py's GOOD) and an empty template folder `tpl`."""
    (tmp_path / "spec.yaml").write_text(GOOD, "utf-8")
    (tmp_path / "tpl").mkdir()
    return tmp_path


def put(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return text


def one_t001(stderr: str) -> re.Match[str]:
    found = list(T001.finditer(stderr))
    assert len(found) == 1, stderr
    return found[0]


# --------------------------------------------------------------------------- T001

WRONG_ATTRIBUTE = """\
# {{ op.method_name }}

{{ op.summary }}
{{ op.summry }}
"""


@pytest.mark.parametrize("output", ["existing", "absent"])
@pytest.mark.parametrize("command", ["generate", "check"])
def test_wrong_attribute_in_override_is_t001_at_its_line(
    command: str, output: str, project: Path
) -> None:
    if output == "existing":
        assert (
            specgen("generate", "spec.yaml", "-o", "out", cwd=project).returncode == 0
        )
    before = snapshot(project / "out")
    put(project / "tpl", "docs/operation.md.jinja", WRONG_ATTRIBUTE)

    result = specgen(
        command, "spec.yaml", "-o", "out", "--templates", "tpl", cwd=project
    )

    assert result.returncode == 1, str(result)
    assert_no_traceback(result)
    found = one_t001(result.stderr)
    assert found["file"] == "tpl/docs/operation.md.jinja", str(result)
    assert int(found["line"]) == line_of(WRONG_ATTRIBUTE, "op.summry"), str(result)
    assert found["message"] == (
        "'specgen.ir.endpoints.Operation object' has no attribute 'summry'; "
        "did you mean 'summary'?"
    ), str(result)
    assert " (at " not in result.stderr, str(result)
    assert snapshot(project / "out") == before, "the output folder changed"
    assert result.stdout == "", str(result)


SYNTAX_ERROR = """\
# {{ api.title }}

{% for resource in api.resources %}
- {{ resource.attr_name }}
{% endfor %}
{% if %}
"""


def test_syntax_error_in_override_from_pyproject_is_t001_at_its_line(
    tmp_path: Path,
) -> None:
    (tmp_path / "api.yaml").write_text(GOOD, "utf-8")
    (tmp_path / "house").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specgen]\ntemplates = "house"\n'
        'targets = [{ spec = "api.yaml", output = "out" }]\n',
        "utf-8",
    )
    assert specgen("generate", cwd=tmp_path).returncode == 0
    put(tmp_path / "house", "project/README.md.jinja", SYNTAX_ERROR)
    before = snapshot(tmp_path)

    for command in ("generate", "check"):
        result = specgen(command, cwd=tmp_path)
        assert result.returncode == 1, f"{command}: {result}"
        assert_no_traceback(result)
        found = one_t001(result.stderr)
        # the folder comes from pyproject.toml as an absolute path; shown relative to cwd
        assert found["file"] == "house/project/README.md.jinja", str(result)
        assert int(found["line"]) == line_of(SYNTAX_ERROR, "{% if %}"), str(result)
        assert "expected an expression" in found["message"].lower(), str(result)
        assert snapshot(tmp_path) == before, f"{command} wrote files"


@dataclasses.dataclass(frozen=True)
class Broken:
    """A broken user template: its files, the one and marker the error points at, and
    what the message must say."""

    files: dict[str, str]
    at: tuple[str, str]
    says: str


BROKEN = {
    "undefined-name": Broken(
        {"project/README.md.jinja": "# {{ api.title }}\n\n{{ titel }}\n"},
        ("project/README.md.jinja", "titel"),
        "'titel' is undefined",
    ),
    "unknown-filter": Broken(
        {"docs/index.md.jinja": "# x\n{{ api.title | md_txt }}\n"},
        ("docs/index.md.jinja", "md_txt"),
        "No filter named 'md_txt'; did you mean 'md_text'?",
    ),
    "failing-filter": Broken(
        {"docs/index.md.jinja": "# x\n\n{{ api.title | md_cell(1, 2) }}\n"},
        ("docs/index.md.jinja", "md_cell"),
        "TypeError: ",
    ),
    "exception-while-rendering": Broken(
        {"docs/model.md.jinja": "# {{ model.name }}\n{{ 1 // 0 }}\n"},
        ("docs/model.md.jinja", "1 // 0"),
        "ZeroDivisionError: ",
    ),
    "missing-include": Broken(
        {"docs/index.md.jinja": "# x\n\n\n{% include 'docs/footer.md.jinja' %}\n"},
        ("docs/index.md.jinja", "include"),
        "no template named 'docs/footer.md.jinja'",
    ),
    "error-in-a-helper": Broken(
        {
            "docs/index.md.jinja": "# x\n{% import 'house.jinja' as house %}\n"
            "{{ house.title(api) }}\n",
            "house.jinja": "{% macro title(api) %}\n\n{{ api.titel }}\n{% endmacro %}\n",
        },
        ("house.jinja", "api.titel"),
        "has no attribute 'titel'; did you mean 'title'?",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_errors_in_user_templates_are_located(case: str, project: Path) -> None:
    broken = BROKEN[case]
    for name, text in broken.files.items():
        put(project / "tpl", name, text)
    before = snapshot(project)

    result = specgen(
        "generate", "spec.yaml", "-o", "out", "--templates", "tpl", cwd=project
    )

    assert result.returncode == 1, str(result)
    assert_no_traceback(result)
    found = one_t001(result.stderr)
    name, marker = broken.at
    assert found["file"] == f"tpl/{name}", str(result)
    assert int(found["line"]) == line_of(broken.files[name], marker), str(result)
    assert broken.says in found["message"], str(result)
    assert "search path" not in result.stderr, "Jinja's message names install folders"
    assert snapshot(project) == before


def test_python_output_that_does_not_parse_is_t001_at_the_template(
    project: Path,
) -> None:
    """Long lines go through black, which cannot parse this: the template is to blame (the
    line is in the output, not in the template, so none is shown)."""
    put(project / "tpl", "package/models.py.jinja", "x = 1 +" + " 1 +" * 30 + "\n")
    result = specgen(
        "generate", "spec.yaml", "-o", "out", "--templates", "tpl", cwd=project
    )
    assert result.returncode == 1, str(result)
    assert_no_traceback(result)
    assert re.search(
        r"^tpl/package/models\.py\.jinja: error\[T001\]: renders tiny_api/models\.py, "
        r"which is not valid Python: ",
        result.stderr,
        re.MULTILINE,
    ), str(result)
    assert not (project / "out").exists()


def test_an_error_inside_a_built_in_template_is_not_blamed_on_the_user(
    project: Path,
) -> None:
    """A user template that calls a built-in macro wrongly fails in the built-in: that is
    reported as specgen's failure (the original exception), not as T001."""
    put(
        project / "tpl",
        "package/resources/resource.py.jinja",
        '{% import "package/resources/_operation.py.jinja" as operation %}\n'
        "{{ operation.method(1, false) }}\n",
    )
    with pytest.raises(jinja2.UndefinedError):
        generate(project / "spec.yaml", project / "tpl")


def test_t001_is_shown_with_the_template_warnings(project: Path) -> None:
    put(project / "tpl", "docs/index.md.jinja", "{{ nope }}\n")
    put(project / "tpl", "docs/indx.md.jinja", "x\n")
    with pytest.raises(SpecError) as raised:
        generate(project / "spec.yaml", project / "tpl")
    # both, in the one order of all diagnostics: by file (index.md < indx.md), then line
    found = [(d.file, d.code) for d in raised.value.diagnostics]
    assert [code for _, code in found] == ["T001", "W107"]
    assert found == sorted(found)


# --------------------------------------------------------------------------- W107


def test_misspelled_override_warns_and_helpers_do_not(project: Path) -> None:
    tpl = project / "tpl"
    put(tpl, "projct/README.md.jinja", "# mine\n")
    # used by an override: a helper, not a misspelling
    put(
        tpl,
        "docs/index.md.jinja",
        "{% import 'macros/links.jinja' as links %}{% include './partials/head.md' %}"
        "{{ links.home() }}\n",
    )
    put(tpl, "macros/links.jinja", "{% macro home() %}home{% endmacro %}")
    put(tpl, "partials/head.md", "# Index\n")
    put(tpl, "runtime/_extra.py", '"""Mine."""\n')  # copied into the package
    put(tpl, ".notes.swp", "editor litter\n")

    for command in ("generate", "check"):
        result = specgen(
            command, "spec.yaml", "-o", "out", "--templates", "tpl", cwd=project
        )
        assert result.returncode == 0, str(result)
        assert_no_traceback(result)
        warnings = [line for line in result.stderr.splitlines() if "warning[" in line]
        assert warnings == [
            "tpl/projct/README.md.jinja: warning[W107]: overrides no built-in template; "
            "did you mean 'project/README.md.jinja'?"
        ], str(result)

    out = project / "out"
    assert (out / "docs" / "index.md").read_text("utf-8") == "# Index\nhome\n"
    assert (out / "tiny_api" / "_runtime" / "_extra.py").is_file()
    assert not (out / "README.md").read_text("utf-8").startswith("# mine")


def test_unmatched_file_without_a_close_name_still_warns(project: Path) -> None:
    put(project / "tpl", "zzz.txt", "?\n")
    result = specgen(
        "check", "spec.yaml", "-o", "out", "--templates", "tpl", cwd=project
    )
    assert "tpl/zzz.txt: warning[W107]: overrides no built-in template\n" in (
        result.stderr
    ), str(result)


# --------------------------------------------------------------------------- the README


def readme_tables() -> dict[str, list[list[str]]]:
    """The README's "Templates" section: each table's rows (as cells) by its first header."""
    text = (REPO / "README.md").read_text("utf-8")
    section = text[text.index("\n## Templates\n") :]
    section = section[: section.index("\n## ", 1)]
    tables: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for line in section.splitlines():
        if not line.startswith("|"):
            current = None
            continue
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if current is None:
            current = tables.setdefault(cells[0], [])
        elif not set(cells[0]) <= {"-"}:
            current.append(cells)
    return tables


def names(cell: str) -> set[str]:
    """Backticked names in a cell; `f(x)` is the name f."""
    return {re.sub(r"\(.*", "", n) for n in re.findall(r"`([^`]+)`", cell)}


def ir_classes() -> dict[str, type]:
    return {
        name: value
        for name, value in vars(ir).items()
        if dataclasses.is_dataclass(value) and isinstance(value, type)
        # model.py names every IR class; types.py and endpoints.py define some of them
        and value.__module__.startswith("specgen.ir.")
    }


def test_readme_documents_every_ir_field_and_property() -> None:
    rows = {next(iter(names(r[0]))): r for r in readme_tables()["class"]}
    assert set(rows) == set(ir_classes())
    for name, cls in ir_classes().items():
        fields = {f.name for f in dataclasses.fields(cls)}
        public = {n for n in dir(cls) if not n.startswith("_")} - fields
        assert names(rows[name][1]) == fields, name
        assert names(rows[name][2]) == public, name


@dataclasses.dataclass(frozen=True)
class Rendered:
    variables: dict[str, set[str]]  # template -> the names passed to render()
    globals: set[str]


@pytest.fixture(scope="module")
def rendered() -> Rendered:
    """What render_api passes to each template, recorded on a spec that has every kind of
    output (resources, operations, models and aliases)."""
    api = build(REPO / "tests" / "golden" / "composition" / "spec.yaml").api
    assert api.aliases and api.schema_models and api.operations
    variables: dict[str, set[str]] = {}
    seen_globals: set[str] = set()
    original = jinja2.Template.render

    def spy(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        assert self.name is not None
        variables.setdefault(self.name, set()).update(kwargs)
        seen_globals.update(self.globals)
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Template, "render", spy)
        render_api(api)
        render_api(dataclasses.replace(api, models_split=True))  # a big API's layout
    return Rendered(variables, seen_globals - set(jinja2.Environment().globals))


def builtin_names() -> Iterator[str]:
    root = builtin_templates()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            name = path.relative_to(root).as_posix()
            yield "runtime/*.py" if re.fullmatch(r"runtime/\w+\.py", name) else name


def test_readme_lists_every_template_with_its_variables(rendered: Rendered) -> None:
    rows = {next(iter(names(r[0]))): r for r in readme_tables()["template"]}
    assert set(rows) == set(builtin_names())
    assert set(rendered.variables) <= set(rows)
    for template, passed in rendered.variables.items():
        assert names(rows[template][2]) == passed, template
    not_rendered = set(rows) - set(rendered.variables)
    for template in not_rendered:
        assert not names(rows[template][2]), f"{template} is never rendered"


def test_readme_lists_every_filter_and_global(rendered: Rendered) -> None:
    rows = readme_tables()["name"]
    documented = {
        kind: set().union(*(names(r[0]) for r in rows if r[1] == kind))
        for kind in ("filter", "global")
    }
    builtin_filters = set(jinja2.Environment().filters)
    assert documented["filter"] == set(make_environment().filters) - builtin_filters
    assert documented["global"] == rendered.globals
