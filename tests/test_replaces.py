"""Version migration (issue 12, item 8): the overlay's `replaces:` makes a model's
`from_replaced(old)` convert the type it replaces, a model or its JSON.

graph_certificates' `UserPFXCertificate` replaces the docs-only `pfxUserCertificate`, whose
Int32 `intendedPurpose` and `paddingScheme` are the values of the new enums. The package
generated from tests/data/replaces/ has every other kind of conversion: flags combined bit by
bit, enum members to integers, collections, widening, text, inherited properties.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SEED_000, SEED_003, imported
from test_cli import line_of, project, run_cli  # noqa: F401 - `project` is the fixture
from test_generated_package import _request_body

from odatagen.cli import main
from odatagen.ir import EnumType, TypeRef
from odatagen.passes.replacements import cannot_convert
from odatagen.readers import read_docs_page

DOCS = ROOT / "schemas/docs"
ITEMS = ROOT / "tests/data/replaces/items.xml"
ITEMS_OVERLAY = ROOT / "tests/data/replaces/overlay.yaml"

# What the enum pages list, member by member: the new enums' values line up with the integers
# the old type's Int32 properties held.
INTENDED_PURPOSE = {0: "UNASSIGNED", 1: "SMIME_ENCRYPTION", 2: "SMIME_SIGNING", 4: "VPN", 8: "WIFI"}
PADDING_SCHEME = {0: "NONE", 1: "PKCS1", 2: "OAEP_SHA1", 3: "OAEP_SHA256", 4: "OAEP_SHA384", 5: "OAEP_SHA512"}


def documented_values(page: str) -> dict[int, str]:
    enum = read_docs_page(DOCS / page, page).enum
    assert enum is not None
    return {m.value: m.name for m in enum.members if m.value is not None}


def messages(problems: list[Any]) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in problems]


def test_the_tables_here_are_what_the_enum_pages_list(gc: Any) -> None:
    for page, table, cls in (
        ("intune-raimportcerts-userpfxintendedpurpose.md", INTENDED_PURPOSE, gc.UserPfxIntendedPurpose),
        ("intune-raimportcerts-userpfxpaddingscheme.md", PADDING_SCHEME, gc.UserPfxPaddingScheme),
    ):
        assert {n: cls[name].value for n, name in table.items()} == documented_values(page)
    # and the old page gives both as bare Int32s
    old = {p.name: p.type.name for p in read_docs_page(DOCS / "intune-raimportcerts-pfxusercertificate.md", "p").properties}
    assert old["intendedPurpose"] == old["paddingScheme"] == "Edm.Int32"


@pytest.mark.parametrize(("number", "member"), INTENDED_PURPOSE.items())
def test_every_documented_intended_purpose_converts(gc: Any, number: int, member: str) -> None:
    model, problems = gc.UserPFXCertificate.from_replaced({"intendedPurpose": number})
    assert problems == []
    assert model.intended_purpose is gc.UserPfxIntendedPurpose[member]
    assert model.intended_purpose.number == number


@pytest.mark.parametrize(("number", "member"), PADDING_SCHEME.items())
def test_every_documented_padding_scheme_converts(gc: Any, number: int, member: str) -> None:
    model, problems = gc.UserPFXCertificate.from_replaced({"paddingScheme": number})
    assert problems == []
    assert model.padding_scheme is gc.UserPfxPaddingScheme[member]
    assert model.padding_scheme.number == number


@pytest.mark.parametrize("number", [3, 5, 15, 16, -1])
def test_an_intended_purpose_that_is_no_value_is_a_problem(gc: Any, number: int) -> None:
    """userPfxIntendedPurpose has no IsFlags: 15 is no combination of members, it is no member."""
    model, problems = gc.UserPFXCertificate.from_replaced({"intendedPurpose": number})
    expected = "expected a value of UserPfxIntendedPurpose (0=unassigned, 1=smimeEncryption, 2=smimeSigning, 4=vpn, 8=wifi)"
    assert messages(problems) == [("/intendedPurpose", f"{expected}, found the number {number}")]
    assert model.intended_purpose == number  # kept as received, as parse does: never a default


@pytest.mark.parametrize("value", [6, -1, "3", True, 2.0])
def test_a_padding_scheme_that_is_no_value_is_a_problem(gc: Any, value: object) -> None:
    model, problems = gc.UserPFXCertificate.from_replaced({"paddingScheme": value})
    assert [p.path for p in problems] == ["/paddingScheme"]
    assert problems[0].message.startswith("expected a value of UserPfxPaddingScheme (0=none, 1=pkcs1, ")
    assert model.padding_scheme == value


OLD = {
    "@odata.type": "#microsoft.graph.pfxUserCertificate",
    "@odata.etag": 'W/"1"',
    "tenantId": "f9882bcd-2bcd-f988-cd2b-88f9cd2b88f9",
    "userId": "a991071c-071c-a991-1c07-91a91c0791a9",
    "thumbprint": "F00D",
    "userUpn": "alex@contoso.com",
    "encryptedPfxBlob": "MIIKPA",
    "encryptedPfxPassword": "secret",
    "certStartDate": "2017-01-01T00:01:48.7697664-08:00",
    "certExpirationDate": "2018-01-01T00:00:00Z",
    "providerName": "Microsoft Software Key Storage Provider",
    "encryptionKeyName": "key",
    "paddingScheme": 3,
    "status": 6,
    "intendedPurpose": 4,
    "createdTime": "2017-01-01T00:03:18.9597073-08:00",
    "isDeleted": False,
    "lastModifiedTime": "2017-01-02T00:00:00Z",
    "eTag": "ETag value",
}
NEW = {
    "thumbprint": "F00D",
    "userPrincipalName": "alex@contoso.com",
    "encryptedPfxBlob": "MIIKPA",
    "encryptedPfxPassword": "secret",
    "startDateTime": "2017-01-01T00:01:48.7697664-08:00",
    "expirationDateTime": "2018-01-01T00:00:00Z",
    "providerName": "Microsoft Software Key Storage Provider",
    "keyName": "key",
    "paddingScheme": "oaepSha256",
    "intendedPurpose": "vpn",
    "createdDateTime": "2017-01-01T00:03:18.9597073-08:00",
    "lastModifiedDateTime": "2017-01-02T00:00:00Z",
}


def test_an_old_payload_converts_whole(gc: Any) -> None:
    """Renamed, by value, exact text kept (7 fractional digits, base64url), the dropped ones and
    the old entity's annotations left out."""
    model, problems = gc.UserPFXCertificate.from_replaced(OLD)
    assert problems == []
    assert type(model) is gc.UserPFXCertificate
    assert model.to_dict() == {k: NEW[k] for k in sorted(NEW, key=list(model.to_dict()).index)}
    assert model.start_date_time == datetime.datetime(
        2017, 1, 1, 0, 1, 48, 769766, tzinfo=datetime.timezone(datetime.timedelta(hours=-8))
    )
    assert model.encrypted_pfx_blob == b"\x30\x82\x0a\x3c"
    assert model.additional_data == {}  # no old @odata.type, no old @odata.etag
    assert model.validate(model.to_dict(), operation="create") == []


