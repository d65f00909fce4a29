"""Stable public names (issue 12, item 2): a class, field, enum member or docs builder keeps its
Python name while the wire name it stands for exists; a newcomer that would collide takes the
suffix; the lock in the output folder is what the next run names from, and editing it renames."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, imported
from test_changes import overlay_without_pfx
from test_cli import project, run_cli, snapshot_tree  # noqa: F401 - `project` is the fixture

from odatagen.ir import EntityType, EnumMember, EnumType, Location, Operation, Property, Schema, TypeRef
from odatagen.lock import LOCK, NameLock, assign, builder_key, lock_text, parse_lock
from odatagen.passes.naming import name_everything

HERE = Location("test", 1)
NS = "microsoft.graph"


def prop(name: str) -> Property:
    return Property(name, TypeRef("Edm.String"), HERE)


def entity(name: str, *props: str, base: str = "") -> EntityType:
    return EntityType(name, NS, tuple(prop(p) for p in props), HERE, base_type=base)


def names_of(schema: Schema) -> dict[str, list[str]]:
    return {e.qualified_name: [e.python_name, *(p.python_name for p in e.properties)] for e in schema.entities}


def test_assign_without_a_lock_is_unique_in_order() -> None:
    assert assign([("a", "foo"), ("b", "foo"), ("c", "foo_2")], {}) == ["foo", "foo_2", "foo_2_2"]


def test_assign_gives_locked_names_back_before_naming_newcomers() -> None:
    assert assign([("new", "foo"), ("old", "foo")], {"old": "foo"}) == ["foo_2", "foo"]
    assert assign([("new", "foo")], {}, taken={"foo"}, avoid={"foo_2"}) == ["foo_3"]
    assert assign([("a", "x"), ("b", "y")], {"a": "same", "b": "same"}) == ["same", "y"]  # first claim wins


def test_a_new_field_that_collides_takes_the_suffix_not_the_old_one() -> None:
    """`key_name` (a new wire name, listed first) and `keyName` (the old one) both snake to
    `key_name`: without the lock the newcomer takes it; with it, the old field keeps it."""
    before = name_everything(Schema(NS, entities=(entity("cert", "keyName"),)))
    lock = parse_lock(lock_text(before), "lock")
    after = Schema(NS, entities=(entity("cert", "key_name", "keyName"),))
    assert names_of(name_everything(after))[f"{NS}.cert"] == ["Cert", "key_name", "key_name_2"]
    assert names_of(name_everything(after, lock))[f"{NS}.cert"] == ["Cert", "key_name_2", "key_name"]


def test_a_base_type_does_not_take_an_attribute_its_derived_type_holds() -> None:
    before = name_everything(Schema(NS, entities=(entity("base", "id"), entity("derived", "displayName", base=f"{NS}.base"))))
    lock = parse_lock(lock_text(before), "lock")
    after = Schema(NS, entities=(entity("base", "id", "display_name"), entity("derived", "displayName", base=f"{NS}.base")))
    named = names_of(name_everything(after, lock))
    assert named[f"{NS}.derived"] == ["Derived", "display_name"]
    assert named[f"{NS}.base"] == ["Base", "id", "display_name_2"]
    assert names_of(name_everything(after))[f"{NS}.derived"] == ["Derived", "display_name_2"]  # what the lock prevents


def test_classes_members_and_builders_keep_their_names() -> None:
    members = (EnumMember("oaepSha256", HERE, 3),)
    op = Operation("get", f"{NS}.cert", "GET", "/certs/{id}", HERE)
    before = name_everything(
        Schema(NS, entities=(entity("cert"),), enums=(EnumType("padding", NS, members, HERE),), operations=(op,))
    )
    lock = parse_lock(lock_text(before), "lock")
    assert lock.classes == {f"{NS}.cert": "Cert", f"{NS}.padding": "Padding"}
    assert lock.members == {(f"{NS}.padding", "oaepSha256"): "OAEP_SHA256"}
    assert lock.builders == {"get /certs/{}": "get_cert"}
    newcomer = EntityType("cert", "a.first", (), HERE)  # sorts first, same short name
    later = Schema(
        NS,
        entities=(newcomer, entity("cert")),
        enums=(EnumType("padding", NS, (EnumMember("OAEP_SHA256", HERE, 9), *members), HERE),),
        operations=(replace(op, path="/certs/{certId}"),),
    )
    named = name_everything(later, lock)
    assert [(e.qualified_name, e.python_name, e.module) for e in named.entities] == [
        ("a.first.cert", "Cert_2", "cert_2"), (f"{NS}.cert", "Cert", "cert")
    ]
    assert [m.python_name for m in named.enums[0].members] == ["OAEP_SHA256_2", "OAEP_SHA256"]
    assert builder_key(named.operations[0]) == "get /certs/{}" and named.operations[0].python_name == "get_cert"
    assert [e.python_name for e in name_everything(later).entities] == ["Cert", "Cert_2"]  # without the lock


def test_a_lock_entry_that_is_no_usable_name_is_an_error_on_its_line() -> None:
    text = lock_text(name_everything(Schema(NS, entities=(entity("cert", "keyName"),))))
    bad = text.replace('"name": "key_name"', '"name": "class"')
    line = bad.splitlines().index(next(l for l in bad.splitlines() if '"class"}' in l)) + 1
    with pytest.raises(Exception) as caught:
        parse_lock(bad, "generated/.odatagen-names.lock")
    assert str(caught.value) == (
        f"generated/.odatagen-names.lock:{line}: error: 'class' cannot be a generated Python name "
        "(a reserved word, a builtin or no identifier)"
    )
    assert parse_lock(text, "x") != NameLock()


# -- through the command line: the observed bug, and the lock file as the user sees it -----------

LEGACY = """<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="contoso.legacy" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="userPfxIntendedPurpose"><Member Name="legacy" Value="0"/></EnumType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""


