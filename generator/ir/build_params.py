"""Typed request parameters: a TypedDict for every object schema a request may carry, and
the signatures that accept it beside the model.

Only schemas reachable from some operation's arguments (its parameters and body) get one;
response-only schemas do not. A model `M` gets `MParam` (a `ParamDict`); an alias whose
type names such a model (a union of message types, an array of them) gets a param alias
of the same shape over the TypedDicts; an alias that names no model is used as it is.
Names end in `Param` and are allocated like every other name (`naming.allocate_names`),
so they never clash with a model, an alias or each other.

A method's argument accepts both (`Argument.accepts`): a model `M` as `M | MParam`, an
alias `A` as `A | AParam`, and an array or a map holding them as `Iterable[...]` /
`Mapping[str, ...]` of that. Inside a TypedDict, nested objects are TypedDicts only, as in
the official OpenAI SDK.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .model import (
    Alias,
    Argument,
    Constraints,
    Model,
    Operation,
    TypeKind,
    TypeRef,
)
from .naming import allocate_names
from .type_text import HELPER_NAMES
from .typed_dicts import ParamDict, ParamKey
from .types import FORMAT_KINDS

STR = TypeRef("str")

# Names params.py imports or defines besides the TypedDicts and aliases: a key spelled like
# one of them is written in the functional form, never as a class attribute.
_MODULE_NAMES = frozenset(HELPER_NAMES)


@dataclass(frozen=True)
class RequestParams:
    """What `params.py` holds, and the operations with their signatures widened."""

    dicts: tuple[ParamDict, ...]
    aliases: tuple[
        Alias, ...
    ]  # in an order where each follows the param aliases it names
    operations: list[Operation]

    @property
    def names(self) -> set[str]:
        return {d.name for d in self.dicts} | {a.name for a in self.aliases}


def request_params(
    models: Mapping[str, Model],
    aliases: Iterable[Alias],
    operations: list[Operation],
) -> RequestParams:
    """The TypedDicts and param aliases the operations' arguments need (`aliases` in their
    module order), and the operations with each argument's `accepts` set."""
    alias_list = list(aliases)
    by_alias = {a.name: a for a in alias_list}
    with_models = _aliases_naming_models(models, by_alias)
    reached = _reachable(
        [a.type for op in operations for a in op.arguments], models, by_alias
    )
    wanted = [
        (name, f"{name}Param")
        for name in [*models, *(a.name for a in alias_list)]
        if name in reached and (name in models or name in with_models)
    ]
    taken = set(models) | set(by_alias) | _MODULE_NAMES
    names = allocate_names(wanted, taken=taken)
    to_params = _Widening(names, by_alias)
    imported = set(by_alias) - set(names)  # aliases params.py takes from models.py
    dicts = tuple(
        _param_dict(
            models[name], names[name], to_params, imported | set(names.values())
        )
        for name in models
        if name in names
    )
    param_aliases = tuple(
        replace(alias, name=names[alias.name], type=to_params.param(alias.type))
        for alias in alias_list
        if alias.name in names
    )
    widened = [_with_accepts(op, to_params) for op in operations]
    return RequestParams(dicts, param_aliases, widened)


