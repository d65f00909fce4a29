"""The emitter lays out `def` lines and assignments as black does, so that black, which formats
every generated file, finds nothing to change (one pass, not two: `make bench`)."""

from __future__ import annotations

import black
from hypothesis import given, settings
from hypothesis import strategies as st

from odatagen.emit import BLACK_MODE
from odatagen.emit.text import assignment, def_line

_TYPE = st.from_regex(r"[A-Z][A-Za-z0-9]{0,50}", fullmatch=True) | st.from_regex(r"[A-Z][A-Za-z0-9]{30,50}", fullmatch=True)
_NAME = st.from_regex(r"[a-z][a-z0-9_]{0,40}", fullmatch=True).map(lambda n: f"x_{n}")  # never a keyword


@st.composite
def _returns(draw: st.DrawFn) -> str:
    """What builder methods return: a request of a model, a builder, a collection of builders."""
    model = draw(_TYPE)
    builder = f"{draw(_TYPE)}[{model}]"
    return draw(st.sampled_from([f"HttpRequest[{model}]", f"HttpRequest[list[{model}]]", builder, f"{draw(_TYPE)}[{model}, {builder}]"]))


@st.composite
def _params(draw: st.DrawFn) -> list[str]:
    """`self`, then keyword-only parameters, required ones first, as the builders' methods take them."""
    names = draw(st.lists(_NAME, max_size=4, unique=True))
    kinds = sorted(draw(st.lists(st.booleans(), min_size=len(names), max_size=len(names))))
    params = [f"{n}: {draw(_TYPE)}" + (" | None = None" if optional else "") for n, optional in zip(names, kinds)]
    return ["self", "*", *params] if params else ["self"]


@settings(max_examples=150, deadline=None)
@given(name=_NAME, params=_params(), returns=_returns(), stub=st.booleans(), indent=st.sampled_from([4, 8]))
def test_def_lines_are_what_black_writes(name: str, params: list[str], returns: str, stub: bool, indent: int) -> None:
    head = "class A:\n" if indent == 4 else "class A:\n    class B:\n"
    line = def_line(name, params, returns, indent, body=" ..." if stub else "")
    source = head + line + ("\n" if stub else f"\n{' ' * indent}    pass\n")
    assert black.format_str(source, mode=BLACK_MODE) == source


@given(target=st.sampled_from(["MODEL", "COLLECTION"]), value=st.from_regex(r"[a-z_]{1,60}:[A-Za-z]{1,80}", fullmatch=True))
def test_assignments_are_what_black_writes(target: str, value: str) -> None:
    source = "class A:\n" + assignment(target, repr(value).replace("'", '"'), 4) + "\n"
    assert black.format_str(source, mode=BLACK_MODE) == source


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.text(alphabet=st.sampled_from(" \t\r\nab\"'"), max_size=12), min_size=1, max_size=6).map("\n".join),
    prefix=st.sampled_from(["", "    ", "        "]),
)
def test_docstring_dedent_is_blacks(text: str, prefix: str) -> None:
    """odatagen's copy of black's PEP 257 step (rendering does not import black) agrees with it."""
    from black.strings import fix_multiline_docstring as blacks

    from odatagen.emit.text import fix_multiline_docstring

    if text:
        assert fix_multiline_docstring(text, prefix) == blacks(text, prefix)
