"""The one escaper for document text that lands in generated source, and black-shaped layout."""

from __future__ import annotations

import re

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
    parts = split_arguments(args)
    inner = "".join(f"{pad}    {p},\n" for p in parts)
    return f"{pad}{head}\n{inner}{pad})"


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


def import_line(module: str, name: str, indent: int = 0, width: int = 100) -> str:
    """`from module import name`, wrapped in parentheses as black wraps it when too long."""
    pad = " " * indent
    line = f"{pad}from {module} import {name}"
    return line if len(line) <= width else f"{pad}from {module} import (\n{pad}    {name},\n{pad})"


def assignment(target: str, value: str, indent: int, width: int = 100) -> str:
    """`target = value`, with the value in parentheses on its own line when too long (black's
    right-hand split of an atom)."""
    pad = " " * indent
    line = f"{pad}{target} = {value}"
    return line if len(line) <= width else f"{pad}{target} = (\n{pad}    {value}\n{pad})"


def sequence(target: str, items: list[str], indent: int, width: int = 100) -> str:
    """`target = (a, b, c)`, exploded one item per line with a trailing comma when too long."""
    pad = " " * indent
    line = f"{pad}{target} = ({', '.join(items)}{',' if len(items) == 1 else ''})"
    if len(line) <= width:
        return line
    return f"{pad}{target} = (\n" + "".join(f"{pad}    {item},\n" for item in items) + f"{pad})"


def class_line(name: str, base: str, width: int = 100) -> str:
    line = f"class {name}({base}):"
    return line if len(line) <= width else f"class {name}(\n    {base}\n):"
