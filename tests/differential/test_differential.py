"""Differential test: specgen's models against datamodel-code-generator's, payload by payload.

For every golden spec and the 2023 OpenAI spec, each component object schema is matched to
specgen's model (by `source`) and dcg's class (by dcg's model metadata); hypothesis draws
payloads from the JSON schema itself (valid-looking ones, and ones with one mutation of each
kind the schema offers, see differential_payloads), and both models must agree on
accept/reject. A disagreement passes only when a documented rule of differential_rules
explains it in its documented direction; known generator bugs are named, and still fail.

How the oracle is run and why its options were chosen: differential_oracle. The summary at
the end of the pytest output lists, per spec, what was compared, skipped and found.

The tests below the first one check the harness itself: that it reports a disagreement it
is given, that each rule fires only in its situation and direction, and the generator bugs
it found, as minimal deterministic cases.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from differential_compare import (
    REPORTS,
    Finding,
    SchemaResult,
    SpecReport,
    classify,
    judge,
    run_pair,
    validate,
)
from differential_oracle import Pair
from differential_payloads import Mutation, Payload
from differential_rules import (
    BARE_NULLABLE_MEMBER,
    BINARY_FILE_INPUT,
    BUGS,
    CONTRADICTORY_REQUIRED,
    FILE_ACCEPTS_NULL,
    FORMAT_ANNOTATION,
    PATTERN_DOLLAR_NEWLINE,
    REQUIRED_NOT_DECLARED,
    RULES,
    Case,
)
from differential_runs import SpecRun, SpecRuns, spec_cases

CASES = spec_cases()

# Per schema: (valid-looking payloads, payloads per mutation kind the schema offers).
# Derandomized, so the same payloads on every run. The OpenAI spec has ~100 object
# schemas, so it gets fewer each; the whole module stays around 10-15 s on 2 cores.
EXAMPLES = {"golden": (40, 8), "openai": (12, 3)}


# Specs the oracle itself cannot turn into models; any other oracle failure fails the test.
ORACLE_CANNOT = {
    "golden-hostile": (
        "datamodel-code-generator reads schema names containing '/' as module paths "
        "('Modular references require an output directory'); specgen's side of that spec "
        "is covered by test_hostile and test_fuzz_strings"
    ),
    "golden-split_spec": (
        "datamodel-code-generator reads `properties: {$ref: file}` (a map of properties "
        "in another file, as split specs write it; not JSON Schema) as a property named "
        "'$ref'; specgen's side of that spec is covered by test_split_specs"
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_models_agree(case: str, spec_runs: SpecRuns) -> None:
    started = time.perf_counter()
    if case in ORACLE_CANNOT:
        import datamodel_code_generator

        with pytest.raises(datamodel_code_generator.Error):
            spec_runs.get(case, CASES[case])  # still true: else drop the entry
        pytest.skip(ORACLE_CANNOT[case])
    run = spec_runs.get(case, CASES[case])
    valid, per_mutation = EXAMPLES["golden" if case.startswith("golden-") else "openai"]
    report = SpecReport(case, skipped=dict(run.pairing.skipped))
    findings: list[Finding] = []
    for pair in run.pairing.pairs:
        if pair.note:
            report.notes[pair.name] = pair.note
        result = run_pair(pair, run.docs, run.builder, valid, per_mutation)
        report.absorb(result)
        for kept in result.findings.values():
            findings.extend(kept)
    report.seconds = time.perf_counter() - started
    REPORTS.append(report)
    if not run.pairing.pairs:
        pytest.fail(f"{case}: no schema could be paired ({run.pairing.skipped})")
    if findings:
        text = "\n\n".join(f.render() for f in findings)
        pytest.fail(
            f"{case}: {len(findings)} failing payload(s)\n\n{text}", pytrace=False
        )


# -- the harness itself ----------------------------------------------------------------------

LIMITS = {
    "type": "object",
    "required": ["count"],
    "properties": {
        "count": {"type": "integer", "minimum": 1, "maximum": 10},
        "label": {"type": "string", "maxLength": 5},
    },
}

UPLOAD = {
    "type": "object",
    "required": ["file", "name"],
    "properties": {
        "file": {"type": "string", "format": "binary"},
        "name": {"type": "string"},
        "link": {"type": "string", "format": "uri"},
        "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
    },
}

# `token` is required but not declared (as in the OpenAI spec's CreateRunRequest).
LOOSE = {
    "type": "object",
    "required": ["id", "token"],
    "properties": {"id": {"type": "string"}},
}


# `thread_id` is required, not declared, and additional properties are forbidden.
SEALED = {
    "type": "object",
    "additionalProperties": False,
    "required": ["assistant_id", "thread_id"],
    "properties": {"assistant_id": {"type": "string"}},
}
TUNED = {
    "type": "object",
    "properties": {
        "temperature": {
            "anyOf": [{"type": "number", "maximum": 2}, {"nullable": True}],
        }
    },
}


@pytest.fixture(scope="module")
def inline(spec_runs: SpecRuns) -> SpecRun:
    return spec_runs.inline(SCHEMAS, "harness")


def _case(
    run: SpecRun, schema: str, payload: Payload, pair: Pair | None = None
) -> Case:
    pair = pair or run.pair(schema)
    return Case(
        pair,
        run.docs,
        payload,
        validate(pair.ours, payload.value),
        validate(pair.theirs, payload.value),
    )


def _mutation(run: SpecRun, schema: str, kind: str, key: str) -> Mutation:
    site = run.docs.view(run.pair(schema).node)
    return Mutation(kind, (), key, site.properties.get(key), site)


def test_harness_reports_a_disagreement(spec_runs: SpecRuns, inline: SpecRun) -> None:
    """A deliberately different pair: dcg's model of a patched schema (maximum 3 instead of
    10) against specgen's model of the real one. The comparator must report it."""
    patched = dict(
        LIMITS,
        properties={
            **LIMITS["properties"],
            "count": {"type": "integer", "minimum": 1, "maximum": 3},
        },
    )
    other = spec_runs.inline({"Limits": patched}, "patched")
    real = inline.pair("Limits")
    pair = Pair(
        "Limits",
        real.node,
        real.ours,
        other.pair("Limits").theirs,
        real.ours_name,
        "patched Limits",
    )
    result = run_pair(
        pair, inline.docs, inline.builder, valid_examples=20, per_mutation=2
    )
    findings = [f for kept in result.findings.values() for f in kept]
    assert findings, "the comparator missed a maximum of 3 against a maximum of 10"
    assert all(
        f.title.startswith("unexplained disagreement: specgen accepts, dcg rejects")
        for f in findings
    )
    text = findings[0].render()
    assert "[Limits]" in text and '"count":' in text
    assert "specgen Limits: accepts" in text and "dcg patched Limits: rejects" in text
    assert "less than or equal to 3" in text  # dcg's error text is shown


