"""Turning a call's arguments into a request: check the exact JSON to be sent, then send it.

A RequestCheck collects the violations of one call — its parameters and its body — so the
caller hears about every problem at once, and nothing is sent while any remain. Values are
checked against the spec's own JSON Schemas (the package's `_schemas.json`, see
`_jsonschema.py`) as they will go on the wire, and sent as given: nothing is coerced (`"1"`
stays a string and is refused where an integer is wanted), a request is never rewritten.
"""

from __future__ import annotations

import datetime
import io
import json
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ._jsonschema import Dialect, Validator
from ._models import file_problem
from ._types import NotGiven
from ._validation import (
    RequestValidationError,
    Violation,
    file_rules_of,
    file_violations,
    model_violations,
    shorten,
)

__all__ = [
    "BodyForm",
    "RequestCheck",
    "RequestSchemas",
    "check_request",
    "to_wire",
    "validate_request",
]

_M = TypeVar("_M", bound=BaseModel)
# iterables that are not arrays: text, bytes and files (which iterate over lines)
_NOT_ARRAYS = (str, bytes, bytearray, memoryview, io.IOBase)


# Keywords that make a schema document need indexing before its first check; when none of
# them occurs in the text (most specs), the walk over the whole document is skipped.
_IDENTIFIERS = ("$id", "$anchor", "$dynamicAnchor", "$dynamicRef")


class RequestSchemas:
    """The package's request schemas, read and compiled on the first call that needs them."""

    def __init__(self, module_file: str) -> None:
        # the document sits beside the package's `_schemas.py`, whose __file__ is given
        self._path = Path(module_file).with_name("_schemas.json")
        self._validator: Validator | None = None
        self._lock = threading.Lock()

    @property
    def validator(self) -> Validator:
        if self._validator is None:
            with self._lock:
                if self._validator is None:
                    text = self._path.read_text("utf-8")
                    document = json.loads(text)
                    self._validator = Validator(
                        document,
                        Dialect(document["dialect"]),
                        identified=any(f'"{k}"' in text for k in _IDENTIFIERS),
                    )
        return self._validator


