"""Attention panel: every head at once, one head up close, and its arithmetic.

Left: a layer × head grid of small heatmaps (rows are query tokens, columns
key tokens). Right, for the selected head: a large heatmap with token labels,
a colour bar and the value under the cursor; a line view; and the Q·K
breakdown for the selected query token. In a causal model the future
(upper-right triangle) is drawn hatched and empty: a token cannot look ahead.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QSizePolicy, QSpinBox, QSplitter, QTabWidget,
                               QVBoxLayout, QWidget)

from explainer.core.trace import Trace
from explainer.gui import numfmt
from explainer.gui.panels.attention_qk import QKBreakdownWidget
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState
from explainer.gui.widgets.captioned import Captioned
from explainer.gui.widgets.attention_lines import AttentionLinesWidget
from explainer.gui.widgets.head_grid import HeadGridScroll, HeadGridWidget
from explainer.gui.widgets.heatmap import HeatmapWidget
from explainer.gui.widgets.steady_label import SteadyLabel
from explainer.gui.widgets.token_chips import visible_token


def causal_mask(n: int) -> np.ndarray:
    """(T, T) True where a key lies in a query's future."""
    return np.triu(np.ones((n, n), dtype=bool), 1)


class AttentionPanel(Panel):
    """All attention heads of the current Trace, plus a close-up of the selected one.

    Clicking a thumbnail selects that layer and head (in AppState); clicking a
    row of the large heatmap or a token in the line view selects that query
    token.
    """

    panel_id = "attention"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._model_shown = False  # spin ranges and the mode line match state.model

        self.layer_spin, self.head_spin = QSpinBox(), QSpinBox()
        for spin, tip in ((self.layer_spin, self.tr("layer")), (self.head_spin, self.tr("head"))):
            spin.setMinimum(1)
            spin.setToolTip(tip)
        self.layer_spin.valueChanged.connect(lambda v: state.select_layer(v - 1))
        self.head_spin.valueChanged.connect(lambda v: state.select_head(v - 1))
        self.query_label = SteadyLabel(wrap=False, chars=36)  # new on every key: repainted, not re-laid out
        self.query_label.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.mode_label = QLabel()
        self.mode_label.setProperty("role", "muted")
        self.mode_label.setWordWrap(True)
        self.hover_label = QLabel(" ")
        self.hover_label.setProperty("role", "muted")

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Layer")))
        controls.addWidget(self.layer_spin)
        controls.addSpacing(10)
        controls.addWidget(QLabel(self.tr("Head")))
        controls.addWidget(self.head_spin)
        controls.addSpacing(18)
        controls.addWidget(self.query_label)
        controls.addStretch(1)

        self.grid = HeadGridWidget()
        self.grid.head_clicked.connect(self._on_head_clicked)
        self.grid_scroll = grid_scroll = HeadGridScroll(self.grid)
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_title = QLabel(self.tr("All heads (click one)"))
        grid_title.setProperty("hint", True)  # how to use the window: left out of figures
        grid_title.setProperty("role", "muted")
        grid_layout.addWidget(grid_title)
        grid_layout.addWidget(grid_scroll, 1)

        self.heatmap = HeatmapWidget()
        self.heatmap.cell_hovered.connect(self._on_hover)
        self.heatmap.cell_clicked.connect(lambda r, _c: state.select_token(r))
        caption = QLabel(self.tr("Rows: the token that looks. Columns: the token it looks at. "
                                 "Brighter = more attention; each row adds up to 1."))
        caption.setProperty("role", "muted")
        caption.setWordWrap(True)
        self.heat_box = heat_box = Captioned(self.heatmap, caption, self.hover_label)  # beside it in a low dock
        self.lines = AttentionLinesWidget()
        self.lines.query_clicked.connect(state.select_token)
        self.qk = QKBreakdownWidget()
        self.tabs = QTabWidget()
        self.tabs.addTab(heat_box, self.tr("Heatmap"))
        self.tabs.addTab(self.lines, self.tr("Lines"))
        self.tabs.addTab(self.qk, self.tr("Q·K step by step"))
        self.tabs.currentChanged.connect(lambda _i: self._draw_detail())

        split = QSplitter(Qt.Horizontal)
        split.addWidget(grid_box)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([360, 540])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(controls)
        layout.addWidget(self.mode_label)
        layout.addWidget(split, 1)

        state.layer_changed.connect(lambda _l: self._on_selection_changed())
        state.head_changed.connect(lambda _h: self._on_selection_changed())
        state.token_changed.connect(lambda _t: self._draw_detail())
        self.refresh()

    def title(self) -> str:
        return self.tr("Attention")

    # -- state changes ------------------------------------------------------
    def invalidate(self) -> None:
        self._model_shown = False

    def _show_model(self) -> None:
        """Spin ranges and the mode line for the model in AppState."""
        cfg = self.state.model.cfg
        for spin, n in ((self.layer_spin, cfg.n_layer), (self.head_spin, cfg.n_head)):
            spin.blockSignals(True)
            spin.setMaximum(n)
            spin.blockSignals(False)
        self._sync_spins()
        self.grid.sliding_layers = frozenset(cfg.sliding_layers)
        self.qk.model_cfg = cfg
        if cfg.causal and cfg.sliding_layers:
            self.mode_label.setText(self.tr("Causal model: each token looks only at itself and earlier tokens; "
                                            "the hatched triangle is the future it cannot see. Layers marked * "
                                            "use a sliding window: there a token sees only the last {w} tokens, "
                                            "and the hatched band is what lies beyond.").format(
                w=numfmt.count(cfg.sliding_window)))
        elif cfg.causal:
            self.mode_label.setText(self.tr("Causal model: each token looks only at itself and earlier tokens; "
                                            "the hatched triangle is the future it cannot see."))
        else:
            self.mode_label.setText(self.tr("Bidirectional model: every token looks at every other token, "
                                            "before and after it, so the maps are full squares."))
        self._model_shown = True

    def _sync_spins(self) -> None:
        for spin, value in ((self.layer_spin, self.state.layer), (self.head_spin, self.state.head)):
            spin.blockSignals(True)
            spin.setValue(value + 1)
            spin.blockSignals(False)

    def _on_head_clicked(self, layer: int, head: int) -> None:
        self.state.select_layer(layer)
        self.state.select_head(head)

    def _on_selection_changed(self) -> None:
        self._sync_spins()
        self.grid.set_selected(self.state.layer, self.state.head)
        QTimer.singleShot(0, self.scroll_to_selected)  # after the grid has its final height
        self._draw_detail()

    def scroll_to_selected(self) -> None:
        """Scroll the grid so the selected head's thumbnail is in view (big models have many rows)."""
        left, top = self.grid._margins()
        cell = self.grid._cell()
        x = int(left + (self.state.head + 0.5) * cell)
        y = int(top + (self.state.layer + 0.5) * cell)
        self.grid_scroll.ensureVisible(x, y, int(cell), int(cell))

    def redraw(self) -> None:
        if not self._model_shown and self.state.model is not None:
            self._show_model()
        trace = self.state.trace
        if trace is None:
            self.grid.set_attention(np.zeros((0, 0, 0, 0), np.float32))
        else:
            self.grid.set_attention(trace.attn, self.grid_mask(trace))
        self.grid.set_selected(self.state.layer, self.state.head)
        self._draw_detail()

    @staticmethod
    def mask_for(trace: Trace, layer: int | None = None) -> np.ndarray | None:
        """(T, T) cells a query cannot see in ``layer``: the future, and beyond a sliding window."""
        return trace.hidden_keys(layer)

    @staticmethod
    def grid_mask(trace: Trace) -> np.ndarray | None:
        """The thumbnails' mask: one (T, T) for all layers, or (L, T, T) when sliding windows make them differ."""
        if not trace.causal:
            return None
        if not any(trace.windows):
            return causal_mask(trace.n_tokens)
        return np.stack([trace.hidden_keys(l) for l in range(trace.n_layers)]) if trace.n_layers else None

    # -- the selected head --------------------------------------------------
    def _draw_detail(self) -> None:
        if self.visibility.defer():
            return  # drawn with everything else when the panel comes into view
        trace = self.state.trace
        layer, head = self.state.layer, self.state.head
        if trace is None or trace.n_tokens == 0 or layer >= trace.n_layers or head >= trace.n_heads:
            self.heatmap.set_matrix(np.zeros((0, 0)))
            self.lines.set_pattern(np.zeros((0, 0)), [], -1)
            self.qk.show_query(None, 0, 0, -1)
            self.query_label.setText("")
            return
        query = self.state.selected_position()
        labels = [visible_token(t) for t in trace.tokens]
        self.query_label.setText(self.tr("Query token: “{t}” (token {i})").format(t=labels[query], i=query + 1))
        current = self.tabs.currentWidget()
        if current is self.lines:
            self.lines.set_pattern(trace.attn[layer, head], list(trace.tokens), query)
        elif current is self.qk:
            self.qk.show_query(trace, layer, head, query)
        else:
            self.heatmap.set_matrix(trace.attn[layer, head], labels, labels, self.mask_for(trace, layer))
            self.heatmap.set_highlight_row(query)

    def _on_hover(self, row: int, col: int, _value: float) -> None:
        self.hover_label.setText(self.heatmap.describe(row, col) if row >= 0 else " ")
