"""The real history of the certificate pages: 45 successive versions of the docs (2018-11-27 to
2021-04-13, tests/data/docs-history, a copy of ../shared/graph/docs-history), each regenerated
in date order as `schemas/docs/` of one project, with the same CSDL and overlay."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, imported

from odatagen.cli import main

HISTORY = ROOT / "tests/data/docs-history"
VERSIONS = sorted(p.name for p in HISTORY.iterdir() if p.is_dir())
DIAGNOSTIC = re.compile(r"^[^\s:]+:\d+: (warning: )?\S")


def test_the_history_is_all_there() -> None:
    assert len(VERSIONS) == 45 and VERSIONS[0].startswith("2018-11-27") and VERSIONS[-1].startswith("2021-04-13")


def public_names(package: Any) -> dict[tuple[str, ...], str]:
    """Every public name of the generated package by the wire name it stands for: classes and
    enums by OData type, fields by (type, wire name), enum members by (enum, value)."""
    import importlib

    registry = importlib.import_module(f"{package.__name__}._registry")
    names: dict[tuple[str, ...], str] = {}
    for odata, target in registry.TYPES.items():
        module, _, cls_name = target.partition(":")
        cls = getattr(importlib.import_module(module, package.__name__), cls_name)
        names[("type", odata)] = cls_name
        for python, spec in cls.ODATA_FIELDS.items():
            names[("field", odata, spec.wire)] = python
    for odata, target in registry.ENUMS.items():
        module, _, cls_name = target.partition(":")
        enum = getattr(importlib.import_module(module, package.__name__), cls_name)
        names[("enum", odata)] = cls_name
        for member in enum:
            names[("member", odata, member.value)] = member.name
    return names


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> list[Step]:
    """Each version regenerated in date order, as a team would: `changes` first (it writes
    nothing), then `generate --fail-on-breaking`, and where that refuses, `generate`."""
    import json

    project = tmp_path_factory.mktemp("history")
    shutil.copytree(ROOT / "schemas", project / "schemas")
    shutil.copytree(ROOT / "generated", project / "generated")  # the team's committed state
    config = project / "odatagen.yaml"
    config.write_text(
        "package: graph_certificates\noutput: generated\noverlay: schemas/overlay.yaml\n"
        "sources:\n  - schemas/docs/*.md\n  - schemas/csdl/*.xml\n"
    )
    steps = []
    for version in VERSIONS:
        docs = project / "schemas/docs"
        shutil.rmtree(docs)
        shutil.copytree(HISTORY / version, docs)
        changes: dict[str, Any] = {}
        if (project / "generated/.odatagen-api.json").is_file():
            code, out, _ = _run(project, ["changes", "--format", "json", "--config", str(config)])
            changes = json.loads(out) if code == 0 else {}
        before = _changelog(project)
        refused, _, _ = _run(project, ["generate", "--fail-on-breaking", "--config", str(config)])
        code, err = refused, ""
        if refused == 3:
            assert _changelog(project) == before  # a refused run writes nothing
            code, _, err = _run(project, ["generate", "--config", str(config)])
        elif refused != 0:
            code, _, err = _run(project, ["generate", "--config", str(config)])
        names: dict[tuple[str, ...], str] = {}
        if code == 0:
            with imported("graph_certificates", project / "generated") as package:
                names = public_names(package)
        steps.append(Step(version, code, err, names, refused, changes, _changelog(project)))
    return steps


def _changelog(project: Path) -> str:
    path = project / "generated/CHANGELOG.md"
    return path.read_text() if path.is_file() else ""


@dataclass
class Step:
    version: str
    code: int
    err: str
    names: dict[tuple[str, ...], str]
    refused: int
    """What `generate --fail-on-breaking` exited with."""
    changes: dict[str, Any]
    """What `changes --format json` said before the step was generated."""
    changelog: str


def _run(project: Path, argv: list[str]) -> tuple[int, str, str]:
    import contextlib
    import io
    import os

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(project)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue()


def test_every_version_exits_0_or_2_with_file_line_messages(walk: list[Any]) -> None:
    for step in walk:
        version, code, err = step.version, step.code, step.err
        assert code in (0, 2), f"{version}: exit {code}: {err}"
        assert "Traceback" not in err
        if code == 2:
            lines = [line for line in err.splitlines() if not line.startswith("odatagen:")]
            assert lines and all(DIAGNOSTIC.match(line) for line in lines), f"{version}: {err}"
    # Exit 2 only where the overlay still patches pfxUserCertificate after a run that reported
    # its removal (and asked to remove the entry): the pages without it, until they come back.
    for step in walk:
        has_pfx = any("pfxusercertificate" in p.name for p in (HISTORY / step.version).iterdir())
        if step.code == 2:
            assert not has_pfx and "which no source defines" in step.err, step.err
        else:
            assert step.code == 0
    assert sum(s.code == 0 for s in walk) >= 20


def test_no_public_name_changes_while_its_wire_name_exists(walk: list[Any]) -> None:
    seen: dict[tuple[str, ...], tuple[str, str]] = {}
    for step in walk:
        version, names = step.version, step.names
        for wire, python in names.items():
            if wire in seen:
                first, where = seen[wire]
                assert python == first, f"{wire}: {first} (since {where}) became {python} in {version}"
            else:
                seen[wire] = (python, version)
    assert ("enum", "microsoft.graph.userPfxIntendedPurpose") in seen


def _breaking(step: Step) -> list[dict[str, Any]]:
    return [c for c in step.changes.get("changes", []) if c.get("severity") == "breaking"]


def test_fail_on_breaking_exits_3_exactly_at_the_breaking_steps(walk: list[Step]) -> None:
    for step in walk:
        if step.changes:
            assert (step.refused == 3) == bool(_breaking(step)), f"{step.version}: {step.refused} {step.changes}"
    assert sum(s.refused == 3 for s in walk) >= 2


def test_the_changelog_names_what_really_changed(walk: list[Step]) -> None:
    by_version = {s.version: s for s in walk}
    removal = by_version["2021-03-09_72533033a0"]
    assert removal.refused == 3 and removal.code == 0
    assert any(c["what"] == "class" and c["wire"] == "microsoft.graph.pfxUserCertificate" for c in _breaking(removal)), removal.changes
    assert "pfxUserCertificate" in removal.changelog.split("\n## ", 2)[1]  # the newest section
    assert "which no source defines any more" in removal.err  # the overlay's entry: a warning, not an error
    # The Namespace: lines arrive on 2020-02-28: the namespace was already microsoft.graph, so
    # no public name and no wire name changes.
    namespace = by_version["2020-02-28_409ea15858"]
    assert namespace.code == 0 and not _breaking(namespace)
    assert not any("renamed" in c["message"] for c in namespace.changes.get("changes", []))
    permission_steps = [s for s in walk if any(c["what"] == "scope" for c in s.changes.get("changes", []))]
    assert permission_steps, "some step changes a permission"
