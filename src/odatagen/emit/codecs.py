"""How each EDM type is spelled in generated code: its Python type and its runtime codec calls.

Templates get these strings through filters; they never decide a type themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import OdatagenError
from ..ir import EntityType, EnumType, Property, Schema


@dataclass(frozen=True, slots=True)
class Codec:
    py_type: str
    decode: str
    """Expression decoding `v` (JSON) into the attribute value; may append to `errors`."""
    check: str
    """Statement checking `v` (JSON); appends to `problems`."""
    encode: str = ""
    """Expression turning attribute value `v` into JSON; empty where the value is its own JSON."""
    module: str = ""
    """Standard-library module the Python type needs."""


def _primitive(py_type: str, decode: str, check: str, encode: str = "", module: str = "") -> Codec:
    return Codec(py_type, decode, check, encode, module)


PRIMITIVE_CODECS: dict[str, Codec] = {
    "Edm.String": _primitive("str", "_rt.dec_str(v, {ptr}, errors{secret})", "_rt.chk_str(v, {ptr}, problems{secret})"),
    "Edm.Boolean": _primitive("bool", "_rt.dec_bool(v, {ptr}, errors)", "_rt.chk_bool(v, {ptr}, problems)"),
    "Edm.Int32": _primitive("int", "_rt.dec_int(v, {ptr}, errors)", "_rt.chk_int32(v, {ptr}, problems)"),
    "Edm.Guid": _primitive(
        "uuid.UUID",
        "_rt.dec_guid(v, {ptr}, errors, raw, {key})",
        "_rt.chk_guid(v, {ptr}, problems)",
        "_rt.enc_guid(v, self._raw.get({key}))",
        "uuid",
    ),
    "Edm.DateTimeOffset": _primitive(
        "datetime.datetime",
        "_rt.dec_dto(v, {ptr}, errors, raw, {key})",
        "_rt.chk_dto(v, {ptr}, problems)",
        "_rt.enc_dto(v, self._raw.get({key}))",
        "datetime",
    ),
    "Edm.Binary": _primitive(
        "bytes", "_rt.dec_binary(v, {ptr}, errors)", "_rt.chk_binary(v, {ptr}, problems)", "_rt.enc_binary(v)"
    ),
}


def json_pointer(name: str) -> str:
    """RFC 6901: `~` and `/` in a member name are escaped."""
    return "/" + name.replace("~", "~0").replace("/", "~1")


class CodecTable:
    """Codecs for one schema: primitives from the table above, enums by their generated class."""

    def __init__(self, schema: Schema) -> None:
        self.enums: dict[str, EnumType] = {e.qualified_name: e for e in schema.enums}
        self.entities: dict[str, EntityType] = {e.qualified_name: e for e in schema.entities}

    def codec(self, prop: Property) -> Codec:
        ref = prop.type
        if ref.collection:
            raise OdatagenError.at(prop.loc.file, prop.loc.line, f"property {prop.name!r}: collections are not generated yet")
        if ref.is_enum:
            cls = self.enums[ref.name].python_name
            return Codec(
                f"{cls} | str",
                f"_rt.dec_enum(v, {cls}, {{ptr}}, errors)",
                f"_rt.chk_enum(v, {cls}, {{ptr}}, problems)",
                "_rt.enc_enum(v)",
            )
        codec = PRIMITIVE_CODECS.get(ref.name)
        if codec is None:
            raise OdatagenError.at(
                prop.loc.file, prop.loc.line, f"property {prop.name!r}: type {ref.name} is not generated yet"
            )
        return codec

    def fill(self, template: str, prop: Property) -> str:
        return template.format(
            ptr=repr(json_pointer(prop.name)),
            key=repr(prop.name),
            secret=", secret=True" if prop.secret else "",
        )

    def enum_imports(self, entity: EntityType) -> list[EnumType]:
        names = sorted({p.type.name for p in entity.properties if p.type.is_enum})
        return [self.enums[n] for n in names]

    def modules(self, entity: EntityType) -> list[str]:
        return sorted({self.codec(p).module for p in entity.properties} - {""})
