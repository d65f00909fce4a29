"""Stable public names: `.odatagen-names.lock` in the output folder.

A class (and its module), a field, an enum member or a docs builder keeps the Python name it was
given while the wire name it stands for exists: the naming pass gives every locked name back
first, and only then names what is new, so a new name that would collide with an old one gets
the suffix (`UserPfxIntendedPurpose_2`), never the old one. Editing a name in the lock renames
it (the changelog reports the rename); an entry whose wire name is gone is dropped on the next
run.
"""

from __future__ import annotations

import functools
import keyword
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TypeVar

from .errors import OdatagenError
from .ir import EntityType, EnumType, Operation, Schema
from .linejson import dumps, join_lines, load_lines, string, text_field
from .names import safe

LOCK = ".odatagen-names.lock"
_FORMAT = "odatagen_names"
_NOTE = "Python names kept while their wire names exist; edit a name to rename it (the changelog says so)"

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class NameLock:
    classes: Mapping[str, str] = field(default_factory=dict)
    """Qualified type name -> class name."""
    modules: Mapping[str, str] = field(default_factory=dict)
    """Qualified type name -> module name (in `models/` or `enums/`)."""
    fields: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(qualified type name, wire property name) -> attribute."""
    members: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(qualified enum name, wire member name) -> member name."""
    builders: Mapping[str, str] = field(default_factory=dict)
    """`builder_key` of a docs operation -> its function in `operations`."""


def builder_key(op: Operation) -> str:
    """What a docs builder stands for: its kind and path (placeholder names left out, since the
    pages rename them: `{id}`, `{userPfxCertificateId}`)."""
    return f"{op.kind} {re.sub(r'{[^}]*}', '{}', op.path)}"


def assign(
    wanted: Sequence[tuple[K, str]] | Sequence[K],
    locked: Mapping[K, str],
    taken: Iterable[str] = (),
    avoid: Iterable[str] = (),
    make: Callable[[K], str] | None = None,
) -> list[str]:
    """A distinct name for each (key, wanted name), in order. A key with a locked name keeps it
    (if two claim one name, the first); the others get their wanted name, or `name_2`, ..., clear
    of `taken`, of every name kept, and of `avoid` (names locked elsewhere that they must not
    take). With nothing locked this is `names.unique`. With `make`, `wanted` holds the keys
    alone and `make(key)` is the wanted name, asked only for a key the lock does not name (a
    warm run with all of Graph locked derives none)."""
    keys: list[K] = list(wanted) if make is not None else [k for k, _ in wanted]  # type: ignore[arg-type,misc]
    used = set(taken)
    out: list[str | None] = [None] * len(keys)
    for i, key in enumerate(keys):
        name = locked.get(key)
        if name is not None and name not in used:
            out[i] = name
            used.add(name)
    used.update(avoid)
    for i, key in enumerate(keys):
        if out[i] is None:
            name = make(key) if make is not None else wanted[i][1]  # type: ignore[index]
            candidate, n = name, 1
            while candidate in used:
                n += 1
                candidate = f"{name}_{n}"
            used.add(candidate)
            out[i] = candidate
    return [name for name in out if name is not None]


def lock_text(schema: Schema) -> str:
    """The lock for a named schema: every name it gives, sorted by type and wire name. Each line
    is built as text, as `dumps` writes it: every value is a string (`string` refuses others)."""
    rows: list[tuple[tuple[str, int, str], str]] = []
    types: tuple[EntityType | EnumType, ...] = (*schema.entities, *schema.enums)
    for t in types:
        qualified = t.qualified_name
        line = f'{{"class": {string(qualified)}, "name": {string(t.python_name)}, "module": {string(t.module)}}}'
        rows.append(((qualified, 0, ""), line))
    for e in schema.entities:
        qualified, of = e.qualified_name, string(e.qualified_name)
        rows += [
            ((qualified, 1, p.name), f'{{"field": {string(p.name)}, "of": {of}, "name": {string(p.python_name)}}}')
            for p in e.properties
        ]
    for enum in schema.enums:
        qualified, of = enum.qualified_name, string(enum.qualified_name)
        rows += [
            ((qualified, 2, m.name), f'{{"member": {string(m.name)}, "of": {of}, "name": {string(m.python_name)}}}')
            for m in enum.members
        ]
    rows.sort(key=itemgetter(0))  # stable: of two alike, the first above
    ops = {builder_key(op): op.python_name for op in reversed(schema.operations)}  # the first of a key
    lines = [line for _, line in rows]
    lines += [f'{{"builder": {string(key)}, "name": {string(ops[key])}}}' for key in sorted(ops)]
    return join_lines(dumps({_FORMAT: 1, "note": _NOTE}), lines)


def load_lock(path: Path, display: str) -> NameLock:
    """The lock in the output folder; an empty one when there is none (a first run)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return NameLock()
    return parse_lock(text, display)


_TEXT = r'"([^"\\\x00-\x1f]+)"'
"""A JSON string with nothing escaped in it (no quote, backslash or control character), which
decodes to just what it holds: one that is not empty."""
_PLAIN = re.compile(
    rf'\{{"class": {_TEXT}, "name": {_TEXT}, "module": {_TEXT}\}}'
    rf'|\{{"(field|member)": {_TEXT}, "of": {_TEXT}, "name": {_TEXT}\}}'
    rf'|\{{"builder": {_TEXT}, "name": {_TEXT}\}}'
)
"""A line as `lock_text` writes it with nothing escaped: it is read without `json.loads`, its
strings (the groups) being just what decoding it would give."""


def parse_lock(text: str, display: str) -> NameLock:
    _, entries = load_lines(text, display, _FORMAT, _PLAIN.fullmatch)
    classes: dict[str, str] = {}
    modules: dict[str, str] = {}
    fields: dict[tuple[str, str], str] = {}
    members: dict[tuple[str, str], str] = {}
    builders: dict[str, str] = {}
    for line, entry in zip(entries.numbers, entries.values):
        if isinstance(entry, re.Match):  # as below, its strings known to be there
            qualified, name, module, kind, wire, of, attr, builder, function = entry.groups()
            if qualified is not None:
                classes[qualified] = _checked(name, display, line)
                modules[qualified] = _checked(module, display, line)
            elif kind is not None:
                (fields if kind == "field" else members)[(of, wire)] = _checked(attr, display, line)
            else:
                builders[builder] = _checked(function, display, line)
            continue
        name = _python_name(entry, display, line)
        if "class" in entry:
            qualified = text_field(entry, "class", display, line)
            classes[qualified] = name
            modules[qualified] = _python_name(entry, display, line, "module")
        elif "field" in entry or "member" in entry:
            kind = "field" if "field" in entry else "member"
            key = (text_field(entry, "of", display, line), text_field(entry, kind, display, line))
            (fields if kind == "field" else members)[key] = name
        elif "builder" in entry:
            builders[text_field(entry, "builder", display, line)] = name
        else:
            raise OdatagenError.at(display, line, "an entry names a class, field, member or builder")
    return NameLock(classes, modules, fields, members, builders)


def _python_name(entry: Mapping[str, object], display: str, line: int, key: str = "name") -> str:
    return _checked(text_field(entry, key, display, line), display, line)


def _checked(name: str, display: str, line: int) -> str:
    if not _usable(name):
        raise OdatagenError.at(display, line, f"{name!r} cannot be a generated Python name (a reserved word, a builtin or no identifier)")
    return name


@functools.lru_cache(maxsize=None)  # a lock repeats its field names thousands of times
def _usable(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and safe(name) == name
