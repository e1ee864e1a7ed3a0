"""Security schemes of the IR: how a credential is sent, the client arguments and environment
variables that set it, and the requirements (alternatives of schemes) operations state.
Built by `security.py`; the client template turns them into the runtime's `Security`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..literals import code_span, py_str

SchemeKind = Literal["bearer", "basic", "header", "query", "cookie"]


@dataclass(frozen=True)
class SecurityScheme:
    """One scheme of `components.securitySchemes` the client can send."""

    key: str  # its name under components.securitySchemes
    kind: SchemeKind
    wire_name: str  # the header, query parameter or cookie it is sent as
    arguments: tuple[str, ...]  # the client's keyword arguments: (token,) or (user, pw)
    envs: tuple[str, ...]  # the environment variable read for each argument
    declared_type: str  # the spec's `type`: http, apiKey, oauth2, openIdConnect
    description: str = ""
    required: bool = False  # the client cannot be built without it

    def python(self, values: str, indent: int) -> str:
        """The runtime's Credential call, reading the arguments from the dict `values`,
        exploded one argument a line (black-stable) for a line indented by `indent`."""
        lines = [f"{values}[{py_str(a)}]" for a in self.arguments]
        if self.kind == "basic":
            lines.append(
                f"arguments=({py_str(self.arguments[0])}, {py_str(self.arguments[1])})"
            )
            lines.append(f"envs=({py_str(self.envs[0])}, {py_str(self.envs[1])})")
        else:
            if self.kind != "bearer":
                lines.append(f"location={py_str(self.kind)}")
                lines.append(f"name={py_str(self.wire_name)}")
            lines.append(f"argument={py_str(self.arguments[0])}")
            lines.append(f"env={py_str(self.envs[0])}")
        inner = " " * (indent + 4)
        body = "".join(f"{inner}{line},\n" for line in lines)
        return f"_auth.{self.runtime_name}(\n{body}{' ' * indent})"

    @property
    def runtime_name(self) -> str:
        """The runtime function `python()` calls."""
        return {"basic": "basic", "bearer": "bearer"}.get(self.kind, "api_key")

    @property
    def words(self) -> str:
        """How it is sent, in words (Markdown)."""
        if self.kind == "bearer":
            return "a bearer token: `Authorization: Bearer ...`"
        if self.kind == "basic":
            return "HTTP basic authentication: `Authorization: Basic ...`"
        where = {"header": "header", "query": "query parameter", "cookie": "cookie"}
        return f"an API key in the {code_span(self.wire_name)} {where[self.kind]}"

    @property
    def token_acquired_elsewhere(self) -> bool:
        """OAuth 2 and OpenID Connect: the client sends a token the user obtained."""
        return self.declared_type in ("oauth2", "openIdConnect")


Requirement = tuple[tuple[SecurityScheme, ...], ...]


def requirement_python(requirement: Requirement) -> str:
    """A requirement as the runtime's tuple of tuples of scheme names."""
    return _tuple([_tuple([py_str(s.key) for s in alt]) for alt in requirement])


def _tuple(items: list[str]) -> str:
    if not items:
        return "()"
    return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"


def requirement_words(requirement: Requirement) -> str:
    """Which credentials a call sends, in words (Markdown)."""
    if not requirement or requirement == ((),):
        return "none: the operation is public, no credentials are sent"
    ways = []
    for alternative in requirement:
        if not alternative:
            ways.append("none (the call is sent without credentials)")
            continue
        ways.append(" and ".join(f"`{a}`" for s in alternative for a in s.arguments))
    if len(ways) == 1:
        return ways[0]
    return (
        "one of: "
        + "; or ".join(ways)
        + " (the first whose credentials the client has is sent)"
    )
