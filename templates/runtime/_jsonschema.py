"""JSON Schema validation with the exact meaning of the spec, checked on the JSON to be sent.

The generated package embeds its request-side schemas as one JSON document (components under
`#/components/schemas/...`, every `$ref` local to that document). This module checks a value
against a schema of that document and reports every broken rule:

    validator = Validator(document, Dialect.OPENAPI_31)
    violations = validator.check("#/components/schemas/CreateImageRequest", body)
    validator.is_valid("#/components/schemas/CreateImageRequest", body)  # -> bool

- `Dialect.OPENAPI_30`: the OpenAPI 3.0 Schema Object, i.e. JSON Schema draft 4 semantics
  (boolean `exclusiveMinimum`/`exclusiveMaximum` modifying `minimum`/`maximum`, `$ref`
  siblings ignored, `items` array form with `additionalItems`, `dependencies`; not `id`,
  which OpenAPI 3.0 does not have: every `$ref` resolves against the document) plus
  OpenAPI's own rules: `nullable: true` admits null where a `type` is given, and in an
  `enum` that does not list it (as real specs mean it), and a `required` property whose
  schema says `readOnly: true` is not required in a request (OpenAPI 3.0.3, "readOnly").
- `Dialect.OPENAPI_31`: JSON Schema 2020-12 (`const`, `prefixItems`, `contains` with
  `minContains`/`maxContains`, `dependentRequired`, `dependentSchemas`, `propertyNames`,
  `if`/`then`/`else`, `unevaluatedProperties`/`unevaluatedItems`, `$ref` beside other
  keywords, boolean schemas, `$defs`, `$id`/`$anchor`, `$dynamicRef`/`$dynamicAnchor`
  through the dynamic scope). `format` and the `content*` keywords are annotations in both
  dialects; `$schema`/`$vocabulary` are not read (the dialect is the caller's choice).

`check(pointer, instance, path="")`: `pointer` is a reference as `$ref` would write it,
resolved against the document itself: a JSON pointer fragment (`"#/components/schemas/X"`,
`"#"`), an anchor (`"#name"`) or a URI named by an `$id`. It returns a list of `Violation`:
`field` is the dotted path of wire names and indices below `path` ("" is the value itself),
`rule` the keyword that failed, `message` what it wants and what it got.
`is_valid(pointer, instance)` gives the verdict alone and stops at the first problem. A
Validator is safe to share between threads.

The instance is the Python value that will be JSON-encoded: `bool` is not a number; a float
with no fractional part is an integer; `enum`, `const` and `uniqueItems` compare JSON values
(`1 == 1.0`, `True != 1`, deeply); `multipleOf` is decided exactly on the decimal the float
is sent as; lengths count code points; lists and tuples are arrays, any Mapping is an
object; other Python values (bytes, sets, objects, inf, nan) are refused by `type`.

Patterns are ECMA-262 as the spec writes them (the document embeds them verbatim) and are
translated here for Python's `re`, following and extending the generator's rules
(`generator/ir/patterns.py`): `$` is the very end of the string, named groups and `\\k<name>`
take Python's spelling; also `\\d`, `\\w` and `\\b` are ASCII, `\\s` and `.` use ECMA's white
space and line terminators, `[]` matches nothing and `[^]` anything, `\\p{...}` / `\\P{...}`
name a Unicode general category (or Any, ASCII, Assigned), `\\cX`, `\\u{...}` and surrogate
pairs become code points. A pattern `re` still cannot compile (a variable-width lookbehind,
a script property) is not enforced, as the generator reports it at generation time.
Patterns search the string: they are not anchored.

Each schema node is compiled once, on first use, into a closure; recursion through `$ref`
binds lazily, and a `$ref` loop that never moves into the instance (`{"$ref": "#"}`) counts
as already satisfied instead of recursing forever. A reference that the document cannot
resolve (a remote one included: only the one document is known) raises SchemaError when
the schema is first compiled; compiling a pointer compiles everything it references.
"""

from __future__ import annotations

import enum
import math
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Any, Final, TypeAlias, TypeGuard
from urllib.parse import unquote

from ._validation import Violation, shorten

__all__ = ["Dialect", "SchemaError", "Validator"]


class Dialect(enum.Enum):
    """Which meaning the schema keywords have."""

    OPENAPI_30 = "3.0"  # OpenAPI 3.0 Schema Object: JSON Schema draft 4 and `nullable`
    OPENAPI_31 = "3.1"  # OpenAPI 3.1: JSON Schema 2020-12


class SchemaError(ValueError):
    """The schema document itself is unusable (an unresolvable reference, a bad keyword)."""


# A location below the instance root, built only as tuples on the way down and joined into
# a dotted string only when a violation is reported.
_Path: TypeAlias = str | tuple["_Path", str | int]
_Errors: TypeAlias = (
    list[Violation] | None
)  # None: only the verdict is wanted, stop early
_Check = Callable[[Any, _Path, _Errors], bool]
_Loc = tuple[str, ...]  # a location in the document: JSON pointer tokens
_Collect = Callable[[Any], set[Any]]  # property names / item indices a schema evaluates

# JSON kinds of Python values
_NULL, _BOOL, _INT, _FLOAT, _STR, _ARR, _OBJ, _OTHER = range(8)
_KINDS: Final[dict[type, int]] = {
    type(None): _NULL,
    bool: _BOOL,
    int: _INT,
    float: _FLOAT,
    str: _STR,
    list: _ARR,
    tuple: _ARR,
    dict: _OBJ,
}
_TYPE_NAMES: Final = {
    "null": "null",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "array": "an array",
    "object": "an object",
}
_TYPE_KINDS: Final[dict[str, tuple[int, ...]]] = {
    "null": (_NULL,),
    "boolean": (_BOOL,),
    "integer": (_INT,),
    "number": (_INT,),
    "string": (_STR,),
    "array": (_ARR,),
    "object": (_OBJ,),
}
_SHOWN_CHOICES = 10  # an enum's members listed in a message
_SHOWN_MEMBERS = 5  # anyOf / oneOf members explained in a message


def _slow_kind(value: object) -> int:
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, int):
        return _INT
    if isinstance(value, float):
        return _FLOAT
    if isinstance(value, str):
        return _STR
    if isinstance(value, list | tuple):
        return _ARR
    if isinstance(value, Mapping):
        return _OBJ
    return _OTHER


def _kind(value: object) -> int:
    kind = _KINDS.get(type(value))
    return _slow_kind(value) if kind is None else kind


def _dotted(path: _Path) -> str:
    parts: list[str] = []
    while type(path) is tuple:
        path, key = path
        parts.append(str(key))
    if path:
        parts.append(str(path))
    parts.reverse()
    return ".".join(parts)


