"""The intermediate model: format-neutral, frozen, and traceable to its sources.

Readers produce `PageFragment`s (one per document); `merge` combines them into one `Schema`;
passes refine the schema with `dataclasses.replace` (or `evolve`, its fast form for the many
small objects); templates only ever see these types.
Every fact carries a `Location` so that a conflict or an error can point at its origin.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, Literal, TypeVar

_T = TypeVar("_T")
_COPIERS: dict[type, tuple[Any, frozenset[str]]] = {}


def evolve(obj: _T, **changes: Any) -> _T:
    """`dataclasses.replace` for the IR's frozen dataclasses, several times faster: the fields
    are copied as they are, without `__init__` (no IR class has a `__post_init__` or an
    `InitVar`; tests/test_readers.py checks `evolve` against `replace`). An unknown field name
    is an error, as with `replace`."""
    cls = type(obj)
    known = _COPIERS.get(cls)
    if known is None:
        known = _COPIERS[cls] = _copier(cls)
    copy, allowed = known
    if not changes.keys() <= allowed:
        raise TypeError(f"{cls.__name__} has no field {sorted(changes.keys() - allowed)[0]!r}")
    new: _T = copy(obj)
    for name, value in changes.items():
        object.__setattr__(new, name, value)
    return new


def _copier(cls: type) -> tuple[Any, frozenset[str]]:
    """A function that copies every field of a `cls` into a new one (written out, field by
    field, as `dataclasses` writes `__init__`), and the names of the fields."""
    names = [f.name for f in fields(cls)]
    lines = ["def copy(obj):", "    new = new_(cls)"]
    lines += [f"    set_(new, {name!r}, obj.{name})" for name in names]
    lines.append("    return new")
    scope: dict[str, Any] = {"new_": object.__new__, "set_": object.__setattr__, "cls": cls}
    exec("\n".join(lines), scope)  # noqa: S102 - the code is the field names of our own classes
    return scope["copy"], frozenset(names)


OperationKind = Literal["create", "get", "list", "update", "delete"]
OPERATION_KINDS: tuple[OperationKind, ...] = ("create", "get", "list", "update", "delete")
PERMISSION_KINDS = ("delegated_work", "delegated_personal", "application")
EDM_PRIMITIVES = tuple(
    "Edm." + name
    for name in (
        "Binary Boolean Byte Date DateTimeOffset Decimal Double Duration Guid Int16 Int32 Int64 "
        "SByte Single Stream String TimeOfDay"
    ).split()
)


@dataclass(frozen=True, slots=True, order=True)
class Location:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A reference to a type by qualified name (`Edm.String`, `microsoft.graph.userPfxPaddingScheme`).

    `name` is empty while a docs page says only "Enumeration"; the overlay or an enum page
    must then name it before the resolver runs.
    """

    name: str
    collection: bool = False
    is_enum: bool = False

    @property
    def is_primitive(self) -> bool:
        return self.name.startswith("Edm.")


@dataclass(frozen=True, slots=True)
class EnumMember:
    name: str
    loc: Location
    value: int | None = None
    description: str = ""
    python_name: str = ""


@dataclass(frozen=True, slots=True)
class EnumType:
    name: str
    namespace: str
    members: tuple[EnumMember, ...]
    loc: Location
    description: str = ""
    python_name: str = ""
    module: str = ""
    flags: bool = False
    underlying: str = "Edm.Int32"

    @property
    def qualified_name(self) -> str:
        return f"{self.namespace}.{self.name}"


@dataclass(frozen=True, slots=True)
class TypeDefinition:
    """A named primitive type (`Edm.String` with facets); references resolve to the primitive."""

    name: str
    namespace: str
    underlying: str
    loc: Location
    max_length: int | None = None
    precision: int | None = None
    scale: int | None = None

    @property
    def qualified_name(self) -> str:
        return f"{self.namespace}.{self.name}"


@dataclass(frozen=True, slots=True)
class ContainerMember:
    kind: Literal["entity_set", "singleton", "action_import", "function_import"]
    """`type` is the entity type of a set or singleton, the qualified action or function of an import."""
    name: str
    type: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Container:
    name: str
    namespace: str
    members: tuple[ContainerMember, ...]
    loc: Location
    keys_as_segments: bool = False
    """Capabilities.KeyAsSegmentSupported: the service takes `Customers/alice`."""


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: TypeRef
    loc: Location
    nullable: bool = True


