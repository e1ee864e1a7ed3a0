"""The official JSON-Schema-Test-Suite through the generator and the generated client (issue 10).

For each dialect (tests/draft4 -> an `openapi: 3.0.3` spec, tests/draft2020-12 -> `openapi:
3.1.0`), every group's schema is written to its own file next to the spec (`g<n>.json`: its
`#/definitions/...` and `#/$defs/...` refs are relative to its own root) and is the
`application/json` request body of one operation (`$ref: "g<n>.json"`). One package per
dialect is generated with `specgen.pipeline.generate` and written with `write_tree`, and each
test instance goes through exactly what the generated method runs for a whole body:
`RequestCheck(REQUEST_SCHEMAS).value(op.body_schema, data)` (no network). A case agrees when
"no violations" is its expected `valid`. The suite lives in ../shared/corpus; without it
these tests skip.

Every group builds into an operation with a body schema (a boolean schema, a schema that is
not an object, `$id`, `$anchor` and `$dynamicRef` all can be a request body): none is left out
for that. Excluded, and only these (each excluded group is refused by the generator with the
located error listed here, which `test_each_group_generates_or_is_refused_as_listed` checks,
so nothing is hidden behind an exclusion):

- remote documents: refRemote.json, the groups that `$ref` a JSON Schema meta-schema, and the
  dynamicRef.json groups that `$ref` documents served at http://localhost:1234. specgen
  reads the spec's folder, never the network: E031 (or E030 for a relative reference whose
  file is not in the folder).
- draft 4 `id` (base URI changes, location-independent identifiers): OpenAPI 3.0's Schema
  Object has no `id`, so a reference is a file and a JSON pointer: E030 (no such file, or
  `#foo` names an anchor 3.0 does not have) or E031 (an absolute `http` URI).
- vocabulary.json: its meta-schemas (whose `$vocabulary` the tests are about) are remote
  documents named by `$schema`; the dialect is the spec's OpenAPI version and `$schema` is
  not read. These groups generate, and `test_vocabulary_is_the_spec_dialects` checks that
  the one case they disagree on is the one a custom meta-schema without validation decides.

These are the runtime's own exclusions (tests/runtime/test_jsonschema_suite.py): the
generator refuses no other group.
"""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from specgen.diagnostics import SpecError
from specgen.pipeline import build, generate
from specgen.write.writer import write_tree

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO.parent / "shared" / "corpus" / "json-schema-test-suite" / "tests"
VERSIONS = {"draft4": "3.0.3", "draft2020-12": "3.1.0"}
TARGET = 0.98  # agreement wanted on the applicable cases of each dialect

REMOTE = (
    "refs a document served at http://localhost:1234; specgen never reads the network"
)
METASCHEMA = "refs the JSON Schema meta-schema, a remote document"
DRAFT4_ID = "relies on draft 4 `id`, which the OpenAPI 3.0 Schema Object does not have"
VOCABULARY = "its meta-schemas and their $vocabulary are remote; `$schema` is not read"

# file -> (reason, the diagnostic codes its groups may get); vocabulary.json is not refused
EXCLUDED_FILES: dict[str, tuple[str, frozenset[str]]] = {
    "refRemote.json": (REMOTE, frozenset({"E030", "E031"})),
    "vocabulary.json": (VOCABULARY, frozenset()),
}
# (draft, file, group) -> (reason, the diagnostic code the generator refuses it with)
EXCLUDED_GROUPS: dict[tuple[str, str, str], tuple[str, str]] = {
    ("draft4", "definitions.json", "validate definition against metaschema"): (
        METASCHEMA,
        "E031",
    ),
    ("draft4", "ref.json", "remote ref, containing refs itself"): (METASCHEMA, "E031"),
    ("draft4", "ref.json", "$ref prevents a sibling id from changing the base uri"): (
        DRAFT4_ID,
        "E030",
    ),
    ("draft4", "ref.json", "Recursive references between schemas"): (DRAFT4_ID, "E030"),
    ("draft4", "ref.json", "Location-independent identifier"): (DRAFT4_ID, "E030"),
    (
        "draft4",
        "ref.json",
        "Location-independent identifier with base URI change in subschema",
    ): (DRAFT4_ID, "E031"),
    (
        "draft4",
        "ref.json",
        "id must be resolved against nearest parent, not just immediate parent",
    ): (DRAFT4_ID, "E031"),
    ("draft2020-12", "defs.json", "validate definition against metaschema"): (
        METASCHEMA,
        "E031",
    ),
    ("draft2020-12", "ref.json", "remote ref, containing refs itself"): (
        METASCHEMA,
        "E031",
    ),
    (
        "draft2020-12",
        "dynamicRef.json",
        "strict-tree schema, guards against misspelled properties",
    ): (REMOTE, "E031"),
    (
        "draft2020-12",
        "dynamicRef.json",
        "tests for implementation dynamic anchor and reference link",
    ): (REMOTE, "E031"),
    (
        "draft2020-12",
        "dynamicRef.json",
        "$ref and $dynamicAnchor are independent of order - $defs first",
    ): (REMOTE, "E031"),
    (
        "draft2020-12",
        "dynamicRef.json",
        "$ref and $dynamicAnchor are independent of order - $ref first",
    ): (REMOTE, "E031"),
    (
        "draft2020-12",
        "dynamicRef.json",
        "$ref to $dynamicRef finds detached $dynamicAnchor",
    ): (REMOTE, "E031"),
}


