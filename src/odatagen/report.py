"""`odatagen drift`'s output: every disagreement as a row (WHERE, ALSO, KIND, WHAT), or with
`--summary` the counts by kind, how each documented property was accounted for, and the pages
with the most rows; as text, JSON or markdown.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from .accounting import MATCHED, NO_ENUM
from .ir import Accounted, Diagnostic

FORMATS = ("text", "json", "markdown")
WORST = 10
"""How many pages `--summary` lists."""
_PAGE_SUFFIXES = (".md", ".markdown", ".txt")


@dataclass(frozen=True, slots=True)
class Row:
    where: str
    also: str
    kind: str
    what: str


def rows_of(diagnostics: Sequence[Diagnostic]) -> list[Row]:
    """The warnings, in file and line order."""
    warnings = sorted((d for d in diagnostics if d.severity == "warning"), key=lambda d: (d.loc, d.kind, d.message))
    return [Row(str(d.loc), str(d.related) if d.related else "-", kind_of(d), d.message) for d in warnings]


def kind_of(diagnostic: Diagnostic) -> str:
    """A warning's kind; a metadata quirk's own warning (`--strict` makes it an error) is `quirk`."""
    return diagnostic.kind or ("quirk" if diagnostic.quirk else "other")


def summarize(diagnostics: Sequence[Diagnostic], accounting: Sequence[Accounted], sources: int) -> dict[str, Any]:
    """Counts by kind; the documented properties, matched or accounted for by a row (and any
    whose row is missing: a bug, which the corpus test holds at zero); the "Possible values"
    lists held against a CSDL enum; the pages with the most rows."""
    warnings = [d for d in diagnostics if d.severity == "warning"]
    kinds = Counter(kind_of(d) for d in warnings)
    present = {(d.loc, d.kind) for d in warnings}
    properties = [a for a in accounting if a.fact == "property"]
    lists = [a for a in accounting if a.fact == "values" and a.kind != NO_ENUM and a.page_kind != "enum"]
    pages: dict[str, Counter[str]] = {}
    for d in warnings:
        if PurePosixPath(d.loc.file).suffix.lower() in _PAGE_SUFFIXES:
            pages.setdefault(d.loc.file, Counter())[kind_of(d)] += 1
    worst = sorted(pages.items(), key=lambda item: (-sum(item[1].values()), item[0]))[:WORST]
    return {
        "sources": sources,
        "rows": len(warnings),
        "kinds": dict(sorted(kinds.items(), key=lambda item: (-item[1], item[0]))),
        "properties": _ledger(properties, present),
        "resource_properties": _ledger([a for a in properties if a.page_kind == "resource"], present),
        "values": _ledger(lists, present),
        "pages": [{"page": page, "rows": sum(c.values()), "kinds": _sorted(c)} for page, c in worst],
    }


def _ledger(entries: Sequence[Accounted], present: set[tuple[Any, str]]) -> dict[str, Any]:
    matched = sum(a.kind == MATCHED for a in entries)
    rowed = Counter(a.kind for a in entries if a.kind != MATCHED and (a.row, a.kind) in present)
    unaccounted = len(entries) - matched - sum(rowed.values())
    return {"documented": len(entries), "matched": matched, "drift": _sorted(rowed), "unaccounted": unaccounted}


def _sorted(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def render_rows(rows: Sequence[Row], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([{"where": r.where, "also": None if r.also == "-" else r.also, "kind": r.kind, "what": r.what} for r in rows], indent=2, ensure_ascii=False) + "\n"
    header = Row("WHERE", "ALSO", "KIND", "WHAT")
    if fmt == "markdown":
        lines = ["| where | also | kind | what |", "|---|---|---|---|"]
        lines += [f"| {_cell(r.where)} | {_cell(r.also)} | {r.kind} | {_cell(r.what)} |" for r in rows]
        return "\n".join(lines) + "\n"
    widths = [max(len(getattr(r, f)) for r in [header, *rows]) for f in ("where", "also", "kind")]
    return "".join(
        f"{r.where:<{widths[0]}}  {r.also:<{widths[1]}}  {r.kind:<{widths[2]}}  {r.what}".rstrip() + "\n" for r in [header, *rows]
    )


def render_summary(summary: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    md = fmt == "markdown"
    out = [f"{'## ' if md else ''}{summary['rows']:,} disagreement(s) in {summary['sources']:,} source(s)", ""]
    out += _table(md, ("kind", "rows"), [(k, f"{n:,}") for k, n in summary["kinds"].items()])
    for key, label in (
        ("resource_properties", "properties documented on resource pages"),
        ("properties", "properties documented on any page"),
        ("values", '"Possible values" lists held against a CSDL enum'),
    ):
        out += ["", _figure(label, summary[key])]
    out += ["", f"{'### ' if md else ''}pages with the most rows", ""]
    out += _table(md, ("rows", "page", "kinds"), [(f"{p['rows']:,}", p["page"], ", ".join(f"{k} {n}" for k, n in p["kinds"].items())) for p in summary["pages"]])
    return "\n".join(out) + "\n"


def _figure(label: str, ledger: dict[str, Any]) -> str:
    documented, matched = ledger["documented"], ledger["matched"]
    share = f" ({100 * matched / documented:.1f}%)" if documented else ""
    rows = ", ".join(f"{k} {n:,}" for k, n in ledger["drift"].items()) or "none"
    return (
        f"{label}: {documented:,}; matched {matched:,}{share}; with a drift row {sum(ledger['drift'].values()):,} "
        f"({rows}); unaccounted {ledger['unaccounted']:,}"
    )


def _table(md: bool, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    if md:
        return [f"| {' | '.join(header)} |", "|" + "---|" * len(header)] + [f"| {' | '.join(_cell(c) for c in r)} |" for r in rows]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header) - 1)]
    return [("  ".join(f"{c:<{w}}" for c, w in zip(r, widths)) + "  " + r[-1]).rstrip() for r in [header, *rows]]


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