@dataclass(frozen=True, slots=True)
class ServiceOperation:
    """A CSDL Action or Function: a method of the builder it binds to, or (unbound) of `Service`
    through its action or function import. A docs page documents one too (an action or function
    page): its parameters and return type as the page gives them, and the page's facts
    (`description` to `examples`), which join the CSDL's operation of the same name and binding."""

    kind: Literal["action", "function"]
    name: str
    namespace: str
    loc: Location
    bound: bool = False
    parameters: tuple[Parameter, ...] = ()
    return_type: TypeRef | None = None
    composable: bool = False
    entity_set_path: str = ""
    """Where the returned entities live, from the binding parameter (`in/orders`)."""
    description: str = ""
    documented_at: Location | None = None
    """The HTTP request line of the docs page that documents it (None: the CSDL alone)."""
    paths: tuple[str, ...] = ()
    """The request paths the docs page gives (`/me/drive/items/{id}/restore`)."""
    permissions: Permissions | None = None
    examples: tuple[HttpExample, ...] = ()


@dataclass(frozen=True, slots=True)
class CsdlDocument:
    """What one CSDL document says: its schemas' types, container and operations."""

    source: str
    version: str
    namespaces: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...]
    entities: tuple["EntityType", ...] = ()
    enums: tuple[EnumType, ...] = ()
    type_definitions: tuple[TypeDefinition, ...] = ()
    containers: tuple[Container, ...] = ()
    service_operations: tuple[ServiceOperation, ...] = ()
    references: tuple[str, ...] = ()
    """Namespaces the document includes from `edmx:Reference`s (never fetched)."""
    diagnostics: tuple["Diagnostic", ...] = ()


@dataclass(frozen=True, slots=True)
class Property:
    name: str
    type: TypeRef
    loc: Location
    description: str = ""
    enum_members: tuple[EnumMember, ...] = ()
    """Members listed inline ("Possible values are: ..."), before they are attached to a type."""
    server_managed: bool = False
    secret: bool = False
    required_on_create: bool = False
    python_name: str = ""
    nullable: bool = True
    max_length: int | None = None
    precision: int | None = None
    scale: int | None = None
    default_value: str | None = None
    read_only: bool = False
    """Core.Computed, or Core.Permissions Read: the service sets it."""
    immutable: bool = False
    """Core.Immutable: set on create, never changed by an update."""
    computed_default: bool = False
    """Core.ComputedDefaultValue: the service fills it on create when the body leaves it out."""
    allowed_values: tuple[str | int, ...] | None = None
    """Validation.AllowedValues: the only values the service accepts (how CAP publishes enums)."""
    navigation: bool = False
    contains_target: bool = False


@dataclass(frozen=True, slots=True)
class EntityType:
    """An entity type or (kind="complex") a complex type."""

    name: str
    namespace: str
    properties: tuple[Property, ...]
    loc: Location
    description: str = ""
    key: tuple[str, ...] = ()
    python_name: str = ""
    module: str = ""
    kind: Literal["entity", "complex"] = "entity"
    base_type: str = ""
    """Qualified name of the base type, '' for none."""
    abstract: bool = False
    open_type: bool = False
    has_stream: bool = False
    required_on_create: tuple[str, ...] = ()
    """Wire names (own or inherited) a create request must carry."""

    @property
    def qualified_name(self) -> str:
        return f"{self.namespace}.{self.name}"


@dataclass(frozen=True, slots=True)
class PropertyMap:
    """A property of a replaced type and the property of its successor that takes its value."""

    old: str
    new: str
    loc: Location
    """The overlay line that maps it, or (`explicit` false: the same name on both sides) the
    line naming the old type."""
    explicit: bool = True
    by_value: bool = False
    """An integer becomes an enum member of that value, or a member its value (set by a pass)."""


@dataclass(frozen=True, slots=True)
class Replacement:
    """The overlay's `replaces:`: type `new` succeeds type `old`, and `new`'s model converts an
    old value (`from_replaced`). `properties` pairs every old property that converts, mapped or
    of the same name on both sides; `dropped` are old properties the overlay leaves behind."""

    new: str
    old: str
    loc: Location
    properties: tuple[PropertyMap, ...]
    dropped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Header:
    name: str
    value: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Permissions:
    """Scopes by permission kind: a tuple, `()` for "Not supported", `None` when undocumented."""

    delegated_work: tuple[str, ...] | None = None
    delegated_personal: tuple[str, ...] | None = None
    application: tuple[str, ...] | None = None
    loc: Location | None = None

    def as_dict(self) -> dict[str, tuple[str, ...] | None]:
        return {kind: getattr(self, kind) for kind in PERMISSION_KINDS}


@dataclass(frozen=True, slots=True)
class HttpExample:
    """An example request or response exactly as a page shows it."""

    role: Literal["request", "response"]
    loc: Location
    method: str = ""
    url: str = ""
    status: int | None = None
    headers: tuple[Header, ...] = ()
    body: str | None = None
    """The JSON body as the page writes it; `json_body()` parses it without losing digits."""
    body_loc: Location | None = None
    declared_type: str = ""
    """What the page's `<!-- { "blockType": "response", "@odata.type": ... } -->` says the body
    holds (`microsoft.graph.group`, `Collection(microsoft.graph.group)`), '' where it does not."""

    def json_body(self) -> Any:
        if self.body is None:
            return None
        return json.loads(self.body, parse_float=Decimal)


