"""sources -> readers -> merge -> overlay -> passes: the schema a run generates from.

A docs page that cannot be read, or whose facts fail a check (a type no source defines, a
broken table), is left out of the run whole, never in part, and the run goes on without it:
`Schema.left_out` says which pages and why, and each is a warning row. CSDL documents and the
overlay stay fatal. `strict` makes every error fatal, as are the quirks of real metadata that
are otherwise warnings (`Diagnostic.quirk`) and the page defects read with a warning
(`Diagnostic.strict`: an example body that is not JSON).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .config import display
from .errors import OdatagenError, errors_in, raise_on_errors
from .ir import CsdlDocument, Diagnostic, LeftOut, Location, PageFragment, Schema
from .lock import NameLock
from .merge import merge
from .overlay import Overlay, apply_overlay, load_overlay, skipped_pages
from .passes import run_passes
from .readers import DOCS_SUFFIXES
from .reading import Read, read_each
from .sourcecache import SourceCache

Fragment = PageFragment | CsdlDocument


def read_sources(sources: Sequence[Path], root: Path) -> list[Fragment]:
    """Every source's fragment, in order; the first source that cannot be read stops the run."""
    fragments = []
    for read in read_each([(path, display(path, root)) for path in sources]):
        if isinstance(read, tuple):
            raise OdatagenError(read)
        fragments.append(read)
    return fragments


def build_schema(
    sources: Sequence[Path],
    overlay: Path | None,
    root: Path,
    include: Sequence[str] = (),
    subset: bool = False,
    strict: bool = False,
    names: NameLock = NameLock(),
    cache: SourceCache | None = None,
) -> Schema:
    """The merged, corrected, resolved and named schema; raises `OdatagenError` on an error that
    is not a page's (on any error with `strict`).
    `subset`: the sources may be some of the project's (SOURCE files named on the command line).
    Then, with `include`, or when a page is left out, the overlay may name a type that the run
    leaves out. `names`: the names lock of the output folder (what keeps its Python name).
    `cache`: sources read by an earlier run (`sourcecache.py`)."""
    patches = load_overlay(overlay, display(overlay, root)) if overlay is not None else Overlay()
    shown = {display(path, root): path for path in sources}
    pages = [name for name, path in shown.items() if path.suffix.lower() in DOCS_SUFFIXES]
    skips, notes = skipped_pages(pages, patches.skip_pages)
    left_out = [LeftOut(page, skip.reason, skipped_by=skip.loc) for page, skip in skips.items()]
    fragments: list[Fragment] = []
    wanted = [(path, name) for name, path in shown.items() if name not in skips]
    for (_, name), read in zip(wanted, list(read_each(wanted, cache)), strict=True):
        errors, fragment = _read(read, page=name in pages and not strict)
        if errors:
            left_out.append(LeftOut(name, "unreadable", tuple(sorted(errors, key=lambda d: (d.loc, d.message)))))
        elif fragment is not None:
            fragments.append(fragment)
    while True:
        if not fragments and any(out.errors for out in left_out):
            raise OdatagenError(d for out in left_out for d in out.errors)  # nothing left to generate from
        try:
            schema = _assemble(fragments, patches, overlay is not None, include, subset or bool(left_out), names)
            break
        except OdatagenError as exc:
            hit = _pages_to_leave_out(exc, fragments, strict)
            left_out.extend(LeftOut(page, "unreadable", tuple(d for d in exc.diagnostics if d.loc.file == page)) for page in hit)
            fragments = [f for f in fragments if f.source not in hit]
    schema = replace(
        schema,
        diagnostics=(*schema.diagnostics, *notes, *(_row(out) for out in left_out)),
        left_out=tuple(left_out),
    )
    if strict:
        raise_on_errors(replace(d, severity="error", message=f"{d.message} (an error with --strict)") for d in schema.diagnostics if d.quirk or d.strict)
    return schema


def _read(read: Read, page: bool) -> tuple[list[Diagnostic], Fragment | None]:
    """A source's fragment, or (a page, when pages may be left out) the errors that keep it out:
    what stopped the reader and any error it reports."""
    if isinstance(read, tuple):
        if not page:
            raise OdatagenError(read)
        return list(read), None
    return (errors_in(read.diagnostics) if page else []), read


def _assemble(
    fragments: list[Fragment], patches: Overlay, overlay: bool, include: Sequence[str], subset: bool, names: NameLock
) -> Schema:
    schema = merge(fragments)
    raise_on_errors(schema.diagnostics)
    if overlay:
        schema = apply_overlay(schema, patches, subset or bool(include), frozenset(names.classes))
    return run_passes(schema, include, names)


def _pages_to_leave_out(exc: OdatagenError, fragments: list[Fragment], strict: bool) -> set[str]:
    """The pages whose facts `exc` blames; re-raised when it blames anything else (a CSDL
    document, the overlay, an option) or with `strict`."""
    pages = {f.source for f in fragments if isinstance(f, PageFragment)}
    errors = errors_in(exc.diagnostics)
    fatal = [d for d in errors if d.loc.file not in pages]
    if strict or fatal or not errors:
        raise OdatagenError(fatal or exc.diagnostics) from None
    return {d.loc.file for d in errors}


def _row(out: LeftOut) -> Diagnostic:
    """`drift`'s row for a page the run went on without."""
    if out.skipped_by is not None:
        return Diagnostic(Location(out.source, 0), f"page left out by the overlay's skip_pages: {out.reason}", "warning", out.skipped_by, "left-out")
    first = out.errors[0]
    shown = "; ".join(f"line {d.loc.line}: {d.message}" for d in out.errors[:3])
    more = f" (and {len(out.errors) - 3} more)" if len(out.errors) > 3 else ""
    return Diagnostic(first.loc, f"page left out, {len(out.errors)} error(s): {shown}{more}", "warning", kind="left-out")
