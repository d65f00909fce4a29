"""Render the schema in memory: Jinja templates, then `ast`, then black with a fixed Mode
(`formatting`).

Nothing here touches the output folder; `write` does, once everything has rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from ..cache import FormatCache
from ..ir import Property, Schema
from . import client, methods
from .codecs import CodecTable
from .formatting import Rendered, black_mode, check_python, format_one, produce_all
from .text import assignment, class_line, docblock, docstring, field_line, import_line, literal, mapping, sequence, statement
from .views import builders, enum_numbers, exports, replaces_views, request_headers

__all__ = ["BLACK_MODE", "STATIC_TEMPLATES", "black_mode", "Rendered", "check_python", "environment", "format_one", "render_package"]

STATIC_TEMPLATES = frozenset(
    {
        "package/_runtime.py.jinja",
        "package/_values.py.jinja",
        "package/_client.py.jinja",
        "package/_url.py.jinja",
        "package/_migrate.py.jinja",
    }
)
"""Templates without a placeholder, written exactly as black writes them (a test checks): their
output is the same for every schema, so black is not run on it again."""



def __getattr__(name: str) -> Any:
    if name == "BLACK_MODE":  # black's Mode; black is imported only when a file must be formatted
        return black_mode()
    raise AttributeError(name)


CLOUD_BASE_URLS = {
    "global": "https://graph.microsoft.com",
    "us_gov_l4": "https://graph.microsoft.us",
    "us_gov_l5_dod": "https://dod-graph.microsoft.us",
    "china": "https://microsoftgraph.chinacloudapi.cn",
}


def templates_dir() -> Path:
    """Templates ship inside the wheel (odatagen/templates); a source checkout keeps them at the top."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent.parent / "templates"):
        if (candidate / "package").is_dir():
            return candidate
    raise FileNotFoundError("odatagen's templates are missing from this installation")


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """The templates compiled by an earlier run (Jinja checks each against its source); a
    folder that cannot be read or written is no error, only a miss."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged file is a miss
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def environment(codecs: CodecTable, compiled: Path | None = None) -> jinja2.Environment:
    """`compiled`: a folder to keep the compiled templates in between runs (in odatagen's cache)."""
    env = jinja2.Environment(
        bytecode_cache=_BytecodeCache(str(compiled)) if compiled is not None else None,
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,  # a run renders thousands of files: no stat of the template for each
    )
    filters: dict[str, Callable[..., Any]] = {
        "pyrepr": literal,
        "import_line": import_line,
        "assignment": assignment,
        "class_line": class_line,
        "sequence": lambda values, target, indent: sequence(target, [literal(v) for v in values], indent),
        "prop_line": partial(_prop_line, codecs),
        "docstring": docstring,
        "docblock": docblock,
        "mapping": mapping,
        "py_type": codecs.py_type,
        "prop_args": codecs.prop_args,
        "numbers": enum_numbers,
        "request_headers": request_headers,
        "method_def": methods.method_def,
        "property_def": methods.property_def,
        "target": client.target,
        "statement": statement,
    }
    env.filters.update(filters)
    return env


def _prop_line(codecs: CodecTable, prop: Property) -> str:
    """`name: Type = UNSET`, or `= prop(...)` where the name and the annotation do not say all."""
    args = codecs.prop_args(prop)
    return field_line(prop.python_name, codecs.py_type(prop), "UNSET" if args is None else "prop", args, 4)


def render_package(
    schema: Schema,
    package: str,
    sources: tuple[str, ...],
    on_file: Callable[[Rendered], None] | None = None,
    graph_version: str = "beta",
    cache: FormatCache | None = None,
    package_version: str = "0.1.0",
    on_total: Callable[[int], None] | None = None,
) -> list[Rendered]:
    """Every file of the package, sorted by path. `on_total` is told how many there will be
    once that is known (progress counts towards it); `on_file` sees each one as soon as it is
    formatted (the writer stages it while the rest is still with black); `cache` keeps what
    black made of each file, so that only changed files are formatted again. `package_version`
    is the generated package's own version (`history.py` says which)."""
    compiled = cache.folder / "templates" if cache is not None and cache.folder is not None else None
    env, common, jobs = _jobs(schema, package, sources, graph_version, package_version, compiled)
    if on_total is not None:
        on_total(len(jobs))
    static = [Rendered(path, env.get_template(tpl).render()) for path, tpl, _ in jobs if tpl in STATIC_TEMPLATES]
    jobs = _heaviest_first([job for job in jobs if job[1] not in STATIC_TEMPLATES])
    for file in static:
        check_python(file.path, file.text)
        if on_file is not None:
            on_file(file)
    templates = {tpl: env.get_template(tpl) for tpl in sorted({tpl for _, tpl, _ in jobs})}  # each compiled once

    def render(index: int) -> tuple[str, str]:
        path, template, context = jobs[index]
        return path, templates[template].render(**common, **context)

    cache = cache if cache is not None else FormatCache(None, None)
    return sorted(static + produce_all(render, len(jobs), on_file, cache), key=lambda r: r.path)


def render_unformatted(schema: Schema, package: str, sources: tuple[str, ...], graph_version: str = "beta") -> list[Rendered]:
    """What the templates write, before black sees it (the tests compare the two)."""
    env, common, jobs = _jobs(schema, package, sources, graph_version)
    return [Rendered(path, env.get_template(tpl).render(**common, **context)) for path, tpl, context in jobs]


def _jobs(
    schema: Schema,
    package: str,
    sources: tuple[str, ...],
    graph_version: str,
    package_version: str = "0.1.0",
    compiled: Path | None = None,
) -> tuple[jinja2.Environment, dict[str, Any], list[tuple[str, str, dict[str, Any]]]]:
    """The environment, the context every template sees, and each file's path, template and
    own context."""
    views = client.views_of(schema)
    codecs = views.codecs
    env = environment(codecs, compiled)
    clouds = sorted(
        {c for op in schema.operations for c in op.clouds} | {"global"}, key=list(CLOUD_BASE_URLS).index
    )
    common = {
        "schema": schema,
        "package": package,
        "sources": sources,
        "codecs": codecs,
        "exports": exports(schema),
        "builders": builders(schema),
        "graph": is_graph(schema),
        "version": graph_version,
        "package_version": package_version,
        "error_class": "GraphError" if is_graph(schema) else "ODataError",
    }
    segments = is_graph(schema) or any(c.keys_as_segments for c in schema.containers)
    service = views.service(keys_as_segments=segments)
    jobs: list[tuple[str, str, dict[str, Any]]] = [
        ("pyproject.toml", "pyproject.toml.jinja", {}),
        (f"{package}/__init__.py", "package/__init__.py.jinja", {}),
        (f"{package}/_runtime.py", "package/_runtime.py.jinja", {}),
        (f"{package}/_values.py", "package/_values.py.jinja", {}),
        (f"{package}/_url.py", "package/_url.py.jinja", {}),
        (f"{package}/_registry.py", "package/_registry.py.jinja", {"aliases": dict(schema.aliases)}),
        (f"{package}/py.typed", "package/py.typed.jinja", {}),
        (f"{package}/models/__init__.py", "package/models/__init__.py.jinja", {}),
        (f"{package}/enums/__init__.py", "package/enums/__init__.py.jinja", {}),
        (f"{package}/_http.py", "package/_http.py.jinja", {"clouds": [(c, CLOUD_BASE_URLS[c]) for c in clouds]}),
        (f"{package}/operations.py", "package/operations.py.jinja", {}),
        (f"{package}/_client.py", "package/_client.py.jinja", {}),
        (
            f"{package}/_service.py",
            "package/_service.py.jinja",
            {"service": service, "service_imports": client.service_imports(service, views)},
        ),
        (f"{package}/builders/__init__.py", "package/builders/__init__.py.jinja", {}),
    ]
    replaces = replaces_views(schema)
    if replaces:  # only a package with a type that replaces another needs it
        jobs.append((f"{package}/_migrate.py", "package/_migrate.py.jinja", {}))
    for e in schema.entities:
        if e.kind == "entity":
            b = views.builder(e)
            jobs.append(
                (f"{package}/builders/{e.module}.py", "package/builders/builder.py.jinja", {"b": b, "imports": client.builder_imports(b, views)})
            )
    jobs += [
        (
            f"{package}/models/{e.module}.py",
            "package/models/model.py.jinja",
            {"entity": e, "imports": codecs.imports(e, replaces.get(e.qualified_name)), "replaces": replaces.get(e.qualified_name)},
        )
        for e in schema.entities
    ]
    jobs += [(f"{package}/enums/{e.module}.py", "package/enums/enum.py.jinja", {"enum": e}) for e in schema.enums]
    return env, common, jobs


def is_graph(schema: Schema) -> bool:
    """A Microsoft Graph package: built from Graph's metadata or from its docs pages."""
    namespaces = {e.namespace for e in schema.entities} | {schema.namespace}
    return bool(schema.operations) or any(n == "microsoft.graph" or n.startswith("microsoft.graph.") for n in namespaces)


def _heaviest_first(jobs: list[tuple[str, str, dict[str, Any]]]) -> list[tuple[str, str, dict[str, Any]]]:
    """The package-wide files (a line per type) and the biggest models first, so that no large
    file is left for the end of a parallel run."""

    def weight(job: tuple[str, str, dict[str, Any]]) -> int:
        context = job[2]
        if "b" in context:
            return len(context["b"].navigations) + len(context["b"].operations)
        if "entity" in context:
            return len(context["entity"].properties)
        return 0 if "enum" in context else 10**9

    return sorted(jobs, key=weight, reverse=True)
