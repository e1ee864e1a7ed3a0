"""The IR's types: `TypeRef` (a type as a small tree that renders itself as Python and as
words), its `Constraints`, a union's `Discriminator`, and a spec's `Default`s."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Literal

from ..literals import code_span, py_literal
from .returns import RUNTIME_NAMES
from .type_text import (
    HELPER_NAMES,
    literal_python,
    literal_words,
    primitive_python,
    primitive_words,
    size_words,
    with_metadata,
)

TypeKind = Literal[
    "str", "int", "float", "bool", "any", "none", "file", "bytes",
    "literal", "list", "dict", "union", "named",
    # strings of a `format` the models parse: date-time, date, uuid
    "datetime", "date", "uuid",
    # what a request accepts where the model side has a list / dict holding objects: any
    # iterable, any mapping (covariant, so a list of one TypedDict passes for a union)
    "iterable", "mapping",
]  # fmt: skip


# the string formats the models parse into Python objects, and the TypeRef kind of each
FORMAT_KINDS: dict[str, TypeKind] = {
    "date-time": "datetime",
    "date": "date",
    "uuid": "uuid",
}


def helpers_from(names: frozenset[str] | set[str], module: str) -> list[str]:
    """The helper names among `names` that `module` defines (see HELPER_NAMES and
    RUNTIME_NAMES), sorted the way an import line lists them.
    """
    return sorted(
        n for n in names if (HELPER_NAMES.get(n) or RUNTIME_NAMES.get(n)) == module
    )


@dataclass(frozen=True)
class Constraints:
    """Validation keywords of one schema; None means absent."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None  # as the spec writes it (ECMA-262), shown in docs
    python_pattern: str | None = (
        None  # the same for Python's re; None when it can't be used
    )
    ge: int | float | None = None
    gt: int | float | None = None
    le: int | float | None = None
    lt: int | float | None = None
    multiple_of: int | float | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    # x- vocabulary for files (see README, "The x- vocabulary")
    file_types: tuple[str, ...] = ()
    max_bytes: int | None = None
    image_square: bool = False
    image_same_size_as: str | None = None
    image_alpha_unless: str | None = None

    def field_kwargs(self) -> list[tuple[str, str]]:
        """pydantic `Field(...)` keyword arguments as (name, Python literal) pairs."""
        pairs: list[tuple[str, Any]] = [
            (
                "min_length",
                self.min_length if self.min_length is not None else self.min_items,
            ),
            (
                "max_length",
                self.max_length if self.max_length is not None else self.max_items,
            ),
            ("pattern", self.python_pattern),
            ("ge", self.ge),
            ("gt", self.gt),
            ("le", self.le),
            ("lt", self.lt),
            ("multiple_of", self.multiple_of),
        ]
        return [(name, py_literal(value)) for name, value in pairs if value is not None]

    @property
    def is_empty(self) -> bool:
        return self == Constraints()

    @property
    def has_file_rules(self) -> bool:
        return bool(
            self.file_types
            or self.max_bytes is not None
            or self.image_square
            or self.image_same_size_as
            or self.image_alpha_unless
        )

    def words(self) -> list[str]:
        """Each constraint in words, for docs ("at most 1000 characters")."""
        out: list[str] = []
        if self.min_length is not None and self.max_length is not None:
            out.append(f"between {self.min_length} and {self.max_length} characters")
        elif self.max_length is not None:
            out.append(f"at most {self.max_length} characters")
        elif self.min_length is not None:
            out.append(f"at least {self.min_length} characters")
        if self.pattern is not None:
            out.append(f"matches {code_span(self.pattern)}")
        low = self.ge if self.ge is not None else self.gt
        high = self.le if self.le is not None else self.lt
        if self.ge is not None and self.le is not None:
            out.append(f"between {self.ge} and {self.le}")
        else:
            if low is not None:
                out.append(
                    f"{'at least' if self.ge is not None else 'greater than'} {low}"
                )
            if high is not None:
                out.append(
                    f"{'at most' if self.le is not None else 'less than'} {high}"
                )
        if self.multiple_of is not None:
            out.append(f"a multiple of {self.multiple_of}")
        if self.min_items is not None:
            out.append(f"at least {self.min_items} items")
        if self.max_items is not None:
            out.append(f"at most {self.max_items} items")
        if self.unique_items:
            out.append("items are unique")
        if self.file_types:
            out.append(" or ".join(t.split("/")[-1].upper() for t in self.file_types))
        if self.max_bytes is not None:
            out.append(size_words(self.max_bytes))
        if self.image_square:
            out.append("square")
        if self.image_same_size_as:
            out.append(f"same dimensions as {code_span(self.image_same_size_as)}")
        if self.image_alpha_unless:
            out.append(
                f"must have transparency when {code_span(self.image_alpha_unless)} is absent"
            )
        return out


