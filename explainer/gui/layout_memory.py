"""The teacher's dock layout from before presentation mode, put back when it ends.

Presentation mode zooms every panel and hides the status bar, and Qt's docks
then share the screen by their zoomed sizes: the tokens dock grows, the docks
under it shrink. Zooming back does not give the room back, so the window came
out of presentation mode with a tall, half-empty tokens dock and an attention
grid cut off at its last row. ``LayoutMemory`` keeps the layout from before and
restores it once the window has its old size again (a window manager gives it
back after ``showNormal``, a moment later). When the teacher opened or closed
panels while presenting, that arrangement is theirs now, and it stays.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer

SETTLE_MS = 1500  # how long after leaving presentation mode a resize still counts as the window coming back


class LayoutMemory(QObject):
    """``keep()`` the window's layout; ``restore()`` puts it back if the same docks are open again."""

    def __init__(self, window, idle=lambda: True) -> None:
        super().__init__(window)
        self.window = window
        self.idle = idle  # False while something else arranges the docks (a lesson step, a focus): hands off
        self.state = None  # window.saveState() when kept
        self.open: frozenset[str] = frozenset()  # the docks that were open then
        self._again = None  # the layout restored last, restored once more when the window gets its size back
        self._since = QElapsedTimer()  # runs from that restore while the window may still be resized back
        window.installEventFilter(self)

    def open_docks(self) -> frozenset[str]:
        return frozenset(pid for pid, dock in self.window.docks.items() if not dock.isHidden())

    def keep(self) -> None:
        self.state, self.open = self.window.saveState(), self.open_docks()
        self._since.invalidate()

    def take_over(self, other: "LayoutMemory") -> None:
        """Keep what ``other`` kept (the same layout, for a window rebuilt in another language)."""
        self.state, self.open = other.state, other.open

    def restore(self) -> bool:
        """Put the kept layout back when the docks open now (those presentation mode closed for its tabs open
        again) are the ones open when it was kept; False when it stays as it is."""
        state, self.state = self.state, None
        if state is None or self.open_docks() != self.open:
            return False
        self.window.restoreState(state)
        self._again = state
        self._since.start()
        QTimer.singleShot(0, self, self._restore_again)  # once the status bar and the zoom are laid out
        return True

    def _restore_again(self) -> None:
        """Once more, unless the moment is over or the docks were arranged since (a lesson staged its panels)."""
        if not self._since.isValid():
            return
        if self._since.elapsed() > SETTLE_MS or not self.idle() or self.open_docks() != self.open:
            self._since.invalidate()  # for good: the moment is over, or the docks are someone else's now
        else:
            self.window.restoreState(self._again)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.window and event.type() == QEvent.Resize and self._since.isValid():
            QTimer.singleShot(0, self, self._restore_again)  # the window has its size back: the docks theirs
        return False
