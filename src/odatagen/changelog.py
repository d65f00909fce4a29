"""How a comparison is shown: a summary and text lines on the terminal, JSON for tools, and the
markdown section `odatagen generate` puts in the output folder's `CHANGELOG.md` (newest first).

The section is dated: today in UTC, or the day `SOURCE_DATE_EPOCH` names (the reproducible-builds
convention), so a test or a rebuild can fix it. Only a run that changes the API adds one; the
first run (no record yet) adds an undated "initial" section.
"""

from __future__ import annotations

import datetime
import json
import os

from .changes import SEVERITIES, Comparison
from .errors import OdatagenError

CHANGELOG = "CHANGELOG.md"
_TITLES = {"breaking": "Breaking", "additive": "Additive", "docs-only": "Docs only"}


def today() -> datetime.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.datetime.now(datetime.timezone.utc).date()
    try:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise OdatagenError.at("SOURCE_DATE_EPOCH", 0, f"must be a number of seconds since 1970, not {epoch!r}") from None


def summary(comparison: Comparison, old_version: str, new_version: str, against: str) -> str:
    if comparison.old is None:
        return f"no API record in {against}: this run is the baseline, version {new_version}"
    if not comparison.changes:
        version = f"; version {old_version} -> {new_version}" if new_version != old_version else ""
        return f"no API change since {against}{version}"
    counts = ", ".join(f"{comparison.count(s)} {s}" for s in SEVERITIES)
    return f"API changes since {against}: {counts}; version {old_version} -> {new_version}"


def text_report(comparison: Comparison, old_version: str, new_version: str, against: str) -> str:
    lines = [summary(comparison, old_version, new_version, against)]
    lines += [f"  {c.severity:<9}  {c.message}" for c in comparison.changes]
    return "\n".join(lines) + "\n"


def json_report(comparison: Comparison, old_version: str, new_version: str, against: str) -> str:
    report = {
        "against": against,
        "baseline": comparison.old is None,
        "version": {"from": old_version, "to": new_version},
        "severity": comparison.severity,
        "counts": {s: comparison.count(s) for s in SEVERITIES},
        "changes": [c.as_dict() for c in comparison.changes],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def section(comparison: Comparison, version: str, date: datetime.date | None) -> str:
    """The CHANGELOG section of one run; '' when the API did not change."""
    new = comparison.new
    if comparison.old is None:
        counts = (
            f"{new.count('type')} classes, {new.count('property')} fields, {new.count('member')} enum members, "
            f"{new.count('builder')} docs builders and {new.count('call')} client calls"
        )
        return f"## {version} (initial)\n\nThe first API record of `{new.package}`: {counts}.\n"
    if not comparison.changes:
        return ""
    parts = [f"## {version} ({date.isoformat() if date else 'undated'})\n"]
    for severity in SEVERITIES:
        entries = [c for c in comparison.changes if c.severity == severity]
        if entries:
            parts.append(f"### {_TITLES[severity]}\n\n" + "".join(f"- {_one_line(c.message)}\n" for c in entries))
    return "\n".join(parts)


def markdown_report(comparison: Comparison, version: str, date: datetime.date | None) -> str:
    return section(comparison, version, date) or f"No API change (version {version}).\n"


def updated(existing: str | None, package: str, new_section: str) -> str:
    """`CHANGELOG.md` with `new_section` first, under the title; unchanged when there is none."""
    text = existing if existing and existing.strip() else _header(package)
    if not new_section:
        return text
    at = text.find("\n## ")
    if at < 0:
        return text.rstrip("\n") + "\n\n" + new_section
    return text[: at + 1] + new_section + "\n" + text[at + 1 :]


def _header(package: str) -> str:
    return (
        f"# Changes to {package}\n\n"
        "odatagen adds a section, newest first, at each `odatagen generate` that changes the generated API.\n"
        "Breaking changes can break code that uses the package or reads responses with it; additive ones\n"
        "add to it; docs-only ones change descriptions, titles, or whether permissions are documented.\n"
    )


def _one_line(message: str) -> str:
    return " ".join(message.split())
