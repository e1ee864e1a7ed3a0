"""Documented, narrowly-scoped disagreements between specgen and datamodel-code-generator.

Each rule recognises exactly one situation and says who is right and why. A rule applies
only when the verdicts differ in the direction it documents (see differential_compare).
Recognisers are *counterfactual* where they can be: they undo exactly the situation (e.g.
put a well-formed URI where the format was broken) and require that both models then
accept, so a rule can never cover a second, unrelated reason to disagree.

BUGS lists the generator bugs this test found (all fixed since: required keys missing from
`properties`, null accepted in required file fields, ECMA `$` read as Python `$`). They are
recognised only to give a failure a precise name, never silenced; their cases in
test_differential.py stay as regression tests.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from differential_payloads import FORMAT_EXAMPLES, Payload
from differential_schema import Docs, Node

if TYPE_CHECKING:
    from differential_oracle import Pair


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    errors: tuple[dict[str, Any], ...]
    text: str
    crashed: bool = False


@dataclass
class Case:
    """One payload on which the two models disagree."""

    pair: Pair
    docs: Docs
    payload: Payload
    ours: Verdict
    theirs: Verdict

    @property
    def errors(self) -> tuple[dict[str, Any], ...]:
        """The errors of whichever model rejects (recognisers look at the situation, not at
        who is expected to reject: the direction is checked separately)."""
        return self.ours.errors + self.theirs.errors

    def both_accept(self, value: Any) -> bool:
        """Counterfactual: do both models accept `value`?"""
        from differential_compare import validate  # circular at import time only

        return (
            validate(self.pair.ours, value).accepted
            and validate(self.pair.theirs, value).accepted
        )


@dataclass(frozen=True)
class Rule:
    name: str
    summary: str
    right: str  # who is right, and why
    ours_accepts: bool  # the documented direction of the disagreement
    theirs_accepts: bool
    recognise: Callable[[Case], bool]

    def matches_direction(self, ours: Verdict, theirs: Verdict) -> bool:
        return (
            ours.accepted == self.ours_accepts
            and theirs.accepted == self.theirs_accepts
        )


# -- helpers ---------------------------------------------------------------------------------


def _get(value: Any, path: tuple[str | int, ...]) -> tuple[bool, Any]:
    for step in path:
        if (isinstance(value, dict) and isinstance(step, str) and step in value) or (
            isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value)
        ):
            value = value[step]
        else:
            return False, None
    return True, value


def _set(value: Any, path: tuple[str | int, ...], new: Any) -> None:
    *head, last = path
    found, parent = _get(value, tuple(head))
    assert found
    parent[last] = new


def _is_binary(docs: Docs, node: Node | None) -> bool:
    if node is None:
        return False
    view = docs.view(node)
    return view.format == "binary" and view.types is not None and "string" in view.types


# -- rule: format is an annotation -----------------------------------------------------------

# Formats dcg turns into validating types (AnyUrl, datetime, ...), with the pydantic error
# types they raise. `binary` is not here: it has its own rule.
_ASSERTED_FORMATS = {
    "uri": ("url_",),
    "url": ("url_",),
    "date-time": ("datetime_",),
    "date": ("date_",),
    "time": ("time_",),
    "uuid": ("uuid_",),
    "email": ("value_error",),
    "ipv4": ("ip_", "value_error"),
    "ipv6": ("ip_", "value_error"),
}


def _format_only(case: Case) -> bool:
    """dcg rejects only because a string under `format` is not well-formed for it."""
    payload = case.payload
    target = payload.mutation.target if payload.mutation else None
    formatted = [
        (path, fmt)
        for path, fmt in payload.formats
        if fmt in _ASSERTED_FORMATS and path != target and _get(payload.value, path)[0]
    ]
    if not formatted:
        return False
    prefixes = tuple(p for _, fmt in formatted for p in _ASSERTED_FORMATS[fmt])
    if not any(str(e["type"]).startswith(prefixes) for e in case.errors):
        return False
    fixed = copy.deepcopy(payload.value)
    for path, fmt in formatted:
        if isinstance(_get(fixed, path)[1], str):
            _set(fixed, path, FORMAT_EXAMPLES[fmt])
    return case.both_accept(fixed)


FORMAT_ANNOTATION = Rule(
    name="FORMAT_ANNOTATION",
    summary="a string under `format: uri` (date-time, ...) that is not well-formed for it",
    right=(
        "specgen. In JSON Schema (Validation 2020-12 §7.2; OpenAPI 3.0/3.1 defer to it) "
        "`format` is an annotation unless a validator opts in to format assertion; any "
        "string is valid. dcg maps uri to pydantic's AnyUrl and asserts it."
    ),
    ours_accepts=True,
    theirs_accepts=False,
    recognise=_format_only,
)


# -- rule: binary fields are file inputs -----------------------------------------------------


def _binary_text(case: Case) -> bool:
    """The disagreement comes only from text (a str) in `format: binary` fields."""
    payload = case.payload
    target = payload.mutation.target if payload.mutation else None
    texts = [
        path
        for path, fmt in payload.formats
        if fmt == "binary"
        and path != target
        and isinstance(_get(payload.value, path)[1], str)
    ]
    if not texts:
        return False
    fixed = copy.deepcopy(payload.value)
    for path in texts:
        _set(fixed, path, FORMAT_EXAMPLES["binary"])
    return case.both_accept(fixed)


BINARY_FILE_INPUT = Rule(
    name="BINARY_FILE_INPUT",
    summary="text (a str) where a `type: string, format: binary` field expects file content",
    right=(
        "specgen, by design: a binary field is a file argument — bytes, a path, an open "
        "binary file or a (name, content[, type]) tuple. A str is ambiguous (a path? the "
        "content?), so specgen refuses it with a message listing the accepted forms. dcg "
        "types the field `bytes`, which in lax mode also takes a str and encodes it."
    ),
    ours_accepts=False,
    theirs_accepts=True,
    recognise=_binary_text,
)


def _contradictory_required(case: Case) -> bool:
    """The object requires keys that `additionalProperties: false` forbids (they are not in
    `properties`), and the payload carries them: no payload can satisfy the schema."""
    view = case.docs.view(case.pair.node)
    if view.additional is not False or not isinstance(case.payload.value, dict):
        return False
    forbidden = [k for k in view.required if k not in view.properties]
    return bool(forbidden) and all(k in case.payload.value for k in forbidden)


CONTRADICTORY_REQUIRED = Rule(
    name="CONTRADICTORY_REQUIRED",
    summary=(
        "`required` names a key that `properties` lacks while `additionalProperties` is "
        "false (OpenAI's CreateRunRequest requires `thread_id`, a path parameter)"
    ),
    right=(
        "dcg, by the letter: the schema admits no value at all. specgen deliberately keeps "
        "the required key as a declared field of any type (warning W102 at generation "
        "time), so the operation stays callable; a model that refuses every request would "
        "help no one and hide the spec's mistake behind a validation error."
    ),
    ours_accepts=True,
    theirs_accepts=False,
    recognise=_contradictory_required,
)


# -- rule: a bare `nullable: true` union member means null -----------------------------------


def _bare_nullable(raw: Any) -> bool:
    """`{nullable: true}` (and nothing that constrains a value) as a union member."""
    return (
        isinstance(raw, dict)
        and raw.get("nullable") is True
        and not set(raw) - {"nullable", "description", "title"}
    )


def _bare_nullable_member(case: Case) -> bool:
    """Properties whose union has a bare `{nullable: true}` member hold a non-null value our
    model refuses; with those values made null, both models accept."""
    view = case.docs.view(case.pair.node)
    value = case.payload.value
    if not isinstance(value, dict):
        return False
    targets = [
        name
        for name, node in view.properties.items()
        if name in value
        and value[name] is not None
        and isinstance(node.raw, dict)
        and any(
            _bare_nullable(member)
            for key in ("anyOf", "oneOf")
            for member in node.raw.get(key) or []
        )
    ]
    if not targets:
        return False
    fixed = copy.deepcopy(value)
    for name in targets:
        fixed[name] = None
    return case.both_accept(fixed)


BARE_NULLABLE_MEMBER = Rule(
    name="BARE_NULLABLE_MEMBER",
    summary=(
        "a value of any kind where a union's member is a bare `{nullable: true}` "
        "(`anyOf: [{type: number}, {nullable: true}]`)"
    ),
    right=(
        "dcg, by the letter: in OpenAPI 3.0 `nullable` without `type` adds nothing, so the "
        "member admits every value. specgen types the member as null, which is what specs "
        "that write it mean (`temperature: number or null`); the request side checks the "
        "JSON Schema exactly (runtime _jsonschema), so only the typed model reads it so."
    ),
    ours_accepts=False,
    theirs_accepts=True,
    recognise=_bare_nullable_member,
)


RULES: tuple[Rule, ...] = (
    FORMAT_ANNOTATION,
    BINARY_FILE_INPUT,
    CONTRADICTORY_REQUIRED,
    BARE_NULLABLE_MEMBER,
)


# -- known generator bugs (still failures) ---------------------------------------------------


def _undeclared_required_dropped(case: Case) -> bool:
    """The mutation removed a key the object's `required` lists but `properties` lacks."""
    mutation = case.payload.mutation
    if mutation is None or mutation.kind != "drop_required" or mutation.site is None:
        return False
    return mutation.key not in mutation.site.properties


