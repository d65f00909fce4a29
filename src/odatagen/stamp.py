"""An unchanged rerun does no work: the stamp records what the last run read and wrote.

The fingerprint covers everything that shapes the output: each source's path and bytes, the
overlay, the package name and type selection, odatagen's own code and templates, and the
versions of black and Jinja. The stamp (`.odatagen-stamp` in the output folder, not part of the
output: keep it out of version control) also holds the hash of every file written, so a file
edited by hand is noticed and regenerated, and each file's size and mtime just after the run:
while those are unchanged (and the file was not written within a second of the stamp), the next
run takes its content to be what the hash says without reading it (git's index does the same).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import __version__
from .cache import black_version
from .config import display
from .emit import Rendered, templates_dir

STAMP = ".odatagen-stamp"


def _digest(chunks: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(len(chunk).to_bytes(8, "big"))
        h.update(chunk)
    return h.hexdigest()


def _own_files() -> list[Path]:
    here = Path(__file__).resolve().parent
    return sorted([*here.rglob("*.py"), *templates_dir().rglob("*.jinja")])


@functools.cache
def code_digest() -> str:
    """odatagen's own code and templates, and the versions of what shapes its output."""
    versions = f"{__version__} black {black_version()} jinja2 {jinja2.__version__} python {sys.version_info[:2]}"
    return _digest([versions.encode(), *(path.read_bytes() for path in _own_files())])


def fingerprint(sources: Sequence[Path], overlay: Path | None, package: str, include: Sequence[str], root: Path) -> str:
    def chunks() -> Iterable[bytes]:
        yield code_digest().encode()
        yield f"{package} {' '.join(include)}".encode()
        for path in [*sources, *([overlay] if overlay else [])]:
            yield display(path, root).encode()
            yield path.read_bytes()

    return _digest(chunks())


@functools.lru_cache(maxsize=8192)
def text_digest(text: str) -> str:
    """The SHA-256 of a file's text as written (UTF-8). A run asks for each file's more than once
    (is the target the same, the manifest, the stamp): worked out once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


_SETTLED_NS = 1_000_000_000
"""How much older than the stamp a file's mtime must be for its size and mtime to vouch for its
content: an edit within the clock's resolution of the run's own write could hide otherwise."""


@dataclass(frozen=True, slots=True)
class Stamp:
    fingerprint: str = ""
    hashes: Mapping[str, str] = field(default_factory=dict)
    """Each file the last run wrote (or kept), with the SHA-256 of its content."""
    stats: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """Each file's size and mtime (ns) just after the last run."""
    time_ns: int = 0

    def unchanged(self, out: Path, path: str) -> str | None:
        """The hash of `path`'s content when its size and mtime show it is as the last run left
        it (it is not read); None when only reading it can tell."""
        known, digest = self.stats.get(path), self.hashes.get(path)
        if known is None or digest is None:
            return None
        try:
            st = os.stat(os.path.join(out, path))
        except OSError:
            return None
        if (st.st_size, st.st_mtime_ns) != known or st.st_mtime_ns > self.time_ns - _SETTLED_NS:
            return None
        return digest


def read_stamp(out: Path) -> Stamp:
    """The last run's stamp; an empty one if there is none or it cannot be read."""
    try:
        data = json.loads((out / STAMP).read_text(encoding="utf-8"))
        hashes = {str(k): str(v) for k, v in data["files"].items()}
        stats = {str(k): (int(v[0]), int(v[1])) for k, v in data.get("stats", {}).items()}
        return Stamp(str(data["fingerprint"]), hashes, stats, int(data.get("time_ns", 0)))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return Stamp()


def is_current(out: Path, print_: str, stamp: Stamp | None = None) -> bool:
    """The last run had this fingerprint and every file it wrote is as it left it."""
    stamp = stamp if stamp is not None else read_stamp(out)
    if not stamp.hashes or stamp.fingerprint != print_:
        return False
    return all((stamp.unchanged(out, p) or _file_hash(out / p)) == h for p, h in stamp.hashes.items())


def write_stamp(out: Path, print_: str, rendered: Sequence[Rendered], extra: Iterable[str] = ()) -> None:
    files = {r.path: text_digest(r.text) for r in rendered}
    for path in extra:
        files[path] = _file_hash(out / path) or ""
    stats = {}
    for path in files:
        try:
            st = os.stat(os.path.join(out, path))
        except OSError:
            continue
        stats[path] = [st.st_size, st.st_mtime_ns]
    stamp = {"fingerprint": print_, "files": files, "stats": stats, "time_ns": time.time_ns()}
    (out / STAMP).write_text(json.dumps(stamp, indent=0, sort_keys=True), encoding="utf-8")
