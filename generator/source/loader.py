"""Stage 1, load: read a YAML or JSON spec into plain data, keeping a way back to file:line:col.

Parsing uses PyYAML's C loader (about 5x faster than the pure-Python one) or the json module.
Source positions are not kept on the hot path: the first time a diagnostic needs one, the file
is composed into a node tree (which carries marks) and the JSON pointer is walked there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import (
    Diagnostic,
    Severity,
    SpecError,
    unescape_pointer_token,
)
from .provenance import Provenance

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader without YAML 1.1's timestamp rule: `version: 2024-01-01` stays a string."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass
class SourceMap:
    """Turns JSON pointers into (line, col), composing the YAML node tree on first use."""

    text: str
    _root: yaml.Node | None = field(default=None, repr=False)
    _composed: bool = False

    def locate(self, pointer: str) -> tuple[int, int]:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=_SpecLoader)
            except yaml.YAMLError:
                self._root = None
        node = self._root
        if node is None:
            return (0, 0)
        best = node
        for raw in pointer.split("/")[1:] if pointer else []:
            token = unescape_pointer_token(raw)
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == token:
                        child = value
                        best = key
                        break
            elif isinstance(node, yaml.SequenceNode) and token.isdigit():
                index = int(token)
                if index < len(node.value):
                    child = node.value[index]
                    best = child
            if child is None:
                break
            node = child
        mark = best.start_mark
        return (mark.line + 1, mark.column + 1)


@dataclass
class Document:
    """One loaded file: its path (as given, for messages), its data and its source map.

    A spec that overlays changed has a `provenance`: the nodes an overlay wrote are located
    in that overlay file (the diagnostic still shows the node's pointer in the spec), the
    others in the spec, at their place before the overlays moved them.
    """

    path: Path
    display: str
    data: Any
    source: SourceMap
    provenance: Provenance | None = None

    def locate(self, pointer: str) -> tuple[str, int, int]:
        """The file (as messages show it), line and column that wrote the node at `pointer`."""
        if self.provenance is None:
            return (self.display, *self.source.locate(pointer))
        origin = self.provenance.origin(pointer)
        return (origin.display, *origin.source.locate(origin.pointer))

    def diagnostic(
        self, code: str, message: str, pointer: str, severity: Severity = Severity.ERROR
    ) -> Diagnostic:
        shown, line, col = self.locate(pointer)
        return Diagnostic(severity, code, message, pointer, shown, line, col)

    def where(self, pointer: str) -> str:
        """A node's place as a message shows it: file:line:col, or the pointer if unlocatable."""
        shown, line, col = self.locate(pointer)
        if line:
            return f"{shown}:{line}:{col}"
        return f"{shown} (at {pointer or '/'})"


def _failure(
    code: str, message: str, shown: str, line: int = 0, col: int = 0
) -> SpecError:
    return SpecError(
        [Diagnostic(Severity.ERROR, code, message, file=shown, line=line, col=col)]
    )


_YAML_ERROR_LINE = re.compile(r"line (\d+), column (\d+)")


def load_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one spec file; any failure becomes a located SpecError, never a traceback."""
    shown = display if display is not None else str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _failure("E001", "file not found", shown) from None
    except OSError as exc:
        raise _failure("E001", f"cannot read file: {exc.strerror}", shown) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _failure("E002", f"not valid UTF-8 (byte {exc.start})", shown) from None
    data = parse_text(text, shown, json_first=path.suffix.lower() == ".json")
    document = Document(path=path, display=shown, data=data, source=SourceMap(text))
    check_size(document)
    return document


MAX_NODES = (
    5_000_000  # the 2026 OpenAI spec, the largest we know, expands to ~1.2 million
)
MAX_DEPTH = 256


def check_size(document: Document) -> None:
    """Refuse documents that would make every later stage explode.

    YAML anchors let a small file stand for an enormous tree (the "billion laughs" attack):
    the parser shares the nodes, but anything that walks the data as a tree would not. The
    expanded size is counted over the shared graph (each node once, with memoised subtree
    sizes), so the check itself stays linear.
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(document.data, False)]
    while stack:
        node, expanded = stack.pop()
        if not isinstance(node, dict | list) or id(node) in sizes:
            continue
        children = [c for c in (node.values() if isinstance(node, dict) else node)]
        containers = [c for c in children if isinstance(c, dict | list)]
        if not expanded:
            stack.append((node, True))
            stack.extend((c, False) for c in containers)
            continue
        size = 1 + len(children) + sum(sizes.get(id(c), 0) for c in containers)
        depth = 1 + max((depths.get(id(c), 0) for c in containers), default=0)
        sizes[id(node)], depths[id(node)] = size, depth
        if size > MAX_NODES:
            raise _failure(
                "E005",
                f"the document expands to more than {MAX_NODES:,} nodes "
                "(YAML aliases repeated inside each other?)",
                document.display,
            )
        if depth > MAX_DEPTH:
            raise _failure(
                "E006",
                f"the document is nested more than {MAX_DEPTH} levels deep",
                document.display,
            )


def parse_text(text: str, shown: str, *, json_first: bool = False) -> Any:
    if json_first:
        try:
            return json.loads(text)
        except RecursionError:
            raise _failure("E006", "the document is nested too deeply", shown) from None
        except json.JSONDecodeError as exc:
            raise _failure(
                "E003",
                f"invalid JSON: {exc.msg}",
                shown,
                line=exc.lineno,
                col=exc.colno,
            ) from None
    try:
        return yaml.load(text, Loader=_SpecLoader)
    except RecursionError:
        raise _failure("E006", "the document is nested too deeply", shown) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or "invalid YAML"
        raise _failure(
            "E003", f"invalid YAML: {problem}", shown, line=line, col=col
        ) from None
    except yaml.YAMLError as exc:
        found = _YAML_ERROR_LINE.search(str(exc))
        line, col = (int(found[1]), int(found[2])) if found else (0, 0)
        raise _failure("E003", "invalid YAML", shown, line=line, col=col) from None
