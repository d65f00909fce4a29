"""A semantic changelog on every generate (issue 12, item 3): the committed API record, the
comparison with the last one (breaking, additive, docs-only), `generated/CHANGELOG.md`, the
package version that follows, `odatagen changes`, and `--fail-on-breaking`. Most cases are real
successive versions of the certificate pages (tests/data/docs-history)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from test_cli import project, snapshot_tree  # noqa: F401 - `project` is the fixture

from odatagen.changes import bump
from odatagen.cli import main

HISTORY = ROOT / "tests/data/docs-history"
MAR_9 = "1615248000"  # 2021-03-09T00:00:00Z
MAR_19 = "1616112000"  # ten days later


def overlay_without_pfx(text: str) -> str:
    """The project's overlay with nothing that names pfxUserCertificate (its own entry, and the
    `replaces:` of userPFXCertificate): for sources that lack that type."""
    lines = text.splitlines(keepends=True)
    cut = next(i for i, l in enumerate(lines) if l.startswith("    replaces:"))
    while lines[cut - 1].startswith("    #"):
        cut -= 1
    return "".join(lines[:cut])


def odatagen(project: Path, *argv: str, date: str = MAR_9) -> tuple[int, str, str]:
    """Run the CLI in `project` (in this process): (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    cwd, epoch = os.getcwd(), os.environ.get("SOURCE_DATE_EPOCH")
    os.chdir(project)
    os.environ["SOURCE_DATE_EPOCH"] = date
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    finally:
        os.chdir(cwd)
        if epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def history(tmp_path: Path) -> Callable[[str], Path]:
    """A project whose docs are one version of the history (`at(version)` switches), with the
    project's CSDL and the overlay's userPFXCertificate corrections."""
    project = tmp_path / "hist"
    shutil.copytree(ROOT / "schemas/csdl", project / "schemas/csdl")
    overlay = (ROOT / "schemas/overlay.yaml").read_text()
    (project / "schemas/overlay.yaml").write_text(overlay_without_pfx(overlay))
    (project / "odatagen.yaml").write_text(
        "package: hist\noverlay: schemas/overlay.yaml\nsources:\n  - schemas/docs/*.md\n  - schemas/csdl/*.xml\n"
    )

    def at(version: str) -> Path:
        shutil.rmtree(project / "schemas/docs", ignore_errors=True)
        shutil.copytree(HISTORY / version, project / "schemas/docs")
        return project

    return at


def changes_json(project: Path, *argv: str) -> dict[str, object]:
    code, out, err = odatagen(project, "changes", "--format", "json", *argv)
    assert code == 0, err
    report: dict[str, object] = json.loads(out)
    return report


def messages(report: dict[str, object], severity: str | None = None) -> list[str]:
    entries = report["changes"]
    assert isinstance(entries, list)
    return [c["message"] for c in entries if severity is None or c["severity"] == severity]


def version_of(project: Path, out: str = "generated") -> str:
    line = next(l for l in (project / out / "pyproject.toml").read_text().splitlines() if l.startswith("version = "))
    return line.split('"')[1]


COMMITTED = version_of(ROOT)
"""The version of the committed package: the `project` fixture's changes bump it."""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


# -- the baseline, and runs that change nothing --------------------------------------------------


def test_the_first_run_is_the_baseline(history: Callable[[str], Path]) -> None:
    project = history("2020-11-06_a56c032fbf")
    code, _, err = odatagen(project, "generate")
    assert code == 0, err
    assert "no API record in generated/: this run is the baseline, version 0.1.0" in err
    changelog = (project / "generated/CHANGELOG.md").read_text()
    assert changelog.count("\n## ") == 1 and "## 0.1.0 (initial)\n" in changelog
    assert "The first API record of `hist`: 6 classes, 31 fields, 11 enum members, 10 docs builders and 2 client calls." in changelog
    assert version_of(project) == "0.1.0"
    manifest = (project / "generated/.odatagen-manifest").read_text()
    assert all(f"  {name}\n" in manifest for name in (".odatagen-api.json", ".odatagen-names.lock", "CHANGELOG.md"))


def test_a_rerun_without_an_api_change_adds_no_section_and_keeps_the_version(history: Callable[[str], Path]) -> None:
    """2020-11-06 to 2021-03-11 changes only front matter, blank lines and the order of the
    permissions table ("from most to least privileged" became "least to most")."""
    project = history("2020-11-06_a56c032fbf")
    assert odatagen(project, "generate")[0] == 0
    before = snapshot_tree(project / "generated")
    history("2021-03-11_576fb33678")
    assert changes_json(project)["changes"] == []
    code, _, err = odatagen(project, "generate", date=MAR_19)
    assert code == 0 and "API change" not in err
    after = snapshot_tree(project / "generated")
    for name in ("CHANGELOG.md", ".odatagen-api.json", ".odatagen-names.lock", "pyproject.toml"):
        assert after[name] == before[name], name


def test_check_does_not_go_stale_with_the_date(history: Callable[[str], Path]) -> None:
    project = history("2020-11-06_a56c032fbf")
    assert odatagen(project, "generate")[0] == 0
    history("2021-03-09_72533033a0")
    assert odatagen(project, "generate", date=MAR_9)[0] == 0
    assert "## 0.2.0 (2021-03-09)" in (project / "generated/CHANGELOG.md").read_text()
    (project / "generated/.odatagen-stamp").unlink()  # no shortcut: --check renders and compares
    code, out, err = odatagen(project, "generate", "--check", date=MAR_19)
    assert code == 0 and out == "", err


# -- what each kind of change is -----------------------------------------------------------------


def test_a_removed_entity_is_breaking(history: Callable[[str], Path]) -> None:
    """pfxUserCertificate's pages were deleted from the docs on 2021-03-09."""
    project = history("2020-11-06_a56c032fbf")
    assert odatagen(project, "generate")[0] == 0
    history("2021-03-09_72533033a0")
    code, _, err = odatagen(project, "generate")
    assert code == 0, err
    assert "API changes since generated/: 6 breaking, 0 additive, 0 docs-only; version 0.1.0 -> 0.2.0" in err
    changelog = (project / "generated/CHANGELOG.md").read_text()
    section = changelog[changelog.index("## 0.2.0 (2021-03-09)") : changelog.index("## 0.1.0 (initial)")]
    assert section.startswith("## 0.2.0 (2021-03-09)\n\n### Breaking\n\n")
    assert "- class `PfxUserCertificate` removed (`microsoft.graph.pfxUserCertificate` is gone)\n" in section
    assert "- builder `create_pfx_user_certificate` removed (`POST /pfxUserCertificates` is gone)\n" in section
    assert "Additive" not in section and "field" not in section  # a removed type's fields go without saying
    assert version_of(project) == "0.2.0"
    assert "pfxUserCertificate" not in (project / "generated/.odatagen-api.json").read_text()


def test_fail_on_breaking_exits_3_and_writes_nothing(history: Callable[[str], Path]) -> None:
    project = history("2020-11-06_a56c032fbf")
    assert odatagen(project, "generate")[0] == 0
    before = snapshot_tree(project / "generated")
    history("2021-03-09_72533033a0")
    code, out, err = odatagen(project, "generate", "--fail-on-breaking")
    assert code == 3 and "refused (--fail-on-breaking)" in err and "6 breaking" in err
    assert "class `PfxUserCertificate` removed" in err
    assert snapshot_tree(project / "generated") == before
    assert sorted(p.name for p in (project / "generated").iterdir() if p.name.endswith(".tmp")) == []
    assert odatagen(project, "generate", "--check", "--fail-on-breaking")[0] == 3
    assert odatagen(project, "generate", "--check")[0] == 1
    history("2021-03-11_576fb33678")  # pfxUserCertificate is back: additive only
    assert odatagen(project, "generate", "--fail-on-breaking")[0] == 0


def test_permission_changes(history: Callable[[str], Path]) -> None:
    """In July 2019 the pages said application permissions were "Not supported"; by November 2020
    they name scopes. Going back the other way takes the scopes away: breaking."""
    project = history("2019-07-16_2743ea9b60")
    assert odatagen(project, "generate")[0] == 0
    history("2020-11-06_a56c032fbf")
    report = changes_json(project)
    added = "application scope `DeviceManagementConfiguration.ReadWrite.All` now grants `create_user_pfx_certificate`"
    assert added in messages(report, "additive")
    assert report["severity"] == "additive" and report["version"] == {"from": "0.1.0", "to": "0.2.0"}
    assert odatagen(project, "generate")[0] == 0
    history("2019-07-16_2743ea9b60")
    report = changes_json(project)
    removed = "application scope `DeviceManagementConfiguration.Read.All` no longer grants `get_user_pfx_certificate`"
    assert removed in messages(report, "breaking") and report["severity"] == "breaking"


def test_undocumented_permissions_and_descriptions_are_docs_only(history: Callable[[str], Path]) -> None:
    """2019-08-08 to 2019-09-13: the TODO permission rows were filled in. 2019-07-16 to
    2019-08-08: the enum pages lost their member descriptions ("Not yet documented")."""
    project = history("2019-08-08_db2a9deb8d")
    assert odatagen(project, "generate")[0] == 0
    history("2019-09-13_6c61555c79")
    report = changes_json(project)
    assert report["severity"] == "docs-only" and report["version"] == {"from": "0.1.0", "to": "0.1.1"}
    assert "application permissions of `create_user_pfx_certificate` now documented" in messages(report, "docs-only")
    history("2019-07-16_2743ea9b60")
    assert "description of `UserPfxIntendedPurpose.VPN` changed" in messages(changes_json(project), "docs-only")


def test_an_added_property_is_additive(project: Path) -> None:
    edit(
        project / "schemas/docs/intune-raimportcerts-pfxusercertificate.md",
        "|userUpn|String|Not yet documented|",
        "|userUpn|String|Not yet documented|\n|renewalNote|String|Why the certificate was renewed.|",
    )
    code, _, err = odatagen(project, "generate")
    assert code == 0, err
    assert "additive   field `PfxUserCertificate.renewal_note` added (`microsoft.graph.pfxUserCertificate/renewalNote`)" in err
    assert "breaking" not in err.replace("0 breaking", "")
    assert version_of(project) == bump(COMMITTED, "additive")
    assert "### Additive\n\n- field `PfxUserCertificate.renewal_note` added" in (project / "generated/CHANGELOG.md").read_text()


def test_a_description_change_is_docs_only_and_bumps_the_patch(project: Path) -> None:
    edit(project / "schemas/csdl/userpfxcertificate.xml", "SHA-1 thumbprint of the PFX certificate.", "SHA-1 thumbprint, upper-case hex.")
    assert odatagen(project, "generate")[0] == 0
    changelog = (project / "generated/CHANGELOG.md").read_text()
    patch = bump(COMMITTED, "docs-only")
    assert f"## {patch} (2021-03-09)\n\n### Docs only\n\n- description of `UserPFXCertificate.thumbprint` changed\n" in changelog
    assert version_of(project) == patch


def test_a_property_newly_required_on_create_is_breaking(project: Path) -> None:
    overlay = project / "schemas/overlay.yaml"
    relaxed = overlay.read_text().replace("      encryptedPfxPassword: {secret: true}\n", "      encryptedPfxPassword: {secret: true}\n      keyName: {required_on_create: false}\n", 1)
    overlay.write_text(relaxed)
    code, _, err = odatagen(project, "generate")
    assert code == 0 and "additive   `UserPFXCertificate.key_name` is no longer required on create" in err
    overlay.write_text(relaxed.replace("      keyName: {required_on_create: false}\n", ""))
    code, _, err = odatagen(project, "generate", "--fail-on-breaking")
    assert code == 3
    assert "breaking   `UserPFXCertificate.key_name` is now required on create: create calls without it fail validation" in err
    assert odatagen(project, "generate")[0] == 0
    assert version_of(project) == bump(bump(COMMITTED, "additive"), "breaking")


def test_reordered_properties_members_and_scopes_are_no_change(project: Path) -> None:
    enum = project / "schemas/docs/intune-raimportcerts-userpfxintendedpurpose.md"
    lines = enum.read_text().splitlines(keepends=True)
    rows = [i for i, l in enumerate(lines) if l.startswith("|") and l.split("|")[2].strip().isdigit()]
    lines[rows[0]], lines[rows[-1]] = lines[rows[-1]], lines[rows[0]]
    enum.write_text("".join(lines))
    resource = project / "schemas/docs/intune-raimportcerts-pfxusercertificate.md"
    lines = resource.read_text().splitlines(keepends=True)
    rows = [i for i, l in enumerate(lines) if l.startswith("|") and "Not yet documented" in l]
    lines[rows[0]], lines[rows[1]] = lines[rows[1]], lines[rows[0]]
    resource.write_text("".join(lines))
    get = project / "schemas/docs/intune-raimportcerts-userpfxcertificate-get.md"
    edit(get, "DeviceManagementConfiguration.Read.All, DeviceManagementConfiguration.ReadWrite.All",
         "DeviceManagementConfiguration.ReadWrite.All, DeviceManagementConfiguration.Read.All")
    assert snapshot_tree(project / "schemas") != snapshot_tree(ROOT / "schemas")
    assert changes_json(project)["changes"] == []
    assert odatagen(project, "generate")[0] == 0
    assert (project / "generated/CHANGELOG.md").read_text() == (ROOT / "generated/CHANGELOG.md").read_text()


def test_a_replaces_entry_is_the_from_replaced_api(project: Path) -> None:
    """The overlay's `replaces:` gives `UserPFXCertificate.from_replaced`: taking it away is
    breaking, giving it back additive."""
    overlay = project / "schemas/overlay.yaml"
    text = overlay.read_text()
    start = text.index("    # The docs-only pfxUserCertificate came first")
    end = text.index("  microsoft.graph.pfxUserCertificate:")
    overlay.write_text(text[:start] + text[end:])
    message = "`UserPFXCertificate.from_replaced` no longer converts a `microsoft.graph.pfxUserCertificate`"
    assert messages(changes_json(project), "breaking") == [message]
    assert odatagen(project, "generate")[0] == 0
    overlay.write_text(text)
    back = "`UserPFXCertificate.from_replaced` converts a `microsoft.graph.pfxUserCertificate` (replaced by `microsoft.graph.userPFXCertificate`)"
    assert messages(changes_json(project)) == [back] and messages(changes_json(project), "additive") == [back]


def test_client_calls_of_a_csdl_service(tmp_path: Path) -> None:
    """The client's methods are API too: a bound function's result type, an action's
    parameters (an overload is told apart by them, so a new list is a new method)."""
    csdl = tmp_path / "shop.xml"
    shutil.copy(ROOT / "tests/data/csdl/cap-shop.xml", csdl)
    argv = (str(csdl), "--package", "shop", "--out", str(tmp_path / "out"))
    assert odatagen(tmp_path, "generate", *argv)[0] == 0
    edit(csdl, '<Parameter Name="reason" Type="Edm.String"/>', '<Parameter Name="reason" Type="Edm.String"/><Parameter Name="refund" Type="Edm.Boolean"/>')
    edit(csdl, '<ReturnType Type="Edm.Int32"/>', '<ReturnType Type="Edm.String"/>')  # daysOpen's
    report = changes_json(tmp_path, *argv)
    assert messages(report, "breaking") == [
        "call `OrdersRequests.cancel` removed (`ShopService.Orders/ShopService.cancel(reason)` is gone)",
        "`OrdersRequests.days_open` gives `str`, not `int`",
    ]
    assert messages(report, "additive") == ["call `OrdersRequests.cancel` added (`ShopService.Orders/ShopService.cancel(reason,refund)`)"]


def test_versions_follow_semver_and_a_pin_wins(project: Path) -> None:
    assert [bump("0.4.2", s) for s in ("breaking", "additive", "docs-only", None)] == ["0.5.0", "0.5.0", "0.4.3", "0.4.2"]
    assert [bump("1.4.2", s) for s in ("breaking", "additive", "docs-only", None)] == ["2.0.0", "1.5.0", "1.4.3", "1.4.2"]
    config = project / "odatagen.yaml"
    config.write_text(config.read_text() + "version: 2.5.0\n")
    assert odatagen(project, "generate")[0] == 0 and version_of(project) == "2.5.0"
    (project / "schemas/docs/intune-raimportcerts-pfxusercertificate.md").unlink()
    for page in (project / "schemas/docs").glob("*pfxusercertificate-*.md"):
        page.unlink()
    (project / "schemas/docs/000_e2f8227b4674fe38.txt").unlink()
    overlay = project / "schemas/overlay.yaml"
    overlay.write_text(overlay_without_pfx(overlay.read_text()))
    assert odatagen(project, "generate")[0] == 0 and version_of(project) == "2.5.0"
    assert "## 2.5.0 (2021-03-09)\n\n### Breaking" in (project / "generated/CHANGELOG.md").read_text()
    config.write_text(config.read_text().replace("version: 2.5.0", "version: v2"))
    code, _, err = odatagen(project, "generate")
    assert code == 2 and err.startswith("odatagen.yaml:") and "version must be MAJOR.MINOR.PATCH" in err


def test_an_edited_changelog_is_kept(project: Path) -> None:
    changelog = project / "generated/CHANGELOG.md"
    changelog.write_text(changelog.read_text() + "\nReleased to the internal index as 0.1.0.\n")
    top = changelog.read_text().split("\n## ")[1].split("\n")[0]
    edit(project / "schemas/csdl/userpfxcertificate.xml", "SHA-1 thumbprint of the PFX certificate.", "SHA-1 thumbprint, upper-case hex.")
    code, _, err = odatagen(project, "generate")  # no --force: the changelog is carried, not overwritten
    assert code == 0, err
    text = changelog.read_text()
    assert text.index(f"## {bump(COMMITTED, 'docs-only')} (2021-03-09)") < text.index(f"## {top}")
    assert text.endswith("Released to the internal index as 0.1.0.\n")


# -- odatagen changes ----------------------------------------------------------------------------


def test_changes_in_text_json_and_markdown(history: Callable[[str], Path]) -> None:
    project = history("2020-11-06_a56c032fbf")
    assert odatagen(project, "generate")[0] == 0
    before = snapshot_tree(project / "generated")
    history("2021-03-09_72533033a0")
    code, text, _ = odatagen(project, "changes")
    assert code == 0
    assert text.splitlines()[0] == "API changes since generated/: 6 breaking, 0 additive, 0 docs-only; version 0.1.0 -> 0.2.0"
    assert "  breaking   class `PfxUserCertificate` removed (`microsoft.graph.pfxUserCertificate` is gone)" in text.splitlines()
    report = changes_json(project)
    assert report["counts"] == {"breaking": 6, "additive": 0, "docs-only": 0} and report["baseline"] is False
    entry = next(c for c in report["changes"] if c["what"] == "class")  # type: ignore[union-attr]
    assert entry == {
        "severity": "breaking", "what": "class", "subject": "PfxUserCertificate", "wire": "microsoft.graph.pfxUserCertificate",
        "message": "class `PfxUserCertificate` removed (`microsoft.graph.pfxUserCertificate` is gone)",
    }
    code, markdown, _ = odatagen(project, "changes", "--format", "markdown")
    assert markdown.startswith("## 0.2.0 (2021-03-09)\n\n### Breaking\n\n- class `PfxUserCertificate` removed")
    assert "removed (`POST /pfxUserCertificates` is gone)\n- builder `delete_pfx_user_certificate` removed" in markdown
    assert snapshot_tree(project / "generated") == before  # changes writes nothing


def test_changes_against_a_folder_and_a_git_revision(history: Callable[[str], Path], tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = history("2020-11-06_a56c032fbf")
    assert odatagen(project, "generate")[0] == 0
    shutil.copytree(project / "generated", tmp_path / "november")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "november"], cwd=project, check=True)
    history("2021-03-09_72533033a0")
    assert odatagen(project, "generate")[0] == 0  # the record in generated/ is now March's
    assert changes_json(project)["changes"] == []
    by_rev = changes_json(project, "--against", "HEAD")
    assert by_rev["against"] == "HEAD" and by_rev["counts"] == {"breaking": 6, "additive": 0, "docs-only": 0}
    by_dir = changes_json(project, "--against", str(tmp_path / "november"))
    assert by_dir["changes"] == by_rev["changes"]
    code, _, err = odatagen(project, "changes", "--against", "no-such-rev")
    assert code == 2 and err == "--against:0: 'no-such-rev' is no git revision\n"
    code, _, err = odatagen(project, "changes", "--against", str(tmp_path))
    assert code == 2 and "holds no API record" in err


