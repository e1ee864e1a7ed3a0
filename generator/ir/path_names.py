"""Resources and method names read off a path, for operations no tag and no `x-resource`
places (Stripe's spec has no tags at all).

The resource is the path's first meaningful segment (version segments such as `v1` or `api`
and `{parameters}` skipped), nested as the path nests: `/v1/charges/{charge}/refunds` is
`charges.refunds`. The method is what REST conventions call the request: on a collection,
GET lists and POST creates; on an item (the path ends with a parameter), GET retrieves,
POST/PUT/PATCH update and DELETE deletes; a singleton (a resource named in the singular
with no id after it, `/v1/balance`) is retrieved and updated. A last singular segment after
the resource (`/v1/charges/{charge}/capture`, `/v1/customers/{customer}/discount`) is an
action: POST is the action itself (`capture`), the other methods name it
(`delete_discount`, `retrieve_cash_balance`).

Each name depends only on the operation's own path and method, so a spec that gains
operations never renames the ones it had; two operations that want one name are settled in
`resources.py` by `rank` (the shorter path first) and the others fall back to a name from
their operationId without the words the resource already says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .naming import snake_case

# Leading segments that version or prefix an API rather than name a resource.
_VERSION = re.compile(r"^(?:v\d+[a-z0-9]*|api|apis|rest|\d+(?:[._-]\d+)*)$", re.I)
_PARAM = re.compile(r"^\{[^{}]*\}$")
# GET actions that are verbs already (`/customers/search`); other GET actions are nouns,
# retrieved (`retrieve_cash_balance`).
_GET_VERBS = frozenset(
    {
        "search",
        "list",
        "find",
        "lookup",
        "query",
        "count",
        "export",
        "download",
        "preview",
    }
)
_IRREGULAR_PLURALS = frozenset({"people", "children", "data", "media", "men", "women"})
_ORDER = ("get", "post", "put", "patch", "delete", "head", "options", "trace")


@dataclass(frozen=True)
class PathPlace:
    resource: tuple[str, ...]  # snake_case names from the client down
    method: str  # the conventional method name
    rank: tuple[int, int, str]  # lower keeps a name two operations want
    words: frozenset[str]  # words the resource and the path's ids already say


def is_plural(segment: str) -> bool:
    last = snake_case(segment).rsplit("_", 1)[-1]
    if last in _IRREGULAR_PLURALS:
        return True
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def path_place(path: str, http_method: str) -> PathPlace:
    """Where an untagged operation goes and what its method is called (see the module)."""
    segments = [s for s in path.split("?", 1)[0].split("/") if s]
    start = 0
    while start < len(segments) and _VERSION.match(segments[start]):
        start += 1
    rest = segments[start:]
    literal = [i for i, s in enumerate(rest) if not _PARAM.match(s)]
    levels: list[str] = []
    action = ""
    for position, index in enumerate(literal):
        segment = rest[index]
        last = position == len(literal) - 1
        before_param = index + 1 < len(rest) and bool(_PARAM.match(rest[index + 1]))
        if not levels or not last or before_param or is_plural(segment):
            levels.append(segment)
        else:
            action = segment
    method = http_method.lower()
    resource = tuple(snake_case(level) for level in levels) or ("default",)
    if action:
        name = _action_name(method, snake_case(action))
    elif rest and _PARAM.match(rest[-1]):
        name = {"get": "retrieve", "delete": "delete"}.get(method, method)
        name = "update" if method in ("post", "put", "patch") else name
    elif levels and is_plural(levels[-1]):
        name = {"get": "list", "post": "create", "delete": "delete"}.get(method, method)
        name = "update" if method in ("put", "patch") else name
    else:
        name = {"get": "retrieve", "delete": "delete"}.get(method, method)
        name = "update" if method in ("post", "put", "patch") else name
    words = {w for level in resource for w in level.split("_")}
    words |= {_singular(w) for w in words}
    for segment in rest:
        if _PARAM.match(segment):
            words.update(snake_case(segment[1:-1]).split("_"))
    order = _ORDER.index(method) if method in _ORDER else len(_ORDER)
    return PathPlace(resource, name, (len(segments), order, path), frozenset(words))


def _action_name(method: str, action: str) -> str:
    if method == "post":
        return action
    if method == "get":
        return action if action.split("_")[0] in _GET_VERBS else f"retrieve_{action}"
    if method in ("put", "patch"):
        return f"update_{action}"
    return f"{method}_{action}"


def fallback_name(spelled: str, place: PathPlace, method: str) -> str:
    """A method name from an operationId (or `x-method`) without the words its resource and
    ids already say (`PutPetsPet` on `pets` -> `put`); the HTTP method when nothing is
    left."""
    words = [
        w
        for w in snake_case(spelled).split("_")
        if w not in place.words and not _VERSION.match(w)
    ]
    return "_".join(words) or method.lower()
