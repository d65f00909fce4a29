"""What a run knows of the last one, and what it leaves for the next.

The output folder holds the last run's API record (`.odatagen-api.json`), its names lock
(`.odatagen-names.lock`) and `CHANGELOG.md`; all three are odatagen's files (in the manifest)
and are committed with the package. A run names the schema with the lock, records the API it
generated, compares it with the last record, and writes the record, the lock and, when the API
changed, a new CHANGELOG section. `odatagen changes` reads the same files from a folder or from
a git revision (`git show REV:path`) and writes nothing.

The last record is read at once but parsed (and any damage in it reported) by `track`, against
the record of this run, so that the lines the two share are not decoded.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from .changelog import CHANGELOG, section, today, updated
from .changes import Comparison, bump, compare
from .config import display
from .emit import Rendered
from .errors import OdatagenError
from .ir import Schema
from .lock import LOCK, NameLock, load_lock, lock_text, parse_lock
from .record import RECORD, Record, RecordFile, api_record, load_record, record_text

CARRIED = frozenset({RECORD, LOCK, CHANGELOG})
"""The files a run reads before it rewrites them: an edit to one is taken in (a renamed lock
entry, a reworded changelog), never refused as a hand edit of generated code."""

DEFAULT_VERSION = "0.1.0"
"""The generated package's version until a change bumps it (or the config pins one)."""


@dataclass(frozen=True, slots=True)
class Previous:
    where: str
    """Where the last run's files were read, as messages show it."""
    record: RecordFile | None
    """Parsed by `track`, against the record of this run."""
    lock: NameLock
    changelog: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    comparison: Comparison
    old_version: str
    version: str

    @property
    def record(self) -> Record:
        return self.comparison.new

    @property
    def breaking(self) -> bool:
        return self.comparison.severity == "breaking"


def previous_in(folder: Path, root: Path) -> Previous:
    """The last run's files in an output folder (none at all before a first run)."""
    shown = display(folder, root)
    record = load_record(folder / RECORD, f"{shown}/{RECORD}")
    lock = load_lock(folder / LOCK, f"{shown}/{LOCK}")
    try:
        changelog: str | None = (folder / CHANGELOG).read_text(encoding="utf-8")
    except FileNotFoundError:
        changelog = None
    return Previous(f"{shown}/", record, lock, changelog)


def previous_at(rev: str, folder: Path, root: Path) -> Previous:
    """The record and lock that the output folder held at a git revision."""
    top = _git(root, "rev-parse", "--show-toplevel").strip()
    try:
        path = folder.resolve().relative_to(Path(top).resolve()).as_posix()
    except ValueError:
        raise OdatagenError.at(display(folder, root), 0, f"is not in the git repository at {top}") from None
    _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", where="--against", what=f"{rev!r} is no git revision")
    prefix = f"{path}/" if path != "." else ""
    shown = f"{rev}:{prefix}{RECORD}"
    text = _git(root, "show", shown, where=shown, what="no API record at that revision (odatagen had not written one)")
    locked = _git(root, "show", f"{rev}:{prefix}{LOCK}", missing_ok=True)
    lock = parse_lock(locked, f"{rev}:{prefix}{LOCK}") if locked else NameLock()
    return Previous(rev, RecordFile(text, shown), lock, None)


def _git(root: Path, *args: str, where: str = "git", what: str = "", missing_ok: bool = False) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8")
    except FileNotFoundError:
        raise OdatagenError.at("git", 0, "git is not installed; --against REV needs it (or name a folder)") from None
    if out.returncode != 0:
        if missing_ok:
            return ""
        raise OdatagenError.at(where, 0, what or out.stderr.strip() or "git failed")
    return out.stdout


def track(schema: Schema, package: str, previous: Previous, pinned: str | None) -> Outcome:
    """The record of the API `schema` generates, compared with the last one, and the version
    that follows: pinned, or the last one bumped by the weightiest change."""
    new = api_record(schema, package, DEFAULT_VERSION)  # its version follows from the comparison
    old = previous.record.parse(like=new) if previous.record is not None else None
    old_version = old.version if old is not None else DEFAULT_VERSION
    comparison = compare(old, new)
    version = pinned or (bump(old_version, comparison.severity) if old is not None else DEFAULT_VERSION)
    return Outcome(replace(comparison, new=replace(comparison.new, version=version)), old_version, version)


def files(outcome: Outcome, schema: Schema, previous: Previous) -> list[Rendered]:
    """The record, the lock and the changelog as this run leaves them. The changelog is the
    last one as it is (edits kept), with a dated section first when the API changed."""
    changed = outcome.comparison.changes
    new_section = section(outcome.comparison, outcome.version, today() if changed else None)
    return [
        Rendered(RECORD, record_text(outcome.record)),
        Rendered(LOCK, lock_text(schema)),
        Rendered(CHANGELOG, updated(previous.changelog, outcome.record.package, new_section)),
    ]
