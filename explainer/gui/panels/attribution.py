"""Input attribution panel: which of the typed tokens made the chosen next word likely.

Two methods (``core.analysis.attribution.input_attribution``): input ×
gradient (one backward pass: how the score would change if a token's
embedding were scaled a little) and integrated gradients (the gradient
averaged on a straight path from a baseline input to the real one, so the
token scores add up to the score's change along it). Each token chip is
tinted by its score and shows it; the line under them says how well the
scores add up. For small models the panel follows the text by itself, a
moment after the last key; for big ones a button starts it, with progress.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from explainer.core.analysis.attribution import InputAttribution, default_baseline, input_attribution
from explainer.gui import numfmt, palette
from explainer.gui.panels._plots import signed_lut
from explainer.gui.panels._why import (Explained, SlowJob, TargetPicker, candidates,
                                       explained_position, is_small, plain_label)
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState
from explainer.gui.widgets.flow import FlowLayout
from explainer.gui.widgets.steady_label import SteadyLabel
from explainer.gui.widgets.token_chips import Chip, TokenChipsWidget, visible_token

METHODS = ("integrated", "gradient")


def pad_token(tokenizer) -> int | None:
    """The padding token's id, else end- or begin-of-text: the baseline a RoPE model needs."""
    for name in ("pad_id", "eos_id", "bos_id"):
        value = getattr(tokenizer, name, None)
        if isinstance(value, int) and value >= 0:
            return value
    return 0


