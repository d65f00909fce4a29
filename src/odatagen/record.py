"""The API record: `.odatagen-api.json` in the output folder, a compact account of the public
API a run generated, which the next run compares with (`changes.py`).

One entry a line, sorted, keyed by what the wire calls things: types (class, module, base,
description, what create requires, the type it replaces and how), properties (attribute, wire
and Python type, nullability, description), enum members (name, number), docs builders (function, parameters, what sending
gives, permissions, clouds, title) and the client's calls (a builder's navigation, stream,
action or function; the service's sets, singletons and imports). Python types are written as
the generated code spells them; comparing them maps class names back to types, so a renamed
class is one change, not one per field that holds it.

A record of a whole Graph document has some 26,000 entries, and every run makes one, reads the
last one and compares them: an entry is made as its line, the last record is parsed against the
new one (a line both hold is not decoded), and each entry is decoded only when looked up.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .emit import is_graph
from .emit.client import Method, OperationView, views_of
from .emit.codecs import CodecTable
from .emit.views import builders
from .errors import OdatagenError
from .ir import EntityType, EnumMember, EnumType, Property, Replacement, Schema, TypeRef
from .linejson import dumps, join_lines, load_lines, string, text_field
from .lock import builder_key

RECORD = ".odatagen-api.json"
_FORMAT = "odatagen_api"
_KINDS = ("type", "property", "member", "builder", "call")
_OWNER = {"property": "of", "member": "of", "call": "on"}
"""The key of the entry's owner (its type; for a call, '' is `Service`)."""
_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")

Key = tuple[str, ...]
"""What an entry stands for: ("type", qualified name), ("property", type, wire name),
("member", enum, wire name), ("builder", builder_key), ("call", owner, wire signature). Its
last part is what the entry's own field names (`type`, `property`, ...)."""


class Entries(Mapping[Key, Mapping[str, Any]]):
    """A record's entries by key, each kept as its line and decoded when first looked up: two
    records are compared line by line first (`changes.py`), and only the entries whose lines
    differ are decoded. The class of a type entry is known without decoding it when the record
    was made from a schema (`classes`), or when its line is the one `like` holds for it."""

    __slots__ = ("lines", "_decoded", "_classes", "_like")

    def __init__(self, lines: dict[Key, str], classes: dict[Key, str] | None = None, like: Entries | None = None) -> None:
        self.lines = lines
        """Each entry's line, as the record file holds it (without the comma)."""
        self._decoded: dict[Key, Mapping[str, Any]] = {}
        self._classes = classes if classes is not None else {}
        self._like = like

    def __getitem__(self, key: Key) -> Mapping[str, Any]:
        entry = self._decoded.get(key)
        if entry is None:
            entry = self._decoded[key] = json.loads(self.lines[key])
        return entry

    def __contains__(self, key: object) -> bool:
        return key in self.lines

    def __iter__(self) -> Iterator[Key]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def class_of(self, key: Key) -> Any:
        """The `class` of a type entry."""
        known = self._classes.get(key)
        if known is not None:
            return known
        if self._like is not None and self._like.lines.get(key) == self.lines[key]:  # the same line: the same class
            return self._like.class_of(key)
        return self[key]["class"]


@dataclass(frozen=True, slots=True)
class Record:
    package: str
    version: str
    entries: Entries

    @property
    def lines(self) -> Mapping[Key, str]:
        return self.entries.lines

    def classes(self) -> dict[str, str]:
        """Class name -> qualified type name."""
        return {self.entries.class_of(key): key[1] for key in self.entries.lines if key[0] == "type"}

    def count(self, kind: str) -> int:
        return sum(1 for key in self.entries.lines if key[0] == kind)


