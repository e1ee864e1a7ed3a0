"""Violations of a request, and the rules JSON Schema cannot say.

- `Violation` and `RequestValidationError`: every broken rule of a call (field, rule,
  message), raised together before anything is sent. The spec's schemas themselves are
  checked on the JSON to be sent by the JSON Schema validator, driven by `_request.py`
  (which also holds `check_request` and `validate_request`).
- the spec's file rules (`x-file-types`, `x-max-bytes`, `x-image-*`), declared on the model as
  `_file_rules` and checked from file headers only: PNG dimensions and transparency come from
  the IHDR chunk (and a `tRNS` chunk), pixels are never decoded, and a file object is left at
  the position the caller gave it, ready for the upload.
- pydantic's complaints about a model, reworded in the same terms, for models that are not
  a request body (`model_violations`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import pydantic

from ._checks import read_png_info, sniff_media_type
from ._files import file_size, read_head
from ._types import FileTypes, NotGiven
from ._violations import Violation, shorten

__all__ = [
    "FileRule",
    "RequestValidationError",
    "Violation",
    "file_rules_of",
    "file_violations",
    "model_violations",
    "shorten",
]

_M = TypeVar("_M", bound=pydantic.BaseModel)
_HEAD_BYTES = 16  # enough for every magic number sniff_media_type knows


class RequestValidationError(ValueError):
    """The request breaks rules of the API spec; nothing was sent.

    `violations` lists every problem found, each naming the field, the rule and the value.
    """

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = tuple(violations)
        count = len(self.violations)
        head = "1 problem" if count == 1 else f"{count} problems"
        lines = "\n".join(f"  - {v}" for v in self.violations)
        super().__init__(f"{head} with the request:\n{lines}")


@dataclass(frozen=True)
class FileRule:
    """The spec's rules for one file field (see the `x-` vocabulary in the package docs)."""

    field: str
    media_types: tuple[str, ...] = ()
    max_bytes: int | None = None
    square: bool = False
    same_size_as: str | None = None
    alpha_unless: str | None = None


