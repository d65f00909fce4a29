"""What the client templates show: a builder class per entity type, and the service root.

Builders follow the type graph, not the path tree: navigation returns the target type's
builder, so the package grows with types, not paths. Names are computed here, once; a name that
collides with a builder method or a Python keyword gets a trailing `_`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..ir import EntityType, Location, Schema, ServiceOperation, TypeRef
from ..names import safe, snake, unique
from .codecs import CodecTable

BUILDER_NAMES = frozenset(
    {"get", "update", "replace", "delete", "list", "count", "create", "by_key", "put", "url", "root",
     "path", "keys_as_segments", "entity", "docs", "MODEL", "KEY", "DOCS", "COLLECTION"}
)
"""What the builders' base classes define (`EntityBuilder`, `CollectionBuilder`): a navigation
property or operation by such a name gets `_`."""


def member_name(wire: str) -> str:
    name = safe(snake(wire), "member")
    return f"{name}_" if name in BUILDER_NAMES else name


@dataclass(frozen=True, slots=True)
class Navigation:
    python_name: str
    wire: str
    target: EntityType
    many: bool
    annotation: str
    """The builder it gives: the target type's entity builder, or its collection's class."""


@dataclass(frozen=True, slots=True)
class Param:
    python_name: str
    wire: str
    edm: str
    annotation: str
    nullable: bool


@dataclass(frozen=True, slots=True)
class OperationView:
    python_name: str
    wire: str
    """The URL segment: the qualified name for a bound operation, the import's name for an
    unbound one."""
    method: str
    params: tuple[Param, ...]
    returns: str
    """`HttpRequest.returns`: how `send` decodes the response."""
    response: str
    """The `T` of `HttpRequest[T]`."""
    loc: Location
    if_match: bool = False
    """A bound action takes `if_match=`, as update does: servers require it on an entity with an ETag."""
    composes: EntityType | None = None
    """A composable function of entities with parameters that are all URL literals: the method
    gives the builder of its result (a collection when `response` is a list), to navigate further
    or query (`.list(top=5)`, `.get()`), instead of a request."""
    composes_type: str = ""
    """The annotation of that builder."""

    @property
    def composes_many(self) -> bool:
        return self.composes is not None and self.response.startswith("list[")


@dataclass(frozen=True, slots=True)
class Method:
    """One method of a builder: an action or function, or the overloads of one (the same name,
    bound to the same type, or one function import), which its parameters tell apart. Fewest
    parameters first: with the parameters given, the first overload that takes them is one that
    takes exactly them, where there is one; that is the one mypy and the builders pick."""

    python_name: str
    overloads: tuple[OperationView, ...]

    @property
    def overloaded(self) -> bool:
        return len(self.overloads) > 1


@dataclass(frozen=True, slots=True)
class CollectionView:
    """The class of a collection of one entity type, for the actions and functions bound to
    `Collection(type)`: it derives from the nearest base type's such class, or from
    `CollectionBuilder`, so a collection of a derived type has its base types' methods too."""

    entity: EntityType
    class_name: str
    base: str
    base_module: str
    """The builder module of `base`, "" for `CollectionBuilder`."""
    operations: tuple[Method, ...]

    @property
    def target(self) -> str:
        """How the entity builder's `COLLECTION` names it: `module:Class`."""
        return f"{self.entity.module}:{self.class_name}"


@dataclass(frozen=True, slots=True)
class EntityBuilder:
    entity: EntityType
    base: str
    """The builder class this one derives from (the base type's, or `EntityBuilder`)."""
    key: tuple[tuple[str, str], ...]
    navigations: tuple[Navigation, ...]
    streams: tuple[tuple[str, str], ...]
    operations: tuple[Method, ...]
    documented: tuple[DocsFact, ...] = ()
    """What the docs pages say of this type's operations, one per page."""
    collection: CollectionView | None = None
    """Its own collection class, where actions or functions are bound to a collection of it."""

    @property
    def class_name(self) -> str:
        return builder_name(self.entity)


@dataclass(frozen=True, slots=True)
class DocsFact:
    """One docs page's facts, as the builder's `DOCS` holds them (`_client.Documented`)."""

    kind: str
    method: str
    path: str
    page: str
    permissions: dict[str, tuple[str, ...] | None]


