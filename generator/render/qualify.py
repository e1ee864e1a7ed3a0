"""The `qualify` filter: names in a type expression written through the module that loads
them on first use.

In a big API's resource module (`Api.split_models`), a model or TypedDict that only
annotations name is not imported (importing it would build it, and its neighbours, when the
resource loads); the annotation says `_models.Name` instead, which a type checker reads through
`PKG.models` and `typing.get_type_hints` resolves by loading that one name.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Mapping

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def qualify(expression: str, names: Mapping[str, str]) -> str:
    """`expression` with each bare name in `names` replaced by its qualified form; names
    after a dot, inside string literals and keyword arguments are left alone."""
    if not names or names.keys().isdisjoint(_IDENTIFIER.findall(expression)):
        return expression  # no name to qualify: the tokenizer is not needed
    tokens = list(tokenize.generate_tokens(io.StringIO(expression).readline))
    out: list[str] = []
    position = 0
    lines = expression.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    previous = ""
    for index, token in enumerate(tokens):
        if token.type == tokenize.NAME and token.string in names and previous != ".":
            following = tokens[index + 1].string if index + 1 < len(tokens) else ""
            if following != "=":
                start = offsets[token.start[0] - 1] + token.start[1]
                out.append(expression[position:start])
                out.append(names[token.string])
                position = start + len(token.string)
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER):
            previous = token.string
    out.append(expression[position:])
    return "".join(out)
