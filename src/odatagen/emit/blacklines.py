"""One statement of a generated module, in a layout black would leave as it is (see blackclean).

Each reader takes the physical lines of one statement from a `Cursor` and raises `Refused`
unless black, given that statement, writes exactly those lines. black lays out a statement
by its tokens alone (its `transform_line`): one that fits in the line length and has no magic
trailing comma stays on one line; a longer one, or one with a magic trailing comma, is split
at brackets by rules that depend on the statement's kind (`def` lines from the left, the
others from the right, optional parentheses around a right-hand side or a return annotation
dropped where black prefers). The readers accept only splits whose every decision follows
from the lengths and commas they check; the comments on each say which rule of black it is.
"""

from __future__ import annotations

import functools
import keyword
import re
from collections.abc import Iterator

NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_DOTTED = rf"{NAME}(?:\.{NAME})*"
_TOKEN = re.compile(r'("[^"\n]*")|((?:0|[1-9][0-9]*)(?:\.[0-9]+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\.\.\.|[()\[\],|=.\-])| ')
_KEYWORDS = frozenset(keyword.kwlist) - {"True", "False", "None"}
_OPENING, _CLOSING = "([", ")]"
_STRING = re.compile(r'"[^"\n]*"')
_ASSIGNMENT = re.compile(rf"({NAME})(?:: (.+?))? = (.*)")
_ANNOTATION_HEAD = re.compile(rf"({NAME}): ({_DOTTED})\[")
_CALL_HEAD = re.compile(rf"({_DOTTED})\(")
_OPENED = re.compile(rf"{_DOTTED}[(\[]")
_DEF = re.compile(rf"def ({NAME})\(")
_PARAMETER = re.compile(rf"(\*\*)?({NAME}): (.+?)(?: = (.+))?")
END = "\n"
"""What `Cursor.peek` gives past the last line: no line holds a newline."""


class Refused(Exception):
    """black might write the module otherwise: it goes to black."""


def require(condition: bool) -> None:
    if not condition:
        raise Refused


class Cursor:
    """The module's lines (without their newlines), read from the top."""

    def __init__(self, lines: list[str], width: int) -> None:
        self.lines, self.width, self.at = lines, width, 0

    def peek(self, ahead: int = 0) -> str:
        at = self.at + ahead
        return self.lines[at] if at < len(self.lines) else END

    def take(self) -> str:
        line = self.peek()
        require(line != END)
        self.at += 1
        return line

    def blanks(self) -> int:
        count = 0
        while self.peek(count) == "":
            count += 1
        return count

    def skip_blanks(self, count: int) -> None:
        """Exactly `count` blank lines, then a line that is not blank."""
        require(self.blanks() == count and self.peek(count) != END)
        self.at += count

    def fits(self, line: str) -> bool:
        """Within the line length as black measures it (ASCII: one column a character)."""
        return len(line) <= self.width and line.isascii()


# Expressions ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def expression(text: str) -> bool:
    """Names, numbers, `"strings"`, calls, subscripts, tuples, `|`, `...`: reprinted with
    black's spacing, the text must come out the same, and no bracket may end in a magic
    trailing comma (a one-tuple's comma is not one). Remembered: a module repeats its
    annotations and values many times."""
    tokens = _tokens(text)
    return tokens is not None and _structure(tokens) and _spelled(tokens) == text


def atom(text: str) -> bool:
    """One string or name: black has nothing to split in it, however long."""
    return (_STRING.fullmatch(text) is not None and text.isascii()) or (re.fullmatch(NAME, text) is not None and text not in _KEYWORDS)


def arguments(text: str) -> bool:
    """A call's arguments on one line, without a trailing comma."""
    return expression(f"f({text})")


def _tokens(text: str) -> list[tuple[int, str]] | None:
    tokens: list[tuple[int, str]] = []
    at = 0
    for match in _TOKEN.finditer(text):
        if match.start() != at:
            return None
        at = match.end()
        if match.lastindex is not None:
            tokens.append((match.lastindex, match.group(match.lastindex)))
    return tokens if at == len(text) and tokens else None