@dataclass(frozen=True)
class Discriminator:
    """How a union's members are told apart: the wire name of a property, and the member
    (a model's Python name) of each value it takes."""

    property_name: str
    mapping: tuple[tuple[str, str], ...]  # (tag, model name), in the spec's order

    def python(self) -> str:
        """The runtime marker, `Discriminated("type", {"a": A, "b": B | C})`: a value two
        members share (`oneOf` tells them apart by their other keywords) names both."""
        pairs = ", ".join(
            f"{py_literal(tag)}: {' | '.join(names)}" for tag, names in self.groups
        )
        return f"Discriminated({py_literal(self.property_name)}, {{{pairs}}})"

    @property
    def groups(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each tag with the members it names (several when members share it)."""
        members: dict[str, list[str]] = {}
        for tag, name in self.mapping:
            members.setdefault(tag, []).append(name)
        return tuple((tag, tuple(names)) for tag, names in members.items())


@dataclass(frozen=True)
class TypeRef:
    """A type, as a small tree; renders itself as Python and as words."""

    kind: TypeKind
    name: str = ""  # for "named": the Python name of a model or alias
    values: tuple[str | int | bool | None, ...] = ()  # for "literal"
    args: tuple[TypeRef, ...] = ()  # list, iterable: (item,); dict, mapping: (value,)
    constraints: Constraints = field(
        default_factory=Constraints
    )  # for items of a list etc.
    discriminator: Discriminator | None = (
        None  # for "union": members told apart by a tag
    )

    def python(self) -> str:
        """The Python type expression."""
        return self._rendered[0]

    def helper_names(self) -> frozenset[str]:
        """The names `python()` uses besides builtins and the package's models and aliases
        (see `HELPER_NAMES`); a module that writes the expression must import them.
        """
        return self._rendered[1]

    def signature(self) -> str:
        """The type as a signature spells it: without the discriminators that tell the
        models how to parse (a method's arguments are checked against the spec's schemas,
        and what it returns is parsed with `python()`)."""
        return self._rendered_plain[0]

    def signature_helper_names(self) -> frozenset[str]:
        """The helper names `signature()` uses."""
        return self._rendered_plain[1]

    @cached_property
    def _rendered(self) -> tuple[str, frozenset[str]]:
        # asked for by several templates and aggregates: rendered once per type
        return self._render(tagged=True)

    @cached_property
    def _rendered_plain(self) -> tuple[str, frozenset[str]]:
        return self._render(tagged=False)

    def _render(self, tagged: bool) -> tuple[str, frozenset[str]]:
        inner, names = self._render_bare(tagged)
        kwargs = self.constraints.field_kwargs()
        return with_metadata(inner, names, kwargs, self.constraints.unique_items)

    def _render_bare(self, tagged: bool) -> tuple[str, frozenset[str]]:
        if self.kind == "named":
            return self.name, frozenset()
        if self.kind == "literal":
            return literal_python(self.values)
        rendered = [a._rendered if tagged else a._rendered_plain for a in self.args]
        names = frozenset[str]().union(*(n for _, n in rendered))
        if self.kind == "list":
            return f"list[{rendered[0][0]}]", names
        if self.kind == "dict":
            return f"dict[str, {rendered[0][0]}]", names
        if self.kind == "iterable":
            return f"Iterable[{rendered[0][0]}]", names | {"Iterable"}
        if self.kind == "mapping":
            return f"Mapping[str, {rendered[0][0]}]", names | {"Mapping"}
        if self.kind == "union" and self.discriminator is not None and tagged:
            members = [
                r[0]
                for a, r in zip(self.args, rendered, strict=True)
                if a.kind != "none"
            ]
            text = f"Annotated[{' | '.join(members)}, {self.discriminator.python()}]"
            nullable = " | None" if NONE in self.args else ""
            return text + nullable, names | {"Annotated", "Discriminated"}
        if self.kind == "union":
            return " | ".join(text for text, _ in rendered), names
        text, own = primitive_python(self.kind)
        return text, names | own

    def words(self) -> str:
        """The type in words, as the seeds write it: "integer or null", "array of Image"."""
        if self.kind == "named":
            return self.name
        if self.kind == "literal":
            return literal_words(self.values)
        if self.kind in ("list", "dict", "iterable", "mapping"):
            item = self.args[0].words()
            if self.args[0].kind == "union":
                item = f"({item})"  # "array of (string or null) or null"
            return (
                "map of " if self.kind in ("dict", "mapping") else "array of "
            ) + item
        if self.kind == "union":
            return " or ".join(a.words() for a in self.args)
        return primitive_words(self.kind)

    @property
    def literal_values(self) -> tuple[str | int | bool, ...]:
        """The values the type lists (a `Literal[...]`, or its union members', list items'
        or map values'), None aside: what docs show as "One of"."""
        found = [
            v
            for t in (self, *self.args)
            if t.kind == "literal"
            for v in t.values
            if v is not None
        ]
        return tuple({(type(v), v): v for v in found}.values())

    def named_refs(self) -> set[str]:
        """Names of models and aliases this type mentions."""
        found = {self.name} if self.kind == "named" else set()
        for arg in self.args:
            found |= arg.named_refs()
        return found

    @property
    def is_nullable(self) -> bool:
        """Whether None is a value of the type (`Any` admits it too)."""
        if self.kind in ("none", "any"):
            return True
        if self.kind == "literal":
            return None in self.values
        return self.kind == "union" and any(a.is_nullable for a in self.args)

    @property
    def uses_file(self) -> bool:
        return self.kind == "file" or any(a.uses_file for a in self.args)

    def with_null(self) -> TypeRef:
        if self.is_nullable:
            return self
        if self.kind == "union":
            return replace(self, args=(*self.args, NONE))
        return TypeRef("union", args=(self, NONE))


NONE = TypeRef("none")
ANY = TypeRef("any")


@dataclass(frozen=True)
class Default:
    """A default value from the spec (present=False: the spec gives none)."""

    present: bool = False
    value: Any = None
    usable: bool = (
        True  # False: the value does not match the type; docs show it, code ignores it
    )

    @property
    def python(self) -> str:
        return py_literal(self.value)
