"""Python names for everything, computed once: templates never derive a name themselves.

Names in the lock (`lock.py`) are given back first, so what was named before keeps its name
and a newcomer that would collide takes the suffix."""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import OdatagenError
from ..ir import Diagnostic, EntityType, EnumType, Operation, Schema, evolve
from ..lock import NameLock, assign, builder_key
from ..names import pascal, safe, snake, upper
from .inheritance import ancestors

# Module names the package layout itself uses.
_PACKAGE_MODULES = ("operations", "models", "enums")


_NO_IDENTIFIER = re.compile(r'[\s"\\]')
"""What an OData identifier never has, and the package's type table (`_registry`) could not hold."""


def name_everything(schema: Schema, lock: NameLock = NameLock()) -> Schema:
    types: tuple[EntityType | EnumType, ...] = (*schema.entities, *schema.enums)
    errors = [
        Diagnostic(t.loc, f"the type name {t.qualified_name!r} is no OData identifier: it has a space, a quote or a backslash")
        for t in types
        if _NO_IDENTIFIER.search(t.qualified_name)
    ]
    if errors:
        raise OdatagenError(errors)
    short = {t.qualified_name: t.name for t in types}
    qualified = [t.qualified_name for t in types]
    classes = assign(qualified, lock.classes, make=lambda q: safe(pascal(short[q]), "Model"))
    modules = assign(qualified, lock.modules, _PACKAGE_MODULES, make=lambda q: safe(snake(short[q]), "model"))
    count = len(schema.entities)
    by_name = {e.qualified_name: e for e in schema.entities}
    below = _locked_below(schema.entities, by_name, lock)
    named: dict[str, EntityType] = {}
    for i in sorted(range(count), key=lambda i: len(ancestors(schema.entities[i], by_name))):
        entity = schema.entities[i]
        taken = {p.python_name for base in ancestors(entity, by_name) for p in named[base.qualified_name].properties}
        named[entity.qualified_name] = _entity(entity, classes[i], modules[i], taken, lock, below.get(entity.qualified_name, set()))
    entities = tuple(named[e.qualified_name] for e in schema.entities)
    enums = tuple(_enum(e, classes[count + i], modules[count + i], lock) for i, e in enumerate(schema.enums))
    operations = _operations(schema.operations, lock)
    return replace(schema, entities=entities, enums=enums, operations=operations)


def _locked_below(entities: tuple[EntityType, ...], by_name: dict[str, EntityType], lock: NameLock) -> dict[str, set[str]]:
    """For each type, the attributes its derived types hold in the lock: a new attribute of the
    base must not take one (the derived type would lose its name)."""
    below: dict[str, set[str]] = {}
    for entity in entities:
        names = {lock.fields[k] for p in entity.properties if (k := (entity.qualified_name, p.name)) in lock.fields}
        for base in ancestors(entity, by_name):
            below.setdefault(base.qualified_name, set()).update(names)
    return below


def _entity(entity: EntityType, python_name: str, module: str, taken: set[str], lock: NameLock, avoid: set[str]) -> EntityType:
    """Attribute names, distinct from each other and from every inherited attribute."""
    keys = [(entity.qualified_name, p.name) for p in entity.properties]
    attrs = assign(keys, lock.fields, taken, avoid, make=_attribute)
    props = tuple(evolve(p, python_name=a) for p, a in zip(entity.properties, attrs, strict=True))
    return evolve(entity, python_name=python_name, module=module, properties=props)


def _attribute(key: tuple[str, str]) -> str:
    return safe(snake(key[1]), "property")


def _member(key: tuple[str, str]) -> str:
    return safe(upper(key[1]), "MEMBER")


def _enum(enum: EnumType, python_name: str, module: str, lock: NameLock) -> EnumType:
    names = assign([(enum.qualified_name, m.name) for m in enum.members], lock.members, make=_member)
    members = tuple(evolve(m, python_name=n) for m, n in zip(enum.members, names, strict=True))
    return replace(enum, python_name=python_name, module=module, members=members)


def _operations(operations: tuple[Operation, ...], lock: NameLock) -> tuple[Operation, ...]:
    wanted = []
    for op in operations:
        noun = snake(op.entity.rpartition(".")[2])
        wanted.append((builder_key(op), safe(f"{op.kind}_{noun}{'s' if op.kind == 'list' else ''}")))
    return tuple(evolve(op, python_name=n) for op, n in zip(operations, assign(wanted, lock.builders), strict=True))
