"""Head detectors panel: which heads look at the previous token, at a repeat, or copy what came next last time.

Three scores per head (``core.analysis.attribution.head_scores``): how much
attention goes to the token just before (previous-token heads), to an
earlier copy of the same token (duplicate-token heads), and to the token
that followed the earlier copy (induction heads, which let a model continue
a pattern it has seen). Measured on the standard probe (random tokens
repeated once) or on the text as typed. A grid tints every head by the
chosen score; a click selects the head everywhere. For a model with a
training timeline, a plot follows each head's score from snapshot to
snapshot, so a class can watch induction heads appear.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from explainer.core.analysis.attribution import DETECTORS, HeadScores, head_scores, probe_scores, timeline_scores
from explainer.core.checkpoints import load_model
from explainer.gui import numfmt
from explainer.gui.panels._plots import okabe_ito, styled_plot
from explainer.gui.panels._why import SlowJob, plain_label
from explainer.gui.panels.base import Panel
from explainer.core.checkpoints.timeline import find_run
from explainer.gui.state import AppState
from explainer.gui.widgets.flow import FlowLayout
from explainer.gui.widgets.heatmap import HeatmapWidget

PROBE_LENGTH = 24  # random tokens in the probe, repeated once
WEAK = 0.2  # a best score below this: no head of the model does the task clearly
TOP_LINES = 6  # heads drawn as lines in the timeline plot: the highest scores at the end of training


class HeadsPanel(Panel):
    """The L × H grid of one detector's scores, on the probe or the text, and their course over training.

    ``scores`` is the HeadScores the grid shows; ``timeline`` (steps, list of
    HeadScores) once computed.
    """

    panel_id = "heads"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.scores: HeadScores | None = None
        self._probe: HeadScores | None = None
        self.timeline: tuple[list[int], list[HeadScores]] | None = None
        self._run_for, self._run = None, []  # the model whose training run _run holds
        self._timeline_drawn = None  # (timeline, detector) drawn in the plot
        self._drawn = None  # (scores, detector, model marker) drawn in the grid
        self._model_shown = object()
        self.intro = plain_label(self.tr(
            "Some heads do one recognisable job. A previous-token head looks at the token just before; a "
            "duplicate-token head at an earlier copy of the same token; an induction head at the token that "
            "came after that earlier copy, so the model can continue a pattern it has seen before."))
        self.detector = QComboBox()
        for name, text in zip(DETECTORS, (self.tr("Previous token"), self.tr("Duplicate token"),
                                          self.tr("Induction"))):
            self.detector.addItem(text, name)
        self.detector.setCurrentIndex(2)
        self.source = QComboBox()
        self.source.addItem(self.tr("Repeated random tokens (standard probe)"), "probe")
        self.source.addItem(self.tr("The text as typed"), "text")
        for combo in (self.detector, self.source):
            combo.currentIndexChanged.connect(lambda _i: self.redraw())
        self.controls = QWidget()
        controls = FlowLayout(self.controls, spacing=16)  # wraps in a narrow dock instead of scrolling
        for label, combo in ((self.tr("Score:"), self.detector), (self.tr("Measured on:"), self.source)):
            pair = QWidget()  # a label stays with its box when the row wraps
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(QLabel(label))
            row.addWidget(combo)
            controls.addWidget(pair)
        self.summary = plain_label()
        self.grid = HeatmapWidget()
        self.grid.annotate = lambda v: numfmt.pct(v, 0)  # a dark map still says how little (3 %), not only that it is dark
        self.grid.colorbar_format = self.grid.annotate  # the bar in the cells' unit
        self.grid.cell_clicked.connect(self._on_cell_clicked)
        self.grid.cell_hovered.connect(self._on_hover)
        self.hover = QLabel(" ")
        self.timeline_button = QPushButton(self.tr("Follow the scores through training"))
        self.timeline_button.clicked.connect(self.start_timeline)
        self.job = SlowJob(self, "timeline")
        self.plot = styled_plot(self.tr("training step"), self.tr("score"))
        self.plot.addLegend(offset=(10, 10))
        self.timeline_note = plain_label()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.grid, 1)
        left_layout.addWidget(self.hover)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.timeline_button)
        right_layout.addWidget(self.job)
        right_layout.addWidget(self.timeline_note)
        right_layout.addWidget(self.plot, 1)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.controls)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.refresh()

    def title(self) -> str:
        return self.tr("Head detectors")

    def short_title(self) -> str:
        return self.tr("Heads")

    def invalidate(self) -> None:
        self.state.jobs.forget(self, "probe")
        self.job.forget()
        self._probe, self.timeline, self.scores = None, None, None
        self._timeline_drawn = self._drawn = None
        self._model_shown = object()  # a new model: the next scores are drawn even if equal

    # -- scores -----------------------------------------------------------------
    def _snapshots(self) -> list:
        """The open model's training run, looked up once per model (it reads a folder of checkpoints)."""
        loaded = self.state.model
        if loaded is None:
            return []
        if self._run_for is not loaded:
            self._run_for, self._run = loaded, find_run(loaded.path)
        return self._run

    def redraw(self) -> None:
        loaded, trace = self.state.model, self.state.trace
        runs = bool(self._snapshots())
        self.timeline_button.setVisible(runs)
        if not runs:
            self.timeline_note.setText(self.tr("This model has no training timeline; open one with snapshots "
                                               "(such as the shipped model) to follow the scores through training."))
        if loaded is None:
            return
        if not loaded.cfg.causal:
            self.summary.setText(self.tr("These detectors look for heads that read earlier tokens; this model "
                                         "reads both ways."))
        if self.source.currentData() == "text":
            if trace is None or trace.n_tokens < 2:
                self.summary.setText(self.tr("Type some text (a repeated phrase shows induction heads best)."))
                return
            self._show(head_scores(trace.attn, trace.token_ids))
        elif self._probe is None:
            self.state.jobs.submit(self, "probe", probe_scores, loaded.model, PROBE_LENGTH, 0,
                                   getattr(loaded.tokenizer, "bos_id", None),
                                   done=self._accept_probe, failed=self.summary.setText)
        else:
            self._show(self._probe)
        self._show_timeline()

    def _accept_probe(self, scores: HeadScores) -> None:
        self._probe = scores
        if self.source.currentData() == "probe":
            self._show(scores)

    def _show(self, scores: HeadScores) -> None:
        name = self.detector.currentData()
        if (id(scores), name, self._model_shown) == getattr(self, "_drawn", None):
            return  # the probe's scores again on a key: nothing to repaint
        self._drawn = (id(scores), name, self._model_shown)
        self.scores = scores
        values = scores.get(name)
        L, H = values.shape
        self.grid.set_matrix(np.nan_to_num(values, nan=0.0), [self.tr("L{n}").format(n=l + 1) for l in range(L)],
                             [self.tr("H{n}").format(n=h + 1) for h in range(H)], vmin=0.0, vmax=1.0)
        if np.isnan(values).all():
            self.summary.setText(self.tr("The text repeats no token, so there is nothing to measure this score "
                                         "on: repeat a phrase, or use the probe."))
            return
        l, h = np.unravel_index(int(np.nanargmax(values)), values.shape)
        text = self.tr("{score} — strongest: layer {l}, head {h}, with {s} of its attention where this kind of head "
                       "looks ({n} tokens).").format(score=self.detector.currentText(), l=l + 1, h=h + 1,
                                                      s=numfmt.pct(float(values[l, h])), n=scores.n_tokens)
        if float(values[l, h]) < WEAK:  # an all-dark map looks broken: say what it means
            text += " " + self.tr("No head of this model does this clearly (the map stays dark): a head that does "
                                  "puts most of its attention there.")
        self.summary.setText(text)

    # -- training timeline ----------------------------------------------------
    def start_timeline(self) -> None:
        loaded = self.state.model
        snaps = self._snapshots()
        if not snaps:
            return
        bos = getattr(loaded.tokenizer, "bos_id", None)
        self.job.start(timeline_scores, snaps, load_model, PROBE_LENGTH, 0, bos,
                       done=self._accept_timeline, failed=self.timeline_note.setText)

    def _accept_timeline(self, result) -> None:
        self.timeline = result
        self._show_timeline()

    def _show_timeline(self) -> None:
        drawn = (id(self.timeline), self.detector.currentData())
        if drawn == self._timeline_drawn:
            return  # a key changes nothing in the plot
        self._timeline_drawn = drawn
        item = self.plot.getPlotItem()
        item.clear()
        self.plot.setVisible(self.timeline is not None)
        if self.timeline is None:
            return
        steps, per_snapshot = self.timeline
        name = self.detector.currentData()
        series = np.stack([s.get(name) for s in per_snapshot])  # (S, L, H)
        final = np.nan_to_num(series[-1], nan=-1.0)
        order = np.argsort(-final, axis=None)[:TOP_LINES]
        for i, flat in enumerate(order):
            l, h = np.unravel_index(int(flat), final.shape)
            item.plot(steps, series[:, l, h], pen=pg.mkPen(okabe_ito(i), width=3), symbol="o", symbolSize=7,
                      symbolBrush=okabe_ito(i), name=self.tr("L{l} H{h}").format(l=l + 1, h=h + 1))
        item.setYRange(0, 1, padding=0.05)
        self.timeline_note.setText(self.tr("The {n} heads with the highest score at the end of training, at each of "
                                           "{s} snapshots.").format(n=len(order), s=len(steps)))

    # -- clicks ----------------------------------------------------------------
    def _on_cell_clicked(self, row: int, col: int) -> None:
        self.state.select_layer(row)
        self.state.select_head(col)

    def _on_hover(self, row: int, col: int, value: float) -> None:
        self.hover.setText(" " if row < 0 else self.tr("layer {l}, head {h}: {s}").format(
            l=row + 1, h=col + 1, s=numfmt.pct(value)))

    def export_table(self):
        if self.scores is None:
            return None
        rows = [[l + 1, h + 1] + [float(self.scores.get(n)[l, h]) for n in DETECTORS]
                for l in range(self.scores.previous.shape[0]) for h in range(self.scores.previous.shape[1])]
        return ["layer", "head"] + list(DETECTORS), rows
