"""Object schemas: `allOf` folded into one schema, and object schemas made into Models."""

from __future__ import annotations

import os
from typing import Any

from ..diagnostics import SpecError, join_pointer
from ..source.loader import Document
from ..source.resolve import Located
from .model import Model
from .naming import allocate_names, member_name, pascal_case, renamed
from .schema_nodes import description_of, example_of, is_ref
from .schema_state import SchemaState


class ObjectModels(SchemaState):
    def object_model(self, name: str, located: Located, depth: int = 0) -> Model:
        schema = located.node
        properties = schema.get("properties") or {}
        if not isinstance(properties, dict):
            raise SpecError(
                [
                    located.doc.diagnostic(
                        "E040",
                        "properties must be a mapping",
                        located.pointer + "/properties",
                    )
                ]
            )
        required_list = [
            str(r) for r in schema.get("required") or [] if isinstance(r, str)
        ]
        required = set(required_list)
        undeclared = [r for r in dict.fromkeys(required_list) if r not in properties]
        if undeclared:
            # JSON Schema requires the key whatever `properties` says: keep it, as `Any`.
            self.warn(
                located.doc,
                "W102",
                f"required {', '.join(map(repr, undeclared))} not declared in properties; "
                "each becomes a required field of any type",
                located.pointer + "/required",
            )
            properties = {**properties, **{key: {} for key in undeclared}}
        wanted = [(str(wire), member_name(str(wire))) for wire in properties]
        names = allocate_names(wanted)
        for key, want, got in renamed(wanted, names):
            self.warn_collision(
                located.doc, "property", key, want, got, located.pointer + "/properties"
            )
        # Register before converting fields so a field referring back to this model terminates.
        placeholder = Model(name, located.pointer, "", ())
        self.models[name] = placeholder
        fields = tuple(
            self.field(
                names[str(wire)],
                str(wire),
                Located(
                    sub,
                    located.doc,
                    join_pointer(located.pointer, "properties", str(wire)),
                ),
                str(wire) in required,
                name + pascal_case(str(wire), "Value"),
                depth,
            )
            for wire, sub in properties.items()
        )
        extra = schema.get("additionalProperties")
        extra_type = None
        if isinstance(extra, dict) and extra:
            extra_type = self.convert(
                Located(extra, located.doc, located.pointer + "/additionalProperties"),
                name + "Value",
                depth + 1,
            )
        example, has_example = example_of(schema)
        model = Model(
            name=name,
            source=located.pointer,
            description=description_of(schema),
            fields=fields,
            extra="forbid" if extra is False else "allow",
            extra_type=(
                extra_type
                if extra_type is not None and extra_type.kind != "any"
                else None
            ),
            example=example,
            has_example=has_example,
        )
        self.models[name] = model
        return model

    def merged(self, located: Located) -> dict[str, Any]:
        """The schema with `allOf` parts folded in (properties and required united)."""
        node = located.node
        if not isinstance(node, dict):
            return {}
        if "allOf" not in node:
            return node
        parts = node.get("allOf")
        if not isinstance(parts, list):
            raise SpecError(
                [
                    located.doc.diagnostic(
                        "E040", "allOf must be a list", located.pointer + "/allOf"
                    )
                ]
            )
        result: dict[str, Any] = {}
        properties: dict[str, Any] = {}
        required: list[str] = []
        for index, part in enumerate(parts):
            part_loc = Located(
                part, located.doc, join_pointer(located.pointer, "allOf", index)
            )
            if is_ref(part):
                part_loc = self.resolver.follow(part_loc)
            sub = self.merged(part_loc)
            properties.update(
                {
                    k: _rebase(v, part_loc, located.doc)
                    for k, v in (sub.get("properties") or {}).items()
                }
            )
            required.extend(r for r in sub.get("required") or [] if r not in required)
            for key, value in sub.items():
                if key not in ("properties", "required"):
                    result.setdefault(key, value)
        for key, value in node.items():
            if key == "properties":
                properties.update(value or {})
            elif key == "required":
                required.extend(r for r in value or [] if r not in required)
            elif key != "allOf":
                result[key] = value
        if properties:
            result["properties"] = properties
            result.setdefault("type", "object")
        if required:
            result["required"] = required
        return result


def _rebase(value: Any, origin: Located, into: Document) -> Any:
    """A schema copied out of another document keeps resolving its local refs in that document."""
    if origin.doc is into:
        return value
    prefix = os.path.relpath(origin.doc.real_path, into.real_path.parent)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items()}
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                out["$ref"] = prefix + ref
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(value)
