"""What the command line prints: diagnostics as text, JSON or SARIF 2.1.0, how much is said
(`-q` only errors, `-v` stage timings and files), and a progress line on a terminal.

Text goes where it always went (diagnostics and notes on stderr, summaries and diffs on
stdout). With `--format json` or `sarif`, stdout holds one document printed at the end and
nothing else; the human lines that remain go to stderr.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from . import __version__
from .diagnostics import Diagnostic, Severity, sorted_diagnostics

FORMATS = ("text", "json", "sarif")
# a run shorter than this shows no progress line: it would only flicker
PROGRESS_AFTER = 1.0


@dataclass
class Output:
    format: str = "text"
    quiet: bool = False
    verbose: bool = False
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    collected: list[Diagnostic] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    _started: float = field(default_factory=time.perf_counter)
    _progress_shown: bool = False

    @property
    def machine(self) -> bool:
        return self.format != "text"

    def diagnostics(self, found: Iterable[Diagnostic]) -> None:
        for diagnostic in found:
            if self.machine:
                self.collected.append(diagnostic)
            elif not self.quiet or diagnostic.severity is Severity.ERROR:
                self._clear_progress()
                print(diagnostic.format(), file=self.stderr)

    def summary(self, text: str) -> None:
        """A result line (stdout in text mode); `-q` keeps it to itself."""
        if not self.quiet:
            self._clear_progress()
            print(text, file=self.stderr if self.machine else self.stdout)

    def note(self, text: str, *, error: bool = False) -> None:
        """A line for people on stderr; `-q` keeps only errors."""
        if error or not self.quiet:
            self._clear_progress()
            print(text, file=self.stderr)

    def detail(self, text: str) -> None:
        """`-v` only: timings, files written."""
        if self.verbose:
            self._clear_progress()
            print(text, file=self.stderr)

    def diff(self, lines: Sequence[str]) -> None:
        if not self.quiet:
            (self.stderr if self.machine else self.stdout).writelines(lines)

    def stage(self, name: str, seconds: float | None) -> None:
        """The pipeline's listener (see progress.py)."""
        if seconds is not None:
            self.detail(f"specgen: {name}: {seconds:.2f}s")
            return
        late = time.perf_counter() - self._started > PROGRESS_AFTER
        if late and not self.quiet and not self.verbose and _is_terminal(self.stderr):
            self.stderr.write(f"\r\x1b[Kspecgen: {name}...")
            self.stderr.flush()
            self._progress_shown = True

    def _clear_progress(self) -> None:
        if self._progress_shown:
            self.stderr.write("\r\x1b[K")
            self._progress_shown = False

    def finish(self, command: str, status: int) -> None:
        self._clear_progress()
        if self.format == "json":
            json.dump(as_json(command, status, self.collected, self.stale), self.stdout)
            self.stdout.write("\n")
        elif self.format == "sarif":
            json.dump(as_sarif(self.collected), self.stdout, indent=2)
            self.stdout.write("\n")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _plain(d: Diagnostic) -> dict[str, Any]:
    return {
        "file": d.file or None,
        "line": d.line or None,
        "col": d.col or None,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
        "pointer": d.pointer if d.in_spec else None,
    }


def as_json(
    command: str, status: int, found: Sequence[Diagnostic], stale: Sequence[str]
) -> dict[str, Any]:
    """`{"tool", "version", "command", "exit_code", "diagnostics": [...], "stale": [...]}`;
    each diagnostic has file, line, col (null when unknown), severity, code, message and
    pointer (null for a template's)."""
    return {
        "tool": "specgen",
        "version": __version__,
        "command": command,
        "exit_code": status,
        "diagnostics": [_plain(d) for d in sorted_diagnostics(found)],
        "stale": list(stale),
    }


def as_sarif(found: Sequence[Diagnostic]) -> dict[str, Any]:
    """A minimal SARIF 2.1.0 log: one run, a rule per code, a result per diagnostic."""
    ordered = sorted_diagnostics(found)
    results = []
    for d in ordered:
        location: dict[str, Any] = {}
        if d.file:
            physical: dict[str, Any] = {"artifactLocation": {"uri": d.file}}
            if d.line:
                physical["region"] = {"startLine": d.line, "startColumn": d.col or 1}
            location["physicalLocation"] = physical
        if d.in_spec and d.pointer:
            location["logicalLocations"] = [{"fullyQualifiedName": d.pointer}]
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": "error" if d.severity is Severity.ERROR else "warning",
            "message": {"text": d.message},
        }
        if location:
            result["locations"] = [location]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "specgen",
                        "version": __version__,
                        "rules": [
                            {"id": code} for code in sorted({d.code for d in ordered})
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
