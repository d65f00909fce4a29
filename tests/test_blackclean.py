"""`already_black` lets a module skip black only where black would leave it unchanged: checked
against black on every module it accepts in whole documents (Graph beta among them), on
hand-made near misses of each layout it accepts, and on random edits of accepted modules."""

from __future__ import annotations

import functools
import multiprocessing
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


def changed_by_black(texts: dict[str, str]) -> list[str]:
    """The paths whose text black would change (in worker processes when there are many)."""
    paths = sorted(texts)
    if len(paths) < 200:
        return [path for path in paths if blacked(texts[path]) != texts[path]]
    with multiprocessing.get_context("fork").Pool() as pool:
        outputs = pool.map(blacked, [texts[path] for path in paths], chunksize=16)
    return [path for path, out in zip(paths, outputs) if out != texts[path]]


def modules(source: Path, include: list[str] | None = None) -> dict[str, str]:
    schema = build_schema([source], None, source.parent, include or ())
    return {r.path: r.text for r in render_unformatted(schema, "pkg", ("x",)) if r.path.endswith(".py")}


def project_modules() -> dict[str, str]:
    from odatagen.config import load_config

    config = load_config(ROOT / "odatagen.yaml")
    schema = build_schema(config.sources, config.overlay, config.root)
    return {r.path: r.text for r in render_unformatted(schema, "pkg", ("x",)) if r.path.endswith(".py")}


@functools.cache
def beta_modules() -> dict[str, str]:
    """All of Graph beta: the document odatagen is timed on, every layout of every template."""
    return modules(BETA)


NO_SHARED = pytest.mark.skipif(not BETA.is_file(), reason="no ../shared")
DOCUMENTS = [
    pytest.param(lambda: modules(BETA, SUBSET), id="graph-beta-subset", marks=NO_SHARED),
    pytest.param(beta_modules, id="graph-beta", marks=NO_SHARED),
    pytest.param(lambda: modules(ROOT / "tests/data/csdl/names.xml"), id="hostile-names"),
    pytest.param(lambda: modules(ROOT / "tests/data/csdl/primitives.xml"), id="primitives"),
    pytest.param(lambda: modules(ROOT / "tests/data/csdl/rules.xml"), id="rules"),
    pytest.param(lambda: modules(ROOT / "tests/data/csdl/cap-shop.xml"), id="cap-shop"),
    pytest.param(project_modules, id="project"),
]


@pytest.mark.parametrize("load", DOCUMENTS)
def test_what_it_accepts_black_leaves_unchanged(load: object) -> None:
    texts = load()  # type: ignore[operator]
    accepted = {path: text for path, text in texts.items() if already_black(text, WIDTH)}
    if load is beta_modules:  # black over all of them takes half a minute: every sixth
        accepted = {path: accepted[path] for path in sorted(accepted)[::6]}
    assert changed_by_black(accepted) == []
    assert accepted  # models, enums and builders skip black: the point of it


@NO_SHARED
def test_it_accepts_nearly_all_of_graph_beta() -> None:
    """What makes a cold run fast: black formats only what the proof cannot cover (the static
    runtime modules, a few layouts black reaches by more steps than the proof follows)."""
    texts = beta_modules()
    refused = sorted(path for path, text in texts.items() if not already_black(text, WIDTH))
    for folder in ("models", "enums", "builders"):
        inside = [path for path in texts if path.startswith(f"pkg/{folder}/")]
        assert len([path for path in refused if path in inside]) <= len(inside) // 100, folder


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


# Near misses of each layout, hand-made: the first text of a pair is accepted and is what black
# writes; the second differs from it by one step (a column, a comma, a blank line) and black
# writes it otherwise, so accepting it would be wrong.

HEADER = "# header\n\nfrom x import B\n\n\n"


def in_class(body: str) -> str:
    return HEADER + 'class A(B):\n    """Doc."""\n\n' + body


