"""Regenerating as the docs change: exit codes, pages without a Namespace line, safe writes of
hand-edited files, progress and quiet (issue 12)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from test_cli import project, run_cli, snapshot_tree  # noqa: F401 - `project` is the fixture

from odatagen import cli
from odatagen.progress import Progress

DELETE_PAGE = "schemas/docs/intune-raimportcerts-userpfxcertificate-delete.md"


def drop_namespace_lines(project: Path, *names: str) -> None:
    for name in names:
        page = project / name
        page.write_text("".join(l for l in page.read_text().splitlines(keepends=True) if not l.startswith("Namespace:")))


def test_a_page_without_a_namespace_line_takes_the_namespace_the_others_give(project: Path) -> None:
    """The repro of the issue: an API page without `Namespace:` crashed with a KeyError."""
    drop_namespace_lines(project, DELETE_PAGE)
    out = run_cli("generate", cwd=project)
    assert out.returncode == 0, out.stderr
    ops = (project / "generated/graph_certificates/operations.py").read_text()
    assert "def delete_user_pfx_certificate(" in ops


def test_enum_pages_without_a_namespace_keep_their_class_names(project: Path) -> None:
    """Pages before 2020 have no Namespace line at all: no `UserPfxIntendedPurpose_2`."""
    pages = [p.relative_to(project).as_posix() for p in (project / "schemas/docs").glob("*userpfx*.md")]
    drop_namespace_lines(project, *pages)
    assert run_cli("generate", cwd=project).returncode == 0
    enums = sorted(p.name for p in (project / "generated/graph_certificates/enums").glob("*.py"))
    assert enums == ["__init__.py", "user_pfx_intended_purpose.py", "user_pfx_padding_scheme.py"]
    model = (project / "generated/graph_certificates/models/user_pfx_certificate.py").read_text()
    assert "UserPfxIntendedPurpose_2" not in model and "UserPfxIntendedPurpose" in model


def test_a_type_name_in_two_namespaces_is_a_warning_on_a_page_without_one(tmp_path: Path) -> None:
    csdl = tmp_path / "two.xml"
    csdl.write_text(
        '<?xml version="1.0"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">'
        '<edmx:DataServices><Schema Namespace="other.ns" xmlns="http://docs.oasis-open.org/odata/ns/edm">'
        '<EnumType Name="userPfxPaddingScheme"><Member Name="none" Value="0"/></EnumType></Schema>'
        "</edmx:DataServices></edmx:Edmx>"
    )
    pages = sorted((ROOT / "schemas/docs").glob("intune-raimportcerts-userpfx*.md"))
    copies = []
    for page in pages:
        copy = tmp_path / page.name
        copy.write_text("".join(l for l in page.read_text().splitlines(keepends=True) if not l.startswith("Namespace:")))
        copies.append(str(copy))
    out = run_cli("generate", *copies, str(ROOT / "schemas/csdl/userpfxcertificate.xml"), str(csdl),
                  "--package", "pkg", "--out", str(tmp_path / "out"), "--warnings")
    assert out.returncode == 0, out.stderr
    assert "userPfxPaddingScheme is in microsoft.graph, other.ns; using microsoft.graph" in out.stderr


def test_an_internal_error_is_one_line_and_exit_70(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("userPFXCertificate")

    monkeypatch.chdir(project)
    monkeypatch.setattr(cli, "render_package", broken)
    before = snapshot_tree(project / "generated")
    (project / "schemas/overlay.yaml").write_text((project / "schemas/overlay.yaml").read_text() + "\n")  # not current
    assert cli.main(["generate"]) == 70
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "internal error (KeyError: 'userPFXCertificate' at test_regenerate.py:" in err
    assert "Please report it" in err
    assert snapshot_tree(project / "generated") == before


def test_exit_codes_in_the_help() -> None:
    import odatagen.cli as module

    assert "70 an internal error" in (module.__doc__ or "")
    assert run_cli("generate", "--no-such-flag").returncode == 2


# -- safe writes --------------------------------------------------------------------------------


def test_a_hand_edited_file_is_not_overwritten_without_force(project: Path) -> None:
    target = project / "generated/graph_certificates/operations.py"
    target.write_text(target.read_text() + "# my fix\n")
    (project / "schemas/overlay.yaml").write_text((project / "schemas/overlay.yaml").read_text() + "\n")
    before = snapshot_tree(project / "generated")
    out = run_cli("generate", cwd=project)
    assert out.returncode == 2
    assert "generated/graph_certificates/operations.py:0: edited since odatagen wrote it; this run would overwrite it" in out.stderr
    assert "--force" in out.stderr
    assert snapshot_tree(project / "generated") == before  # nothing at all was written
    forced = run_cli("generate", "--force", cwd=project)
    assert forced.returncode == 0, forced.stderr
    assert "# my fix" not in target.read_text()
    assert run_cli("generate", "--check", cwd=project).returncode == 0


def test_a_hand_edited_file_is_not_deleted_without_force(tmp_path: Path) -> None:
    seed = ROOT / "schemas/docs/000_e2f8227b4674fe38.txt"
    out_dir = tmp_path / "out"
    assert run_cli("generate", str(seed), "--package", "pkg", "--out", str(out_dir)).returncode == 0
    edited = out_dir / "pkg/models/pfx_user_certificate.py"
    edited.write_text(edited.read_text() + "# mine\n")
    out = run_cli("generate", str(seed), "--package", "other", "--out", str(out_dir))
    assert out.returncode == 2 and "this run would delete it" in out.stderr
    assert edited.read_text().endswith("# mine\n") and not (out_dir / "other").exists()
    assert run_cli("generate", str(seed), "--package", "other", "--out", str(out_dir), "--force").returncode == 0
    assert not edited.exists()


def test_a_rerun_reads_only_the_files_the_stamp_cannot_vouch_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files whose size and mtime are as the last run left them (a second before its stamp) are
    not read again; one edited since is, whatever its size, and so is one the run wrote just
    before its stamp, even with its old size and mtime put back (an edit the clock could hide)."""
    import json
    import os

    from odatagen import writer

    source = tmp_path / "shop.xml"
    source.write_bytes((ROOT / "tests/data/csdl/cap-shop.xml").read_bytes())
    args = ["generate", str(source), "--package", "shop", "--out", str(tmp_path / "out"), "-q"]
    assert cli.main(args) == 0
    stamp_file = tmp_path / "out/.odatagen-stamp"
    stamp = json.loads(stamp_file.read_text())
    stamp["time_ns"] += 10**10  # as if the run had been ten seconds ago
    stamp_file.write_text(json.dumps(stamp))
    model = tmp_path / "out/shop/models/orders.py"
    text = model.read_text()
    edited = text.replace("class Orders", "class Ordrs", 1) + " "  # the same size, another content
    model.write_text(edited)
    read: list[str] = []
    real = writer._current

    def counting(path: Path) -> str | None:
        read.append(path.relative_to(tmp_path / "out").as_posix())
        return real(path)

    monkeypatch.setattr(writer, "_current", counting)
    source.write_text(source.read_text().replace("<Annotation", "<Annotation ", 1))  # a new fingerprint
    assert cli.main(args) == 2  # the edit is found
    assert read == ["shop/models/orders.py"]
    read.clear()
    size, mtime = stamp["stats"]["shop/models/orders.py"]
    os.utime(model, ns=(mtime, mtime))  # old size and mtime back, the edit kept
    assert len(edited) == size
    stamp["time_ns"] -= 10**10  # the stamp as the run wrote it: the file was written just before
    stamp_file.write_text(json.dumps(stamp))
    assert cli.main(args) == 2  # still found: too close to the stamp to vouch for
    assert "shop/models/orders.py" in read


