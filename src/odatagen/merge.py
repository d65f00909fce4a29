"""Combine page fragments into one schema, by precedence, recording every disagreement.

Precedence for a type's properties: its resource page, then create pages, then the other API
pages. A create page that calls its table "required when you create" marks those properties
required on create (the overlay corrects what that gets wrong). Names match case-insensitively,
since Graph spells one type several ways (`userPFXCertificate`, `userPfxCertificates`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from .ir import (
    Diagnostic,
    EntityType,
    EnumType,
    OPERATION_KINDS,
    Location,
    Operation,
    PageFragment,
    Property,
    Schema,
    TypeRef,
)

_RANK = {"resource": 0, "api": 1, "enum": 2, "other": 3}
_OP_RANK = {"create": 0, "update": 1, "get": 2, "list": 3, "delete": 4}


def merge(fragments: Sequence[PageFragment]) -> Schema:
    diagnostics: list[Diagnostic] = [d for f in fragments for d in f.diagnostics]
    namespace = next((f.namespace for f in fragments if f.namespace), "")
    ordered = sorted(fragments, key=_precedence)
    enums = _enums(ordered, diagnostics)
    entities = _entities(ordered, diagnostics)
    canonical = {e.qualified_name.lower(): e.qualified_name for e in entities}
    operations = _operations(ordered, canonical, diagnostics)
    return Schema(namespace, tuple(entities), tuple(enums.values()), operations, tuple(diagnostics))


def _precedence(fragment: PageFragment) -> tuple[int, int]:
    op = fragment.operation
    return _RANK[fragment.page_kind], _OP_RANK[op.kind] if op else 0


def _entities(fragments: Iterable[PageFragment], diagnostics: list[Diagnostic]) -> list[EntityType]:
    found: dict[str, EntityType] = {}
    for fragment in fragments:
        if fragment.enum is not None or not fragment.entity or not (fragment.properties or fragment.page_kind == "resource"):
            continue
        key = fragment.entity.lower()
        namespace, _, name = fragment.entity.rpartition(".")
        entity = found.get(key) or EntityType(name, namespace, (), fragment.loc)
        if fragment.page_kind == "resource" and not entity.description:
            entity = replace(entity, description=fragment.description)
        props = _merge_properties(entity.properties, fragment, diagnostics)
        found[key] = replace(entity, properties=props)
    return list(found.values())


def _merge_properties(
    current: tuple[Property, ...], fragment: PageFragment, diagnostics: list[Diagnostic]
) -> tuple[Property, ...]:
    props = {p.name: p for p in current}
    required = fragment.properties_required_on_create
    for prop in fragment.properties:
        mine = props.get(prop.name)
        if mine is None:
            props[prop.name] = replace(prop, required_on_create=required)
            continue
        if prop.type.name and mine.type.name and prop.type != mine.type:
            diagnostics.append(_conflict(prop.loc, f"{prop.name}: type {_show(prop.type)}", mine.loc, _show(mine.type)))
        if not mine.type.name and prop.type.name:
            mine = replace(mine, type=prop.type)
        props[prop.name] = replace(
            mine,
            required_on_create=mine.required_on_create or required,
            enum_members=mine.enum_members or prop.enum_members,
            description=mine.description or prop.description,
        )
    return tuple(props.values())


def _show(ref: TypeRef) -> str:
    return f"Collection({ref.name})" if ref.collection else ref.name


def _conflict(loc: Location, what: str, other: Location, other_what: str) -> Diagnostic:
    return Diagnostic(loc, f"{what} here, but {other_what} at {other}", "warning")


def _enums(fragments: Iterable[PageFragment], diagnostics: list[Diagnostic]) -> dict[str, EnumType]:
    enums: dict[str, EnumType] = {}
    for fragment in fragments:
        if fragment.enum is None:
            continue
        key = fragment.enum.qualified_name.lower()
        if key in enums:
            diagnostics.append(_conflict(fragment.loc, f"enum {fragment.enum.name} defined again", enums[key].loc, "first"))
            continue
        enums[key] = fragment.enum
    return enums


def _operations(
    fragments: Iterable[PageFragment], canonical: dict[str, str], diagnostics: list[Diagnostic]
) -> tuple[Operation, ...]:
    seen: dict[tuple[str, str], Operation] = {}
    for fragment in fragments:
        op = fragment.operation
        if op is None:
            continue
        entity = canonical.get(op.entity.lower(), op.entity)
        key = (entity.lower(), op.kind)
        if key in seen:
            diagnostics.append(_conflict(op.loc, f"{op.kind} of {entity} documented again", seen[key].loc, "first"))
            continue
        seen[key] = replace(op, entity=entity)
    return tuple(sorted(seen.values(), key=lambda o: (o.entity.lower(), OPERATION_KINDS.index(o.kind))))

