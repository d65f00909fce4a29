"""Quirks of real Graph metadata: read with a defined outcome and a `FILE:LINE` warning, an error
with `--strict`. The fixtures in tests/data/csdl/quirks say where each comes from (two are real
excerpts, three are written to reproduce a reported quirk)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

from odatagen.cli import main
from odatagen.errors import OdatagenError
from odatagen.ir import Diagnostic, Schema
from odatagen.pipeline import build_schema

QUIRKS = ROOT / "tests/data/csdl/quirks"
AUG_2020 = QUIRKS / "graph-beta-2020-08-callrecords.xml"
CLEANUP = QUIRKS / "metadata-cleanup-test-input.xml"
REDECLARED = QUIRKS / "redeclared-id.xml"
PRIMITIVE_CASE = QUIRKS / "primitive-case.xml"
SAME_TWICE = QUIRKS / "defined-twice-same.xml"


def schema_of(*sources: Path) -> Schema:
    return build_schema(sources, None, ROOT)


def quirks(schema: Schema) -> list[tuple[str, int, str]]:
    return [(d.loc.file, d.loc.line, d.message) for d in schema.diagnostics if d.quirk]


def entity(schema: Schema, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in schema.entities if e.qualified_name == name)


def shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def generate(source: Path, out: Path, *flags: str) -> list[str]:
    return ["generate", str(source), "--package", "q", "--out", str(out), *flags]


def test_redeclared_inherited_property_keeps_the_base_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = schema_of(REDECLARED)
    job = entity(schema, "microsoft.graph.printJob")
    assert [p.name for p in job.properties] == ["createdDateTime"]  # its own Int32 id is dropped
    base = entity(schema, "microsoft.graph.entity")
    assert [(p.name, p.type.name) for p in base.properties] == [("id", "Edm.String")]
    message = "printJob declares 'id' again; it inherits it from microsoft.graph.entity, whose declaration is kept"
    assert quirks(schema) == [(shown(REDECLARED), 19, message)]
    code, _, err = run(generate(REDECLARED, tmp_path / "out"), capsys)
    assert code == 0
    assert f"{shown(REDECLARED)}:19: warning: {message}" in err  # a quirk prints without --warnings
    model = (tmp_path / "out/q/models/print_job.py").read_text()
    assert "class PrintJob(Entity):" in model and " id:" not in model


def test_type_in_an_undeclared_namespace_is_untyped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = schema_of(AUG_2020)
    (records,) = entity(schema, "microsoft.graph.cloudCommunications").properties
    assert (records.name, records.type.name, records.type.collection) == ("callRecords", "Edm.Untyped", True)
    ((file, line, message),) = quirks(schema)
    assert (file, line) == (shown(AUG_2020), 26)
    assert "'microsoft.graph.callRecords.callRecord', in namespace 'microsoft.graph.callRecords', which no source declares" in message
    code, out, _ = run(["drift", str(AUG_2020)], capsys)
    assert code == 0 and f"{shown(AUG_2020)}:26" in out and "read as Edm.Untyped" in out  # a drift row
    assert run(generate(AUG_2020, tmp_path / "out"), capsys)[0] == 0
    model = (tmp_path / "out/q/models/cloud_communications.py").read_text()
    assert "call_records: Nullable[list[Any]] = UNSET" in model  # kept as JSON


def test_a_type_named_in_a_declared_namespace_is_still_an_error(tmp_path: Path) -> None:
    """Only a namespace no source declares is a quirk: a missing type in a declared one is most
    likely a typo (tests/test_csdl_bad_input.py has the rest of the refusals)."""
    for typo in ("microsoft.graph.callRecord", "Edm.Strin"):
        source = tmp_path / "typo.xml"
        source.write_text(AUG_2020.read_text().replace("microsoft.graph.callRecords.callRecord", typo))
        with pytest.raises(OdatagenError) as caught:
            schema_of(source)
        assert f"has type {typo!r}, which no source defines" in str(caught.value)


def test_clean_up_input_first_definition_wins_and_bases_are_dropped(capsys: pytest.CaptureFixture[str]) -> None:
    schema = schema_of(CLEANUP)
    assert sorted(e.name for e in schema.entities) == ["authentication", "directoryObject", "message", "servicePrincipal"]
    message, authentication = entity(schema, "microsoft.graph.message"), entity(schema, "microsoft.graph.authentication")
    assert (message.open_type, message.properties, message.base_type) == (True, (), "")
    assert (authentication.abstract, authentication.open_type) == (False, False)
    assert entity(schema, "microsoft.graph.directoryObject").base_type == ""
    assert entity(schema, "microsoft.graph.servicePrincipal").base_type == "microsoft.graph.directoryObject"
    file = shown(CLEANUP)
    twice = [d for d in schema.diagnostics if d.quirk and "defined again" in d.message]
    assert [(d.loc.line, d.related.line if d.related else None) for d in twice] == [(30, 28), (32, 26)]
    assert twice[1].message == f"type microsoft.graph.message is defined again (first at {file}:26); they differ, so the first is used"
    bases = [line for _, line, text in quirks(schema) if "BaseType" in text]
    assert bases == [23, 26, 28]


def test_primitive_type_in_the_wrong_case_is_the_edm_type() -> None:
    schema = schema_of(PRIMITIVE_CASE)
    query = entity(schema, "microsoft.graph.searchQuery")
    assert [(p.type.name, p.type.collection) for p in query.properties] == [
        ("Edm.String", False), ("Edm.String", True), ("Edm.Int32", False)
    ]
    assert [(line, text) for _, line, text in quirks(schema)] == [
        (11, "type 'string' is read as Edm.String: primitive type names are case-sensitive"),
        (12, "type 'Edm.string' is read as Edm.String: primitive type names are case-sensitive"),
        (13, "type 'edm.int32' is read as Edm.Int32: primitive type names are case-sensitive"),
    ]


def test_a_type_defined_twice_alike_is_merged(tmp_path: Path) -> None:
    schema = schema_of(SAME_TWICE)
    assert sorted(e.name for e in schema.entities) == ["dateTimeTimeZone", "timeSlot"]
    assert [e.name for e in schema.enums] == ["callType"]
    assert [(line, text.rpartition("; ")[2]) for _, line, text in quirks(schema)] == [
        (22, "the same definition, merged"), (26, "the same definition, merged")
    ]
    other = tmp_path / "again.xml"  # across documents too: the first document's definition wins
    shutil.copy(AUG_2020, other)
    both = schema_of(AUG_2020, other)
    assert sorted(e.name for e in both.entities) == ["cloudCommunications", "entity"]
    assert entity(both, "microsoft.graph.entity").loc.file == shown(AUG_2020)
    merged = [d for d in both.diagnostics if d.quirk and "defined again" in d.message]
    assert len(merged) == 2 and all(d.loc.file == other.as_posix() and d.related for d in merged)


@pytest.mark.parametrize(
    "source, lines",
    [(REDECLARED, [19]), (AUG_2020, [26]), (CLEANUP, [23, 26, 28, 30, 32]), (PRIMITIVE_CASE, [11, 12, 13]), (SAME_TWICE, [22, 26])],
    ids=lambda v: v.name if isinstance(v, Path) else "",
)
def test_strict_makes_each_quirk_an_error(
    source: Path, lines: list[int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    for command in (generate(source, out_dir, "--strict"), ["drift", str(source), "--strict"]):
        code, _, err = run(command, capsys)
        assert code == 2 and "Traceback" not in err
        errors = err.strip().splitlines()
        assert [int(line.split(":")[1]) for line in errors] == lines, err
        assert all(line.startswith(f"{shown(source)}:") and ": warning:" not in line for line in errors)
        assert all(line.endswith("(an error with --strict)") for line in errors)
    assert not out_dir.exists()  # nothing written
    assert run(generate(source, out_dir), capsys)[0] == 0


def test_strict_is_part_of_what_a_rerun_compares(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A run without --strict that succeeded must not make a --strict rerun 'up to date'."""
    out_dir = tmp_path / "out"
    assert run(generate(REDECLARED, out_dir), capsys)[0] == 0
    code, _, err = run(generate(REDECLARED, out_dir, "--strict"), capsys)
    assert code == 2 and "up to date" not in err


def warnings_of(schema: Schema) -> list[Diagnostic]:
    return [d for d in schema.diagnostics if d.quirk]


@pytest.mark.skipif(not (SHARED / "graph/csdl").is_dir(), reason="../shared/graph/csdl is not beside the project")
def test_the_2021_and_2026_graph_documents_have_none_of_these_quirks() -> None:
    """The rules do not misfire on well-formed real metadata."""
    for name in ("graph-beta-2021-07-13.xml", "graph-v1.0-2026-08.csdl"):
        schema = build_schema([SHARED / "graph/csdl" / name], None, ROOT)
        assert warnings_of(schema) == [], name
