"""A content-addressed cache of formatted files, so that a small change re-formats only the
files it changes.

An entry maps the rendered text of a Python file to what black made of it, under a key that
also holds black's version, its mode and Python's version (the text was parsed with `ast`
too): change any of them and every entry misses. Entries live in one pack file per output
folder, in a folder odatagen owns (`.odatagen-cache/` beside odatagen.yaml by default). A run
reads its pack once and writes a new one holding exactly the entries it used, so a pack never
grows past one package; only the most recently used packs are kept.

Nothing here is ever fatal: an unreadable folder or pack, a torn or corrupt entry (each carries
a digest of its text) is a miss. A pack is replaced atomically (written beside it, renamed over
it), so concurrent runs never see half of one; the later run's pack wins. Only files named as
odatagen names them are ever deleted.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import black

CACHE_DIR = ".odatagen-cache"
_MAGIC = b"odatagen-format-cache 1\n"
_PACK = re.compile(r"^[0-9a-f]{24}\.pack$")
_TEMPORARY = re.compile(r"^\.[0-9a-f]{24}\.(?:pack|sources)\.\d+-\d+\.tmp$")
KEEP_PACKS = 8
"""Packs kept (the most recently used): one per output folder generated lately."""
_STALE_TEMPORARY = 3600.0
"""A temporary file this old (seconds) was left by a run that died: removed."""
_IGNORE = "# Written by odatagen: a cache of formatted files, safe to delete.\n*\n"


@dataclass(slots=True)
class CacheStats:
    hits: int = 0
    """Files taken from the cache."""
    formatted: int = 0
    """Files black formatted (cache misses black ran on)."""
    verified: int = 0
    """Files left as rendered: laid out as black lays them out (see `emit.blackclean`)."""


def black_version() -> str:
    """The installed black's version, read without importing black (black takes a tenth of a
    second to import, and a run whose files all come from the cache never needs it)."""
    try:
        from _black_version import version  # what black itself reports as black.__version__

        return str(version)
    except ImportError:  # pragma: no cover - a black built without it
        import black

        return str(black.__version__)


def mode_key(mode: black.Mode | None = None) -> str:
    """What the formatted text depends on besides the rendered text: black's version and mode
    (odatagen's own when `mode` is None), and Python's version."""
    python = f"python {sys.version_info[0]}.{sys.version_info[1]}"
    if mode is None:
        from .emit.formatting import BLACK_OPTIONS

        return f"black {black_version()} {BLACK_OPTIONS} {python}"
    import black

    return f"black {black.__version__} {mode.get_cache_key()} {python}"


class FormatCache:
    """The formatted files of one output folder: `load` before the run, `lookup` and `record`
    during it, `save` after it. With `folder=None` it caches nothing but still counts. `mode`:
    black's, when it is not odatagen's own."""

    def __init__(self, folder: Path | None, output: Path | None, mode: black.Mode | None = None) -> None:
        self.folder = folder if output is not None else None
        self.stats = CacheStats()
        self._salt = mode_key(mode).encode() + b"\0"
        name = pack_name(output) if output else ""
        self._pack = self.folder / f"{name}.pack" if self.folder else None
        self._old: dict[str, str] = {}
        self._used: dict[str, str] = {}

    def key(self, text: str) -> str:
        return hashlib.sha256(self._salt + text.encode("utf-8")).hexdigest()

    def load(self) -> None:
        if self._pack is not None:
            self._old = _read_pack(self._pack)

    def lookup(self, key: str) -> str | None:
        return self._old.get(key)

    def record(self, key: str, formatted: str, how: str) -> None:
        """Keep an entry for the next run; `how` it was had: "hit", "black" or "clean"."""
        self._used[key] = formatted
        self.stats.hits += how == "hit"
        self.stats.formatted += how == "black"
        self.stats.verified += how == "clean"

    def save(self) -> None:
        """Write the pack of this run's entries, then keep only the newest packs. Failing to
        is no error: the next run formats again."""
        if self.folder is None or self._pack is None:
            return
        try:
            prepare(self.folder)
            _write_pack(self._pack, self._used)
            evict(self.folder, self._pack, _PACK)
        except OSError:
            pass


def _read_pack(path: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    for key, body in read_pack(path, _MAGIC).items():
        try:
            entries[key] = body.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return entries


def read_pack(path: Path, magic: bytes) -> dict[str, bytes]:
    """Every intact entry of a pack; a damaged one is skipped, a damaged header ends it."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if not data.startswith(magic):
        return {}
    entries: dict[str, bytes] = {}
    at = len(magic)
    while at < len(data):
        end = data.find(b"\n", at, at + 200)
        fields = data[at:end].split(b" ") if end > 0 else []
        if len(fields) != 3 or not fields[2].isdigit():
            break
        key, digest, size = fields[0].decode("ascii", "replace"), fields[1], int(fields[2])
        body = data[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
        if len(body) == size and hashlib.sha256(body).hexdigest().encode() == digest:
            entries[key] = body
    return entries


def prepare(folder: Path) -> None:
    """The folder, with a .gitignore (and a CACHEDIR.TAG) so that nothing in it is committed or
    backed up, wherever it is."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        _atomic_write(ignore, _IGNORE.encode())
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        _atomic_write(tag, b"Signature: 8a477f597d28d172789f06886806bc55\n# odatagen's cache of formatted files\n")


def _write_pack(path: Path, entries: dict[str, str]) -> None:
    write_pack(path, _MAGIC, {key: text.encode("utf-8") for key, text in entries.items()})


def write_pack(path: Path, magic: bytes, entries: dict[str, bytes]) -> None:
    """The entries, sorted by key, each with the digest of its body; replaced atomically."""
    chunks = [magic]
    for key in sorted(entries):
        body = entries[key]
        chunks.append(f"{key} {hashlib.sha256(body).hexdigest()} {len(body)}\n".encode())
        chunks += [body, b"\n"]
    _atomic_write(path, b"".join(chunks))


def pack_name(output: Path) -> str:
    """The name of an output folder's packs: one per folder, whatever it is called."""
    return hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:24]


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{time.monotonic_ns()}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def evict(folder: Path, current: Path, named: re.Pattern[str]) -> None:
    """Keep the `KEEP_PACKS` packs `named` so that were used last (this run's among them); remove
    temporary files that a dead run left. Files not named as odatagen names them are never
    touched."""
    packs: list[tuple[float, Path]] = []
    now = time.time()
    for entry in os.scandir(folder):
        try:
            mtime = entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if named.match(entry.name) and entry.is_file(follow_symlinks=False):
            packs.append((mtime, Path(entry.path)))
        elif _TEMPORARY.match(entry.name) and now - mtime > _STALE_TEMPORARY:
            Path(entry.path).unlink(missing_ok=True)
    packs.sort(key=lambda p: (p[1] != current, -p[0]))
    for _, stale in packs[KEEP_PACKS:]:
        stale.unlink(missing_ok=True)
