"""Combine fragments into one schema, by precedence, recording every disagreement.

CSDL is authoritative for types, nullability, enum members and values, and inheritance; the
docs add descriptions, endpoints, permissions, what create requires, and examples; the overlay
(applied after this) wins over both. Among docs pages: the resource page, then create pages,
then the other API pages. Names match case-insensitively, since Graph spells one type several
ways (`userPFXCertificate`, `userPfxCertificates`). Disagreements are warnings that carry both
locations (`odatagen drift` lists them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial

from .accounting import account, ancestors_of
from .ir import (
    OPERATION_KINDS,
    CsdlDocument,
    Diagnostic,
    EntityType,
    EnumType,
    Location,
    Operation,
    PageFragment,
    Property,
    Schema,
    ServiceOperation,
    TypeDefinition,
    TypeRef,
)
from .merge_operations import join_operations

_RANK = {"resource": 0, "api": 1, "enum": 2, "other": 3}
_OP_RANK = {"create": 0, "update": 1, "get": 2, "list": 3, "delete": 4}


def drift(loc: Location, message: str, kind: str, related: Location | None = None) -> Diagnostic:
    return Diagnostic(loc, message, "warning", related, kind)


def merge(fragments: Sequence[PageFragment | CsdlDocument]) -> Schema:
    pages = [f for f in fragments if isinstance(f, PageFragment)]
    documents = [f for f in fragments if isinstance(f, CsdlDocument)]
    diagnostics = [_kind_of(d, "page" if isinstance(f, PageFragment) else "csdl") for f in fragments for d in f.diagnostics]
    pages = _qualify_pages(pages, documents, diagnostics)
    docs = _merge_pages(pages, diagnostics)
    if not documents:
        by_name = {e.qualified_name.lower(): e for e in docs.entities}
        actions = _join_actions((), docs.service_operations, by_name, diagnostics)
        return replace(docs, service_operations=actions, diagnostics=tuple(diagnostics))
    csdl = _merge_documents(documents, diagnostics)
    accounting, rows = account(sorted(pages, key=_precedence), csdl)
    return replace(_combine(csdl, docs, [*diagnostics, *rows]), accounting=accounting)


def _kind_of(diagnostic: Diagnostic, kind: str) -> Diagnostic:
    """A reader's warning without a kind of its own is about its page (or CSDL document)."""
    return diagnostic if diagnostic.kind else replace(diagnostic, kind=kind)


# -- docs pages ---------------------------------------------------------------------------------


def _qualify_pages(
    pages: Sequence[PageFragment], documents: Sequence[CsdlDocument], diagnostics: list[Diagnostic]
) -> list[PageFragment]:
    """Pages without a `Namespace:` line (the docs before 2020) name types without one: each
    takes the namespace the other sources give that type name, `microsoft.graph` (the Graph
    docs' convention) where none does. Where several do, that is a warning and the Graph one (or
    the first in order) is taken."""
    known: dict[str, set[str]] = {}

    def note(qualified: str) -> None:
        namespace, _, name = qualified.rpartition(".")
        if namespace and not qualified.startswith("Edm."):
            known.setdefault(name.lower(), set()).add(namespace)

    for document in documents:
        for named in (*document.entities, *document.enums, *document.type_definitions):
            note(f"{named.namespace}.{named.name}")
    for page in pages:
        if page.namespace:
            if page.entity:
                note(page.entity)
            if page.enum is not None:
                note(page.enum.qualified_name)
    warned: set[str] = set()

    def qualify(name: str, page: PageFragment) -> str:
        if not name or "." in name:
            return name
        found = sorted(known.get(name.lower(), ()))
        if len(found) > 1 and name.lower() not in warned:
            warned.add(name.lower())
            diagnostics.append(
                Diagnostic(
                    page.loc,
                    f"{page.source} has no Namespace line and {name} is in {', '.join(found)}; "
                    f"using {GRAPH_NAMESPACE if GRAPH_NAMESPACE in found else found[0]}",
                    "warning",
                    kind="namespace",
                )
            )
        namespace = GRAPH_NAMESPACE if not found or GRAPH_NAMESPACE in found else found[0]
        return f"{namespace}.{name}"

    return [page if page.namespace else _qualified(page, partial(qualify, page=page)) for page in pages]


