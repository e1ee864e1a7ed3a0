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
import threading
from collections.abc import Mapping
from typing import Any

from ._jsonschema_compile import _Compiler
from ._jsonschema_refs import SchemaError
from ._jsonschema_values import (
    _Check,
    _Path,  # noqa: F401  (see _jsonschema_values: resolves _Check's hints)
)
from ._validation import Violation

__all__ = ["Dialect", "SchemaError", "Validator"]


class Dialect(enum.Enum):
    """Which meaning the schema keywords have."""

    OPENAPI_30 = "3.0"  # OpenAPI 3.0 Schema Object: JSON Schema draft 4 and `nullable`
    OPENAPI_31 = "3.1"  # OpenAPI 3.1: JSON Schema 2020-12


class Validator:
    """Checks JSON values against the schemas of one document (see the module docstring)."""

    def __init__(
        self,
        document: Mapping[str, Any] | bool,
        dialect: Dialect = Dialect.OPENAPI_31,
        identified: bool = True,
    ) -> None:
        """`identified=False` promises that no `$id`, `$anchor`, `$dynamicAnchor` or
        `$dynamicRef` occurs in the document, which spares a walk of all of it."""
        self.document = document
        self.dialect = dialect
        self.identified = identified
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
                self._compiler = _Compiler(
                    self.document, self.dialect is Dialect.OPENAPI_30, self.identified
                )
            run = self._compiler.entry(pointer)
            self._entries[pointer] = run
            return run
