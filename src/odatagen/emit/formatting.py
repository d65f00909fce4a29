"""From rendered text to the bytes odatagen writes: parsed with `ast`, then formatted as black
formats it, unless the cache already has the answer.

Rendering and formatting run together in worker processes for a large package (black is the
slowest stage by far, rendering the next): the workers are forked once the jobs are known and
each renders and formats its share, so both use every core. A file is formatted with black
unless `blackclean.already_black` shows black would leave it as it is; either way the result is
what black writes.
"""

from __future__ import annotations

import ast
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import black

from ..cache import FormatCache
from .blackclean import already_black

BLACK_MODE = black.Mode(
    target_versions={black.TargetVersion.PY311},
    line_length=100,
    string_normalization=True,
    magic_trailing_comma=True,
)

PARALLEL_FROM = 64
"""Files from which the work goes to worker processes: below it, starting them costs more."""

_CHUNK = 8
"""Files a worker takes at a time."""


@dataclass(frozen=True, slots=True)
class Rendered:
    path: str
    """POSIX path relative to the output folder."""
    text: str


RenderJob = Callable[[int], tuple[str, str]]
"""Renders job `i` of a package: its path and its text before formatting."""


def check_python(path: str, text: str) -> None:
    """Generated Python is parsed before anything else happens: a template bug is never written."""
    if path.endswith(".py"):
        try:
            ast.parse(text, filename=path)
        except SyntaxError as exc:
            raise RuntimeError(f"odatagen rendered invalid Python in {path}:{exc.lineno}: {exc.msg}") from exc


def black_format(text: str) -> tuple[str, bool]:
    """What black writes for `text`, and whether black had to run to know it."""
    if already_black(text, BLACK_MODE.line_length):
        return text, False
    return black.format_str(text, mode=BLACK_MODE), True


def format_one(item: tuple[str, str]) -> Rendered:
    """Parse (a template bug must never be written), then format as black does."""
    path, text = item
    if not path.endswith(".py"):
        return Rendered(path, text)
    check_python(path, text)
    return Rendered(path, black_format(text)[0])


_Result = tuple[str, str, str, str]
"""path, text to write, cache key ("" for no Python file), how: hit, black, clean or as-is."""

_JOB: RenderJob | None = None
_CACHE: FormatCache | None = None
"""What the forked workers inherit: the jobs to render and the cache read before the fork."""


def _produce(index: int) -> _Result:
    assert _JOB is not None and _CACHE is not None
    path, text = _JOB(index)
    if not path.endswith(".py"):
        return path, text, "", "as-is"
    key = _CACHE.key(text)
    found = _CACHE.lookup(key)
    if found is not None:
        return path, found, key, "hit"
    check_python(path, text)
    formatted, ran = black_format(text)
    return path, formatted, key, "black" if ran else "clean"


def _produce_chunk(indices: range) -> list[_Result]:
    return [_produce(i) for i in indices]


def produce_all(
    job: RenderJob, count: int, on_file: Callable[[Rendered], None] | None, cache: FormatCache
) -> list[Rendered]:
    """Render and format jobs `0..count-1`, in workers when there are many. Each result goes to
    `on_file` as soon as it is ready (the hook for staging and progress); the list returned is
    in job order. `cache.stats` counts what was taken from the cache and what black formatted."""
    global _JOB, _CACHE
    cache.load()
    _JOB, _CACHE = job, cache
    try:
        results = [_keep(cache, on_file, r) for r in _results(count)]
    finally:
        _JOB = _CACHE = None
    cache.save()
    return results


def _results(count: int) -> Iterator[_Result]:
    workers = min(os.cpu_count() or 1, 8)
    if count < PARALLEL_FROM or workers < 2:
        yield from (_produce(i) for i in range(count))
        return
    gc.freeze()  # the schema stays out of the workers' collections (and their copy-on-write)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_gc) as pool:
            chunks = (range(i, min(i + _CHUNK, count)) for i in range(0, count, _CHUNK))
            for chunk in pool.imap(_produce_chunk, chunks):
                yield from chunk
    finally:
        gc.unfreeze()


def _keep(cache: FormatCache, on_file: Callable[[Rendered], None] | None, result: _Result) -> Rendered:
    path, text, key, how = result
    if key:
        cache.record(key, text, how)
    rendered = Rendered(path, text)
    if on_file is not None:
        on_file(rendered)
    return rendered


def _worker_gc() -> None:
    """black allocates many short-lived objects: collect the youngest generation less often."""
    gc.set_threshold(50_000, 20, 20)
