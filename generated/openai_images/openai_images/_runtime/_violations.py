"""One broken rule of a value, and how messages quote values.

Kept apart from `_validation.py` (which needs pydantic) so that the JSON Schema validator
depends on the standard library alone: specgen itself runs it on the OpenAPI document.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Violation", "shorten"]

_SHOWN_CHARS = 40  # offending values are quoted, shortened to this many characters


@dataclass(frozen=True)
class Violation:
    """One broken rule: the field (wire name, dotted for nested values), the rule, a message."""

    field: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def shorten(value: object) -> str:
    text = repr(value)
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 4] + "..." + text[-1]
    return text