def require_suite() -> None:
    if not SUITE.is_dir():
        pytest.skip("JSON-Schema-Test-Suite not available (../shared is absent)")


@dataclass(frozen=True)
class Group:
    draft: str
    file: str
    description: str
    schema: Any
    tests: list[dict[str, Any]] = field(hash=False, compare=False)

    @property
    def excluded(self) -> bool:
        return self.file in EXCLUDED_FILES or (
            (self.draft, self.file, self.description) in EXCLUDED_GROUPS
        )

    def where(self, case: dict[str, Any] | None = None) -> str:
        text = f"{self.draft}/{self.file}: {self.description}"
        return text if case is None else f"{text} / {case['description']}"


def suite_groups(draft: str) -> list[Group]:
    found: list[Group] = []
    for path in sorted((SUITE / draft).glob("*.json")):
        for group in json.loads(path.read_text("utf-8")):
            found.append(
                Group(
                    draft,
                    path.name,
                    group["description"],
                    group["schema"],
                    group["tests"],
                )
            )
    return found


def write_spec(folder: Path, draft: str, groups: dict[str, Group]) -> Path:
    """A spec with one operation per group, named by `groups`' keys; each group's schema in
    its own file beside the spec, referred to by a relative file `$ref`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Any] = {}
    for name, group in groups.items():
        (folder / f"{name}.json").write_text(json.dumps(group.schema), "utf-8")
        paths[f"/{name}"] = {
            "post": {
                "operationId": name,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": f"{name}.json"}}
                    },
                },
                "responses": {"200": {"description": "ok"}},
            }
        }
    spec = {
        "openapi": VERSIONS[draft],
        "info": {"title": f"JSON Schema suite {draft}", "version": "1"},
        "paths": paths,
    }
    path = folder / "spec.json"
    path.write_text(json.dumps(spec, indent=1), "utf-8")
    return path


@dataclass
class Client:
    """One generated package: its request check, and which operation holds which group."""

    check: Any  # the generated package's RequestCheck class
    schemas: Any  # its REQUEST_SCHEMAS
    body_schemas: dict[str, str]  # operation id -> body schema pointer
    groups: dict[str, Group]  # operation id -> group

    def violations(self, operation: str, data: Any) -> list[Any]:
        check = self.check(self.schemas)
        check.value(self.body_schemas[operation], data)
        return list(check.violations)


_CLIENTS: dict[str, Client] = {}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The generated client of a dialect, generated once per session."""

    def make(draft: str) -> Client:
        if draft in _CLIENTS:
            return _CLIENTS[draft]
        groups = {
            f"g{n}": group
            for n, group in enumerate(suite_groups(draft))
            if not group.excluded
        }
        root = tmp_path_factory.mktemp(f"suite-{draft}")
        package = "jsts_" + draft.replace("-", "_")
        tree, result = generate(
            write_spec(root / "spec", draft, groups), package=package
        )
        write_tree(tree, root / "out")
        sys.path.insert(0, str(root / "out"))
        request = importlib.import_module(f"{package}._runtime._request")
        schemas = importlib.import_module(f"{package}._schemas")
        bodies = {op.operation_id: op.body_schema for op in result.api.operations}
        made = Client(request.RequestCheck, schemas.REQUEST_SCHEMAS, bodies, groups)
        _CLIENTS[draft] = made
        return made

    return make


