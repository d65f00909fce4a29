"""What the client templates show: a builder class per entity type, and the service root.

Builders follow the type graph, not the path tree: navigation returns the target type's
builder, so the package grows with types, not paths. Names are computed here, once; a name that
collides with a builder method or a Python keyword gets a trailing `_`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..ir import EntityType, Location, Schema, ServiceOperation, TypeRef
from ..names import safe, snake, unique
from .codecs import CodecTable

BUILDER_NAMES = frozenset(
    {"get", "update", "replace", "delete", "list", "count", "create", "by_key", "put", "url", "root",
     "path", "keys_as_segments", "entity", "MODEL", "KEY"}
)
"""What the builders' base classes define: a navigation property or operation by such a name gets `_`."""


def member_name(wire: str) -> str:
    name = safe(snake(wire), "member")
    return f"{name}_" if name in BUILDER_NAMES else name


@dataclass(frozen=True, slots=True)
class Navigation:
    python_name: str
    wire: str
    target: EntityType
    many: bool


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

    @property
    def composes_many(self) -> bool:
        return self.composes is not None and self.response.startswith("list[")


@dataclass(frozen=True, slots=True)
class EntityBuilder:
    entity: EntityType
    base: str
    """The builder class this one derives from (the base type's, or `EntityBuilder`)."""
    key: tuple[tuple[str, str], ...]
    navigations: tuple[Navigation, ...]
    streams: tuple[tuple[str, str], ...]
    operations: tuple[OperationView, ...]
    documented: tuple[DocsFact, ...] = ()
    """What the docs pages say of this type's operations, one per page."""

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
    required: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Member:
    python_name: str
    wire: str
    entity: EntityType


@dataclass(frozen=True, slots=True)
class ServiceView:
    entity_sets: tuple[Member, ...]
    singletons: tuple[Member, ...]
    operations: tuple[OperationView, ...]
    keys_as_segments: bool


def builder_name(entity: EntityType) -> str:
    return f"{entity.python_name}Requests"


def collection_type(entity: EntityType) -> str:
    return f"CollectionBuilder[{entity.python_name}, {builder_name(entity)}[{entity.python_name}]]"


def entity_type(entity: EntityType) -> str:
    return f"{builder_name(entity)}[{entity.python_name}]"


class ClientViews:
    """The builders of one schema (the warnings for what they cannot express come from
    `passes/operations.py`)."""

    def __init__(self, schema: Schema, codecs: CodecTable) -> None:
        self.schema = schema
        self.codecs = codecs
        self.entities = {e.qualified_name: e for e in schema.entities}
        self._built: dict[str, EntityBuilder] = {}
        self.model_names = {e.python_name for e in schema.entities}
        self.enum_names = {e.python_name for e in schema.enums}
        self.bound: dict[str, list[ServiceOperation]] = {}
        for op in schema.service_operations:
            if op.bound and op.parameters:
                binding = op.parameters[0].type
                if not binding.collection and binding.name in self.entities:
                    self.bound.setdefault(binding.name, []).append(op)

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
        operations = self.bound.get(entity.qualified_name, [])
        wanted = [member_name(p.name) for p, _ in navigations] + [member_name(p.name) for p in streams]
        wanted += [member_name(op.name) for op in operations]
        names = unique([*sorted(taken), *wanted])[len(taken) :]
        nav_names, names = names[: len(navigations)], names[len(navigations) :]
        stream_names, op_names = names[: len(streams)], names[len(streams) :]
        documented = tuple(
            DocsFact(
                op.kind,
                op.method,
                op.path,
                str(op.loc),
                op.permissions.as_dict(),
                entity.required_on_create if op.kind == "create" else (),
            )
            for op in self.schema.operations
            if op.entity == entity.qualified_name
        )
        return EntityBuilder(
            entity,
            base,
            self.key(entity),
            tuple(Navigation(n, p.name, target, p.type.collection) for n, (p, target) in zip(nav_names, navigations)),
            tuple((n, p.name) for n, p in zip(stream_names, streams)),
            tuple(self.operation(op, n, f"{op.namespace}.{op.name}", bound=True) for n, op in zip(op_names, operations)),
            documented,
        )

    def _inherited_names(self, entity: EntityType) -> list[str]:
        found = [self.builder(base) for base in self._ancestors(entity)]
        return [
            name
            for b in found
            for name in [*(n.python_name for n in b.navigations), *(s for s, _ in b.streams), *(o.python_name for o in b.operations)]
        ]

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
        if op.composable and ref is not None and ref.name in self.entities:
            if all(not p.type.collection and (p.type.is_primitive or p.type.name in self.codecs.enums) for p in params):
                composes = self.entities[ref.name]
        return OperationView(python_name, wire, method, views, returns, response, op.loc, bound and method == "POST", composes)

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
        by_name = {f"{o.namespace}.{o.name}": o for o in self.schema.service_operations if not o.bound}
        imports = [m for m in members if m.kind in ("action_import", "function_import") and m.type in by_name]
        names = unique([member_name(m.name) for m in [*sets, *singletons, *imports]])
        set_names, names = names[: len(sets)], names[len(sets) :]
        singleton_names, import_names = names[: len(singletons)], names[len(singletons) :]
        return ServiceView(
            tuple(Member(n, m.name, self.entities[m.type]) for n, m in zip(set_names, sets)),
            tuple(Member(n, m.name, self.entities[m.type]) for n, m in zip(singleton_names, singletons)),
            tuple(self.operation(by_name[m.type], n, m.name, bound=False) for n, m in zip(import_names, imports)),
            keys_as_segments,
        )


