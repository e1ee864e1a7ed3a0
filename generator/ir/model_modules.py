"""How the models are split into modules, so a client imports only the models it reaches.

A big API has thousands of models; building them all costs a second on the first call. The
models (`PKG/_models/`) are split along the model graph (an edge wherever a model's
field, extra type or an alias names another model or alias):

- the members of a strongly connected component (models that name each other in a loop)
  share a module, so modules never import each other in a loop;
- a component that only one module's models name joins that module (a model's inline
  sub-models live with it), so the split follows ownership and the file count stays sane,
  unless an operation names it itself (a response model heads its own module);
- everything else is a module of its own, named after its first member in snake_case, which
  stays the same when the spec grows elsewhere.

`PKG/models/__init__.py` names every model for type checkers and imports each module on
first use of one of its names, so `from PKG.models import X` keeps working and costs only X's
module and what that module imports.
"""

from __future__ import annotations

import keyword
from collections.abc import Collection
from typing import Any

from .model import Alias, Api
from .naming import snake_case
from .package_modules import ModelModule, ParamModule


def model_modules(api: Api) -> tuple[ModelModule, ...]:
    models = {m.name: m for m in api.models}
    aliases = {a.name: a for a in api.aliases}
    refs = {n: m.references for n, m in models.items()}
    used = set[str]().union(*(r.named_refs for r in api.resources))
    groups = _grouped(models, aliases, refs, used)
    return tuple(
        ModelModule(module, tuple(mine), tuple(theirs), imports)
        for module, (mine, theirs, imports, _) in groups
    )


def param_modules(api: Api) -> tuple[ParamModule, ...]:
    dicts = {d.name: d for d in api.param_dicts}
    aliases = {a.name: a for a in api.param_aliases}
    refs = {n: d.references for n, d in dicts.items()}
    used = set[str]().union(*(r.param_refs for r in api.resources))
    groups = _grouped(dicts, aliases, refs, used)
    return tuple(
        ParamModule(module, tuple(mine), tuple(theirs), imports, outside)
        for module, (mine, theirs, imports, outside) in groups
    )


_Group = tuple[
    list[Any], list[Alias], tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]
]


def _grouped(
    defined: dict[str, Any],
    aliases: dict[str, Alias],
    refs: dict[str, set[str]],
    used: set[str],
) -> list[tuple[str, _Group]]:
    """The split of `defined` (models or TypedDicts) and `aliases`, in one pass: per module,
    by name, its definitions and aliases in their order, its imports from the other modules,
    and the names it uses that none of them define (the models a params module imports).
    """
    refs = {**refs, **{n: a.type.named_refs() for n, a in aliases.items()}}
    module_of, imports = split([*defined, *aliases], refs, used)
    groups: dict[str, _Group] = {m: ([], [], imports[m], ()) for m in sorted(imports)}
    outside: dict[str, set[str]] = {m: set() for m in groups}
    # a set, not `module_of.keys()`: `set - dict_keys` walks every key of the view
    placed = set(module_of)
    for name, node in (*defined.items(), *aliases.items()):
        module = module_of[name]
        (groups[module][1] if name in aliases else groups[module][0]).append(node)
        outside[module] |= refs[name] - placed
    return [
        (m, (mine, theirs, found, tuple(sorted(outside[m]))))
        for m, (mine, theirs, found, _) in groups.items()
    ]


def split(
    order: list[str], refs: dict[str, set[str]], roots: Collection[str] = ()
) -> tuple[dict[str, str], dict[str, tuple[tuple[str, tuple[str, ...]], ...]]]:
    """Each name's module, and each module's imports from the others ((module, names)
    pairs, sorted). Names `refs` mentions that are not in `order` are the caller's. A
    `roots` name (one a resource uses itself) heads a module of its own: loading it must
    not load the module of some other model that happens to be its only referrer."""
    edges = {n: sorted(r for r in refs[n] if r in refs and r != n) for n in order}
    components = _components(order, edges)
    component_of = {n: i for i, members in enumerate(components) for n in members}
    rooted = {component_of[n] for n in roots if n in component_of}
    group = _groups(components, component_of, edges, rooted)
    heads = {g: min(components[g]) for g in set(group.values())}
    names = _module_names(heads)  # each named after its head's first member
    module_of = {n: names[group[component_of[n]]] for n in order}
    imports: dict[str, dict[str, set[str]]] = {m: {} for m in names.values()}
    for name in order:
        for target in edges[name]:
            if module_of[target] != module_of[name]:
                imports[module_of[name]].setdefault(module_of[target], set()).add(
                    target
                )
    return module_of, {
        m: tuple((o, tuple(sorted(ns))) for o, ns in sorted(found.items()))
        for m, found in imports.items()
    }


def _components(order: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (graphs can be deep), in reverse
    topological order: a component comes after every component it names."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in order:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if child < len(targets):
                work.append((node, child + 1))
                target = targets[child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _groups(
    components: list[list[str]],
    component_of: dict[str, int],
    edges: dict[str, list[str]],
    rooted: set[int],
) -> dict[int, int]:
    """Each component's module, as the index of the component heading it. Components are
    visited from those nobody names down (the reverse of Tarjan's order), so a component's
    referrers are placed before it."""
    referrers: dict[int, set[int]] = {i: set() for i in range(len(components))}
    for name, targets in edges.items():
        for target in targets:
            if component_of[target] != component_of[name]:
                referrers[component_of[target]].add(component_of[name])
    group: dict[int, int] = {}
    for i in reversed(range(len(components))):
        owners = {group[r] for r in referrers[i]}
        group[i] = owners.pop() if len(owners) == 1 and i not in rooted else i
    return group


def _module_names(heads: dict[int, str]) -> dict[int, str]:
    """`_snake_case` of each head name; a clash (two names, one spelling) gets `_2`, `_3` in
    the order of the names, so adding a model elsewhere never renames a module."""
    taken: dict[str, int] = {}
    names: dict[int, str] = {}
    for group, head in sorted(heads.items(), key=lambda item: item[1]):
        base = "_" + snake_case(head).strip("_")
        if keyword.iskeyword(base):
            base += "_"
        count = taken.get(base, 0) + 1
        taken[base] = count
        names[group] = base if count == 1 else f"{base}_{count}"
    return names
