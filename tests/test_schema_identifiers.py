"""References with JSON Schema's meaning (`source/resolve.py`, `ir/wire_schemas.py`) and the
schema checks on files the spec refers to (`checks/schema.py`).

OpenAPI 3.1: `$id`, `$anchor`, `$dynamicAnchor` and `$dynamicRef` are followed as 2020-12 says,
and a schema file that uses them is carried whole into the package, so the generated client
checks a request with the same meaning (dynamic scope included). OpenAPI 3.0 has none of
them: a reference there is a file and a JSON pointer, and anything else is an error.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specgen.diagnostics import SpecError
from specgen.pipeline import build, generate
from specgen.write.writer import write_tree


def spec_31(bodies: dict[str, str], version: str = "3.1.0") -> str:
    """A spec with one operation per (operation id -> body `$ref`)."""
    paths = {
        f"/{name}": {
            "post": {
                "operationId": name,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": ref}}},
                },
                "responses": {"200": {"description": "ok"}},
            }
        }
        for name, ref in bodies.items()
    }
    document = {"openapi": version, "info": {"title": "Ids", "version": "1"}}
    return json.dumps({**document, "paths": paths}, indent=1)


def write(folder: Path, files: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        text = content if isinstance(content, str) else json.dumps(content, indent=1)
        (folder / name).write_text(text, "utf-8")
    return folder / "spec.json"


def checker(
    folder: Path, files: dict[str, Any], package: str
) -> Callable[[str, Any], list[Any]]:
    """Generate the package and return check(operation id, body) -> violations, running
    what a generated method runs for a whole body."""
    tree, result = generate(write(folder / "spec", files), package=package)
    write_tree(tree, folder / "out")
    sys.path.insert(0, str(folder / "out"))
    request = importlib.import_module(f"{package}._runtime._request")
    schemas = importlib.import_module(f"{package}._schemas")
    bodies = {op.operation_id: op.body_schema for op in result.api.operations}

    def check(operation: str, body: Any) -> list[Any]:
        run = request.RequestCheck(schemas.REQUEST_SCHEMAS)
        run.value(bodies[operation], body)
        return list(run.violations)

    return check


def refused(folder: Path, files: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(code, file name, pointer, message) of each error building the spec."""
    with pytest.raises(SpecError) as caught:
        build(write(folder, files))
    return [
        (d.code, Path(d.file).name, d.pointer, d.message)
        for d in caught.value.diagnostics
    ]


TREE = {
    "$id": "https://example.com/tree",
    "$dynamicAnchor": "node",
    "type": "object",
    "properties": {
        "data": {"$ref": "common.json#/$defs/data"},
        "children": {"type": "array", "items": {"$dynamicRef": "#node"}},
        "label": {"$ref": "#label"},
    },
    "$defs": {"label": {"$anchor": "label", "type": "string", "maxLength": 3}},
}
STRICT_TREE = {
    "$id": "https://example.com/strict-tree",
    "$dynamicAnchor": "node",
    "$ref": "tree",
    "unevaluatedProperties": False,
}
COMMON = {"$defs": {"data": {"type": "integer", "minimum": 0}}}


def test_identifiers_keep_their_meaning_in_the_generated_client(tmp_path: Path) -> None:
    check = checker(
        tmp_path,
        {
            "spec.json": spec_31({"tree": "tree.json", "strict": "strict-tree.json"}),
            "tree.json": TREE,
            "strict-tree.json": STRICT_TREE,
            "common.json": COMMON,
        },
        "ids_client",
    )
    misspelled = {"children": [{"daat": 1}]}
    assert check("tree", misspelled) == []
    # $dynamicRef "#node" in tree.json, entered from strict-tree.json, is strict-tree's
    found = check("strict", misspelled)
    assert [v.field for v in found] == ["body.children.0.daat"], found
    assert check("strict", {"children": [{"data": 1, "label": "abc"}]}) == []
    # $anchor in the same file, and a relative file ref from a file with an `$id`
    assert [v.rule for v in check("tree", {"label": "abcd"})] == ["maxLength"]
    assert [v.rule for v in check("tree", {"children": [{"data": -1}]})] == ["minimum"]


