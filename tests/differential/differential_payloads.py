"""Hypothesis strategies that build payloads for an object schema from the schema itself.

`PayloadBuilder.payloads(node)` draws a *valid-looking* payload (types, enums, const,
required keys, numeric bounds, lengths, patterns, item counts and uniqueness respected;
nested `$ref`s followed to a bounded depth); `payloads(node, mutation=<kind>)` applies
exactly one mutation of that kind somewhere in it (at the top level or inside any nested
object or array):

    drop_required        remove a required key
    wrong_type           a value of a JSON type the property's schema does not admit
    null                 explicit null on a property whose schema does not admit null
    below_minimum / above_maximum / not_multiple   a number out of range
    too_long / too_short a string outside maxLength / minLength
    pattern_mismatch     a string the pattern does not match
    not_in_enum / const_mismatch
    extra_key_forbidden  an unknown key where additionalProperties is false
    extra_value_wrong    an unknown key whose value breaks a typed additionalProperties
    too_many_items / too_few_items / duplicate_items / wrong_item_type / null_item

The result records what was done (`Payload.mutation`), the payload before the mutation
(`Payload.baseline`) and where strings were written under a `format` or a `pattern`
(`Payload.formats`, `Payload.patterns`), so the documented disagreement rules can recognise
their situation exactly.

"Valid-looking": the generator follows the schema, but pydantic is lax (e.g. "12" for an
integer) and JSON Schema has corners (oneOf exclusivity) the payloads do not chase; the
test only asks both models to agree, not to be right.
"""

from __future__ import annotations

import copy
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from differential_schema import Docs, Node, View, admits_null, admitted_types, json_type
from hypothesis import assume, reject
from hypothesis import strategies as st

MAX_DEPTH = 3  # nested objects below this depth get required properties only
HARD_DEPTH = 12  # a required recursive chain deeper than this is given up (rare)
EXTRA_KEY = "zz_extra_key"  # never a property name in the corpus

# Characters for free text: printable ASCII plus some Latin-1/Latin Extended and a few
# wider code points, no surrogates and no control characters.
_TEXT = st.characters(
    codec="utf-8",
    min_codepoint=0x20,
    max_codepoint=0x2FF,
    exclude_categories=("Cs", "Cc"),
) | st.sampled_from(["日", "🚀", "—"])

_SMALL_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.text(_TEXT, max_size=5),
    lambda inner: st.lists(inner, max_size=2)
    | st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=2),
    max_leaves=4,
)

# One value of each JSON type, for wrong_type mutations.
_WRONG_VALUES: tuple[tuple[str, Any], ...] = (
    ("string", "zz-wrong-type"),
    ("integer", 7),
    ("number", 2.5),
    ("boolean", True),
    ("array", ["zz"]),
    ("object", {"zz": 1}),
)

# Values valid for a `format`, used by rules to neutralise a format (see differential_rules).
FORMAT_EXAMPLES = {
    "uri": "https://example.com/x",
    "url": "https://example.com/x",
    "date-time": "2023-11-06T12:00:00Z",
    "date": "2023-11-06",
    "time": "12:00:00",
    "email": "someone@example.com",
    "uuid": "12345678-1234-5678-1234-567812345678",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
    # A Python caller passes a file's content as bytes; text in a binary field is the
    # BINARY_TEXT situation (differential_rules).
    "binary": b"data",
    "byte": "ZGF0YQ==",
}


@dataclass(frozen=True)
class Mutation:
    kind: str
    path: tuple[str | int, ...]  # the object/array the mutation is applied to
    key: str | int | None = None  # the property (or item) touched
    node: Node | None = None  # schema of the touched property (or array items)
    # the schema of the object or array at `path`
    site: View | None = field(default=None, repr=False, compare=False)

    @property
    def target(self) -> tuple[str | int, ...]:
        return self.path if self.key is None else (*self.path, self.key)

    def describe(self) -> str:
        where = "/".join(str(p) for p in self.target) or "<root>"
        return f"{self.kind} at {where}"


