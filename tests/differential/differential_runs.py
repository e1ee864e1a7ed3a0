"""The specs the differential test reads, and one cached run of both generators per spec."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from differential_oracle import (
    Pair,
    Pairing,
    pair_models,
    python_name,
    run_dcg,
    run_specgen,
)
from differential_payloads import PayloadBuilder
from differential_schema import Docs

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden"
CORPUS = REPO.parent / "shared" / "corpus" / "openai"  # <repo>/../shared, may be absent
OPENAI_2023 = CORPUS / "openai-2023-11-06.yaml"


def spec_cases() -> dict[str, Path]:
    """Case id -> spec path: every golden case, then the 2023 OpenAI spec."""
    cases = {
        f"golden-{spec.parent.name}": spec
        for spec in sorted(GOLDEN.glob("*/spec.yaml"))
    }
    cases["openai-2023-11-06"] = OPENAI_2023
    return cases


@dataclass
class SpecRun:
    case: str
    spec: Path
    docs: Docs
    builder: PayloadBuilder
    ours: ModuleType
    theirs: ModuleType
    api: Any
    pairing: Pairing

    def pair(self, schema: str) -> Pair:
        for pair in self.pairing.pairs:
            if pair.name == schema:
                return pair
        raise KeyError(
            f"{schema} not paired in {self.case}: {self.pairing.skipped.get(schema)}"
        )


class SpecRuns:
    """Runs both generators for a spec the first time it is asked for, then reuses them."""

    _counter = itertools.count()

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self._runs: dict[str, SpecRun] = {}

    def get(self, case: str, spec: Path) -> SpecRun:
        if case not in self._runs:
            if not spec.is_file():
                pytest.skip(f"{spec.name} is not available ({spec.parent} is absent)")
            self._runs[case] = self._run(case, spec)
        return self._runs[case]

    def inline(self, schemas: dict[str, Any], label: str) -> SpecRun:
        """Both generators on a small spec made of `schemas` (for the harness's own tests)."""
        folder = self.tmp / f"inline_{next(self._counter)}_{python_name(label)}"
        folder.mkdir(parents=True)
        spec = folder / "spec.yaml"
        document = {
            "openapi": "3.0.3",
            "info": {"title": f"Inline {label}", "version": "1.0.0"},
            "paths": {},
            "components": {"schemas": schemas},
        }
        spec.write_text(yaml.safe_dump(document, sort_keys=False), "utf-8")
        return self._run(f"{label}_{folder.name}", spec)

    def _run(self, case: str, spec: Path) -> SpecRun:
        name = python_name(case)
        ours, api = run_specgen(spec, self.tmp / f"ours_{name}", f"diff_ours_{name}")
        theirs, metadata = run_dcg(spec, self.tmp / f"dcg_{name}", f"diff_dcg_{name}")
        docs = Docs(spec)
        pairing = pair_models(docs, ours, api, theirs, metadata)
        return SpecRun(
            case, spec, docs, PayloadBuilder(docs), ours, theirs, api, pairing
        )