def test_a_file_with_identifiers_is_carried_whole(tmp_path: Path) -> None:
    files = {
        "spec.json": spec_31({"tree": "tree.json", "strict": "strict-tree.json"}),
        "tree.json": TREE,
        "strict-tree.json": STRICT_TREE,
        "common.json": COMMON,
    }
    document = json.loads(build(write(tmp_path, files)).api.wire_schemas)
    bodies = {k: v["body"] for k, v in document["operations"].items()}
    assert bodies == {
        "tree": {"$ref": "https://example.com/tree#"},
        "strict": {"$ref": "https://example.com/strict-tree#"},
    }
    by_id = {
        c["$id"]: c for c in document["components"]["schemas"].values() if "$id" in c
    }
    assert set(by_id) == {"https://example.com/tree", "https://example.com/strict-tree"}
    tree = by_id["https://example.com/tree"]
    # references the runtime resolves as the file does stay as written
    assert tree["properties"]["children"]["items"] == {"$dynamicRef": "#node"}
    assert tree["properties"]["label"] == {"$ref": "#label"}
    assert by_id["https://example.com/strict-tree"]["$ref"] == "tree"
    # a file found next to this one (not by `$id`) is named absolutely
    data = tree["properties"]["data"]["$ref"]
    assert data.startswith(document["$id"] + "#/components/schemas/")
    key = data.rsplit("/", 1)[-1]
    assert document["components"]["schemas"][key] == {"type": "integer", "minimum": 0}


def test_identifiers_in_the_spec_itself_are_followed_by_the_generator(
    tmp_path: Path,
) -> None:
    spec = json.loads(spec_31({"named": "#/components/schemas/Named"}))
    spec["components"] = {
        "schemas": {
            "Named": {
                "$id": "https://example.com/named",
                "type": "object",
                "properties": {"code": {"$ref": "#code"}},
                "$defs": {
                    "code": {"$anchor": "code", "type": "string", "pattern": "^[A-Z]+$"}
                },
            }
        }
    }
    files = {"spec.json": json.dumps(spec)}
    document = json.loads(build(write(tmp_path / "doc", files)).api.wire_schemas)
    flat = json.dumps(document)
    assert "$id" not in flat and "$anchor" not in flat  # every ref is rewritten
    check = checker(tmp_path / "client", files, "ids_in_spec")
    assert check("named", {"code": "AB"}) == []
    assert [v.rule for v in check("named", {"code": "ab"})] == ["pattern"]


def test_a_dynamic_ref_in_the_spec_needs_one_meaning(tmp_path: Path) -> None:
    spec = json.loads(spec_31({"list": "#/components/schemas/List"}))
    spec["components"] = {
        "schemas": {
            "List": {
                "$dynamicAnchor": "item",
                "type": "array",
                "items": {"$dynamicRef": "#item"},
            },
            "Other": {"$id": "https://example.com/other", "$dynamicAnchor": "item"},
        }
    }
    errors = refused(tmp_path, {"spec.json": json.dumps(spec)})
    assert [e[:3] for e in errors] == [
        ("E030", "spec.json", "/components/schemas/List/items/$dynamicRef")
    ]
    assert "dynamic scope" in errors[0][3]


def test_unknown_identifiers_and_clashes_are_errors(tmp_path: Path) -> None:
    files = {
        "spec.json": spec_31({"a": "a.json", "b": "b.json"}),
        "a.json": {
            "$id": "https://example.com/same",
            "$ref": "#/$defs/x",
            "$defs": {"x": {}},
        },
        "b.json": {"$id": "https://example.com/same", "$ref": "urn:example:nowhere"},
    }
    errors = refused(tmp_path, files)
    codes = {(code, name, pointer) for code, name, pointer, _ in errors}
    assert ("E030", "b.json", "/$ref") in codes  # no `$id` declares the URN
    assert ("E030", "a.json", "/$ref") in codes  # https://example.com/same is twice
    assert any("ambiguous" in message for *_, message in errors)


