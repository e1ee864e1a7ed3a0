"""Base class and helpers for the generated models (hand-written, copied into every package)."""

from __future__ import annotations

import os
import sys
from types import UnionType
from typing import (
    Annotated,
    Any,
    Final,
    ForwardRef,
    Literal,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

from pydantic import (
    BaseModel,
    ConfigDict,
    PlainValidator,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)

from ._types import FileTypes

__all__ = [
    "LENIENT",
    "BaseSchema",
    "FileInput",
    "file_problem",
    "reject_null",
    "unique_items",
]

_T = TypeVar("_T")


# A file argument: bytes, a path, an open binary file or a (name, content[, type]) tuple.
# pydantic cannot validate IO objects: the model checks the form and keeps it as given; the
# spec's rules for files (type, size, image dimensions) are checked by the package's
# validators.
def file_problem(value: object) -> str | None:
    """Why `value` cannot be sent as a file, or None when it can."""
    content = value[1] if isinstance(value, tuple) and len(value) in (2, 3) else value
    if isinstance(content, bytes | bytearray | memoryview | os.PathLike):
        return None
    if hasattr(content, "read") and not isinstance(content, str):
        return None
    return (
        "must be a file: bytes, a path, an open binary file "
        "or a (filename, content[, content_type]) tuple"
    )


def _file_value(value: object) -> object:
    problem = file_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


FileInput = Annotated[FileTypes, PlainValidator(_file_value)]


class BaseSchema(BaseModel):
    """Base of every generated model.

    - fields are filled by wire name (alias) or Python name;
    - unknown keys are kept (`extra="allow"`), as JSON Schema allows them unless
      `additionalProperties: false` (those models say `extra="forbid"`);
    - schemas are built on first use, so importing a large models module is cheap;
    - patterns use Python's `re`, which knows the lookarounds spec authors write.
    """

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        defer_build=True,
        protected_namespaces=(),
        arbitrary_types_allowed=True,
        regex_engine="python-re",
    )

    @model_validator(mode="wrap")
    @classmethod
    def _lenient_in_responses(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        # Requests are strict. Responses are parsed with the LENIENT context: the API adds
        # enum values and fields over time, and an old client must keep working.
        if not (info.context and info.context.get(LENIENT)) or not isinstance(
            data, dict
        ):
            return handler(data)
        try:
            return handler(data)
        except ValidationError as exc:
            return _tolerate(cls, data, handler, exc)


LENIENT: Final = "specgen_lenient"  # validation context key set when parsing responses


def _stand_in(annotation: Any) -> tuple[bool, object]:
    """A value the annotation accepts, to validate the rest of a model around a bad enum."""
    origin = get_origin(annotation)
    if origin is Literal:
        return True, get_args(annotation)[0]
    if origin is Annotated:
        return _stand_in(get_args(annotation)[0])
    if origin is list:
        return True, []
    if annotation is type(None):
        return True, None
    if origin in (Union, UnionType):
        for member in get_args(annotation):
            found, value = _stand_in(member)
            if found:
                return found, value
    return False, None


def _resolved(cls: type[BaseSchema], annotation: Any) -> Any:
    """The field's type; a model built lazily may still hold it as a forward reference."""
    if isinstance(annotation, ForwardRef):
        annotation = annotation.__forward_arg__
    if isinstance(annotation, str):
        namespace = vars(sys.modules[cls.__module__])
        # the annotation is the generated module's own code, not text from a response
        return eval(annotation, namespace)
    return annotation


def _tolerate(
    cls: type[BaseSchema],
    data: Any,
    handler: ValidatorFunctionWrapHandler,
    exc: ValidationError,
) -> Any:
    """Validate again with stand-ins for values whose only fault is an enum value the spec
    does not know (or a key it forbids), then put the received values back."""
    raw = dict(data)
    names = {(info.alias or name): name for name, info in cls.model_fields.items()}
    tolerated: dict[str, object] = {}
    by_key: dict[str, list[str]] = {}  # error types of each key
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        key = loc[0] if loc else None
        if not isinstance(key, str):
            raise exc
        if error["type"] == "extra_forbidden":
            raw.pop(key, None)
            continue
        by_key.setdefault(key, []).append(error["type"])
    for key, types in by_key.items():
        field = cls.model_fields.get(names.get(key, key))
        annotation = _resolved(cls, field.annotation) if field is not None else None
        found, stand_in = _stand_in(annotation)
        if not found or not _unknown_enum_value(types, data.get(key)):
            raise exc
        tolerated[key] = data.get(key)
        raw[key] = stand_in
    try:
        instance = handler(raw)
    except ValidationError:
        raise exc from None
    for key, value in tolerated.items():
        instance.__dict__[names.get(key, key)] = value
    return instance


_ENUM_ERRORS: Final = frozenset({"literal_error", "enum"})


def _unknown_enum_value(error_types: list[str], value: object) -> bool:
    """Whether a value's only fault is to be a value the spec's enum does not list: every
    error says so, or (a union of an enum with other types, `Literal[...] | Model | None`,
    reports one error per member) one does and the value is a plain scalar."""
    if not error_types:
        return False
    if all(t in _ENUM_ERRORS for t in error_types):
        return True
    scalar = value is None or isinstance(value, str | int | float | bool)
    return scalar and any(t in _ENUM_ERRORS for t in error_types)


def reject_null(value: _T, info: ValidationInfo) -> _T:
    """Optional but not nullable: the field may be omitted, not set to null. A response
    (LENIENT) keeps the null the server sent: real APIs send null for absent values."""
    if value is None and not (info.context and info.context.get(LENIENT)):
        raise ValueError("may be omitted but must not be null")
    return value


def unique_items(value: list[_T]) -> list[_T]:
    seen: list[Any] = []
    for item in value:
        key = item.model_dump() if isinstance(item, BaseModel) else item
        if key in seen:
            raise ValueError(f"items must be unique ({item!r} repeats)")
        seen.append(key)
    return value
