"""Fixtures for the runtime tests.

The runtime lives in ``templates/runtime`` and is meant to be copied into
generated packages, so it is imported here as the top-level package
``runtime`` with ``templates/`` put on ``sys.path``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
_TEMPLATES = _HERE.parent.parent / "templates"
for _entry in (str(_TEMPLATES),):
    if _entry not in sys.path:
        sys.path.insert(0, _entry)


@pytest.fixture
def sleeps() -> list[float]:
    """Recorded retry pauses (tests inject a sleep that only records)."""
    return []
