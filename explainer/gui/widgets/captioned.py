"""A square view with its caption above it, or beside it where that leaves the view larger.

A heatmap keeps square cells, so in a low, wide dock (a 1366x768 projector
in presentation mode) it is as small as the height left under its caption,
while the room on its right stays empty. ``Captioned`` then puts the caption
in a column on the right, and the view gets the whole height (less the one
line under it, such as the value under the cursor).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from explainer.gui import palette

SIDE_SHARE = 0.3  # of the width, for the caption column when it is beside the view
SIDE_MIN = 170  # pixels (at zoom 1: more when zoomed): narrower than this the caption's words stack up
GAP = 8  # pixels between the view and the caption column, and under the caption
RESERVED = 110  # pixels the view itself keeps for its labels and colour bar, in either arrangement


class Captioned(QWidget):
    """``caption`` above ``view`` and ``footer`` (one line) below it; or the caption beside them, whichever gives
    ``view`` the larger square. ``beside()`` says which arrangement is in use."""

    def __init__(self, view: QWidget, caption: QLabel, footer: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view, self.caption, self.footer = view, caption, footer
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._beside: bool | None = None
        self._place(False)

    def beside(self) -> bool:
        return bool(self._beside)

    def square_side(self, beside: bool, width: int, height: int) -> float:
        """The side of the square the view would get in ``width`` x ``height`` with the caption beside it
        (or above it)."""
        footer = self.footer.sizeHint().height() if self.footer is not None else 0
        if beside:
            column = self._column(width)
            if self.caption.heightForWidth(column) > height:
                return 0.0  # the caption would not fit beside it (there it asks for no height of its own)
            return min(width - column - RESERVED, height - footer - RESERVED / 2)
        above = self.caption.heightForWidth(width) if self.caption.wordWrap() else self.caption.sizeHint().height()
        return min(width - RESERVED, height - above - footer - RESERVED / 2)

    @staticmethod
    def _column(width: int) -> int:
        """The caption column's width beside the view: its words stacked one or two a line when presenting (a
        zoomed caption in 170 px ran to nine lines)."""
        return max(int(SIDE_MIN * palette.font_scale()), int(width * SIDE_SHARE))

    def _place(self, beside: bool) -> None:
        if beside == self._beside:
            return
        self._beside = beside
        grid = self._grid
        for w in (self.caption, self.view, self.footer):
            if w is not None:
                grid.removeWidget(w)
        if beside:
            # the view (and the footer's one line under it) are laid out in what the right margin leaves; the
            # caption is placed in that margin by hand (_side_column): its wrapped height asks nothing of the dock
            grid.addWidget(self.view, 0, 0)
            if self.footer is not None:
                grid.addWidget(self.footer, 1, 0)
            grid.setRowStretch(0, 1)
            grid.setRowStretch(1, 0)
            self.caption.setProperty("placed", True)  # the dock adds no height for its wrapped lines
        else:
            grid.setContentsMargins(0, 0, 0, 0)
            self.caption.setProperty("placed", False)
            grid.addWidget(self.caption, 0, 0)
            grid.addWidget(self.view, 1, 0)
            if self.footer is not None:
                grid.addWidget(self.footer, 2, 0)
            grid.setRowStretch(0, 0)
            grid.setRowStretch(1, 1)

    def _side_column(self) -> None:
        w = self.width()
        column = self._column(w)
        self._grid.setContentsMargins(0, 0, column + GAP, 0)
        x = w - column
        self.caption.setGeometry(x, 0, column, self.caption.heightForWidth(column))

    def resizeEvent(self, event) -> None:  # noqa: N802
        w, h = self.width(), self.height()
        # a margin of 10 % keeps it from flipping back and forth at the edge between the two
        current = bool(self._beside)
        other = self.square_side(not current, w, h)
        if other > 1.1 * max(1.0, self.square_side(current, w, h)):
            self._place(not current)
        if self._beside:
            self._side_column()
        super().resizeEvent(event)