def _true(value: Any, path: _Path, errors: _Errors) -> bool:
    return True


# --- JSON values ------------------------------------------------------------------------


def _canon(value: object) -> object:
    """A hashable stand-in that is equal for equal JSON values (1 == 1.0, True != 1)."""
    kind = _kind(value)
    if kind in (_STR, _NULL):
        return value
    if kind in (_INT, _FLOAT):
        return ("n", value)
    if kind == _BOOL:
        return ("b", value)
    if kind == _ARR:
        return ("a", tuple(_canon(item) for item in value))  # type: ignore[attr-defined]
    if kind == _OBJ:
        items: Mapping[object, object] = value  # type: ignore[assignment]
        return ("o", frozenset((key, _canon(item)) for key, item in items.items()))
    return ("x", id(value))  # not a JSON value: equal to nothing else


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _exact(number: int | float) -> Fraction:
    """The number as sent: a float goes on the wire as its shortest repr."""
    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


def _is_multiple(value: int | float, divisor: Fraction) -> bool:
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return (_exact(value) / divisor).denominator == 1


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _choices(values: Sequence[object]) -> str:
    """The allowed values as a sentence says them: `'a', 'b' or 'c'`."""
    shown = [repr(v) for v in values[:_SHOWN_CHOICES]]
    if len(values) > _SHOWN_CHOICES:
        return ", ".join(shown) + ", ..."
    if len(shown) < 2:
        return "".join(shown) or "nothing"
    return ", ".join(shown[:-1]) + " or " + shown[-1]


def _got(value: object) -> str:
    kind = _kind(value)
    if kind == _OTHER:
        return f" (got {shorten(value)}, which is not a JSON value)"
    if kind == _FLOAT and not math.isfinite(value):  # type: ignore[arg-type]
        return f" (got {value}, which is not a JSON number)"
    return f" (got {shorten(value)})"


# --- ECMA-262 patterns --------------------------------------------------------------------

_ECMA_SPACE: Final = (
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
)
_ECMA_DIGIT: Final = ((0x30, 0x39),)
_ECMA_WORD: Final = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_ECMA_LINE_END: Final = ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))


def _class_text(ranges: Sequence[tuple[int, int]]) -> str:
    return "".join(
        f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}"
        for low, high in ranges
    )


