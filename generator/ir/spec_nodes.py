"""Reading small things off spec nodes: descriptions, defaults, examples, media types,
code samples."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..diagnostics import join_pointer
from ..literals import clean_text
from ..source.resolve import Located, Resolver
from .model import BodyKind, CodeSample, Default
from .naming import name_words

BODY_KINDS: tuple[tuple[BodyKind, Callable[[str], bool]], ...] = (
    ("json", lambda m: m == "application/json" or m.endswith("+json")),
    ("multipart", lambda m: m.startswith("multipart/")),
    ("form", lambda m: m == "application/x-www-form-urlencoded"),
    ("text", lambda m: m.startswith("text/")),
    ("binary", lambda m: True),
)


def pick_media(content: dict[str, Any]) -> tuple[BodyKind, str] | None:
    for kind, accepts in BODY_KINDS:
        for media in content:
            if accepts(str(media).split(";")[0].strip().lower()):
                return kind, str(media)
    return None


def media_example(media: Located, resolver: Resolver) -> tuple[Any, bool]:
    """A media type's `example`, or the value of its first Example Object (which may be
    a `$ref`, to `components/examples` or to a file, resolved from where it is written).
    """
    media_obj = media.node if isinstance(media.node, dict) else {}
    if "example" in media_obj:
        return media_obj["example"], True
    examples = media_obj.get("examples")
    if isinstance(examples, dict):
        for name, value in examples.items():
            at = join_pointer(media.pointer, "examples", str(name))
            found = resolver.follow(Located(value, media.doc, at)).node
            if isinstance(found, dict) and "value" in found:
                return found["value"], True
    return None, False


def default_of(schema: Any) -> Default:
    if isinstance(schema, dict) and "default" in schema:
        return Default(True, schema["default"])
    return Default()


def first_example(value: Any, schema: Any) -> Any:
    if value is not None:
        return value
    if isinstance(schema, dict):
        return schema.get("example")
    return None


def schema_has_example(schema: Any) -> bool:
    return isinstance(schema, dict) and "example" in schema


def schema_description(node: Any) -> str:
    """A schema's description, or its title."""
    if isinstance(node, dict) and isinstance(node.get("title"), str):
        return description_of(node) or clean_text(node["title"])
    return description_of(node)


def description_of(node: Any) -> str:
    if isinstance(node, dict) and isinstance(node.get("description"), str):
        return clean_text(node["description"])
    return ""


def str_value(value: Any) -> str:
    return value if isinstance(value, str) else ""


def code_samples(op: dict[str, Any]) -> tuple[CodeSample, ...]:
    samples = op.get("x-code-samples") or []
    out: list[CodeSample] = []
    for sample in samples if isinstance(samples, list) else []:
        if isinstance(sample, dict) and isinstance(sample.get("source"), str):
            out.append(CodeSample(str_value(sample.get("lang")), sample["source"]))
    return tuple(out)


# A summary longer than this, or on several lines, is prose rather than a title.
_TITLE_LENGTH = 120


def reads_as_title(summary: str) -> bool:
    """Whether a summary is a title (one short line), not prose: OpenAI's 2026 spec writes
    paragraphs in `summary`."""
    return "\n" not in summary.strip() and len(summary.strip()) <= _TITLE_LENGTH


def words_title(name: str) -> str:
    """An identifier in words, as a title: `createChatCompletion` -> "Create chat
    completion" (acronyms stay upper case: `getAPIKey` -> "Get API key")."""
    words = [w if len(w) > 1 and w.isupper() else w.lower() for w in name_words(name)]
    if not words:
        return clean_text(name)
    return " ".join([words[0][0].upper() + words[0][1:], *words[1:]])