def test_an_old_model_converts_as_its_payload_does(gc: Any) -> None:
    old = gc.PfxUserCertificate.from_dict(OLD)
    from_model = gc.UserPFXCertificate.from_replaced(old)
    assert from_model == gc.UserPFXCertificate.from_replaced(OLD)
    assert from_model[0].to_dict() == gc.UserPFXCertificate.from_replaced(OLD)[0].to_dict()
    built = gc.PfxUserCertificate(user_upn="a@b.c", intended_purpose=8, padding_scheme=9, status=1)
    model, problems = gc.UserPFXCertificate.from_replaced(built)
    assert (model.user_principal_name, model.intended_purpose) == ("a@b.c", gc.UserPfxIntendedPurpose.WIFI)
    assert [p.path for p in problems] == ["/paddingScheme"]


def test_the_docs_own_old_example_converts_with_a_problem_for_each_bad_value(gc: Any) -> None:
    """The seed page's example: intendedPurpose 15 and paddingScheme 13 are no values, and
    "Encrypted Pfx Blob value" (a String then, Binary now) is no base64."""
    old = _request_body(SEED_000)
    model, problems = gc.UserPFXCertificate.from_replaced(old)
    assert [p.path for p in problems] == ["/encryptedPfxBlob", "/paddingScheme", "/intendedPurpose"]  # the old order
    assert problems[0].message == "expected base64 or base64url text, found the string 'Encrypted Pfx Blob value'"
    assert problems[1].message.endswith("found the number 13")
    assert model.user_principal_name == "User Upn value" and model.key_name == "Encryption Key Name value"


