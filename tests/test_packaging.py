"""odatagen's own wheel carries the templates, and the installed tool finds them there; the
generated package installs without writing into its own folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, git, git_repo


def test_wheel_ships_the_templates(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    (wheel,) = tmp_path.glob("odatagen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*.jinja"))
    assert templates and all(f"odatagen/{t}" in names for t in templates)
    assert "odatagen/cli.py" in names


def test_pip_install_leaves_the_generated_folder_as_it_was(installed_venv: Path) -> None:
    """`pip install ./generated` once left build/ and an .egg-info there (ignored, so unseen),
    and a later install shipped build/lib's stale modules."""
    base = installed_venv.parent
    assert git(base, "status", "--ignored", "--porcelain", "generated/") == (base / "status-before").read_text()


def test_the_wheel_holds_the_package_folder_and_nothing_else(tmp_path: Path) -> None:
    """What an old setuptools install left behind (build/lib with a module since removed, an
    .egg-info) is neither shipped nor touched, and building adds nothing to the folder."""
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["cp", "-r", str(ROOT / "generated"), str(repo / "generated")], check=True)
    git_repo(repo)
    stale = repo / "generated/build/lib/graph_certificates/removed_since.py"
    stale.parent.mkdir(parents=True)
    stale.write_text("raise ImportError('stale')\n")
    (repo / "generated/graph_certificates.egg-info").mkdir()
    (repo / "generated/graph_certificates.egg-info/SOURCES.txt").write_text("graph_certificates/removed_since.py\n")
    before = git(repo, "status", "--ignored", "--porcelain")
    dist = tmp_path / "dist"
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check", "-w", str(dist), "./generated"]
    subprocess.run(command, cwd=repo, check=True)
    assert git(repo, "status", "--ignored", "--porcelain") == before
    (wheel,) = dist.glob("graph_certificates-*.whl")
    shipped = {n for n in zipfile.ZipFile(wheel).namelist() if ".dist-info/" not in n}
    package = ROOT / "generated" / "graph_certificates"
    files = {f"graph_certificates/{p.relative_to(package).as_posix()}" for p in package.rglob("*") if p.is_file()}
    assert shipped == {f for f in files if "__pycache__" not in f}
