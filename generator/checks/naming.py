"""The x- vocabulary that names things: `x-resource` and `x-method` on an operation, and
`x-client` at the root (package, class names, environment variables, client-level headers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, join_pointer
from ..source.loader import Document

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# an HTTP field name (RFC 9110 token)
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def check_names(
    doc: Document, op: dict[str, Any], pointer: str
) -> Iterator[Diagnostic]:
    """x-resource is a name or names joined by dots; x-method a name."""
    resource = op.get("x-resource")
    if resource is not None and (
        not isinstance(resource, str)
        or not all(part.strip() for part in resource.split("."))
    ):
        yield doc.diagnostic(
            "E050",
            "x-resource must be a name, or names joined by dots (chat.completions)",
            pointer + "/x-resource",
        )
    method = op.get("x-method")
    if method is not None and (not isinstance(method, str) or not method.strip()):
        yield doc.diagnostic(
            "E050", "x-method must be a non-empty string", pointer + "/x-method"
        )


def check_client(doc: Document, client: Any) -> Iterator[Diagnostic]:
    if not isinstance(client, dict):
        yield doc.diagnostic("E050", "x-client must be a mapping", "/x-client")
        return
    for key in ("package", "name", "async-name", "api-key-env", "base-url-env"):
        value = client.get(key)
        if value is not None and (
            not isinstance(value, str) or not _IDENTIFIER.match(value)
        ):
            yield doc.diagnostic(
                "E050",
                f"x-client {key} must be a Python identifier",
                join_pointer("/x-client", key),
            )
    split = client.get("split-models")
    if split is not None and not isinstance(split, bool):
        yield doc.diagnostic(
            "E050",
            "x-client split-models must be true or false",
            "/x-client/split-models",
        )
    headers = client.get("headers")
    if headers is None:
        return
    if not isinstance(headers, dict):
        yield doc.diagnostic(
            "E050",
            "x-client headers must map header names to {argument, env, description}",
            "/x-client/headers",
        )
        return
    for header, entry in headers.items():
        yield from _check_client_header(doc, header, entry)


def _check_client_header(
    doc: Document, header: Any, entry: Any
) -> Iterator[Diagnostic]:
    pointer = join_pointer("/x-client/headers", str(header))
    if not isinstance(header, str) or not _HEADER_NAME.match(header):
        yield doc.diagnostic(
            "E050", f"x-client headers: {header!r} is not a header name", pointer
        )
    if entry is None:
        return
    if not isinstance(entry, dict):
        yield doc.diagnostic(
            "E050",
            "an x-client header must be a mapping with argument, env and description",
            pointer,
        )
        return
    for key, value in entry.items():
        if key not in ("argument", "env", "description"):
            yield doc.diagnostic(
                "E050",
                f"unknown key {key!r} in an x-client header (argument, env, description)",
                join_pointer(pointer, str(key)),
            )
        elif key != "description" and (
            not isinstance(value, str) or not _IDENTIFIER.match(value)
        ):
            yield doc.diagnostic(
                "E050",
                f"x-client header {key} must be a Python identifier",
                join_pointer(pointer, key),
            )
        elif key == "description" and not isinstance(value, str):
            yield doc.diagnostic(
                "E050",
                "x-client header description must be a string",
                join_pointer(pointer, key),
            )
