"""Values the templates show that take more than a lookup to compute."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from ..ir import EntityType, EnumType, Operation, Replacement, Schema
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


@dataclass(frozen=True, slots=True)
class ReplacesView:
    """What a model whose type replaces another shows: `REPLACES` and `from_replaced`."""

    new: EntityType
    old: EntityType
    replacement: Replacement

    @property
    def target(self) -> str:
        """The old model as `module:Class` (how the runtime names a model it imports)."""
        return f"{self.old.module}:{self.old.python_name}"

    @property
    def properties(self) -> dict[str, str]:
        return {p.old: p.new for p in self.replacement.properties}

    @property
    def summary(self) -> str:
        """The paragraph of the class docstring."""
        return _wrap(
            f"It replaces `{self.old.qualified_name}`: `{self.new.python_name}.from_replaced(old)` "
            f"converts a `{self.old.python_name}` or its JSON into this type."
        )

    @property
    def method_doc(self) -> str:
        """`from_replaced`'s docstring: what converts how, for this pair of types."""
        renamed = [f"`{p.old}` -> `{p.new}`" for p in self.replacement.properties if p.old != p.new]
        first = (
            f"A `{self.new.python_name}` from the `{self.old.python_name}` it replaces (a model, or its JSON"
            " with wire names) and every problem, as `parse` gives them; never raises on bad data."
        )
        by_value = [f"`{p.old}`" for p in self.replacement.properties if p.by_value]
        text = "Properties keep their names"
        text += f" but for {', '.join(renamed)}." if renamed else "."
        if by_value:
            text += f" Converted by value (an integer to the enum member of that value, or back): {', '.join(by_value)}."
        if self.replacement.dropped:
            text += f" Left out on purpose: {', '.join(f'`{d}`' for d in self.replacement.dropped)}."
        text += (
            " A value that does not convert stays as received, with a `Problem` at its path in the"
            " old data; any other property of the old type, or one it does not have, is a `Problem`"
            " too. Annotations (`@odata.type`, `@odata.etag`) describe the old entity and are left out."
        )
        return f"{_wrap(first, 88)}\n\n{_wrap(text, 88)}"


def _wrap(text: str, width: int = 92) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def replaces_views(schema: Schema) -> dict[str, ReplacesView]:
    """By the qualified name of the new type."""
    entities = {e.qualified_name: e for e in schema.entities}
    return {r.new: ReplacesView(entities[r.new], entities[r.old], r) for r in schema.replacements}
