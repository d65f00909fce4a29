"""What changed between two API records, each change classed by what it does to users:

- **breaking**: code using the package, or reading responses with it, may stop working: a class,
  field, member, builder or call removed or renamed; a type, nullability, base type, value,
  parameter list or result changed; a property newly required on create (yesterday's create
  calls now fail validation); a scope that no longer grants an operation;
- **additive**: something new to use (a class, field, member, builder, call, scope or cloud), or
  a create requirement dropped;
- **docs-only**: descriptions, titles, and permissions becoming documented or undocumented.

Entries are compared by wire name, so reordered properties, members or scopes are no change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .record import Key, Record, parse_version

SEVERITIES = ("breaking", "additive", "docs-only")
_WHAT = ("class", "field", "member", "builder", "scope", "cloud", "call")
"""The order entries are listed in, within a severity."""


@dataclass(frozen=True, slots=True)
class Change:
    severity: str
    what: str
    """class, field, member, builder, scope, cloud or call."""
    subject: str
    """The Python name users see: `UserPFXCertificate.key_name`, `create_user_pfx_certificate`."""
    wire: str
    """What it stands for on the wire: `microsoft.graph.userPFXCertificate/keyName`."""
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Comparison:
    old: Record | None
    """None: there was no record (a first run, the baseline)."""
    new: Record
    changes: tuple[Change, ...]

    @property
    def severity(self) -> str | None:
        """The weightiest change's class: what the version bump follows."""
        return next((s for s in SEVERITIES if any(c.severity == s for c in self.changes)), None)

    def count(self, severity: str) -> int:
        return sum(1 for c in self.changes if c.severity == severity)


def compare(old: Record | None, new: Record) -> Comparison:
    if old is None:
        return Comparison(None, new, ())
    found = list(_Differ(old, new).changes())
    found.sort(key=lambda c: (SEVERITIES.index(c.severity), _WHAT.index(c.what), c.subject.lower(), c.message))
    return Comparison(old, new, tuple(dict.fromkeys(found)))


def bump(version: str, severity: str | None) -> str:
    """Semantic versioning: major for breaking, minor for additive, patch for docs-only; while the
    major is 0, breaking bumps the minor."""
    parts = parse_version(version)
    if parts is None or severity is None:
        return version
    major, minor, patch = parts
    if severity == "breaking" and major > 0:
        return f"{major + 1}.0.0"
    if severity in ("breaking", "additive"):
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


