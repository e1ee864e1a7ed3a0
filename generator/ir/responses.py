"""Responses of an operation, by status: how each is read and its type."""

from __future__ import annotations

from ..diagnostics import join_pointer
from ..source.resolve import Located, Resolver
from .model import ANY, Response, TypeRef
from .naming import pascal_case
from .schemas import SchemaBuilder
from .spec_nodes import description_of, media_example, pick_media


def build_responses(
    op_loc: Located, resolver: Resolver, schemas: SchemaBuilder, hint: str
) -> list[Response]:
    raw = op_loc.node.get("responses") or {}
    result: list[Response] = []
    if not isinstance(raw, dict):
        return result
    for status in sorted(raw, key=lambda s: (str(s) == "default", str(s))):
        loc = resolver.follow(
            Located(
                raw[status],
                op_loc.doc,
                join_pointer(op_loc.pointer, "responses", str(status)),
            )
        )
        node = loc.node if isinstance(loc.node, dict) else {}
        content = node.get("content") or {}
        description = description_of(node)
        if isinstance(content, dict) and len(content) > 1:
            # event streams are read whole as text for now: when the operation also
            # answers in another type (speech: bytes or events), that one is the answer
            content = {
                k: v for k, v in content.items() if not _event_stream(str(k))
            } or content
        picked = pick_media(content) if isinstance(content, dict) and content else None
        if picked is None:
            result.append(Response(str(status), description, "empty", None))
            continue
        kind, media = picked
        media_obj = content[media] if isinstance(content[media], dict) else {}
        example, has_example = media_example(media_obj)
        if kind in ("json",):
            schema = media_obj.get("schema")
            suffix = (
                "Response"
                if str(status).startswith("2")
                else f"Response{pascal_case(str(status))}"
            )
            type_ref = (
                schemas.convert(
                    Located(
                        schema,
                        loc.doc,
                        join_pointer(loc.pointer, "content", media, "schema"),
                    ),
                    hint + suffix,
                )
                if schema is not None
                else ANY
            )
            result.append(
                Response(
                    str(status),
                    description,
                    "json",
                    type_ref,
                    media,
                    example,
                    has_example,
                )
            )
        elif kind == "text":
            result.append(
                Response(
                    str(status),
                    description,
                    "text",
                    TypeRef("str"),
                    media,
                    example,
                    has_example,
                )
            )
        else:
            result.append(
                Response(
                    str(status),
                    description,
                    "binary",
                    TypeRef("bytes"),
                    media,
                    example,
                    has_example,
                )
            )
    return result


def _event_stream(media: str) -> bool:
    return media.split(";")[0].strip().lower() == "text/event-stream"