def _qualified(page: PageFragment, qualify: Callable[[str], str]) -> PageFragment:
    """`page` with every type name it gives qualified by `qualify`."""

    def ref(r: TypeRef) -> TypeRef:
        return replace(r, name=qualify(r.name))

    enum = page.enum
    if enum is not None and not enum.namespace:
        enum = replace(enum, namespace=qualify(enum.name).rpartition(".")[0])
    op = page.operation
    if op is not None:
        op = replace(op, entity=qualify(op.entity), body=op.body and ref(op.body))
    action = page.service_operation
    if action is not None:
        action = replace(
            action,
            namespace=action.namespace or GRAPH_NAMESPACE,
            parameters=tuple(replace(p, type=ref(p.type)) for p in action.parameters),
            return_type=action.return_type and ref(action.return_type),
        )
    return replace(
        page,
        entity=qualify(page.entity),
        enum=enum,
        operation=op,
        service_operation=action,
        properties=tuple(replace(p, type=ref(p.type)) for p in page.properties),
        navigation_properties=tuple(replace(p, type=ref(p.type)) for p in page.navigation_properties),
    )


def _merge_pages(fragments: Sequence[PageFragment], diagnostics: list[Diagnostic]) -> Schema:
    namespace = next((f.namespace for f in fragments if f.namespace), "")
    ordered = sorted(fragments, key=_precedence)
    enums = _enums(ordered, diagnostics)
    entities = _entities(ordered, diagnostics)
    canonical = {e.qualified_name.lower(): e.qualified_name for e in entities}
    operations = _operations(ordered, canonical, diagnostics)
    _create_examples_drift(ordered, diagnostics)
    actions = tuple(f.service_operation for f in fragments if f.service_operation is not None)
    return Schema(namespace, tuple(entities), tuple(enums.values()), operations, service_operations=actions)


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
        found[key] = replace(
            entity, properties=props, required_on_create=tuple(p.name for p in props if p.required_on_create)
        )
    return list(found.values())


def _merge_properties(
    current: tuple[Property, ...], fragment: PageFragment, diagnostics: list[Diagnostic]
) -> tuple[Property, ...]:
    props = {p.name: p for p in current}
    required = fragment.properties_required_on_create
    for prop in fragment.properties:
        mine = props.get(prop.name)
        if mine is None:
            props[prop.name] = prop if prop.required_on_create == required else replace(prop, required_on_create=required)
            continue
        if prop.type.name and mine.type.name and not _same_ref(prop.type, mine.type):
            diagnostics.append(
                drift(prop.loc, f"{prop.name}: type {_show(prop.type)}, but {_show(mine.type)} there", "docs-conflict", mine.loc)
            )
        if not mine.type.name and prop.type.name:
            mine = replace(mine, type=prop.type)
        props[prop.name] = replace(
            mine,
            required_on_create=mine.required_on_create or required,
            enum_members=mine.enum_members or prop.enum_members,
            description=mine.description or prop.description,
        )
    return tuple(props.values())


def _same_ref(a: TypeRef, b: TypeRef) -> bool:
    """Graph's pages spell one type several ways (`PasswordProfile`, `passwordProfile`)."""
    return a.name.lower() == b.name.lower() and a.collection == b.collection


def _show(ref: TypeRef) -> str:
    name = ref.name or "an unnamed enumeration"
    return f"Collection({name})" if ref.collection else name


