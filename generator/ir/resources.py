"""Grouping operations into resources (client attributes, classes, method names), and the
order in which aliases are written.
"""

from __future__ import annotations

from dataclasses import replace

from ..literals import clean_text
from ..source.loader import Document
from .model import ANY, Alias, Operation, Resource
from .naming import allocate_names, class_name, member_name
from .schemas import SchemaBuilder
from .spec_nodes import str_value

# Attributes of the generated client classes that a resource must not shadow.
CLIENT_MEMBERS = frozenset({"close", "aclose", "base_url", "with_options"})


# Attributes of the generated resource classes that an operation must not shadow.
RESOURCE_MEMBERS = frozenset({"with_raw_response"})


def group_resources(
    root: Document, found: list[tuple[str, str, Operation]], model_names: set[str]
) -> tuple[Resource, ...]:
    groups: dict[str, list[tuple[str, Operation]]] = {}
    for key, wanted, op in found:
        groups.setdefault(key, []).append((wanted, op))
    tag_docs = {
        str(t.get("name")): clean_text(str_value(t.get("description")))
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
