"""Long lines laid out as black lays them out, without black.

black costs milliseconds for every long line, and a big API has thousands: parameters whose
union is too long for one line, model fields with `Field(...)`, type aliases, `return
cast(...)`. Those lines come from the templates in a handful of shapes, and for those shapes
black's choices follow a few rules (a right-hand split at the last bracket; inside brackets,
one element per line at the commas, with a trailing comma added, else one operand per line
at the `|`s; the optional parentheses black adds around a parameter's annotation or an
assignment's value). This module applies them. Anything outside those shapes raises
`Unsupported`, and the caller asks black. `tests/test_layout.py` checks the result against
black itself on generated expressions, and every generated tree passes `black --check`.
"""

from __future__ import annotations

import keyword
import re

LINE_LENGTH = 88
_OPEN, _CLOSE = "([{", ")]}"
# An operand black cannot split: a (dotted) name, a string, a number; maybe after `| `.
_ATOM = re.compile(
    r"""^(\| )?(?:[A-Za-z_][\w.]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?)$"""
)
_PARAMETER = re.compile(r"^(\s*)([A-Za-z_]\w*): (.*?)( = [^=]+)?,$")
_ANNOTATED = re.compile(r"^(\s*)([A-Za-z_]\w*): (.*?)(?: = (.*))?$")
_ASSIGNED = re.compile(r"^(\s*)([A-Za-z_][\w.]*) = (.*)$")
# Operators black would split an element at before (or instead of) a `|`.
_OTHER_OPERATORS = re.compile(
    r" (?:[-+*/%@<>]=?|==|!=|and|or|not|in|is|if|else|lambda) "
)
_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")
# a dict entry of a string key and a name: black has nowhere to split it
_ATOM_ENTRY = re.compile(
    r"""^(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'): [A-Za-z_][\w.]*$"""
)
_SIGNATURE_END = re.compile(r"^(\s*)\) -> (.*?)(:(?: \.\.\.)?)$")
_DEFINITION = re.compile(
    r"^(\s*)((?:async )?def [A-Za-z_]\w*)\((.+)\) -> (.*?)(:(?: \.\.\.)?)$"
)
_SELF_ONLY = re.compile(
    r"^(\s*)((?:async )?def [A-Za-z_]\w*)\(self\) -> (.*?)(:(?: \.\.\.)?)$"
)


class Unsupported(Exception):
    """The line is not in a shape this module lays out: black must."""


def parameter(line: str) -> list[str]:
    """`name: TYPE = DEFAULT,` in an exploded signature. The annotation splits at its own
    last bracket when it has no top-level `|`, else inside the parentheses black adds.
    """
    if _fits("", line):
        return [line]
    found = _PARAMETER.match(line)
    if not found:
        raise Unsupported(line)
    pad, name, annotation, default = found.groups(default="")
    _not_a_keyword(name)
    if _ATOM.match(annotation):
        raise Unsupported(
            line
        )  # black keeps a lone name there as it is, or not: ask it
    return _annotation(pad, name, annotation, f"{default},")


def element(line: str) -> list[str]:
    """`ELEMENT,` in an exploded call or collection: one operand per line at its top-level
    `|`s, else split at its own last bracket (`f(`, the arguments, `),`)."""
    if _fits("", line):
        return [line]
    pad = line[: len(line) - len(line.lstrip(" "))]
    body = line.strip()
    if not body.endswith(",") or _OTHER_OPERATORS.search(body):
        raise Unsupported(line)
    return _expression(body[:-1], len(pad), ",")


def statement(line: str) -> list[str]:
    """`name: TYPE`, `name: TYPE = value`, `target = value` or `return value`."""
    if _fits("", line):
        return [line]
    pad = line[: len(line) - len(line.lstrip(" "))]
    body = line.strip()
    if body.startswith("return "):
        return _returned(pad, body[len("return ") :])
    if found := _ANNOTATED.match(line):
        pad, name, annotation, value = found.groups()
        _not_a_keyword(name)
        if value is None:
            return _annotation(pad, name, annotation, "")
        try:
            return _assignment(pad, f"{name}: {annotation}", value)
        except Unsupported:
            lines = _annotation(pad, name, annotation, f" = {value}")
            if _fits("", lines[-1]):
                return lines
            if len(_split_top(annotation, " | ")) > 1 or _ATOM.match(annotation):
                raise  # the annotation in parentheses black adds: not modelled
            # `] = Value(...)` still too long: black splits the value at its own last
            # bracket too (`_x: Paging[\n    A, B\n] = Paging(\n    ...\n)`)
            closer = lines[-1][len(pad) : -len(f" = {value}")]
            return lines[:-1] + _bracketed_value(pad, f"{closer} = ", value)
    if found := _ASSIGNED.match(line):
        _not_a_keyword(found[2])
        return _assignment(*found.groups())
    raise Unsupported(line)