def _complement(ranges: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    start = 0
    for low, high in ranges:
        if low > start:
            out.append((start, low - 1))
        start = high + 1
    if start <= 0x10FFFF:
        out.append((start, 0x10FFFF))
    return tuple(out)


_CLASS_ESCAPES: Final = {
    "d": _ECMA_DIGIT,
    "D": _complement(_ECMA_DIGIT),
    "w": _ECMA_WORD,
    "W": _complement(_ECMA_WORD),
    "s": _ECMA_SPACE,
    "S": _complement(_ECMA_SPACE),
}
_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")


_CATEGORY_NAMES: Final = {
    "Other": "C",
    "Control": "Cc",
    "cntrl": "Cc",
    "Format": "Cf",
    "Unassigned": "Cn",
    "Private_Use": "Co",
    "Surrogate": "Cs",
    "Letter": "L",
    "Cased_Letter": "LC",
    "Lowercase_Letter": "Ll",
    "Modifier_Letter": "Lm",
    "Other_Letter": "Lo",
    "Titlecase_Letter": "Lt",
    "Uppercase_Letter": "Lu",
    "Mark": "M",
    "Combining_Mark": "M",
    "Spacing_Mark": "Mc",
    "Enclosing_Mark": "Me",
    "Nonspacing_Mark": "Mn",
    "Number": "N",
    "Decimal_Number": "Nd",
    "digit": "Nd",
    "Letter_Number": "Nl",
    "Other_Number": "No",
    "Punctuation": "P",
    "punct": "P",
    "Connector_Punctuation": "Pc",
    "Dash_Punctuation": "Pd",
    "Close_Punctuation": "Pe",
    "Final_Punctuation": "Pf",
    "Initial_Punctuation": "Pi",
    "Other_Punctuation": "Po",
    "Open_Punctuation": "Ps",
    "Symbol": "S",
    "Currency_Symbol": "Sc",
    "Modifier_Symbol": "Sk",
    "Math_Symbol": "Sm",
    "Other_Symbol": "So",
    "Separator": "Z",
    "Line_Separator": "Zl",
    "Paragraph_Separator": "Zp",
    "Space_Separator": "Zs",
}


@lru_cache(maxsize=1)
def _categories() -> dict[str, tuple[tuple[int, int], ...]]:
    """Code point ranges of every Unicode general category (built once, on first need)."""
    found: dict[str, list[tuple[int, int]]] = {}
    category = unicodedata.category
    start, current = 0, category(chr(0))
    for code in range(1, 0x110001):
        name = category(chr(code)) if code <= 0x10FFFF else ""
        if name != current:
            found.setdefault(current, []).append((start, code - 1))
            start, current = code, name
    return {name: tuple(ranges) for name, ranges in found.items()}


def _merged(ranges: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(high, out[-1][1]))
        else:
            out.append((low, high))
    return tuple(out)


def _property(name: str) -> tuple[tuple[int, int], ...] | None:
    """The ranges of a `\\p{...}` General_Category (or Any, ASCII, Assigned), else None."""
    for prefix in ("General_Category=", "gc="):
        name = name.removeprefix(prefix)
    if name == "Any":
        return ((0, 0x10FFFF),)
    if name == "ASCII":
        return ((0, 0x7F),)
    if name == "Assigned":
        return _complement(_categories().get("Cn", ()))
    short = _CATEGORY_NAMES.get(name, name)
    categories = _categories()
    wanted: tuple[str, ...] = ("Lu", "Ll", "Lt") if short == "LC" else (short,)
    if len(short) == 1:
        wanted = tuple(c for c in categories if c.startswith(short))
    elif short not in categories and short != "LC":
        return None
    if not wanted:
        return None
    return _merged([r for c in wanted for r in categories.get(c, ())])


def _escape_length(pattern: str, index: int) -> tuple[str | None, int]:
    """A code point escape at pattern[index] ('\\'): (Python text, length) or (None, 0)."""
    rest = pattern[index + 1 :]
    if rest.startswith("u{"):
        end = rest.find("}")
        digits = rest[2:end] if end != -1 else ""
        if digits and all(c in "0123456789abcdefABCDEF" for c in digits):
            code = int(digits, 16)
            if code <= 0x10FFFF:
                return f"\\U{code:08x}", end + 2
    if re.match(r"u[0-9a-fA-F]{4}", rest):
        code = int(rest[1:5], 16)
        low = re.match(r"\\u([dD][c-fC-F][0-9a-fA-F]{2})", rest[5:])
        if 0xD800 <= code <= 0xDBFF and low:
            pair = 0x10000 + ((code - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
            return f"\\U{pair:08x}", 12
        return f"\\U{code:08x}", 6
    if rest[:1] == "c" and rest[1:2].isascii() and rest[1:2].isalpha():
        return f"\\x{ord(rest[1]) % 32:02x}", 3
    return None, 0


def ecma_to_python(pattern: str) -> str:
    """The Python `re` spelling of an ECMA-262 pattern (see the module docstring)."""
    out: list[str] = []
    in_class = False
    index = 0
    length = len(pattern)
    while index < length:
        char = pattern[index]
        if char == "\\" and index + 1 < length:
            letter = pattern[index + 1]
            text, used = _escape_length(pattern, index)
            if text is not None:
                out.append(text)
                index += used
                continue
            end = pattern.find("}", index + 3)
            if letter in "pP" and pattern.startswith("{", index + 2) and end != -1:
                ranges_of = _property(pattern[index + 3 : end])
                if ranges_of is not None:
                    if letter == "P":
                        ranges_of = _complement(ranges_of)
                    text = _class_text(ranges_of)
                    out.append(text if in_class else f"[{text}]")
                    index = end + 1
                    continue
            if letter in _CLASS_ESCAPES:
                ranges = _class_text(_CLASS_ESCAPES[letter])
                out.append(ranges if in_class else f"[{ranges}]")
            elif letter in "bB" and not in_class:
                out.append(f"(?a:\\{letter})")
            elif letter == "k" and not in_class and pattern.startswith("<", index + 2):
                end = pattern.find(">", index + 3)
                if end == -1:
                    out.append("\\k")
                else:
                    out.append(f"(?P={pattern[index + 3 : end]})")
                    index = end + 1
                    continue
            else:
                out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
                out.append(char)
            elif char in "[&~|":
                out.append(
                    "\\" + char
                )  # literal in ECMA; Python warns of set operations
            else:
                out.append(char)
        elif char == "[":
            if pattern.startswith("[]", index):
                out.append("(?!)")  # the empty class matches nothing
                index += 2
                continue
            if pattern.startswith("[^]", index):
                out.append("(?s:.)")  # any character at all
                index += 3
                continue
            in_class = True
            out.append(char)
            if pattern.startswith("[^", index):
                out.append("^")
                index += 1
        elif char == "$":
            out.append(r"\Z")
        elif char == ".":
            out.append(f"[^{_class_text(_ECMA_LINE_END)}]")
        elif char == "(" and _NAMED_GROUP.match(pattern, index):
            out.append("(?P<")
            index += 3
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out)


@lru_cache(maxsize=1024)
def _regex(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(ecma_to_python(pattern))
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def _search(regex: re.Pattern[str], text: object) -> bool:
    return regex.search(text if type(text) is str else str(text)) is not None


# --- URIs (RFC 3986), enough for $id and $ref inside one document ------------------------

_URI = re.compile(
    r"^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$",
    re.S,
)


def _remove_dots(path: str) -> str:
    out: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1 or (out and out[0] != ""):
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/".join(out)


def _join(base: str, ref: str) -> str:
    """`ref` resolved against `base` (RFC 3986 section 5.2.2)."""
    match = _URI.match(ref)
    base_match = _URI.match(base)
    assert match is not None and base_match is not None  # the pattern matches anything
    scheme, authority, path, query, fragment = match.groups()
    b_scheme, b_authority, b_path, b_query, _ = base_match.groups()
    if scheme is None:
        scheme = b_scheme
        if authority is None:
            authority = b_authority
            if path == "":
                path = b_path
                query = b_query if query is None else query
            elif not path.startswith("/"):
                if b_authority is not None and b_path == "":
                    path = "/" + path
                else:
                    path = b_path[: b_path.rfind("/") + 1] + path
    path = _remove_dots(path)
    text = f"{scheme}:" if scheme is not None else ""
    if authority is not None:
        text += f"//{authority}"
    text += path
    if query is not None:
        text += f"?{query}"
    if fragment is not None:
        text += f"#{fragment}"
    return text


def _split(uri: str) -> tuple[str, str]:
    head, _, fragment = uri.partition("#")
    return head, unquote(fragment)


# --- keywords -----------------------------------------------------------------------------

# keywords whose value is one schema, a list of schemas, or a map of names to schemas
_ONE: Final = frozenset(
    {
        "not",
        "if",
        "then",
        "else",
        "items",
        "additionalItems",
        "additionalProperties",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contains",
        "propertyNames",
    }
)
_MANY: Final = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
_MAP: Final = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "dependencies",
    }
)
# every keyword of either dialect: their values are not OpenAPI containers to search
_KEYWORDS: Final = (
    _ONE
    | _MANY
    | _MAP
    | {
        "$ref",
        "$dynamicRef",
        "$id",
        "id",
        "$anchor",
        "$dynamicAnchor",
        "$schema",
        "$vocabulary",
        "$comment",
        "type",
        "enum",
        "const",
        "default",
        "examples",
        "example",
        "required",
        "title",
        "description",
        "format",
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "discriminator",
        "xml",
        "externalDocs",
        "dependentRequired",
    }
)


def _label(node: object, index: int) -> str:
    """How a message names member `index` of anyOf / oneOf."""
    name = ""
    if isinstance(node, Mapping):
        ref, title, kind = node.get("$ref"), node.get("title"), node.get("type")
        if isinstance(ref, str):
            name = unquote(ref.rsplit("/", 1)[-1]).replace("~1", "/").replace("~0", "~")
        elif isinstance(title, str):
            name = title
        elif isinstance(kind, str):
            name = kind
        elif isinstance(kind, list):
            name = " or ".join(str(k) for k in kind)
        elif "const" in node:
            name = shorten(node["const"])
    return f"option {index + 1} ({name})" if name else f"option {index + 1}"


def _first_problem(check: _Check, value: object) -> str:
    found: list[Violation] = []
    check(value, "", found)
    if not found:
        return "matches"
    text = str(found[0])
    return text if len(found) == 1 else f"{text} (and {len(found) - 1} more)"


def _not_summary(node: object) -> str:
    if isinstance(node, Mapping) and len(node) == 1:
        ((key, value),) = node.items()
        if key == "type" and isinstance(value, str) and value in _TYPE_NAMES:
            return f"must not be {_TYPE_NAMES[value]}"
        if key == "enum" and isinstance(value, list):
            return f"must not be one of {_choices(value)}"
        if key == "const":
            return f"must not be {shorten(value)}"
        if key == "required" and isinstance(value, list):
            names = ", ".join(repr(v) for v in value)
            return f"must not have {names}"
    return "must not match the schema in `not`"


class Validator:
    """Checks JSON values against the schemas of one document (see the module docstring)."""

    def __init__(
        self,
        document: Mapping[str, Any] | bool,
        dialect: Dialect = Dialect.OPENAPI_31,
    ) -> None:
        self.document = document
        self.dialect = dialect
        self._entries: dict[str, _Check] = {}
        self._compiler: _Compiler | None = None
        self._lock = threading.Lock()

    def check(self, pointer: str, instance: object, path: str = "") -> list[Violation]:
        """Every violation of the schema at `pointer` by `instance` (empty: valid)."""
        run = self._entries.get(pointer) or self._entry(pointer)
        errors: list[Violation] = []
        try:
            run(instance, path, errors)
        except RecursionError:
            errors.append(Violation(path, "depth", "is nested too deeply to check"))
        return errors

    def is_valid(self, pointer: str, instance: object) -> bool:
        """Whether `instance` satisfies the schema at `pointer` (stops at the first problem)."""
        run = self._entries.get(pointer) or self._entry(pointer)
        try:
            return run(instance, "", None)
        except RecursionError:
            return False

    def _entry(self, pointer: str) -> _Check:
        with self._lock:
            if self._compiler is None:
                self._compiler = _Compiler(self.document, self.dialect)
            run = self._compiler.entry(pointer)
            self._entries[pointer] = run
            return run


class _Compiler:
    """Turns the schemas of one document into closures, each location once."""

    def __init__(self, document: object, dialect: Dialect) -> None:
        self.document = document
        self.d30 = dialect is Dialect.OPENAPI_30
        self.resources: dict[str, _Loc] = {"": ()}
        self.resource_at: dict[_Loc, str] = {(): ""}
        self.anchors: dict[tuple[str, str], _Loc] = {}
        self.dynamic_anchors: dict[tuple[str, str], _Loc] = {}
        self.dynamic = False  # the document uses $dynamicRef: track the dynamic scope
        self.checks: dict[_Loc, _Check] = {}
        self.pending: dict[_Loc, tuple[list[_Check], int]] = {}
        self.collectors: dict[tuple[_Loc, str], _Collect] = {}
        self.collecting: dict[tuple[_Loc, str], list[_Collect]] = {}
        self.descents = 0  # instance-descending keywords on the current compile stack
        self.local = threading.local()
        self._index(document, (), "", schema=False)

    # -- the document's identifiers --

    def _index(self, node: object, loc: _Loc, base: str, schema: bool) -> None:
        """Record `$id`s and anchors. Outside schemas (OpenAPI's own objects) every dict
        is taken for a schema that may also hold other containers."""
        if isinstance(node, list):
            if not schema:
                for i, item in enumerate(node):
                    self._index(item, (*loc, str(i)), base, False)
            return
        if not isinstance(node, Mapping):
            return
        base = self._identify(node, loc, base)
        if not self.d30 and isinstance(node.get("$dynamicRef"), str):
            self.dynamic = True
        for key, value in node.items():
            if key in _ONE and isinstance(value, Mapping | bool):
                self._index(value, (*loc, key), base, True)
            elif key in _MANY and isinstance(value, list):
                for i, item in enumerate(value):
                    self._index(item, (*loc, key, str(i)), base, True)
            elif key in _MAP and isinstance(value, Mapping):
                for name, item in value.items():
                    self._index(item, (*loc, key, str(name)), base, True)
            elif not schema and key not in _KEYWORDS:
                self._index(value, (*loc, str(key)), base, False)

    def _identify(self, node: Mapping[str, Any], loc: _Loc, base: str) -> str:
        """Register the schema's `$id` and anchors; return its base URI.

        OpenAPI 3.0 has no identifiers (draft 4's `id` is not part of its Schema Object,
        and specs converted from other formats often carry an unrelated `id`): every
        `$ref` there is resolved against the one document."""
        if self.d30:
            return base
        ident = node.get("$id")
        if isinstance(ident, str):
            uri, fragment = _split(_join(base, ident))
            base = uri
            self.resources.setdefault(uri, loc)
            self.resource_at[loc] = uri
            if fragment and not fragment.startswith("/"):
                self.anchors[(uri, fragment)] = loc
        for key in ("$anchor", "$dynamicAnchor"):
            anchor = node.get(key)
            if isinstance(anchor, str):
                self.anchors.setdefault((base, anchor), loc)
                if key == "$dynamicAnchor":
                    self.dynamic_anchors.setdefault((base, anchor), loc)
        return base

    def base_of(self, loc: _Loc) -> str:
        for end in range(len(loc), -1, -1):
            uri = self.resource_at.get(loc[:end])
            if uri is not None:
                return uri
        return ""

    def node_at(self, loc: _Loc) -> object:
        node = self.document
        for token in loc:
            if isinstance(node, Mapping) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise SchemaError(f"{_pointer(loc)} is not in the document")
        return node

    def resolve(self, base: str, ref: str) -> _Loc:
        uri, fragment = _split(_join(base, ref))
        root = self.resources.get(uri)
        if root is None:
            raise SchemaError(
                f"cannot resolve $ref {ref!r}: {uri!r} is not in the document "
                "(remote references are not supported)"
            )
        if fragment == "" or fragment.startswith("/"):
            tokens = fragment.split("/")[1:] if fragment else []
            loc = root + tuple(t.replace("~1", "/").replace("~0", "~") for t in tokens)
            self.node_at(loc)
            return loc
        found = self.anchors.get((uri, fragment))
        if found is None:
            raise SchemaError(f"cannot resolve $ref {ref!r}: no anchor {fragment!r}")
        return found

    def entry(self, pointer: str) -> _Check:
        loc = self.resolve(self.resource_at[()], pointer)
        return self._entered(loc, self.check_at(loc))

    # -- the dynamic scope (only for documents that use $dynamicRef) --

    def _entered(self, loc: _Loc, check: _Check) -> _Check:
        """`check`, run with its schema resource on the dynamic scope."""
        if not self.dynamic or loc in self.resource_at:
            return check  # a resource's own check enters it (see check_at)
        return self._scoped(check, self.base_of(loc))

    def _scoped(self, check: _Check, uri: str) -> _Check:
        local = self.local

        def scoped(value: Any, path: _Path, errors: _Errors) -> bool:
            scope: list[str] | None = getattr(local, "scope", None)
            if scope is None:
                scope = local.scope = []
            scope.append(uri)
            try:
                return check(value, path, errors)
            finally:
                scope.pop()

        return scoped

    def dynamic_targets(self, loc: _Loc, ref: str) -> tuple[_Loc, dict[str, _Loc]]:
        """Where a $dynamicRef leads: its static target, and (when that target holds the
        matching $dynamicAnchor) the same-named anchor of each resource, by resource."""
        base = self.base_of(loc)
        target = self.resolve(base, ref)
        fragment = _split(_join(base, ref))[1]
        node = self.node_at(target)
        if (
            not fragment
            or fragment.startswith("/")
            or not isinstance(node, Mapping)
            or node.get("$dynamicAnchor") != fragment
        ):
            return target, {}
        found = {
            uri: where
            for (uri, name), where in self.dynamic_anchors.items()
            if name == fragment
        }
        return target, found

    def _dynamic_ref(self, loc: _Loc, ref: str) -> _Check:
        target, by_resource = self.dynamic_targets(loc, ref)
        static = self._entered(target, self.check_at(target))
        if not by_resource:
            return static
        candidates = {
            uri: self._entered(where, self.check_at(where))
            for uri, where in by_resource.items()
        }
        local = self.local

        def dynamic_ref(value: Any, path: _Path, errors: _Errors) -> bool:
            for uri in getattr(local, "scope", ()):
                check = candidates.get(uri)
                if check is not None:
                    return check(value, path, errors)
            return static(value, path, errors)

        return dynamic_ref

    # -- checks --

    def check_at(self, loc: _Loc) -> _Check:
        """The compiled check of the schema at `loc`; a loop back to a schema still being
        compiled binds late, and guards itself if it never moved into the instance."""
        done = self.checks.get(loc)
        if done is not None:
            return done
        waiting = self.pending.get(loc)
        if waiting is not None:
            slot, depth = waiting
            if depth == self.descents:
                return self._guarded(slot, loc)

            def later(value: Any, path: _Path, errors: _Errors) -> bool:
                return slot[0](value, path, errors)

            return later
        slot = [_true]
        self.pending[loc] = (slot, self.descents)
        try:
            run = self._build(loc, self.node_at(loc))
        finally:
            del self.pending[loc]
        if self.dynamic and loc in self.resource_at:
            run = self._scoped(run, self.resource_at[loc])
        slot[0] = run
        self.checks[loc] = run
        return run

    def _guarded(self, slot: list[_Check], loc: _Loc) -> _Check:
        local = self.local

        def guarded(value: Any, path: _Path, errors: _Errors) -> bool:
            active: set[tuple[int, _Loc]] | None = getattr(local, "active", None)
            if active is None:
                active = local.active = set()
            key = (id(value), loc)
            if key in active:
                return True  # the same schema on the same value: already being checked
            active.add(key)
            try:
                return slot[0](value, path, errors)
            finally:
                active.discard(key)

        return guarded

    def _child(self, loc: _Loc, descends: bool) -> _Check:
        if not descends:
            return self.check_at(loc)
        self.descents += 1
        try:
            return self.check_at(loc)
        finally:
            self.descents -= 1

    def _ref(self, loc: _Loc, ref: str) -> _Check:
        target = self.resolve(self.base_of(loc), ref)
        return self._entered(target, self.check_at(target))

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

    # -- annotations for unevaluatedProperties / unevaluatedItems --

    def props_collector(self, loc: _Loc, node: object, own: bool = True) -> _Collect:
        """Which property names the schema at `loc` evaluates, for a value it accepts."""
        return self._collector(loc, node, own, "props")

    def items_collector(self, loc: _Loc, node: object, own: bool = True) -> _Collect:
        """Which item indices the schema at `loc` evaluates, for a value it accepts."""
        return self._collector(loc, node, own, "items")

    def _collector(self, loc: _Loc, node: object, own: bool, what: str) -> _Collect:
        key = (loc, what)
        if own:
            done = self.collectors.get(key)
            if done is not None:
                return done
            slot = self.collecting.get(key)
            if slot is not None:
                return self._guarded_collector(slot, loc)
            slot = [_nothing]
            self.collecting[key] = slot
            try:
                built = self._build_collector(loc, node, own, what)
            finally:
                del self.collecting[key]
            slot[0] = built
            self.collectors[key] = built
            return built
        return self._build_collector(loc, node, own, what)

    def _guarded_collector(self, slot: list[_Collect], loc: _Loc) -> _Collect:
        local = self.local

        def guarded(value: Any) -> set[Any]:
            active: set[tuple[int, _Loc]] | None = getattr(local, "collecting", None)
            if active is None:
                active = local.collecting = set()
            key = (id(value), loc)
            if key in active:
                return set()
            active.add(key)
            try:
                return slot[0](value)
            finally:
                active.discard(key)

        return guarded

    def _build_collector(
        self, loc: _Loc, node: object, own: bool, what: str
    ) -> _Collect:
        if not isinstance(node, Mapping):
            return _nothing
        parts: list[_Collect] = []
        every = _all_keys if what == "props" else _all_indices
        if what == "props":
            if (
                own and "unevaluatedProperties" in node
            ) or "additionalProperties" in node:
                return every
            names = node.get("properties")
            if isinstance(names, Mapping) and names:
                parts.append(_named(frozenset(names)))
            patterns = node.get("patternProperties")
            if isinstance(patterns, Mapping) and patterns:
                regexes = tuple(r for r in map(_regex, patterns) if r is not None)
                parts.append(_matching(regexes))
        else:
            if (own and "unevaluatedItems" in node) or isinstance(
                node.get("items"), Mapping | bool
            ):
                return every
            prefix = node.get("prefixItems")
            if isinstance(prefix, list) and prefix:
                parts.append(_leading(len(prefix)))
            if "contains" in node:
                parts.append(_containing(self._child((*loc, "contains"), True)))
        ref = node.get("$ref")
        if isinstance(ref, str):
            target = self.resolve(self.base_of(loc), ref)
            parts.append(self._collector(target, self.node_at(target), True, what))
        dynamic = node.get("$dynamicRef")
        if isinstance(dynamic, str):
            target, by_resource = self.dynamic_targets(loc, dynamic)
            static = self._collector(target, self.node_at(target), True, what)
            candidates = {
                uri: self._collector(where, self.node_at(where), True, what)
                for uri, where in by_resource.items()
            }
            parts.append(_dynamic_collector(self.local, static, candidates))
        members = node.get("allOf")
        if isinstance(members, list):
            for i, member in enumerate(members):
                parts.append(
                    self._collector((*loc, "allOf", str(i)), member, True, what)
                )
        for key in ("anyOf", "oneOf"):
            members = node.get(key)
            if isinstance(members, list):
                pairs = tuple(
                    (
                        self.check_at((*loc, key, str(i))),
                        self._collector((*loc, key, str(i)), member, True, what),
                    )
                    for i, member in enumerate(members)
                )
                parts.append(_when_valid(pairs))
        if "if" in node:
            parts.append(
                _conditional(
                    self.check_at((*loc, "if")),
                    self._collector((*loc, "if"), node["if"], True, what),
                    self._collector((*loc, "then"), node.get("then"), True, what),
                    self._collector((*loc, "else"), node.get("else"), True, what),
                )
            )
        dependent = node.get("dependentSchemas")
        if what == "props" and isinstance(dependent, Mapping):
            by_name = {
                name: self._collector((*loc, "dependentSchemas", name), sub, True, what)
                for name, sub in dependent.items()
            }
            parts.append(_present(by_name))
        parts = [p for p in parts if p is not _nothing]
        if not parts:
            return _nothing
        if len(parts) == 1:
            return parts[0]
        return _union(tuple(parts))


def _pointer(loc: _Loc) -> str:
    return "#/" + "/".join(t.replace("~", "~0").replace("/", "~1") for t in loc)


def _count_of(value: object) -> int | None:
    """A count keyword's value (a non-negative integer, `2.0` included), else None."""
    if _is_number(value) and value >= 0 and float(value).is_integer():
        return int(value)
    return None


# --- assembling a schema's checks -----------------------------------------------------------


# keywords that take part in validation, per dialect
_ACTIVE_COMMON: Final = frozenset(
    {
        "$ref",
        "enum",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "type",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "required",
        "properties",
        "patternProperties",
        "additionalProperties",
        "minProperties",
        "maxProperties",
    }
)
_ACTIVE_30: Final = _ACTIVE_COMMON | {"nullable", "additionalItems", "dependencies"}
_ACTIVE_31: Final = _ACTIVE_COMMON | {
    "$dynamicRef",
    "const",
    "if",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
}
_KIND_LEAF: Final = frozenset({"type", "nullable", "enum"})
_STR_LEAF: Final = _KIND_LEAF | {"minLength", "maxLength", "pattern"}
_NUMBER_LEAF: Final = _KIND_LEAF | {
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
}


def _string_leaf(
    low: int,
    high: int,
    regex: re.Pattern[str] | None,
    choices: frozenset[object] | None,
    nullable: bool,
    full: _Check,
) -> _Check:
    search = regex.search if regex is not None else None

    def string(value: Any, path: _Path, errors: _Errors) -> bool:
        if type(value) is str:
            if (
                low <= len(value) <= high
                and (search is None or search(value) is not None)
                and (choices is None or value in choices)
            ):
                return True
        elif value is None and nullable and (choices is None or None in choices):
            return True
        return full(value, path, errors)

    return string


def _number_leaf(
    bounds: tuple[float, float, float, float],
    floats: int,
    step: int,
    choices: frozenset[object] | None,
    nullable: bool,
    full: _Check,
) -> _Check:
    low, low_x, high, high_x = bounds

    def number(value: Any, path: _Path, errors: _Errors) -> bool:
        kind = type(value)
        if (
            kind is int
            or (kind is float and floats == 2 and value - value == 0 and not step)
        ) and (
            low <= value <= high
            and low_x < value < high_x
            and (not step or value % step == 0)
            and (choices is None or ("n", value) in choices)
        ):
            return True
        if value is None and nullable and (choices is None or None in choices):
            return True
        return full(value, path, errors)

    return number


def _kind_leaf(
    kinds: frozenset[int], choices: frozenset[object] | None, full: _Check
) -> _Check:
    kinds_get = _KINDS.get

    def kind(value: Any, path: _Path, errors: _Errors) -> bool:
        if kinds_get(type(value)) in kinds and (
            choices is None or _canon(value) in choices
        ):
            return True
        return full(value, path, errors)

    return kind


def _assemble(
    typed: tuple[frozenset[int], int, str] | None,
    generic: tuple[_Check, ...],
    groups: tuple[tuple[_Check, ...], ...],
) -> _Check:
    kinds_get = _KINDS.get
    if typed is None:
        if not any(groups):
            if not generic:
                return _true
            if len(generic) == 1:
                return generic[0]
        allowed: frozenset[int] = frozenset(range(8))
        floats, words = 2, ""
    else:
        allowed, floats, words = typed
    plan = tuple(generic + group for group in groups)  # per kind, in keyword order

    def run(value: Any, path: _Path, errors: _Errors) -> bool:
        kind = kinds_get(type(value))
        if kind is None:
            kind = _slow_kind(value)
        if kind not in allowed and not (
            kind == _FLOAT
            and (math.isfinite(value) if floats == 2 else floats and value.is_integer())
        ):
            if errors is not None:
                errors.append(
                    Violation(_dotted(path), "type", f"must be {words}{_got(value)}")
                )
            return False
        ok = True
        for check in plan[kind]:
            if not check(value, path, errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return run


def _false(rule: str, message: str) -> _Check:
    def false(value: Any, path: _Path, errors: _Errors) -> bool:
        if errors is not None:
            errors.append(Violation(_dotted(path), rule, message))
        return False

    return false


def _enum(members: list[Any]) -> _Check:
    allowed = frozenset(_canon(m) for m in members)
    text = _choices(members)

    def enum(value: Any, path: _Path, errors: _Errors) -> bool:
        try:
            if (value if type(value) is str else _canon(value)) in allowed:
                return True
        except TypeError:  # an unhashable value inside a non-JSON container
            pass
        if errors is not None:
            errors.append(
                Violation(_dotted(path), "enum", f"must be one of {text}{_got(value)}")
            )
        return False

    return enum


def _const(expected: Any) -> _Check:
    wanted = _canon(expected)
    text = shorten(expected)

    def const(value: Any, path: _Path, errors: _Errors) -> bool:
        try:
            if _canon(value) == wanted:
                return True
        except TypeError:
            pass
        if errors is not None:
            errors.append(
                Violation(_dotted(path), "const", f"must be {text}{_got(value)}")
            )
        return False

    return const


def _any_of(checks: tuple[_Check, ...], labels: tuple[str, ...]) -> _Check:
    def any_of(value: Any, path: _Path, errors: _Errors) -> bool:
        for check in checks:
            if check(value, path, None):
                return True
        if errors is not None:
            errors.append(
                Violation(_dotted(path), "anyOf", _no_match(checks, labels, value))
            )
        return False

    return any_of


def _no_match(
    checks: tuple[_Check, ...], labels: tuple[str, ...], value: object
) -> str:
    """Why no member matched: the first problem of each (of the first few) members."""
    reasons = [
        f"{label}: {_first_problem(check, value)}"
        for check, label in zip(
            checks[:_SHOWN_MEMBERS], labels[:_SHOWN_MEMBERS], strict=True
        )
    ]
    if len(checks) > _SHOWN_MEMBERS:
        reasons.append(f"and {len(checks) - _SHOWN_MEMBERS} more options")
    return "must match one of the allowed forms: " + "; ".join(reasons)


def _one_of(checks: tuple[_Check, ...], labels: tuple[str, ...]) -> _Check:
    def one_of(value: Any, path: _Path, errors: _Errors) -> bool:
        matched: list[int] = []
        for i, check in enumerate(checks):
            if check(value, path, None):
                matched.append(i)
                if len(matched) > 1 and errors is None:
                    return False
        if len(matched) == 1:
            return True
        if errors is not None:
            if matched:
                names = " and ".join(labels[i] for i in matched)
                message = (
                    f"must match exactly one of the allowed forms (matches {names})"
                )
            else:
                message = _no_match(checks, labels, value)
            errors.append(Violation(_dotted(path), "oneOf", message))
        return False

    return one_of


def _not(check: _Check, summary: str) -> _Check:
    def not_(value: Any, path: _Path, errors: _Errors) -> bool:
        if not check(value, path, None):
            return True
        if errors is not None:
            errors.append(Violation(_dotted(path), "not", f"{summary}{_got(value)}"))
        return False

    return not_


def _if(condition: _Check, then: _Check | None, otherwise: _Check | None) -> _Check:
    def if_(value: Any, path: _Path, errors: _Errors) -> bool:
        branch = then if condition(value, path, None) else otherwise
        return True if branch is None else branch(value, path, errors)

    return if_


def _bound(
    limit: float,
    rule: str,
    words: str,
    ge: bool = False,
    gt: bool = False,
    le: bool = False,
    lt: bool = False,
) -> _Check:
    def report(value: Any, path: _Path, errors: _Errors) -> bool:
        if errors is not None:
            errors.append(
                Violation(_dotted(path), rule, f"{words} {limit}{_got(value)}")
            )
        return False

    if ge:

        def minimum(value: Any, path: _Path, errors: _Errors) -> bool:
            return value >= limit or report(value, path, errors)

        return minimum
    if gt:

        def exclusive_minimum(value: Any, path: _Path, errors: _Errors) -> bool:
            return value > limit or report(value, path, errors)

        return exclusive_minimum
    if le:

        def maximum(value: Any, path: _Path, errors: _Errors) -> bool:
            return value <= limit or report(value, path, errors)

        return maximum
    assert lt

    def exclusive_maximum(value: Any, path: _Path, errors: _Errors) -> bool:
        return value < limit or report(value, path, errors)

    return exclusive_maximum


def _multiple_of(divisor: int | float) -> _Check:
    exact = _exact(divisor)
    whole = exact.denominator == 1
    step = int(exact) if whole else 0

    def multiple_of(value: Any, path: _Path, errors: _Errors) -> bool:
        if type(value) is int and whole:
            if value % step == 0:
                return True
        elif _is_multiple(value, exact):
            return True
        if errors is not None:
            errors.append(
                Violation(
                    _dotted(path),
                    "multipleOf",
                    f"must be a multiple of {divisor}{_got(value)}",
                )
            )
        return False

    return multiple_of


def _min_length(limit: int) -> _Check:
    def min_length(value: Any, path: _Path, errors: _Errors) -> bool:
        if len(value) >= limit:
            return True
        if errors is not None:
            message = f"at least {_plural(limit, 'character')} (got {len(value)})"
            errors.append(Violation(_dotted(path), "minLength", message))
        return False

    return min_length


def _max_length(limit: int) -> _Check:
    def max_length(value: Any, path: _Path, errors: _Errors) -> bool:
        if len(value) <= limit:
            return True
        if errors is not None:
            message = f"at most {_plural(limit, 'character')} (got {len(value)})"
            errors.append(Violation(_dotted(path), "maxLength", message))
        return False

    return max_length


def _pattern(regex: re.Pattern[str], source: str) -> _Check:
    search = regex.search

    def pattern(value: Any, path: _Path, errors: _Errors) -> bool:
        if search(value) is not None:
            return True
        if errors is not None:
            errors.append(
                Violation(
                    _dotted(path), "pattern", f"must match {source!r}{_got(value)}"
                )
            )
        return False

    return pattern


def _count(limit: int, rule: str, words: str, noun: str, ge: bool) -> _Check:
    def count(value: Any, path: _Path, errors: _Errors) -> bool:
        size = len(value)
        if (size >= limit) if ge else (size <= limit):
            return True
        if errors is not None:
            message = f"{words} {_plural(limit, noun)} (got {size})"
            errors.append(Violation(_dotted(path), rule, message))
        return False

    return count


def _items(
    prefix: tuple[_Check, ...], rest: _Check | None, forbidden: bool, rest_rule: str
) -> _Check:
    width = len(prefix)
    if not width and rest is not None and not forbidden:
        each = rest

        def every_item(value: Any, path: _Path, errors: _Errors) -> bool:
            ok = True
            for index, item in enumerate(value):
                if not each(item, (path, index), errors):
                    if errors is None:
                        return False
                    ok = False
            return ok

        return every_item

    def items(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for index, item in enumerate(value):
            if index < width:
                check = prefix[index]
            elif rest is None:
                break
            elif forbidden:
                if errors is None:
                    return False
                message = f"is not allowed (at most {_plural(width, 'item')})"
                errors.append(Violation(_dotted((path, index)), rest_rule, message))
                ok = False
                continue
            else:
                check = rest
            if not check(item, (path, index), errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return items


def _unique(value: Any, path: _Path, errors: _Errors) -> bool:
    seen: dict[object, int] = {}
    ok = True
    for index, item in enumerate(value):
        try:
            key = _canon(item)
            first = seen.setdefault(key, index)
        except TypeError:
            continue
        if first != index:
            if errors is None:
                return False
            message = f"must not repeat items (items {first} and {index} are equal)"
            errors.append(Violation(_dotted(path), "uniqueItems", message))
            ok = False
    return ok


def _contains(check: _Check, least: int, most: int | None) -> _Check:
    def contains(value: Any, path: _Path, errors: _Errors) -> bool:
        found = 0
        for index, item in enumerate(value):
            if check(item, (path, index), None):
                found += 1
                if found >= least and most is None:
                    return True
        if found >= least and (most is None or found <= most):
            return True
        if errors is not None:
            if found < least:
                rule = "contains" if least == 1 else "minContains"
                wanted = f"at least {_plural(least, 'item')}"
            else:
                rule, wanted = "maxContains", f"at most {_plural(most or 0, 'item')}"
            message = f"must contain {wanted} matching `contains` (got {found})"
            errors.append(Violation(_dotted(path), rule, message))
        return False

    return contains


def _required(names: tuple[str, ...]) -> _Check:
    def required(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for name in names:
            if name not in value:
                if errors is None:
                    return False
                errors.append(
                    Violation(_dotted((path, name)), "required", "is required")
                )
                ok = False
        return ok

    return required


def _properties(
    props: dict[str, _Check],
    patterns: tuple[tuple[re.Pattern[str], _Check], ...],
    additional: _Check | None,
    forbidden: bool,
) -> _Check:
    get = props.get
    if not patterns and additional is None:

        def properties(value: Any, path: _Path, errors: _Errors) -> bool:
            ok = True
            for key, item in value.items():
                check = get(key)
                if check is not None and not check(item, (path, key), errors):
                    if errors is None:
                        return False
                    ok = False
            return ok

        return properties

    if not patterns:

        def properties_and_others(value: Any, path: _Path, errors: _Errors) -> bool:
            ok = True
            for key, item in value.items():
                check = get(key)
                if check is not None:
                    if check(item, (path, key), errors):
                        continue
                elif forbidden:
                    if errors is None:
                        return False
                    errors.append(
                        Violation(
                            _dotted((path, key)),
                            "additionalProperties",
                            "is not a known field",
                        )
                    )
                    ok = False
                    continue
                elif additional is None or additional(item, (path, key), errors):
                    continue
                if errors is None:
                    return False
                ok = False
            return ok

        return properties_and_others

    def properties_and_more(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for key, item in value.items():
            check = get(key)
            known = check is not None
            if check is not None and not check(item, (path, key), errors):
                if errors is None:
                    return False
                ok = False
            for regex, pattern_check in patterns:
                if _search(regex, key):
                    known = True
                    if not pattern_check(item, (path, key), errors):
                        if errors is None:
                            return False
                        ok = False
            if known or additional is None:
                continue
            if forbidden:
                if errors is None:
                    return False
                errors.append(
                    Violation(
                        _dotted((path, key)),
                        "additionalProperties",
                        "is not a known field",
                    )
                )
                ok = False
            elif not additional(item, (path, key), errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return properties_and_more


def _property_names(check: _Check) -> _Check:
    def property_names(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for key in value:
            if check(key, "", None):
                continue
            if errors is None:
                return False
            found: list[Violation] = []
            check(key, "", found)
            reason = "; ".join(v.message for v in found) or "not allowed"
            errors.append(
                Violation(
                    _dotted((path, key)),
                    "propertyNames",
                    f"is not an allowed field name ({reason})",
                )
            )
            ok = False
        return ok

    return property_names


def _dependent_required(needs: dict[str, tuple[str, ...]], rule: str) -> _Check:
    def dependent_required(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for name, wanted in needs.items():
            if name not in value:
                continue
            for other in wanted:
                if other not in value:
                    if errors is None:
                        return False
                    message = f"is required when {name!r} is given"
                    errors.append(Violation(_dotted((path, other)), rule, message))
                    ok = False
        return ok

    return dependent_required


def _dependent_schemas(schemas: dict[str, _Check]) -> _Check:
    def dependent_schemas(value: Any, path: _Path, errors: _Errors) -> bool:
        ok = True
        for name, check in schemas.items():
            if name in value and not check(value, path, errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return dependent_schemas


def _unevaluated_properties(sub: _Check, seen: _Collect, forbidden: bool) -> _Check:
    def unevaluated_properties(value: Any, path: _Path, errors: _Errors) -> bool:
        evaluated = seen(value)
        ok = True
        for key, item in value.items():
            if key in evaluated:
                continue
            if forbidden:
                if errors is None:
                    return False
                errors.append(
                    Violation(
                        _dotted((path, key)),
                        "unevaluatedProperties",
                        "is not a known field",
                    )
                )
                ok = False
            elif not sub(item, (path, key), errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return unevaluated_properties


def _unevaluated_items(sub: _Check, seen: _Collect, forbidden: bool) -> _Check:
    def unevaluated_items(value: Any, path: _Path, errors: _Errors) -> bool:
        evaluated = seen(value)
        ok = True
        for index, item in enumerate(value):
            if index in evaluated:
                continue
            if forbidden:
                if errors is None:
                    return False
                errors.append(
                    Violation(
                        _dotted((path, index)),
                        "unevaluatedItems",
                        "is not allowed (no schema describes this item)",
                    )
                )
                ok = False
            elif not sub(item, (path, index), errors):
                if errors is None:
                    return False
                ok = False
        return ok

    return unevaluated_items


# --- collectors -----------------------------------------------------------------------------


def _nothing(value: Any) -> set[Any]:
    return set()


def _all_keys(value: Any) -> set[Any]:
    return set(value)


def _all_indices(value: Any) -> set[Any]:
    return set(range(len(value)))


def _named(names: frozenset[str]) -> _Collect:
    def named(value: Any) -> set[Any]:
        return {key for key in value if key in names}

    return named


def _matching(regexes: tuple[re.Pattern[str], ...]) -> _Collect:
    def matching(value: Any) -> set[Any]:
        return {key for key in value if any(_search(r, key) for r in regexes)}

    return matching


def _leading(count: int) -> _Collect:
    def leading(value: Any) -> set[Any]:
        return set(range(min(count, len(value))))

    return leading


def _containing(check: _Check) -> _Collect:
    def containing(value: Any) -> set[Any]:
        return {i for i, item in enumerate(value) if check(item, "", None)}

    return containing


def _when_valid(pairs: tuple[tuple[_Check, _Collect], ...]) -> _Collect:
    def when_valid(value: Any) -> set[Any]:
        out: set[Any] = set()
        for check, collect in pairs:
            if check(value, "", None):
                out |= collect(value)
        return out

    return when_valid


def _conditional(
    condition: _Check, if_: _Collect, then: _Collect, otherwise: _Collect
) -> _Collect:
    def conditional(value: Any) -> set[Any]:
        if condition(value, "", None):
            return if_(value) | then(value)
        return otherwise(value)

    return conditional


def _present(by_name: dict[str, _Collect]) -> _Collect:
    def present(value: Any) -> set[Any]:
        out: set[Any] = set()
        for name, collect in by_name.items():
            if name in value:
                out |= collect(value)
        return out

    return present


def _union(parts: tuple[_Collect, ...]) -> _Collect:
    def union(value: Any) -> set[Any]:
        out: set[Any] = set()
        for part in parts:
            out |= part(value)
        return out

    return union


def _dynamic_collector(
    local: threading.local, static: _Collect, candidates: dict[str, _Collect]
) -> _Collect:
    def dynamic(value: Any) -> set[Any]:
        for uri in getattr(local, "scope", ()):
            collect = candidates.get(uri)
            if collect is not None:
                return collect(value)
        return static(value)

    return dynamic
