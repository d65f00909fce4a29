"""How each EDM type is spelled in generated code: its Python type and its runtime codec.

Templates get these strings through filters; they never decide a type themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ir import EntityType, EnumType, Property, Schema, TypeRef
from ..names import wire_name
from .text import literal
from .views import ReplacesView


@dataclass(frozen=True, slots=True)
class Primitive:
    py_type: str
    codec: str
    module: str = ""
    """Standard-library module the Python type needs."""

    @property
    def inferred(self) -> bool:
        """The runtime reads the codec from the annotation (`_BY_ANNOTATION`); `int` and `float`
        stand for several EDM types, so their fields name the codec."""
        return self.py_type not in ("int", "float")


PRIMITIVES: dict[str, Primitive] = {
    "Edm.String": Primitive("str", "STRING"),
    "Edm.Boolean": Primitive("bool", "BOOLEAN"),
    "Edm.Byte": Primitive("int", "BYTE"),
    "Edm.SByte": Primitive("int", "SBYTE"),
    "Edm.Int16": Primitive("int", "INT16"),
    "Edm.Int32": Primitive("int", "INT32"),
    "Edm.Int64": Primitive("int", "INT64"),
    "Edm.Single": Primitive("float", "SINGLE"),
    "Edm.Double": Primitive("float", "DOUBLE"),
    "Edm.Decimal": Primitive("decimal.Decimal", "DECIMAL", "decimal"),
    "Edm.Guid": Primitive("uuid.UUID", "GUID", "uuid"),
    "Edm.DateTimeOffset": Primitive("datetime.datetime", "DATE_TIME_OFFSET", "datetime"),
    "Edm.Date": Primitive("datetime.date", "DATE", "datetime"),
    "Edm.TimeOfDay": Primitive("datetime.time", "TIME_OF_DAY", "datetime"),
    "Edm.Duration": Primitive("datetime.timedelta", "DURATION", "datetime"),
    "Edm.Binary": Primitive("bytes", "BINARY"),
}
_UNTYPED = Primitive("Any", "UNTYPED")


@dataclass(frozen=True, slots=True)
class ModelImports:
    """What a model module imports: at run time (`typing`, the runtime, its base class), and
    for type checkers only (standard-library modules, enum and model class names)."""

    typing: tuple[str, ...]
    runtime: tuple[str, ...]
    base: EntityType | None
    stdlib: tuple[str, ...]
    enums: tuple[str, ...]
    models: tuple[str, ...]
    migrate: bool = False
    """`Replaces` at run time and `Problem` for type checkers: the type replaces another."""

    @property
    def checking(self) -> bool:
        return bool(self.stdlib or self.enums or self.models or self.migrate)


class CodecTable:
    """Codecs for one schema: primitives from the table above, enums and models by class."""

    def __init__(self, schema: Schema) -> None:
        self.enums: dict[str, EnumType] = {e.qualified_name: e for e in schema.enums}
        self.entities: dict[str, EntityType] = {e.qualified_name: e for e in schema.entities}
        self._memo: dict[int, tuple[Property, str, str | None]] = {}
        """id(property) -> (the property, its `py_type`, its `prop_args`): each is asked for
        twice, by the module's imports and by its field line (the property is kept, so that
        its id cannot be another's)."""

    def _known(self, prop: Property) -> tuple[Property, str, str | None]:
        found = self._memo.get(id(prop))
        if found is None or found[0] is not prop:
            found = self._memo[id(prop)] = (prop, self._py_type(prop), self._prop_args(prop))
        return found

    def _item_type(self, ref: TypeRef) -> str:
        if ref.is_enum:
            return f"{self.enums[ref.name].python_name} | str"
        if ref.name in self.entities:
            return self.entities[ref.name].python_name
        return PRIMITIVES.get(ref.name, _UNTYPED).py_type

    def _item_codec(self, ref: TypeRef) -> str | None:
        """The runtime codec a field must name: None where the annotation says it (a model, an
        enum, or a primitive whose Python type stands for one EDM type)."""
        if ref.is_enum or ref.name in self.entities:
            return None
        primitive = PRIMITIVES.get(ref.name, _UNTYPED)
        return None if primitive.inferred else primitive.codec

    def py_type(self, prop: Property) -> str:
        return self._known(prop)[1]

    def prop_args(self, prop: Property) -> str | None:
        """The arguments of `prop(...)` for what the field's name and annotation do not say;
        None when they say everything (the field is declared `= UNSET`)."""
        return self._known(prop)[2]

    def _py_type(self, prop: Property) -> str:
        item = self._item_type(prop.type)
        text = f"list[{item}]" if prop.type.collection else item
        if item == "Any" and not prop.type.collection:
            return "Any"
        return f"Nullable[{text}]" if prop.nullable else f"NonNull[{text}]"

    def _prop_args(self, prop: Property) -> str | None:
        codec = self._item_codec(prop.type)
        if codec is not None and prop.type.collection:
            codec = f"collection({codec})"
        args = []
        if wire_name(prop.python_name) != prop.name:
            args.append(literal(prop.name))
        if codec is not None:
            args.append(codec if args else f"codec={codec}")
        if not prop.nullable and not self._py_type(prop).startswith("NonNull["):
            args.append("nullable=False")  # else the annotation says so (`ModelType` reads it)
        for facet in ("max_length", "precision", "scale"):
            if getattr(prop, facet) is not None:
                args.append(f"{facet}={getattr(prop, facet)!r}")
        if prop.secret:
            args.append("secret=True")
        if prop.allowed_values is not None:
            args.append(f"allowed={literal(prop.allowed_values)}")
        if prop.read_only:
            args.append("computed=True")
        elif prop.immutable:
            args.append("immutable=True")
        return ", ".join(args) if args else None

    def imports(self, entity: EntityType, replaces: ReplacesView | None = None) -> ModelImports:
        """`replaces`: what `from_replaced` needs too, for a type that replaces another."""
        base = self.entities.get(entity.base_type) if entity.base_type else None
        modules = {PRIMITIVES.get(p.type.name, _UNTYPED).module for p in entity.properties}
        stdlib = tuple(sorted(modules - {""}))
        enums = tuple(self.enums[n].python_name for n in sorted({p.type.name for p in entity.properties if p.type.is_enum}))
        models = {p.type.name for p in entity.properties if p.type.name in self.entities}
        models -= {entity.qualified_name, entity.base_type}  # itself, and its base imported at run time
        if replaces is not None:
            models.add(replaces.old.qualified_name)
        any_ = replaces is not None or any(
            p.type.name not in PRIMITIVES and not p.type.is_enum and p.type.name not in self.entities for p in entity.properties
        )
        checking = bool(stdlib or enums or models or replaces)
        class_var = bool(entity.required_on_create) or replaces is not None
        return ModelImports(
            typing=tuple(
                name
                for name, used in (
                    ("TYPE_CHECKING", checking),
                    ("Any", any_),
                    ("ClassVar", class_var),
                    ("Self", replaces is not None),
                )
                if used
            ),
            runtime=self._runtime_names(entity, base),
            base=base,
            stdlib=stdlib,
            enums=enums,
            models=tuple(sorted(self.entities[n].python_name for n in models)),
            migrate=replaces is not None,
        )

    def _runtime_names(self, entity: EntityType, base: EntityType | None) -> tuple[str, ...]:
        """The aliases and codecs the module uses (`prop` and a codec only where a field names them)."""
        names = set() if base is not None else {"Model"}
        for p in entity.properties:
            if self.py_type(p) != "Any":
                names.add("Nullable" if p.nullable else "NonNull")
            if self.prop_args(p) is None:
                names.add("UNSET")
                continue
            names.add("prop")
            codec = self._item_codec(p.type)
            if codec is not None:
                names.add(codec)
                if p.type.collection:
                    names.add("collection")
        return tuple(sorted(names, key=lambda n: (not n.isupper(), n.lower())))
