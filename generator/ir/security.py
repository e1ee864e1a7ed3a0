"""Security from the spec: `components.securitySchemes` as client arguments, the top-level
`security` as the default requirement, each operation's `security` as its own.

Names: the token scheme of the top-level requirement (or the only token scheme) is
`api_key` (`x-client` `api-key-env`, default `<PREFIX>_API_KEY`); the basic scheme likewise
`username` / `password`. Others are named after the scheme: `AdminApiKeyAuth` ->
`admin_api_key`, `petstore_auth` (oauth2) -> `petstore_token`, `sessionCookie` ->
`session_cookie`, `cookieAuth` -> `cookie`; environment variables are `<PREFIX>_<ARGUMENT>`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from ..diagnostics import join_pointer
from ..literals import clean_text
from ..source.loader import Document
from ..source.pointers import pointer_tokens, walk
from ..source.resolve import Located, Resolver
from .auth import Requirement, SchemeKind, SecurityScheme
from .naming import allocate_names, constant_case, renamed, snake_case
from .placement import Placed
from .settings import CLIENT_ARGUMENTS, CLIENT_MEMBERS
from .spec_nodes import str_value

Warn = Callable[[Document, str, str, str], None]
Keys = tuple[tuple[str, ...], ...]  # a requirement by scheme names
TOKEN_KINDS = ("bearer", "header", "query", "cookie")


@dataclass(frozen=True)
class ApiSecurity:
    schemes: tuple[SecurityScheme, ...] = ()
    default: Requirement = ()

    @property
    def arguments(self) -> list[tuple[str, str, bool]]:
        """(argument, environment variable, required) of every scheme."""
        return [
            (a, e, s.required)
            for s in self.schemes
            for a, e in zip(s.arguments, s.envs, strict=True)
        ]


@dataclass(frozen=True)
class _Declared:
    key: str
    kind: SchemeKind
    wire_name: str
    declared_type: str
    description: str


def build_security(
    root: Document,
    resolver: Resolver,
    placed: list[Placed],
    warn: Warn,
    api_key_env: str,
    prefix: str,
) -> tuple[ApiSecurity, list[Placed]]:
    """The API's schemes and default requirement, and each operation with its own."""
    declared = _declared_schemes(root, resolver, warn)
    known: dict[str, _Declared | None] = dict.fromkeys(_scheme_names(root))
    known.update((d.key, d) for d in declared)
    default = (
        _requirement(root, root.data.get("security"), "/security", known, warn) or ()
    )
    per_op: list[Keys | None] = []
    for p in placed:
        node, _ = walk(p.doc.data, pointer_tokens(p.at))
        own = node.get("security") if isinstance(node, dict) else None
        at = p.at + "/security"
        per_op.append(_requirement(p.doc, own, at, known, warn))
    used = {k for req in [default, *per_op] if req for alt in req for k in alt}
    unused = [d for d in declared if d.key not in used]
    anywhere = root.data.get("security") is not None or any(
        r is not None for r in per_op
    )
    for d in unused:
        pointer = join_pointer("/components/securitySchemes", d.key)
        if anywhere:
            warn(
                root,
                "W123",
                f"security scheme {d.key!r} is declared but no `security` requirement "
                "uses it: the client does not send it",
                pointer,
            )
        else:
            warn(
                root,
                "W123",
                f"security scheme {d.key!r} is declared but the spec has no `security` "
                "requirement: the client takes its credential and sends it when given",
                pointer,
            )
    if not anywhere and unused:
        # sent when configured, never required: a guess the warning states
        default = (*((d.key,) for d in unused), ())
        used = {d.key for d in unused}
    effective = [default if r is None else r for r in per_op]
    required: set[str] = set()
    if default and len(default) == 1 and all(r and all(r) for r in effective):
        required = set(default[0])
    order = [d for d in declared if d.key in used]
    names = _arguments(order, default, api_key_env, prefix, root, warn)
    schemes = {
        d.key: SecurityScheme(
            key=d.key,
            kind=d.kind,
            wire_name=d.wire_name,
            arguments=names[d.key],
            envs=tuple(_env(a, api_key_env, prefix) for a in names[d.key]),
            declared_type=d.declared_type,
            description=d.description,
            required=d.key in required,
        )
        for d in order
    }

    def resolved(keys: Keys) -> Requirement:
        return tuple(tuple(schemes[k] for k in alt) for alt in keys)

    ops = [
        replace(
            p,
            operation=replace(
                p.operation,
                security=resolved(r),
                own_security=r != default,
            ),
        )
        for p, r in zip(placed, effective, strict=True)
    ]
    return ApiSecurity(tuple(schemes.values()), resolved(default)), ops


def _scheme_names(root: Document) -> list[str]:
    components = root.data.get("components")
    schemes = (
        components.get("securitySchemes") if isinstance(components, dict) else None
    )
    return [str(k) for k in schemes] if isinstance(schemes, dict) else []


def _declared_schemes(
    root: Document, resolver: Resolver, warn: Warn
) -> list[_Declared]:
    """The schemes the client can send; the others are warned about (W120, W121)."""
    components = root.data.get("components")
    schemes = (
        components.get("securitySchemes") if isinstance(components, dict) else None
    )
    if not isinstance(schemes, dict):
        return []
    found: list[_Declared] = []
    for key, raw in schemes.items():
        pointer = join_pointer("/components/securitySchemes", str(key))
        loc = resolver.follow(Located(raw, root, pointer))
        node = loc.node if isinstance(loc.node, dict) else {}
        declared = _classify(str(key), node, loc, warn)
        if declared is not None:
            found.append(declared)
    return found


