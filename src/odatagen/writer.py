"""The only module that touches the output folder.

Everything is rendered in memory first, so a failed run never gets here and leaves the folder
as it was. Files are replaced atomically, unchanged files are not rewritten, and a manifest
records what odatagen wrote: only those files are ever overwritten or deleted.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .emit import Rendered
from .errors import OdatagenError

MANIFEST = ".odatagen-manifest"
_HEADER = "# Files written by odatagen; it deletes or overwrites no others. Do not edit.\n"


def _manifest_text(rendered: Sequence[Rendered]) -> str:
    return _HEADER + "".join(f"{r.path}\n" for r in rendered)


def _owned(out: Path) -> set[str]:
    path = out / MANIFEST
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def _current(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        return None


def _wanted(rendered: Sequence[Rendered]) -> dict[str, str]:
    files = {r.path: r.text for r in rendered}
    files[MANIFEST] = _manifest_text(rendered)
    return files


def write_output(out: Path, rendered: Sequence[Rendered]) -> tuple[int, int]:
    """Bring `out` up to date; returns (files written, files deleted)."""
    owned = _owned(out)
    files = _wanted(rendered)
    foreign = [p for p in files if p != MANIFEST and p not in owned and (out / p).exists()
               and _current(out / p) != files[p]]
    if foreign:
        raise OdatagenError.at(
            (out / foreign[0]).as_posix(), 0,
            "exists and was not written by odatagen; move it out of the output folder or delete it, then run again",
        )
    written = 0
    for path, text in sorted(files.items(), key=lambda kv: kv[0] == MANIFEST):
        if _current(out / path) != text:
            _atomic_write(out / path, text)
            written += 1
    deleted = 0
    for stale in sorted(owned - set(files)):
        target = out / stale
        if target.is_file():
            target.unlink()
            deleted += 1
            _remove_empty_parents(target.parent, out)
    return written, deleted


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def diff_output(out: Path, rendered: Sequence[Rendered]) -> str:
    """A unified diff from what `out` holds to what the sources produce; empty when current."""
    files = _wanted(rendered)
    chunks: list[str] = []
    for path in sorted(set(files) | _owned(out)):
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