def _structure(tokens: list[tuple[int, str]]) -> bool:
    """Balanced brackets, no magic trailing comma, no redundant parentheses, `=` only as a
    keyword argument, `-` only before a number, no keyword but True, False and None."""
    stack: list[tuple[str, bool, int]] = []  # bracket, is a call or subscript, commas in it
    previous: tuple[int, str] | None = None
    for kind, value in tokens:
        if kind == 3 and value in _KEYWORDS:
            return False
        if value in _OPENING and kind == 4:
            stack.append((value, previous is not None and (previous[0] == 3 or previous[1] in _CLOSING), 0))
        elif value in _CLOSING and kind == 4:
            if not stack or _OPENING[_CLOSING.index(value)] != stack[-1][0]:
                return False
            bracket, call, commas = stack.pop()
            if previous is not None and previous[1] == "," and not (bracket == "(" and not call and commas == 1):
                return False  # a magic trailing comma; `(x,)`, a one-tuple, is not one
            if bracket == "(" and not call and not commas and previous != (4, "("):
                return False  # (x): black drops the parentheses
        elif value == ",":
            if not stack or previous is None or previous[1] in ("(", "[", ","):
                return False
            stack[-1] = (stack[-1][0], stack[-1][1], stack[-1][2] + 1)
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


def _parameter(text: str) -> bool:
    """`self`, `*`, `name: annotation`, `name: annotation = default`, `**name: annotation`."""
    if text == "*" or (re.fullmatch(NAME, text) and text not in _KEYWORDS):
        return True
    found = _PARAMETER.fullmatch(text)
    if found is None or found.group(2) in _KEYWORDS or (found.group(1) and found.group(4)):
        return False
    return expression(found.group(3)) and (found.group(4) is None or expression(found.group(4)))


def parameters(text: str) -> list[str] | None:
    """A `def`'s parameters, each spelled as black spells it, or None."""
    found = _split(text)
    return found if found is not None and all(_parameter(p) for p in found) else None


def _split(text: str) -> list[str] | None:
    """Top-level parts of a comma-separated list spelled `a, b, c` (strings and brackets kept)."""
    parts, start = [], 0
    for at, ch, depth in _scan(text):
        if ch == "," and depth == 0:
            if text[at + 1 : at + 2] != " ":
                return None
            parts.append(text[start:at])
            start = at + 2
    parts.append(text[start:])
    return parts if all(p and p == p.strip() for p in parts) else None


def _closing(text: str, opening: int) -> int:
    """The index of the bracket that closes the one at `opening`, or -1."""
    return next((at for at, ch, depth in _scan(text, opening) if ch in ")]" and depth == 0), -1)


