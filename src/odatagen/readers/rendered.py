"""Rendered Graph docs pages (the plain text a browser shows) into a `Page`.

Rendered text has no markup: headings are bare lines, tables are whitespace-separated rows
under a known header line, code blocks are recognised by their first line. The known shapes
are listed here; anything else is kept as a paragraph.
"""

from __future__ import annotations

import re

from ..ir import Diagnostic
from .page import Cell, CodeBlock, Page, Paragraph, Row, Table

_HEADINGS = {
    "permissions",
    "prerequisites",
    "http request",
    "request headers",
    "request body",
    "response",
    "example",
    "examples",
    "request",
    "properties",
    "relationships",
    "methods",
    "members",
    "json representation",
}
_SUBHEADINGS = {"request", "response"}
_PERMISSION_LABELS = (
    "Delegated (work or school account)",
    "Delegated (personal Microsoft account)",
    "Application",
)
_TABLES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"^Permission type\s+(Permissions\b.*)$"), ("Permission type", "Permissions")),
    (re.compile(r"^Header\s+Value$"), ("Header", "Value")),
    (re.compile(r"^Property\s+Type\s+Description$"), ("Property", "Type", "Description")),
    (re.compile(r"^Relationship\s+Type\s+Description$"), ("Relationship", "Type", "Description")),
    (re.compile(r"^Member\s+Value\s+Description$"), ("Member", "Value", "Description")),
)
_REQUEST_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)\s+\S+(\s+HTTP/\d(\.\d)?)?$")
_STATUS_LINE = re.compile(r"^HTTP/\d(\.\d)?\s+\d{3}\b")
_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:\s*\S.*$")


def read_rendered(text: str, source: str) -> tuple[Page, list[Diagnostic]]:
    page = Page(source=source, form="rendered")
    lines = text.split("\n")  # not splitlines(): U+2028 and friends do not end a line
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        number = i + 1
        if not line:
            i += 1
            continue
        if not page.title:
            page.title, page.title_line = line, number
            i += 1
            continue
        if line.lower() in _HEADINGS:
            page.headings.append((line, number))
            if not (section.startswith("example") and line.lower() in _SUBHEADINGS):
                section = line.lower()
            i += 1
            continue
        header = _table_header(line)
        if header is not None:
            i = _read_table(lines, i, header, section, page)
            continue
        if _REQUEST_LINE.match(line) or _STATUS_LINE.match(line):
            i = _read_code(lines, i, section, page)
            continue
        page.paragraphs.append(Paragraph(line, number, section))
        i += 1
    return page, []


def _table_header(line: str) -> tuple[str, ...] | None:
    for pattern, header in _TABLES:
        if pattern.match(line):
            return header
    return None


def _read_table(lines: list[str], start: int, header: tuple[str, ...], section: str, page: Page) -> int:
    rows: list[Row] = []
    i = start + 1
    while i < len(lines) and lines[i].strip():
        rows.append(_split_row(lines[i].strip(), header, i + 1))
        i += 1
    page.tables.append(Table(header, tuple(rows), start + 1, section))
    return i


def _split_row(line: str, header: tuple[str, ...], number: int) -> Row:
    if header[0] == "Permission type":
        for label in _PERMISSION_LABELS:
            if line.startswith(label):
                rest = line[len(label) :].strip()
                return Row((Cell(label), Cell(rest)), number, 2 if rest else 1)
        return Row((Cell(line),), number, 1)
    if header == ("Header", "Value"):
        parts = line.split(None, 1)
        return Row(tuple(Cell(p) for p in parts), number, len(parts))
    tokens = line.split()
    cells = tokens[:2]
    rest = tokens[2:]
    if len(cells) == 2 and rest and rest[0] == "collection" and header[0] != "Member":
        cells[1] += " collection"
        rest = rest[1:]
    found = [Cell(t) for t in cells]
    width = len(found)
    if len(found) == 2:
        found.append(Cell(" ".join(rest)))
        width = 3  # rendered text drops empty description cells; a name and a type suffice
    return Row(tuple(found), number, width)


def _read_code(lines: list[str], start: int, section: str, page: Page) -> int:
    block = [lines[start].strip()]
    i = start + 1
    while i < len(lines) and _HEADER_LINE.match(lines[i].strip()):
        block.append(lines[i].strip())
        i += 1
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines) and lines[j].lstrip()[:1] in ("{", "["):
        end = _json_end(lines, j)
        block.append("")
        block.extend(lines[j:end])
        i = end
    page.code_blocks.append(CodeBlock("\n".join(block) + "\n", start + 1, section, "http"))
    return i


def _json_end(lines: list[str], start: int) -> int:
    """Index just past the line where the JSON value opened at `start` closes (or the text ends)."""
    depth = 0
    in_string = escaped = False
    for i in range(start, len(lines)):
        for ch in lines[i]:
            if in_string:
                if escaped:
                    escaped = False
                elif ch == "\\":
                    escaped = True
                elif ch == '"':
                    in_string = False
            elif ch == '"':
                in_string = True
            elif ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
        if depth <= 0:
            return i + 1
    return len(lines)
