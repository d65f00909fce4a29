"""Knowing, without running black, that black would leave a generated module as it is.

black is most of a cold run, and the templates already lay out models, enums and request
builders exactly as black does. `already_black` accepts a module only when it is in the one
arrangement those templates write, every statement in a layout black keeps:

    \"\"\"docstring\"\"\"  (a package's `__init__`: one line, then 1 blank)
    # header comments
    <1 blank>  import lines, runs 1 or 2 blank lines apart, then 1 blank line, `if TYPE_CHECKING:`
               and its imports (in an `__init__`, then `else:` and one statement, and the end)
    <2 blank>  class Name(Base):
                   \"\"\"docstring\"\"\"  (one line, or several closed by a line of its own)
               <1 blank>  assignments and one-line attribute strings, runs 1 blank apart
               <1 blank>  methods, 1 blank apart: decorators, a `def` (an overload's ends in
                          `...`), a one-line docstring, a `return`
    <2 blank>  the next class, as the first

A line qualifies when it fits in the line length and is ASCII (strings and docstrings may hold
any printable character), spells its tokens as black prints them, and, when it is a statement
black splits (too long, or with a magic trailing comma), is split where black splits it
(`blacklines` reads one statement and says which rule of black each layout follows).

black's blank lines depend only on the kinds of the lines around them and on how many the
text has: none between a decorator and its `def`, or before a `def`'s docstring (black
removes them); one after a class docstring, before a method at class level and between two
methods (black adds it whatever the text has); two before a class; elsewhere as many as the
text has, up to one in a class and two at module level; one between imports and what follows
them. So one arrangement checked against black stays right whatever the names:
tests/test_blackclean.py runs black over the modules this accepts in whole documents, over a
near miss of each layout, and over changed copies of accepted modules. Anything else goes to
black.
"""

from __future__ import annotations

import re

from .blacklines import (
    END,
    NAME,
    Cursor,
    Refused,
    class_line,
    class_statement,
    decorator,
    def_statement,
    docstring_line,
    expression,
    require,
    return_statement,
)

_ALIAS = rf"{NAME}(?: as {NAME})?"
_MODULE = rf"(?:\.*{NAME}(?:\.{NAME})*|\.+)"
_IMPORT = re.compile(rf"(?:from {_MODULE} import {_ALIAS}(?:, {_ALIAS})*|import {NAME}(?:\.{NAME})*)")
_IMPORT_OPEN = re.compile(rf"from {_MODULE} import \(")
_IMPORT_ITEM = re.compile(rf"{_ALIAS},")
_COMMENT = re.compile(r"# \S(?:.*\S)?")
_DIRECTIVE = re.compile(r"fmt|yapf|type\s*:")
_LAZY = re.compile(rf"    {NAME}, {NAME} = (.+)")
_ATTRIBUTE_DOC = re.compile(r'    """([^"](?:.*[^"])?)"""')


def already_black(text: str, line_length: int) -> bool:
    """True only when black would write `text` unchanged (the module docstring says why)."""
    if not text.endswith("\n") or text.endswith("\n\n") or "\\" in text or not _printable(text):
        return False
    cursor = Cursor(text[:-1].split("\n"), line_length)
    try:
        _header(cursor)
        while cursor.peek() != END:
            cursor.skip_blanks(2)
            _class(cursor)
    except Refused:
        return False
    return True


def _printable(text: str) -> bool:
    """No tab, control, separator or format character (black strips or splits on some)."""
    if text.isascii():
        return re.search(r"[^\n\x20-\x7e]", text) is None
    return all(ch == "\n" or ch.isprintable() for ch in text)


