"""Per-page isolation: a docs page that cannot be read is left out whole and the run goes on
(exit 0, a count in the summary line, a row per page under --warnings and in `drift`);
`--strict` makes its errors fatal again; the overlay's `skip_pages` leaves pages out by name.
CSDL documents and the overlay stay fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, SEED_000, SEED_003
from test_cli import project  # noqa: F401 - the fixture: a copy of the project's inputs and output

from odatagen.cli import main
from odatagen.pipeline import build_schema

LISTENER = ROOT / "tests/data/isolation/invokeuserflowlistener.md"  # a real page: its types are on pages of no run here
CSDL = ROOT / "schemas/csdl/userpfxcertificate.xml"


def run(argv: list[str], capsys: pytest.CaptureFixture[str], cwd: Path | None = None) -> tuple[int, str, str]:
    import os

    before = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        code = main(argv)
    finally:
        os.chdir(before)
    out, err = capsys.readouterr()
    return code, out, err


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".odatagen-stamp"}


BROKEN_ROW = "table row has 1 cells but its header has 3"


def break_seed_000(project: Path) -> tuple[str, int]:
    """The project's create page of pfxUserCertificate (seed 000, rendered text) with a broken
    row in its request-body table (a cell lost), as a page can be: its path and the row's line."""
    page = project / "schemas/docs/000_e2f8227b4674fe38.txt"
    text = page.read_text()
    page.write_text(text.replace("\nuserUpn String\n", "\nuserUpn\n", 1))
    return "schemas/docs/000_e2f8227b4674fe38.txt", text.splitlines().index("userUpn String") + 1


