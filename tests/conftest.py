from __future__ import annotations

import contextlib
import functools
import importlib
import os
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cap_server import cap_server  # noqa: F401 - the fixture, one server for the whole session

from odatagen.config import load_config
from odatagen.history import previous_in, track
from odatagen.ir import Schema
from odatagen.pipeline import build_schema

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CONFIG = load_config(ROOT / "odatagen.yaml")
# What the project's own sources are, as `odatagen generate` finds them: the tests follow
# schemas/, so a new entity's pages are tested (and snapshotted) without editing a list here.
DOCS = [p for p in CONFIG.sources if p.suffix in (".md", ".txt")]
CSDL = [p for p in CONFIG.sources if p not in DOCS]
TEST_DOCS = sorted((ROOT / "tests" / "data" / "docs").iterdir())
SEED_000 = ROOT / "schemas" / "docs" / "000_e2f8227b4674fe38.txt"
SEED_003 = ROOT / "schemas" / "docs" / "003_7373349e0371a15a.txt"


@functools.cache
def project_schema() -> Schema:
    """The schema `make generate` renders into generated/ (odatagen.yaml's sources and overlay,
    named as generated/'s names lock says)."""
    return build_schema(CONFIG.sources, CONFIG.overlay, CONFIG.root, names=previous_in(CONFIG.output, CONFIG.root).lock)


def project_version() -> str:
    """The generated package's version that `make generate` writes (it follows the API record)."""
    previous = previous_in(CONFIG.output, CONFIG.root)
    return track(project_schema(), CONFIG.package, previous, CONFIG.version).version


def model_name(entity: str) -> str:
    """The generated class of an entity or complex type, by qualified name."""
    return next(e.python_name for e in project_schema().entities if e.qualified_name == entity)


def operation_name(entity: str, kind: str) -> str:
    """The generated `operations` function of a documented operation (create, get, ...)."""
    return next(op.python_name for op in project_schema().operations if (op.entity, op.kind) == (entity, kind))


def pytest_collection_finish(session: pytest.Session) -> None:
    """A test module that fails to import leaves its snapshots unused, and syrupy's
    `--snapshot-update` then deletes every snapshot of the run (the whole .ambr file) while pytest
    stops on the collection error. Keep them: with a collection error, nothing is cleaned up."""
    if session.testsfailed and session.config.getoption("update_snapshots", False):
        session.config.option.no_cleanup = True
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("collection failed: --snapshot-update deletes no snapshot this run", yellow=True)


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in diagnostics and the IR are relative to the working folder: make it the root."""
    monkeypatch.chdir(ROOT)


def venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def git(folder: Path, *args: str) -> str:
    """What `git args` prints in `folder` (committing as a test identity)."""
    command = ["git", "-c", "user.name=odatagen tests", "-c", "user.email=tests@odatagen.invalid", *args]
    return subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True).stdout


def git_repo(folder: Path) -> None:
    """Make `folder` a repository with everything in it committed, ignoring what the project ignores."""
    (folder / ".gitignore").write_bytes((ROOT / ".gitignore").read_bytes())
    git(folder, "init", "--quiet")
    git(folder, "add", "--all")
    git(folder, "commit", "--quiet", "--message", "base")


@pytest.fixture(scope="session")
def installed_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with nothing but `pip install <copy of generated/>` in it. The copy is a git
    repository: `git status --ignored --porcelain` before the install is in `status-before`."""
    base = tmp_path_factory.mktemp("installed")
    subprocess.run(["cp", "-r", str(ROOT / "generated"), str(base / "generated")], check=True)
    git_repo(base)
    (base / "status-before").write_text(git(base, "status", "--ignored", "--porcelain", "generated/"))
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    subprocess.run(
        [str(venv_python(env_dir)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "./generated"],
        check=True,
        cwd=base,
    )
    return env_dir


@pytest.fixture(scope="session")
def site_packages(installed_venv: Path) -> Path:
    out = subprocess.run(
        [str(venv_python(installed_venv)), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(out.stdout.strip())


@pytest.fixture(scope="session")
def gc(site_packages: Path) -> Iterator[object]:
    """The generated package as installed in the new venv, imported into this test process."""
    sys.path.insert(0, str(site_packages))
    for name in [m for m in sys.modules if m == "graph_certificates" or m.startswith("graph_certificates.")]:
        del sys.modules[name]
    import graph_certificates

    assert Path(graph_certificates.__file__).resolve().is_relative_to(site_packages.resolve())
    yield graph_certificates
    sys.path.remove(str(site_packages))


def mypy_errors(program: str, site_packages: Path, tmp_path: Path) -> list[str]:
    """`line: message` for every error `mypy --strict` finds in `program`, which uses the package
    as installed (`site_packages`)."""
    path = tmp_path / "consumer.py"
    path.write_text(program)
    env = {**os.environ, "MYPYPATH": str(site_packages)}
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(path)],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    errors = [line.partition(":")[2] for line in out.stdout.splitlines() if ": error: " in line]
    return [line.replace(": error: ", ": ", 1) for line in errors]


@contextlib.contextmanager
def imported(package: str, folder: Path) -> Iterator[Any]:
    """`package`, generated into `folder`, imported from there and forgotten afterwards; a
    package of that name imported before (another test's) is put back as it was, so that its
    lazy imports keep finding their own modules."""
    ours = [m for m in sys.modules if m == package or m.startswith(f"{package}.")]
    stashed = {name: sys.modules.pop(name) for name in ours}
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[name]
        sys.modules.update(stashed)
