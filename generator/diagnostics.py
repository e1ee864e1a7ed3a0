"""Diagnostics: every problem found in a spec, with a stable code and a source location."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

# control characters and line separators a quoted value may hold: shown escaped, so one
# diagnostic stays one line of the terminal
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escaped(found: re.Match[str]) -> str:
    return repr(found[0])[1:-1]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One finding. `pointer` is a JSON pointer into `file`; line/col are 1-based (0 = unknown).

    `in_spec` is False for a finding in a file that is not a spec (a user template), which has
    no JSON pointer to show.
    """

    severity: Severity
    code: str
    message: str
    pointer: str = ""
    file: str = ""
    line: int = 0
    col: int = 0
    in_spec: bool = True

    def format(self) -> str:
        where = self.file or "<spec>"
        if self.line:
            where += f":{self.line}:{self.col}" if self.col else f":{self.line}"
        located = self.in_spec and bool(self.file or self.pointer)
        at = f" (at {self.pointer or '/'})" if located else ""
        line = f"{where}: {self.severity.value}[{self.code}]: {self.message}{at}"
        return _UNPRINTABLE.sub(_escaped, line)


class SpecError(Exception):
    """Raised when a spec cannot be turned into code; carries every error found, not just the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted_diagnostics(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def display_path(path: Path) -> str:
    """Paths in messages are shown relative to the current folder when below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str, str, str, str]:
    """The one order diagnostics are shown in: by file, line, column, then code.

    A diagnostic with no location (line 0: a file that cannot be read, a source map that could
    not be built, a configuration problem with no file) sorts first for its file, since it is
    about the file as a whole; pointer and message break the remaining ties so the order never
    depends on the order in which the checks ran.
    """
    d = diagnostic
    return (d.file, d.line, d.col, d.code, d.pointer, d.message, d.severity.value)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Diagnostics in `sort_key` order, each identical one once (checks may meet the same node)."""
    return tuple(sorted(set(diagnostics), key=sort_key))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    if len(tokens) == 1:  # the common case, on every node of every walk: kept cheap
        token = tokens[0] if type(tokens[0]) is str else str(tokens[0])
        if "~" in token or "/" in token:
            token = escape_pointer_token(token)
        return f"{pointer}/{token}"
    return pointer + "".join("/" + escape_pointer_token(str(t)) for t in tokens)


class Locates(Protocol):
    """A loaded document: turns a JSON pointer into (file as shown, line, col)."""

    def locate(self, pointer: str) -> tuple[str, int, int]: ...


@contextmanager
def processing(doc: Locates, pointer: str) -> Iterator[None]:
    """Marks the spec node a stage is working on: an exception that is a bug in specgen
    (not a SpecError) leaves with the innermost such node (`spec_node`), so the one line
    the command prints about it says where in the spec it happened."""
    try:
        yield
    except SpecError:
        raise
    except Exception as exc:
        if not hasattr(exc, "spec_node"):
            exc.spec_node = (doc, pointer)  # type: ignore[attr-defined]
        raise


def node_of(exc: BaseException) -> str:
    """`file:line:col (pointer)` of the node an internal error happened at, or ""."""
    found = getattr(exc, "spec_node", None)
    if found is None:
        return ""
    doc, pointer = found
    try:
        shown, line, col = doc.locate(pointer)
    except Exception:  # locating is best effort: the error itself is what matters
        return f"({pointer or '/'})"
    return f"{shown}:{line}:{col} ({pointer or '/'})"
