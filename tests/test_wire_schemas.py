"""The request schemas a generated package carries for its runtime validator
(`ir/wire_schemas.py`): self-contained, faithful to the spec, and only what validation reads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from specgen_testlib import corpus_spec

from specgen.diagnostics import unescape_pointer_token
from specgen.pipeline import build

SPEC_30 = """\
openapi: 3.0.3
info: {title: Wire, version: "1"}
paths:
  /pets/{pet_id}:
    post:
      operationId: updatePet
      parameters:
        - {name: pet_id, in: path, required: true, schema: {type: string, maxLength: 8}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1}}
        - {name: limit, in: header, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
      responses: {"204": {description: updated}}
  /photos:
    post:
      operationId: uploadPhoto
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [photo]
              properties:
                photo: {type: string, format: binary, x-max-bytes: 10}
                caption: {type: string, maxLength: 5, description: prose}
                owner: {$ref: "#/components/schemas/Pet"}
      responses: {"204": {description: uploaded}}
components:
  schemas:
    Pet:
      type: object
      description: dropped
      x-vendor: dropped
      properties:
        name: {type: string, example: Rex, default: Rex}
        kind: {enum: [{$ref: "not a reference"}, cat]}
        parent: {$ref: "#/components/schemas/Pet", description: "3.0 ignores this"}
        tags: {type: array, items: {$ref: "common.yaml#/Tag"}}
"""

COMMON = """\
Tag: {type: string, pattern: "^[a-z]+$"}
"""


def wire_document(
    tmp_path: Path, spec: str, extra: dict[str, str] | None = None
) -> Any:
    for name, text in {"spec.yaml": spec, **(extra or {})}.items():
        (tmp_path / name).write_text(text)
    return json.loads(build(tmp_path / "spec.yaml").api.wire_schemas)


def resolve(document: Any, ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node = document
    for token in ref[2:].split("/"):
        node = node[unescape_pointer_token(token)]
    return node


def refs_in(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.append(value)
            elif key not in ("enum", "const"):
                found.extend(refs_in(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(refs_in(value))
    return found


def test_bodies_and_parameters_are_copied_with_local_refs(tmp_path: Path) -> None:
    document = wire_document(tmp_path, SPEC_30, {"common.yaml": COMMON})
    assert document["dialect"] == "3.0"
    update = document["operations"]["updatePet"]
    assert update["body"] == {"$ref": "#/components/schemas/Pet"}
    assert update["parameters"] == {
        "type": "object",
        "properties": {
            "pet_id": {"type": "string", "maxLength": 8},
            "limit (query)": {"type": "integer", "minimum": 1},
            "limit (header)": {"type": "string"},
        },
        "required": ["pet_id", "limit (header)"],
    }
    pet = document["components"]["schemas"]["Pet"]
    # prose, examples, defaults and vendor extensions are not needed to validate
    assert set(pet) == {"type", "properties"}
    assert pet["properties"]["name"] == {"type": "string"}
    # enum values are data, even when they look like references
    assert pet["properties"]["kind"] == {"enum": [{"$ref": "not a reference"}, "cat"]}
    # 3.0: a $ref's siblings are ignored
    assert pet["properties"]["parent"] == {"$ref": "#/components/schemas/Pet"}
    tag = resolve(document, pet["properties"]["tags"]["items"]["$ref"])
    assert tag == {"type": "string", "pattern": "^[a-z]+$"}
    for ref in refs_in(document):
        assert resolve(document, ref) is not None


def test_file_parts_are_left_to_the_file_rules(tmp_path: Path) -> None:
    document = wire_document(tmp_path, SPEC_30, {"common.yaml": COMMON})
    body = document["operations"]["uploadPhoto"]["body"]
    assert body["properties"]["photo"] == {}
    assert body["properties"]["caption"] == {"type": "string", "maxLength": 5}
    assert body["required"] == ["photo"]
    # a referenced schema inside a multipart body is its own variant (no file parts)
    assert body["properties"]["owner"] == {"$ref": "#/components/schemas/Pet.files"}


def test_openapi_31_keeps_ref_siblings_and_boolean_schemas(tmp_path: Path) -> None:
    spec = (
        SPEC_30.replace("openapi: 3.0.3", "openapi: 3.1.0")
        .replace('description: "3.0 ignores this"', "maxProperties: 3")
        .replace("kind: {enum:", "extra: true\n        kind: {enum:")
    )
    document = wire_document(tmp_path, spec, {"common.yaml": COMMON})
    assert document["dialect"] == "3.1"
    pet = document["components"]["schemas"]["Pet"]["properties"]
    assert pet["parent"] == {"$ref": "#/components/schemas/Pet", "maxProperties": 3}
    assert pet["extra"] is True


@pytest.mark.parametrize(
    "name",
    ["openai-2023-11-06.yaml", "openai-2024-10-17.yaml", "openai-2026-08-21.yaml"],
)
def test_every_ref_of_a_real_spec_resolves_inside_the_document(name: str) -> None:
    api = build(corpus_spec(name)).api
    document = json.loads(api.wire_schemas)
    refs = refs_in(document)
    assert refs
    for ref in refs:
        assert isinstance(resolve(document, ref), dict | bool), ref
    for op in api.operations:
        for pointer in (op.body_schema, op.parameters_schema):
            if pointer:
                resolve(document, pointer)
    with_body = [op for op in api.operations if op.body and op.body.kind == "json"]
    assert with_body and all(op.body_schema for op in with_body)