def _loc(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _describe(error: Any) -> tuple[str, str]:
    """(rule, message) for one pydantic error, in the words of the API docs."""
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    got = f" (got {shorten(value)})"
    if kind == "missing":
        return "required", "is required"
    if kind == "string_too_long":
        return "maxLength", f"at most {ctx['max_length']} characters (got {len(value)})"
    if kind == "string_too_short":
        return (
            "minLength",
            f"at least {ctx['min_length']} characters (got {len(value)})",
        )
    if kind == "too_long":
        return (
            "maxItems",
            f"at most {ctx['max_length']} items (got {ctx.get('actual_length')})",
        )
    if kind == "too_short":
        return (
            "minItems",
            f"at least {ctx['min_length']} items (got {ctx.get('actual_length')})",
        )
    bounds = {
        "greater_than_equal": ("minimum", "must be at least {ge}"),
        "greater_than": ("exclusiveMinimum", "must be greater than {gt}"),
        "less_than_equal": ("maximum", "must be at most {le}"),
        "less_than": ("exclusiveMaximum", "must be less than {lt}"),
        "multiple_of": ("multipleOf", "must be a multiple of {multiple_of}"),
        "string_pattern_mismatch": ("pattern", "must match {pattern!r}"),
    }
    if kind in bounds:
        rule, template = bounds[kind]
        return rule, template.format(**ctx) + got
    if kind in ("literal_error", "enum"):
        return "enum", f"must be one of {ctx.get('expected', '?')}{got}"
    if kind == "extra_forbidden":
        return "additionalProperties", "is not a known field"
    if kind == "value_error":
        message = str(ctx.get("error", error.get("msg", "")))
        # the generated models' own checks (reject_null, unique_items, file values)
        if "null" in message:
            rule = "nullable"
        elif "unique" in message:
            return "uniqueItems", message
        elif message.startswith("must be a file"):
            rule = "file"
        else:
            rule = kind
        return rule, message + got
    return (
        "type",
        str(error.get("msg", kind)).lower().replace("input should", "must") + got,
    )


def _field_violations(exc: pydantic.ValidationError) -> list[Violation]:
    seen: set[tuple[str, str]] = set()
    out: list[Violation] = []
    for error in exc.errors(include_url=False):
        rule, message = _describe(error)
        field = _loc(error["loc"])
        if (field, message) not in seen:  # union members repeat the same complaint
            seen.add((field, message))
            out.append(Violation(field, rule, message))
    return out


def _given(value: object) -> bool:
    return value is not None and not isinstance(value, NotGiven)


def file_violations(
    rules: Sequence[FileRule], values: Mapping[str, object]
) -> list[Violation]:
    out: list[Violation] = []
    infos: dict[str, tuple[int, int, bool] | None] = {}
    for rule in rules:
        value = values.get(rule.field)
        if not _given(value):
            continue
        upload: FileTypes = value  # type: ignore[assignment]
        try:
            head = read_head(upload, _HEAD_BYTES)
            size = file_size(upload)
        except (OSError, TypeError, ValueError) as exc:
            out.append(Violation(rule.field, "file", f"cannot be read ({exc})"))
            continue
        kind = sniff_media_type(head)
        if rule.media_types and kind not in rule.media_types:
            wanted = " or ".join(t.split("/")[-1].upper() for t in rule.media_types)
            seen = kind or "unrecognised content"
            out.append(
                Violation(
                    rule.field, "x-file-types", f"must be a {wanted} file (got {seen})"
                )
            )
        if rule.max_bytes is not None and size is not None and size > rule.max_bytes:
            out.append(
                Violation(
                    rule.field,
                    "x-max-bytes",
                    f"must be at most {rule.max_bytes:,} bytes (got {size:,})",
                )
            )
        if kind == "image/png":
            png = read_png_info(upload)
            infos[rule.field] = (png.width, png.height, png.has_alpha) if png else None
    for rule in rules:
        info = infos.get(rule.field)
        if info is None:
            continue  # absent, or not a PNG (already reported): no image rules to check
        width, height, has_alpha = info
        if rule.square and width != height:
            out.append(
                Violation(
                    rule.field,
                    "x-image-square",
                    f"must be square (got {width}x{height})",
                )
            )
        other = infos.get(rule.same_size_as) if rule.same_size_as else None
        if other is not None and (width, height) != other[:2]:
            out.append(
                Violation(
                    rule.field,
                    "x-image-same-size-as",
                    f"must have the same dimensions as {rule.same_size_as} "
                    f"({width}x{height} vs {other[0]}x{other[1]})",
                )
            )
        if (
            rule.alpha_unless
            and not _given(values.get(rule.alpha_unless))
            and not has_alpha
        ):
            out.append(
                Violation(
                    rule.field,
                    "x-image-alpha-unless",
                    f"must have transparency when {rule.alpha_unless} is not given "
                    "(got an image without an alpha channel)",
                )
            )
    return out


def file_rules_of(model: type[pydantic.BaseModel]) -> tuple[FileRule, ...]:
    rules: tuple[FileRule, ...] = getattr(model, "_file_rules", ())
    return rules


def model_violations(
    model: type[_M], given: Mapping[str, object]
) -> tuple[_M | None, list[Violation]]:
    """The model built from `given` (by wire name) when pydantic accepts it, and its
    reworded complaints otherwise."""
    try:
        return _adapter(model).validate_python(given), []
    except pydantic.ValidationError as exc:
        return None, _field_violations(exc)


def value_violations(exc: Exception, field: str) -> list[Violation]:
    """Violations of a whole value (e.g. an array body), each under `field`."""
    if not isinstance(exc, pydantic.ValidationError):
        raise exc
    return [
        Violation(f"{field}.{v.field}" if v.field else field, v.rule, v.message)
        for v in _field_violations(exc)
    ]


@cache
def _adapter(type_: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(type_)
