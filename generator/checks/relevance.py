"""The OpenAPI schemas reshaped so that a failure names the relevant rule, not every branch.

The OpenAPI 3.0 schema says "a Reference or a Parameter" as a `oneOf` of the two, so a broken
parameter fails both, and a validator can only say that neither matched. A reader wants the
problem of the branch the value was meant to be: a mapping with `$ref` is a Reference,
anything else is the object itself. Same for "one of four parameter locations" or "one of
four security scheme types", told apart by one property's value. These `oneOf`s are
rewritten here, once, into `if`/`then`/`else` chains that accept exactly the same documents
(the 3.1 schema is written this way already) but fail inside the chosen branch.

The 3.0 schema is JSON Schema draft 4; its boolean `exclusiveMinimum` is turned into the
2020-12 spelling the engine runs (`engine.py`).
"""

from __future__ import annotations

import copy
from typing import Any

_REF_LOOKS = {"type": "object", "required": ["$ref"]}


def focused(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of an OpenAPI Initiative schema that fails in the relevant branch."""
    out = copy.deepcopy(schema)
    definitions = out.get("definitions") or out.get("$defs") or {}
    stack: list[Any] = [out]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        _draft4_bounds(node)
        for key in ("oneOf", "anyOf"):
            members = node.get(key)
            if isinstance(members, list) and "if" not in node:
                chain = _by_reference(members, definitions, key)
                chain = chain or _by_property(members, definitions)
                if chain is not None:
                    del node[key]
                    node.update(chain)
                    break
        stack.extend(node.values())
    return out


def _target(member: Any, definitions: dict[str, Any]) -> Any:
    """The definition a member names by a local `$ref`, or the member itself."""
    if isinstance(member, dict) and set(member) == {"$ref"}:
        name = str(member["$ref"]).rsplit("/", 1)[-1]
        return definitions.get(name, member)
    return member


def _is_reference(member: Any, definitions: dict[str, Any]) -> bool:
    target = _target(member, definitions)
    return (
        member is not target
        and isinstance(target, dict)
        and target.get("required") == ["$ref"]
    )


def _by_reference(
    members: list[Any], definitions: dict[str, Any], key: str
) -> dict[str, Any] | None:
    """ "A Reference or an X": a mapping with `$ref` is checked as the Reference."""
    refs = [m for m in members if _is_reference(m, definitions)]
    others = [m for m in members if not _is_reference(m, definitions)]
    if len(refs) != 1 or not others:
        return None
    otherwise = others[0] if len(others) == 1 else {key: others}
    return {"if": dict(_REF_LOOKS), "then": refs[0], "else": otherwise}


def _by_property(
    members: list[Any], definitions: dict[str, Any]
) -> dict[str, Any] | None:
    """Members told apart by one property's single allowed value (`in: path`,
    `type: apiKey`): the value picks the member; an unknown value is one error."""
    targets = [_target(m, definitions) for m in members]
    if len(targets) < 2 or not all(isinstance(t, dict) for t in targets):
        return None
    common = set.intersection(*(set(t.get("properties") or {}) for t in targets))
    for name in sorted(common):
        values = [_single_value(t["properties"][name]) for t in targets]
        if any(v is None for v in values) or len({str(v) for v in values}) < len(
            values
        ):
            continue
        chain: dict[str, Any] = {
            "required": [name],
            "properties": {name: {"enum": [v[0] for v in values if v]}},
        }
        for member, value in reversed(list(zip(members, values, strict=True))):
            assert value is not None
            condition = {"required": [name], "properties": {name: {"const": value[0]}}}
            chain = {"if": condition, "then": member, "else": chain}
        return chain
    return None


def _single_value(schema: Any) -> tuple[Any] | None:
    if isinstance(schema, dict):
        enum = schema.get("enum")
        if isinstance(enum, list) and len(enum) == 1:
            return (enum[0],)
        if "const" in schema:
            return (schema["const"],)
    return None


def _draft4_bounds(node: dict[str, Any]) -> None:
    """Draft 4's `minimum: 0, exclusiveMinimum: true` is 2020-12's `exclusiveMinimum: 0`."""
    for bound, exclusive in (
        ("minimum", "exclusiveMinimum"),
        ("maximum", "exclusiveMaximum"),
    ):
        flag = node.get(exclusive)
        if isinstance(flag, bool):
            if flag and bound in node:
                node[exclusive] = node.pop(bound)
            else:
                del node[exclusive]
