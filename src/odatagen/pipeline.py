"""sources -> readers -> merge -> overlay -> passes: the schema a run generates from."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .config import display
from .errors import raise_on_errors
from .ir import CsdlDocument, PageFragment, Schema
from .merge import merge
from .overlay import apply_overlay, load_overlay
from .passes import run_passes
from .readers import read_source


def read_sources(sources: Sequence[Path], root: Path) -> list[PageFragment | CsdlDocument]:
    return [read_source(path, display(path, root)) for path in sources]


def build_schema(
    sources: Sequence[Path], overlay: Path | None, root: Path, include: Sequence[str] = ()
) -> Schema:
    """The merged, corrected, resolved and named schema; raises `OdatagenError` on any error."""
    schema = merge(read_sources(sources, root))
    raise_on_errors(schema.diagnostics)
    if overlay is not None:
        schema = apply_overlay(schema, load_overlay(overlay, display(overlay, root)))
    return run_passes(schema, include)
