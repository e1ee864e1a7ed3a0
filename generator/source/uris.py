"""URI references (RFC 3986), as far as `$id` and `$ref` need them: resolution and splitting.

The same rules as the generated runtime's validator (`templates/runtime/_jsonschema.py`), so a
reference the generator follows leads to the same schema when the runtime follows it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_URI = re.compile(
    r"^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$",
    re.S,
)


def _remove_dots(path: str) -> str:
    out: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1 or (out and out[0] != ""):
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/".join(out)


def join(base: str, ref: str) -> str:
    """`ref` resolved against `base` (RFC 3986 section 5.2.2)."""
    match = _URI.match(ref)
    base_match = _URI.match(base)
    assert match is not None and base_match is not None  # the pattern matches anything
    scheme, authority, path, query, fragment = match.groups()
    b_scheme, b_authority, b_path, b_query, _ = base_match.groups()
    if scheme is None:
        scheme = b_scheme
        if authority is None:
            authority = b_authority
            if path == "":
                path = b_path
                query = b_query if query is None else query
            elif not path.startswith("/"):
                if b_authority is not None and b_path == "":
                    path = "/" + path
                else:
                    path = b_path[: b_path.rfind("/") + 1] + path
    path = _remove_dots(path)
    text = f"{scheme}:" if scheme is not None else ""
    if authority is not None:
        text += f"//{authority}"
    text += path
    if query is not None:
        text += f"?{query}"
    if fragment is not None:
        text += f"#{fragment}"
    return text


def split(uri: str) -> tuple[str, str]:
    """(the URI without its fragment, the fragment percent-decoded)."""
    head, _, fragment = uri.partition("#")
    return head, unquote(fragment)


def has_scheme(ref: str) -> bool:
    """Whether a reference is an absolute URI (`https:`, `urn:`, `file:`, ...)."""
    match = _URI.match(ref)
    return match is not None and match.group(1) is not None
