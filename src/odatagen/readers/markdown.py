"""Graph docs markdown (front matter, pipe tables, fenced blocks, HTML comments) into a `Page`.

markdown-it-py does the parsing; this module only walks its tokens. Line numbers are 1-based
and count the front matter, so they match what an editor shows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..ir import Diagnostic, Location
from .page import Cell, CodeBlock, Page, Paragraph, Row, Table

_PARSER = MarkdownIt("commonmark").enable("table")
_ANNOTATION = re.compile(r"^\s*<!--\s*(\{.*\})\s*-->\s*$", re.DOTALL)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_GROUP_LABEL = re.compile(r"^\s*\|?\s*\*\*[^|]*\*\*\s*(?:\|\s*)*$")
"""A row of bold text alone, its other cells empty if it has any (`|**On-boarding**||`)."""


def read_markdown(text: str, source: str) -> tuple[Page, list[Diagnostic]]:
    page = Page(source=source, form="markdown")
    diagnostics: list[Diagnostic] = []
    body, offset = _split_front_matter(text, page, diagnostics)
    lines = body.split("\n")  # not splitlines(): U+2028 and friends do not end a line
    tokens = _PARSER.parse(body)
    section = ""
    annotation: dict[str, object] | None = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line = (tok.map[0] if tok.map else 0) + offset + 1
        if tok.type == "heading_open":
            title = _plain(tokens[i + 1].children or [])
            page.headings.append((title, line))
            annotation = None
            if tok.tag == "h1" and not page.title:
                page.title, page.title_line = title, line
            elif tok.tag == "h2":
                section = title.lower()
            i += 3
            continue
        if tok.type == "html_block":
            annotation = _annotation(tok.content, Location(source, line), diagnostics)
            i += 1
            continue
        if tok.type in ("fence", "code_block"):
            page.code_blocks.append(
                CodeBlock(tok.content, line + 1, section, tok.info.strip(), annotation)
            )
        elif tok.type == "table_open":
            end = _close_index(tokens, i, "table_close")
            page.tables.append(_table(tokens[i:end], lines, offset, line, section))
            i = end
        elif tok.type == "paragraph_open":
            children = tokens[i + 1].children or []
            links = tuple(_link_texts(children))
            page.paragraphs.append(Paragraph(_plain(children), line, section, links))
        if tok.level == 0:
            annotation = None  # an annotation belongs to the block right after it
        i += 1
    return page, diagnostics


def _split_front_matter(text: str, page: Page, diagnostics: list[Diagnostic]) -> tuple[str, int]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            try:
                data = yaml.safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError:
                data = _front_matter_by_line(lines[1:end], page.source, diagnostics)
            if isinstance(data, dict):
                page.front_matter = {str(k): v for k, v in data.items()}
                if isinstance(data.get("title"), str):
                    page.title, page.title_line = data["title"], 2
            return "\n".join(lines[end + 1 :]), end + 1
    return text, 0


def _front_matter_by_line(lines: list[str], source: str, diagnostics: list[Diagnostic]) -> dict[str, object]:
    """Front matter that is not YAML as a whole (`author:"tfitzmac"`, real pages of 2018): each
    `key: value` line that is YAML on its own is kept, each other one is a warning and left out."""
    data: dict[str, object] = {}
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        try:
            item = yaml.safe_load(line)
        except yaml.YAMLError:
            item = None
        if isinstance(item, dict):
            data.update(item)
        else:
            diagnostics.append(
                Diagnostic(
                    Location(source, number),
                    f"front matter line {line.strip()!r} is not YAML (`key: value`); left out",
                    "warning",
                )
            )
    return data


def _annotation(
    content: str, loc: Location, diagnostics: list[Diagnostic]
) -> dict[str, object] | None:
    match = _ANNOTATION.match(content)
    if not match:
        return None
    try:
        value = json.loads(match.group(1))
    except json.JSONDecodeError as exc:
        diagnostics.append(
            Diagnostic(
                Location(loc.file, loc.line + exc.lineno - 1),
                f"docs annotation comment is not valid JSON: {exc.msg}",
                "warning",
            )
        )
        return None
    return value if isinstance(value, dict) else None


def _close_index(tokens: Sequence[Token], start: int, closing: str) -> int:
    for j in range(start, len(tokens)):
        if tokens[j].type == closing:
            return j
    return len(tokens) - 1


def _table(tokens: Sequence[Token], lines: list[str], offset: int, line: int, section: str) -> Table:
    header: list[str] = []
    rows: list[Row] = []
    cells: list[Cell] = []
    row_line = line
    for tok in tokens:
        if tok.type == "tr_open":
            cells = []
            row_line = (tok.map[0] if tok.map else 0) + offset + 1
        elif tok.type == "inline":
            children = tok.children or []
            cells.append(Cell(_plain(children), tuple(_link_texts(children)), _codes(children)))
        elif tok.type == "tr_close":
            if not header:
                header = [c.text for c in cells]
            else:
                source = lines[row_line - offset - 1]
                width = _raw_width(source)
                note = ""
                if width > len(header) > 1 and len(cells) == len(header):
                    # An unescaped `|` in the last cell (`Payload file name (*.mobileconfig | *.xml).`):
                    # markdown drops what follows it; the cell is read whole, and the row says so.
                    surplus = _cells_of(source)[len(header) :]
                    last = cells[-1]
                    cells[-1] = Cell(" | ".join([last.text, *(_unmarked(p) for p in surplus)]), last.links, last.codes)
                    width, note = len(header), f"a '|' in its last cell splits the row into {width} cells; read as one cell"
                rows.append(Row(tuple(cells), row_line, width, note))
    return Table(tuple(header), tuple(rows), line, section)


def _raw_width(source_line: str) -> int:
    """Cells in a pipe-table row as GFM counts them: unescaped pipes, outer pipes optional.

    0 for a group label row that holds only bold text (`|**Mobile app management (MAM)**|`).
    """
    if _GROUP_LABEL.match(source_line):
        return 0
    return len(_cells_of(source_line))


def _cells_of(source_line: str) -> list[str]:
    """The raw cells of a pipe-table row, split at unescaped pipes, outer pipes optional."""
    parts = re.split(r"(?<!\\)\|", source_line.strip())
    if parts and parts[0].strip() == "":
        parts = parts[1:]
    if parts and parts[-1].strip() == "":
        parts = parts[:-1]
    return parts


def _unmarked(cell: str) -> str:
    """A raw cell's text without its bold and code marks."""
    return re.sub(r"\*\*|`", "", cell).strip()


def _plain(children: Sequence[Token]) -> str:
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "html_inline":
            out.append(" " if _BR.fullmatch(child.content.strip()) else "")
        elif child.type == "image":
            out.append(_plain(child.children or []))
    text = _TAG.sub("", "".join(out))
    return re.sub(r"\s+", " ", text).strip()


def _link_texts(children: Sequence[Token]) -> list[str]:
    texts: list[str] = []
    current: list[str] | None = None
    for child in children:
        if child.type == "link_open":
            current = []
        elif child.type == "link_close" and current is not None:
            texts.append("".join(current).strip())
            current = None
        elif current is not None and child.type in ("text", "code_inline"):
            current.append(child.content)
    return texts


def _codes(children: Sequence[Token]) -> tuple[str, ...]:
    return tuple(c.content for c in children if c.type == "code_inline")
