"""Hypothesis strategies that break real documents: the golden inputs and the seed spec,
mutated 1-3 times each at random nodes (a value of the wrong JSON type, a deleted key, an
odd `$ref`, an odd name, unicode in a string), written as YAML or JSON.

Used by tests/test_robustness.py and by `python tests/fuzz_documents.py N` for a long run.
"""

from __future__ import annotations

import copy
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    [
        *(REPO / "tests" / "golden").glob("*/spec.yaml"),
        REPO / "specs" / "openai_images.yaml",
    ]
)

WRONG_VALUES: list[Any] = [
    None, True, False, 0, -1, 1.5, 1e308, "", "x", "3.0.3", [], {}, [[]], [None],
    {"a": 1}, {"type": "object"}, ["a", "b"],
]  # fmt: skip
ODD_REFS = [
    "#", "#/", "#/components/schemas/Nope", "#/paths", "#/components/parameters",
    "#/components/schemas", "missing.yaml", "missing.yaml#/X", "../outside.yaml",
    "http://example.com/schema.json", "#nope", "#/components/schemas/~2", "%",
    "#/info/title", "spec.yaml#/components",
]  # fmt: skip
ODD_NAMES = [
    "", "!!!", "class", "1", "__init__", "model_config", "é", "\U0001f680", "a.b", "/",
    "~1", "None", "x-", "$ref", "default", "-", "self", "def", "A" * 80, " ",
]  # fmt: skip


def load(path: Path) -> Any:
    from specgen.source.loader import parse_text

    return parse_text(path.read_text(encoding="utf-8"), str(path))


def nodes(data: Any) -> list[tuple[Any, Any]]:
    """(container, key) for every node below the root, in a stable order."""
    out: list[tuple[Any, Any]] = []
    stack = [data]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            for key in list(node):
                out.append((node, key))
                stack.append(node[key])
        elif isinstance(node, list):
            for index in range(len(node)):
                out.append((node, index))
                stack.append(node[index])
    return out


@st.composite
def mutation(draw: st.DrawFn, data: Any) -> str:
    """Apply one mutation to `data` in place; returns what it did (for the report)."""
    places = nodes(data)
    if not places:
        return "nothing to mutate"
    container, key = places[draw(st.integers(0, len(places) - 1))]
    kind = draw(st.sampled_from(["wrong", "wrong", "delete", "ref", "name", "text"]))
    if kind == "delete" and isinstance(container, dict):
        del container[key]
        return f"deleted {key!r}"
    if kind == "ref":
        container[key] = {"$ref": draw(st.sampled_from(ODD_REFS))}
        return f"{key!r} -> {container[key]}"
    if kind == "name" and isinstance(container, dict):
        new = draw(st.sampled_from(ODD_NAMES))
        container[new] = container.pop(key)
        return f"renamed {key!r} to {new!r}"
    if kind == "text" and isinstance(container[key], str):
        # any character a file can hold (a lone surrogate cannot be written)
        letters = st.characters(blacklist_categories=("Cs",))
        container[key] = draw(st.text(letters, max_size=12)) + container[key]
        return f"text at {key!r}"
    container[key] = copy.deepcopy(draw(st.sampled_from(WRONG_VALUES)))
    return f"{key!r} = {container[key]!r}"


@dataclass(frozen=True)
class Mutant:
    source: Path
    data: Any
    as_json: bool
    changes: tuple[str, ...]

    def write(self, folder: Path) -> Path:
        """The mutant beside copies of its source's sibling files (a $ref may name them)."""
        for sibling in self.source.parent.iterdir():
            if sibling.is_file() and sibling.suffix in (".yaml", ".json"):
                shutil.copy(sibling, folder / sibling.name)
        target = folder / ("spec.json" if self.as_json else "spec.yaml")
        (folder / "spec.yaml").unlink(missing_ok=True)
        if self.as_json:
            target.write_text(json.dumps(self.data, indent=1), encoding="utf-8")
        else:
            text = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False)
            target.write_text(text, encoding="utf-8")
        return target


@st.composite
def mutants(draw: st.DrawFn) -> Mutant:
    source = draw(st.sampled_from(SOURCES))
    data = load(source)
    changes = tuple(draw(mutation(data)) for _ in range(draw(st.integers(1, 3))))
    return Mutant(source, data, draw(st.booleans()), changes)


def main(count: int) -> None:
    """A long run that counts outcomes instead of stopping at the first failure:
    `python tests/fuzz_documents.py 2000` (with specgen installed, from the repository).
    """
    import collections
    import sys
    import tempfile

    from hypothesis import HealthCheck, given, settings

    sys.path.insert(0, str(Path(__file__).parent))
    from test_robustness import assert_clean_outcome

    outcomes: collections.Counter[str] = collections.Counter()
    failures: list[str] = []

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutant=mutants())
    def run(mutant: Mutant) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            spec = mutant.write(Path(tmp))
            about = f"{mutant.source.name}: {'; '.join(mutant.changes)}"
            try:
                code = assert_clean_outcome(spec, Path(tmp) / "out", about)
                outcomes["generated" if code == 0 else "refused, located"] += 1
            except AssertionError as exc:
                text = str(exc)
                kind = (
                    "internal error (exit 4)"
                    if "\nexit 4\n" in text
                    else "does not import" if "\nexit" not in text else "other failure"
                )
                outcomes[kind] += 1
                failures.append(f"{kind}: {text[:1500]}")
            except TimeoutError:
                outcomes["hang"] += 1
                failures.append(f"hang: {about}")

    run()
    for kind, number in sorted(outcomes.items()):
        print(f"{number:6d}  {kind}")
    for failure in failures[:20]:
        print("----", failure, sep="\n")


if __name__ == "__main__":
    import sys

    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