def test_a_renamed_property_is_reported_at_its_old_path(gc: Any) -> None:
    old = {"certStartDate": "2017-01-01", "createdTime": None, "userUpn": 7, "encryptedPfxPassword": 12345}
    _, problems = gc.UserPFXCertificate.from_replaced(old)
    assert messages(problems) == [
        ("/certStartDate", "expected a date-time with an offset (e.g. 2017-01-01T00:01:48.7697664-08:00), found the string '2017-01-01'"),
        ("/createdTime", "expected a value, found null"),  # createdDateTime is Nullable="false"
        ("/userUpn", "expected a string, found the number 7"),
        ("/encryptedPfxPassword", "expected a string, found a number"),  # a secret: no value shown
    ]


def test_a_property_with_no_counterpart_is_a_problem_unless_dropped(gc: Any) -> None:
    """tenantId, userId, status, isDeleted and eTag are dropped by the overlay: no problem. A
    property the old type does not have converts to nothing, so it is one."""
    old = {"tenantId": "x", "isDeleted": True, "eTag": "e", "id": "c1", "color@odata.type": "#x", "thumbprint": "F00D"}
    model, problems = gc.UserPFXCertificate.from_replaced(old)
    assert messages(problems) == [("/id", "'id' is no property of PfxUserCertificate, so has no counterpart in UserPFXCertificate")]
    assert model.to_dict() == {"thumbprint": "F00D"}


def test_what_is_no_old_value(gc: Any) -> None:
    model, problems = gc.UserPFXCertificate.from_replaced([1, 2])
    assert messages(problems) == [("", "expected a JSON object, found an array")]
    assert model == gc.UserPFXCertificate()
    with pytest.raises(TypeError, match="takes a PfxUserCertificate or its JSON, not a UserPFXCertificate"):
        gc.UserPFXCertificate.from_replaced(gc.UserPFXCertificate())


def test_the_replacement_is_in_the_class_and_its_docstrings(gc: Any) -> None:
    cls = gc.UserPFXCertificate
    assert cls.REPLACES.old is gc.PfxUserCertificate
    assert cls.REPLACES.properties["userUpn"] == "userPrincipalName"
    assert cls.REPLACES.dropped == ("tenantId", "userId", "status", "isDeleted", "eTag")
    assert "`UserPFXCertificate.from_replaced(old)`" in " ".join((cls.__doc__ or "").split())
    doc = " ".join((cls.from_replaced.__doc__ or "").split())
    assert "`userUpn` -> `userPrincipalName`" in doc and "`intendedPurpose`" in doc and "`tenantId`" in doc
    assert not hasattr(gc.PfxUserCertificate, "from_replaced")


# -- every kind of conversion: tests/data/replaces -------------------------------------------


@pytest.fixture(scope="module")
def inv_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("inv")
    args = ["generate", str(ITEMS), "--overlay", str(ITEMS_OVERLAY), "--package", "inv", "--out", str(out)]
    assert main(args) == 0
    return out


@pytest.fixture(scope="module")
def inv(inv_folder: Path) -> Iterator[Any]:
    with imported("inv", inv_folder) as package:
        yield package


def test_the_generated_code_type_checks_and_keeps_its_own_names(inv: Any, inv_folder: Path) -> None:
    """A property `fromReplaced` and a type `Replaces` do not shadow what the model uses."""
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(inv_folder / "inv")],
        capture_output=True, text=True, cwd=inv_folder,
    )
    assert out.returncode == 0, out.stdout
    assert callable(inv.NewItem.from_replaced)
    model, problems = inv.NewItem.from_replaced({"id": "i1"})
    assert problems == [] and model.from_replaced_ is inv.UNSET and inv.Replaces_.__name__ == "Replaces_"


@pytest.mark.parametrize(
    ("bits", "wire"),
    [(0, "none"), (1, "red"), (2, "green"), (4, "blue"), (3, "red,green"), (5, "red,blue"), (6, "green,blue"), (7, "white")],
)
def test_a_flags_enum_takes_members_combined(inv: Any, bits: int, wire: str) -> None:
    """Color IsFlags: an integer that is no member's value is the members of its bits; one that
    is a member's value (7, white) is that member."""
    model, problems = inv.NewItem.from_replaced({"colour": bits})
    assert problems == [] and model.to_dict() == {"color": wire}


@pytest.mark.parametrize("bits", [8, 9, -1])
def test_bits_no_member_has_are_a_problem(inv: Any, bits: int) -> None:
    _, problems = inv.NewItem.from_replaced({"colour": bits})
    expected = f"expected a sum of values of Color (0=none, 1=red, 2=green, 4=blue, 7=white), found the number {bits}"
    assert messages(problems) == [("/colour", expected)]