def disagreements(client: Client, groups: list[str]) -> tuple[int, list[str]]:
    """(cases, one line per case where the generated client's verdict is not the suite's)."""
    cases = 0
    wrong: list[str] = []
    for name in groups:
        group = client.groups[name]
        for case in group.tests:
            cases += 1
            try:
                found = client.violations(name, case["data"])
            except Exception as exc:  # a disagreement, with its cause
                wrong.append(f"{group.where(case)}: raised {exc!r}")
                continue
            if (not found) != case["valid"]:
                expected = "valid" if case["valid"] else "invalid"
                wrong.append(f"{group.where(case)}: expected {expected}, got {found}")
    return cases, wrong


@pytest.mark.parametrize("draft", sorted(VERSIONS))
def test_every_applicable_group_is_an_operation_with_a_body_schema(
    draft: str, client: Any
) -> None:
    """The whole dialect generates (no crash, no refusal) into one package, and every
    group that is not excluded became an operation whose body is checked."""
    require_suite()
    made: Client = client(draft)
    applicable = [g for g in suite_groups(draft) if not g.excluded]
    assert len(made.groups) == len(applicable) > 100
    missing = [
        made.groups[op].where() for op, ptr in made.body_schemas.items() if not ptr
    ]
    assert not missing, missing
    assert set(made.body_schemas) == set(made.groups)


@pytest.mark.parametrize("draft", sorted(VERSIONS))
def test_agreement_per_dialect(draft: str, client: Any, record_property: Any) -> None:
    require_suite()
    made: Client = client(draft)
    applicable, wrong = disagreements(made, sorted(made.groups))
    agreed = applicable - len(wrong)
    record_property(f"{draft}_agreed", agreed)
    record_property(f"{draft}_applicable", applicable)
    print(
        f"{draft} (openapi {VERSIONS[draft]}, through the generated client): "
        f"{agreed}/{applicable} agree ({100 * agreed / applicable:.1f}%)"
    )
    assert applicable > 500
    assert agreed >= TARGET * applicable, "\n".join(wrong)


@pytest.mark.parametrize("draft", sorted(VERSIONS))
def test_each_group_generates_or_is_refused_as_listed(
    draft: str, tmp_path: Path
) -> None:
    """Each group alone: an excluded one is refused with its listed, located diagnostic
    (never a traceback); every other one builds. Nothing crashes the generator."""
    require_suite()
    refused = 0
    listed = {key for key in EXCLUDED_GROUPS if key[0] == draft}
    for n, group in enumerate(suite_groups(draft)):
        spec = write_spec(tmp_path / f"alone{n}", draft, {"g0": group})
        key = (draft, group.file, group.description)
        expected = (
            {EXCLUDED_GROUPS[key][1]}
            if key in EXCLUDED_GROUPS
            else EXCLUDED_FILES.get(group.file, ("", frozenset()))[1]
        )
        try:
            build(spec)
        except SpecError as exc:
            assert expected, f"{group.where()} is refused: {exc}"
            codes = {d.code for d in exc.diagnostics}
            assert codes <= set(expected), f"{group.where()}: {exc}"
            for diagnostic in exc.diagnostics:  # located in the group's own file
                assert diagnostic.file.endswith("g0.json"), diagnostic.format()
                assert diagnostic.line >= 1, diagnostic.format()
            refused += 1
            listed.discard(key)
        else:
            assert not expected, f"{group.where()} is listed as refused, but builds"
    assert not listed, f"listed exclusions that are not in the suite: {listed}"
    assert refused >= len([k for k in EXCLUDED_GROUPS if k[0] == draft])


def test_vocabulary_is_the_spec_dialects(tmp_path: Path) -> None:
    """vocabulary.json generates; the spec's dialect applies whatever `$schema` says, so
    the one case it disagrees on is the one its custom meta-schema (no validation
    vocabulary, a remote document) decides."""
    require_suite()
    groups = {
        f"g{n}": g
        for n, g in enumerate(suite_groups("draft2020-12"))
        if g.file == "vocabulary.json"
    }
    assert groups
    spec = write_spec(tmp_path / "spec", "draft2020-12", groups)
    tree, result = generate(spec, package="jsts_vocabulary")
    write_tree(tree, tmp_path / "out")
    sys.path.insert(0, str(tmp_path / "out"))
    request = importlib.import_module("jsts_vocabulary._runtime._request")
    schemas = importlib.import_module("jsts_vocabulary._schemas")
    bodies = {op.operation_id: op.body_schema for op in result.api.operations}
    made = Client(request.RequestCheck, schemas.REQUEST_SCHEMAS, bodies, groups)
    cases, wrong = disagreements(made, sorted(groups))
    assert cases >= 5
    assert len(wrong) == 1, wrong
    assert "no validation: invalid number, but it still validates" in wrong[0]
