"""Form bodies on the wire: multipart parts and urlencoded fields, by the spec's `encoding`.

Without an `encoding` entry a multipart field is sent as OpenAPI's defaults say: a scalar as a
text part, an object as an `application/json` part, an array as one part per item (repeated
name), each item by the same rules. An entry's `contentType` sets the part's media type (a
JSON one sends the value as JSON text; a file's own type wins, when it is known); its `style` / `explode` send the field as a query
would (`form_pairs`), one text part per pair; its fixed `headers` go on every part of the
field. An urlencoded field follows its `style` (default `form`, exploded), unless its
`contentType` is JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from ._files import Upload
from ._params import QUERY_STYLE, Style, form_pairs, jsonable, to_text
from ._types import NotGiven

__all__ = ["FormParts", "MultipartFiles", "PartEncoding", "file_parts", "form_parts"]

# (filename, content, content_type, headers): one multipart part as httpx takes it.
Part: TypeAlias = tuple[str | None, bytes, str, dict[str, str]]


@dataclass(frozen=True)
class PartEncoding:
    """A form field's `encoding` entry: its media type (None: by the value), its style
    (None: no `style` / `explode` given) and its fixed part headers."""

    content_type: str | None = None
    style: Style | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class FormParts:
    """A form body ready for httpx: plain text fields (`data=`), and the parts that need a
    media type or headers of their own (sent before the files)."""

    data: dict[str, list[str | bytes]]
    parts: list[tuple[str, Part]]


class MultipartFiles(list[tuple[str, Any]]):
    """File list that is truthy even when empty.

    httpx only encodes multipart/form-data when ``files`` is truthy; a
    multipart operation whose file parts are all omitted must still be sent as
    multipart (not urlencoded), since that is what the server parses.
    """

    def __bool__(self) -> bool:
        return True


def _is_json(media_type: str | None) -> bool:
    if media_type is None:
        return False
    main = media_type.split(";")[0].strip().lower()
    return main == "application/json" or main.endswith("+json")


def _json_text(value: object) -> str:
    return json.dumps(jsonable(value), separators=(",", ":"), ensure_ascii=False)


def _first_type(media_type: str | None) -> str | None:
    # an encoding may list several media types ("image/png, image/jpeg"): the first one
    return media_type.split(",")[0].strip() if media_type else None


def _add(
    out: FormParts, name: str, value: str | bytes, media: str | None, h: dict[str, str]
) -> None:
    if media is None and not h:
        out.data.setdefault(name, []).append(value)
        return
    content = value.encode("utf-8") if isinstance(value, str) else value
    out.parts.append((name, (None, content, media or "text/plain", h)))


def _multipart_field(
    out: FormParts, name: str, value: object, enc: PartEncoding
) -> None:
    headers = dict(enc.headers)
    if enc.style is not None:
        for key, text in form_pairs(name, value, enc.style):
            _add(out, key, text, None, headers)
        return
    media = _first_type(enc.content_type)
    items = list(value) if isinstance(value, list | tuple) else [value]
    for item in items:
        if item is None or isinstance(item, NotGiven):
            continue
        if isinstance(item, bytes):
            _add(out, name, item, media, headers)
        elif _is_json(media) or (media is None and _is_object(item)):
            _add(out, name, _json_text(item), media or "application/json", headers)
        else:
            _add(out, name, to_text(item), media, headers)


def _is_object(value: object) -> bool:
    if isinstance(value, Mapping):
        return True
    if isinstance(value, str | bytes | int | float | list | tuple) or value is None:
        return False
    return isinstance(jsonable(value), dict)


def form_parts(
    form: Mapping[str, object] | None,
    extra: Mapping[str, object] | None,
    encodings: Mapping[str, PartEncoding] | None,
    *,
    multipart: bool,
) -> FormParts:
    """The fields of a form body (`extra_body` merged in) by their encodings."""
    merged = {**(form or {}), **(extra or {})}
    out = FormParts({}, [])
    for name, value in merged.items():
        if value is None or isinstance(value, NotGiven):
            continue
        enc = (encodings or {}).get(name, PartEncoding())
        if multipart:
            _multipart_field(out, name, value, enc)
        elif enc.style is None and _is_json(enc.content_type):
            out.data.setdefault(name, []).append(_json_text(value))
        else:
            for key, text in form_pairs(name, value, enc.style or QUERY_STYLE):
                out.data.setdefault(key, []).append(text)
    return out


def file_parts(
    uploads: Sequence[tuple[str, Upload]],
    encodings: Mapping[str, PartEncoding] | None,
) -> list[tuple[str, Any]]:
    """File parts as their field's encoding says: its fixed headers on each, and its
    `contentType` (one concrete media type) for a file whose own type is unknown (neither
    given in a tuple nor recognised: `application/octet-stream`)."""
    out: list[tuple[str, Any]] = []
    for name, (filename, content, media) in uploads:
        enc = (encodings or {}).get(name, PartEncoding())
        wanted = enc.content_type or ""
        if (
            media == "application/octet-stream"
            and wanted
            and "," not in wanted
            and "*" not in wanted
        ):
            media = wanted.strip()
        out.append((name, (filename, content, media, dict(enc.headers))))
    return out
