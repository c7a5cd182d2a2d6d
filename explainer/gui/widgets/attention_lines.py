"""Line view of one attention head: query tokens left, key tokens right.

Each line joins a query token to a key token it attends to; its thickness and
opacity are the attention weight. Lines of the selected query token are drawn
in the accent colour on top; all other queries are drawn faintly, so the
overall pattern of the head stays visible.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from explainer.gui import palette
from explainer.gui.widgets.token_chips import visible_token


class AttentionLinesWidget(QWidget):
    """Query → key lines for one (T, T) attention pattern.

    ``set_pattern(weights, labels, query)`` shows it; ``query_clicked(i)``
    fires when a token in the left column is clicked. Weights below
    ``threshold`` are skipped so a long text stays legible.
    """

    query_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WA_OpaquePaintEvent)  # paints every pixel: Qt need not paint what lies under it
        self._w = np.zeros((0, 0), np.float32)
        self._labels: list[str] = []
        self._query = -1
        self.threshold = 0.02
        self.setMinimumSize(240, 160)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def set_pattern(self, weights: np.ndarray, labels: list[str], query: int) -> None:
        self._w = np.asarray(weights, dtype=np.float32)
        self._labels = [visible_token(s) for s in labels]
        self._query = query
        self.update()

    def pattern(self) -> np.ndarray:
        return self._w

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    def _geometry(self):
        T = len(self._labels)
        pt = palette.current().font_pt * 1.05
        row = max(4.0, (self.height() - 16) / max(T, 1))
        pt = max(5.5, math.floor(min(pt * palette.font_scale(), row * 0.62) * 2) / 2) / palette.font_scale()
        font = palette.font(pt)
        col_w = min(self.width() * 0.3, max((QFontMetricsF(font).horizontalAdvance(s) for s in self._labels),
                                            default=20) + 14)
        return T, row, font, col_w

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), palette.color("base"))
        T, row, font, col_w = self._geometry()
        if T == 0:
            p.setPen(palette.color("muted"))
            p.drawText(self.rect().adjusted(8, 4, -8, -4), Qt.AlignCenter | Qt.TextWordWrap, self.tr("no tokens yet"))
            return
        x0, x1, top = col_w + 6, self.width() - col_w - 6, 8.0

        def y(i: int) -> float:
            return top + (i + 0.5) * row

        faint, strong = QColor(palette.color("muted")), palette.color("accent")
        q = self._query if 0 <= self._query < T else T - 1
        for i in range(T):
            if i == q:
                continue
            for j in np.flatnonzero(self._w[i] >= self.threshold):
                faint.setAlphaF(float(min(1.0, 0.08 + 0.35 * self._w[i, j])))
                p.setPen(QPen(faint, 0.5 + 2.0 * float(self._w[i, j])))
                p.drawLine(QPointF(x0, y(i)), QPointF(x1, y(int(j))))
        for j in np.flatnonzero(self._w[q] >= self.threshold * 0.5):
            w = float(self._w[q, j])
            color = QColor(strong)
            color.setAlphaF(min(1.0, 0.35 + 0.65 * w))
            p.setPen(QPen(color, 1.0 + 9.0 * w, Qt.SolidLine, Qt.RoundCap))
            p.drawLine(QPointF(x0, y(q)), QPointF(x1, y(int(j))))
        p.setFont(font)
        for i, label in enumerate(self._labels):
            is_q = i == q
            p.setPen(palette.color("selection") if is_q else palette.color("text"))
            font.setBold(is_q)
            p.setFont(font)
            p.drawText(QRectF(0, y(i) - row / 2, col_w, row), Qt.AlignRight | Qt.AlignVCenter, label)
            key_weight = float(self._w[q, i]) if q >= 0 else 0.0
            p.setPen(palette.color("text") if key_weight >= self.threshold else palette.color("muted"))
            font.setBold(False)
            p.setFont(font)
            p.drawText(QRectF(x1 + 8, y(i) - row / 2, col_w, row), Qt.AlignLeft | Qt.AlignVCenter, label)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        T, row, _font, col_w = self._geometry()
        pos = event.position()
        i = int((pos.y() - 8) // row)
        if 0 <= i < T and pos.x() <= col_w + 6:
            self.query_clicked.emit(i)
