"""The fast paths of the API record, the names lock and their comparison (issue 12, item 5) give
exactly what the plain ways give:

- a record's and a lock's lines are built as text: each is what `json.dumps` writes for its entry;
- a lock line as odatagen writes it is read without decoding it: the same lock as decoding it;
- an old record is parsed against the new one (a line the new one holds is not decoded), and
  only the entries whose lines differ are compared (and those whose unchanged lines may name a
  class that now stands for another type): the same changes as comparing every entry.

The plain way is forced by writing the same entries differently (`compact`): then no line is
recognised, every line is decoded and every entry is compared, as before the fast paths.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from conftest import CSDL, ROOT, project_schema
from hypothesis import given, settings
from hypothesis import strategies as st

from odatagen.changes import Comparison, compare
from odatagen.errors import OdatagenError
from odatagen.ir import EntityType, EnumMember, EnumType, Location, Property, Schema, TypeRef
from odatagen.linejson import dumps
from odatagen.lock import lock_text, parse_lock
from odatagen.pipeline import build_schema
from odatagen.record import Entries, Record, api_record, parse_record, record_text

HISTORY = ROOT / "tests/data/docs-history"
COMMITTED = (ROOT / "generated/.odatagen-api.json").read_text(encoding="utf-8")
HERE = Location("test", 1)
NS = "microsoft.graph"


def lines_of(text: str) -> list[str]:
    return text.removesuffix("\n").split("\n")


def compact(text: str) -> str:
    """The same file with every line written differently (no spaces): nothing in it is a line
    odatagen writes, so every line is decoded and every entry compared."""
    bodies = (line.strip().removesuffix(",") for line in lines_of(text)[1:-1])
    lines = [json.dumps(json.loads(b), ensure_ascii=False, separators=(",", ":")) for b in bodies if b]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def fast(old: str, new: Record) -> Comparison:
    return compare(parse_record(old, "old", like=new), new)


def full(old: str, new: Record) -> Comparison:
    return compare(parse_record(compact(old), "old"), new)


def made(text: str) -> Record:
    """A record as `api_record` makes it: every class known without decoding its entry."""
    parsed = parse_record(text, "new")
    classes = {key: parsed.entries[key]["class"] for key in parsed.entries if key[0] == "type"}
    return replace(parsed, entries=Entries(dict(parsed.entries.lines), classes))


def text_of(entries: list[dict[str, Any]], version: str = "0.1.0") -> str:
    header = {"odatagen_api": 1, "package": "p", "version": version}
    return "[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in [header, *entries]) + "\n]\n"


# -- the docs history: every version against every other ----------------------------------------


@pytest.fixture(scope="module")
def history_records() -> list[tuple[str, Record]]:
    """The record of each docs-history version with the project's CSDL, named without a lock
    (so classes come, go and take each other's names: `UserPfxIntendedPurpose_2`)."""
    records = []
    for version in sorted(p.name for p in HISTORY.iterdir() if p.is_dir()):
        sources = [*sorted((HISTORY / version).glob("*.md")), *CSDL]
        try:
            schema = build_schema(sources, None, ROOT)
        except OdatagenError:
            continue
        records.append((version, api_record(schema, "hist", "1.0.0")))
    return records


def test_every_history_version_against_every_other(history_records: list[tuple[str, Record]]) -> None:
    assert len(history_records) >= 40
    texts = [record_text(record) for _, record in history_records]
    plain = [parse_record(compact(text), "old") for text in texts]
    found = 0
    for i, (_, old) in enumerate(history_records):
        for j, (version, new) in enumerate(history_records):
            if i == j:
                continue
            parsed = parse_record(texts[i], "old", like=new)
            assert dict(parsed.entries.items()) == dict(old.entries.items()) == dict(plain[i].entries.items())
            assert parsed.classes() == old.classes() == plain[i].classes()
            quick, every = compare(parsed, new), compare(plain[i], new)
            assert quick.changes == every.changes, f"{history_records[i][0]} -> {version}"
            found += len(quick.changes)
    assert found > 1000  # the versions do differ


def test_the_project_record_against_itself_is_no_change() -> None:
    new = api_record(project_schema(), "graph_certificates", "0.1.0")
    assert record_text(new).splitlines()[2:] == COMMITTED.splitlines()[2:]  # all but the header
    assert fast(COMMITTED, new).changes == full(COMMITTED, new).changes == ()


# -- hand-made pairs: classes that swap, come, go or take a name the other record gives a type ---

BASE: list[dict[str, Any]] = [json.loads(line.rstrip(",")) for line in COMMITTED.splitlines()[2:-1]]
TYPES = [i for i, e in enumerate(BASE) if "type" in e]
CLASSES = sorted({e["class"] for e in BASE if "type" in e})
WORDS = [*CLASSES, *(f"{c}Requests" for c in CLASSES), "Fresh", "str"]
TYPED = {"property": "py_type", "builder": "returns", "call": "returns"}
VALUES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(lambda w: f"Nullable[{w} | str]"),
    st.sampled_from(WORDS).map(lambda w: f"Page[{w}]"),
    st.sampled_from(WORDS).map(lambda w: f"{w}\\{w}"),  # a backslash: the line holds it escaped
    st.sampled_from(WORDS).map(lambda w: f"{w}\n{w}"),
    st.sampled_from(WORDS).map(lambda w: f"\x9b{w}"),  # unprintable: `repr` writes \x9b before the word
    st.sampled_from(WORDS).map(lambda w: f"{w}\u2028{w}\x85"),  # line separators to `str.splitlines`
)
MUTATION = st.one_of(
    st.tuples(st.just("class"), st.sampled_from(TYPES), st.sampled_from([*CLASSES, "Fresh", "FreshRequests"])),
    st.tuples(st.just("swap"), st.sampled_from(TYPES), st.sampled_from(TYPES)),
    st.tuples(st.just("drop"), st.integers(0, len(BASE) - 1), st.none()),
    st.tuples(st.just("typed"), st.integers(0, len(BASE) - 1), VALUES),
    st.tuples(st.just("params"), st.integers(0, len(BASE) - 1), VALUES),
    st.tuples(st.just("description"), st.integers(0, len(BASE) - 1), VALUES),
)