def test_remote_refs_under_an_id_are_refused_where_written(tmp_path: Path) -> None:
    files = {
        "spec.json": spec_31({"a": "a.json"}),
        "a.json": {"$id": "https://example.com/a", "items": {"$ref": "b.json"}},
    }
    errors = refused(tmp_path, files)
    assert [e[:3] for e in errors] == [("E031", "a.json", "/items/$ref")]
    assert "https://example.com/b.json" in errors[0][3]


def test_openapi_30_has_no_anchors_and_missing_files_are_located(
    tmp_path: Path,
) -> None:
    files = {
        "spec.json": spec_31({"a": "a.json"}, version="3.0.3"),
        "a.json": {
            "allOf": [{"$ref": "#foo"}, {"$ref": "gone.json"}],
            "definitions": {"A": {"id": "#foo", "type": "integer"}},
        },
    }
    errors = refused(tmp_path, files)
    assert [e[:3] for e in errors] == [
        ("E030", "a.json", "/allOf/0/$ref"),
        ("E030", "a.json", "/allOf/1/$ref"),
    ]
    assert "anchor" in errors[0][3] and "gone.json" in errors[1][3]


def test_schemas_in_referenced_files_are_checked_by_the_dialects_rules(
    tmp_path: Path,
) -> None:
    # 2020-12: a count is an integer by value, and an enum may be empty
    legal_31 = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "maxLength": 2.0},
            "never": {"enum": []},
        },
    }
    files = {"spec.json": spec_31({"a": "a.json"}), "a.json": legal_31}
    build(write(tmp_path / "v31", files))
    # draft 4 (3.0): neither; and a referenced file is checked like the spec itself
    files = {"spec.json": spec_31({"a": "a.json"}, version="3.0.3"), "a.json": legal_31}
    errors = refused(tmp_path / "v30", files)
    assert {e[:3] for e in errors} == {
        ("E040", "a.json", "/properties/never/enum"),
        ("E043", "a.json", "/properties/name/maxLength"),
    }
    broken = {"$defs": {"s": {"type": "strin", "minItems": -1}}}
    files = {"spec.json": spec_31({"a": "a.json#/$defs/s"}), "a.json": broken}
    errors = refused(tmp_path / "broken", files)
    assert {e[:3] for e in errors} == {
        ("E041", "a.json", "/$defs/s/type"),
        ("E043", "a.json", "/$defs/s/minItems"),
    }


def test_draft4_tuple_items_generate_and_are_typed_by_position(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {
            "pair": {
                "type": "array",
                "items": [{"type": "integer"}, {"type": "string"}],
                "additionalItems": False,
            },
            "open": {"type": "array", "items": [{"type": "integer"}]},
        },
    }
    files = {"spec.json": spec_31({"a": "a.json"}, version="3.0.3"), "a.json": schema}
    operation = build(write(tmp_path / "ir", files)).api.operations[0]
    types = {a.name: a.type for a in operation.arguments}
    pair = types["pair"].args[0]
    assert pair.kind == "union"
    assert [m.kind for m in pair.args] == ["int", "str"]
    assert types["open"].args[0].kind == "any"  # any value may follow the first
    check = checker(tmp_path / "client", files, "tuple_items")
    assert check("a", {"pair": [1, "x"]}) == []
    assert [v.rule for v in check("a", {"pair": ["x", 1]})] == ["type", "type"]
    assert check("a", {"pair": [1, "x", 2]}) != []


def test_a_duplicate_id_in_files_carried_whole_is_an_error(tmp_path: Path) -> None:
    """Two files declare the same nested `$id`; no reference names it, but the package's
    document would hold both, and the runtime would take one for the other."""

    def resource(name: str, kind: str) -> dict[str, Any]:
        shared = {"$id": "https://example.com/shared", "type": kind}
        return {"$id": f"https://example.com/{name}", "$defs": {"x": shared}}

    files = {
        "spec.json": spec_31({"a": "a.json", "b": "b.json"}),
        "a.json": resource("a", "string"),
        "b.json": resource("b", "integer"),
    }
    errors = refused(tmp_path, files)
    assert [e[0] for e in errors] == ["E030"]
    assert "https://example.com/shared" in errors[0][3]