def test_a_damaged_record_or_date_is_exit_2(project: Path) -> None:
    record = project / "generated/.odatagen-api.json"
    lines = record.read_text().splitlines(keepends=True)
    lines[3] = lines[3][:20] + "\n"
    record.write_text("".join(lines))
    before = snapshot_tree(project / "generated")
    code, _, err = odatagen(project, "generate")
    assert code == 2 and err.startswith("generated/.odatagen-api.json:4: not a JSON object on one line")
    assert snapshot_tree(project / "generated") == before
    record.write_text((ROOT / "generated/.odatagen-api.json").read_text())
    before = snapshot_tree(project / "generated")
    edit(project / "schemas/csdl/userpfxcertificate.xml", "SHA-1 thumbprint of the PFX certificate.", "SHA-1 thumbprint, upper-case hex.")
    code, _, err = odatagen(project, "generate", date="yesterday")
    assert code == 2 and err == "SOURCE_DATE_EPOCH:0: must be a number of seconds since 1970, not 'yesterday'\n"
    assert snapshot_tree(project / "generated") == before


def test_the_committed_record_describes_the_package() -> None:
    lines = (ROOT / "generated/.odatagen-api.json").read_text().splitlines()
    assert lines[1].rstrip(",") == f'{{"odatagen_api": 1, "package": "graph_certificates", "version": "{COMMITTED}"}}'
    prop = next(json.loads(l.rstrip(",")) for l in lines if '"property": "intendedPurpose", "of": "microsoft.graph.userPFXCertificate"' in l)
    assert prop["attr"] == "intended_purpose" and prop["py_type"] == "NonNull[UserPfxIntendedPurpose | str]"
    assert prop["nullable"] is False and prop["wire_type"] == "microsoft.graph.userPfxIntendedPurpose"


def test_a_description_with_a_line_separator_is_read_back(project: Path) -> None:
    """json.dumps keeps U+2028 and U+0085 as they are, and `str.splitlines` breaks lines at them:
    the record is read line by line at newlines only, so the next run reads what this one wrote."""
    csdl = project / "schemas/csdl/userpfxcertificate.xml"
    edit(csdl, "SHA-1 thumbprint of the PFX certificate.", "SHA-1 thumbprint&#x2028;of the PFX&#x85;certificate.")
    assert odatagen(project, "generate")[0] == 0
    assert "thumbprint\u2028of the PFX\x85certificate." in (project / "generated/.odatagen-api.json").read_text()
    edit(csdl, "of the PFX&#x85;certificate.", "of the PFX&#x85;certificate, upper-case hex.")
    code, _, err = odatagen(project, "generate")
    assert code == 0, err
    assert "docs-only  description of `UserPFXCertificate.thumbprint` changed" in err
