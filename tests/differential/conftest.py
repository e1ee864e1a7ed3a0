"""Fixtures of the differential test, and its summary at the end of the pytest output.

The helper modules of this folder are imported by their file names (differential_*.py);
pytest puts this folder on sys.path because it is not a package.
"""

from __future__ import annotations

from typing import Any

import pytest
from differential_compare import REPORTS
from differential_runs import SpecRuns


@pytest.fixture(scope="session")
def spec_runs(tmp_path_factory: pytest.TempPathFactory) -> SpecRuns:
    """Each spec generated once per session by both generators (see differential_oracle)."""
    return SpecRuns(tmp_path_factory.mktemp("differential"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not REPORTS:
        return
    write = terminalreporter.write_line
    terminalreporter.section("differential test: specgen vs datamodel-code-generator")
    for report in REPORTS:
        write(report.line())
        kinds = ", ".join(f"{k}={v}" for k, v in sorted(report.mutations.items()))
        write(f"    payload kinds: {kinds}")
        if report.unsatisfied:
            write(f"    no payload could be drawn for: {', '.join(report.unsatisfied)}")
        for name, note in sorted(report.notes.items()):
            write(f"    compared {name} {note}")
        for name, reason in sorted(report.skipped.items()):
            write(f"    skipped {name}: {reason}")
