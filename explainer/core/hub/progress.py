"""How far a download is and how fast it goes: bytes, pace and time left, for a progress bar or a terminal line."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable

from explainer.core.hub.errors import bytes_text

KEPT = "what arrived is kept, so downloading again continues from there"


@dataclass(frozen=True)
class Progress:
    """Where a download stands: bytes in the cache out of all it needs, and the pace.

    ``done_bytes`` counts what was already there too (files from before, a
    partial file continued); ``bytes_per_s`` is the pace over the last seconds
    (0 until it is known) and ``eta_s`` the seconds left at that pace (None
    while unknown). ``file`` is the file being fetched; ``finished`` is set
    once, on the last report of a download that succeeded.
    """

    done_bytes: int
    total_bytes: int
    file: str
    bytes_per_s: float
    eta_s: float | None
    finished: bool = False


class Meter:
    """Counts one download's bytes and hands a Progress to ``report`` at most every ``every_s`` seconds.

    The pace is what arrived over the last ``window_s`` seconds, so it follows
    a line that speeds up or slows down; bytes resumed from an earlier
    download never count as speed.
    """

    def __init__(self, total: int, done: int, report: Callable[[Progress], None] | None = None,
                 every_s: float = 0.1, window_s: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.total, self.done = total, done
        self._report, self._every, self._window, self._clock = report, every_s, window_s, clock
        self._samples: deque[tuple[float, int]] = deque([(clock(), done)])
        self._last = -math.inf

    def add(self, n: int, file: str) -> None:
        """``n`` more bytes of ``file`` arrived (negative: a partial file was dropped and starts again)."""
        self.done += n
        if n < 0:
            self._samples = deque([(self._clock(), self.done)])
        self.report(file)

    def pace(self, now: float) -> float:
        """Bytes a second over the window; 0 until half a second of it is known."""
        t0, d0 = self._samples[0]
        return (self.done - d0) / (now - t0) if now - t0 >= 0.5 else 0.0

    def report(self, file: str, force: bool = False, finished: bool = False) -> None:
        now = self._clock()
        if not force and now - self._last < self._every:
            return
        self._last = now
        self._samples.append((now, self.done))
        while len(self._samples) > 2 and now - self._samples[1][0] >= self._window:
            self._samples.popleft()
        speed = self.pace(now)
        left = max(self.total - self.done, 0)
        eta = 0.0 if finished or not left else (left / speed if speed > 0 else None)
        if self._report is not None:
            self._report(Progress(self.done, self.total, file, speed, eta, finished))

    def stopped_text(self) -> str:
        return f"the download was stopped after {bytes_text(self.done)} of {bytes_text(self.total)}; {KEPT}"

    def dropped_text(self, name: str) -> str:
        return (f"the connection was lost during {name} after {bytes_text(self.done)} of {bytes_text(self.total)}; "
                f"{KEPT}")
