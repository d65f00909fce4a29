"""The one escaper for document text that lands in generated source, and black-shaped layout."""

from __future__ import annotations

import re
import sys

# Bidi controls (Trojan Source), line/paragraph separators, and C0 controls other than \n and \t.
_UNSAFE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Text with line ends normalised and invisible or line-breaking controls removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub(" ", text)


def docstring(text: str) -> str:
    """Body of a triple-quoted docstring that cannot end the string early or escape anything."""
    text = clean(text).strip()
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text += " "
    return text or "(no description)"


def fix_multiline_docstring(docstring: str, prefix: str) -> str:
    """black's PEP 257 step for a docstring (`black.strings.fix_multiline_docstring`, kept here
    so that rendering does not import black; tests/test_layout.py checks the two agree): leading
    tabs expanded, the least indentation of the lines after the first replaced by `prefix`,
    trailing blanks removed."""
    lines = []
    for line in re.split(r"\r\n|\r|\n", docstring):
        stripped = line.lstrip()
        if not stripped or stripped == line:
            lines.append(line)
        else:
            lines.append(line[: len(line) - len(stripped)].expandtabs(4) + stripped)
    indent = sys.maxsize
    for line in lines[1:]:
        stripped = line.lstrip()
        if stripped:
            indent = min(indent, len(line) - len(stripped))
    trimmed = [lines[0].strip()]
    if indent < sys.maxsize:
        last = len(lines) - 2
        for i, line in enumerate(lines[1:]):
            kept = line[indent:].rstrip()
            trimmed.append(prefix + kept if kept or i == last else "")
    return "\n".join(trimmed)


def docblock(text: str, indent: int) -> str:
    """A whole class docstring, quotes included, as black leaves it at `indent`: continuation
    lines indented, trailing blanks gone, common indentation evened out (black's own PEP 257
    step), the closing quotes on a line of their own. `text` is already escaped (`docstring`)."""
    pad = " " * indent
    first, *rest = text.strip("\n").split("\n")
    body = "\n".join([first, *(pad + line if line.strip() else "" for line in rest)]) + "\n" + pad
    body = fix_multiline_docstring(body, pad)
    if body[:1] == '"':
        body = " " + body
    if body[-1:] == '"':
        body += " "
    return f'"""{body}"""'


