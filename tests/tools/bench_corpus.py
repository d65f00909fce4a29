"""`make bench`, the docs corpus: odatagen over ../shared/graph/docs-corpus (5,595 real Graph pages,
July 2021), each version with its CSDL, as README's "Checking the Graph docs" runs it.

It prints, for each run, the wall time, the peak memory of the process tree, the exit status and
the errors printed (lines of standard error that are no warning), and whether odatagen crashed
(an internal error): `inspect` of every page, `drift --summary` of each version (the whole
corpus is the two runs: their times add up, the peak is the larger), and `generate` from every
beta resource page plus the beta CSDL. Targets from issue 13 are printed beside each figure.
Wall-clock on a shared machine: read the times as a range.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "graph" / "docs-corpus" / "api-reference"
CSDL = {"beta": "graph-beta-2021-07-13.xml", "v1.0": "graph-v1.0-2026-08.csdl"}
PY = sys.executable
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "run = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
    "lines = run.stderr.splitlines()\n"
    "errors = sum(1 for line in lines if ': ' in line and ': warning: ' not in line and not line.startswith('odatagen:'))\n"
    "crashed = any('internal error' in line for line in lines)\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.perf_counter() - t, usage.ru_maxrss, run.returncode, errors, crashed, usage.ru_utime + usage.ru_stime)\n"
)


Result = tuple[float, int, int, int, bool, float]


def measure(args: list[str]) -> Result:
    """Wall seconds, peak resident KiB (of the largest process: odatagen or one of its workers),
    exit status, errors printed, whether odatagen reported an internal error, and CPU seconds
    (workers included: on a busy machine the steadier figure)."""
    out = subprocess.run([PY, "-c", MEASURE, *args], capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    return float(out[0]), int(out[1]), int(out[2]), int(out[3]), out[4] == "True", float(out[5])


def pages(version: str, kind: str = "*") -> list[str]:
    return sorted(str(p) for p in (CORPUS / version).glob(f"{kind}/*.md"))


def row(label: str, result: Result, target: str = "") -> None:
    seconds, kib, status, errors, crashed, cpu = result
    figures = f"{seconds:6.1f} s ({cpu:5.1f} s CPU) {kib / 1024:5.0f} MB  exit {status}, {errors} error(s){', CRASHED' if crashed else ''}"
    print(f"  {label:<46} {figures}   {target}")


def main() -> int:
    print("\nodatagen over the Graph docs corpus (wall-clock on this machine)")
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is not beside the project")
        return 0
    odatagen = [PY, "-m", "odatagen"]
    csdl = {v: str(ROOT.parent / "shared" / "graph" / "csdl" / name) for v, name in CSDL.items()}
    everything = pages("beta") + pages("v1.0")
    row(f"inspect, every page ({len(everything):,})", measure([*odatagen, "inspect", *everything]), "target: no crash")
    runs = {v: measure([*odatagen, "drift", csdl[v], *pages(v), "--summary"]) for v in CSDL}
    for version, result in runs.items():
        row(f"drift --summary, {version} ({len(pages(version)):,} pages + CSDL)", result, "target: exit 0")
    both = list(runs.values())
    total = (sum(r[0] for r in both), max(r[1] for r in both), max(r[2] for r in both), sum(r[3] for r in both), any(r[4] for r in both), sum(r[5] for r in both))
    row("drift, the whole corpus (both runs)", total, "target <= 30 s, <= 1024 MB")
    with tempfile.TemporaryDirectory(prefix="odatagen-corpus-") as tmp:
        beta = pages("beta", "resources")
        generate = [*odatagen, "generate", csdl["beta"], *beta, "--package", "graph_docs", "--out", str(Path(tmp) / "out")]
        row(f"generate, beta CSDL + {len(beta):,} resource pages", measure(generate), "target: exit 0")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