def test_the_manifest_keeps_the_hash_of_every_file(project: Path) -> None:
    import hashlib

    manifest = (project / "generated/.odatagen-manifest").read_text().splitlines()
    entries = [line.split("  ", 1) for line in manifest if not line.startswith("#")]
    assert len(entries) == 28  # the package, pyproject.toml, the API record, the names lock, CHANGELOG.md
    for digest, path in entries:
        assert hashlib.sha256((project / "generated" / path).read_bytes()).hexdigest() == digest


# -- progress and quiet -------------------------------------------------------------------------


def test_quiet_prints_nothing_and_verbose_prints_stage_timings(project: Path) -> None:
    (project / "schemas/overlay.yaml").write_text((project / "schemas/overlay.yaml").read_text() + "\n")
    quiet = run_cli("generate", "-q", cwd=project)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""
    (project / "schemas/overlay.yaml").write_text((project / "schemas/overlay.yaml").read_text() + "\n")
    loud = run_cli("generate", "-v", cwd=project)
    assert loud.returncode == 0
    lines = loud.stderr.splitlines()
    assert lines[0].startswith("odatagen: graph_certificates in generated/: 28 files")
    assert lines[1].startswith("odatagen: read ") and ", format " in lines[1] and ", write " in lines[1]


def test_no_progress_without_a_terminal(project: Path) -> None:
    """CI output (no TTY): one summary line, no carriage returns."""
    (project / "schemas/overlay.yaml").write_text((project / "schemas/overlay.yaml").read_text() + "\n")
    out = run_cli("generate", cwd=project)
    assert out.returncode == 0 and "\r" not in out.stderr and len(out.stderr.splitlines()) == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_counts_the_files_formatted() -> None:
    stream = _Terminal()
    progress = Progress(stream, delay=0.0)
    assert progress.enabled
    progress.begin("format", 3)
    for _ in range(3):
        progress.tick()
    progress.end()
    text = stream.getvalue()
    assert "\rodatagen: format 3/3 files" in text and text.endswith("\r")
    assert [name for name, _ in progress.timings] == ["format"]
    silent = io.StringIO()
    Progress(silent, delay=0.0).begin("format", 3)
    assert silent.getvalue() == ""  # not a terminal
    late = _Terminal()
    Progress(late, delay=60.0).begin("format", 3)
    assert late.getvalue() == ""  # nothing for a run under the delay


def file_count(schema: Any) -> int:
    """The total `render_package` announces to progress (`on_total`)."""
    from odatagen.emit import render_package

    totals: list[int] = []
    render_package(schema, "pkg", (), on_total=totals.append)
    return totals[0]


def test_file_count_is_what_render_package_gives(project: Path) -> None:
    from odatagen.pipeline import build_schema
    from odatagen.config import load_config
    from odatagen.emit import render_package

    config = load_config(project / "odatagen.yaml")
    schema = build_schema(config.sources, config.overlay, config.root, ())
    assert file_count(schema) == len(render_package(schema, "pkg", ())) == 25


def test_the_console_script_exits_70_not_1_on_a_crash(tmp_path: Path) -> None:
    """Through the real entry point, a bug is exit 70 (1 is --check's "stale")."""
    script = (
        "import sys, odatagen.cli as c\n"
        "c.build_schema = lambda *a, **k: (_ for _ in ()).throw(RuntimeError('boom'))\n"
        f"sys.argv = ['odatagen', 'generate', {str(ROOT / 'schemas/docs/000_e2f8227b4674fe38.txt')!r}, '--package', 'p', '--out', {str(tmp_path)!r}]\n"
        "raise SystemExit(c.main())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 70 and "internal error (RuntimeError: boom" in out.stderr
