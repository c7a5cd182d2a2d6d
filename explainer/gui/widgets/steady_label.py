"""A word-wrapped label that keeps room for a fixed number of lines.

A caption that names the current token ("How «deur» climbs…") changes length
on every key; when it wraps to one line more or one line less, everything
under it moves, and a plot below it is laid out and painted again from
scratch (10–30 ms for a pyqtgraph plot). Reserving the lines it usually
needs keeps the layout still while someone types: calmer to watch, and
cheaper to draw.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget


class SteadyLabel(QLabel):
    """A word-wrapped QLabel at least ``lines`` lines high (in its current font); it grows if it must."""

    def __init__(self, lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.setWordWrap(True)
        self._reserve()

    def _reserve(self) -> None:
        m = self.contentsMargins()
        self.setMinimumHeight(self.lines * self.fontMetrics().lineSpacing() + m.top() + m.bottom() + 2)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._reserve()