def mutated(mutations: list[tuple[str, int, Any]]) -> list[dict[str, Any]]:
    entries = [dict(e) for e in BASE]
    for what, i, value in mutations:
        entry = entries[i]
        kind = next(k for k in ("type", "property", "member", "builder", "call") if k in entry)
        if what == "class" and kind == "type":
            entry["class"] = value
        elif what == "swap":
            entry["class"], entries[value]["class"] = entries[value]["class"], entry["class"]
        elif what == "typed" and kind in TYPED:
            entry[TYPED[kind]] = value
        elif what == "params" and kind in ("builder", "call"):
            entry["params"] = [value] if kind == "builder" else [["p", value]]
        elif what == "description" and "description" in entry:
            entry["description"] = value
    drops = {i for what, i, _ in mutations if what == "drop"}
    return [e for i, e in enumerate(entries) if i not in drops]


@settings(max_examples=300, deadline=None)
@given(st.lists(MUTATION, max_size=6), st.lists(MUTATION, max_size=6))
def test_hand_made_pairs_compare_as_every_entry_compared(before: list[Any], after: list[Any]) -> None:
    old, new = text_of(mutated(before)), made(text_of(mutated(after)))
    assert fast(old, new).changes == full(old, new).changes


def test_a_swapped_class_changes_unchanged_lines() -> None:
    """Two types trade class names: a field's line is the same text in both records, yet it now
    holds the other type. The fast comparison still looks at it."""
    entries = [dict(e) for e in BASE]
    a, b = (next(i for i in TYPES if entries[i]["class"] == c) for c in ("UserPFXCertificate", "UserPfxIntendedPurpose"))
    entries[a]["class"], entries[b]["class"] = entries[b]["class"], entries[a]["class"]
    new = made(text_of(entries))
    changes = fast(COMMITTED, new).changes
    assert changes == full(COMMITTED, new).changes
    assert any(c.message.startswith("type of `UserPfxIntendedPurpose.intended_purpose` changed") for c in changes), changes


