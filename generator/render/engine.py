"""Stage 5, render: the IR through Jinja templates into an in-memory tree of files.

One template per kind of output file; a user template folder, when given, is searched before
the built-in one, so any template can be overridden by its relative path. Errors in the user's
templates and files there that override nothing are reported by `user_templates.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..diagnostics import Diagnostic, SpecError
from ..ir.examples import readme_helpers
from ..ir.model import Api, helpers_from
from ..literals import (
    comment_text,
    docstring,
    docstring_body,
    json_inline,
    json_text,
    one_line,
    py_literal,
    py_str,
    py_tuple,
    toml_str,
    yaml_str,
)
from . import describe, markdown
from .format_cache import open_cache
from .formatting import class_header, format_python, import_from
from .qualify import qualify
from .template_cache import template_cache
from .user_templates import RenderedPythonError, template_error, unmatched_overrides

RUNTIME_DIR = "runtime"
# What every generated package exports besides its clients, and from which runtime module.
RUNTIME_EXPORTS = {
    **dict.fromkeys(
        (
            "APIConnectionError",
            "APIError",
            "APIResponseValidationError",
            "APIStatusError",
            "APIStreamError",
            "APITimeoutError",
            "AuthenticationError",
            "BadRequestError",
            "ConfigurationError",
            "ConflictError",
            "InternalServerError",
            "NotFoundError",
            "PermissionDeniedError",
            "RateLimitError",
            "UnprocessableEntityError",
        ),
        "._runtime._errors",
    ),
    **dict.fromkeys(
        ("RequestValidationError", "Violation"),
        "._runtime._validation",
    ),
    **dict.fromkeys(
        ("check_request", "validate_request"),
        "._runtime._request",
    ),
    **dict.fromkeys(("NOT_GIVEN", "NotGiven"), "._runtime._types"),
    "APIResponse": "._runtime._raw",
    **dict.fromkeys(("AsyncBinaryResponse", "BinaryResponse"), "._runtime._binary"),
    **dict.fromkeys(("AsyncStream", "Stream"), "._runtime._streaming"),
    **dict.fromkeys(("AsyncPage", "AsyncPager", "SyncPage"), "._runtime._pages"),
    "ServerSentEvent": "._runtime._sse",
    "UnknownVariant": "._runtime._unions",
}


def builtin_templates() -> Path:
    """Templates ship inside the wheel as specgen/templates; a checkout has them at the top."""
    package = (
        Path(__file__).resolve().parent.parent
    )  # specgen/ (generator/ in a checkout)
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "package").is_dir():
            return candidate
    raise FileNotFoundError(
        "specgen's built-in templates are missing from this installation"
    )


@dataclass(frozen=True)
class RenderedTree:
    """Relative POSIX path -> file content. Nothing touches the disk until `write`."""

    files: dict[str, str]


def make_environment(user_templates: Path | None = None) -> jinja2.Environment:
    paths = [str(user_templates)] if user_templates is not None else []
    paths.append(str(builtin_templates()))
    options: dict[str, Any] = {
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "autoescape": False,
    }
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths),
        bytecode_cache=template_cache(options),
        auto_reload=False,  # one run, unchanged templates: no stat per file rendered
        **options,
    )
    filters: dict[str, Callable[..., Any]] = {
        "py_str": py_str,
        "py_literal": py_literal,
        "py_tuple": py_tuple,
        "toml_str": toml_str,
        "yaml_str": yaml_str,
        "one_line": one_line,
        "docstring": docstring,
        "docstring_body": docstring_body,
        "comment": comment_text,
        "json": json_text,
        "md_cell": markdown.cell,
        "md_text": markdown.text,
        "md_inline_code": markdown.inline_code,
        "md_code": markdown.code,
        "md_heading": markdown.heading,
        "json_inline": json_inline,
        "code_block": markdown.code_block,
        "class_header": class_header,
        "import_from": import_from,
        "helpers_from": helpers_from,
        "qualify": qualify,
    }
    env.filters.update(filters)
    env.globals.update(
        runtime_exports=RUNTIME_EXPORTS,
        operation_page=markdown.operation_page,
        op_docstring=describe.operation_docstring,
        type_words=describe.type_words,
        returns_words=describe.returns_words,
        pagination_words=describe.pagination_words,
        response_words=describe.response_words,
        field_notes=describe.field_notes,
        argument_notes=describe.argument_notes,
    )
    return env


def render_api(api: Api, user_templates: Path | None = None) -> RenderedTree:
    """The whole output tree; raises SpecError (T001) when a user template fails."""
    env = make_environment(user_templates)
    try:
        return _render(env, api)
    except Exception as exc:
        if user_templates is None:
            raise
        diagnostic = template_error(exc, env, user_templates)
        if diagnostic is None:
            raise  # the failing template is a built-in one: specgen's bug
        raise SpecError([diagnostic]) from None


def override_warnings(user_templates: Path) -> list[Diagnostic]:
    """W107 for files in the user's folder that override no built-in template."""
    return unmatched_overrides(
        make_environment(user_templates),
        user_templates,
        builtin_templates(),
        copied=_is_runtime_file,
    )


