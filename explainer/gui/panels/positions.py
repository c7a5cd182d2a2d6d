"""Positions panel: what the model adds so it knows where each token stands.

For a learned or sinusoidal table: the position vectors as a heatmap
(position × dimension) with the typed sentence's places marked, and how
similar every position is to every other. For RoPE: the angle each dimension
pair has turned at each position, and how the selected token's attention
score to the key it attends most would change if the two stood further apart.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from explainer.core.analysis.positions import (ScoreCurve, cosine_matrix, position_table, rope_pair_angles,
                                               rope_scaling, rope_score_curve)
from explainer.gui import numfmt, palette
from explainer.gui.panels._plots import signed_lut, styled_plot
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState
from explainer.gui.widgets.steady_label import SteadyLabel
from explainer.gui.widgets.token_chips import visible_token

MAX_POSITIONS = 128  # positions drawn; fixed per model so the picture never rescales while typing
PAD = 0.02  # the margin round each picture, as a share of its size
# places are counted from 1, as every panel counts tokens ("token 10" is row 10): row p spans p ± 0.5
ORIGIN = 0.5


def _image_item(lut: np.ndarray) -> pg.ImageItem:
    item = pg.ImageItem(axisOrder="row-major")
    item.setLookupTable(lut)
    return item


def place_ticks(P: int) -> list:
    """The position axes' ticks for ``P`` places: 1 first (places are counted from 1; a "0" stood there), then
    round steps, some seven in all."""
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if s >= P / 7), 10000)
    return [[(float(v), numfmt.count(v)) for v in sorted({1, *range(step, P + 1, step)})]]


class PositionsPanel(Panel):
    """Position vectors and their similarity, or RoPE's angles and score-versus-distance.

    ``table`` (P, D) and ``similarity`` (P, P) hold what the heatmaps show for
    table models; ``angles`` (P, pairs) and ``curve`` (a ScoreCurve) for RoPE.
    The typed sentence's places are framed; the selected token's place is a line.
    """

    panel_id = "positions"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.kind = "none"
        self.table: np.ndarray | None = None
        self.similarity: np.ndarray | None = None
        self.angles: np.ndarray | None = None
        self.curve: ScoreCurve | None = None
        self.curve_pair: tuple[int, int] = (-1, -1)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setFont(palette.font(palette.current().font_pt * 1.05))
        # the right title names the current tokens (RoPE models): room for its lines keeps the plots still
        self.left_title, self.right_title = SteadyLabel(lines=2), SteadyLabel(lines=2)
        for label in (self.left_title, self.right_title):
            label.setProperty("role", "heading")
        self.left_plot = styled_plot()
        self.right_plot = styled_plot()
        self.left_image = _image_item(signed_lut())
        self.right_image = _image_item(signed_lut())
        self.left_plot.addItem(self.left_image)
        self.right_plot.addItem(self.right_image)
        sel_pen = pg.mkPen(palette.color("selection"), width=3)
        typed_pen = pg.mkPen(palette.color("text"), width=2, style=Qt.DashLine)
        self.typed_box_left = pg.PlotDataItem(pen=typed_pen)
        self.typed_box_right = pg.PlotDataItem(pen=typed_pen)
        self.sel_line_left = pg.InfiniteLine(angle=0, pen=sel_pen)
        self.sel_row_right = pg.InfiniteLine(angle=0, pen=sel_pen)
        self.sel_col_right = pg.InfiniteLine(angle=90, pen=sel_pen)
        inside = (PAD / (1 + 2 * PAD), (1 + PAD) / (1 + 2 * PAD))  # the picture's share of a view padded by PAD
        for line in (self.sel_line_left, self.sel_row_right, self.sel_col_right):
            line.setSpan(*inside)  # the cursor ends at the picture's edge, not out in the margin round it
        for plot, items in ((self.left_plot, (self.typed_box_left, self.sel_line_left)),
                            (self.right_plot, (self.typed_box_right, self.sel_row_right, self.sel_col_right))):
            for item in items:
                plot.addItem(item)
        self.curve_item = pg.PlotDataItem(pen=pg.mkPen(palette.color("accent"), width=3))
        self.curve_marker = pg.ScatterPlotItem(size=18, brush=palette.color("selection"), pen=None)
        self.right_plot.addItem(self.curve_item)
        self.right_plot.addItem(self.curve_marker)
        split = QSplitter(Qt.Horizontal)
        for title, plot in ((self.left_title, self.left_plot), (self.right_title, self.right_plot)):
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            bl.addWidget(title)
            bl.addWidget(plot, 1)
            split.addWidget(box)
        self.split = split
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(split, 1)
        self._model_shown = False  # the tables and titles are those of state.model
        self._marks: tuple | None = None  # what the marks show now
        state.token_changed.connect(lambda _i: self.refresh())
        state.layer_changed.connect(lambda _l: self.refresh())
        state.head_changed.connect(lambda _h: self.refresh())
        self.refresh()

    def title(self) -> str:
        return self.tr("Positions")

    # -- AppState -------------------------------------------------------------
    def invalidate(self) -> None:
        self.table = self.similarity = self.angles = self.curve = None
        self._marks = None
        self._model_shown = False  # the tables are rebuilt when the panel is next drawn

    def redraw(self) -> None:
        """The model's tables when they are not drawn yet, then the sentence's marks (and RoPE's curve)."""
        if not self._model_shown:
            # A new model re-titles, re-ranges and refills both plots; pyqtgraph would repaint the window
            # after each of those steps settles, five times in one turn of the event loop (45 ms on a model
            # switch with every panel floating). Painted once instead, in the next turn.
            self.split.setUpdatesEnabled(False)
            self._show_model()
            QTimer.singleShot(0, self, self._paint_new_model)
        lut = signed_lut()
        for image in (self.left_image, self.right_image):
            if image.lut is not lut:  # another theme: its own map for values around zero
                image.setLookupTable(lut)
        self._update_marks()
        if self.kind == "rope":
            self._update_curve()

    def _show_model(self) -> None:
        loaded = self.state.model
        self._model_shown = True
        self.kind = loaded.cfg.positions if loaded is not None else "none"
        if loaded is None:
            self.intro.setText(self.tr("No model loaded."))
            self.split.hide()
            return
        cfg = loaded.cfg
        P = min(cfg.max_seq_len, MAX_POSITIONS)
        self.split.show()
        if self.kind in ("learned", "sinusoidal"):
            self.table = position_table(loaded.model, P)
            self.similarity = cosine_matrix(self.table)
            how = self.tr("learned in training") if self.kind == "learned" else \
                self.tr("fixed sine and cosine waves, the same for every model")
            self.intro.setText(self.tr("The model has no sense of order by itself. Before block 1 it adds "
                                       "a position vector to each token: {how}. Dashed: the places your "
                                       "text uses.").format(how=how))
            self._show_table()
        elif self.kind == "rope":
            self.angles = rope_pair_angles(cfg, P)
            self.intro.setText(self.tr("This model adds no position vector. Instead it turns each query "
                                       "and key (in pairs of numbers) by an angle that grows with the "
                                       "position (RoPE), so attention feels how far apart two tokens are.")
                               + self._rope_scaling_text(cfg))
            self._show_rope()
        else:
            self.intro.setText(self.tr("This model gets no position information: it sees the text as a bag "
                                       "of tokens."))
            self.split.hide()
            return
        if cfg.max_seq_len > P:  # the plots stop before the model's last place: say so
            self.intro.setText(self.intro.text() + " " + self.tr("The plots show its first {p} of {n} places.")
                               .format(p=numfmt.count(P), n=numfmt.count(cfg.max_seq_len)))

    def _paint_new_model(self) -> None:
        for plot in (self.left_plot, self.right_plot):  # what pyqtgraph would work out in the first paint
            plot.scene().prepareForPaint()  # (its views' transforms): the items change once, before painting
        self.split.setUpdatesEnabled(True)  # repaints the plots, laid out for the new model by now

    def _rope_scaling_text(self, cfg) -> str:
        """What this model's RoPE does beyond the plain formula: scaled frequencies, a second base."""
        sc, text = rope_scaling(cfg), ""
        if sc.kind and sc.slowest > 1.0001:
            text += " " + self.tr("It was trained for long texts: its RoPE is scaled ({kind}), so {n} of its "
                                  "{p} pairs turn more slowly than plain RoPE, the slowest {f}× slower. The "
                                  "picture shows the scaled angles.").format(
                kind=sc.kind, n=numfmt.count(sc.pairs - sc.kept), p=numfmt.count(sc.pairs),
                f=numfmt.fmt(sc.slowest, 1))
        if sc.local_theta is not None:
            text += " " + self.tr("Its {n} sliding-window layers turn by their own base ({local}) instead of "
                                  "{theta}; the curve follows the selected layer.").format(
                n=numfmt.count(sc.n_local_layers), local=numfmt.count(round(sc.local_theta)),
                theta=numfmt.count(round(sc.theta)))
        return text

    # -- drawing --------------------------------------------------------------
    def _setup_image_plot(self, plot: pg.PlotWidget, x_label: str, y_label: str) -> None:
        item = plot.getPlotItem()
        item.invertY(True)  # place 1 at the top, like reading
        style = {"color": palette.color("text").name(),
                 "font-size": f"{palette.current().font_pt * palette.font_scale():.0f}pt"}
        item.setLabel("bottom", x_label, **style)
        item.setLabel("left", y_label, **style)

    def _show_table(self) -> None:
        P, D = self.table.shape
        # most entries are small: a robust bound keeps the pattern visible despite a few outliers
        bound = float(np.percentile(np.abs(self.table), 99)) or 1.0
        self.left_image.setImage(self.table, levels=(-bound, bound))
        self.left_image.setRect(QRectF(0, ORIGIN, D, P))
        self.right_image.setImage(self.similarity, levels=(-1.0, 1.0))
        self.right_image.setRect(QRectF(ORIGIN, ORIGIN, P, P))
        self.right_image.show()
        self.curve_item.setData([], [])
        self.curve_marker.setData([], [])
        self._setup_image_plot(self.left_plot, self.tr("dimension (one of the numbers)"), self.tr("position"))
        self._setup_image_plot(self.right_plot, self.tr("position"), self.tr("position"))
        self.left_title.setText(self.tr("Position vectors: one row per place, {d} numbers each "
                                        "(blue negative, yellow positive)").format(d=D))
        self.right_title.setText(self.tr("How alike two positions are (cosine): yellow = alike"))
        places = (ORIGIN, ORIGIN + P)
        self.left_plot.getPlotItem().setRange(xRange=(0, D), yRange=places, padding=PAD)
        self.right_plot.getPlotItem().setRange(xRange=places, yRange=places, padding=PAD)
        for plot, sides in ((self.left_plot, ("left",)), (self.right_plot, ("left", "bottom"))):
            for side in sides:
                plot.getPlotItem().getAxis(side).setTicks(place_ticks(P))

    def _show_rope(self) -> None:
        P, pairs = self.angles.shape
        self.left_image.setImage(np.cos(self.angles), levels=(-1.0, 1.0))
        self.left_image.setRect(QRectF(0, ORIGIN, pairs, P))
        self.right_image.hide()
        self._setup_image_plot(self.left_plot, self.tr("dimension pair (fast → slow)"), self.tr("position"))
        self.left_plot.getPlotItem().setRange(xRange=(0, pairs), yRange=(ORIGIN, ORIGIN + P), padding=PAD)
        self.left_plot.getPlotItem().getAxis("left").setTicks(place_ticks(P))
        right = self.right_plot.getPlotItem()
        for side in ("left", "bottom"):
            right.getAxis(side).setTicks(None)  # the curve's own numbers, not places
        right.invertY(False)
        style = {"color": palette.color("text").name(),
                 "font-size": f"{palette.current().font_pt * palette.font_scale():.0f}pt"}
        right.setLabel("bottom", self.tr("distance between query and key (tokens)"), **style)
        right.setLabel("left", self.tr("attention score"), **style)
        turn = 2 * np.pi / max(float(self.angles[1, -1]), 1e-12) if P > 1 else 0.0
        self.left_title.setText(self.tr("How far each pair of numbers is turned at each place (cosine of the "
                                        "angle). The fastest pair turns 1 radian per token, the slowest "
                                        "once every {n} tokens.").format(n=numfmt.count(round(turn))))

    def _update_marks(self) -> None:
        trace = self.state.trace
        T = trace.n_tokens if trace is not None else 0
        pos = self.state.selected_position()
        have_table = self.table is not None
        marks = (T, pos, have_table, self.kind, id(self.table))
        if marks == self._marks:
            return  # a key that adds no token moves nothing: the two large images are not repainted
        self._marks = marks
        if T and have_table:
            D, P = self.table.shape[1], self.table.shape[0]
            a, t = ORIGIN, ORIGIN + min(T, P)
            self.typed_box_left.setData([0, D, D, 0, 0], [a, a, t, t, a])
            self.typed_box_right.setData([a, t, t, a, a], [a, a, t, t, a])
        else:
            self.typed_box_left.setData([], [])
            self.typed_box_right.setData([], [])
        visible = T > 0 and pos >= 0 and (have_table or self.kind == "rope")
        for line in (self.sel_line_left, self.sel_row_right, self.sel_col_right):
            line.setVisible(visible and (have_table or line is self.sel_line_left))
        if visible:
            for line in (self.sel_line_left, self.sel_row_right, self.sel_col_right):
                line.setValue(pos + 1)  # token pos + 1, as the other panels number it

    def _update_curve(self) -> None:
        trace, loaded = self.state.trace, self.state.model
        pos = self.state.selected_position()
        if trace is None or loaded is None or pos < 0 or trace.n_tokens == 0:
            self.curve, self.curve_pair = None, (-1, -1)
            self.curve_item.setData([], [])
            self.curve_marker.setData([], [])
            self.right_title.setText(self.tr("Type some text to see how distance changes an attention score."))
            return
        layer, head = self.state.layer, self.state.head
        key = int(np.argmax(trace.attn[layer, head, pos]))  # the key this query attends to most
        self.curve_pair = (pos, key)
        n = min(loaded.cfg.max_seq_len, max(MAX_POSITIONS, pos + 1))
        self.curve = rope_score_curve(loaded.cfg, trace.q[layer, head, pos], trace.k[layer, head, key],
                                      pos, key, max_distance=n, both_ways=not loaded.cfg.causal, layer=layer)
        self.curve_item.setData(self.curve.distances, self.curve.scores)
        self.curve_marker.setData([self.curve.actual], [self.curve.actual_score])
        self.right_title.setText(
            self.tr("Block {l}, head {h}: “{q}” looks most at “{k}”, {d} token(s) back. The same two tokens "
                    "further apart would score like this:")
            .format(l=layer + 1, h=head + 1, q=visible_token(trace.tokens[pos]),
                    k=visible_token(trace.tokens[key]), d=pos - key))
