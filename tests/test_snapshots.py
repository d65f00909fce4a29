"""syrupy snapshots: the IR of every input, and every generated file.

After `make snapshots` (`pytest tests/test_snapshots.py --snapshot-update`), read the diff of
`__snapshots__/*.ambr` before committing it. Every snapshot is named by a path (the input's, or
the generated file's), never by a position: a new input or file adds snapshots and renames none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONFIG, CSDL, DOCS, ROOT, TEST_DOCS, project_schema, project_version
from syrupy.assertion import SnapshotAssertion

from odatagen.cli import main
from odatagen.emit import render_package
from odatagen.irdump import dump
from odatagen.pipeline import read_sources


TEST_CSDL = sorted((ROOT / "tests" / "data" / "csdl").glob("*.xml"))
INPUTS = DOCS + CSDL + TEST_DOCS + TEST_CSDL


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_ir_of_each_input(path: Path, snapshot: SnapshotAssertion) -> None:
    (fragment,) = read_sources([path], ROOT)
    assert dump(fragment, "yaml") == snapshot


def test_inspect_prints_the_same_ir(capsys: pytest.CaptureFixture[str]) -> None:
    path = DOCS[0]
    assert main(["inspect", str(path.relative_to(ROOT)), "--format", "yaml"]) == 0
    assert capsys.readouterr().out == dump(read_sources([path], ROOT), "yaml")


def test_every_generated_file(snapshot: SnapshotAssertion) -> None:
    sources = tuple(p.relative_to(ROOT).as_posix() for p in CONFIG.sources)
    rendered = render_package(project_schema(), CONFIG.package, sources, package_version=project_version())
    assert [r.path for r in rendered] == snapshot(name="file list")
    for file in rendered:
        assert file.text == snapshot(name=file.path)
