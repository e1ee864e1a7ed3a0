"""Helpers shared by the top-level test modules (a plain module: conftest names clash)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "openai"


def corpus_spec(name: str) -> Path:
    """A spec from ../shared/corpus/openai, or a clean skip when ../shared is absent."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus spec {name} not available (../shared is absent)")
    return path


def import_golden_package(case: str, out: Path) -> Any:
    """Generate tests/golden/<case> into `out`, put it on sys.path and import it."""
    import importlib
    import sys

    from specgen.pipeline import generate
    from specgen.write.writer import write_tree

    tree, result = generate(REPO / "tests" / "golden" / case / "spec.yaml")
    write_tree(tree, out)
    sys.path.insert(0, str(out))
    importlib.import_module(result.api.package + ".models")  # so `pkg.models` is there
    return importlib.import_module(result.api.package)


def generate_package(
    spec: Path,
    out: Path,
    package: str | None = None,
    overlays: list[Path] | None = None,
) -> str:
    """Generate `spec` (with `overlays`) into `out` (not imported); returns the package
    name."""
    from specgen.pipeline import generate
    from specgen.write.writer import write_tree

    tree, result = generate(spec, package=package, overlays=overlays or ())
    write_tree(tree, out)
    return str(result.api.package)


def unresolved_hints(package: str) -> list[str]:
    """`typing.get_type_hints(obj, include_extras=True)` on every function, method, property
    getter and class defined in `package` and its modules: one "module:qualname: error" line
    for each that raises. Run it in a fresh interpreter that has the package on sys.path.
    """
    import importlib
    import inspect
    import pkgutil
    import typing
    from functools import cached_property

    root = importlib.import_module(package)
    modules = [root] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(root.__path__, package + ".")
    ]
    problems: list[str] = []
    checked = 0

    def check(obj: Any, where: str) -> None:
        nonlocal checked
        checked += 1
        try:
            typing.get_type_hints(obj, include_extras=True)
        except Exception as exc:  # every failure is a finding
            problems.append(f"{where}: {type(exc).__name__}: {exc}")

    def ours(obj: Any) -> bool:
        name = getattr(obj, "__module__", None) or ""
        return name == package or name.startswith(package + ".")

    for module in modules:
        for name, obj in sorted(vars(module).items()):
            if not ours(obj) or getattr(obj, "__module__", None) != module.__name__:
                continue  # imported from elsewhere: checked where it is defined
            where = f"{module.__name__}:{name}"
            if inspect.isfunction(obj):
                check(obj, where)
            elif inspect.isclass(obj):
                check(obj, where)
                for attr, member in sorted(vars(obj).items()):
                    if isinstance(member, staticmethod | classmethod):
                        member = member.__func__
                    elif isinstance(member, property):
                        member = member.fget
                    elif isinstance(member, cached_property):
                        member = member.func
                    if inspect.isfunction(member) and ours(member):
                        check(member, f"{where}.{attr}")
    if checked == 0:
        problems.append(f"{package}: nothing was checked")
    return problems


def public_path(revealed: str) -> str:
    """A type as mypy reveals it, with each model of a big (split) package named by its
    public path: mypy names the module that defines it, `pkg._models._chat.ChatCompletion`,
    which users import as `pkg.models.ChatCompletion` (README "Big APIs")."""
    import re

    return re.sub(r"\.(_models|_params)\._\w+\.", lambda m: f".{m[1][1:]}.", revealed)
