"""The cache of formatted files: a second run formats only what changed, its output is the same
bytes as a run without it, and nothing in it (another black, a damaged pack) can make a run
fail or write something else."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import black
import pytest
from conftest import ROOT

import odatagen.emit.formatting as formatting
from odatagen.cache import CACHE_DIR, KEEP_PACKS, FormatCache
from odatagen.cli import main
from odatagen.config import load_config
from odatagen.emit import BLACK_MODE, STATIC_TEMPLATES, Rendered, render_package
from odatagen.pipeline import build_schema

SHOP = ROOT / "tests/data/csdl/cap-shop.xml"


def render(source: Path, cache: FormatCache | None) -> list[Rendered]:
    schema = build_schema([source], None, source.parent)
    return render_package(schema, "shop", ("shop.xml",), cache=cache)


def python_files(rendered: list[Rendered]) -> int:
    """The files that go through the cache: Python, and not a static template (never formatted)."""
    static = {name.removeprefix("package/").removesuffix(".jinja") for name in STATIC_TEMPLATES}
    return sum(r.path.endswith(".py") and r.path.split("/", 1)[-1] not in static for r in rendered)


@pytest.fixture(params=["in-process", "workers"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways files are formatted: in this process, and in worker processes (used from
    PARALLEL_FROM files on; lowered here so that a small package takes that road too)."""
    if request.param == "workers":
        monkeypatch.setattr(formatting, "PARALLEL_FROM", 2)
    return str(request.param)


def test_a_one_line_change_formats_only_the_files_it_changes(tmp_path: Path, mode: str) -> None:
    source = tmp_path / "shop.xml"
    text = SHOP.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    first = FormatCache(tmp_path / "cache", tmp_path / "out", BLACK_MODE)
    before = render(source, first)
    assert first.stats.hits == 0
    assert first.stats.formatted + first.stats.verified == python_files(before)

    at = text.index("String=\"User's unique ID\"", text.index('Target="ShopService.Orders/modifiedBy"'))
    source.write_text(text[:at] + 'String="Who changed it last"' + text[at + 25 :], encoding="utf-8")
    second = FormatCache(tmp_path / "cache", tmp_path / "out", BLACK_MODE)
    after = render(source, second)
    changed = {a.path for a, b in zip(after, before) if a.text != b.text}
    assert changed == {"shop/models/orders.py"}
    assert second.stats.formatted + second.stats.verified == 1  # black ran on one file at most
    assert second.stats.hits == python_files(after) - 1
    assert after == render(source, None)  # the same bytes as without a cache


def test_cached_output_is_byte_identical_to_uncached(tmp_path: Path, mode: str) -> None:
    uncached = render(SHOP, None)
    cold = render(SHOP, FormatCache(tmp_path, tmp_path / "out", BLACK_MODE))
    warm_cache = FormatCache(tmp_path, tmp_path / "out", BLACK_MODE)
    warm = render(SHOP, warm_cache)
    assert warm_cache.stats.hits == python_files(warm) and warm_cache.stats.formatted == 0
    assert uncached == cold == warm


def test_the_cache_is_keyed_on_blacks_version_and_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    render(SHOP, FormatCache(tmp_path, out, BLACK_MODE))
    other_mode = FormatCache(tmp_path, out, replace(BLACK_MODE, line_length=88))
    render(SHOP, other_mode)
    assert other_mode.stats.hits == 0  # that black would have written something else
    render(SHOP, FormatCache(tmp_path, out, BLACK_MODE))
    monkeypatch.setattr(black, "__version__", "0.0-another")
    other_black = FormatCache(tmp_path, out, BLACK_MODE)
    render(SHOP, other_black)
    assert other_black.stats.hits == 0


def pack_of(folder: Path) -> Path:
    (pack,) = folder.glob("*.pack")
    return pack


@pytest.mark.parametrize("damage", ["flip-a-byte", "truncate", "garbage", "empty", "folder"])
def test_a_damaged_cache_is_ignored(tmp_path: Path, damage: str) -> None:
    out = tmp_path / "out"
    clean = render(SHOP, FormatCache(tmp_path, out, BLACK_MODE))
    pack = pack_of(tmp_path)
    data = pack.read_bytes()
    if damage == "flip-a-byte":
        at = data.index(b"class Customers")
        pack.write_bytes(data[:at] + b"K" + data[at + 1 :])
    elif damage == "truncate":
        pack.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        pack.write_bytes(os.urandom(5000))
    elif damage == "empty":
        pack.write_bytes(b"")
    else:
        pack.unlink()
        pack.mkdir()
    cache = FormatCache(tmp_path, out, BLACK_MODE)
    assert render(SHOP, cache) == clean
    if damage == "flip-a-byte":
        assert cache.stats.formatted + cache.stats.verified == 1  # only the damaged entry missed
        assert cache.stats.hits == python_files(clean) - 1
    again = FormatCache(tmp_path, out, BLACK_MODE)
    assert render(SHOP, again) == clean
    if damage != "folder":
        assert again.stats.hits == python_files(clean)  # the next run wrote a good pack


