"""Version migration (issue 12, item 8): the overlay's `replaces:` makes a model's
`from_replaced(old)` convert the type it replaces, a model or its JSON.

The package generated from tests/data/replaces/ has every kind of conversion: integers to enum
members (flags combined bit by bit), enum members to integers, collections, widening, text,
inherited properties.
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
from test_cli import line_of, run_cli

from odatagen.cli import main
from odatagen.ir import EnumType, TypeRef
from odatagen.passes.replacements import cannot_convert

ITEMS = ROOT / "tests/data/replaces/items.xml"
ITEMS_OVERLAY = ROOT / "tests/data/replaces/overlay.yaml"

def messages(problems: list[Any]) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in problems]


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