def _aliases_naming_models(
    models: Mapping[str, Model], aliases: Mapping[str, Alias]
) -> set[str]:
    """Aliases whose type names a model, directly or through other aliases."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, alias in aliases.items():
            refs = alias.type.named_refs()
            if name not in found and any(r in models or r in found for r in refs):
                found.add(name)
                changed = True
    return found


def _reachable(
    roots: list[TypeRef], models: Mapping[str, Model], aliases: Mapping[str, Alias]
) -> set[str]:
    """The models and aliases the types name, and all those they name in turn."""
    seen: set[str] = set()
    todo = [name for t in roots for name in sorted(t.named_refs())]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        refs: set[str] = set()
        if name in models:
            for field in models[name].fields:
                refs |= field.type.named_refs()
        elif name in aliases:
            refs = aliases[name].type.named_refs()
        todo.extend(sorted(refs - seen))
    return seen


class _Widening:
    """The two rewrites of a type: what a TypedDict's key accepts (`param`), and what a
    method's argument accepts (`accepts`)."""

    def __init__(self, names: Mapping[str, str], aliases: Mapping[str, Alias]) -> None:
        self.names = names  # model or alias -> its TypedDict or param alias
        self.aliases = aliases
        self._holds: dict[str, bool] = {}

    def mentions(self, type_ref: TypeRef) -> bool:
        return any(n in self.names for n in type_ref.named_refs())

    def param(self, type_ref: TypeRef) -> TypeRef:
        """Models and the aliases naming them replaced by their params; arrays and maps
        holding params made `Iterable` / `Mapping`; a date-time, date or UUID also as its
        string; constraints and discriminators left to the runtime's checks."""
        if type_ref.kind in _FORMATS:
            return _or_string(type_ref)
        if type_ref.kind == "named":
            return TypeRef("named", name=self.names.get(type_ref.name, type_ref.name))
        kind: TypeKind = type_ref.kind
        if kind == "list" and self.mentions(type_ref):
            kind = "iterable"
        elif kind == "dict" and self.mentions(type_ref):
            kind = "mapping"
        return replace(
            type_ref,
            kind=kind,
            args=tuple(self.param(a) for a in type_ref.args),
            constraints=Constraints(),
            discriminator=None,
        )

    def holds_params(self, type_ref: TypeRef) -> bool:
        """Whether the type has an array or a map holding params, itself or through the
        aliases it names (a model ends the search: its fields are its TypedDict's)."""
        if type_ref.kind == "named":
            name = type_ref.name
            if name not in self.aliases or name not in self.names:
                return False
            if name not in self._holds:
                self._holds[name] = self.holds_params(self.aliases[name].type)
            return self._holds[name]
        if type_ref.kind in ("list", "dict"):
            return self.mentions(type_ref)
        return any(self.holds_params(a) for a in type_ref.args)

    def accepts(self, type_ref: TypeRef) -> TypeRef:
        """The type with each model `M` (and alias of a union of models) also accepted as
        its param: `M | MParam`; arrays and maps of them `Iterable[M | MParam]` /
        `Mapping[str, M | MParam]`. An alias holding such an array is written out: mypy
        reads a list literal against `list[M] | Iterable[MParam]` by the `list` member
        alone (and then refuses dicts), so the two sides share one `Iterable`."""
        if type_ref.kind in _FORMATS:
            return _or_string(type_ref)
        if not self.mentions(type_ref) and not _has_format(type_ref):
            return type_ref
        if type_ref.kind == "named":
            if self.holds_params(type_ref):
                return self.accepts(self.aliases[type_ref.name].type)
            param = TypeRef("named", name=self.names[type_ref.name])
            return TypeRef("union", args=(type_ref, param))
        if type_ref.kind in ("list", "dict") and not self.mentions(type_ref):
            return replace(type_ref, args=(self.accepts(type_ref.args[0]),))
        if type_ref.kind in ("list", "dict"):
            kind: TypeKind = "iterable" if type_ref.kind == "list" else "mapping"
            return TypeRef(kind, args=(self.accepts(type_ref.args[0]),))
        if type_ref.kind == "union":
            members: list[TypeRef] = []
            for arg in type_ref.args:
                widened = self.accepts(arg)
                members.extend(
                    widened.args
                    if widened.kind == "union" and widened is not arg
                    else [widened]
                )
            return TypeRef("union", args=tuple(members))
        return type_ref


_FORMATS = frozenset(FORMAT_KINDS.values())


def _has_format(type_ref: TypeRef) -> bool:
    """A date-time, date or UUID in the type, outside models (whose fields take them)."""
    return type_ref.kind in _FORMATS or any(_has_format(a) for a in type_ref.args)


def _or_string(type_ref: TypeRef) -> TypeRef:
    """What a request takes for a parsed format: the object, or its string as sent."""
    return TypeRef("union", args=(replace(type_ref, constraints=Constraints()), STR))


def _param_dict(
    model: Model, name: str, widening: _Widening, module_names: set[str]
) -> ParamDict:
    keys = tuple(
        ParamKey(
            wire_name=f.wire_name,
            type=widening.param(f.type),
            required=f.required,
            description=f.description,
            quoted=widening.mentions(f.type),
        )
        for f in model.fields
    )
    reserved = module_names | _MODULE_NAMES
    functional = any(
        not (k.wire_name.isascii() and k.wire_name.isidentifier())
        or keyword.iskeyword(k.wire_name)
        or k.wire_name.startswith("__")
        or k.wire_name in reserved
        for k in keys
    )
    return ParamDict(name, model.name, model.description, keys, functional)


def _with_accepts(op: Operation, widening: _Widening) -> Operation:
    params = set(widening.names.values())
    arguments: list[Argument] = []
    for arg in op.arguments:
        widened = widening.accepts(arg.type)
        if widened is arg.type:
            arguments.append(arg)
            continue
        refs = tuple(sorted(widened.named_refs() & params))
        arguments.append(replace(arg, accepts=widened, param_refs=refs))
    return replace(op, arguments=tuple(arguments))
