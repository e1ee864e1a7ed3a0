"""The YAML loader's one-pass tree (generator/source/yaml_tree.py) against PyYAML's own load.

The data must be what `yaml.load` with the spec loader gives (then with its keys made JSON
names); positions come from the same composed tree; what the walk refuses is refused with a
location, and rare YAML takes PyYAML's generic path with the same result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from specgen.diagnostics import SpecError
from specgen.source import loader

SHARED = Path(__file__).resolve().parents[2] / "shared"
HEAD = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n'


def generic(text: str) -> Any:
    """PyYAML's generic constructor and the old key pass: what the tree walk replaces."""
    data = yaml.load(text, Loader=loader._SpecLoader)
    document = loader.Document(Path("x.yaml"), "x.yaml", data, loader.SourceMap(text))
    loader.check_size(document)
    return document.data


def load(tmp_path: Path, text: str) -> loader.Document:
    path = tmp_path / "spec.yaml"
    path.write_text(text, "utf-8")
    return loader.load_document(path, "spec.yaml")


def refusal(tmp_path: Path, text: str) -> tuple[str, str, int, str]:
    with pytest.raises(SpecError) as caught:
        load(tmp_path, text)
    (found,) = caught.value.diagnostics
    return found.code, found.message, found.line, found.pointer


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["yes", "No", "~", "0x1F", "0o17", "1_000", "2024-01-01", ".inf"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(value=values, flow=st.sampled_from([None, True, False]))
def test_same_data_as_pyyaml(tmp_path_factory: Any, value: Any, flow: Any) -> None:
    text = yaml.safe_dump(
        {"x-value": value}, default_flow_style=flow, allow_unicode=True
    )
    tmp_path = tmp_path_factory.mktemp("tree")
    assert load(tmp_path, text).data == generic(text)


@pytest.mark.parametrize(
    "name",
    ["openai-2023-11-06.yaml", "openai-2024-10-17.yaml", "openai-2026-08-21.yaml"],
)
def test_same_data_as_pyyaml_on_real_specs(name: str) -> None:
    path = SHARED / "corpus" / "openai" / name
    if not path.exists():
        pytest.skip("needs ../shared/corpus")
    text = path.read_text("utf-8")
    document = loader.load_document(path)
    assert document.data == generic(text)
    # the composed tree is kept: positions need no second parse
    assert document.source._root is not None
    line, _ = document.source.locate("/paths")
    assert text.splitlines()[line - 1].startswith("paths:")


def test_anchors_share_and_keys_become_names(tmp_path: Path) -> None:
    text = HEAD + "x-a: &a {200: ok, true: yes, ~: nothing}\nx-b: *a\n"
    document = load(tmp_path, text)
    assert document.data["x-a"] == {"200": "ok", "True": True, "None": "nothing"}
    assert document.data["x-b"] is document.data["x-a"]
    assert document.data == generic(text)


def test_merge_keys_take_the_generic_path(tmp_path: Path) -> None:
    text = HEAD + "x-a: &a {b: 1}\nx-c:\n  <<: *a\n  d: 2\n"
    document = load(tmp_path, text)
    assert document.data["x-c"] == {"b": 1, "d": 2}
    assert document.locate("/x-c/d")[1:] == (7, 3)


def test_a_looping_alias_is_refused_where_it_loops(tmp_path: Path) -> None:
    text = (
        HEAD
        + "components:\n  schemas:\n    A: &a\n      properties:\n        self: *a\n"
    )
    code, message, line, pointer = refusal(tmp_path, text)
    assert (code, pointer) == ("E003", "/components/schemas/A/properties/self")
    assert "refers to a node that contains it" in message
    assert line == 8  # the key whose value is the alias


def test_a_looping_alias_is_refused_on_the_generic_path_too(tmp_path: Path) -> None:
    text = HEAD + "x-a: &a {b: 1}\nx-c:\n  <<: *a\n  d: [&q {z: *q}]\n"
    code, message, _, _ = refusal(tmp_path, text)
    assert code == "E003" and "refers to a node that contains it" in message


def test_two_keys_that_become_one_name_are_refused(tmp_path: Path) -> None:
    code, message, line, pointer = refusal(tmp_path, HEAD + 'x-a:\n  1: a\n  "1": b\n')
    assert (code, line, pointer) == ("E003", 6, "/x-a")
    assert "both the name '1'" in message
    # the same key twice keeps the last value, as YAML loaders do
    assert load(tmp_path, HEAD + "x-a:\n  b: 1\n  b: 2\n").data["x-a"] == {"b": 2}


def test_an_alias_placed_deeper_than_its_anchor_counts_its_depth(
    tmp_path: Path,
) -> None:
    deep = "[" * 200 + "]" * 200
    nest = "".join(f"{'  ' * i}k{i}:\n" for i in range(60))
    text = (
        HEAD
        + f"x-a: &a {deep}\nx-b:\n"
        + "".join("  " + line + "\n" for line in nest.splitlines())
    )
    text += "  " * 61 + "v: *a\n"
    code, _, line, pointer = refusal(tmp_path, text)
    assert code == "E006"
    assert pointer == "/x-b/" + "/".join(f"k{i}" for i in range(60)) + "/v"
    assert line == len(text.splitlines())  # the key whose value is the alias


def test_tags_json_has_no_value_for_are_refused(tmp_path: Path) -> None:
    code, message, line, _ = refusal(tmp_path, HEAD + "x-a: !!binary aGVsbG8=\n")
    assert (code, line) == ("E003", 4)
    assert "!!binary" in message
