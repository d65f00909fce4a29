"""Knowing, without running black, that black would leave a generated module as it is.

black is most of a cold run, and most generated modules are models and enums that the
templates already lay out exactly as black does. `already_black` accepts a module only when
every line is of a few shapes whose black output is the line itself, in the one arrangement
the model and enum templates write:

    # header comment
    <1 blank>  import lines, runs 1 or 2 blank lines apart, then 1 blank line, `if TYPE_CHECKING:`
               and its imports
    <2 blank>  class Name(Base):
                   \"\"\"docstring\"\"\"  (one line, or several closed by a line of its own)
               <1 blank>  field and assignment lines, one-line attribute strings, runs 1 blank apart

A line qualifies when it fits in the line length, is ASCII (strings and docstrings may hold
any printable character), and spells its tokens as black prints them: black reprints every
token with its own spacing, quotes strings with `"` (none here has a backslash or a `"`),
keeps brackets that end in a comma exploded (so a trailing comma is refused, except in a
parenthesized import, which must already be exploded), and splits only what is too long.
black's blank lines depend only on the kinds of the lines around them (import, class,
docstring, statement, block) and on how many the text has, so one arrangement checked against
black stays right whatever the names: tests/test_blackclean.py runs black over every module
this accepts in whole documents, and over changed copies of them. Anything else goes to black.
"""

from __future__ import annotations

import keyword
import re

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_ALIAS = rf"{_NAME}(?: as {_NAME})?"
_MODULE = rf"(?:\.*{_NAME}(?:\.{_NAME})*|\.+)"
_IMPORT = re.compile(rf"(?:from {_MODULE} import {_ALIAS}(?:, {_ALIAS})*|import {_NAME}(?:\.{_NAME})*)")
_IMPORT_OPEN = re.compile(rf"from {_MODULE} import \(")
_IMPORT_ITEM = re.compile(rf"{_ALIAS},")
_BASE = rf"{_NAME}(?:\.{_NAME})*(?:\[{_NAME}\])?"
_CLASS = re.compile(rf"class {_NAME}\({_BASE}(?:, {_BASE})*\):")
_COMMENT = re.compile(r"# \S(?:.*\S)?")
_STATEMENT = re.compile(rf"    ({_NAME})(?:: (.+?))? = (.+)")
_ATTRIBUTE_DOC = re.compile(r'    """([^"](?:.*[^"])?)"""')
_TOKEN = re.compile(r'("[^"\n]*")|((?:0|[1-9][0-9]*)(?:\.[0-9]+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\.\.\.|[()\[\],|=.\-])| ')
_KEYWORDS = frozenset(keyword.kwlist) - {"True", "False", "None"}
_OPENING, _CLOSING = "([", ")]"


def already_black(text: str, line_length: int) -> bool:
    """True only when black would write `text` unchanged (the module docstring says why)."""
    if not text.endswith("\n") or text.endswith("\n\n") or "\\" in text or not _printable(text):
        return False
    lines = text[:-1].split("\n")
    at = _header(lines, line_length)
    if at is None or lines[at : at + 2] != ["", ""] or at + 2 >= len(lines):
        return False
    return _class(lines, at + 2, line_length)


def _printable(text: str) -> bool:
    """No tab, control, separator or format character (black strips or splits on some)."""
    if text.isascii():
        return re.search(r"[^\n\x20-\x7e]", text) is None
    return all(ch == "\n" or ch.isprintable() for ch in text)


def _header(lines: list[str], width: int) -> int | None:
    """The line after the comment and the imports, or None if they are not as expected."""
    if not lines or not _COMMENT.fullmatch(lines[0]) or lines[1:2] != [""]:
        return None
    at, checking = 2, False
    while at < len(lines) and lines[at]:
        if checking:
            return None  # `if TYPE_CHECKING:` comes last
        checking = lines[at] == "if TYPE_CHECKING:"
        end = _imports(lines, at + 1, "    ", width) if checking else _imports(lines, at, "", width)
        if end is None:
            return None
        at = end
        blanks = 2 if lines[at : at + 2] == ["", ""] else 1
        after = lines[at + blanks] if at + blanks < len(lines) else ""
        if lines[at : at + 1] == [""] and after and not after.startswith("class "):
            if after == "if TYPE_CHECKING:" and blanks == 2:
                return None  # black leaves one blank line between imports and what follows
            at += blanks  # one or two blank lines between import runs, as the text has them
    return at


def _imports(lines: list[str], at: int, indent: str, width: int) -> int | None:
    """The line after a run of imports at `indent`."""
    start = at
    while at < len(lines) and lines[at].startswith(indent) and lines[at][len(indent) : len(indent) + 1] not in ("", " "):
        line = lines[at][len(indent) :]
        if _IMPORT.fullmatch(line) and len(lines[at]) <= width:
            at += 1
        elif _IMPORT_OPEN.fullmatch(line) and len(lines[at]) <= width:
            items = at + 1
            while items < len(lines) and lines[items].startswith(indent + "    ") and _IMPORT_ITEM.fullmatch(lines[items][len(indent) + 4 :]):
                items += 1
            if items - at < 3 or items >= len(lines) or lines[items] != indent + ")":
                return None
            at = items + 1
        else:
            return None
    return at if at > start else None


