""""Did you mean": the known names a mistyped one may have meant.

One rule for every name a user types (`--include`, the overlay's type names): a known name is
near when it is at most two edits (insert, delete or replace a character) away, ignoring case,
so one that differs only in case is always near. A name without a dot is compared with the
short names (`userPfxCertificate` with `microsoft.graph.userPFXCertificate`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

EDITS = 2


def near_names(name: str, known: Iterable[str]) -> list[str]:
    """The known names near `name`, nearest first."""
    short = "." not in name
    scored = []
    for candidate in known:
        other = candidate.rpartition(".")[2] if short else candidate
        distance = _distance(name.lower(), other.lower())
        if distance <= EDITS:
            scored.append((distance, candidate))
    return [candidate for _, candidate in sorted(scored)]


def did_you_mean(near: Sequence[str]) -> str:
    """The hint to append to a message, empty when nothing is near."""
    return f"; did you mean {', '.join(repr(n) for n in near[:3])}?" if near else ""


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, given up (as EDITS + 1) once it must exceed EDITS: Graph has
    thousands of type names, and nearly all of them are far. Only the cells within EDITS of the
    diagonal can stay that near, so only those are computed."""
    if abs(len(a) - len(b)) > EDITS:
        return EDITS + 1
    common = len(os.path.commonprefix((a, b)))  # most share `microsoft.graph.`
    a, b = a[common:], b[common:]
    far = EDITS + 1
    step = len(a) // far
    if step and not any(a[i * step : (i + 1) * step] in b for i in range(far)):
        return far  # EDITS edits touch at most EDITS of EDITS + 1 pieces of `a`: one is in `b` as it is
    previous = [j if j <= EDITS else far for j in range(len(b) + 1)]
    for i, char in enumerate(a, 1):
        low, high = max(1, i - EDITS), min(len(b), i + EDITS)
        row = [far] * (len(b) + 1)
        row[0] = i if i <= EDITS else far
        for j in range(low, high + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (char != b[j - 1]))
        if min(row[low - 1 : high + 1]) > EDITS:
            return far
        previous = row
    return min(previous[-1], far)
