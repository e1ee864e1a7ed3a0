"""The compiler: a schema node becomes one closure made of its keywords' checks, in the
meaning of the dialect (OpenAPI 3.0 = draft 4 + `nullable`, or 3.1 = 2020-12).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping
from typing import Any

from ._jsonschema_annotations import _Annotations
from ._jsonschema_assemble import (
    _ACTIVE_30,
    _ACTIVE_31,
    _KIND_LEAF,
    _NUMBER_LEAF,
    _STR_LEAF,
    _assemble,
    _kind_leaf,
    _number_leaf,
    _string_leaf,
)
from ._jsonschema_checks import (
    _any_of,
    _bound,
    _const,
    _count,
    _enum,
    _false,
    _if,
    _label,
    _max_length,
    _min_length,
    _multiple_of,
    _not,
    _not_summary,
    _one_of,
    _pattern,
)
from ._jsonschema_containers import (
    _contains,
    _dependent_required,
    _dependent_schemas,
    _items,
    _properties,
    _property_names,
    _required,
    _unevaluated_items,
    _unevaluated_properties,
    _unique,
)
from ._jsonschema_patterns import _regex
from ._jsonschema_refs import SchemaError, _pointer
from ._jsonschema_values import (
    _INT,
    _NULL,
    _STR,
    _TYPE_KINDS,
    _TYPE_NAMES,
    _canon,
    _Check,
    _count_of,
    _is_number,
    _Loc,
    _Path,  # noqa: F401  (see _jsonschema_values: resolves _Check's hints)
    _true,
)


class _Compiler(_Annotations):
    """Turns the schemas of one document into closures, each location once."""

    def _build(self, loc: _Loc, node: object) -> _Check:
        if node is True:
            return _true
        if node is False:
            return _false("false", "is not allowed")
        if not isinstance(node, Mapping):
            raise SchemaError(
                f"{_pointer(loc)}: a schema must be an object or a boolean"
            )
        ref = node.get("$ref")
        if self.d30 and isinstance(ref, str):
            return self._ref(loc, ref)
        members = node.get("enum")
        if (
            self.d30
            and node.get("nullable") is True
            and isinstance(members, list)
            and None not in members
        ):
            # Real 3.0 specs write a nullable enum without listing null and mean null is
            # allowed (the generated types say `X | None` too), so null joins the enum.
            node = {**node, "enum": [*members, None]}
        generic: list[_Check] = []
        numbers: list[_Check] = []
        strings: list[_Check] = []
        arrays: list[_Check] = []
        objects: list[_Check] = []
        if isinstance(ref, str):
            generic.append(self._ref(loc, ref))
        dynamic = node.get("$dynamicRef")
        if not self.d30 and isinstance(dynamic, str):
            generic.append(self._dynamic_ref(loc, dynamic))
        self._values(node, generic)
        self._applicators(loc, node, generic)
        self._numbers(node, numbers)
        self._strings(node, strings)
        self._arrays(loc, node, arrays)
        self._objects(loc, node, objects)
        groups: tuple[tuple[_Check, ...], ...] = (
            (),
            (),
            tuple(numbers),
            tuple(numbers),
            tuple(strings),
            tuple(arrays),
            tuple(objects),
            (),
        )
        typed = self._type(node)
        run = _assemble(typed, tuple(generic), groups)
        return self._leaf(node, typed, run) or run

    def _leaf(
        self,
        node: Mapping[str, Any],
        typed: tuple[frozenset[int], int, str] | None,
        full: _Check,
    ) -> _Check | None:
        """A scalar schema's checks in one closure that decides valid values without
        calling anything; any other value goes to `full`, which reports (None: no such).
        """
        if typed is None:
            return None
        effective = [k for k in node if k in (_ACTIVE_30 if self.d30 else _ACTIVE_31)]
        kinds, floats, _ = typed
        members = node.get("enum")
        if members is not None and not isinstance(members, list):
            return None
        choices = None if members is None else frozenset(map(_canon, members))
        nullable = _NULL in kinds
        if kinds - {_NULL} == {_STR} and _STR_LEAF.issuperset(effective):
            low = _count_of(node.get("minLength")) or 0
            high = _count_of(node.get("maxLength"))
            pattern = node.get("pattern")
            regex = _regex(pattern) if isinstance(pattern, str) else None
            return _string_leaf(
                low,
                sys.maxsize if high is None else high,
                regex,
                choices,
                nullable,
                full,
            )
        if kinds - {_NULL} == {_INT} and _NUMBER_LEAF.issuperset(effective):
            step = node.get("multipleOf")
            whole = 0
            if step is not None:
                if not _is_number(step) or step <= 0 or not float(step).is_integer():
                    return None
                whole = int(step)
            return _number_leaf(
                self._bounds(node), floats, whole, choices, nullable, full
            )
        if _KIND_LEAF.issuperset(effective) and floats == 0:
            return _kind_leaf(kinds, choices, full)
        return None

    def _bounds(self, node: Mapping[str, Any]) -> tuple[float, float, float, float]:
        """(minimum, exclusive minimum, maximum, exclusive maximum), unbounded as infinity."""
        low, high = node.get("minimum"), node.get("maximum")
        low_x, high_x = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
        bounds = [-math.inf, -math.inf, math.inf, math.inf]
        if _is_number(low):
            bounds[1 if low_x is True else 0] = low
        if _is_number(high):
            bounds[3 if high_x is True else 2] = high
        if not self.d30 and _is_number(low_x):
            bounds[1] = max(bounds[1], low_x)
        if not self.d30 and _is_number(high_x):
            bounds[3] = min(bounds[3], high_x)
        return bounds[0], bounds[1], bounds[2], bounds[3]

    def _type(self, node: Mapping[str, Any]) -> tuple[frozenset[int], int, str] | None:
        """(kinds that pass, what a float needs (0 nothing / 1 integral / 2 finite), the
        wanted types in words), or None when the schema has no `type`."""
        declared = node.get("type")
        if isinstance(declared, str):
            names = [declared]
        elif isinstance(declared, list):
            names = [n for n in declared if isinstance(n, str)]
        else:
            return None
        if self.d30 and node.get("nullable") is True and "null" not in names:
            names.append("null")
        kinds = frozenset(k for n in names for k in _TYPE_KINDS.get(n, ()))
        floats = 2 if "number" in names else 1 if "integer" in names else 0
        words = " or ".join(_TYPE_NAMES.get(n, repr(n)) for n in names)
        return kinds, floats, words

    def _values(self, node: Mapping[str, Any], out: list[_Check]) -> None:
        if "enum" in node and isinstance(node["enum"], list):
            out.append(_enum(node["enum"]))
        if not self.d30 and "const" in node:
            out.append(_const(node["const"]))

    def _applicators(
        self, loc: _Loc, node: Mapping[str, Any], out: list[_Check]
    ) -> None:
        members = node.get("allOf")
        if isinstance(members, list):
            out.extend(
                self._child((*loc, "allOf", str(i)), False) for i in range(len(members))
            )
        for key in ("anyOf", "oneOf"):
            members = node.get(key)
            if isinstance(members, list) and members:
                checks = tuple(
                    self._child((*loc, key, str(i)), False) for i in range(len(members))
                )
                labels = tuple(_label(m, i) for i, m in enumerate(members))
                out.append(
                    _any_of(checks, labels)
                    if key == "anyOf"
                    else _one_of(checks, labels)
                )
        if "not" in node:
            out.append(
                _not(self._child((*loc, "not"), False), _not_summary(node["not"]))
            )
        if not self.d30 and "if" in node:
            condition = self._child((*loc, "if"), False)
            then = self._child((*loc, "then"), False) if "then" in node else None
            otherwise = self._child((*loc, "else"), False) if "else" in node else None
            if then is not None or otherwise is not None:
                out.append(_if(condition, then, otherwise))

    def _numbers(self, node: Mapping[str, Any], out: list[_Check]) -> None:
        low, high = node.get("minimum"), node.get("maximum")
        low_x, high_x = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
        if _is_number(low):
            if low_x is True:
                out.append(
                    _bound(low, "exclusiveMinimum", "must be greater than", gt=True)
                )
            else:
                out.append(_bound(low, "minimum", "must be at least", ge=True))
        if _is_number(high):
            if high_x is True:
                out.append(
                    _bound(high, "exclusiveMaximum", "must be less than", lt=True)
                )
            else:
                out.append(_bound(high, "maximum", "must be at most", le=True))
        if not self.d30 and _is_number(low_x):
            out.append(
                _bound(low_x, "exclusiveMinimum", "must be greater than", gt=True)
            )
        if not self.d30 and _is_number(high_x):
            out.append(_bound(high_x, "exclusiveMaximum", "must be less than", lt=True))
        divisor = node.get("multipleOf")
        if _is_number(divisor) and divisor > 0:
            out.append(_multiple_of(divisor))

    def _strings(self, node: Mapping[str, Any], out: list[_Check]) -> None:
        low, high = _count_of(node.get("minLength")), _count_of(node.get("maxLength"))
        if low:
            out.append(_min_length(low))
        if high is not None:
            out.append(_max_length(high))
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            regex = _regex(pattern)
            if regex is not None:
                out.append(_pattern(regex, pattern))

    def _arrays(self, loc: _Loc, node: Mapping[str, Any], out: list[_Check]) -> None:
        items = node.get("items")
        prefix_key = "items" if self.d30 or isinstance(items, list) else "prefixItems"
        prefix_value = node.get(prefix_key)
        prefix: tuple[_Check, ...] = ()
        if isinstance(prefix_value, list):
            prefix = tuple(
                self._child((*loc, prefix_key, str(i)), True)
                for i in range(len(prefix_value))
            )
        rest_key = "additionalItems" if prefix_key == "items" else "items"
        if self.d30 and not isinstance(items, list):
            rest_key = "items"
        rest_value = node.get(rest_key)
        rest: _Check | None = None
        if isinstance(rest_value, Mapping) or rest_value is False:
            rest = self._child((*loc, rest_key), True)
        elif rest_value is True:
            rest = _true
        if prefix or (rest is not None and rest is not _true):
            out.append(_items(prefix, rest, rest_value is False, rest_key))
        low, high = _count_of(node.get("minItems")), _count_of(node.get("maxItems"))
        if low:
            out.append(_count(low, "minItems", "at least", "item", ge=True))
        if high is not None:
            out.append(_count(high, "maxItems", "at most", "item", ge=False))
        if node.get("uniqueItems") is True:
            out.append(_unique)
        if not self.d30 and "contains" in node:
            contains = self._child((*loc, "contains"), True)
            least = _count_of(node.get("minContains", 1))
            most = _count_of(node.get("maxContains"))
            out.append(_contains(contains, 1 if least is None else least, most))
        if not self.d30 and "unevaluatedItems" in node:
            sub = self._child((*loc, "unevaluatedItems"), True)
            seen = self.items_collector(loc, node, own=False)
            false = node["unevaluatedItems"] is False
            out.append(_unevaluated_items(sub, seen, false))

    def _objects(self, loc: _Loc, node: Mapping[str, Any], out: list[_Check]) -> None:
        required = node.get("required")
        properties = node.get("properties")
        properties = properties if isinstance(properties, Mapping) else {}
        if isinstance(required, list) and required:
            names = [n for n in required if isinstance(n, str)]
            if self.d30:
                names = [n for n in names if not self._read_only(loc, properties, n)]
            if names:
                out.append(_required(tuple(names)))
        props = {
            name: self._child((*loc, "properties", name), True) for name in properties
        }
        patterns_value = node.get("patternProperties")
        patterns: list[tuple[re.Pattern[str], _Check]] = []
        if isinstance(patterns_value, Mapping):
            for pattern in patterns_value:
                regex = _regex(pattern)
                check = self._child((*loc, "patternProperties", pattern), True)
                if regex is not None:
                    patterns.append((regex, check))
        additional_value = node.get("additionalProperties")
        additional: _Check | None = None
        if additional_value is not None and additional_value is not True:
            additional = self._child((*loc, "additionalProperties"), True)
        if props or patterns or additional is not None:
            out.append(
                _properties(
                    props, tuple(patterns), additional, additional_value is False
                )
            )
        low = _count_of(node.get("minProperties"))
        high = _count_of(node.get("maxProperties"))
        if low:
            out.append(_count(low, "minProperties", "at least", "field", ge=True))
        if high is not None:
            out.append(_count(high, "maxProperties", "at most", "field", ge=False))
        if not self.d30 and "propertyNames" in node:
            out.append(_property_names(self._child((*loc, "propertyNames"), True)))
        dependent: dict[str, tuple[str, ...]] = {}
        schemas: dict[str, _Check] = {}
        for key in (
            ("dependencies",) if self.d30 else ("dependentRequired", "dependentSchemas")
        ):
            value = node.get(key)
            if not isinstance(value, Mapping):
                continue
            for name, need in value.items():
                if isinstance(need, list) and key != "dependentSchemas":
                    dependent[name] = tuple(n for n in need if isinstance(n, str))
                elif isinstance(need, Mapping | bool) and key != "dependentRequired":
                    schemas[name] = self._child((*loc, key, name), False)
        if dependent:
            rule = "dependencies" if self.d30 else "dependentRequired"
            out.append(_dependent_required(dependent, rule))
        if schemas:
            out.append(_dependent_schemas(schemas))
        if not self.d30 and "unevaluatedProperties" in node:
            sub = self._child((*loc, "unevaluatedProperties"), True)
            seen = self.props_collector(loc, node, own=False)
            false = node["unevaluatedProperties"] is False
            out.append(_unevaluated_properties(sub, seen, false))

    def _read_only(self, loc: _Loc, properties: Mapping[str, Any], name: str) -> bool:
        """OpenAPI 3.0: is property `name` readOnly (following `$ref`s to its schema)?"""
        node = properties.get(name)
        where = (*loc, "properties", name)
        for _ in range(32):
            if not isinstance(node, Mapping):
                return False
            ref = node.get("$ref")
            if not isinstance(ref, str):
                return node.get("readOnly") is True
            where = self.resolve(self.base_of(where), ref)
            node = self.node_at(where)
        return False