def _not_a_keyword(name: str) -> None:
    """`else: x(...)` looks like an annotation: it is not one."""
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise Unsupported(name)


def _returned(pad: str, value: str) -> list[str]:
    return _bracketed_value(pad, "return ", value)


def _assignment(pad: str, target: str, value: str) -> list[str]:
    """At the value's own last bracket when it has no top-level operator and the first line
    fits; else in the parentheses black puts around the value."""
    indent = len(pad)
    split = _trailing_bracket(value)
    if (
        split is not None
        and len(_split_top(value, " | ")) == 1
        and not _ATOM.match(value)
    ):
        head, inner, closer = split
        first = f"{pad}{target} = {head}"
        if _fits("", first) and head[0] not in _OPEN:
            return [first, *_inner(inner, indent + 4), f"{pad}{closer}"]
    first = f"{pad}{target} = ("
    if not _fits("", first) or (_ATOM.match(value) and not _fits(pad + "    ", value)):
        raise Unsupported(target)  # black wraps a name or string only if that fits
    return [first, *_expression(value, indent + 4), f"{pad})"]


def _bracketed_value(pad: str, lead: str, value: str) -> list[str]:
    """`lead` + value split at the value's own last bracket, or Unsupported."""
    split = _trailing_bracket(value)
    if split is None or len(_split_top(value, " | ")) > 1 or _ATOM.match(value):
        raise Unsupported(value)
    head, inner, closer = split
    first = f"{pad}{lead}{head}"
    if head[0] in _OPEN or not _fits("", first):
        raise Unsupported(value)
    return [first, *_inner(inner, len(pad) + 4), f"{pad}{closer}"]


def _annotation(pad: str, name: str, annotation: str, tail: str) -> list[str]:
    return _typed(pad, f"{name}: ", annotation, tail)


def _typed(pad: str, lead: str, annotation: str, tail: str) -> list[str]:
    """`lead` + annotation + `tail`, split in the annotation: in the parentheses black adds
    when it has a top-level `|` or is a lone name, else at its own last bracket."""
    indent = len(pad)
    if len(_split_top(annotation, " | ")) > 1:
        return [f"{pad}{lead}(", *_expression(annotation, indent + 4), f"{pad}){tail}"]
    if _ATOM.match(annotation):
        # black wraps a name only if it then fits, except a return annotation's dotted
        # name (`_resources.module.Class`), which it wraps however long
        dotted_return = lead == ") -> " and _DOTTED.match(annotation)
        if not _fits(pad + "    ", annotation) and not dotted_return:
            raise Unsupported(annotation)
        return [f"{pad}{lead}(", f"{pad}    {annotation}", f"{pad}){tail}"]
    split = _trailing_bracket(annotation)
    if split is None or split[0][0] in _OPEN:
        raise Unsupported(annotation)
    head, inner, closer = split
    return [f"{pad}{lead}{head}", *_inner(inner, indent + 4), f"{pad}{closer}{tail}"]


def signature_end(line: str) -> list[str]:
    """The last line of an exploded signature, `) -> RETURNS:` (or `: ...`), split in the
    return annotation as a parameter's annotation is; `def name(self) -> RETURNS:`,
    which black first splits at its parameter (`self,` on a line of its own); and
    `def name(self, other: T) -> RETURNS:`, whose parameters fit on a line of their own.
    """
    if _fits("", line):
        return [line]
    if found := _SIGNATURE_END.match(line):
        pad, returns, rest = found.groups()
        return _typed(pad, ") -> ", returns, rest)
    if found := _SELF_ONLY.match(line):
        pad, head, returns, rest = found.groups()
        end = f"{pad}) -> {returns}{rest}"
        return [f"{pad}{head}(", f"{pad}    self,", *signature_end(end)]
    if found := _DEFINITION.match(line):
        # black splits a `def` at its first bracket; parameters with a comma among them
        # get no trailing comma, so they stay on one line when that fits
        pad, head, parameters, returns, rest = found.groups()
        opened = _trailing_bracket(f"{head}({parameters})")
        elements = _split_top(parameters, ",")
        if (
            opened is not None
            and opened[0] == f"{head}("
            and len(elements) > 1
            and "" not in elements
            and _fits(pad + "    ", parameters)
        ):
            end = f"{pad}) -> {returns}{rest}"
            return [f"{pad}{head}(", f"{pad}    {parameters}", *signature_end(end)]
    raise Unsupported(line)