REQUIRED_NOT_DECLARED = Rule(
    name="REQUIRED_NOT_DECLARED",
    summary=(
        "`required` names a key that `properties` does not declare; specgen's model ignores "
        "it and accepts an object without that key"
    ),
    right=(
        "dcg. JSON Schema's `required` holds whatever `properties` says: the key must be "
        "present (any value). specgen drops the requirement silently (no warning)."
    ),
    ours_accepts=True,
    theirs_accepts=False,
    recognise=_undeclared_required_dropped,
)


def _binary_null(case: Case) -> bool:
    """The mutation put null where a non-nullable binary value is required: a required
    binary field, or an item of an array of binary values; the payload before it agreed.
    """
    mutation = case.payload.mutation
    if (
        mutation is None
        or mutation.site is None
        or not _is_binary(case.docs, mutation.node)
    ):
        return False
    if mutation.kind == "null":
        if mutation.key not in mutation.site.required:
            return False  # optional: specgen's reject_null refuses it, both agree
    elif mutation.kind != "null_item":
        return False
    return case.both_accept(case.payload.baseline)


FILE_ACCEPTS_NULL = Rule(
    name="FILE_ACCEPTS_NULL",
    summary=(
        "null is accepted for a non-nullable `format: binary` value (a required file field, "
        "or an item of an array of files) by specgen's model"
    ),
    right=(
        "dcg. The schema is `type: string` without nullable, so null is invalid. specgen "
        "refuses null for the same field when it is optional (reject_null), but a required "
        "FileInput (Annotated[..., SkipValidation]) and list[FileInput] items skip "
        "validation entirely; the multipart helpers then drop None file values, so the "
        "request can go out without the required part."
    ),
    ours_accepts=True,
    theirs_accepts=False,
    recognise=_binary_null,
)


