"""Cut a small, self-contained CSDL document out of a whole one, for test fixtures.

    python -m tests.tools.csdl_slice SOURCE OUT TYPE ...

Keeps the named types (short or qualified names), their base types and the types of their
structural properties, transitively. Each kept element is copied verbatim (its annotations
included) into a schema of its own namespace and alias, so the slice says exactly what the whole
document says about those types. Navigation properties are kept but their targets are not
followed (in Graph they reach most of the model): a slice serves `merge` and the passes that
compare the docs with it, not a run that resolves every type. No container, no operations.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

EDMX = "http://docs.oasis-open.org/odata/ns/edmx"
EDM = "http://docs.oasis-open.org/odata/ns/edm"
_KINDS = ("EntityType", "ComplexType", "EnumType", "TypeDefinition")


def slice_csdl(source: Path, names: list[str]) -> bytes:
    root = etree.parse(str(source), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    schemas = root.findall(f"{{{EDMX}}}DataServices/{{{EDM}}}Schema")
    aliases = {s.get("Alias"): s.get("Namespace") for s in schemas if s.get("Alias")}
    found: dict[str, tuple[etree._Element, str]] = {}
    for schema in schemas:
        for kind in _KINDS:
            for node in schema.findall(f"{{{EDM}}}{kind}"):
                found[f"{schema.get('Namespace')}.{node.get('Name')}"] = (node, schema.get("Namespace", ""))

    def qualify(name: str) -> str:
        name = name.removeprefix("Collection(").removesuffix(")")
        namespace, _, short = name.rpartition(".")
        return f"{aliases.get(namespace, namespace)}.{short}"

    wanted = [n if n in found else next(q for q in found if q.rpartition(".")[2] == n) for n in names]
    kept: dict[str, None] = {}
    while wanted:
        name = wanted.pop()
        if name in kept or name not in found:
            continue
        kept[name] = None
        node, _ = found[name]
        if node.get("BaseType"):
            wanted.append(qualify(node.get("BaseType", "")))
        for child in node:
            if child.tag == f"{{{EDM}}}Property" and child.get("Type"):
                wanted.append(qualify(child.get("Type", "")))
    out = etree.Element(f"{{{EDMX}}}Edmx", Version="4.0", nsmap={"edmx": EDMX})
    services = etree.SubElement(out, f"{{{EDMX}}}DataServices")
    for schema in schemas:
        namespace = schema.get("Namespace")
        members = [found[q][0] for q in found if q in kept and found[q][1] == namespace]
        if not members:
            continue
        attrib = {"Namespace": namespace or ""} | ({"Alias": schema.get("Alias", "")} if schema.get("Alias") else {})
        target = etree.SubElement(services, f"{{{EDM}}}Schema", attrib, nsmap={None: EDM})
        for node in members:
            target.append(etree.fromstring(etree.tostring(node)))
    etree.indent(out, space="  ")
    text: bytes = etree.tostring(out, xml_declaration=True, encoding="utf-8")
    return text + b"\n"


def main(argv: list[str]) -> int:
    source, out, *names = argv
    Path(out).write_bytes(slice_csdl(Path(source), names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
