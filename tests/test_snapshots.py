"""syrupy snapshots: the IR of every input, and every generated file.

After `pytest --snapshot-update`, read the diff of `__snapshots__/*.ambr` before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DOCS, ROOT, TEST_DOCS
from syrupy.assertion import SnapshotAssertion

from odatagen.cli import main
from odatagen.config import load_config
from odatagen.emit import render_package
from odatagen.irdump import dump
from odatagen.pipeline import build_schema, read_sources


CSDL = sorted((ROOT / "schemas" / "csdl").glob("*.xml")) + sorted((ROOT / "tests" / "data" / "csdl").glob("*.xml"))


@pytest.mark.parametrize("path", DOCS + TEST_DOCS + CSDL, ids=lambda p: p.name)
def test_ir_of_each_input(path: Path, snapshot: SnapshotAssertion) -> None:
    (fragment,) = read_sources([path], ROOT)
    assert dump(fragment, "yaml") == snapshot


def test_inspect_prints_the_same_ir(capsys: pytest.CaptureFixture[str]) -> None:
    path = DOCS[0]
    assert main(["inspect", str(path.relative_to(ROOT)), "--format", "yaml"]) == 0
    assert capsys.readouterr().out == dump(read_sources([path], ROOT), "yaml")


def test_every_generated_file(snapshot: SnapshotAssertion) -> None:
    config = load_config(ROOT / "odatagen.yaml")
    schema = build_schema(config.sources, config.overlay, config.root)
    sources = tuple(p.relative_to(ROOT).as_posix() for p in config.sources)
    rendered = render_package(schema, config.package, sources)
    assert [r.path for r in rendered] == snapshot(name="file list")
    for file in rendered:
        assert file.text == snapshot(name=file.path)
