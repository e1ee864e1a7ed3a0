"""Every name a generated annotation uses is imported where it is used, and nothing else is.

`typing.get_type_hints` must work on every function, method and model class of a generated
package (tools such as FastAPI, typer or pydantic's validate_call evaluate the annotations),
and a type that generated code evaluates at call time (a whole JSON body, a parsed response)
must not name anything its module lacks. Unused imports would be flagged by a user's linter.

Covers every golden case, specs/openai_images.yaml, and the 2023-11 and 2024-10 OpenAI specs
from ../shared/corpus (skipped when absent).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from specgen_testlib import REPO, corpus_spec, generate_package

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
GOLDEN_CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file())

CHECK = """
import json, sys
from specgen_testlib import unresolved_hints
print(json.dumps(unresolved_hints(sys.argv[1])))
"""


def hint_problems(project: Path, package: str) -> list[str]:
    """unresolved_hints(package), in a fresh interpreter that sees only this project."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(project), str(TESTS)])}
    result = subprocess.run(
        [sys.executable, "-c", CHECK, package],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    problems: list[str] = json.loads(result.stdout.splitlines()[-1])
    return problems


def lint_names(project: Path, package: str) -> str:
    """ruff's pyflakes rules (unused imports, undefined names...) on the generated code."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F",
         "--output-format", "concise", "--no-cache", package],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    return "" if result.returncode == 0 else result.stdout + result.stderr


def check_package(project: Path, package: str) -> None:
    problems = hint_problems(project, package)
    lint = lint_names(project, package)
    assert not problems and not lint, "\n".join(problems) + "\n" + lint


@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_golden_package_hints_resolve(tmp_path: Path, case: str) -> None:
    package = generate_package(GOLDEN / case / "spec.yaml", tmp_path)
    check_package(tmp_path, package)


def test_openai_images_hints_resolve(tmp_path: Path) -> None:
    package = generate_package(REPO / "specs" / "openai_images.yaml", tmp_path)
    check_package(tmp_path, package)


@pytest.mark.parametrize(
    "spec_name", ["openai-2023-11-06.yaml", "openai-2024-10-17.yaml"]
)
def test_openai_corpus_hints_resolve(tmp_path: Path, spec_name: str) -> None:
    spec = corpus_spec(spec_name)
    package = generate_package(spec, tmp_path, package="openai_corpus")
    check_package(tmp_path, package)


LAZY_ACCESSOR = """
import sys, typing
from {package}._client import {client}
before = sorted(m for m in sys.modules if m.startswith("{package}.resources."))
hints = typing.get_type_hints({client}.{attr}.func)
after = sorted(m for m in sys.modules if m.startswith("{package}.resources."))
print(before, after, hints["return"].__module__, hints["return"].__name__)
"""


def test_resource_accessor_hints_resolve_without_importing_every_resource(
    tmp_path: Path,
) -> None:
    """The client imports a resource module on first use; resolving an accessor's return
    annotation imports that one module (through `resources.__getattr__`), no other."""
    spec = corpus_spec("openai-2023-11-06.yaml")
    package = generate_package(spec, tmp_path, package="openai_lazy")
    code = LAZY_ACCESSOR.format(package=package, client="Client", attr="models")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "[]", f"['{package}.resources.models']", f"{package}.resources.models", "Models",
    ]  # fmt: skip


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """A missing name is reported wherever it hides; an unused import is flagged."""
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "__init__.py").write_text(
        textwrap.dedent(
            """
            from __future__ import annotations

            from functools import cached_property
            from typing import Literal


            def function(x: Missing) -> None: ...


            class Thing:
                value: AlsoMissing

                def method(self) -> list[Annotated[int, Field(ge=1)]]: ...

                @property
                def prop(self) -> Gone: ...

                @cached_property
                def cached(self) -> Vanished: ...

                @staticmethod
                def static(x: int) -> int:
                    return x


            def fine(x: int) -> int:
                return x
            """
        ),
        "utf-8",
    )
    problems = hint_problems(tmp_path, "broken")
    missing = sorted(p.split(": ", 1)[0] for p in problems)
    assert missing == [
        "broken:Thing",
        "broken:Thing.cached",
        "broken:Thing.method",
        "broken:Thing.prop",
        "broken:function",
    ], problems
    assert all("NameError" in p for p in problems), problems
    lint = lint_names(tmp_path, "broken")
    assert "F401" in lint and "Literal" in lint, lint
    assert "F821" in lint and "Missing" in lint, lint


def test_api_without_operations_or_schemas(tmp_path: Path) -> None:
    """A spec with no paths and no schemas still gives modules that import only what they
    use, and that black leaves alone."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: Empty, version: '1.0.0'}\n"
        "x-client: {package: golden_empty}\n"
        "paths: {}\n",
        "utf-8",
    )
    out = tmp_path / "out"
    package = generate_package(spec, out)
    check_package(out, package)
    black = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--diff", "--quiet", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert black.returncode == 0, black.stdout + black.stderr
