"""Turning a call's arguments into a request: validate everything, then dump by wire names.

A RequestCheck collects the violations of one call — its parameters and its body — so the
caller hears about every problem at once, and nothing is sent while any remain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from ._types import NotGiven
from ._validation import (
    RequestValidationError,
    Violation,
    check_request,
    value_violations,
)

__all__ = ["RequestCheck"]


@cache
def _adapter(type_: Any) -> TypeAdapter[Any]:
    return TypeAdapter(type_)


def _given(values: Mapping[str, object]) -> dict[str, object]:
    """The arguments the caller passed: NOT_GIVEN ones are dropped, None is kept."""
    return {k: v for k, v in values.items() if not isinstance(v, NotGiven)}


class RequestCheck:
    """Validates the parts of one request and raises all their violations together."""

    def __init__(self) -> None:
        self.violations: list[Violation] = []

    def parameters(self, model: type[BaseModel], values: Mapping[str, object]) -> None:
        """Path, query and header arguments, by wire name, against their schemas."""
        _, found = check_request(model, _given(values))
        self.violations.extend(found)

    def body(self, model: type[BaseModel], values: Mapping[str, object]) -> Any:
        """An object body given field by field; returns it dumped by wire names.

        Only what the caller set is sent: defaults are the server's business.
        """
        instance, found = check_request(model, _given(values))
        self.violations.extend(found)
        if instance is None:
            return None
        return _adapter(model).dump_python(instance, by_alias=True, exclude_unset=True)

    def value(self, type_: Any, value: object, field: str = "body") -> Any:
        """A body that is not an object model (an array, a union): validated whole."""
        try:
            validated = _adapter(type_).validate_python(value)
        except Exception as exc:  # pydantic.ValidationError, reworded
            self.violations.extend(value_violations(exc, field))
            return None
        return _adapter(type_).dump_python(validated, by_alias=True, exclude_unset=True)

    def multipart(
        self,
        model: type[BaseModel],
        values: Mapping[str, object],
        file_fields: Iterable[str],
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """A multipart body: (form fields, file parts), both by wire name.

        File values are handed over exactly as the caller gave them (bytes, path, open
        file or tuple); pydantic would turn a file object into an iterator if it dumped it.
        """
        instance, found = check_request(model, _given(values))
        self.violations.extend(found)
        if instance is None:
            return {}, {}
        wire_files = set(file_fields)
        by_wire = {(f.alias or name): name for name, f in model.model_fields.items()}
        skip = {by_wire[w] for w in wire_files if w in by_wire}
        form = _adapter(model).dump_python(
            instance, by_alias=True, exclude_unset=True, exclude=skip
        )
        files: dict[str, Any] = {}
        for wire in sorted(wire_files):
            name = by_wire.get(wire)
            if name is not None and name in instance.model_fields_set:
                value = getattr(instance, name)
                if value is not None:
                    files[wire] = value
        return form, files

    def done(self) -> None:
        """Raise RequestValidationError if anything was wrong; nothing has been sent."""
        if self.violations:
            raise RequestValidationError(self.violations)
