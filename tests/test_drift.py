"""Every documented property accounted for, every example checked, and `odatagen drift`'s output.

On real Graph beta pages (tests/data/accounting, INDEX.md says what each shows) against a slice of
the 2021 beta CSDL. The accounting lives in `merge`, the example checks in a pass; both are run
here on what the readers give, without the resolver (the slice's navigation targets are not in
it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

from odatagen.cli import main
from odatagen.ir import Diagnostic, EnumMember, EnumType, Location, PageFragment, Schema
from odatagen.merge import merge
from odatagen.passes.example_drift import example_drift
from odatagen.passes.inline_enums import inline_enums
from odatagen.pipeline import read_sources
from odatagen.report import summarize

DATA = ROOT / "tests/data/accounting"
SLICE = DATA / "graph-beta-slice.xml"
SLICED = (
    "policyBase averageComparativeScore timeConstraint website permissionGrantPolicy resourceData "
    "microsoft.graph.windowsUpdates.updateManagementEnrollment teamsAsyncOperationType integerRange itemBody "
    "diskType connector microsoft.graph.ediscovery.legalHold listItem fileAttachment referenceAttachment "
    "itemAttachment groupPolicyPresentationValueDecimal workbookTableRow directoryAudit "
    "accessPackageAssignmentRequest accessPackage timeCard"
).split()
PAGES = sorted(DATA.rglob("*.md"))
R, A = "tests/data/accounting/resources/", "tests/data/accounting/api/"


def schema_of(*paths: Path) -> Schema:
    return example_drift(merge(read_sources([SLICE, *paths], ROOT)))


@pytest.fixture(scope="module")
def fixtures() -> Schema:
    return schema_of(*PAGES)


def rows(schema: Schema, kind: str) -> dict[str, Diagnostic]:
    return {str(d.loc): d for d in schema.diagnostics if d.kind == kind}


def test_the_slice_is_what_the_tool_cuts(tmp_path: Path) -> None:
    whole = SHARED / "graph/csdl/graph-beta-2021-07-13.xml"
    if not whole.is_file():
        pytest.skip("../shared/graph/csdl is not beside the project")
    from tools.csdl_slice import slice_csdl

    assert slice_csdl(whole, SLICED) == SLICE.read_bytes()


def test_every_documented_property_is_matched_or_has_a_row(fixtures: Schema) -> None:
    """The ledger holds every row of every property and relationship table the readers found,
    and each entry is `matched` or names a drift row of its own kind that the run reports."""
    fragments = [f for f in read_sources(PAGES, ROOT) if isinstance(f, PageFragment) and f.enum is None]
    documented = {(p.loc, p.name) for f in fragments for p in (*f.properties, *f.navigation_properties)}
    ledger = [a for a in fixtures.accounting if a.fact == "property"]
    assert {(a.loc, a.subject.partition(".")[2]) for a in ledger} == documented
    reported = {(d.loc, d.kind) for d in fixtures.diagnostics}
    for entry in ledger:
        assert entry.kind == "matched" or (entry.row, entry.kind) in reported, entry
    assert summarize(fixtures.diagnostics, fixtures.accounting, len(PAGES))["properties"]["unaccounted"] == 0


@pytest.mark.parametrize(
    ("where", "kind", "what", "also"),
    [
        (R + "policybase.md:26", "inherited", "'id' as a property of policyBase, but the CSDL inherits it from microsoft.graph.entity", "graph-beta-slice.xml:9"),
        (R + "averagecomparativescore.md:20", "missing-in-csdl", "averageComparativeScore.deviceScore, which the CSDL does not have", None),
        (R + "timeconstraint.md:41", "case", "the docs name timeConstraint.timeslots, the CSDL timeConstraint.timeSlots", None),
        (R + "website.md:22", "type", "website.type: the docs say Edm.String, the CSDL microsoft.graph.websiteType", None),
        (R + "permissiongrantpolicy.md:51", "duplicate", "permissionGrantPolicy.includes again (first at line 44)", "permissiongrantpolicy.md:44"),
        (R + "importstatusmodel.md:2", "type-missing-in-csdl", "microsoft.graph.importstatusmodel (3 properties), which the CSDL does not define", None),
        (R + "windowsupdates-updatemanagementenrollment.md:23", "enum-member", "the docs omit ['quality', 'unknownFutureValue'] of updateCategory", None),
        (R + "teamsasyncoperationtype.md:20", "enum-member", "the docs omit ['unknownFutureValue', 'teamifyGroup', 'createChannel']", None),
        (R + "integerrange.md:21", "missing-in-docs", "integerRange.minimum is in the CSDL but not in the docs", "graph-beta-slice.xml:283"),
    ],
)
def test_each_kind_of_drift_on_a_real_page(fixtures: Schema, where: str, kind: str, what: str, also: str | None) -> None:
    found = [d for d in fixtures.diagnostics if str(d.loc) == where and d.kind == kind and what in d.message]
    assert len(found) == 1, [str(d) for d in fixtures.diagnostics if str(d.loc) == where]
    if also is not None:
        assert str(found[0].related).endswith(also)


def test_a_page_that_agrees_gives_no_row(fixtures: Schema) -> None:
    """itemBody's properties and contentType's values, diskType's members: matched."""
    quiet = {R + "itembody.md", R + "intune-devices-disktype.md"}
    assert not [d for d in fixtures.diagnostics if d.loc.file in quiet]
    entries = {(a.subject, a.fact): a.kind for a in fixtures.accounting if a.loc.file in quiet}
    assert entries == {
        ("itemBody.content", "property"): "matched",
        ("itemBody.contentType", "property"): "matched",
        ("itemBody.contentType", "values"): "matched",
        ("diskType", "values"): "matched",
    }


