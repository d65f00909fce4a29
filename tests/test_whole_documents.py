"""Whole CSDL documents: every module imports and every model class round-trips an instance
built from its own properties (tests/tools/roundtrip.py). The full Graph documents run in
`make bench`; here a real subset of Graph beta (skipped without ../shared) and the project's own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, project_schema

from odatagen.cli import main
from odatagen.emit.codecs import PRIMITIVES
from odatagen.ir import Property, Schema, TypeRef
from odatagen.pipeline import build_schema

BETA = SHARED / "graph/csdl/graph-beta-2021-07-13.xml"
# Types from four namespaces: flags-like enums, nested complex types, collections, navigation.
SUBSET = ["userPFXCertificate", "microsoft.graph.callRecords.callRecord", "event", "windows10GeneralConfiguration", "plannerTask"]


def roundtrip(package: str, path: Path) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "tests.tools.roundtrip", package, str(path)], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def declared_fields(package: str, path: Path) -> dict[str, dict[str, list[object]]]:
    out = subprocess.run(
        [sys.executable, "-m", "tests.tools.fields", package, str(path)], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def expected_fields(schema: Schema) -> dict[str, dict[str, list[object]]]:
    """Each model's own fields as the IR (the CSDL) has them: what the generated declarations must
    come to once the runtime has read their names and annotations."""
    enums = {e.qualified_name: e.python_name for e in schema.enums}
    models = {e.qualified_name: e.python_name for e in schema.entities}

    def edm(ref: TypeRef) -> str:
        item = enums.get(ref.name) or models.get(ref.name) or (ref.name if ref.name in PRIMITIVES else "Edm.Untyped")
        return f"Collection({item})" if ref.collection else item

    def facts(p: Property) -> list[object]:
        allowed = None if p.allowed_values is None else list(p.allowed_values)
        immutable = p.immutable and not p.read_only  # a computed property is never sent at all
        return [p.name, edm(p.type), p.nullable, p.max_length, allowed, p.read_only, immutable]

    return {e.qualified_name: {p.python_name: facts(p) for p in e.properties} for e in schema.entities}


def test_project_package_round_trips() -> None:
    models = len(project_schema().entities) + 1  # a class per entity and complex type, and the runtime's Model
    assert f"{models} models round-tripped, 0 failed" in roundtrip("graph_certificates", ROOT / "generated")


@pytest.mark.skipif(not BETA.is_file(), reason="../shared/graph/csdl is not beside the project")
def test_graph_beta_subset(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(BETA), "--include", *SUBSET, "--package", "graph_subset", "--out", str(out)]) == 0
    report = roundtrip("graph_subset", out)
    # wire names and codecs left out of the declarations come back from names and annotations
    assert declared_fields("graph_subset", out) == expected_fields(build_schema([BETA], None, BETA.parent, SUBSET))
    modules, models = (int(report.split()[0]), int(report.split(",")[1].split()[0]))
    assert modules > 100 and models > 60 and ", 0 failed" in report
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(out / "graph_subset")], capture_output=True, text=True
    )
    assert typed.returncode == 0, typed.stdout[-3000:]


@pytest.mark.parametrize("name", ["names", "primitives", "rules"])
def test_declarations_come_to_the_csdl(tmp_path: Path, name: str) -> None:
    """Hostile names (wire names no attribute name spells), every primitive type (codecs the
    annotation names, and `int`/`float`, which must name theirs) and what CAP's metadata says of
    values (MaxLength, AllowedValues, Core.Computed, Core.Immutable)."""
    source = ROOT / f"tests/data/csdl/{name}.xml"
    assert main(["generate", str(source), "--package", "pkg", "--out", str(tmp_path)]) == 0
    assert declared_fields("pkg", tmp_path) == expected_fields(build_schema([source], None, source.parent))


def _rendered_before_black(source: Path, include: list[str]) -> dict[str, str]:
    """What the templates write, before black sees it."""
    from odatagen.emit import render_unformatted

    schema = build_schema([source], None, source.parent, include)
    return {r.path: r.text for r in render_unformatted(schema, "pkg", ("x",))}


def test_static_templates_are_written_as_black_writes_them() -> None:
    """Their output does not depend on the schema, so it is not formatted again: it must already
    be black's, whatever the input."""
    import black

    from odatagen.emit import BLACK_MODE, STATIC_TEMPLATES, environment, templates_dir
    from odatagen.emit.codecs import CodecTable
    from odatagen.ir import Schema

    env = environment(CodecTable(Schema("x")))
    assert STATIC_TEMPLATES
    for name in STATIC_TEMPLATES:
        source = (templates_dir() / name).read_text(encoding="utf-8")
        assert env.get_template(name).render() == source  # no placeholder, nothing for Jinja to do
        assert black.format_str(source, mode=BLACK_MODE) == source, name


@pytest.mark.parametrize(
    ("source", "include"),
    [
        pytest.param(BETA, SUBSET, id="graph-beta-subset", marks=pytest.mark.skipif(not BETA.is_file(), reason="no ../shared")),
        pytest.param(ROOT / "tests/data/csdl/names.xml", [], id="hostile-names"),
        pytest.param(ROOT / "tests/data/csdl/primitives.xml", [], id="primitives"),
        pytest.param(ROOT / "tests/data/csdl/client.xml", [], id="client"),
    ],
)
def test_templates_write_what_black_would(source: Path, include: list[str]) -> None:
    """black formats every file, but finds nothing to change: one pass instead of two, which is
    most of the cold time of a whole document (`make bench`)."""
    import black

    from odatagen.emit import BLACK_MODE

    rendered = _rendered_before_black(source, include)
    changed = [path for path, text in rendered.items() if path.endswith(".py") and black.format_str(text, mode=BLACK_MODE) != text]
    assert len(rendered) > 10 and changed == []