def test_a_broken_page_is_left_out_whole_and_the_run_goes_on(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page, line = break_seed_000(project)
    code, _, err = run(["generate"], capsys, project)
    assert code == 0, err
    summary = err.strip().splitlines()[-1]
    assert summary.endswith("; 1 unreadable page(s) left out (see --warnings)"), summary
    assert page not in err  # the list is under --warnings
    operations = (project / "generated/graph_certificates/operations.py").read_text()
    assert "def create_pfx_user_certificate(" not in operations  # the page's operation is gone...
    assert "def create_pfx_user_certificate(" in (ROOT / "generated/graph_certificates/operations.py").read_text()
    assert "def get_pfx_user_certificate(" in operations  # ...and only that page's facts
    code, _, err = run(["generate", "--warnings"], capsys, project)
    assert code == 0
    assert f"{page}:{line}: warning: page left out, 1 error(s): line {line}: {BROKEN_ROW}" in err
    code, out, err = run(["drift"], capsys, project)
    assert code == 0 and "1 unreadable page(s) left out" in err
    (row,) = [r for r in out.splitlines() if "page left out" in r]
    assert row.startswith(f"{page}:{line} ")


def test_strict_makes_a_broken_page_fatal_as_before(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page, line = break_seed_000(project)
    before = tree(project / "generated")
    for command in (["generate", "--strict"], ["drift", "--strict"]):
        code, out, err = run(command, capsys, project)
        assert code == 2 and out == ""
        assert err.startswith(f"{page}:{line}: {BROKEN_ROW}"), err
    assert tree(project / "generated") == before


# -- an example body that is not JSON: drift, the page kept whole ----------------------------------


def break_seed_000_example(project: Path) -> tuple[str, int]:
    """Seed 000 with a stray comma in its example request: its path and the line of the comma."""
    page = project / "schemas/docs/000_e2f8227b4674fe38.txt"
    text = page.read_text()
    page.write_text(text.replace('  "status": 6,', '  "status": 6,,', 1))
    return "schemas/docs/000_e2f8227b4674fe38.txt", text.splitlines().index('  "status": 6,') + 1


EXAMPLE_JSON = "example body is not valid JSON (Expecting property name enclosed in double quotes); the example is not checked"


def test_an_example_that_is_not_json_is_drift_and_the_page_is_kept(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only the example is bad: the page's operation, its table and permissions all reach the
    package, which is the committed one, byte for byte; the example is a drift row."""
    page, line = break_seed_000_example(project)
    before = tree(project / "generated")
    code, _, err = run(["generate"], capsys, project)
    assert code == 0, err
    summary = err.strip().splitlines()[-1]
    assert "left out" not in summary and summary.endswith(", 0 written, 0 removed; 16 docs warning(s), see --warnings"), summary
    assert page not in err  # a docs warning: under --warnings
    assert tree(project / "generated") == before
    assert "def create_pfx_user_certificate(" in (project / "generated/graph_certificates/operations.py").read_text()
    code, _, err = run(["generate", "--warnings"], capsys, project)
    assert code == 0 and f"{page}:{line}: warning: {EXAMPLE_JSON}\n" in err
    code, out, err = run(["drift"], capsys, project)
    assert code == 0 and "left out" not in err
    (row,) = [r for r in out.splitlines() if r.startswith(f"{page}:{line} ")]
    assert row.split()[1:3] == ["-", "example-json"] and row.endswith(EXAMPLE_JSON)
    code, out, _ = run(["drift", "--format", "json"], capsys, project)
    assert code == 0 and {"where": f"{page}:{line}", "also": None, "kind": "example-json", "what": EXAMPLE_JSON} in json.loads(out)
    code, out, _ = run(["drift", "--format", "json", "--summary"], capsys, project)
    assert code == 0 and json.loads(out)["kinds"]["example-json"] == 1


def test_strict_makes_an_example_that_is_not_json_fatal(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page, line = break_seed_000_example(project)
    before = tree(project / "generated")
    for command in (["generate", "--strict"], ["drift", "--strict"]):
        code, out, err = run(command, capsys, project)
        assert code == 2 and out == ""
        assert err == f"{page}:{line}: {EXAMPLE_JSON} (an error with --strict)\n", err
    assert tree(project / "generated") == before


def test_nothing_half_read_enters_the_ir(capsys: pytest.CaptureFixture[str]) -> None:
    """A page whose facts fail a later check (a type no source defines) is taken out with all its
    facts, not just the failing one: the run is rebuilt without it."""
    schema = build_schema([SEED_000, LISTENER], None, ROOT)
    assert [e.name for e in schema.entities] == ["pfxUserCertificate"]  # not invokeUserFlowListener's good id and priority
    (out,) = schema.left_out
    assert out.source == "tests/data/isolation/invokeuserflowlistener.md"
    (error,) = out.errors
    assert error.loc.line == 26 and "'microsoft.graph.authenticationSourceFilter', which no source defines" in error.message
    assert sum("page left out" in d.message for d in schema.diagnostics) == 1


def test_a_page_that_is_not_text_is_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "latin1.md"
    page.write_bytes(SEED_003.read_bytes().replace(b"Add userPfxCertificates", b"Add userPfxCertificates \xe9", 1))
    code, out, err = run(["drift", str(page), str(SEED_000), str(CSDL)], capsys)
    assert code == 0 and "1 unreadable page(s) left out" in err
    assert any(r.startswith(f"{page}:") and "file is not UTF-8 text" in r for r in out.splitlines())


def test_a_csdl_error_stays_fatal_beside_a_bad_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csdl = tmp_path / "bad.xml"
    csdl.write_text(CSDL.read_text().replace('Name="keyName" Type="Edm.String"', 'Name="keyName" Type="Edm.Strin"', 1))
    code, _, err = run(["drift", str(csdl), str(LISTENER), str(SEED_003)], capsys)
    assert code == 2
    assert err.startswith(f"{csdl}:") and "has type 'Edm.Strin', which no source defines" in err
    assert "invokeuserflowlistener" not in err  # the page errors would not stop the run: not reported as errors


def test_every_source_left_out_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["generate", str(LISTENER), "--package", "p", "--out", str(tmp_path / "out")], capsys)
    assert code == 2 and "invokeuserflowlistener.md:26: property 'sourceFilter'" in err
    assert not (tmp_path / "out").exists()


# -- skip_pages ---------------------------------------------------------------------------------


def add_to_overlay(project: Path, text: str) -> int:
    """Append `text` to the project's overlay; the line it starts on."""
    overlay = project / "schemas/overlay.yaml"
    current = overlay.read_text()
    overlay.write_text(current + text)
    return len(current.splitlines()) + 1


def test_skip_pages_leaves_pages_out_with_the_reason(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page, _ = break_seed_000(project)
    line = add_to_overlay(
        project,
        "skip_pages:\n"
        "  - {page: 000_e2f8227b4674fe38.txt, reason: a row of the request-body table is cut short}\n"
        "  - page: schemas/docs/*pfxusercertificate-delete.md\n"
        "    reason: no delete for the old type\n"
        "  - {page: nothing-*.md, reason: a page this run does not have}\n",
    )
    code, out, err = run(["drift"], capsys, project)
    assert code == 0
    assert err.strip().endswith("; 2 page(s) skipped by the overlay"), err
    first, second, unmatched = [r for r in out.splitlines() if "skip" in r]  # rows in file and line order
    assert first.split()[:2] == [f"{page}:0", f"schemas/overlay.yaml:{line + 1}"]
    assert first.endswith("page left out by the overlay's skip_pages: a row of the request-body table is cut short")
    assert second.split()[:2] == ["schemas/docs/intune-raimportcerts-pfxusercertificate-delete.md:0", f"schemas/overlay.yaml:{line + 2}"]
    assert unmatched.startswith(f"schemas/overlay.yaml:{line + 4} ") and "skip_pages entry 'nothing-*.md' matches no docs page" in unmatched
    code, _, err = run(["generate", "--strict"], capsys, project)  # a skipped page is not read at all
    assert code == 0, err
    assert f"schemas/overlay.yaml:{line + 4}: warning: skip_pages entry" in err  # the overlay's warnings always print
    operations = (project / "generated/graph_certificates/operations.py").read_text()
    assert "def create_pfx_user_certificate(" not in operations and "def delete_pfx_user_certificate(" not in operations


@pytest.mark.parametrize(
    "entry, line, message",
    [
        ("skip_pages: {page: a.md}\n", 0, "skip_pages must be a list of {page: PATH-OR-GLOB, reason: TEXT}"),
        ("skip_pages:\n  - {page: a.md}\n", 1, "a skip_pages entry needs 'reason' (page: the path or glob, reason: why it is left out)"),
        ("skip_pages:\n  - {page: a.md, reason: x, why: y}\n", 1, "unknown key 'why' in a skip_pages entry; known keys: page, reason"),
        ("skip_pages:\n  - {page: '', reason: x}\n", 1, "page must be a non-empty string"),
        ("skip_pages:\n  - a.md\n", 1, "a skip_pages entry must be a mapping"),
    ],
)
def test_a_bad_skip_pages_entry_is_an_error_on_its_line(
    entry: str, line: int, message: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = add_to_overlay(project, entry)
    before = tree(project / "generated")
    code, _, err = run(["generate"], capsys, project)
    assert code == 2
    assert err == f"schemas/overlay.yaml:{start + line}: {message}\n"
    assert tree(project / "generated") == before


def test_the_readme_skip_pages_example_is_a_valid_overlay(tmp_path: Path) -> None:
    from odatagen.overlay import load_overlay, skipped_pages

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Pages to leave out: `skip_pages`", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(block)
    skips = load_overlay(overlay, "overlay.yaml").skip_pages
    assert [s.reason for s in skips] == ["an action page, read as create", "table rows broken across lines"]
    pages = ["api/driveitemversion-restore.md", "schemas/docs/intune-deviceconfig-deliveryoptimizationmaxcachesize.md", "x.md"]
    chosen, warnings = skipped_pages(pages, skips)
    assert sorted(chosen) == pages[:2] and warnings == []


def test_an_overlay_type_no_source_defines_is_the_overlays_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Not the page's (pfxUserCertificate is docs-only): the page would be left out for the
    overlay's typo."""
    overlay = project / "schemas/overlay.yaml"
    text = overlay.read_text() + "      thumbprint: {type: noSuchType}\n"
    overlay.write_text(text)
    code, _, err = run(["generate"], capsys, project)
    assert code == 2
    line = len(text.splitlines())
    assert err == f"schemas/overlay.yaml:{line}: property 'thumbprint' has type 'microsoft.graph.noSuchType', which no source defines\n"


def test_an_api_page_of_a_type_no_source_defines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Its operation has nothing to attach to (it was an internal error, exit 70): the page is
    left out, and alone it is the run's error."""
    get = ROOT / "schemas/docs/intune-raimportcerts-pfxusercertificate-get.md"
    message = "the page documents get of microsoft.graph.pfxUserCertificate, which no source defines"
    code, _, err = run(["generate", str(get), "--package", "p", "--out", str(tmp_path / "alone")], capsys)
    assert (code, err) == (2, f"{get.relative_to(ROOT)}:35: {message}\n")
    resource = ROOT / "schemas/docs/intune-raimportcerts-userpfxcertificate.md"
    code, _, err = run(["generate", str(get), str(resource), "--package", "p", "--out", str(tmp_path / "out"), "--warnings"], capsys)
    assert code == 0 and f"{get.relative_to(ROOT)}:35: warning: page left out, 1 error(s): line 35: {message}" in err