def test_the_cache_stays_bounded_and_touches_only_its_own_files(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    mine = folder / "notes.txt"
    mine.write_text("mine")
    left = folder / f".{'0' * 24}.pack.123-456.tmp"  # what a run that died left behind
    left.write_bytes(b"partial")
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    render(SHOP, FormatCache(folder, tmp_path / "first", BLACK_MODE))
    for n in range(KEEP_PACKS + 2):  # other output folders' runs, each newer than the last
        other = FormatCache(folder, tmp_path / f"out{n}", BLACK_MODE)
        other.record(other.key(str(n)), str(n), "black")
        other.save()
        os.utime(other._pack or folder, (time.time() + n, time.time() + n))
    assert len(list(folder.glob("*.pack"))) == KEEP_PACKS
    assert mine.read_text() == "mine" and not left.exists()
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    oldest, newest = FormatCache(folder, tmp_path / "first", BLACK_MODE), FormatCache(folder, tmp_path / f"out{KEEP_PACKS + 1}", BLACK_MODE)
    oldest.load(), newest.load()
    assert oldest._old == {} and list(newest._old.values()) == [str(KEEP_PACKS + 1)]


def test_a_pack_holds_what_the_last_run_used(tmp_path: Path) -> None:
    """It does not grow with each change: entries the last run did not use are dropped."""
    cache = FormatCache(tmp_path, tmp_path / "out", BLACK_MODE)
    cache.record(cache.key("old"), "old", "black")
    cache.save()
    render(SHOP, FormatCache(tmp_path, tmp_path / "out", BLACK_MODE))
    again = FormatCache(tmp_path, tmp_path / "out", BLACK_MODE)
    again.load()
    assert cache.key("old") not in again._old and len(again._old) == python_files(render(SHOP, None))


def test_the_cli_caches_beside_the_output_folder_unless_told(tmp_path: Path) -> None:
    out = tmp_path / "build" / "shop"
    args = ["generate", str(SHOP), "--package", "shop", "--out", str(out)]
    assert main(args) == 0
    assert list((out.parent / CACHE_DIR).glob("*.pack"))
    assert not (out / CACHE_DIR).exists()
    elsewhere = tmp_path / "elsewhere"
    assert main([*args[:-1], str(tmp_path / "two"), "--cache-dir", str(elsewhere)]) == 0
    assert list(elsewhere.glob("*.pack"))
    assert main([*args[:-1], str(tmp_path / "three" / "shop"), "--no-cache"]) == 0
    assert not (tmp_path / "three" / CACHE_DIR).exists()
    blocked = tmp_path / "blocked"
    (blocked / CACHE_DIR).parent.mkdir()
    (blocked / CACHE_DIR).write_text("not a folder")
    assert main([*args[:-1], str(blocked / "shop")]) == 0  # an unusable cache is no error
    assert (blocked / "shop/shop/models/customers.py").is_file()


def test_the_config_names_the_cache_folder(tmp_path: Path) -> None:
    (tmp_path / "shop.xml").write_bytes(SHOP.read_bytes())
    config = tmp_path / "odatagen.yaml"
    config.write_text("package: shop\nsources: [shop.xml]\n")
    assert load_config(config).cache_dir == tmp_path / CACHE_DIR
    config.write_text("package: shop\nsources: [shop.xml]\ncache_dir: .cache/odatagen\n")
    assert load_config(config).cache_dir == tmp_path / ".cache/odatagen"
    assert main(["generate", "--config", str(config)]) == 0
    assert list((tmp_path / ".cache/odatagen").glob("*.pack"))


def test_verbose_says_what_black_did(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "shop.xml"
    text = SHOP.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    args = ["generate", str(source), "--package", "shop", "--out", str(tmp_path / "out"), "-v"]
    assert main(args) == 0
    capsys.readouterr()
    source.write_text(text.replace("<Annotation", "<Annotation ", 1), encoding="utf-8")  # same meaning
    assert main(args) == 0
    files = python_files(render(SHOP, None))
    assert "odatagen: 0 file(s) formatted by black, 0 already as black writes them, " f"{files} from the cache" in capsys.readouterr().err


def _save_many(folder: str, out: str, label: str) -> None:
    for n in range(30):
        cache = FormatCache(Path(folder), Path(out), BLACK_MODE)
        for i in range(50):
            cache.record(cache.key(f"{label}{i}"), f"{label} {i} " * 200, "black")
        cache.save()


def test_concurrent_runs_never_leave_a_torn_pack(tmp_path: Path) -> None:
    """Two runs saving the same output folder's pack at once: the pack is always one run's
    whole pack, never a mix or a part (each is written beside it and renamed over it)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    runs = [context.Process(target=_save_many, args=(str(tmp_path), str(tmp_path / "out"), label)) for label in "ab"]
    for run in runs:
        run.start()
    seen = set()
    while any(run.is_alive() for run in runs):
        cache = FormatCache(tmp_path, tmp_path / "out", BLACK_MODE)
        cache.load()
        if cache._old:
            labels = {text[0] for text in cache._old.values()}
            assert len(labels) == 1 and len(cache._old) == 50, "a torn pack"
            seen |= labels
    for run in runs:
        run.join()
        assert run.exitcode == 0
    assert list(tmp_path.glob("*.tmp")) == [] and seen


def test_compiled_templates_are_kept_and_a_damaged_one_is_a_miss(tmp_path: Path) -> None:
    """The templates Jinja compiled are kept in the cache folder (a run need not compile them
    again); a damaged or unwritable one changes nothing in the output."""
    out = tmp_path / "out"
    clean = render(SHOP, FormatCache(tmp_path, out, BLACK_MODE))
    compiled = sorted((tmp_path / "templates").glob("__jinja2_*.cache"))
    assert len(compiled) >= 5
    for path in compiled:
        path.write_bytes(path.read_bytes()[:40])  # torn
    assert render(SHOP, FormatCache(tmp_path, out, BLACK_MODE)) == clean
    assert all(p.stat().st_size > 40 for p in compiled)  # written again, whole
    for path in compiled:
        path.unlink()
        path.mkdir()  # can be neither read nor replaced
    assert render(SHOP, FormatCache(tmp_path, out, BLACK_MODE)) == clean
    (tmp_path / "templates").rename(tmp_path / "elsewhere")
    (tmp_path / "templates").write_text("not a folder")
    assert render(SHOP, FormatCache(tmp_path, out, BLACK_MODE)) == clean