def api_record(schema: Schema, package: str, version: str) -> Record:
    """The record of the API `schema` generates, each entry built as its line (what `dumps`
    writes for it, as `tests/test_history_fast_paths.py` checks)."""
    lines: dict[Key, str] = {}
    classes: dict[Key, str] = {}
    codecs = views_of(schema).codecs
    replaced = {r.new: r for r in schema.replacements}
    for entity in schema.entities:
        qualified = entity.qualified_name
        lines[("type", qualified)] = _entity(entity, qualified, replaced.get(qualified))
        classes[("type", qualified)] = entity.python_name
        of = string(qualified)
        for prop in entity.properties:
            lines[("property", qualified, prop.name)] = _property(prop, qualified, of, codecs)
    for enum in schema.enums:
        qualified = enum.qualified_name
        lines[("type", qualified)] = _enum(enum, qualified)
        classes[("type", qualified)] = enum.python_name
        of = string(qualified)
        for i, member in enumerate(enum.members):
            lines[("member", qualified, member.name)] = _member(member, member.value if member.value is not None else i, qualified, of)
    for b in builders(schema):
        key = builder_key(b.op)
        if ("builder", key) not in lines:  # the first builder of a key
            lines[("builder", key)] = dumps({
                "builder": key, "function": b.op.python_name, "entity": b.entity.qualified_name, "method": b.op.method,
                "path": b.op.path, "params": [*b.keys, *(["body"] if b.body else []), *(o for o, _ in b.options)],
                "returns": b.response, "clouds": sorted(b.op.clouds), "title": b.op.title,
                "permissions": {k: None if v is None else sorted(v) for k, v in b.op.permissions.as_dict().items()},
            })
    for call in _calls(schema, codecs):
        lines[("call", call["on"], call["call"])] = dumps(call)
    return Record(package, version, Entries(lines, classes))


def _bool(value: object) -> str:
    return "true" if value is True else "false" if value is False else dumps(value)


# The entries of types, properties and enum members are most of a record: they are written as
# text. `string` takes nothing but a string; anything else (TypeError) goes through `dumps`.


def _entity(entity: EntityType, qualified: str, replaces: Replacement | None) -> str:
    entry: dict[str, Any] = {
        "type": qualified, "class": entity.python_name, "module": f"models.{entity.module}",
        "kind": entity.kind, "base": entity.base_type, "description": entity.description,
        "required_on_create": sorted(entity.required_on_create),
    }
    if replaces is not None:  # `from_replaced`: the old type, and where each old property goes
        entry["replaces"] = {
            "type": replaces.old, "properties": {p.old: p.new for p in sorted(replaces.properties, key=lambda p: p.old)},
            "drop": sorted(replaces.dropped),
        }
    return dumps(entry)


def _enum(enum: EnumType, qualified: str) -> str:
    try:
        return (
            f'{{"type": {string(qualified)}, "class": {string(enum.python_name)}, "module": {string(f"enums.{enum.module}")}, '
            f'"kind": "enum", "flags": {_bool(enum.flags)}, "description": {string(enum.description)}}}'
        )
    except TypeError:
        return dumps({
            "type": qualified, "class": enum.python_name, "module": f"enums.{enum.module}",
            "kind": "enum", "flags": enum.flags, "description": enum.description,
        })


def _member(member: EnumMember, number: int, qualified: str, of: str) -> str:
    try:
        if number.__class__ is not int:
            raise TypeError(number)
        return (
            f'{{"member": {string(member.name)}, "of": {of}, "attr": {string(member.python_name)}, '
            f'"value": {number!r}, "description": {string(member.description)}}}'
        )
    except TypeError:
        return dumps({
            "member": member.name, "of": qualified, "attr": member.python_name, "value": number,
            "description": member.description,
        })


def _property(prop: Property, qualified: str, of: str, codecs: CodecTable) -> str:
    wire, py_type = wire_type(prop.type), codecs.py_type(prop)
    try:
        return (
            f'{{"property": {string(prop.name)}, "of": {of}, "attr": {string(prop.python_name)}, '
            f'"wire_type": {string(wire)}, "py_type": {string(py_type)}, "nullable": {_bool(prop.nullable)}, '
            f'"description": {string(prop.description)}}}'
        )
    except TypeError:
        return dumps({
            "property": prop.name, "of": qualified, "attr": prop.python_name, "wire_type": wire,
            "py_type": py_type, "nullable": prop.nullable, "description": prop.description,
        })


def wire_type(ref: TypeRef) -> str:
    return f"Collection({ref.name})" if ref.collection else ref.name