def name(width: int, stem: str = "n") -> str:
    """A name `width` characters long."""
    return (stem + "_" * width)[:width]


def one_line_def(columns: int) -> str:
    rest = "(self, *, a: int) -> HttpRequest[None]:"
    return in_class(f"    @operation\n    def {name(columns - 8 - len(rest), 'f')}{rest}\n        return self._x(a)\n")


def joined_parameters(columns: int) -> str:
    """Parameters on a line of their own, the `def` being `columns` wide on one line."""
    rest = "(self, *, a: int) -> HttpRequest[None]:"
    f = name(columns - 8 - len(rest), "f")
    return in_class(f"    def {f}(\n        self, *, a: int\n    ) -> HttpRequest[None]:\n        return self._x(a)\n")


def returned_call(columns: int, split: bool = True) -> str:
    """`return self._many(...)`, `columns` wide on one line, its arguments split off."""
    head = '        return self._many("a", "'
    value = name(columns - len(head) - 2, "v")
    if not split:
        return in_class(f'    def f(self) -> int:\n{head}{value}")\n')
    return in_class(f'    def f(self) -> int:\n        return self._many(\n            "a", "{value}"\n        )\n')


def annotation_tail(columns: int) -> str:
    """`) -> Outer[inner]:` `columns` wide, split inside the brackets."""
    inner = name(columns - len("    ) -> Outer[]:"), "T")
    return in_class(f"    def f(\n        self,\n    ) -> Outer[\n        {inner}\n    ]:\n        return self._x()\n")


def exploded_annotation(columns: int) -> str:
    """Parameters on a line of their own and the return annotation's items one per line,
    `def f(self, *, a: int) -> Outer[` being `columns` wide."""
    f = name(columns - len("    def (self, *, a: int) -> Outer["), "f")
    return in_class(f"    def {f}(\n        self, *, a: int\n    ) -> Outer[\n        A,\n        B,\n    ]:\n        return a\n")


def field(columns: int, value: str = "prop(codec=INT32)", layout: str = "call", upto: str = "") -> str:
    """`f: Nullable[int] = value` laid out as `layout` says, `f` long enough that
    `f: Nullable[int] = ` and `upto` is `columns` wide (by default up to the value's bracket)."""
    upto = upto or (value[: value.index("(") + 1] if "(" in value else "(")
    f = name(columns - len(f"    : Nullable[int] = {upto}"), "f")
    if layout == "call":
        cut = value.index("(") + 1
        return in_class(f"    {f}: Nullable[int] = {value[:cut]}\n        {value[cut:-1]}\n    )\n")
    if layout == "parentheses":
        return in_class(f"    {f}: Nullable[int] = (\n        {value}\n    )\n")
    return in_class(f"    {f}: Nullable[\n        int\n    ] = {value}\n")


def string_value(columns: int, parenthesized: bool) -> str:
    """`NAME = "..."`, `columns` wide on one line."""
    text = '"' + name(columns - len('    NAME = ""'), "s") + '"'
    return in_class(f"    NAME = (\n        {text}\n    )\n" if parenthesized else f"    NAME = {text}\n")