def _scan(text: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each character outside strings, with the depth of brackets it is at (after it, for a
    closing one) from `start` on."""
    depth, quoted = 0, False
    for at in range(start, len(text)):
        ch = text[at]
        if ch == '"':
            quoted = not quoted
            continue
        if quoted:
            continue
        depth += (ch in "([") - (ch in ")]")
        yield at, ch, depth


# Bracket bodies ------------------------------------------------------------------------------


def _body(cursor: Cursor, pad: str, closing: str, split: str = "") -> tuple[list[str], bool]:
    """The lines inside brackets opened at the end of the line before and closed by a line at
    `pad` starting with `closing`: the items on one line that fits (False), or one item per
    line, each with its comma (True). An item too long for its line may be split as black
    splits it: `split` is "items" for expressions, "parameters" for a `def`'s parameters."""
    inner = pad + "    "
    first = cursor.peek()
    require(first.startswith(inner) and first[len(inner) : len(inner) + 1] not in ("", " "))
    if not first.endswith(",") and not (split and first.endswith(("(", "["))):
        cursor.take()
        require(cursor.fits(first) and cursor.peek().startswith(pad + closing))
        return [first[len(inner) :]], False
    items = []
    while not cursor.peek().startswith(pad + closing):
        items.append(_item(cursor, inner, split))
    return items, True


def _item(cursor: Cursor, inner: str, split: str) -> str:
    """One item of an exploded body: on its line with its comma, fitting or one string or name
    black cannot split; or too long for that and split as black splits it (`_split_item`,
    `_split_parameter`)."""
    line = cursor.take()
    require(line.startswith(inner) and line[len(inner) : len(inner) + 1] not in ("", " "))
    text = line[len(inner) :]
    if text.endswith(","):
        require(cursor.fits(line) or atom(text[:-1]))
        return text[:-1]
    require(bool(split) and cursor.fits(line))
    held = cursor.take()
    require(held.startswith(inner + "    ") and held[len(inner) + 4 : len(inner) + 5] not in ("", " "))
    require(cursor.fits(held) and not held.endswith(","))
    held = held[len(inner) + 4 :]
    item = _split_parameter(cursor, inner, text, held) if split == "parameters" else _split_item(cursor, inner, text, held)
    require(not cursor.fits(f"{inner}{item},"))
    return item


def _split_item(cursor: Cursor, inner: str, text: str, held: str) -> str:
    """`callee(` or `Outer[` / what the brackets hold / `),` or `],`: black's right-hand split
    of the item (after the split at commas), at its own brackets, which close it."""
    require(_OPENED.fullmatch(text) is not None)
    close = ")" if text.endswith("(") else "]"
    require(cursor.take() == inner + close + ",")
    item = f"{text}{held}{close}"
    require(_closing(item, len(text) - 1) == len(item) - 1)
    return item


def _split_parameter(cursor: Cursor, inner: str, text: str, held: str) -> str:
    """`name: (` / annotation / `) = default,`: black puts a parameter's annotation in
    parentheses of its own (optional ones, invisible until needed) when it is a union; a union
    that starts with a name is what black will not split without them (its `|` is a
    delimiter, and it neither starts nor ends with brackets to split at instead)."""
    found = re.fullmatch(rf"({NAME}): \(", text)
    end = cursor.take()
    require(found is not None and end.startswith(inner + ") = ") and end.endswith(",") and cursor.fits(end))
    assert found is not None
    parts = _tokens(held)
    require(parts is not None and parts[0][0] == 3 and _top_level_union(held))
    return f"{found.group(1)}: {held} = {end[len(inner) + 4 : -1]}"


def _top_level_union(text: str) -> bool:
    return any(ch == "|" and depth == 0 for _, ch, depth in _scan(text))


# Statements ----------------------------------------------------------------------------------


def decorator(cursor: Cursor, pad: str) -> None:
    line = cursor.take()
    require(re.fullmatch(rf"{pad}@{_DOTTED}", line) is not None and cursor.fits(line))


def class_line(cursor: Cursor) -> None:
    """`class Name(Bases):`, or, too long, the bases on a line of their own (black's right-hand
    split at the class's parentheses)."""
    line = cursor.take()
    found = re.fullmatch(rf"class ({NAME})\((.*)", line)
    require(found is not None and found.group(1) not in _KEYWORDS)
    assert found is not None
    rest = found.group(2)
    if rest:
        require(rest != "):" and rest.endswith("):") and arguments(rest[:-2]) and cursor.fits(line))
        return  # (black drops empty parentheses)
    bases = cursor.take()
    require(bases.startswith("    ") and arguments(bases[4:]) and cursor.fits(bases))
    require(cursor.take() == "):" and not cursor.fits(f"class {found.group(1)}({bases[4:]}):"))


def docstring_line(cursor: Cursor, pad: str) -> None:
    """A one-line docstring of a `def`, already stripped as black strips it."""
    line = cursor.take()
    require(line.startswith(pad + '"""') and line.endswith('"""') and len(line) >= len(pad) + 7)
    text = line[len(pad) + 3 : -3]
    require(text == text.strip() and not text.startswith('"') and not text.endswith('"') and '"""' not in text)


def return_statement(cursor: Cursor, pad: str) -> None:
    """`return expression` on one line; or a call too long for one, its arguments on a line of
    their own or one per line with a magic trailing comma. black first splits at the optional
    parentheses around the returned value, then prefers the call's own (the head is not an
    assignment, and with no delimiter outside the call the optional ones can go), and keeps
    that split when its first line fits."""
    line = cursor.take()
    require(line.startswith(pad + "return ") and line.isascii())
    value = line[len(pad) + 7 :]
    if not value.endswith("("):
        require(expression(value) and cursor.fits(line))
        return
    callee = value[:-1]
    require(re.fullmatch(_DOTTED, callee) is not None and cursor.fits(line))
    items, exploded = _body(cursor, pad, ")")
    require(cursor.take() == pad + ")")
    if exploded:
        require(all(map(expression, items)))
    else:
        require(arguments(items[0]) and not cursor.fits(f"{pad}return {callee}({items[0]})"))


def class_statement(cursor: Cursor, pad: str) -> None:
    """An assignment in a class body: on one line; split at a call; or as `_parenthesized` and
    `_split_annotation` say."""
    line = cursor.peek()
    require(line.startswith(pad) and line.isascii())
    found = _ASSIGNMENT.fullmatch(line[len(pad) :])
    if found is None:
        _split_annotation(cursor, pad)
        return
    name, annotation, value = found.groups()
    require(name not in _KEYWORDS and (annotation is None or expression(annotation)))
    cursor.take()
    if value == "(":
        _parenthesized(cursor, pad, line, name, annotation)
    elif _CALL_HEAD.fullmatch(value) and annotation is not None:
        # `name: annotation = call(` fits (black prefers the call's parentheses to the optional
        # ones around the right-hand side, which would hold the call on a line of its own)
        require(cursor.fits(line))
        items, exploded = _body(cursor, pad, ")")
        require(not exploded and cursor.take() == pad + ")" and arguments(items[0]))
        require(not cursor.fits(f"{line}{items[0]})"))
    else:
        require(expression(value))
        # one line that fits; or a lone string too long even on a line of its own, which black
        # cannot split (with an annotation the split would go into it)
        require(cursor.fits(line) or (annotation is None and atom(value) and not cursor.fits(f"{pad}    {value}")))


def _parenthesized(cursor: Cursor, pad: str, line: str, name: str, annotation: str | None) -> None:
    """`name = (` / what follows: items one per line with a magic trailing comma (a tuple: its
    parentheses are not optional); or the right-hand side alone, in the optional parentheses
    black adds when the statement does not fit, `name: annotation = (` does (with a call, only
    when `name: annotation = call(` does not), and nothing more can be split."""
    require(cursor.fits(line))
    items, exploded = _body(cursor, pad, ")")
    require(cursor.take() == pad + ")")
    if exploded:
        require(len(items) > 1 and all(map(expression, items)))  # `(x,)` is a one-tuple, not magic
        return
    value = items[0]
    require(cursor.fits(f"{pad}    {value}"))
    head = line[:-1]
    require(not cursor.fits(head + value))
    if atom(value):
        return
    callee = _CALL_HEAD.match(value)
    require(annotation is not None and callee is not None and _call(value))
    assert callee is not None
    require(not cursor.fits(head + callee.group(0)))


def _split_annotation(cursor: Cursor, pad: str) -> None:
    """`name: Outer[` / inner / `] = value`: the statement does not fit, nor does
    `name: annotation = (`, so black prefers splitting the annotation (it has no delimiter of
    its own, and its optional parentheses go) at its outer brackets. With a call for a value,
    black first tries the call's brackets, finds `name: annotation = call(` too long, and
    leaves the call whole (the rest of the line from the annotation on fits)."""
    line = cursor.take()
    found = _ANNOTATION_HEAD.fullmatch(line[len(pad) :])
    require(found is not None and cursor.fits(line) and found.group(1) not in _KEYWORDS)
    assert found is not None
    items, exploded = _body(cursor, pad, "]")
    end = cursor.take()
    require(not exploded and end.startswith(pad + "] = ") and cursor.fits(end))
    value = end[len(pad) + 4 :]
    annotation = f"{found.group(2)}[{items[0]}]"
    require(expression(annotation) and (atom(value) or _call(value)))
    require(not cursor.fits(f"{pad}{found.group(1)}: {annotation} = ("))


def _call(value: str) -> bool:
    """`callee(arguments)`, the callee a dotted name: one pair of brackets outside."""
    callee = _CALL_HEAD.match(value)
    return callee is not None and _closing(value, callee.end() - 1) == len(value) - 1 and expression(value)


def def_statement(cursor: Cursor, pad: str) -> bool:
    """A `def` line and its parameters, in a layout black keeps; True for an overload's
    `...`, which black keeps on the `def` line. black splits a `def` that does not fit, or
    has a magic trailing comma, from the left (at its parameters), unless its return
    annotation has the magic comma: then from the right, inside the annotation's brackets, and
    what comes before them from the left if it still does not fit or has a magic comma."""
    line = cursor.take()
    found = _DEF.match(line, len(pad))
    require(line.startswith(pad) and found is not None and line.isascii())
    assert found is not None
    name, rest = found.group(1), line[found.end() :]
    require(name not in _KEYWORDS)
    if rest:
        return _one_line_parameters(cursor, pad, line, found.end() - 1)
    require(cursor.fits(line))
    params, exploded = _body(cursor, pad, ")", "parameters")
    if exploded:
        require(all(_parameter(p) for p in params))  # a magic trailing comma (one param too)
    else:
        # the parameters on a line of their own when the `def` does not fit on one (a lone
        # parameter would get a trailing comma)
        found_params = parameters(params[0])
        require(found_params is not None and len(found_params or ()) > 1)
    returns, stub, magic = _tail(cursor, pad)
    if not exploded:
        before = returns[: returns.index("[") + 1] if magic else f"{returns}:{' ...' if stub else ''}"
        require(not cursor.fits(f"{pad}def {name}({params[0]}) -> {before}"))
    return stub


def _tail(cursor: Cursor, pad: str) -> tuple[str, bool, bool]:
    """`) -> Returns:` on one line; or, too long, split inside the annotation's outer brackets
    (black splits what remains after the parameters from the right: the optional parentheses
    around the annotation go, it having no delimiter of its own), what they hold on one line;
    or the annotation's items one per line with a magic trailing comma. The annotation,
    whether an overload's `...` follows, and whether the annotation has the magic comma."""
    line = cursor.take()
    require(line.startswith(pad + ") -> ") and cursor.fits(line))
    text = line[len(pad) + 5 :]
    if not text.endswith("["):
        stub = text.endswith(": ...")
        returns = text[:-5] if stub else text[:-1]
        require((stub or text.endswith(":")) and _returns(returns))
        return returns, stub, False
    require(re.fullmatch(_DOTTED + r"\[", text) is not None)
    items, exploded = _body(cursor, pad, "]", "items")
    end = cursor.take()
    require(end in (pad + "]:", pad + "]: ..."))
    stub = end.endswith("...")
    annotation = f"{text}{', '.join(items)}]"
    require(_returns(annotation))
    if exploded:
        require(len(items) > 1)  # `X[a,]` is a subscript, its comma not magic
    else:
        require(not cursor.fits(f"{pad}) -> {annotation}:{' ...' if stub else ''}"))
    return annotation, stub, exploded


def _returns(annotation: str) -> bool:
    return expression(annotation) and not annotation.startswith('"')


def _one_line_parameters(cursor: Cursor, pad: str, line: str, opening: int) -> bool:
    """`def name(params) -> Returns:` that fits; or the parameters fitting on the `def` line and
    the return annotation's outer brackets split, its items one per line with a magic trailing
    comma (black then splits the `def` from the right)."""
    close = _closing(line, opening)
    require(close > 0 and line[close : close + 5] == ") -> " and cursor.fits(line))
    require(parameters(line[opening + 1 : close]) is not None)
    text = line[close + 5 :]
    if text.endswith("["):
        require(re.fullmatch(_DOTTED + r"\[", text) is not None)
        items, exploded = _body(cursor, pad, "]", "items")
        end = cursor.take()
        require(exploded and len(items) > 1 and end in (pad + "]:", pad + "]: ..."))
        require(_returns(f"{text}{', '.join(items)}]"))
        return end.endswith("...")
    stub = text.endswith(": ...")
    returns = text[:-5] if stub else text[:-1]
    require((stub or text.endswith(":")) and _returns(returns))
    return stub
