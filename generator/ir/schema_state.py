"""What `SchemaBuilder` holds while it builds: the models and aliases made so far, the Python
names allocated to schemas, the schemas still to define, and the warnings; the methods its
parts (`schema_*.py` mixins) call on one another are declared here.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from ..diagnostics import Diagnostic, Severity, SpecError, join_pointer
from ..source.loader import Document
from ..source.resolve import Located, Resolver
from .model import Alias, Constraints, Discriminator, Field, Model, TypeRef
from .naming import allocate_names, class_name, pascal_case, renamed


class SchemaState:
    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.root = resolver.root
        self.warnings: list[Diagnostic] = []
        self._warned: set[Diagnostic] = set()
        self.models: dict[str, Model] = {}  # by Python name, in creation order
        self.aliases: dict[str, Alias] = {}
        self._named: dict[tuple[str, str], str] = {}  # (file, pointer) -> Python name
        self._used: set[str] = set()
        self._pending: list[tuple[str, Located]] = []
        self._in_progress: set[str] = set()
        self._admits_null: dict[str, bool] = {}  # by "file#pointer"
        components = self.root.data.get("components") or {}
        schemas = (
            components.get("schemas") or {} if isinstance(components, dict) else {}
        )
        if isinstance(schemas, dict):
            wanted = [(str(k), class_name(str(k))) for k in schemas]
            allocated = allocate_names(wanted)
            for key, want, got in renamed(wanted, allocated):
                self.warn_collision(
                    self.root, "schema", key, want, got, "/components/schemas"
                )
            for key, name in allocated.items():
                pointer = join_pointer("/components/schemas", key)
                self._named[(self.root.display, pointer)] = name
                self._used.add(name)
            for key in schemas:
                pointer = join_pointer("/components/schemas", str(key))
                located = Located(schemas[key], self.root, pointer)
                name = self._named[(self.root.display, pointer)]
                self._pending.append((name, self._adopted(located, name)))

    def _adopted(self, located: Located, name: str) -> Located:
        """A component that only names a schema in another file (`User: {$ref:
        schemas/User.yaml}`, as split specs list their schemas) lends it its name: a
        reference to the file and one to the component are one class, not `User` and an
        alias of it called `User_`. The schema to define under `name` is returned."""
        node = located.node
        ref = node.get("$ref") if isinstance(node, dict) and len(node) == 1 else None
        if not isinstance(ref, str) or ref.startswith("#"):
            return located
        try:
            target = self.resolver.lookup(ref, located.doc, located.pointer)
        except SpecError:
            return located
        key = (target.doc.display, target.pointer)
        if target.doc is self.root or key in self._named:
            return located
        self._named[key] = name
        return target

    # -- names -------------------------------------------------------------------------------

    def fresh_name(self, wanted: str) -> str:
        name = class_name(wanted)
        while name in self._used:
            name += "_"
        self._used.add(name)
        return name

    def name_for_target(self, target: Located) -> str:
        key = (target.doc.display, target.pointer)
        if key not in self._named:
            last = target.pointer.rsplit("/", 1)[-1] or target.doc.path.stem
            self._named[key] = self.fresh_name(pascal_case(last))
            self._pending.append((self._named[key], target))
        return self._named[key]

    # -- named definitions -------------------------------------------------------------------

    def warn_collision(
        self, doc: Document, what: str, key: str, wanted: str, got: str, parent: str
    ) -> None:
        self.warn(
            doc,
            "W104",
            f"{what} {key!r} would be named {wanted!r}, like another one; it is named {got!r}",
            join_pointer(parent, key),
        )

    def warn(self, doc: Document, code: str, message: str, pointer: str) -> None:
        diagnostic = doc.diagnostic(code, message, pointer, Severity.WARNING)
        if diagnostic not in self._warned:  # a schema may be read twice (a shared one)
            self._warned.add(diagnostic)
            self.warnings.append(diagnostic)

    # -- implemented by the mixins of `SchemaBuilder` ------------------------------------

    @abstractmethod
    def convert(
        self,
        located: Located,
        hint: str,
        depth: int = 0,
        inherited: tuple[str, ...] = (),
    ) -> TypeRef:
        """The TypeRef of a schema node (`schema_types.py`)."""

    @abstractmethod
    def reference(self, located: Located) -> TypeRef:
        """A `$ref` by name (`schema_nullability.py`)."""

    @abstractmethod
    def object_model(self, name: str, located: Located, depth: int = 0) -> Model:
        """The Model of an object schema (`schema_objects.py`)."""

    @abstractmethod
    def merged(self, located: Located) -> dict[str, Any]:
        """The schema with `allOf` parts folded in (`schema_objects.py`)."""

    @abstractmethod
    def field(
        self,
        name: str,
        wire: str,
        located: Located,
        required: bool,
        hint: str,
        depth: int = 0,
    ) -> Field:
        """One property of a model (`schemas.py`)."""

    @abstractmethod
    def constraints(self, located: Located, node: dict[str, Any]) -> Constraints:
        """The constraints of a schema's keywords (`schema_constraints.py`)."""

    @abstractmethod
    def discriminator_of(
        self,
        located: Located,
        node: dict[str, Any],
        members: list[tuple[Located, TypeRef]],
    ) -> Discriminator | None:
        """How a union's members are told apart (`schema_discriminators.py`)."""

    @abstractmethod
    def warn_untyped(self, located: Located, node: dict[str, Any]) -> None:
        """W108 (`schema_constraints.py`)."""
