"""How values go on the wire: each parameter's `style` / `explode` / `allowReserved` (with
each location's default), and a form body's `encoding` object (`Encoding`, one per field).

The runtime does the serializing (`_params.py`, `_forms.py`); the IR only says which style
each value has, and the generated code names the runtime's `Style` / `PartEncoding` only
where the spec asks for something other than the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..diagnostics import join_pointer
from ..literals import py_literal
from ..source.resolve import Located, Resolver

# location -> (default style, the styles OpenAPI defines there)
LOCATION_STYLES: dict[str, tuple[str, frozenset[str]]] = {
    "query": (
        "form",
        frozenset({"form", "spaceDelimited", "pipeDelimited", "deepObject"}),
    ),
    "path": ("simple", frozenset({"simple", "label", "matrix"})),
    "header": ("simple", frozenset({"simple"})),
    "cookie": ("form", frozenset({"form"})),
}
# A parameter given as `content` (a JSON media type) instead of `schema`: sent as JSON text.
JSON_STYLE = "json"


def default_explode(style: str) -> bool:
    """OpenAPI: `explode` is true by default for `form`, false for every other style."""
    return style == "form"


def style_python(style: str, explode: bool, allow_reserved: bool) -> str:
    """The runtime's `Style(...)` for these settings."""
    tail = ", allow_reserved=True" if allow_reserved else ""
    return f"Style({py_literal(style)}, {explode}{tail})"


def is_json_media(media: str) -> bool:
    main = media.split(";")[0].strip().lower()
    return main == "application/json" or main.endswith("+json")


def parameter_style(node: dict[str, Any], where: str) -> tuple[str, bool, bool, str]:
    """(style, explode, allowReserved, problem) of a parameter; `problem` says why the
    spec's `style` was not used ("" when it was, or when there is none)."""
    default, allowed = LOCATION_STYLES[where]
    content = node.get("content")
    if "schema" not in node and isinstance(content, dict) and content:
        media = str(next(iter(content)))
        if is_json_media(media):
            return JSON_STYLE, False, False, ""
    style = node.get("style", default)
    problem = ""
    if not isinstance(style, str) or style not in allowed:
        problem = (
            f"style {style!r} is not defined for {where} parameters "
            f"({', '.join(sorted(allowed))}); it is sent the default way ({default})"
        )
        style = default
    explode = node.get("explode")
    if not isinstance(explode, bool):
        explode = default_explode(style)
    allow_reserved = where == "query" and node.get("allowReserved") is True
    return style, explode, allow_reserved, problem


@dataclass(frozen=True)
class Encoding:
    """A form body field's `encoding` entry, where it changes the wire: the part's media
    type, a style (`style` is "" when the entry gives no `style`, `explode` or
    `allowReserved`), and fixed part headers (those whose schema admits one value)."""

    wire_name: str
    content_type: str = ""
    style: str = ""
    explode: bool = True
    allow_reserved: bool = False
    headers: tuple[tuple[str, str], ...] = ()

    def python(self) -> str:
        """The runtime's `PartEncoding(...)`."""
        parts: list[str] = []
        if self.content_type:
            parts.append(f"content_type={py_literal(self.content_type)}")
        if self.style:
            style = style_python(self.style, self.explode, self.allow_reserved)
            parts.append(f"style={style}")
        if self.headers:
            pairs = "".join(
                f"({py_literal(k)}, {py_literal(v)}), " for k, v in self.headers
            )
            parts.append(f"headers=({pairs.rstrip(' ')})")
        return f"PartEncoding({', '.join(parts)})"

    @property
    def helper_names(self) -> frozenset[str]:
        return frozenset({"PartEncoding", "Style"} if self.style else {"PartEncoding"})


def body_encodings(media: Located, resolver: Resolver) -> tuple[Encoding, ...]:
    """The `encoding` entries of a form media type object that change the wire."""
    node = media.node if isinstance(media.node, dict) else {}
    entries = node.get("encoding")
    if not isinstance(entries, dict):
        return ()
    found: list[Encoding] = []
    for name, raw in entries.items():
        at = join_pointer(media.pointer, "encoding", str(name))
        entry = resolver.follow(Located(raw, media.doc, at)).node
        if not isinstance(entry, dict):
            continue
        content_type = entry.get("contentType")
        styled = any(k in entry for k in ("style", "explode", "allowReserved"))
        style = entry.get("style", "form") if styled else ""
        if styled and style not in LOCATION_STYLES["query"][1]:
            style = "form"
        explode = entry.get("explode")
        encoding = Encoding(
            wire_name=str(name),
            content_type=content_type if isinstance(content_type, str) else "",
            style=str(style),
            explode=explode if isinstance(explode, bool) else default_explode(style),
            allow_reserved=entry.get("allowReserved") is True,
            headers=_fixed_headers(
                entry.get("headers"), Located(entry, media.doc, at), resolver
            ),
        )
        if encoding.content_type or encoding.style or encoding.headers:
            found.append(encoding)
    return tuple(found)


def _fixed_headers(
    headers: Any, entry: Located, resolver: Resolver
) -> tuple[tuple[str, str], ...]:
    """Part headers whose value the spec fixes (`const`, or an `enum` of one value): the
    client sends them. Others need a value from the caller and are only documented;
    `Content-Type` is the entry's `contentType` (OpenAPI ignores it here)."""
    if not isinstance(headers, dict):
        return ()
    out: list[tuple[str, str]] = []
    for name, raw in headers.items():
        if str(name).lower() == "content-type":
            continue
        at = join_pointer(entry.pointer, "headers", str(name))
        header = resolver.follow(Located(raw, entry.doc, at))
        schema = header.node.get("schema") if isinstance(header.node, dict) else None
        schema = resolver.follow(Located(schema, header.doc, header.pointer)).node
        if not isinstance(schema, dict):
            continue
        if "const" in schema:
            value = schema["const"]
        elif isinstance(schema.get("enum"), list) and len(schema["enum"]) == 1:
            value = schema["enum"][0]
        else:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        if isinstance(value, str | int | float):
            out.append((str(name), str(value)))
    return tuple(out)
