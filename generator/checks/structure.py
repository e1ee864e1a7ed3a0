"""Stage 2a, the document's structure, checked against the OpenAPI Initiative's schemas.

Before anything else reads the document, it is validated against the official JSON Schema
of its version (`openapi_schemas/`: 3.0 and 3.1, see NOTICE), run by the runtime's JSON
Schema engine (`engine.py`). Past this point no stage meets a value of a shape the
specification does not allow: a `tags` that is a number, a `components` that is a float.
Each broken rule becomes a located E015 diagnostic, except the few that have had codes of
their own from the start (E011 the version, E012 `info`, E013 `paths`, E020 a path item or
operation, E023/E024 a parameter), which keep them and their wording. A parameter `style`
its location does not define stays a warning (W115: sent the location's default way).

The 3.1 schema, with its default dialect, leaves Schema Objects to JSON Schema itself
(`schema.py` checks them, for both versions); the 3.0 schema checks them too, and a
finding both make is shown once, with `schema.py`'s code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..source.loader import Document
from ..source.pointers import pointer_tokens, walk
from .engine import Validator, Violation, compile_schema, violations
from .explain import explain, kind_of, parent_of
from .relevance import focused

SCHEMA_FOLDER = Path(__file__).parent / "openapi_schemas"
_OPERATION = re.compile(
    r"^/(paths|webhooks)/[^/]+/(get|put|post|delete|options|head|patch|trace)$"
)
_PATH_ITEM = re.compile(r"^/(paths|webhooks)/[^/]+$")
_PARAMETER = re.compile(
    r"^(/(paths|webhooks)/[^/]+(/[a-z]+)?/parameters/\d+|/components/parameters/[^/]+)"
    r"(/name|/in|/style)?$"
)


def schema_version(data: Any) -> str:
    """Which OpenAPI schema a document is checked against: 3.1 when it says so."""
    version = data.get("openapi") if isinstance(data, dict) else None
    return "3.1" if isinstance(version, str) and version.startswith("3.1") else "3.0"


@cache
def _compiled(version: str) -> tuple[Validator, frozenset[str]]:
    """The schema for `version`, focused and compiled, and every field name it knows."""
    text = (SCHEMA_FOLDER / f"oas-{version}.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    return compile_schema(focused(schema)), frozenset(_field_names(schema))


def _field_names(schema: Any) -> Iterator[str]:
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                yield from (str(name) for name in properties)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def check_structure(doc: Document) -> list[Diagnostic]:
    """Every rule of the OpenAPI schema the document breaks, located."""
    validator, fields = _compiled(schema_version(doc.data))
    found: list[Diagnostic] = []
    info_lacks: list[str] = []
    for violation in violations(validator, doc.data):
        if violation.rule == "required" and violation.pointer in (
            "/info/title",
            "/info/version",
        ):
            info_lacks.append(parent_of(violation.pointer)[1])
            continue
        code, pointer, message = _classify(violation, doc.data)
        if not code:
            continue
        if code == "E015":
            pointer, message = explain(violation, doc.data, fields)
        found.append(doc.diagnostic(code, message, pointer))
    if info_lacks:
        named = " and ".join(f"'{key}'" for key in sorted(set(info_lacks), key=len))
        found.append(doc.diagnostic("E012", f"'info' lacks {named}", "/info"))
    return found


def _classify(violation: Violation, data: Any) -> tuple[str, str, str]:
    """(code, pointer, message) for the findings that kept their own codes; E015 else."""
    pointer, rule = violation.pointer, violation.rule
    value, failed = walk(data, pointer_tokens(pointer))
    missing = rule == "required" or failed is not None
    if pointer == "/openapi":
        shown = "missing" if missing else f"'{value}'"
        return (
            "E011",
            pointer,
            f"'openapi' is {shown}; specgen reads OpenAPI 3.0.x and 3.1.x",
        )
    if pointer == "/info" and rule in ("required", "type"):
        if missing:
            return "E012", "", "'info' is missing"
        return "E012", pointer, "'info' must be a mapping"
    if pointer == "/paths" and rule in ("required", "type"):
        if missing:
            return "E013", "", "'paths' is missing"
        return "E013", pointer, "'paths' must be a mapping"
    if pointer == "" and rule == "anyOf":
        return (
            "E013",
            "",
            "'paths' is missing (a 3.1 document has 'paths', 'webhooks' or 'components')",
        )
    if rule == "type" and _PATH_ITEM.match(pointer):
        return "E020", pointer, "a path item must be a mapping"
    if rule == "type" and _OPERATION.match(pointer):
        return "E020", pointer, "an operation must be a mapping"
    return _classify_parameter(violation, value) or ("E015", pointer, violation.message)


def _classify_parameter(
    violation: Violation, value: Any
) -> tuple[str, str, str] | None:
    pointer, rule = violation.pointer, violation.rule
    matched = _PARAMETER.match(pointer)
    if matched is None:
        if (
            rule == "type"
            and pointer.endswith("/parameters")
            and not (pointer.startswith("/components/"))
        ):
            return "E023", pointer, "'parameters' must be a list"
        return None
    part = matched[4]
    if part == "/style" and rule == "enum":
        return "", pointer, ""  # a style its location does not define: W115, a warning
    if part is None and rule == "type":
        return "E023", pointer, "a parameter must be a mapping"
    if rule == "required" and part in ("/name", "/in"):
        return "E023", parent_of(pointer)[0], "a parameter needs 'name' and 'in'"
    if part == "/in" and rule == "enum":
        if value in ("body", "formData"):
            return (
                "E024",
                pointer,
                f"'in: {value}' is Swagger 2.0; in OpenAPI 3 a body is the "
                "operation's 'requestBody'",
            )
        return (
            "E023",
            pointer,
            "parameter 'in' must be path, query, header or cookie, not "
            + (f"'{value}'" if isinstance(value, str) else kind_of(value)),
        )
    return None
