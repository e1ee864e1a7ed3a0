"""Stage timings and progress: the pipeline names its stages, the command line listens.

`stage("load")` times a block; with no listener installed (the Python API, the tests) it
costs one context-variable lookup. `listening(listener)` installs one for a run: the CLI
prints timings for `-v` and a progress line on a terminal.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# (stage name, seconds; None when the stage starts)
Listener = Callable[[str, float | None], None]

_listener: ContextVar[Listener | None] = ContextVar("specgen_progress", default=None)


@contextmanager
def stage(name: str) -> Iterator[None]:
    listener = _listener.get()
    if listener is None:
        yield
        return
    listener(name, None)
    started = time.perf_counter()
    try:
        yield
    finally:
        listener(name, time.perf_counter() - started)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
