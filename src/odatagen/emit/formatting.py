"""From rendered text to the bytes odatagen writes: parsed with `ast`, then formatted as black
formats it, unless the cache already has the answer.

The main process renders every file (Jinja is quick: half a second for all of Graph) and looks
each one up in the cache; only the misses are formatted. A file is formatted with black unless
`blackclean.already_black` shows black would leave it as it is; either way the result is what
black writes. Once many files miss (a cold run), worker processes take them while the rest is
still rendering, so black uses every core; a run with a few misses never starts a worker, and
one with none never imports black.
"""

from __future__ import annotations

import ast
import gc
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from multiprocessing.pool import AsyncResult, Pool
from typing import TYPE_CHECKING, Any

from ..cache import FormatCache
from .blackclean import already_black

if TYPE_CHECKING:
    import black

BLACK_TARGET, BLACK_LINE_LENGTH, BLACK_STRING_NORMALIZATION, BLACK_MAGIC_TRAILING_COMMA = "PY311", 100, True, True
BLACK_OPTIONS = f"{BLACK_TARGET} {BLACK_LINE_LENGTH} {BLACK_STRING_NORMALIZATION} {BLACK_MAGIC_TRAILING_COMMA}"
"""black's mode as the cache keys it without importing black; `black_mode` builds it from the
same constants."""


@cache
def black_mode() -> black.Mode:
    import black

    return black.Mode(
        target_versions={black.TargetVersion[BLACK_TARGET]},
        line_length=BLACK_LINE_LENGTH,
        string_normalization=BLACK_STRING_NORMALIZATION,
        magic_trailing_comma=BLACK_MAGIC_TRAILING_COMMA,
    )


def __getattr__(name: str) -> Any:
    if name == "BLACK_MODE":  # black is imported only when a file must be formatted
        return black_mode()
    raise AttributeError(name)


PARALLEL_FROM = 64
"""Files from which the misses go to worker processes: below it, starting them costs more."""

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
    if already_black(text, BLACK_LINE_LENGTH):
        return text, False
    import black

    return black.format_str(text, mode=black_mode()), True


def format_one(item: tuple[str, str]) -> Rendered:
    """Parse (a template bug must never be written), then format as black does."""
    path, text = item
    if not path.endswith(".py"):
        return Rendered(path, text)
    check_python(path, text)
    return Rendered(path, black_format(text)[0])


def _format_chunk(items: list[tuple[str, str]]) -> list[tuple[str, bool]]:
    """In a worker: each (path, rendered text) parsed and formatted; (text, black ran)."""
    out = []
    for path, text in items:
        check_python(path, text)
        out.append(black_format(text))
    return out


_Miss = tuple[int, str, str, str]
"""A file the cache did not have: job index, path, rendered text, cache key."""


class _Misses:
    """The files to format: kept here until there are PARALLEL_FROM of them, then handed to
    worker processes in chunks as they come; `finish` formats what is left and gives each back
    in the order it came."""

    def __init__(self) -> None:
        self.pending: list[_Miss] = []
        self.sent: list[tuple[list[_Miss], AsyncResult[list[tuple[str, bool]]]]] = []
        self.pool: Pool | None = None
        self.parallel = min(os.cpu_count() or 1, 8) >= 2

    def add(self, miss: _Miss) -> None:
        self.pending.append(miss)
        if self.pool is None and self.parallel and len(self.pending) >= PARALLEL_FROM:
            gc.freeze()  # what the parent holds stays out of the workers' collections (and copy-on-write)
            self.pool = multiprocessing.get_context("fork").Pool(min(os.cpu_count() or 1, 8), initializer=_worker_gc)
        if self.pool is not None:
            while len(self.pending) >= _CHUNK:
                self._send(self.pending[:_CHUNK])
                del self.pending[:_CHUNK]

    def _send(self, chunk: list[_Miss]) -> None:
        assert self.pool is not None
        self.sent.append((chunk, self.pool.apply_async(_format_chunk, ([(path, text) for _, path, text, _ in chunk],))))

    def ready(self, wait: bool = False) -> list[tuple[_Miss, str, bool]]:
        """The files the workers have formatted so far, in the order they were sent (all of
        them, waiting, with `wait`)."""
        done: list[tuple[_Miss, str, bool]] = []
        while self.sent and (wait or self.sent[0][1].ready()):
            chunk, result = self.sent.pop(0)
            done += [(miss, text, ran) for miss, (text, ran) in zip(chunk, result.get(), strict=True)]
        return done

    def finish(self) -> list[tuple[_Miss, str, bool]]:
        """Every file not yet given back: formatted here when no worker was started."""
        if self.pool is not None and self.pending:
            self._send(self.pending)
            self.pending = []
        done = [(miss, *black_format(_checked(miss))) for miss in self.pending]
        self.pending = []
        return done + self.ready(wait=True)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
            gc.unfreeze()


def _checked(miss: _Miss) -> str:
    check_python(miss[1], miss[2])
    return miss[2]


def produce_all(
    job: RenderJob, count: int, on_file: Callable[[Rendered], None] | None, cache: FormatCache
) -> list[Rendered]:
    """Render and format jobs `0..count-1`. Each result goes to `on_file` as soon as it is ready
    (the hook for staging and progress): a cache hit at once, a miss once it is formatted. The
    list returned is in job order. `cache.stats` counts what was taken from the cache and what
    black formatted."""
    cache.load()
    results: list[Rendered | None] = [None] * count
    misses = _Misses()
    try:
        for index in range(count):
            path, text = job(index)
            if not path.endswith(".py"):
                results[index] = _keep(cache, on_file, path, text, "", "as-is")
                continue
            key = cache.key(text)
            found = cache.lookup(key)
            if found is not None:
                results[index] = _keep(cache, on_file, path, found, key, "hit")
            else:
                misses.add((index, path, text, key))
                for (i, p, _, k), formatted, ran in misses.ready():
                    results[i] = _keep(cache, on_file, p, formatted, k, "black" if ran else "clean")
        for (i, p, _, k), formatted, ran in misses.finish():
            results[i] = _keep(cache, on_file, p, formatted, k, "black" if ran else "clean")
    finally:
        misses.close()
    cache.save()
    return [r for r in results if r is not None]


def _keep(cache: FormatCache, on_file: Callable[[Rendered], None] | None, path: str, text: str, key: str, how: str) -> Rendered:
    if key:
        cache.record(key, text, how)
    rendered = Rendered(path, text)
    if on_file is not None:
        on_file(rendered)
    return rendered


def _worker_gc() -> None:
    """black allocates many short-lived objects: collect the youngest generation less often."""
    gc.set_threshold(50_000, 20, 20)