def test_an_api_page_may_list_inherited_properties() -> None:
    """A create page's request body carries the base type's properties too: matched, no row
    (the project's seed 003 lists `id`, which userPFXCertificate inherits)."""
    from conftest import CONFIG

    schema = merge(read_sources(CONFIG.sources, ROOT))
    (entry,) = [a for a in schema.accounting if a.loc == Location("schemas/docs/003_7373349e0371a15a.txt", 47)]
    assert (entry.subject, entry.kind, entry.page_kind) == ("userPFXCertificate.id", "matched", "api")
    inherited = [str(d.loc) for d in schema.diagnostics if d.kind == "inherited"]
    assert inherited == ["schemas/docs/intune-raimportcerts-userpfxcertificate.md:32"]


def test_enum_page_values_that_differ() -> None:
    """Same members, another value: `enum-value` (no Graph page of the corpus has one); the
    order of the rows is no drift."""
    csdl = read_sources([SLICE], ROOT)
    disk = next(e for d in csdl if not isinstance(d, PageFragment) for e in d.enums if e.name == "diskType")
    loc = Location("disktype.md", 20)

    def page(values: dict[str, int]) -> PageFragment:
        members = tuple(EnumMember(m.name, loc, values.get(m.name, m.value)) for m in reversed(disk.members))
        enum = EnumType("diskType", "microsoft.graph", members, loc)
        return PageFragment("disktype.md", "markdown", "diskType enum type", loc, "enum", "microsoft.graph", "microsoft.graph.diskType", enum=enum)

    (row,) = [d for d in merge([*csdl, page({"ssd": 7})]).diagnostics if d.loc == loc]
    assert (row.kind, row.message) == ("enum-value", "enum diskType: the page gives ssd = 7 (the CSDL: 2)")
    assert not [d for d in merge([*csdl, page({})]).diagnostics if d.loc == loc]


def test_possible_values_of_a_string_make_no_enum() -> None:
    """A docs-only type's String property with "Possible values" keeps its type: the values
    describe text (before, they became an enum named `Edm.String`)."""
    schema = inline_enums(merge(read_sources([DATA / "resources/anonymousipriskevent.md"], ROOT)))
    risk = next(e for e in schema.entities if e.name == "anonymousIpRiskEvent")
    level = next(p for p in risk.properties if p.name == "riskLevel")
    assert level.type.name == "Edm.String" and [m.name for m in level.enum_members] == ["low", "medium", "high"]
    assert not [e for e in schema.enums if e.namespace == "Edm"]


@pytest.mark.parametrize(
    ("where", "kind", "what"),
    [
        (A + "connector-get.md:96", "example-enum", "status: 'status-value', which is no member of microsoft.graph.connectorStatus"),
        (A + "ediscovery-legalhold-get.md:117", "example-type", 'value/isEnabled: "Boolean", but isEnabled is Edm.Boolean'),
        (A + "ediscovery-legalhold-get.md:118", "example-enum", "value/status: 'String', which is no member of microsoft.graph.ediscovery.legalHoldStatus"),
        (A + "listitem-get.md:81", "example-property", "'listItemId', which listItem does not have"),
        (A + "message-post-attachments.md:225", "example-enum", "permission: 'Edit', which is no member of microsoft.graph.referenceAttachmentPermission"),
        (A + "message-post-attachments.md:226", "example-type", 'isFolder: "True", but isFolder is Edm.Boolean'),
        (A + "accesspackage-filterbycurrentuser.md:106", "example-type", "value/0/@odata.type names accessPackage, which is no accessPackageAssignmentRequest"),
        (A + "directoryaudit-list.md:158", "example-type", "value/0/targetResources/1/@odata.type names '#microsoft.graph.targetResourceUser', which no source defines"),
        (A + "timecard-endbreak.md:75", "example-property", "'atAprovedLocation', which action endBreak does not take"),
    ],
)
def test_examples_are_checked_against_the_model(fixtures: Schema, where: str, kind: str, what: str) -> None:
    found = [d for d in fixtures.diagnostics if str(d.loc) == where and d.kind == kind]
    assert len(found) == 1 and what in found[0].message, [str(d) for d in fixtures.diagnostics if str(d.loc) == where]


