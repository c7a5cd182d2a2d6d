"""Python's cyclic garbage collector, run on the GUI thread only, between events.

A Qt widget that a reference cycle keeps alive is deleted when the collector
frees that cycle, on whichever thread happened to start the collection. The
app's background jobs (the forward pass, the logit lens, a panel's analysis,
training) allocate Python objects too; had one of them started a collection,
a widget would be destroyed off the GUI thread, perhaps while the GUI thread
paints or restyles it: a crash. So automatic collection is switched off and
a timer on the GUI thread collects instead, by the same allocation counts
Python itself would go by. A side effect is welcome: a collection no longer
lands in the middle of a key press, but in the pause after it.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 100


class GuiCollector(QObject):
    """Collects garbage on its own thread's event loop every ``interval_ms`` when Python would have."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.collections = [0, 0, 0]  # how many of each generation it ran (for tests and benchmarks)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        gc.disable()
        self._timer.start()

    def collect(self) -> int:
        """Collect the oldest generation whose count has passed its threshold (-1: none had)."""
        counts, limits = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if limits[generation] and counts[generation] > limits[generation]:
                gc.collect(generation)
                self.collections[generation] += 1
                return generation
        return -1

    def stop(self) -> None:
        """Back to Python's own collector (a test that needs it, or the app closing)."""
        self._timer.stop()
        gc.enable()


def install(app) -> GuiCollector:
    """The application's collector, made once (call it on the GUI thread, where ``app`` lives)."""
    collector = getattr(app, "_explainer_collector", None)
    if collector is None:
        collector = GuiCollector(app)
        app._explainer_collector = collector
    return collector
