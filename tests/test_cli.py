"""The command line on good and bad input: exit codes, FILE:LINE messages, an untouched output."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED_000, SEED_003

from odatagen.cli import main

CREATE_MD = ROOT / "tests/data/docs/intune-raimportcerts-userpfxcertificate-create.md"


def snapshot_tree(folder: Path) -> dict[str, bytes]:
    files = (
        p for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts and p.name != ".odatagen-stamp"
    )
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "odatagen", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's inputs and committed output, to change freely."""
    for name in ("odatagen.yaml", "schemas", "generated"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return tmp_path


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(next(line for line in text.splitlines() if needle in line)) + 1


def test_help_lists_the_commands() -> None:
    out = run_cli("--help")
    assert out.returncode == 0
    assert "generate" in out.stdout and "inspect" in out.stdout
    assert "--check" in run_cli("generate", "--help").stdout


def test_committed_output_is_current() -> None:
    out = run_cli("generate", "--check")
    assert out.returncode == 0, out.stdout + out.stderr


def test_check_reports_a_stale_file_with_a_diff(project: Path) -> None:
    target = project / "generated/graph_certificates/operations.py"
    target.write_text(target.read_text().replace('version: str = "beta"', 'version: str = "v1.0"', 1))
    before = snapshot_tree(project / "generated")
    out = run_cli("generate", "--check", cwd=project)
    assert out.returncode == 1
    assert "--- a/graph_certificates/operations.py" in out.stdout
    assert '-    version: str = "v1.0",' in out.stdout and '+    version: str = "beta",' in out.stdout
    assert snapshot_tree(project / "generated") == before  # --check writes nothing
    assert run_cli("generate", cwd=project).returncode == 2  # edited by hand: kept
    assert run_cli("generate", "--force", cwd=project).returncode == 0
    assert run_cli("generate", "--check", cwd=project).returncode == 0


def test_unchanged_rerun_does_nothing_until_something_changes(project: Path) -> None:
    assert run_cli("generate", cwd=project).returncode == 0
    again = run_cli("generate", cwd=project)
    assert again.returncode == 0 and "is up to date" in again.stderr
    model = project / "generated/graph_certificates/models/entity.py"
    model.write_text(model.read_text() + "# edited by hand\n")
    kept = run_cli("generate", cwd=project)  # the stamp notices the edit; the writer keeps it
    assert kept.returncode == 2 and "models/entity.py:0: edited since odatagen wrote it" in kept.stderr
    fixed = run_cli("generate", "--force", cwd=project)
    assert "1 written" in fixed.stderr and "# edited by hand" not in model.read_text()
    overlay = project / "schemas/overlay.yaml"
    overlay.write_text(overlay.read_text() + "\n")
    assert "is up to date" not in run_cli("generate", cwd=project).stderr


def test_generate_is_deterministic(project: Path) -> None:
    """From the sources and what the last run left for the next (the API record, the names lock
    and the changelog: the version and the names follow from them), the same bytes."""
    kept = {".odatagen-api.json", ".odatagen-names.lock", "CHANGELOG.md"}
    for path in sorted((project / "generated").iterdir()):
        if path.name not in kept:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    assert run_cli("generate", cwd=project).returncode == 0
    assert snapshot_tree(project / "generated") == snapshot_tree(ROOT / "generated")


def test_generate_from_named_sources(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code = main(["generate", str(SEED_000), "--package", "pfx_only", "--out", str(out_dir)])
    assert code == 0
    assert (out_dir / "pfx_only/models/pfx_user_certificate.py").is_file()
    assert not (out_dir / "pfx_only/models/user_pfx_certificate.py").exists()


def _bad_page(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text()
    assert old in text
    bad = tmp_path / source.name
    bad.write_text(text.replace(old, new, 1))
    return bad


# case: (page, text to replace, replacement, line the error is on (a needle), message)
BAD_PAGES = {
    "no property table": (  # and no "supply a JSON representation of X" either
        CREATE_MD,
        "In the request body, supply a JSON representation for the userPFXCertificate object.\n\n"
        "The following table shows the properties that are required when you create the userPFXCertificate.\n\n"
        "|Property|Type|Description|",
        "The following shows the properties of a userPFXCertificate.\n\nProperty, Type, Description:",
        "## Request body",
        "has no request-body property table",
    ),
    "broken table row": (
        CREATE_MD, "|keyName|String|Name of the key (within the provider) used to encrypt the blob.|",
        "|keyName|String|", "|keyName|String|", "table row has 2 cells but its header has 3",
    ),
    "rendered broken row": (
        SEED_000, "userUpn String", "userUpn", "userUpn", "table row has 1 cells but its header has 3",
    ),
}


@pytest.mark.parametrize("case", BAD_PAGES, ids=str)
def test_bad_page_is_one_clear_error(case: str, tmp_path: Path) -> None:
    source, old, new, needle, message = BAD_PAGES[case]
    bad = _bad_page(tmp_path, source, old, new)
    out_dir = tmp_path / "out"
    assert main(["generate", str(SEED_000), "--package", "pkg", "--out", str(out_dir)]) == 0
    before = snapshot_tree(out_dir)
    out = run_cli("generate", str(bad), "--package", "pkg", "--out", str(out_dir))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    first = out.stderr.splitlines()[0]
    expected_line = line_of(bad.read_text(), needle)
    assert first.startswith(f"{bad}:{expected_line}: "), first
    assert message in first
    assert snapshot_tree(out_dir) == before


# case: (page, text to replace, replacement, the line the parser stops on (a needle), why)
BAD_EXAMPLES = {
    "markdown": (  # a missing comma: the parser stops at the next member
        CREATE_MD, '"keyName": "Key Name value",', '"keyName": "Key Name value"', '"paddingScheme": "pkcs1"',
        "Expecting ',' delimiter",
    ),
    "rendered": (
        SEED_000, '  "status": 6,', '  "status": 6,,', '"status": 6,,', "Expecting property name enclosed in double quotes",
    ),
}


@pytest.mark.parametrize("case", BAD_EXAMPLES, ids=str)
def test_an_example_body_that_is_not_json_is_a_warning_on_its_line(case: str, tmp_path: Path) -> None:
    """Drift, not a page to leave out: the page is read whole, the example's body is dropped."""
    from odatagen.readers import read_source

    source, old, new, needle, why = BAD_EXAMPLES[case]
    bad = _bad_page(tmp_path, source, old, new)
    fragment = read_source(bad, bad.name)
    (warning,) = [d for d in fragment.diagnostics if d.kind == "example-json"]
    assert (warning.severity, warning.strict) == ("warning", True)
    assert warning.loc.line == line_of(bad.read_text(), needle)
    assert warning.message == f"example body is not valid JSON ({why}); the example is not checked"
    assert [d for d in fragment.diagnostics if d.severity == "error"] == []
    assert fragment.operation is not None and fragment.operation.kind == "create"
    request = [e for e in fragment.operation.examples if e.role == "request"]
    assert [e.body for e in request] == [None]
    assert fragment.properties == read_source(source, source.name).properties


def test_unknown_overlay_key_names_its_line(project: Path) -> None:
    overlay = project / "schemas/overlay.yaml"
    text = overlay.read_text().replace("{server_managed: true}", "{server_managed: true, readonly: true}", 1)
    overlay.write_text(text)
    before = snapshot_tree(project / "generated")
    out = run_cli("generate", cwd=project)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.startswith(f"schemas/overlay.yaml:{line_of(text, 'readonly')}: unknown key 'readonly'")
    assert snapshot_tree(project / "generated") == before


def test_overlay_naming_a_missing_property(project: Path) -> None:
    overlay = project / "schemas/overlay.yaml"
    overlay.write_text(overlay.read_text().replace("keyName", "keyNaem").replace("      id:", "      idd:", 1))
    out = run_cli("generate", cwd=project)
    assert out.returncode == 2
    assert "overlay names property 'idd', which userPFXCertificate does not have" in out.stderr


def rename_overlay_type(project: Path, name: str) -> int:
    """Rename userPFXCertificate's entry in the project's overlay; the line it is on."""
    overlay = project / "schemas/overlay.yaml"
    text = overlay.read_text().replace("microsoft.graph.userPFXCertificate:", f"{name}:")
    overlay.write_text(text)
    return line_of(text, f"{name}:")


def test_overlay_type_typo_is_an_error_with_a_suggestion(project: Path) -> None:
    """Issue 10.6: the typo used to be a warning, and the overlay's secret and server_managed
    corrections were lost from a run that exited 0."""
    line = rename_overlay_type(project, "microsoft.graph.userPfxCertificate")
    before = snapshot_tree(project / "generated")
    out = run_cli("generate", cwd=project)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.startswith(f"schemas/overlay.yaml:{line}: "), out.stderr
    assert "did you mean 'microsoft.graph.userPFXCertificate'?" in out.stderr
    assert snapshot_tree(project / "generated") == before


# case: (the name userPFXCertificate's overlay entry gets, more arguments, the one line of error)
OVERLAY_TYPE_ERRORS = {
    "near name, restricted run": (
        "microsoft.graph.userPfxCertificat", ("--include", "pfxUserCertificate"),
        "overlay names type 'microsoft.graph.userPfxCertificat', which no source defines; "
        "did you mean 'microsoft.graph.userPFXCertificate'?",
    ),
    "only case differs": (
        "microsoft.graph.USERPFXCERTIFICATE", (),
        "overlay names type 'microsoft.graph.USERPFXCERTIFICATE', which no source defines; "
        "did you mean 'microsoft.graph.userPFXCertificate'?",
    ),
    "short name": (
        "userPFXCertificate", (),
        "overlay names type 'userPFXCertificate', which no source defines; did you mean 'microsoft.graph.userPFXCertificate'?",
    ),
    "far name, full run": (
        "microsoft.graph.noSuchType", (), "overlay names type 'microsoft.graph.noSuchType', which no source defines",
    ),
    "enum type": (
        "microsoft.graph.userPfxPaddingScheme", ("--include", "pfxUserCertificate"),
        "overlay names 'microsoft.graph.userPfxPaddingScheme', which is an enum type; "
        "the overlay patches entity and complex types only",
    ),
}


@pytest.mark.parametrize("case", OVERLAY_TYPE_ERRORS, ids=str)
def test_overlay_type_that_patches_nothing_is_an_error(case: str, project: Path) -> None:
    name, more, message = OVERLAY_TYPE_ERRORS[case]
    line = rename_overlay_type(project, name)
    before = snapshot_tree(project / "generated")
    out = run_cli("generate", *more, cwd=project)
    assert (out.returncode, out.stderr) == (2, f"schemas/overlay.yaml:{line}: {message}\n")
    assert snapshot_tree(project / "generated") == before


def test_overlay_type_far_from_every_type_in_a_restricted_run_is_a_warning(project: Path) -> None:
    """--include, or SOURCE files instead of the config's, may leave the type out; the warning
    shows without --warnings."""
    line = rename_overlay_type(project, "microsoft.graph.noSuchType")
    warning = f"schemas/overlay.yaml:{line}: warning: overlay names type 'microsoft.graph.noSuchType', which no source"
    out = run_cli("generate", "--include", "pfxUserCertificate", cwd=project)
    assert out.returncode == 0 and warning in out.stderr, out.stderr
    source = SEED_000.relative_to(ROOT).as_posix()
    out = run_cli("generate", source, "--overlay", "schemas/overlay.yaml", "--package", "pkg", "--out", "out", cwd=project)
    assert out.returncode == 0 and warning in out.stderr, out.stderr
    assert "ignored, as this run may leave types out (SOURCE files or --include)" in out.stderr


def test_overlay_type_the_sources_leave_out_is_a_warning(project: Path) -> None:
    """Seed 000 alone defines pfxUserCertificate, not userPFXCertificate (and no type near it)."""
    source = SEED_000.relative_to(ROOT).as_posix()
    out = run_cli("generate", source, "--overlay", "schemas/overlay.yaml", "--package", "pkg", "--out", "out", cwd=project)
    assert out.returncode == 0, out.stderr
    line = line_of((project / "schemas/overlay.yaml").read_text(), "userPFXCertificate:")
    assert f"schemas/overlay.yaml:{line}: warning: overlay names type 'microsoft.graph.userPFXCertificate'" in out.stderr


def test_overlay_type_left_out_by_include_says_nothing(project: Path) -> None:
    out = run_cli("generate", "--include", "pfxUserCertificate", cwd=project)
    assert out.returncode == 0 and "overlay" not in out.stderr, out.stderr
    assert not (project / "generated/graph_certificates/models/user_pfx_certificate.py").exists()


def test_drift_checks_the_overlay_as_generate_does(project: Path) -> None:
    source = SEED_000.relative_to(ROOT).as_posix()
    out = run_cli("drift", source, "--overlay", "schemas/overlay.yaml", cwd=project)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert "overlay names type 'microsoft.graph.userPFXCertificate', which no source defines; ignored" in out.stdout
    rename_overlay_type(project, "microsoft.graph.userPfxCertificate")
    out = run_cli("drift", cwd=project)
    assert out.returncode == 2 and "did you mean 'microsoft.graph.userPFXCertificate'?" in out.stderr


def test_unknown_config_key_names_its_line(project: Path) -> None:
    config = project / "odatagen.yaml"
    config.write_text(config.read_text() + "colour: blue\n")
    out = run_cli("generate", cwd=project)
    assert out.returncode == 2
    assert f"odatagen.yaml:{len(config.read_text().splitlines())}: unknown key 'colour'" in out.stderr


def test_unnamed_enumeration_without_overlay_is_an_error(tmp_path: Path) -> None:
    """Seed 003 alone says "Enumeration" with no type name: the overlay must name it."""
    out = run_cli("generate", str(SEED_003), "--package", "pkg", "--out", str(tmp_path / "out"))
    assert out.returncode == 2
    rel = SEED_003.relative_to(ROOT)
    assert f"{rel}:49: property 'intendedPurpose' is an enumeration, but no page names its type" in out.stderr
    assert not (tmp_path / "out").exists()
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "types:\n"
        "  microsoft.graph.userPFXCertificate:\n"
        "    properties:\n"
        "      intendedPurpose: {type: microsoft.graph.userPfxIntendedPurpose}\n"
        "      paddingScheme: {type: userPfxPaddingScheme}\n"
        "  microsoft.graph.noSuchType: {}\n"
    )
    out = run_cli(
        "generate", str(SEED_003), "--overlay", str(overlay), "--package", "pkg", "--out", str(tmp_path / "out"), "--warnings"
    )
    assert out.returncode == 0, out.stderr
    assert "overlay names type 'microsoft.graph.noSuchType', which no source defines" in out.stderr
    enum = (tmp_path / "out/pkg/enums/user_pfx_padding_scheme.py").read_text()
    assert 'OAEP_SHA256 = "oaepSha256"' in enum
    # With the CSDL beside it, the metadata names the types and no overlay is needed.
    csdl = ROOT / "schemas/csdl/userpfxcertificate.xml"
    out = run_cli("generate", str(SEED_003), str(csdl), "--package", "pkg", "--out", str(tmp_path / "out2"))
    assert out.returncode == 0, out.stderr


def _everything(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() + ("/" if p.is_dir() else "") for p in folder.rglob("*")}


def test_a_run_that_fails_after_staging_leaves_no_trace(tmp_path: Path) -> None:
    """Files are staged beside their targets while black still works; the clash is found only
    when everything has rendered, and every staged file and every folder made for one goes."""
    out_dir = tmp_path / "out"
    (out_dir / "pkg/models").mkdir(parents=True)
    (out_dir / "pkg/models/user_pfx_certificate.py").write_text("# my own module")
    before = _everything(out_dir)
    out = run_cli("generate", str(SEED_003), str(ROOT / "schemas/csdl/userpfxcertificate.xml"), "--package", "pkg", "--out", str(out_dir))
    assert out.returncode == 2 and "was not written by odatagen" in out.stderr
    assert _everything(out_dir) == before


def test_new_files_are_created_as_any_other(tmp_path: Path) -> None:
    """Mode 0o666 less the umask, as an editor or `cp` would create them (not a temp file's 0o600)."""
    umask = os.umask(0o022)
    os.umask(umask)
    assert run_cli("generate", str(SEED_000), "--package", "pkg", "--out", str(tmp_path)).returncode == 0
    modes = {stat.S_IMODE(p.stat().st_mode) for p in tmp_path.rglob("*.py")}
    assert modes == {0o666 & ~umask}


def test_never_touches_files_it_did_not_write(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    (out_dir / "pkg/models").mkdir(parents=True)
    mine = out_dir / "NOTES.md"
    mine.write_text("mine")
    clash = out_dir / "pkg/models/pfx_user_certificate.py"
    clash.write_text("# my own module")
    out = run_cli("generate", str(SEED_000), "--package", "pkg", "--out", str(out_dir))
    assert out.returncode == 2 and "was not written by odatagen" in out.stderr
    assert clash.read_text() == "# my own module"
    clash.unlink()
    assert run_cli("generate", str(SEED_000), "--package", "pkg", "--out", str(out_dir)).returncode == 0
    # A file odatagen wrote and no longer produces is removed; a file it never wrote stays.
    assert run_cli("generate", str(SEED_000), "--package", "other", "--out", str(out_dir)).returncode == 0
    assert not (out_dir / "pkg").exists()
    assert (out_dir / "other/models/pfx_user_certificate.py").is_file()
    assert mine.read_text() == "mine"
