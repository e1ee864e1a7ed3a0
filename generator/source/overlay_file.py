"""Read one OpenAPI Overlay 1.0 document: its actions, each with a compiled JSONPath target.

Every problem is a located diagnostic in the overlay file: the file cannot be read or parsed
(E001-E006, as for a spec), it is not an Overlay 1.0 document (E060), an action is malformed
(E061), a target is not an RFC 9535 JSONPath query (E062). Applying the actions is
`overlays.py`'s job.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonpath_rfc9535

from ..diagnostics import Diagnostic, SpecError, join_pointer
from .loader import Document, load_document

_VERSION = re.compile(r"^1\.0\.\d+$")
_TOP_FIELDS = ("overlay", "info", "extends", "actions")
_ACTION_FIELDS = ("target", "description", "update", "remove")


@dataclass(frozen=True)
class Action:
    """One action: `pointer` is its place in the overlay file (`/actions/<n>`)."""

    pointer: str
    target: str
    query: jsonpath_rfc9535.JSONPathQuery
    update: Any
    has_update: bool
    remove: bool


@dataclass(frozen=True)
class Overlay:
    document: Document
    actions: tuple[Action, ...]


def load_overlay(path: Path, display: str) -> tuple[Overlay | None, list[Diagnostic]]:
    """The overlay at `path` with its valid actions, and the problems found in it.

    None when the file cannot be used at all; a document with some malformed actions keeps
    the others, so that one run reports everything (the errors stop the build anyway).
    """
    try:
        doc = load_document(path, display)
    except SpecError as exc:
        return None, list(exc.diagnostics)
    found: list[Diagnostic] = []
    raw_actions = _check_top(doc, found)
    if raw_actions is None:
        return None, found
    actions = []
    for index, raw in enumerate(raw_actions):
        action = _action(doc, join_pointer("/actions", index), raw, found)
        if action is not None:
            actions.append(action)
    return Overlay(doc, tuple(actions)), found


def _unknown(fields: dict[Any, Any], known: tuple[str, ...]) -> list[Any]:
    return [k for k in fields if k not in known and not str(k).startswith("x-")]


def _unknown_field(key: Any, known: tuple[str, ...], where: str) -> str:
    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return (
        f"unknown field {str(key)!r} {where} ({hint}known: {', '.join(known)} "
        "and x- extensions)"
    )


def _check_top(doc: Document, found: list[Diagnostic]) -> list[Any] | None:
    """The raw `actions` list when the document's frame is right; otherwise None."""
    data = doc.data
    before = len(found)

    def error(message: str, pointer: str = "") -> None:
        found.append(doc.diagnostic("E060", message, pointer))

    if data is None:
        error(
            "the overlay file is empty; an Overlay document has 'overlay', 'info' and "
            "'actions'"
        )
        return None
    if not isinstance(data, dict):
        error("an Overlay document must be a mapping at the top level")
        return None
    version = data.get("overlay")
    if "overlay" not in data and ("openapi" in data or "swagger" in data):
        error("this is an OpenAPI document, not an Overlay: give it as the SPEC")
        return None
    if "overlay" not in data:
        error("not an Overlay document: 'overlay' (its version, like 1.0.0) is missing")
    elif not isinstance(version, str) or not _VERSION.match(version):
        written = version if isinstance(version, str) else repr(version)
        hint = "" if isinstance(version, str) else " (quote it: a string)"
        error(
            f"'overlay' is {written}{hint}; specgen applies Overlay Specification "
            "1.0.x documents",
            "/overlay",
        )
    info = data.get("info")
    if "info" not in data:
        error("'info' (with 'title' and 'version') is missing")
    elif not isinstance(info, dict):
        error("'info' must be a mapping with 'title' and 'version'", "/info")
    else:
        lacking = [k for k in ("title", "version") if not isinstance(info.get(k), str)]
        if lacking:
            error(
                f"'info' needs a string {' and '.join(repr(k) for k in lacking)}",
                "/info",
            )
    if "extends" in data and not isinstance(data["extends"], str):
        error("'extends' must be a string (a URI reference)", "/extends")
    for key in _unknown(data, _TOP_FIELDS):
        error(
            _unknown_field(key, _TOP_FIELDS, "in an Overlay document"),
            join_pointer("", str(key)),
        )
    actions = data.get("actions")
    if "actions" not in data:
        error("'actions' is missing")
    elif not isinstance(actions, list) or not actions:
        error("'actions' must be a non-empty list of actions", "/actions")
    if len(found) > before or not isinstance(actions, list):
        return None
    return actions


def _action(
    doc: Document, pointer: str, raw: Any, found: list[Diagnostic]
) -> Action | None:
    def error(message: str, where: str = pointer, code: str = "E061") -> None:
        found.append(doc.diagnostic(code, message, where))

    if not isinstance(raw, dict):
        error("an action must be a mapping with 'target' and 'update' or 'remove'")
        return None
    before = len(found)
    for key in _unknown(raw, _ACTION_FIELDS):
        error(
            _unknown_field(key, _ACTION_FIELDS, "in an action"),
            join_pointer(pointer, str(key)),
        )
    if "description" in raw and not isinstance(raw["description"], str):
        error("'description' must be a string", pointer + "/description")
    remove = raw.get("remove", False)
    if not isinstance(remove, bool):
        error("'remove' must be true or false", pointer + "/remove")
    elif "update" not in raw and not remove:
        error("the action has neither 'update' nor 'remove: true': it would do nothing")
    target = raw.get("target")
    query = None
    if "target" not in raw:
        error("the action has no 'target' (a JSONPath query like $.paths['/pets'])")
    elif not isinstance(target, str):
        error("'target' must be a string: a JSONPath query", pointer + "/target")
    else:
        query = _compile(target, pointer + "/target", error)
    if query is None or len(found) > before:
        return None
    assert isinstance(target, str) and isinstance(remove, bool)
    return Action(pointer, target, query, raw.get("update"), "update" in raw, remove)


def _compile(
    target: str, pointer: str, error: Callable[[str, str, str], None]
) -> jsonpath_rfc9535.JSONPathQuery | None:
    try:
        return jsonpath_rfc9535.compile(target)
    except jsonpath_rfc9535.JSONPathError as exc:
        reason = str(exc.args[0]) if exc.args else type(exc).__name__
        at = f" at character {exc.token.index + 1}" if exc.token is not None else ""
        error(
            f"target {target!r} is not an RFC 9535 JSONPath query: {reason}{at}",
            pointer,
            "E062",
        )
    except RecursionError:
        error(
            f"target {target[:40]!r}... is nested too deeply to read", pointer, "E062"
        )
    return None