@pytest.mark.parametrize("character", ["\b", "\x9b"])
def test_an_escape_of_repr_can_make_the_word_of_a_class(character: str) -> None:
    """A parameter list is compared as its `repr`, which writes `\\b` as `\\x08`, and `\\x9b`
    as itself escaped: then `x08Cert` is a word of it that its line does not hold as it is. When
    classes of such names trade types, that unchanged line is still compared."""
    entries = [dict(e) for e in BASE]
    a, b = TYPES[0], TYPES[1]
    word = f"x{ord(character):02x}Cert"
    entries[a]["class"], entries[b]["class"] = word, "Other"
    builder = next(e for e in entries if "builder" in e)
    builder["params"] = [f"{character}Cert"]
    old = text_of(entries)
    entries[a]["class"], entries[b]["class"] = "Other", word
    new = made(text_of(entries))
    changes = fast(old, new).changes
    assert changes == full(old, new).changes
    assert any(c.message.startswith(f"parameters of `{builder['function']}` changed") for c in changes), changes


# -- lines built as text: what json.dumps writes ---------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
NAME = st.from_regex(r"f_[a-z0-9_]{1,6}", fullmatch=True)  # usable as generated names


@settings(max_examples=200, deadline=None)
@given(TEXT.filter(bool), TEXT, TEXT.filter(bool), TEXT, st.booleans(), st.booleans(), st.integers(-(2**40), 2**40))
def test_record_lines_are_what_json_dumps_writes(
    wire: str, description: str, member: str, attr: str, nullable: bool, flags: bool, value: int
) -> None:
    """Wire names, descriptions and attributes with quotes, backslashes, control characters and
    line separators: each line decodes to its entry, and is just what json.dumps writes for it."""
    prop = Property(wire, TypeRef("Edm.String"), HERE, description=description, python_name=attr, nullable=nullable)
    cert = EntityType(f"c{wire}", NS, (prop,), HERE, description=description, python_name="Cert", module="cert", kind="complex")
    kind = EnumType(f"k{wire}", NS, (EnumMember(member, HERE, value, description, attr),), HERE, description, "Kind", "kind", flags)
    record = api_record(Schema(NS, entities=(cert,), enums=(kind,)), "p", "0.1.0")
    expected = {
        ("type", cert.qualified_name): {
            "type": cert.qualified_name, "class": "Cert", "module": "models.cert", "kind": "complex", "base": "",
            "description": description, "required_on_create": [],
        },
        ("property", cert.qualified_name, wire): {
            "property": wire, "of": cert.qualified_name, "attr": attr, "wire_type": "Edm.String",
            "py_type": "Nullable[str]" if nullable else "NonNull[str]", "nullable": nullable, "description": description,
        },
        ("type", kind.qualified_name): {
            "type": kind.qualified_name, "class": "Kind", "module": "enums.kind", "kind": "enum", "flags": flags,
            "description": description,
        },
        ("member", kind.qualified_name, member): {
            "member": member, "of": kind.qualified_name, "attr": attr, "value": value, "description": description,
        },
    }
    assert dict(record.entries.lines) == {key: json.dumps(entry, ensure_ascii=False) for key, entry in expected.items()}


