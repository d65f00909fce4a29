"""Reading many sources: a docs checkout is thousands of pages, each read on its own, so a large
run reads them in forked worker processes (every core) and gets the fragments back in order.

A source that cannot be read at all comes back as the diagnostics of the `OdatagenError` that
refused it (an exception with diagnostics does not cross a process boundary intact); the caller
decides what a refusal stops. Anything else a reader raises is a bug and propagates.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import OdatagenError
from .ir import CsdlDocument, Diagnostic, PageFragment
from .readers import read_source
from .sourcecache import SourceCache, cached_reads

PARALLEL_FROM = 64
"""Sources from which reading goes to worker processes: below it, starting them costs more."""

_CHUNK = 16
"""Sources a worker takes at a time."""

Fragment = PageFragment | CsdlDocument
Read = Fragment | tuple[Diagnostic, ...]


def read_one(source: tuple[Path, str]) -> Read:
    """`source` (its path, and its name as diagnostics show it) read, or why it was refused."""
    path, name = source
    try:
        return read_source(path, name)
    except OdatagenError as exc:
        return exc.diagnostics


def read_each(sources: Sequence[tuple[Path, str]], cache: SourceCache | None = None) -> Iterator[Read]:
    """Each source read, in the order given; from `cache` where it has the source as it is
    (what is read anew goes into it)."""
    if cache is None or not cache.enabled:
        yield from _read_all(sources)
        return
    cache.load()
    found, keys = cached_reads(sources, cache)
    fresh = iter(_read_all([s for i, s in enumerate(sources) if i not in found]))
    for i in range(len(sources)):
        read = found[i] if i in found else next(fresh)
        if i in keys and not isinstance(read, tuple):
            cache.put(keys[i], read)
        yield read
    cache.save()


def _read_all(sources: Sequence[tuple[Path, str]]) -> Iterator[Read]:
    workers = min(os.cpu_count() or 1, 8)
    if len(sources) < PARALLEL_FROM or workers < 2:
        yield from (read_one(s) for s in sources)
        return
    gc.freeze()  # what the parent holds stays out of the workers' collections (and copy-on-write)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(read_one, sources, chunksize=_CHUNK)
    finally:
        gc.unfreeze()
