"""The layout of odatagen's own committed records (the API record, the names lock): a JSON array
with one object per line, sorted, its keys in a fixed order, so that `git diff` shows one line per fact that changed and
every problem in a hand-edited file has a line to point at."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import OdatagenError


def dump_lines(header: Mapping[str, Any], entries: Iterable[Mapping[str, Any]]) -> str:
    lines = [_line(header), *(_line(e) for e in entries)]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def _line(entry: Mapping[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False)  # keys in the order the writer gives them


def load_lines(text: str, display: str, format_key: str) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    """The header (whose `format_key` is the format version, 1) and each entry with its line.
    Anything else is an error on its line: the file is odatagen's, in the layout it writes."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "[" or lines[-1].strip() != "]":
        raise OdatagenError.at(display, 1, "is not a file odatagen wrote (a JSON array, one object a line)")
    found: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(lines[1:-1], start=2):
        body = line.strip().removesuffix(",")
        if not body:
            continue
        try:
            value = json.loads(body)
        except ValueError as exc:
            raise OdatagenError.at(display, number, f"not a JSON object on one line: {exc}") from None
        if not isinstance(value, dict):
            raise OdatagenError.at(display, number, "each line must be one JSON object")
        found.append((number, value))
    if not found or found[0][1].get(format_key) != 1:
        raise OdatagenError.at(display, 2, f"the first line must be the header {{{format_key!r}: 1, ...}}")
    return found[0][1], found[1:]


def text_field(entry: Mapping[str, Any], key: str, display: str, line: int) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise OdatagenError.at(display, line, f"{key!r} must be a non-empty string")
    return value
