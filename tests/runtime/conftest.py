"""Fixtures for the runtime tests.

The runtime lives in ``templates/runtime`` and is meant to be copied into
generated packages, so it is imported here as the top-level package
``runtime`` with ``templates/`` put on ``sys.path``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
_TEMPLATES = _HERE.parent.parent / "templates"
for _entry in (str(_TEMPLATES), str(_HERE)):
    if _entry not in sys.path:
        sys.path.insert(0, _entry)

from runtime_support import ScriptedServer  # noqa: E402


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer()
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def sleeps() -> list[float]:
    """Recorded retry pauses (tests inject a sleep that only records)."""
    return []
