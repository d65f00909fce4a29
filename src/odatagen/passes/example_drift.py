"""The docs' own examples, checked against the merged types: values that are no enum member,
properties the type does not have. Warnings (drift), each at the line of the example it is on."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from ..ir import Diagnostic, EntityType, HttpExample, Location, Property, Schema
from .inheritance import ancestors


def example_drift(schema: Schema) -> Schema:
    by_name = {e.qualified_name: e for e in schema.entities}
    enums = {e.qualified_name: {m.name for m in e.members} for e in schema.enums}
    found: list[Diagnostic] = []
    for op in schema.operations:
        entity = by_name.get(op.entity)
        if entity is None:
            continue
        props = {p.name: p for e in (entity, *ancestors(entity, by_name)) for p in e.properties}
        for example in op.examples:
            for item in _objects(example):
                found.extend(_check(item, example, entity, props, enums))
    return replace(schema, diagnostics=schema.diagnostics + tuple(found))


def _objects(example: HttpExample) -> list[dict[str, Any]]:
    body = json.loads(example.body) if example.body else None
    if isinstance(body, dict) and "value" in body:
        body = body["value"]
    items = body if isinstance(body, list) else [body]
    return [i for i in items if isinstance(i, dict)]


def _check(
    item: dict[str, Any], example: HttpExample, entity: EntityType, props: dict[str, Property], enums: dict[str, set[str]]
) -> list[Diagnostic]:
    out = []
    for key, value in item.items():
        if key.startswith("@") or "@" in key:
            continue
        where = _line_of(example, key)
        prop = props.get(key)
        if prop is None:
            out.append(Diagnostic(where, f"the example sends {key!r}, which {entity.name} does not have", "warning", entity.loc))
        elif prop.type.is_enum and isinstance(value, str) and value not in enums.get(prop.type.name, {value}):
            members = sorted(enums[prop.type.name])
            out.append(
                Diagnostic(where, f"the example sends {key}: {value!r}, which is no member of {prop.type.name} {members}", "warning", prop.loc)
            )
    return out


def _line_of(example: HttpExample, key: str) -> Location:
    start = example.body_loc or example.loc
    pattern = re.compile(rf'"{re.escape(key)}"\s*:')
    for offset, line in enumerate((example.body or "").split("\n")):
        if pattern.search(line):
            return Location(start.file, start.line + offset)
    return start
