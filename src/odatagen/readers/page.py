"""The shape both docs readers reduce a page to: headings, tables, code blocks, paragraphs.

A reader's only job is segmentation (markdown tokens or plain-text lines into these blocks);
`extract` turns the blocks into IR, so both forms of a page give the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    """Plain text of the cell, markup removed."""
    links: tuple[str, ...] = ()
    """Texts of the links in the cell, in order."""
    codes: tuple[str, ...] = ()
    """Contents of the code spans in the cell, in order."""


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    line: int
    width: int
    """How many cells the source line really has (markdown pads or drops cells silently)."""
    note: str = ""
    """How the reader mended the row, when it did (a warning of the page)."""


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    line: int
    section: str


@dataclass(frozen=True, slots=True)
class CodeBlock:
    text: str
    line: int
    """Line of the block's first content line."""
    section: str
    info: str = ""
    annotation: dict[str, Any] | None = None
    """The `<!-- { "blockType": ... } -->` comment just before the block, if any."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    line: int
    section: str
    links: tuple[str, ...] = ()


@dataclass(slots=True)
class Page:
    source: str
    form: str
    title: str = ""
    title_line: int = 1
    front_matter: dict[str, Any] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    headings: list[tuple[str, int]] = field(default_factory=list)
