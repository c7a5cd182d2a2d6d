"""Embedding panel: the typed tokens as points in the model's vector space.

A 2D map (PCA) fitted once per model and cached, so the points move while a
person types but the map stays put. The slider walks from the token
embeddings (with the vocabulary as a faint cloud) through the residual stream
after each block; "paths" draws each token's trajectory through all layers on
one shared map. The selected token's closest vocabulary words (cosine of
centred vectors) are listed beside the map.

The fit runs on the "work" lane of ``AppState.jobs`` (``_fit_worker.py``),
once per model and only once the panel is seen. The map itself (robust frame,
labels that never overlap) is drawn by ``TokenMap`` (``embedding_map.py``).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QListWidget, QSlider, QSplitter,
                               QVBoxLayout, QWidget)

from explainer.core.analysis.projection import TraceProjection, nearest_tokens, project_trace
from explainer.gui import language, numfmt, palette
from explainer.gui.panels._fit_worker import FitResult, fit_bases
from explainer.gui.panels._plots import styled_plot
from explainer.gui.panels.base import Panel
from explainer.gui.panels.embedding_map import TokenMap
from explainer.gui.state import AppState
from explainer.gui.widgets.steady_label import SteadyLabel
from explainer.gui.widgets.token_chips import visible_token

N_NEIGHBOURS = 10
NEAREST_CACHE = 512  # neighbour lists kept (per vector, view and language)


class EmbeddingPanel(Panel):
    """The sentence inside the vocabulary cloud, layer by layer.

    Reads the model and the Trace from AppState; the map's basis comes from a
    background fit (``fit_result``). ``view`` is the slider position: 0 is the
    token embeddings, ``l + 1`` the residual stream at point ``l`` (0 = input
    to block 1, ``l`` = after block ``l``). Clicking a point selects its token.
    """

    panel_id = "embedding"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.fit_result: FitResult | None = None
        self._fit_asked = False  # a fit was asked for the current model (asked once, even if it fails)
        self.projection: TraceProjection | None = None
        self.neighbour_ids = np.zeros(0, np.int64)
        self._nearest: dict[tuple, tuple[np.ndarray, np.ndarray, list[str]]] = {}  # oldest first
        self._nearest_fit: FitResult | None = None  # the fit the cached neighbour lists belong to
        self._labels: dict[int, str] = {}  # token id -> its label, for the current model
        self._neighbour_rows: list[str] = []
        self._build()
        state.token_changed.connect(self._on_token_changed)
        state.layer_changed.connect(self._on_layer_changed)
        self.invalidate()  # also when built after a layer was chosen (panels are built when first seen)
        self._show_view_label()
        self.refresh()

    def title(self) -> str:
        return self.tr("Embedding space")

    def short_title(self) -> str:
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
        # a mark per stop (the embeddings, + position, after each block): the handle moves in steps, one a layer
        self.slider.setTickPosition(QSlider.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setMinimumWidth(120)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.paths_box = QCheckBox(self.tr("Paths through the layers"))
        self.paths_box.toggled.connect(self._on_view_toggled)
        # the typed words fill the map (a small model puts a sentence's words in one corner of its vocabulary)
        self.zoom_box = QCheckBox(self.tr("Zoom in on the text"))
        self.zoom_box.toggled.connect(self._on_view_toggled)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Where:")))
        top.addWidget(self.slider, 1)
        top.addWidget(self.paths_box)
        top.addWidget(self.zoom_box)

        self.plot = styled_plot(self.tr("direction 1"), self.tr("direction 2"))
        self.plot.getPlotItem().setAspectLocked(False)
        # no grid: the directions have no units to read off, and a grid made every new frame (typing past
        # the frame's edge, a zoom or a pan) cost 25 ms more (36 against 9 ms)
        self.map = TokenMap(self.plot, self._cloud_tip, self._token_tip, self._on_points_clicked)
        self.cloud_item, self.token_item = self.map.cloud_item, self.map.token_item
        self.path_item, self.selected_path_item = self.map.path_item, self.map.selected_path_item
        self.label_items = self.map.label_items  # grows in place as longer texts need more labels

        self.neighbour_title = SteadyLabel(keep=True)  # names the selected token: new on most keys
        self.neighbour_title.setProperty("role", "heading")
        self.neighbour_note = QLabel(self.tr("centred: what all tokens share is removed"))
        self.neighbour_note.setWordWrap(True)
        self.neighbour_note.setProperty("role", "muted")
        self.neighbour_note.setToolTip(self.tr(
            "All token vectors share an average and one large common direction, which make every plain "
            "cosine about equally high. Removing both first shows which words really point the same way."))
        self.neighbour_list = QListWidget()
        self._side_zoom: tuple = ()
        self.side = side = QWidget()
        self._fit_side()
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

    # -- the panel protocol ---------------------------------------------------
    def invalidate(self) -> None:
        self.state.jobs.forget(self, "fit")  # a fit still running for the previous model is ignored
        self.fit_result, self.projection, self._fit_asked = None, None, False
        self._nearest.clear()
        self._nearest_fit = None
        self._labels.clear()
        loaded = self.state.model
        self.slider.blockSignals(True)
        self.slider.setRange(0, loaded.cfg.n_layer + 1 if loaded is not None else 0)
        # the stream after the selected layer when one is chosen (the slider follows the layer), else the tokens
        self.slider.setValue(self.state.layer + 2 if self.state.layer else 0)
        self.slider.blockSignals(False)

    def _fit_side(self) -> None:
        """The neighbour list's font follows the zoom, and its column is wide enough for a row (a ten-letter word
        and its score): in presentation mode the scores were cut to "+0."."""
        key = (palette.font_scale(), palette.current().font_pt)
        if key != self._side_zoom:
            self._side_zoom = key
            font = palette.font(palette.current().font_pt * 1.15, mono=True)
            self.neighbour_list.setFont(font)  # (the theme's style sheet may set its size: measure the larger)
            widest = max(QFontMetricsF(f).horizontalAdvance("M" * 17) for f in (font, self._styled(font)))
            self.side.setMinimumWidth(max(200, round(widest) + 30))

    @staticmethod
    def _styled(font):
        styled = type(font)(font)
        styled.setPointSizeF(palette.current().font_pt * palette.font_scale())
        return styled

    def redraw(self) -> None:
        self._fit_side()
        loaded = self.state.model
        if loaded is not None and self.fit_result is None and not self._fit_asked:
            self._fit_asked = True  # only now: a panel nobody sees fits nothing
            self.status.setText(self.tr("Drawing the map of this model's vocabulary… (once per model)"))
            self.state.jobs.submit(self, "fit", fit_bases, loaded, done=self._on_fit_ready,
                                   failed=self._on_fit_failed)
        trace, self.projection = self.state.trace, None
        if self.fit_result is not None and trace is not None and trace.n_tokens:
            if trace.resid.shape[0] == self.fit_result.bases.n_points:
                self.projection = project_trace(self.fit_result.bases, trace)
        self._draw()

    def _on_fit_ready(self, result: FitResult) -> None:
        self.fit_result = result
        how = self.tr("computed earlier") if result.from_cache else numfmt.fill(self.tr("fitted in {s:.1f} s"),
            s=result.seconds)
        self.status.setText(self.tr("Map {how}. The two axes are the directions along which the "
                                    "vectors differ most (PCA).").format(how=how))
        self.refresh()

    def _on_fit_failed(self, message: str) -> None:
        self.status.setText(self.tr("The map could not be drawn: {msg}").format(msg=message))

    # -- AppState and the controls ----------------------------------------------
    def _on_token_changed(self, _index: int) -> None:
        if self.visibility.defer():
            return
        self._draw_tokens()
        self._update_neighbours()

    def _on_layer_changed(self, layer: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(layer + 2)  # the stream after that block
        self.slider.blockSignals(False)
        self._show_view_label()
        self._draw_when_seen()

    def _on_slider_moved(self, value: int) -> None:
        if value >= 2 and value - 2 != self.state.layer:
            self.state.select_layer(value - 2)  # comes back through _on_layer_changed, which redraws
        else:
            self._draw_when_seen()

    def _on_view_toggled(self, _on: bool) -> None:
        self._draw_when_seen()

    def _on_points_clicked(self, _item, points, _event=None) -> None:
        if len(points):
            self.state.select_token(int(points[0].data()))

    # -- what is shown ----------------------------------------------------------
    @property
    def outside(self) -> np.ndarray:
        """(T,): which tokens lie beyond the map's frame and are drawn on its edge."""
        return self.map.outside

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
        return self.projection.embed if v == 0 else self.projection.layer(v - 1)

    def _cloud_ids(self) -> np.ndarray:
        b = self.fit_result.bases
        return b.cloud_ids if (self.view == 0 and not self.paths_box.isChecked()) else b.reference_ids

    def _label(self, token_id: int) -> str:
        label = self._labels.get(int(token_id))
        if label is None:  # the same words come back in many neighbour lists
            label = self._labels[int(token_id)] = visible_token(self.state.model.tokenizer.token_label(int(token_id)))
        return label

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
        self.map.clear()
        self._show_neighbours([])
        self.neighbour_title.setText("")

    def _draw_when_seen(self) -> None:
        """Draw the current view now, or (off screen) redraw everything once the panel is seen."""
        if not self.visibility.defer():
            self._draw()

    def _draw(self) -> None:
        """The current view from the fit and the projection already made."""
        self._show_view_label()
        if self.fit_result is None:
            self._clear_plot()
            return
        cloud, paths = self.cloud_points(), self.paths_box.isChecked()
        self.map.set_cloud((id(self.fit_result), -self.view - 1 if paths else self.view), cloud, self._cloud_ids())
        # the frame first: tokens beyond it are drawn on its edge
        zoom, parts = self.zoom_box.isChecked(), [cloud, self.token_points()]
        if paths and self.projection is not None:
            parts.append(self.projection.paths.reshape(-1, 2))
        if zoom:
            parts = self._zoom_frame(cloud, np.concatenate(parts[1:]))
        self.map.fit_range((id(self.fit_result), self.view, paths, zoom), parts)
        self._draw_tokens()
        self._update_neighbours()

    @staticmethod
    def _zoom_frame(cloud: np.ndarray, shown: np.ndarray) -> list[np.ndarray]:
        """Zoomed in on the text: the two corners of the box round every point ``shown`` (each kept, where the
        map's robust frame leaves far outliers on its edge), at least a tenth of the whole map wide, so that one
        word (or two on the same spot) is not blown up to fill it."""
        shown = shown[np.isfinite(shown).all(axis=1)]
        finite = cloud[np.isfinite(cloud).all(axis=1)]
        if not len(shown):
            return []
        lo, hi = shown.min(axis=0), shown.max(axis=0)
        least = (finite.max(axis=0) - finite.min(axis=0)) * 0.1 if len(finite) else np.zeros(2)
        middle, half = (lo + hi) / 2, np.maximum(hi - lo, least) / 2
        return [np.stack([middle - half, middle + half])]

    def _draw_tokens(self) -> None:
        trace = self.state.trace
        paths = self.projection.paths if self.paths_box.isChecked() and self.projection is not None else None
        self.map.draw_tokens(self.token_points(), trace.tokens if trace is not None else None, self.state.token,
                             paths)

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
        # through the whole vocabulary, and the rows it gives, are made once per vector. The key holds the
        # vector itself (an intervention may change a token's embedding) and the language (the decimal
        # mark); the cache belongs to one fit and is emptied when another fit arrives.
        if self._nearest_fit is not fit:
            self._nearest_fit = fit
            self._nearest.clear()
        key = (v, exclude, language.current(), np.ascontiguousarray(vector).tobytes())
        found = self._nearest.pop(key, None)
        if found is None:
            ids, cos = nearest_tokens(fit.unit_vocab, vector, N_NEIGHBOURS, exclude, centre)
            found = (ids, cos, [f"{self._label(i):<10} {numfmt.fmt(c, 2, sign=True)}" for i, c in zip(ids, cos)])
            if len(self._nearest) >= NEAREST_CACHE:
                del self._nearest[next(iter(self._nearest))]  # the least recently used
        self._nearest[key] = found  # (again) the newest
        self.neighbour_ids = found[0]
        title = self.tr("Nearest words to “{tok}”\n(cosine similarity)").format(tok=visible_token(trace.tokens[pos]))
        if title != self.neighbour_title.text():
            self.neighbour_title.setText(title)
        self._show_neighbours(found[2])

    def _show_neighbours(self, rows: list[str]) -> None:
        if rows != self._neighbour_rows:  # refilling the list repaints it even when nothing changed
            self._neighbour_rows = rows
            self.neighbour_list.clear()
            self.neighbour_list.addItems(rows)

