"""Helpers shared by the top-level test modules (a plain module: conftest names clash)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "openai"


def corpus_spec(name: str) -> Path:
    """A spec from ../shared/corpus/openai, or a clean skip when ../shared is absent."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus spec {name} not available (../shared is absent)")
    return path
