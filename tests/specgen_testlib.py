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
    from specgen.writer import write_tree

    tree, result = generate(REPO / "tests" / "golden" / case / "spec.yaml")
    write_tree(tree, out)
    sys.path.insert(0, str(out))
    importlib.import_module(result.api.package + ".models")  # so `pkg.models` is there
    return importlib.import_module(result.api.package)
