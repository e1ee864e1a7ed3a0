"""The comparator: validate one payload with both models and judge the two verdicts.

A payload is *agreed* when both models accept it or both reject it (pydantic
ValidationError). A disagreement is *explained* only when exactly one documented rule of
`differential_rules.RULES` recognises the situation and the verdicts differ in the direction
that rule documents; a rule that recognises it with the verdicts the other way round is a
failure, as is every other disagreement and any exception other than ValidationError.
Known generator bugs (`differential_rules.BUGS`) are recognised only to name them in the
failure message: they still fail.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from differential_oracle import Pair
from differential_payloads import Payload, PayloadBuilder
from differential_rules import BUGS, RULES, Case, Rule, Verdict
from differential_schema import Docs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from pydantic import ValidationError

MAX_KEPT = 2  # examples kept per distinct failure


def validate(cls: type[Any], value: Any) -> Verdict:
    try:
        cls.model_validate(copy.deepcopy(value))
    except ValidationError as exc:
        errors = tuple(
            {"type": e["type"], "loc": tuple(e["loc"]), "msg": e["msg"]}
            for e in exc.errors()
        )
        return Verdict(False, errors, str(exc))
    except Exception as exc:
        return Verdict(False, (), f"{type(exc).__name__}: {exc}", crashed=True)
    return Verdict(True, (), "")


@dataclass
class Finding:
    """One failure: an unexplained disagreement, a rule broken, a known bug or a crash."""

    schema: str
    title: str
    payload: Payload
    ours: Verdict
    theirs: Verdict
    pair: Pair

    def render(self) -> str:
        def verdict(v: Verdict) -> str:
            return "CRASH" if v.crashed else "accepts" if v.accepted else "rejects"

        def errors(v: Verdict) -> str:
            return (
                "\n".join("      " + line for line in v.text.splitlines()[:12])
                or "      (none)"
            )

        payload_json = json.dumps(self.payload.value, default=repr, ensure_ascii=False)
        lines = [
            f"[{self.schema}] {self.title}",
            f"    payload ({self.payload.mutation.describe() if self.payload.mutation else 'valid-looking'}): "
            f"{payload_json[:600]}",
            f"    specgen {self.pair.ours_name}: {verdict(self.ours)}",
            errors(self.ours),
            f"    dcg {self.pair.theirs_name}: {verdict(self.theirs)}",
            errors(self.theirs),
        ]
        return "\n".join(lines)


@dataclass
class SchemaResult:
    name: str
    examples: int = 0
    mutated: int = 0
    agreed: int = 0
    both_accept: int = 0  # agreed payloads that both models accept
    mutations: Counter[str] = field(default_factory=Counter)
    unsatisfied: list[str] = field(default_factory=list)
    rule_hits: Counter[str] = field(default_factory=Counter)
    findings: dict[tuple[Any, ...], list[Finding]] = field(default_factory=dict)

    def add(self, key: tuple[Any, ...], finding: Finding) -> None:
        kept = self.findings.setdefault(key, [])
        if any(f.payload.value == finding.payload.value for f in kept):
            return
        kept.append(finding)
        kept.sort(key=lambda f: len(repr(f.payload.value)))
        del kept[MAX_KEPT:]


def judge(pair: Pair, docs: Docs, payload: Payload, result: SchemaResult) -> None:
    """Validate one payload with both models and record the outcome in `result`."""
    result.examples += 1
    result.mutated += payload.mutation is not None
    result.mutations[payload.mutation.kind if payload.mutation else "valid"] += 1
    ours = validate(pair.ours, payload.value)
    theirs = validate(pair.theirs, payload.value)
    kind = payload.mutation.kind if payload.mutation else "valid"
    if ours.crashed or theirs.crashed:
        who = "specgen" if ours.crashed else "dcg"
        result.add(
            ("crash", who, kind),
            Finding(
                pair.name,
                f"{who}'s model crashed (not a ValidationError)",
                payload,
                ours,
                theirs,
                pair,
            ),
        )
        return
    if ours.accepted == theirs.accepted:
        result.agreed += 1
        result.both_accept += ours.accepted
        return
    case = Case(pair, docs, payload, ours, theirs)
    for bug in BUGS:
        if bug.recognise(case) and bug.matches_direction(ours, theirs):
            result.add(
                ("bug", bug.name),
                Finding(
                    pair.name,
                    f"GENERATOR BUG {bug.name}: {bug.summary}",
                    payload,
                    ours,
                    theirs,
                    pair,
                ),
            )
            return
    rule, problem = classify(case, RULES)
    if rule is not None:
        result.rule_hits[rule.name] += 1
        return
    direction = f"specgen {'accepts' if ours.accepted else 'rejects'}, dcg {'accepts' if theirs.accepted else 'rejects'}"
    result.add(
        ("disagree", kind, ours.accepted, problem),
        Finding(
            pair.name, f"{problem}: {direction} ({kind})", payload, ours, theirs, pair
        ),
    )


def classify(case: Case, rules: tuple[Rule, ...]) -> tuple[Rule | None, str]:
    """The one rule explaining this disagreement, or (None, why it is not explained)."""
    recognised = [rule for rule in rules if rule.recognise(case)]
    right_way = [
        rule for rule in recognised if rule.matches_direction(case.ours, case.theirs)
    ]
    if len(right_way) == 1:
        return right_way[0], ""
    if len(right_way) > 1:
        names = ", ".join(r.name for r in right_way)
        return None, f"ambiguous: several rules recognise this disagreement ({names})"
    if recognised:
        rule = recognised[0]
        return None, (
            f"rule {rule.name} recognises this situation but documents the opposite direction "
            f"(specgen {'accepts' if rule.ours_accepts else 'rejects'}, dcg "
            f"{'accepts' if rule.theirs_accepts else 'rejects'})"
        )
    return None, "unexplained disagreement"


def run_pair(
    pair: Pair,
    docs: Docs,
    builder: PayloadBuilder,
    valid_examples: int,
    per_mutation: int,
) -> SchemaResult:
    """Judge payloads drawn (deterministically) for one schema: `valid_examples`
    valid-looking ones, then `per_mutation` for each mutation kind the schema offers.

    One hypothesis run per mutation kind, rather than drawing the kind: hypothesis keeps
    re-drawing near-minimal choices, which would make the first kind dominate."""
    result = SchemaResult(pair.name)
    runs: list[tuple[str | None, int]] = [(None, valid_examples)]
    runs += [(kind, per_mutation) for kind in builder.reachable_mutations(pair.node)]
    for mutation, examples in runs:

        @settings(
            max_examples=examples,
            derandomize=True,  # the same payloads on every run and machine
            database=None,
            deadline=None,
            # judge() records instead of raising, so shrinking only happens if the harness
            # itself raises; no database, no explicit examples.
            phases=(Phase.generate, Phase.shrink),
            suppress_health_check=list(HealthCheck),
        )
        @given(builder.payloads(pair.node, mutation))
        def check(payload: Payload) -> None:
            judge(pair, docs, payload, result)

        try:
            check()
        except Unsatisfiable:
            # The kind is offered by some payload shape the generator seldom draws; say so in
            # the report rather than fail (the other kinds of this schema still ran).
            result.unsatisfied.append(mutation or "valid")
    return result


@dataclass
class SpecReport:
    """What one spec's run compared, for the terminal summary."""

    case: str
    compared: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(
        default_factory=dict
    )  # how a compared schema was paired
    examples: int = 0
    mutated: int = 0
    agreed: int = 0
    both_accept: int = 0
    mutations: Counter[str] = field(default_factory=Counter)
    unsatisfied: list[str] = field(default_factory=list)
    rule_hits: Counter[str] = field(default_factory=Counter)
    findings: int = 0
    seconds: float = 0.0

    def absorb(self, result: SchemaResult) -> None:
        self.compared.append(result.name)
        self.examples += result.examples
        self.mutated += result.mutated
        self.agreed += result.agreed
        self.both_accept += result.both_accept
        self.rule_hits.update(result.rule_hits)
        self.mutations.update(result.mutations)
        self.unsatisfied.extend(f"{result.name}:{kind}" for kind in result.unsatisfied)
        self.findings += sum(len(v) for v in result.findings.values())

    def line(self) -> str:
        rules = (
            ", ".join(f"{k}={v}" for k, v in sorted(self.rule_hits.items())) or "none"
        )
        return (
            f"{self.case}: {len(self.compared)} schemas compared, {len(self.skipped)} skipped; "
            f"{self.examples} payloads ({self.mutated} mutated), {self.agreed} agreed "
            f"({self.both_accept} accepted, {self.agreed - self.both_accept} rejected by both); "
            f"documented disagreements: {rules}; failures: {self.findings}; {self.seconds:.1f}s"
        )


REPORTS: list[SpecReport] = []
