"""The docs' own examples, validated against the merged model: every request and response body of
a documented operation (create, get, list, update; and an action's or function's: its parameters,
its return type), nested objects and collections included. Warnings (drift), each at the
line of the example's key it is about:

- `example-property`: a property the type (or the derived type `@odata.type` names) does not
  have, unless the type is open;
- `example-type`: a value of the wrong JSON shape (a string for an Int32, an object for a
  collection, ...), or an `@odata.type` that names no type, or one that is no derived type;
- `example-enum`: a value that is no member of its enum (each part of a flags value).

A null is never drift: Graph's metadata says little about nullability.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from ..ir import Diagnostic, EntityType, EnumType, HttpExample, Location, Operation, Property, Schema, ServiceOperation, TypeRef
from .inheritance import ancestors

_STRINGS = frozenset(
    "Edm." + n for n in "String Guid Date DateTimeOffset Duration TimeOfDay Binary".split()
)
_INTEGERS = frozenset("Edm." + n for n in "Byte SByte Int16 Int32".split())
_FLOATS = frozenset(("Edm.Single", "Edm.Double"))
_FLOAT_TEXT = frozenset(("NaN", "INF", "-INF"))
_BODY_ROLES = {"create": ("request", "response"), "update": ("request", "response"), "get": ("response",), "list": ("response",)}


@dataclass
class _Model:
    types: dict[str, EntityType]
    enums: dict[str, EnumType]
    members: dict[str, dict[str, Property]]
    folded: dict[str, EntityType]
    """Types by lower-cased name: Graph's examples spell `#microsoft.graph.fileAttachment` in
    any case."""

    def properties(self, entity: EntityType) -> dict[str, Property]:
        found = self.members.get(entity.qualified_name)
        if found is None:
            found = {p.name: p for e in (*reversed(ancestors(entity, self.types)), entity) for p in e.properties}
            self.members[entity.qualified_name] = found
        return found

    def derives(self, entity: EntityType, base: EntityType) -> bool:
        return entity is base or base.qualified_name in {a.qualified_name for a in ancestors(entity, self.types)}


def example_drift(schema: Schema) -> Schema:
    types = {e.qualified_name: e for e in schema.entities}
    folded = {name.lower(): entity for name, entity in types.items()}
    model = _Model(types, {e.qualified_name: e for e in schema.enums}, {}, folded)
    found: list[Diagnostic] = []
    for op in schema.operations:
        for example in op.examples:
            target = _target(example, op, folded) if example.body is not None else None
            if target is None:
                continue
            checker = _Checker(model, example)
            declared = example.role == "response" and bool(example.declared_type)
            for item, path in _objects(example, model.properties(target[0]), target[1]):
                checker.object(item, target[0], path, declared)
            found.extend(checker.found)
    for service_op in schema.service_operations:
        for example in service_op.examples:
            if example.body is not None:
                found.extend(_operation_example(model, service_op, example))
    return replace(schema, diagnostics=schema.diagnostics + tuple(found))


def _operation_example(model: _Model, op: ServiceOperation, example: HttpExample) -> list[Diagnostic]:
    """An action's or function's example: a request's body holds its parameters (the binding
    one aside); a response holds what its annotation declares, else the return type (a single
    value or a collection in `value`)."""
    checker = _Checker(model, example)
    body: Any = json.loads(example.body or "null")
    if example.role == "request":
        params = {p.name: p for p in (op.parameters[1:] if op.bound else op.parameters)}
        for key, value in body.items() if isinstance(body, dict) else ():
            param = params.get(key)
            if param is None and not _annotation(key):
                checker.warn(key, f"the example sends {key!r}, which {op.kind} {op.name} does not take", op.loc, "example-property")
            elif param is not None:
                checker.line_of(key)
                checker.value(value, Property(param.name, param.type, param.loc), key, key)
        return checker.found
    declared = _target(example, None, model.folded)
    returned = op.return_type
    if declared is None and returned is not None and returned.name in model.types:
        declared = model.types[returned.name], returned.collection
    if declared is not None:
        for item, path in _objects(example, model.properties(declared[0]), declared[1]):
            checker.object(item, declared[0], path)
    elif returned is not None and isinstance(body, dict) and "value" in body:
        checker.value(body["value"], Property("value", returned, op.loc), "value", "value")
    return checker.found


def _target(example: HttpExample, op: Operation | None, types: dict[str, EntityType]) -> tuple[EntityType, bool] | None:
    """The type an example's body holds, and whether a collection of it: what the response's
    annotation declares, else the operation's entity (a create's or update's request, the
    response of a create, update, get or list)."""
    if example.role == "response" and example.declared_type:
        named = example.declared_type
        collection = named.startswith("Collection(")
        entity = types.get(named.removeprefix("Collection(").removesuffix(")").lower())
        return (entity, collection) if entity is not None else None
    if op is None or example.role not in _BODY_ROLES.get(op.kind, ()):
        return None
    entity = types.get(op.entity.lower())
    return (entity, op.kind == "list" and example.role == "response") if entity is not None else None


def _objects(example: HttpExample, props: dict[str, Property], collection: bool) -> list[tuple[dict[str, Any], str]]:
    """The objects of the body that hold the type: each element of a collection (`value`), or
    the body itself (or its `value`, when the type has no such property: Intune's get pages)."""
    body: Any = json.loads(example.body) if example.body else None
    prefix = ""
    if isinstance(body, dict) and "value" in body and all(k == "value" or _annotation(k) for k in body):
        own = props.get("value")
        if collection or own is None or isinstance(body["value"], dict) and _primitive(own.type):
            body, prefix = body["value"], "value"
    if isinstance(body, list):
        return [(item, f"{prefix}/{i}".lstrip("/")) for i, item in enumerate(body) if isinstance(item, dict)]
    return [(body, prefix)] if isinstance(body, dict) else []


class _Checker:
    def __init__(self, model: _Model, example: HttpExample) -> None:
        self.model = model
        self.example = example
        self.lines = (example.body or "").split("\n")
        self.start = example.body_loc or example.loc
        self.found: list[Diagnostic] = []
        self.cursor = 0
        """The body line of the last key reported: nested keys are searched from there on."""

    def warn(self, key: str, message: str, related: Location | None, kind: str) -> None:
        self.found.append(Diagnostic(self.line_of(key), message, "warning", related, kind))

    def object(self, item: dict[str, Any], entity: EntityType, path: str, declared: bool = True) -> None:
        """Check `item` as an `entity`, or as the type its `@odata.type` names. `declared`: the
        page (or the model, for a nested value) says the object is an `entity`; otherwise the
        type is the operation's, which a page only implies (`POST .../attachments` takes any
        attachment), so another type named there is no drift."""
        entity = self._dispatch(item, entity, path, declared)
        props = self.model.properties(entity)
        for key, value in item.items():
            if _annotation(key):
                continue
            where = f"{path}/{key}".lstrip("/")
            prop = props.get(key)
            if prop is None:
                if not entity.open_type:
                    self.warn(key, f"the example sends {where!r}, which {entity.name} does not have", entity.loc, "example-property")
                continue
            self.line_of(key)
            self.value(value, prop, key, where)

    def _dispatch(self, item: dict[str, Any], entity: EntityType, path: str, declared: bool) -> EntityType:
        """The type `@odata.type` names, where there is one (a row when it is no `entity`)."""
        named = item.get("@odata.type")
        if not isinstance(named, str):
            return entity
        found = self.model.folded.get(named.lstrip("#").lower())
        where = f"{path}/@odata.type".lstrip("/")
        if found is None:
            self.warn("@odata.type", f"the example's {where} names {named!r}, which no source defines", entity.loc, "example-type")
            return entity
        if declared and not self.model.derives(found, entity):
            self.warn("@odata.type", f"the example's {where} names {found.name}, which is no {entity.name}", found.loc, "example-type")
        return found

    def value(self, value: Any, prop: Property, key: str, where: str) -> None:
        if value is None:
            return
        ref = prop.type
        if ref.collection:
            if not isinstance(value, list):
                self.warn(key, f"the example sends {where}: {_short(value)}, but {prop.name} is {_show(ref)}", prop.loc, "example-type")
                return
            for i, element in enumerate(value):
                if element is not None:
                    self.single(element, prop, key, f"{where}/{i}")
            return
        self.single(value, prop, key, where)

    def single(self, value: Any, prop: Property, key: str, where: str) -> None:
        ref = prop.type
        entity = self.model.types.get(ref.name)
        if entity is not None:
            if not self.model.properties(entity):
                return  # Graph's `Json`: a type with no properties stands for any JSON value
            if isinstance(value, dict):
                self.object(value, entity, where)
            else:
                self.warn(key, f"the example sends {where}: {_short(value)}, but {prop.name} is {_show(ref)}", prop.loc, "example-type")
            return
        enum = self.model.enums.get(ref.name)
        if enum is not None:
            self._member(value, enum, prop, key, where)
            return
        if not _fits(value, ref.name):
            self.warn(key, f"the example sends {where}: {_short(value)}, but {prop.name} is {_show(ref)}", prop.loc, "example-type")

    def _member(self, value: Any, enum: EnumType, prop: Property, key: str, where: str) -> None:
        names = {m.name for m in enum.members}
        if not isinstance(value, str):
            self.warn(key, f"the example sends {where}: {_short(value)}, but {prop.name} is the enum {enum.qualified_name}", prop.loc, "example-type")
            return
        parts = [p.strip() for p in value.split(",")] if enum.flags else [value]
        if any(p not in names for p in parts):
            message = f"the example sends {where}: {value!r}, which is no member of {enum.qualified_name} {sorted(names)}"
            self.warn(key, message, prop.loc, "example-enum")

    def line_of(self, key: str) -> Location:
        """The first body line from the cursor on that has `"key":`."""
        needle = json.dumps(key)
        for offset in range(self.cursor, len(self.lines)):
            line = self.lines[offset]
            at = line.find(needle)
            while at >= 0:
                if line[at + len(needle) :].lstrip().startswith(":"):
                    self.cursor = offset
                    return Location(self.start.file, self.start.line + offset)
                at = line.find(needle, at + 1)
        return Location(self.start.file, self.start.line + self.cursor)


def _annotation(key: str) -> bool:
    """`@odata.type`, `prop@odata.bind`, and OData 4.0's `odata.context` spelling."""
    return "@" in key or key.startswith("odata.")


def _primitive(ref: TypeRef) -> bool:
    return ref.is_primitive and not ref.collection


def _fits(value: Any, edm: str) -> bool:
    """Whether a JSON value has the shape OData gives the primitive type `edm`."""
    if edm in _STRINGS:
        return isinstance(value, str)
    if edm == "Edm.Boolean":
        return isinstance(value, bool)
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if edm in _INTEGERS:
        return number and float(value).is_integer()
    if edm == "Edm.Int64":
        return (number and float(value).is_integer()) or (isinstance(value, str) and re.fullmatch(r"-?\d+", value) is not None)
    if edm in _FLOATS:
        return number or value in _FLOAT_TEXT
    if edm == "Edm.Decimal":
        return number or (isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", value) is not None)
    return True  # Edm.Untyped, streams, geography: any JSON


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _show(ref: TypeRef) -> str:
    return f"Collection({ref.name})" if ref.collection else ref.name
