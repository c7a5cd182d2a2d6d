"""Embedding panel: the typed tokens as points in the model's vector space.

A 2D map (PCA) fitted once per model and cached, so the points move while a
person types but the map stays put. The slider walks from the token
embeddings (with the vocabulary as a faint cloud) through the residual stream
after each block; "paths" draws each token's trajectory through all layers on
one shared map. The selected token's closest vocabulary words (cosine of
centred vectors) are listed beside the map.

The frame is robust to far outliers (tokens beyond it are drawn on its edge)
and token labels never overlap: one that would is moved to another side of
its point, or left out.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QListWidget, QSlider, QSplitter,
                               QVBoxLayout, QWidget)

from explainer.core.analysis.projection import TraceProjection, nearest_tokens, project_trace, robust_limits
from explainer.core.trace import Trace
from explainer.gui import numfmt, palette
from explainer.gui.panels._visibility import ScreenWatch
from explainer.gui.panels._fit_worker import FitResult, FitSignals, start_fit
from explainer.gui.panels._plots import okabe_ito, styled_plot
from explainer.gui.state import AppState
from explainer.gui.widgets.token_chips import visible_token

MAX_LABELS = 32  # beyond this many tokens only the newest (and the selected) get a label
N_NEIGHBOURS = 10
LABEL_GAP = 3  # pixels between a token's marker and its label


class EmbeddingPanel(QWidget):
    """The sentence inside the vocabulary cloud, layer by layer.

    Reads the model and the Trace from AppState; the map's basis comes from a
    background fit (``fit_result``). ``view`` is the slider position: 0 is the
    token embeddings, ``l + 1`` the residual stream at point ``l`` (0 = input
    to block 1, ``l`` = after block ``l``). Clicking a point selects its token.
    """

    panel_id = "embedding"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.fit_result: FitResult | None = None
        self.projection: TraceProjection | None = None
        self._job = 0
        self._signals = FitSignals()  # no parent: it must outlive this panel while a fit runs
        self._signals.fit_ready.connect(self._on_fit_ready)
        self._signals.fit_failed.connect(self._on_fit_failed)
        self._range_key = None
        self._range = None
        self._frame: tuple[np.ndarray, np.ndarray] | None = None  # padded (lo, hi) of the view, (2,) each
        self.outside = np.zeros(0, bool)  # (T,): tokens beyond the frame, drawn on its edge
        self._labelled: list[tuple[pg.TextItem, int, float, float]] = []  # (label, token, x, y) to place
        self._placing = False
        self._cloud_key = None
        self._styles = None
        self.neighbour_ids = np.zeros(0, np.int64)
        self._stale_model = self._stale_trace = False
        self._nearest: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._neighbour_rows: list[str] = []
        self.visibility = ScreenWatch(self, self._catch_up)
        self._build()
        state.model_changed.connect(self._on_model_changed)
        state.trace_changed.connect(self._on_trace_changed)
        state.token_changed.connect(self._on_token_changed)
        state.layer_changed.connect(self._on_layer_changed)
        if state.model is not None:
            self._on_model_changed(state.model)

    def title(self) -> str:
        return self.tr("Embedding space")

    def short_title(self) -> str:
        """The dock's tab: short enough that every tab fits beside its neighbours on a projector."""
        return self.tr("Embeddings")

    # -- building -------------------------------------------------------------
    def _build(self) -> None:
        big = palette.font(palette.current().font_pt * 1.1, bold=True)
        self.view_label = QLabel()
        self.view_label.setFont(big)
        self.view_label.setWordWrap(True)  # one line would make the dock 860 px wide
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setPageStep(1)
        self.slider.setMinimumWidth(120)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.paths_box = QCheckBox(self.tr("Paths through the layers"))
        self.paths_box.toggled.connect(self._on_paths_toggled)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Where:")))
        top.addWidget(self.slider, 1)
        top.addWidget(self.paths_box)

        self.plot = styled_plot(self.tr("direction 1"), self.tr("direction 2"))
        self.plot.getPlotItem().setAspectLocked(False)
        self.plot.getPlotItem().showGrid(x=True, y=True, alpha=0.15)
        cloud_brush = QColor(palette.color("muted"))
        cloud_brush.setAlpha(70)
        self.cloud_item = pg.ScatterPlotItem(size=6, pen=None, brush=cloud_brush, hoverable=True,
                                             tip=self._cloud_tip, hoverSize=10)
        self.path_item = pg.PlotDataItem(pen=pg.mkPen(palette.color("muted"), width=1.5), connect="finite")
        self.selected_path_item = pg.PlotDataItem(pen=pg.mkPen(palette.color("selection"), width=3.5),
                                                  symbol="o", symbolSize=7,
                                                  symbolBrush=palette.color("selection"), symbolPen=None)
        self.token_item = pg.ScatterPlotItem(size=16, hoverable=True, tip=self._token_tip)
        self.token_item.sigClicked.connect(self._on_points_clicked)
        for item in (self.cloud_item, self.path_item, self.selected_path_item, self.token_item):
            self.plot.addItem(item)
        self.label_items: list[pg.TextItem] = []
        box = self.plot.getPlotItem().getViewBox()
        box.sigRangeChanged.connect(self._place_labels)  # zoom, pan: the labels' pixels moved
        box.sigResized.connect(self._place_labels)

        self.neighbour_title = QLabel()
        self.neighbour_title.setWordWrap(True)
        self.neighbour_title.setProperty("role", "heading")
        self.neighbour_note = QLabel(self.tr("centred: what all tokens share is removed"))
        self.neighbour_note.setWordWrap(True)
        self.neighbour_note.setProperty("role", "muted")
        self.neighbour_note.setToolTip(self.tr(
            "All token vectors share an average and one large common direction, which make every plain "
            "cosine about equally high. Removing both first shows which words really point the same way."))
        self.neighbour_list = QListWidget()
        self.neighbour_list.setFont(palette.font(palette.current().font_pt * 1.15, mono=True))
        side = QWidget()
        side.setMinimumWidth(200)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.neighbour_title)
        side_layout.addWidget(self.neighbour_note)
        side_layout.addWidget(self.neighbour_list, 1)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.plot)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addWidget(self.view_label)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self._show_view_label()

    # -- AppState -------------------------------------------------------------
    def _hidden_in_window(self) -> bool:
        """Inside a window but not on screen (a closed or tabbed-away dock): the fit can wait."""
        return self.visibility.defer()

    def _catch_up(self) -> None:
        if self._stale_model and self.state.model is not None:
            self._on_model_changed(self.state.model)
        elif self._stale_trace:
            self._on_trace_changed(self.state.trace)
            self._update_neighbours()

    def _on_model_changed(self, loaded) -> None:
        self._stale_model = self._hidden_in_window()
        if self._stale_model:
            self.fit_result, self.projection = None, None
            self._job += 1  # a fit still running for the previous model is ignored
            return
        self.fit_result, self.projection = None, None
        self._job += 1
        self.slider.blockSignals(True)
        self.slider.setRange(0, loaded.cfg.n_layer + 1)
        self.slider.setValue(0)
        self.slider.blockSignals(False)
        self._range_key = None
        self._clear_plot()
        self.status.setText(self.tr("Drawing the map of this model's vocabulary… (once per model)"))
        self._show_view_label()
        start_fit(self._job, loaded, self._signals, lambda: self._job)

    def _on_fit_ready(self, job: int, result: FitResult) -> None:
        if job != self._job:
            return  # a fit for a model that is no longer loaded
        self.fit_result = result
        how = self.tr("from the cache") if result.from_cache else numfmt.fill(self.tr("fitted in {s:.1f} s"),
            s=result.seconds)
        self.status.setText(self.tr("Map {how}. The two axes are the directions along which the "
                                    "vectors differ most (PCA).").format(how=how))
        self._on_trace_changed(self.state.trace)

    def _on_fit_failed(self, job: int, message: str) -> None:
        if job == self._job:
            self.status.setText(self.tr("The map could not be drawn: {msg}").format(msg=message))

    def _on_trace_changed(self, trace: Trace | None) -> None:
        self._stale_trace = self._hidden_in_window()
        if self._stale_trace:
            return  # projected when the panel is shown again: typing stays fast
        self.projection = None
        if self.fit_result is not None and trace is not None and trace.n_tokens:
            if trace.resid.shape[0] == self.fit_result.bases.n_points:
                self.projection = project_trace(self.fit_result.bases, trace)
        self._redraw()

    def _on_token_changed(self, _index: int) -> None:
        if self._hidden_in_window():
            self._stale_trace = True
            return
        self._redraw_tokens()
        self._update_neighbours()

    def _on_layer_changed(self, layer: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(layer + 2)  # the stream after that block
        self.slider.blockSignals(False)
        self._show_view_label()
        self._redraw()

    def _on_slider_moved(self, value: int) -> None:
        if value >= 2 and value - 2 != self.state.layer:
            self.state.select_layer(value - 2)  # comes back through _on_layer_changed, which redraws
        else:
            self._redraw()

    def _on_paths_toggled(self, _on: bool) -> None:
        self._redraw()

    def _on_points_clicked(self, _item, points, _event=None) -> None:
        if len(points):
            self.state.select_token(int(points[0].data()))

    # -- what is shown ----------------------------------------------------------
    @property
    def view(self) -> int:
        return self.slider.value()

    def _show_view_label(self) -> None:
        v = self.view
        if v == 0:
            text = self.tr("Token embeddings: every token is a list of numbers, shown among the vocabulary")
        elif v == 1:
            text = self.tr("Token + position: what enters block 1")
        else:
            text = self.tr("After block {n}: the same tokens, changed by {n} layer(s)").format(n=v - 1)
        if self.paths_box.isChecked():
            text += self.tr(" — paths through every layer")
        self.view_label.setText(text)

    def cloud_points(self) -> np.ndarray:
        """The faint background points of the current view: (N, 2)."""
        if self.fit_result is None:
            return np.zeros((0, 2), np.float32)
        b, v = self.fit_result.bases, self.view
        if self.paths_box.isChecked():
            return b.paths_cloud[max(v - 1, 0)]
        return b.cloud if v == 0 else b.layer_clouds[v - 1]

    def token_points(self) -> np.ndarray:
        """The typed tokens' positions in the current view: (T, 2)."""
        if self.projection is None:
            return np.zeros((0, 2), np.float32)
        v = self.view
        if self.paths_box.isChecked():
            return self.projection.paths[max(v - 1, 0)]
        return self.projection.embed if v == 0 else self.projection.layers[v - 1]

    def _cloud_ids(self) -> np.ndarray:
        b = self.fit_result.bases
        return b.cloud_ids if (self.view == 0 and not self.paths_box.isChecked()) else b.reference_ids

    def _label(self, token_id: int) -> str:
        return visible_token(self.state.model.tokenizer.token_label(int(token_id)))

    def _cloud_tip(self, x: float, y: float, data) -> str:
        return self._label(data) if data is not None and self.state.model is not None else ""

    def _token_tip(self, x: float, y: float, data) -> str:
        trace = self.state.trace
        if trace is None or data is None or int(data) >= trace.n_tokens:
            return ""
        tip = self.tr("token {i}: {tok}").format(i=int(data) + 1, tok=visible_token(trace.tokens[int(data)]))
        if int(data) < len(self.outside) and self.outside[int(data)]:
            tip += "\n" + self.tr("far outside the map: drawn on its edge")
        return tip

    # -- drawing --------------------------------------------------------------
    def _clear_plot(self) -> None:
        self._cloud_key = self._range_key = None
        self._frame = None
        self.cloud_item.clear()
        self.token_item.clear()
        self.path_item.setData([], [])
        self.selected_path_item.setData([], [])
        self._hide_labels()
        self._show_neighbours([])
        self.neighbour_title.setText("")

    def _redraw(self) -> None:
        self._show_view_label()
        if self.fit_result is None:
            self._clear_plot()
            return
        cloud = self.cloud_points()
        cloud_key = (id(self.fit_result), self.view if not self.paths_box.isChecked() else -self.view - 1)
        if cloud_key != self._cloud_key:  # the cloud only changes with the model or the view
            self._cloud_key = cloud_key
            self.cloud_item.setData(pos=cloud, data=self._cloud_ids())
        self._fit_range(cloud, self.token_points())  # first: tokens beyond the frame are drawn on its edge
        self._redraw_tokens()
        self._update_neighbours()

    def _on_map(self, xy: np.ndarray) -> np.ndarray:
        """``xy`` (..., 2) with every point beyond the frame moved onto its edge (NaN stays NaN)."""
        return xy if self._frame is None else np.clip(xy, self._frame[0], self._frame[1])

    def _redraw_tokens(self) -> None:
        trace, exact = self.state.trace, self.token_points()
        points = self._on_map(exact)  # (T, 2)
        self.outside = np.any(points != exact, axis=1) if len(exact) else np.zeros(0, bool)
        if trace is None or len(points) == 0 or len(points) != trace.n_tokens:
            # nothing to show, or points projected for an older text while the panel was hidden
            self.token_item.clear()
            self.path_item.setData([], [])
            self.selected_path_item.setData([], [])
            self._hide_labels()
            return
        T, sel = len(points), self.state.token
        if self._styles is None:  # pens and brushes built once: mkColor is slow per point
            self._styles = (pg.mkPen(palette.color("text"), width=1.5), pg.mkPen(palette.color("selection"), width=4),
                            [pg.mkBrush(okabe_ito(i)) for i in range(len(palette.OKABE_ITO))])
        ring, ring_sel, brushes = self._styles
        self.token_item.setData(
            pos=points, data=np.arange(T),
            size=[26 if i == sel else 16 for i in range(T)],
            brush=[brushes[i % len(brushes)] for i in range(T)],
            pen=[ring_sel if i == sel else ring for i in range(T)])
        self._draw_paths(sel)
        self._draw_labels(trace, points, sel)

    def _draw_paths(self, sel: int) -> None:
        if not self.paths_box.isChecked() or self.projection is None:
            self.path_item.setData([], [])
            self.selected_path_item.setData([], [])
            return
        paths = self._on_map(self.projection.paths)  # (L+1, T, 2)
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

    def _draw_labels(self, trace: Trace, points: np.ndarray, sel: int) -> None:
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
        ink, ink_sel = palette.color("text"), palette.color("selection")
        backing = QColor(palette.color("base"))
        backing.setAlpha(150)  # the label stays readable where it crosses a marker or the cloud
        self._labelled = []
        for item, i in zip(self.label_items, shown):
            color = ink_sel if i == sel else ink
            look = (visible_token(trace.tokens[i]), color.rgba(), backing.rgba())
            if getattr(item, "look", None) != look:  # setText lays the label out again: only when it changed
                item.look = look
                item.fill = pg.mkBrush(backing)
                item.setText(look[0], color=color)
            item.setPos(float(points[i, 0]), float(points[i, 1]))
            item.setZValue(20 if i == sel else 10)
            self._labelled.append((item, i, float(points[i, 0]), float(points[i, 1])))
        for item in self.label_items[len(shown):]:
            item.hide()
        self._place_labels()

    def _place_labels(self, *_args) -> None:
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
            sel = self.state.token
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

    def _fit_range(self, cloud: np.ndarray, points: np.ndarray) -> None:
        """Frame the cloud once per view; later traces may only widen the frame, never jump it.

        The frame is robust (``robust_limits``): with a big model one token's path can lie 20,000 units
        away, which would squeeze everything else into a dot. Such points are drawn on the frame's edge.
        """
        key = (id(self.fit_result), self.view, self.paths_box.isChecked())
        parts = [p for p in (cloud, points) if len(p)]
        if self.paths_box.isChecked() and self.projection is not None:
            parts.append(self.projection.paths.reshape(-1, 2))
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

    def _update_neighbours(self) -> None:
        trace, fit = self.state.trace, self.fit_result
        pos = self.state.selected_position()
        if trace is None or fit is None or pos < 0:
            self._show_neighbours([])
            self.neighbour_title.setText(self.tr("Click a token to see its nearest words"))
            return
        v = self.view
        # centred cosine: the vocabulary rows have their mean removed (FitResult), so the query loses the
        # mean of its own kind of vector: the vocabulary mean for an embedding, the reference text's
        # mean stream at that point (the map's own centre) for a layer
        if v == 0:
            vector, centre = trace.embed[pos], fit.vocab_mean
        else:
            vector, centre = trace.resid[v - 1][pos], fit.bases.layers[v - 1].mean
        exclude = (int(trace.token_ids[pos]),) if v == 0 else ()
        # while typing the same vectors come back (a token's embedding, an unchanged prefix): a search
        # through the whole vocabulary is done once per vector
        key = (id(fit), v, exclude, np.ascontiguousarray(vector).tobytes())
        found = self._nearest.get(key)
        if found is None:
            if len(self._nearest) > 512:
                self._nearest.clear()
            found = self._nearest[key] = nearest_tokens(fit.unit_vocab, vector, N_NEIGHBOURS, exclude, centre)
        ids, cos = found
        self.neighbour_ids = ids
        self.neighbour_title.setText(self.tr("Nearest words to «{tok}»\n(cosine similarity)")
                                     .format(tok=visible_token(trace.tokens[pos])))
        self._show_neighbours([f"{self._label(i):<10} {numfmt.fmt(c, 2, sign=True)}" for i, c in zip(ids, cos)])

    def _show_neighbours(self, rows: list[str]) -> None:
        if rows != self._neighbour_rows:  # refilling the list repaints it even when nothing changed
            self._neighbour_rows = rows
            self.neighbour_list.clear()
            self.neighbour_list.addItems(rows)


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