def _classify(
    key: str, node: dict[str, Any], loc: Located, warn: Warn
) -> _Declared | None:
    kind = node.get("type")
    description = clean_text(str_value(node.get("description")))

    def unsupported(why: str, where: str = "/type") -> None:
        warn(
            loc.doc,
            "W121",
            f"security scheme {key!r}: {why}; the client does not send it (pass it "
            "in default_headers / default_query, or configure an http_client)",
            loc.pointer + where,
        )

    if kind == "http":
        scheme = str_value(node.get("scheme")).lower()
        if scheme == "bearer":
            return _Declared(key, "bearer", "Authorization", "http", description)
        if scheme == "basic":
            return _Declared(key, "basic", "Authorization", "http", description)
        unsupported(
            f"HTTP authentication scheme {scheme or '(none)'!r} is not supported",
            "/scheme",
        )
        return None
    if kind == "apiKey":
        where, name = node.get("in"), node.get("name")
        if (
            where not in ("header", "query", "cookie")
            or not isinstance(name, str)
            or not name
        ):
            unsupported(
                "an apiKey scheme needs `in` (header, query or cookie) and `name`", ""
            )
            return None
        return _Declared(key, where, name, "apiKey", description)
    if kind in ("oauth2", "openIdConnect"):
        warn(
            loc.doc,
            "W120",
            f"security scheme {key!r} is {kind}: the client sends a bearer token you "
            "obtain yourself (the flows are not run); see the README's recipe for "
            "refreshing it",
            loc.pointer + "/type",
        )
        return _Declared(key, "bearer", "Authorization", str(kind), description)
    if kind == "mutualTLS":
        unsupported("mutualTLS is configured on an http_client (its `cert`)")
        return None
    unsupported(f"unknown security scheme type {kind!r}")
    return None


def _requirement(
    doc: Document,
    value: Any,
    pointer: str,
    known: dict[str, _Declared | None],
    warn: Warn,
) -> Keys | None:
    """A `security` list as scheme names; names not declared (W122) or declared as a
    scheme the client cannot send (W121 said so) are left out of their alternative."""
    if not isinstance(value, list):
        return None
    alternatives: list[tuple[str, ...]] = []
    for index, entry in enumerate(value):
        entry = entry if isinstance(entry, dict) else {}
        keys: list[str] = []
        for name in entry:
            if known.get(str(name)) is not None:
                keys.append(str(name))
            elif str(name) not in known:
                close = difflib.get_close_matches(str(name), list(known), 1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                warn(
                    doc,
                    "W122",
                    f"security requirement names {name!r}, which "
                    f"components.securitySchemes does not declare: left out{hint}",
                    join_pointer(pointer, index, str(name)),
                )
        alternatives.append(tuple(keys))
    return tuple(dict.fromkeys(alternatives))


def _arguments(
    schemes: list[_Declared],
    default: Keys,
    api_key_env: str,
    prefix: str,
    root: Document,
    warn: Warn,
) -> dict[str, tuple[str, ...]]:
    first = [k for alt in default for k in alt]

    def primary(kinds: Iterable[str]) -> str | None:
        of_kind = [d.key for d in schemes if d.kind in kinds]
        in_default = [k for k in first if k in of_kind]
        if in_default:
            return in_default[0]
        return of_kind[0] if len(of_kind) == 1 else None

    token, basic = primary(TOKEN_KINDS), primary(["basic"])
    wanted: list[tuple[str, str]] = []  # (scheme key + part, argument)
    for d in schemes:
        stem = snake_case(d.key, "scheme")
        if stem.endswith("_auth") and stem != "_auth":
            stem = stem[: -len("_auth")]
        if d.kind == "basic":
            parts = ("username", "password")
            names = parts if d.key == basic else tuple(f"{stem}_{p}" for p in parts)
            wanted += [(f"{d.key}\0{p}", n) for p, n in zip(parts, names, strict=True)]
            continue
        if d.key == token:
            name = "api_key"
        elif stem.endswith(("key", "token", "secret", "cookie", "session")):
            name = stem
        else:
            name = stem + ("_token" if d.kind == "bearer" else "_api_key")
        wanted.append((d.key, name))
    taken = (CLIENT_ARGUMENTS | CLIENT_MEMBERS) - {"api_key"}
    allocated = allocate_names(wanted, taken=taken)
    for key, want, got in renamed(wanted, allocated):
        warn(
            root,
            "W104",
            f"security scheme {key.split(chr(0))[0]!r} would be set by the argument "
            f"{want!r}, like another; it is {got!r}",
            join_pointer("/components/securitySchemes", key.split("\0")[0]),
        )
    result: dict[str, tuple[str, ...]] = {}
    for key, _ in wanted:
        scheme = key.split("\0")[0]
        result[scheme] = (*result.get(scheme, ()), allocated[key])
    return result


def _env(argument: str, api_key_env: str, prefix: str) -> str:
    if argument == "api_key":
        return api_key_env
    # the API key's variable names the prefix: OPENAI_API_KEY -> OPENAI_ADMIN_API_KEY
    if api_key_env.endswith("_API_KEY"):
        prefix = api_key_env[: -len("_API_KEY")]
    return f"{prefix}_{constant_case(argument)}"
