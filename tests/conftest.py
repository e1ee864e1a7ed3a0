"""Shared fixtures: the --update-golden switch and a scripted loopback HTTP server."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import ScriptedServer
from specgen_testlib import corpus_spec, generate_package

REPO = Path(__file__).resolve().parent.parent


def pytest_sessionstart(session: pytest.Session) -> None:
    """Each run gets its own black-answer cache (render/format_cache.py) and mypy cache,
    inherited by the subprocesses: a user's cache never decides what the tests see.

    The tests exercise the installed `specgen` (a real wheel, as users get it): refuse to
    run them against a copy older than the checkout, which `python3 dev.py test` refreshes.
    """
    os.environ["SPECGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="specgen-cache-")
    # mypy runs (a dozen, on generated packages) share one incremental cache: the stdlib,
    # pydantic and httpx are analysed once per run, not once per mypy process. mypy checks
    # each cached module's path and hash, so a package regenerated elsewhere is rechecked.
    os.environ["MYPY_CACHE_DIR"] = tempfile.mkdtemp(prefix="specgen-mypy-")
    spec = importlib.util.spec_from_file_location("specgen_dev", REPO / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    import specgen

    package = Path(specgen.__file__).parent
    if dev.tree_digest(package, package / "templates") != dev.checkout_digest():
        pytest.exit(
            f"the specgen installed at {package} differs from generator/ and templates/: "
            "run the tests with `python3 dev.py test`, which reinstalls it",
            returncode=3,
        )


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


@pytest.fixture(scope="session")
def openai_2026(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The package generated from the 2026 OpenAI spec, imported as `openai_2026` (generated
    once per run; skips cleanly when ../shared is absent)."""
    spec = corpus_spec("openai-2026-08-21.yaml")
    out = tmp_path_factory.mktemp("openai_2026")
    package = generate_package(spec, out, package="openai_2026")
    sys.path.insert(0, str(out))
    importlib.import_module(package + ".models")  # so `pkg.models` is there
    return importlib.import_module(package)


@pytest.fixture(scope="session")
def openai_client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The package generated from the 2026 OpenAI spec with specs/openai.overlay.yaml (the
    official SDK's names and configuration), imported as `openai_client`."""
    spec = corpus_spec("openai-2026-08-21.yaml")
    out = tmp_path_factory.mktemp("openai_client")
    package = generate_package(
        spec, out, overlays=[REPO / "specs" / "openai.overlay.yaml"]
    )
    assert package == "openai_client"
    sys.path.insert(0, str(out))
    importlib.import_module(package + ".models")
    return importlib.import_module(package)