def _calls(schema: Schema, codecs: CodecTable) -> Iterator[dict[str, Any]]:
    """What the client's builders, collection classes (owner `type[]`) and `Service` (owner '')
    offer: one entry per attribute, and per overload of a method."""
    views = views_of(schema)
    for entity in schema.entities:
        if entity.kind != "entity":
            continue
        b = views.builder(entity)
        on = entity.qualified_name
        for nav in b.navigations:
            yield _call(on, nav.wire, nav.python_name, "navigation", nav.target.qualified_name + ("[]" if nav.many else ""))
        for attr, wire in b.streams:
            yield _call(on, wire, attr, "stream", "bytes")
        yield from _methods(on, b.operations)
        if b.collection is not None:
            yield from _methods(f"{on}[]", b.collection.operations)
    segments = is_graph(schema) or any(c.keys_as_segments for c in schema.containers)
    service = views.service(keys_as_segments=segments)
    for kind, members in (("entity_set", service.entity_sets), ("singleton", service.singletons)):
        for m in members:
            yield _call("", m.wire, m.python_name, kind, m.entity.qualified_name)
    yield from _methods("", service.operations)


def _methods(on: str, methods: Iterable[Method]) -> Iterator[dict[str, Any]]:
    for method in methods:
        for op in method.overloads:
            yield _operation(on, op, method.python_name)


def _call(on: str, wire: str, attr: str, kind: str, returns: str, params: Iterable[list[Any]] = ()) -> dict[str, Any]:
    return {"call": wire, "on": on, "attr": attr, "kind": kind, "params": list(params), "returns": returns}


def _operation(on: str, op: OperationView, attr: str) -> dict[str, Any]:
    signature = f"{op.wire}({','.join(p.wire for p in op.params)})"  # overloads differ by parameters
    params = [[p.python_name, p.annotation] for p in op.params]
    return _call(on, signature, attr, "action" if op.method == "POST" else "function", op.response, params)


def record_text(record: Record) -> str:
    header = {_FORMAT: 1, "package": record.package, "version": record.version}
    lines = record.entries.lines
    return join_lines(dumps(header), [lines[k] for k in sorted(lines, key=_place)])


def _place(key: Key) -> tuple[int, str, int, str]:
    """Where an entry goes: each type with its properties, members and calls after it, then the
    docs builders, then `Service`."""
    if key[0] == "builder":
        return (1, "", 0, key[1])
    if key[0] == "type":
        return (0, key[1], 0, "")
    if key[0] == "call" and not key[1]:
        return (2, "", 0, key[2])
    return (0, key[1], _KINDS.index(key[0]), key[2])


@dataclass(frozen=True, slots=True)
class RecordFile:
    """A record as read and not yet parsed: a run parses it against the record it has just
    made (`parse(like=...)`), so that a line the new record holds too is not decoded."""

    text: str
    display: str

    def parse(self, like: Record | None = None) -> Record:
        return parse_record(self.text, self.display, like)


def load_record(path: Path, display: str) -> RecordFile | None:
    """The record in an output folder; None when there is none (a first run: the baseline)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return RecordFile(text, display)


def parse_record(text: str, display: str, like: Record | None = None) -> Record:
    """The record a file holds. A line that `like` holds too (the same text) is that entry of
    `like`: one that decodes to an object, with the same key, so it is not decoded here (a line
    whose wire name is empty is always decoded, and refused)."""
    known = {line: key for key, line in like.entries.lines.items() if key[-1]} if like is not None else {}
    header, found = load_lines(text, display, _FORMAT, known.get)
    version = header.get("version")
    if not isinstance(version, str) or not _VERSION.match(version):
        raise OdatagenError.at(display, 2, f"the header's version must be MAJOR.MINOR.PATCH, not {version!r}")
    keys: list[Any] = list(found.values)  # the keys `like` answered, and decoded entries
    for i in found.decoded:
        keys[i] = _key(found.values[i], display, found.numbers[i])  # type: ignore[arg-type]  # a decoded entry
    lines = dict(zip(keys, found.bodies))  # as one by one: the last line of a key wins
    return Record(str(header.get("package", "")), version, Entries(lines, like=like.entries if like is not None else None))


def _key(entry: Mapping[str, Any], display: str, line: int) -> Key:
    kind = next((k for k in _KINDS if k in entry), None)
    if kind is None:
        raise OdatagenError.at(display, line, f"an entry names one of {', '.join(_KINDS)}")
    wire = text_field(entry, kind, display, line)
    owner = _OWNER.get(kind)
    return (kind, str(entry.get(owner, "")), wire) if owner else (kind, wire)


def parse_version(version: str) -> tuple[int, int, int] | None:
    match = _VERSION.match(version)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None
