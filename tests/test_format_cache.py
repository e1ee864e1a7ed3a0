"""black's answers kept between runs (render/format_cache.py): a warm cache gives the same
bytes as black itself, asks black nothing it already answered, and a broken or missing
cache only costs time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from specgen.pipeline import generate
from specgen.render import formatting

SPEC = Path(__file__).resolve().parent / "golden" / "composition" / "spec.yaml"


def _render(monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, str], int]:
    """The tree, and how many lines black was asked about."""
    asked = 0
    real = formatting._format_group
    real_block = formatting._black_block

    def counting(shape: Any, indent: int, group: list[str]) -> list[list[str]]:
        nonlocal asked
        asked += len(group)
        return real(shape, indent, group)

    def counting_block(block: str) -> str:
        nonlocal asked
        asked += 1
        return real_block(block)

    monkeypatch.setattr(formatting, "_format_group", counting)
    monkeypatch.setattr(formatting, "_black_block", counting_block)
    formatting._format_with_black.cache_clear()  # no help from this process's memory
    tree, _ = generate(SPEC)
    return dict(tree.files), asked


def test_a_warm_cache_gives_black_s_bytes_without_black(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path / "cache"))
    cold, asked_cold = _render(monkeypatch)
    warm, asked_warm = _render(monkeypatch)
    monkeypatch.setenv("SPECGEN_CACHE_DIR", "")  # off: black answers everything
    fresh, asked_fresh = _render(monkeypatch)

    assert asked_cold > 0, "the case must have lines only black lays out"
    assert asked_warm == 0
    assert asked_fresh == asked_cold
    assert warm == cold == fresh
    assert list((tmp_path / "cache").glob("black-*.json"))


def test_a_damaged_cache_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(folder))
    first, _ = _render(monkeypatch)
    for path in folder.glob("black-*.json"):
        path.write_text("{not json")
    again, asked = _render(monkeypatch)
    assert again == first and asked > 0


def test_an_unwritable_cache_folder_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(blocker / "cache"))
    tree, asked = _render(monkeypatch)
    assert tree and asked > 0