def test_enum_members_become_their_values(inv: Any) -> None:
    """Shape (no values in the metadata: 0, 1 in order) to Int64; Mood flags to their bits."""
    model, problems = inv.NewItem.from_replaced({"shape": "square", "moods": "calm,busy"})
    assert problems == [] and model.to_dict() == {"shapeCode": 1, "moodBits": 9}
    model, problems = inv.NewItem.from_replaced({"shape": "oval", "moods": "calm,sad"})
    assert messages(problems) == [
        ("/shape", "expected one of round, square (Shape), found the string 'oval'"),
        ("/moods", "expected comma-separated members of calm, glad, busy (Mood), found the string 'calm,sad'"),
    ]
    assert (model.shape_code, model.mood_bits) == ("oval", "calm,sad")


def test_collections_convert_element_by_element(inv: Any) -> None:
    model, problems = inv.NewItem.from_replaced({"sizes": [10, 20, None, 15]})
    assert messages(problems) == [("/sizes/3", "expected a value of Size (10=small, 20=large), found the number 15")]
    assert model.sizes == [inv.Size.SMALL, inv.Size.LARGE, None, 15]
    assert messages(inv.NewItem.from_replaced({"sizes": 10})[1]) == [("/sizes", "expected an array (Collection(Size)), found the number 10")]


def test_the_rest_keep_their_json(inv: Any) -> None:
    """Inherited on both sides (id, made), widened (Int32 count to Int64), text read as the new
    type (owner String to ownerId Guid), dropped (note), and legacy, which the overlay neither
    maps nor drops."""
    old = inv.OldItem(
        id="i1",
        made=datetime.datetime(2026, 1, 2, tzinfo=datetime.timezone.utc),
        size=20,
        count=2**31 - 1,
        owner="F9882BCD-2BCD-F988-CD2B-88F9CD2B88F9",
        note="n",
        legacy=True,
    )
    model, problems = inv.NewItem.from_replaced(old)
    assert messages(problems) == [("/legacy", "OldItem.legacy has no counterpart in NewItem")]
    assert model.to_dict() == {
        "id": "i1",
        "made": "2026-01-02T00:00:00Z",
        "size": "large",
        "count": 2**31 - 1,
        "ownerId": "F9882BCD-2BCD-F988-CD2B-88F9CD2B88F9",
    }
    _, problems = inv.NewItem.from_replaced({"owner": "nobody", "size": None})
    assert [p.path for p in problems] == ["/owner", "/size"]  # no GUID; size is Nullable="false" now


# -- the overlay: what it may say, errors on their lines ---------------------------------------


def generate_items(tmp_path: Path, overlay: str) -> Any:
    path = tmp_path / "overlay.yaml"
    path.write_text(overlay)
    return run_cli("generate", str(ITEMS), "--overlay", str(path), "--package", "inv", "--out", str(tmp_path / "out"))


BAD_OVERLAYS = [
    pytest.param(
        "type: inv.OldItem", "type: inv.OldIten",
        "replaces names type 'inv.OldIten', which no source defines; did you mean 'inv.OldItem'?", id="old-type-typo",
    ),
    pytest.param(
        "type: inv.OldItem", "type: inv.Color",
        "replaces names 'inv.Color', which is an enum type; a type replaces entity and complex types only", id="old-type-enum",
    ),
    pytest.param("type: inv.OldItem", "type: inv.NewItem", "inv.NewItem cannot replace itself", id="itself"),
    pytest.param(
        "colour: color", "colours: color",
        "replaces maps property 'colours', which OldItem does not have; did you mean 'colour'?", id="old-property-typo",
    ),
    pytest.param(
        "colour: color", "colour: colr",
        "replaces maps 'colour' to 'colr', which NewItem does not have; did you mean 'color'?", id="new-property-typo",
    ),
    pytest.param("drop: [note]", "drop: [notes]", "replaces drops property 'notes', which OldItem does not have; did you mean 'note'?", id="drop-typo"),
    pytest.param("drop: [note]", "drop: [owner]", "replaces both maps and drops 'owner'", id="mapped-and-dropped"),
    pytest.param("owner: ownerId", "owner: color", "NewItem.color already takes the value of 'colour'", id="two-to-one"),
    pytest.param(
        "owner: ownerId", "owner: count",
        "NewItem.count takes the value of 'owner', but OldItem has a 'count' too: map it or drop it", id="shadows-same-name",
    ),
    pytest.param(
        "owner: ownerId", "owner: shade",
        "OldItem.owner (Edm.String) cannot convert to NewItem.shade (inv.Size): "
        "only an integer converts to an enum (to the member of that value)", id="string-to-enum",
    ),
    pytest.param(
        "owner: ownerId", "owner: active",
        "OldItem.owner (Edm.String) cannot convert to NewItem.active (Edm.Boolean): no conversion between them",
        id="string-to-boolean",
    ),
    pytest.param(
        "owner: ownerId", "sizes: active",
        "OldItem.sizes (Collection(Edm.Int32)) cannot convert to NewItem.active (Edm.Boolean): "
        "a collection converts only to a collection", id="collection-to-one",
    ),
    pytest.param(
        "shape: shapeCode", "shape: shade",
        "OldItem.shape (inv.Shape) cannot convert to NewItem.shade (inv.Size): only an integer converts to an enum", id="enum-to-enum",
    ),
    pytest.param(
        "      drop: [note]", "      unknown: 1\n      drop: [note]",
        "unknown key 'unknown' in types.inv.NewItem.replaces; known keys: drop, properties, type", id="unknown-key",
    ),
    pytest.param("colour: color", "colour: [color]", "types.inv.NewItem.replaces.properties.colour must be a non-empty string", id="not-a-name"),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD_OVERLAYS)
