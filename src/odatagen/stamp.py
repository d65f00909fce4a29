"""An unchanged rerun does no work: the stamp records what the last run read and wrote.

The fingerprint covers everything that shapes the output: each source's path and bytes, the
overlay, the package name and type selection, odatagen's own code and templates, and the
versions of black and Jinja. The stamp (`.odatagen-stamp` in the output folder, not part of the
output: keep it out of version control) also holds the hash of every file written, so a file
edited by hand is noticed and regenerated.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
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


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def is_current(out: Path, print_: str) -> bool:
    """The last run had this fingerprint and every file it wrote is as it left it."""
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("fingerprint") != print_:
        return False
    files = stamp.get("files")
    return isinstance(files, dict) and all(_file_hash(out / p) == h for p, h in files.items())


def write_stamp(out: Path, print_: str, rendered: Sequence[Rendered], extra: Iterable[str] = ()) -> None:
    files = {r.path: hashlib.sha256(r.text.encode("utf-8")).hexdigest() for r in rendered}
    for path in extra:
        files[path] = _file_hash(out / path) or ""
    (out / STAMP).write_text(json.dumps({"fingerprint": print_, "files": files}, indent=0, sort_keys=True), encoding="utf-8")
