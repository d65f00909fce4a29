"""The cache of sources read: a run after a one-page change reads that page only, and what the
cache gives is exactly what reading gives; a damaged pack, another odatagen or a page that
cannot be read never makes a run use a stale fragment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import odatagen.sourcecache as sourcecache
from odatagen.cli import main
from odatagen.reading import read_each, read_one
from odatagen.sourcecache import SourceCache

DOCS = ROOT / "schemas/docs"
CSDL = ROOT / "schemas/csdl/userpfxcertificate.xml"


def project(tmp_path: Path) -> list[tuple[Path, str]]:
    folder = tmp_path / "src"
    folder.mkdir()
    sources = []
    for path in [CSDL, *sorted(DOCS.glob("*.md"))[:4]]:
        (folder / path.name).write_bytes(path.read_bytes())
        sources.append((folder / path.name, path.name))
    return sources


def reads(sources: list[tuple[Path, str]], tmp_path: Path) -> tuple[list[object], SourceCache]:
    cache = SourceCache(tmp_path / "cache", tmp_path / "out")
    return list(read_each(sources, cache)), cache


def test_a_second_run_reads_only_the_changed_source(tmp_path: Path) -> None:
    sources = project(tmp_path)
    first, cache = reads(sources, tmp_path)
    assert cache.hits == 0
    assert first == [read_one(s) for s in sources]
    again, cache = reads(sources, tmp_path)
    assert cache.hits == len(sources) and again == first
    page = sources[1][0]
    page.write_text(page.read_text(encoding="utf-8").replace("Delete pfxUserCertificate", "Remove pfxUserCertificate", 1), encoding="utf-8")
    changed, cache = reads(sources, tmp_path)
    assert cache.hits == len(sources) - 1
    assert changed == [read_one(s) for s in sources] and changed[1] != first[1]
    renamed = [(p, f"other/{name}") for p, name in sources]  # the name is in every location
    moved, cache = reads(renamed, tmp_path)
    assert cache.hits == 0 and moved == [read_one(s) for s in renamed]


def test_another_odatagen_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = project(tmp_path)
    reads(sources, tmp_path)
    monkeypatch.setattr(sourcecache, "code_digest", lambda: "another odatagen")
    _, cache = reads(sources, tmp_path)
    assert cache.hits == 0


@pytest.mark.parametrize("damage", ["flip-a-byte", "truncate", "garbage"])
def test_a_damaged_pack_is_a_miss(tmp_path: Path, damage: str) -> None:
    sources = project(tmp_path)
    clean, _ = reads(sources, tmp_path)
    (pack,) = (tmp_path / "cache").glob("*.sources")
    data = pack.read_bytes()
    if damage == "flip-a-byte":
        at = data.index(b"userPFXCertificate")
        pack.write_bytes(data[:at] + b"X" + data[at + 1 :])
    elif damage == "truncate":
        pack.write_bytes(data[: len(data) // 2])
    else:
        pack.write_bytes(b"odatagen-source-cache 1\n" + b"\x80" * 500)
    again, cache = reads(sources, tmp_path)
    assert again == clean and cache.hits < len(sources)
    _, cache = reads(sources, tmp_path)
    assert cache.hits == len(sources)  # the run after wrote a good pack


def test_a_source_that_cannot_be_read_is_never_kept(tmp_path: Path) -> None:
    sources = project(tmp_path)
    bad = tmp_path / "src/latin1.md"
    bad.write_bytes("# Caf\xe9\n".encode("latin-1"))
    sources.append((bad, "latin1.md"))
    first, _ = reads(sources, tmp_path)
    assert isinstance(first[-1], tuple)  # its errors
    again, cache = reads(sources, tmp_path)
    assert again[-1] == first[-1] and cache.hits == len(sources) - 1


def test_the_cli_reads_from_the_cache_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = project(tmp_path)
    args = ["generate", *(str(p) for p, _ in sources), "--package", "certs", "--out", str(tmp_path / "out"), "-v"]
    assert main(args) == 0
    assert f"{len(sources)} source(s) read, 0 from the cache" in capsys.readouterr().err
    page = sources[2][0]
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(args) == 0
    assert f"1 source(s) read, {len(sources) - 1} from the cache" in capsys.readouterr().err
    assert main([*args, "--no-cache", "--force"]) == 0
    assert f"{len(sources)} source(s) read, 0 from the cache" in capsys.readouterr().err


def test_a_run_whose_files_all_come_from_the_cache_never_imports_black(tmp_path: Path) -> None:
    """black is a tenth of a second to import: a warm run has no use for it."""
    shop = tmp_path / "shop.xml"
    shop.write_bytes((ROOT / "tests/data/csdl/cap-shop.xml").read_bytes())
    args = ["generate", str(shop), "--package", "shop", "--out", str(tmp_path / "out")]
    script = "import sys; from odatagen.cli import main; code = main(sys.argv[1:]); print(code, 'black' in sys.modules)"
    run = lambda: subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True).stdout.split()
    assert run() == ["0", "True"]  # cold: black formats
    shop.write_text(shop.read_text(encoding="utf-8").replace("<Annotation", "<Annotation ", 1), encoding="utf-8")
    assert run() == ["0", "False"]  # the same files: all from the cache
