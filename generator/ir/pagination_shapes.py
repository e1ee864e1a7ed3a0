"""Reading a list operation's shapes for pagination: the response model's fields (the items
array, the next cursor, `has_more`, totals) and the query parameters (cursor, offset, page,
page size), by the names APIs give them. Names are compared lower case without separators,
so `next_page_token`, `nextPageToken` and `NextPageToken` are one name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Alias, Argument, Field, FieldPath, Model, TypeRef

# In order of preference.
ITEMS_FIELDS = ("data", "items", "results", "records", "entries", "values", "elements")
CURSOR_PARAMS = (
    "after", "startingafter", "cursor", "pagetoken", "nexttoken", "continuationtoken",
    "pagecursor", "nextcursor", "aftercursor", "marker",
)  # fmt: skip
# A field holding the next request's cursor as the server made it (opaque)...
NEXT_FIELDS = (
    "nextcursor", "nextpagetoken", "nexttoken", "nextpage", "next", "continuationtoken",
    "nextpagecursor", "cursor",
)  # fmt: skip
# ... or the id of the page's last item (a cursor too; the last item's id does as well).
LAST_ID_FIELDS = ("lastid",)
HAS_MORE_FIELDS = ("hasmore", "hasnext", "hasnextpage", "more")
OFFSET_PARAMS = ("offset", "skip", "start")
PAGE_PARAMS = ("page", "pagenumber", "pageno", "pagenum")
LIMIT_PARAMS = (
    "limit", "pagesize", "perpage", "size", "maxresults", "top", "take", "count",
)  # fmt: skip
TOTAL_FIELDS = ("total", "totalcount", "totalresults", "totalitems", "totalsize")
TOTAL_PAGES_FIELDS = ("totalpages", "pagecount", "pages")
ITEM_CURSOR_FIELD = "id"


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=4096)  # asked for each field of each response, for every name sought
def name_key(name: str) -> str:
    return _NOT_ALNUM.sub("", name.lower())


@dataclass(frozen=True)
class Clues:
    """What an operation's shapes say about paging (empty where they say nothing)."""

    items: FieldPath | None = None  # None: no array of items (the body may be one)
    item_type: TypeRef | None = None
    cursor_param: str = ""
    next_cursor: FieldPath = field(default_factory=FieldPath)
    next_is_id: bool = False  # the next cursor is the last item's id (`last_id`)
    item_cursor: FieldPath = field(default_factory=FieldPath)
    has_more: FieldPath = field(default_factory=FieldPath)
    offset_param: str = ""
    page_param: str = ""
    limit_param: str = ""
    total: FieldPath = field(default_factory=FieldPath)
    total_pages: FieldPath = field(default_factory=FieldPath)


