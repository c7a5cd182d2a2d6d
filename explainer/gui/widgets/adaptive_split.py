"""A splitter that puts its two parts side by side where it is wide, and one above the other where it is not.

A panel with a form and a plot beside it (training) or a chart and a list
(contributions) reads well in a wide dock; in a 600-px dock of a 1366x768
screen the part on the right got 170 px, and a plot there lost its legend and
ran its axis numbers together. Below ``wide`` pixels the parts stack instead.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QSplitter, QWidget


class AdaptiveSplitter(QSplitter):
    """Horizontal from ``wide`` pixels up, vertical below; ``shares`` are the first part's share of the room in
    each orientation (horizontal, vertical), kept as it is resized until someone drags the handle (the parts
    then keep their sizes until the orientation changes)."""

    def __init__(self, wide: int, shares: tuple[float, float] = (0.6, 0.75), parent: QWidget | None = None) -> None:
        super().__init__(Qt.Horizontal, parent)
        self.wide, self.shares = wide, shares
        self.setChildrenCollapsible(False)  # neither part ever disappears in a short dock
        self._moved = False  # the handle was dragged: its sizes are kept until the orientation changes
        self.splitterMoved.connect(self._on_moved)

    def _on_moved(self, _pos: int, _index: int) -> None:
        self._moved = True

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Side by side, no wider than stacked needs: given less, it stacks. (A panel once drawn wide had asked
        for both parts' widths, and a lesson step then stacked two panels that fit side by side.)"""
        hint = super().minimumSizeHint()
        if self.orientation() == Qt.Horizontal and self.count() == 2:
            parts = [self.widget(i) for i in range(2)]
            stacked = max(w.minimumSizeHint().expandedTo(w.minimumSize()).width() for w in parts)
            hint.setWidth(min(hint.width(), stacked))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802
        orientation = Qt.Horizontal if event.size().width() >= self.wide else Qt.Vertical
        turned = orientation != self.orientation()
        if (turned or not self._moved) and self.count() == 2:  # the shares at every size, until a drag
            self._moved = self._moved and not turned
            self.setOrientation(orientation)
            share = self.shares[0] if orientation == Qt.Horizontal else self.shares[1]
            total = max(2, event.size().width() if orientation == Qt.Horizontal else event.size().height())
            self.setSizes([round(total * share), total - round(total * share)])
        super().resizeEvent(event)