def _enums(fragments: Iterable[PageFragment], diagnostics: list[Diagnostic]) -> dict[str, EnumType]:
    enums: dict[str, EnumType] = {}
    for fragment in fragments:
        if fragment.enum is None:
            continue
        key = fragment.enum.qualified_name.lower()
        if key in enums:
            diagnostics.append(drift(fragment.loc, f"enum {fragment.enum.name} is documented again", "docs-conflict", enums[key].loc))
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
            diagnostics.append(drift(op.loc, f"{op.kind} of {entity} is documented again", "docs-conflict", seen[key].loc))
            continue
        seen[key] = replace(op, entity=entity)
    return tuple(sorted(seen.values(), key=lambda o: (o.entity.lower(), OPERATION_KINDS.index(o.kind))))


def _create_examples_drift(fragments: Iterable[PageFragment], diagnostics: list[Diagnostic]) -> None:
    """A create page that calls properties required while its own example request omits them."""
    for fragment in fragments:
        op = fragment.operation
        if op is None or op.kind != "create" or not fragment.properties_required_on_create:
            continue
        request = next((e for e in op.examples if e.role == "request" and e.body is not None), None)
        body = request.json_body() if request else None
        if request is None or not isinstance(body, dict):
            continue
        for prop in fragment.properties:
            if prop.name not in body:
                diagnostics.append(
                    drift(
                        prop.loc,
                        f"the page calls {prop.name!r} required on create, but its example request omits it",
                        "example-required",
                        request.loc,
                    )
                )


# -- CSDL ---------------------------------------------------------------------------------------


def _merge_documents(documents: Sequence[CsdlDocument], diagnostics: list[Diagnostic]) -> Schema:
    """Several CSDL files as one model. A type defined twice (a quirk of real Graph metadata) is
    merged when both definitions say the same; otherwise the first wins. Either way, a warning."""
    kept: dict[str, EntityType | EnumType | TypeDefinition] = {}
    for document in documents:
        types: list[EntityType | EnumType | TypeDefinition] = [*document.entities, *document.enums, *document.type_definitions]
        for t in sorted(types, key=lambda t: t.loc.line):
            first = kept.setdefault(t.qualified_name, t)
            if first is not t:
                same = _content(first) == _content(t)
                outcome = "the same definition, merged" if same else "they differ, so the first is used"
                where = f"first at {first.loc}"
                diagnostics.append(
                    Diagnostic(t.loc, f"type {t.qualified_name} is defined again ({where}); {outcome}", "warning", first.loc, quirk=True)
                )
    entities = [t for t in kept.values() if isinstance(t, EntityType)]
    by_name = {e.qualified_name.lower(): e for e in entities}
    return Schema(
        namespace=documents[0].namespaces[0] if documents[0].namespaces else "",
        entities=tuple(replace(e, required_on_create=_required_by_csdl(e, by_name)) for e in entities),
        enums=tuple(t for t in kept.values() if isinstance(t, EnumType)),
        type_definitions=tuple(t for t in kept.values() if isinstance(t, TypeDefinition)),
        containers=tuple(c for d in documents for c in d.containers),
        service_operations=tuple(o for d in documents for o in d.service_operations),
        aliases=tuple(sorted({a for d in documents for a in d.aliases})),
        namespaces=tuple(dict.fromkeys(n for d in documents for n in (*d.namespaces, *d.references))),
    )


_NOWHERE = Location("", 0)


def _content(t: EntityType | EnumType | TypeDefinition) -> object:
    """What a type definition says, wherever it says it."""
    if isinstance(t, EntityType):
        return replace(t, loc=_NOWHERE, properties=tuple(replace(p, loc=_NOWHERE) for p in t.properties))
    if isinstance(t, EnumType):
        return replace(t, loc=_NOWHERE, members=tuple(replace(m, loc=_NOWHERE) for m in t.members))
    return replace(t, loc=_NOWHERE)


GRAPH_NAMESPACE = "microsoft.graph"
"""Graph's metadata marks value-typed properties Nullable="false" (4,675 in beta 2021) without
saying which the service sets (no Core.Computed at all): for Graph, the docs and the overlay say
what create requires."""


