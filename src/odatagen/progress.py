"""What a run says while it runs: progress on a terminal, stage timings with `-v`.

Progress goes to standard error only when it is a terminal and the run has taken more than a
second: the stage, and files formatted out of the total, redrawn in place at most ten times a
second and cleared at the end. CI logs (no terminal) never see it.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None, delay: float = 1.0) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.delay = delay
        self.started = self._stage_started = time.monotonic()
        self.stage = ""
        self.done = self.total = 0
        self.timings: list[tuple[str, float]] = []
        self._drawn = 0.0
        self._width = 0

    def begin(self, stage: str, total: int = 0) -> None:
        self._close_stage()
        self.stage, self.done, self.total = stage, 0, total
        self._draw(force=True)

    def expect(self, total: int) -> None:
        """How many files the current stage will count (known once it has started)."""
        self.total = total
        self._draw(force=True)

    def tick(self, *_: object) -> None:
        """One more file done (takes and ignores the file, to serve as an `on_file` callback)."""
        self.done += 1
        self._draw(force=self.done == self.total)

    def end(self) -> None:
        self._close_stage()
        self.stage = ""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def summary(self) -> str:
        """`read 1.20 s, format 8.02 s, write 0.11 s (9.33 s)`: each stage's wall time."""
        stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.timings)
        return f"{stages} ({sum(s for _, s in self.timings):.2f} s)"

    def _close_stage(self) -> None:
        now = time.monotonic()
        if self.stage:
            self.timings.append((self.stage, now - self._stage_started))
        self._stage_started = now

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.delay or (not force and now - self._drawn < 0.1):
            return
        self._drawn = now
        count = f" {self.done}/{self.total} files" if self.total else ""
        text = f"odatagen: {self.stage}{count}"
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = max(self._width, len(text))
