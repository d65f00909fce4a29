"""Command line: `odatagen generate`, `odatagen changes`, `odatagen drift`, `odatagen inspect`.

Exit status: 0 success, 1 `--check` found generated/ out of date, 2 bad input or usage,
3 a breaking API change refused (`--fail-on-breaking`), 70 an internal error (a bug in odatagen: one line saying so, and where to report it).
A user's mistake is printed as `FILE:LINE: message`, never as a traceback.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn
from pathlib import Path

from . import __version__
from .config import CONFIG_NAME, GRAPH_VERSIONS, Config, check_package_name, display, load_config
from .cache import CACHE_DIR, FormatCache
from .changelog import json_report, markdown_report, summary, text_report, today
from .emit import Rendered, render_package
from .errors import OdatagenError
from .history import CARRIED, Outcome, Previous, files, previous_at, previous_in, track
from .ir import Diagnostic, Schema
from .irdump import dump
from .pipeline import build_schema, read_sources
from .progress import Progress
from .sourcecache import SourceCache
from .report import FORMATS, render_rows, render_summary, rows_of, summarize
from .stamp import fingerprint, is_current, read_stamp, write_stamp
from .writer import MANIFEST, Staging, diff_output, write_output

_EPILOG = """\
examples:
  odatagen generate                          regenerate what odatagen.yaml names
  odatagen generate --check                  exit 1 with a diff if generated/ is stale
  odatagen generate page.md other.txt --package my_models --out build/
  odatagen inspect schemas/docs/*.md --format yaml
  odatagen drift                             where docs, CSDL and examples disagree
  odatagen drift csdl.xml pages/*.md --summary   counts by kind, the worst pages
  odatagen changes --against HEAD~1          what the API gained or lost since that commit
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="odatagen",
        description="Generate a typed Python package from OData CSDL and Microsoft Graph docs pages.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"odatagen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    gen = commands.add_parser(
        "generate",
        help="render the package (from odatagen.yaml, or from the SOURCEs given)",
        description="Render the package into the output folder. With no SOURCE, odatagen.yaml "
        "(in this folder, or --config) names the sources, overlay, package and output folder.",
    )
    _source_arguments(gen)
    _output_arguments(gen)
    gen.add_argument(
        "--include", nargs="+", metavar="TYPE", default=[],
        help="generate only these types (qualified or unambiguous short names) and what they reference",
    )
    gen.add_argument(
        "--graph-version", choices=GRAPH_VERSIONS, help="a Graph package's default API version (default: beta, or the config's)"
    )
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 and print a diff if stale")
    gen.add_argument(
        "--cache-dir", type=Path, metavar="DIR",
        help=f"cache of sources read and files formatted (default: {CACHE_DIR}/ beside the config, or beside --out's folder)",
    )
    gen.add_argument("--no-cache", action="store_true", help="read every source and format every file again; read and write no cache")
    gen.add_argument("--warnings", action="store_true", help="print every docs warning, not just a count")
    gen.add_argument(
        "--fail-on-breaking", action="store_true",
        help="exit 3 and write nothing if the API changes in a breaking way (with --check too)",
    )
    gen.add_argument(
        "--force", action="store_true", help="overwrite (or delete) generated files edited since odatagen wrote them"
    )
    loud = gen.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    loud.add_argument("-v", "--verbose", action="store_true", help="also print how long each stage took and what came from the caches")

    chg = commands.add_parser(
        "changes",
        help="show what the next generate changes in the API (breaking, additive, docs-only); writes nothing",
        description="Compare the API the sources give with a recorded one: by default the output "
        "folder's record of the last generate, or --against a git revision or another output folder.",
    )
    _source_arguments(chg)
    _output_arguments(chg)
    chg.add_argument("--include", nargs="+", metavar="TYPE", default=[], help="as for generate")
    chg.add_argument(
        "--against", metavar="REV|DIR",
        help="compare with the record at this git revision (git show REV:path) or in this output folder",
    )
    chg.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="output format (default: text)")

    dft = commands.add_parser(
        "drift",
        help="list where the sources disagree (docs vs CSDL vs examples), with both locations",
        description="Read the sources (odatagen.yaml's, or the SOURCEs given) and print every "
        "disagreement between them as a table: where, the other location, its kind, what. "
        "With --summary: the counts by kind, how every documented property was accounted for "
        "(matched with the CSDL, or a row), and the pages with the most rows.",
    )
    _source_arguments(dft)
    dft.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    dft.add_argument("--summary", action="store_true", help="counts by kind, the accounting of properties, the worst pages")

    ins = commands.add_parser(
        "inspect",
        help="print the IR that each FILE gives, and its diagnostics",
        description="Read each FILE and print what odatagen extracted from it (the IR), with file "
        "and line for every fact. Diagnostics go to standard error.",
    )
    ins.add_argument("files", nargs="+", metavar="FILE", type=Path)
    ins.add_argument("--format", choices=("json", "yaml"), default="json", help="output format (default: json)")
    return parser


def _output_arguments(parser: argparse.ArgumentParser) -> None:
    """The package and the folder it goes to, which odatagen.yaml names otherwise."""
    parser.add_argument("--package", help="package name (with SOURCEs; required there)")
    parser.add_argument("--out", type=Path, help="output folder (with SOURCEs; required there)")


def _source_arguments(parser: argparse.ArgumentParser) -> None:
    """What `generate` and `drift` read: SOURCE files, or odatagen.yaml."""
    parser.add_argument(
        "sources", nargs="*", metavar="SOURCE", help="CSDL (.xml, .csdl, .edmx) and docs pages (.md, .txt)"
    )
    parser.add_argument("--overlay", type=Path, help="YAML overlay of corrections (with SOURCEs)")
    parser.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    parser.add_argument(
        "--strict", action="store_true",
        help="any error is fatal: a docs page that cannot be read, and the metadata quirks otherwise read with a warning",
    )


EXIT_OK, EXIT_STALE, EXIT_INPUT, EXIT_BREAKING, EXIT_INTERNAL = 0, 1, 2, 3, 70
REPORT_TO = "the odatagen issue tracker (README.md, \"Reporting a bug\")"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A run builds hundreds of thousands of objects and frees few: the default thresholds
    # would have the collector walk them all again and again (a tenth of a warm run).
    gc.set_threshold(100_000, 50, 100)
    try:
        if args.command == "inspect":
            return _inspect(args)
        if args.command == "drift":
            return _drift(args)
        if args.command == "changes":
            return _changes(args)
        return _generate(args)
    except OdatagenError as exc:
        for diagnostic in exc.diagnostics:
            print(_format(diagnostic), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("odatagen: interrupted; the output folder is as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: one line, never a traceback
        print(internal_error(exc), file=sys.stderr)
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The `odatagen` command: `main`, then exit at once. A run over all of Graph leaves a
    million objects behind, and freeing them one by one at exit took a tenth of a second; every
    file is written and closed by now, and the streams are flushed here."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more can be said
        code = code or EXIT_INPUT
    os._exit(code)


def internal_error(exc: BaseException) -> str:
    """One line for a bug in odatagen: what and where it failed, and where to report it (with
    ODATAGEN_TRACEBACK=1 the traceback is printed too)."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    if os.environ.get("ODATAGEN_TRACEBACK"):
        traceback.print_exception(exc, file=sys.stderr)
    return (
        f"odatagen: internal error ({type(exc).__name__}: {exc}{where}); the output folder is as "
        f"it was. Please report it to {REPORT_TO} with the command and odatagen {__version__} "
        "(ODATAGEN_TRACEBACK=1 prints the traceback)"
    )


def _format(diagnostic: Diagnostic) -> str:
    prefix = "" if diagnostic.severity == "error" else "warning: "
    return f"{diagnostic.loc}: {prefix}{diagnostic.message}"


def _config(args: argparse.Namespace, needs_output: bool = True) -> Config:
    root = Path.cwd()
    if args.sources:
        wanted = (("--package", args.package), ("--out", args.out)) if needs_output else ()
        missing = [flag for flag, value in wanted if not value]
        if missing:
            raise OdatagenError.at("odatagen", 0, f"with SOURCE files, give {' and '.join(missing)}")
        for source in args.sources:
            if not Path(source).is_file():
                raise OdatagenError.at(source, 0, "no such file")
        package = check_package_name(args.package) if needs_output else ""
        output = args.out if needs_output else root  # drift has no --out
        cache_dir = output.parent / CACHE_DIR if needs_output else None
        return Config(root, package, output, tuple(Path(s) for s in args.sources), args.overlay, cache_dir=cache_dir)
    path = args.config or root / CONFIG_NAME
    if not path.is_file():
        raise OdatagenError.at(
            display(path, root), 0, "no config file; create odatagen.yaml or name SOURCE files (see --help)"
        )
    return load_config(path)


def _generate(args: argparse.Namespace) -> int:
    config = _config(args)
    include = tuple(args.include) or config.include
    version = args.graph_version or config.graph_version
    out = display(config.output, config.root)
    say = _Say(args.quiet)
    options = (*include, f"graph_version={version}", f"version={config.version}", *(("--strict",) if args.strict else ()))
    print_ = fingerprint(config.sources, config.overlay, config.package, options, config.root)
    stamp = read_stamp(config.output)
    if is_current(config.output, print_, stamp) and not args.warnings and not args.force:
        say(f"odatagen: {out}/ is up to date (sources and odatagen unchanged since the last run)")
        return 0
    progress = Progress(enabled=None if not args.quiet else False)
    progress.begin("read")
    previous = previous_in(config.output, config.root)
    cache_dir = None if args.no_cache else args.cache_dir or config.cache_dir
    schema = build_schema(
        config.sources,
        config.overlay,
        config.root,
        include,
        subset=bool(args.sources),
        strict=args.strict,
        names=previous.lock,
        cache=(sources_cache := SourceCache(cache_dir, config.output)),
    )
    outcome = track(schema, config.package, previous, config.version)
    if args.fail_on_breaking and outcome.breaking:
        progress.end()
        _report(outcome, previous, lambda text: print(text, file=sys.stderr))  # even with -q: it is why
        print(f"odatagen: refused (--fail-on-breaking): the API changes in a breaking way; {out}/ is unchanged", file=sys.stderr)
        return EXIT_BREAKING
    sources = tuple(display(p, config.root) for p in config.sources)
    staging = None if args.check else Staging(config.output, stamp)  # files go beside their targets as black returns them
    cache = FormatCache(cache_dir, config.output)

    def on_file(file: Rendered) -> None:
        if staging is not None:
            staging.add(file)
        progress.tick()

    try:
        progress.begin("format")
        rendered = render_package(
            schema, config.package, sources, on_file, version, cache, outcome.version, progress.expect
        )
        rendered = sorted([*rendered, *files(outcome, schema, previous)], key=lambda r: r.path)
        progress.begin("write")
        if args.check:
            diff = diff_output(config.output, rendered)
        else:
            written, deleted = write_output(config.output, rendered, staging, force=args.force, carried=CARRIED)
    finally:
        progress.end()
        if staging is not None:
            staging.discard()  # after a failure, what was staged; nothing after a good run
    warnings = [d for d in schema.diagnostics if d.severity == "warning"]
    overlay = display(config.overlay, config.root) if config.overlay else None
    shown = [d for d in warnings if args.warnings or d.loc.file == overlay or d.quirk]  # the overlay's, quirks: always
    for diagnostic in shown:
        say(_format(diagnostic))
    if args.check:
        if diff:
            sys.stdout.write(diff)
            _report(outcome, previous, say)
            say(f"odatagen: {out}/ is out of date; run `odatagen generate` (or `make generate`)")
            return 1
        say(f"odatagen: {out}/ is up to date")
        return 0
    write_stamp(config.output, print_, rendered, [MANIFEST])
    _report(outcome, previous, say)
    hidden = len(warnings) - len(shown)
    note = f"; {hidden} docs warning(s), see --warnings" if hidden else ""
    say(f"odatagen: {config.package} in {out}/: {len(rendered)} files, {written} written, {deleted} removed{note}{left_out_note(schema)}")
    if args.verbose:
        say(f"odatagen: {progress.summary()}")
        stats = cache.stats
        say(f"odatagen: {stats.formatted} file(s) formatted by black, {stats.verified} already as black writes them, {stats.hits} from the cache")
        say(f"odatagen: {len(config.sources) - sources_cache.hits} source(s) read, {sources_cache.hits} from the cache")
    return 0


def _report(outcome: Outcome, previous: Previous, say: Callable[[str], None], shown: int = 20) -> None:
    """What changed in the API: the summary and the first `shown` entries (nothing when the API
    and the version are as the last run left them)."""
    comparison = outcome.comparison
    if comparison.old is not None and not comparison.changes and outcome.version == outcome.old_version:
        return
    say(f"odatagen: {summary(comparison, outcome.old_version, outcome.version, previous.where)}")
    for change in comparison.changes[:shown]:
        say(f"  {change.severity:<9}  {change.message}")
    if len(comparison.changes) > shown:
        say(f"  ... and {len(comparison.changes) - shown} more (odatagen changes, or CHANGELOG.md)")


def _changes(args: argparse.Namespace) -> int:
    config = _config(args)
    if args.against is None:
        previous = previous_in(config.output, config.root)
    elif Path(args.against).is_dir():
        previous = previous_in(Path(args.against), Path.cwd())
        if previous.record is None:
            raise OdatagenError.at(display(Path(args.against), Path.cwd()), 0, "holds no API record (.odatagen-api.json)")
    else:
        previous = previous_at(args.against, config.output, config.root)
    include = tuple(args.include) or config.include
    schema = build_schema(
        config.sources, config.overlay, config.root, include, subset=bool(args.sources), strict=args.strict, names=previous.lock
    )
    outcome = track(schema, config.package, previous, config.version)
    comparison, old, new = outcome.comparison, outcome.old_version, outcome.version
    if args.format == "json":
        sys.stdout.write(json_report(comparison, old, new, previous.where))
    elif args.format == "markdown":
        sys.stdout.write(markdown_report(comparison, new, today() if comparison.changes else None))
    else:
        sys.stdout.write(text_report(comparison, old, new, previous.where))
    return EXIT_OK


class _Say:
    """Messages that are not errors: to standard error, none with `-q`."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def __call__(self, text: str) -> None:
        if not self.quiet:
            print(text, file=sys.stderr)


def _drift(args: argparse.Namespace) -> int:
    config = _config(args, needs_output=False)
    schema = build_schema(config.sources, config.overlay, config.root, subset=bool(args.sources), strict=args.strict)
    rows = rows_of(schema.diagnostics)
    if args.summary:
        sys.stdout.write(render_summary(summarize(schema.diagnostics, schema.accounting, len(config.sources)), args.format))
    else:
        sys.stdout.write(render_rows(rows, args.format))
    print(f"odatagen: {len(rows)} disagreement(s) in {len(config.sources)} source(s){left_out_note(schema)}", file=sys.stderr)
    return 0


def left_out_note(schema: Schema) -> str:
    """The summary line's count of the docs pages the run went on without."""
    unreadable = sum(1 for out in schema.left_out if out.errors)
    skipped = len(schema.left_out) - unreadable
    parts = [f"{unreadable} unreadable page(s) left out"] if unreadable else []
    parts += [f"{skipped} page(s) skipped by the overlay"] if skipped else []
    return "".join(f"; {part}" for part in parts) + (" (see --warnings)" if unreadable else "")


def _inspect(args: argparse.Namespace) -> int:
    root = Path.cwd()
    for path in args.files:
        if not path.is_file():
            raise OdatagenError.at(display(path, root), 0, "no such file")
    fragments = read_sources(args.files, root)
    sys.stdout.write(dump(fragments, args.format))
    errors = 0
    for fragment in fragments:
        for diagnostic in fragment.diagnostics:
            print(_format(diagnostic), file=sys.stderr)
            errors += diagnostic.severity == "error"
    return 2 if errors else 0
