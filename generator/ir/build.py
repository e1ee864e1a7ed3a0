"""Stage 4b, build the IR of the whole API: resources, operations, arguments, bodies, responses.

Decides every Python name once: client class names, resource attributes, method names and
keyword arguments (unique per method, never shadowing the per-call options).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from .. import __version__
from ..diagnostics import Diagnostic, SpecError, join_pointer
from ..literals import clean_text
from ..source.loader import Document
from ..source.resolve import Located, Resolver
from .model import (
    ANY,
    Alias,
    Api,
    Argument,
    Auth,
    Body,
    BodyKind,
    CodeSample,
    Default,
    Field,
    Model,
    Operation,
    Resource,
    Response,
    TypeRef,
)
from .naming import (
    allocate_names,
    class_name,
    constant_case,
    member_name,
    pascal_case,
    renamed,
    snake_case,
)
from .schemas import SchemaBuilder, annotations_of, split_constraints
from .wire_schemas import WireSchemas

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keyword arguments every generated method has; spec names are kept off them.
CALL_OPTIONS = frozenset(
    {"extra_headers", "extra_query", "extra_body", "timeout", "max_retries"}
)
# Attributes of the generated client classes that a resource must not shadow.
CLIENT_MEMBERS = frozenset({"close", "aclose", "base_url", "with_options"})
# Attributes of the generated resource classes that an operation must not shadow.
RESOURCE_MEMBERS = frozenset({"with_raw_response"})


def build_api(
    root: Document, resolver: Resolver, package: str | None = None
) -> tuple[Api, list[Diagnostic]]:
    """The IR of the whole API, and the warnings found while building it."""
    data = root.data
    settings = data.get("x-client") if isinstance(data.get("x-client"), dict) else {}
    info = data.get("info") or {}
    title = str(info.get("title") or "API")
    package_name = (
        package or _str(settings.get("package")) or snake_case(title, "api_client")
    )
    package_name = snake_case(package_name, "api_client")
    schemas = SchemaBuilder(resolver)
    dialect = "3.1" if str(data.get("openapi", "")).startswith("3.1") else "3.0"
    wire = WireSchemas(resolver, dialect)
    operations = _collect_operations(root, resolver, schemas, wire)
    schemas.build_all()
    resources = _group_resources(
        root, operations, set(schemas.models) | set(schemas.aliases)
    )
    prefix = constant_case(package_name)
    servers = data.get("servers") or []
    base_url = ""
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        base_url = _server_url(servers[0])
    api = Api(
        package=package_name,
        distribution=package_name.replace("_", "-"),
        title=clean_text(title),
        version=str(info.get("version") or "0.0.0"),
        description=clean_text(str(info.get("description") or "")),
        client_name=class_name(_str(settings.get("name")) or "Client"),
        async_client_name=class_name(_str(settings.get("async-name")) or "AsyncClient"),
        base_url=base_url,
        api_key_env=_env_name(settings.get("api-key-env")) or f"{prefix}_API_KEY",
        base_url_env=_env_name(settings.get("base-url-env")) or f"{prefix}_BASE_URL",
        auth=_auth(data),
        resources=resources,
        models=_with_request_schemas(schemas.models.values(), operations),
        aliases=_ordered_aliases(schemas, root),
        generator_version=__version__,
        wire_schemas=wire.text(),
    )
    return api, schemas.warnings


def _with_request_schemas(
    models: Iterable[Model], operations: list[tuple[str, str, Operation]]
) -> tuple[Model, ...]:
    """Models that are some operation's body learn where their schema is in the package's
    request-schema document (the first such operation's body: the same schema each time).
    """
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for _, _, op in operations:
        body = op.body
        if body is None or body.model is None or not op.body_schema:
            continue
        files = (
            tuple(a.wire_name for a in op.arguments_from("body") if a.is_file)
            if body.kind == "multipart"
            else ()
        )
        found.setdefault(body.model.name, (op.body_schema, files))
    return tuple(
        (
            replace(m, request_schema=found[m.name][0], request_files=found[m.name][1])
            if m.name in found
            else m
        )
        for m in models
    )


def _collect_operations(
    root: Document, resolver: Resolver, schemas: SchemaBuilder, wire: WireSchemas
) -> list[tuple[str, str, Operation]]:
    """(resource key, wanted method name, operation) for every operation, in spec order."""
    found: list[tuple[str, str, Operation]] = []
    paths = root.data.get("paths") or {}
    for path, item in paths.items():
        item_ptr = join_pointer("/paths", str(path))
        item_loc = resolver.follow(Located(item, root, item_ptr))
        if not isinstance(item_loc.node, dict):
            continue
        shared = item_loc.node.get("parameters") or []
        for method in HTTP_METHODS:
            op = item_loc.node.get(method)
            if not isinstance(op, dict):
                continue
            op_loc = Located(op, item_loc.doc, join_pointer(item_loc.pointer, method))
            shared_loc = Located(shared, item_loc.doc, item_loc.pointer + "/parameters")
            operation = _operation(
                str(path), method, op_loc, shared_loc, resolver, schemas, wire
            )
            tags = op.get("tags") or []
            resource = _str(op.get("x-resource")) or (
                str(tags[0]) if tags else "default"
            )
            found.append(
                (
                    resource,
                    _str(op.get("x-method")) or operation.operation_id,
                    operation,
                )
            )
    return found


def _operation(
    path: str,
    method: str,
    op_loc: Located,
    shared: Located,
    resolver: Resolver,
    schemas: SchemaBuilder,
    wire_schemas: WireSchemas,
) -> Operation:
    op = op_loc.node
    operation_id = _str(op.get("operationId")) or f"{method}_{path}"
    hint = pascal_case(operation_id, "Operation")
    arguments: list[Argument] = []
    cookies: list[str] = []
    parameter_schemas: dict[tuple[str, str], Located] = {}
    for param in _parameters(op_loc, shared, resolver):
        where = param.node.get("in")
        wire = str(param.node.get("name"))
        if where == "cookie":
            cookies.append(wire)
            schemas.warn(
                param.doc,
                "W105",
                f"cookie parameter {wire!r} is documented but not sent: pass it with "
                "extra_headers={'Cookie': ...}",
                param.pointer,
            )
            continue
        schema = param.node.get("schema", {})
        schema_loc = Located(schema, param.doc, param.pointer + "/schema")
        parameter_schemas[(wire, where)] = schema_loc
        full_type = schemas.convert(schema_loc, hint + pascal_case(wire))
        type_ref, constraints = split_constraints(full_type)
        # a null union's one other member documents the values (`anyOf: [X, null]`)
        schema = annotations_of(schema)
        required = where == "path" or param.node.get("required") is True
        arguments.append(
            Argument(
                name=wire,
                wire_name=wire,
                source=where,
                type=type_ref,
                required=required,
                description=_description(param.node) or _schema_description(schema),
                default=_default(schema),
                constraints=constraints,
                example=_first(param.node.get("example"), schema),
                has_example="example" in param.node or _has_example(schema),
                deprecated=param.node.get("deprecated") is True,
            )
        )
    body = None
    body_schema = ""
    if "requestBody" in op:
        body_loc = resolver.follow(
            Located(op["requestBody"], op_loc.doc, op_loc.pointer + "/requestBody")
        )
        body, body_schema_loc = _body(body_loc, hint, schemas)
        if body is not None:
            arguments.extend(_body_arguments(body))
            if body_schema_loc is not None:
                body_schema = wire_schemas.add_body(
                    operation_id, body_schema_loc, files=body.kind == "multipart"
                )
    arguments_named = _with_check_keys(_name_arguments(arguments, op_loc, schemas))
    sent = [
        (a.check_key, parameter_schemas[(a.wire_name, a.source)], a.required)
        for a in arguments_named
        if a.source in ("path", "query", "header")
    ]
    parameters_schema = wire_schemas.add_parameters(operation_id, sent) if sent else ""
    parameters_model = _parameters_model(arguments_named, hint, op_loc.pointer, schemas)
    responses = _responses(op_loc, resolver, schemas, hint)
    success = next((r for r in responses if r.status.startswith("2")), None) or next(
        (r for r in responses if r.status == "default" and r.kind != "empty"),
        Response("default", "", "empty", None),
    )
    return Operation(
        operation_id=operation_id,
        method_name="",  # decided when grouped into resources
        http_method=method.upper(),
        path=path,
        summary=clean_text(_str(op.get("summary"))),
        description=clean_text(_str(op.get("description"))),
        arguments=arguments_named,
        body=body,
        responses=tuple(responses),
        success=success,
        deprecated=op.get("deprecated") is True,
        samples=_samples(op),
        cookie_parameters=tuple(cookies),
        parameters_model=parameters_model,
        body_schema=body_schema,
        parameters_schema=parameters_schema,
    )


def _with_check_keys(arguments: tuple[Argument, ...]) -> tuple[Argument, ...]:
    """Give each parameter the key its value is checked under: the wire name, or
    "name (location)" when a name is used in more than one location."""
    locations: dict[str, int] = {}
    for arg in arguments:
        if arg.source in ("path", "query", "header"):
            locations[arg.wire_name] = locations.get(arg.wire_name, 0) + 1
    return tuple(
        (
            replace(
                a,
                check_key=(
                    a.wire_name
                    if locations.get(a.wire_name) == 1
                    else f"{a.wire_name} ({a.source})"
                ),
            )
            if a.source in ("path", "query", "header")
            else a
        )
        for a in arguments
    )


def _parameters_model(
    arguments: tuple[Argument, ...], hint: str, pointer: str, schemas: SchemaBuilder
) -> Model | None:
    """A model of the operation's path, query and header parameters, so that one call
    checks every parameter constraint."""
    params = [a for a in arguments if a.source in ("path", "query", "header")]
    if not params:
        return None
    names = allocate_names([(a.check_key, member_name(a.check_key)) for a in params])
    fields = tuple(
        Field(
            name=names[a.check_key],
            wire_name=a.check_key,
            type=a.type,
            required=a.required,
            nullable=a.type.is_nullable,
            description=a.description,
            constraints=a.constraints,
        )
        for a in params
    )
    model = Model(
        name=schemas.fresh_name(hint + "Parameters"),
        source=pointer + "/parameters",
        description=f"The parameters of {hint}, checked before a call is sent.",
        fields=fields,
        role="parameters",
    )
    schemas.models[model.name] = model
    return model


def _parameters(op_loc: Located, shared: Located, resolver: Resolver) -> list[Located]:
    """Path-item parameters overridden by operation parameters with the same name and place."""
    merged: dict[tuple[str, str], Located] = {}
    for group in (shared, Located(op_loc.node.get("parameters") or [], op_loc.doc, "")):
        pointer = group.pointer or op_loc.pointer + "/parameters"
        if not isinstance(group.node, list):
            continue
        for index, raw in enumerate(group.node):
            param = resolver.follow(
                Located(raw, group.doc, join_pointer(pointer, index))
            )
            node = param.node
            if not isinstance(node, dict) or "name" not in node or "in" not in node:
                raise SpecError(
                    [
                        param.doc.diagnostic(
                            "E023", "a parameter needs 'name' and 'in'", param.pointer
                        )
                    ]
                )
            if node["in"] not in ("path", "query", "header", "cookie"):
                raise SpecError(
                    [
                        param.doc.diagnostic(
                            "E023",
                            f"unknown parameter location '{node['in']}'",
                            param.pointer + "/in",
                        )
                    ]
                )
            merged[(str(node["name"]), str(node["in"]))] = param
    return list(merged.values())


_BODY_KINDS: tuple[tuple[BodyKind, Callable[[str], bool]], ...] = (
    ("json", lambda m: m == "application/json" or m.endswith("+json")),
    ("multipart", lambda m: m.startswith("multipart/")),
    ("form", lambda m: m == "application/x-www-form-urlencoded"),
    ("text", lambda m: m.startswith("text/")),
    ("binary", lambda m: True),
)


def _pick_media(content: dict[str, Any]) -> tuple[BodyKind, str] | None:
    for kind, accepts in _BODY_KINDS:
        for media in content:
            if accepts(str(media).split(";")[0].strip().lower()):
                return kind, str(media)
    return None


def _body(
    body_loc: Located, hint: str, schemas: SchemaBuilder
) -> tuple[Body | None, Located | None]:
    """The body, and the schema its JSON value is checked against (None: text, binary)."""
    node = body_loc.node
    content = node.get("content") if isinstance(node, dict) else None
    if not isinstance(content, dict) or not content:
        return None, None
    picked = _pick_media(content)
    if picked is None:
        return None, None
    kind, media = picked
    media_obj = content[media] if isinstance(content[media], dict) else {}
    schema_loc = Located(
        media_obj.get("schema", {}),
        body_loc.doc,
        join_pointer(body_loc.pointer, "content", media, "schema"),
    )
    required = node.get("required") is True
    example, has_example = _media_example(media_obj)
    if kind == "binary":
        return (
            Body(
                kind,
                media,
                TypeRef("file"),
                required,
                _description(node),
                None,
                example,
                has_example,
            ),
            None,
        )
    if kind == "text":
        return (
            Body(
                kind,
                media,
                TypeRef("str"),
                required,
                _description(node),
                None,
                example,
                has_example,
            ),
            None,
        )
    model = schemas.model_for(schema_loc, hint + "Request")
    if model is not None:
        type_ref = TypeRef("named", name=model.name)
    else:
        type_ref = schemas.convert(schema_loc, hint + "Request")
    body = Body(
        kind, media, type_ref, required, _description(node), model, example, has_example
    )
    return body, schema_loc


def _body_arguments(body: Body) -> list[Argument]:
    if body.model is None:
        return [
            Argument(
                name="body",
                wire_name="body",
                source="whole_body",
                type=body.type,
                required=body.required,
                description=body.description,
            )
        ]
    return [
        Argument(
            name=f.name,
            wire_name=f.wire_name,
            source="body",
            type=f.type,
            required=f.required,
            description=f.description,
            default=f.default,
            constraints=f.constraints,
            field_name=f.name,
            example=f.example,
            has_example=f.has_example,
            deprecated=f.deprecated,
        )
        for f in body.model.fields
    ]


def _name_arguments(
    arguments: list[Argument], op_loc: Located, schemas: SchemaBuilder
) -> tuple[Argument, ...]:
    """Unique Python names for all keyword arguments; required ones first."""
    keys = [f"{a.source}:{a.wire_name}" for a in arguments]
    wanted = [
        (key, member_name(a.wire_name, CALL_OPTIONS))
        for key, a in zip(keys, arguments, strict=True)
    ]
    names = allocate_names(wanted)
    for key, want, got in renamed(wanted, names):
        schemas.warn(
            op_loc.doc,
            "W104",
            f"argument {key.split(':', 1)[1]!r} ({key.split(':', 1)[0]}) would be named "
            f"{want!r}, like another one; it is named {got!r}",
            op_loc.pointer,
        )
    named = [
        replace(a, name=names[key]) for key, a in zip(keys, arguments, strict=True)
    ]
    return tuple(sorted(named, key=lambda a: not a.required))


def _responses(
    op_loc: Located, resolver: Resolver, schemas: SchemaBuilder, hint: str
) -> list[Response]:
    raw = op_loc.node.get("responses") or {}
    result: list[Response] = []
    if not isinstance(raw, dict):
        return result
    for status in sorted(raw, key=lambda s: (str(s) == "default", str(s))):
        loc = resolver.follow(
            Located(
                raw[status],
                op_loc.doc,
                join_pointer(op_loc.pointer, "responses", str(status)),
            )
        )
        node = loc.node if isinstance(loc.node, dict) else {}
        content = node.get("content") or {}
        description = _description(node)
        picked = _pick_media(content) if isinstance(content, dict) and content else None
        if picked is None:
            result.append(Response(str(status), description, "empty", None))
            continue
        kind, media = picked
        media_obj = content[media] if isinstance(content[media], dict) else {}
        example, has_example = _media_example(media_obj)
        if kind in ("json",):
            schema = media_obj.get("schema")
            suffix = (
                "Response"
                if str(status).startswith("2")
                else f"Response{pascal_case(str(status))}"
            )
            type_ref = (
                schemas.convert(
                    Located(
                        schema,
                        loc.doc,
                        join_pointer(loc.pointer, "content", media, "schema"),
                    ),
                    hint + suffix,
                )
                if schema is not None
                else ANY
            )
            result.append(
                Response(
                    str(status),
                    description,
                    "json",
                    type_ref,
                    media,
                    example,
                    has_example,
                )
            )
        elif kind == "text":
            result.append(
                Response(
                    str(status),
                    description,
                    "text",
                    TypeRef("str"),
                    media,
                    example,
                    has_example,
                )
            )
        else:
            result.append(
                Response(
                    str(status),
                    description,
                    "binary",
                    TypeRef("bytes"),
                    media,
                    example,
                    has_example,
                )
            )
    return result


def _group_resources(
    root: Document, found: list[tuple[str, str, Operation]], model_names: set[str]
) -> tuple[Resource, ...]:
    groups: dict[str, list[tuple[str, Operation]]] = {}
    for key, wanted, op in found:
        groups.setdefault(key, []).append((wanted, op))
    tag_docs = {
        str(t.get("name")): clean_text(_str(t.get("description")))
        for t in root.data.get("tags") or []
        if isinstance(t, dict)
    }
    attrs = allocate_names([(k, member_name(k, CLIENT_MEMBERS)) for k in groups])
    # Resource modules import models by name: a resource class named like a model is suffixed.
    wanted_classes = [(k, class_name(k)) for k in groups]
    wanted_classes = [
        (
            k,
            name + "Resource" if _clashes(name, model_names) else name,
        )
        for k, name in wanted_classes
    ]
    classes = allocate_names(wanted_classes, taken=model_names)
    resources: list[Resource] = []
    for key in groups:
        ops = groups[key]
        method_names = allocate_names(
            [
                (op.operation_id, member_name(wanted, RESOURCE_MEMBERS))
                for wanted, op in ops
            ]
        )
        resources.append(
            Resource(
                attr_name=attrs[key],
                class_name=classes[key],
                module_name=attrs[key],
                description=tag_docs.get(key, ""),
                operations=tuple(
                    replace(op, method_name=method_names[op.operation_id])
                    for _, op in ops
                ),
            )
        )
    return tuple(sorted(resources, key=lambda r: r.attr_name))


def _clashes(resource_class: str, model_names: set[str]) -> bool:
    """Whether a resource module's classes would shadow a model it imports."""
    own = (resource_class, f"Async{resource_class}")
    return any(n in model_names or f"{n}WithRawResponse" in model_names for n in own)


def _alias_order(aliases: dict[str, Alias]) -> tuple[list[str], list[str]]:
    """Depth-first order of aliases (each after those it names), and the aliases at which
    a loop was found."""
    ordered: list[str] = []
    state: dict[str, int] = {}
    broken: list[str] = []

    def visit(name: str) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            broken.append(name)
            return
        state[name] = 1
        for dep in sorted(aliases[name].type.named_refs()):
            if dep in aliases:
                visit(dep)
        state[name] = 2
        ordered.append(name)

    for name in aliases:
        visit(name)
    return ordered, broken


def _ordered_aliases(schemas: SchemaBuilder, root: Document) -> tuple[Alias, ...]:
    """Aliases are evaluated at import, so each must follow the aliases it names.

    Aliases that name each other in a loop (a recursive union with no object in between)
    cannot be written as plain type aliases: the first one met in the loop becomes `Any`
    (warning W106), which breaks the loop.
    """
    aliases = dict(schemas.aliases)
    while True:
        ordered, broken = _alias_order(aliases)
        if not broken:
            return tuple(aliases[n] for n in ordered)
        name = broken[0]
        schemas.warn(
            root,
            "W106",
            f"{name} refers back to itself through other aliases only; it is typed Any",
            aliases[name].source,
        )
        aliases[name] = replace(aliases[name], type=ANY)


def _auth(data: dict[str, Any]) -> Auth:
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


def _server_url(server: dict[str, Any]) -> str:
    url = _str(server.get("url"))
    variables = server.get("variables") or {}
    if isinstance(variables, dict):
        for name, var in variables.items():
            if isinstance(var, dict) and "default" in var:
                url = url.replace("{" + str(name) + "}", str(var["default"]))
    return url.rstrip("/")


def _samples(op: dict[str, Any]) -> tuple[CodeSample, ...]:
    samples = op.get("x-code-samples") or []
    out: list[CodeSample] = []
    for sample in samples if isinstance(samples, list) else []:
        if isinstance(sample, dict) and isinstance(sample.get("source"), str):
            out.append(CodeSample(_str(sample.get("lang")), sample["source"]))
    return tuple(out)


def _media_example(media_obj: dict[str, Any]) -> tuple[Any, bool]:
    if "example" in media_obj:
        return media_obj["example"], True
    examples = media_obj.get("examples")
    if isinstance(examples, dict):
        for value in examples.values():
            if isinstance(value, dict) and "value" in value:
                return value["value"], True
    return None, False


def _default(schema: Any) -> Default:
    if isinstance(schema, dict) and "default" in schema:
        return Default(True, schema["default"])
    return Default()


def _first(value: Any, schema: Any) -> Any:
    if value is not None:
        return value
    if isinstance(schema, dict):
        return schema.get("example")
    return None


def _has_example(schema: Any) -> bool:
    return isinstance(schema, dict) and "example" in schema


def _schema_description(node: Any) -> str:
    """A schema's description, or its title."""
    if isinstance(node, dict) and isinstance(node.get("title"), str):
        return _description(node) or clean_text(node["title"])
    return _description(node)


def _description(node: Any) -> str:
    if isinstance(node, dict) and isinstance(node.get("description"), str):
        return clean_text(node["description"])
    return ""


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _env_name(value: Any) -> str:
    return constant_case(value) if isinstance(value, str) and value else ""
