"""Inheritance must be a tree: no BaseType cycle, keys name real properties. A property a type
redeclares though it inherits it (`id` in Graph beta, December 2019) is a quirk of real
metadata: the base type's is kept, with a warning (an error under `--strict`)."""

from __future__ import annotations

from dataclasses import replace

from ..errors import OdatagenError
from ..ir import Diagnostic, EntityType, Schema


def ancestors(entity: EntityType, by_name: dict[str, EntityType]) -> list[EntityType]:
    """Base types, nearest first (the schema has been checked for cycles)."""
    chain = []
    base = by_name.get(entity.base_type)
    while base is not None:
        chain.append(base)
        base = by_name.get(base.base_type)
    return chain


def check_inheritance(schema: Schema) -> Schema:
    by_name = {e.qualified_name: e for e in schema.entities}
    errors: list[Diagnostic] = []
    cycles: set[frozenset[str]] = set()
    for entity in schema.entities:
        seen = [entity.qualified_name]
        base = by_name.get(entity.base_type)
        while base is not None:
            if base.qualified_name in seen:
                members = seen[seen.index(base.qualified_name) :]
                if frozenset(members) not in cycles:  # each cycle once, from its first member
                    cycles.add(frozenset(members))
                    cycle = " -> ".join([*members, base.qualified_name])
                    errors.append(Diagnostic(by_name[members[0]].loc, f"BaseType cycle: {cycle}"))
                break
            seen.append(base.qualified_name)
            base = by_name.get(base.base_type)
    if errors:
        raise OdatagenError(errors)
    quirks: list[Diagnostic] = []
    kept: list[EntityType] = []
    for entity in schema.entities:
        chain = ancestors(entity, by_name)
        inherited = {p.name: base for base in chain for p in base.properties}
        own = []
        for prop in entity.properties:
            if prop.name in inherited:
                owner = inherited[prop.name].qualified_name
                message = f"{entity.name} declares {prop.name!r} again; it inherits it from {owner}, whose declaration is kept"
                quirks.append(Diagnostic(prop.loc, message, "warning", quirk=True))
            else:
                own.append(prop)
        names = {p.name for p in entity.properties} | set(inherited)
        key = entity.key or next((b.key for b in chain if b.key), ())
        for name in key:
            if name not in names:
                errors.append(Diagnostic(entity.loc, f"the Key of {entity.qualified_name} names {name!r}, which is no property of it"))
        kept.append(entity if len(own) == len(entity.properties) else replace(entity, properties=tuple(own)))
    if errors:
        raise OdatagenError(errors)
    return replace(schema, entities=tuple(kept), diagnostics=schema.diagnostics + tuple(quirks))
