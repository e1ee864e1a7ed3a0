"""Grouping operations into resources (client attributes, classes, method names), and the
order in which aliases are written.

Resources form a tree: a dotted `x-resource` (`chat.completions`) puts an operation on a
resource inside another (`client.chat.completions.create`). A resource is known by its
Python name at each level, so spec names that meet after the transform (the tag `Chat` and
the `chat` of `chat.completions`) are one resource, holding both its methods and its
sub-resources. Names that cannot be had are renamed with a trailing `_`, never dropped:
a method named like a sub-resource of its resource, or like a member of the generated
classes (W112), and a method named like another method of its resource (W104).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ..literals import clean_text
from ..source.loader import Document
from .model import ANY, Alias, Operation, Resource
from .naming import allocate_names, class_name, member_name, snake_case
from .placement import Placed
from .schemas import SchemaBuilder
from .settings import CLIENT_MEMBERS
from .spec_nodes import str_value

# Attributes of the generated resource classes that an operation or a sub-resource must not
# shadow.
RESOURCE_MEMBERS = frozenset({"with_raw_response"})

Warn = Callable[[Document, str, str, str], None]


@dataclass
class _Node:
    path: tuple[str, ...]  # Python names from the client down
    spellings: set[str] = field(default_factory=set)  # spec names that led here
    children: dict[str, _Node] = field(default_factory=dict)
    placed: list[Placed] = field(default_factory=list)


def group_resources(
    root: Document,
    found: list[Placed],
    model_names: set[str],
    client_members: Iterable[str],
    warn: Warn,
) -> tuple[Resource, ...]:
    """Every resource of the tree, each once, parents before their sub-resources, in the
    order of their dotted names."""
    top = _Node(())
    reserved_top = CLIENT_MEMBERS | frozenset(client_members)
    named: dict[tuple[tuple[str, ...], str], str] = {}  # (parent, spelling) -> name
    for placed in found:
        node = top
        for depth, spelling in enumerate(placed.resource):
            key = (node.path, spelling)
            if key not in named:
                named[key] = _attribute(
                    spelling,
                    reserved_top if depth == 0 else RESOURCE_MEMBERS,
                    "the client" if depth == 0 else "a resource",
                    placed,
                    warn,
                )
            name = named[key]
            node = node.children.setdefault(name, _Node((*node.path, name)))
            node.spellings.add(".".join(placed.resource[: depth + 1]))
        node.placed.append(placed)
    nodes = sorted(_walk(top), key=lambda n: n.path)
    tag_docs = {
        str(t.get("name")): clean_text(str_value(t.get("description")))
        for t in root.data.get("tags") or []
        if isinstance(t, dict)
    }
    for tag in sorted(
        tag_docs
    ):  # a top-level resource named like a tag tells its story
        if tag_docs[tag] and member_name(tag) in top.children:
            top.children[member_name(tag)].spellings.add(tag)
    # Resource modules import models by name: a resource class named like a model is suffixed.
    wanted_classes = []
    for node in nodes:
        wanted = class_name(".".join(node.path))
        if _clashes(wanted, model_names):
            wanted += "Resource"
        wanted_classes.append((".".join(node.path), wanted))
    classes = allocate_names(wanted_classes, taken=model_names)
    return tuple(
        Resource(
            attr_name=node.path[-1],
            dotted_name=".".join(node.path),
            class_name=classes[".".join(node.path)],
            description=next(
                (tag_docs[s] for s in sorted(node.spellings) if tag_docs.get(s)), ""
            ),
            operations=_methods(node, warn),
            has_children=bool(node.children),
        )
        for node in nodes
    )


def _walk(node: _Node) -> list[_Node]:
    found = [] if not node.path else [node]
    for child in node.children.values():
        found.extend(_walk(child))
    return found


def _attribute(
    spelling: str, reserved: frozenset[str], holder: str, placed: Placed, warn: Warn
) -> str:
    """A resource's attribute name; one named like a member of the class that holds it
    gets a trailing `_` (W112)."""
    name = member_name(spelling)
    if name not in reserved:
        return name
    given = name
    while given in reserved:
        given += "_"
    warn(
        placed.doc,
        "W112",
        f"resource {spelling!r} would be named {name!r}, like a member of {holder}; "
        f"it is named {given!r}",
        placed.resource_at,
    )
    return given


def _method_name(spelled: str) -> str:
    """`member_name`, except that `list` stays `list` (the official SDKs' name for a
    listing): the class defines it last, as mypy would read a later `list[...]` annotation
    in the class as the method."""
    return "list" if snake_case(spelled) == "list" else member_name(spelled)


def _methods(node: _Node, warn: Warn) -> tuple[Operation, ...]:
    """The node's operations with their method names: unique in the class, never a
    sub-resource's or a member's name; in spec order, a method named `list` last."""
    taken = RESOURCE_MEMBERS | set(node.children)
    asked = _settled(node.placed, warn)
    wanted = [
        (p.operation.operation_id, _method_name(spelled))
        for p, spelled in zip(node.placed, asked, strict=True)
    ]
    names = allocate_names(wanted, taken=taken)
    dotted = ".".join(node.path)
    for placed, spelled, (key, want) in zip(node.placed, asked, wanted, strict=True):
        got = names[key]
        if got == want:
            continue
        if want in node.children:
            why = f"like the sub-resource {dotted}.{want}"
            code = "W112"
        elif want in RESOURCE_MEMBERS:
            why = "like a member of every resource"
            code = "W112"
        else:
            why = "like another method of the same resource"
            code = "W104"
        warn(
            placed.doc,
            code,
            f"method {spelled!r} of {dotted} would be named {want!r}, {why}; "
            f"it is named {got!r}",
            placed.method_at,
        )
    named = [
        replace(p.operation, method_name=names[p.operation.operation_id])
        for p in node.placed
    ]
    return tuple(sorted(named, key=lambda op: op.method_name == "list"))


def _settled(placed: list[Placed], warn: Warn) -> list[str]:
    """The name each operation asks for, once REST names two operations of the resource
    want are settled: the one of lowest rank (the shorter path, then GET, POST, PUT,
    PATCH, DELETE) keeps it, the others ask for their fallback (W104). Only the operation
    itself decides its rank, so an added operation never takes a name from one that had
    it, unless its own path is shorter."""
    asked = [p.method for p in placed]
    groups: dict[str, list[int]] = {}
    for index, p in enumerate(placed):
        if p.conventional:
            groups.setdefault(_method_name(p.method), []).append(index)
    for want, indexes in groups.items():
        if len(indexes) < 2:
            continue
        indexes.sort(key=lambda i: placed[i].rank)
        keeper = placed[indexes[0]].operation
        for index in indexes[1:]:
            p = placed[index]
            asked[index] = p.fallback
            warn(
                p.doc,
                "W104",
                f"{p.operation.http_method} {p.operation.path} would be named {want!r} "
                f"by REST conventions, like {keeper.http_method} {keeper.path}; it is "
                f"named from its operationId: {_method_name(p.fallback)!r}",
                p.method_at,
            )
    return asked


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


def ordered_aliases(schemas: SchemaBuilder, root: Document) -> tuple[Alias, ...]:
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
