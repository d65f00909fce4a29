"""Values the templates show that take more than a lookup to compute."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ir import EntityType, EnumType, Operation, Schema
from ..names import safe, snake, unique

_REQUIRED_SUFFIX = re.compile(r"[.\s]*\bRequired\b\.?\s*$", re.IGNORECASE)
_SENT_BY_CALLER = {"authorization", "content-length"}


@dataclass(frozen=True, slots=True)
class Export:
    python_name: str
    folder: str
    module: str


def exports(schema: Schema) -> list[Export]:
    found = [Export(e.python_name, "models", e.module) for e in schema.entities]
    found += [Export(e.python_name, "enums", e.module) for e in schema.enums]
    return sorted(found, key=lambda x: x.python_name)


def request_headers(op: Operation) -> tuple[tuple[str, str], ...]:
    """The page's request headers as sent: docs notes ("Required.") cut off, credentials left to
    the sender, and a JSON Content-Type wherever there is a body."""
    headers: dict[str, tuple[str, str]] = {}
    for header in op.headers:
        if header.name.lower() in _SENT_BY_CALLER:
            continue
        value = _REQUIRED_SUFFIX.sub("", header.value).strip()
        headers[header.name.lower()] = (header.name, value)
    if op.kind in ("create", "update") and "content-type" not in headers:
        headers["content-type"] = ("Content-Type", "application/json")
    return tuple(headers.values())


def enum_numbers(enum: EnumType) -> tuple[int, ...] | None:
    """The members' numbers when they are not simply 0, 1, 2, ... in order (None otherwise)."""
    numbers = tuple(m.value if m.value is not None else i for i, m in enumerate(enum.members))
    return None if numbers == tuple(range(len(numbers))) else numbers


@dataclass(frozen=True, slots=True)
class Builder:
    """What the template writes for one operation's request builder."""

    op: Operation
    entity: EntityType
    returns: str
    """The model class the response carries, "" for none (delete, 204)."""
    keys: tuple[str, ...]
    """The parameters for the path's `{...}` placeholders, in path order: `id` where the one
    placeholder is the entity's own key, else each placeholder's name in snake_case
    (`microsoft_tunnel_site_id`, `microsoft_tunnel_server_id`)."""
    body: bool
    options: tuple[tuple[str, str], ...]
    """Query options the builder takes, with their types (get: select, expand; list: all)."""

    @property
    def many(self) -> bool:
        return self.op.kind == "list"

    @property
    def response(self) -> str:
        """What `send` returns for the builder's request: the `T` of its `HttpRequest[T]`."""
        if not self.returns:
            return "None"
        if self.many:
            return f"Page[{self.returns}]"
        return f"{self.returns} | None" if self.op.kind == "update" else self.returns  # or 204

    @property
    def factory(self) -> str:
        """The `_client` function giving the builder at the page's path."""
        return "documented_collection" if self.op.kind in ("list", "create") else "documented_entity"

    @property
    def call(self) -> str:
        """The builder's method the page's request is, with the function's arguments."""
        if self.op.kind == "update":
            return f"{'replace' if self.op.method == 'PUT' else 'update'}(body)"
        if self.op.kind == "create":
            return "create(body)"
        return f"{self.op.kind}({', '.join(f'{o}={o}' for o, _ in self.options)})"


_TYPES = {"filter": "str", "search": "str", "top": "int", "skip": "int", "count": "bool"}
_OPTIONS = {
    kind: tuple((name, _TYPES.get(name, "Sequence[str]")) for name in names)
    for kind, names in (("get", ("select", "expand")), ("list", ("select", "expand", "filter", "orderby", "top", "skip", "count", "search")))
}


def builders(schema: Schema) -> list[Builder]:
    entities = {e.qualified_name: e for e in schema.entities}
    found = []
    for op in schema.operations:
        entity = entities[op.entity]
        returns = entity.python_name if op.kind != "delete" and op.success_status != 204 else ""
        placeholders = re.findall(r"\{([^}]*)\}", op.path)
        single = len(placeholders) == 1 and op.kind in ("get", "update", "delete")  # the entity's own key
        keys = ("id",) if single else tuple(unique([safe(snake(p), "key") for p in placeholders]))
        found.append(Builder(op, entity, returns, keys, op.kind in ("create", "update"), _OPTIONS.get(op.kind, ())))
    return found
