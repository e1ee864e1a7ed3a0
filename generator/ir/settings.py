"""Client-wide settings from the spec: authentication and the base URL from `servers`,
environment variable names from `x-client`.
"""

from __future__ import annotations

from typing import Any

from .model import Auth
from .naming import constant_case
from .spec_nodes import str_value


def auth_of(data: dict[str, Any]) -> Auth:
    schemes = ((data.get("components") or {}).get("securitySchemes")) or {}
    wanted: list[str] = []
    for requirement in data.get("security") or []:
        if isinstance(requirement, dict):
            wanted.extend(str(k) for k in requirement)
    names = wanted or list(schemes)
    for name in names:
        scheme = schemes.get(name)
        if not isinstance(scheme, dict):
            continue
        kind = scheme.get("type")
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            return Auth("bearer", "Authorization", str(name))
        if (
            kind == "apiKey"
            and scheme.get("in") == "header"
            and isinstance(scheme.get("name"), str)
        ):
            return Auth("header", scheme["name"], str(name))
        if kind == "oauth2" or kind == "openIdConnect":
            return Auth("bearer", "Authorization", str(name))
    return Auth("none")


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