def test_harness_reports_a_crash(inline: SpecRun) -> None:
    class Broken:
        @staticmethod
        def model_validate(value: Any) -> None:
            raise TypeError("not a ValidationError")

    real = inline.pair("Limits")
    pair = Pair("Limits", real.node, real.ours, Broken, real.ours_name, "Broken")  # type: ignore[arg-type]
    result = SchemaResult("Limits")
    judge(pair, inline.docs, Payload({"count": 2}), result)
    (finding,) = [f for kept in result.findings.values() for f in kept]
    assert "dcg's model crashed" in finding.title and "TypeError" in finding.render()


def test_format_rule(inline: SpecRun) -> None:
    payload = Payload(
        {"file": b"data", "name": "n", "link": "not a uri"},
        formats=[(("link",), "uri")],
    )
    case = _case(inline, "Upload", payload)
    assert case.ours.accepted and not case.theirs.accepted
    assert classify(case, RULES) == (FORMAT_ANNOTATION, "")


def test_binary_rule(inline: SpecRun) -> None:
    payload = Payload({"file": "data", "name": "n"}, formats=[(("file",), "binary")])
    case = _case(inline, "Upload", payload)
    assert not case.ours.accepted and case.theirs.accepted
    assert classify(case, RULES) == (BINARY_FILE_INPUT, "")


def test_binary_values_that_are_not_files_are_refused_by_both(inline: SpecRun) -> None:
    for value in (42, None, {"a": 1}, [b"x"], True):
        case = _case(inline, "Upload", Payload({"file": value, "name": "n"}))
        assert not case.ours.accepted and not case.theirs.accepted, value


