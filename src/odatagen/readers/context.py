"""One page being read: its blocks, the diagnostics so far, and the namespace it declares."""

from __future__ import annotations

from dataclasses import dataclass

from ..ir import Diagnostic, Location
from .page import Page


@dataclass(slots=True)
class PageContext:
    page: Page
    diagnostics: list[Diagnostic]
    namespace: str = ""

    def loc(self, line: int) -> Location:
        return Location(self.page.source, line)

    def error(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.loc(line), message))

    def warn(self, line: int, message: str, kind: str = "") -> None:
        self.diagnostics.append(Diagnostic(self.loc(line), message, "warning", kind=kind))

    def qualify(self, name: str) -> str:
        if not name or "." in name or not self.namespace:
            return name
        return f"{self.namespace}.{name}"

    def section_line(self, section: str) -> int:
        """The line of the first heading titled `section` (lower case), or the title's."""
        for title, line in self.page.headings:
            if title.lower().strip() == section:
                return line
        return self.page.title_line

    def subheadings(self, line: int, section: str) -> list[str]:
        """The headings between the `section` heading and `line`, nearest first, lower case."""
        found = []
        for title, at in reversed(self.page.headings):
            if at >= line:
                continue
            if title.lower().strip() == section:
                break
            found.append(title.lower().strip())
        return found

    def heading_above(self, line: int) -> str:
        """The nearest heading of any level above `line`, as written ('' for none)."""
        above = [title for title, at in self.page.headings if at < line]
        return above[-1].strip() if above else ""
