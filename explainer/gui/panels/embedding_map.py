"""The embedding panel's map: a faint vocabulary cloud, the typed tokens, their paths, and their labels.

``TokenMap`` draws points it is given on a plot the panel made; the panel
(``embedding.py``) decides which view they belong to. The frame is robust to
far outliers (tokens beyond it are drawn on its edge) and token labels never
overlap: one that would is moved to another side of its point, or left out.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor

from explainer.core.analysis.projection import robust_limits
from explainer.gui import palette
from explainer.gui.panels._plots import okabe_ito
from explainer.gui.widgets.token_chips import visible_token

MAX_LABELS = 32  # beyond this many tokens only the newest (and the selected) get a label
LABEL_GAP = 3  # pixels between a token's marker and its label

Tip = Callable[[float, float, object], str]


class TokenMap:
    """The plot items of the map and how they are drawn.

    ``set_cloud`` draws the background points (once per key), ``fit_range``
    frames the view, ``draw_tokens`` draws the typed tokens (and their paths)
    and places their labels. ``outside`` (T,) says which tokens lie beyond the
    frame and are drawn on its edge.
    """

    def __init__(self, plot: pg.PlotWidget, cloud_tip: Tip, token_tip: Tip,
                 clicked: Callable[..., None]) -> None:
        self.plot = plot
        cloud_brush = QColor(palette.color("muted"))
        cloud_brush.setAlpha(70)
        self.cloud_item = pg.ScatterPlotItem(size=6, pen=None, brush=cloud_brush, hoverable=True,
                                             tip=cloud_tip, hoverSize=10)
        self.path_item = pg.PlotDataItem(pen=pg.mkPen(palette.color("muted"), width=1.5), connect="finite")
        self.selected_path_item = pg.PlotDataItem(pen=pg.mkPen(palette.color("selection"), width=3.5),
                                                  symbol="o", symbolSize=7,
                                                  symbolBrush=palette.color("selection"), symbolPen=None)
        self.token_item = pg.ScatterPlotItem(size=16, hoverable=True, tip=token_tip)
        self.token_item.sigClicked.connect(clicked)
        for item in (self.cloud_item, self.path_item, self.selected_path_item, self.token_item):
            plot.addItem(item)
        self.label_items: list[pg.TextItem] = []
        self._looks: list[tuple] = []  # what each label item shows now: (text, ink, backing)
        self.outside = np.zeros(0, bool)  # (T,): tokens beyond the frame, drawn on its edge
        self._frame: tuple[np.ndarray, np.ndarray] | None = None  # padded (lo, hi) of the view, (2,) each
        self._range_key = None
        self._range = None
        self._cloud_key = None
        self._styles = None
        self._labelled: list[tuple[pg.TextItem, int, float, float]] = []  # (label, token, x, y) to place
        self._sel = -1  # the selected token when the labels were drawn
        self._placing = False
        box = plot.getPlotItem().getViewBox()
        box.sigRangeChanged.connect(self.place_labels)  # zoom, pan: the labels' pixels moved
        box.sigResized.connect(self.place_labels)

    # -- what is drawn ---------------------------------------------------------------
    def clear(self) -> None:
        self._cloud_key = self._range_key = None
        self._frame = None
        self.cloud_item.clear()
        self.clear_tokens()

    def clear_tokens(self) -> None:
        self.token_item.clear()
        self.path_item.setData([], [])
        self.selected_path_item.setData([], [])
        self._hide_labels()

    def set_cloud(self, key, points: np.ndarray, ids: np.ndarray) -> None:
        """The background points (N, 2); redrawn only when ``key`` (the model and the view) changes."""
        if key != self._cloud_key:
            self._cloud_key = key
            self.cloud_item.setData(pos=points, data=ids)

    def on_map(self, xy: np.ndarray) -> np.ndarray:
        """``xy`` (..., 2) with every point beyond the frame moved onto its edge (NaN stays NaN)."""
        return xy if self._frame is None else np.clip(xy, self._frame[0], self._frame[1])

    def draw_tokens(self, exact: np.ndarray, tokens: Sequence[str] | None, sel: int,
                    paths: np.ndarray | None) -> None:
        """The tokens at ``exact`` (T, 2), labelled with ``tokens``; ``paths`` (L+1, T, 2) when shown."""
        points = self.on_map(exact)  # (T, 2)
        self.outside = np.any(points != exact, axis=1) if len(exact) else np.zeros(0, bool)
        if tokens is None or len(points) == 0 or len(points) != len(tokens):
            # nothing to show, or points projected for an older text while the panel was hidden
            self.clear_tokens()
            return
        T = len(points)
        if self._styles is None:  # pens and brushes built once: mkColor is slow per point
            self._styles = (pg.mkPen(palette.color("text"), width=1.5), pg.mkPen(palette.color("selection"), width=4),
                            [pg.mkBrush(okabe_ito(i)) for i in range(len(palette.OKABE_ITO))])
        ring, ring_sel, brushes = self._styles
        self.token_item.setData(
            pos=points, data=np.arange(T),
            size=[26 if i == sel else 16 for i in range(T)],
            brush=[brushes[i % len(brushes)] for i in range(T)],
            pen=[ring_sel if i == sel else ring for i in range(T)])
        self._draw_paths(paths, sel)
        self._draw_labels(tokens, points, sel)

    def _draw_paths(self, paths: np.ndarray | None, sel: int) -> None:
        if paths is None:
            self.path_item.setData([], [])
            self.selected_path_item.setData([], [])
            return
        paths = self.on_map(paths)  # (L+1, T, 2)
        n_points, T = paths.shape[0], paths.shape[1]
        # one polyline per token, separated by a NaN row: (T * (L+2), 2)
        lines = np.concatenate([paths.transpose(1, 0, 2), np.full((T, 1, 2), np.nan)], axis=1)
        lines = lines.reshape(T * (n_points + 1), 2)
        self.path_item.setData(lines[:, 0], lines[:, 1])
        if 0 <= sel < T:
            self.selected_path_item.setData(paths[:, sel, 0], paths[:, sel, 1])
        else:
            self.selected_path_item.setData([], [])

    def _hide_labels(self) -> None:
        self._labelled = []
        for label in self.label_items:
            label.hide()

    def _draw_labels(self, tokens: Sequence[str], points: np.ndarray, sel: int) -> None:
        T = len(points)
        shown = list(range(max(0, T - MAX_LABELS), T))
        if 0 <= sel < T and sel not in shown:
            shown.append(sel)
        while len(self.label_items) < len(shown):
            item = pg.TextItem()
            item.setFont(palette.font(palette.current().font_pt * 1.2, bold=True))
            item.textItem.document().setDocumentMargin(1)  # the box tested for overlap hugs the letters
            self.plot.addItem(item)
            self.label_items.append(item)
            self._looks.append(())
        ink, ink_sel = palette.color("text"), palette.color("selection")
        backing = QColor(palette.color("base"))
        backing.setAlpha(150)  # the label stays readable where it crosses a marker or the cloud
        self._labelled = []
        for n, (item, i) in enumerate(zip(self.label_items, shown)):
            color = ink_sel if i == sel else ink
            look = (visible_token(tokens[i]), color.rgba(), backing.rgba())
            if self._looks[n] != look:  # setText lays the label out again: only when it changed
                self._looks[n] = look
                item.fill = pg.mkBrush(backing)
                item.setText(look[0], color=color)
            item.setPos(float(points[i, 0]), float(points[i, 1]))
            item.setZValue(20 if i == sel else 10)
            self._labelled.append((item, i, float(points[i, 0]), float(points[i, 1])))
        for item in self.label_items[len(shown):]:
            item.hide()
        self._sel = sel
        self.place_labels()

    def place_labels(self, *_args) -> None:
        """Put each label above, below, right or left of its point, where it overlaps no label placed before.

        The selected token is placed first, then the newest tokens. Only the selected token's label may
        cover another token's marker (when it has no other place); any other label with no free side is
        left out (its token's tooltip still names it). Positions are in pixels, so this runs again after
        a zoom or a resize.
        """
        if self._placing or not self._labelled:
            return
        self._placing = True
        try:
            box = self.plot.getPlotItem().getViewBox()
            inside = box.sceneBoundingRect()
            sel = self._sel
            # every marker's box in pixels, (T, 4) as left, top, right, bottom: the view maps without rotation
            o, one = box.mapViewToScene(QPointF(0, 0)), box.mapViewToScene(QPointF(1, 1))
            xs, ys = self.token_item.getData()
            px, py = o.x() + xs * (one.x() - o.x()), o.y() + ys * (one.y() - o.y())  # (T,) each
            radius = np.where(np.arange(len(xs)) == sel, 13.0, 8.0)  # marker sizes 26 and 16
            markers = np.column_stack([px - radius, py - radius, px + radius, py + radius])

            def covers_marker(rect: QRectF) -> bool:
                return bool(np.any((markers[:, 0] < rect.right()) & (markers[:, 2] > rect.left())
                                   & (markers[:, 1] < rect.bottom()) & (markers[:, 3] > rect.top())))

            taken: list[QRectF] = []
            for item, i, x, y in sorted(self._labelled, key=lambda e: (e[1] != sel, -e[1])):
                centre = box.mapViewToScene(QPointF(x, y))
                size = item.textItem.boundingRect()
                w, h = max(size.width(), 1.0), max(size.height(), 1.0)
                r = (13 if i == sel else 8) + LABEL_GAP  # the marker's radius and a gap
                free = [(anchor, rect, covers_marker(rect)) for anchor, rect in _sides(centre, w, h, r)
                        if not any(rect.adjusted(-2, -2, 2, 2).intersects(t) for t in taken)]
                free = [f for f in free if i == sel or not f[2]]
                if not free:
                    item.hide()
                    continue
                # sorted() is stable: above, below, right, left among equals
                anchor, rect, _ = sorted(free, key=lambda f: (f[2], not inside.contains(f[1])))[0]
                item.setAnchor(anchor)
                item.show()
                taken.append(rect)
        finally:
            self._placing = False

    def fit_range(self, key, parts: list[np.ndarray]) -> None:
        """Frame ``parts`` (each (N, 2)) once per ``key``; later calls may only widen the frame, never jump it.

        The frame is robust (``robust_limits``): with a big model one token's path can lie 20,000 units
        away, which would squeeze everything else into a dot. Such points are drawn on the frame's edge.
        """
        parts = [p for p in parts if len(p)]
        if not parts:
            return
        lo, hi = robust_limits(np.concatenate(parts))
        if key == self._range_key and self._range is not None:
            lo, hi = np.minimum(lo, self._range[0]), np.maximum(hi, self._range[1])
            if np.array_equal(lo, self._range[0]) and np.array_equal(hi, self._range[1]):
                return
        self._range_key, self._range = key, (lo, hi)
        lo64, hi64 = lo.astype(np.float64), hi.astype(np.float64)
        pad = np.maximum((hi64 - lo64) * 0.08, 1e-3)
        self._frame = (lo64 - pad, hi64 + pad)
        self._placing = True  # the labels are placed once the tokens are drawn in this frame
        try:
            self.plot.getPlotItem().setRange(xRange=(float(self._frame[0][0]), float(self._frame[1][0])),
                                             yRange=(float(self._frame[0][1]), float(self._frame[1][1])), padding=0)
        finally:
            self._placing = False


def _sides(centre: QPointF, w: float, h: float, r: float) -> list[tuple[tuple[float, float], QRectF]]:
    """A label's places around a point at ``centre`` (pixels): its TextItem anchor and its box in the scene.

    Above first (where a reader looks), then below, right and left. An anchor is the point of the text's
    box, in fractions of its width and height, that sits on the data point.
    """
    cx, cy = centre.x(), centre.y()
    return [((0.5, 1 + r / h), QRectF(cx - w / 2, cy - r - h, w, h)),
            ((0.5, -r / h), QRectF(cx - w / 2, cy + r, w, h)),
            ((-r / w, 0.5), QRectF(cx + r, cy - h / 2, w, h)),
            ((1 + r / w, 0.5), QRectF(cx - r - w, cy - h / 2, w, h))]