_WRAPPER = re.compile(r"^(?:Nullable|NonNull)\[(.*)\]$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TYPED = frozenset({"property", "builder", "call"})
"""The kinds of entries whose comparison reads Python types (`_same_type`)."""


def _word_type(word: str, classes: Mapping[str, str]) -> str:
    """What a word of a Python type stands for: a class's type, a class's builder, or itself."""
    if word in classes:
        return classes[word]
    stem = word.removesuffix("Requests")
    return f"{classes[stem]}Requests" if stem in classes else word


def _may_name(line: str, words: re.Pattern[str]) -> bool:
    """Whether a line's values may hold one of `words` as a word of a Python type. Every word
    of a printable string without a backslash is in its line as it is, and in the string's
    `repr` too; a line with a backslash or an unprintable character is always looked at."""
    return "\\" in line or not line.isprintable() or words.search(line) is not None


class _Differ:
    def __init__(self, old: Record, new: Record) -> None:
        self.old, self.new = old, new
        self.old_classes, self.new_classes = old.classes(), new.classes()
        types_old = {k[1] for k in old.entries if k[0] == "type"}
        types_new = {k[1] for k in new.entries if k[0] == "type"}
        self.gone_or_new = types_old ^ types_new
        """Types removed or added: their own entries' changes go without saying."""

    def changes(self) -> Iterator[Change]:
        compare_kind: dict[str, Callable[[Key, Mapping[str, Any], Mapping[str, Any]], Iterator[Change]]] = {
            "type": self._type, "property": self._property, "member": self._member,
            "builder": self._builder, "call": self._call,
        }
        for key in self._differing():
            if key[0] != "type" and key[0] != "builder" and key[1].removesuffix("[]") in self.gone_or_new:
                continue
            before, after = self.old.entries.get(key), self.new.entries.get(key)
            if before is None or after is None:
                yield self._added_or_removed(key, before or after or {}, added=before is None)
            else:
                yield from compare_kind[key[0]](key, before, after)

    def _differing(self) -> list[Key]:
        """The keys to compare, in order: what one record lacks, what the two hold different
        lines for, and (when a class name stands for another type than it did) what the two hold
        the same line for, if that line may name such a class. Every other entry is the same in
        both, so it holds no change: only a Python type's comparison reads anything besides the
        entry itself, and that only through what its class names stand for (`_shape`)."""
        old, new = self.old.lines, self.new.lines
        keys = [key for key, line in new.items() if old.get(key) != line]
        keys += [key for key in old if key not in new]
        retyped = self._retyped()
        if retyped is not None:
            keys += [k for k, line in new.items() if k[0] in _TYPED and old.get(k) == line and _may_name(line, retyped)]
        return sorted(keys)

    def _retyped(self) -> re.Pattern[str] | None:
        """What finds the words whose type `_shape` reads differently in the two records: only a
        class name whose type differs (added, removed, renamed), or such a name + `Requests`.
        None when there is none (the common case: no class came, went or moved)."""
        old, new = self.old_classes, self.new_classes
        moved = {c for c in old.keys() | new.keys() if old.get(c) != new.get(c)}
        words = {w for c in moved for w in (c, f"{c}Requests") if _word_type(w, old) != _word_type(w, new)}
        return re.compile("|".join(map(re.escape, sorted(words)))) if words else None

    def _shape(self, text: object, classes: dict[str, str]) -> str:
        """A Python type with class names put back as the types they stand for."""
        return _WORD.sub(lambda match: _word_type(match[0], classes), _WRAPPER.sub(r"\1", str(text)))

    def _same_type(self, before: object, after: object) -> bool:
        return self._shape(before, self.old_classes) == self._shape(after, self.new_classes)

    def _class_of(self, qualified: str) -> str:
        entry = self.new.entries.get(("type", qualified)) or self.old.entries.get(("type", qualified)) or {}
        return str(entry.get("class", qualified))

    def _subject(self, key: Key, entry: Mapping[str, Any]) -> tuple[str, str, str]:
        """(what, Python name, wire name) of an entry."""
        kind = key[0]
        if kind == "type":
            return "class", str(entry["class"]), key[1]
        if kind == "builder":
            return "builder", str(entry["function"]), f"{entry['method']} {entry['path']}"
        if kind == "call":
            many = key[1].endswith("[]")
            owner = f"{self._class_of(key[1].removesuffix('[]'))}{'CollectionRequests' if many else 'Requests'}" if key[1] else "Service"
            return "call", f"{owner}.{entry['attr']}", f"{key[1] or 'Service'}/{key[2]}"
        return ("field" if kind == "property" else "member"), f"{self._class_of(key[1])}.{entry['attr']}", f"{key[1]}/{key[2]}"

    def _added_or_removed(self, key: Key, entry: Mapping[str, Any], added: bool) -> Change:
        what, subject, wire = self._subject(key, entry)
        if added:
            return Change("additive", what, subject, wire, f"{what} `{subject}` added (`{wire}`)")
        return Change("breaking", what, subject, wire, f"{what} `{subject}` removed (`{wire}` is gone)")

    def _renamed(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any], attr: str) -> Iterator[Change]:
        if before[attr] != after[attr]:
            what, subject, wire = self._subject(key, after)
            old = self._subject(key, before)[1]
            yield Change("breaking", what, subject, wire, f"{what} renamed: `{old}` is now `{subject}` (`{wire}`)")

    def _described(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any], attr: str = "description") -> Iterator[Change]:
        if before.get(attr) != after.get(attr):
            what, subject, wire = self._subject(key, after)
            yield Change("docs-only", what, subject, wire, f"{attr} of `{subject}` changed")

    def _breaking(self, key: Key, after: Mapping[str, Any], message: str) -> Change:
        what, subject, wire = self._subject(key, after)
        return Change("breaking", what, subject, wire, message.format(subject=subject))

    def _type(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        yield from self._renamed(key, before, after, "class")
        for attr in ("module", "kind", "base", "flags"):
            if before.get(attr) != after.get(attr):
                old, new = before.get(attr) or "none", after.get(attr) or "none"
                yield self._breaking(key, after, f"{attr} of `{{subject}}` changed: `{old}` -> `{new}`")
        yield from self._required(key, before, after)
        yield from self._replaces(key, before, after)
        yield from self._described(key, before, after)

    def _replaces(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        """`from_replaced`: added (additive), gone or converting another type (breaking), or
        converting properties differently (breaking unless it only converts more of them)."""
        old, new = before.get("replaces"), after.get("replaces")
        if old == new:
            return
        _, subject, wire = self._subject(key, after)
        method = f"{subject}.from_replaced"
        if old is None or new is None or old["type"] != new["type"]:
            if old is not None:
                yield Change("breaking", "class", method, wire, f"`{method}` no longer converts a `{old['type']}`")
            if new is not None:
                severity = "additive" if old is None else "breaking"
                yield Change(severity, "class", method, wire, f"`{method}` converts a `{new['type']}` (replaced by `{wire}`)")
            return
        pairs_old = {(k, v) for k, v in old["properties"].items()}
        pairs_new = {(k, v) for k, v in new["properties"].items()}
        severity = "additive" if pairs_old < pairs_new else "breaking"
        moved = ", ".join(f"{k} -> {v}" for k, v in sorted(pairs_new - pairs_old)) or "none"
        gone = ", ".join(f"{k} -> {v}" for k, v in sorted(pairs_old - pairs_new)) or "none"
        if pairs_old != pairs_new:
            yield Change(severity, "class", method, wire, f"`{method}` converts properties differently: now {moved}; no longer {gone}")

    def _required(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        old, new = set(before.get("required_on_create") or ()), set(after.get("required_on_create") or ())
        cls = str(after["class"])
        for wire in sorted(new - old):
            attr = self._attr(key[1], wire)
            message = f"`{cls}.{attr}` is now required on create: create calls without it fail validation"
            yield Change("breaking", "field", f"{cls}.{attr}", f"{key[1]}/{wire}", message)
        for wire in sorted(old - new):
            attr = self._attr(key[1], wire)
            yield Change("additive", "field", f"{cls}.{attr}", f"{key[1]}/{wire}", f"`{cls}.{attr}` is no longer required on create")

    def _attr(self, qualified: str, wire: str) -> str:
        """A property's attribute, its own or inherited (the wire name if no record has it)."""
        for record in (self.new, self.old):
            owner, seen = qualified, set()
            while owner and owner not in seen:
                seen.add(owner)
                prop = record.entries.get(("property", owner, wire))
                if prop is not None:
                    return str(prop["attr"])
                owner = str(record.entries.get(("type", owner), {}).get("base") or "")
        return wire

    def _property(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        yield from self._renamed(key, before, after, "attr")
        if before["wire_type"] != after["wire_type"] or not self._same_type(before["py_type"], after["py_type"]):
            yield self._breaking(key, after, f"type of `{{subject}}` changed: `{before['py_type']}` -> `{after['py_type']}`")
        if before["nullable"] != after["nullable"]:
            now = "now nullable: responses may carry null" if after["nullable"] else "no longer nullable: null is refused"
            yield self._breaking(key, after, f"`{{subject}}` is {now}")
        yield from self._described(key, before, after)

    def _member(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        yield from self._renamed(key, before, after, "attr")
        if before["value"] != after["value"]:
            yield self._breaking(key, after, f"value of `{{subject}}` changed: {before['value']} -> {after['value']}")
        yield from self._described(key, before, after)

    def _builder(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        yield from self._renamed(key, before, after, "function")
        yield from self._signature(key, before, after)
        if before["method"] != after["method"]:
            yield self._breaking(key, after, f"`{{subject}}` sends {after['method']}, not {before['method']}")
        yield from self._scopes(key, before, after)
        yield from self._clouds(key, before, after)
        yield from self._described(key, before, after, "title")

    def _call(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        yield from self._renamed(key, before, after, "attr")
        if before["kind"] != after["kind"]:
            yield self._breaking(key, after, f"`{{subject}}` is a {after['kind']}, not a {before['kind']}")
        yield from self._signature(key, before, after)

    def _signature(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        if not self._same_type(before["params"], after["params"]):
            old, new = _params(before["params"]), _params(after["params"])
            yield self._breaking(key, after, f"parameters of `{{subject}}` changed: ({old}) -> ({new})")
        if not self._same_type(before["returns"], after["returns"]):
            yield self._breaking(key, after, f"`{{subject}}` gives `{after['returns']}`, not `{before['returns']}`")

    def _scopes(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        _, subject, wire = self._subject(key, after)
        for kind in sorted(set(before["permissions"]) | set(after["permissions"])):
            old, new = before["permissions"].get(kind), after["permissions"].get(kind)
            if old is None or new is None:
                if old != new:
                    now = "now documented" if old is None else "no longer documented"
                    yield Change("docs-only", "scope", subject, wire, f"{kind} permissions of `{subject}` {now}")
                continue
            removed, added = sorted(set(old) - set(new)), sorted(set(new) - set(old))
            if len(removed) == len(added) == 1:
                message = f"{kind} scope of `{subject}` renamed: `{removed[0]}` is now `{added[0]}`"
                yield Change("breaking", "scope", subject, wire, message)
                continue
            for scope in removed:
                yield Change("breaking", "scope", subject, wire, f"{kind} scope `{scope}` no longer grants `{subject}`")
            for scope in added:
                yield Change("additive", "scope", subject, wire, f"{kind} scope `{scope}` now grants `{subject}`")

    def _clouds(self, key: Key, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Change]:
        _, subject, wire = self._subject(key, after)
        old, new = set(before.get("clouds") or ()), set(after.get("clouds") or ())
        for cloud in sorted(old - new):
            yield Change("breaking", "cloud", subject, wire, f"`{subject}` is no longer documented for the {cloud} cloud")
        for cloud in sorted(new - old):
            yield Change("additive", "cloud", subject, wire, f"`{subject}` is documented for the {cloud} cloud")


def _params(params: object) -> str:
    items = params if isinstance(params, list) else []
    return ", ".join(" ".join(str(x) for x in p) if isinstance(p, list) else str(p) for p in items)
