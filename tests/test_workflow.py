"""The README's "A new entity from the docs" steps, run as written on a copy of the project with
the real pages of an entity it does not have yet (tests/data/new-entity: dataSharingConsent,
from the Graph beta docs): the tests need no edit, the snapshot update adds the new entity's
snapshots and changes only those of files that changed, and new files are there to see."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, git

NEW_ENTITY = ROOT / "tests/data/new-entity"
AMBR = "tests/__snapshots__/test_snapshots.ambr"
# `make` borrows this test's venv (.venv is a link to it) and must not reinstall odatagen into it
# from the copy: its install step is taken as done.
MAKE_AS_INSTALLED = "make -o .venv/.installed-stamp "


def readme_commands(heading: str) -> list[str]:
    """The commands of the first `sh` block under a README heading, without their comments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(f"\n## {heading}\n") :]
    match = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return [line.split("  #")[0].strip() for line in match.group(1).splitlines() if line.strip()]


def snapshots(path: Path) -> dict[str, str]:
    """name -> body of every snapshot in an .ambr file."""
    found = {}
    for block in path.read_text(encoding="utf-8").split("\n# ---\n"):
        match = re.search(r"^# name: (.*)$", block, re.MULTILINE)
        if match:
            found[match.group(1)] = block[match.end() :]
    return found


def run(project: Path, command: str) -> subprocess.CompletedProcess[str]:
    if command.startswith("make "):
        command = MAKE_AS_INSTALLED + command.removeprefix("make ")
    return subprocess.run(["bash", "-c", command], cwd=project, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's working tree (what git would commit, or leave untracked) in a new
    repository, with .venv linked to the venv this test runs in."""
    assert (Path(sys.prefix) / "bin" / "odatagen").is_file(), "run the tests from the venv `make test` makes"
    copy = tmp_path_factory.mktemp("project")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True
    )
    for name in listed.stdout.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    git(copy, "init", "--quiet")
    git(copy, "add", "--all")
    git(copy, "commit", "--quiet", "--message", "base")
    (copy / ".venv").symlink_to(sys.prefix)
    return copy


def test_the_readme_ci_recipe_passes_on_a_current_project(project: Path) -> None:
    recipe = readme_commands("Keeping generated/ current: CI and pre-commit")
    assert recipe[0] == "make generate" and len(recipe) == 3
    for command in recipe:
        out = run(project, command)
        assert out.returncode == 0, f"{command}\n{out.stdout}\n{out.stderr}"


def test_the_readme_steps_add_an_entity(project: Path) -> None:
    steps = readme_commands("Adding an entity or an input")
    assert steps[-1] == "make test" and steps.count("make generate") == 2 and "make snapshots" in steps
    before = snapshots(project / AMBR)
    pages = sorted(NEW_ENTITY.glob("*.md"))
    for page in pages:
        shutil.copy2(page, project / "schemas/docs" / page.name)
    generated = 0
    status = ""
    for step in steps[:-1]:  # not `make test`, the whole suite (this test is part of it)
        if step == "make generate" and generated == 1:
            # What the warnings said the docs got wrong, corrected in the overlay.
            with (project / "schemas/overlay.yaml").open("a", encoding="utf-8") as overlay:
                overlay.write((NEW_ENTITY / "overlay.yaml").read_text(encoding="utf-8"))
        out = run(project, step)
        assert out.returncode == 0, f"{step}\n{out.stdout}\n{out.stderr}"
        generated += step == "make generate"
        if step == "git status --short generated/":
            status = out.stdout
        if step == "git diff --stat generated/":
            assert "models/data_sharing_consent.py" in out.stdout and "operations.py" in out.stdout
        if step.endswith("--warnings"):
            assert (
                "schemas/docs/intune-devices-datasharingconsent-create.md:51: warning: "
                "the page calls 'id' required on create, but its example request omits it"
            ) in out.stderr
    new_files = [
        "generated/graph_certificates/builders/data_sharing_consent.py",
        "generated/graph_certificates/models/data_sharing_consent.py",
    ]
    assert sorted(line[3:] for line in status.splitlines() if line.startswith("?? ")) == new_files
    final = git(project, "status", "--porcelain", "generated/").splitlines()  # new files are " A" now
    assert sorted(line[3:] for line in final if line.startswith(" A ")) == new_files
    changed_files = [line[3:] for line in final if line.startswith(" M ")]

    after = snapshots(project / AMBR)
    generated_file = "test_every_generated_file[{}]".format
    assert before.keys() <= after.keys()  # none deleted or renamed
    assert sorted(after.keys() - before.keys()) == sorted(
        [f"test_ir_of_each_input[schemas/docs/{page.name}]" for page in pages]
        + [generated_file(path.removeprefix("generated/")) for path in new_files]
    )
    changed = {name for name in before if before[name] != after[name]}
    expected = {generated_file(path.removeprefix("generated/")) for path in changed_files} & before.keys()
    assert changed == expected | {generated_file("file list")}
    assert {generated_file("graph_certificates/operations.py"), generated_file("graph_certificates/_registry.py")} <= changed

    check = run(project, ".venv/bin/odatagen generate --check")  # what `make test` checks first
    assert check.returncode == 0, check.stdout + check.stderr
    # The CI recipe fails on what is not committed: a changed file; a new one, which git diff misses.
    diff, status = readme_commands("Keeping generated/ current: CI and pre-commit")[1:]
    assert run(project, diff).returncode == 1 and run(project, status).returncode == 1
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "dataSharingConsent")
    new_module = project / "generated/graph_certificates/models/new_module.py"
    new_module.write_text("")
    assert run(project, diff).returncode == 0 and run(project, status).returncode == 1
    new_module.unlink()


def test_a_collection_error_deletes_no_snapshot(project: Path) -> None:
    """syrupy takes the snapshots of tests that never ran for unused, and pytest runs none once
    a module fails to import: --snapshot-update would delete the whole .ambr file. (Run after the
    test above, it also shows that every other test module collects with the new entity: its
    pages once made a hard-coded entity list fail with a KeyError here.)"""
    ambr = (project / AMBR).read_bytes()
    broken = project / "tests/test_zz_broken.py"
    broken.write_text("import module_that_is_not_there  # noqa: F401\n")
    try:
        out = run(project, ".venv/bin/pytest -q -p no:cacheprovider --snapshot-update")
    finally:
        broken.unlink()
    assert out.returncode == pytest.ExitCode.INTERRUPTED, out.stdout + out.stderr
    assert "ERROR tests/test_zz_broken.py" in out.stdout and "Interrupted: 1 error during collection" in out.stdout
    assert (project / AMBR).is_file() and (project / AMBR).read_bytes() == ambr
    assert "collection failed: --snapshot-update deletes no snapshot this run" in out.stdout