class AttributionPanel(Panel):
    """Token chips tinted by how much each input token raised (or lowered) the chosen word's score.

    ``result`` is the InputAttribution shown; ``chips.chips()`` the chips drawn.
    """

    panel_id = "attribution"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.result: InputAttribution | None = None
        self.explained: Explained | None = None
        self.intro = plain_label(self.tr(
            "Which typed tokens made this prediction likely? Each is tinted by how much it raised (yellow) or "
            "lowered (blue) the chosen word's score."))
        self.picker = TargetPicker()
        self.picker.changed.connect(lambda: self.job.follow(is_small(self.state.model)))
        self.method = QComboBox()
        self.method.addItem(self.tr("Integrated gradients"), "integrated")
        self.method.addItem(self.tr("Input × gradient (fast)"), "gradient")
        self.steps = QSpinBox()
        self.steps.setRange(4, 256)
        self.steps.setValue(32)
        self.baseline = QComboBox()
        self.baseline.addItem(self.tr("Suited to this model"), "auto")
        self.baseline.addItem(self.tr("Zero vector"), "zero")
        self.baseline.addItem(self.tr("Padding token"), "pad")
        for w in (self.method, self.baseline):
            w.currentIndexChanged.connect(lambda _i: self.job.follow(is_small(self.state.model)))
        self.steps.valueChanged.connect(lambda _v: self.job.follow(is_small(self.state.model)))
        self.run_button = QPushButton(self.tr("Compute"))
        self.run_button.clicked.connect(self.start)
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(self.run_button)
        self.settings_box = QWidget()
        flow = FlowLayout(self.settings_box, spacing=16)  # wraps in a narrow dock instead of scrolling
        for label, widget in ((self.tr("Method:"), self.method), (self.tr("Steps:"), self.steps),
                              (self.tr("Baseline:"), self.baseline)):
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(QLabel(label))
            row.addWidget(widget)
            flow.addWidget(pair)
        self.job = SlowJob(self, "attribution", wanted=self._wanted, begin=self.start)
        self.chips = TokenChipsWidget()
        self.chips.chip_clicked.connect(self.state.select_token)
        self.summary = SteadyLabel(keep=True)  # new on every key: repainted, not re-laid out
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        self.foldable_intro = self.intro
        layout.addLayout(top)
        layout.addWidget(self.settings_box)
        layout.addWidget(self.job)
        layout.addWidget(self.chips)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        state.token_changed.connect(lambda _t: self.refresh())
        self.refresh()

    def title(self) -> str:
        return self.tr("Input attribution")

    def short_title(self) -> str:
        return self.tr("Attribution")

    def invalidate(self) -> None:
        self.job.forget()
        self.result = None

    # -- what to compute --------------------------------------------------------
    def settings(self) -> tuple[str, int, str]:
        """(method, steps, baseline) as chosen; "auto" resolved for the open model."""
        baseline = self.baseline.currentData()
        if baseline == "auto" and self.state.model is not None:
            baseline = default_baseline(self.state.model.model)
        return self.method.currentData(), self.steps.value(), baseline

    def redraw(self) -> None:
        trace, loaded = self.state.trace, self.state.model
        self.steps.setEnabled(self.method.currentData() == "integrated")
        if trace is None or loaded is None or trace.n_tokens == 0:
            self.chips.set_chips([])
            self.summary.setText(self.tr("Type some text to see which tokens made the prediction likely."))
            return
        position = explained_position(self.state, trace)
        self.picker.set_candidates(candidates(trace, position, loaded.tokenizer))
        self.explained = self.picker.explained(trace, position)
        self._show()
        self.job.follow(is_small(loaded))  # small models: the scores follow the text by themselves
        if self.job.shown_key != self._wanted():
            self._say_waiting()  # (started, or about to: not "Press Compute")

    def _wanted(self):
        trace, e = self.state.trace, self.explained
        if trace is None or e is None:
            return None
        return (id(self.state.model), id(self.state.interventions), tuple(trace.token_ids.tolist()), e.position,
                e.target) + self.settings()

    def start(self) -> None:
        trace, loaded, e = self.state.trace, self.state.model, self.explained
        if trace is None or loaded is None or e is None or trace.n_tokens == 0:
            return
        method, steps, baseline = self.settings()
        self.job.start(self._compute, loaded.model, trace.token_ids.tolist(), e.position, e.target, method, steps,
                       baseline, pad_token(loaded.tokenizer), self.state.interventions or None, done=self._accept,
                       failed=self._failed)

    @staticmethod
    def _compute(model, ids, position, target, method, steps, baseline, pad_id, interventions, progress, cancelled):
        # with the parts switched off, as every other panel shows the model
        return input_attribution(model, ids, position, target, method=method, steps=steps, baseline=baseline,
                                 pad_id=pad_id, progress=progress, cancelled=cancelled, interventions=interventions)

    def _accept(self, result: InputAttribution) -> None:
        self.result = result
        self._show()

    def _failed(self, message: str) -> None:
        if message.startswith("Stopped"):
            self._say_waiting()
        else:
            self.summary.setText(message)

    def _say_waiting(self) -> None:
        """No scores on screen for what is asked: say that they are on their way, or how to ask for them."""
        e = self.explained
        coming = self.job.running or self.job.delay.isActive()
        text = self.tr("Working out which tokens raised the score of “{a}”…") if coming else \
            self.tr("Press Compute to see which tokens raised the score of “{a}”.")
        self.summary.setText(text.format(a=e.target_text) if e is not None else "")

    # -- drawing --------------------------------------------------------------
    def _show(self) -> None:
        trace = self.state.trace
        if trace is None:
            return
        r = self.result if self.job.shown_key == self._wanted() else None
        scores = r.scores if r is not None and len(r.scores) == trace.n_tokens else None
        lut = signed_lut()
        finite = scores[np.isfinite(scores)] if scores is not None else np.zeros(0)
        bound = float(np.abs(finite).max()) if len(finite) else 1.0
        chips = []
        for i, (tok, tid) in enumerate(zip(trace.tokens, trace.token_ids.tolist())):
            if scores is None or not np.isfinite(scores[i]):  # (NaN: a model whose numbers overflowed)
                color = palette.color("base")
                tip = "" if scores is None else "–"
            else:
                rgb = lut[int(np.clip((scores[i] / (bound or 1.0) + 1) / 2 * 255, 0, 255))]
                color = QColor(int(rgb[0]), int(rgb[1]), int(rgb[2]))
                tip = numfmt.fmt(float(scores[i]), 2, sign=True)  # as the Why panel and the summary write them
            chips.append(Chip(label=tok, token_id=int(tid), color=color, tooltip=tip, note=tip))
        self.chips.set_chips(chips)
        e = self.explained
        if r is None or e is None:
            self._say_waiting()
            return
        if r.method == "integrated":
            # both ends named: "rose by 9.54" beside the Why panel's "score 8.86" read as two scores that disagree
            text = self.tr("Scores for “{a}” after token {p}: they add up to {s}; the score itself rose by {d}, from "
                           "{f0} with the baseline ({b}) to {f} with the text: {gap} apart, {n} steps.")
        else:
            text = self.tr("Scores for “{a}” after token {p}: input × gradient, the first-order estimate of what "
                           "each token adds; its score is {f}.")
        baseline = {"zero": self.tr("zero vectors"), "pad": self.tr("padding tokens")}[r.baseline]
        self.summary.setText(text.format(a=e.target_text, p=r.position + 1, s=numfmt.fmt(float(r.scores.sum()), 2),
                                         d=numfmt.fmt(r.f_input - r.f_baseline, 2), b=baseline,
                                         gap=numfmt.pct(r.gap), n=r.steps, f=numfmt.fmt(r.f_input, 2),
                                         f0=numfmt.fmt(r.f_baseline, 2)))

    def export_table(self):
        trace, r = self.state.trace, self.result
        if trace is None or r is None or len(r.scores) != trace.n_tokens:
            return None
        rows = [[i + 1, visible_token(t), float(s)] for i, (t, s) in enumerate(zip(trace.tokens, r.scores))]
        return ["position", "token", f"{r.method} score"], rows
