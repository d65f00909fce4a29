"""What the docs readers make of the Graph docs corpus: `python -m tests.tools.corpus_reader`.

For each part of ../shared/graph/docs-corpus (beta and v1.0, api and resources) it prints the
pages, the pages with errors and the errors (by kind, the commonest first), the properties read
(and how many are collections), the operations by kind, the warnings about skipped tables, and
how the "Possible values" lists of properties compare with the enum the CSDL gives that
property (beta pages with the 2021 beta CSDL, v1.0 pages with the 2026 v1.0 CSDL). A measuring
tool, not a test: the figures go into a commit message or a report. `--json` prints them as
JSON, `--errors KIND` lists the pages of one error kind.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from odatagen.ir import CsdlDocument, EntityType, EnumType, PageFragment
from odatagen.readers import read_docs_page
from odatagen.readers.csdl import read_csdl

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "graph"
CORPUS = SHARED / "docs-corpus" / "api-reference"
PARTS = ("beta/resources", "beta/api", "v1.0/resources", "v1.0/api")
CSDL = {"beta": "graph-beta-2021-07-13.xml", "v1.0": "graph-v1.0-2026-08.csdl"}


def kind_of(message: str) -> str:
    """An error message with its specifics (quoted text, numbers) blanked: its kind."""
    message = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message)
    message = re.sub(r"\b\d+\b", "N", message)
    return re.sub(r"\b(create|update) page\b", "create/update page", message)


class Csdl:
    def __init__(self, document: CsdlDocument) -> None:
        self.entities = {e.qualified_name.lower(): e for e in document.entities}
        self.enums = {e.qualified_name.lower(): e for e in document.enums}

    def enum_of(self, entity: str, prop: str) -> EnumType | None:
        seen: set[str] = set()
        current: EntityType | None = self.entities.get(entity.lower())
        while current is not None and current.qualified_name not in seen:
            seen.add(current.qualified_name)
            for p in current.properties:
                if p.name == prop:
                    return self.enums.get(p.type.name.lower())
            current = self.entities.get(current.base_type.lower()) if current.base_type else None
        return None


def measure(part: str, csdl: Csdl, errors_of: str | None) -> dict[str, object]:
    pages = sorted((CORPUS / part).glob("*.md"))
    figures: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    operations: Counter[str] = Counter()
    for path in pages:
        fragment = read_docs_page(path, path.relative_to(CORPUS).as_posix())
        errors = [d for d in fragment.diagnostics if d.severity == "error"]
        figures["pages"] += 1
        figures["pages with errors"] += bool(errors)
        figures["errors"] += len(errors)
        for error in errors:
            kinds[kind_of(error.message)] += 1
            if errors_of and errors_of in kind_of(error.message):
                print(error, file=sys.stderr)
        figures["skipped-table warnings"] += sum("table" in d.message and "skipped" in d.message for d in fragment.diagnostics)
        props = (*fragment.properties, *fragment.navigation_properties)
        figures["properties"] += len(props)
        figures["collection properties"] += sum(p.type.collection for p in props)
        figures["annotations"] += len(getattr(fragment, "annotations", ()))
        if fragment.operation is not None:
            operations[fragment.operation.kind] += 1
        op = getattr(fragment, "service_operation", None)
        if op is not None:
            operations[op.kind] += 1
            operations[f"{op.kind}s with a return type"] += op.return_type is not None
            operations[f"{op.kind}s bound to no type"] += not op.bound and len(op.paths[0].strip("/").split("/")) > 1
            figures["operation parameters"] += len(op.parameters) - op.bound
        _enum_lists(fragment, csdl, figures)
    return {
        "figures": dict(figures),
        "operations": dict(sorted(operations.items())),
        "error kinds": dict(kinds.most_common(15)),
    }


def _enum_lists(fragment: PageFragment, csdl: Csdl, figures: Counter[str]) -> None:
    for prop in fragment.properties:
        if not prop.enum_members:
            continue
        figures["enum lists"] += 1
        enum = csdl.enum_of(fragment.entity, prop.name)
        if enum is None:
            continue
        figures["enum lists naming a CSDL enum"] += 1
        listed = {m.name for m in prop.enum_members}
        members = {m.name for m in enum.members}
        figures["enum lists within the CSDL enum"] += listed <= members
        figures["enum list members"] += len(listed)
        figures["enum list members not in the CSDL enum"] += len(listed - members)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", metavar="KIND", help="print the errors whose kind contains KIND")
    parser.add_argument("--part", action="append", choices=PARTS)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"no corpus at {CORPUS}")
    documents = {v: Csdl(read_csdl((SHARED / "csdl" / f).read_bytes(), f)) for v, f in CSDL.items()}
    result = {part: measure(part, documents[part.split("/")[0]], args.errors) for part in args.part or PARTS}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for part, values in result.items():
        print(f"== {part}")
        for section, counts in values.items():
            print(f"  {section}:")
            for key, value in counts.items():  # type: ignore[attr-defined]
                print(f"    {value:6}  {key}")


if __name__ == "__main__":
    main()
