"""Deterministic order: types by qualified name, whatever order the sources came in."""

from __future__ import annotations

from dataclasses import replace

from ..ir import Schema


def sort_schema(schema: Schema) -> Schema:
    return replace(
        schema,
        entities=tuple(sorted(schema.entities, key=lambda e: e.qualified_name.lower())),
        enums=tuple(sorted(schema.enums, key=lambda e: e.qualified_name.lower())),
        diagnostics=tuple(sorted(set(schema.diagnostics), key=lambda d: (d.loc, d.message))),
    )