OVERLOADS = (
    "    @overload\n    def f(self) -> int: ...\n\n"
    "    @overload\n    def f(self, *, a: int) -> int: ...\n\n"
    "    @operation\n    def f(self, **arguments: Any) -> Any:\n"
    '        return self._overload("f", arguments, self._f_1, self._f_2)\n'
)
METHOD = '    @property\n    def x(self) -> int:\n        """Doc."""\n        return self._one("x", "y")\n'
RETURNS = '        return self._operation(\n            "POST",\n            "a.b",\n            x,\n        )\n'
PAIRS = {
    "a def at the line length, one column over": (one_line_def(100), one_line_def(101)),
    "parameters on their line: the def too long, then not": (joined_parameters(101), joined_parameters(100)),
    "exploded parameters without their magic comma": (
        in_class("    def f(\n        self,\n        *,\n        a: int,\n    ) -> int:\n        return a\n"),
        in_class("    def f(\n        self,\n        *,\n        a: int\n    ) -> int:\n        return a\n"),
    ),
    "a lone parameter without the comma black adds": (
        in_class(f"    def {name(90, 'f')}(\n        self,\n    ) -> int:\n        return 1\n"),
        in_class(f"    def {name(90, 'f')}(\n        self\n    ) -> int:\n        return 1\n"),
    ),
    "a blank line after a decorator": (in_class(METHOD), in_class(METHOD.replace("@property\n", "@property\n\n"))),
    "a blank line before a def's docstring": (in_class(METHOD), in_class(METHOD.replace('int:\n', 'int:\n\n'))),
    "a def's docstring with a trailing space": (in_class(METHOD), in_class(METHOD.replace('Doc."""', 'Doc. """'))),
    "methods two blank lines apart": (in_class(METHOD + "\n" + METHOD), in_class(METHOD + "\n\n" + METHOD)),
    "methods no blank line apart": (in_class(METHOD + "\n" + METHOD), in_class(METHOD + METHOD)),
    "a method right after a statement": (in_class("    KEY = 1\n\n" + METHOD), in_class("    KEY = 1\n" + METHOD)),
    "a call's arguments on their line: too long, then not": (returned_call(101), returned_call(100)),
    "a call on one line one column too long": (returned_call(100, split=False), returned_call(101, split=False)),
    "an exploded call without its magic comma": (
        in_class("    def f(self) -> int:\n" + RETURNS),
        in_class("    def f(self) -> int:\n" + RETURNS.replace("x,\n", "x\n")),
    ),
    "an exploded call's long item: a string, a call": (
        in_class("    def f(self) -> int:\n" + RETURNS.replace('"a.b"', '"' + "a" * 100 + '"')),
        in_class("    def f(self) -> int:\n" + RETURNS.replace('"a.b"', 'g("' + "a" * 100 + '")')),
    ),
    "a return annotation split: too long, then not": (annotation_tail(101), annotation_tail(100)),
    "a return annotation's items exploded, one item": (
        in_class("    def f(self) -> Outer[\n        A,\n        B,\n    ]:\n        return 1\n"),
        in_class("    def f(self) -> Outer[\n        A,\n    ]:\n        return 1\n"),
    ),
    "after split parameters, a return annotation exploded: two items, one": (
        in_class("    def f(\n        self,\n    ) -> Outer[\n        A,\n        B,\n    ]:\n        return 1\n"),
        in_class("    def f(\n        self,\n    ) -> Outer[\n        A,\n    ]:\n        return 1\n"),
    ),
    "parameters on their line, the annotation exploded: `def ...[` too long, then not": (
        exploded_annotation(101),
        exploded_annotation(100),
    ),
    "an item split at its brackets: too long, then not": (
        in_class(f"    def f(self) -> Outer[\n        A,\n        Bbbb[\n            {name(86, 'C')}\n        ],\n    ]:\n        return 1\n"),
        in_class(f"    def f(self) -> Outer[\n        A,\n        Bbbb[\n            {name(85, 'C')}\n        ],\n    ]:\n        return 1\n"),
    ),
    "a class line split: too long, then not": (
        HEADER + f"class {name(85, 'A')}(\n    Base[M]\n):\n" + '    """Doc."""\n',
        HEADER + f"class {name(84, 'A')}(\n    Base[M]\n):\n" + '    """Doc."""\n',
    ),
    "a class line with bases, with empty parentheses": (
        HEADER + 'class A(B):\n    """Doc."""\n',
        HEADER + 'class A():\n    """Doc."""\n',
    ),
    "a string in parentheses: too long without, then not": (string_value(101, True), string_value(100, True)),
    "a string too long even in parentheses, then not": (string_value(104, False), string_value(103, False)),
    "a field split at its call: the head fits, then not": (field(100), field(101)),
    "a field in parentheses: the call's head too long, then not": (
        field(101, layout="parentheses"),
        field(100, layout="parentheses"),
    ),
    "a field split in its annotation: `= (` too long, then not": (
        field(101, "UNSET", layout="annotation"),
        field(100, "UNSET", layout="annotation"),
    ),
    "a field with a call split in its annotation: `= (` too long, then not": (
        field(101, "prop(computed=True)", layout="annotation", upto="("),
        field(100, "prop(computed=True)", layout="annotation", upto="("),
    ),
    "a field split in its annotation: its value a name, a union": (
        field(101, "UNSET", layout="annotation"),
        field(101, "UNSET | None", layout="annotation", upto="("),
    ),
    "an overload's `...` on the def line, on a line of its own": (
        in_class(OVERLOADS),
        in_class(OVERLOADS.replace("int: ...\n", "int:\n        ...\n", 1)),
    ),
    "a one-tuple; a call's and a list's lone comma are magic": (
        in_class('    KEY = (("id", "Edm.String"),)\n'),
        in_class('    KEY = f(("id", "Edm.String"),)\n'),
    ),
    "a list's trailing comma is magic": (in_class('    KEY = ["id", "a"]\n'), in_class('    KEY = ["id", "a",]\n')),
    "an exploded tuple of one item is a one-tuple": (
        in_class('    KEY = (\n        "a",\n        "b",\n    )\n'),
        in_class('    KEY = (\n        "a",\n    )\n'),
    ),
    "a parameter's annotation in parentheses: a union, then not": (
        in_class(f"    def f(\n        self,\n        *,\n        {name(20, 'a')}: (\n            {name(70, 'T')} | None\n        ) = None,\n    ) -> int:\n        return 1\n"),
        in_class(f"    def f(\n        self,\n        *,\n        {name(20, 'a')}: (\n            list[{name(70, 'T')}]\n        ) = None,\n    ) -> int:\n        return 1\n"),
    ),
    "one blank line after a module docstring": (
        '"""Doc."""\n\n# header\n\nfrom x import B\n',
        '"""Doc."""\n\n\n# header\n\nfrom x import B\n',
    ),
    "two spaces before an inline comment": (
        "# header\n\nfrom x import B\n\nif TYPE_CHECKING:  # c\n    from y import C\nelse:\n    a, b = f(x)\n",
        "# header\n\nfrom x import B\n\nif TYPE_CHECKING: # c\n    from y import C\nelse:\n    a, b = f(x)\n",
    ),
    "a statement after `else:`, spelled as black spells it": (
        "# header\n\nfrom x import B\n\nif TYPE_CHECKING:\n    from y import C\nelse:\n    a, b = f(x)\n",
        "# header\n\nfrom x import B\n\nif TYPE_CHECKING:\n    from y import C\nelse:\n    a, b = f( x)\n",
    ),
}


