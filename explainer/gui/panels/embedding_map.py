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
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem

from explainer.core.analysis.projection import robust_limits, robust_limits_within
from explainer.gui import palette
from explainer.gui.panels._plots import okabe_ito
from explainer.gui.panels.label_places import SIDES, beside_another, box_free, further_out, side_offsets
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
        # kept as a pixmap: the cloud changes per model and view, not per key, yet lies under every label
        self.cloud_item.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.path_item = pg.PlotDataItem(pen=pg.mkPen(palette.color("muted"), width=1.5), connect="finite")
        self.selected_path_item = pg.PlotDataItem(pen=pg.mkPen(palette.color("selection"), width=3.5),
                                                  symbol="o", symbolSize=7,
                                                  symbolBrush=palette.color("selection"), symbolPen=None)
        self.token_item = pg.ScatterPlotItem(size=16, hoverable=True, tip=token_tip)
        self.token_item.sigClicked.connect(clicked)
        # a thin line from a point to its label where the label had to go further out (a crowded cluster)
        self.leader_item = pg.PlotDataItem(pen=pg.mkPen(palette.color("muted"), width=1), connect="pairs")
        for item in (self.cloud_item, self.path_item, self.selected_path_item, self.leader_item, self.token_item):
            plot.addItem(item)
        self.label_items: list[pg.TextItem] = []
        self.outside = np.zeros(0, bool)  # (T,): tokens beyond the frame, drawn on its edge
        self._frame: tuple[np.ndarray, np.ndarray] | None = None  # padded (lo, hi) of the view, (2,) each
        self._range_key = None
        self._range = None
        self._cloud_key = None
        self._styles = None
        self._labelled: list[tuple[pg.TextItem, int, float, float]] = []  # (label, token, x, y) to place
        self._slot: dict[int, pg.TextItem] = {}  # token position -> the label item showing it
        self._info: dict[int, list] = {}  # id(label) -> [look, position, z, (w, h) in pixels, anchor] now
        self._drawn = None  # (points, selection) the token markers were last drawn with
        self._paths_shown = True
        self._texts: dict[str, str] = {}  # token -> its label (visible_token), kept while typing
        self._fixed = None  # the cloud as fit_range last saw it: (points, finite rows, their columns sorted)
        self._sel = -1  # the selected token when the labels were drawn
        self._placing = False
        self._leaders = b""  # the leader lines drawn: the bytes of their (2, 2 x lines) view coordinates
        # token position -> ((x, y) of its point, "side", one of the SIDES) or ((x, y), "far", x, y of the label's
        # centre from the point in pixels): where its label went last time; it goes back there while that is free
        self._places: dict[int, tuple] = {}
        self._places_view: tuple = ()  # the map's origin, scale and area in pixels when they were found
        self._label_font = None  # (theme size, zoom) the labels' font was made for
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
        self._drawn = None
        self.token_item.clear()
        self.path_item.setData([], [])
        self.selected_path_item.setData([], [])
        self._paths_shown = False
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
        drawn = (np.asarray(points, np.float64).tobytes(), sel)
        if drawn != self._drawn:  # setData rebuilds every spot: not when the same points come back
            self._drawn = drawn
            pens = [ring_sel if i == sel else ring for i in range(T)]
            self.token_item.setData(pos=points, data=np.arange(T), size=np.where(np.arange(T) == sel, 26, 16),
                                    brush=[brushes[i % len(brushes)] for i in range(T)], pen=pens)
        self._draw_paths(paths, sel)
        self._draw_labels(tokens, points, sel)

    def _draw_paths(self, paths: np.ndarray | None, sel: int) -> None:
        if paths is None:
            if self._paths_shown:
                self._paths_shown = False
                self.path_item.setData([], [])
                self.selected_path_item.setData([], [])
            return
        self._paths_shown = True
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
        self.leader_item.setData([], [])
        self._leaders = b""
        self._places = {}
        self._labelled = []
        self._slot = {}
        for label in self.label_items:
            label.hide()

    def _draw_labels(self, tokens: Sequence[str], points: np.ndarray, sel: int) -> None:
        """Give each labelled token a TextItem: a position keeps its item, so typing at the end resets one or two."""
        self._fit_label_font()
        T = len(points)
        shown = list(range(max(0, T - MAX_LABELS), T))
        if 0 <= sel < T and sel not in shown:
            shown.append(sel)
        # a word typed twice is one point among the token embeddings: one label (the selected one's, else the
        # newest), not two stacked with a leader line each
        keep: dict = {}
        for i in sorted(shown, key=lambda i: (i != sel, -i)):
            keep.setdefault((tokens[i], float(points[i, 0]), float(points[i, 1])), i)
        if len(keep) < len(shown):
            kept = set(keep.values())
            shown = [i for i in shown if i in kept]
        ink, ink_sel = palette.color("text"), palette.color("selection")
        backing = QColor(palette.color("base"))
        backing.setAlpha(150)  # the label stays readable where it crosses a marker or the cloud
        rgba, rgba_sel, back = ink.rgba(), ink_sel.rgba(), backing.rgba()
        if len(self._texts) > 4096:
            self._texts.clear()
        texts = self._texts
        looks = {}
        for i in shown:
            text = texts.get(tokens[i])
            if text is None:
                text = texts[tokens[i]] = visible_token(tokens[i])
            looks[i] = (text, rgba_sel if i == sel else rgba, back)
        slot = {i: item for i, item in self._slot.items() if i in looks}
        used = {id(item) for item in slot.values()}
        free = [item for item in self.label_items if id(item) not in used]
        for i in shown:  # a freed item already showing the same text first
            if i not in slot:
                match = next((item for item in free if self._info[id(item)][0][:1] == looks[i][:1]), None)
                if match is not None:
                    free.remove(match)
                    slot[i] = match
        for i in shown:
            if i not in slot:
                slot[i] = free.pop(0) if free else self._new_label()
        self._slot = slot
        self.label_items[:] = [slot[i] for i in shown] + free  # in place: the panel holds this list
        self._labelled = []
        xy = points.tolist()
        for i in shown:
            item, info = slot[i], self._info[id(slot[i])]
            if info[0] != looks[i]:  # setText lays the label out again: only when it changed
                info[0] = looks[i]
                item.fill = pg.mkBrush(backing)
                item.setText(looks[i][0], color=ink_sel if i == sel else ink)
                size = item.textItem.boundingRect()
                info[3] = (max(size.width(), 1.0), max(size.height(), 1.0))
            x, y = xy[i]
            if info[1] != (x, y):
                info[1] = (x, y)
                item.setPos(x, y)
            z = 20 if i == sel else 10
            if info[2] != z:
                info[2] = z
                item.setZValue(z)
            self._labelled.append((item, i, x, y))
        for item in free:
            if item.isVisible():
                item.hide()
        self._sel = sel
        self.place_labels()

    def _fit_label_font(self) -> None:
        """The labels' font follows the zoom (in presentation mode they stayed at the window's size)."""
        key = (palette.current().font_pt, palette.font_scale())
        if key != self._label_font:
            self._label_font = key
            font = palette.font(palette.current().font_pt * 1.2, bold=True)
            for item in self.label_items:
                item.setFont(font)
                self._info[id(item)][0] = ()  # laid out and measured again when next shown

    def _new_label(self) -> pg.TextItem:
        item = pg.TextItem()
        item.setFont(palette.font(palette.current().font_pt * 1.2, bold=True))
        item.textItem.document().setDocumentMargin(1)  # the box tested for overlap hugs the letters
        self.plot.addItem(item)
        self._info[id(item)] = [(), None, None, (1.0, 1.0), None]  # look, position, z, (w, h), anchor
        return item

    def place_labels(self, *_args) -> None:
        """Put each label above, below, right or left of its point, where it overlaps no label placed before.

        The selected token is placed first, then the labels whose point stays where it was (newest first),
        each back in its last place while that is free, not covering a marker and plainly its point's; then
        the rest, newest first, in the best free place. So typing moves no label that need not move. Only
        the selected token's label may cover another token's marker (when it has no other place); any other
        label with no free side is left out (its token's tooltip still names it). Positions are in pixels,
        so this runs again after a zoom or a resize. Every candidate box is tested at once (numpy); only the
        choice runs per label.
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
            ox, oy, kx, ky = o.x(), o.y(), one.x() - o.x(), one.y() - o.y()
            xs, ys = self.token_item.getData()
            px, py = ox + xs * kx, oy + ys * ky  # (T,) each
            radius = np.where(np.arange(len(xs)) == sel, 13.0, 8.0)  # marker sizes 26 and 16
            # the selected token first, then the labels that had a place by the same point (newest first), then
            # the others; in other pixels (a resize, a zoom, a new frame) only the places next to a point are
            # kept: a label far out of a small map stayed far out in a large one
            view = (ox, oy, kx, ky, inside.left(), inside.top(), inside.width(), inside.height())
            had = self._places if view == self._places_view else \
                {i: p for i, p in self._places.items() if p[1] == "side" and p[2] < 4}
            self._places_view = view
            todo = sorted(self._labelled, key=lambda e: (e[1] != sel, had.get(e[1], ((),))[0] != e[2:], -e[1]))
            wh = np.array([self._info[id(item)][3] for item, *_ in todo])  # (n, 2)
            r = np.array([(13.0 if i == sel else 8.0) + LABEL_GAP for _, i, _, _ in todo])[:, None]
            cx = ox + np.array([x for *_, x, _ in todo])[:, None] * kx  # (n, 1): the labels' points
            cy = oy + np.array([y for *_, y in todo])[:, None] * ky
            w, h = wh[:, :1], wh[:, 1:]
            dx, dy = side_offsets(r, w, h)  # (n, SIDES) each
            left, top = cx + dx, cy + dy
            right, bottom = left + w, top + h
            covers = ((px - radius < right[..., None]) & (px + radius > left[..., None])
                      & (py - radius < bottom[..., None]) & (py + radius > top[..., None])).any(axis=2)
            within = ((left >= inside.left()) & (right <= inside.right()) & (top >= inside.top())
                      & (bottom <= inside.bottom()) & (inside.width() > 0) & (inside.height() > 0))
            own = np.array([i for _, i, _, _ in todo])
            ambiguous = beside_another(left, top, right, bottom, px, py, xs, ys, own)
            # each box's rank (lower is better): no marker covered first, then inside the view, then near and
            # plainly its point's; 16: not allowed (a label other than the selected token's covering a marker)
            is_sel = np.array([i == sel for _, i, _, _ in todo])[:, None]
            ranks = np.where(covers & ~is_sel, 16, 8 * covers + 4 * ~within + 2 * (np.arange(SIDES) >= 4)
                             + 3 * ambiguous).tolist()
            # blocks[d]: the boxes that box d, once taken, rules out (grown by 2 px they overlap it), as bits
            fl, ft, fr, fb = (a.reshape(-1) for a in (left, top, right, bottom))
            gl, gt = fl - 2, ft - 2
            gr, gb = gl + (np.repeat(w[:, 0], SIDES) + 4), gt + (np.repeat(h[:, 0], SIDES) + 4)
            blocks = np.packbits((gl < fr[:, None]) & (fl[:, None] < gr) & (gt < fb[:, None]) & (ft[:, None] < gb),
                                 axis=1, bitorder="little")
            blocked = 0
            leaders: list[float] = []  # x0, y0, x1, y1 of each leader line, in pixels
            placed: list[tuple] = []  # every box taken so far, (left, top, right, bottom)
            further: list[tuple] = []  # those beyond the places above (``blocks`` does not know them)
            markers = (px, py, radius)
            places: dict[int, tuple] = {}  # token position -> its label's place now (see ``_places``)
            f = np.zeros((0, 4, 1))  # ``further`` as an array, made again only when it grew
            for k, (item, i, _, _) in enumerate(todo):
                taken, rank, best = blocked >> (SIDES * k), ranks[k], -1
                if further:  # its places that a box further out overlaps
                    f = f if len(f) == len(further) else np.array(further)[:, :, None]
                    hit = ((left[k] - 2 < f[:, 2]) & (f[:, 0] < right[k] + 2) & (top[k] - 2 < f[:, 3])
                           & (f[:, 1] < bottom[k] + 2)).any(axis=0)
                    taken |= sum(1 << s for s in np.flatnonzero(hit).tolist())
                x0, y0, wk, hk = float(cx[k, 0]), float(cy[k, 0]), float(w[k, 0]), float(h[k, 0])
                # the place it had before while its point stays put and the place is still free and plainly its
                # own: typing moves no other label (placed afresh, half of them jumped to another side every key)
                was, out = had.get(i), None
                if was is not None and was[0] == todo[k][2:]:
                    if was[1] == "far":
                        box = (x0 + was[2] - wk / 2, y0 + was[3] - hk / 2, x0 + was[2] + wk / 2, y0 + was[3] + hk / 2)
                        out = box[:2] if box_free(box, inside, markers, placed) else None
                    elif not (taken >> was[2]) & 1 and rank[was[2]] in (0, 2):
                        best = was[2]
                if best < 0 and out is None:
                    for s in range(SIDES):  # near before far; above, below, right, left among equals
                        if not (taken >> s) & 1 and rank[s] < 16 and (best < 0 or rank[s] < rank[best]):
                            best = s
                    out = further_out(x0, y0, float(r[k, 0]), wk, hk, inside, markers, placed) \
                        if best < 0 or not within[k, best] else None  # off the map (or nowhere): further in, if free
                if out is None and best < 0:
                    item.hide()
                    continue
                if out is not None:
                    box = (out[0], out[1], out[0] + wk, out[1] + hk)
                    further.append(box)
                    anchor = ((x0 - box[0]) / wk, (y0 - box[1]) / hk)
                    places[i] = (todo[k][2:], "far", out[0] + wk / 2 - x0, out[1] + hk / 2 - y0)
                else:
                    blocked |= int.from_bytes(blocks[SIDES * k + best].tobytes(), "little")
                    box = (float(left[k, best]), float(top[k, best]), float(right[k, best]), float(bottom[k, best]))
                    # the point as a fraction of the label's box: where the label hangs from it
                    anchor = (-float(dx[k, best] / wk), -float(dy[k, best] / hk))
                    places[i] = (todo[k][2:], "side", best)
                placed.append(box)
                if out is not None or best >= 4:  # further out: a line from the point to the nearest edge of its label
                    leaders += [x0, y0, min(max(x0, box[0]), box[2]), min(max(y0, box[1]), box[3])]
                info = self._info[id(item)]
                if info[4] != anchor:
                    info[4] = anchor
                    item.setAnchor(anchor)
                if not item.isVisible():
                    item.show()
            self._places = places
            seg = np.asarray(leaders, dtype=np.float64).reshape(-1, 2)  # pixels back to the view's units
            lines = np.stack([(seg[:, 0] - ox) / kx, (seg[:, 1] - oy) / ky])
            if self._leaders != (raw := lines.tobytes()):  # setData rebuilds the item: not for the same lines
                self._leaders = raw
                self.leader_item.setData(lines[0], lines[1])
        finally:
            self._placing = False

    def _cannot_widen(self, parts: list[np.ndarray]) -> bool:
        """Whether ``robust_limits`` of ``parts`` surely lies in the frame (the first part, the cloud, sorted once)."""
        fixed = np.asarray(parts[0]).reshape(-1, 2)
        if self._fixed is None or not np.array_equal(self._fixed[0], fixed):
            finite = fixed[np.isfinite(fixed).all(axis=1)].astype(np.float64)
            self._fixed = (fixed.copy(), finite, np.sort(finite, axis=0))
        rest = [np.asarray(p).reshape(-1, 2) for p in parts[1:]]
        extra = np.concatenate(rest) if len(rest) > 1 else rest[0] if rest else np.zeros((0, 2))
        return robust_limits_within(self._fixed[1], self._fixed[2], extra, *self._frame)  # margin included

    def fit_range(self, key, parts: list[np.ndarray]) -> None:
        """Frame ``parts`` (each (N, 2)) once per ``key``; later calls may only widen the frame, never jump it.

        The frame is robust (``robust_limits``): with a big model one token's path can lie 20,000 units
        away, which would squeeze everything else into a dot. Such points are drawn on the frame's edge.
        """
        parts = [p for p in parts if len(p)]
        if not parts:
            return
        same = key == self._range_key and self._range is not None
        if same and self._cannot_widen(parts):
            return  # the usual key: its robust limits surely lie in the frame, found without percentiles
        lo, hi = robust_limits(np.concatenate(parts))
        if same:
            if np.all(lo >= self._frame[0]) and np.all(hi <= self._frame[1]):
                return  # within the margin drawn around the frame: it stays put (re-framing costs 30-50 ms)
            lo, hi = np.minimum(lo, self._range[0]), np.maximum(hi, self._range[1])
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
