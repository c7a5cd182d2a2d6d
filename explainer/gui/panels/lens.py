"""Layers panel (logit lens): what the model would predict if it stopped after each layer.

Every layer's residual stream goes through the model's own final norm and
output layer (computed by the worker into ``Trace.lens_*``). The grid shows,
per layer and position, the top token and its probability, coloured by that
probability; hovering shows the top five. Below, the rank at each layer of the
token the full model finally predicts.

With tied input and output embeddings the row before block 1 is left out (see
``shows_embedding_row``). The grid scrolls inside itself, its layer names and
token row pinned, so the panel fits a projector's dock.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from explainer.core.trace import Trace
from explainer.gui import numfmt, palette
from explainer.gui.panels._visibility import ScreenWatch
from explainer.gui.panels._plots import styled_plot, text_color_on
from explainer.gui.state import AppState
from explainer.gui.widgets.token_chips import visible_token

CELL_W, CELL_H, ROW_HEAD_W, HEAD_H = 100, 60, 150, 44
MIN_GRID_ROWS = 1  # the grid may shrink to its token row and one layer; it scrolls for the rest
RANK_PLOT_MIN_H = 96


def shows_embedding_row(model) -> bool:
    """Whether the lens row before block 1 (the embeddings themselves) says anything.

    With tied embeddings the output layer is the input table read backwards, so
    there every token predicts itself at up to 100 %: an artefact of the tying
    that pupils read as a finding. The row is then left out rather than greyed:
    in a grid coloured by certainty it would still be the brightest, first-seen
    row, and on a projector's dock every row of height counts; one sentence
    above the grid says why it is missing. Tied means one tensor for both, or
    equal values (a loader that copied the table), checked on a sample of rows.
    """
    w_in, w_out = model.wte.weight, model.lm_head.weight
    if w_out is w_in or w_out.data_ptr() == w_in.data_ptr():
        return False
    if w_out.shape != w_in.shape:
        return True
    step = max(1, w_in.shape[0] // 256)  # (<= 256 rows, D): microseconds, once per model
    return not w_out.detach()[::step].float().equal(w_in.detach()[::step].float())


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
        if pos.x() < -self.x() + ROW_HEAD_W or pos.y() < -self.y() + HEAD_H:  # over the pinned names
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
            lines.append(f"  {visible_token(self.labels[int(i)]):<10} {numfmt.fmt(100 * float(p), 1):>5}%")
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
        metrics = QFontMetrics(tok_font)
        exposed = event.rect()  # only the cells in view: a long text has many off-screen columns
        c0 = max(0, (exposed.left() - ROW_HEAD_W) // CELL_W)
        c1 = min(cols, (exposed.right() - ROW_HEAD_W) // CELL_W + 1)
        r0 = max(0, (exposed.top() - HEAD_H) // CELL_H)
        r1 = min(rows, (exposed.bottom() - HEAD_H) // CELL_H + 1)
        for font, top, bottom, which in ((tok_font, 3, -CELL_H * 0.42, 0), (prob_font, CELL_H * 0.55, -2, 1)):
            p.setFont(font)
            for r in range(r0, r1):
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
        if 0 <= self.selected_row < rows:
            p.drawRect(QRectF(ROW_HEAD_W, HEAD_H + self.selected_row * CELL_H, cols * CELL_W, CELL_H))
        # the token row and the layer names stay at the visible edges while the grid scrolls
        inside = self.parentWidget() is not None
        left, top = (float(-self.x()), float(-self.y())) if inside else (0.0, 0.0)
        p.fillRect(QRectF(0, top, self.width(), HEAD_H), palette.color("base"))
        p.setFont(head_font)
        for c in range(c0, c1):
            box = QRectF(ROW_HEAD_W + c * CELL_W, top, CELL_W, HEAD_H)
            p.setPen(palette.color("selection") if c == self.selected_col else palette.color("text"))
            text = p.fontMetrics().elidedText(visible_token(self.tokens[c]), Qt.ElideRight, CELL_W - 8)
            p.drawText(box, Qt.AlignCenter, text)
        if 0 <= self.selected_col < cols:
            p.setPen(QPen(palette.color("selection"), 3))
            p.drawRect(QRectF(ROW_HEAD_W + self.selected_col * CELL_W, top + 1, CELL_W,
                              HEAD_H + rows * CELL_H - top - 1))
        p.fillRect(QRectF(left, 0, ROW_HEAD_W, self.height()), palette.color("base"))
        p.setClipRect(QRectF(left, top + HEAD_H, ROW_HEAD_W, self.height()))
        for r in range(r0, r1):
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


class _GridScroll(QScrollArea):
    """The grid's scroll area: it asks for the whole grid's height, and may shrink to the token row and one layer."""

    def _extra(self) -> int:
        return self.horizontalScrollBar().sizeHint().height() + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), self.widget().sizeHint().height() + self._extra())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), HEAD_H + MIN_GRID_ROWS * CELL_H + self._extra())


class LensPanel(QWidget):
    """Logit lens: each layer's guess for the next token, and how the final guess climbs.

    Needs Traces computed with ``lens_k > 0``. The selected token's column and
    the selected layer's row are framed; clicking a cell selects both. Grid row
    ``r`` is stream point ``r + first_point``: ``first_point`` is 1 when the
    embedding row is left out (tied embeddings, see ``shows_embedding_row``).
    """

    panel_id = "lens"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._rank_axes = (-1, -1, -1)
        self.first_point = 0
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.grid = LensGrid(self)
        self.scroll = _GridScroll()
        self.scroll.setWidget(self.grid)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        # the pinned names are painted at the visible edges: a scroll must repaint, not shift pixels
        self.scroll.horizontalScrollBar().valueChanged.connect(lambda _v: self.grid.update())
        self.scroll.verticalScrollBar().valueChanged.connect(lambda _v: self.grid.update())
        self.scroll.verticalScrollBar().setSingleStep(CELL_H // 3)  # a wheel notch (3 steps) moves one layer
        self.rank_title = QLabel()
        self.rank_title.setWordWrap(True)
        # "rank", not "rank (1 = top)": the title above says so, and a short plot cuts a long label
        self.rank_plot = styled_plot(self.tr("after block"), self.tr("rank"))
        # ranks span 1 .. vocabulary size: drawn as log10(rank), rank 1 on top
        self.rank_plot.getPlotItem().invertY(True)
        self.rank_plot.getPlotItem().showGrid(x=True, y=True, alpha=0.2)
        self.rank_plot.setMinimumHeight(RANK_PLOT_MIN_H)
        self.rank_line = pg.PlotDataItem(pen=pg.mkPen(palette.color("accent"), width=3), symbol="o",
                                         symbolSize=12, symbolBrush=palette.color("accent"), symbolPen=None)
        self.rank_marker = pg.ScatterPlotItem(size=24, brush=pg.mkBrush(None),
                                              pen=pg.mkPen(palette.color("selection"), width=4))
        self.rank_plot.addItem(self.rank_line)
        self.rank_plot.addItem(self.rank_marker)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.scroll, 3)  # the grid first; never taller than the whole grid (set_lens)
        layout.addWidget(self.rank_title)
        layout.addWidget(self.rank_plot, 2)
        state.model_changed.connect(self._on_model_changed)
        self._stale_trace = False
        self.visibility = ScreenWatch(self, self._catch_up)
        state.trace_changed.connect(self._on_trace_changed)
        state.lens_changed.connect(self._on_trace_changed)  # the lens of the shown Trace arrived
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
        point = r + self.first_point
        return self.tr("embedding") if point == 0 else self.tr("after block {n}").format(n=point)

    # -- AppState -------------------------------------------------------------
    def _on_model_changed(self, loaded) -> None:
        self._labels: dict[int, str] = {}  # token labels of this model, filled as they are met
        self.first_point = 0 if loaded is None or shows_embedding_row(loaded.model) else 1
        if loaded is not None and not loaded.cfg.causal:
            text = self.tr("If the model stopped after each layer, which token would it put "
                           "at each position? Brighter = more sure.")
        else:
            text = self.tr("If the model stopped after each layer, what would it predict as the "
                           "next token? Brighter = more sure. Hover a cell for its top 5.")
        if self.first_point:
            text += " " + self.tr("No row for the embeddings: this model reads and writes tokens with one "
                                  "and the same table, so there every token would just predict itself.")
        self.intro.setText(text)

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
            self._fit_scroll()
            return
        f = self.first_point
        ids = trace.lens_ids[f:]  # (rows, T, k): the stream points shown
        tok, labels = self.state.model.tokenizer, self._labels
        for i in np.unique(ids).tolist():
            if i not in labels:
                labels[i] = tok.token_label(i)
        self.grid.set_lens(ids, trace.lens_probs[f:], trace.lens_rank[f:], trace.tokens, labels)
        self._fit_scroll()
        self._sync_selection()
        if self.state.token < 0:  # typing: keep the newest tokens in view
            bar = self.scroll.horizontalScrollBar()
            bar.setValue(bar.maximum())

    def _fit_scroll(self) -> None:
        """The grid's box is never taller than the whole grid; below that the layout shares the height."""
        tallest = max(self.scroll.sizeHint().height(), self.scroll.minimumSizeHint().height())
        if tallest != self.scroll.maximumHeight():
            self.scroll.setMaximumHeight(tallest)
            self.layout().activate()  # now, not at the next event loop: a click may come before it

    def _on_token_changed(self, _index: int) -> None:
        self._sync_selection()
        col = self.state.token
        if col >= 0:
            x = int(self.grid.cell_rect(0, col).center().x())
            self.scroll.ensureVisible(x, self.scroll.verticalScrollBar().value(), ROW_HEAD_W + CELL_W, 0)

    def _on_layer_changed(self, _layer: int) -> None:
        self._sync_selection()
        self._show_row(self.grid.selected_row)

    def _show_row(self, row: int) -> None:
        """Scroll the grid vertically so that ``row`` is in view below the pinned token row."""
        if not 0 <= row < self.grid.shape[0]:
            return
        bar, height = self.scroll.verticalScrollBar(), self.scroll.viewport().height()
        top, bottom = row * CELL_H, HEAD_H + (row + 1) * CELL_H  # scroll values that put it at an edge
        if top < bar.value():
            bar.setValue(top)
        elif bottom > bar.value() + height:
            bar.setValue(bottom - height)

    def cell_clicked(self, row: int, col: int) -> None:
        self.state.select_token(col)
        point = row + self.first_point
        if point >= 1:
            self.state.select_layer(point - 1)

    # -- drawing --------------------------------------------------------------
    def _sync_selection(self) -> None:
        rows, _ = self.grid.shape
        self.grid.set_selection(self.state.layer + 1 - self.first_point if rows else -1, self.state.token)
        self._draw_rank()

    def rank_curve(self) -> np.ndarray:
        """Rank (0 = top) of the final prediction at each stream point in the grid, for the selected position."""
        pos = self.state.selected_position()
        if self.grid.rank.size == 0 or not 0 <= pos < self.grid.rank.shape[1]:
            return np.zeros(0, np.int64)  # nothing selected, or the grid still shows an older, shorter text
        return self.grid.rank[:, pos]

    def _draw_rank(self) -> None:
        ranks = self.rank_curve()
        if ranks.size == 0:
            return
        pos, f = self.state.selected_position(), self.first_point
        final_id = int(self.grid.ids[-1, pos, 0])
        x = np.arange(len(ranks)) + f  # stream points: 0 = embedding, l = after block l
        y = np.log10(ranks + 1.0)
        self.rank_line.setData(x, y)
        layer_point = self.state.layer + 1
        self.rank_marker.setData([layer_point], [y[layer_point - f]])
        top = max(1, int(np.ceil(y.max())))
        if (top, len(ranks), f) != self._rank_axes:  # re-laying out axes is the slow part of a redraw
            self._rank_axes = (top, len(ranks), f)
            item = self.rank_plot.getPlotItem()
            # room beyond the ends, so that a marker at rank 1 (the top edge) is drawn whole
            item.setRange(xRange=(f - 0.4, x[-1] + 0.4), yRange=(-0.12 * top, 1.04 * top), padding=0)
            item.getAxis("left").setTicks([[(e, QLocale().toString(10 ** e)) for e in range(top + 1)]])
            item.getAxis("bottom").setTicks([[(int(i), self.tr("emb.") if i == 0 else str(int(i))) for i in x]])
        self.rank_title.setText(self.tr("How the final prediction «{tok}» (after «{ctx}») climbs through the "
                                        "layers: its rank at each layer, 1 = top choice")
                                .format(tok=visible_token(self.grid.labels.get(final_id, "?")),
                                        ctx=visible_token(self.grid.tokens[pos])))
