"""Enums that pages only list inline ("Possible values are: ..."): check them, or define them.

Runs after the overlay, which may be what names an "Enumeration" property's type. The CSDL
always names its properties' types, so merge leaves lists only on the types the docs alone
define (`accounting` has held the others against the CSDL's enums); a list on a primitive
property (a String with "Possible values") describes text, not an enum.
"""

from __future__ import annotations

from dataclasses import replace

from ..ir import Diagnostic, EnumType, Schema


def inline_enums(schema: Schema) -> Schema:
    enums = {e.qualified_name.lower(): e for e in schema.enums}
    diagnostics: list[Diagnostic] = []
    for entity in schema.entities:
        for prop in entity.properties:
            if not prop.enum_members or not prop.type.name or prop.type.is_primitive:
                continue
            enum = enums.get(prop.type.name.lower())
            if enum is None:
                namespace, _, name = prop.type.name.rpartition(".")
                enums[prop.type.name.lower()] = EnumType(name, namespace, prop.enum_members, prop.loc)
                continue
            inline, defined = [m.name for m in prop.enum_members], [m.name for m in enum.members]
            if set(inline) != set(defined):
                diagnostics.append(
                    Diagnostic(
                        prop.loc,
                        f"{prop.name} lists values {inline} here, but {enum.name} defines {defined} at {enum.loc}",
                        "warning",
                        kind="enum-member",
                    )
                )
    return replace(schema, enums=tuple(enums.values()), diagnostics=schema.diagnostics + tuple(diagnostics))