def to_wire(value: object) -> object:
    """The JSON value of an argument, as it will be sent: models by wire name with only the
    fields set, mappings (TypedDicts) as objects, tuples and other iterables (signatures
    take `Iterable[...]` where arrays hold objects) as arrays, dates and UUIDs in their JSON
    text form. Everything else is kept as it is (and refused by the schema's `type` if JSON
    cannot carry it)."""
    if isinstance(value, BaseModel):
        dumped: object = value.model_dump(
            mode="json", by_alias=True, exclude_unset=True
        )
        return dumped
    if isinstance(value, Mapping):
        return {k: to_wire(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    if isinstance(value, Iterable) and not isinstance(value, _NOT_ARRAYS):
        return [to_wire(v) for v in value]  # a generator, a set, a view...
    if isinstance(value, Enum):
        return to_wire(value.value)
    if isinstance(value, datetime.date | datetime.time | uuid.UUID):
        return value.isoformat() if not isinstance(value, uuid.UUID) else str(value)
    return value


def _given(values: Mapping[str, object]) -> dict[str, object]:
    """The arguments the caller passed: NOT_GIVEN ones are dropped, None is kept."""
    return {k: v for k, v in values.items() if not isinstance(v, NotGiven)}


@dataclass(frozen=True)
class BodyForm:
    """One media type an operation's body may be sent in: its fields (by wire name) and
    those of them that are file parts."""

    media_type: str
    fields: tuple[str, ...]
    files: tuple[str, ...] = ()


def _holds_files(value: object) -> bool:
    """A file, or a non-empty list of files."""
    if isinstance(value, list):
        return bool(value) and all(file_problem(v) is None for v in value)
    return value is not None and file_problem(value) is None


def pick_form(values: Mapping[str, object], forms: Sequence[BodyForm]) -> int:
    """Which of an operation's body forms a call sends (see `RequestCheck.form`)."""
    given = {k for k, v in values.items() if not isinstance(v, NotGiven)}
    for index, form in enumerate(forms):
        if any(_holds_files(values[name]) for name in form.files if name in given):
            return index
    for index, form in enumerate(forms):
        if given <= set(form.fields):
            return index
    return 0


class RequestCheck:
    """Checks the parts of one request and raises all their violations together."""

    def __init__(self, schemas: RequestSchemas) -> None:
        self._schemas = schemas
        self.violations: list[Violation] = []

    def _check(self, pointer: str, value: object, path: str = "") -> None:
        self.violations.extend(self._schemas.validator.check(pointer, value, path))

    def form(self, values: Mapping[str, object], forms: Sequence[BodyForm]) -> int:
        """Pick the body form a call sends, from the arguments given (by wire name): the
        first form with a file field a file was passed for (files: multipart); else the first
        that has every argument given; else the first. An argument the picked form does not
        have is a violation (it cannot be sent with that media type)."""
        index = pick_form(values, forms)
        picked = forms[index]
        why = (
            " (a file was passed)"
            if picked.files
            and any(_holds_files(values.get(name)) for name in picked.files)
            else ""
        )
        for name, value in values.items():
            if name not in picked.fields and not isinstance(value, NotGiven):
                others = [f.media_type for f in forms if name in f.fields]
                message = (
                    f"is not a field of the {picked.media_type} body{why}; "
                    f"it is sent only with {' or '.join(others)}"
                )
                self.violations.append(Violation(name, "form", message))
        return index

    def parameters(self, pointer: str, values: Mapping[str, object]) -> None:
        """Path, query and header arguments, keyed as the schema at `pointer` names them."""
        self._check(pointer, to_wire(_given(values)))

    def body(
        self,
        pointer: str,
        values: Mapping[str, object],
        extra: Mapping[str, object] | None = None,
    ) -> dict[str, object]:
        """An object body given field by field (by wire name), with `extra_body` merged in
        as the server will see it; returns the JSON object to send."""
        body = to_wire({**_given(values), **(extra or {})})
        self._check(pointer, body)
        assert isinstance(body, dict)
        return body

    def value(self, pointer: str, value: object, field: str = "body") -> object:
        """A body that is not given field by field (an array, a union): checked whole."""
        wire = to_wire(value)
        self._check(pointer, wire, field)
        return wire

    def multipart(
        self,
        pointer: str,
        model: type[BaseModel],
        values: Mapping[str, object],
        file_fields: Iterable[str],
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """A multipart body: (form fields, file parts), both by wire name.

        Form fields are checked as JSON values; file parts must be files (bytes, a path, an
        open binary file or a tuple) and follow the spec's file rules (`model._file_rules`),
        read from their headers. Files are handed over exactly as the caller gave them.
        """
        given = _given(values)
        wire_files = set(file_fields)
        files = {k: v for k, v in given.items() if k in wire_files}
        form = to_wire({k: v for k, v in given.items() if k not in wire_files})
        assert isinstance(form, dict)
        stand_ins: dict[str, object] = {}
        for name, upload in files.items():
            several = upload if isinstance(upload, list) else None
            for index, one in enumerate(several if several is not None else [upload]):
                problem = file_problem(one)
                if problem is not None:
                    where = f"{name}.{index}" if several is not None else name
                    message = f"{problem} (got {shorten(one)})"
                    self.violations.append(Violation(where, "file", message))
            # the schema sees a stand-in of the same shape: file contents are left to the
            # file rules, which read headers
            stand_ins[name] = "<file>" if several is None else ["<file>"] * len(several)
        self._check(pointer, {**form, **stand_ins})
        self.violations.extend(file_violations(file_rules_of(model), given))
        return form, {k: v for k, v in files.items() if v is not None}

    def done(self) -> None:
        """Raise RequestValidationError if anything was wrong; nothing has been sent."""
        if self.violations:
            raise RequestValidationError(self.violations)


def _by_wire_name(
    model: type[BaseModel], values: Mapping[str, object]
) -> dict[str, object]:
    """`values` keyed by wire name: Python field names are accepted too."""
    wire = {name: (f.alias or name) for name, f in model.model_fields.items()}
    return {wire.get(k, k): v for k, v in _given(values).items()}


def check_request(
    model: type[_M], values: Mapping[str, object]
) -> tuple[_M | None, list[Violation]]:
    """Check a request body's fields (by wire name) as the client checks what it sends;
    return the model built from them (None when anything is wrong) and every violation.

    A body model of an operation is checked against the spec's JSON Schema
    (`_request_schema`); any other model by its pydantic fields and file rules.
    """
    given = _by_wire_name(model, values)
    pointer: str = getattr(model, "_request_schema", "")
    schemas: RequestSchemas | None = getattr(model, "_request_schemas", None)
    if not pointer or schemas is None:
        found = file_violations(file_rules_of(model), given)
        instance, problems = model_violations(model, given)
        violations = problems + found
        return (None if violations else instance), violations
    check = RequestCheck(schemas)
    files: tuple[str, ...] = getattr(model, "_request_files", ())
    if files:
        check.multipart(pointer, model, given, files)
    else:
        check.body(pointer, given)
    if check.violations:
        return None, check.violations
    instance, problems = model_violations(model, given)
    return instance, problems


def validate_request(model: type[_M], values: Mapping[str, object]) -> _M:
    """Check a request's fields against the spec without sending anything.

    Returns the validated model; raises RequestValidationError listing every violation.
    `values` are keyed by wire name (or Python field name); NOT_GIVEN values are ignored.
    """
    instance, violations = check_request(model, values)
    if violations or instance is None:
        raise RequestValidationError(violations)
    return instance
