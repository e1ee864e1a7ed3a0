"""Request bodies: each media type a body may be sent in (a `Body` per form), and the keyword
arguments of the method that sends them.

One form is preferred (JSON, then multipart, form, text, binary: `pick_media`). When the
body also comes in other media types with object schemas (OpenAI's image edits: multipart
with files, or JSON with image references), each of those kinds is a form too, and the
method takes the fields of every form: a field several forms share is one argument, typed
as the union of its types there, required when every form requires it. At call time the
runtime picks the form from what is passed (`RequestCheck.form`).
"""

from __future__ import annotations

from dataclasses import replace

from ..diagnostics import join_pointer
from ..source.resolve import Located
from .encodings import body_encodings
from .model import Argument, Body, BodyKind, Constraints, TypeRef
from .schemas import SchemaBuilder
from .spec_nodes import BODY_KINDS, description_of, media_example, pick_media
from .wire_schemas import WireSchemas

# The kinds of body that may be a form of their own beside the preferred one.
_FORM_KINDS: tuple[BodyKind, ...] = ("json", "multipart", "form")
_HINTS = {"json": "JsonRequest", "multipart": "MultipartRequest", "form": "FormRequest"}


def request_bodies(
    body_loc: Located,
    operation_id: str,
    hint: str,
    schemas: SchemaBuilder,
    wire: WireSchemas,
) -> list[Body]:
    """The forms of an operation's request body, the preferred first; each knows its
    arguments (not yet named) and its pointer in the request-schema document."""
    node = body_loc.node
    content = node.get("content") if isinstance(node, dict) else None
    if not isinstance(content, dict) or not content:
        return []
    picked = pick_media(content)
    if picked is None:
        return []
    located = (body_loc, operation_id)
    first = _form(located, *picked, hint + "Request", schemas, wire, "body")
    forms = [first]
    if first.model is None:
        return forms
    for kind, accepts in BODY_KINDS:
        if kind not in _FORM_KINDS or any(f.kind == kind for f in forms):
            continue
        media = next(
            (str(m) for m in content if accepts(str(m).split(";")[0].strip().lower())),
            None,
        )
        if media is None:
            continue
        other = _form(
            located, kind, media, hint + _HINTS[kind], schemas, wire, f"body.{kind}"
        )
        if other.model is not None:
            forms.append(other)
    return forms


def _schema_of(body_loc: Located, media: str) -> Located:
    content = body_loc.node["content"]
    media_obj = content[media] if isinstance(content[media], dict) else {}
    return Located(
        media_obj.get("schema", {}),
        body_loc.doc,
        join_pointer(body_loc.pointer, "content", media, "schema"),
    )


def _form(
    located: tuple[Located, str],
    kind: BodyKind,
    media: str,
    name_hint: str,
    schemas: SchemaBuilder,
    wire: WireSchemas,
    part: str,
) -> Body:
    """One form (of the body at `located`: the request body and its operation's id); unless
    it is raw content, its schema is copied into the request-schema document as `part`.
    """
    body_loc, operation_id = located
    node = body_loc.node
    media_obj = (
        node["content"][media] if isinstance(node["content"][media], dict) else {}
    )
    schema_loc = _schema_of(body_loc, media)
    required = node.get("required") is True
    media_at = Located(
        media_obj, body_loc.doc, join_pointer(body_loc.pointer, "content", media)
    )
    example, has_example = media_example(media_at, schemas.resolver)
    if kind in ("binary", "text"):
        # raw content: a file's bytes or a string, sent as given (no JSON schema to check)
        raw = TypeRef("file" if kind == "binary" else "str")
        body = Body(
            kind, media, raw, required, description_of(node), None, example, has_example
        )
        return replace(body, arguments=(_whole_body(body),))
    model = schemas.model_for(schema_loc, name_hint)
    if model is not None:
        type_ref = TypeRef("named", name=model.name)
    else:
        type_ref = schemas.convert(schema_loc, name_hint)
    body = Body(
        kind,
        media,
        type_ref,
        required,
        description_of(node),
        model,
        example,
        has_example,
        encodings=(
            body_encodings(media_at, schemas.resolver)
            if kind in ("multipart", "form")
            else ()
        ),
    )
    if model is None and part != "body":
        return body  # not a form of its own: request_bodies leaves it out
    pointer = wire.add_body(
        operation_id, schema_loc, files=kind == "multipart", part=part
    )
    return replace(body, arguments=tuple(_body_arguments(body)), schema=pointer)


def _whole_body(body: Body) -> Argument:
    return Argument(
        name="body",
        wire_name="body",
        source="whole_body",
        type=body.type,
        required=body.required,
        description=body.description,
    )


def _body_arguments(body: Body) -> list[Argument]:
    if body.model is None:
        return [_whole_body(body)]
    return [
        Argument(
            name=f.name,
            wire_name=f.wire_name,
            source="body",
            type=f.type,
            required=f.required,
            description=f.description,
            default=f.default,
            constraints=f.constraints,
            field_name=f.name,
            example=f.example,
            has_example=f.has_example,
            deprecated=f.deprecated,
        )
        for f in body.model.fields
    ]


def merged_arguments(forms: list[Body]) -> list[Argument]:
    """The method's arguments for the body: one per field of any form (by wire name)."""
    if len(forms) < 2:
        return [a for f in forms for a in f.arguments]
    by_wire: dict[str, list[Argument]] = {}
    for form in forms:
        for arg in form.arguments:
            by_wire.setdefault(arg.wire_name, []).append(arg)
    merged: list[Argument] = []
    for args in by_wire.values():
        first = args[0]
        same = all(a.constraints == first.constraints for a in args)
        merged.append(
            replace(
                first,
                type=merge_types([a.type for a in args]),
                required=len(args) == len(forms) and all(a.required for a in args),
                constraints=first.constraints if same else Constraints(),
                description=next((a.description for a in args if a.description), ""),
                deprecated=all(a.deprecated for a in args),
            )
        )
    return merged


def named_forms(forms: list[Body], arguments: tuple[Argument, ...]) -> tuple[Body, ...]:
    """The forms with their arguments named as the method names them, required first."""
    names = {a.wire_name: a.name for a in arguments if a.source == "body"}
    return tuple(
        replace(
            form,
            arguments=tuple(
                sorted(
                    (
                        replace(a, name=names.get(a.wire_name, a.name))
                        for a in form.arguments
                    ),
                    key=lambda a: not a.required,
                )
            ),
        )
        for form in forms
    )


def merge_types(types: list[TypeRef]) -> TypeRef:
    """One type admitting what each of `types` admits: the union of their members, each
    once, literals joined into one `Literal[...]`, None last."""
    if all(t == types[0] for t in types):
        return types[0]
    members: list[TypeRef] = []
    for type_ref in types:
        for member in type_ref.args if type_ref.kind == "union" else (type_ref,):
            if member not in members:
                members.append(member)
    literals = [m for m in members if m.kind == "literal"]
    if len(literals) > 1:
        values = tuple(dict.fromkeys(v for m in literals for v in m.values))
        joined = TypeRef("literal", values=values)
        at = members.index(literals[0])
        members = [m for m in members if m.kind != "literal"]
        members.insert(at, joined)
    nulls = [m for m in members if m.kind == "none"]
    members = [m for m in members if m.kind != "none"] + nulls[:1]
    return members[0] if len(members) == 1 else TypeRef("union", args=tuple(members))