@pytest.mark.parametrize(("good", "bad"), PAIRS.values(), ids=PAIRS.keys())
def test_it_tells_a_layout_from_its_near_miss(good: str, bad: str) -> None:
    assert already_black(good, WIDTH) and blacked(good) == good
    assert blacked(bad) != bad  # a real near miss: black would write it otherwise
    assert not already_black(bad, WIDTH)


# Random edits of accepted Graph beta modules, chosen for their layouts: a request builder's
# navigations, actions and functions (overloads, exploded calls, long strings, return
# annotations split three ways, union parameters split), models' fields split at a call, in
# parentheses or in their annotation, enums' long members and exploded numbers.
BETA_SAMPLES = [
    "builders/app_catalogs.py",
    "builders/connector.py",
    "builders/external_2.py",
    "builders/cloud_pc_overview.py",
    "builders/calendar_sharing_message.py",
    "builders/change_tracked_entity.py",
    "builders/access_review_history_definition.py",
    "builders/access_package.py",
    "builders/authentication_methods_root.py",
    "builders/device_management_autopilot_event.py",
    "builders/imported_windows_autopilot_device_identity.py",
    "builders/managed_app_policy.py",
    "builders/report_root.py",
    "models/registration_enforcement.py",
    "models/active_directory_windows_autopilot_deployment_profile.py",
    "models/android_device_owner_kiosk_mode_folder_item.py",
    "models/device_management_configuration_setting_group_collection_instance.py",
    "models/managed_device.py",
    "enums/android_device_owner_enrollment_token_type.py",
    "enums/authenticator_app_feature_settings.py",
    "enums/mac_os_software_update_state.py",
]


