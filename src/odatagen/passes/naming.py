"""Python names for everything, computed once: templates never derive a name themselves."""

from __future__ import annotations

from dataclasses import replace

from ..ir import EntityType, EnumType, Operation, Schema
from ..names import pascal, safe, snake, unique, upper

# Module names the package layout itself uses.
_PACKAGE_MODULES = ("operations", "models", "enums")


def name_everything(schema: Schema) -> Schema:
    classes = unique([safe(pascal(t.name), "Model") for t in (*schema.entities, *schema.enums)])
    modules = unique([*_PACKAGE_MODULES, *(safe(snake(t.name), "model") for t in (*schema.entities, *schema.enums))])
    modules = modules[len(_PACKAGE_MODULES) :]
    count = len(schema.entities)
    entities = tuple(
        _entity(e, classes[i], modules[i]) for i, e in enumerate(schema.entities)
    )
    enums = tuple(_enum(e, classes[count + i], modules[count + i]) for i, e in enumerate(schema.enums))
    operations = _operations(schema.operations)
    return replace(schema, entities=entities, enums=enums, operations=operations)


def _entity(entity: EntityType, python_name: str, module: str) -> EntityType:
    attrs = unique([safe(snake(p.name), "property") for p in entity.properties])
    props = tuple(replace(p, python_name=a) for p, a in zip(entity.properties, attrs, strict=True))
    return replace(entity, python_name=python_name, module=module, properties=props)


def _enum(enum: EnumType, python_name: str, module: str) -> EnumType:
    names = unique([safe(upper(m.name), "MEMBER") for m in enum.members])
    members = tuple(replace(m, python_name=n) for m, n in zip(enum.members, names, strict=True))
    return replace(enum, python_name=python_name, module=module, members=members)


def _operations(operations: tuple[Operation, ...]) -> tuple[Operation, ...]:
    names = []
    for op in operations:
        noun = snake(op.entity.rpartition(".")[2])
        names.append(safe(f"{op.kind}_{noun}{'s' if op.kind == 'list' else ''}"))
    return tuple(replace(op, python_name=n) for op, n in zip(operations, unique(names), strict=True))
