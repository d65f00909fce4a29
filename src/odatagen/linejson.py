"""The layout of odatagen's own committed records (the API record, the names lock): a JSON array
with one object per line, sorted, its keys in a fixed order, so that `git diff` shows one line per fact that changed and
every problem in a hand-edited file has a line to point at.

Both files are read and written on every run, and the API record of a whole Graph document has
some 26,000 lines: a line that a reader recognises without decoding (`load_lines`' `recognise`)
is taken as it is, and a writer may build a line as text (`string`) as long as it is exactly
what `dumps` writes for the same object."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .errors import OdatagenError

T = TypeVar("T")

string: Callable[[str], str] = json.encoder.encode_basestring
"""A string as `dumps` writes it (quoted, escaped, non-ASCII kept): what a line built as text uses."""


def _encoder() -> Callable[[Any], str]:
    """`json.dumps(value, ensure_ascii=False)`, without building an encoder on every call: the C
    encoder `json.dumps` itself uses, made once (json.dumps where there is none)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return lambda value: json.dumps(value, ensure_ascii=False)

    def refuse(value: object) -> object:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    encode = make(None, refuse, string, None, ": ", ", ", False, False, True)
    return lambda value: "".join(encode(value, 0))


dumps: Callable[[Any], str] = _encoder()
"""One line: `json.dumps(value, ensure_ascii=False)` (keys in the order the writer gives them)."""


def dump_lines(header: Mapping[str, Any], entries: Iterable[Mapping[str, Any]]) -> str:
    return join_lines(dumps(header), (dumps(e) for e in entries))


def join_lines(header: str, lines: Iterable[str]) -> str:
    """The file, from the header's line and each entry's, in order."""
    return "[\n" + ",\n".join([header, *lines]) + "\n]\n"


@dataclass(frozen=True, slots=True)
class Lines(Generic[T]):
    """The entry lines of a file, side by side (a run reads tens of thousands)."""

    numbers: Sequence[int]
    bodies: list[str]
    """Each line's text, without the comma."""
    values: list[dict[str, Any] | T]
    """Each line decoded, or what `recognise` answered for it."""
    decoded: list[int]
    """The indexes of the lines that were decoded, in order."""


def load_lines(
    text: str, display: str, format_key: str, recognise: Callable[[str], T | None] | None = None
) -> tuple[dict[str, Any], Lines[T]]:
    """The header (whose `format_key` is the format version, 1) and the entry lines. Anything
    else is an error on its line: the file is odatagen's, in the layout it writes. An entry line
    that `recognise` knows (it answers what stands for it) is not decoded: it must be one that
    certainly decodes to a JSON object."""
    lines = text.removesuffix("\n").split("\n")  # not splitlines: U+2028, U+0085 are text here (dumps keeps them)
    if not lines or lines[0].strip() != "[" or lines[-1].strip() != "]":
        raise OdatagenError.at(display, 1, "is not a file odatagen wrote (a JSON array, one object a line)")
    bodies = [line.strip().removesuffix(",") for line in lines[1:-1]]
    numbers: Sequence[int] = range(2, len(lines))
    if "" in bodies:  # blank lines are left out
        numbers = [n for n, body in zip(numbers, bodies) if body]
        bodies = [body for body in bodies if body]
    values: list[dict[str, Any] | T | None] = [None] * len(bodies)
    if recognise is not None and bodies:
        values[1:] = map(recognise, bodies[1:])  # the header is always decoded
    decoded = [i for i, value in enumerate(values) if value is None]
    for i in decoded:
        values[i] = _decoded(bodies[i], display, numbers[i])
    header = values[0] if values else None
    if not isinstance(header, dict) or header.get(format_key) != 1:
        raise OdatagenError.at(display, 2, f"the first line must be the header {{{format_key!r}: 1, ...}}")
    entries: list[dict[str, Any] | T] = values[1:]  # type: ignore[assignment]  # none is None now
    return header, Lines(numbers[1:], bodies[1:], entries, [i - 1 for i in decoded[1:]])


def _decoded(body: str, display: str, number: int) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except ValueError as exc:
        raise OdatagenError.at(display, number, f"not a JSON object on one line: {exc}") from None
    if not isinstance(value, dict):
        raise OdatagenError.at(display, number, "each line must be one JSON object")
    return value


def text_field(entry: Mapping[str, Any], key: str, display: str, line: int) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise OdatagenError.at(display, line, f"{key!r} must be a non-empty string")
    return value
