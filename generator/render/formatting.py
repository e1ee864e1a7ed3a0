"""Stage 5b, format: make rendered Python black-stable at the lowest cost.

Templates already emit black's style for everything that fits in 88 columns. Only lines that
are longer and that black could change (not docstrings, comments or class headers) need black,
and black formats a simple statement or a bracketed element by itself, from its content and its
indentation alone. So each such line is sent to black inside a minimal wrapper that recreates
its indentation, all lines of one kind and depth of a file in one call, and the result is put
back in place. A long line that fits none of those shapes sends its whole top-level block to
black instead. `black --check` in the tests verifies the outcome on every generated tree.
"""

from __future__ import annotations

import bisect
import io
import re
import tokenize
from functools import cache
from typing import Any, Literal

from . import layout
from .format_cache import FormatCache

LINE_LENGTH = 88
_CONTINUATION = (")", "]", "}")
_MARK = "_specgen_mark_ = 0"
_PARAMETER = re.compile(r"^\s*[A-Za-z_]\w*: ")
_DICT_ENTRY = re.compile(r"^\s*[\"'].*?[\"']: ")

Shape = Literal["statement", "parameter", "entry", "item"]


def format_python(source: str, cache: FormatCache | None = None) -> str:
    """`source` made black-stable; black's answers come from `cache` when it has them."""
    lines = source.split("\n")
    long_lines = [i for i, line in enumerate(lines) if len(line) > LINE_LENGTH]
    if not long_lines:
        return source  # most files: nothing for black to change
    long_lines = [
        i for i in _code_lines(lines, long_lines) if not _unsplittable(lines[i])
    ]
    if not long_lines:
        return source
    groups: dict[tuple[Shape, int], list[int]] = {}
    fallback: set[int] = set()
    replaced: dict[int, list[str]] = {}
    for index in long_lines:
        shape = _shape(lines, index)
        if shape is None:
            try:
                replaced[index] = layout.signature_end(lines[index])
            except layout.Unsupported:
                fallback.add(index)
            continue
        laid_out = _laid_out(shape, lines[index])
        if laid_out is not None:
            replaced[index] = laid_out
        else:
            indent = len(lines[index]) - len(lines[index].lstrip(" "))
            groups.setdefault((shape, indent), []).append(index)
    for (shape, indent), indices in groups.items():
        try:
            pieces = _cached_group(shape, indent, [lines[i] for i in indices], cache)
        except ValueError:
            fallback.update(
                indices
            )  # black saw a different structure: format whole blocks
            continue
        replaced.update(zip(indices, pieces, strict=True))
    out: list[str] = []
    if not fallback:  # every long line replaced in place: no block goes to black
        for index, line in enumerate(lines):
            out.extend(replaced.get(index, (line,)))
        return "\n".join(out)
    for block in _top_level_blocks(range(len(lines)), lines):
        if any(i in fallback for i in block):
            text = "\n".join(lines[i] for i in block)
            out.extend(_cached_block(text, cache).split("\n"))
            continue
        for i in block:
            out.extend(replaced.get(i, [lines[i]]))
    return "\n".join(out)


def class_header(name: str, base: str) -> str:
    """`class Name(Base):`, split the way black splits it when it is too long."""
    line = f"class {name}({base}):"
    return line if len(line) <= LINE_LENGTH else f"class {name}(\n    {base}\n):"


def import_from(
    module: str, names: list[str] | tuple[str, ...], indent: int = 0
) -> str:
    """`from module import a, b` as black lays it out: one line when it fits, else the names
    in parentheses, one per line, with a trailing comma (black adds it to an import it
    splits). Written by the templates, so black never has to."""
    pad = " " * indent
    line = f"{pad}from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line.lstrip(" ")
    inner = "".join(f"{pad}    {name},\n" for name in names)
    return f"from {module} import (\n{inner}{pad})"