def _expression(text: str, indent: int, suffix: str = "") -> list[str]:
    """An expression inside brackets: whole if it fits, else one operand per `|`."""
    pad = " " * indent
    if _fits(pad, text + suffix):
        return [pad + text + suffix]
    operands = _split_top(text, " | ")
    if len(operands) == 1:
        return _operand(text, indent, suffix)
    lines: list[str] = []
    for index, operand in enumerate(operands):
        last = index == len(operands) - 1
        lines += _operand(
            operand if index == 0 else f"| {operand}", indent, suffix if last else ""
        )
    return lines


def _operand(text: str, indent: int, suffix: str = "") -> list[str]:
    pad = " " * indent
    if _fits(pad, text + suffix) or _ATOM.match(text) or _ATOM_ENTRY.match(text):
        # a name, a string or a `"key": Name` entry too long stays as it is
        return [pad + text + suffix]
    split = _trailing_bracket(text)
    if split is None:
        raise Unsupported(text)
    head, inner, closer = split
    if not _fits(pad, head):
        raise Unsupported(text)
    return [pad + head, *_inner(inner, indent + 4), pad + closer + suffix]


def _inner(inner: str, indent: int) -> list[str]:
    """A bracket's contents: whole if they fit, else one element per line with a trailing
    comma, else (a single element) its operands."""
    elements = _split_top(inner, ",")
    if elements[-1] == "":
        raise Unsupported(inner)  # a magic trailing comma: black keeps it exploded
    if len(elements) == 1:
        return _expression(inner, indent)
    if _fits(" " * indent, inner):
        return [" " * indent + inner]
    lines: list[str] = []
    for element in elements:
        lines += _expression(element, indent, ",")
    return lines


def _fits(pad: str, text: str) -> bool:
    return len(pad) + len(text) <= LINE_LENGTH


def _split_top(text: str, separator: str) -> list[str]:
    """`text` split at each `separator` outside brackets and strings."""
    parts: list[str] = []
    depth, start, quote, skip = 0, 0, "", -1
    # visit only the characters that matter: brackets, quotes, backslashes, the separator
    for found in _SIGNIFICANT[separator].finditer(text):
        char, index = found[0], found.start()
        if index <= skip:
            continue  # the character a backslash in a string escapes
        if quote:
            if char == "\\":
                skip = index + 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index].strip())
            start = index + len(separator)
    parts.append(text[start:].strip())
    return parts


_BRACKETS = re.compile(r"[\\\"'()\[\]{}]")
_SIGNIFICANT = {
    sep: re.compile(r"[\\\"'()\[\]{}]|" + re.escape(sep)) for sep in (",", " | ")
}


def _trailing_bracket(text: str) -> tuple[str, str, str] | None:
    """(head with the opening bracket, contents, closing bracket) of the bracket pair that
    ends `text`, or None when `text` does not end with one."""
    if not text or text[-1] not in _CLOSE:
        return None
    stack: list[int] = []
    opener = -1
    last = len(text) - 1
    quote, skip = "", -1
    # as in _split_top: only brackets, quotes and backslashes are visited
    for found in _BRACKETS.finditer(text):
        char, index = found[0], found.start()
        if index <= skip:
            continue  # the character a backslash in a string escapes
        if quote:
            if char == "\\":
                skip = index + 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in _OPEN:
            stack.append(index)
        elif char in _CLOSE:
            if not stack:
                return None
            opened = stack.pop()
            if index == last:
                opener = opened
    if opener < 0 or quote or stack:
        return None
    return text[: opener + 1], text[opener + 1 : -1], text[-1]