@functools.cache
def beta_sample(index: int) -> str:
    """The module, its class cut after the first method past line 450 (report_root.py's first
    function with an exploded return annotation comes before; black takes long on the rest)."""
    lines = beta_modules()["pkg/" + BETA_SAMPLES[index]][:-1].split("\n")
    cut = next((i for i in range(450, len(lines)) if lines[i] == "" and lines[i + 1].startswith("    @")), len(lines))
    text = "\n".join(lines[:cut]) + "\n"
    assert already_black(text, WIDTH), BETA_SAMPLES[index]
    return text


def check_edit(edited: str) -> None:
    if not already_black(edited, WIDTH):
        return
    try:
        compile(edited, "edited", "exec", dont_inherit=True)
    except SyntaxError:
        return  # odatagen parses every module first: such a text never reaches this check
    assert blacked(edited) == edited


@NO_SHARED
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(BETA_SAMPLES) - 1), where=st.floats(0, 1), cut=st.integers(0, 3), insert=EDITS)
def test_a_small_edit_of_a_graph_module_is_either_refused_or_still_what_black_writes(index: int, where: float, cut: int, insert: str) -> None:
    sample = beta_sample(index)
    at = int(where * (len(sample) - 1))
    check_edit(sample[:at] + insert + sample[at + cut :])


LINE_EDITS = st.sampled_from(["drop", "double", "blank", "join", "split", "indent", "dedent", "comma", "uncomma"])


def edit_line(text: str, where: float, how: str, column: float) -> str:
    """One change of a line's layout: removed, doubled, a blank line before it, joined with
    the next, split at a space, indented or dedented, a trailing comma added or removed."""
    lines = text[:-1].split("\n")
    i = int(where * (len(lines) - 1))
    line = lines[i]
    if how == "drop":
        del lines[i]
    elif how == "double":
        lines.insert(i, line)
    elif how == "blank":
        lines.insert(i, "")
    elif how == "join" and i + 1 < len(lines):
        lines[i : i + 2] = [line + lines[i + 1].strip()]
    elif how == "split" and " " in line.strip():
        spaces = [j for j, ch in enumerate(line) if ch == " " and line[:j].strip()]
        j = spaces[int(column * (len(spaces) - 1))]
        indent = len(line) - len(line.lstrip())
        lines[i : i + 1] = [line[:j], " " * (indent + 4) + line[j + 1 :]]
    elif how == "indent":
        lines[i] = "    " + line
    elif how == "dedent" and line.startswith("    "):
        lines[i] = line[4:]
    elif how == "comma":
        lines[i] = line + ","
    elif how == "uncomma" and line.endswith(","):
        lines[i] = line[:-1]
    return "\n".join(lines) + "\n"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sample=st.sampled_from(SAMPLES), where=st.floats(0, 1), how=LINE_EDITS, column=st.floats(0, 1))
def test_a_line_moved_is_either_refused_or_still_what_black_writes(sample: str, where: float, how: str, column: float) -> None:
    check_edit(edit_line(sample, where, how, column))


@NO_SHARED
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(BETA_SAMPLES) - 1), where=st.floats(0, 1), how=LINE_EDITS, column=st.floats(0, 1))
def test_a_line_of_a_graph_module_moved_is_either_refused_or_still_what_black_writes(index: int, where: float, how: str, column: float) -> None:
    check_edit(edit_line(beta_sample(index), where, how, column))
