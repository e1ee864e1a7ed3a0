"""Credentials: how each security scheme of the spec is sent, and which ones a call sends.

A client holds one :class:`Credential` per security scheme the spec declares (given or not)
and the API's default requirement. Each call sends the credentials of the first alternative
of its requirement (the operation's own `security`, else the default) whose schemes are all
configured; an empty alternative (`security: []`, or `{}` in a list) sends none. A call none
of whose alternatives can be met is refused before anything is sent.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from ._errors import ConfigurationError
from ._types import Secret

__all__ = ["Credential", "Requirement", "Security", "api_key", "basic", "bearer"]

Location: TypeAlias = Literal["header", "query", "cookie"]
# Alternatives, each a tuple of scheme names that are all sent together.
Requirement: TypeAlias = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Credential:
    """One security scheme: where its value goes, the value (None: not configured) and
    the client arguments (and environment variables) that set it, for messages."""

    location: Location
    name: str  # the header, query parameter or cookie it is sent as
    secret: Secret | None
    arguments: tuple[str, ...] = ("api_key",)
    envs: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        return self.secret is not None

    def how(self) -> str:
        """What a user does to configure it, in words."""
        args = " and ".join(self.arguments)
        envs = [env for env in self.envs if env]
        if not envs:
            return f"pass {args} to the client"
        variables = "environment variables" if len(envs) > 1 else "environment variable"
        return f"pass {args} to the client or set the {' and '.join(envs)} {variables}"


def _checked(value: str, argument: str) -> str:
    # Control characters would make httpx/h11 raise an error quoting the header value,
    # i.e. the secret: refuse them before any request is built, never echoing the value.
    if not value or not value.isascii() or not value.isprintable() or " " in value:
        raise ConfigurationError(
            f"{argument} must be a non-empty string of printable ASCII without spaces"
        )
    return value


def bearer(
    token: str | None, *, argument: str = "api_key", env: str = ""
) -> Credential:
    """`Authorization: Bearer <token>` (http bearer, oauth2, openIdConnect)."""
    secret = None if token is None else Secret("Bearer " + _checked(token, argument))
    return Credential("header", "Authorization", secret, (argument,), (env,))


def api_key(
    value: str | None,
    *,
    location: Location,
    name: str,
    argument: str = "api_key",
    env: str = "",
) -> Credential:
    """An apiKey scheme: the value as is, in a header, a query parameter or a cookie."""
    secret = None if value is None else Secret(_checked(value, argument))
    return Credential(location, name, secret, (argument,), (env,))


def basic(
    username: str | None,
    password: str | None,
    *,
    arguments: tuple[str, str] = ("username", "password"),
    envs: tuple[str, str] = ("", ""),
) -> Credential:
    """`Authorization: Basic base64(username:password)` (RFC 7617, UTF-8)."""
    if username is None and password is None:
        return Credential("header", "Authorization", None, arguments, envs)
    if username is None or password is None:
        given, missing = arguments if password is None else arguments[::-1]
        raise ConfigurationError(f"{given} is set but {missing} is not: set both")
    if ":" in username or not username.isprintable() or not password.isprintable():
        raise ConfigurationError(
            f"{arguments[0]} must not contain ':', and neither {arguments[0]} nor "
            f"{arguments[1]} control characters"
        )
    pair = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return Credential(
        "header", "Authorization", Secret("Basic " + pair), arguments, envs
    )


@dataclass(frozen=True)
class Security:
    """The credentials of a client by scheme name, the requirement of calls that do not
    state their own, and the schemes the client cannot be built without."""

    credentials: Mapping[str, Credential] = field(default_factory=dict)
    default: Requirement = ()
    required: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for scheme in self.required:
            credential = self.credentials[scheme]
            if not credential.given:
                what = (
                    "API key" if credential.arguments == ("api_key",) else "credentials"
                )
                raise ConfigurationError(f"No {what}: {credential.how()}")

    @classmethod
    def of(cls, credential: Credential) -> Security:
        """One scheme, sent with every call when given."""
        return cls({"default": credential}, (("default",),) if credential.given else ())

    @property
    def given(self) -> bool:
        return any(c.given for c in self.credentials.values())

    def chosen(
        self, requirement: Requirement | None, call: str
    ) -> tuple[Credential, ...]:
        """The credentials `call` sends: those of the first alternative all of whose
        schemes are configured; none for no requirement or an empty alternative."""
        alternatives = self.default if requirement is None else requirement
        if not alternatives:
            return ()
        for alternative in alternatives:
            found = [self.credentials.get(name) for name in alternative]
            if all(c is not None and c.given for c in found):
                return tuple(c for c in found if c is not None)
        ways = [
            " and ".join(
                self.credentials[name].how()
                for name in alternative
                if name in self.credentials and not self.credentials[name].given
            )
            for alternative in alternatives
        ]
        raise ConfigurationError(
            f"{call} needs credentials the client was not given: "
            + "; or ".join(w for w in ways if w)
        )


def credential_headers(chosen: tuple[Credential, ...]) -> dict[str, str]:
    """The headers (cookies joined in one `Cookie` header) of the chosen credentials."""
    headers: dict[str, str] = {}
    cookies = []
    for c in chosen:
        if c.secret is None:
            continue
        if c.location == "header":
            headers[c.name] = c.secret.reveal()
        elif c.location == "cookie":
            cookies.append(f"{c.name}={c.secret.reveal()}")
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    return headers


def credential_query(chosen: tuple[Credential, ...]) -> dict[str, object]:
    """The query parameters of the chosen credentials."""
    return {
        c.name: c.secret.reveal()
        for c in chosen
        if c.location == "query" and c.secret is not None
    }
