"""render/layout.py lays long lines out as black does: checked against black itself on
generated type expressions in every shape it handles (a shape it does not handle must say so,
never guess). The whole 2026 OpenAI package is byte-identical with and without it (measured
when it was written; the golden trees pin the smaller cases in every run).
"""

from __future__ import annotations

import os

import black
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from specgen.literals import py_str  # the templates' strings: black's quotes already
from specgen.render import layout

MODE = black.Mode(target_versions={black.TargetVersion.PY311}, line_length=88)

_names = st.from_regex(r"[A-Z][a-z]{3,11}(?:[A-Z][a-z]{3,11}){1,5}", fullmatch=True)
_modules = st.lists(
    st.from_regex(r"[a-z]{3,14}(?:_[a-z]{3,14}){0,3}", fullmatch=True),
    min_size=1,
    max_size=4,
)
_atoms = st.one_of(
    _names,
    _names.map(lambda n: f"_models.{n}"),
    # a resource class by its module path: long enough not to fit even on a line of its own
    st.tuples(_modules, _names).map(lambda m: ".".join(["_resources", *m[0], m[1]])),
    st.sampled_from(["str", "int", "None", "NotGiven", "float"]),
)


# discriminator values: short, or dotted and long like OpenAI's event types
_values = st.one_of(
    st.just(""),
    st.from_regex(r"[a-z]{3,12}(?:[._][a-z]{3,16}){1,4}", fullmatch=True),
)


def _types(depth: int = 2) -> st.SearchStrategy[str]:
    if depth == 0:
        return _atoms
    inner = _types(depth - 1)
    literal = st.lists(
        st.from_regex(r"[a-z][a-z0-9_.-]{1,24}", fullmatch=True),
        min_size=1,
        max_size=12,
    )
    return st.one_of(
        _atoms,
        inner.map(lambda t: f"list[{t}]"),
        inner.map(lambda t: f"Iterable[{t}]"),
        inner.map(lambda t: f"dict[str, {t}]"),
        literal.map(lambda vs: "Literal[" + ", ".join(f'"{v}"' for v in vs) + "]"),
        st.lists(st.tuples(_names, _values), min_size=2, max_size=4).map(
            lambda ns: "Annotated["
            + " | ".join(n for n, _ in ns)
            + ', Discriminated("type", {'
            + ", ".join(f'"{value or n.lower()}": {n}' for n, value in ns)
            + "})]"
        ),
        st.lists(inner, min_size=2, max_size=6).map(" | ".join),
    )


CONTEXTS = {
    # shape -> (layout function, snippet around the line, the line's indentation)
    "parameter": (
        layout.parameter,
        "class C:\n    def f(\n        self,\n{line}\n    ) -> None:\n        pass\n",
        8,
    ),
    "field": (layout.statement, "class C:\n{line}\n", 4),
    "constant": (layout.statement, "{line}\n", 0),
    "paging": (layout.statement, "{line}\n", 0),
    "alias": (layout.statement, "{line}\n", 0),
    "return": (layout.statement, "def f():\n    if x:\n{line}\n", 8),
    "element": (layout.element, "x = f(\n    a,\n{line}\n)\n", 4),
    "definition": (layout.signature_end, "class C:\n{line}\n        pass\n", 4),
    "signature end": (
        layout.signature_end,
        "class C:\n    def f(\n        self,\n        x: int,\n{line}\n",
        4,
    ),
}


def _line(shape: str, name: str, type_text: str, value: str) -> str:
    if shape == "parameter":
        return f"{name}: {type_text}{' = NOT_GIVEN' if value else ''},"
    if shape == "field":
        return f"{name}: {type_text}{value}"
    if shape == "constant":  # a long string or name, as DEFAULT_BASE_URL can be
        return f"{name.upper()} = {type_text if value else py_str(type_text * 3)}"
    if shape == "paging":  # an annotated constant whose value is a call
        call = (
            'style="cursor", response=ListThingsResponse, items=("data",), '
            'param="after", next_cursor=("last_id",)'
            if value
            else 'style="offset"'
        )
        return (
            f"_{name}_paging: Paging[{type_text}, ListThingsResponse] = Paging({call})"
        )
    if shape == "alias":
        return f"{name.title().replace('_', '')}: TypeAlias = {type_text}"
    if shape == "return":
        return f"return cast({type_text}, parse_json(_response, {type_text}))"
    if shape == "definition":  # a one-line signature too long for its line
        if value:
            return (
                f"def {name}(self, resource: {type_text}, *, timeout: float | None"
                f" = None) -> {type_text}:"
            )
        return f"def {name}(self, resource: {type_text}) -> None:"
    if shape == "element":
        return f"{type_text},"
    return f") -> {type_text}:{' ...' if value else ''}"


@settings(
    max_examples=int(os.environ.get("SPECGEN_LAYOUT_EXAMPLES", "250")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
@given(
    shape=st.sampled_from(sorted(CONTEXTS)),
    name=st.from_regex(r"[a-z]{1,12}(?:_[a-z]{1,12}){0,3}", fullmatch=True),
    type_text=_types(),
    value=st.sampled_from(
        ["", " = None", ' = Field(default=None, alias="x")', " = Field(max_length=128)"]
    ),
)
def test_layout_is_what_black_writes(
    shape: str, name: str, type_text: str, value: str
) -> None:
    function, snippet, indent = CONTEXTS[shape]
    line = " " * indent + _line(shape, name, type_text, value)
    assume(len(line) > layout.LINE_LENGTH)  # a line that fits is left alone
    if shape == "signature end" and not line.endswith("..."):
        snippet += "        pass\n"
    try:
        laid_out = function(line)
    except layout.Unsupported:
        event("unsupported: black lays it out")
        return
    event("compared")
    expected = black.format_str(snippet.format(line=line), mode=MODE)
    assert snippet.format(line="\n".join(laid_out)) == expected


@pytest.mark.parametrize(
    "line",
    [
        "    else: something_long(" + "x, " * 40 + "y)",  # a keyword, not an annotation
        "        total = a + b + "
        + " + ".join(["value"] * 20),  # operators it does not model
        "    x: T = f(" + "a, " * 40 + "b,)",  # a magic trailing comma
    ],
)
def test_what_it_does_not_model_goes_to_black(line: str) -> None:
    with pytest.raises(layout.Unsupported):
        layout.statement(line)


@pytest.mark.parametrize("length", [79, 80, 81, 84, 90, 120])
@pytest.mark.parametrize("self_only", [False, True])
@pytest.mark.parametrize("dotted", [False, True])
def test_a_return_annotation_name_is_wrapped_as_black_wraps_it(
    length: int, self_only: bool, dotted: bool
) -> None:
    """A dotted name (the 2026 OpenAI client's sub-resource properties) is wrapped in
    parentheses however long it is; a plain name only when it then fits."""
    name = ("_resources." if dotted else "R") + "b" * (length - (11 if dotted else 1))
    head = "    def f(self)" if self_only else "    def f(\n        self,\n    )"
    snippet = "class C:\n{line}\n        pass\n"
    last = f"    def f(self) -> {name}:" if self_only else f"    ) -> {name}:"
    try:
        laid_out = layout.signature_end(last)
    except layout.Unsupported:
        assert not dotted and length > 80  # black's own case: left to black
        return
    source = snippet.format(line=head + f" -> {name}:")
    expected = black.format_str(source, mode=MODE)
    prefix = "" if self_only else "    def f(\n        self,\n"
    assert "class C:\n" + prefix + "\n".join(laid_out) + "\n        pass\n" == expected
