"""The YAML overlay: corrections that win over every other source.

```yaml
types:
  microsoft.graph.userPFXCertificate:      # qualified type name
    description: ...                       # optional
    properties:
      id: {server_managed: true}           # not required on create
      intendedPurpose: {type: microsoft.graph.userPfxIntendedPurpose}
      encryptedPfxPassword: {secret: true}
    replaces:                              # optional: see replaces.py
      type: microsoft.graph.pfxUserCertificate
      properties: {userUpn: userPrincipalName}
      drop: [tenantId]
skip_pages:                                # docs pages the run goes on without
  - {page: driveitem-restore.md, reason: "an action page, not a create page"}
```
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import OdatagenError
from .ir import Diagnostic, EntityType, Location, Property, Replacement, Schema, TypeRef
from .replaces import ReplacesPatch, load_replaces, pair_properties
from .suggest import did_you_mean, near_names
from .yamlfile import YamlFile, key_lines, line_of

_TOP = {"types", "skip_pages"}
_SKIP = {"page", "reason"}
_TYPE = {"description", "properties", "replaces"}
_PROPERTY = {"type", "description", "server_managed", "secret", "required_on_create"}
_BOOLEANS = ("server_managed", "secret", "required_on_create")
_INHERITED_OK = {"server_managed", "required_on_create"}


@dataclass(frozen=True, slots=True)
class PropertyPatch:
    loc: Location
    values: tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class TypePatch:
    loc: Location
    description: str | None
    properties: tuple[tuple[str, PropertyPatch], ...]
    replaces: ReplacesPatch | None = None


@dataclass(frozen=True, slots=True)
class SkipPage:
    """`skip_pages` entry: docs pages the run leaves out, and why. `page` is a path as odatagen
    shows it (relative to the config's folder), or, without a `/`, a file name; either may be a
    glob (`*-restore.md`)."""

    page: str
    reason: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Overlay:
    types: tuple[tuple[str, TypePatch], ...] = ()
    skip_pages: tuple[SkipPage, ...] = ()


def load_overlay(path: Path, display: str) -> Overlay:
    doc = YamlFile(path, display)
    top = doc.mapping(doc.root, "the overlay", _TOP)
    skips = _skip_pages(doc, top["skip_pages"]) if "skip_pages" in top else ()
    if "types" not in top:
        return Overlay(skip_pages=skips)
    by_name = doc.mapping(top["types"], "types")
    lines = key_lines(top["types"])
    types: list[tuple[str, TypePatch]] = []
    for type_name, type_node in by_name.items():
        entries = doc.mapping(type_node, f"types.{type_name}", _TYPE)
        description = doc.string(entries["description"], "description") if "description" in entries else None
        props: list[tuple[str, PropertyPatch]] = []
        if "properties" in entries:
            for prop_name, prop_node in doc.mapping(entries["properties"], f"types.{type_name}.properties").items():
                where = f"types.{type_name}.properties.{prop_name}"
                values = []
                for key, node in doc.mapping(prop_node, where, _PROPERTY).items():
                    value = doc.boolean(node, key) if key in _BOOLEANS else doc.string(node, key)
                    values.append((key, value))
                props.append((prop_name, PropertyPatch(Location(display, line_of(prop_node)), tuple(values))))
        replaces = load_replaces(doc, entries["replaces"], f"types.{type_name}.replaces") if "replaces" in entries else None
        types.append((type_name, TypePatch(Location(display, lines[type_name]), description, tuple(props), replaces)))
    return Overlay(tuple(types), skips)


def _skip_pages(doc: YamlFile, node: yaml.Node) -> tuple[SkipPage, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise doc.fail(node, "skip_pages must be a list of {page: PATH-OR-GLOB, reason: TEXT}")
    skips = []
    for item in node.value:
        entry = doc.mapping(item, "a skip_pages entry", _SKIP)
        missing = sorted(_SKIP - set(entry))
        if missing:
            raise doc.fail(item, f"a skip_pages entry needs {missing[0]!r} (page: the path or glob, reason: why it is left out)")
        skips.append(SkipPage(doc.string(entry["page"], "page"), doc.string(entry["reason"], "reason"), Location(doc.display, line_of(item))))
    return tuple(skips)


def skipped_pages(pages: list[str], skips: tuple[SkipPage, ...]) -> tuple[dict[str, SkipPage], list[Diagnostic]]:
    """Which of `pages` (as odatagen shows them) the overlay skips, by the first entry that
    matches; an entry that matches no page is a warning on its line."""
    chosen: dict[str, SkipPage] = {}
    warnings = []
    for skip in skips:
        matched = [p for p in pages if fnmatch.fnmatchcase(p if "/" in skip.page else p.rpartition("/")[2], skip.page)]
        for page in matched:
            chosen.setdefault(page, skip)
        if not matched:
            warnings.append(Diagnostic(skip.loc, f"skip_pages entry {skip.page!r} matches no docs page of this run", "warning"))
    return chosen, warnings


def apply_overlay(
    schema: Schema, overlay: Overlay, subset: bool = False, generated: frozenset[str] = frozenset()
) -> Schema:
    """Patch the schema. A property its type lacks is an error (most likely a typo), and so is a
    type no source defines: ignored, its corrections (a `secret`, say) would be lost from a run
    that succeeds. Only a run that may leave types out (`subset`) lets a name near no type pass,
    with a warning; and so does a type the last generate had (`generated`, the names lock's
    types): the sources removed it, which the changelog reports as breaking."""
    entities = {e.qualified_name: e for e in schema.entities}
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    replaces: list[tuple[str, ReplacesPatch]] = []
    for type_name, patch in overlay.types:
        entity = entities.get(type_name)
        if entity is None:
            unknown = _unknown_type(type_name, patch.loc, schema, subset, generated=generated)
            (warnings if unknown.severity == "warning" else errors).append(unknown)
            continue
        entities[type_name] = _patch_entity(entity, patch, _inherited(entity, entities), errors)
        if patch.replaces is not None:
            replaces.append((type_name, patch.replaces))
    replacements = []
    for type_name, replaces_patch in replaces:
        replacement = _replacement(
            entities[type_name], replaces_patch, entities, schema, subset, errors, warnings, generated
        )
        if replacement is not None:
            replacements.append(replacement)
    if errors:
        raise OdatagenError(errors)
    return replace(
        schema,
        entities=tuple(entities.values()),
        diagnostics=schema.diagnostics + tuple(warnings),
        replacements=schema.replacements + tuple(replacements),
    )


def _replacement(
    new: EntityType,
    patch: ReplacesPatch,
    entities: dict[str, EntityType],
    schema: Schema,
    subset: bool,
    errors: list[Diagnostic],
    warnings: list[Diagnostic],
    generated: frozenset[str] = frozenset(),
) -> Replacement | None:
    """What `new` replaces, its property names checked; None (and a diagnostic) when the old type
    is no entity or complex type of the sources."""
    old = entities.get(patch.type)
    if old is None:
        unknown = _unknown_type(patch.type, patch.loc, schema, subset, "replaces", generated)
        (warnings if unknown.severity == "warning" else errors).append(unknown)
        return None
    if old.qualified_name == new.qualified_name:
        errors.append(Diagnostic(patch.loc, f"{new.qualified_name} cannot replace itself"))
        return None
    replacement, problems = pair_properties(new, _names(new, entities), old, _names(old, entities), patch)
    errors.extend(problems)
    return replacement


def _names(entity: EntityType, entities: dict[str, EntityType]) -> list[str]:
    """Every property name of `entity`, its base types' first."""
    chain = [entity]
    base = entities.get(entity.base_type)
    while base is not None and base.qualified_name not in {e.qualified_name for e in chain}:
        chain.append(base)
        base = entities.get(base.base_type)
    return list(dict.fromkeys(p.name for e in reversed(chain) for p in e.properties))


def _unknown_type(
    name: str, loc: Location, schema: Schema, subset: bool, who: str = "overlay", generated: frozenset[str] = frozenset()
) -> Diagnostic:
    """Why `name` patches (or, `who="replaces"`, replaces) nothing: never silent, and an error
    unless it may be a left-out type."""
    others = {e.qualified_name: "an enum type" for e in schema.enums}
    others.update((t.qualified_name, "a type definition") for t in schema.type_definitions)
    if name in others:
        what = f"{who} names {name!r}, which is {others[name]}"
        only = "the overlay patches" if who == "overlay" else "a type replaces"
        return Diagnostic(loc, f"{what}; {only} entity and complex types only")
    near = near_names(name, [*(e.qualified_name for e in schema.entities), *others])
    message = f"{who} names type {name!r}, which no source defines"
    if name in generated:
        note = "the last generate had it, so the sources removed it (see the changelog); remove the entry"
        return Diagnostic(loc, f"{message} any more; ignored: {note}", "warning")
    if near or not subset:
        return Diagnostic(loc, message + did_you_mean(near))
    note = "ignored, as this run may leave types out (SOURCE files or --include)"
    return Diagnostic(loc, f"{message}; {note}", "warning")


def _inherited(entity: EntityType, entities: dict[str, EntityType]) -> set[str]:
    names: set[str] = set()
    seen = {entity.qualified_name}
    base = entities.get(entity.base_type)
    while base is not None and base.qualified_name not in seen:
        seen.add(base.qualified_name)
        names.update(p.name for p in base.properties)
        base = entities.get(base.base_type)
    return names


def _patch_entity(entity: EntityType, patch: TypePatch, inherited: set[str], errors: list[Diagnostic]) -> EntityType:
    props = {p.name: p for p in entity.properties}
    required = list(entity.required_on_create)
    for prop_name, prop_patch in patch.properties:
        values = dict(prop_patch.values)
        if values.get("server_managed") and "required_on_create" not in values:
            values["required_on_create"] = False
        if "required_on_create" in values:
            required = [n for n in required if n != prop_name] + ([prop_name] if values["required_on_create"] else [])
        prop = props.get(prop_name)
        if prop is None and prop_name in inherited and set(values) <= _INHERITED_OK:
            continue  # an inherited property: only what create requires of this type can change here
        if prop is None:
            where = "inherits" if prop_name in inherited else "does not have"
            hint = " (patch it under the type that declares it)" if prop_name in inherited else ""
            errors.append(Diagnostic(prop_patch.loc, f"overlay names property {prop_name!r}, which {entity.name} {where}{hint}"))
            continue
        props[prop_name] = _patch_property(prop, values, entity.namespace, prop_patch.loc)
    description = patch.description if patch.description is not None else entity.description
    return replace(
        entity, properties=tuple(props.values()), description=description, required_on_create=tuple(dict.fromkeys(required))
    )


def _patch_property(prop: Property, values: dict[str, Any], namespace: str, loc: Location) -> Property:
    changes = {k: v for k, v in values.items() if k != "required_on_create"}
    if "type" in changes:  # the type is the overlay's word now: a type no source defines is its error
        changes["type"], changes["loc"] = parse_type(changes["type"], namespace), loc
    return replace(prop, **changes)


def parse_type(text: str, namespace: str) -> TypeRef:
    match = re.fullmatch(r"Collection\((.+)\)", text.strip())
    name = match.group(1) if match else text.strip()
    if "." not in name:
        name = f"{namespace}.{name}"
    return TypeRef(name, collection=match is not None)
