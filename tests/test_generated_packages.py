"""The generated packages are real: fresh, importable, installable, typed and black-formatted.

Covers generated/ (freshness against specs/), every golden case, and the 2023-11 and 2024-10
OpenAI specs from ../shared/corpus (skipped when absent).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from specgen_testlib import REPO, corpus_spec

from specgen.config import load_targets
from specgen.pipeline import generate
from specgen.write.writer import diff_tree, write_tree

GOLDEN = REPO / "tests" / "golden"
GOLDEN_CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file())

# Imports every module of a package and builds every model and alias schema, so an annotation
# that only fails when pydantic resolves it (models are built lazily) is caught here.
# Several packages (project folder, package name pairs) are exercised in one interpreter,
# each on its own sys.path and forgotten before the next (golden cases share names).
EXERCISE = """
import importlib, pkgutil, sys
from pydantic import BaseModel, TypeAdapter
pairs = sys.argv[1:]
for project, name in zip(pairs[::2], pairs[1::2]):
    sys.path.insert(0, project)
    pkg = importlib.import_module(name)
    for info in pkgutil.walk_packages(pkg.__path__, name + "."):
        importlib.import_module(info.name)
    models = importlib.import_module(name + ".models")
    for attr in models.__all__:
        obj = getattr(models, attr)
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            obj.model_rebuild(force=True)
        else:
            TypeAdapter(obj)
    for attr in pkg.__all__:
        getattr(pkg, attr)
    print("ok", project, name, len(models.__all__))
    sys.path.remove(project)
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]
"""


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def exercise(project: Path, package: str, *more: tuple[Path, str]) -> None:
    pairs = [(project, package), *more]
    args = [str(part) for pair in pairs for part in pair]
    result = run([sys.executable, "-c", EXERCISE, *args], cwd=project.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("ok ") == len(pairs), result.stdout


def mypy_strict(*packages: Path) -> None:
    result = run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            *map(str, packages),
        ],
        cwd=packages[0].parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def black_check(folder: Path) -> None:
    """black --check on everything under `folder` (one process for many packages), but the
    `_runtime/` copies: they are templates/runtime verbatim (render/engine.py), which
    test_code_quality checks once, and were 90 % of the files black read here."""
    result = run(
        [
            sys.executable,
            "-m",
            "black",
            "--check",
            "--diff",
            "--quiet",
            "--extend-exclude",
            "/_runtime/",
            str(folder),
        ],
        cwd=folder,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def generate_into(spec: Path, out: Path, package: str | None = None) -> str:
    tree, result = generate(spec, package=package)
    write_tree(tree, out)
    return result.api.package


def test_generated_is_fresh() -> None:
    """generated/ equals what specs/ produce now (the same check as `specgen check`)."""
    targets = load_targets(REPO)
    assert targets
    for target in targets:
        tree, _ = generate(target.spec, target.templates, target.package)
        diff = diff_tree(tree, target.output)
        assert not diff, "generated/ is stale; run `specgen generate`:\n" + "".join(
            diff
        )


def test_openai_images_package_is_typed_formatted_and_importable() -> None:
    project = REPO / "generated" / "openai_images"
    exercise(project, "openai_images")
    mypy_strict(project / "openai_images")
    black_check(project)
    assert (project / "openai_images" / "py.typed").is_file()


def test_openai_images_installs_with_pip(tmp_path: Path) -> None:
    """`pip install generated/openai_images` gives an importable package (built, not linked)."""
    source = tmp_path / "src"
    shutil.copytree(REPO / "generated" / "openai_images", source)
    target = tmp_path / "site"
    result = run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
            "--no-build-isolation", "--target", str(target), str(source),
        ],
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (target / "openai_images" / "py.typed").is_file()
    assert (target / "openai_images" / "_runtime" / "_http.py").is_file()
    exercise(target, "openai_images")


def test_openai_images_folder_can_be_copied_into_a_project(tmp_path: Path) -> None:
    vendored = tmp_path / "myproject" / "vendor"
    shutil.copytree(
        REPO / "generated" / "openai_images" / "openai_images",
        vendored / "openai_images",
    )
    exercise(vendored, "openai_images")


def test_golden_packages_import_and_pass_mypy_and_black(tmp_path: Path) -> None:
    pairs = []
    for case in GOLDEN_CASES:
        out = tmp_path / case
        pairs.append((out, generate_into(GOLDEN / case / "spec.yaml", out)))
    exercise(*pairs[0], *pairs[1:])
    black_check(tmp_path)
    mypy_strict(*(out / package for out, package in pairs))


@pytest.mark.parametrize(
    ("spec_name", "operations", "schemas"),
    [("openai-2023-11-06.yaml", 57, 109), ("openai-2024-10-17.yaml", 94, 256)],
)
def test_openai_corpus_generates_complete_typed_packages(
    tmp_path: Path, spec_name: str, operations: int, schemas: int
) -> None:
    spec = corpus_spec(spec_name)
    tree, result = generate(spec, package="openai_corpus")
    api = result.api
    # Every operation and every component schema made it into the package.
    assert len(api.operations) == operations
    sources = {m.source for m in api.models} | {a.source for a in api.aliases}
    component_sources = {
        s for s in sources if s.startswith("/components/schemas/") and s.count("/") == 3
    }
    assert len(component_sources) == schemas
    out = tmp_path / "out"
    write_tree(tree, out)
    exercise(out, "openai_corpus")
    black_check(out)
    mypy_strict(out / "openai_corpus")
