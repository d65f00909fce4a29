"""The overlay's `replaces:` pairs, once types are resolved: each old type must convert to the new.

What converts is what `from_replaced` can do without guessing: the same type; an integer to a
wider or other numeric type; `Edm.String` to and from a type written as text (the new type's
parser checks the text); an integer to an enum member by value (members combined bit by bit
when the enum `IsFlags`) and an enum member to its value; anything to `Edm.Untyped`; a
collection of one to a collection of the other. An enum whose members have no values (a docs
page's "Possible values" list) converts from and to no integer.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import OdatagenError
from ..ir import Diagnostic, EntityType, EnumType, Property, PropertyMap, Replacement, Schema, TypeRef
from .inheritance import ancestors

INTEGERS = frozenset({"Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64"})
NUMBERS = INTEGERS | {"Edm.Decimal", "Edm.Double", "Edm.Single"}
TEXT = frozenset({"Edm.String", "Edm.Guid", "Edm.DateTimeOffset", "Edm.Date", "Edm.TimeOfDay", "Edm.Duration", "Edm.Binary"})


def check_replacements(schema: Schema) -> Schema:
    by_name = {e.qualified_name: e for e in schema.entities}
    enums = {e.qualified_name: e for e in schema.enums}
    errors: list[Diagnostic] = []
    checked: list[Replacement] = []
    for r in schema.replacements:
        old, new = by_name[r.old], by_name[r.new]
        old_props, new_props = properties(old, by_name), properties(new, by_name)
        pairs: list[PropertyMap] = []
        for pair in r.properties:
            before, after = old_props[pair.old].type, new_props[pair.new].type
            why = cannot_convert(before, after, enums)
            if why:
                hint = "" if pair.explicit else " (the same name on both sides: map it to another property, or drop it)"
                what = f"{old.name}.{pair.old} ({spelled(before)}) cannot convert to {new.name}.{pair.new} ({spelled(after)})"
                errors.append(Diagnostic(pair.loc, f"{what}: {why}{hint}"))
            pairs.append(replace(pair, by_value=before.is_enum != after.is_enum))
        checked.append(replace(r, properties=tuple(pairs)))
    if errors:
        raise OdatagenError(errors)
    return replace(schema, replacements=tuple(checked))


def properties(entity: EntityType, by_name: dict[str, EntityType]) -> dict[str, Property]:
    """Every property of `entity` by name, inherited ones included."""
    found: dict[str, Property] = {}
    for e in [*reversed(ancestors(entity, by_name)), entity]:
        found.update((p.name, p) for p in e.properties)
    return found


def spelled(ref: TypeRef) -> str:
    return f"Collection({ref.name})" if ref.collection else ref.name


def cannot_convert(old: TypeRef, new: TypeRef, enums: dict[str, EnumType]) -> str:
    """Why a value of type `old` does not convert to type `new`; empty when it does."""
    if old.collection != new.collection:
        return "a collection converts only to a collection"
    a, b = old.name, new.name
    if a == b or b == "Edm.Untyped":
        return ""
    if new.is_enum:
        return _values(enums[b]) if a in INTEGERS else "only an integer converts to an enum (to the member of that value)"
    if old.is_enum:
        return _values(enums[a]) if b in INTEGERS else "an enum converts only to an integer (its member's value)"
    if (a in INTEGERS and b in NUMBERS) or (a, b) == ("Edm.Single", "Edm.Double"):
        return ""
    if a in TEXT and b in TEXT and "Edm.String" in (a, b):
        return ""
    return "no conversion between them (integers widen to numbers, Edm.String converts to and from the types written as text, other types only to themselves)"


def _values(enum: EnumType) -> str:
    """Why integers and the members of `enum` do not convert: its members have no values."""
    missing = [m.name for m in enum.members if m.value is None]
    return f"{enum.name} gives no value to {', '.join(missing)}" if missing else ""
