"""The one resolver: every type reference names a primitive, an enum or an entity."""

from __future__ import annotations

from dataclasses import replace

from ..errors import OdatagenError
from ..ir import EDM_PRIMITIVES, Diagnostic, EntityType, Property, Schema

PRIMITIVE_NAMES = frozenset(EDM_PRIMITIVES)


def resolve_types(schema: Schema) -> Schema:
    enums = {e.qualified_name.lower(): e.qualified_name for e in schema.enums}
    entities = {e.qualified_name.lower(): e.qualified_name for e in schema.entities}
    errors: list[Diagnostic] = []

    def resolve(prop: Property) -> Property:
        ref = prop.type
        if not ref.name:
            errors.append(
                Diagnostic(
                    prop.loc,
                    f"property {prop.name!r} is an enumeration, but no page names its type; "
                    "name it in the overlay (types.<entity>.properties.<property>.type)",
                )
            )
            return prop
        if ref.name in PRIMITIVE_NAMES:
            return replace(prop, type=replace(ref, is_enum=False))
        key = ref.name.lower()
        if key in enums:
            return replace(prop, type=replace(ref, name=enums[key], is_enum=True))
        if key in entities:
            return replace(prop, type=replace(ref, name=entities[key], is_enum=False))
        errors.append(Diagnostic(prop.loc, f"property {prop.name!r} has type {ref.name!r}, which no source defines"))
        return prop

    def entity(e: EntityType) -> EntityType:
        return replace(e, properties=tuple(resolve(p) for p in e.properties))

    resolved = replace(schema, entities=tuple(entity(e) for e in schema.entities))
    if errors:
        raise OdatagenError(errors)
    return resolved