def _dollar_before_newline(case: Case) -> bool:
    """Strings ending in a newline under a pattern whose `$` Python lets match before it;
    dropping the final newline makes both models accept."""
    payload = case.payload
    target = payload.mutation.target if payload.mutation else None
    hits = [
        path
        for path, patterns in payload.patterns
        if path != target
        and any(_ends_with_dollar(p) for p in patterns)
        and isinstance(_get(payload.value, path)[1], str)
        and _get(payload.value, path)[1].endswith("\n")
    ]
    if not hits:
        return False
    if not any(e["type"] == "string_pattern_mismatch" for e in case.errors):
        return False
    fixed = copy.deepcopy(payload.value)
    for path in hits:
        _set(fixed, path, _get(fixed, path)[1][:-1])
    return case.both_accept(fixed)


def _ends_with_dollar(pattern: str) -> bool:
    stripped = pattern.rstrip(")")
    return stripped.endswith("$") and not stripped.endswith("\\$")


PATTERN_DOLLAR_NEWLINE = Rule(
    name="PATTERN_DOLLAR_NEWLINE",
    summary=(
        "a string ending in a newline passes a `...$` pattern in specgen's model "
        "(e.g. 'ABC-1\\n' for '^[A-Z]{3}-[0-9]+$')"
    ),
    right=(
        "dcg. Patterns are ECMA-262 regular expressions (JSON Schema Core 2020-12 §6.4; "
        "OpenAPI 3.0 says the same), where `$` (no multiline flag) matches only at the end of the input. specgen's models "
        "use Python's `re` (regex_engine='python-re'), whose `$` also matches just before a "
        "final newline; dcg keeps pydantic's Rust engine, which follows ECMA here. The fix "
        "is to translate an unescaped `$` outside a character class to `\\Z`."
    ),
    ours_accepts=True,
    theirs_accepts=False,
    recognise=_dollar_before_newline,
)


BUGS: tuple[Rule, ...] = (
    REQUIRED_NOT_DECLARED,
    FILE_ACCEPTS_NULL,
    PATTERN_DOLLAR_NEWLINE,
)