def literal(value: object) -> str:
    """A Python literal as black writes it (double quotes where that needs no more escapes), so
    that black, which formats every file, has as little as possible to change."""
    if isinstance(value, str):
        text = repr(value)
        if text[0] == "'" and '"' not in value:
            return '"' + text[1:-1].replace("\\'", "'") + '"'
        return text
    if isinstance(value, tuple):
        items = ", ".join(literal(v) for v in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def statement(head: str, args: str, indent: int, width: int = 100) -> str:
    """`head(args)` laid out as black lays out a call that is too long: on one line if it fits,
    else the arguments on their own line, else one argument per line with a trailing comma."""
    pad = " " * indent
    if indent + len(head) + len(args) + 1 <= width:
        return f"{pad}{head}{args})"
    if indent + 4 + len(args) <= width:
        return f"{pad}{head}\n{pad}    {args}\n{pad})"
    return one_per_line(pad, head, split_arguments(args), ")")


def field_line(target: str, annotation: str, value: str, args: str | None, indent: int, width: int = 100) -> str:
    """`target: annotation = value`, or the call `target: annotation = value(args)`, as black
    writes it. When the line (for a call: up to `value(`) is too long, black puts the right-hand
    side in parentheses of its own; when even `target: annotation = (` is too long, it splits
    inside the annotation's outer brackets and lays out the rest, `] = value`, as a line of its
    own; and when not even `target: Outer[` fits, it wraps the annotation instead."""
    pad = " " * indent

    def rhs(prefix: str, at: int) -> str:
        """The right-hand side after `prefix`, on a line indented by `at`."""
        return f"{' ' * at}{prefix}{value}" if args is None else statement(f"{prefix}{value}(", args, at, width)

    head = f"{target}: {annotation} = "
    if indent + len(head) + len(value) + (args is not None) <= width:
        return rhs(head, indent)
    if indent + len(head) + 1 <= width:  # `target: annotation = (` fits
        return f"{pad}{head}(\n{rhs('', indent + 4)}\n{pad})"
    outer = annotation.find("[")
    if outer < 0 or not annotation.endswith("]"):
        return rhs(head, indent)
    if indent + len(target) + 2 + outer + 1 > width:  # not even `target: Outer[` fits
        last = rhs(") = ", indent) if args is not None else f"{pad}) = ({value})"  # sic: black's parentheses
        return f"{pad}{target}: (\n{pad}    {annotation}\n{last}"
    return f"{pad}{target}: {annotation[: outer + 1]}\n{pad}    {annotation[outer + 1 : -1]}\n{rhs('] = ', indent)}"


def split_arguments(args: str) -> list[str]:
    """Top-level comma-separated parts of an argument list (brackets and strings respected)."""
    parts, depth, start, quote = [], 0, 0, ""
    for i, ch in enumerate(args):
        if quote:
            if ch == quote and args[i - 1] != "\\":
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(args[start:i].strip())
            start = i + 1
    parts.append(args[start:].strip())
    return [p for p in parts if p]


def one_per_line(pad: str, head: str, items: list[str], close: str, comma: str = ",") -> str:
    """`head` / each item on its own line, indented by four / `close`: black's exploded layout."""
    return f"{pad}{head}\n" + "".join(f"{pad}    {item}{comma}\n" for item in items) + f"{pad}{close}"


def import_line(module: str, *names: str, indent: int = 0, width: int = 100) -> str:
    """`from module import a, b`; when too long, one name per line in parentheses with a trailing
    comma, as black wraps an import."""
    pad = " " * indent
    line = f"{pad}from {module} import {', '.join(names)}"
    if len(line) <= width:
        return line
    return one_per_line(pad, f"from {module} import (", list(names), ")")


def assignment(target: str, value: str, indent: int, width: int = 100) -> str:
    """`target = value`, with the value in parentheses on its own line when too long (black's
    right-hand split of an atom), unless it is too long there too: then black leaves the line."""
    pad = " " * indent
    line = f"{pad}{target} = {value}"
    if len(line) <= width or indent + 4 + len(value) > width:
        return line
    return f"{pad}{target} = (\n{pad}    {value}\n{pad})"


def sequence(target: str, items: list[str], indent: int, width: int = 100) -> str:
    """`target = (a, b, c)`, exploded one item per line with a trailing comma when too long."""
    pad = " " * indent
    line = f"{pad}{target} = ({', '.join(items)}{',' if len(items) == 1 else ''})"
    if len(line) <= width:
        return line
    return one_per_line(pad, f"{target} = (", items, ")")


def mapping(items: dict[str, str], target: str, indent: int = 0, width: int = 100) -> str:
    """`target = {k: v, ...}`, exploded one entry per line (a trailing comma after each when
    there are several) when too long, as black splits a dict display."""
    pad = " " * indent
    line = f"{pad}{target} = {literal(items)}"
    if len(line) <= width:
        return line
    entries = [f"{literal(k)}: {literal(v)}" for k, v in items.items()]
    return one_per_line(pad, f"{target} = {{", entries, "}", "," if len(entries) > 1 else "")


def class_line(name: str, base: str, width: int = 100) -> str:
    line = f"class {name}({base}):"
    return line if len(line) <= width else f"class {name}(\n    {base}\n):"


def def_line(name: str, params: list[str], returns: str, indent: int, width: int = 100, body: str = "") -> str:
    """`def name(params) -> returns:` as black lays it out: on one line if it fits; else, when
    what the return annotation's outer brackets hold fits on no line of its own and
    `def name(params) -> Outer[` fits, split inside those brackets only; else the parameters on
    a line of their own, or one per line with a trailing comma (a lone `self` too), then the
    return annotation's outer brackets split if `) -> returns:` is too long. `body`: what
    follows the colon on the same line (` ...` in an overload)."""
    pad = " " * indent
    joined = ", ".join(params)
    one = f"{pad}def {name}({joined}) -> {returns}:{body}"
    if len(one) <= width:
        return one
    close = f"{pad}) -> {returns}:{body}"
    outer = returns.find("[") if returns.endswith("]") else -1
    if len(close) > width and outer >= 0 and len(params) > 1 and indent + 4 + len(returns) - outer - 2 > width:
        head = f"{pad}def {name}({joined}) -> {returns[: outer + 1]}"
        if len(head) <= width:
            return f"{head}\n{inside(returns[outer + 1 : -1], indent + 4, width)}{pad}]:{body}"
    if len(params) > 1 and indent + 4 + len(joined) <= width:
        middle = f"{pad}def {name}(\n{pad}    {joined}\n"
    else:
        middle = f"{pad}def {name}(\n" + "".join(_parameter_line(pad + "    ", p, width) for p in params)
    if len(close) <= width or outer < 0:
        return middle + close
    return f"{middle}{pad}) -> {returns[: outer + 1]}\n{inside(returns[outer + 1 : -1], indent + 4, width)}{pad}]:{body}"


def inside(text: str, indent: int, width: int = 100) -> str:
    """What black writes inside brackets it splits: the text on a line of its own if it fits;
    else one item per line with a trailing comma, each item that is too long split at its own
    outer brackets the same way (a lone item gets no comma: `X[a,]` would be a tuple)."""
    pad = " " * indent
    if indent + len(text) <= width:
        return f"{pad}{text}\n"
    items = split_arguments(text)
    comma = "," if len(items) > 1 else ""
    lines = []
    for item in items:
        at = item.find("[") if item.endswith("]") else -1
        if indent + len(item) + len(comma) <= width or at < 0:
            lines.append(f"{pad}{item}{comma}\n")
        else:
            lines.append(f"{pad}{item[: at + 1]}\n{inside(item[at + 1 : -1], indent + 4, width)}{pad}]{comma}\n")
    return "".join(lines)


def _parameter_line(pad: str, param: str, width: int) -> str:
    """One parameter of an exploded `def`; black wraps an annotation that makes it too long."""
    line = f"{pad}{param},\n"
    name, colon, rest = param.partition(": ")
    annotation, equals, default = rest.rpartition(" = ")
    if len(line) - 1 <= width or not colon or not equals:
        return line
    return f"{pad}{name}: (\n{pad}    {annotation}\n{pad}) = {default},\n"
