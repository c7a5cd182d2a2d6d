"""Layers panel (logit lens): what the model would predict if it stopped after each layer.

Every layer's residual stream goes through the model's own final norm and
output layer (computed by the worker into ``Trace.lens_*``). The grid shows,
per layer and position, the top token and its probability, coloured by that
probability; hovering shows the top five. Below, the rank at each layer of the
token the full model finally predicts.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from explainer.core.trace import Trace
from explainer.gui import numbers, palette
from explainer.gui.panels._visibility import ScreenWatch
from explainer.gui.panels._plots import styled_plot, text_color_on
from explainer.gui.state import AppState
from explainer.gui.widgets.token_chips import visible_token

CELL_W, CELL_H, ROW_HEAD_W, HEAD_H = 100, 60, 150, 44


@lru_cache(maxsize=None)
def _lut_colors(name: str) -> tuple[list[QColor], list[QColor]]:
    """The 256 colours of a colormap and the readable text colour on each."""
    lut = palette.colormap_lut(name)
    fills = [QColor(int(r), int(g), int(b)) for r, g, b in lut]
    return fills, [text_color_on(c) for c in fills]


class LensGrid(QWidget):
    """The layers × positions grid, painted in one pass (fast enough for every keystroke).

    ``set_lens(...)`` gives it the top-k ids and probabilities (L+1, T, k) and
    the labels; ``cell_text(r, c)`` and ``cell_color(r, c)`` say what a cell
    shows. Rows are stream points (0 = embedding, l = after block l).
    """

    def __init__(self, panel: "LensPanel") -> None:
        super().__init__()
        self.panel = panel
        self.ids = np.zeros((0, 0, 0), np.int64)
        self.probs = np.zeros((0, 0, 0), np.float32)
        self.rank = np.zeros((0, 0), np.int64)
        self.tokens: tuple[str, ...] = ()
        self.labels: dict[int, str] = {}
        self.selected_col, self.selected_row = -1, -1
        self._fills: list[list[QColor]] = []
        self._inks: list[list[QColor]] = []
        self._texts: list[list[tuple[str, str]]] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)

    def set_lens(self, ids: np.ndarray, probs: np.ndarray, rank: np.ndarray, tokens, labels) -> None:
        self.ids, self.probs, self.rank, self.tokens, self.labels = ids, probs, rank, tokens, labels
        rows, cols = self.shape
        fills, inks = _lut_colors(palette.current().heatmap)
        index = np.clip(np.rint(probs[..., 0] * 255), 0, 255).astype(int) if rows else np.zeros((0, 0), int)
        self._fills = [[fills[i] for i in row] for row in index.tolist()]
        self._inks = [[inks[i] for i in row] for row in index.tolist()]
        self._texts = [[self.cell_text(r, c) for c in range(cols)] for r in range(rows)]
        self.resize(self.sizeHint())
        self.update()

    def set_selection(self, row: int, col: int) -> None:
        self.selected_row, self.selected_col = row, col
        self.update()

    @property
    def shape(self) -> tuple[int, int]:
        return (self.ids.shape[0], self.ids.shape[1]) if self.ids.ndim == 3 else (0, 0)

    def sizeHint(self) -> QSize:
        rows, cols = self.shape
        return QSize(ROW_HEAD_W + cols * CELL_W + 4, HEAD_H + rows * CELL_H + 4)

    def cell_rect(self, r: int, c: int) -> QRectF:
        return QRectF(ROW_HEAD_W + c * CELL_W, HEAD_H + r * CELL_H, CELL_W, CELL_H)

    def cell_at(self, pos: QPointF) -> tuple[int, int]:
        rows, cols = self.shape
        if pos.x() < -self.x() + ROW_HEAD_W:  # over the pinned layer names
            return -1, -1
        c = int((pos.x() - ROW_HEAD_W) // CELL_W)
        r = int((pos.y() - HEAD_H) // CELL_H)
        return (r, c) if 0 <= r < rows and 0 <= c < cols and pos.x() >= ROW_HEAD_W else (-1, -1)

    def cell_text(self, r: int, c: int) -> tuple[str, str]:
        """The top token's label and its probability in percent, as drawn in cell (r, c)."""
        return (visible_token(self.labels[int(self.ids[r, c, 0])]), f"{100 * float(self.probs[r, c, 0]):.0f}%")

    def cell_color(self, r: int, c: int) -> QColor:
        """The cell's fill: its top probability through the heatmap colormap."""
        return self._fills[r][c]

    def row_name(self, r: int) -> str:
        return self.panel.row_name(r)

    def describe(self, r: int, c: int) -> str:
        """Tooltip: the top-k of one cell and the rank of the final prediction there."""
        lines = [self.tr("{row}, after «{tok}»:").format(row=self.row_name(r), tok=visible_token(self.tokens[c]))]
        for i, p in zip(self.ids[r, c], self.probs[r, c]):
            lines.append(f"  {visible_token(self.labels[int(i)]):<10} {numbers.fmt(100 * float(p), 1):>5}%")
        lines.append(self.tr("final prediction ranks #{n} here").format(n=int(self.rank[r, c]) + 1))
        return "\n".join(lines)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), palette.color("base"))
        rows, cols = self.shape
        if not rows or not cols:
            return
        head_font = palette.font(palette.current().font_pt, bold=True)
        tok_font = palette.font(palette.current().font_pt * 1.3, bold=True, mono=True)
        prob_font = palette.font(palette.current().font_pt * 0.95)
        p.setFont(head_font)
        for c in range(cols):
            box = QRectF(ROW_HEAD_W + c * CELL_W, 0, CELL_W, HEAD_H)
            p.setPen(palette.color("selection") if c == self.selected_col else palette.color("text"))
            text = p.fontMetrics().elidedText(visible_token(self.tokens[c]), Qt.ElideRight, CELL_W - 8)
            p.drawText(box, Qt.AlignCenter, text)
        metrics = QFontMetrics(tok_font)
        exposed = event.rect()  # only the cells in view: a long text has many off-screen columns
        c0 = max(0, (exposed.left() - ROW_HEAD_W) // CELL_W)
        c1 = min(cols, (exposed.right() - ROW_HEAD_W) // CELL_W + 1)
        for font, top, bottom, which in ((tok_font, 3, -CELL_H * 0.42, 0), (prob_font, CELL_H * 0.55, -2, 1)):
            p.setFont(font)
            for r in range(rows):
                for c in range(c0, c1):
                    rect = self.cell_rect(r, c)
                    if which == 0:
                        p.fillRect(rect.adjusted(1, 1, -1, -1), self._fills[r][c])
                    p.setPen(self._inks[r][c])
                    text = self._texts[r][c][which]
                    if which == 0:  # long tokens (<|endoftext|>) are cut with an ellipsis
                        text = metrics.elidedText(text, Qt.ElideRight, CELL_W - 8)
                    p.drawText(rect.adjusted(2, top, -2, bottom), Qt.AlignCenter, text)
        p.setBrush(Qt.NoBrush)
        p.setPen(QPen(palette.color("selection"), 3))
        if 0 <= self.selected_col < cols:
            p.drawRect(QRectF(ROW_HEAD_W + self.selected_col * CELL_W, 1, CELL_W, HEAD_H + rows * CELL_H - 1))
        if 0 <= self.selected_row < rows:
            p.drawRect(QRectF(ROW_HEAD_W, HEAD_H + self.selected_row * CELL_H, cols * CELL_W, CELL_H))
        # the layer names stay at the visible left edge while the grid scrolls sideways
        left = float(-self.x()) if self.parentWidget() is not None else 0.0
        p.fillRect(QRectF(left, 0, ROW_HEAD_W, self.height()), palette.color("base"))
        p.setFont(head_font)
        for r in range(rows):
            box = QRectF(left + 4, HEAD_H + r * CELL_H, ROW_HEAD_W - 10, CELL_H)
            p.setPen(palette.color("selection") if r == self.selected_row else palette.color("text"))
            p.drawText(box, Qt.AlignRight | Qt.AlignVCenter, self.row_name(r))

    def event(self, event) -> bool:
        if event.type() == QEvent.ToolTip:
            r, c = self.cell_at(QPointF(event.pos()))
            if r >= 0:
                QToolTip.showText(event.globalPos(), self.describe(r, c), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        r, c = self.cell_at(event.position())
        if r >= 0:
            self.panel.cell_clicked(r, c)


class LensPanel(QWidget):
    """Logit lens: each layer's guess for the next token, and how the final guess climbs.

    Needs Traces computed with ``lens_k > 0``. The selected token's column and
    the selected layer's row are framed; clicking a cell selects both.
    """

    panel_id = "lens"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._rank_axes = (-1, -1)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.grid = LensGrid(self)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.grid)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.scroll.setFixedHeight(200)
        self.scroll.horizontalScrollBar().valueChanged.connect(lambda _v: self.grid.update())
        self.rank_title = QLabel()
        self.rank_title.setWordWrap(True)
        self.rank_plot = styled_plot(self.tr("after block"), self.tr("rank (1 = top)"))
        # ranks span 1 .. vocabulary size: drawn as log10(rank), rank 1 on top
        self.rank_plot.getPlotItem().invertY(True)
        self.rank_plot.getPlotItem().showGrid(x=True, y=True, alpha=0.2)
        self.rank_plot.setMinimumHeight(170)
        self.rank_line = pg.PlotDataItem(pen=pg.mkPen(palette.color("accent"), width=3), symbol="o",
                                         symbolSize=12, symbolBrush=palette.color("accent"), symbolPen=None)
        self.rank_marker = pg.ScatterPlotItem(size=24, brush=pg.mkBrush(None),
                                              pen=pg.mkPen(palette.color("selection"), width=4))
        self.rank_plot.addItem(self.rank_line)
        self.rank_plot.addItem(self.rank_marker)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.scroll)
        layout.addWidget(self.rank_title)
        layout.addWidget(self.rank_plot, 1)
        state.model_changed.connect(self._on_model_changed)
        self._stale_trace = False
        self.visibility = ScreenWatch(self, self._catch_up)
        state.trace_changed.connect(self._on_trace_changed)
        state.token_changed.connect(self._on_token_changed)
        state.layer_changed.connect(self._on_layer_changed)
        self._on_model_changed(state.model)
        self._on_trace_changed(state.trace)

    def title(self) -> str:
        return self.tr("Layers (logit lens)")

    def short_title(self) -> str:
        """The dock's tab: short enough that every tab fits beside its neighbours on a projector."""
        return self.tr("Layers")

    def row_name(self, r: int) -> str:
        return self.tr("embedding") if r == 0 else self.tr("after block {n}").format(n=r)

    # -- AppState -------------------------------------------------------------
    def _on_model_changed(self, loaded) -> None:
        self._labels: dict[int, str] = {}  # token labels of this model, filled as they are met
        if loaded is not None and not loaded.cfg.causal:
            self.intro.setText(self.tr("If the model stopped after each layer, which token would it put "
                                       "at each position? Brighter = more sure."))
        else:
            self.intro.setText(self.tr("If the model stopped after each layer, what would it predict as the "
                                       "next token? Brighter = more sure. Hover a cell for its top 5."))

    def _catch_up(self) -> None:
        if self._stale_trace:
            self._on_trace_changed(self.state.trace)

    def _on_trace_changed(self, trace: Trace | None) -> None:
        # inside a window but not on screen: the grid is filled when the panel is shown again
        self._stale_trace = self.visibility.defer()
        if self._stale_trace:
            return
        if trace is None or trace.lens_ids is None or not trace.n_tokens or self.state.model is None:
            empty = np.zeros((0, 0, 0))
            self.grid.set_lens(empty.astype(np.int64), empty, np.zeros((0, 0), np.int64), (), {})
            self.rank_line.setData([], [])
            self.rank_marker.setData([], [])
            self.rank_title.setText(self.tr("Type some text to see each layer's guess."))
            return
        tok, labels = self.state.model.tokenizer, self._labels
        for i in np.unique(trace.lens_ids).tolist():
            if i not in labels:
                labels[i] = tok.token_label(i)
        self.grid.set_lens(trace.lens_ids, trace.lens_probs, trace.lens_rank, trace.tokens, labels)
        bar_h = self.scroll.horizontalScrollBar().sizeHint().height()
        self.scroll.setFixedHeight(min(self.grid.sizeHint().height() + bar_h + 6, 480))
        self._sync_selection()
        if self.state.token < 0:  # typing: keep the newest tokens in view
            bar = self.scroll.horizontalScrollBar()
            bar.setValue(bar.maximum())

    def _on_token_changed(self, _index: int) -> None:
        self._sync_selection()
        col = self.state.token
        if col >= 0:
            self.scroll.ensureVisible(int(self.grid.cell_rect(0, col).center().x()), 0, ROW_HEAD_W + CELL_W, 0)

    def _on_layer_changed(self, _layer: int) -> None:
        self._sync_selection()

    def cell_clicked(self, row: int, col: int) -> None:
        self.state.select_token(col)
        if row >= 1:
            self.state.select_layer(row - 1)

    # -- drawing --------------------------------------------------------------
    def _sync_selection(self) -> None:
        rows, _ = self.grid.shape
        self.grid.set_selection(self.state.layer + 1 if rows else -1, self.state.token)
        self._draw_rank()

    def rank_curve(self) -> np.ndarray:
        """Rank (0 = top) of the final prediction at each stream point, for the selected position."""
        pos = self.state.selected_position()
        if self.grid.rank.size == 0 or pos < 0:
            return np.zeros(0, np.int64)
        return self.grid.rank[:, pos]

    def _draw_rank(self) -> None:
        ranks = self.rank_curve()
        if ranks.size == 0:
            return
        pos = self.state.selected_position()
        final_id = int(self.grid.ids[-1, pos, 0])
        x = np.arange(len(ranks))
        y = np.log10(ranks + 1.0)
        self.rank_line.setData(x, y)
        layer_row = self.state.layer + 1
        self.rank_marker.setData([layer_row], [y[layer_row]])
        top = max(1, int(np.ceil(y.max())))
        if (top, len(ranks)) != self._rank_axes:  # re-laying out axes is the slow part of a redraw
            self._rank_axes = (top, len(ranks))
            item = self.rank_plot.getPlotItem()
            item.setRange(xRange=(-0.3, len(ranks) - 0.7), yRange=(0, top), padding=0.05)
            item.getAxis("left").setTicks([[(e, QLocale().toString(10 ** e)) for e in range(top + 1)]])
            item.getAxis("bottom").setTicks([[(0, self.tr("emb."))] + [(i, str(i)) for i in x[1:]]])
        self.rank_title.setText(self.tr("How the final prediction «{tok}» (after «{ctx}») climbs through the "
                                        "layers: its rank at each layer, 1 = top choice")
                                .format(tok=visible_token(self.grid.labels.get(final_id, "?")),
                                        ctx=visible_token(self.grid.tokens[pos])))
