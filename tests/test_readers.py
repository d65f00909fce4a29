"""IR values straight out of the two readers, on the real seed pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SEED_000, SEED_003

from odatagen.ir import Location
from odatagen.readers import read_docs_page, read_source

PFX_CREATE_MD = ROOT / "tests" / "data" / "docs" / "intune-raimportcerts-pfxusercertificate-create.md"


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_rendered_seed_000() -> None:
    page = read_docs_page(SEED_000, rel(SEED_000))
    assert page.form == "rendered"
    assert page.title == "Create pfxUserCertificate"
    assert page.namespace == "microsoft.graph"
    assert page.entity == "microsoft.graph.pfxUserCertificate"
    op = page.operation
    assert op is not None
    assert (op.kind, op.method, op.path) == ("create", "POST", "/pfxUserCertificates")
    assert op.loc == Location(rel(SEED_000), 26)
    assert op.permissions.as_dict() == {
        "delegated_work": ("DeviceManagementConfiguration.ReadWrite.All",),
        "delegated_personal": (),
        "application": ("DeviceManagementConfiguration.ReadWrite.All",),
    }
    assert [(h.name, h.value) for h in op.headers][1] == ("Accept", "application/json")
    assert op.clouds == ("global", "us_gov_l4", "us_gov_l5_dod", "china")
    assert page.properties_required_on_create
    props = {p.name: p for p in page.properties}
    assert len(props) == 17
    assert props["tenantId"].type.name == "Edm.Guid"
    assert props["paddingScheme"].type.name == "Edm.Int32"
    assert props["eTag"].loc == Location(rel(SEED_000), 57)
    request, response = op.examples
    assert (request.method, request.url) == ("POST", "https://graph.microsoft.com/beta/pfxUserCertificates")
    assert request.json_body()["certStartDate"] == "2017-01-01T00:01:48.7697664-08:00"
    assert response.status == 201 and response.loc.line == 98


def test_markdown_seed_003() -> None:
    page = read_docs_page(SEED_003, rel(SEED_003))
    assert page.form == "markdown"
    assert page.title == "Add userPfxCertificates"
    assert page.entity == "microsoft.graph.userPFXCertificate"
    op = page.operation
    assert op is not None
    # The HTTP block is a $ref path; the example posts to the collection, and that is used.
    assert (op.kind, op.method, op.path) == ("create", "POST", "/deviceManagement/userPfxCertificates")
    ref_warning = [d for d in page.diagnostics if "$ref" in d.message]
    assert ref_warning and ref_warning[0].loc.line == 31 and ref_warning[0].severity == "warning"
    # TODO scopes are undocumented (None), not a scope called "TODO".
    assert op.permissions.as_dict() == {"delegated_work": None, "delegated_personal": (), "application": None}
    assert [(h.name, h.value) for h in op.headers] == [
        ("Authorization", "Bearer {token}.Required"),
        ("Content-Type", "application/json.Required"),
    ]
    props = {p.name: p for p in page.properties}
    assert props["intendedPurpose"].type.is_enum and props["intendedPurpose"].type.name == ""
    assert [m.name for m in props["paddingScheme"].enum_members] == [
        "none", "pkcs1", "oaepSha1", "oaepSha256", "oaepSha384", "oaepSha512",
    ]
    assert props["encryptedPfxBlob"].type.name == "Edm.Binary"
    assert props["id"].loc == Location(rel(SEED_003), 47)
    assert page.properties_required_on_create
    request = op.examples[0]
    assert request.url.endswith("/localtest/deviceManagement/userPfxCertificates")
    assert request.body_loc == Location(rel(SEED_003), 80)
    assert request.json_body()["intendedPurpose"] == "String"


def test_both_forms_of_one_page_give_the_same_facts() -> None:
    """Seed 000 is the rendered form of the pfxUserCertificate create page; the markdown agrees."""
    rendered = read_docs_page(SEED_000, "x")
    markdown = read_docs_page(PFX_CREATE_MD, "x")
    assert [(p.name, p.type) for p in rendered.properties] == [(p.name, p.type) for p in markdown.properties]
    assert rendered.entity == markdown.entity
    r_op, m_op = rendered.operation, markdown.operation
    assert r_op is not None and m_op is not None
    assert (r_op.kind, r_op.method, r_op.path) == (m_op.kind, m_op.method, m_op.path)
    assert r_op.permissions.as_dict() == m_op.permissions.as_dict()
    assert [e.json_body() for e in r_op.examples] == [e.json_body() for e in m_op.examples]
    assert [(e.role, e.method, e.url, e.status) for e in r_op.examples] == [
        (e.role, e.method, e.url, e.status) for e in m_op.examples
    ]


def test_enum_page_members_and_values() -> None:
    path = ROOT / "schemas" / "docs" / "intune-raimportcerts-userpfxintendedpurpose.md"
    page = read_docs_page(path, rel(path))
    assert page.page_kind == "enum"
    assert page.enum is not None
    assert page.enum.qualified_name == "microsoft.graph.userPfxIntendedPurpose"
    assert [(m.name, m.value) for m in page.enum.members] == [
        ("unassigned", 0), ("smimeEncryption", 1), ("smimeSigning", 2), ("vpn", 4), ("wifi", 8),
    ]
    assert page.enum.members[0].loc.line == 23


def test_resource_page_links_name_enum_types() -> None:
    path = ROOT / "schemas" / "docs" / "intune-raimportcerts-userpfxcertificate.md"
    page = read_docs_page(path, rel(path))
    assert page.page_kind == "resource"
    types = {p.name: p.type.name for p in page.properties}
    assert types["intendedPurpose"] == "microsoft.graph.userPfxIntendedPurpose"
    assert types["startDateTime"] == "Edm.DateTimeOffset"


def test_intune_get_response_wrapped_in_value() -> None:
    path = ROOT / "schemas" / "docs" / "intune-raimportcerts-pfxusercertificate-get.md"
    page = read_docs_page(path, rel(path))
    assert page.entity == "microsoft.graph.pfxUserCertificate"
    assert page.operation is not None and page.operation.path == "/pfxUserCertificates/{pfxUserCertificatesId}"
    assert page.operation.kind == "get"


def test_front_matter_that_is_not_yaml_keeps_its_good_lines(tmp_path: Path) -> None:
    """A real page of 2018-12-17 has `author:"tfitzmac"` (no space after the colon)."""
    from odatagen.pipeline import read_sources

    page = ROOT / "tests/data/docs-history/2018-12-17_a7b8a797a3/intune-raimportcerts-userpfxcertificate-create.md"
    (fragment,) = read_sources([page], ROOT)
    assert fragment.title == "Create userPFXCertificate"
    assert fragment.description == "Create a new userPFXCertificate object."
    (warning,) = [d for d in fragment.diagnostics if "front matter" in d.message]
    assert (warning.loc.line, warning.severity) == (4, "warning")
    assert warning.message == "front matter line 'author:\"tfitzmac\"' is not YAML (`key: value`); left out"


def test_evolve_is_replace_without_init() -> None:
    """`ir.evolve` copies fields without `__init__`: right only while no IR class runs code in
    it, and it must give what `dataclasses.replace` gives."""
    import dataclasses
    import inspect

    from odatagen import ir

    classes = [c for _, c in inspect.getmembers(ir, inspect.isclass) if dataclasses.is_dataclass(c) and c.__module__ == ir.__name__]
    assert len(classes) > 15
    for cls in classes:
        assert not hasattr(cls, "__post_init__"), cls
        assert all(f.init for f in dataclasses.fields(cls)), cls
    fragment = read_source(ROOT / "tests/data/csdl/rules.xml")
    props = [p for e in fragment.entities for p in e.properties]
    assert props
    for p in props:
        assert ir.evolve(p, python_name="x", nullable=not p.nullable) == dataclasses.replace(p, python_name="x", nullable=not p.nullable)
    assert ir.evolve(fragment.entities[0]) == fragment.entities[0]
    with pytest.raises(TypeError, match="no field 'nope'"):
        ir.evolve(props[0], nope=1)
