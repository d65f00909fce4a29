"""`--include`: the named types and the closure of what they reference."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..errors import OdatagenError
from ..ir import Diagnostic, Location, Schema, ServiceOperation
from ..suggest import did_you_mean, near_names


def select_types(schema: Schema, include: Sequence[str]) -> Schema:
    """Keep the named types (qualified, or short where unambiguous), their base types, and every
    type their properties (navigation properties included) name, transitively, and the type each
    replaces (its `from_replaced` takes one); the actions and functions bound to a kept type are
    kept, with the types of their parameters and results. Unbound ones, and those bound to a type
    left out, are left out."""
    if not include:
        return schema
    entities = {e.qualified_name: e for e in schema.entities}
    enums = {e.qualified_name: e for e in schema.enums}
    by_short: dict[str, list[str]] = {}
    for name in (*entities, *enums):
        by_short.setdefault(name.rpartition(".")[2].lower(), []).append(name)
    wanted: list[str] = []
    for name in include:
        if name in entities or name in enums:
            wanted.append(name)
            continue
        matches = by_short.get(name.rpartition(".")[2].lower(), [])
        if len(matches) == 1 and "." not in name:
            wanted.append(matches[0])
            continue
        if len(matches) > 1:
            message = f"{name!r} is ambiguous ({', '.join(matches)})"
        else:
            message = f"{name!r} names no type of the sources{did_you_mean(near_names(name, [*entities, *enums]))}"
        raise OdatagenError([Diagnostic(Location("--include", 0), message)])
    replaced = {r.new: r.old for r in schema.replacements}
    bound: dict[str, list[ServiceOperation]] = {}
    for op in schema.service_operations:
        if op.bound and op.parameters:
            bound.setdefault(op.parameters[0].type.name, []).append(op)
    keep: set[str] = set()
    todo = list(wanted)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        entity = entities.get(name)
        if entity is None:
            continue
        if entity.base_type:
            todo.append(entity.base_type)
        if name in replaced:
            todo.append(replaced[name])
        todo.extend(p.type.name for p in entity.properties if p.type.name in entities or p.type.name in enums)
        for op in bound.get(name, ()):
            refs = [p.type for p in op.parameters] + ([op.return_type] if op.return_type else [])
            todo.extend(r.name for r in refs if r.name in entities or r.name in enums)
    return replace(
        schema,
        entities=tuple(e for e in schema.entities if e.qualified_name in keep),
        enums=tuple(e for e in schema.enums if e.qualified_name in keep),
        operations=tuple(o for o in schema.operations if o.entity in keep),
        replacements=tuple(r for r in schema.replacements if r.new in keep),
        service_operations=tuple(
            o for o in schema.service_operations if o.bound and o.parameters and o.parameters[0].type.name in keep
        ),
    )
