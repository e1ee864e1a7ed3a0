"""Spec patterns are ECMA-262 regular expressions; generated models check them with Python's re.

The dialects differ in ways that change verdicts, so patterns are translated:
- `$` (outside a character class, unescaped) matches only at the very end in ECMA-262, while
  Python's `$` also matches before a final newline: it becomes `\\Z`;
- named groups `(?<name>...)` and back-references `\\k<name>` use Python's spelling.
A pattern Python still cannot compile is reported and not enforced (the docs keep it).
"""

from __future__ import annotations

import re


def to_python(pattern: str) -> str:
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escape = pattern[index : index + 2]
            if escape == "\\k" and not in_class and pattern.startswith("<", index + 2):
                end = pattern.find(">", index + 3)
                if end != -1:
                    out.append(f"(?P={pattern[index + 3 : end]})")
                    index = end + 1
                    continue
            out.append(escape)
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
            # a `]` right after `[` or `[^` is a literal member, not the end of the class
            for literal in ("^]", "]"):
                if pattern.startswith(literal, index + 1):
                    out.append(literal)
                    index += len(literal)
                    break
        elif char == "$":
            out.append(r"\Z")
        elif pattern.startswith("(?<", index) and pattern[
            index + 3 : index + 4
        ] not in ("=", "!"):
            out.append("(?P<")
            index += 3
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out)


def compile_error(pattern: str) -> str | None:
    """Why Python's re cannot use the translated pattern, or None when it can."""
    try:
        re.compile(to_python(pattern))
    except (re.error, RecursionError, OverflowError) as exc:
        return str(exc)
    return None
