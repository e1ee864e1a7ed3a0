"""Stage 4b, build the IR of the whole API: resources, operations, arguments, bodies, responses.

Decides every Python name once: client class names, resource attributes, method names and
keyword arguments (unique per method, never shadowing the per-call options). The parts are
built by `operations.py`, `responses.py`, `pagination.py`, `resources.py` and
`settings.py`; the TypedDicts a request may carry by `build_params.py`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import replace

from .. import __version__
from ..diagnostics import Diagnostic
from ..literals import clean_text
from ..source.loader import Document
from ..source.resolve import Resolver
from .build_params import request_params
from .model import Api, Model, Operation
from .naming import class_name, constant_case, package_from_title, snake_case
from .operations import collect_operations
from .pagination import paginate
from .resources import group_resources, ordered_aliases
from .responses import with_text_formats
from .schemas import SchemaBuilder
from .security import build_security
from .settings import client_headers, env_name, server_url
from .spec_nodes import str_value
from .wire_schemas import WireSchemas

# top-level names a generated package must not take: it would shadow them for its own imports
_TAKEN_TOP_LEVEL = frozenset(
    (
        *sys.stdlib_module_names,
        "httpx",
        "pydantic",
        "pydantic_core",
        "anyio",
        "typing_extensions",
    )
)


def build_api(
    root: Document, resolver: Resolver, package: str | None = None
) -> tuple[Api, list[Diagnostic]]:
    """The IR of the whole API, and the warnings found while building it."""
    data = root.data
    settings = data.get("x-client") if isinstance(data.get("x-client"), dict) else {}
    info = data.get("info") or {}
    title = str(info.get("title") or "API")
    package_name = (
        package
        or str_value(settings.get("package"))
        or package_from_title(title, "api_client")
    )
    package_name = snake_case(package_name, "api_client")
    schemas = SchemaBuilder(resolver)
    if package_name in _TAKEN_TOP_LEVEL:
        # `import json` would find the package instead of the standard library's
        schemas.warn(
            root,
            "W104",
            f"package name {package_name!r} is a module of Python's standard library or "
            f"of the package's dependencies; it is named {package_name + '_'!r}",
            (
                "/x-client/package"
                if str_value(settings.get("package"))
                else "/info/title"
            ),
        )
        package_name += "_"
    dialect = "3.1" if str(data.get("openapi", "")).startswith("3.1") else "3.0"
    wire = WireSchemas(resolver, dialect)
    placed = collect_operations(root, resolver, schemas, wire)
    schemas.build_all()
    placed = [
        replace(p, operation=with_text_formats(p.operation, schemas.aliases))
        for p in placed
    ]
    ops = paginate(
        root, resolver, [p.operation for p in placed], schemas.models, schemas.aliases
    )
    aliases = ordered_aliases(schemas, root)
    params = request_params(schemas.models, aliases, ops)
    placed = [
        replace(p, operation=op)
        for p, op in zip(placed, params.operations, strict=True)
    ]
    prefix = constant_case(package_name)
    api_key_env = env_name(settings.get("api-key-env")) or f"{prefix}_API_KEY"
    security, placed = build_security(
        root, resolver, placed, schemas.warn, api_key_env, prefix
    )
    credentials = [a for a, _, _ in security.arguments]
    headers = client_headers(root, schemas.warn, credentials)
    resources = group_resources(
        root,
        placed,
        set(schemas.models) | set(schemas.aliases) | params.names,
        [h.argument for h in headers] + credentials,
        schemas.warn,
    )
    servers = data.get("servers") or []
    base_url = ""
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        base_url = server_url(servers[0])
    api = Api(
        package=package_name,
        distribution=package_name.replace("_", "-"),
        title=clean_text(title),
        version=str(info.get("version") or "0.0.0"),
        description=clean_text(str(info.get("description") or "")),
        client_name=class_name(str_value(settings.get("name")) or "Client"),
        async_client_name=class_name(
            str_value(settings.get("async-name")) or "AsyncClient"
        ),
        base_url=base_url,
        api_key_env=api_key_env,
        base_url_env=env_name(settings.get("base-url-env")) or f"{prefix}_BASE_URL",
        resources=resources,
        models=_with_request_schemas(
            schemas.models.values(), [p.operation for p in placed]
        ),
        aliases=aliases,
        generator_version=__version__,
        wire_schemas=wire.text(),
        param_dicts=params.dicts,
        param_aliases=params.aliases,
        client_headers=headers,
        models_split=(
            split if isinstance(split := settings.get("split-models"), bool) else None
        ),
        security_schemes=security.schemes,
        security=security.default,
    )
    return api, schemas.warnings


def _with_request_schemas(
    models: Iterable[Model], operations: list[Operation]
) -> tuple[Model, ...]:
    """Models that are some operation's body, or its parameters, learn where their schema is
    in the package's request-schema document (the first such operation's body: the same
    schema each time), so check_request(Model, ...) checks what the client checks.
    """
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for op in operations:
        if op.parameters_model is not None and op.parameters_schema:
            found[op.parameters_model.name] = (op.parameters_schema, ())
        for body in op.bodies:
            if body.model is not None and body.schema:
                found.setdefault(body.model.name, (body.schema, body.file_fields))
    return tuple(
        (
            replace(m, request_schema=found[m.name][0], request_files=found[m.name][1])
            if m.name in found
            else m
        )
        for m in models
    )
