"""Client-wide settings from the spec: authentication and the base URL from `servers`,
environment variable names and client-level headers from `x-client`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..diagnostics import join_pointer
from ..literals import clean_text
from ..source.loader import Document
from .model import ClientHeader
from .naming import allocate_names, constant_case, member_name, renamed
from .spec_nodes import str_value

# Attributes of the generated client classes: a resource must not shadow them, nor a
# client-level header's argument (which is an attribute too).
CLIENT_MEMBERS = frozenset(
    {
        "close",
        "aclose",
        "copy",
        "base_url",
        "api_key",
        "timeout",
        "max_retries",
        "with_options",
    }
)

# Keyword arguments of the generated clients' __init__ and with_options: a client-level
# header's argument must be none of these.
CLIENT_ARGUMENTS = frozenset(
    {
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
        "default_headers",
        "set_default_headers",
        "default_query",
        "set_default_query",
        "http_client",
    }
)


def server_url(server: dict[str, Any]) -> str:
    url = str_value(server.get("url"))
    variables = server.get("variables") or {}
    if isinstance(variables, dict):
        for name, var in variables.items():
            if isinstance(var, dict) and "default" in var:
                url = url.replace("{" + str(name) + "}", str(var["default"]))
    return url.rstrip("/")


def env_name(value: Any) -> str:
    return constant_case(value) if isinstance(value, str) and value else ""


_TAKEN = CLIENT_ARGUMENTS | CLIENT_MEMBERS


def client_headers(
    root: Document,
    warn: Callable[[Document, str, str, str], None],
    credentials: Iterable[str] = (),
) -> tuple[ClientHeader, ...]:
    """`x-client` `headers`: `{Header-Name: {argument: name, env: VAR, description: ...}}`
    (the argument defaults to the header's name in snake_case). An argument named like
    another client argument (a credential's too) gets a trailing `_` (W112), like another
    header's too (W104).
    """
    taken = _TAKEN | frozenset(credentials)
    settings = root.data.get("x-client")
    headers = settings.get("headers") if isinstance(settings, dict) else None
    if not isinstance(headers, dict):
        return ()
    found: list[tuple[str, str, dict[str, Any]]] = (
        []
    )  # (header, wanted argument, entry)
    for header, entry in headers.items():
        entry = entry if isinstance(entry, dict) else {}
        spelled = str_value(entry.get("argument")) or str(header)
        wanted = member_name(spelled)
        pointer = join_pointer("/x-client/headers", str(header))
        if wanted in taken:
            given = wanted
            while given in taken:
                given += "_"
            warn(
                root,
                "W112",
                f"header {header!r} would be set by the argument {wanted!r}, a name "
                f"the client has already; it is {given!r}",
                pointer,
            )
            wanted = given
        found.append((str(header), wanted, entry))
    wanted_names = [(header, wanted) for header, wanted, _ in found]
    names = allocate_names(wanted_names, taken=taken)
    for header, want, got in renamed(wanted_names, names):
        warn(
            root,
            "W104",
            f"header {header!r} would be set by the argument {want!r}, like another "
            f"header; it is {got!r}",
            join_pointer("/x-client/headers", header),
        )
    return tuple(
        ClientHeader(
            header=header,
            argument=names[header],
            env=env_name(entry.get("env")),
            description=clean_text(str_value(entry.get("description"))),
        )
        for header, _, entry in found
    )
