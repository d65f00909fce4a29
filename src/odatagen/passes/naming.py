"""Python names for everything, computed once: templates never derive a name themselves."""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import OdatagenError
from ..ir import Diagnostic, EntityType, EnumType, Operation, Schema
from ..names import pascal, safe, snake, unique, upper
from .inheritance import ancestors

# Module names the package layout itself uses.
_PACKAGE_MODULES = ("operations", "models", "enums")


_NO_IDENTIFIER = re.compile(r'[\s"\\]')
"""What an OData identifier never has, and the package's type table (`_registry`) could not hold."""


def name_everything(schema: Schema) -> Schema:
    errors = [
        Diagnostic(t.loc, f"the type name {t.qualified_name!r} is no OData identifier: it has a space, a quote or a backslash")
        for t in (*schema.entities, *schema.enums)
        if _NO_IDENTIFIER.search(t.qualified_name)
    ]
    if errors:
        raise OdatagenError(errors)
    classes = unique([safe(pascal(t.name), "Model") for t in (*schema.entities, *schema.enums)])
    modules = unique([*_PACKAGE_MODULES, *(safe(snake(t.name), "model") for t in (*schema.entities, *schema.enums))])
    modules = modules[len(_PACKAGE_MODULES) :]
    count = len(schema.entities)
    by_name = {e.qualified_name: e for e in schema.entities}
    named: dict[str, EntityType] = {}
    for i in sorted(range(count), key=lambda i: len(ancestors(schema.entities[i], by_name))):
        entity = schema.entities[i]
        taken = {p.python_name for base in ancestors(entity, by_name) for p in named[base.qualified_name].properties}
        named[entity.qualified_name] = _entity(entity, classes[i], modules[i], taken)
    entities = tuple(named[e.qualified_name] for e in schema.entities)
    enums = tuple(_enum(e, classes[count + i], modules[count + i]) for i, e in enumerate(schema.enums))
    operations = _operations(schema.operations)
    return replace(schema, entities=entities, enums=enums, operations=operations)


def _entity(entity: EntityType, python_name: str, module: str, taken: set[str]) -> EntityType:
    """Attribute names, distinct from each other and from every inherited attribute."""
    attrs = unique([*sorted(taken), *(safe(snake(p.name), "property") for p in entity.properties)])[len(taken) :]
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
