"""Compiled templates kept between runs (render/template_cache.py): a warm cache compiles
nothing and renders the same bytes; an edited template, a damaged entry or an unwritable
folder never gives stale or failed output; `SPECGEN_CACHE_DIR=` turns it off."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from specgen.pipeline import generate
from specgen.render.engine import make_environment

SPEC = Path(__file__).resolve().parent / "golden" / "composition" / "spec.yaml"


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the templates Jinja compiles from source from now on."""
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(
        self: jinja2.Environment,
        source: object,
        name: object = None,
        *a: object,
        **k: object,
    ) -> object:
        compiled.append(str(name))
        return real(self, source, name, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def test_a_warm_cache_compiles_nothing_and_renders_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path / "cache"))
    compiled = _compiles(monkeypatch)
    cold, _ = generate(SPEC)
    assert compiled, "a cold cache compiles the templates"
    assert list((tmp_path / "cache" / "templates").glob("*.cache"))
    compiled.clear()
    warm, _ = generate(SPEC)
    assert compiled == []
    monkeypatch.setenv("SPECGEN_CACHE_DIR", "")
    off, _ = generate(SPEC)
    assert compiled, "with the cache off, every run compiles"
    assert dict(warm.files) == dict(cold.files) == dict(off.files)


def test_an_edited_template_is_compiled_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path / "cache"))
    user = tmp_path / "templates" / "project"
    user.mkdir(parents=True)
    page = user / "README.md.jinja"
    page.write_text("first {{ api.title }}\n", "utf-8")
    env = make_environment(tmp_path / "templates")
    assert env.get_template("project/README.md.jinja").render(api={"title": "A"}) == (
        "first A\n"
    )
    page.write_text("second {{ api.title }}\n", "utf-8")
    env = make_environment(tmp_path / "templates")
    assert env.get_template("project/README.md.jinja").render(api={"title": "A"}) == (
        "second A\n"
    )


def test_damaged_entries_and_an_unwritable_folder_only_cost_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path / "cache"))
    first, _ = generate(SPEC)
    for entry in (tmp_path / "cache" / "templates").glob("*.cache"):
        entry.write_bytes(entry.read_bytes()[:20])  # cut short
    compiled = _compiles(monkeypatch)
    damaged, _ = generate(SPEC)
    assert compiled, "damaged entries are compiled again"
    (tmp_path / "blocker").write_text("a file where the folder would go", "utf-8")
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path / "blocker"))
    unwritable, _ = generate(SPEC)
    assert dict(first.files) == dict(damaged.files) == dict(unwritable.files)