def _class(lines: list[str], at: int, width: int) -> bool:
    if not (_CLASS.fullmatch(lines[at]) and len(lines[at]) <= width and lines[at].isascii()):
        return False
    body = _docstring(lines, at + 1)
    if body is None:
        return False
    at = body
    previous = ""
    while at < len(lines):
        line = lines[at]
        if not line:  # one blank line between runs, none at the end
            if previous == "" or at + 1 == len(lines):
                return False
            previous = ""
        elif _ATTRIBUTE_DOC.fullmatch(line) and '"""' not in line[7:-3] and previous == "statement":
            previous = "doc"
        elif _statement(line, width):
            previous = "statement"
        else:
            return False
        at += 1
    return True


def _docstring(lines: list[str], at: int) -> int | None:
    """The line after the class docstring, and the blank line after it if the body goes on."""
    if at >= len(lines) or not lines[at].startswith('    """'):
        return None
    first = lines[at][7:]
    if first.endswith('"""') and len(first) > 3:
        body, end = first[:-3], at + 1
        if body != body.strip() or body.startswith('"') or body.endswith('"') or '"""' in body:
            return None
    else:
        if not first or first != first.strip() or first.startswith('"') or '"""' in first:
            return None
        end = at + 1
        least = None
        while end < len(lines) and lines[end] != '    """':
            line = lines[end]
            if line and (not line.startswith("    ") or line != line.rstrip() or '"""' in line):
                return None
            if line:
                indent = len(line) - len(line.lstrip(" "))
                least = indent if least is None else min(least, indent)
            end += 1
        if end == len(lines) or least != 4:
            return None
        end += 1
    if end == len(lines):
        return end
    return end + 1 if lines[end] == "" and end + 1 < len(lines) and lines[end + 1] else None


def _statement(line: str, width: int) -> bool:
    """`name = value` or `name: annotation = value`, each spelled as black spells it."""
    if len(line) > width or not line.isascii():
        return False
    found = _STATEMENT.fullmatch(line)
    if found is None or found.group(1) in _KEYWORDS:
        return False
    annotation, value = found.group(2), found.group(3)
    return (annotation is None or _expression(annotation)) and _expression(value)


def _expression(text: str) -> bool:
    """Names, numbers, `"strings"`, calls, subscripts, tuples, `|`: reprinted with black's
    spacing, the text must come out the same."""
    tokens: list[tuple[int, str]] = []
    at = 0
    for match in _TOKEN.finditer(text):
        if match.start() != at:
            return False
        at = match.end()
        if match.lastindex is not None:
            tokens.append((match.lastindex, match.group(match.lastindex)))
    if at != len(text) or not tokens:
        return False
    return _structure(tokens) and _spelled(tokens) == text


def _structure(tokens: list[tuple[int, str]]) -> bool:
    """Balanced brackets, no trailing comma, no redundant parentheses, `=` only as a keyword
    argument, `-` only before a number, no keyword but True, False and None."""
    stack: list[tuple[str, bool, bool]] = []  # bracket, is a call or subscript, holds a comma
    previous: tuple[int, str] | None = None
    for kind, value in tokens:
        if kind == 3 and value in _KEYWORDS:
            return False
        if value in _OPENING and kind == 4:
            stack.append((value, previous is not None and (previous[0] == 3 or previous[1] in _CLOSING), False))
        elif value in _CLOSING and kind == 4:
            if not stack or _OPENING[_CLOSING.index(value)] != stack[-1][0] or (previous and previous[1] == ","):
                return False
            bracket, call, comma = stack.pop()
            if bracket == "(" and not call and not comma and previous != (4, "("):
                return False  # (x): black drops the parentheses
        elif value == ",":
            if not stack:
                return False
            stack[-1] = (stack[-1][0], stack[-1][1], True)
        elif value == "=" and not (stack and stack[-1][0] == "(" and stack[-1][1] and previous and previous[0] == 3):
            return False
        elif value == "-" and kind == 4 and previous is not None and previous[1] not in ("(", "[", ",", "="):
            return False
        if previous is not None and previous[1] == "-" and previous[0] == 4 and kind != 2:
            return False
        if previous is not None and previous[0] in (1, 2, 3) and kind in (1, 2, 3):
            return False  # two atoms in a row: a keyword or an implicit concatenation
        previous = (kind, value)
    return not stack and previous is not None and previous[1] not in ("-", ",", "=", "|", ".")


def _spelled(tokens: list[tuple[int, str]]) -> str:
    out: list[str] = []
    previous: tuple[int, str] | None = None
    for kind, value in tokens:
        if previous is not None and _space(previous, (kind, value)):
            out.append(" ")
        out.append(value)
        previous = (kind, value)
    return "".join(out)


def _space(left: tuple[int, str], right: tuple[int, str]) -> bool:
    a, b = left[1], right[1]
    if b in (")", "]", ",") or a in ("(", "[", "-", "=") or b == "=":
        return False
    if a == "." or b == ".":
        return False
    if b in ("(", "[") and (left[0] == 3 or a in (")", "]")):
        return False
    return True
