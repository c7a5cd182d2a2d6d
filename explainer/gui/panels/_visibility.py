"""Skip drawing a panel nobody can see, and catch up the moment it comes into view.

A dock that is tabbed away is not hidden by Qt: it keeps ``isVisible()`` and
is only moved outside the window, so ``isVisible()`` alone lets every tabbed
panel redraw on every key. ``off_screen`` also looks at the part of the
widget that can actually be painted, and ``ScreenWatch`` hears both kinds of
coming back: a real show (a closed or floating dock) and the dock's
``visibilityChanged(True)`` (its tab raised).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QWidget


def off_screen(widget: QWidget) -> bool:
    """True for a widget inside a window that cannot be seen now (closed, tabbed away, zero size).

    A top-level widget that was never shown (a panel made on its own, in a
    test or for export) counts as on screen: it draws whenever asked; one
    that was shown and then hidden does not.
    """
    if not widget.isVisible():
        return widget.window() is not widget or widget.testAttribute(Qt.WA_WState_ExplicitShowHide)
    if not widget.visibleRegion().isEmpty():  # Qt's own clipping by every parent, in one call
        return False
    # an empty visible region may only mean that opaque children cover it (a panel filled by a
    # scroll area): clip the widget's rectangle by each parent in turn to be sure
    rect, offset, w = widget.rect(), QPoint(0, 0), widget
    while not w.isWindow() and w.parentWidget() is not None:
        offset -= w.pos()
        w = w.parentWidget()
        rect &= QRect(offset, w.size())
        if rect.isEmpty():
            return True
    return rect.isEmpty()


class ScreenWatch(QObject):
    """Remembers that a panel skipped a redraw while off screen and calls ``catch_up`` when it is seen again.

    Usage in a panel: ``if self.visibility.defer(): return`` at the top of a
    redraw triggered by AppState; ``catch_up`` redraws from AppState once the
    panel is shown, its dock's tab is raised or it gets room again.
    """

    def __init__(self, panel: QWidget, catch_up: Callable[[], None]) -> None:
        super().__init__(panel)
        self.panel = panel
        self.catch_up = catch_up
        self.pending = False
        self._revealing = False  # its dock said it is coming into view; its geometry may lag behind
        self._dock: QDockWidget | None = None
        panel.installEventFilter(self)

    def defer(self) -> bool:
        """True (and a catch-up owed) when the panel is off screen; False when it should draw now."""
        if not self._revealing and off_screen(self.panel):
            self.pending = True
            return True
        return False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        panel = self.__dict__.get("panel")  # absent while Qt tears down a panel whose Python side is gone
        if panel is not None and obj is panel:
            kind = event.type()
            if kind == QEvent.Show:
                self._watch_dock()
                if not self._revealed():
                    QTimer.singleShot(0, self, self._revealed)  # the layout may not have placed it yet
            elif kind == QEvent.Resize and self.pending:  # e.g. a splitter opened up again
                self._revealed()
        return False

    def _watch_dock(self) -> None:
        parent = self.panel.parentWidget()
        while parent is not None and not isinstance(parent, QDockWidget):
            parent = parent.parentWidget()
        if parent is self._dock:
            return
        if self._dock is not None:
            self._dock.visibilityChanged.disconnect(self._on_dock_visibility)
        self._dock = parent
        if parent is not None:
            parent.visibilityChanged.connect(self._on_dock_visibility)

    def _on_dock_visibility(self, visible: bool) -> None:
        # emitted as a tab is raised, before the dock is moved into place: trust it
        if visible and self.pending and self.panel.isVisible():
            self._revealed(trust=True)

    def _revealed(self, trust: bool = False) -> bool:
        """Catch up if a redraw is owed and the panel can be seen; False while it still cannot."""
        if not self.pending:
            return True
        if not trust and off_screen(self.panel):
            return False
        self.pending = False
        self._revealing = True
        try:
            self.catch_up()
        finally:
            self._revealing = False
        return True
