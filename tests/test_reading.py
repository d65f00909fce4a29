"""Reading many sources (src/odatagen/reading.py): a large run reads in worker processes and gets
the same fragments, in the same order, as one process would; a source that cannot be read comes
back as its diagnostics, and `read_sources` stops at the first."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from odatagen.errors import OdatagenError
from odatagen.pipeline import read_sources
from odatagen.reading import PARALLEL_FROM, read_each, read_one

PAGES = sorted((ROOT / "tests/data/accounting").rglob("*.md"))


def test_workers_read_what_one_process_reads(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.md"
    bad.write_bytes("# caf\xe9 resource type\n".encode("latin-1"))
    sources = [(p, p.name) for p in PAGES] * (PARALLEL_FROM // len(PAGES) + 1) + [(bad, "latin1.md")]
    assert len(sources) > PARALLEL_FROM
    together = list(read_each(sources))
    assert together == [read_one(s) for s in sources]
    assert [getattr(r, "source", None) for r in together[: len(PAGES)]] == [p.name for p in PAGES]
    (refused,) = together[-1:]
    assert isinstance(refused, tuple) and "not UTF-8" in refused[0].message


def test_read_sources_stops_at_a_source_it_cannot_read(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.md"
    bad.write_bytes(b"# caf\xe9\n")
    with pytest.raises(OdatagenError, match="not UTF-8"):
        read_sources([*PAGES, bad], ROOT)
