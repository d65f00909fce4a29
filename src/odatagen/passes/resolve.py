"""The one resolver: every type reference names a primitive, an enum, or an entity/complex type.

Type definitions resolve to their underlying primitive (their facets move onto the property).
A reference nothing defines is an error with the file and line it came from, except for two
quirks of real Graph metadata, each a warning (an error under `--strict`) with a defined outcome:
a type in a namespace no source declares (`microsoft.graph.callRecords.callRecord` in a document
without that schema) is `Edm.Untyped`, its values kept as JSON; a BaseType no source defines
leaves the type without a base.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import OdatagenError
from ..ir import EDM_PRIMITIVES, Diagnostic, Location, EntityType, Property, Schema, ServiceOperation, TypeRef, evolve

PRIMITIVE_NAMES = frozenset(EDM_PRIMITIVES)
_ABSTRACT = {"Edm.PrimitiveType", "Edm.Untyped", "Edm.ComplexType", "Edm.EntityType", "Edm.AnnotationPath",
             "Edm.PropertyPath", "Edm.NavigationPropertyPath", "Edm.Geography", "Edm.Geometry"}


def _retyped(r: TypeRef, name: str, is_enum: bool) -> TypeRef:
    """`r` naming `name`: the same object when nothing changes (a whole Graph document has tens of
    thousands of references)."""
    return r if r.name == name and r.is_enum == is_enum else evolve(r, name=name, is_enum=is_enum)


def resolve_types(schema: Schema) -> Schema:
    enums = {e.qualified_name.lower(): e.qualified_name for e in schema.enums}
    entities = {e.qualified_name.lower(): e for e in schema.entities}
    definitions = {t.qualified_name.lower(): t for t in schema.type_definitions}
    errors: list[Diagnostic] = []
    quirks: list[Diagnostic] = []
    declared = {"Edm", *schema.namespaces, *(e.namespace for e in schema.entities), *(e.namespace for e in schema.enums)}
    declared.update(t.namespace for t in schema.type_definitions)

    def ref(r: TypeRef, where: str, loc: Location) -> TypeRef:
        if r.name in PRIMITIVE_NAMES or r.name in _ABSTRACT or r.name.startswith(("Edm.Geography", "Edm.Geometry")):
            return _retyped(r, r.name, False)
        key = r.name.lower()
        if key in enums:
            return _retyped(r, enums[key], True)
        if key in entities:
            return _retyped(r, entities[key].qualified_name, False)
        if key in definitions:
            return _retyped(r, definitions[key].underlying, False)
        namespace = r.name.rpartition(".")[0]
        if namespace and namespace not in declared:
            message = f"{where} has type {r.name!r}, in namespace {namespace!r}, which no source declares; read as Edm.Untyped (JSON as is)"
            quirks.append(Diagnostic(loc, message, "warning", quirk=True))
            return replace(r, name="Edm.Untyped", is_enum=False)
        errors.append(Diagnostic(loc, f"{where} has type {r.name!r}, which no source defines"))
        return r

    def prop(p: Property) -> Property:
        if not p.type.name:
            errors.append(
                Diagnostic(
                    p.loc,
                    f"property {p.name!r} is an enumeration, but no page names its type; "
                    "name it in the overlay (types.<entity>.properties.<property>.type)",
                )
            )
            return p
        resolved = ref(p.type, f"property {p.name!r}", p.loc)
        definition = definitions.get(p.type.name.lower())
        if definition is not None:
            return evolve(
                p,
                type=resolved,
                max_length=p.max_length if p.max_length is not None else definition.max_length,
                precision=p.precision if p.precision is not None else definition.precision,
                scale=p.scale if p.scale is not None else definition.scale,
            )
        return p if resolved is p.type else evolve(p, type=resolved)

    def entity(e: EntityType) -> EntityType:
        base = e.base_type
        if base:
            found = entities.get(base.lower())
            if found is None:
                message = f"{e.qualified_name} has BaseType {base!r}, which no source defines; read without a base type"
                quirks.append(Diagnostic(e.loc, message, "warning", quirk=True))
                base = ""
            elif found.kind != e.kind:
                errors.append(Diagnostic(e.loc, f"{e.qualified_name} ({e.kind}) cannot derive from {base} ({found.kind})"))
            else:
                base = found.qualified_name
        return evolve(e, base_type=base, properties=tuple(prop(p) for p in e.properties))

    def operation(o: ServiceOperation) -> ServiceOperation:
        params = tuple(evolve(p, type=ref(p.type, f"parameter {p.name!r} of {o.name}", p.loc)) for p in o.parameters)
        returns = ref(o.return_type, f"the return type of {o.name}", o.loc) if o.return_type else None
        return evolve(o, parameters=params, return_type=returns)

    for op in schema.operations:  # a docs page's operation on a type no source defines has nothing to attach to
        if op.entity.lower() not in entities:
            what = f"{op.entity}, which no source defines" if op.entity else "a type the page does not name"
            errors.append(Diagnostic(op.loc, f"the page documents {op.kind} of {what}"))
    resolved = replace(
        schema,
        entities=tuple(entity(e) for e in schema.entities),
        service_operations=tuple(operation(o) for o in schema.service_operations),
    )
    if errors:
        raise OdatagenError(errors)
    return replace(resolved, diagnostics=resolved.diagnostics + tuple(quirks))