@dataclass(frozen=True, slots=True)
class BuilderImports:
    """What a builder module imports: its base builder at run time; for type checkers only,
    standard-library modules, model classes and other builder classes (by module)."""

    base_module: str
    stdlib: tuple[str, ...]
    models: tuple[str, ...]
    enums: tuple[str, ...]
    builders: tuple[tuple[str, str], ...]
    any: bool = False
    """An annotation names `Any` (an untyped parameter or result)."""


def builder_imports(builder: EntityBuilder, views: ClientViews) -> BuilderImports:
    from .codecs import PRIMITIVES

    entity = builder.entity
    base = views.entities.get(entity.base_type)
    targets = {n.target.qualified_name: n.target for n in builder.navigations}
    targets.update((op.composes.qualified_name, op.composes) for op in builder.operations if op.composes is not None)
    words = {w for op in builder.operations for a in (op.response, *(p.annotation for p in op.params)) for w in _words(a)}
    models = {entity.python_name, *(t.python_name for t in targets.values())} | (words & views.model_names)
    stdlib = tuple(sorted({PRIMITIVES[n].module for n in PRIMITIVES if PRIMITIVES[n].module} & words))
    builders = tuple(sorted({(t.module, builder_name(t)) for t in targets.values() if t.qualified_name != entity.qualified_name}))
    enums = tuple(sorted(words & views.enum_names))
    base_module = base.module if base is not None else ""
    return BuilderImports(base_module, stdlib, tuple(sorted(models)), enums, builders, "Any" in words)


def _words(annotation: str) -> set[str]:
    import re

    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", annotation))


def nav_type(navigation: Navigation) -> str:
    return collection_type(navigation.target) if navigation.many else entity_type(navigation.target)


def operation_def(op: OperationView, indent: int = 4) -> str:
    """The method of one action or function: keyword-only parameters (the required ones, not
    nullable, without a default), `if_match` for an action, the request it builds."""
    from .text import def_line, literal, statement

    required = [p for p in op.params if not p.nullable]
    optional = [p for p in op.params if p.nullable]
    args = ["self", "*"] if op.params or op.if_match else ["self"]
    args += [f"{p.python_name}: {p.annotation}" for p in required]
    args += [f"{p.python_name}: {p.annotation} = None" for p in optional]
    if op.if_match:
        args.append("if_match: ETag = None")
    spec = " ".join(f"{p.wire}:{p.edm}" for p in op.params)
    call = [literal(op.method), literal(op.wire), literal(op.returns), "if_match" if op.if_match else "None"]
    call += [literal(spec), *(p.python_name for p in op.params)]
    kind = "Action" if op.method == "POST" else "Function"
    pad = " " * indent
    returns, body = f"HttpRequest[{op.response}]", statement("return self._operation(", ", ".join(call), indent + 4)
    if op.composes is not None:
        many = op.composes_many
        kind = "Composable function"
        returns = collection_type(op.composes) if many else entity_type(op.composes)
        compose = [literal(op.wire), literal(target(op.composes)), str(many), literal(spec), *(p.python_name for p in op.params)]
        body = statement("return self._compose(", ", ".join(compose), indent + 4)
    return "\n".join(
        [
            f"{pad}@operation",
            def_line(op.python_name, args, returns, indent),
            f'{pad}    """{kind} `{op.wire}`."""',
            body,
        ]
    )


def property_def(name: str, returns: str, indent: int = 4) -> str:
    """The `def` line of a navigation property or an entity set, as black writes it."""
    from .text import def_line

    return def_line(name, ["self"], returns, indent)


def service_imports(service: ServiceView, views: ClientViews) -> BuilderImports:
    """What `_service.py` imports for type checkers: the builders and models of its entity sets
    and singletons, and what its operations' annotations name."""
    from .codecs import PRIMITIVES

    members = [*service.entity_sets, *service.singletons]
    members += [Member("", "", op.composes) for op in service.operations if op.composes is not None]
    words = {w for op in service.operations for a in (op.response, *(p.annotation for p in op.params)) for w in _words(a)}
    models = {m.entity.python_name for m in members} | (words & views.model_names)
    stdlib = tuple(sorted({PRIMITIVES[n].module for n in PRIMITIVES if PRIMITIVES[n].module} & words))
    builders = tuple(sorted({(m.entity.module, builder_name(m.entity)) for m in members}))
    enums = tuple(sorted(words & views.enum_names))
    return BuilderImports("", stdlib, tuple(sorted(models)), enums, builders, "Any" in words)


def _edm(ref: TypeRef) -> str:
    return f"Collection({ref.name})" if ref.collection else ref.name


def target(entity: EntityType) -> str:
    """How the generated code names a model for the runtime: `module:Class` (`message:Message`),
    so that nothing has to look the name up in the registry."""
    return f"{entity.module}:{entity.python_name}"