@dataclass
class Payload:
    value: Any
    baseline: Any = None  # the payload before the mutation (None when not mutated)
    mutation: Mutation | None = None
    formats: list[tuple[tuple[str | int, ...], str]] = field(default_factory=list)
    patterns: list[tuple[tuple[str | int, ...], tuple[str, ...]]] = field(
        default_factory=list
    )

    def __repr__(self) -> str:
        what = self.mutation.describe() if self.mutation else "valid-looking"
        return f"Payload({what}: {json.dumps(self.value, default=repr, ensure_ascii=False)})"


@dataclass
class _Site:
    path: tuple[str | int, ...]
    value: Any  # the dict or list as placed in the payload
    view: View


@dataclass
class _Ctx:
    objects: list[_Site] = field(default_factory=list)
    arrays: list[_Site] = field(default_factory=list)
    formats: list[tuple[tuple[str | int, ...], str]] = field(default_factory=list)
    patterns: list[tuple[tuple[str | int, ...], tuple[str, ...]]] = field(
        default_factory=list
    )

    def mark(self) -> tuple[int, int, int, int]:
        return (
            len(self.objects),
            len(self.arrays),
            len(self.formats),
            len(self.patterns),
        )

    def rewind(self, mark: tuple[int, int, int, int]) -> None:
        del self.objects[mark[0] :], self.arrays[mark[1] :]
        del self.formats[mark[2] :], self.patterns[mark[3] :]


def canonical(value: Any) -> str:
    """JSON-equality key: 1 and 1.0 are equal, 1 and true are not."""

    def norm(v: Any) -> Any:
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return v
        if isinstance(v, int | float):
            return int(v) if float(v).is_integer() else v
        if isinstance(v, list):
            return [norm(x) for x in v]
        if isinstance(v, dict):
            return {str(k): norm(x) for k, x in v.items()}
        return repr(v)

    return json.dumps(norm(value), sort_keys=True)


