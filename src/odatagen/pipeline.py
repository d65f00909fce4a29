"""sources -> readers -> merge -> overlay -> passes: the schema a run generates from."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .config import display
from .errors import raise_on_errors
from .ir import CsdlDocument, PageFragment, Schema
from .lock import NameLock
from .merge import merge
from .overlay import apply_overlay, load_overlay
from .passes import run_passes
from .readers import read_source


def read_sources(sources: Sequence[Path], root: Path) -> list[PageFragment | CsdlDocument]:
    return [read_source(path, display(path, root)) for path in sources]


def build_schema(
    sources: Sequence[Path],
    overlay: Path | None,
    root: Path,
    include: Sequence[str] = (),
    subset: bool = False,
    names: NameLock = NameLock(),
) -> Schema:
    """The merged, corrected, resolved and named schema; raises `OdatagenError` on any error.
    `subset`: the sources may be some of the project's (SOURCE files named on the command line).
    Then, or with `include`, the overlay may name a type that the run leaves out. `names`: the
    names lock of the output folder (what keeps its Python name)."""
    schema = merge(read_sources(sources, root))
    raise_on_errors(schema.diagnostics)
    if overlay is not None:
        schema = apply_overlay(schema, load_overlay(overlay, display(overlay, root)), subset or bool(include))
    return run_passes(schema, include, names)