def _code_lines(lines: list[str], indices: list[int]) -> list[int]:
    """Those of `indices` (ascending) that black may reformat: code, not docstrings or
    comments. The docstring state is read from the lines holding triple quotes alone
    (where it can change), not by a walk of every line; tests/test_format_scans.py keeps
    the line-by-line walk as its definition."""
    prose: list[tuple[int, int]] = []  # (first, last) line of each docstring
    in_docstring, start = False, 0
    for index in (i for i, line in enumerate(lines) if '"""' in line):
        stripped = lines[index].strip()
        odd = stripped.count('"""') % 2 == 1
        if in_docstring:
            if odd:
                prose.append((start, index))
                in_docstring = False
        elif stripped.startswith('"""'):
            if odd:
                in_docstring, start = True, index
            else:
                prose.append((index, index))
    if in_docstring:
        prose.append((start, len(lines) - 1))
    starts = [first for first, _ in prose]
    found: list[int] = []
    for index in indices:
        at = bisect.bisect_right(starts, index) - 1
        if at >= 0 and prose[at][0] <= index <= prose[at][1]:
            continue
        if not lines[index].lstrip().startswith("#"):
            found.append(index)
    return found


def _laid_out(shape: Shape, line: str) -> list[str] | None:
    """The line as black would lay it out, when layout.py knows the shape (else None)."""
    try:
        if shape == "parameter":
            return layout.parameter(line)
        if shape == "statement":
            return layout.statement(line)
        if shape == "item":
            return layout.element(line)
    except layout.Unsupported:
        return None
    return None


def _unsplittable(line: str) -> bool:
    """Whether black must leave a long line as it is, because it has nowhere to split it:
    a lone name or string as an element (`"LongName",`, `Name as Name,`), or the head of a
    bracket already exploded (`from .module import (`, `class Name(`) with no other bracket
    and no comma. (A bracket that opens and closes on the line is a place to split.)"""
    text = line.strip()
    exploded = text.endswith(("(", "[", "{"))
    if any(c in text for c in "([{)]}" if not (exploded and c == text[-1])):
        return False  # a bracket on the line (the exploded one aside): a place to split
    tokens = _tokens(text[:-1] if exploded else text)  # an open bracket cannot tokenize
    if tokens is None:
        return False
    kinds = [t for t in tokens if t.type not in _LAYOUT]
    if kinds and kinds[-1].string == "," and not exploded:
        kinds = kinds[:-1]  # an element's trailing comma
    elif not exploded:
        return False  # a whole statement: black may still wrap it in parentheses
    return (
        bool(kinds)
        and all(
            t.type in (tokenize.NAME, tokenize.STRING) or t.string in (".", ":")
            for t in kinds
        )
        and not any(t.string == "lambda" for t in kinds)
    )


_LAYOUT = (
    tokenize.NEWLINE,
    tokenize.NL,
    tokenize.ENDMARKER,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.COMMENT,
)


