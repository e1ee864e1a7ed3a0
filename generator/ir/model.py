"""The intermediate representation: frozen dataclasses that templates render.

Everything a template needs is decided here or in `build.py` and `schemas.py`: Python names, type expressions,
the words used for types in docs, constraints. Templates never see raw spec dicts. The types
live in `types.py`, the schemas' models in `schema_models.py`, the calls in `endpoints.py`
(a form body's `Encoding`s in `encodings.py`); this module has the resources and the `Api`,
and names every IR class, so `model.X` finds any of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .auth import (
    Requirement,
    SchemeKind,
    SecurityScheme,
    requirement_python,
    requirement_words,
)
from .encodings import Encoding
from .endpoints import (
    Argument,
    ArgumentSource,
    Body,
    BodyKind,
    CodeSample,
    Operation,
    Overload,
)
from .package_modules import ModelModule, ParamModule
from .paging import FieldPath, Pagination, PaginationStyle
from .response_bodies import ContentKind, Response, ResponseContent, ResponseKind
from .schema_models import Alias, Field, Model
from .type_text import is_pep440
from .typed_dicts import ParamDict, ParamKey
from .types import (
    ANY,
    NONE,
    Constraints,
    Default,
    Discriminator,
    TypeKind,
    TypeRef,
    helpers_from,
)

# Above this many models and aliases, building them all on a client's first call costs more
# than a tenth of a second: split them so a call builds only those it reaches.
SPLIT_MODELS_ABOVE = 250

__all__ = [
    "ANY",
    "NONE",
    "Alias",
    "Api",
    "Argument",
    "ArgumentSource",
    "Body",
    "BodyKind",
    "ClientHeader",
    "CodeSample",
    "Constraints",
    "ContentKind",
    "Default",
    "Discriminator",
    "Encoding",
    "Field",
    "FieldPath",
    "Model",
    "ModelModule",
    "Operation",
    "Overload",
    "Pagination",
    "PaginationStyle",
    "ParamDict",
    "ParamKey",
    "ParamModule",
    "Resource",
    "Response",
    "ResponseContent",
    "ResponseKind",
    "SchemeKind",
    "SecurityScheme",
    "TypeKind",
    "TypeRef",
    "helpers_from",
]


@dataclass(frozen=True)
class Resource:
    attr_name: str  # its attribute on the client or on the resource holding it
    dotted_name: str  # the attributes from the client down: client.chat.completions
    class_name: str  # ChatCompletions / AsyncChatCompletions
    description: str
    operations: tuple[Operation, ...]
    has_children: bool = False  # it holds sub-resources (`Api.children_of`)

    @property
    def async_class_name(self) -> str:
        return f"Async{self.class_name}"

    @property
    def module_name(self) -> str:
        """The module of its classes, dotted, under `PKG.resources`: `images`,
        `chat.completions`; a resource with sub-resources is a package, its classes in
        `<name>._resource` (sub-resource modules never start with `_`)."""
        return self.dotted_name + ("._resource" if self.has_children else "")

    @property
    def module_file(self) -> str:
        """Its module's file under `PKG/resources/`: `chat/completions.py`."""
        return self.module_name.replace(".", "/") + ".py"

    @property
    def import_root(self) -> str:
        """The relative import of the generated package from its module: `..`, `...`."""
        return "." * (self.module_name.count(".") + 2)

    @property
    def named_refs(self) -> set[str]:
        found: set[str] = set()
        for op in self.operations:
            found |= op.named_refs
        return found

    @property
    def runtime_refs(self) -> set[str]:
        """The models and aliases its methods use when they run (`Operation.runtime_refs`)."""
        return set[str]().union(*(op.runtime_refs for op in self.operations))

    @property
    def lazy_names(self) -> dict[str, str]:
        """For a big API (`Api.split_models`): the models and TypedDicts only its annotations
        name, each as they write it (`_models.Name`, `_params.Name`). Imported by name, they
        would all be built when the resource loads (see render/qualify.py)."""
        names = {n: f"_models.{n}" for n in self.named_refs - self.runtime_refs}
        names.update({n: f"_params.{n}" for n in self.param_refs})
        return names

    @property
    def lazy_modules(self) -> tuple[str, ...]:
        """The modules `lazy_names` are written through: `models`, `params`."""
        return tuple(sorted({q.split(".")[0][1:] for q in self.lazy_names.values()}))

    @property
    def param_refs(self) -> set[str]:
        """The TypedDicts and param aliases its methods accept (imported from params.py)."""
        return set[str]().union(*(op.param_refs for op in self.operations))

    @property
    def helper_names(self) -> frozenset[str]:
        """Names the module's type expressions use (`TypeRef.helper_names`), in annotations,
        in the types checked at call time and in its type constants.
        """
        return frozenset[str]().union(*(op.helper_names for op in self.operations))

    @property
    def type_constants(self) -> tuple[tuple[str, TypeRef], ...]:
        return tuple(c for op in self.operations for c in op.type_constants)

    @property
    def response_kinds(self) -> frozenset[str]:
        """How the operations read their success responses ("json", "binary", ...)."""
        return frozenset(op.success.kind for op in self.operations)

    @property
    def builds_paths(self) -> bool:
        """Whether some operation fills path parameters into its path."""
        return any(op.arguments_from("path") for op in self.operations)

    @property
    def paginated(self) -> tuple[Operation, ...]:
        """Its operations that return pages (each has a module-level `Paging`)."""
        return tuple(op for op in self.operations if op.pagination is not None)