def _header(cursor: Cursor) -> None:
    """An optional one-line docstring, the comments and the imports, up to the blank lines
    before the first class; or, in a package's `__init__`, an `else:` after the imports of
    `if TYPE_CHECKING:`, with the one statement that names are found lazily otherwise."""
    if cursor.peek().startswith('"""'):
        docstring_line(cursor, "")
        cursor.skip_blanks(1)  # black puts one blank line after a module docstring
    require(_comment(cursor.take()))
    while _comment(cursor.peek()):
        cursor.take()
    cursor.skip_blanks(1)
    checking = False
    while cursor.peek() not in ("", END):
        require(not checking)  # `if TYPE_CHECKING:` comes last
        checking = cursor.peek().startswith("if TYPE_CHECKING:")
        if checking:
            line = cursor.take()
            comment = line[len("if TYPE_CHECKING:  ") :]
            require(cursor.fits(line) and (line == "if TYPE_CHECKING:" or (line[17:19] == "  " and _comment(comment))))
        _imports(cursor, "    " if checking else "")
        if checking and cursor.peek() == "else:":
            cursor.take()
            line = cursor.take()
            found = _LAZY.fullmatch(line)
            require(found is not None and expression(found.group(1)) and cursor.fits(line) and cursor.peek() == END)
        blanks = cursor.blanks()
        after = cursor.peek(blanks)
        if blanks in (1, 2) and after != END and not after.startswith("class "):
            # one or two blank lines between import runs, as the text has them; one before
            # `if TYPE_CHECKING:` (black leaves one between imports and what follows)
            require(not (after.startswith("if TYPE_CHECKING:") and blanks == 2))
            cursor.skip_blanks(blanks)


def _comment(line: str) -> bool:
    return _COMMENT.fullmatch(line) is not None and _DIRECTIVE.search(line) is None


def _imports(cursor: Cursor, indent: str) -> None:
    """A run of imports at `indent`: one line each, or parenthesized one name a line (black
    explodes an import whose parentheses end in a comma)."""
    start = cursor.at
    while cursor.peek().startswith(indent) and cursor.peek()[len(indent) : len(indent) + 1] not in ("", " ", END):
        line = cursor.take()
        require(cursor.fits(line))
        if _IMPORT_OPEN.fullmatch(line[len(indent) :]):
            names = 0
            while cursor.peek().startswith(indent + "    ") and _IMPORT_ITEM.fullmatch(cursor.peek()[len(indent) + 4 :]):
                cursor.take()
                names += 1
            require(names > 0 and cursor.take() == indent + ")")
        else:
            require(_IMPORT.fullmatch(line[len(indent) :]) is not None)
    require(cursor.at > start)


def _class(cursor: Cursor) -> None:
    """A class, up to the end of the module or the blank lines before the next class."""
    class_line(cursor)
    _class_docstring(cursor)
    if cursor.peek() == END or cursor.blanks() > 1:
        return
    cursor.skip_blanks(1)
    previous = ""  # statement, doc or method: what came last, right before this line
    while True:
        line = cursor.peek()
        if line.startswith(("    @", "    def ")):
            _method(cursor, "    ")
            previous = "method"
        elif previous == "statement" and _ATTRIBUTE_DOC.fullmatch(line) and '"""' not in line[7:-3]:
            cursor.take()
            previous = "doc"
        else:
            require(previous in ("", "statement", "doc", "blank"))  # black puts one blank after a method
            class_statement(cursor, "    ")
            previous = "statement"
        if cursor.peek() == END or cursor.blanks() > 1:
            return
        if cursor.blanks() == 0:
            # statements and their strings follow each other; black puts a blank line before a
            # method and after one
            require(previous != "method" and not cursor.peek().startswith(("    @", "    def ")))
        else:
            cursor.skip_blanks(1)
            previous = "blank" if previous != "method" else previous


def _class_docstring(cursor: Cursor) -> None:
    """A class docstring as black leaves it: stripped, on one line, or its lines indented as the
    class body (black's PEP 257 step evens the indentation) with the closing quotes on a line
    of their own."""
    first = cursor.take()
    require(first.startswith('    """'))
    text = first[7:]
    if text.endswith('"""') and len(text) > 3:
        body = text[:-3]
        require(body == body.strip() and not body.startswith('"') and not body.endswith('"') and '"""' not in body)
        return
    require(bool(text) and text == text.strip() and not text.startswith('"') and '"""' not in text)
    least = None
    while (line := cursor.take()) != '    """':
        require(not line or (line.startswith("    ") and line == line.rstrip() and '"""' not in line))
        if line:
            indent = len(line) - len(line.lstrip(" "))
            least = indent if least is None else min(least, indent)
    require(least == 4)


def _method(cursor: Cursor, pad: str) -> None:
    """Decorators, then the `def` right below them; an overload ends there, a method goes on
    with an optional one-line docstring and a `return`, no blank line between."""
    while cursor.peek().startswith(pad + "@"):
        decorator(cursor, pad)
    if def_statement(cursor, pad):
        return
    body = pad + "    "
    if cursor.peek().startswith(body + '"""'):
        docstring_line(cursor, body)
    return_statement(cursor, body)
