"""Property tables: which tables of a page are read, and what their rows say.

A property table has a name column (Property, Property name, Relationship, Relationship name,
Parameter, Name) and a Type column. On a resource page every such table of the Properties
sections is read (structural properties) and of the Relationships section (navigation
properties), whatever their subheadings; a table there that looks typed but is not a property
table is a warning that names it. Rows that name an annotation (`@odata.etag`) are kept apart.
"""

from __future__ import annotations

import re

from ..ir import EDM_PRIMITIVES, EnumMember, Property, TypeRef, evolve
from .context import PageContext
from .page import Cell, Row, Table

PRIMITIVES = {name.removeprefix("Edm.").lower(): name for name in EDM_PRIMITIVES}
MISSPELLED = {
    "datetime": "Edm.DateTimeOffset",
    "numeric": "Edm.Decimal",
    "int": "Edm.Int32",
    "integer": "Edm.Int32",
    "bool": "Edm.Boolean",
}
"""Type names the pages write that are no Edm type, and the Edm type they mean (with a warning)."""
NAME_HEADS = {"property", "property name", "parameter", "parameter name", "name", "relationship", "relationship name"}
_ENUM_WORDS = {"enumeration", "enum"}
_NAME = re.compile(r"^[A-Za-z_@][A-Za-z0-9_.@-]*$")
_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:/(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z0-9_-]+\}))+$")
"""`files/fileName`, `file/localizations/{localizationId}/versions`: a path into a property."""
_DEPRECATED = re.compile(r"^(\S+)\s*\(deprecated\)$", re.IGNORECASE)
_POSSIBLE = re.compile(r"possible values (?:are|include)\s*:?\s*(.*)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.(?:\s|$)")
_NOTE = re.compile(r"^([A-Za-z_][\w.]*)\s*(?:\([^)]*\)|,.*)$")
_SKIPPED_SILENTLY = ("derived types",)


def header_names(header: tuple[str, ...]) -> list[str]:
    return [h.strip().lower() for h in header]


def table_kind(header: tuple[str, ...]) -> str:
    """What a table holds, from its header: property, member, permission type, header, ..."""
    names = header_names(header)
    if not names:
        return ""
    if names[0] in NAME_HEADS:
        return "property" if "type" in names else "untyped"  # users.md: `Property | Description`
    if names[0] == "member" or (names[0] == "value" and names[1:] == ["description"]):
        return "member"
    return names[0]


def column(header: tuple[str, ...], name: str, default: int) -> int:
    names = header_names(header)
    return names.index(name) if name in names else default


def is_structural_section(section: str) -> bool:
    return section == "properties" or section.endswith(" properties")


