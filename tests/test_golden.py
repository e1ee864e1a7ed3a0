"""Golden trees: each tests/golden/<case>/spec.yaml generates exactly tests/golden/<case>/expected.

Compared byte for byte; a mismatch shows a unified diff. Only `pytest --update-golden`
rewrites the expected trees (review the git diff before committing it).
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from specgen.pipeline import generate
from specgen.render.engine import RenderedTree

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file())


def read_tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text("utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tree_diff(expected: dict[str, str], actual: dict[str, str]) -> str:
    lines: list[str] = []
    for path in sorted(set(expected) | set(actual)):
        old, new = expected.get(path), actual.get(path)
        if old == new:
            continue
        lines.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"expected/{path}" if old is not None else "/dev/null",
                tofile=f"actual/{path}" if new is not None else "/dev/null",
            )
        )
    return "".join(lines)


RUNTIME = Path(__file__).resolve().parent.parent / "templates" / "runtime"


def render_case(case: str) -> RenderedTree:
    """A case's `templates/` folder, when it has one, overrides built-in templates."""
    templates = GOLDEN / case / "templates"
    tree, _ = generate(
        GOLDEN / case / "spec.yaml",
        templates if templates.is_dir() else None,
        display=f"{case}/spec.yaml",
    )
    return tree


def split_runtime(files: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The verbatim runtime copy is checked against templates/runtime, not stored per case."""
    runtime = {p: t for p, t in files.items() if "/_runtime/" in p}
    return {p: t for p, t in files.items() if p not in runtime}, runtime


@pytest.mark.parametrize("case", CASES)
def test_golden_tree(case: str, update_golden: bool) -> None:
    expected_dir = GOLDEN / case / "expected"
    actual, runtime = split_runtime(render_case(case).files)
    for path, text in runtime.items():
        assert text == (RUNTIME / path.rsplit("/_runtime/", 1)[1]).read_text(
            "utf-8"
        ), path
    assert runtime, "the runtime must be copied into every package"
    if update_golden:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for path, text in actual.items():
            target = expected_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8", newline="")
        return
    assert (
        expected_dir.is_dir()
    ), f"no expected tree for {case}; run pytest --update-golden"
    expected = read_tree(expected_dir)
    diff = tree_diff(expected, actual)
    assert (
        not diff
    ), f"generated output for {case} differs from the golden tree:\n{diff}"


def test_golden_cases_cover_the_schema_features() -> None:
    """The suite must keep a case for each feature the issue lists."""
    wanted = {
        "enums", "nullability", "defaults", "constraints", "nested_objects", "ref_chains",
        "composition", "names", "parameters", "json_body", "multipart", "openapi31",
        "override",
    }  # fmt: skip
    assert wanted <= set(CASES)


def test_tree_diff_reports_changes() -> None:
    """The comparison itself can fail: a changed, a missing and an extra file all show up."""
    diff = tree_diff(
        {"a.py": "x = 1\n", "b.py": "y\n"}, {"a.py": "x = 2\n", "c.py": "z\n"}
    )
    assert "-x = 1" in diff and "+x = 2" in diff
    assert "expected/b.py" in diff and "actual/c.py" in diff


def test_override_case_uses_the_user_templates() -> None:
    files = render_case("override").files
    assert files["README.md"].startswith("# Golden Override (house style)")
    assert files["docs/models/Note.md"].startswith("# Note — house style")
    assert (
        "## Example request" in files["docs/operations/notes.list_notes.md"]
    )  # built in
