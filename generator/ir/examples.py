"""Examples for the docs: a Python call per operation and a JSON body per response.

Built from the spec's own examples where it has them (parameter, property and media-type
examples); otherwise the smallest value the schema accepts — the first enum value, the
lower bound of a range, a string matching the pattern — so that every example in the docs
passes the generated validators and can be run by the test suite.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from ..literals import py_literal
from .example_pages import async_pages_source, pages_source
from .example_results import result_classes, stream_extra, use_result
from .example_values import FORMAT_EXAMPLES, number_example, string_example
from .model import (
    Alias,
    Api,
    Argument,
    Constraints,
    Model,
    Operation,
    Resource,
    TypeRef,
)

_MAX_DEPTH = 4  # nested models in an example stop here (recursive schemas)


@dataclass(frozen=True)
class FileExample:
    """A file argument, shown as `open("<name>", "rb")`; tests create the file."""

    filename: str


class ExampleBuilder:
    def __init__(self, api: Api) -> None:
        self.models: dict[str, Model] = {m.name: m for m in api.models}
        self.aliases: dict[str, Alias] = {a.name: a for a in api.aliases}

    # -- values ------------------------------------------------------------------------------

    def value(
        self,
        type_ref: TypeRef,
        constraints: Constraints,
        depth: int = 0,
        name: str = "",
    ) -> Any:
        kind = type_ref.kind
        merged = type_ref.constraints if constraints.is_empty else constraints
        if kind == "literal":
            return next((v for v in type_ref.values if v is not None), None)
        if kind == "named":
            if type_ref.name in self.aliases:
                alias = self.aliases[type_ref.name]
                if alias.has_example:
                    return alias.example
                return self.value(alias.type, Constraints(), depth)
            model = self.models.get(type_ref.name)
            return (
                {}
                if model is None or depth >= _MAX_DEPTH
                else self.model(model, depth + 1)
            )
        if kind == "union":
            members = [a for a in type_ref.args if a.kind != "none"]
            return self.value(members[0], constraints, depth, name) if members else None
        if kind == "list":
            count = merged.min_items or 0
            item = self.value(type_ref.args[0], Constraints(), depth + 1)
            if merged.unique_items and count > 1:
                return (
                    [item]
                    if not isinstance(item, str)
                    else [f"{item}{i}" for i in range(count)]
                )
            return [item] * count
        if kind == "dict":
            return {}
        if kind == "str":
            return string_example(merged, name)
        if kind in FORMAT_EXAMPLES:
            return FORMAT_EXAMPLES[kind]
        if kind == "int":
            return int(number_example(merged, integer=True))
        if kind == "float":
            return number_example(merged, integer=False)
        if kind == "bool":
            return False
        if kind == "file":
            return FileExample("file.bin")
        if kind == "bytes":
            return ""
        if kind == "none":
            return None
        return "value"  # any

    def model(self, model: Model, depth: int = 0) -> dict[str, Any]:
        """Required fields, plus optional fields the spec gives an example for."""
        out: dict[str, Any] = {}
        for field in model.fields:
            if field.type.uses_file and field.required:
                out[field.wire_name] = self.file(field.wire_name, field.constraints)
            elif field.has_example and not field.type.uses_file:
                out[field.wire_name] = field.example
            elif field.required:
                out[field.wire_name] = self.value(
                    field.type, field.constraints, depth, field.wire_name
                )
        return out

    @staticmethod
    def file(name: str, constraints: Constraints) -> FileExample:
        """`<name>.png` for a PNG field (tests create a valid one), else `<name>.bin`."""
        types = constraints.file_types
        return FileExample(f"{name}.{types[0].split('/')[-1] if types else 'bin'}")

    def argument(self, arg: Argument) -> Any:
        if arg.is_file:
            file = self.file(arg.name, arg.constraints)
            several = any(t.kind == "list" for t in (arg.type, *arg.type.args))
            return [file] if several else file
        if arg.has_example and arg.example is not None:
            return arg.example
        return self.value(arg.type, arg.constraints, name=arg.wire_name)

    def filled(self, type_ref: TypeRef) -> Any:
        """A value that shows what an object argument holds, built from its schema: an
        object (a union's first object member) with its required keys, or its first key
        when none is required; an array with one item."""
        members = [a for a in type_ref.args if a.kind != "none"]
        objects = [a for a in members if a.named_refs()]  # an object rather than "auto"
        if type_ref.kind == "union" and members:
            return self.filled((objects or members)[0])
        if type_ref.kind == "named" and type_ref.name in self.aliases:
            return self.filled(self.aliases[type_ref.name].type)
        if type_ref.kind == "list":
            return [self.filled(type_ref.args[0])]
        model = self.models.get(type_ref.name) if type_ref.kind == "named" else None
        if model is None:
            return self.value(type_ref, type_ref.constraints)
        value = self.model(model, 1)
        first = next((f for f in model.fields if not f.type.uses_file), None)
        if not value and first is not None:
            value[first.wire_name] = self.value(first.type, first.constraints, 1)
        return value

    # -- operations --------------------------------------------------------------------------

    def call_arguments(
        self, op: Operation, given: dict[str, str] | None = None
    ) -> list[str]:
        """The positional argument's value, then `name=value` for the required keyword
        arguments and those the spec gives examples for (`given`: source text for some
        arguments, shown whether required or not)."""
        given = given or {}
        positional = op.positional_arguments
        shown = [
            a
            for a in op.arguments_for(op.body)  # a body in several forms: the preferred
            if a not in positional
            and (a.required or (a.has_example and not a.is_file) or a.name in given)
        ]
        return [
            *(given.get(a.name) or python_source(self.argument(a)) for a in positional),
            *(
                f"{a.name}={given.get(a.name) or python_source(self.argument(a))}"
                for a in shown
            ),
        ]

    def call(
        self,
        resource: Resource,
        op: Operation,
        indent: str,
        extra: tuple[str, ...] = (),
        awaited: bool = False,
        given: dict[str, str] | None = None,
        client: str = "client",
    ) -> list[str]:
        """`response = client.<resource>.<method>(...)` as lines at `indent` (`await`ed
        when `awaited`; no `response = ` when the call returns nothing)."""
        target = "response = " if op.success.kinds else ""
        wait = "await " if awaited else ""
        head = (
            f"{indent}{target}{wait}{client}.{resource.dotted_name}.{op.method_name}("
        )
        arguments = [*self.call_arguments(op, given), *extra]
        if not arguments:
            return [head + ")"]
        return [head, *(f"{indent}    {a}," for a in arguments), f"{indent})"]

    def call_source(
        self, api: Api, resource: Resource, op: Operation, stream: bool = False
    ) -> str:
        """A runnable Python example of one operation with the generated client (with
        `stream=True` for an operation whose `stream` argument asks for an event stream).
        """
        names = [api.client_name, *result_classes(op, stream, is_async=False)]
        lines = [
            f"from {api.package} import {', '.join(sorted(names))}",
            "",
            f"client = {api.client_name}()",
            *self.call(resource, op, "", stream_extra(stream)),
            *use_result(op, "", stream=stream),
        ]
        return "\n".join(lines)

    def stream_source(self, api: Api, resource: Resource, op: Operation) -> str:
        return self.call_source(api, resource, op, stream=True)

    def async_source(
        self, api: Api, resource: Resource, op: Operation, stream: bool = False
    ) -> str:
        call = self.call(resource, op, "        ", stream_extra(stream), awaited=True)
        names = [api.async_client_name, *result_classes(op, stream, is_async=True)]
        lines = [
            "import asyncio",
            "",
            f"from {api.package} import {', '.join(sorted(names))}",
            "",
            "",
            "async def main() -> None:",
            f"    async with {api.async_client_name}() as client:",
            *call,
            *use_result(op, "        ", stream=stream, is_async=True),
            "",
            "",
            "asyncio.run(main())",
        ]
        return "\n".join(lines)

    def errors_source(self, api: Api, resource: Resource, op: Operation) -> str:
        names = sorted(
            [
                "APIConnectionError",
                "APIStatusError",
                api.client_name,
                "RequestValidationError",
                *result_classes(op, False, is_async=False),
            ]
        )
        typed = next(
            (
                (status, t.name)
                for status, t in op.error_types
                if t.kind == "named" and t.name in self.models
            ),
            None,
        )
        lines = [
            f"from {api.package} import {', '.join(names)}",
            *([f"from {api.package}.models import {typed[1]}"] if typed else []),
            "",
            f"client = {api.client_name}()",
            "try:",
            *self.call(resource, op, "    "),
            "except RequestValidationError as exc:  # nothing was sent",
            "    for violation in exc.violations:",
            "        print(violation.field, violation.rule, violation.message)",
            "except APIStatusError as exc:",
            "    print(exc)  # Error code: <status> - <the error's message>",
            "    print(exc.status_code, exc.request_id, exc.body)",
            *(
                [
                    f"    if isinstance(exc.error, {typed[1]}):"
                    f"  # the spec's error body ({typed[0]})",
                    "        print(exc.error)",
                ]
                if typed
                else []
            ),
            "except APIConnectionError as exc:",
            '    print("could not reach the API:", exc)  # names the method and URL',
        ]
        used = use_result(op, "    ")
        lines += ["else:", *used] if used else []
        return "\n".join(lines)

    def options_source(self, api: Api, resource: Resource, op: Operation) -> str:
        names = [api.client_name, *result_classes(op, False, is_async=False)]
        lines = [
            f"from {api.package} import {', '.join(sorted(names))}",
            "",
            f"client = {api.client_name}(timeout=20.0, max_retries=5)",
            *self.call(resource, op, "", ("timeout=5.0", "max_retries=0")),
            *use_result(op, ""),
        ]
        return "\n".join(lines)

    def dict_source(
        self, api: Api, resource: Resource, op: Operation, arg: Argument
    ) -> str:
        """A call that passes an object argument as a plain dict, typed by its TypedDict
        (in a variable when it takes one TypedDict, else in the call)."""
        value = python_source(self.filled(arg.type))
        typed = arg.dict_type
        names = [api.client_name, *result_classes(op, False, is_async=False)]
        lines = [f"from {api.package} import {', '.join(sorted(names))}"]
        if typed is not None:
            lines.append(f"from {api.package}.params import {typed}")
        lines += ["", f"client = {api.client_name}()"]
        if typed is not None:
            lines.append(f"{arg.name}: {typed} = {value}")
        given = {arg.name: arg.name if typed is not None else value}
        lines += [*self.call(resource, op, "", given=given), *use_result(op, "")]
        return "\n".join(lines)

    def config_source(self, api: Api, resource: Resource, op: Operation) -> str:
        """The client-level settings: header arguments, default headers and query, and a
        call through a copy made by `with_options`."""
        names = [api.client_name, *result_classes(op, False, is_async=False)]
        headers = [
            f"    {h.argument}={py_literal('my-' + h.argument.replace('_', '-'))},"
            for h in api.client_headers
        ]
        lines = [
            f"from {api.package} import {', '.join(sorted(names))}",
            "",
            f"client = {api.client_name}(",
            *headers,
            '    default_headers={"X-Team": "billing"},',
            '    default_query={"tenant": "t1"},',
            ")",
            "# a copy with other limits, on the same connection pool",
            "quick = client.with_options(timeout=5.0, max_retries=0)",
            *self.call(resource, op, "", client="quick"),
            *use_result(op, ""),
        ]
        return "\n".join(lines)

    def validation_source(self, api: Api, model: Model) -> str:
        values = self.model(model)
        lines = [
            f"from {api.package} import RequestValidationError, validate_request",
            f"from {api.package}.models import {model.name}",
            "",
            "values = {",
            *(f"    {py_literal(k)}: {python_source(v)}," for k, v in values.items()),
            "}",
            "try:",
            f"    request = validate_request({model.name}, values)",
            "except RequestValidationError as exc:",
            "    print(exc)",
            "else:",
            "    print(request)",
        ]
        return "\n".join(lines)

    def response_example(self, op: Operation) -> tuple[bool, Any]:
        """(present, JSON value) for the success response."""
        json = op.success.content_of("json")
        if json is None or json.type is None:
            return False, None
        if json.has_example:
            return True, json.example
        return True, self.value(json.type, Constraints())

    def event_example(self, op: Operation) -> tuple[bool, Any]:
        """(present, JSON value) for one event of the success response's stream."""
        type_ref = op.event_value_type
        if type_ref is None:
            return False, None
        return True, self.value(type_ref, Constraints())


def with_examples(api: Api) -> Api:
    """The API with a Python example and an example response on every operation."""
    builder = ExampleBuilder(api)
    resources = []
    for resource in api.resources:
        ops = []
        for op in resource.operations:
            present, response = builder.response_example(op)
            ops.append(
                replace(
                    op,
                    python_example=builder.call_source(api, resource, op),
                    response_example=response,
                    has_response_example=present,
                )
            )
        resources.append(replace(resource, operations=tuple(ops)))
    return replace(api, resources=tuple(resources))


def readme_helpers(api: Api) -> dict[str, Any]:
    """Template globals that write the README's runnable examples."""
    builder = ExampleBuilder(api)
    return {
        "pages_example": partial(pages_source, builder),
        "async_pages_example": partial(async_pages_source, builder),
        "async_example": builder.async_source,
        "stream_example": builder.stream_source,
        "error_example": builder.errors_source,
        "options_example": builder.options_source,
        "dict_example": builder.dict_source,
        "config_example": builder.config_source,
        "validation_example": builder.validation_source,
    }


def python_source(value: Any) -> str:
    if isinstance(value, FileExample):
        return f'open({py_literal(value.filename)}, "rb")'
    if isinstance(value, list):
        return "[" + ", ".join(python_source(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(
            f"{py_literal(str(k))}: {python_source(v)}" for k, v in value.items()
        )
        return "{" + items + "}"
    return py_literal(value)
