"""Progress on long work: a bar on a terminal, plain lines when output goes to a log."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Count work done; draw a tqdm bar on a terminal, else print a line every ``every`` seconds.

    Scheduled runs redirect output to a file: a bar would leave carriage-return fragments there,
    so in that case only whole lines ("读取文件 12/30") are written, plus one at the end.
    """

    def __init__(self, total: int, desc: str, unit: str = "个", enabled: bool = True,
                 stream: TextIO | None = None, every: float = 5.0) -> None:
        self.total, self.desc, self.unit, self.done = total, desc, unit, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled and total > 0
        self.every = every
        self._last = time.monotonic()
        self._bar = None
        if self.enabled and _is_terminal(self.stream):
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=desc, unit=unit, file=self.stream, leave=False,
                             dynamic_ncols=True)

    def update(self, n: int = 1) -> None:
        """Record ``n`` more items done."""
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
        elif self.enabled and time.monotonic() - self._last >= self.every and self.done < self.total:
            self._line()

    def note(self, text: str) -> None:
        """Write a line of its own (e.g. a file that could not be read) without breaking the bar."""
        if self._bar is not None:
            self._bar.write(text, file=self.stream)
        elif self.enabled:
            print(text, file=self.stream, flush=True)

    def close(self) -> None:
        """Finish: remove the bar, or write the last line."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self.enabled:
            self._line()
            self.enabled = False

    def _line(self) -> None:
        self._last = time.monotonic()
        share = self.done / self.total * 100 if self.total else 100
        print(f"{self.desc} {self.done}/{self.total}{self.unit}（{share:.0f}%）", file=self.stream, flush=True)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
