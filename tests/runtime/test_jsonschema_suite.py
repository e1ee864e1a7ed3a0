"""The official JSON-Schema-Test-Suite (required tests) against runtime._jsonschema.

tests/draft4 runs with Dialect.OPENAPI_30 and tests/draft2020-12 with Dialect.OPENAPI_31:
each group's schema is the document, checked at pointer "#", and a test agrees when
"no violations" is its expected `valid`. The suite lives in ../shared/corpus; without it
these tests skip.

Excluded, and only these (each excluded group must fail to compile with SchemaError, which
`test_excluded_groups_are_refused` checks, so nothing is hidden behind an exclusion):

- remote documents: refRemote.json, the groups that `$ref` a JSON Schema meta-schema, and
  the dynamicRef.json groups that `$ref` documents served at http://localhost:1234. The
  runtime checks one embedded document; a generator refuses remote refs.
- vocabulary.json: its meta-schemas (whose `$vocabulary` the tests are about) are remote
  documents named by `$schema`; the dialect is the caller's choice, `$schema` is not read.
- draft 4 `id` (base URI changes and location-independent identifiers): OpenAPI 3.0's
  Schema Object has no `id` keyword, so OPENAPI_30 resolves every `$ref` against the one
  document (an unrelated `id` in a converted spec must not redirect refs).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from runtime._jsonschema import Dialect, SchemaError, Validator

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO.parent / "shared" / "corpus" / "json-schema-test-suite" / "tests"
DIALECTS = {"draft4": Dialect.OPENAPI_30, "draft2020-12": Dialect.OPENAPI_31}
TARGET = 0.98  # agreement wanted on the applicable cases of each dialect

REMOTE = "refs a document outside the schema; only the one embedded document is known"
METASCHEMA = "refs the JSON Schema meta-schema, a remote document"
DRAFT4_ID = "relies on draft 4 `id`, which the OpenAPI 3.0 Schema Object does not have"
EXCLUDED_FILES = {
    "refRemote.json": REMOTE,
    "vocabulary.json": "its meta-schemas and their $vocabulary are remote documents",
}
EXCLUDED_GROUPS = {
    (
        "draft4",
        "definitions.json",
        "validate definition against metaschema",
    ): METASCHEMA,
    ("draft4", "ref.json", "remote ref, containing refs itself"): METASCHEMA,
    ("draft4", "ref.json", "$ref prevents a sibling id from changing the base uri"): (
        DRAFT4_ID
    ),
    ("draft4", "ref.json", "Recursive references between schemas"): DRAFT4_ID,
    ("draft4", "ref.json", "Location-independent identifier"): DRAFT4_ID,
    (
        "draft4",
        "ref.json",
        "Location-independent identifier with base URI change in subschema",
    ): DRAFT4_ID,
    (
        "draft4",
        "ref.json",
        "id must be resolved against nearest parent, not just immediate parent",
    ): DRAFT4_ID,
    ("draft2020-12", "defs.json", "validate definition against metaschema"): METASCHEMA,
    ("draft2020-12", "ref.json", "remote ref, containing refs itself"): METASCHEMA,
    (
        "draft2020-12",
        "dynamicRef.json",
        "strict-tree schema, guards against misspelled properties",
    ): REMOTE,
    (
        "draft2020-12",
        "dynamicRef.json",
        "tests for implementation dynamic anchor and reference link",
    ): REMOTE,
    (
        "draft2020-12",
        "dynamicRef.json",
        "$ref and $dynamicAnchor are independent of order - $defs first",
    ): REMOTE,
    (
        "draft2020-12",
        "dynamicRef.json",
        "$ref and $dynamicAnchor are independent of order - $ref first",
    ): REMOTE,
    (
        "draft2020-12",
        "dynamicRef.json",
        "$ref to $dynamicRef finds detached $dynamicAnchor",
    ): REMOTE,
}


def suite_files() -> list[tuple[str, str]]:
    if not SUITE.is_dir():
        return []
    return [
        (draft, path.name)
        for draft in DIALECTS
        for path in sorted((SUITE / draft).glob("*.json"))
    ]


def require_suite() -> None:
    if not SUITE.is_dir():
        pytest.skip("JSON-Schema-Test-Suite not available (../shared is absent)")


def groups(draft: str, name: str) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads((SUITE / draft / name).read_text("utf-8"))
    return loaded


def excluded(draft: str, name: str, group: dict[str, Any]) -> bool:
    return name in EXCLUDED_FILES or (draft, name, group["description"]) in (
        EXCLUDED_GROUPS
    )


def disagreements(draft: str, name: str) -> tuple[int, list[str]]:
    """(applicable cases, one line per case where the verdict differs from the suite)."""
    applicable = 0
    wrong: list[str] = []
    for group in groups(draft, name):
        if excluded(draft, name, group):
            continue
        validator = Validator(group["schema"], DIALECTS[draft])
        for case in group["tests"]:
            applicable += 1
            where = f"{group['description']} / {case['description']}"
            try:
                violations = validator.check("#", case["data"])
            except Exception as exc:  # reported as a disagreement, with its cause
                wrong.append(f"{where}: raised {exc!r}")
                continue
            if (not violations) != case["valid"]:
                expected = "valid" if case["valid"] else "invalid"
                wrong.append(f"{where}: expected {expected}, got {violations}")
    return applicable, wrong


@pytest.mark.parametrize(
    ("draft", "name"), suite_files() or [("absent", "absent")], ids=lambda v: str(v)
)
def test_suite_file(draft: str, name: str) -> None:
    require_suite()
    if name in EXCLUDED_FILES:
        pytest.skip(f"{name}: {EXCLUDED_FILES[name]}")
    applicable, wrong = disagreements(draft, name)
    if not applicable:
        pytest.skip(f"{name}: every group is excluded (see EXCLUDED_GROUPS)")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("draft", sorted(DIALECTS))
def test_agreement_per_dialect(draft: str, record_property: Any) -> None:
    require_suite()
    agreed = applicable = 0
    for suite_draft, name in suite_files():
        if suite_draft != draft:
            continue
        count, wrong = disagreements(draft, name)
        applicable += count
        agreed += count - len(wrong)
    record_property(f"{draft}_agreed", agreed)
    record_property(f"{draft}_applicable", applicable)
    print(f"{draft} ({DIALECTS[draft].name}): {agreed}/{applicable} agree")
    assert applicable > 500
    assert agreed >= TARGET * applicable, f"{agreed}/{applicable}"


def test_excluded_groups_are_refused() -> None:
    """Every group excluded for a remote document or draft 4 `id` is refused up front
    (SchemaError), not quietly checked some other way."""
    require_suite()
    refused = 0
    for draft, name in suite_files():
        if name == "vocabulary.json":
            continue  # `$schema` is not read: these compile, with the dialect's meaning
        for group in groups(draft, name):
            if not excluded(draft, name, group):
                continue
            with pytest.raises(SchemaError):
                Validator(group["schema"], DIALECTS[draft]).check("#", None)
            refused += 1
    listed = {key[:2] for key in EXCLUDED_GROUPS}
    assert all((SUITE / draft / name).is_file() for draft, name in listed)
    assert refused >= len(EXCLUDED_GROUPS)
