"""The formatter's fast scans (render/formatting.py) decide what their slow definitions
decide: which long lines are code (`_code_lines` against the line-by-line docstring walk
`changeable_lines`, below) and whether a line's brackets balance (`_balanced` against the
tokenizer, `_balanced_tokens`), on generated-looking text and on arbitrary text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from specgen.render import formatting


def changeable_lines(lines: list[str]) -> Iterator[int]:
    """The definition `_code_lines` is held to: a walk of every line, tracking whether it
    is inside a docstring."""
    in_docstring = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        quotes = stripped.count('"""')
        if in_docstring:
            in_docstring = quotes % 2 == 0
            continue
        if stripped.startswith('"""'):
            in_docstring = quotes % 2 == 1
            continue
        if stripped.startswith("#"):
            continue
        yield index


RUNTIME = Path(__file__).resolve().parents[1] / "templates" / "runtime"

_line_pieces = st.sampled_from(
    ['"""', "x = 1", "# c", '    """doc"""', '  """a', 'b"""', "", '"""x""" y """',
     "    # \"\"\"", "    def f(self) -> None:", "'''", 'f("""', "z"]
)  # fmt: skip
_bracket_pieces = st.sampled_from(
    ["(", ")", "[", "]", "{", "}", '"', "'", "\\", "#", "a", " ", ",", 'f"{x}"',
     '"a(b"', "'c]'", '"""', ":", "'''", 'b"\\""']
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_line_pieces, max_size=16))
def test_code_lines_agree_with_the_line_walk(lines: list[str]) -> None:
    everything = list(range(len(lines)))
    assert formatting._code_lines(lines, everything) == list(changeable_lines(lines))


@settings(max_examples=400, deadline=None)
@given(st.lists(_bracket_pieces, max_size=16).map("".join))
def test_balanced_agrees_with_the_tokenizer(line: str) -> None:
    assert formatting._balanced(line) == formatting._balanced_tokens(line)


def test_both_agree_on_the_runtime_source() -> None:
    for path in sorted(RUNTIME.glob("*.py")):
        lines = path.read_text("utf-8").split("\n")
        everything = list(range(len(lines)))
        assert formatting._code_lines(lines, everything) == list(
            changeable_lines(lines)
        ), path.name
        for line in lines:
            assert formatting._balanced(line) == formatting._balanced_tokens(line), line
