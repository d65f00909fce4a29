"""Every property a docs page documents, held against the CSDL: matched, or a drift row saying why.

A property row of a page (its property or relationship tables) is `matched` when the type the
page documents has it in the CSDL, by the same name and type. Otherwise one drift row accounts
for it, of one kind:

- `type-missing-in-csdl`: the CSDL defines no type of that name (one row for the page);
- `inherited`: a resource page lists as the type's own a property the CSDL inherits (an API
  page's request body rightly carries inherited properties: matched there);
- `case`: the CSDL has the name in another case;
- `missing-in-csdl`: neither the type nor its bases have it;
- `type`: the docs give another type (or a single value for a collection, or the reverse);
- `duplicate`: the page documents the name twice (as a property and as a relationship).

A "Possible values" list is held against the CSDL enum of its property (`enum-member` when
members are missing on either side), and a CSDL property that no resource page of its type
documents is `missing-in-docs`. The ledger (`Accounted`, one per fact) is what lets a test, or
`drift --summary`, show that nothing a page says is dropped without a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from .ir import Accounted, Diagnostic, EntityType, EnumType, Location, PageFragment, Property, Schema, TypeRef
from .suggest import EDITS, did_you_mean, near_names

MATCHED = "matched"
NO_ENUM = "no-enum"
Fact = Literal["property", "values"]


@dataclass
class _Members:
    """A CSDL type's properties by name: its own, then its bases' (nearest first)."""

    own: dict[str, Property]
    inherited: dict[str, tuple[EntityType, Property]]
    folded: dict[str, tuple[EntityType, Property]] = field(default_factory=dict)
    """Every name (own and inherited) lower-cased, for `case`."""


class _Ledger:
    def __init__(self, csdl: Schema) -> None:
        self.types = {e.qualified_name.lower(): e for e in csdl.entities}
        self.enums = {e.qualified_name.lower(): e for e in csdl.enums}
        self.definitions = {t.qualified_name.lower(): t.underlying for t in csdl.type_definitions}
        self.members: dict[str, _Members] = {}
        self.by_length: dict[int, list[str]] = {}
        """Qualified type names by the length of their short name: a near name is at most two
        edits away, so only three to five lengths need comparing (Graph has thousands of types)."""
        for e in csdl.entities:
            self.by_length.setdefault(len(e.name), []).append(e.qualified_name)
        self.entries: list[Accounted] = []
        self.rows: list[Diagnostic] = []

    def flag(self, loc: Location, message: str, related: Location | None, kind: str) -> Diagnostic:
        row = Diagnostic(loc, message, "warning", related, kind)
        self.rows.append(row)
        return row

    def entry(self, loc: Location, subject: str, fact: Fact, page: PageFragment, row: Diagnostic | None = None, kind: str = MATCHED) -> None:
        """`subject` is matched (`kind`), or accounted for by `row`."""
        self.entries.append(Accounted(loc, subject, fact, row.kind if row else kind, row.loc if row else None, page.page_kind))

    def near_type(self, short: str) -> list[str]:
        lengths = range(len(short) - EDITS, len(short) + EDITS + 1)
        return near_names(short, [name for n in lengths for name in self.by_length.get(n, ())])

    def of(self, entity: EntityType) -> _Members:
        found = self.members.get(entity.qualified_name)
        if found is None:
            inherited: dict[str, tuple[EntityType, Property]] = {}
            for base in ancestors_of(entity, self.types):
                for p in base.properties:
                    inherited.setdefault(p.name, (base, p))
            found = _Members({p.name: p for p in entity.properties}, inherited)
            for base, p in reversed(list(inherited.values())):
                found.folded[p.name.lower()] = (base, p)
            for p in entity.properties:
                found.folded[p.name.lower()] = (entity, p)
            self.members[entity.qualified_name] = found
        return found


def account(pages: Sequence[PageFragment], csdl: Schema) -> tuple[tuple[Accounted, ...], list[Diagnostic]]:
    """The ledger of every documented property of `pages` and the drift rows it points at."""
    ledger = _Ledger(csdl)
    documented: dict[str, tuple[PageFragment, set[str]]] = {}
    for page in pages:
        if page.enum is not None:
            _enum_page(ledger, page, page.enum)
            continue
        rows = (*page.properties, *page.navigation_properties)
        if not page.entity or not rows:
            continue
        entity = ledger.types.get(page.entity.lower())
        if entity is None:
            _type_missing(ledger, page, rows)
            continue
        _page(ledger, page, entity)
        if page.page_kind == "resource":
            _, names = documented.setdefault(entity.qualified_name, (page, set()))
            names.update(p.name.lower() for p in rows)
    for qualified, (page, names) in documented.items():
        entity = ledger.types[qualified.lower()]
        for prop in entity.properties:
            if prop.name.lower() not in names:
                message = f"{entity.name}.{prop.name} is in the CSDL but not in the docs"
                ledger.flag(_table_of(page, prop.navigation), message, prop.loc, "missing-in-docs")
    return tuple(ledger.entries), ledger.rows


def _table_of(page: PageFragment, navigation: bool) -> Location:
    """Where a page would list a property: its first relationship row for a navigation property
    (when it has any), else its first property row."""
    rows = (page.navigation_properties if navigation else ()) or page.properties or page.navigation_properties
    return rows[0].loc if rows else page.loc


def _type_missing(ledger: _Ledger, page: PageFragment, rows: Sequence[Property]) -> None:
    short = page.entity.rpartition(".")[2]
    near = ledger.near_type(short)[:1]
    related = ledger.types[near[0].lower()].loc if near else None
    counted = f"{len(rows)} propert{'y' if len(rows) == 1 else 'ies'}"
    message = f"the page documents {page.entity} ({counted}), which the CSDL does not define{did_you_mean(near)}"
    row = ledger.flag(page.loc, message, related, "type-missing-in-csdl")
    for prop in rows:
        ledger.entry(prop.loc, f"{short}.{prop.name}", "property", page, row)


def _page(ledger: _Ledger, page: PageFragment, entity: EntityType) -> None:
    members = ledger.of(entity)
    seen: dict[str, Property] = {}
    for doc in (*page.properties, *page.navigation_properties):
        subject = f"{entity.name}.{doc.name}"
        first = seen.get(doc.name.lower())
        if first is not None:
            message = f"the page documents {subject} again (first at line {first.loc.line})"
            ledger.entry(doc.loc, subject, "property", page, ledger.flag(doc.loc, message, first.loc, "duplicate"))
            continue
        seen[doc.name.lower()] = doc
        csdl = _property(ledger, page, entity, members, doc)
        if doc.enum_members:
            _values(ledger, page, entity, doc, csdl)


def _property(ledger: _Ledger, page: PageFragment, entity: EntityType, members: _Members, doc: Property) -> Property | None:
    """Account for one documented property; the CSDL property it stands for, if any."""
    subject = f"{entity.name}.{doc.name}"

    def row(kind: str, message: str, related: Location | None) -> None:
        ledger.entry(doc.loc, subject, "property", page, ledger.flag(doc.loc, message, related, kind))

    def typed(csdl: Property) -> None:
        if _same_type(ledger, doc.type, csdl.type):
            ledger.entry(doc.loc, subject, "property", page)
        else:
            row("type", f"{subject}: the docs say {_show(doc.type)}, the CSDL {_show(csdl.type)}", csdl.loc)

    own = members.own.get(doc.name)
    if own is not None:
        typed(own)
        return own
    inherited = members.inherited.get(doc.name)
    if inherited is not None:
        base, prop = inherited
        if page.page_kind == "resource":
            message = f"the docs list {doc.name!r} as a property of {entity.name}, but the CSDL inherits it from {base.qualified_name}"
            row("inherited", message, prop.loc)
        else:
            typed(prop)
        return prop
    folded = members.folded.get(doc.name.lower())
    if folded is not None:
        owner, prop = folded
        row("case", f"the docs name {subject}, the CSDL {owner.name}.{prop.name}", prop.loc)
        return prop
    near = near_names(doc.name, [*members.own, *members.inherited])
    row("missing-in-csdl", f"the docs list {subject}, which the CSDL does not have{did_you_mean(near)}", entity.loc)
    return None


def _same_type(ledger: _Ledger, doc: TypeRef, csdl: TypeRef) -> bool:
    if doc.collection != csdl.collection:
        return False
    if not doc.name:  # "Enumeration": the page names no type, any enum agrees
        return csdl.name.lower() in ledger.enums
    names = {csdl.name.lower(), ledger.definitions.get(csdl.name.lower(), csdl.name).lower()}
    return doc.name.lower() in names


def _show(ref: TypeRef) -> str:
    name = ref.name or "an unnamed enumeration"
    return f"Collection({name})" if ref.collection else name


def _values(ledger: _Ledger, page: PageFragment, entity: EntityType, doc: Property, csdl: Property | None) -> None:
    """A "Possible values" list against the enum of its property (the CSDL's, or the one the
    page's type cell names)."""
    subject = f"{entity.name}.{doc.name}"
    enum = ledger.enums.get(csdl.type.name.lower()) if csdl is not None else None
    enum = enum or ledger.enums.get(doc.type.name.lower())
    if enum is None:
        ledger.entry(doc.loc, subject, "values", page, kind=NO_ENUM)
        return
    listed = [m.name for m in doc.enum_members]
    defined = [m.name for m in enum.members]
    extra = [n for n in listed if n not in set(defined)]
    absent = [n for n in defined if n not in set(listed)]
    if not extra and not absent:
        ledger.entry(doc.loc, subject, "values", page)
        return
    message = _differ(subject, extra, absent, enum)
    ledger.entry(doc.loc, subject, "values", page, ledger.flag(doc.loc, message, enum.loc, "enum-member"))


def _enum_page(ledger: _Ledger, page: PageFragment, documented: EnumType) -> None:
    """An enum page's member table against the CSDL enum: members missing on either side
    (`enum-member`), else values that differ (`enum-value`); the order of the rows is no
    part of the contract."""
    subject = documented.name
    enum = ledger.enums.get(documented.qualified_name.lower())
    if enum is None:
        message = f"the page documents enum {documented.qualified_name}, which the CSDL does not define"
        ledger.entry(documented.loc, subject, "values", page, ledger.flag(page.loc, message, None, "type-missing-in-csdl"))
        return
    listed, defined = [m.name for m in documented.members], [m.name for m in enum.members]
    extra = [n for n in listed if n not in set(defined)]
    absent = [n for n in defined if n not in set(listed)]
    values = {m.name: m.value for m in enum.members}
    differ = [(m.name, m.value, values[m.name]) for m in documented.members if m.value is not None and values.get(m.name, m.value) != m.value]
    row: Diagnostic | None = None
    if extra or absent:
        row = ledger.flag(documented.loc, _differ(f"enum {enum.name}", extra, absent, enum), enum.loc, "enum-member")
    elif differ:
        shown = ", ".join(f"{name} = {mine} (the CSDL: {theirs})" for name, mine, theirs in differ)
        row = ledger.flag(documented.loc, f"enum {enum.name}: the page gives {shown}", enum.loc, "enum-value")
    ledger.entry(documented.loc, subject, "values", page, row)


def _differ(subject: str, extra: list[str], absent: list[str], enum: EnumType) -> str:
    """What a list of values (a "Possible values" list, an enum page) says against the enum."""
    if extra and absent:
        return f"{subject}: the docs list values {extra} that {enum.name} does not have, and omit {absent} of it"
    if extra:
        return f"{subject}: the docs list values {extra} that {enum.name} does not have"
    return f"{subject}: the docs omit {absent} of {enum.name}"


def ancestors_of(entity: EntityType, types: dict[str, EntityType]) -> list[EntityType]:
    """Base types, nearest first, from types keyed by lower-cased qualified name; a BaseType
    cycle (checked later, by the inheritance pass) ends the chain."""
    chain: list[EntityType] = []
    seen = {entity.qualified_name}
    base = types.get(entity.base_type.lower()) if entity.base_type else None
    while base is not None and base.qualified_name not in seen:
        chain.append(base)
        seen.add(base.qualified_name)
        base = types.get(base.base_type.lower()) if base.base_type else None
    return chain
