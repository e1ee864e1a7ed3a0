"""An operation's `x-pagination`, read and checked for kind (E050): the style, and the
keys that override what detection finds (`pagination.py` checks the names, E051)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, join_pointer
from ..source.loader import Document
from ..source.resolve import Located
from .paging import PaginationStyle

STYLES: tuple[PaginationStyle, ...] = ("cursor", "offset", "page", "link")
PARAM_KEYS = {"cursor-param": "cursor", "offset-param": "offset", "page-param": "page"}
PATH_KEYS = ("items", "next-cursor", "item-cursor", "has-more", "total", "total-pages")
KEYS = frozenset({"style", "start", "limit-param", *PARAM_KEYS, *PATH_KEYS})
# keys that `false` switches off (a detected field or parameter is not used)
OFF_KEYS = frozenset(
    {"next-cursor", "item-cursor", "has-more", "total", "total-pages", "limit-param"}
)


@dataclass(frozen=True)
class Declared:
    """An operation's `x-pagination` mapping, its values checked for kind."""

    style: PaginationStyle
    values: Mapping[str, Any]  # key -> str, int (start) or False (switched off)
    doc: Document
    pointer: str

    def at(self, key: str) -> str:
        return join_pointer(self.pointer, key)


def read_declared(
    raw: Any, located: Located, problems: list[Diagnostic]
) -> Declared | None:
    doc, pointer = located.doc, join_pointer(located.pointer, "x-pagination")
    if not isinstance(raw, dict):
        problems.append(
            doc.diagnostic("E050", "x-pagination must be false or a mapping", pointer)
        )
        return None
    found = len(problems)
    for key in raw:
        if key not in KEYS:
            problems.append(
                doc.diagnostic(
                    "E050",
                    f"x-pagination has no key {str(key)!r} (it knows: "
                    f"{', '.join(sorted(KEYS))})",
                    join_pointer(pointer, str(key)),
                )
            )
    style = raw.get("style")
    if style not in STYLES:
        problems.append(
            doc.diagnostic(
                "E050",
                f"x-pagination style must be one of {', '.join(STYLES)}",
                join_pointer(pointer, "style"),
            )
        )
    for key, value in raw.items():
        if key == "start":
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append(
                    doc.diagnostic(
                        "E050",
                        "x-pagination start must be an integer",
                        join_pointer(pointer, key),
                    )
                )
        elif key in KEYS - {"style"}:
            off = value is False and key in OFF_KEYS
            if not off and (not isinstance(value, str) or not value):
                can = " or false" if key in OFF_KEYS else ""
                problems.append(
                    doc.diagnostic(
                        "E050",
                        f"x-pagination {key} must be a name{can}",
                        join_pointer(pointer, key),
                    )
                )
            elif key in PARAM_KEYS and PARAM_KEYS[key] != style:
                problems.append(
                    doc.diagnostic(
                        "E050",
                        f"x-pagination {key} is for style {PARAM_KEYS[key]}",
                        join_pointer(pointer, key),
                    )
                )
    if len(problems) > found or style not in STYLES:
        return None
    values = {k: v for k, v in raw.items() if k != "style"}
    return Declared(style, values, doc, pointer)