def test_a_bad_replaces_is_an_error_on_its_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    overlay = ITEMS_OVERLAY.read_text()
    assert old in overlay
    text = overlay.replace(old, new, 1)
    out = generate_items(tmp_path, text)
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    line = line_of(text, new.strip().splitlines()[0])  # the line the change puts first
    assert out.stderr.startswith(f"{tmp_path / 'overlay.yaml'}:{line}: {message}"), out.stderr
    assert not (tmp_path / "out").exists()


def test_the_type_must_be_named(tmp_path: Path) -> None:
    out = generate_items(tmp_path, "types:\n  inv.NewItem:\n    replaces:\n      drop: [note]\n")
    assert (out.returncode, out.stderr) == (2, f"{tmp_path / 'overlay.yaml'}:4: types.inv.NewItem.replaces must name the type it replaces (type: <qualified name>)\n")


def test_same_names_that_cannot_convert_must_be_mapped_or_dropped(tmp_path: Path) -> None:
    """OldItem.sizes converts to NewItem.sizes; renamed away, NewItem's sizes stays unset. Here
    the docs-only enum of seed 003 has no values, so seed 000's Int32 converts to none of it."""
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "types:\n"
        "  microsoft.graph.userPFXCertificate:\n"
        "    properties:\n"
        "      intendedPurpose: {type: microsoft.graph.userPfxIntendedPurpose}\n"
        "      paddingScheme: {type: microsoft.graph.userPfxPaddingScheme}\n"
        "    replaces:\n"
        "      type: microsoft.graph.pfxUserCertificate\n"
    )
    args = ["generate", str(SEED_003), str(SEED_000), "--overlay", str(overlay), "--package", "p", "--out", str(tmp_path / "out")]
    out = run_cli(*args)
    assert out.returncode == 2, out.stderr
    assert out.stderr.splitlines() == [
        f"{overlay}:7: pfxUserCertificate.intendedPurpose (Edm.Int32) cannot convert to userPFXCertificate.intendedPurpose "
        "(microsoft.graph.userPfxIntendedPurpose): userPfxIntendedPurpose gives no value to unassigned, smimeEncryption, "
        "smimeSigning, vpn, wifi (the same name on both sides: map it to another property, or drop it)",
        f"{overlay}:7: pfxUserCertificate.paddingScheme (Edm.Int32) cannot convert to userPFXCertificate.paddingScheme "
        "(microsoft.graph.userPfxPaddingScheme): userPfxPaddingScheme gives no value to none, pkcs1, oaepSha1, oaepSha256, "
        "oaepSha384, oaepSha512 (the same name on both sides: map it to another property, or drop it)",
    ]


def test_the_project_overlay_entry_names_its_lines(project: Path) -> None:  # noqa: F811
    overlay = project / "schemas/overlay.yaml"
    text = overlay.read_text().replace("certStartDate: startDateTime", "certStartDate: startDatetime")
    overlay.write_text(text)
    out = run_cli("generate", cwd=project)
    line = line_of(text, "startDatetime")
    assert (out.returncode, out.stderr) == (
        2,
        f"schemas/overlay.yaml:{line}: replaces maps 'certStartDate' to 'startDatetime', which userPFXCertificate does not "
        "have; did you mean 'startDateTime'?\n",
    )