@dataclass(frozen=True, slots=True)
class Member:
    python_name: str
    wire: str
    entity: EntityType
    annotation: str = ""
    """The builder it gives (a collection's for an entity set)."""


@dataclass(frozen=True, slots=True)
class ServiceView:
    entity_sets: tuple[Member, ...]
    singletons: tuple[Member, ...]
    operations: tuple[Method, ...]
    keys_as_segments: bool


def builder_name(entity: EntityType) -> str:
    return f"{entity.python_name}Requests"


def entity_type(entity: EntityType) -> str:
    return f"{builder_name(entity)}[{entity.python_name}]"


_LAST: list[ClientViews] = []


def views_of(schema: Schema) -> ClientViews:
    """The views of `schema`, made once however often a run asks (the API record and the
    templates both do; the last schema's are kept)."""
    if not _LAST or _LAST[0].schema is not schema:
        _LAST[:] = [ClientViews(schema, CodecTable(schema))]
    return _LAST[0]


class ClientViews:
    """The builders of one schema (the warnings for what they cannot express come from
    `passes/operations.py`)."""

    def __init__(self, schema: Schema, codecs: CodecTable) -> None:
        self.schema = schema
        self.codecs = codecs
        self.entities = {e.qualified_name: e for e in schema.entities}
        self._built: dict[str, EntityBuilder] = {}
        self._collections: dict[str, CollectionView | None] = {}
        self.model_names = {e.python_name for e in schema.entities}
        self.enum_names = {e.python_name for e in schema.enums}
        self.builder_names = {builder_name(e) for e in schema.entities}
        self.bound: dict[str, list[ServiceOperation]] = {}
        """Actions and functions bound to one entity of a type, by the type's qualified name."""
        self.bound_many: dict[str, list[ServiceOperation]] = {}
        """Those bound to a collection of a type."""
        for op in schema.service_operations:
            if op.bound and op.parameters:
                binding = op.parameters[0].type
                if binding.name in self.entities and self.entities[binding.name].kind == "entity":
                    found = self.bound_many if binding.collection else self.bound
                    found.setdefault(binding.name, []).append(op)

    def key(self, entity: EntityType) -> tuple[tuple[str, str], ...]:
        chain = [entity, *self._ancestors(entity)]
        names = next((e.key for e in chain if e.key), ())
        props = {p.name: p for e in chain for p in e.properties}
        return tuple((n, props[n].type.name if n in props else "Edm.String") for n in names)

    def _ancestors(self, entity: EntityType) -> Iterable[EntityType]:
        base = self.entities.get(entity.base_type)
        while base is not None:
            yield base
            base = self.entities.get(base.base_type)

    def builder(self, entity: EntityType) -> EntityBuilder:
        built = self._built.get(entity.qualified_name)
        if built is None:
            built = self._built[entity.qualified_name] = self._builder(entity)
        return built

    def _builder(self, entity: EntityType) -> EntityBuilder:
        base_entity = self.entities.get(entity.base_type)
        base = builder_name(base_entity) if base_entity is not None else "EntityBuilder"
        taken = set(self._inherited_names(entity))
        navigations, streams = [], []
        for p in entity.properties:
            if p.navigation and p.type.name in self.entities:
                navigations.append((p, self.entities[p.type.name]))
            elif p.type.name == "Edm.Stream" and not p.type.collection:
                streams.append(p)
        groups = _overloads(self.bound.get(entity.qualified_name, []))
        wanted = [member_name(p.name) for p, _ in navigations] + [member_name(p.name) for p in streams]
        wanted += [member_name(group[0].name) for group in groups]
        names = unique([*sorted(taken), *wanted])[len(taken) :]
        nav_names, names = names[: len(navigations)], names[len(navigations) :]
        stream_names, op_names = names[: len(streams)], names[len(streams) :]
        return EntityBuilder(
            entity,
            base,
            self.key(entity),
            tuple(
                Navigation(n, p.name, t, p.type.collection, self.annotation(t, p.type.collection))
                for n, (p, t) in zip(nav_names, navigations)
            ),
            tuple((n, p.name) for n, p in zip(stream_names, streams)),
            tuple(self.method(group, n, bound=True) for n, group in zip(op_names, groups)),
            self._documented(entity),
            self.collection(entity),
        )

    def _documented(self, entity: EntityType) -> tuple[DocsFact, ...]:
        return tuple(
            DocsFact(
                op.kind,
                op.method,
                op.path,
                str(op.loc),
                op.permissions.as_dict(),
            )
            for op in self.schema.operations
            if op.entity == entity.qualified_name
        )

    def collection(self, entity: EntityType) -> CollectionView | None:
        """The class of a collection of `entity` that its own collection-bound operations make
        (None without any: a collection of it is its nearest base type's such class)."""
        if entity.qualified_name in self._collections:
            return self._collections[entity.qualified_name]
        groups = _overloads(self.bound_many.get(entity.qualified_name, []))
        view = None
        if groups:
            inherited = [c for c in map(self.collection, self._ancestors(entity)) if c is not None]
            taken = sorted({o.python_name for c in inherited for o in c.operations})
            names = unique([*taken, *(member_name(group[0].name) for group in groups)])[len(taken) :]
            base = self.collection_class(self.entities.get(entity.base_type))
            ops = tuple(self.method(group, n, bound=True) for n, group in zip(names, groups))
            view = CollectionView(entity, self.collection_name(entity), *(base or ("CollectionBuilder", "")), ops)
        self._collections[entity.qualified_name] = view
        return view

    def collection_name(self, entity: EntityType) -> str:
        name = f"{entity.python_name}CollectionRequests"
        return f"{name}_" if name in self.builder_names else name  # the builder of a type `XCollection`

    def collection_class(self, entity: EntityType | None) -> tuple[str, str] | None:
        """The class a collection of `entity` is, and its module: its own, or its nearest base
        type's (None: `CollectionBuilder`)."""
        chain = [entity, *self._ancestors(entity)] if entity is not None else []
        found = next((e for e in chain if e.qualified_name in self.bound_many), None)
        return (self.collection_name(found), found.module) if found is not None else None

    def annotation(self, entity: EntityType, many: bool) -> str:
        """The builder of one `entity` (`UserRequests[User]`), or of a collection of them
        (`UserCollectionRequests[User, UserRequests[User]]`, `CollectionBuilder[...]`)."""
        one = entity_type(entity)
        if not many:
            return one
        found = self.collection_class(entity)
        return f"{found[0] if found is not None else 'CollectionBuilder'}[{entity.python_name}, {one}]"

    def _inherited_names(self, entity: EntityType) -> list[str]:
        found = [self.builder(base) for base in self._ancestors(entity)]
        return [
            name
            for b in found
            for name in [*(n.python_name for n in b.navigations), *(s for s, _ in b.streams), *(o.python_name for o in b.operations)]
        ]

    def method(self, overloads: list[ServiceOperation], python_name: str, bound: bool, wire: str = "") -> Method:
        """`wire`: an unbound operation's import name (a bound one's is its qualified name)."""
        ordered = sorted(overloads, key=lambda op: len(op.parameters))
        return Method(
            python_name,
            tuple(self.operation(op, python_name, wire or f"{op.namespace}.{op.name}", bound) for op in ordered),
        )

    def operation(self, op: ServiceOperation, python_name: str, wire: str, bound: bool) -> OperationView:
        params = op.parameters[1:] if bound else op.parameters
        names = unique(["if_match", "self", *(safe(snake(p.name), "parameter") for p in params)])[2:]
        views = tuple(
            Param(n, p.name, _edm(p.type), self._annotation(p.type, p.nullable), p.nullable) for n, p in zip(names, params)
        )
        returns, response = self._returns(op.return_type)
        method = "POST" if op.kind == "action" else "GET"
        ref = op.return_type
        composes = None
        if op.composable and ref is not None and ref.name in self.entities and self.entities[ref.name].kind == "entity":
            if all(not p.type.collection and (p.type.is_primitive or p.type.name in self.codecs.enums) for p in params):
                composes = self.entities[ref.name]
        many = composes is not None and returns.startswith("list:")
        composes_type = self.annotation(composes, many) if composes is not None else ""
        return OperationView(
            python_name, wire, method, views, returns, response, op.loc, bound and method == "POST", composes, composes_type
        )

    def _annotation(self, ref: TypeRef, nullable: bool) -> str:
        if ref.name in self.entities:
            item = self.entities[ref.name].python_name
        elif ref.is_enum or ref.name in self.codecs.enums:
            item = f"{self.codecs.enums[ref.name].python_name} | str"
        else:
            from .codecs import PRIMITIVES

            primitive = PRIMITIVES.get(ref.name)
            item = primitive.py_type if primitive is not None else "Any"
        text = f"list[{item}]" if ref.collection else item
        return f"{text} | None" if nullable and text != "Any" else text

    def _returns(self, ref: TypeRef | None) -> tuple[str, str]:
        if ref is None:
            return "", "None"
        if ref.name in self.entities:
            entity = self.entities[ref.name]
            name, runtime = entity.python_name, target(entity)
            return (f"list:{runtime}", f"list[{name}]") if ref.collection else (f"model:{runtime}", name)
        if ref.name in self.codecs.enums:
            return ("values:Edm.String", "list[str]") if ref.collection else ("value:Edm.String", "str")
        from .codecs import PRIMITIVES

        primitive = PRIMITIVES.get(ref.name)
        py_type = primitive.py_type if primitive is not None else "Any"
        edm = ref.name if primitive is not None else "Edm.Untyped"
        return (f"values:{edm}", f"list[{py_type}]") if ref.collection else (f"value:{edm}", py_type)

    def service(self, keys_as_segments: bool) -> ServiceView:
        members = [m for c in self.schema.containers for m in c.members]
        sets = [m for m in members if m.kind == "entity_set" and m.type in self.entities]
        singletons = [m for m in members if m.kind == "singleton" and m.type in self.entities]
        by_name: dict[str, list[ServiceOperation]] = {}
        for o in self.schema.service_operations:
            if not o.bound:
                by_name.setdefault(f"{o.namespace}.{o.name}", []).append(o)
        imports = [m for m in members if m.kind in ("action_import", "function_import") and m.type in by_name]
        names = unique([member_name(m.name) for m in [*sets, *singletons, *imports]])
        set_names, names = names[: len(sets)], names[len(sets) :]
        singleton_names, import_names = names[: len(singletons)], names[len(singletons) :]
        return ServiceView(
            tuple(Member(n, m.name, e, self.annotation(e, True)) for n, m in zip(set_names, sets) for e in [self.entities[m.type]]),
            tuple(Member(n, m.name, e, entity_type(e)) for n, m in zip(singleton_names, singletons) for e in [self.entities[m.type]]),
            tuple(self.method(by_name[m.type], n, bound=False, wire=m.name) for n, m in zip(import_names, imports)),
            keys_as_segments,
        )


