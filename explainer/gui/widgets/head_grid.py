"""A layer x head grid of small attention heatmaps, drawn by one widget.

One widget paints every thumbnail (instead of one widget per head), so a
30-layer model with 9 heads per layer still redraws in a few milliseconds.
Put it in a QScrollArea: it asks for as much height as its rows need.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QToolTip, QWidget

from explainer.gui import palette
from explainer.gui.widgets.heatmap import argb_image, argb_pixels, hatch_brush, hatch_path, masked_runs

MIN_CELL = 18.0  # thumbnails never shrink below this many pixels
FIT_CELL = 40.0  # to fit every layer in view, thumbnails shrink to this size at the least (then it scrolls)


class HeadGridWidget(QWidget):
    """Thumbnails of ``attn[l, h]`` for every layer (rows) and head (columns).

    ``set_attention(attn, mask)`` takes the (L, H, T, T) array; ``images()``
    returns the per-head images drawn (one pixel per cell); ``head_clicked(l, h)``
    fires on a click; ``set_selected(l, h)`` frames one thumbnail.
    """

    head_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WA_OpaquePaintEvent)  # paints every pixel: Qt need not paint what lies under it
        self._attn = np.zeros((0, 0, 0, 0), np.float32)
        self._mask: np.ndarray | None = None
        self._images: list[list[QImage | None]] = []
        self._argb = np.zeros((0, 0, 0, 0), np.uint32)
        self._selected = (0, 0)
        self._runs: list[tuple[int, int, int]] = []
        self._layer_runs: list[list[tuple[int, int, int]]] | None = None  # per layer, when layers differ
        self._hatch: dict = {}  # (cell scale, id of runs) -> QPainterPath
        self.sliding_layers: frozenset[int] = frozenset()  # layers marked with * (a sliding attention window)
        self.room = 0  # the height in view (``HeadGridScroll``): thumbnails shrink to fit it while readable
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Minimum)

    def mask(self) -> np.ndarray | None:
        """The hatched cells of every map (the future; for a sliding-window layer also what lies beyond its
        window): (T, T) for all layers or (L, T, T) per layer; None for a model that reads both ways."""
        return self._mask

    def set_attention(self, attn: np.ndarray, mask: np.ndarray | None = None) -> None:
        shape_changed = attn.shape[:2] != self._attn.shape[:2]
        self._attn = attn
        self._mask = mask
        lut, hidden = palette.heatmap_lut(), palette.color("mask")
        if mask is not None and mask.ndim == 3:  # layers differ (sliding windows): hatch runs per distinct mask
            self._layer_runs = []
            runs_of: dict[bytes, list] = {}
            for layer_mask in mask:
                key = np.packbits(layer_mask).tobytes()
                self._layer_runs.append(runs_of.setdefault(key, masked_runs(layer_mask)))
            self._runs = [run for runs in runs_of.values() for run in runs]
            self._argb = np.stack([argb_pixels(attn[l], lut, 0.0, 1.0, mask[l], hidden) for l in range(len(mask))]) \
                if len(mask) else argb_pixels(attn, lut, 0.0, 1.0)
        else:
            self._runs = masked_runs(mask) if mask is not None else []
            self._layer_runs = None
            # colours for every head at once; the QImages are made when first painted
            self._argb = argb_pixels(attn, lut, 0.0, 1.0, mask, hidden)
        self._images = [[None] * attn.shape[1] for _ in range(attn.shape[0])]
        if shape_changed:  # a different model: the grid needs a different height (the scroll area follows)
            self.setMinimumHeight(self.heightForWidth(self.width()))
            self.updateGeometry()
        self.update()

    def image(self, layer: int, head: int) -> QImage:
        """The thumbnail of one head: one pixel per attention weight."""
        if self._images[layer][head] is None:
            self._images[layer][head] = argb_image(self._argb[layer, head])
        return self._images[layer][head]

    def images(self) -> list[list[QImage]]:
        """Every head's thumbnail, ``images()[layer][head]``."""
        L, H = self._attn.shape[:2]
        return [[self.image(l, h) for h in range(H)] for l in range(L)]

    def set_selected(self, layer: int, head: int) -> None:
        if (layer, head) != self._selected:
            self._selected = (layer, head)
            self.update()

    # -- geometry -----------------------------------------------------------
    def _margins(self) -> tuple[float, float]:
        return 34.0 * palette.font_scale(), 24.0 * palette.font_scale()

    def _cell(self) -> float:
        return 60.0 if self._attn.shape[1] == 0 else self._cell_for(self.width())

    def _cell_for(self, width: float) -> float:
        """A thumbnail's side: as wide as the columns allow, but no taller than lets every layer show in the
        room in view (a 1366x768 projector cut the fourth layer off under a scroll bar), unless that would
        make them smaller than ``FIT_CELL``: many layers scroll."""
        L, H = self._attn.shape[:2]
        left, top = self._margins()
        cell = float(max(MIN_CELL, min(150.0, (width - left - 4) / max(H, 1))))
        if self.room and L:
            fit = (self.room - top - 4) / L
            if fit < cell and fit >= FIT_CELL * palette.font_scale():
                cell = fit
        return cell

    def set_room(self, height: int) -> None:
        if height != self.room:
            self.room = height
            self.setMinimumHeight(self.heightForWidth(self.width()))
            self.update()

    def sizeHint(self) -> QSize:
        L, H = max(1, self._attn.shape[0]), max(1, self._attn.shape[1])
        left, top = self._margins()
        return QSize(int(left + H * 72 + 4), int(top + L * self._cell() + 4))

    def minimumSizeHint(self) -> QSize:
        left, _ = self._margins()
        H = max(1, self._attn.shape[1])
        return QSize(int(left + H * MIN_CELL + 4), self.heightForWidth(self.width()))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        _left, top = self._margins()
        return int(top + max(self._attn.shape[0], 1) * self._cell_for(width) + 4)

    def resizeEvent(self, event) -> None:  # noqa: N802
        self.setMinimumHeight(self.heightForWidth(self.width()))
        super().resizeEvent(event)

    def head_at(self, x: float, y: float) -> tuple[int, int]:
        L, H = self._attn.shape[:2]
        left, top = self._margins()
        cell = self._cell()
        l, h = int((y - top) // cell), int((x - left) // cell)
        if 0 <= l < L and 0 <= h < H and x >= left and y >= top:
            return l, h
        return -1, -1

    # -- painting -----------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), palette.color("base"))
        L, H = self._attn.shape[:2]
        if L == 0 or not self._images or self._attn.shape[2] == 0:
            p.setPen(palette.color("muted"))
            p.drawText(self.rect().adjusted(8, 4, -8, -4), Qt.AlignCenter | Qt.TextWordWrap,
                       self.tr("type some text to see attention"))
            return
        left, top = self._margins()
        cell, pad = self._cell(), 3.0
        T = self._attn.shape[2]
        p.setFont(palette.font(palette.current().font_pt * 0.85))
        p.setPen(palette.color("muted"))
        for h in range(H):
            p.drawText(QRectF(left + h * cell, 0, cell, top), Qt.AlignCenter, self.tr("H{n}").format(n=h + 1))
        for l in range(L):
            label = self.tr("L{n}").format(n=l + 1) + ("*" if l in self.sliding_layers else "")
            p.drawText(QRectF(0, top + l * cell, left - 4, cell), Qt.AlignRight | Qt.AlignVCenter, label)
        visible = event.rect()
        brush = hatch_brush()
        s = (cell - 2 * pad) / T
        for l in range(L):
            y = top + l * cell
            if y > visible.bottom() or y + cell < visible.top():
                continue
            runs = self._runs if self._layer_runs is None else self._layer_runs[l]
            hatch = None
            if runs and cell >= 48:  # one path per distinct mask: every thumbnail has the same size
                key = (s, id(runs))
                if key not in self._hatch:
                    if len(self._hatch) > 8:
                        self._hatch.clear()
                    self._hatch[key] = hatch_path(runs, s, s)
                hatch = self._hatch[key]
            for h in range(H):
                box = QRectF(left + h * cell + pad, y + pad, cell - 2 * pad, cell - 2 * pad)
                p.drawImage(box, self.image(l, h))
                if hatch is not None:
                    p.translate(box.topLeft())
                    p.fillPath(hatch, brush)
                    p.translate(-box.topLeft())
        sl, sh = self._selected
        if 0 <= sl < L and 0 <= sh < H:
            p.setBrush(Qt.NoBrush)
            p.setPen(QPen(palette.color("selection"), 3))
            p.drawRect(QRectF(left + sh * cell + 1, top + sl * cell + 1, cell - 2, cell - 2))

    # -- mouse --------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        l, h = self.head_at(event.position().x(), event.position().y())
        if l >= 0:
            self.head_clicked.emit(l, h)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        l, h = self.head_at(event.position().x(), event.position().y())
        if l >= 0:
            text = self.tr("layer {l}, head {h}: click to enlarge").format(l=l + 1, h=h + 1)
            if l in self.sliding_layers:
                text += "\n" + self.tr("* this layer sees only a sliding window of recent tokens")
            QToolTip.showText(event.globalPosition().toPoint(), text, self)


class HeadGridScroll(QScrollArea):
    """The grid's scroll area: tells the grid the height in view, so that its thumbnails fit it."""

    def __init__(self, grid: HeadGridWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setWidget(grid)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.widget().set_room(self.viewport().height())
