"""The real history of the certificate pages: 45 successive versions of the docs (2018-11-27 to
2021-04-13, tests/data/docs-history, a copy of ../shared/graph/docs-history), each regenerated
in date order as `schemas/docs/` of one project, with the same CSDL and overlay."""

from __future__ import annotations

import re
import shutil
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
def walk(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, int, str, dict[tuple[str, ...], str]]]:
    """Each version regenerated in date order: (version, exit status, stderr, public names)."""
    project = tmp_path_factory.mktemp("history")
    shutil.copytree(ROOT / "schemas", project / "schemas")
    (project / "odatagen.yaml").write_text(
        "package: hist\noutput: generated\noverlay: schemas/overlay.yaml\n"
        "sources:\n  - schemas/docs/*.md\n  - schemas/csdl/*.xml\n"
    )
    results = []
    for version in VERSIONS:
        docs = project / "schemas/docs"
        shutil.rmtree(docs)
        shutil.copytree(HISTORY / version, docs)
        code, err = _run(project, ["generate", "--config", str(project / "odatagen.yaml")])
        names: dict[tuple[str, ...], str] = {}
        if code == 0:
            with imported("hist", project / "generated") as package:
                names = public_names(package)
        results.append((version, code, err, names))
    return results


def _run(project: Path, argv: list[str]) -> tuple[int, str]:
    import contextlib
    import io
    import os

    err = io.StringIO()
    cwd = os.getcwd()
    os.chdir(project)
    try:
        with contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        os.chdir(cwd)
    return code, err.getvalue()


def test_every_version_exits_0_or_2_with_file_line_messages(walk: list[Any]) -> None:
    for version, code, err, _ in walk:
        assert code in (0, 2), f"{version}: exit {code}: {err}"
        assert "Traceback" not in err
        if code == 2:
            lines = [line for line in err.splitlines() if not line.startswith("odatagen:")]
            assert lines and all(DIAGNOSTIC.match(line) for line in lines), f"{version}: {err}"
    assert sum(code == 0 for _, code, _, _ in walk) >= 17


def test_no_public_name_changes_while_its_wire_name_exists(walk: list[Any]) -> None:
    seen: dict[tuple[str, ...], tuple[str, str]] = {}
    for version, code, _, names in walk:
        for wire, python in names.items():
            if wire in seen:
                first, where = seen[wire]
                assert python == first, f"{wire}: {first} (since {where}) became {python} in {version}"
            else:
                seen[wire] = (python, version)
    assert ("enum", "microsoft.graph.userPfxIntendedPurpose") in seen
