"""Contributions panel: how much each head, each MLP and the embeddings push the chosen word's score.

Direct logit attribution (``core.analysis.attribution.contributions``): the
stream after the last block is a sum of parts, and with the final norm's
scale frozen the word's score (logit) is a sum of one number per part. The
chart has a row per layer and a column per head, then the attention's bias
(where the model has one) and the MLP; the list
beside it names the largest pushes, and a click selects that head or layer
in every panel. "Lead over the runner-up" splits the difference between the
chosen word's score and the next best one's instead.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout,
                               QWidget)

from explainer.core.analysis.attribution import Contributions, contributions
from explainer.gui import numfmt
from explainer.gui.panels._why import Explained, TargetPicker, candidates, explained_position, plain_label
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState
from explainer.gui.widgets.adaptive_split import AdaptiveSplitter
from explainer.gui.widgets.flow import FlowLayout
from explainer.gui.widgets.heatmap import HeatmapWidget
from explainer.gui.widgets.steady_label import SteadyLabel
from explainer.gui.widgets.token_chips import visible_token

TOP = 12  # contributors listed
WIDE = 800  # pixels from which the list of largest pushes stands beside the chart rather than under it


class ContributionsPanel(Panel):
    """A layer × (heads, MLP) chart of pushes on the chosen word's score, and the top contributors.

    ``result`` is the Contributions shown (None before a Trace), ``explained``
    what it explains; ``chart_values()`` the chart's (L, H + 1) numbers.
    """

    panel_id = "contributions"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.result: Contributions | None = None
        self.explained: Explained | None = None
        self._token = ""  # the token after which the explained word comes, in the text it was computed for
        self.intro = plain_label(self.tr(
            "How much each attention head and each MLP pushed the chosen word's score up (yellow) or down "
            "(blue). With the final norm's scale frozen, the parts add up exactly to the score."))
        self.picker = TargetPicker()
        self.picker.changed.connect(self.redraw)
        self.lead = QCheckBox(self.tr("Lead over the runner-up"))
        self.lead.setToolTip(self.tr("Split the difference between the chosen word's score and the next best "
                                     "word's score instead of the score itself"))
        self.lead.toggled.connect(lambda _on: self._show())
        self.controls = QWidget()
        controls = FlowLayout(self.controls, spacing=16)  # wraps in a narrow dock instead of scrolling
        controls.addWidget(self.picker)
        controls.addWidget(self.lead)
        self.summary = SteadyLabel(keep=True)  # new on every key: repainted, not re-laid out
        self.chart = HeatmapWidget()
        self.chart.annotate = lambda v: numfmt.fmt(v, 1, sign=True)  # each part's push, readable where cells allow
        self.chart.cell_widen = 2.0  # a low, wide dock (a lesson step): wider cells, room for their numbers
        self.chart.signed = True
        self.chart.min_cell = 26  # a small model's few parts stay readable in a short dock (which scrolls)
        self.chart.cell_aspect = 1.6  # parts, not a square matrix: a tall dock's chart fills it, no blank band
        self.chart.cell_clicked.connect(self._on_cell_clicked)
        self.chart.cell_hovered.connect(self._on_hover)
        self.hover = QLabel(" ")
        self.top_list = QListWidget()
        self.top_list.itemClicked.connect(self._on_item_clicked)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.chart, 1)
        left_layout.addWidget(self.hover)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Largest pushes (click to select):")))
        right_layout.addWidget(self.top_list, 1)
        # side by side where there is room; in a narrow dock the list goes under the chart
        self.split = split = AdaptiveSplitter(WIDE - 20, shares=(0.6, 0.6))
        self.top_list.setMinimumHeight(80)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        self.foldable_intro = self.intro
        layout.addWidget(self.controls)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        state.token_changed.connect(lambda _t: self.refresh())
        self.refresh()

    def title(self) -> str:
        return self.tr("Contributions (why this word?)")

    def invalidate(self) -> None:
        self.state.jobs.forget(self, "contributions")
        self.result = self.explained = None
        self._token = ""

    def short_title(self) -> str:
        return self.tr("Why")

    # -- drawing --------------------------------------------------------------
    def redraw(self) -> None:
        trace, loaded = self.state.trace, self.state.model
        if trace is None or loaded is None or trace.n_tokens == 0:
            self.summary.setText(self.tr("Type some text to see which parts of the model chose the next word."))
            self._clear()
            return
        position = explained_position(self.state, trace)
        self.picker.set_candidates(candidates(trace, position, loaded.tokenizer))
        explained = self.picker.explained(trace, position)
        self.chart.empty_text = self.tr("working it out…")  # until the first answer (not "no tokens yet")
        if self.chart.values().size == 0:
            self.chart.update()  # a chart already drawn keeps it until the answer: no repaint in between
        # off the GUI thread: a big model's weights are read and multiplied for every part
        self.state.jobs.submit(self, "contributions", contributions, loaded.model, trace, position,
                               explained.target, explained.runner_up,
                               done=lambda result: self._accept(result, explained, trace), failed=self._failed)

    def _accept(self, result: Contributions, explained: Explained, trace) -> None:
        shown = self.state.trace
        if shown is None or shown.attn is not trace.attn:
            return  # another text arrived while the panel was hidden: it is explained once the panel is seen
        self.result, self.explained = result, explained
        self._token = trace.tokens[explained.position]
        self._show()

    def _failed(self, message: str) -> None:
        self.summary.setText(message)
        self._clear()

    def _clear(self) -> None:
        self.chart.empty_text = None
        self.chart.set_matrix(np.zeros((0, 0)))
        self.chart.update()
        self.top_list.clear()

    def has_bias_column(self) -> bool:
        """Whether the chart has a column for each layer's attention bias (a model whose attention output has a
        bias, as GPT-2's has): without it a row's cells did not add up to the attention the summary names."""
        r = self.result
        return r is not None and bool(np.any(r.attn_bias != 0) or np.any(r.attn_bias_diff != 0))

    def chart_values(self) -> np.ndarray:
        """(L, H + 1), or (L, H + 2) with ``has_bias_column``: each head's push, the layer's attention bias, then
        its MLP. The cells and the summary's embeddings and final norm add up to the score."""
        r, diff = self.result, self.lead.isChecked()
        heads, bias, mlp = (r.heads_diff, r.attn_bias_diff, r.mlp_diff) if diff else (r.heads, r.attn_bias, r.mlp)
        parts = [heads] + ([bias[:, None]] if self.has_bias_column() else []) + [mlp[:, None]]
        return np.concatenate(parts, axis=1)

    def _show(self) -> None:
        r, e = self.result, self.explained
        if r is None or e is None:
            return
        diff = self.lead.isChecked()
        values = self.chart_values()
        bound = float(np.abs(values).max()) or 1.0
        L, H = r.heads.shape
        columns = [self.tr("H{n}").format(n=h + 1) for h in range(H)]
        columns += [self.tr("bias")] * self.has_bias_column() + [self.tr("MLP")]
        self.chart.set_matrix(values, [self.tr("L{n}").format(n=l + 1) for l in range(L)], columns,
                              vmin=-bound, vmax=bound)
        token = self._token  # of the text this result explains
        if diff:
            text = self.tr("After “{t}” the model prefers “{a}” over “{b}” by {d} (score {sa} against {sb}). "
                           "The parts below split that lead.")
        else:
            # every part, so that a class adding them up gets the score (the list below leaves small ones out)
            text = self.tr("After “{t}” the score of “{a}” is {sa} ({p} likely) = embeddings {emb}, attention {att}, "
                           "MLPs {mlp}, final norm and output bias {bias}. The final norm divided the stream by {n}.")
        self.summary.setText(text.format(
            t=visible_token(token), a=e.target_text, b=e.runner_up_text, d=numfmt.fmt(r.logit - r.runner_up_logit, 2),
            sa=numfmt.fmt(r.logit, 2), sb=numfmt.fmt(r.runner_up_logit, 2), p=numfmt.pct(e.probability),
            emb=numfmt.fmt(r.embed + r.positions, 2, sign=True),
            att=numfmt.fmt(float(r.heads.sum() + r.attn_bias.sum()), 2, sign=True),
            mlp=numfmt.fmt(float(r.mlp.sum()), 2, sign=True), bias=numfmt.fmt(r.bias, 2, sign=True),
            n=numfmt.fmt(1 / r.norm_scale, 2)))
        self.top_list.clear()
        for kind, layer, head, value in r.top(TOP, diff=diff):
            item = QListWidgetItem(f"{self.part_name(kind, layer, head)}   {numfmt.fmt(value, 2, sign=True)}")
            item.setData(Qt.UserRole, (kind, layer, head))
            self.top_list.addItem(item)

    def part_name(self, kind: str, layer: int, head: int) -> str:
        names = {"head": self.tr("layer {l}, head {h}"), "mlp": self.tr("layer {l}, MLP"),
                 "attn_bias": self.tr("layer {l}, attention bias"), "embed": self.tr("token embedding"),
                 "positions": self.tr("position vectors"), "bias": self.tr("final norm and output bias")}
        return names[kind].format(l=layer + 1, h=head + 1)

    # -- clicks -----------------------------------------------------------------
    def _on_cell_clicked(self, row: int, col: int) -> None:
        if self.result is None:
            return
        self.state.select_layer(row)
        if col < self.result.heads.shape[1]:
            self.state.select_head(col)

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        kind, layer, head = item.data(Qt.UserRole)
        if layer >= 0:
            self.state.select_layer(layer)
        if head >= 0:
            self.state.select_head(head)

    def _on_hover(self, row: int, col: int, value: float) -> None:
        if row < 0 or self.result is None:
            self.hover.setText(" ")
            return
        H = self.result.heads.shape[1]
        kind = "head" if col < H else "attn_bias" if col == H and self.has_bias_column() else "mlp"
        self.hover.setText(f"{self.part_name(kind, row, col)}: {numfmt.fmt(value, 3, sign=True)}")

    def export_table(self):
        r = self.result
        if r is None:
            return None
        diff = self.lead.isChecked()
        rows = [[self.part_name(k, l, h), k, l + 1 if l >= 0 else "", h + 1 if h >= 0 else "", v]
                for k, l, h, v in r.top(10 ** 6, diff=diff)]
        return ["part", "kind", "layer", "head", "lead" if diff else "logit"], rows
