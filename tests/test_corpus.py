"""The whole docs corpus: ../shared/graph/docs-corpus (5,595 real Graph pages, v1.0 and beta, July
2021), each version with its CSDL. Skipped when the corpus is not beside the project; it takes a
few minutes (every page is read once, then merged and checked per version).

What it holds: no page crashes the reader; every property a resource page documents is matched
with the CSDL or accounted for by a drift row of its kind (100%); the "Possible values" lists
that name a CSDL enum agree with it, or differ only where the docs omit members or spell them in
another case (both real drift, which the rows report); the 50 rows checked by hand against the
pages and the CSDL (tests/data/drift-sample.tsv) are still produced, word for word; and the
package generated from every beta resource page and the beta CSDL imports every module.
"""

from __future__ import annotations

import csv
import functools
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

from odatagen.errors import OdatagenError
from odatagen.ir import CsdlDocument, PageFragment, Schema
from odatagen.irdump import to_data
from odatagen.merge import merge
from odatagen.passes.example_drift import example_drift
from odatagen.readers import read_source

CORPUS = SHARED / "graph/docs-corpus/api-reference"
CSDL = {"beta": SHARED / "graph/csdl/graph-beta-2021-07-13.xml", "v1.0": SHARED / "graph/csdl/graph-v1.0-2026-08.csdl"}
SAMPLE = ROOT / "tests/data/drift-sample.tsv"
PAGES = 5595

pytestmark = pytest.mark.skipif(
    not (CORPUS.is_dir() and all(p.is_file() for p in CSDL.values())), reason="../shared/graph/docs-corpus is not beside the project"
)

ENUM_AGREEMENT = 0.99
"""Share of "Possible values" lists naming a CSDL enum that agree with it apart from real drift
(every value the page lists is a member, in some case). 99.3% on the July 2021 beta pages
(1,763 of 1,775); 93% match exactly, the rest omit members or spell them in another case."""


def pages(version: str) -> list[Path]:
    return sorted((CORPUS / version).rglob("*.md"))


@functools.cache
def read(version: str) -> tuple[list[PageFragment | CsdlDocument], list[str]]:
    """The CSDL and every page of `version` as the readers give them, and the pages refused
    whole (an `OdatagenError`: bad input, said so; anything else is a crash and fails the run)."""
    fragments: list[PageFragment | CsdlDocument] = [read_source(CSDL[version], CSDL[version].name)]
    refused = []
    for path in pages(version):
        try:
            fragments.append(read_source(path, path.relative_to(CORPUS).as_posix()))
        except OdatagenError:
            refused.append(path.name)
    return fragments, refused


@functools.cache
def schema(version: str) -> Schema:
    """Merged and with the examples checked: the rows `odatagen drift` prints for these pages
    (the resolver and the other passes are left out, as a page that they refuse is one the run
    goes on without)."""
    return example_drift(merge(read(version)[0]))


def resource_pages(version: str) -> list[PageFragment]:
    return [f for f in read(version)[0] if isinstance(f, PageFragment) and f.page_kind == "resource" and f.enum is None]


def test_every_page_is_read_and_shown_without_a_crash() -> None:
    """What `odatagen inspect` does with each page: read it, and turn its IR into data."""
    assert sum(len(pages(v)) for v in CSDL) == PAGES
    for version in CSDL:
        fragments, refused = read(version)
        assert refused == []
        json.dumps(to_data([f for f in fragments if isinstance(f, PageFragment)]))


@pytest.mark.parametrize("version", sorted(CSDL))
def test_every_documented_property_is_accounted_for(version: str) -> None:
    """Each row of a property or relationship table of a resource page is in the ledger, and is
    matched or has a drift row of its own kind in the run's output."""
    documented = {(p.loc, p.name) for f in resource_pages(version) for p in (*f.properties, *f.navigation_properties)}
    ledger = [a for a in schema(version).accounting if a.fact == "property" and a.page_kind == "resource"]
    assert {(a.loc, a.subject.partition(".")[2]) for a in ledger} == documented
    reported = {(d.loc, d.kind) for d in schema(version).diagnostics if d.severity == "warning"}
    unaccounted = [a for a in ledger if a.kind != "matched" and (a.row, a.kind) not in reported]
    assert unaccounted == []
    assert len(documented) > 5000 if version == "beta" else len(documented) > 2000  # the corpus is there, and read


def enum_agreement(version: str) -> tuple[int, int]:
    """The "Possible values" lists held against a CSDL enum, and those that agree with it apart
    from real drift: each value the page lists is a member, in some case (what the docs omit, or
    spell in another case, is drift that a row reports)."""
    merged = schema(version)
    listed = {p.loc: p.enum_members for f in read(version)[0] if isinstance(f, PageFragment) for p in (*f.properties, *f.navigation_properties)}
    enums = {e.loc: {m.name.lower() for m in e.members} for e in merged.enums}
    rows = {(d.loc, d.kind): d for d in merged.diagnostics}
    lists = [a for a in merged.accounting if a.fact == "values" and a.page_kind != "enum" and a.kind != "no-enum"]
    good = 0
    for entry in lists:
        if entry.kind == "matched":
            good += 1
            continue
        row = rows[(entry.row, entry.kind)]
        assert row.related is not None
        good += all(m.name.lower() in enums[row.related] for m in listed[entry.loc])
    return len(lists), good


def test_possible_values_agree_with_their_enum() -> None:
    lists, good = enum_agreement("beta")
    assert lists > 900 and good / lists >= ENUM_AGREEMENT


def test_the_hand_checked_rows_are_still_produced() -> None:
    """tests/data/drift-sample.tsv: 50 rows of the beta run, each checked by reading the page and
    the CSDL (the verdict and a note are in the file). Each is still produced, word for word."""
    with SAMPLE.open(newline="", encoding="utf-8") as handle:
        sample = [r for r in csv.DictReader(handle, delimiter="\t")]
    assert len(sample) == 50 and {r["verdict"] for r in sample} == {"real drift"}
    produced = {(str(d.loc), d.kind, d.message) for d in schema("beta").diagnostics}
    missing = [r for r in sample if (r["where"], r["kind"], r["what"]) not in produced]
    assert missing == []
    assert len(Counter(r["kind"] for r in sample)) >= 8  # the sample spans the kinds


IMPORT_EVERY_MODULE = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
names = [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_the_package_from_every_beta_resource_page_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`generate` from the beta CSDL and every beta resource page exits 0 (pages it cannot read
    are left out, with a row each) and every module of the package imports."""
    from odatagen.cli import main

    resources = sorted(str(p) for p in (CORPUS / "beta/resources").glob("*.md"))
    out = tmp_path / "out"
    assert main(["generate", str(CSDL["beta"]), *resources, "--package", "graph_docs", "--out", str(out)]) == 0
    assert "unreadable page(s) left out" in capsys.readouterr().err
    run = subprocess.run([sys.executable, "-c", IMPORT_EVERY_MODULE, "graph_docs"], cwd=out, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert int(run.stdout) > 3000
