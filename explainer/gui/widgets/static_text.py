"""Labels drawn on every key without laying their text out again each time.

``QPainter.drawText`` shapes its string on every call; a heatmap's 64 row and
64 column labels cost that on each repaint although, while someone types, all
but the last token's label stay the same. ``StaticLabels`` keeps one
``QStaticText`` per (text, font, width), with the text elided to the width
once, so a repaint only places glyphs it already knows.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QStaticText


class StaticLabels:
    """A cache of laid-out labels for one widget (bounded: the oldest half goes when it is full).

    ``use(font)`` before drawing (and after each change of font); ``draw`` then places labels in it.
    """

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._texts: dict[tuple[str, str, int], tuple[QStaticText, float, float]] = {}  # text, advance, height
        self._font, self._font_key, self._metrics = QFont(), QFont().key(), QFontMetricsF(QFont())

    def use(self, font: QFont) -> None:
        self._font, self._font_key, self._metrics = QFont(font), font.key(), QFontMetricsF(font)

    def _get(self, text: str, width: float) -> tuple[QStaticText, float, float]:
        key = (text, self._font_key, int(width))
        found = self._texts.get(key)
        if found is None:
            shown = self._metrics.elidedText(text, Qt.ElideRight, max(1.0, float(int(width))))
            static = QStaticText(shown)
            static.setTextFormat(Qt.PlainText)
            static.prepare(font=self._font)
            if len(self._texts) >= self.limit:
                for old in list(self._texts)[: self.limit // 2]:
                    del self._texts[old]
            found = self._texts[key] = (static, self._metrics.horizontalAdvance(shown), static.size().height())
        return found

    def draw(self, p: QPainter, box: QRectF, text: str, align_right: bool = False, centre: bool = False) -> None:
        """``text`` in ``box`` (in the font of the last ``use``, which ``p`` must have too), centred
        vertically, left- or right-aligned or (``centre``) centred, elided to the box's width."""
        width = box.width()
        static, advance, height = self._get(text, width)
        if centre:
            x = box.left() + (width - advance) / 2.0
        else:
            x = box.left() + width - advance if align_right else box.left()
        p.drawStaticText(x, box.top() + (box.height() - height) / 2.0, static)  # (no QPointF: 1 µs a label)