class Shapes:
    """Models and aliases by name, to see through `$ref`s, aliases and null unions."""

    def __init__(self, models: Mapping[str, Model], aliases: Mapping[str, Alias]):
        self.models = models
        self.aliases = aliases

    def bare(self, type_ref: TypeRef, seen: frozenset[str] = frozenset()) -> TypeRef:
        """The type without a null member, through aliases."""
        if type_ref.kind == "union":
            others = [a for a in type_ref.args if a.kind != "none"]
            if len(others) == 1:
                return self.bare(others[0], seen)
        name = type_ref.name
        if type_ref.kind == "named" and name in self.aliases and name not in seen:
            return self.bare(self.aliases[name].type, seen | {name})
        return type_ref

    def model(self, type_ref: TypeRef) -> Model | None:
        bare = self.bare(type_ref)
        return self.models.get(bare.name) if bare.kind == "named" else None

    def list_item(self, type_ref: TypeRef) -> TypeRef | None:
        bare = self.bare(type_ref)
        return bare.args[0] if bare.kind == "list" else None

    def kind_in(self, type_ref: TypeRef, kinds: frozenset[str]) -> bool:
        """Whether every member of the type (null aside) is of one of `kinds`."""
        bare = self.bare(type_ref)
        members = bare.args if bare.kind == "union" else (bare,)
        members = tuple(self.bare(m) for m in members if m.kind != "none")
        return bool(members) and all(m.kind in kinds for m in members)

    def resolve(
        self, model: Model, wire_path: Sequence[str]
    ) -> tuple[FieldPath, Field] | None:
        """The field a dotted path of wire (or Python) names leads to, through models."""
        attrs: list[str] = []
        current: Model | None = model
        found: Field | None = None
        for part in wire_path:
            if current is None:
                return None
            found = next(
                (f for f in current.fields if part in (f.wire_name, f.name)), None
            )
            if found is None:
                return None
            attrs.append(found.name)
            current = self.model(found.type)
        if found is None:
            return None
        return FieldPath(tuple(attrs), tuple(wire_path)), found

    def clues(self, response: TypeRef, query: Sequence[Argument]) -> Clues:
        model = self.model(response)
        fields = model.fields if model is not None else ()

        def pick(names: Sequence[str], kinds: frozenset[str]) -> FieldPath:
            for wanted in names:
                for f in fields:
                    if name_key(f.wire_name) == wanted and self.kind_in(f.type, kinds):
                        return FieldPath((f.name,), (f.wire_name,))
            return FieldPath()

        items, item_type = self._items(response, fields)
        text = frozenset({"str", "any"})
        numbers = frozenset({"int"})
        next_cursor = pick(NEXT_FIELDS, text)
        last_id = pick(LAST_ID_FIELDS, text)
        item_model = self.model(item_type) if item_type is not None else None
        item_cursor = FieldPath()
        for f in item_model.fields if item_model is not None else ():
            if f.wire_name == ITEM_CURSOR_FIELD:
                item_cursor = FieldPath((f.name,), (f.wire_name,))
        return Clues(
            items=items,
            item_type=item_type,
            cursor_param=_param(query, CURSOR_PARAMS)
            or (_param(query, PAGE_PARAMS, self, text) if next_cursor.present else ""),
            next_cursor=next_cursor if next_cursor.present else last_id,
            next_is_id=not next_cursor.present and last_id.present,
            item_cursor=item_cursor,
            has_more=pick(HAS_MORE_FIELDS, frozenset({"bool"})),
            offset_param=_param(query, OFFSET_PARAMS, self, numbers),
            page_param=_param(query, PAGE_PARAMS, self, numbers),
            limit_param=_param(query, LIMIT_PARAMS, self, numbers),
            total=pick(TOTAL_FIELDS, numbers),
            total_pages=pick(TOTAL_PAGES_FIELDS, numbers),
        )

    def _items(
        self, response: TypeRef, fields: Sequence[Field]
    ) -> tuple[FieldPath | None, TypeRef | None]:
        """The array of items: the response itself, or its field named like one (or its
        only array field)."""
        item = self.list_item(response)
        if item is not None:
            return FieldPath(), item
        arrays = [f for f in fields if self.list_item(f.type) is not None]
        for wanted in ITEMS_FIELDS:
            for f in arrays:
                if name_key(f.wire_name) == wanted:
                    return FieldPath((f.name,), (f.wire_name,)), self.list_item(f.type)
        if len(arrays) == 1:
            only = arrays[0]
            return FieldPath((only.name,), (only.wire_name,)), self.list_item(only.type)
        return None, None


def _param(
    query: Sequence[Argument],
    names: Sequence[str],
    shapes: Shapes | None = None,
    kinds: frozenset[str] = frozenset(),
) -> str:
    """The wire name of the first query parameter named like one of `names` (in their
    order) and, when `kinds` are given, of one of those kinds."""
    for wanted in names:
        for arg in query:
            if name_key(arg.wire_name) != wanted:
                continue
            if shapes is None or shapes.kind_in(arg.type, kinds):
                return arg.wire_name
    return ""
