"""One reader per input form; each returns an IR fragment with the file and line of every fact."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import OdatagenError
from ..ir import CsdlDocument, PageFragment
from .csdl import read_csdl
from .extract import extract
from .markdown import read_markdown
from .rendered import read_rendered

DOCS_SUFFIXES = (".md", ".markdown", ".txt")
CSDL_SUFFIXES = (".xml", ".csdl", ".edmx")
_MARKDOWN_SIGNS = re.compile(r"^(---\s*$|#{1,6} |```|\|.*\|\s*$)", re.MULTILINE)

Fragment = PageFragment | CsdlDocument


def read_bytes(path: Path, display: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OdatagenError.at(display, 0, f"cannot read file: {exc.strerror}") from None


def read_text(path: Path, display: str) -> str:
    """The file's text; a file that is not UTF-8 is a user error with the line it breaks on."""
    data = read_bytes(path, display)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise OdatagenError.at(display, line, f"file is not UTF-8 text ({exc.reason})") from None


def read_source(path: Path, display: str | None = None) -> Fragment:
    """Read one input: CSDL XML by suffix, otherwise a docs page (markdown or rendered text)."""
    display = display or path.as_posix()
    suffix = path.suffix.lower()
    if suffix in CSDL_SUFFIXES:
        return read_csdl(read_bytes(path, display), display)
    return read_docs_page(path, display)


def read_docs_page(path: Path, display: str | None = None) -> PageFragment:
    """Read one Graph docs page (markdown source or rendered text) into an IR fragment."""
    display = display or path.as_posix()
    if path.suffix.lower() not in DOCS_SUFFIXES:
        known = ", ".join(DOCS_SUFFIXES + CSDL_SUFFIXES)
        raise OdatagenError.at(display, 0, f"unknown input form {path.suffix!r}; expected one of {known}")
    text = read_text(path, display).replace("\r\n", "\n").replace("\r", "\n")
    reader = read_markdown if is_markdown(path, text) else read_rendered
    page, diagnostics = reader(text, display)
    return extract(page, diagnostics)


def is_markdown(path: Path, text: str) -> bool:
    """Markdown by suffix, or a .txt whose text has markdown's marks (seed 003 is such a file)."""
    return path.suffix.lower() != ".txt" or _MARKDOWN_SIGNS.search(text) is not None