def test_what_an_example_may_do(fixtures: Schema) -> None:
    """No row: a request of another attachment type where the page implies fileAttachment
    (message-post-attachments' first two), Intune's `{"value": {...}}` around a type that has a
    `value` property, any JSON for Graph's `Json`."""
    examples = [d for d in fixtures.diagnostics if d.kind.startswith("example-")]
    attachments = sorted(d.loc.line for d in examples if d.loc.file == A + "message-post-attachments.md")
    assert attachments == [225, 226]
    quiet = {A + "intune-grouppolicy-grouppolicypresentationvaluedecimal-get.md"}
    assert not [d for d in examples if d.loc.file in quiet]
    assert not [d for d in examples if d.loc.file == A + "tablerow-update.md"]  # "values-value" for a Json


def test_summary_counts_rows_without_which_an_entry_is_unaccounted(fixtures: Schema) -> None:
    summary = summarize(fixtures.diagnostics, fixtures.accounting, len(PAGES))
    assert sum(summary["kinds"].values()) == summary["rows"] == len([d for d in fixtures.diagnostics if d.severity == "warning"])
    resource = summary["resource_properties"]
    assert resource["documented"] == resource["matched"] + sum(resource["drift"].values()) and resource["unaccounted"] == 0
    counts = [p["rows"] for p in summary["pages"]]
    assert counts == sorted(counts, reverse=True) and len(counts) == 10
    dropped = tuple(d for d in fixtures.diagnostics if d.kind != "case")
    assert summarize(dropped, fixtures.accounting, len(PAGES))["resource_properties"]["unaccounted"] == 1


# -- the command ----------------------------------------------------------------------------------


def test_drift_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"where": "schemas/docs/intune-raimportcerts-userpfxcertificate.md:32", "also": "schemas/csdl/userpfxcertificate.xml:31",
            "kind": "inherited", "what": "the docs list 'id' as a property of userPFXCertificate, but the CSDL inherits it from microsoft.graph.entity"} in rows
    assert [r["where"] for r in rows] == sorted((r["where"] for r in rows), key=lambda w: (w.rpartition(":")[0], int(w.rpartition(":")[2])))
    assert main(["drift", "--format", "markdown"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["| where | also | kind | what |", "|---|---|---|---|"] and len(lines) == len(rows) + 2
    assert main(["drift"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].split() == ["WHERE", "ALSO", "KIND", "WHAT"] and len(text) == len(rows) + 1


def test_drift_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", "--summary", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["kinds"]["type-missing-in-csdl"] == 3  # pfxUserCertificate: only in the docs, on three pages
    assert summary["resource_properties"] == {
        "documented": 30, "matched": 12, "drift": {"type-missing-in-csdl": 17, "inherited": 1}, "unaccounted": 0
    }
    assert summary["pages"][0] == {"page": "schemas/docs/003_7373349e0371a15a.txt", "rows": 10,
                                   "kinds": {"example-enum": 4, "example-required": 3, "page": 3}}
    for fmt in ("text", "markdown"):
        assert main(["drift", "--summary", "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "properties documented on resource pages: 30; matched 12 (40.0%); with a drift row 18" in out
        assert "unaccounted 0" in out and "schemas/docs/003_7373349e0371a15a.txt" in out


def test_rows_of_the_run_itself_have_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    """A page the run goes on without is a `left-out` row; a metadata quirk's own warning (no
    kind of its own) is `quirk`."""
    listener = "tests/data/isolation/invokeuserflowlistener.md"  # its types are on pages of no run here
    assert main(["drift", "schemas/csdl/userpfxcertificate.xml", listener, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["kind"] for r in rows if r["where"].startswith(listener)] == ["left-out"]
    from odatagen.report import kind_of

    assert kind_of(Diagnostic(Location("a.xml", 3), "type 'string' is read as Edm.String", "warning", quirk=True)) == "quirk"
