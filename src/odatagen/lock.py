"""Stable public names: `.odatagen-names.lock` in the output folder.

A class (and its module), a field, an enum member or a docs builder keeps the Python name it was
given while the wire name it stands for exists: the naming pass gives every locked name back
first, and only then names what is new, so a new name that would collide with an old one gets
the suffix (`UserPfxIntendedPurpose_2`), never the old one. Editing a name in the lock renames
it (the changelog reports the rename); an entry whose wire name is gone is dropped on the next
run.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .errors import OdatagenError
from .ir import EntityType, EnumType, Operation, Schema
from .linejson import dump_lines, load_lines, text_field
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
    keys: list[K] = list(wanted) if make is not None else [k for k, _ in wanted]  # type: ignore[misc]
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
    """The lock for a named schema: every name it gives, sorted by type and wire name."""
    rows: list[tuple[tuple[int, str, int, str], dict[str, str]]] = []
    types: tuple[EntityType | EnumType, ...] = (*schema.entities, *schema.enums)
    for t in types:
        rows.append(((0, t.qualified_name, 0, ""), {"class": t.qualified_name, "name": t.python_name, "module": t.module}))
    for e in schema.entities:
        rows += [((0, e.qualified_name, 1, p.name), {"field": p.name, "of": e.qualified_name, "name": p.python_name}) for p in e.properties]
    for enum in schema.enums:
        rows += [((0, enum.qualified_name, 2, m.name), {"member": m.name, "of": enum.qualified_name, "name": m.python_name}) for m in enum.members]
    ops = {builder_key(op): op.python_name for op in reversed(schema.operations)}  # the first of a key
    rows += [((1, "", 0, key), {"builder": key, "name": name}) for key, name in ops.items()]
    return dump_lines({_FORMAT: 1, "note": _NOTE}, (entry for _, entry in sorted(rows, key=lambda r: r[0])))


def load_lock(path: Path, display: str) -> NameLock:
    """The lock in the output folder; an empty one when there is none (a first run)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return NameLock()
    return parse_lock(text, display)


def parse_lock(text: str, display: str) -> NameLock:
    _, entries = load_lines(text, display, _FORMAT)
    classes: dict[str, str] = {}
    modules: dict[str, str] = {}
    fields: dict[tuple[str, str], str] = {}
    members: dict[tuple[str, str], str] = {}
    builders: dict[str, str] = {}
    for line, entry in entries:
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
    name = text_field(entry, key, display, line)
    if not name.isidentifier() or keyword.iskeyword(name) or safe(name) != name:
        raise OdatagenError.at(display, line, f"{name!r} cannot be a generated Python name (a reserved word, a builtin or no identifier)")
    return name
