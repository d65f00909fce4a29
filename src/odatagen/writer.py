"""The only module that touches the output folder.

Everything is rendered in memory first, so a failed run never gets here and leaves the folder
as it was. Files are replaced atomically, unchanged files are not rewritten, and a manifest
records what odatagen wrote and its hash: only those files are ever overwritten or deleted, and
one edited since is left alone (the run stops and names it) unless `--force`.
"""

from __future__ import annotations

import difflib
import itertools
import os
from collections.abc import Sequence
from pathlib import Path

from .config import display
from .emit import Rendered
from .errors import OdatagenError
from .ir import Diagnostic, Location
from .stamp import Stamp, text_digest

MANIFEST = ".odatagen-manifest"
_HEADER = (
    "# Files written by odatagen, with the SHA-256 of what it wrote: it deletes or overwrites no\n"
    "# others, and none that was edited since (unless --force). Do not edit.\n"
)


_hash = text_digest


def _manifest_text(rendered: Sequence[Rendered]) -> str:
    return _HEADER + "".join(f"{_hash(r.text)}  {r.path}\n" for r in rendered)


def _owned(out: Path) -> dict[str, str | None]:
    """The files the last run wrote, with the hash of what it wrote (None in a manifest from
    before hashes were kept)."""
    path = out / MANIFEST
    if not path.is_file():
        return {}
    owned: dict[str, str | None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        digest, sep, name = line.partition("  ")
        if sep and len(digest) == 64:
            owned[name] = digest
        else:
            owned[line] = None
    return owned


def edited(
    out: Path, rendered: Sequence[Rendered], carried: frozenset[str] = frozenset(), disk: Disk | None = None
) -> list[tuple[str, str]]:
    """The files odatagen wrote whose content has changed since, and that this run would
    overwrite or delete: (path, "overwrite" or "delete"). `carried`: files the run read and
    took edits from (the names lock, the changelog): never reported."""
    disk = disk or Disk(out)
    files = {r.path: r.text for r in rendered}
    found = []
    for path, digest in sorted(_owned(out).items()):
        if digest is None or path in carried:
            continue
        current = disk.digest(path)
        if current is None or current == digest or (path in files and current == _hash(files[path])):
            continue
        found.append((path, "overwrite" if path in files else "delete"))
    return found


def _current(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        return None


class Disk:
    """What the output folder holds, each file read once in a run (the staging, the check for
    hand edits and the writing all ask), and none read that the last run's stamp vouches for
    (`Stamp.unchanged`: same size and mtime as it left them)."""

    def __init__(self, out: Path, stamp: Stamp | None = None) -> None:
        self.out = out
        self.stamp = stamp or Stamp()
        self._texts: dict[str, str | None] = {}
        self._vouched: dict[str, str | None] = {}

    def _unchanged(self, path: str) -> str | None:
        try:
            return self._vouched[path]
        except KeyError:
            known = self._vouched[path] = self.stamp.unchanged(self.out, path)
            return known

    def digest(self, path: str) -> str | None:
        """The SHA-256 of the file's content; None if there is no such file."""
        known = self._unchanged(path)
        if known is not None:
            return known
        text = self.text(path)
        return None if text is None else _hash(text)

    def holds(self, path: str, text: str) -> bool:
        """Whether the file is there with exactly `text`."""
        known = self._unchanged(path)
        if known is not None:
            return known == _hash(text)
        return self.text(path) == text

    def text(self, path: str) -> str | None:
        try:
            return self._texts[path]
        except KeyError:
            text = self._texts[path] = _current(self.out / path)
            return text


def _wanted(rendered: Sequence[Rendered]) -> dict[str, str]:
    files = {r.path: r.text for r in rendered}
    files[MANIFEST] = _manifest_text(rendered)
    return files


class Staging:
    """Files written while the rest of the package is still being formatted: each changed file
    goes to a temporary file beside its target as soon as it is ready, and `write_output` only
    renames it into place once everything has rendered. `discard` removes whatever was not taken
    (after a failure: the temporary files and the folders made for them), so the output folder
    is left as it was."""

    def __init__(self, out: Path, stamp: Stamp | None = None) -> None:
        self.out = out
        self.disk = Disk(out, stamp)
        self._staged: dict[str, Path] = {}
        self._folders: set[Path] = set()
        self._made: list[Path] = []

    def add(self, rendered: Rendered) -> None:
        if not self.disk.holds(rendered.path, rendered.text):
            self._staged[rendered.path] = self.temporary(self.out / rendered.path, rendered.text)

    def take(self, path: str) -> Path | None:
        """The temporary file staged for `path`, if it was (its text is what `add` was given)."""
        return self._staged.pop(path, None)

    def discard(self) -> None:
        for tmp in self._staged.values():
            tmp.unlink(missing_ok=True)
        self._staged.clear()
        for folder in sorted(self._made, key=lambda f: len(f.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        self._made.clear()

    def temporary(self, path: Path, text: str) -> Path:
        """A new temporary file beside `path` holding `text`, created as any new file is (mode
        0o666 less the umask)."""
        folder = path.parent
        if folder not in self._folders:
            missing = [f for f in (folder, *folder.parents) if not f.exists()]
            folder.mkdir(parents=True, exist_ok=True)
            self._made += missing
            self._folders.add(folder)
        for attempt in itertools.count():
            tmp = folder / f".{path.name}.{os.getpid()}-{attempt}.tmp"
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                break
            except FileExistsError:
                continue
        try:
            with open(fd, "wb", closefd=True) as handle:
                handle.write(text.encode("utf-8"))
        except BaseException:
            os.unlink(tmp)
            raise
        return tmp


def write_output(
    out: Path,
    rendered: Sequence[Rendered],
    staging: Staging | None = None,
    force: bool = False,
    carried: frozenset[str] = frozenset(),
) -> tuple[int, int]:
    """Bring `out` up to date; returns (files written, files deleted). Each file is replaced
    atomically (a temporary file renamed over it), from `staging` where it was staged. A file
    edited since odatagen wrote it is neither overwritten nor deleted unless `force`: the run
    stops first, naming every such file, and writes nothing."""
    staging = staging or Staging(out)
    disk = staging.disk
    owned = _owned(out)
    files = _wanted(rendered)
    changed = [] if force else edited(out, rendered, carried, disk)
    if changed:
        raise OdatagenError(
            [
                Diagnostic(
                    Location(display(out / path, Path.cwd()), 0),
                    f"edited since odatagen wrote it; this run would {action} it. Move the change "
                    "into the sources or the overlay (or keep a copy), then run again with --force",
                )
                for path, action in changed
            ]
        )
    foreign = [p for p in files if p != MANIFEST and p not in owned and (out / p).exists() and disk.text(p) != files[p]]
    if foreign:
        raise OdatagenError.at(
            display(out / foreign[0], Path.cwd()), 0,
            "exists and was not written by odatagen; move it out of the output folder or delete it, then run again",
        )
    written = 0
    for path, text in sorted(files.items(), key=lambda kv: kv[0] == MANIFEST):
        tmp = staging.take(path)
        if tmp is None and not disk.holds(path, text):
            tmp = staging.temporary(out / path, text)
        if tmp is not None:
            try:
                os.replace(tmp, out / path)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            written += 1
    deleted = 0
    for stale in sorted(set(owned) - set(files)):
        target = out / stale
        if target.is_file():
            target.unlink()
            deleted += 1
            _remove_empty_parents(target.parent, out)
    return written, deleted


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def diff_output(out: Path, rendered: Sequence[Rendered]) -> str:
    """A unified diff from what `out` holds to what the sources produce; empty when current."""
    files = _wanted(rendered)
    chunks: list[str] = []
    for path in sorted(set(files) | set(_owned(out))):
        old, new = _current(out / path), files.get(path)
        if old == new:
            continue
        chunks.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"a/{path}" if old is not None else "/dev/null",
                tofile=f"b/{path}" if new is not None else "/dev/null",
            )
        )
    return "".join(c if c.endswith("\n") else c + "\n" for c in chunks)
