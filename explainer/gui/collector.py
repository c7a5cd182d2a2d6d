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

What lives as long as the window is moved out of the collector's sight
(``gc.freeze``): at start-up, after a model is loaded and, where the app asks
for it (``install(app, freeze_new=True)``), after each panel is built on
first view (``settle_soon``). Otherwise the first collection of the middle
generation after a panel appeared walked all its objects: 24-36 ms in one
go while typing with every panel on screen, against 2-3 ms once they were
frozen.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 100


class GuiCollector(QObject):
    """Collects garbage on its own thread's event loop every ``interval_ms`` when Python would have."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.collections = [0, 0, 0]  # how many of each generation it ran (for tests and benchmarks)
        self.freeze_new = False  # settle_soon freezes what survives (the app; off in tests: see install)
        self.settled = 0  # how many times it froze new long-lived objects
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._settle = QTimer(self)  # one settling for everything built in one turn of the event loop
        self._settle.setSingleShot(True)
        self._settle.setInterval(0)
        self._settle.timeout.connect(self._settle_now)
        gc.disable()
        self._timer.start()

    def settle_soon(self) -> None:
        """Long-lived objects were just made (a panel): freeze them in the next turn of the event loop."""
        if self.freeze_new:
            self._settle.start()

    def _settle_now(self) -> None:
        gc.collect(1)  # the young generations' garbage first: frozen garbage would never be freed
        gc.freeze()
        self.settled += 1

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


def install(app, freeze_new: bool = False) -> GuiCollector:
    """The application's collector, made once (call it on the GUI thread, where ``app`` lives).

    ``freeze_new``: ``settle_soon`` freezes what was just built. The app asks for it; the tests do not,
    as their windows come and go by the hundred and frozen objects are never collected.
    """
    collector = getattr(app, "_explainer_collector", None)
    if collector is None:
        collector = GuiCollector(app)
        app._explainer_collector = collector
    collector.freeze_new = collector.freeze_new or freeze_new
    return collector


def settle_soon() -> None:
    """Something long-lived was just built on the GUI thread: the app's collector freezes it soon."""
    app = QCoreApplication.instance()
    collector = getattr(app, "_explainer_collector", None) if app is not None else None
    if collector is not None:
        collector.settle_soon()
