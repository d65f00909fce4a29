"""Sources read before, kept between runs: a one-page change reads that page, not the whole of
Graph's metadata again.

An entry maps a source (its name as diagnostics show it, and its bytes) to the fragment its
reader made, pickled. The key also holds odatagen's own code and the versions of the libraries
that read (lxml, markdown-it-py) and of Python: change any of them and every entry misses.
Entries live in one pack per output folder beside the formatted files' (`cache.py`), with the
same guarantees: a damaged entry is a miss, a pack is replaced atomically, only the newest packs
are kept, and nothing here is ever fatal. A source that cannot be read is never kept: its
errors come again from the reader.

The pack is odatagen's own file in a folder odatagen owns; like the rest of a project's build
state (its `.venv`), it is trusted: unpickling it runs no more code than odatagen itself.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import re
from collections.abc import Sequence
from pathlib import Path

import markdown_it
import yaml
from lxml import etree

from .cache import evict, pack_name, prepare, read_pack, write_pack
from .ir import CsdlDocument, PageFragment
from .stamp import code_digest

Fragment = PageFragment | CsdlDocument

_MAGIC = b"odatagen-source-cache 1\n"
_PACK = re.compile(r"^[0-9a-f]{24}\.sources$")


def _salt() -> bytes:
    versions = f"lxml {etree.__version__} markdown-it-py {markdown_it.__version__} pyyaml {yaml.__version__}"
    return f"{code_digest()} {versions}\0".encode()


class SourceCache:
    """The fragments of one output folder's sources: `load` before reading, `get` and `put`
    while reading, `save` after. With `folder=None` it keeps nothing."""

    def __init__(self, folder: Path | None, output: Path | None) -> None:
        self._pack = folder / f"{pack_name(output)}.sources" if folder is not None and output is not None else None
        self._salt = b""
        self._old: dict[str, bytes] = {}
        self._used: dict[str, bytes] = {}
        self.hits = 0

    @property
    def enabled(self) -> bool:
        return self._pack is not None

    def load(self) -> None:
        if self._pack is not None:
            self._salt = _salt()
            self._old = read_pack(self._pack, _MAGIC)

    def key(self, name: str, data: bytes) -> str:
        return hashlib.sha256(self._salt + name.encode("utf-8") + b"\0" + data).hexdigest()

    def get(self, key: str) -> Fragment | None:
        body = self._old.get(key)
        if body is None:
            return None
        enabled = gc.isenabled()
        gc.disable()  # tens of thousands of new objects, none of them garbage
        try:
            fragment = pickle.loads(body)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None
        finally:
            if enabled:
                gc.enable()
        if not isinstance(fragment, (PageFragment, CsdlDocument)):
            return None
        self._used[key] = body
        self.hits += 1
        return fragment

    def put(self, key: str, fragment: Fragment) -> None:
        if self._pack is not None:
            self._used[key] = pickle.dumps(fragment, protocol=pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        """Write the pack of this run's entries, unless it holds exactly the last one's."""
        if self._pack is None or self._used.keys() == self._old.keys():
            return
        try:
            prepare(self._pack.parent)
            write_pack(self._pack, _MAGIC, self._used)
            evict(self._pack.parent, self._pack, _PACK)
        except OSError:
            pass


def cached_reads(sources: Sequence[tuple[Path, str]], cache: SourceCache) -> tuple[dict[int, Fragment], dict[int, str]]:
    """The sources the cache already has (by position), and the keys of the others."""
    found: dict[int, Fragment] = {}
    keys: dict[int, str] = {}
    for i, (path, name) in enumerate(sources):
        try:
            data = path.read_bytes()
        except OSError:
            continue  # the reader says why
        key = cache.key(name, data)
        fragment = cache.get(key)
        if fragment is not None:
            found[i] = fragment
        else:
            keys[i] = key
    return found, keys
