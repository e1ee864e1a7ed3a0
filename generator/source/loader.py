"""Stage 1, load: read a YAML or JSON spec into plain data, keeping a way back to file:line:col.

YAML is composed once by PyYAML's C parser; the node tree (which carries marks) is kept for
positions and the data is built from it (`yaml_tree.py`). JSON is read by the json module,
and positions are found by scanning the text the first time a diagnostic needs one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import (
    Diagnostic,
    Severity,
    SpecError,
    join_pointer,
    unescape_pointer_token,
)
from .json_positions import JsonPositions
from .provenance import Provenance
from .yaml_tree import (
    LOOPING_ALIAS,
    MAX_DEPTH,
    MAX_NODES,
    TOO_BIG,
    TOO_DEEP,
    Fallback,
    Refusal,
    build,
    compose,
    tree_loader,
)

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader without YAML 1.1's timestamp rule: `version: 2024-01-01` stays a string."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _no_json_value(loader: Any, node: yaml.Node) -> Any:
    """A YAML type JSON has no value for: the document is JSON data, so it is refused."""
    raise yaml.constructor.ConstructorError(
        None,
        None,
        f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} makes a value JSON has "
        "no type for; an OpenAPI document is JSON data (write a string instead)",
        node.start_mark,
    )


# bytes, sets, dates and ordered pairs: values no later stage (nor JSON) knows
for _tag in ("binary", "set", "timestamp", "omap", "pairs"):
    _SpecLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _no_json_value)

_TreeLoader = tree_loader(_SpecLoader)

# an escape that can write half of a UTF-16 pair: text must then be checked for one
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class SourceMap:
    """Turns JSON pointers into (line, col), composing the YAML node tree on first use
    (or, for a JSON file, scanning it: PyYAML cannot read every JSON text)."""

    text: str
    is_json: bool = False
    _root: yaml.Node | None = field(default=None, repr=False)
    _json: JsonPositions | None = field(default=None, repr=False)
    _composed: bool = False

    def locate(self, pointer: str) -> tuple[int, int]:
        if self.is_json:
            if self._json is None:
                self._json = JsonPositions(self.text)
            return self._json.locate(pointer)
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

    @cached_property
    def real_path(self) -> Path:
        """The file's resolved path, resolved once (checks compare it per reference)."""
        return self.path.resolve()

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
    code: str, message: str, shown: str, line: int = 0, col: int = 0, pointer: str = ""
) -> SpecError:
    return SpecError(
        [Diagnostic(Severity.ERROR, code, message, pointer, shown, line, col)]
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
    if path.suffix.lower() == ".json":
        data = parse_text(text, shown, json_first=True)
        source, checked = SourceMap(text, is_json=True), False
    else:
        data, source, checked = _parse_yaml(text, shown)
    document = Document(path=path, display=shown, data=data, source=source)
    if not checked:
        check_size(document)
    if _SURROGATE_ESCAPE.search(text):
        check_surrogates(document)
    return document


def _parse_yaml(text: str, shown: str) -> tuple[Any, SourceMap, bool]:
    """The data, a source map holding the composed tree, and whether the size and keys were
    checked on the way (see yaml_tree.py); rare YAML takes PyYAML's generic path."""
    try:
        root, loader = compose(text, _TreeLoader)
        data = build(root, loader)
    except Fallback:
        return parse_text(text, shown), SourceMap(text), False
    except Refusal as refusal:
        raise _failure(
            refusal.code,
            refusal.message,
            shown,
            refusal.line,
            refusal.column,
            refusal.pointer,
        ) from None
    except RecursionError:
        raise _failure("E006", "the document is nested too deeply", shown) from None
    except yaml.YAMLError as exc:
        raise _yaml_failure(exc, shown) from None
    return data, SourceMap(text, _root=root, _composed=True), True


def check_size(document: Document) -> None:
    """Refuse documents that would make every later stage explode.

    YAML anchors let a small file stand for an enormous tree (the "billion laughs" attack):
    the parser shares the nodes, but anything that walks the data as a tree would not. The
    expanded size is counted over the shared graph (each node once, with memoised subtree
    sizes), so the check itself stays linear. The same walk makes YAML's non-string keys
    strings (`_string_keys`).
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    pending: set[int] = (
        set()
    )  # the containers being sized: the current node's ancestors
    yaml_keys = not document.source.is_json  # JSON names are strings already
    stack: list[tuple[Any, bool]] = [(document.data, False)]
    while stack:
        node, expanded = stack.pop()
        if not isinstance(node, dict | list) or id(node) in sizes:
            continue
        if not expanded and id(node) in pending:
            raise _failure(
                "E003",
                LOOPING_ALIAS,
                document.display,
            )
        if yaml_keys and isinstance(node, dict) and not expanded:
            _string_keys(document, node)
        children = [c for c in (node.values() if isinstance(node, dict) else node)]
        containers = [c for c in children if isinstance(c, dict | list)]
        if not expanded:
            pending.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in containers)
            continue
        pending.discard(id(node))
        size = 1 + len(children) + sum(sizes.get(id(c), 0) for c in containers)
        depth = 1 + max((depths.get(id(c), 0) for c in containers), default=0)
        sizes[id(node)], depths[id(node)] = size, depth
        if size > MAX_NODES:
            raise _failure(
                "E005",
                TOO_BIG,
                document.display,
            )
        if depth > MAX_DEPTH:
            raise _failure(
                "E006",
                TOO_DEEP,
                document.display,
            )


def _string_keys(document: Document, node: dict[Any, Any]) -> None:
    """JSON names are strings: YAML's `200:` or `true:` key becomes "200" / "True", in
    place (anchors share the mapping). Two keys that become one name are refused."""
    if all(type(key) is str for key in node):
        return
    items = list(node.items())
    node.clear()
    for key, value in items:
        name = key if isinstance(key, str) else str(key)
        if name in node:
            raise _failure(
                "E003",
                f"two keys of one mapping are both the name {name!r}",
                document.display,
            )
        node[name] = value


def check_surrogates(document: Document) -> None:
    """Half of a UTF-16 pair, alone, is no character: no file can be written with it."""
    stack: list[tuple[Any, str]] = [(document.data, "")]
    seen: set[int] = set()
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, str):
            half = _SURROGATE.search(node)
            if half is not None:
                line, col = document.source.locate(pointer)
                raise _failure(
                    "E003",
                    f"a lone surrogate \\u{ord(half[0]):04x} (half of a UTF-16 pair) is "
                    "not a character: write the character itself, or both halves",
                    document.display,
                    line,
                    col,
                    pointer,
                )
            continue
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            for key, value in node.items():
                child = join_pointer(pointer, key)
                stack.append((key, child))
                stack.append((value, child))
        else:
            stack.extend((v, join_pointer(pointer, i)) for i, v in enumerate(node))


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
    except yaml.YAMLError as exc:
        raise _yaml_failure(exc, shown) from None


def _yaml_failure(exc: yaml.YAMLError, shown: str) -> SpecError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or "invalid YAML"
        return _failure("E003", f"invalid YAML: {problem}", shown, line=line, col=col)
    found = _YAML_ERROR_LINE.search(str(exc))
    line, col = (int(found[1]), int(found[2])) if found else (0, 0)
    return _failure("E003", "invalid YAML", shown, line=line, col=col)
