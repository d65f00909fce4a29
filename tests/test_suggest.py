"""The one "did you mean" rule (`--include`, the overlay's type names): at most two edits apart,
ignoring case; a name without a dot is compared with the short names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from odatagen.suggest import did_you_mean, near_names

KNOWN = ["microsoft.graph.userPFXCertificate", "microsoft.graph.pfxUserCertificate", "microsoft.graph.approvalState"]


def test_near_names() -> None:
    assert near_names("microsoft.graph.userPfxCertificate", KNOWN) == ["microsoft.graph.userPFXCertificate"]
    assert near_names("microsoft.graph.USERPFXCERTIFICATE", KNOWN) == ["microsoft.graph.userPFXCertificate"]
    assert near_names("userPfxCertificat", KNOWN) == ["microsoft.graph.userPFXCertificate"]  # a short name
    assert near_names("microsoft.graph.approvalStages", KNOWN) == ["microsoft.graph.approvalState"]  # two edits
    assert near_names("microsoft.graph.approvalStaging", KNOWN) == []  # three
    assert near_names("microsoft.graph.noSuchType", KNOWN) == []


def test_did_you_mean() -> None:
    assert did_you_mean([]) == ""
    assert did_you_mean(["a.b"]) == "; did you mean 'a.b'?"
    assert did_you_mean(["a.b", "a.c", "a.d", "a.e"]) == "; did you mean 'a.b', 'a.c', 'a.d'?"


def levenshtein(a: str, b: str) -> int:
    """The textbook table, to check the row-at-a-time version that gives up early."""
    table = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
    return table[-1][-1]


@given(st.text("abAB.", max_size=8), st.text("abAB.", max_size=8))
def test_near_is_two_edits_ignoring_case(a: str, b: str) -> None:
    name, other = f"ns.{a}", f"ns.{b}"
    assert (near_names(name, [other]) == [other]) == (levenshtein(name.lower(), other.lower()) <= 2)