def test_a_value_of_another_type_is_written_as_json_dumps_writes_it() -> None:
    """The IR promises strings and booleans; anything else still comes out as json.dumps has it."""
    prop = Property("p", TypeRef("Edm.String"), HERE, description=None, python_name="p", nullable=1)  # type: ignore[arg-type]
    cert = EntityType("c", NS, (prop,), HERE, python_name="C", module="c", kind="complex")
    record = api_record(Schema(NS, entities=(cert,)), "p", "0.1.0")
    line = record.entries.lines[("property", "microsoft.graph.c", "p")]
    assert line == json.dumps(json.loads(line), ensure_ascii=False) and json.loads(line)["description"] is None
    assert json.loads(line)["nullable"] == 1


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


@given(JSON)
def test_dumps_is_json_dumps(value: Any) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(TEXT.filter(bool), NAME), min_size=1, max_size=4), TEXT.filter(bool))
def test_lock_lines_are_what_json_dumps_writes_and_read_as_decoded(fields: list[tuple[str, str]], wire: str) -> None:
    """Wire names with quotes, backslashes and control characters (their lines are decoded) and
    plain ones (read without decoding): the same lock either way."""
    props = tuple(Property(w, TypeRef("Edm.String"), HERE, python_name=n) for w, n in fields)
    cert = EntityType(wire, NS, props, HERE, python_name="Cert", module="cert")
    kind = EnumType(wire, NS, (EnumMember(wire, HERE, 0, "", "A"),), HERE, python_name="Kind", module="kind")
    text = lock_text(Schema(NS, entities=(cert,), enums=(kind,)))
    for line in lines_of(text)[1:-1]:
        body = line.removesuffix(",")
        assert body == json.dumps(json.loads(body), ensure_ascii=False)
    assert parse_lock(text, "lock") == parse_lock(compact(text), "lock")


def test_the_committed_lock_reads_as_decoded() -> None:
    text = (ROOT / "generated/.odatagen-names.lock").read_text(encoding="utf-8")
    assert parse_lock(text, "lock") == parse_lock(compact(text), "lock")


@pytest.mark.parametrize(
    "edit",
    [
        ('"name": "key_name"', '"name": "class"'),  # no usable name
        ('"name": "key_name"', '"name": ""'),  # empty: not a plain line, decoded and refused
        ('"module": "user_pfx_certificate"', '"module": "1x"'),
        ('{"field": "keyName", ', '{"field": "", '),
    ],
)
def test_a_bad_plain_lock_line_is_the_same_error_as_a_decoded_one(edit: tuple[str, str]) -> None:
    text = (ROOT / "generated/.odatagen-names.lock").read_text(encoding="utf-8")
    bad = text.replace(*edit, 1)
    assert bad != text
    with pytest.raises(OdatagenError) as plain:
        parse_lock(bad, "lock")
    with pytest.raises(OdatagenError) as decoded:
        parse_lock(compact(bad), "lock")
    assert str(plain.value) == str(decoded.value)


def test_a_damaged_line_of_a_record_is_refused_on_its_line_either_way() -> None:
    new = api_record(project_schema(), "graph_certificates", "0.1.0")
    lines = COMMITTED.splitlines(keepends=True)
    for damaged, message in (
        (lines[3][:20] + "\n", "old:4: error: not a JSON object on one line"),
        ('{"attr": "x"},\n', "old:4: error: an entry names one of type, property, member, builder, call"),
        ('{"type": ""},\n', "old:4: error: 'type' must be a non-empty string"),
    ):
        text = "".join([*lines[:3], damaged, *lines[4:]])
        for like in (new, None):
            with pytest.raises(OdatagenError) as caught:
                parse_record(text, "old", like)
            assert str(caught.value).startswith(message)


def test_the_header_is_always_decoded() -> None:
    """A file whose header is gone starts with an entry the new record holds: still refused."""
    new = api_record(project_schema(), "graph_certificates", "0.1.0")
    lines = COMMITTED.splitlines(keepends=True)
    with pytest.raises(OdatagenError, match="the first line must be the header"):
        parse_record("".join([lines[0], *lines[2:]]), "old", like=new)
