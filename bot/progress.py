"""Progress for long commands: a bar on a terminal, one summary line when stderr is a log."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO


class Progress:
    """Count work done; draw a tqdm bar on a TTY, else print one line when closed."""

    def __init__(
        self,
        *,
        desc: str,
        unit: str,
        total: int = 0,
        stream: TextIO | None = None,
        enabled: bool = True,
    ) -> None:
        self._stream = stream or sys.stderr
        self._desc, self._unit = desc, unit
        self.total, self.done = total, 0
        self._enabled = enabled
        self._started = time.monotonic()
        self._bar: Any = None
        if enabled and self._stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit=unit, desc=desc, file=self._stream)

    def add_total(self, count: int) -> None:
        """Announce `count` more items of work."""
        self.total += count
        if self._bar is not None:
            self._bar.total = self.total
            self._bar.refresh()

    def advance(self, count: int = 1, *, note: str | None = None) -> None:
        """Count `count` items done (`note` shows beside the bar, e.g. the current source)."""
        self.done += count
        if self._bar is not None:
            if note:
                self._bar.set_postfix_str(note[:30], refresh=False)
            self._bar.update(count)

    def close(self, *, summary: bool = True) -> None:
        """Finish the bar, or print the one summary line (unless the work failed)."""
        if self._bar is not None:
            self._bar.close()
        elif self._enabled and summary:
            elapsed = time.monotonic() - self._started
            unit = self._unit[:-1] + "ies" if self._unit.endswith("y") else self._unit + "s"
            line = f"{self._desc}: {self.done}/{self.total} {unit} in {elapsed:.1f}s"
            print(line, file=self._stream)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(summary=exc_type is None)