def registry(package: object) -> dict[str, str]:
    import importlib

    module = importlib.import_module(f"{getattr(package, '__name__')}._registry")
    return {**module.TYPES, **module.ENUMS}


def test_a_colliding_new_type_gets_the_suffix_and_isinstance_keeps_working(project: Path) -> None:
    """The observed bug: a second `userPfxIntendedPurpose` (here in a namespace that sorts first)
    took the class name, the model switched to `UserPfxIntendedPurpose_2`, and isinstance checks
    against the old class turned False downstream. With the lock the old type keeps its name."""
    (project / "schemas/csdl/legacy.xml").write_text(LEGACY)
    config = project / "odatagen.yaml"
    config.write_text(config.read_text().replace("package: graph_certificates", "package: locked"))  # not the session's
    out = run_cli("generate", cwd=project)
    assert out.returncode == 0, out.stderr
    with imported("locked", project / "generated") as gc:
        assert registry(gc)["microsoft.graph.userPfxIntendedPurpose"] == ".enums.user_pfx_intended_purpose:UserPfxIntendedPurpose"
        assert registry(gc)["contoso.legacy.userPfxIntendedPurpose"] == ".enums.user_pfx_intended_purpose_2:UserPfxIntendedPurpose_2"
        cert = gc.UserPFXCertificate.from_dict({"intendedPurpose": "vpn"})
        assert isinstance(cert.intended_purpose, gc.UserPfxIntendedPurpose)
    assert "class `UserPfxIntendedPurpose_2` added (`contoso.legacy.userPfxIntendedPurpose`)" in out.stderr
    # without the lock (a fresh folder), the newcomer would have taken the name
    config.write_text(config.read_text().replace("output: generated", "output: fresh"))
    assert run_cli("generate", cwd=project).returncode == 0
    model = (project / "fresh/locked/models/user_pfx_certificate.py").read_text()
    assert "UserPfxIntendedPurpose_2" in model


def test_editing_the_lock_renames_and_the_changelog_says_so(project: Path) -> None:
    lock = project / "generated" / LOCK
    text = lock.read_text()
    entry = '{"field": "thumbprint", "of": "microsoft.graph.userPFXCertificate", "name": "thumbprint"}'
    assert entry in text
    lock.write_text(text.replace(entry, entry.replace('"name": "thumbprint"', '"name": "sha1_thumbprint"')))
    out = run_cli("generate", cwd=project)  # the lock is read, not a hand-edited file to protect
    assert out.returncode == 0, out.stderr
    model = (project / "generated/graph_certificates/models/user_pfx_certificate.py").read_text()
    assert "    sha1_thumbprint: Nullable[str] = prop(\"thumbprint\")" in model
    message = "field renamed: `UserPFXCertificate.thumbprint` is now `UserPFXCertificate.sha1_thumbprint`"
    assert message in out.stderr and message in (project / "generated/CHANGELOG.md").read_text()
    assert '"attr": "sha1_thumbprint"' in (project / "generated/.odatagen-api.json").read_text()
    assert run_cli("generate", "--check", cwd=project).returncode == 0


def test_a_bad_lock_is_exit_2_and_leaves_the_output_alone(project: Path) -> None:
    lock = project / "generated" / LOCK
    lock.write_text(lock.read_text().replace('"name": "UserPFXCertificate"', '"name": "not a name"'))
    before = snapshot_tree(project / "generated")
    out = run_cli("generate", cwd=project)
    assert out.returncode == 2
    assert out.stderr.startswith("generated/.odatagen-names.lock:") and "'not a name' cannot be a generated Python name" in out.stderr
    assert snapshot_tree(project / "generated") == before


def test_a_name_whose_wire_name_is_gone_leaves_the_lock(project: Path) -> None:
    for page in [*(project / "schemas/docs").glob("*pfxusercertificate*.md"), project / "schemas/docs/000_e2f8227b4674fe38.txt"]:
        page.unlink()  # every page of pfxUserCertificate (the seed 000 is its rendered create page)
    overlay = project / "schemas/overlay.yaml"
    overlay.write_text(overlay_without_pfx(overlay.read_text()))
    assert run_cli("generate", cwd=project).returncode == 0
    text = (project / "generated" / LOCK).read_text()
    assert "pfxUserCertificate" not in text and "pfx_user_certificate" not in text
    assert "microsoft.graph.userPFXCertificate" in text


def test_the_committed_lock_names_what_the_package_exports() -> None:
    lock = parse_lock((ROOT / "generated" / LOCK).read_text(), LOCK)
    assert lock.classes["microsoft.graph.userPfxIntendedPurpose"] == "UserPfxIntendedPurpose"
    assert lock.fields[("microsoft.graph.userPFXCertificate", "userPrincipalName")] == "user_principal_name"
    assert lock.builders["get /deviceManagement/userPfxCertificates/{}"] == "get_user_pfx_certificate"


def test_assign_derives_a_name_only_for_what_the_lock_does_not_name() -> None:
    """A warm run over all of Graph finds every name in the lock: no name is derived again."""
    asked: list[str] = []

    def make(key: str) -> str:
        asked.append(key)
        return key.lower()

    assert assign(["A", "B", "C"], {"A": "kept", "C": "b"}, make=make) == ["kept", "b_2", "b"]
    assert asked == ["B"]
    assert assign([("A", "a"), ("B", "a")], {}) == ["a", "a_2"]  # (key, name) pairs as before