class TableReader:
    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx

    # -- which tables ----------------------------------------------------------------------

    def resource_tables(self) -> tuple[list[Table], list[Table]]:
        """The property tables of the Properties sections and of the Relationships section; a
        page with neither section gives the property tables above its first section."""
        structural: list[Table] = []
        navigation: list[Table] = []
        for table in self.ctx.page.tables:
            section = table.section or self.ctx.heading_above(table.line).lower()  # "### Properties" before any "##"
            if is_structural_section(section):
                structural += self._wanted(table, section)
            elif section == "relationships":
                navigation += self._wanted(table, section)
        if not (structural or navigation or self.has_section("properties") or self.has_section("relationships")):
            structural = [t for t in self.ctx.page.tables if t.section == "" and table_kind(t.header) == "property"]
        return structural, navigation

    def _wanted(self, table: Table, section: str) -> list[Table]:
        """[table] if it is a property table; otherwise a warning when it looks like one."""
        names = header_names(table.header)
        shown = " | ".join(table.header)
        heading = self.ctx.heading_above(table.line).lower()
        if table_kind(table.header) == "property":
            other = [h for h in self.ctx.subheadings(table.line, section) if h.startswith("properties of ")]
            if other:
                self.ctx.warn(table.line, f"table '{shown}' lists the {other[0]}, not the type's own; skipped")
                return []  # homerealmdiscoverypolicy.md: the fields of the JSON in its definition
            return [table]
        if heading in _SKIPPED_SILENTLY:
            return []
        if names and names[0] in NAME_HEADS:
            self.ctx.warn(table.line, f"table '{shown}' in section {section!r} has no Type column; skipped")
        elif "type" in names[1:]:
            self.ctx.warn(table.line, f"table '{shown}' in section {section!r} names no property column; skipped")
        return []

    def has_section(self, section: str) -> bool:
        return any(title.lower().strip() == section for title, _ in self.ctx.page.headings)

    def body_tables(self, entity: str) -> list[Table]:
        """The request body's property tables; one under a subheading "X object" that names
        another type than the page's (identityprovider-post-identityproviders.md documents
        identityProvider and openIdConnectProvider) is skipped with a warning."""
        tables = self.tables_in(("request body", "properties"))
        if len(tables) < 2:
            return tables
        short = entity.rpartition(".")[2]
        headings = {t.line: self.ctx.heading_above(t.line) for t in tables}
        objects = {line: h.removesuffix(" object") for line, h in headings.items() if h.endswith(" object")}
        mine = next((line for line, name in objects.items() if name.lower() == short.lower()), min(objects, default=0))
        kept = []
        for table in tables:
            if table.line in objects and table.line != mine:
                self.ctx.warn(table.line, f"table under '{headings[table.line]}' describes another type than {short}; skipped")
            else:
                kept.append(table)
        return kept

    def tables_in(self, sections: tuple[str, ...]) -> list[Table]:
        return [t for t in self.ctx.page.tables if t.section in sections and table_kind(t.header) == "property"]

    # -- rows --------------------------------------------------------------------------------

    def read(self, tables: list[Table]) -> tuple[tuple[Property, ...], tuple[Property, ...]]:
        """The properties of `tables`, and apart from them the annotation rows (`@odata.etag`)."""
        props: dict[str, Property] = {}
        annotations: list[Property] = []
        for table in tables:
            for row, name in self.checked_rows(table):
                prop = self.property(row, table.header, name)
                first = props.get(name)
                if "@" in name:
                    annotations.append(prop)
                elif first is None:
                    props[name] = prop
                elif first.type != prop.type:
                    self.ctx.warn(
                        row.line, f"{name} is listed again with another type; the first, at line {first.loc.line}, is kept", "listed-twice"
                    )
                elif evolve(prop, loc=first.loc) != first:  # alike (shareddriveitem.md's driveItem): nothing is lost
                    self.ctx.warn(
                        row.line, f"{name} is listed again, described otherwise; the first, at line {first.loc.line}, is kept", "listed-twice"
                    )
        return tuple(props.values()), tuple(annotations)

    def checked_rows(self, table: Table) -> list[tuple[Row, str]]:
        """Each good row with the name it gives (`x (deprecated)` names `x`); a bad row is an error."""
        good: list[tuple[Row, str]] = []
        for row in table.rows:
            if row.width == 0:
                continue  # a group label such as |**Mobile app management (MAM)**|
            if row.note:
                self.ctx.warn(row.line, f"table row: {row.note}", "table-row")
            text = row.cells[0].text.strip() if row.cells else ""
            if row.width == 1 < len(table.header) and good and (" " in text or not _NAME.match(text)):
                # A line of the row above on a line of its own (its description went on after a
                # line break): read as the end of that description.
                above, name = good[-1]
                at = column(table.header, "description", 2)
                if at < len(above.cells):
                    cell = above.cells[at]
                    cells = (*above.cells[:at], Cell(f"{cell.text} {text}".strip(), cell.links, cell.codes), *above.cells[at + 1 :])
                    good[-1] = (Row(cells, above.line, above.width, above.note), name)
                    self.ctx.warn(row.line, f"table row holds only text: read as the end of {name}'s description (line {above.line})", "table-row")
                    continue
            name = text
            deprecated = _DEPRECATED.match(name)
            if deprecated:
                name = deprecated.group(1)
            if row.width != len(table.header):
                self.ctx.error(
                    row.line,
                    f"table row has {row.width} cells but its header has {len(table.header)}",
                )
            elif _PATH.match(name):
                self.ctx.warn(
                    row.line, f"table row documents {name!r}, a property of a property: not a property of this type; not read", "table-row"
                )
            elif not _NAME.match(name):
                self.ctx.error(row.line, f"table row names no valid property: {row.cells[0].text!r}")
            else:
                good.append((row, name))
        return good

    def property(self, row: Row, header: tuple[str, ...], name: str) -> Property:
        type_at = column(header, "type", 1)
        described_at = column(header, "description", 2)
        described = row.cells[described_at] if len(row.cells) > described_at else Cell("")
        members = self.possible_values(described, row.line)
        ref = self.type_ref(row.cells[type_at], row.line)
        if members and not ref.is_enum and not ref.is_primitive:
            ref = TypeRef(ref.name, ref.collection, is_enum=True)
        return Property(name, ref, self.ctx.loc(row.line), described.text, members)

    def type_ref(self, cell: Cell, line: int) -> TypeRef:
        """A type cell: `X`, `[X](x.md)`, `X collection`, `[X](x.md) collection`, `Collection(X)`,
        `Collection of X`, and `X (note)` or `X, note` (`string (url)`, `string, maximum size 20`)."""
        text, collection = _collection(cell.text.strip())
        if cell.links:
            text = cell.links[0].strip()
        note = _NOTE.match(text)
        if note:
            text = note.group(1)
        lowered = text.lower().removeprefix("edm.")
        if lowered in PRIMITIVES:
            return TypeRef(PRIMITIVES[lowered], collection)
        if lowered in MISSPELLED:
            self.ctx.warn(line, f"the page writes type {text!r}, which is no Edm type; reading it as {MISSPELLED[lowered]}")
            return TypeRef(MISSPELLED[lowered], collection)
        if lowered in _ENUM_WORDS:
            return TypeRef("", collection, is_enum=True)
        broken_link = re.match(r"^\[([A-Za-z_][\w.]*)\]\(", text)
        if broken_link:
            self.ctx.warn(line, f"type cell holds a malformed link {text!r}; reading it as {broken_link.group(1)}")
            text = broken_link.group(1)
        if not _NAME.match(text):
            return self._mended_type(text, collection, line)
        return TypeRef(self.ctx.qualify(text), collection)

    def _mended_type(self, text: str, collection: bool, line: int) -> TypeRef:
        """A type cell in words that still name a type: `alertFeedback enum`, `(Optional) String`,
        `routingPolicy collection collection`; or JSON of more than one type (`string/number`,
        `(boolean or string or number)`, `Untyped JSON object`), read as Edm.Untyped (kept as
        JSON). Each is a warning; anything else is an error, as a type cell that names nothing."""
        enum = re.fullmatch(r"([A-Za-z_][\w.]*)\s+enum(?:eration)?", text, re.IGNORECASE)
        optional = re.fullmatch(r"\((?:optional|required)\)\s*([A-Za-z_][\w.]*)", text, re.IGNORECASE)
        again, more = _collection(text)
        if enum:
            self.ctx.warn(line, f"the page writes type {text!r}; reading it as the enum {enum.group(1)}", "type-words")
            return TypeRef(self.ctx.qualify(enum.group(1)), collection, is_enum=True)
        if optional:  # a note before the type, as `string (url)` has one after it
            ref = self.type_ref(Cell(optional.group(1)), line)
            return TypeRef(ref.name, collection or ref.collection, ref.is_enum)
        if more and _NAME.match(again):
            self.ctx.warn(line, f"the page writes type {text!r} collection; reading it as a collection of {again}", "type-words")
            return TypeRef(self.ctx.qualify(again), True)
        words = re.findall(r"[a-z]+", text.lower())
        if re.fullmatch(r"untyped json( object)?", text.strip().lower()) or (
            len(words) >= 2 and all(w in PRIMITIVES or w in ("or", "number") for w in words)
        ):
            self.ctx.warn(line, f"the page writes type {text!r}, no one type; reading it as Edm.Untyped (JSON as it is)", "type-words")
            return TypeRef("Edm.Untyped", collection)
        self.ctx.error(line, f"property type {text!r} is not a type name")
        return TypeRef("Edm.String", collection)

    def possible_values(self, cell: Cell, line: int) -> tuple[EnumMember, ...]:
        """The members a "Possible values are ..." sentence lists: the cell's code spans that stand
        as whole words in that sentence, or (no code spans) the sentence's comma-separated items."""
        match = _POSSIBLE.search(cell.text)
        if not match:
            return ()
        sentence = _first_sentence(match.group(1))
        if cell.codes:
            names = [c for c in cell.codes if re.search(rf"(?<![\w.]){re.escape(c)}(?![\w])", sentence)]
        else:
            names = _split_list(sentence)
        loc = self.ctx.loc(line)
        return tuple(EnumMember(n, loc) for n in dict.fromkeys(names) if _NAME.match(n))


def _collection(text: str) -> tuple[str, bool]:
    for pattern in (r"(?i)collection\s*\((.+)\)", r"(?i)collection of (.+)", r"(?i)(.+?)\s+collection"):
        match = re.fullmatch(pattern, text)
        if match:
            return match.group(1).strip(), True
    return text, False


def _first_sentence(text: str) -> str:
    end = _SENTENCE_END.search(text)
    return text[: end.start()] if end else text


def _split_list(text: str) -> list[str]:
    items = re.split(r",\s*|\s+or\s+|\s+and\s+", text.rstrip("."))
    return [i.strip().strip("`'\"").removeprefix("and ").removeprefix("or ") for i in items if i.strip()]