def _tokens(text: str) -> list[tokenize.TokenInfo] | None:
    try:
        return list(tokenize.generate_tokens(io.StringIO(text + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None


def _shape(lines: list[str], index: int) -> Shape | None:
    """How a long line can be formatted on its own, or None when it can't."""
    line = lines[index]
    if not _balanced(line):
        return None
    previous = lines[index - 1].rstrip() if index else ""
    ends_element = line.rstrip().endswith(",")
    if ends_element and previous.endswith(("(", "[", "{", ",")):
        if _PARAMETER.match(line) and "(" not in line.split(":", 1)[0]:
            return "parameter"
        return "entry" if _DICT_ENTRY.match(line) else "item"
    opens_statement = not previous.endswith(("(", "[", "{", ",", "\\"))
    if (
        not ends_element
        and opens_statement
        and not line.lstrip().startswith(_CONTINUATION)
    ):
        following = lines[index + 1].lstrip() if index + 1 < len(lines) else ""
        if not following.startswith(_CONTINUATION) and not line.rstrip().endswith(":"):
            return "statement"
    return None


_ONE_LINE_STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""")
_BRACKET = re.compile(r"[()\[\]{}]")


def _balanced(line: str) -> bool:
    """True when the line's brackets close within it (strings and comments ignored)."""
    text = line.strip()
    if '"""' not in text and "'''" not in text:
        bare = _ONE_LINE_STRING.sub("", text)
        if '"' not in bare and "'" not in bare and "\\" not in bare:
            depth = 0  # the common line: no tokenizer needed
            for found in _BRACKET.finditer(bare.split("#", 1)[0]):
                depth += 1 if found[0] in "([{" else -1
                if depth < 0:
                    return False
            return depth == 0
    return _balanced_tokens(line)


def _balanced_tokens(line: str) -> bool:
    depth = 0
    try:
        for token in tokenize.generate_tokens(
            io.StringIO(line.strip() + "\n").readline
        ):
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth -= 1
                if depth < 0:
                    return False
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return False
    return depth == 0


def _cached_group(
    shape: Shape, indent: int, group: list[str], cache: FormatCache | None
) -> list[list[str]]:
    """`_format_group`, asking black only about the lines the cache does not know."""
    if cache is None:
        return _format_group(shape, indent, group)
    keys = [FormatCache.key(shape, str(indent), line) for line in group]
    found: list[list[str] | None] = [cache.get(key) for key in keys]
    missing = [i for i, piece in enumerate(found) if piece is None]
    if missing:
        fresh = _format_group(shape, indent, [group[i] for i in missing])
        for i, piece in zip(missing, fresh, strict=True):
            cache.put(keys[i], piece)
            found[i] = piece
    return [piece for piece in found if piece is not None]


def _cached_block(block: str, cache: FormatCache | None) -> str:
    if cache is None:
        return _black_block(block)
    key = FormatCache.key("block", block)
    found = cache.get(key)
    if found is None:
        found = [_black_block(block)]
        cache.put(key, found)
    return found[0]


def _format_group(shape: Shape, indent: int, group: list[str]) -> list[list[str]]:
    """Format lines of one shape and indentation in one black call; one result per line."""
    depth = indent // 4
    if shape == "statement":
        head = [" " * (4 * d) + "if _:" for d in range(depth)]
        body: list[str] = []
        for line in group:
            body.extend([line, " " * indent + _MARK])
        text = _format_with_black("\n".join(head + body))
        result = [line for line in text.split("\n")[depth:] if line.strip()]
        return _split_on_marks(result, " " * indent + _MARK, len(group))
    outer = depth - 1
    head = [" " * (4 * d) + "if _:" for d in range(outer)]
    pad = " " * (4 * outer)
    if shape == "parameter":
        opening, closing = [pad + "def _("], [pad + "):", pad + "    pass"]
    elif shape == "entry":
        opening, closing = [pad + "_ = {"], [pad + "}"]
    else:
        opening, closing = [pad + "_ = ["], [pad + "]"]
    out = _format_with_black("\n".join(head + opening + group + closing)).split("\n")
    # black may add blank lines around the wrapper; find it by its own lines
    start = out.index(opening[-1]) + 1
    end = len(out) - 1 - out[::-1].index(closing[0])
    return _split_elements(out[start:end], indent, len(group))


def _split_on_marks(lines: list[str], mark: str, count: int) -> list[list[str]]:
    pieces: list[list[str]] = [[]]
    for line in lines:
        if line == mark:
            pieces.append([])
        else:
            pieces[-1].append(line)
    pieces = pieces[:count]
    if len(pieces) != count:
        raise ValueError("black changed the statement structure")
    return pieces


def _split_elements(lines: list[str], indent: int, count: int) -> list[list[str]]:
    """Each element starts at its own indentation with something other than a closer."""
    pieces: list[list[str]] = []
    for line in lines:
        starts = len(line) - len(
            line.lstrip(" ")
        ) == indent and not line.lstrip().startswith(_CONTINUATION)
        if starts or not pieces:
            pieces.append([line])
        else:
            pieces[-1].append(line)
    if len(pieces) != count:
        raise ValueError("black changed the element structure")
    return pieces


def _top_level_blocks(indices: range, lines: list[str]) -> list[list[int]]:
    """Runs of lines: each starts at an unindented line that does not continue the last."""
    blocks: list[list[int]] = [[]]
    previous = ""
    for index in indices:
        line = lines[index]
        starts_block = (
            line[:1] not in ("", " ", "\t")
            and not line.startswith(_CONTINUATION)
            and not previous.startswith("@")
            and not previous.startswith("#")
        )
        if starts_block and blocks[-1]:
            blocks.append([])
        blocks[-1].append(index)
        if line.strip():
            previous = line
    return blocks


def _black_block(block: str) -> str:
    # Keep the block's own trailing blank lines: black would drop them.
    body = block.rstrip()
    return _format_with_black(body).rstrip("\n") + block[len(body) :]


@cache
def _format_with_black(code: str) -> str:
    black = _black()
    mode = black.Mode(
        target_versions={black.TargetVersion.PY311}, line_length=LINE_LENGTH
    )
    result: str = black.format_str(code + "\n", mode=mode)
    return result


@cache
def _black() -> Any:
    import black  # deferred: importing black costs ~0.2 s and most files never need it

    return black