@dataclass(frozen=True, slots=True)
class Operation:
    kind: OperationKind
    entity: str
    """Qualified name of the entity the operation acts on."""
    method: str
    path: str
    loc: Location
    title: str = ""
    permissions: Permissions = field(default_factory=Permissions)
    headers: tuple[Header, ...] = ()
    examples: tuple[HttpExample, ...] = ()
    clouds: tuple[str, ...] = ()
    success_status: int | None = None
    python_name: str = ""
    body: TypeRef | None = None
    """The type the page says the request body is ("supply a JSON representation of X")."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    loc: Location
    message: str
    severity: Literal["error", "warning"] = "error"
    related: Location | None = None
    """The other side of a disagreement, where there is one."""
    kind: str = ""
    """What a warning is about, in a word that stays put (`inherited`, `missing-in-csdl`, `case`,
    `type`, `enum-member`, `example-property`, ...; README, "Checking the Graph docs"): `drift`
    counts and filters by it. Merge gives a reader's warning without one the kind `page`."""
    quirk: bool = False
    """A real metadata quirk read with a defined outcome (a redeclared inherited property, a type
    defined twice, ...): a warning, and an error under `--strict`."""
    strict: bool = False
    """A docs page's defect read with a defined outcome, the rest of the page kept (an example
    body that is not JSON: the example is not checked): a warning, and an error under
    `--strict`, as a quirk is. Unlike a quirk's, it prints only with `--warnings`."""

    def __str__(self) -> str:
        return f"{self.loc}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class Accounted:
    """One fact a docs page documents, and what became of it: `kind` is `matched` (the CSDL
    agrees), or the kind of the drift row at `row` that says why not. `fact` is `property` (a
    row of a property or relationship table) or `values` (its "Possible values" list, held
    against the CSDL enum; `kind` is `no-enum` when the list names none)."""

    loc: Location
    subject: str
    """`Type.property`, the type's short name."""
    fact: Literal["property", "values"]
    kind: str
    row: Location | None = None
    page_kind: str = "resource"


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A docs page the run went on without: one that cannot be read (`errors`, the reasons), or
    one the overlay's `skip_pages` names (`reason`, and the overlay line in `skipped_by`)."""

    source: str
    reason: str
    errors: tuple[Diagnostic, ...] = ()
    skipped_by: Location | None = None


@dataclass(frozen=True, slots=True)
class PageFragment:
    """What one document says, before it is merged with the others."""

    source: str
    form: Literal["markdown", "rendered"]
    title: str
    loc: Location
    page_kind: Literal["resource", "enum", "api", "other"] = "other"
    namespace: str = ""
    entity: str = ""
    """Qualified name of the type the page is about ('' when the page does not say)."""
    description: str = ""
    operation: Operation | None = None
    properties: tuple[Property, ...] = ()
    properties_required_on_create: bool = False
    navigation_properties: tuple[Property, ...] = ()
    enum: EnumType | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    service_operation: ServiceOperation | None = None
    """The action or function an operation page documents (its parameters and return type)."""
    annotations: tuple[Property, ...] = ()
    """Rows of a property table that name an annotation (`@odata.etag`), not a property."""


@dataclass(frozen=True, slots=True)
class Schema:
    """The merged model that the templates render."""

    namespace: str
    entities: tuple[EntityType, ...] = ()
    enums: tuple[EnumType, ...] = ()
    operations: tuple[Operation, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    type_definitions: tuple[TypeDefinition, ...] = ()
    containers: tuple[Container, ...] = ()
    service_operations: tuple[ServiceOperation, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()
    replacements: tuple[Replacement, ...] = ()
    accounting: tuple[Accounted, ...] = ()
    """Every property the docs pages document, matched with the CSDL or accounted for by a
    drift row (empty without a CSDL document to hold them against)."""
    namespaces: tuple[str, ...] = ()
    """Every namespace the CSDL documents declare or include: a reference to a type in any other
    namespace is a quirk (Edm.Untyped), one to a missing type in these is an error."""
    left_out: tuple[LeftOut, ...] = ()


def _fast_pickling() -> None:
    """Each IR class pickles as its constructor and its field values: pickle's default for a
    slotted class (a state dict, then a setattr per field) makes a whole Graph document slower
    to unpickle than to read again (`sourcecache.py` keeps read documents; the reading workers
    send fragments back)."""
    for value in list(globals().values()):
        if isinstance(value, type) and value.__module__ == __name__ and hasattr(value, "__dataclass_fields__"):
            names = tuple(f.name for f in fields(value))

            def reduce(self: Any, names: tuple[str, ...] = names) -> tuple[type, tuple[Any, ...]]:
                return type(self), tuple([getattr(self, name) for name in names])

            value.__reduce__ = reduce  # type: ignore[method-assign,assignment]


_fast_pickling()
