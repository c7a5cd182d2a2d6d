"""A label for text that changes on every key, which moves nothing around it while it keeps its size.

A caption that names the current token ("How “deur” climbs…", "Query token:
“kat”", the next word's uncertainty) changes on every key. A QLabel asks its
layout to be redone for every new text, even when the new text needs the
same room, and with a dozen panels on screen those layouts cost milliseconds
a key. A SteadyLabel paints its own text: a new text repaints the label, and
only a text that needs another height (one line more or fewer) asks for a
new layout.

It can also keep room for ``lines`` lines. When it wraps to one line more
or one line less, everything under it moves, and a plot below it is laid
out and painted again from scratch (10–30 ms for a pyqtgraph plot);
reserving the lines it usually needs keeps the layout still while someone
types: calmer to watch, and cheaper to draw. With ``keep=True`` a label that
once needed more lines at its width keeps them until its width, its font or
an empty text says otherwise: a token name that wrapped the embedding map's
title onto a third line, and the next key's that did not, moved the list
under it on every other key. (Not for a text its panel fits to the width,
such as a quote shortened until it fits: the longer tries would be kept.)

Plain text only. ``wrap=False`` gives a one-line label that is cut with an
ellipsis where its layout gives it less room than the text needs; its
preferred width is ``chars`` average characters, whatever the text, so a
longer name never pushes its neighbours aside.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from explainer.gui import numfmt

_TALL = 1 << 20  # the height a text may take when measured for a given width


class SteadyLabel(QLabel):
    """A plain-text label whose new texts repaint it and re-lay out nothing unless its height changes.

    Word-wrapped (``wrap=True``, the default) and at least ``lines`` lines high
    in its current font; it grows if its text needs more. A QLabel underneath,
    so style sheets, roles and fonts apply as to any label; ``text()`` is what
    it shows.
    """

    def __init__(self, lines: int = 1, parent: QWidget | None = None, wrap: bool = True, chars: int = 30,
                 keep: bool = False) -> None:
        super().__init__(parent)
        self.lines = lines
        self.keep = keep
        self.chars = chars
        self._text = ""
        self._shown = ""  # the text as drawn: wrapped, its last two words kept together (numfmt.no_orphan)
        self._wrap = wrap
        self._heights: dict[tuple[str, int, int], int] = {}  # (text, width, flags) -> wrapped height, this font
        self._tallest: dict[tuple, int] = {}  # (width, font) -> the tallest text height shown there (``keep``)
        self.setWordWrap(wrap)  # QLabel's own text stays empty: this class measures and paints
        if not wrap:
            self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)

    def setSizePolicy(self, *policy) -> None:  # noqa: N802
        """As QLabel keeps it: a wrapping label's height follows its width, whatever policy it is given."""
        policy = QSizePolicy(policy[0]) if len(policy) == 1 else QSizePolicy(*policy)
        policy.setHeightForWidth(self._wrap)
        super().setSizePolicy(policy)

    # -- the text --------------------------------------------------------------
    def text(self) -> str:  # noqa: D102
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802
        text = str(text)
        if text == self._text:
            return
        if not text:
            self._tallest.clear()  # an empty text starts afresh: the next may need fewer lines
        width = self.contentsRect().width()
        before = self._text_height(width)
        self._text = text
        self._shown = numfmt.no_orphan(text) if self._wrap else text
        if self._wrap and self._text_height(width) != before:
            self.updateGeometry()  # one line more or fewer: the layout makes room
        self.update()

    def clear(self) -> None:
        self.setText("")

    # -- size ------------------------------------------------------------------
    def _flags(self) -> int:
        return int(self.alignment()) | (int(Qt.TextWordWrap) if self._wrap else 0)

    def _text_height(self, width: int) -> int:
        """Height of the text, at least ``lines`` lines, when it may be ``width`` wide (without margins)."""
        fm = self.fontMetrics()
        lines = max(1, self.lines) * fm.lineSpacing()
        if not self._wrap or not self._text:
            return max(lines, fm.height())
        flags = self._flags()
        key = (self._shown, width, flags)
        height = self._heights.get(key)
        if height is None:  # a text laid out once per width: a new text asks for the old one's height too
            if len(self._heights) >= 16:
                self._heights.clear()
            box = QRect(0, 0, max(1, width), _TALL)
            height = self._heights[key] = fm.boundingRect(box, flags, self._shown).height()
        if self.keep:
            if len(self._tallest) >= 32:
                self._tallest.clear()
            at = (width, fm.lineSpacing(), fm.averageCharWidth())  # (in this font only)
            height = self._tallest[at] = max(height, self._tallest.get(at, 0))
        return max(lines, height)

    def _margins(self) -> tuple[int, int]:
        m = self.contentsMargins()
        return m.left() + m.right(), m.top() + m.bottom()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return self._wrap

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        across, down = self._margins()
        return self._text_height(width - across) + down

    def sizeHint(self) -> QSize:  # noqa: N802
        across, down = self._margins()
        fm = self.fontMetrics()
        if not self._wrap:
            return QSize(fm.averageCharWidth() * self.chars + across, self._text_height(0) + down)
        # as wide as the text on one line, up to about 80 characters (as a QLabel asks); wrapped at that width
        width = min(fm.horizontalAdvance(self._text) + 1, fm.averageCharWidth() * 80) if self._text else 1
        return QSize(width + across, self._text_height(width) + down)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        across, down = self._margins()
        fm = self.fontMetrics()
        if not self._wrap:
            return QSize(0, self._text_height(0) + down)
        width = fm.averageCharWidth() * 8
        return QSize(width + across, self.lines * fm.lineSpacing() + down)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._heights.clear()  # measured in the old font
            self._tallest.clear()
            self.updateGeometry()

    # -- painting --------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        if not self._text:
            return
        p = QPainter(self)
        box = self.contentsRect()
        text = self._shown
        if not self._wrap:
            text = self.fontMetrics().elidedText(text, Qt.ElideRight, box.width())
        self.style().drawItemText(p, box, self._flags(), self.palette(), self.isEnabled(), text,
                                  self.foregroundRole())
