"""A small spec change gives a small, local diff: regeneration is reviewable."""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml
from specgen_testlib import REPO

from specgen.pipeline import generate

SPEC = REPO / "specs" / "openai_images.yaml"


def changed_lines(before: dict[str, str], after: dict[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path, ""), after.get(path, "")
        if old != new:
            diff = difflib.unified_diff(
                old.splitlines(), new.splitlines(), lineterm="", n=0
            )
            out[path] = sum(
                1
                for line in diff
                if line[:1] in "+-" and line[:3] not in ("+++", "---")
            )
    return out


def regenerate(tmp_path: Path, edit: str, replacement: str) -> dict[str, int]:
    before, _ = generate(SPEC)
    text = SPEC.read_text("utf-8")
    assert edit in text
    changed = tmp_path / "spec.yaml"
    changed.write_text(text.replace(edit, replacement, 1), "utf-8")
    after, _ = generate(changed)
    return changed_lines(before.files, after.files)


def test_a_new_description_touches_only_where_it_is_shown(tmp_path: Path) -> None:
    diff = regenerate(
        tmp_path,
        "description: The list of generated images.",
        "description: The generated images, in order.",
    )
    assert set(diff) == {
        "openai_images/models.py",  # the attribute docstring
        "docs/models/ImagesResponse.md",  # the field table
    }
    assert all(count <= 2 for count in diff.values()), diff


def test_a_new_optional_field_is_a_local_addition(tmp_path: Path) -> None:
    text = SPEC.read_text("utf-8")
    spec = yaml.safe_load(text)
    spec["components"]["schemas"]["Image"]["properties"]["seed"] = {
        "type": "integer",
        "description": "The seed used.",
    }
    changed = tmp_path / "spec.yaml"
    changed.write_text(yaml.safe_dump(spec, sort_keys=False), "utf-8")
    before, _ = generate(SPEC)
    after, _ = generate(changed)
    diff = changed_lines(before.files, after.files)
    assert set(diff) == {"openai_images/models.py", "docs/models/Image.md"}, diff
    assert (
        diff["openai_images/models.py"] <= 6
    ), diff  # the field, its docstring, null check
