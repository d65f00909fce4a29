"""The overlay's `replaces:`: a type that succeeds another, and where each old property goes.

```yaml
types:
  microsoft.graph.userPFXCertificate:
    replaces:
      type: microsoft.graph.pfxUserCertificate     # the old type
      properties: {userUpn: userPrincipalName}     # old wire name: new wire name
      drop: [tenantId, status]                     # old properties with no successor
```

An old property that the new type has by the same name converts without being named. The
names are checked here, each on its line with a did-you-mean; `passes/replacements.py` checks
that each pair's types convert once types are resolved. Generated code: `from_replaced`.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .ir import Diagnostic, EntityType, Location, PropertyMap, Replacement
from .suggest import did_you_mean, near_names
from .yamlfile import YamlFile, key_lines, line_of

_KEYS = {"type", "properties", "drop"}


@dataclass(frozen=True, slots=True)
class ReplacesPatch:
    type: str
    loc: Location
    """The line of the old type's name."""
    properties: tuple[tuple[str, Location, str, Location], ...]
    """(old name, its line, new name, its line), as the overlay maps them."""
    dropped: tuple[tuple[str, Location], ...]


def load_replaces(doc: YamlFile, node: yaml.Node, where: str) -> ReplacesPatch:
    entries = doc.mapping(node, where, _KEYS)
    if "type" not in entries:
        raise doc.fail(node, f"{where} must name the type it replaces (type: <qualified name>)")
    properties = []
    if "properties" in entries:
        mapped = doc.mapping(entries["properties"], f"{where}.properties")
        lines = key_lines(entries["properties"])
        for old, new_node in mapped.items():
            new = doc.string(new_node, f"{where}.properties.{old}")
            properties.append((old, Location(doc.display, lines[old]), new, Location(doc.display, line_of(new_node))))
    dropped = []
    if "drop" in entries:
        dropped = [(name, Location(doc.display, line)) for name, line in doc.strings(entries["drop"], f"{where}.drop")]
    loc = Location(doc.display, line_of(entries["type"]))
    return ReplacesPatch(doc.string(entries["type"], f"{where}.type"), loc, tuple(properties), tuple(dropped))


def pair_properties(
    new: EntityType, new_names: list[str], old: EntityType, old_names: list[str], patch: ReplacesPatch
) -> tuple[Replacement, list[Diagnostic]]:
    """Where each property of `old` goes: the overlay's map, then the same name in `new`.
    `*_names` are every property of each type, inherited ones included, in order."""
    errors: list[Diagnostic] = []
    olds, news = set(old_names), set(new_names)
    pairs: dict[str, PropertyMap] = {}
    takes: dict[str, str] = {}  # new name -> the old name whose value it takes
    for old_name, old_loc, new_name, new_loc in patch.properties:
        if old_name not in olds:
            hint = did_you_mean(near_names(old_name, old_names))
            errors.append(Diagnostic(old_loc, f"replaces maps property {old_name!r}, which {old.name} does not have{hint}"))
        elif new_name not in news:
            hint = did_you_mean(near_names(new_name, new_names))
            errors.append(Diagnostic(new_loc, f"replaces maps {old_name!r} to {new_name!r}, which {new.name} does not have{hint}"))
        elif new_name in takes:
            errors.append(Diagnostic(new_loc, f"{new.name}.{new_name} already takes the value of {takes[new_name]!r}"))
        else:
            pairs[old_name] = PropertyMap(old_name, new_name, old_loc)
            takes[new_name] = old_name
    dropped = []
    for name, loc in patch.dropped:
        if name not in olds:
            hint = did_you_mean(near_names(name, old_names))
            errors.append(Diagnostic(loc, f"replaces drops property {name!r}, which {old.name} does not have{hint}"))
        elif name in pairs:
            errors.append(Diagnostic(loc, f"replaces both maps and drops {name!r}"))
        else:
            dropped.append(name)
    for name in old_names:
        if name in pairs or name in dropped or name not in news:
            continue
        if name in takes:
            mapped = pairs[takes[name]]
            message = f"{new.name}.{name} takes the value of {mapped.old!r}, but {old.name} has a {name!r} too: map it or drop it"
            errors.append(Diagnostic(mapped.loc, message))
            continue
        pairs[name] = PropertyMap(name, name, patch.loc, explicit=False)
    ordered = tuple(pairs[n] for n in old_names if n in pairs)
    return Replacement(new.qualified_name, old.qualified_name, patch.loc, ordered, tuple(dropped)), errors
