"""Base class and helpers for the generated models (hand-written, copied into every package)."""

from __future__ import annotations

import datetime
import os
import sys
import uuid
from types import UnionType
from typing import (
    Annotated,
    Any,
    ClassVar,
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
    "TOLERANT",
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
    - patterns use Python's `re`, which knows the lookarounds spec authors write;
    - a model parsed from a response body has the response's `x-request-id` header as
      `_request_id` (None without it; as in the official SDKs, the top-level model only).
    """

    # Set on each top-level response model (an instance attribute, not a field: it is not
    # dumped and not compared); the class attribute answers for every other model.
    _request_id: ClassVar[str | None] = None

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
        # Requests are strict. A response is parsed twice at most (see `_response.py`):
        # first as the spec says (nulls aside), so each union member is chosen by an exact
        # match; only if that fails, again TOLERANT of what an API adds or drops over time.
        if not (info.context and info.context.get(TOLERANT)) or not isinstance(
            data, dict
        ):
            return handler(data)
        try:
            return handler(data)
        except ValidationError as exc:
            return _tolerate(cls, data, handler, exc)


# Validation context keys set when parsing responses: LENIENT on both passes (a null in an
# optional field is kept; an unknown union tag is kept), TOLERANT on the second.
LENIENT: Final = "specgen_lenient"
TOLERANT: Final = "specgen_tolerant"


_SCALAR_STAND_INS: Final[dict[object, object]] = {
    str: "",
    # the parsed formats: a date-time, date or UUID a response sends malformed is kept as sent
    datetime.datetime: datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC),
    datetime.date: datetime.date(1970, 1, 1),
    uuid.UUID: uuid.UUID(int=0),
    int: 0,
    float: 0.0,
    bool: False,
    Any: None,
}


def _stand_in(annotation: Any) -> tuple[bool, object]:
    """A value the annotation accepts, to validate the rest of a model around a value the
    spec does not foresee (an enum value it does not list, a required field not sent).
    """
    origin = get_origin(annotation)
    if origin is Literal:
        return True, get_args(annotation)[0]
    if origin is Annotated:
        return _stand_in(get_args(annotation)[0])
    if origin is list or annotation is list:
        return True, []
    if origin is dict or annotation is dict:
        return True, {}
    if annotation is type(None):
        return True, None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        # an instance passes validation as it is (pydantic does not revalidate instances)
        return True, annotation.model_construct()
    if annotation in _SCALAR_STAND_INS:
        return True, _SCALAR_STAND_INS[annotation]
    if origin in (Union, UnionType):
        members = get_args(annotation)
        if type(None) in members:  # None meets any constraint of the other members
            return True, None
        for member in members:
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
    """Validate again around what the spec does not foresee, keeping what the server sent:
    a value the field's type refuses (an enum value the spec does not list, a null in a
    required field, a type the API changed) is kept as received; a required field not sent
    is None and not in `model_fields_set`; a key `additionalProperties: false` forbids is
    kept in `model_extra`. An object with none of the model's fields still fails: it is not
    this model at all."""
    names = {(info.alias or name): name for name, info in cls.model_fields.items()}
    if not any(key in names or key in cls.model_fields for key in data):
        raise exc
    raw = dict(data)
    received: dict[str, object] = {}  # key -> value kept as sent
    forbidden: dict[str, object] = {}
    missing: set[str] = set()
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        key = loc[0] if loc else None
        if not isinstance(key, str):
            raise exc
        if error["type"] == "extra_forbidden":
            forbidden[key] = raw.pop(key, None)
        elif key not in data:
            missing.add(key)
        else:
            received[key] = data[key]
    for key in [*received, *missing]:
        field = cls.model_fields.get(names.get(key, key))
        if field is None:
            raise exc
        if not field.is_required():
            raw.pop(key, None)  # validated without it: its default, then the value sent
            continue
        found, stand_in = _stand_in(_resolved(cls, field.annotation))
        if not found:
            raise exc
        raw[key] = stand_in
    try:
        instance = handler(raw)
    except ValidationError:
        raise exc from None
    for key, value in received.items():
        name = names.get(key, key)
        instance.__dict__[name] = value
        instance.__pydantic_fields_set__.add(name)
    for key in missing:
        name = names.get(key, key)
        instance.__dict__[name] = None
        instance.__pydantic_fields_set__.discard(name)
    if forbidden:
        extra = {**(instance.__pydantic_extra__ or {}), **forbidden}
        object.__setattr__(instance, "__pydantic_extra__", extra)
    return instance


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
