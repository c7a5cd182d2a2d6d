"""Heatmaps: a matrix drawn one cell per value through a colour-blind-safe colormap.

``matrix_image`` turns a (R, C) array into a QImage with exactly one pixel per
cell (tests compare it with the array it shows); ``HeatmapWidget`` scales that
image up without smoothing and adds what a reader needs: row and column labels,
a colour bar, the value under the cursor, and masked cells (the future, in a
causal model) drawn as hatched empty squares instead of dark ones.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QImage, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from explainer.gui import numfmt, palette
from explainer.gui.widgets.static_text import StaticLabels


def color_indices(values: np.ndarray, vmin: float = 0.0, vmax: float = 1.0) -> np.ndarray:
    """Map values onto 0..255 lookup-table indices (NaN becomes 0)."""
    span = max(float(vmax) - float(vmin), 1e-12)
    scaled = (np.nan_to_num(np.asarray(values, dtype=np.float64)) - vmin) / span
    return np.clip(np.rint(scaled * 255.0), 0, 255).astype(np.uint8)


def argb_pixels(values: np.ndarray, lut: np.ndarray, vmin: float = 0.0, vmax: float = 1.0,
                mask: np.ndarray | None = None, mask_color: QColor | None = None) -> np.ndarray:
    """0xAARRGGBB pixels for ``values`` of any shape (..., R, C); ``mask`` (R, C) cells get ``mask_color``."""
    rgb = lut[color_indices(values, vmin, vmax)].astype(np.uint32)  # (..., R, C, 3)
    argb = 0xFF000000 | (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
    if mask is not None and mask_color is not None:
        argb[..., mask] = mask_color.rgb() & 0xFFFFFFFF
    return argb.astype(np.uint32)


def argb_image(argb: np.ndarray) -> QImage:
    """A QImage owning a copy of the (R, C) pixels."""
    rows, cols = argb.shape
    if rows == 0 or cols == 0:
        return QImage()
    argb = np.ascontiguousarray(argb, dtype=np.uint32)
    return QImage(argb.data, cols, rows, cols * 4, QImage.Format_RGB32).copy()


def matrix_image(values: np.ndarray, lut: np.ndarray, vmin: float = 0.0, vmax: float = 1.0,
                 mask: np.ndarray | None = None, mask_color: QColor | None = None) -> QImage:
    """A (C x R pixel) RGB32 image of ``values`` (R, C); masked cells get ``mask_color``."""
    values = np.atleast_2d(values)
    if values.shape[0] == 0 or values.shape[1] == 0:
        return QImage()
    return argb_image(argb_pixels(values, lut, vmin, vmax, mask, mask_color))


def masked_runs(mask: np.ndarray) -> list[tuple[int, int, int]]:
    """(row, first column, length) for every run of masked cells, for hatching."""
    m = np.atleast_2d(np.asarray(mask, dtype=bool))
    if m.size == 0:
        return []
    padded = np.zeros((m.shape[0], m.shape[1] + 2), np.int8)  # (R, C + 2): a run can touch either edge
    padded[:, 1:-1] = m
    step = np.diff(padded, axis=1)  # (R, C + 1): +1 where a run starts, -1 just after it ends
    starts, ends = np.argwhere(step == 1), np.argwhere(step == -1)  # both in row-major order: they pair up
    return [(int(r), int(a), int(b - a)) for (r, a), (_, b) in zip(starts.tolist(), ends.tolist())]


def hatch_path(runs: list[tuple[int, int, int]], cw: float, ch: float) -> QPainterPath:
    """The masked cells as one path (origin at the matrix's top-left), filled in one call."""
    path = QPainterPath()
    for r, c0, n in runs:
        path.addRect(QRectF(c0 * cw, r * ch, n * cw, ch))
    return path


_COLORBAR: dict[bytes, QImage] = {}


def colorbar_image(lut: np.ndarray) -> QImage:
    """The colour bar strip (1 x 256, high values on top) for ``lut``, made once per map."""
    key = np.ascontiguousarray(lut).tobytes()
    image = _COLORBAR.get(key)
    if image is None:
        image = _COLORBAR[key] = matrix_image(np.linspace(1, 0, 256)[:, None], lut)
    return image


def hatch_brush() -> QBrush:
    brush = QBrush(palette.color("mask_hatch"), Qt.BDiagPattern)
    return brush


MIN_SIDE_CAP = 360  # pixels (at zoom 1): the most that ``min_cell`` asks for the matrix's longer side


class HeatmapWidget(QWidget):
    """A labelled heatmap with a colour bar and the value under the cursor.

    Call ``set_matrix(values, row_labels, col_labels, mask)``; ``values()`` and
    ``image()`` return what is shown. ``cell_hovered(row, col, value)`` fires as
    the mouse moves (row -1 when it leaves); ``cell_clicked(row, col)`` on a click.
    ``highlight_row`` frames one row (the selected query token).
    """

    cell_hovered = Signal(int, int, float)
    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, labels: bool = True, colorbar: bool = True) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WA_OpaquePaintEvent)  # paints every pixel: Qt need not paint what lies under it
        self._values = np.zeros((0, 0), np.float32)
        self._mask: np.ndarray | None = None
        self._rows: list[str] = []
        self._cols: list[str] = []
        self._image = QImage()
        self._runs: list[tuple[int, int, int]] = []
        self._hatch: tuple[tuple[float, float] | None, QPainterPath] = (None, QPainterPath())
        self._vmin, self._vmax = 0.0, 1.0
        self._labels, self._colorbar = labels, colorbar
        self._highlight = -1
        self._hover = (-1, -1)
        self._texts = StaticLabels()
        self._label_chars = 1  # the longest label, in characters
        self._geometry: tuple[tuple, QRectF] = ((), QRectF())  # (what it depends on, the plot rectangle)
        self.signed = False  # True: a diverging map for values around zero (set before set_matrix)
        self.min_cell = 0.0  # pixels a cell keeps at least (at zoom 1; see _least_size); 0: no minimum
        self.cell_aspect = 1.0  # how much taller than wide a cell may grow to fill a tall widget (1: square)
        self.cell_widen = 1.0  # how much wider than tall a cell may grow to fill a wide, low widget (1: square)
        self.empty_text: str | None = None  # said where there is no matrix (default: "no tokens yet")
        # value -> text written in each cell where every cell has room for it (a small matrix: heads, parts), so a
        # class reads "3 %" off a dark map instead of guessing from the colour bar; None: colours only
        self.annotate = None
        # value -> the colour bar's numbers (None: plain numbers): a map whose cells say "3 %" says "50 %" on its bar
        self.colorbar_format = None
        self._least_key: tuple = ()
        self.setMouseTracking(True)
        self.setMinimumSize(120, 120)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    # -- data ---------------------------------------------------------------
    def set_matrix(self, values: np.ndarray, row_labels=None, col_labels=None,
                   mask: np.ndarray | None = None, vmin: float = 0.0, vmax: float = 1.0) -> None:
        values = np.atleast_2d(np.asarray(values, dtype=np.float32))
        if values.size == 0 and self._values.size == 0 and self._image.isNull():
            return  # empty again (a panel without tokens, on every key): nothing to repaint
        self._values = values
        self._mask = None if mask is None else np.asarray(mask, dtype=bool)
        self._rows = list(row_labels) if row_labels is not None else []
        self._cols = list(col_labels) if col_labels is not None else []
        self._label_chars = max((len(s) for s in self._rows + self._cols), default=1)
        self._vmin, self._vmax = float(vmin), float(vmax)
        self._image = matrix_image(self._values, self.lut(), vmin, vmax, self._mask,
                                   palette.color("mask"))
        self._runs = masked_runs(self._mask) if self._mask is not None else []
        self._hatch = (None, QPainterPath())  # ((cw, ch), path) built at the first paint
        least = (values.shape, palette.font_scale(), self._label_chars)
        if self.min_cell and least != self._least_key:  # other rows, zoom or labels: another minimum size
            self._least_key = least
            self.setMinimumSize(self._least_size())
        self.update()

    def values(self) -> np.ndarray:
        return self._values

    def lut(self) -> np.ndarray:
        """The colour map: the theme's heatmap, or its colour-blind-safe diverging one when ``signed``."""
        return palette.diverging_lut() if self.signed else palette.heatmap_lut()

    def mask(self) -> np.ndarray | None:
        return self._mask

    def image(self) -> QImage:
        """One pixel per cell, exactly the colours drawn (before scaling)."""
        return self._image

    def set_highlight_row(self, row: int) -> None:
        if row != self._highlight:
            self._highlight = row
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    def _least_size(self) -> QSize:
        """At least ``min_cell`` pixels a cell (when set) with room for the labels: a chart of a few rows (the
        parts of a small model) stays readable in a short dock, which scrolls instead of shrinking it."""
        rows, cols = self._values.shape
        if not self.min_cell or rows == 0:
            return QSize(120, 120)
        zoom = palette.font_scale()
        margin = (16 + 10 * self._label_chars * zoom) if self._labels else 4  # as _fit_plot measures it, near enough
        bar = 70 if self._colorbar else 0
        # cells are square: the longer side sets their size; a long text's many columns are not all kept large
        side = min(max(rows, cols) * self.min_cell, MIN_SIDE_CAP) * zoom
        return QSize(int(margin + side + bar + 8), int(margin + side + 8)).expandedTo(QSize(120, 120))

    # -- geometry -----------------------------------------------------------
    def _label_font(self, cell: float):
        """The labels' font: the UI's, or smaller so that a label fits its cell (zoom included: ``palette.font``
        scales what it is given, so a zoomed label would otherwise outgrow its cell and every other one drop)."""
        zoom = palette.font_scale()
        pt = max(6.0, math.floor(min(palette.current().font_pt * zoom, cell * 0.55) * 2) / 2)  # half points: a
        return palette.font(pt / zoom)  # few sizes while the cells shrink token by token, each laid out once

    def _plot_rect(self) -> QRectF:
        rows, cols = self._values.shape
        w, h = self.width(), self.height()
        bar = 70 if self._colorbar else 0
        if not self._labels or rows == 0:
            return QRectF(2, 2, max(1, w - 4 - bar), max(1, h - 4))
        key = (w, h, rows, cols, self._label_chars, palette.font_scale(), palette.current().font_pt, self.cell_aspect,
               self.cell_widen)
        if self._geometry[0] != key:
            self._geometry = (key, self._fit_plot(w, h, bar, rows, cols))
        return QRectF(self._geometry[1])

    def _fit_plot(self, w: int, h: int, bar: int, rows: int, cols: int) -> QRectF:
        """The matrix's cells (square, or up to ``cell_aspect`` times as tall) and the margin for its labels (left
        and below), sized together: the margin follows the labels' own font, and never takes more than a third
        of a small widget."""
        zoom = palette.font_scale()
        chars = self._label_chars
        # (the margin is measured again when the longest label's length changes, not on every new label)

        def cell(margin: float) -> float:  # square, as large as both directions allow
            return max(1.0, min((w - margin - bar - 8) / cols, (h - margin - 8) / rows))

        margin = min(150 * zoom, 14 + 9 * chars * zoom)  # a first guess: the UI font's width of the longest label
        for _ in range(2):  # the font follows the cell, which follows the margin: measure again at the new cell
            metrics = QFontMetricsF(self._label_font(cell(margin)))
            widest = max((metrics.horizontalAdvance(s) for s in self._rows + self._cols), default=0.0)
            margin = min(150 * zoom, 16 + widest,
                         max(24.0, 0.34 * min(w - bar, h)))  # labels are cut short before the matrix shrinks away
        cw = cell(margin)
        ch = max(cw, min(cw * self.cell_aspect, (h - margin - 8) / rows))  # taller where allowed and there is room
        cw = max(cw, min(ch * self.cell_widen, (w - margin - bar - 8) / cols))  # wider, likewise
        return QRectF(margin, 6, cw * cols, ch * rows)

    def cell_at(self, pos: QPointF) -> tuple[int, int]:
        rows, cols = self._values.shape
        rect = self._plot_rect()
        if rows == 0 or not rect.contains(pos):
            return -1, -1
        c = int((pos.x() - rect.left()) / rect.width() * cols)
        r = int((pos.y() - rect.top()) / rect.height() * rows)
        return min(r, rows - 1), min(c, cols - 1)

    # -- painting -----------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.fillRect(self.rect(), palette.color("base"))
        rows, cols = self._values.shape
        if rows == 0 or self._image.isNull():
            p.setPen(palette.color("muted"))
            # wrapped: a long reason in a narrow map was cut off at both ends
            p.drawText(self.rect().adjusted(8, 4, -8, -4), Qt.AlignCenter | Qt.TextWordWrap,
                       self.empty_text or self.tr("no tokens yet"))
            return
        rect = self._plot_rect()
        p.drawImage(rect, self._image)  # nearest-neighbour: no SmoothPixmapTransform
        cw, ch = rect.width() / cols, rect.height() / rows
        if self._runs:
            if self._hatch[0] != (cw, ch):
                self._hatch = ((cw, ch), hatch_path(self._runs, cw, ch))
            p.translate(rect.topLeft())
            p.fillPath(self._hatch[1], hatch_brush())
            p.translate(-rect.topLeft())
        if self.signed:  # a frame: on a dark theme the cells near zero are near the background's colour
            p.setBrush(Qt.NoBrush)
            p.setPen(QPen(palette.color("muted"), 1))
            p.drawRect(rect.adjusted(-0.5, -0.5, 0.5, 0.5))
        if 0 <= self._highlight < rows:
            p.setBrush(Qt.NoBrush)
            p.setPen(QPen(palette.color("selection"), 2.5))
            p.drawRect(QRectF(rect.left(), rect.top() + self._highlight * ch, rect.width(), ch))
        if self.annotate is not None:
            self._paint_values(p, rect, cw, ch)
        if self._labels:
            self._paint_labels(p, rect, cw, ch)
        if self._colorbar:
            self._paint_colorbar(p, rect)

    def cell_texts(self, cw: float, ch: float) -> list[list[str]] | None:
        """The values written in the cells (masked ones empty) when cells ``cw`` x ``ch`` hold every one; None
        when they do not, or nothing is to be written."""
        written = self._cell_values(cw, ch)
        return written[0] if written is not None else None

    def _cell_values(self, cw: float, ch: float):
        """(texts, font) for ``cell_texts``, or None."""
        rows, cols = self._values.shape
        if self.annotate is None or rows * cols > 400 or min(cw, ch) < 14:
            return None
        masked = self._mask if self._mask is not None else np.zeros((rows, cols), bool)
        texts = [["" if masked[r, c] else self.annotate(float(v)) for c, v in enumerate(row)]
                 for r, row in enumerate(self._values.tolist())]
        font = self._value_font(texts, cw, ch)
        return (texts, font) if font is not None else None

    def _value_font(self, texts: list[list[str]], cw: float, ch: float):
        """The labels' font for the cells' values, down to three quarters of its size (7 pt at least) where the
        widest would not fit; None when even that does not (the Why map's 41-px cells at 1366x768 fit "+5,8"
        only a point smaller)."""
        font = self._label_font(min(cw, ch))
        fm = QFontMetricsF(font)
        widest = max((fm.horizontalAdvance(t) for row in texts for t in row), default=0.0)
        shrink = min(1.0, (cw - 6) / widest) if widest > 0 else 1.0
        pt = math.floor(font.pointSizeF() * shrink * 2) / 2  # (half points: a few sizes, each laid out once)
        if shrink < 0.75 or pt < 7.0 or fm.height() * shrink > ch - 2:
            return None
        if shrink < 1.0:
            font = type(font)(font)
            font.setPointSizeF(pt)
        return font

    def _paint_values(self, p: QPainter, rect: QRectF, cw: float, ch: float) -> None:
        written = self._cell_values(cw, ch)
        if written is None:
            return
        texts, font = written
        p.setFont(font)
        for r, row in enumerate(texts):
            for c, text in enumerate(row):
                if text:
                    p.setPen(palette.ink_on(self._image.pixelColor(c, r)))
                    p.drawText(QRectF(rect.left() + c * cw, rect.top() + r * ch, cw, ch), Qt.AlignCenter, text)

    def _paint_labels(self, p: QPainter, rect: QRectF, cw: float, ch: float) -> None:
        p.setPen(palette.color("text"))
        font = self._label_font(min(cw, ch))
        p.setFont(font)
        self._texts.use(font)
        fm = p.fontMetrics()
        step_r = max(1, int(np.ceil(fm.height() / max(ch, 1e-6))))
        step_c = max(1, int(np.ceil(fm.height() / max(cw, 1e-6))))
        for r in range(0, len(self._rows), step_r):
            self._texts.draw(p, QRectF(0, rect.top() + r * ch, rect.left() - 6, ch), self._rows[r], align_right=True)
        if not self._cols:
            return
        # the column labels run downwards: one rotation for all of them, each placed along the new x axis
        p.save()
        p.translate(rect.left(), rect.bottom() + 6)
        p.rotate(90)
        room = max(20.0, self.height() - rect.bottom() - 10)  # down to the widget's edge
        for c in range(0, len(self._cols), step_c):
            self._texts.draw(p, QRectF(0, -(c + 0.5) * cw - fm.height() / 2, room, fm.height()), self._cols[c])
        p.restore()

    def _paint_colorbar(self, p: QPainter, rect: QRectF) -> None:
        lut = self.lut()
        bar = QRectF(rect.right() + 14, rect.top(), 16, max(rect.height(), 80))
        p.drawImage(bar, colorbar_image(lut))
        p.setPen(palette.color("border"))
        p.setBrush(Qt.NoBrush)
        p.drawRect(bar)
        p.setPen(palette.color("text"))
        p.setFont(palette.font(palette.current().font_pt * 0.85))
        for frac, text in self.colorbar_labels():
            y = bar.top() + frac * bar.height()
            p.drawText(QRectF(bar.right() + 4, y - 10, 48, 20), Qt.AlignLeft | Qt.AlignVCenter, text)

    def colorbar_labels(self) -> list[tuple[float, str]]:
        """The colour bar's numbers, top (the largest) to bottom, as (fraction of its height, text)."""
        show = self.colorbar_format or (lambda v: numfmt.general(v, 2))
        return [(frac, show(self._vmax - frac * (self._vmax - self._vmin))) for frac in (0.0, 0.5, 1.0)]

    # -- mouse --------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        r, c = self.cell_at(event.position())
        if (r, c) != self._hover:
            self._hover = (r, c)
            if r >= 0:
                masked = self._mask is not None and self._mask[r, c]
                value = float("nan") if masked else float(self._values[r, c])
                self.cell_hovered.emit(r, c, value)
                QToolTip.showText(event.globalPosition().toPoint(), self.describe(r, c), self)
            else:
                self.cell_hovered.emit(-1, -1, float("nan"))
                QToolTip.hideText()

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._hover = (-1, -1)
        self.cell_hovered.emit(-1, -1, float("nan"))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        r, c = self.cell_at(event.position())
        if r >= 0:
            self.cell_clicked.emit(r, c)

    def describe(self, r: int, c: int) -> str:
        """What the cell (r, c) means, in words, for tooltips and the status line."""
        row = self._rows[r] if r < len(self._rows) else str(r)
        col = self._cols[c] if c < len(self._cols) else str(c)
        if self._mask is not None and self._mask[r, c]:
            return self.tr("{row} → {col}: hidden (a token cannot look at the future)").format(row=row, col=col)
        return f"{row} → {col}: {numfmt.fmt(float(self._values[r, c]), 3)}"
