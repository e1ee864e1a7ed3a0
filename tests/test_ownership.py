"""Nothing specgen did not write is overwritten without --force, and `check` says why.

Driven through the command line in temp folders, as a user meets it: generating into a
project that has its own README.md and pyproject.toml, into folders with files, folders and
links where specgen would write, after hand edits; `check` naming what `generate` would refuse.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import GOOD, assert_no_traceback, snapshot, specgen

USER_README = b"# My project\n\nHand-written; specgen must not touch it.\n"
USER_PYPROJECT = b'[project]\nname = "mine"\n\n[tool.specgen]\ntargets = []\n'


@pytest.fixture
def user_project(tmp_path: Path) -> Path:
    """A project folder with the user's own README.md and pyproject.toml, plus a spec."""
    (tmp_path / "README.md").write_bytes(USER_README)
    (tmp_path / "pyproject.toml").write_bytes(USER_PYPROJECT)
    (tmp_path / "api.yaml").write_text(GOOD, "utf-8")
    return tmp_path


def test_generate_into_a_project_refuses_to_overwrite_its_files(
    user_project: Path,
) -> None:
    before = snapshot(user_project)
    result = specgen("generate", "api.yaml", "-o", ".", cwd=user_project)
    assert result.returncode == 1, str(result)
    assert_no_traceback(result)
    assert "specgen did not write" in result.stderr, str(result)
    listed = [line.strip() for line in result.stderr.splitlines()]
    assert "README.md" in listed and "pyproject.toml" in listed, str(result)
    assert "--force" in result.stderr, str(result)
    assert snapshot(user_project) == before, "a refused generate changed the folder"


def test_generate_with_force_overwrites_then_owns_the_files(user_project: Path) -> None:
    forced = specgen("generate", "api.yaml", "-o", ".", "--force", cwd=user_project)
    assert forced.returncode == 0, str(forced)
    assert (user_project / "README.md").read_bytes() != USER_README
    assert (user_project / "api.yaml").read_text("utf-8") == GOOD  # not generated: kept
    manifest = json.loads((user_project / ".specgen-manifest.json").read_text())
    assert {"README.md", "pyproject.toml"} <= set(manifest["files"])
    # now specgen's own files: a plain regeneration goes through
    again = specgen("generate", "api.yaml", "-o", ".", cwd=user_project)
    assert again.returncode == 0, str(again)
    assert "0 written" in again.stdout, str(again)


def test_an_identical_file_is_not_in_the_way(tmp_path: Path) -> None:
    """A file already holding exactly what specgen would write loses nothing: adopted."""
    (tmp_path / "api.yaml").write_text(GOOD, "utf-8")
    first = specgen("generate", "api.yaml", "-o", "out", cwd=tmp_path)
    assert first.returncode == 0, str(first)
    (tmp_path / "out" / ".specgen-manifest.json").unlink()
    again = specgen("generate", "api.yaml", "-o", "out", cwd=tmp_path)
    assert again.returncode == 0, str(again)
    assert "0 written" in again.stdout, str(again)


@pytest.mark.parametrize(
    "make, named",
    [
        # a folder where a file goes (the user's README.md/ holds notes)
        (lambda out: (out / "README.md").mkdir() or (out / "README.md" / "x").write_text("x"),
         "README.md"),
        # a file where a folder is needed (specgen writes docs/index.md)
        (lambda out: (out / "docs").write_text("my docs\n"), "docs"),
        # a link at a generated path: specgen never writes through links
        (lambda out: (out / "mkdocs.yml").symlink_to(out.parent / "elsewhere.yml"),
         "mkdocs.yml"),
    ],
    ids=["folder-at-file-path", "file-at-folder-path", "link"],
)  # fmt: skip
def test_anything_in_the_way_is_refused_then_replaced_with_force(
    tmp_path: Path, make: object, named: str
) -> None:
    (tmp_path / "api.yaml").write_text(GOOD, "utf-8")
    (tmp_path / "elsewhere.yml").write_text("kept: true\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "NOTES.md").write_text("mine\n")
    assert callable(make)
    make(out)
    before = snapshot(tmp_path)
    refused = specgen("generate", "api.yaml", "-o", "out", cwd=tmp_path)
    assert refused.returncode == 1, str(refused)
    assert f"  {named}\n" in refused.stderr, str(refused)
    assert snapshot(tmp_path) == before
    forced = specgen("generate", "api.yaml", "-o", "out", "--force", cwd=tmp_path)
    assert forced.returncode == 0, str(forced)
    assert (out / "NOTES.md").read_text() == "mine\n"
    assert (tmp_path / "elsewhere.yml").read_text() == "kept: true\n"
    assert specgen("check", "api.yaml", "-o", "out", cwd=tmp_path).returncode == 0


def test_hand_edits_and_foreign_files_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(GOOD, "utf-8")
    assert specgen("generate", "api.yaml", "-o", "out", cwd=tmp_path).returncode == 0
    out = tmp_path / "out"
    models = out / "tiny_api" / "models.py"
    models.write_text(models.read_text() + "# tweak\n")
    # a file of the user's at a path the changed spec now generates
    (out / "tiny_api" / "resources" / "gadgets.py").write_text("MINE = 1\n")
    (tmp_path / "api.yaml").write_text(GOOD.replace("[Widgets]", "[Gadgets]"))
    refused = specgen("generate", "api.yaml", "-o", "out", cwd=tmp_path)
    assert refused.returncode == 1, str(refused)
    assert "edited by hand" in refused.stderr and "did not write" in refused.stderr
    assert "  tiny_api/models.py\n" in refused.stderr, str(refused)
    assert "  tiny_api/resources/gadgets.py\n" in refused.stderr, str(refused)


def test_check_after_a_hand_edit_names_the_file_and_the_way_out(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(GOOD, "utf-8")
    assert specgen("generate", "api.yaml", "-o", "out", cwd=tmp_path).returncode == 0
    client = tmp_path / "out" / "tiny_api" / "_client.py"
    client.write_text(client.read_text() + "# my change\n")
    before = snapshot(tmp_path)
    stale = specgen("check", "api.yaml", "-o", "out", cwd=tmp_path)
    assert stale.returncode == 1, str(stale)
    assert_no_traceback(stale)
    assert "edited by hand" in stale.stderr, str(stale)
    assert "  tiny_api/_client.py\n" in stale.stderr, str(stale)
    assert "generate --force" in stale.stderr and "discard" in stale.stderr
    assert snapshot(tmp_path) == before, "check wrote something"


def test_check_when_the_spec_changed_mentions_no_hand_edit(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(GOOD, "utf-8")
    assert specgen("generate", "api.yaml", "-o", "out", cwd=tmp_path).returncode == 0
    (tmp_path / "api.yaml").write_text(GOOD.replace("The thing.", "One thing."))
    stale = specgen("check", "api.yaml", "-o", "out", cwd=tmp_path)
    assert stale.returncode == 1, str(stale)
    assert "is stale" in stale.stderr
    assert "edited by hand" not in stale.stderr and "--force" not in stale.stderr


def test_check_names_foreign_files_generate_would_refuse(user_project: Path) -> None:
    stale = specgen("check", "api.yaml", "-o", ".", cwd=user_project)
    assert stale.returncode == 1, str(stale)
    assert "would refuse" in stale.stderr and "did not write" in stale.stderr
    listed = [line.strip() for line in stale.stderr.splitlines()]
    assert "README.md" in listed and "pyproject.toml" in listed, str(stale)
