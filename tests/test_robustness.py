"""Any document, valid or not, ends in one of two ways: a package that compiles (with
warnings as errors) and imports, or located diagnostics and nothing written. Never a
traceback, an internal error, a hang or Python that does not compile.

- the edge APIs of `robustness_specs.py` (no operations, only webhooks, punctuation names, ...)
- the reproducers of ../shared/corpus/fuzz-reproducers (skipped without ../shared)
- mutants of the golden inputs and the seed spec (`fuzz_documents.py`); the example count
  is SPECGEN_FUZZ_EXAMPLES (default 30, about 25 s), e.g. 2000 for a long local run.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_documents import Mutant, mutants
from hypothesis import HealthCheck, given, settings
from robustness_specs import EDGE_SPECS

import specgen
from specgen.cli import main

REPO = Path(__file__).resolve().parent.parent
REPRODUCERS = REPO.parent / "shared" / "corpus" / "fuzz-reproducers"
LOCATED = re.compile(r"^.+:\d+:\d+: (error|warning)\[[A-Z]\d{3}\]: .+$")
EXAMPLES = int(os.environ.get("SPECGEN_FUZZ_EXAMPLES", "30"))
TIME_LIMIT = 120  # seconds for one generation: more is a hang

IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for found in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(found.name)
"""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"generation took more than {seconds}s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(*args: str) -> tuple[int, str]:
    """The command in-process: (exit code, stderr)."""
    err = io.StringIO()
    with time_limit(TIME_LIMIT), contextlib.redirect_stderr(err):
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(list(args))
    return code, err.getvalue()


def import_everything(out: Path) -> None:
    """Compile every module and import the package and all its modules, warnings as errors."""
    packages = [p.name for p in out.iterdir() if (p / "__init__.py").is_file()]
    assert len(packages) == 1, packages
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", IMPORT_ALL, packages[0]],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def assert_clean_outcome(spec: Path, out: Path, about: str = "") -> int:
    """Exit 0 and a package that imports, or exit 1, located diagnostics, nothing written."""
    code, err = run_cli("generate", str(spec), "-o", str(out))
    context = f"{about}\nexit {code}\n{err}"
    assert "Traceback" not in err, context
    if code == 0:
        import_everything(out)
        return code
    assert code == 1, context
    lines = err.strip().splitlines()
    assert lines and all(LOCATED.match(line) for line in lines), context
    assert any("error[" in line for line in lines), context
    assert not out.exists(), context
    return code


@pytest.mark.parametrize("name", sorted(EDGE_SPECS))
def test_edge_api_generates_a_package_that_imports(name: str, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(EDGE_SPECS[name], encoding="utf-8")
    assert assert_clean_outcome(spec, tmp_path / "out", name) == 0


@pytest.mark.parametrize("name", ["no_operations", "punctuation_names"])
def test_edge_packages_pass_mypy_strict(name: str, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(EDGE_SPECS[name], encoding="utf-8")
    result = specgen.generate(spec, tmp_path / "out")
    package = next(p for p in result.files if p.endswith("/__init__.py")).split("/")[0]
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", package],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]


def test_a_package_named_like_a_stdlib_module_gets_a_suffix(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(EDGE_SPECS["stdlib_package_name"], encoding="utf-8")
    result = specgen.generate(spec, tmp_path / "out")
    assert (tmp_path / "out" / "json_" / "__init__.py").is_file()
    assert [d.code for d in result.diagnostics] == ["W104"]


def reproducers() -> list[str]:
    if not REPRODUCERS.is_dir():
        return []
    return sorted(
        p.name for p in REPRODUCERS.iterdir() if p.suffix in (".yaml", ".json")
    )


@pytest.mark.parametrize("name", reproducers() or ["(none)"])
def test_fuzz_reproducer_ends_cleanly(name: str, tmp_path: Path) -> None:
    if name == "(none)":
        pytest.skip("../shared/corpus/fuzz-reproducers is not available")
    assert_clean_outcome(REPRODUCERS / name, tmp_path / "out", name)


def test_a_missing_ref_file_is_reported_at_the_ref(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /a:\n    get:\n'
        "      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n"
        "              schema: {$ref: missing.yaml}\n",
        encoding="utf-8",
    )
    code, err = run_cli("validate", str(spec))
    assert code == 1
    assert f"{spec}:11:24: error[E030]: $ref file 'missing.yaml' not found" in err, err


def test_a_json_spec_with_an_emoji_escape_keeps_its_locations(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"openapi": "3.0.3", "info": {"title": "T \\ud83d\\ude80", "version": "1"},\n'
        ' "paths": {"/a": {"get": {"parameters": [{"name": "x", "in": "body"}],\n'
        '   "responses": {"200": {"description": "ok"}}}}}}\n',
        encoding="utf-8",
    )
    code, err = run_cli("validate", str(spec))
    assert code == 1
    assert f"{spec}:2:56: error[E024]" in err, err


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "description: !!binary aGVsbG8=",
            ":7:30: error[E003]: invalid YAML: the tag !!binary",
        ),
        (
            "description: !!set {a: null}",
            ":7:30: error[E003]: invalid YAML: the tag !!set",
        ),
        (
            "description: !!timestamp 2024-01-01",
            ":7:30: error[E003]: invalid YAML: the tag",
        ),
    ],
)
def test_values_json_has_no_type_for_are_refused(
    text: str, wanted: str, tmp_path: Path
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /a:\n    get:\n'
        f"      responses:\n        '200': {{{text}}}\n",
        encoding="utf-8",
    )
    code, err = run_cli("validate", str(spec))
    assert code == 1 and wanted in err, err


def test_a_lone_surrogate_is_refused_where_it_is(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},\n'
        ' "paths": {"/a": {"get": {"responses": {"200": {"description": "\\ud800"}}}}}}',
        encoding="utf-8",
    )
    code, err = run_cli("validate", str(spec))
    assert code == 1
    assert err.startswith(f"{spec}:2:49: error[E003]: a lone surrogate \\ud800"), err
    assert err.rstrip().endswith("(at /paths/~1a/get/responses/200/description)"), err


def test_yaml_keys_become_strings(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /a:\n    get:\n'
        "      operationId: a\n      responses:\n        200: {description: ok}\n",
        encoding="utf-8",
    )
    assert specgen.validate(spec) == []


def test_an_internal_error_says_where_in_the_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import specgen.ir.operations

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(specgen.ir.operations, "_operation", broken)
    monkeypatch.delenv("SPECGEN_TRACEBACK", raising=False)
    spec = tmp_path / "spec.yaml"
    spec.write_text(EDGE_SPECS["no_schemas"], encoding="utf-8")
    code, err = run_cli("generate", str(spec), "-o", str(tmp_path / "out"))
    assert code == 4
    assert err.startswith(
        f"specgen: internal error at {spec}:5:5 (/paths/~1ping/get): KeyError: 'a bug'"
    ), err
    assert len(err.strip().splitlines()) == 1


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=EXAMPLES <= 100,  # CI runs the same examples; a long run explores
)
@given(mutant=mutants())
def test_any_mutant_ends_cleanly(
    mutant: Mutant, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("mutant")
    spec = mutant.write(folder)
    about = f"{mutant.source.name}: {'; '.join(mutant.changes)}"
    assert_clean_outcome(spec, folder / "out", about)
