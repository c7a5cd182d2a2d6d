"""Horizontal bar chart: one labelled bar per row, clickable, with greyed rows.

Used for next-token candidates, and reusable for any ranked list of
probabilities or scores. Values are drawn against ``scale`` (default: 1.0, so
a probability bar's length is its probability).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from explainer.gui import palette


# whole percentages, close enough that the largest bar fills at least two thirds of the width from 2 % up
# (with 10, 20, 50 a 10.2 % favourite drew half a bar)
NICE_SCALES = (0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 1.0)


def nice_scale(top: float) -> float:
    """The smallest of 1 %, 2 %, 3 % … 75 %, 100 % that the largest probability ``top`` fits into."""
    return next((s for s in NICE_SCALES if top <= s + 1e-9), 1.0)


@dataclass(frozen=True)
class Bar:
    """One row: label on the left, bar of length ``value``, ``text`` after it.

    ``enabled=False`` draws the row greyed (a candidate removed by top-k/top-p).
    ``key`` is whatever the caller wants back on a click (a token id).
    """

    label: str
    value: float
    text: str = ""
    enabled: bool = True
    key: object = None
    tooltip: str = ""


class BarChartWidget(QWidget):
    """Rows of horizontal bars; ``bar_clicked(index)`` fires when a row is clicked.

    ``set_bars(bars, scale)`` replaces the rows; ``bars()`` returns them, so a
    test can compare what is drawn with the numbers it came from. A chart lower
    than its rows draws only whole rows, the last of them saying how many more
    there are (``shown()`` counts the bars drawn), never a bar cut in half.
    """

    bar_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, label_width: float = 130.0) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._scale = 1.0
        self._scale_text = ""
        self._hover = -1
        self.more_text = ""  # the "+ n more" line as last drawn (empty: every bar shown)
        self.label_width = label_width
        self._widest: tuple = ((), 0.0)  # (labels and font height, the widest label's width)
        self._widest_text: tuple = ((), 0.0)  # (values and font height, the values' column width)
        self._row_h: tuple = ((), 0.0)  # (font size, zoom and family, a row's height)
        self.fit_labels = False  # True: the label column grows to the widest label (for rows that stay put)
        self.min_rows = 3  # rows it keeps whole at least (a short dock scrolls); more rows are counted, not drawn
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)

    def set_bars(self, bars: list[Bar], scale: float = 1.0, scale_text: str = "") -> None:
        """Replace the rows; a bar of value ``scale`` fills the width (``scale_text`` labels that end)."""
        bars = list(bars)
        if bars == self._bars and float(scale) == self._scale and scale_text == self._scale_text:
            return  # the same rows again (an empty chart on every key): no relayout, no repaint
        if len(bars) != len(self._bars):
            self.updateGeometry()  # its size follows the number of rows only: new values just repaint
        self._bars = bars
        self._scale = max(float(scale), 1e-12)
        self._scale_text = scale_text
        self.update()

    def bars(self) -> list[Bar]:
        return self._bars

    def label_column(self, fm: QFontMetricsF | None = None) -> float:
        """The width of the labels' column, in pixels (a label wider than this less 8 is cut short)."""
        fm = fm or QFontMetricsF(palette.font(palette.current().font_pt * 1.15))
        label_w = self.label_width * palette.font_scale()
        if self.fit_labels:  # whole labels ("feed-forward (MLP)"), unless the bars would starve
            return min(max(label_w, self._widest_label(fm) + 14), self.width() * 0.45)
        return min(label_w, self.width() * 0.35)  # a fixed column: labels new on every key must not move the bars

    def _widest_label(self, fm: QFontMetricsF) -> float:
        key = (tuple(b.label for b in self._bars), fm.height())
        if self._widest[0] != key:
            self._widest = (key, max((fm.horizontalAdvance(b.label) for b in self._bars), default=0.0))
        return self._widest[1]

    def _text_column(self, fm: QFontMetricsF) -> float:
        """Room for the values after the bars: "100.0 %", or with a filter's "(→ 12.5 %)" the widest such value,
        so that the bars stay put while only the numbers change."""
        key = (tuple(b.text for b in self._bars), fm.height())
        if self._widest_text[0] != key:
            widest = max((fm.horizontalAdvance(b.text) for b in self._bars), default=0.0)
            short = fm.horizontalAdvance("100.0 %")
            if widest > short:  # a filter's values: as wide as the widest such value can be
                widest = max(widest, fm.horizontalAdvance("100.0 %  (→ 100.0 %)"))
            self._widest_text = (key, max(widest, short) + 8)
        return self._widest_text[1]

    def _row_height(self) -> float:
        """A row's height from its text's: measured once per font size, zoom and family (asked some 30 times a
        paint, by the rows' positions and sizes)."""
        key = (palette.current().font_pt, palette.font_scale(), QApplication.font().family())
        if self._row_h[0] != key:
            self._row_h = (key, QFontMetricsF(palette.font(palette.current().font_pt * 1.15)).height() + 12)
        return self._row_h[1]

    def sizeHint(self) -> QSize:
        return QSize(360, int(max(1, len(self._bars)) * self._row_height() + 30))

    def minimumSizeHint(self) -> QSize:
        rows = min(self.min_rows, max(1, len(self._bars)))
        more = self._more_height() if rows < len(self._bars) else 0  # the line that counts the rest
        scale = 24 if self._scale_text and not more else 0  # the scale's value under the bars
        return QSize(200, int(rows * self._compact_height() + more + 8 + scale))

    def _compact_height(self) -> float:
        """The lowest a row gets, in a chart with too little room: the text's height and a little."""
        return self._row_height() - 9

    def _more_height(self) -> float:
        """The "+ n more" line under the bars: the text's height (it needs no bar's padding)."""
        return self._row_height() - 10

    def _pitch(self) -> float:
        """The height of a drawn row: the text's plus padding; up to half as much again where the chart has the
        room, so that a tall dock's bars fill it instead of leaving a blank band under them; and less padding
        where it has too little, so that a short dock (presentation mode at 1366x768) shows more bars whole."""
        base = self._row_height()
        if not self._bars:
            return base
        room = (self.height() - 8 - (24 if self._scale_text else 0)) / len(self._bars)
        return max(self._compact_height(), min(1.5 * base, room))

    def row_rect(self, index: int) -> QRectF:
        h = self._pitch()
        return QRectF(0, 4 + index * h, self.width(), h)

    def shown(self) -> int:
        """How many bars are drawn: all that fit whole; when some do not, those that fit above "+ n more"."""
        pitch = self._pitch()
        if int((self.height() - 4) // pitch) >= len(self._bars):
            return len(self._bars)
        return max(1, int((self.height() - 4 - self._more_height()) // pitch))

    def scale_line_rows(self, fm: QFontMetricsF, label_w: float, bar_w: float) -> list[int]:
        """The rows the dashed line where a full bar ends runs through: not one whose value is written across it
        (the bias panel's "15.1 %" crossed out by its 20 % line)."""
        end = label_w + bar_w
        return [i for i, bar in enumerate(self._bars)
                if not (start := label_w + self._bar_length(bar, bar_w) + 8) - 2 <= end
                <= start + fm.horizontalAdvance(bar.text) + 2]

    def _bar_length(self, bar: Bar, bar_w: float) -> float:
        """How long ``bar`` is drawn in a bar column ``bar_w`` wide (its value follows 8 px after it)."""
        return max(max(0.0, min(1.0, bar.value / self._scale)) * bar_w, 1.5)

    def index_at(self, pos: QPointF) -> int:
        index = int((pos.y() - 4) // self._pitch())
        return index if 0 <= index < self.shown() else -1

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        font = palette.font(palette.current().font_pt * 1.15)
        fm = QFontMetricsF(font)
        p.setFont(font)
        label_w = self.label_column(fm)
        text_w = self._text_column(fm)
        bar_w = max(20.0, self.width() - label_w - text_w - 16)
        shown = self.shown()
        if self._bars and self._scale_text and shown == len(self._bars):  # where a full bar would end, its value
            p.setPen(QPen(palette.color("border"), 1, Qt.DashLine))
            end = label_w + bar_w
            last = self.row_rect(shown - 1).bottom()
            for i in self.scale_line_rows(fm, label_w, bar_w):
                row = self.row_rect(i)
                p.drawLine(QPointF(end, max(row.top(), 2.0)), QPointF(end, row.bottom()))
            p.setPen(palette.color("muted"))
            p.setFont(palette.font(palette.current().font_pt * 0.9))
            p.drawText(QRectF(end - 80, min(last, self.height() - 22), 160, 22), Qt.AlignCenter, self._scale_text)
            p.setFont(font)
        self.more_text = ""
        if shown < len(self._bars):  # a low chart: the rest is counted, not cut in half (and no scale value)
            p.setPen(palette.color("muted"))
            right = self.width() - 4.0
            n = len(self._bars) - shown
            # zoomed (presentation mode, a projector) the class reads it: the count, not the operator's hint
            more = self.tr("+ {n} more").format(n=n)
            hint = self.tr("+ {n} more (make the panel taller)").format(n=n)
            if palette.font_scale() <= 1.0 and fm.horizontalAdvance(hint) <= right - 4:
                more = hint  # (a narrow chart, the Compare panel's halves, cut it to "(make the panel h…")
            self.more_text = more
            more = fm.elidedText(more, Qt.ElideRight, max(20.0, right - 4))
            left = max(4.0, min(label_w, right - fm.horizontalAdvance(more)))  # under the bars if it fits
            top = self.row_rect(shown).top()
            p.drawText(QRectF(left, top, max(20.0, right - left), self._more_height()), Qt.AlignLeft | Qt.AlignVCenter,
                       more)
        pad = 5.0 if self._pitch() >= self._row_height() else 3.0  # thinner gaps between compact rows
        for i, bar in enumerate(self._bars[:shown]):
            row = self.row_rect(i)
            if i == self._hover and bar.enabled:
                p.fillRect(row, palette.color("alt_base"))
            fg = palette.color("text") if bar.enabled else palette.color("muted")
            p.setPen(fg)
            label = fm.elidedText(bar.label, Qt.ElideRight, label_w - 8)
            p.drawText(QRectF(4, row.top(), label_w - 8, row.height()), Qt.AlignRight | Qt.AlignVCenter, label)
            frac = max(0.0, min(1.0, bar.value / self._scale))
            body = QRectF(label_w, row.top() + pad, self._bar_length(bar, bar_w), row.height() - 2 * pad)
            p.setPen(Qt.NoPen)
            p.setBrush(palette.color("bar") if bar.enabled else palette.color("bar_filtered"))
            p.drawRoundedRect(body, 3, 3)
            if not bar.enabled:  # a removed candidate: grey bar, struck through
                p.setPen(QPen(palette.color("muted"), 1.5))
                p.drawLine(body.left(), body.center().y(), body.left() + bar_w * max(frac, 0.05), body.center().y())
            p.setPen(fg)
            p.drawText(QRectF(body.right() + 8, row.top(), text_w + 40, row.height()),
                       Qt.AlignLeft | Qt.AlignVCenter, bar.text)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        i = self.index_at(event.position())
        if i != self._hover:
            self._hover = i
            self.update()
        if i >= 0 and self._bars[i].tooltip:
            QToolTip.showText(event.globalPosition().toPoint(), self._bars[i].tooltip, self)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._hover = -1
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        i = self.index_at(event.position())
        if i >= 0:
            self.bar_clicked.emit(i)
