"""`already_black` lets a module skip black only where black would leave it unchanged: checked
against black on every module it accepts in whole documents, on hand-made near misses, and on
random small edits of accepted modules."""

from __future__ import annotations

from pathlib import Path

import black
import pytest
from conftest import ROOT, SHARED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odatagen.emit import BLACK_MODE, render_unformatted
from odatagen.emit.blackclean import already_black
from odatagen.pipeline import build_schema

BETA = SHARED / "graph/csdl/graph-beta-2021-07-13.xml"
SUBSET = ["userPFXCertificate", "microsoft.graph.callRecords.callRecord", "event", "windows10GeneralConfiguration", "plannerTask"]
WIDTH = BLACK_MODE.line_length


def blacked(text: str) -> str:
    return black.format_str(text, mode=BLACK_MODE)


def modules(source: Path, include: list[str] | None = None) -> dict[str, str]:
    schema = build_schema([source], None, source.parent, include or ())
    return {r.path: r.text for r in render_unformatted(schema, "pkg", ("x",)) if r.path.endswith(".py")}


def project_modules() -> dict[str, str]:
    from odatagen.config import load_config

    config = load_config(ROOT / "odatagen.yaml")
    schema = build_schema(config.sources, config.overlay, config.root)
    return {r.path: r.text for r in render_unformatted(schema, "pkg", ("x",)) if r.path.endswith(".py")}


DOCUMENTS = [
    pytest.param(lambda: modules(BETA, SUBSET), id="graph-beta-subset", marks=pytest.mark.skipif(not BETA.is_file(), reason="no ../shared")),
    pytest.param(lambda: modules(ROOT / "tests/data/csdl/names.xml"), id="hostile-names"),
    pytest.param(lambda: modules(ROOT / "tests/data/csdl/primitives.xml"), id="primitives"),
    pytest.param(lambda: modules(ROOT / "tests/data/csdl/rules.xml"), id="rules"),
    pytest.param(lambda: modules(ROOT / "tests/data/csdl/cap-shop.xml"), id="cap-shop"),
    pytest.param(project_modules, id="project"),
]


@pytest.mark.parametrize("load", DOCUMENTS)
def test_what_it_accepts_black_leaves_unchanged(load: object) -> None:
    texts = load()  # type: ignore[operator]
    accepted = [path for path, text in texts.items() if already_black(text, WIDTH)]
    assert [path for path in accepted if blacked(texts[path]) != texts[path]] == []
    assert accepted  # models and enums skip black: the point of it (most of them in Graph)


def accepted_samples() -> list[str]:
    texts = {**modules(ROOT / "tests/data/csdl/names.xml"), **modules(ROOT / "tests/data/csdl/rules.xml"), **project_modules()}
    return sorted(text for text in texts.values() if already_black(text, WIDTH))


SAMPLES = accepted_samples()
MODEL = next(text for text in SAMPLES if "prop(" in text and "if TYPE_CHECKING:" in text)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('= "#', "= '#"),  # single quotes: black writes double
        ("= UNSET\n", "= UNSET \n"),  # trailing space
        (": Nullable[", ":  Nullable["),  # two spaces
        ("= UNSET\n", "= (UNSET)\n"),  # redundant parentheses
        ('prop("', 'prop( "'),  # space inside a call
        ("\n\n\nclass ", "\n\nclass "),  # one blank line before the class
        ('):\n    """', '):\n\n    """'),  # a blank line before the docstring
        ('    """\n\n    ', '    """\n    '),  # no blank line after the docstring
        ("from __future__ import annotations\n", "from __future__ import annotations\nimport os,sys\n"),
        ("\n    OData ", "\n        OData "),  # a docstring indented deeper
        ("= UNSET\n", "= UNSET  # a comment\n"),
        ("= UNSET\n", "= UNSET,\n"),  # a tuple
    ],
)
def test_it_refuses_near_misses(old: str, new: str) -> None:
    assert already_black(MODEL, WIDTH)
    assert old in MODEL, old
    changed = MODEL.replace(old, new, 1)
    assert not already_black(changed, WIDTH)


def test_it_refuses_what_black_would_change_in_a_docstring_or_a_long_line() -> None:
    one_line_doc = 'class A(B):\n    """Text.\n    """\n'
    header = "# header\n\nfrom x import B\n\n\n"
    assert blacked(header + one_line_doc) != header + one_line_doc  # black joins the quotes
    assert not already_black(header + one_line_doc, WIDTH)
    long = header + 'class A(B):\n    """Doc."""\n\n    x: int = ' + "1" * 100 + "\n"
    assert not already_black(long, WIDTH)
    nbsp = header + 'class A(B):\n    """Doc.\u00a0"""\n'
    assert blacked(nbsp) != nbsp and not already_black(nbsp, WIDTH)
    fine = header + 'class A(B):\n    """Doc."""\n\n    x: int = 1\n    """Its doc: "quoted", not ending in a quote."""\n'
    assert already_black(fine, WIDTH) and blacked(fine) == fine


EDITS = st.sampled_from(["\n", "\n\n", " ", "    ", "", ",", "'", '"', "(", ")", "[", "#", "\t", "x" * 60, "\u00a0", "\\", "=", "-", "1"])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sample=st.sampled_from(SAMPLES), where=st.floats(0, 1), cut=st.integers(0, 3), insert=EDITS)
def test_a_small_edit_is_either_refused_or_still_what_black_writes(sample: str, where: float, cut: int, insert: str) -> None:
    at = int(where * (len(sample) - 1))
    edited = sample[:at] + insert + sample[at + cut :]
    if not already_black(edited, WIDTH):
        return
    try:
        compile(edited, "edited", "exec", dont_inherit=True)
    except SyntaxError:
        return  # odatagen parses every module first: such a text never reaches this check
    assert blacked(edited) == edited