@dataclass(frozen=True)
class ClientHeader:
    """A header the client sends on every request, set by an argument of the client (or an
    environment variable), from `x-client` `headers`: OpenAI's `organization=` as the
    `OpenAI-Organization` header, read from `OPENAI_ORG_ID`."""

    header: str  # the header's name on the wire
    argument: str  # the client's keyword argument (and attribute)
    env: str = ""  # the environment variable read when the argument is not given, or ""
    description: str = ""


@dataclass(frozen=True)
class Api:
    package: str
    distribution: str  # the pip project name
    title: str
    version: str
    description: str
    client_name: str
    async_client_name: str
    base_url: str
    api_key_env: str
    base_url_env: str
    # every resource, sub-resources too, each after the resource holding it
    resources: tuple[Resource, ...]
    models: tuple[Model, ...]
    aliases: tuple[Alias, ...]  # in an order where each alias follows those it needs
    generator_version: str
    # the request side's JSON Schemas, for the runtime validator (ir/wire_schemas.py)
    wire_schemas: str = ""
    # params.py: a TypedDict per object schema a request may carry, and the aliases over
    # them (each after those it names); see build_params.py
    param_dicts: tuple[ParamDict, ...] = ()
    param_aliases: tuple[Alias, ...] = ()
    # headers sent on every request, each set by an argument of the client (x-client)
    client_headers: tuple[ClientHeader, ...] = ()
    # x-client split-models: True / False, or None to split above SPLIT_MODELS_ABOVE names
    models_split: bool | None = None
    # the security schemes the client sends (ir/security.py) and the requirement of the
    # operations that state none (alternatives of schemes sent together)
    security_schemes: tuple[SecurityScheme, ...] = ()
    security: Requirement = ()

    @property
    def security_expr(self) -> str:
        """The default requirement as the runtime's tuple of scheme-name tuples."""
        return requirement_python(self.security)

    @property
    def security_words(self) -> str:
        """What operations that state no requirement send, in words (Markdown)."""
        return requirement_words(self.security)

    @property
    def credential_arguments(self) -> tuple[tuple[str, str, bool], ...]:
        """(argument, environment variable, required) of every security scheme."""
        return tuple(
            (argument, env, s.required)
            for s in self.security_schemes
            for argument, env in zip(s.arguments, s.envs, strict=True)
        )

    @property
    def token_schemes(self) -> tuple[SecurityScheme, ...]:
        """OAuth 2 and OpenID Connect schemes: their token is the user's to obtain."""
        return tuple(s for s in self.security_schemes if s.token_acquired_elsewhere)

    @property
    def package_version(self) -> str:
        """info.version when it is a PEP 440 version (pip needs one), else 0.0.0."""
        return self.version if is_pep440(self.version) else "0.0.0"

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)

    @property
    def top_resources(self) -> tuple[Resource, ...]:
        """The resources the client holds as attributes (`resources` has them all)."""
        return tuple(r for r in self.resources if "." not in r.dotted_name)

    def children_of(self, resource: Resource) -> tuple[Resource, ...]:
        """The sub-resources a resource holds as attributes."""
        prefix = resource.dotted_name + "."
        return tuple(
            r
            for r in self.resources
            if r.dotted_name.startswith(prefix)
            and "." not in r.dotted_name[len(prefix) :]
        )

    @property
    def featured_operation(self) -> tuple[Resource, Operation] | None:
        """The operation the README shows: the first with a Python sample, else the first."""
        pairs = [(r, op) for r in self.resources for op in r.operations]
        return next(((r, op) for r, op in pairs if op.python_samples), None) or next(
            iter(pairs), None
        )

    @property
    def first_paginated(self) -> tuple[Resource, Operation] | None:
        """The first (resource, operation) that returns pages: the README's example."""
        return next(
            ((r, op) for r in self.resources for op in r.paginated),
            None,
        )

    def first_operation_with(self, kind: str) -> tuple[Resource, Operation] | None:
        """The first (resource, operation) whose success response may come as a body of
        `kind` ("events", "binary", ...): the README's example of one."""
        return next(
            (
                (r, op)
                for r in self.resources
                for op in r.operations
                if kind in op.success.kinds
            ),
            None,
        )

    @property
    def featured_request_model(self) -> Model | None:
        """A request body model for the README's validation example."""
        featured = self.featured_operation
        ops = [featured[1]] if featured else []
        ops += list(self.operations)
        return next((op.body.model for op in ops if op.body and op.body.model), None)

    @property
    def split_models(self) -> bool:
        """Whether the models are split into modules loaded on first use (a big API), or
        all in one `models.py` (see model_modules.py)."""
        if self.models_split is not None:
            return self.models_split
        return len(self.models) + len(self.aliases) > SPLIT_MODELS_ABOVE

    @cached_property
    def model_modules(self) -> tuple[ModelModule, ...]:
        """The models package's modules (see model_modules.py)."""
        from .model_modules import model_modules

        return model_modules(self)

    @cached_property
    def param_modules(self) -> tuple[ParamModule, ...]:
        """The params package's modules, when the models are split (see model_modules.py)."""
        from .model_modules import param_modules

        return param_modules(self)

    @property
    def models_helper_names(self) -> frozenset[str]:
        """Names the models module's annotations, `Field()` calls and aliases use."""
        names = frozenset[str]().union(*(m.helper_names for m in self.models))
        return names.union(*(a.type.helper_names() for a in self.aliases))

    @property
    def schema_models(self) -> tuple[Model, ...]:
        """Models that stand for the spec's schemas (each gets a docs page)."""
        return tuple(m for m in self.models if m.role == "schema")

    @property
    def param_names(self) -> tuple[str, ...]:
        """The names params.py defines, sorted."""
        return tuple(
            sorted(
                [d.name for d in self.param_dicts]
                + [a.name for a in self.param_aliases]
            )
        )

    @property
    def params_helper_names(self) -> frozenset[str]:
        """Names params.py's keys and aliases use besides its own and the models'."""
        names = frozenset[str]().union(*(d.helper_names for d in self.param_dicts))
        names = names.union(
            *(a.type.signature_helper_names() for a in self.param_aliases)
        )
        return names | ({"TypeAlias"} if self.param_aliases else frozenset())

    @property
    def params_model_refs(self) -> tuple[str, ...]:
        """The models module's aliases params.py names (those that name no model), sorted."""
        found: set[str] = set()
        for d in self.param_dicts:
            found |= d.references
        for a in self.param_aliases:
            found |= a.type.named_refs()
        return tuple(sorted(found - set(self.param_names)))

    def first_operation_with_params(
        self,
    ) -> tuple[Resource, Operation, Argument] | None:
        """The first (resource, operation, argument) whose argument accepts a TypedDict,
        one that takes a model or its TypedDict if any: the README's example of a dict
        passed for a model."""
        found = [
            (r, op, arg)
            for r in self.resources
            for op in r.operations
            for arg in op.arguments
            if arg.param_refs
        ]
        single = [t for t in found if t[2].dict_type is not None]
        return next(iter(single or found), None)

    @property
    def model_names(self) -> tuple[str, ...]:
        return tuple(
            sorted([m.name for m in self.models] + [a.name for a in self.aliases])
        )