@dataclass(frozen=True, slots=True)
class BuilderImports:
    """What a builder module (or `_service.py`) imports: names of `_client`, and the builder
    classes it derives from, at run time; for type checkers only, standard-library modules,
    model and enum classes and other builder classes (by module)."""

    client: tuple[str, ...]
    runtime: tuple[tuple[str, tuple[str, ...]], ...]
    """Builder modules and the classes taken from each at run time (base classes)."""
    stdlib: tuple[str, ...]
    models: tuple[str, ...]
    enums: tuple[str, ...]
    builders: tuple[tuple[str, tuple[str, ...]], ...]
    any: bool = False
    """An annotation names `Any` (an untyped parameter or result)."""
    overloaded: bool = False
    """A method has overloads (`typing.overload`)."""

    @property
    def typing(self) -> tuple[str, ...]:
        """What the module imports from `typing`."""
        return ("TYPE_CHECKING", *(["Any"] if self.any or self.overloaded else []), *(["overload"] if self.overloaded else []))


def builder_imports(builder: EntityBuilder, views: ClientViews) -> BuilderImports:
    entity, own = builder.entity, builder.collection
    base = views.entities.get(entity.base_type)
    runtime: dict[str, list[str]] = {base.module: [builder.base]} if base is not None else {}
    client = ["M", *(["Documented"] if builder.documented else []), *([] if base is not None else ["EntityBuilder"])]
    client += ["StreamBuilder"] if builder.streams else []
    operations = [o for m in builder.operations for o in m.overloads]
    if own is not None:
        operations += [o for m in own.operations for o in m.overloads]
        client += ["E"] if own.base_module else ["E", "CollectionBuilder"]
        if own.base_module:
            runtime.setdefault(own.base_module, []).append(own.base)
    uses = [(n.target, n.many) for n in builder.navigations]
    overloaded = any(m.overloaded for m in [*builder.operations, *(own.operations if own is not None else ())])
    imports = _imports(views, entity, operations, uses, [n.annotation for n in builder.navigations], client, runtime)
    return replace(imports, overloaded=overloaded)


