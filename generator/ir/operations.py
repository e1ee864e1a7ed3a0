"""Operations of the IR: parameters, request bodies and the keyword arguments of a method.

Keyword arguments are named here (unique per method, never shadowing the per-call options).
"""

from __future__ import annotations

from dataclasses import replace

from ..diagnostics import SpecError, join_pointer, processing
from ..literals import clean_text
from ..source.loader import Document
from ..source.operation_sites import operation_sites
from ..source.resolve import Located, Resolver
from .bodies import merged_arguments, named_forms, request_bodies
from .encodings import parameter_style
from .model import Argument, Body, Field, Model, Operation, Response
from .naming import allocate_names, member_name, pascal_case, renamed
from .placement import Placed, place
from .responses import build_responses
from .schemas import SchemaBuilder, annotations_of, split_constraints
from .spec_nodes import (
    code_samples,
    default_of,
    description_of,
    first_example,
    reads_as_title,
    schema_description,
    schema_has_example,
    str_value,
    words_title,
)
from .wire_schemas import WireSchemas

# Keyword arguments every generated method has; spec names are kept off them.
CALL_OPTIONS = frozenset(
    {"extra_headers", "extra_query", "extra_body", "timeout", "max_retries"}
)


def collect_operations(
    root: Document, resolver: Resolver, schemas: SchemaBuilder, wire: WireSchemas
) -> list[Placed]:
    """Every operation and its place, in spec order."""
    found: list[Placed] = []
    for site in operation_sites(resolver):
        op_loc = site.op
        op = op_loc.node
        if not isinstance(op, dict):
            continue
        shared = site.item.node.get("parameters") or []
        shared_loc = Located(shared, site.item.doc, site.item.pointer + "/parameters")
        with processing(op_loc.doc, op_loc.pointer):
            operation = _operation(
                site.path, site.method, op_loc, shared_loc, resolver, schemas, wire
            )
        found.append(place(operation, op_loc))
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
    operation_id = str_value(op.get("operationId")) or f"{method}_{path}"
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
        style, explode, allow_reserved, problem = parameter_style(param.node, where)
        if problem:
            schemas.warn(param.doc, "W115", problem, param.pointer + "/style")
        schema_loc = _parameter_schema(param)
        schema = schema_loc.node
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
                description=description_of(param.node) or schema_description(schema),
                default=default_of(schema),
                constraints=constraints,
                example=first_example(param.node.get("example"), schema),
                has_example="example" in param.node or schema_has_example(schema),
                deprecated=param.node.get("deprecated") is True,
                style=style,
                explode=explode,
                allow_reserved=allow_reserved,
            )
        )
    summary = clean_text(str_value(op.get("summary")))
    title = (
        summary.strip()
        if summary.strip() and reads_as_title(summary)
        else (
            words_title(op["operationId"])
            if str_value(op.get("operationId"))
            else f"{method.upper()} {path}"
        )
    )
    forms: list[Body] = []
    if "requestBody" in op:
        body_loc = resolver.follow(
            Located(op["requestBody"], op_loc.doc, op_loc.pointer + "/requestBody")
        )
        forms = request_bodies(body_loc, operation_id, hint, schemas, wire_schemas)
        arguments.extend(merged_arguments(forms))
    arguments_named = _with_check_keys(_name_arguments(arguments, op_loc, schemas))
    bodies = named_forms(forms, arguments_named)
    body = bodies[0] if bodies else None
    sent = [
        (a.check_key, parameter_schemas[(a.wire_name, a.source)], a.required)
        for a in arguments_named
        if a.source in ("path", "query", "header")
    ]
    parameters_schema = wire_schemas.add_parameters(operation_id, sent) if sent else ""
    parameters_model = _parameters_model(arguments_named, hint, op_loc.pointer, schemas)
    responses = build_responses(op_loc, resolver, schemas, hint)
    success = next((r for r in responses if r.status.startswith("2")), None) or next(
        (r for r in responses if r.status == "default" and r.kind != "empty"),
        Response("default", ""),
    )
    return Operation(
        operation_id=operation_id,
        method_name="",  # decided when grouped into resources
        http_method=method.upper(),
        path=path,
        summary=summary,
        description=clean_text(str_value(op.get("description"))),
        arguments=arguments_named,
        body=body,
        responses=tuple(responses),
        success=success,
        deprecated=op.get("deprecated") is True,
        samples=code_samples(op),
        cookie_parameters=tuple(cookies),
        parameters_model=parameters_model,
        body_schema=body.schema if body is not None else "",
        parameters_schema=parameters_schema,
        bodies=bodies,
        title=title,
    )


def _parameter_schema(param: Located) -> Located:
    """A parameter's `schema`, or that of its `content`'s media type."""
    node = param.node
    content = node.get("content")
    if "schema" not in node and isinstance(content, dict) and content:
        media = next(iter(content))
        media_obj = content[media] if isinstance(content[media], dict) else {}
        pointer = join_pointer(param.pointer, "content", str(media), "schema")
        return Located(media_obj.get("schema", {}), param.doc, pointer)
    return Located(node.get("schema", {}), param.doc, param.pointer + "/schema")


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
