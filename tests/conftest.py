"""Shared fixtures: the --update-golden switch and a scripted loopback HTTP server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from loopback import ScriptedServer


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


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A ThreadingHTTPServer on 127.0.0.1 that records every request (see loopback.py)."""
    srv = ScriptedServer()
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()
