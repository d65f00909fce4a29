"""Actions and functions that docs pages document, joined with the CSDL's (part of `merge`).

A docs operation matches a CSDL operation of the same name (ignoring case) and binding: the
same type, or a base of it (`restore` bound to `directoryObject` serves a page about a user),
unbound for unbound. A match adds the page's facts (description, paths, permissions,
examples) and nothing else: the CSDL's parameters and return type stand, and a parameter or
return type the page gives otherwise is a drift warning. A docs operation the CSDL lacks is
kept, with a drift warning. One bound to a type no source defines (the reader takes the
binding from the title or the file name, so it may name an old type, `Chart` for
`workbookChart`) is left out, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from .ir import Diagnostic, EntityType, Location, ServiceOperation, TypeRef


def join_operations(
    csdl: Sequence[ServiceOperation],
    docs: Sequence[ServiceOperation],
    entities: dict[str, EntityType],
    ancestors: Callable[[EntityType], list[EntityType]],
    diagnostics: list[Diagnostic],
) -> tuple[ServiceOperation, ...]:
    """`csdl` with the docs facts of `docs` joined in, then the docs operations it lacks.
    `entities` maps lower-case qualified names to the merged entity and complex types."""
    ops = list(csdl)
    by_name: dict[str, list[int]] = {}
    for at, op in enumerate(ops):
        by_name.setdefault(op.name.lower(), []).append(at)
    joined: set[int] = set()
    for documented in docs:
        doc = _canonical_binding(documented, entities, diagnostics)
        if doc is None:
            continue
        index = _match(doc, ops, by_name.get(doc.name.lower(), []), entities, ancestors, joined)
        if index is None:
            if csdl:
                diagnostics.append(_drift(doc.loc, f"the docs document {_describe(doc)}, which the CSDL does not have", "operation-missing-in-csdl"))
            by_name.setdefault(doc.name.lower(), []).append(len(ops))
            ops.append(doc)
            continue
        joined.add(index)
        ops[index] = _with_docs(ops[index], doc, diagnostics)
    return tuple(ops)


def _drift(loc: Location, message: str, kind: str, related: Location | None = None) -> Diagnostic:
    return Diagnostic(loc, message, "warning", related, kind)


def _describe(op: ServiceOperation) -> str:
    binding = op.parameters[0].type if op.bound and op.parameters else None
    if binding is None:
        return f"{op.kind} {op.name}"
    shown = f"Collection({binding.name})" if binding.collection else binding.name
    return f"{op.kind} {op.name} bound to {shown}"


def _canonical_binding(
    op: ServiceOperation, entities: dict[str, EntityType], diagnostics: list[Diagnostic]
) -> ServiceOperation | None:
    """`op` with its binding type spelled as the model spells it; None (and a warning) when no
    source defines that type."""
    if not (op.bound and op.parameters):
        return op
    binding = op.parameters[0]
    found = entities.get(binding.type.name.lower())
    if found is None:
        diagnostics.append(
            _drift(op.loc, f"the docs document {_describe(op)}, but no source defines {binding.type.name}; left out", "operation-binding")
        )
        return None
    ref = TypeRef(found.qualified_name, binding.type.collection)
    return replace(op, parameters=(replace(binding, type=ref), *op.parameters[1:]))


def _match(
    doc: ServiceOperation,
    ops: list[ServiceOperation],
    candidates: list[int],
    entities: dict[str, EntityType],
    ancestors: Callable[[EntityType], list[EntityType]],
    joined: set[int],
) -> int | None:
    """The CSDL operation `doc` documents: same name and binding (the type or a base of it);
    among several, the one not yet joined whose parameters and binding collection agree best."""
    chain: list[str] = []
    if doc.bound:
        own = entities[doc.parameters[0].type.name.lower()]
        chain = [own.qualified_name.lower(), *(a.qualified_name.lower() for a in ancestors(own))]
    found = []
    for index in candidates:
        op = ops[index]
        if op.bound != doc.bound or (op.bound and not op.parameters):
            continue
        depth = chain.index(op.parameters[0].type.name.lower()) if doc.bound and op.parameters[0].type.name.lower() in chain else -1
        if doc.bound and depth < 0:
            continue
        names = {p.name.lower() for p in op.parameters[op.bound :]}
        mine = {p.name.lower() for p in doc.parameters[doc.bound :]}
        collection = doc.bound and op.parameters[0].type.collection != doc.parameters[0].type.collection
        found.append((index in joined, depth, collection, len(names ^ mine), index))
    return min(found)[-1] if found else None


def _with_docs(csdl: ServiceOperation, doc: ServiceOperation, diagnostics: list[Diagnostic]) -> ServiceOperation:
    own = {p.name.lower() for p in csdl.parameters[csdl.bound :]}
    for param in doc.parameters[doc.bound :]:
        if param.name.lower() not in own:
            diagnostics.append(
                _drift(param.loc, f"the docs give {csdl.name} a parameter {param.name!r}, which the CSDL does not have", "operation-parameter", csdl.loc)
            )
    if doc.return_type is not None and csdl.return_type is not None and _shown(doc.return_type) != _shown(csdl.return_type):
        diagnostics.append(
            _drift(
                doc.loc,
                f"{csdl.name}: the docs say it returns {_shown(doc.return_type)}, the CSDL {_shown(csdl.return_type)}",
                "operation-return",
                csdl.loc,
            )
        )
    return replace(
        csdl,
        description=csdl.description or doc.description,
        documented_at=csdl.documented_at or doc.documented_at,
        paths=csdl.paths or doc.paths,
        permissions=csdl.permissions or doc.permissions,
        examples=csdl.examples or doc.examples,
    )


def _shown(ref: TypeRef) -> str:
    name = ref.name.lower()
    return f"Collection({name})" if ref.collection else name
