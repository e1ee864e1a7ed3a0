"""The modules a big API's models and params are split into (see model_modules.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Alias, Model
    from .typed_dicts import ParamDict


@dataclass(frozen=True)
class ModelModule:
    """One module of the models package: its models and aliases in the order the single
    module had them (classes first, aliases after those they name), and what it imports
    from the other modules."""

    name: str  # the module's name in the models package, `_chat_completion`
    models: tuple[Model, ...]
    aliases: tuple[Alias, ...]
    imports: tuple[tuple[str, tuple[str, ...]], ...]  # (module, names) pairs, sorted

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(
            sorted([m.name for m in self.models] + [a.name for a in self.aliases])
        )

    @cached_property
    def helper_names(self) -> frozenset[str]:
        """Names the module's annotations, `Field()` calls and aliases use."""
        names = frozenset[str]().union(*(m.helper_names for m in self.models))
        return names.union(*(a.type.helper_names() for a in self.aliases))


@dataclass(frozen=True)
class ParamModule:
    """One module of the params package (`PKG/_params/`), split like the models: its
    TypedDicts and param aliases, the other params modules' names it imports, and the
    models' aliases it names (imported through `PKG.models`, which loads only those)."""

    name: str
    dicts: tuple[ParamDict, ...]
    aliases: tuple[Alias, ...]
    imports: tuple[tuple[str, tuple[str, ...]], ...]
    model_refs: tuple[str, ...]

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(
            sorted([d.name for d in self.dicts] + [a.name for a in self.aliases])
        )

    @cached_property
    def helper_names(self) -> frozenset[str]:
        """Names its keys' annotations and its aliases use (`TypeAlias` included)."""
        names = frozenset[str]().union(*(d.helper_names for d in self.dicts))
        names = names.union(*(a.type.signature_helper_names() for a in self.aliases))
        return names | ({"TypeAlias"} if self.aliases else frozenset())
