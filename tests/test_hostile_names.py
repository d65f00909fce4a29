"""Names and text from documents never reach generated source raw."""

from __future__ import annotations

import ast
import dataclasses
import keyword
from pathlib import Path

from conftest import imported
from hypothesis import given
from hypothesis import strategies as st

from odatagen.cli import main
from odatagen.emit.text import docstring
from odatagen.names import pascal, safe, snake, upper

RESOURCE = """---
title: "hostileThing resource type"
doc_type: resourcePageType
---

# hostileThing resource type

Namespace: microsoft.graph

A type whose names break naive generators. \"\"\"; import os; os.system('x') #

## Properties
|Property|Type|Description|
|:---|:---|:---|
|from|String|Sender. Ends with a quote"|
|class|String|A backslash \\\\ and a triple quote \"\"\" inside.|
|_source|String|Leading underscore.|
|request-id|String|A hyphen.\u2028Line separator and a bidi \u202e override.|
|fooBar|Int32|Collides with foo_bar after snake_case.|
|foo_bar|Int32|The other one.|
|str|Boolean|Shadows a builtin.|
|kind|[hostileKind](hostilekind.md)|Enum with keyword members.|
"""

ENUM = """---
title: "hostileKind enum type"
doc_type: enumPageType
---

# hostileKind enum type

Namespace: microsoft.graph

## Members
|Member|Value|Description|
|:---|:---|:---|
|None|0|Keyword.|
|import|1|Keyword.|
|global|2|Keyword.|
|PascalCase|3|Pascal.|
|pascalCase|4|Collides after upper-casing.|
"""


def test_hostile_page_generates_valid_importable_code(tmp_path: Path) -> None:
    (tmp_path / "hostile.md").write_text(RESOURCE, encoding="utf-8")
    (tmp_path / "hostilekind.md").write_text(ENUM, encoding="utf-8")
    out = tmp_path / "out"
    args = ["generate", str(tmp_path / "hostile.md"), str(tmp_path / "hostilekind.md"), "--package", "hostile", "--out", str(out)]
    assert main(args) == 0
    for path in out.rglob("*.py"):
        ast.parse(path.read_text(encoding="utf-8"))
    source = (out / "hostile/models/hostile_thing.py").read_text(encoding="utf-8")
    assert "\u2028" not in source and "\u202e" not in source
    with imported("hostile", out) as module:
        cls, kind = module.HostileThing, module.HostileKind
        attrs = [f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")]
        assert attrs == ["additional_data", "from_", "class_", "source", "request_id", "foo_bar", "foo_bar_2", "str_", "kind"]
        assert [m.name for m in kind] == ["NONE", "IMPORT", "GLOBAL", "PASCAL_CASE", "PASCAL_CASE_2"]
        data = {"from": "a", "class": "b", "_source": "c", "request-id": "d", "fooBar": 1, "foo_bar": 2, "str": True, "kind": "import"}
        model = cls.from_dict(data)
        assert model.from_ == "a" and model.kind is kind.IMPORT and model.foo_bar_2 == 2
        assert model.to_dict() == data
        assert '"""; import os; os.system' in (cls.__doc__ or "")  # text, not code


@given(st.text())
def test_sanitised_names_are_identifiers(name: str) -> None:
    for convert in (snake, pascal, upper):
        result = safe(convert(name))
        assert result.isidentifier() and result.isascii()
        assert not keyword.iskeyword(result) and not keyword.issoftkeyword(result)


@given(st.text())
def test_docstrings_cannot_escape(text: str) -> None:
    body = docstring(text)
    tree = ast.parse(f'def f():\n    """{body}"""\n')
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef) and len(func.body) == 1
    doc = ast.get_docstring(func, clean=False)
    assert doc is not None and "\u2028" not in doc and "\r" not in doc
