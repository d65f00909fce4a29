"""sources -> readers -> merge -> overlay -> passes: the schema a run generates from."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .config import display
from .errors import OdatagenError, raise_on_errors
from .ir import CsdlDocument, PageFragment, Schema
from .merge import merge
from .overlay import apply_overlay, load_overlay
from .passes import run_passes
from .reading import read_each


def read_sources(sources: Sequence[Path], root: Path) -> list[PageFragment | CsdlDocument]:
    """Every source's fragment, in order; the first source that cannot be read stops the run."""
    fragments = []
    for read in read_each([(path, display(path, root)) for path in sources]):
        if isinstance(read, tuple):
            raise OdatagenError(read)
        fragments.append(read)
    return fragments


def build_schema(
    sources: Sequence[Path], overlay: Path | None, root: Path, include: Sequence[str] = (), subset: bool = False
) -> Schema:
    """The merged, corrected, resolved and named schema; raises `OdatagenError` on any error.
    `subset`: the sources may be some of the project's (SOURCE files named on the command line).
    Then, or with `include`, the overlay may name a type that the run leaves out."""
    schema = merge(read_sources(sources, root))
    raise_on_errors(schema.diagnostics)
    if overlay is not None:
        schema = apply_overlay(schema, load_overlay(overlay, display(overlay, root)), subset or bool(include))
    return run_passes(schema, include)
