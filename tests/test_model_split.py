"""A big API's models and params are split into modules loaded on first use
(ir/model_modules.py): a client builds only the models the call it makes reaches, the public
import paths keep working, modules never import each other in a loop, and module names stay
put when the spec grows elsewhere.

The spec here is made big on purpose (300 schemas in chains, loops and unions), so it
splits by the automatic rule, without `x-client: split-models`.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from loopback import Reply, ScriptedServer
from specgen_testlib import generate_package

from specgen.ir.model import SPLIT_MODELS_ABOVE
from specgen.ir.model_modules import split
from specgen.pipeline import build


def _spec(extra: int = 0) -> dict[str, Any]:
    """Two resources over disjoint families of schemas: `/cats` reaches Cat, its owner loop
    and its inline toy; `/dogs` reaches Dog0 -> Dog1 -> ... (a chain of 300)."""
    schemas: dict[str, Any] = {
        "Cat": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "owner": {"$ref": "#/components/schemas/Owner"},
                "toy": {"type": "object", "properties": {"kind": {"type": "string"}}},
            },
        },
        "Owner": {  # Owner <-> Cat: one loop, one module
            "type": "object",
            "properties": {
                "cats": {"type": "array", "items": {"$ref": "#/components/schemas/Cat"}}
            },
        },
        "NewCat": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "owner": {"$ref": "#/components/schemas/Owner"},
            },
        },
    }
    count = SPLIT_MODELS_ABOVE + 50
    for i in range(count):
        following = (
            {"$ref": f"#/components/schemas/Dog{i + 1}"}
            if i + 1 < count
            else {"type": "string"}
        )
        schemas[f"Dog{i}"] = {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "next": following},
        }
    for i in range(extra):
        schemas[f"Zebra{i}"] = {
            "type": "object",
            "properties": {"z": {"type": "integer"}},
        }

    def op(
        op_id: str, tag: str, schema: str, body: str | None = None
    ) -> dict[str, Any]:
        operation: dict[str, Any] = {
            "operationId": op_id,
            "tags": [tag],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{schema}"}
                        }
                    },
                }
            },
        }
        if body:
            operation["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{body}"}
                    }
                },
            }
        return operation

    return {
        "openapi": "3.0.3",
        "info": {"title": "Zoo", "version": "1.0.0"},
        "x-client": {"package": "zoo"},
        "paths": {
            "/cats": {"post": op("createCat", "cats", "Cat", body="NewCat")},
            "/dogs": {"get": op("getDog", "dogs", "Dog0")},
        },
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("zoo")
    spec = folder / "zoo.yaml"
    spec.write_text(yaml.safe_dump(_spec(), sort_keys=False))
    out = folder / "out"
    generate_package(spec, out)
    return out


def test_a_big_api_is_split(zoo: Path) -> None:
    package = zoo / "zoo"
    modules = sorted(p.name for p in (package / "_models").glob("_*.py"))
    assert len(modules) > 2 and (package / "models.py").is_file()
    cat = (package / "_models" / "_cat.py").read_text()
    # the loop and the inline toy live together; the request model (which names the loop)
    # has a module of its own, as the response model does: an operation names each
    assert "class Cat(" in cat and "class Owner(" in cat and "class CatToy(" in cat
    assert "class NewCat(" in (package / "_models" / "_new_cat.py").read_text()


def test_modules_never_import_each_other_in_a_loop(zoo: Path) -> None:
    folder = zoo / "zoo" / "_models"
    graph: dict[str, set[str]] = {}
    for path in folder.glob("_*.py"):
        tree = ast.parse(path.read_text())
        graph[path.stem] = {
            node.module
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        }
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        assert state.get(node) != 1, f"import loop: {' -> '.join([*trail, node])}"
        if state.get(node) == 2:
            return
        state[node] = 1
        for target in graph[node]:
            visit(target, [*trail, node])
        state[node] = 2

    for node in graph:
        visit(node, [])


PROBE = """
import json, sys
import zoo
client = zoo.Client(base_url=sys.argv[1])
cat = client.cats.create_cat(name="Tom")
loaded = sorted(m for m in sys.modules if m.startswith("zoo._models."))
from zoo.models import Dog7, Cat
from zoo.params import OwnerParam
import typing
hints = typing.get_type_hints(type(client.cats).create_cat)
try:
    from zoo.models import NoSuchModel
    missing = "imported"
except ImportError as exc:
    missing = str(exc)
print(json.dumps({
    "cat": cat.name, "loaded": loaded, "dog": Dog7.__name__,
    "same": Cat is type(cat), "hints": sorted(hints), "missing": missing,
    "all": len(__import__("zoo.models").models.__all__),
}))
"""


def test_a_call_builds_only_what_it_reaches(zoo: Path, server: ScriptedServer) -> None:
    server.queue(Reply(body={"name": "Tom", "toy": {"kind": "ball"}}))
    found = subprocess.run(
        [sys.executable, "-c", PROBE, server.base_url],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(zoo)},
        timeout=60,
    )
    assert found.returncode == 0, found.stderr
    result = json.loads(found.stdout)
    assert result["cat"] == "Tom" and result["same"]
    # the cats call loaded the cat family alone, none of the 300 dogs
    assert result["loaded"] == ["zoo._models._cat"]
    assert result["dog"] == "Dog7"
    assert {"name", "owner"} <= set(result["hints"])  # hints resolve, lazily
    assert "NoSuchModel" in result["missing"]
    assert (
        result["all"] == SPLIT_MODELS_ABOVE + 50 + 4
    )  # the dogs, Cat, CatToy, Owner, NewCat


def test_module_names_are_stable_when_the_spec_grows(tmp_path: Path) -> None:
    def modules(extra: int) -> dict[str, str]:
        spec = tmp_path / f"zoo{extra}.yaml"
        spec.write_text(yaml.safe_dump(_spec(extra), sort_keys=False))
        api = build(spec).api
        return {n: m.name for m in api.model_modules for n in m.names}

    before, after = modules(0), modules(5)
    assert all(after[name] == module for name, module in before.items())
    assert len(after) == len(before) + 5


def test_split_keeps_loops_together_and_children_with_their_owner() -> None:
    refs = {
        "A": {"B"},
        "B": {"A", "C"},  # A <-> B: a loop
        "C": {"D"},  # only the loop names C: it joins the loop's module
        "D": set(),  # only C names D: it joins too
        "E": {"D"},  # ...unless someone else names it: E names D as well
        "F": set(),
    }
    module_of, imports = split(list(refs), refs)
    assert module_of["A"] == module_of["B"] == module_of["C"] == "_a"
    assert module_of["D"] == "_d" and module_of["E"] == "_e" and module_of["F"] == "_f"
    assert imports["_a"] == (("_d", ("D",)),)
    assert imports["_e"] == (("_d", ("D",)),)
    # an operation naming C itself: C heads its own module
    module_of, imports = split(list(refs), refs, roots={"C"})
    assert module_of["C"] == "_c" and module_of["A"] == module_of["B"] == "_a"
    assert imports["_a"] == (("_c", ("C",)),)