def test_contradictory_required_rule(inline: SpecRun) -> None:
    case = _case(inline, "Sealed", Payload({"assistant_id": "a", "thread_id": "t"}))
    assert case.ours.accepted and not case.theirs.accepted
    assert classify(case, RULES) == (CONTRADICTORY_REQUIRED, "")
    # without the contradictory key both refuse (it is still required)
    missing = _case(inline, "Sealed", Payload({"assistant_id": "a"}))
    assert not missing.ours.accepted and not missing.theirs.accepted


def test_bare_nullable_member_rule(inline: SpecRun) -> None:
    case = _case(inline, "Tuned", Payload({"temperature": {"b": -10}}))
    assert not case.ours.accepted and case.theirs.accepted
    assert classify(case, RULES) == (BARE_NULLABLE_MEMBER, "")
    # null and numbers in range: both accept
    for value in (None, 1.5):
        both = _case(inline, "Tuned", Payload({"temperature": value}))
        assert both.ours.accepted and both.theirs.accepted, value


def test_rule_in_the_wrong_direction_fails(inline: SpecRun) -> None:
    """The FORMAT situation with the two models swapped: recognised, but the verdicts differ
    the other way round, which must be reported, not explained."""
    real = inline.pair("Upload")
    swapped = Pair(
        "Upload", real.node, real.theirs, real.ours, real.theirs_name, real.ours_name
    )
    payload = Payload(
        {"file": b"data", "name": "n", "link": "not a uri"},
        formats=[(("link",), "uri")],
    )
    case = _case(inline, "Upload", payload, swapped)
    rule, problem = classify(case, RULES)
    assert rule is None and problem.startswith(
        "rule FORMAT_ANNOTATION recognises this situation"
    )
    result = SchemaResult("Upload")
    judge(swapped, inline.docs, payload, result)
    assert [key[0] for key in result.findings] == ["disagree"]


# -- generator bugs found by the differential test -------------------------------------------
# Each case is a payload the schema rejects; dcg rejects it too. These fail until specgen's
# model rejects it as well (see differential_rules.BUGS for the analysis).

BUG_CASES: dict[str, dict[str, Any]] = {
    REQUIRED_NOT_DECLARED.name: {
        "schema": "Loose",
        "value": {"id": "x"},
        "baseline": {"id": "x", "token": 1},
        "mutation": ("drop_required", "token"),
    },
    FILE_ACCEPTS_NULL.name: {
        "schema": "Upload",
        "value": {"file": None, "name": "n"},
        "baseline": {"file": b"data", "name": "n"},
        "mutation": ("null", "file"),
    },
    PATTERN_DOLLAR_NEWLINE.name: {
        "schema": "Upload",
        "value": {"file": b"data", "name": "n", "code": "ABC\n"},
        "patterns": [(("code",), ("^[A-Z]{3}$",))],
    },
}
SCHEMAS = {
    "Limits": LIMITS,
    "Upload": UPLOAD,
    "Loose": LOOSE,
    "Sealed": SEALED,
    "Tuned": TUNED,
}


@pytest.mark.parametrize("bug", [b.name for b in BUGS])
def test_generator_bug(bug: str, inline: SpecRun) -> None:
    rule = next(b for b in BUGS if b.name == bug)
    spec = BUG_CASES[bug]
    schema, value = spec["schema"], spec["value"]
    pair = inline.pair(schema)
    ours, theirs = validate(pair.ours, value), validate(pair.theirs, value)
    assert (
        not theirs.accepted and not theirs.crashed
    ), f"dcg accepts {value!r}: the case is wrong"
    if ours.accepted:
        mutation = (
            _mutation(inline, schema, *spec["mutation"]) if "mutation" in spec else None
        )
        payload = Payload(
            value, spec.get("baseline"), mutation, patterns=spec.get("patterns", [])
        )
        assert rule.recognise(
            Case(pair, inline.docs, payload, ours, theirs)
        ), "recogniser out of date"
        pytest.fail(
            f"GENERATOR BUG {rule.name}: {rule.summary}.\n"
            f"  schema {schema}: {SCHEMAS[schema]}\n"
            f"  payload {value!r}: specgen's {pair.ours_name} accepts it; dcg rejects it:\n"
            f"{theirs.text}\n  Who is right: {rule.right}",
            pytrace=False,
        )
