"""Layers panel (logit lens): what the model would predict if it stopped after each layer.

Every layer's residual stream goes through the model's own final norm and
output layer (computed by the worker into ``Trace.lens_*``). The grid shows,
per layer and position, the top token and its probability, coloured by that
probability; hovering shows the top five. Below, the rank at each layer of the
token the full model finally predicts.

With tied input and output embeddings the row before block 1 is left out (see
``shows_embedding_row``). The grid (``lens_grid.py``) scrolls inside itself,
its layer names and token row pinned, so the panel fits a projector's dock.
The lens of a Trace arrives after the Trace itself (``on_lens``).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from explainer.core.trace import Trace
from explainer.gui import palette
from explainer.gui.panels._plots import styled_plot
from explainer.gui.panels.base import Panel
from explainer.gui.panels.lens_grid import GridScroll, LensGrid
from explainer.gui.state import AppState
from explainer.gui.widgets.steady_label import SteadyLabel
from explainer.gui.widgets.token_chips import visible_token

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


class LensPanel(Panel):
    """Logit lens: each layer's guess for the next token, and how the final guess climbs.

    Needs Traces computed with ``lens_k > 0``. The selected token's column and
    the selected layer's row are framed; clicking a cell selects both. Grid row
    ``r`` is stream point ``r + first_point``: ``first_point`` is 1 when the
    embedding row is left out (tied embeddings, see ``shows_embedding_row``).
    """

    panel_id = "lens"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._rank_axes = (-1, -1, -1)
        self._cut = False  # _columns_cut() when the grid and plot were last arranged
        self.first_point = 0
        self._labels: dict[int, str] = {}  # token labels of this model, filled as they are met
        self._column_shown = -1  # the token whose column was last scrolled into view
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.grid = LensGrid(self)
        self.scroll = GridScroll()
        self.scroll.setWidget(self.grid)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        # the pinned names are painted at the visible edges: a scroll must repaint, not shift pixels
        self.scroll.horizontalScrollBar().valueChanged.connect(lambda _v: self.grid.update())
        self.scroll.verticalScrollBar().valueChanged.connect(lambda _v: self.grid.update())
        # the grid's new width reaches the scroll bar only once laid out (later, when it was off screen):
        # follow it there, or the newest tokens (whose prediction the other panels show) stay out of view
        self.scroll.horizontalScrollBar().rangeChanged.connect(self._keep_newest_in_view)
        self.rank_title = SteadyLabel(lines=2, keep=True)  # its token names change on every key: the plot stays put
        # "rank", not "rank (1 = top)": the title above says so, and a short plot cuts a long label
        self.rank_plot = styled_plot(self.tr("after block"), self.tr("rank"))
        # ranks span 1 .. vocabulary size: drawn as log10(rank), rank 1 on top
        self.rank_plot.getPlotItem().invertY(True)
        # no horizontal grid: an axis with grid lines ignores hideOverlappingLabels below, and "1" went missing
        self.rank_plot.getPlotItem().showGrid(x=True, y=False, alpha=0.2)
        self.rank_plot.setMinimumHeight(RANK_PLOT_MIN_H)
        # the plot takes the height the grid leaves: its own size hint (a plot's usual 480 px) made the layout
        # squeeze the grid to one layer's row even in a 700-px dock
        self.rank_plot.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Ignored)
        self.rank_line = pg.PlotDataItem(pen=pg.mkPen(palette.color("accent"), width=3), symbol="o",
                                         symbolSize=12, symbolBrush=palette.color("accent"), symbolPen=None)
        self.rank_marker = pg.ScatterPlotItem(size=24, brush=pg.mkBrush(None),
                                              pen=pg.mkPen(palette.color("selection"), width=4))
        self.rank_plot.addItem(self.rank_line)
        self.rank_plot.addItem(self.rank_marker)
        rank_box = QWidget()
        rank_layout = QVBoxLayout(rank_box)
        rank_layout.setContentsMargins(0, 0, 0, 0)
        rank_layout.addWidget(self.rank_title)
        rank_layout.addWidget(self.rank_plot, 1)
        # the rank plot goes under the grid, or beside it in a low dock (see _arrange)
        self.body = QBoxLayout(QBoxLayout.TopToBottom)
        self.body.addWidget(self.scroll, 3)  # the grid first; never taller than the whole grid (set_lens)
        self.body.addWidget(rank_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.body, 1)
        state.token_changed.connect(self._on_token_changed)
        state.layer_changed.connect(self._on_layer_changed)
        self.invalidate()
        self.refresh()

    def title(self) -> str:
        return self.tr("Layers (logit lens)")

    def short_title(self) -> str:
        return self.tr("Layers")

    def row_name(self, r: int) -> str:
        point = r + self.first_point
        return self.tr("embedding") if point == 0 else self.tr("after block {n}").format(n=point)

    # -- the panel protocol ---------------------------------------------------
    def invalidate(self) -> None:
        loaded = self.state.model
        self._labels = {}  # token labels of this model, filled as they are met
        self.first_point = 0 if loaded is None or shows_embedding_row(loaded.model) else 1
        self._grid_model = None  # the model whose lens the grid shows

    def on_lens(self, _trace: Trace) -> None:
        self.refresh_soon()  # the lens of the shown Trace arrived: now the grid can be filled

    def redraw(self) -> None:
        self._show_intro()
        trace = self.state.trace
        if trace is not None and trace.n_tokens and trace.lens_ids is None and self.grid.shape[0] \
                and self._grid_model is not None and self._grid_model is self.state.model:
            # this text's lens follows in a moment (on_lens): the last grid stays until then, instead of
            # an empty one in between that makes the grid and the plot below it jump on every key
            return
        loaded = self.state.model
        self.grid.rows_reserved = loaded.cfg.n_layer + 1 - self.first_point if loaded is not None else 0
        if trace is None or trace.lens_ids is None or not trace.n_tokens or loaded is None:
            empty = np.zeros((0, 0, 0))
            self.grid.set_lens(empty.astype(np.int64), empty, np.zeros((0, 0), np.int64), (), {})
            self.rank_line.setData([], [])
            self.rank_marker.setData([], [])
            self.rank_title.setText(self.tr("Type some text to see each layer's guess."))
            # the axes the first text will need, already: the first key does not re-lay them out
            self._set_rank_axes(self.grid.rows_reserved)
            self._fit_scroll()
            return
        f = self.first_point
        ids = trace.lens_ids[f:]  # (rows, T, k): the stream points shown
        tok, labels = self.state.model.tokenizer, self._labels
        for i in np.unique(ids).tolist():
            if i not in labels:
                labels[i] = tok.token_label(i)
        self.grid.set_lens(ids, trace.lens_probs[f:], trace.lens_rank[f:], trace.tokens, labels)
        self._grid_model = self.state.model
        self._fit_scroll()
        self._sync_selection()
        if self.state.token < 0:  # typing: keep the newest tokens in view
            bar = self.scroll.horizontalScrollBar()
            bar.setValue(bar.maximum())
            self._column_shown = -1
        elif self.state.token != self._column_shown:  # chosen while the panel was off screen
            self._show_column()

    def rank_beside(self) -> bool:
        """Whether the rank plot is beside the grid (a low dock) rather than under it."""
        return self.body.direction() == QBoxLayout.LeftToRight

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._arrange()
        super().resizeEvent(event)

    def _arrange(self) -> None:
        """In a dock too low for every layer's row above a readable rank plot (a 1366x768 screen), the plot goes
        beside the grid: the layers, which are what the panel is about, then all show. Asked again when the
        dock's size changes and when the grid's does (a model with other layers, a larger font)."""
        room = self.height() - self.intro.heightForWidth(max(1, self.width() - 20)) - 30
        above_plot = self.scroll.sizeHint().height() + self.rank_title.sizeHint().height()
        need = above_plot + 1.5 * RANK_PLOT_MIN_H
        beside = self.rank_beside()
        self._cut = self._columns_cut()
        # (neither depends on the arrangement): under shows more of the tokens, and the plot keeps its minimum
        under = self._cut and room >= above_plot + RANK_PLOT_MIN_H
        if self.width() >= 560 and not under and room < (need if not beside else 1.1 * need):  # (10 %: no flip-flop)
            self.body.setDirection(QBoxLayout.LeftToRight)
            self.body.setAlignment(self.scroll, Qt.AlignTop)  # level with the plot's title, not centred
            self.body.setStretch(0, 3)  # the width shared: the grid scrolls sideways in its part
            self.body.setStretch(1, 2)
        elif under or room >= (1.1 * need if beside else need) or self.width() < 560:
            self.body.setDirection(QBoxLayout.TopToBottom)
            self.body.setAlignment(self.scroll, Qt.Alignment())
            self.body.setStretch(0, 0)  # the whole grid where it fits (its size hint), the plot the rest
            self.body.setStretch(1, 1)

    def _columns_cut(self) -> bool:
        """Whether the grid beside the plot (three fifths of the width) would show fewer of its tokens whole than
        under it: then under wins while the plot keeps its minimum (lesson 12 at 1366x768: three of five tokens
        in a window; presenting, with larger cells, two of five where four fitted under it)."""
        cell_w, row_head_w = self.grid._whole_cells()
        cols = self.grid.shape[1]

        def whole(width: float) -> int:
            return min(cols, int(max(0.0, width - 30 - row_head_w - 4) // max(cell_w, 1)))

        return whole(0.6 * self.width()) < whole(self.width())

    def _keep_newest_in_view(self, _low: int, high: int) -> None:
        if self.state.token < 0 and self._column_shown == -1:  # following the text's end
            self.scroll.horizontalScrollBar().setValue(high)

    def _show_intro(self) -> None:
        loaded = self.state.model
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

    def _fit_scroll(self) -> None:
        """The grid's box is never taller than the whole grid; below that the layout shares the height."""
        self.scroll.verticalScrollBar().setSingleStep(self.grid.sizes()[1] // 3)  # a wheel notch: one layer
        tallest = max(self.scroll.sizeHint().height(), self.scroll.minimumSizeHint().height())
        if tallest != self.scroll.maximumHeight() or self._columns_cut() != self._cut:  # (a token more or less)
            self.scroll.setMaximumHeight(tallest)
            self._arrange()  # a grid of another height may want the rank plot beside it, or under it again
            self.layout().activate()  # now, not at the next event loop: a click may come before it

    def _on_token_changed(self, _index: int) -> None:
        if self.visibility.defer():  # the grid may still hold an older text: redrawn when shown
            return
        self._sync_selection()
        self._show_column()

    def _show_column(self) -> None:
        """Scroll the grid sideways so that the selected token's column is in view."""
        col = self._column_shown = self.state.token
        if col >= 0:
            x = int(self.grid.cell_rect(0, col).center().x())
            cell_w, _cell_h, row_head_w, _head_h = self.grid.sizes()
            self.scroll.ensureVisible(x, self.scroll.verticalScrollBar().value(), row_head_w + cell_w, 0)

    def _on_layer_changed(self, _layer: int) -> None:
        if self.visibility.defer():
            return
        self._sync_selection()
        self._show_row(self.grid.selected_row)

    def _show_row(self, row: int) -> None:
        """Scroll the grid vertically so that ``row`` is in view below the pinned token row."""
        if not 0 <= row < self.grid.shape[0]:
            return
        bar, height = self.scroll.verticalScrollBar(), self.scroll.viewport().height()
        _cell_w, cell_h, _row_head_w, head_h = self.grid.sizes()
        top, bottom = row * cell_h, head_h + (row + 1) * cell_h  # scroll values that put it at an edge
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

    def _set_rank_axes(self, points: int) -> None:
        """The rank plot's axes for ``points`` stream points, up to the last rank the vocabulary has (16,384 for
        the default model: an axis to the next power of ten gave a fifth of its height to ranks there are not)."""
        vocab = self.state.model.cfg.vocab_size if self.state.model is not None else 10
        top = max(1.0, float(np.log10(max(vocab, 2))))  # (a rank r is drawn at log10(r + 1): at most this)
        f = self.first_point
        if (top, points, f) != self._rank_axes and points > 0:
            self._rank_axes = (top, points, f)
            x = np.arange(points) + f
            item = self.rank_plot.getPlotItem()
            # room beyond the ends, so that a marker at rank 1 (the top edge) is drawn whole
            item.setRange(xRange=(f - 0.4, x[-1] + 0.4), yRange=(-0.12 * top, 1.04 * top), padding=0)
            # two levels: the odd powers of ten are written only where the plot is tall enough for them
            # (in a low dock all six ran into each other)
            decades = [(e, QLocale().toString(10 ** e)) for e in range(int(top + 1e-9) + 1)]
            item.getAxis("left").setTicks([decades[::2], decades[1::2]])
            item.getAxis("bottom").setTicks([[(int(i), self.tr("emb.") if i == 0 else str(int(i))) for i in x]])

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
        # the axis reaches the last rank the vocabulary has: it stays put while someone types (a scale
        # that jumps with every key is hard to read, and re-laying out the axes was the slow part of a
        # redraw: 10-30 ms on the keys where the worst rank crossed a power of ten)
        self._set_rank_axes(len(ranks))
        self.rank_title.setText(self.tr("How the final prediction “{tok}” (after “{ctx}”) climbs through the "
                                        "layers: its rank at each layer, 1 = top choice")
                                .format(tok=visible_token(self.grid.labels.get(final_id, "?")),
                                        ctx=visible_token(self.grid.tokens[pos])))
