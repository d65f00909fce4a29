"""The API record: `.odatagen-api.json` in the output folder, a compact account of the public
API a run generated, which the next run compares with (`changes.py`).

One entry a line, sorted, keyed by what the wire calls things: types (class, module, base,
description, what create requires, the type it replaces and how), properties (attribute, wire
and Python type, nullability, description), enum members (name, number), docs builders (function, parameters, what sending
gives, permissions, clouds, title) and the client's calls (a builder's navigation, stream,
action or function; the service's sets, singletons and imports). Python types are written as
the generated code spells them; comparing them maps class names back to types, so a renamed
class is one change, not one per field that holds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .emit import is_graph
from .emit.client import ClientViews, Method, OperationView
from .emit.codecs import CodecTable
from .emit.views import builders
from .errors import OdatagenError
from .ir import EntityType, EnumType, Property, Replacement, Schema, TypeRef
from .linejson import dump_lines, load_lines, text_field
from .lock import builder_key

RECORD = ".odatagen-api.json"
_FORMAT = "odatagen_api"
_KINDS = ("type", "property", "member", "builder", "call")
_OWNER = {"property": "of", "member": "of", "call": "on"}
"""The key of the entry's owner (its type; for a call, '' is `Service`)."""
_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")

Key = tuple[str, ...]
"""What an entry stands for: ("type", qualified name), ("property", type, wire name),
("member", enum, wire name), ("builder", builder_key), ("call", owner, wire signature)."""


@dataclass(frozen=True, slots=True)
class Record:
    package: str
    version: str
    entries: Mapping[Key, Mapping[str, Any]]

    def classes(self) -> dict[str, str]:
        """Class name -> qualified type name."""
        return {e["class"]: key[1] for key, e in self.entries.items() if key[0] == "type"}

    def count(self, kind: str) -> int:
        return sum(1 for key in self.entries if key[0] == kind)


def api_record(schema: Schema, package: str, version: str) -> Record:
    entries: dict[Key, dict[str, Any]] = {}
    codecs = CodecTable(schema)
    replaced = {r.new: r for r in schema.replacements}
    for entity in schema.entities:
        entries[("type", entity.qualified_name)] = _entity(entity, replaced.get(entity.qualified_name))
        for prop in entity.properties:
            entries[("property", entity.qualified_name, prop.name)] = _property(prop, entity, codecs)
    for enum in schema.enums:
        entries[("type", enum.qualified_name)] = _enum(enum)
        numbers = [m.value if m.value is not None else i for i, m in enumerate(enum.members)]
        for member, number in zip(enum.members, numbers, strict=True):
            entries[("member", enum.qualified_name, member.name)] = {
                "member": member.name, "of": enum.qualified_name, "attr": member.python_name,
                "value": number, "description": member.description,
            }
    for b in builders(schema):
        key = builder_key(b.op)
        entries.setdefault(("builder", key), {
            "builder": key, "function": b.op.python_name, "entity": b.entity.qualified_name, "method": b.op.method,
            "path": b.op.path, "params": [*b.keys, *(["body"] if b.body else []), *(o for o, _ in b.options)],
            "returns": b.response, "clouds": sorted(b.op.clouds), "title": b.op.title,
            "permissions": {k: None if v is None else sorted(v) for k, v in b.op.permissions.as_dict().items()},
        })
    for call in _calls(schema, codecs):
        entries[("call", call["on"], call["call"])] = call
    return Record(package, version, entries)


def _entity(entity: EntityType, replaces: Replacement | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "type": entity.qualified_name, "class": entity.python_name, "module": f"models.{entity.module}",
        "kind": entity.kind, "base": entity.base_type, "description": entity.description,
        "required_on_create": sorted(entity.required_on_create),
    }
    if replaces is not None:  # `from_replaced`: the old type, and where each old property goes
        entry["replaces"] = {
            "type": replaces.old, "properties": {p.old: p.new for p in sorted(replaces.properties, key=lambda p: p.old)},
            "drop": sorted(replaces.dropped),
        }
    return entry


def _enum(enum: EnumType) -> dict[str, Any]:
    return {
        "type": enum.qualified_name, "class": enum.python_name, "module": f"enums.{enum.module}",
        "kind": "enum", "flags": enum.flags, "description": enum.description,
    }


def _property(prop: Property, entity: EntityType, codecs: CodecTable) -> dict[str, Any]:
    return {
        "property": prop.name, "of": entity.qualified_name, "attr": prop.python_name, "wire_type": wire_type(prop.type),
        "py_type": codecs.py_type(prop), "nullable": prop.nullable, "description": prop.description,
    }


def wire_type(ref: TypeRef) -> str:
    return f"Collection({ref.name})" if ref.collection else ref.name


def _calls(schema: Schema, codecs: CodecTable) -> Iterator[dict[str, Any]]:
    """What the client's builders, collection classes (owner `type[]`) and `Service` (owner '')
    offer: one entry per attribute, and per overload of a method."""
    views = ClientViews(schema, codecs)
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
    return dump_lines(header, (record.entries[k] for k in sorted(record.entries, key=_place)))


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


def load_record(path: Path, display: str) -> Record | None:
    """The record in an output folder; None when there is none (a first run: the baseline)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return parse_record(text, display)


def parse_record(text: str, display: str) -> Record:
    header, lines = load_lines(text, display, _FORMAT)
    version = header.get("version")
    if not isinstance(version, str) or not _VERSION.match(version):
        raise OdatagenError.at(display, 2, f"the header's version must be MAJOR.MINOR.PATCH, not {version!r}")
    entries: dict[Key, Mapping[str, Any]] = {}
    for line, entry in lines:
        kind = next((k for k in _KINDS if k in entry), None)
        if kind is None:
            raise OdatagenError.at(display, line, f"an entry names one of {', '.join(_KINDS)}")
        wire = text_field(entry, kind, display, line)
        owner = _OWNER.get(kind)
        entries[(kind, str(entry.get(owner, "")), wire) if owner else (kind, wire)] = entry
    return Record(str(header.get("package", "")), version, entries)


def parse_version(version: str) -> tuple[int, int, int] | None:
    match = _VERSION.match(version)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None