class PayloadBuilder:
    def __init__(self, docs: Docs) -> None:
        self.docs = docs

    def payloads(
        self, node: Node, mutation: str | None = None
    ) -> st.SearchStrategy[Payload]:
        """Valid-looking payloads, or payloads with exactly one mutation of the given kind
        (at a site drawn among those the payload offers for that kind)."""

        @st.composite
        def build(draw: st.DrawFn) -> Payload:
            ctx = _Ctx()
            value = self._value(draw, node, (), 0, ctx)
            if mutation is None:
                return Payload(value, formats=ctx.formats, patterns=ctx.patterns)
            candidates = [c for c in self._candidates(ctx) if c[1] == mutation]
            if not candidates:
                reject()  # e.g. the optional property that offers it was not drawn
            baseline = copy.deepcopy(value)
            site, kind, key = draw(st.sampled_from(candidates))
            applied = self._apply(draw, site, kind, key)
            return Payload(value, baseline, applied, ctx.formats, ctx.patterns)

        return build()

    def reachable_mutations(self, node: Node) -> list[str]:
        """The mutation kinds some payload of this schema offers (within the depth bound),
        so that a hypothesis run per kind never searches for a kind that cannot occur.
        """
        found: set[str] = set()
        seen: set[tuple[int, int]] = set()

        def walk(sub: Node, depth: int) -> None:
            # Mirrors _value: optional properties, map values and array items beyond the
            # minimum only exist above MAX_DEPTH.
            if depth > HARD_DEPTH or (id(sub.raw), depth) in seen:
                return
            seen.add((id(sub.raw), depth))
            view = self.docs.view(sub)
            for branch in view.branches:
                walk(branch, depth)
            if view.branches or view.types is None:
                return
            shallow = depth < MAX_DEPTH
            if "object" in view.types:
                found.update(kind for kind, _ in self._object_kinds(view, None))
                for name, prop in view.properties.items():
                    if shallow or name in view.required:
                        walk(prop, depth + 1)
                if isinstance(view.additional, Node) and shallow:
                    walk(view.additional, depth + 1)
            if "array" in view.types:
                nonempty = shallow or view.keywords.get("minItems", 0) > 0
                found.update(
                    kind
                    for kind in self._array_kinds(view, None)
                    if nonempty or kind != "duplicate_items"
                )
                if view.items is not None and nonempty:
                    walk(view.items, depth + 1)

        walk(node, 0)
        return sorted(found)

    # -- valid-looking values ----------------------------------------------------------------

    def _value(
        self,
        draw: st.DrawFn,
        node: Node,
        path: tuple[str | int, ...],
        depth: int,
        ctx: _Ctx,
    ) -> Any:
        if depth > HARD_DEPTH:
            reject()
        view = self.docs.view(node)
        if view.branches:
            index = draw(st.integers(0, len(view.branches) - 1))
            return self._value(draw, view.branches[index], path, depth, ctx)
        if view.nullable and draw(st.integers(0, 5)) == 0:
            return None
        if view.has_const:
            return copy.deepcopy(view.const)
        if view.enum is not None:
            return copy.deepcopy(draw(st.sampled_from(view.enum)))
        if view.types is None:
            return draw(_SMALL_JSON)
        if not view.types:
            reject()  # contradictory types (an allOf that admits nothing)
        kind = draw(st.sampled_from(sorted(view.types)))
        if kind == "null":
            return None
        if kind == "boolean":
            return draw(st.booleans())
        if kind == "integer":
            return draw(self._integers(view))
        if kind == "number":
            return draw(self._numbers(view))
        if kind == "string":
            if view.format:
                ctx.formats.append((path, view.format))
            if view.patterns:
                ctx.patterns.append((path, view.patterns))
            return draw(self._strings(view))
        if kind == "array":
            return self._array(draw, view, path, depth, ctx)
        if kind == "object":
            return self._object(draw, view, path, depth, ctx)
        reject()  # an unknown type name

    def _integers(self, view: View) -> st.SearchStrategy[int]:
        lo, hi = _bounds(view, integer=True)
        lo = -(10**6) if lo is None else math.ceil(lo)
        hi = 10**6 if hi is None else math.floor(hi)
        assume(lo <= hi)
        step = view.keywords.get("multipleOf")
        if isinstance(step, int) and not isinstance(step, bool) and step > 0:
            first, last = math.ceil(lo / step), math.floor(hi / step)
            assume(first <= last)
            return st.integers(first, min(last, first + 1000)).map(lambda k: k * step)
        return st.integers(lo, min(hi, lo + 2 * 10**6))

    def _numbers(self, view: View) -> st.SearchStrategy[int | float]:
        lo, hi = _bounds(view, integer=False)
        step = view.keywords.get("multipleOf")
        if isinstance(step, int | float) and not isinstance(step, bool) and step > 0:
            first = math.ceil((lo if lo is not None else -1000) / step)
            last = math.floor((hi if hi is not None else 1000) / step)
            assume(first <= last)
            return (
                st.integers(first, min(last, first + 1000))
                .map(lambda k: round(k * step, 10))
                .filter(lambda v: _within(v, view))
            )
        exclusive_lo, exclusive_hi = _exclusive(view)
        floats = st.floats(
            min_value=lo if lo is not None else -1e6,
            max_value=hi if hi is not None else 1e6,
            exclude_min=exclusive_lo,
            exclude_max=exclusive_hi,
            allow_nan=False,
            allow_infinity=False,
        )
        whole = st.integers(
            math.ceil(lo) if lo is not None else -1000,
            math.floor(hi) if hi is not None else 1000,
        ).filter(lambda v: _within(v, view))
        return floats | whole if _has_int(lo, hi) else floats

    def _strings(self, view: View) -> st.SearchStrategy[str]:
        lo = int(view.keywords.get("minLength", 0))
        hi = view.keywords.get("maxLength")
        hi = lo + 12 if hi is None else int(hi)
        if view.patterns:
            first, *others = view.patterns
            strategy = st.from_regex(first, fullmatch=False, alphabet=_TEXT)
            return strategy.filter(
                lambda s: lo <= len(s) <= hi and all(re.search(p, s) for p in others)
            )
        fmt = view.format
        text = st.text(_TEXT, min_size=lo, max_size=min(hi, lo + 12))
        if fmt in FORMAT_EXAMPLES:
            # Both well-formed values and free text: JSON Schema treats `format` as an
            # annotation by default, so free text is valid (see the FORMAT rule).
            example = FORMAT_EXAMPLES[fmt]
            if lo <= len(example) <= hi:
                return st.just(example) | text
        return text

    def _array(
        self,
        draw: st.DrawFn,
        view: View,
        path: tuple[str | int, ...],
        depth: int,
        ctx: _Ctx,
    ) -> list[Any]:
        lo = int(view.keywords.get("minItems", 0))
        hi = view.keywords.get("maxItems")
        cap = lo if depth >= MAX_DEPTH else lo + 3
        hi = cap if hi is None else min(int(hi), cap)
        size = draw(st.integers(lo, max(lo, hi)))
        unique = view.keywords.get("uniqueItems") is True
        items: list[Any] = []
        seen: set[str] = set()
        attempts = 0
        while len(items) < size and attempts < size * 4 + 4:
            attempts += 1
            mark = ctx.mark()
            if view.items is None:
                item = draw(_SMALL_JSON)
            else:
                item = self._value(
                    draw, view.items, (*path, len(items)), depth + 1, ctx
                )
            if unique:
                key = canonical(item)
                if key in seen:
                    ctx.rewind(mark)  # the item is dropped: so are its mutation sites
                    continue
                seen.add(key)
            items.append(item)
        assume(len(items) >= lo)
        ctx.arrays.append(_Site(path, items, view))
        return items

    def _object(
        self,
        draw: st.DrawFn,
        view: View,
        path: tuple[str | int, ...],
        depth: int,
        ctx: _Ctx,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        ctx.objects.append(_Site(path, out, view))
        shallow = depth < MAX_DEPTH
        for name, sub in view.properties.items():
            if name in view.required or (shallow and draw(st.booleans())):
                out[name] = self._value(draw, sub, (*path, name), depth + 1, ctx)
        for name in view.required:
            if name not in view.properties:
                # Required but not declared: JSON Schema still wants the key (any value).
                out[name] = draw(_SMALL_JSON)
        extra = view.additional
        if isinstance(extra, Node):
            count = draw(st.integers(0, 2 if shallow else 0))
            for index in range(count):
                key = f"{EXTRA_KEY}_{index}"
                out[key] = self._value(draw, extra, (*path, key), depth + 1, ctx)
        elif extra is None and shallow and draw(st.integers(0, 3)) == 0:
            out[EXTRA_KEY] = draw(_SMALL_JSON)  # unknown keys are allowed here
        return out

    # -- mutations ---------------------------------------------------------------------------

    def _candidates(self, ctx: _Ctx) -> list[tuple[_Site, str, Any]]:
        out: list[tuple[_Site, str, Any]] = []
        for site in ctx.objects:
            out.extend(
                (site, kind, key)
                for kind, key in self._object_kinds(site.view, site.value)
            )
        for site in ctx.arrays:
            out.extend(
                (site, kind, None) for kind in self._array_kinds(site.view, site.value)
            )
        return out

    def _object_kinds(
        self, view: View, value: dict[str, Any] | None
    ) -> list[tuple[str, str]]:
        """(kind, property) mutations an object of this schema offers; value None: any such
        object (drawn optional properties unknown)."""
        out: list[tuple[str, str]] = []
        for name in view.required:
            if value is None or name in value:
                out.append(("drop_required", name))
        for name, sub in view.properties.items():
            sub_view = self.docs.view(sub)
            if self._wrong_values(sub):
                out.append(("wrong_type", name))
            if not admits_null(self.docs, sub):
                out.append(("null", name))
            if sub_view.branches:
                continue
            keywords = sub_view.keywords
            types = sub_view.types or frozenset()
            if types & {"integer", "number"}:
                if _num(keywords.get("minimum")) or _num(
                    keywords.get("exclusiveMinimum")
                ):
                    out.append(("below_minimum", name))
                if _num(keywords.get("maximum")) or _num(
                    keywords.get("exclusiveMaximum")
                ):
                    out.append(("above_maximum", name))
                step = keywords.get("multipleOf")
                integer_only = "number" not in types
                if _num(step) and step > 0 and not (integer_only and step == 1):
                    out.append(("not_multiple", name))
            if "string" in types:
                if "maxLength" in keywords:
                    out.append(("too_long", name))
                if keywords.get("minLength", 0) > 0:
                    out.append(("too_short", name))
                if sub_view.patterns:
                    out.append(("pattern_mismatch", name))
            if sub_view.enum is not None and not sub_view.has_const:
                out.append(("not_in_enum", name))
            if sub_view.has_const:
                out.append(("const_mismatch", name))
        if view.additional is False:
            out.append(("extra_key_forbidden", EXTRA_KEY))
        elif isinstance(view.additional, Node) and self._wrong_values(view.additional):
            out.append(("extra_value_wrong", EXTRA_KEY))
        return out

    def _array_kinds(self, view: View, value: list[Any] | None) -> list[str]:
        out: list[str] = []
        keywords = view.keywords
        if "maxItems" in keywords:
            out.append("too_many_items")
        if keywords.get("minItems", 0) > 0:
            out.append("too_few_items")
        if keywords.get("uniqueItems") is True and (value is None or value):
            out.append("duplicate_items")
        if view.items is not None and self._wrong_values(view.items):
            out.append("wrong_item_type")
        if view.items is not None and not admits_null(self.docs, view.items):
            out.append("null_item")
        return out

    def _wrong_values(self, node: Node) -> list[Any]:
        admitted = admitted_types(self.docs, node)
        if admitted is None:
            return []
        return [value for kind, value in _WRONG_VALUES if kind not in admitted]

    def _apply(self, draw: st.DrawFn, site: _Site, kind: str, key: Any) -> Mutation:
        view = site.view
        if isinstance(site.value, list):
            return self._apply_array(draw, site, kind)
        obj: dict[str, Any] = site.value
        node = view.properties.get(key) if isinstance(key, str) else None
        sub = self.docs.view(node) if node is not None else None
        if kind == "drop_required":
            del obj[key]
        elif kind == "wrong_type":
            assert node is not None
            obj[key] = copy.deepcopy(draw(st.sampled_from(self._wrong_values(node))))
        elif kind == "null":
            obj[key] = None
        elif kind in ("below_minimum", "above_maximum", "not_multiple"):
            assert sub is not None
            obj[key] = _out_of_range(kind, sub)
        elif kind == "too_long":
            assert sub is not None
            obj[key] = "x" * (int(sub.keywords["maxLength"]) + draw(st.integers(1, 3)))
        elif kind == "too_short":
            assert sub is not None
            obj[key] = "x" * (int(sub.keywords["minLength"]) - 1)
        elif kind == "pattern_mismatch":
            assert sub is not None
            misses = [
                s
                for s in ("", "zz", "ZZ-zz", "0", " ", "!?", "a\nb")
                if not all(re.search(p, s) for p in sub.patterns)
            ]
            assume(misses)
            obj[key] = draw(st.sampled_from(misses))
        elif kind == "not_in_enum":
            assert sub is not None and sub.enum is not None
            obj[key] = _outside(sub.enum)
        elif kind == "const_mismatch":
            assert sub is not None
            obj[key] = _outside((sub.const,))
        elif kind == "extra_key_forbidden":
            obj[EXTRA_KEY] = 1
        elif kind == "extra_value_wrong":
            assert isinstance(view.additional, Node)
            obj[EXTRA_KEY] = copy.deepcopy(
                draw(st.sampled_from(self._wrong_values(view.additional)))
            )
        else:  # pragma: no cover - _candidates only offers the kinds above
            raise AssertionError(kind)
        return Mutation(kind, site.path, key, node, site.view)

    def _apply_array(self, draw: st.DrawFn, site: _Site, kind: str) -> Mutation:
        items: list[Any] = site.value
        keywords = site.view.keywords
        if kind == "too_many_items":
            filler = items[-1] if items else None
            while len(items) <= int(keywords["maxItems"]):
                items.append(copy.deepcopy(filler) if filler is not None else "zz")
        elif kind == "too_few_items":
            del items[int(keywords["minItems"]) - 1 :]
        elif kind == "duplicate_items":
            items.append(copy.deepcopy(items[0]))
        elif kind == "wrong_item_type":
            assert site.view.items is not None
            items.append(
                copy.deepcopy(
                    draw(st.sampled_from(self._wrong_values(site.view.items)))
                )
            )
        elif kind == "null_item":
            items.append(None)
        else:  # pragma: no cover
            raise AssertionError(kind)
        return Mutation(kind, site.path, None, site.view.items, site.view)


def _bounds(view: View, integer: bool) -> tuple[float | None, float | None]:
    """Inclusive bounds; exclusive ones are nudged inwards for integers."""
    kw = view.keywords
    lo, hi = kw.get("minimum"), kw.get("maximum")
    ex_lo, ex_hi = kw.get("exclusiveMinimum"), kw.get("exclusiveMaximum")
    if _num(ex_lo):  # 3.1: the bound itself
        lo = ex_lo if lo is None else max(lo, ex_lo)
    if _num(ex_hi):
        hi = ex_hi if hi is None else min(hi, ex_hi)
    if integer:
        lo_excl, hi_excl = _exclusive(view)
        if lo is not None and lo_excl and float(lo).is_integer():
            lo = lo + 1
        if hi is not None and hi_excl and float(hi).is_integer():
            hi = hi - 1
    return lo, hi


def _exclusive(view: View) -> tuple[bool, bool]:
    kw = view.keywords
    ex_lo, ex_hi = kw.get("exclusiveMinimum"), kw.get("exclusiveMaximum")
    lo_excl = ex_lo is True or (
        _num(ex_lo) and not (_num(kw.get("minimum")) and kw["minimum"] > ex_lo)
    )
    hi_excl = ex_hi is True or (
        _num(ex_hi) and not (_num(kw.get("maximum")) and kw["maximum"] < ex_hi)
    )
    return bool(lo_excl), bool(hi_excl)


def _within(value: float, view: View) -> bool:
    lo, hi = _bounds(view, integer=False)
    lo_excl, hi_excl = _exclusive(view)
    if lo is not None and (value < lo or (lo_excl and value == lo)):
        return False
    return not (hi is not None and (value > hi or (hi_excl and value == hi)))


def _has_int(lo: float | None, hi: float | None) -> bool:
    return (lo is None or hi is None) or math.floor(hi) >= math.ceil(lo)


def _num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _out_of_range(kind: str, view: View) -> int | float:
    """A number that breaks exactly one numeric keyword of the schema."""
    kw = view.keywords
    if kind == "below_minimum":
        if _num(kw.get("exclusiveMinimum")):
            return kw["exclusiveMinimum"]  # 3.1: the bound itself is outside
        return (
            kw["minimum"] if kw.get("exclusiveMinimum") is True else kw["minimum"] - 1
        )
    if kind == "above_maximum":
        if _num(kw.get("exclusiveMaximum")):
            return kw["exclusiveMaximum"]
        return (
            kw["maximum"] if kw.get("exclusiveMaximum") is True else kw["maximum"] + 1
        )
    step = kw["multipleOf"]
    integer = view.types is not None and "number" not in view.types
    lo, _ = _bounds(view, integer)
    base = math.ceil(lo / step) * step if lo is not None else 0
    if integer:
        return int(base) + 1 if step > 1 else base + 0.5  # step 1 is not offered
    return base + step / 2


def _outside(values: tuple[Any, ...]) -> Any:
    """A value of the same JSON type as the first (non-null) value, equal to none of them."""
    sample = next((v for v in values if v is not None), None)
    kind = json_type(sample)
    if kind == "string":
        return "zz-not-in-enum"
    if kind in ("integer", "number"):
        return (
            max(
                v
                for v in values
                if isinstance(v, int | float) and not isinstance(v, bool)
            )
            + 1
        )
    if kind == "boolean":
        return not sample
    return "zz-not-in-enum"
