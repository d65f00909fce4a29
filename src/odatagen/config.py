"""`odatagen.yaml`: which sources, which overlay, which package, where to write it."""

from __future__ import annotations

import glob
import keyword
import re
from dataclasses import dataclass
from pathlib import Path

from .cache import CACHE_DIR
from .errors import OdatagenError
from .yamlfile import YamlFile, line_of

CONFIG_NAME = "odatagen.yaml"
_KEYS = {"package", "output", "overlay", "sources", "include", "graph_version", "cache_dir", "version"}
GRAPH_VERSIONS = ("beta", "v1.0")
_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")
_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    """Folder that relative paths (in the config and in diagnostics) are relative to."""
    package: str
    output: Path
    sources: tuple[Path, ...]
    overlay: Path | None = None
    include: tuple[str, ...] = ()
    """Generate only these types and what they reference (all types when empty)."""
    graph_version: str = "beta"
    """A Graph package's default API version (`Service()`, the docs' operations)."""
    cache_dir: Path | None = None
    """Where formatted files are cached (see `cache`); None: nowhere."""
    version: str | None = None
    """The generated package's version, pinned; None: it follows the API changes (`history.py`)."""


def check_package_name(name: str, where: str = "--package") -> str:
    if not _PACKAGE.match(name) or keyword.iskeyword(name):
        raise OdatagenError.at(
            where, 0, f"package name {name!r} is not a lowercase Python identifier (e.g. graph_certificates)"
        )
    return name


def load_config(path: Path) -> Config:
    root = path.parent
    doc = YamlFile(path, display(path, Path.cwd()))
    entries = doc.mapping(doc.root, CONFIG_NAME, _KEYS)
    for required in ("package", "sources"):
        if required not in entries:
            raise OdatagenError.at(doc.display, 1, f"{CONFIG_NAME} must name {required!r}")
    package_node = entries["package"]
    package = doc.string(package_node, "package")
    if not _PACKAGE.match(package) or keyword.iskeyword(package):
        raise doc.fail(package_node, f"package name {package!r} is not a lowercase Python identifier")
    sources: list[Path] = []
    for pattern, line in doc.strings(entries["sources"], "sources"):
        matches = sorted(glob.glob(pattern, root_dir=root)) if glob.has_magic(pattern) else [pattern]
        if not matches or not all((root / m).is_file() for m in matches):
            raise OdatagenError.at(doc.display, line, f"source {pattern!r} matches no file")
        sources.extend(root / m for m in matches)
    overlay = None
    if "overlay" in entries:
        overlay = root / doc.string(entries["overlay"], "overlay")
        if not overlay.is_file():
            raise OdatagenError.at(doc.display, line_of(entries["overlay"]), f"overlay {overlay} does not exist")
    output = root / doc.string(entries["output"], "output") if "output" in entries else root / "generated"
    include = tuple(name for name, _ in doc.strings(entries["include"], "include")) if "include" in entries else ()
    version = "beta"
    if "graph_version" in entries:
        version = doc.string(entries["graph_version"], "graph_version")
        if version not in GRAPH_VERSIONS:
            raise doc.fail(entries["graph_version"], f"graph_version must be one of {', '.join(GRAPH_VERSIONS)}, not {version!r}")
    cache_dir = root / (doc.string(entries["cache_dir"], "cache_dir") if "cache_dir" in entries else CACHE_DIR)
    pinned = None
    if "version" in entries:
        pinned = doc.string(entries["version"], "version")
        if not _VERSION.match(pinned):
            raise doc.fail(entries["version"], f"version must be MAJOR.MINOR.PATCH (e.g. \"1.4.0\"), not {pinned!r}")
    return Config(root, package, output, tuple(dict.fromkeys(sources)), overlay, include, version, cache_dir, pinned)


def display(path: Path, root: Path) -> str:
    """A path as diagnostics and the IR show it: relative to `root` where it can be, POSIX style."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