def _render(env: jinja2.Environment, api: Api) -> RenderedTree:
    black_answers = open_cache()
    env.globals.update(readme_helpers(api))
    pkg = api.package
    files: dict[str, str] = {}

    def emit(out_path: str, template: str, **context: Any) -> None:
        loaded = env.get_template(template)
        text = loaded.render(api=api, **context)
        if out_path.endswith(".py"):
            try:
                text = format_python(text, black_answers)
            # black's InvalidInput (a ValueError): the rendered code is not Python
            except ValueError as exc:
                raise RenderedPythonError(loaded.filename or "", out_path, exc) from exc
        files[out_path] = text

    emit("pyproject.toml", "project/pyproject.toml.jinja")
    emit("README.md", "project/README.md.jinja")
    emit("mkdocs.yml", "project/mkdocs.yml.jinja")
    emit(f"{pkg}/__init__.py", "package/__init__.py.jinja")
    emit(f"{pkg}/_client.py", "package/_client.py.jinja")
    if api.split_models:  # a big API: names load on first use (ir/model_modules.py)
        for kind, modules in (
            ("models", api.model_modules),
            ("params", api.param_modules),
        ):
            emit(f"{pkg}/{kind}.py", "package/lazy_index.py.jinja", kind=kind)
            emit(
                f"{pkg}/_{kind}/__init__.py", "package/lazy_package.py.jinja", kind=kind
            )
            for module in modules:
                emit(
                    f"{pkg}/_{kind}/{module.name}.py",
                    f"package/{kind}.py.jinja",
                    module=module,
                )
    else:
        emit(f"{pkg}/models.py", "package/models.py.jinja", module=None)
        emit(f"{pkg}/params.py", "package/params.py.jinja", module=None)
    emit(
        f"{pkg}/resources/__init__.py",
        "package/resources/__init__.py.jinja",
        parent=None,
    )
    emit(f"{pkg}/_schemas.py", "package/_schemas.py.jinja")
    files[f"{pkg}/_schemas.json"] = api.wire_schemas
    files[f"{pkg}/py.typed"] = ""
    for resource in api.resources:
        emit(
            f"{pkg}/resources/{resource.module_file}",
            "package/resources/resource.py.jinja",
            resource=resource,
        )
        if resource.has_children:  # a package: its sub-resources' modules and its own
            emit(
                f"{pkg}/resources/{resource.dotted_name.replace('.', '/')}/__init__.py",
                "package/resources/__init__.py.jinja",
                parent=resource,
            )
    emit("docs/index.md", "docs/index.md.jinja")
    for resource in api.resources:
        for op in resource.operations:
            emit(
                f"docs/operations/{markdown.operation_page(resource, op)}",
                "docs/operation.md.jinja",
                resource=resource,
                op=op,
            )
    for model in api.schema_models:
        emit(f"docs/models/{model.name}.md", "docs/model.md.jinja", model=model)
    for alias in api.aliases:
        emit(f"docs/models/{alias.name}.md", "docs/alias.md.jinja", alias=alias)
    for name, text in _runtime_files(env):
        files[f"{pkg}/_runtime/{name}"] = text
    black_answers.save()
    return RenderedTree(dict(sorted(files.items())))


def _is_runtime_file(name: str) -> bool:
    """runtime/<module>.py: copied into every package, whichever template folder holds it."""
    folder, _, module = name.partition("/")
    return folder == RUNTIME_DIR and module.endswith(".py") and "/" not in module


def _runtime_files(env: jinja2.Environment) -> list[tuple[str, str]]:
    """The hand-written runtime, copied verbatim (a user template folder may override a file
    or add one)."""
    loader = env.loader
    assert loader is not None
    names = sorted(
        n.split("/", 1)[1] for n in loader.list_templates() if _is_runtime_file(n)
    )
    out: list[tuple[str, str]] = []
    for name in names:
        source, _, _ = loader.get_source(env, f"{RUNTIME_DIR}/{name}")
        out.append((name, source))
    return out


__all__ = [
    "RenderedTree",
    "builtin_templates",
    "make_environment",
    "override_warnings",
    "py_literal",
    "render_api",
]
