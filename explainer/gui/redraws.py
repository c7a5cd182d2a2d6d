"""RedrawQueue: the panels' redraws for a new Trace, run in short slices so the event loop never waits long.

With every panel on screen (say 19 floating windows), one key's redraws and
paints add up to 40-60 ms of GUI-thread work on a small laptop. Run in one go
they block the event loop that long: a key typed meanwhile shows late and the
text box stutters. The queue runs panels one after another until a slice's
budget is spent or it has begun ``MAX_WINDOWS`` windows, then lets the event
loop paint what is done and handle input before the next slice. Panels in one
window are redrawn in the same slice, so each window paints once a key: the
usual layout (every panel docked in the main window) is one slice, as if
there were no queue; floating panels, each in a window of its own, spread
over several.

A panel asks with ``Panel.refresh_soon()`` (the base class does on every
``trace_changed``). A panel asked again while it waits keeps its place; it
draws from AppState when its turn comes, so a newer Trace that arrived
meanwhile is what it shows. A new model goes through the queue too (every
panel redraws empty until the model's first Trace). A panel that redraws by
itself in between (a click on a token) leaves the queue. The logit lens, which
arrives just after its Trace, goes through the queue the same way. A panel
whose redraw fails is reported as a failing slot would be; the others still
draw. ``drained`` fires when the last waiting panel has redrawn.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from shiboken6 import isValid

MAX_WINDOWS = 3  # windows a slice starts redrawing in: each window's paint follows the slice in one go
SLICE_MS = 4.0  # redraw work per slice; the paints of what it changed come on top (about as much again)


class RedrawQueue(QObject):
    """Panels waiting to redraw, oldest first, run in slices of about ``slice_ms`` of redraw work."""

    drained = Signal()

    def __init__(self, parent: QObject | None = None, slice_ms: float = SLICE_MS) -> None:
        super().__init__(parent)
        self.slice_ms = slice_ms
        self.max_windows = MAX_WINDOWS
        self._waiting: dict[int, QObject] = {}  # id(panel) -> panel, in the order asked (dicts keep it)
        self._slice: tuple[float, float, set[int]] | None = None  # the open slice: start, budget, its windows
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # not 0: a zero timer can run again in the same pass over the timers, before any window has painted
        # what the last slice drew; 1 ms lets the event loop paint and read input first
        self._timer.setInterval(1)
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.timeout.connect(self._next_slice)
        self.slices = 0  # slices run so far (for tests and benchmarks)
        self._one_window = False  # this round's slices begin one window each (see ``slice``)

    def __len__(self) -> int:
        return len(self._waiting)

    def __contains__(self, panel: QObject) -> bool:
        return id(panel) in self._waiting

    @contextmanager
    def slice(self, one_window: bool = False):
        """The slice of a new Trace (AppState opens it around ``trace_changed``): panels asking in it redraw
        at once, in the order they ask, while its budget lasts, in the same turn of the event loop as the
        rest of the window (the usual layout paints once, as without a queue); the others wait.

        While panels still wait from before (the lens or a newer Trace arrived in the same turn), it runs
        nothing: whoever asks joins the end of the queue, which goes on after the event loop has painted.

        ``one_window``: every slice until the queue is empty begins one window only. For a new model, and
        the first Trace after an empty text or of a new model, when panels change shape (rows appear, plots get axes): each
        window's layout and paint then cost several times a usual key's, and three of them in one turn of
        the event loop held it up for 40-50 ms with every panel floating.
        """
        if one_window:
            self._one_window = True
        if self._slice is not None or self._waiting:
            yield
            return
        with self._open(self.slice_ms):
            yield

    @contextmanager
    def _open(self, budget_ms: float):
        if self._slice is not None:  # already in one (say, a flush from a redraw): that one goes on
            yield
            return
        self.slices += 1
        self._slice = (time.perf_counter(), budget_ms, set())
        try:
            yield
            self._drain()
        finally:
            self._slice = None
            self._after_slice()

    def ask(self, panel) -> None:
        """Redraw ``panel`` (it has a ``refresh()``) now if the open slice has room, else in a coming slice;
        a panel already waiting keeps its place."""
        self._waiting.setdefault(id(panel), panel)
        if self._slice is not None:
            if next(iter(self._waiting)) == id(panel) and self._room_for(panel):
                del self._waiting[id(panel)]
                self._redraw(panel)
        elif not self._timer.isActive():
            self._timer.start()

    def discard(self, panel) -> None:
        """``panel`` redrew by itself: it no longer waits."""
        self._waiting.pop(id(panel), None)

    def flush(self) -> None:
        """Run every waiting redraw now (before a screenshot or an export, say)."""
        with self._open(float("inf")):
            pass

    # -- inside ---------------------------------------------------------------------
    def _room_for(self, panel) -> bool:
        start, budget, windows = self._slice
        if not windows:
            return True  # a slice always runs its first panel, whatever its budget
        most = 1 if self._one_window else self.max_windows
        if (time.perf_counter() - start) * 1000.0 < budget and len(windows) < most:
            return True
        # budget or windows spent: only panels in a window this slice already redrew in (it paints once)
        return isValid(panel) and id(panel.window()) in windows

    def _redraw(self, panel) -> None:
        if isValid(panel):  # a panel closed and deleted while it waited is skipped
            self._slice[2].add(id(panel.window()))
            try:
                panel.refresh()
            except Exception:  # noqa: BLE001 - as for a slot: reported, and the other panels still draw
                sys.excepthook(*sys.exc_info())

    def _drain(self) -> None:
        """Run waiting panels while the open slice has room: in order, then those of windows begun."""
        while self._waiting:
            key = next((k for k, p in self._waiting.items() if self._room_for(p)), None)
            if key is None:
                return
            self._redraw(self._waiting.pop(key))

    def _next_slice(self) -> None:
        with self._open(self.slice_ms):
            pass

    def _after_slice(self) -> None:
        if self._waiting:
            self._timer.start()  # the rest after the event loop has painted and read input
        else:
            self._timer.stop()
            self._one_window = False
            self.drained.emit()