def _required_by_csdl(entity: EntityType, entities: dict[str, EntityType]) -> tuple[str, ...]:
    """What a create body must carry by the metadata: every single-valued structural property,
    own or inherited, that is Nullable="false" without a DefaultValue and not computed (nor
    filled by the service when left out: Core.ComputedDefaultValue)."""
    namespace = entity.namespace
    if namespace == GRAPH_NAMESPACE or namespace.startswith(GRAPH_NAMESPACE + "."):
        return ()
    chain = [*reversed(ancestors_of(entity, entities)), entity]
    return tuple(
        p.name
        for owner in chain
        for p in owner.properties
        if not (p.nullable or p.type.collection or p.navigation or p.read_only or p.default_value is not None or p.computed_default)
    )


def _combine(csdl: Schema, docs: Schema, diagnostics: list[Diagnostic]) -> Schema:
    entities = {e.qualified_name.lower(): e for e in csdl.entities}
    for doc_entity in docs.entities:
        key = doc_entity.qualified_name.lower()
        if key in entities:
            entities[key] = _combine_entity(entities[key], doc_entity, entities)
        else:
            entities[key] = doc_entity  # documented only (pfxUserCertificate): the docs are all there is
    enums = {e.qualified_name.lower(): e for e in csdl.enums}
    for doc_enum in docs.enums:
        key = doc_enum.qualified_name.lower()
        enums[key] = _combine_enum(enums[key], doc_enum) if key in enums else doc_enum
    for enum in csdl.enums:
        _flag_like(enum, diagnostics)
    canonical = {k: e.qualified_name for k, e in entities.items()}
    operations = tuple(replace(op, entity=canonical.get(op.entity.lower(), op.entity)) for op in docs.operations)
    actions = _join_actions(csdl.service_operations, docs.service_operations, entities, diagnostics)
    return replace(
        csdl,
        entities=tuple(entities.values()),
        enums=tuple(enums.values()),
        operations=operations,
        service_operations=actions,
        diagnostics=tuple(diagnostics),
    )


def _join_actions(
    csdl: Sequence[ServiceOperation],
    docs: Sequence[ServiceOperation],
    entities: dict[str, EntityType],
    diagnostics: list[Diagnostic],
) -> tuple[ServiceOperation, ...]:
    return join_operations(csdl, docs, entities, lambda e: ancestors_of(e, entities), diagnostics)


def _combine_entity(csdl: EntityType, docs: EntityType, entities: dict[str, EntityType]) -> EntityType:
    """The CSDL type with the docs' descriptions and what create requires. Where the two
    disagree, `account` has said so; the docs' "Possible values" were held against the CSDL's
    enum there, which the CSDL always names."""
    documented = {p.name: p for p in docs.properties}
    props = tuple(
        replace(p, description=documented[p.name].description)
        if not p.description and p.name in documented and documented[p.name].description
        else p
        for p in csdl.properties
    )
    known = {p.name for p in csdl.properties} | {p.name for base in ancestors_of(csdl, entities) for p in base.properties}
    required = tuple(dict.fromkeys([*csdl.required_on_create, *(n for n in docs.required_on_create if n in known)]))
    return replace(csdl, properties=props, description=csdl.description or docs.description, required_on_create=required)


def _combine_enum(csdl: EnumType, docs: EnumType) -> EnumType:
    """The CSDL enum with the docs' descriptions (`account` compares the members)."""
    mine = {m.name: m for m in docs.members}
    members = tuple(
        replace(m, description=m.description or (mine[m.name].description if m.name in mine else "")) for m in csdl.members
    )
    return replace(csdl, members=members, description=csdl.description or docs.description)


def _flag_like(enum: EnumType, diagnostics: list[Diagnostic]) -> None:
    values = sorted(m.value for m in enum.members if m.value)
    powers = all(v > 0 and v & (v - 1) == 0 for v in values)
    if not enum.flags and len(values) >= 3 and powers and values != list(range(1, len(values) + 1)):
        diagnostics.append(
            drift(enum.loc, f"enum {enum.name} has flag-like values {[m.value for m in enum.members]} but no IsFlags=\"true\"", "enum-flags")
        )
