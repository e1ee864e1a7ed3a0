"""Shared fixtures: paths, the corpus location, and the --update-golden switch."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "openai"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*/expected from the current generator instead of comparing",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def corpus_spec(name: str) -> Path:
    """A spec from ../shared/corpus/openai, or a clean skip when the corpus is not checked out."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus spec {name} not available (../shared is absent)")
    return path
