"""Identifiers: an allow-list transform from spec names to safe, readable Python names.

Every name in a spec is untrusted text. These functions only ever emit ASCII letters, digits and
underscores; keywords, names the generated code itself relies on, and pydantic's BaseModel
attributes get a trailing underscore (the wire name is kept as an alias by the caller).
Collisions after the transform are resolved deterministically by `allocate_names`, never by
numbering.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Names the generated modules use unqualified: a field or parameter with one of these names
# would shadow it inside a class body or method.
_GENERATED_CODE_NAMES = frozenset(
    {
        "str", "int", "float", "bool", "bytes", "list", "dict", "Any", "Literal",
        "Annotated", "TypeAlias", "Field", "BaseModel", "ConfigDict", "cast", "httpx", "self",
        "cls", "annotations",
    }
)  # fmt: skip
# BaseModel's own attributes and methods (v2 and deprecated v1 names).
_PYDANTIC_NAMES = frozenset(
    {
        "model_config", "model_fields", "model_computed_fields", "model_extra",
        "model_fields_set", "model_construct", "model_copy", "model_dump", "model_dump_json",
        "model_json_schema", "model_parametrized_name", "model_post_init", "model_rebuild",
        "model_validate", "model_validate_json", "model_validate_strings", "dict", "json",
        "parse_obj", "parse_raw", "parse_file", "from_orm", "construct", "copy", "schema",
        "schema_json", "validate", "update_forward_refs", "fields", "register",
    }
)  # fmt: skip
# Names the generated modules import or define unqualified; a model class must not shadow them.
_CLASS_RESERVED = frozenset(
    {
        "Any", "Literal", "Annotated", "TypeAlias", "Field", "BaseModel", "ConfigDict", "Schema",
        "AfterValidator", "BaseSchema", "FileInput", "Mapping", "NotGiven", "NOT_GIVEN",
        "RequestSpec", "RequestCheck", "SyncHTTPClient", "AsyncHTTPClient", "FileRule", "Self", "TYPE_CHECKING",
        "DEFAULT_BASE_URL", "DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "USER_AGENT",
        "Stream", "AsyncStream", "BinaryResponse", "AsyncBinaryResponse", "ServerSentEvent",
    }
) | frozenset(n for n in dir(builtins) if n[:1].isupper())  # fmt: skip

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^A-Za-z0-9]+")


def _words(text: str) -> list[str]:
    return list(_word_tuple(text))


# Names are asked for again and again (a schema's name for its class, its module, its
# docs page...): the pure functions below remember their answers.
@lru_cache(maxsize=16384)
def _word_tuple(text: str) -> tuple[str, ...]:
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    words: list[str] = []
    for chunk in _NON_WORD.split(ascii_text):
        if chunk:
            words.extend(w for w in _CAMEL_BOUNDARY.split(chunk) if w)
    return tuple(words)


def name_words(text: str) -> list[str]:
    """The words of a name (camelCase, snake_case, kebab-case or spaced), ASCII only."""
    return _words(text)


MAX_NAME = 80  # names become file names too; a file system allows 255 bytes


def _bounded(name: str, text: str, joiner: str) -> str:
    """Cut an overlong name, keeping it distinct with a digest of the full spec name."""
    if len(name) <= MAX_NAME:
        return name
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{name[: MAX_NAME - 9].rstrip('_')}{joiner}{digest}"


@lru_cache(maxsize=16384)
def snake_case(text: str, fallback: str = "value") -> str:
    name = "_".join(w.lower() for w in _word_tuple(text)) or fallback
    name = f"x_{name}" if name[0].isdigit() else name
    return _bounded(name, text, "_")


# Trailing words of a title that say it is an API, not which one ("Bookstore API").
_API_WORDS = frozenset({"api", "apis"})


def package_from_title(title: str, fallback: str = "api_client") -> str:
    """A package name as a person would choose it: the title's words, each lower-cased
    whole (a brand keeps its letters together: `OpenAI` -> `openai`, `GitHub` ->
    `github`), joined by `_`, without a trailing "API" ("OpenAI API" -> `openai`,
    "Bookstore API" -> `bookstore`)."""
    ascii_text = (
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    )
    words = [w.lower() for w in _NON_WORD.split(ascii_text) if w]
    while len(words) > 1 and words[-1] in _API_WORDS:
        words.pop()
    return snake_case("_".join(words), fallback)


@lru_cache(maxsize=16384)
def pascal_case(text: str, fallback: str = "Model") -> str:
    name = "".join(w[0].upper() + w[1:] for w in _word_tuple(text)) or fallback
    name = f"X{name}" if name[0].isdigit() else name
    return _bounded(name, text, "X")


def constant_case(text: str) -> str:
    return snake_case(text).upper()


def is_reserved_member(name: str) -> bool:
    """True when a field/parameter name must not be used as-is in generated code."""
    return (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in _GENERATED_CODE_NAMES
        or name in _PYDANTIC_NAMES
    )


def member_name(wire: str, extra_reserved: Iterable[str] = ()) -> str:
    """A field or parameter name: snake_case, with a trailing `_` when it would clash."""
    name = snake_case(wire)
    reserved = set(extra_reserved)
    while is_reserved_member(name) or name in reserved:
        name += "_"
    return name


def class_name(text: str) -> str:
    name = pascal_case(text)
    while keyword.iskeyword(name) or name in _CLASS_RESERVED:
        name += "_"
    return name


def allocate_names(
    candidates: Iterable[tuple[str, str]], taken: Iterable[str] = ()
) -> dict[str, str]:
    """Map each key to a unique name.

    `candidates` are (key, wanted name) pairs; keys are the original spec names. When several
    keys want the same name, the key spelled exactly like the name keeps it, then the others in
    sorted order get trailing underscores. The outcome depends only on the set of inputs.
    """
    used = set(taken)
    by_name: dict[str, list[str]] = {}
    for key, wanted in candidates:
        by_name.setdefault(wanted, []).append(key)
    result: dict[str, str] = {}
    for wanted in sorted(by_name):
        keys = sorted(set(by_name[wanted]), key=lambda k: (k != wanted, k))
        for key in keys:
            name = wanted
            while name in used:
                name += "_"
            used.add(name)
            result[key] = name
    return result


def renamed(
    wanted: Iterable[tuple[str, str]], result: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(key, wanted name, given name) for each key that lost a collision."""
    return [(key, name, result[key]) for key, name in wanted if result[key] != name]
