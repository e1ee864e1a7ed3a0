"""[tool.specgen] in pyproject.toml: targets, and a template folder that overrides built-ins."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from specgen_testlib import REPO

from specgen.cli import main

OVERRIDE = REPO / "tests" / "golden" / "override"


@pytest.mark.parametrize("where", ["section", "target"])
def test_templates_from_pyproject_override_built_ins(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(OVERRIDE / "spec.yaml", tmp_path / "api.yaml")
    shutil.copytree(OVERRIDE / "templates", tmp_path / "house")
    target = '{ spec = "api.yaml", output = "out" }'
    if where == "section":
        settings = f'templates = "house"\ntargets = [{target}]\n'
    else:
        settings = (
            'targets = [{ spec = "api.yaml", output = "out", templates = "house" }]\n'
        )
    (tmp_path / "pyproject.toml").write_text(f"[tool.specgen]\n{settings}", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 0
    readme = (tmp_path / "out" / "README.md").read_text("utf-8")
    assert readme.startswith("# Golden Override (house style)")
    assert main(["check"]) == 0
    (tmp_path / "house" / "project" / "README.md.jinja").write_text(
        "changed\n", "utf-8"
    )
    assert main(["check"]) == 1  # a template change makes the output stale
