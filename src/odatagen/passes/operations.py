"""Actions and functions the request builders cannot express as the metadata says: warnings
(`FILE:LINE`) with a defined outcome, never a crash and never a URL with a placeholder."""

from __future__ import annotations

from dataclasses import replace

from ..ir import Diagnostic, Schema, ServiceOperation
from ..names import safe, snake


def check_operations(schema: Schema) -> Schema:
    """- an overload that no parameter tells apart from an earlier one (same qualified name,
      bound to the same type or both unbound, the same set of parameter names as the builders
      spell them): dropped, the first kept; the builders tell the others apart by the
      parameters given;
    - a binding parameter whose type no source defines as an entity type: no builder has the method;
    - an `EntitySetPath` that does not start at the binding parameter: ignored;
    - an action or function bound to an abstract type: a method of every derived type's builder."""
    entities = {e.qualified_name: e for e in schema.entities}
    seen: dict[tuple[str, str, frozenset[str]], ServiceOperation] = {}
    kept: list[ServiceOperation] = []
    found: list[Diagnostic] = []
    for op in schema.service_operations:
        key = _overload_key(op)
        if key in seen:
            where = f" bound to {key[1]}" if key[1] else ""
            found.append(_warning(op, f"{op.kind} {op.name}{where} is declared again with the same parameters; the first is used", seen[key]))
            continue
        seen[key] = op
        if op.bound and op.parameters:
            binding = op.parameters[0]
            target = entities.get(binding.type.name)
            if (target is None or target.kind != "entity") and not binding.type.is_primitive:
                found.append(_warning(op, f"{op.kind} {op.name} is bound to {binding.type.name}, which no source defines as an entity type; no builder has it"))
            elif target is not None and target.abstract:
                found.append(_warning(op, f"{op.kind} {op.name} is bound to the abstract type {target.name}: a method of the builders of its derived types"))
            if op.entity_set_path and op.entity_set_path.split("/")[0] != binding.name:
                found.append(_warning(op, f"EntitySetPath {op.entity_set_path!r} of {op.name} does not start at the binding parameter {binding.name!r}; ignored"))
        kept.append(op)
    return replace(schema, service_operations=tuple(kept), diagnostics=schema.diagnostics + tuple(found))


def _overload_key(op: ServiceOperation) -> tuple[str, str, frozenset[str]]:
    """What tells overloads apart: the qualified name, the binding parameter's type (`""`
    unbound), and the set of the other parameters' names as a call spells them."""
    bound = op.bound and bool(op.parameters)
    ref = op.parameters[0].type if bound else None
    binding = "" if ref is None else f"Collection({ref.name})" if ref.collection else ref.name
    names = frozenset(safe(snake(p.name)) for p in op.parameters[bound:])
    return f"{op.namespace}.{op.name}", binding, names


def _warning(op: ServiceOperation, message: str, first: ServiceOperation | None = None) -> Diagnostic:
    return Diagnostic(op.loc, message, "warning", first.loc if first is not None else None)
