"""The CSDL reader: IR values, merging with the docs, drift, and what the generated code does."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, imported

from odatagen.cli import main
from odatagen.ir import CsdlDocument, Location
from odatagen.pipeline import build_schema, read_sources
from odatagen.readers import read_source

CERT_CSDL = ROOT / "schemas/csdl/userpfxcertificate.xml"
SAMPLE = ROOT / "tests/data/csdl/sample.xml"


def read(path: Path) -> CsdlDocument:
    doc = read_source(path, path.relative_to(ROOT).as_posix())
    assert isinstance(doc, CsdlDocument)
    return doc


def test_certificate_csdl() -> None:
    doc = read(CERT_CSDL)
    assert doc.version == "4.0" and doc.aliases == (("graph", "microsoft.graph"),)
    entities = {e.name: e for e in doc.entities}
    cert = entities["userPFXCertificate"]
    assert cert.base_type == "microsoft.graph.entity"  # alias resolved
    assert cert.key == () and entities["entity"].key == ("id",) and entities["entity"].abstract
    props = {p.name: p for p in cert.properties}
    assert props["intendedPurpose"].type.name == "microsoft.graph.userPfxIntendedPurpose"
    assert not props["intendedPurpose"].nullable and props["keyName"].nullable
    assert props["thumbprint"].description == "SHA-1 thumbprint of the PFX certificate."  # out of line
    assert props["thumbprint"].loc == Location("schemas/csdl/userpfxcertificate.xml", 44)
    nav = entities["deviceManagement"].properties[0]
    assert (nav.name, nav.navigation, nav.contains_target, nav.type.collection) == ("userPfxCertificates", True, True, True)
    (container,) = doc.containers
    assert [(m.kind, m.name, m.type) for m in container.members] == [
        ("singleton", "deviceManagement", "microsoft.graph.deviceManagement")
    ]
    enums = {e.name: e for e in doc.enums}
    assert [(m.name, m.value) for m in enums["userPfxIntendedPurpose"].members][-1] == ("wifi", 8)
    assert not enums["userPfxIntendedPurpose"].flags


def test_every_csdl_construct_reaches_the_ir() -> None:
    doc = read(SAMPLE)
    assert doc.version == "4.01"
    assert doc.namespaces == ("test.core", "test.other")
    assert ("Core", "Org.OData.Core.V1") in doc.aliases and doc.references == ("Org.OData.Core.V1",)
    entities = {e.qualified_name: e for e in doc.entities}
    thing = entities["test.core.thing"]
    assert (thing.abstract, thing.open_type, thing.has_stream) == (False, True, True)
    assert thing.description == "A thing, described inline."
    props = {p.name: p for p in thing.properties}
    assert (props["code"].max_length, props["code"].default_value) == (8, "AB")
    assert (props["amount"].precision, props["amount"].scale) == (12, 2)
    assert props["created"].read_only and props["updated"].read_only and not props["code"].read_only
    assert props["tags"].type.collection and props["tags"].type.name == "Edm.String"
    assert props["code"].description == "Out of line, through an alias target."
    assert props["short"].type.name == "test.core.shortText"
    assert entities["test.other.thing"].kind == "complex"
    assert entities["test.core.special"].base_type == "test.core.thing"
    enums = {e.qualified_name: e for e in doc.enums}
    colours = enums["test.core.colour"]
    assert colours.flags and colours.underlying == "Edm.Int64"
    assert [(m.name, m.value) for m in colours.members] == [("red", 1), ("green", 2), ("blue", 4)]
    (definition,) = doc.type_definitions
    assert (definition.qualified_name, definition.underlying, definition.max_length) == ("test.core.shortText", "Edm.String", 16)
    ops = {o.name: o for o in doc.service_operations}
    assert ops["restart"].kind == "action" and ops["restart"].bound
    assert ops["restart"].parameters[0].type.name == "test.core.thing"
    assert ops["count"].kind == "function" and ops["count"].return_type is not None
    assert ops["count"].return_type.name == "Edm.Int32"
    (container,) = doc.containers
    assert [(m.kind, m.name) for m in container.members] == [("entity_set", "things"), ("singleton", "me")]


def test_inspect_prints_csdl_ir(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(SAMPLE.relative_to(ROOT)), "--format", "yaml"]) == 0
    out = capsys.readouterr().out
    assert "name: restart" in out and "kind: action" in out and "test.core.shortText" in out


def test_type_definitions_resolve_to_their_primitive() -> None:
    schema = build_schema([SAMPLE], None, ROOT)
    thing = next(e for e in schema.entities if e.qualified_name == "test.core.thing")
    short = next(p for p in thing.properties if p.name == "short")
    assert (short.type.name, short.max_length) == ("Edm.String", 16)


def test_docs_and_csdl_merge_with_drift() -> None:
    sources = sorted((ROOT / "schemas/docs").iterdir()) + [CERT_CSDL]
    schema = build_schema(sources, ROOT / "schemas/overlay.yaml", ROOT)
    cert = next(e for e in schema.entities if e.name == "userPFXCertificate")
    assert cert.base_type == "microsoft.graph.entity"
    assert "id" not in [p.name for p in cert.properties]
    assert cert.required_on_create[:2] == ("thumbprint", "intendedPurpose")
    assert not {"id", "createdDateTime", "lastModifiedDateTime"} & set(cert.required_on_create)
    enums = {e.name: e for e in schema.enums}
    assert enums["userPfxPaddingScheme"].members[3].description == "Use OAEP SHA-256 padding."  # docs fill the CSDL gap
    messages = [d.message for d in schema.diagnostics if d.severity == "warning"]
    assert any("'id' as a property of userPFXCertificate, but the CSDL inherits it from microsoft.graph.entity" in m for m in messages)
    assert sum("intendedPurpose: 'String', which is no member" in m for m in messages) == 2
    assert any("calls 'createdDateTime' required on create, but its example request omits it" in m for m in messages)
    assert any("userPfxIntendedPurpose has flag-like values [0, 1, 2, 4, 8]" in m for m in messages)
    inherited = next(d for d in schema.diagnostics if "inherits it from" in d.message)
    assert inherited.related == Location("schemas/csdl/userpfxcertificate.xml", 31)


def test_drift_command_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["WHERE", "ALSO", "KIND", "WHAT"]
    assert any("schemas/docs/003_7373349e0371a15a.txt:83" in line and "'String'" in line for line in out)
    assert any("inherits it from microsoft.graph.entity" in line and "userpfxcertificate.xml:31" in line for line in out)


# -- the generated code ----------------------------------------------------------------------


def test_inheritance_and_dispatch(gc: Any) -> None:
    from graph_certificates import Entity, UserPFXCertificate

    assert issubclass(UserPFXCertificate, Entity)
    for odata_type in ("#microsoft.graph.userPFXCertificate", "microsoft.graph.userPFXCertificate", "#graph.userPFXCertificate"):
        data = {"@odata.type": odata_type, "id": "1", "thumbprint": "abc"}
        model = Entity.from_dict(data)
        assert type(model) is UserPFXCertificate and model.thumbprint == "abc"
        assert model.to_dict() == data
    unknown = {"@odata.type": "#microsoft.graph.notGeneratedHere", "id": "2", "color": "red", "n": [1, {"a": None}]}
    model = Entity.from_dict(unknown)
    assert type(model) is Entity and model.additional_data["color"] == "red"
    assert model.to_dict() == unknown
    problems = Entity.validate({"@odata.type": "#microsoft.graph.userPFXCertificate", "id": "1", "paddingScheme": "x"})
    assert [p.path for p in problems] == ["/paddingScheme"]


def test_non_nullable_null_is_a_problem(gc: Any) -> None:
    problems = gc.UserPFXCertificate.validate({"createdDateTime": None, "keyName": None})
    assert [(p.path, p.message) for p in problems] == [("/createdDateTime", "expected a value, found null")]


def test_nested_collection_of_models(gc: Any) -> None:
    data = {"id": "dm", "userPfxCertificates": [{"id": "a", "thumbprint": "t"}, {"id": "b", "startDateTime": "2017-01-01T00:00:00Z"}]}
    dm = gc.DeviceManagement.from_dict(data)
    assert isinstance(dm.user_pfx_certificates[0], gc.UserPFXCertificate)
    assert dm.to_dict() == data
    bad = {"userPfxCertificates": [{"startDateTime": "yesterday"}, 5]}
    assert [p.path for p in gc.DeviceManagement.validate(bad)] == ["/userPfxCertificates/0/startDateTime", "/userPfxCertificates/1"]


def test_importing_one_model_imports_no_other(installed_venv: Path) -> None:
    from conftest import venv_python

    script = (
        "import sys\n"
        "from graph_certificates import UserPFXCertificate\n"
        "print(sorted(m for m in sys.modules if m.startswith('graph_certificates.models.')))\n"
    )
    out = subprocess.run([str(venv_python(installed_venv)), "-I", "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['graph_certificates.models.entity', 'graph_certificates.models.user_pfx_certificate']"


def test_names_that_break_naive_generators(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(ROOT / "tests/data/csdl/names.xml"), "--package", "names_pkg", "--out", str(out)]) == 0
    with imported("names_pkg", out) as pkg:
        msg = pkg.Message
        data = {"from": "a", "class": "b", "_source": "c", "request-id": "d", "fooBar": 1, "foo_bar": 2, "kind": "None", "model": "m"}
        model = msg.from_dict(data)
        assert (model.from_, model.class_, model.source, model.request_id, model.foo_bar, model.foo_bar_2, model.model_) == (
            "a", "b", "c", "d", 1, 2, "m",
        )
        assert model.kind is pkg.Kind.NONE and model.to_dict() == data
        assert [m.name for m in pkg.Kind] == ["NONE", "IMPORT", "GLOBAL", "PASCAL_CASE", "PASCAL_CASE_2"]
        # Two namespaces, one short name: two classes, two modules, both importable.
        first, second = pkg.Item, pkg.Item_2
        assert first.ODATA_TYPE == "#names.a.item" and second.ODATA_TYPE == "#names.b.item"
        assert second.from_dict({"b": 1}).to_dict() == {"b": 1}


def test_include_selects_the_closure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(CERT_CSDL), "--include", "userPFXCertificate", "--package", "p", "--out", str(out)]) == 0
    assert sorted(p.name for p in (out / "p/models").glob("*.py")) == ["__init__.py", "entity.py", "user_pfx_certificate.py"]
    assert sorted(p.name for p in (out / "p/enums").glob("*.py")) == [
        "__init__.py", "user_pfx_intended_purpose.py", "user_pfx_padding_scheme.py",
    ]
    assert main(["generate", str(CERT_CSDL), "--include", "userPfxCertificat", "--package", "p", "--out", str(out)]) == 2
    assert "did you mean 'microsoft.graph.userPFXCertificate'?" in capsys.readouterr().err


def test_overlay_naming_a_type_definition_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("types:\n  test.core.shortText:\n    description: Short.\n")
    assert main(["generate", str(SAMPLE), "--overlay", str(overlay), "--package", "p", "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (
        f"{overlay}:2: overlay names 'test.core.shortText', which is a type definition; "
        "the overlay patches entity and complex types only\n"
    )
    assert not (tmp_path / "out").exists()


def test_bom_documents_read(tmp_path: Path) -> None:
    text = CERT_CSDL.read_text(encoding="utf-8")
    for name, data in (
        ("utf8.xml", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("utf16.xml", "\ufeff".encode("utf-16-le") + text.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16-le")),
    ):
        (tmp_path / name).write_bytes(data)
        doc = read_source(tmp_path / name, name)
        assert isinstance(doc, CsdlDocument) and len(doc.entities) == 3


def test_read_sources_keeps_order() -> None:
    fragments = read_sources([CERT_CSDL, SAMPLE], ROOT)
    assert [f.source for f in fragments] == ["schemas/csdl/userpfxcertificate.xml", "tests/data/csdl/sample.xml"]


INCLUDE_OPS = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="t" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="job"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
      <EntityType Name="other"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
      <EnumType Name="mode"><Member Name="fast" Value="0"/></EnumType>
      <ComplexType Name="outcome"><Property Name="ok" Type="Edm.Boolean"/></ComplexType>
      <ComplexType Name="unrelated"><Property Name="x" Type="Edm.Int32"/></ComplexType>
      <Action Name="run" IsBound="true">
        <Parameter Name="bindingParameter" Type="t.job"/><Parameter Name="mode" Type="t.mode"/>
        <ReturnType Type="t.outcome"/>
      </Action>
      <Action Name="poke" IsBound="true"><Parameter Name="bindingParameter" Type="t.other"/><Parameter Name="u" Type="t.unrelated"/></Action>
      <Function Name="ping"><ReturnType Type="t.unrelated"/></Function>
      <EntityContainer Name="c"><EntitySet Name="jobs" EntityType="t.job"/><EntitySet Name="others" EntityType="t.other"/>
        <FunctionImport Name="ping" Function="t.ping"/></EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""


def test_include_keeps_the_operations_of_what_it_keeps(tmp_path: Path) -> None:
    """An action bound to a kept type comes along with the types of its parameters and result
    (it crashed the run before: its enum parameter had no class); the others stay out."""
    source = tmp_path / "ops.xml"
    source.write_text(INCLUDE_OPS)
    out = tmp_path / "out"
    assert main(["generate", str(source), "--include", "job", "--package", "p", "--out", str(out)]) == 0
    assert sorted(p.stem for p in (out / "p/models").glob("*.py")) == ["__init__", "job", "outcome"]
    assert sorted(p.stem for p in (out / "p/enums").glob("*.py")) == ["__init__", "mode"]
    assert "def run(" in (out / "p/builders/job.py").read_text()
    with imported("p", out) as p:
        request = p.Service("https://h").jobs.by_key("1").run(mode=p.Mode.FAST)
        assert request.url == "https://h/jobs('1')/t.run" and json.loads(request.body or b"") == {"mode": "fast"} and request.returns == "model:outcome:Outcome"