def test_an_old_type_near_no_type_is_an_error_in_a_full_run(project: Path) -> None:  # noqa: F811
    overlay = project / "schemas/overlay.yaml"
    text = overlay.read_text().replace("type: microsoft.graph.pfxUserCertificate", "type: microsoft.graph.noSuchType")
    overlay.write_text(text)
    out = run_cli("generate", cwd=project)
    line = line_of(text, "noSuchType")
    message = "replaces names type 'microsoft.graph.noSuchType', which no source defines"
    assert (out.returncode, out.stderr) == (2, f"schemas/overlay.yaml:{line}: {message}\n")


def test_include_keeps_the_replaced_type(project: Path) -> None:  # noqa: F811
    out = run_cli("generate", "--include", "userPFXCertificate", cwd=project)
    assert out.returncode == 0, out.stderr
    assert (project / "generated/graph_certificates/models/pfx_user_certificate.py").exists()
    out = run_cli("generate", "--include", "pfxUserCertificate", cwd=project)
    assert out.returncode == 0, out.stderr
    assert not (project / "generated/graph_certificates/_migrate.py").exists()  # no type replaces another


def test_a_run_on_some_sources_warns_of_an_old_type_it_does_not_read(tmp_path: Path) -> None:
    """As for the overlay's type names: SOURCE files may be some of the project's."""
    csdl = ROOT / "schemas/csdl/userpfxcertificate.xml"
    args = ["generate", str(csdl), "--overlay", "schemas/overlay.yaml", "--package", "p", "--out", str(tmp_path / "out")]
    out = run_cli(*args)
    assert out.returncode == 0, out.stderr
    line = line_of((ROOT / "schemas/overlay.yaml").read_text(), "type: microsoft.graph.pfxUserCertificate")
    assert (
        f"schemas/overlay.yaml:{line}: warning: replaces names type 'microsoft.graph.pfxUserCertificate', which no source "
        "defines; ignored"
    ) in out.stderr
    assert "from_replaced" not in (tmp_path / "out/p/models/user_pfx_certificate.py").read_text()


@pytest.mark.parametrize(
    ("old", "new", "converts"),
    [
        ("Edm.Int32", "Edm.Int32", True),
        ("Edm.Int16", "Edm.Int64", True),
        ("Edm.Int64", "Edm.Byte", True),  # parse checks the range
        ("Edm.Int32", "Edm.Decimal", True),
        ("Edm.Single", "Edm.Double", True),
        ("Edm.Double", "Edm.Single", False),
        ("Edm.Double", "Edm.Decimal", False),  # a float is no Decimal
        ("Edm.String", "Edm.Binary", True),
        ("Edm.DateTimeOffset", "Edm.String", True),
        ("Edm.DateTimeOffset", "Edm.Date", False),
        ("Edm.Boolean", "Edm.Int32", False),
        ("Edm.Boolean", "Edm.Untyped", True),
        ("ns.flags", "Edm.Int32", True),
        ("Edm.Int32", "ns.flags", True),
        ("Edm.String", "ns.flags", False),
        ("Edm.Int32", "ns.listed", False),  # a docs list: no values
        ("ns.listed", "Edm.Int32", False),
        ("ns.flags", "ns.listed", False),
    ],
)
def test_which_types_convert(old: str, new: str, converts: bool) -> None:
    from odatagen.ir import EnumMember, Location

    loc = Location("x", 1)
    enums = {
        "ns.flags": EnumType("flags", "ns", (EnumMember("a", loc, 1), EnumMember("b", loc, 2)), loc, flags=True),
        "ns.listed": EnumType("listed", "ns", (EnumMember("a", loc), EnumMember("b", loc)), loc),
    }
    ref = {n: TypeRef(n, is_enum=n in enums) for n in (old, new)}
    assert (cannot_convert(ref[old], ref[new], enums) == "") is converts


@pytest.mark.parametrize("overlay", [ITEMS_OVERLAY, None], ids=["replaces", "none"])
def test_the_file_count_has_the_migration_runtime_only_when_a_type_replaces_another(overlay: Path | None) -> None:
    from odatagen.emit import render_package
    from odatagen.pipeline import build_schema
    from test_regenerate import file_count

    schema = build_schema([ITEMS], overlay, ROOT)
    paths = [r.path for r in render_package(schema, "inv", ())]
    assert file_count(schema) == len(paths) and ("inv/_migrate.py" in paths) is (overlay is not None)