def service_imports(service: ServiceView, views: ClientViews) -> BuilderImports:
    """What `_service.py` imports: the builders and models of its entity sets and singletons, and
    what its operations' annotations name."""
    uses = [(m.entity, True) for m in service.entity_sets] + [(m.entity, False) for m in service.singletons]
    annotations = [m.annotation for m in [*service.entity_sets, *service.singletons]]
    operations = [o for m in service.operations for o in m.overloads]
    imports = _imports(views, None, operations, uses, annotations, ["ServiceBuilder"], {})
    return replace(imports, overloaded=any(m.overloaded for m in service.operations))


def _imports(
    views: ClientViews,
    here: EntityType | None,
    operations: list[OperationView],
    uses: list[tuple[EntityType, bool]],
    annotations: list[str],
    client: list[str],
    runtime: dict[str, list[str]],
) -> BuilderImports:
    """`uses`: the entity types whose builders the annotations name (True: a collection's);
    `here`: the type whose module this is (its builder classes need no import)."""
    from .codecs import PRIMITIVES

    uses += [(op.composes, op.composes_many) for op in operations if op.composes is not None]
    annotations += [a for op in operations for a in (op.response, op.composes_type, *(p.annotation for p in op.params))]
    words = {w for a in annotations for w in _words(a)}
    found = {(t.module, builder_name(t)) for t, _ in uses}
    found |= {(module, name) for t, many in uses if many for name, module in [views.collection_class(t) or ("", "")] if name}
    imported = {(module, name) for module, names in runtime.items() for name in names}
    here_module = here.module if here is not None else None
    builders: dict[str, list[str]] = {}
    for module, name in sorted(found):
        if module != here_module and (module, name) not in imported:
            builders.setdefault(module, []).append(name)
    models = {t.python_name for t, _ in uses} | (words & views.model_names) | ({here.python_name} if here else set())
    stdlib = tuple(sorted({PRIMITIVES[n].module for n in PRIMITIVES if PRIMITIVES[n].module} & words))
    client += ["CollectionBuilder"] if "CollectionBuilder" in words else []
    client += ["ETag"] if any(op.if_match for op in operations) else []
    client += ["operation"] if operations else []
    return BuilderImports(
        tuple(sorted(set(client))),
        tuple((m, tuple(sorted(n))) for m, n in sorted(runtime.items())),
        stdlib,
        tuple(sorted(models)),
        tuple(sorted(words & views.enum_names)),
        tuple((m, tuple(n)) for m, n in builders.items()),
        "Any" in words,
    )


def _overloads(operations: list[ServiceOperation]) -> list[list[ServiceOperation]]:
    """Operations by qualified name, in the order of their first declaration: a method each."""
    groups: dict[str, list[ServiceOperation]] = {}
    for op in operations:
        groups.setdefault(f"{op.namespace}.{op.name}", []).append(op)
    return list(groups.values())


def _words(annotation: str) -> set[str]:
    import re

    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", annotation))


def _edm(ref: TypeRef) -> str:
    return f"Collection({ref.name})" if ref.collection else ref.name


def target(entity: EntityType) -> str:
    """How the generated code names a model for the runtime: `module:Class` (`message:Message`),
    so that nothing has to look the name up in the registry."""
    return f"{entity.module}:{entity.python_name}"
