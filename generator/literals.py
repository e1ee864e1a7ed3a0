"""Safe text emission: Python literals, docstrings, comments and Markdown from untrusted spec text.

Never paste spec text between quotes in a template: every string goes through one of these.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from functools import lru_cache
from typing import Any

_DOC_CONTROL = {
    "\r\n": "\n",
    "\r": "\n",
    "\t": "    ",
    "\x00": "",
    "\u2028": " ",
    "\u2029": " ",
    "\x0b": " ",
    "\x0c": " ",
    "\x85": " ",
}


def _escape_char(ch: str, quote: str) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == quote:
        return "\\" + ch
    if ch in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[ch]
    if ch.isprintable():
        return ch
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


_SIMPLE_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def py_str(text: str) -> str:
    """A string literal that evaluates back to `text`, in the quotes black would choose.

    black keeps double quotes unless that needs more escaped quotes than single quotes would.
    Control and other non-printable characters are escaped, so no spec text can end the
    literal or the line.
    """
    quote = "'" if text.count('"') > text.count("'") else '"'
    if _PLAIN.fullmatch(text) and quote not in text:
        return quote + text + quote  # nothing to escape (most names and values)
    return quote + "".join(_escape_char(ch, quote) for ch in text) + quote


# Printable ASCII but the backslash: needs no escape in a literal (its quote aside).
_PLAIN = re.compile(r"[ -\[\]-~]*")


def py_literal(value: Any) -> str:
    """A Python literal for JSON-like data (str, int, float, bool, None, list, dict)."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{py_str(str(k))}: {py_literal(v)}" for k, v in value.items())
            + "}"
        )
    return py_str(str(value))


def py_tuple(values: tuple[Any, ...] | list[Any]) -> str:
    """A tuple literal as black writes it: `("a",)` for one item."""
    items = [py_literal(v) for v in values]
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


# What clean_text does to each character after CR/CRLF: the table of _DOC_CONTROL's single
# characters, and every other control character but LF as a space (one str.translate).
_CONTROL_TABLE = {
    **{code: " " for code in range(32) if code != 10},
    **{ord(bad): good for bad, good in _DOC_CONTROL.items() if len(bad) == 1},
}

_TRAILING_SPACE = re.compile(r"\s\n")


def clean_text(text: str) -> str:
    """Normalise spec prose: CRLF and lone CR become LF, NUL is dropped, other line and page
    separators become spaces, trailing spaces go."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_CONTROL_TABLE).strip()
    if not _TRAILING_SPACE.search(text):
        return text  # no line ends in white space (the common case: skip the split)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _escape_docstring(text: str) -> str:
    return clean_text(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _guard_ends(text: str) -> str:
    """A docstring may not end in a quote (`""" "` would close early) or start with a space." ""
    if text.endswith('"'):
        text += " "  # black inserts this space itself
    text = text.lstrip(" ")
    if text.startswith('"'):
        text = "\\" + text
    return text


def docstring_body(text: str) -> str:
    """Text safe to place between triple double quotes, in a form black leaves unchanged."""
    return _guard_ends(_escape_docstring(text))


def comment_text(text: str) -> str:
    """One line of text safe after `#`."""
    return " ".join(clean_text(text).split())


def json_text(value: Any) -> str:
    """Pretty JSON for examples in docs (keys kept in spec order)."""
    return _printable(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def json_inline(value: Any) -> str:
    """One-line JSON for a value shown as code; nothing in it folds or breaks a line."""
    return _printable(json.dumps(value, ensure_ascii=False, default=str))


def _printable(text: str) -> str:
    # JSON escapes control characters itself; U+2028 and other non-printables it leaves raw,
    # and Markdown would fold them. Outside strings JSON has none, so escaping is safe.
    return "".join(
        (
            ch
            if ch.isprintable() or ch in " \n"
            else f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else ch
        )
        for ch in text
    )


def code_span(value: str) -> str:
    """Markdown inline code showing `value` exactly: a backtick fence longer than any run
    inside, padded when the value starts or ends with a backtick or is blank. Newlines (which
    a code span would turn into spaces) should not reach here."""
    longest = (
        max((len(run) for run in re.findall(r"`+", value)), default=0)
        if "`" in value
        else 0
    )
    fence = "`" * (longest + 1)
    pad = (
        " " if value.startswith("`") or value.endswith("`") or not value.strip() else ""
    )
    return f"{fence}{pad}{value}{pad}{fence}"


_WRAP_WIDTH = 88


@lru_cache(
    maxsize=8192
)  # one description is often a field's, a key's and an argument's
def docstring(text: str, indent: int = 0, width: int = _WRAP_WIDTH) -> str:
    """A complete docstring statement (without leading indent on its first line), black-stable.

    Long lines are wrapped at word boundaries so the file rarely needs black at generation time;
    a single word longer than the line (a URL) stays whole.
    """
    body = _escape_docstring(text)
    pad = " " * indent
    lines: list[str] = []
    for line in body.split("\n"):
        if len(pad) + len(line) + 6 <= width or " " not in line.strip():
            lines.append(line)
            continue
        lead = len(line) - len(line.lstrip(" "))
        lines.extend(
            textwrap.wrap(
                line,
                width=max(width - indent - 6, 20),  # room for the quotes
                subsequent_indent=" " * (lead + 4 if lead else 0),
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [""]
        )
    if len(lines) == 1:
        # black keeps a one-line docstring on one line whatever its length
        return f'"""{_guard_ends(lines[0]) or " "}"""'
    # The closing quotes get a line of their own, so only the opening needs a guard.
    lines[0] = lines[0].lstrip(" ")
    if lines[0].startswith('"'):
        lines[0] = "\\" + lines[0]
    rest = "\n".join((pad + line) if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{rest}\n{pad}"""' if rest else f'"""{lines[0]}\n{pad}"""'


def _escaped_basic_string(text: str, astral: str) -> str:
    """A double-quoted string for TOML/YAML: quotes, backslashes and every non-printable
    character escaped, so no text can end the string or start a new line or key."""
    out = ['"']
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(astral.format(ord(ch)))
    out.append('"')
    return "".join(out)


def toml_str(text: str) -> str:
    """A TOML basic string (surrogate pairs are not valid TOML escapes: `\\U` is used)."""
    return _escaped_basic_string(text, "\\U{:08X}")


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (U+2028 and friends escaped: YAML would fold them)."""
    return _escaped_basic_string(text, "\\U{:08X}")


def one_line(text: str) -> str:
    """Whitespace (newlines included) folded to single spaces."""
    return " ".join(text.split())
