"""User-facing failures: diagnostics that stop a run, printed without a traceback."""

from __future__ import annotations

from collections.abc import Iterable

from .ir import Diagnostic, Location


class OdatagenError(Exception):
    """A mistake in the user's input. The CLI prints its diagnostics and exits with status 2."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(sorted(diagnostics, key=lambda d: (d.loc, d.message)))
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @classmethod
    def at(cls, file: str, line: int, message: str) -> OdatagenError:
        return cls([Diagnostic(Location(file, line), message)])


def errors_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def raise_on_errors(diagnostics: Iterable[Diagnostic]) -> None:
    errors = errors_in(diagnostics)
    if errors:
        raise OdatagenError(errors)
