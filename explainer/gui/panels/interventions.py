"""Interventions panel: switch parts of the model off and see what the prediction loses.

A head, a layer's whole attention or a layer's MLP can be zero-ablated (its
output replaced by zeros) or mean-ablated (replaced by its average output over
reference text). Ablations come from the controls here or from any panel
through ``AppState.request_ablation``; the list and the Interventions built
from it live in ``core.analysis.interventions.AblationSet``, and are applied
through ``AppState.set_ablations``, so every panel recomputes with them. The
table compares the next-token prediction with and without them; the
unablated run and the mean activations are jobs in ``state.jobs``.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from explainer.core.analysis.compare import kl_divergence_bits
from explainer.core.analysis.interventions import Ablation, AblationSet, reference_means
from explainer.core.trace import Trace, prediction_position, run, softmax, top_ids
from explainer.core.transformer import Interventions
from explainer.gui import numfmt, palette
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState
from explainer.gui.widgets.token_chips import visible_token

SHOWN = 8  # candidates from each side of the comparison


def change_rows(before: np.ndarray, after: np.ndarray, n: int = SHOWN) -> list[tuple[int, float, float]]:
    """(token id, p before, p after) for the top ``n`` of either side, the biggest change first.

    Sorted by the size of the change (up or down), because that is the question
    the panel answers: what did switching this part off take away or add?
    """
    ids = list(dict.fromkeys(top_ids(before, n).tolist() + top_ids(after, n).tolist()))
    return sorted(((i, float(before[i]), float(after[i])) for i in ids), key=lambda r: (-abs(r[2] - r[1]), -r[2]))


class InterventionsPanel(Panel):
    """Active ablations, controls to add one, a Reset, and the prediction before → after.

    ``add_ablation`` and ``remove_ablation`` edit ``wanted`` (an AblationSet)
    and apply it to ``AppState.ablations``; a mean-ablation first waits for
    the model's averages over ``reference_texts()``, computed in a job.
    ``rows()`` returns what the comparison table shows, as numbers.
    """

    panel_id = "interventions"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.wanted = AblationSet(state.ablations)  # what the user asked for; AppState has what is applied
        self._waiting = False  # ``wanted`` waits for the averages its mean-ablations need
        self._averaging = None  # the model whose averages are being computed
        self._baseline: Trace | None = None  # the unablated run of the shown text, for the current model
        self._pending = None  # the text whose unablated run is being computed
        self._rows: list[tuple[int, float, float]] = []

        intro = QLabel(self.tr("Switch off part of the model and see what the prediction loses. "
                               "Zero: its output becomes 0. Mean: its output becomes its average over "
                               "ordinary text, so only what it adds for this text is removed."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        self.kind = QComboBox()
        for label, kind in ((self.tr("one head"), "head"), (self.tr("a layer's attention"), "attn"),
                            (self.tr("a layer's MLP"), "mlp")):
            self.kind.addItem(label, kind)
        self.kind.currentIndexChanged.connect(lambda _i: self.head_spin.setEnabled(self.kind.currentData() == "head"))
        self.layer_spin, self.head_spin = QSpinBox(minimum=1), QSpinBox(minimum=1)
        self.mode = QComboBox()
        self.mode.addItem(self.tr("zero"), "zero")
        self.mode.addItem(self.tr("mean"), "mean")
        self.add_button = QPushButton(self.tr("Switch off"))
        self.add_button.clicked.connect(self._on_add_clicked)
        # two rows: what to switch off, then where and how; one row did not fit a 1366-pixel projector
        add_row = QVBoxLayout()
        what, where = QHBoxLayout(), QHBoxLayout()
        for w in (QLabel(self.tr("Switch off")), self.kind):
            what.addWidget(w)
        what.addStretch(1)
        for w in (QLabel(self.tr("Layer")), self.layer_spin, QLabel(self.tr("Head")), self.head_spin,
                  QLabel(self.tr("Mode")), self.mode, self.add_button):
            where.addWidget(w)
        where.addStretch(1)
        add_row.addLayout(what)
        add_row.addLayout(where)

        self.list = QListWidget()
        self.list.setMaximumHeight(130)
        self.remove_button = QPushButton(self.tr("Switch back on"))
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.reset_button = QPushButton(self.tr("Reset: everything on"))
        self.reset_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Next token"), self.tr("Before"), self.tr("After"),
                                              self.tr("Change (% points)")])  # After minus Before
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Stretch)  # the numbers' columns as wide as their headers at least
        for column in (1, 2, 3):  # (in a narrow dock "Verschil (%-punten)" was cut to "/erschil (%-punten")
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(intro)
        layout.addLayout(add_row)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)

        state.ablation_requested.connect(self.add_ablation)
        state.ablations_changed.connect(self._on_ablations_changed)
        if state.model is not None:
            self._follow_model()
        self._fill_list()
        self.refresh()

    def title(self) -> str:
        return self.tr("Switch parts off")

    def short_title(self) -> str:
        return self.tr("Switch off")

    # -- the list of ablations ----------------------------------------------
    def _on_add_clicked(self) -> None:
        kind = self.kind.currentData()
        head = self.head_spin.value() - 1 if kind == "head" else -1
        self.add_ablation(Ablation(kind, self.layer_spin.value() - 1, head, self.mode.currentData()))

    def add_ablation(self, ablation: Ablation) -> None:
        """Switch ``ablation`` on (replacing one of the same part); mean mode waits for the averages."""
        loaded = self.state.model
        if loaded is None:
            return
        if not ablation.fits(loaded.cfg.n_layer, loaded.cfg.n_head):
            self.status.setText(self.tr("This model has no {part}.").format(part=self.label(ablation)))
            return
        self.wanted.add(ablation)
        self._apply()

    def remove_ablation(self, ablation: Ablation) -> None:
        self.wanted.remove(ablation)
        self._apply()

    def reset(self) -> None:
        """Switch every part back on."""
        self.wanted.clear()
        self._waiting = False
        if self.state.ablations or self.state.interventions:
            self.state.set_ablations([], Interventions())
        self.status.setText("")

    def _apply(self) -> None:
        """Apply ``wanted`` to AppState, or start the averages it waits for."""
        loaded = self.state.model
        if self.wanted.needs_means(loaded.model):
            self._waiting = True
            self.status.setText(self.tr("Averaging every part's output over reference text…"))
            if self._averaging is not loaded.model:
                self._averaging = loaded.model
                self.state.jobs.submit(self, "means", reference_means, loaded.model, loaded.tokenizer,
                                       done=partial(self._on_means, loaded.model), failed=self._on_means_failed)
            return
        self._waiting = False
        self.status.setText("")
        self.state.set_ablations(self.wanted.ablations, self.wanted.interventions(loaded.model))

    def _on_means(self, model, means) -> None:
        self._averaging = None
        self.wanted.set_means(model, means)
        if self._waiting:
            self._apply()

    def _on_means_failed(self, message: str) -> None:
        self._averaging = None
        self._waiting = False
        self.wanted.replace(self.state.ablations)  # what waited for the averages is not switched off
        self.status.setText(self.tr("The averages could not be computed: {m}").format(m=message))

    def _on_ablations_changed(self) -> None:
        if self.wanted.ablations != self.state.ablations:  # set elsewhere (a menu, a lesson): follow it
            self.wanted.replace(self.state.ablations)
            if self._waiting:
                self._waiting = False
                self.status.setText("")
        self._fill_list()
        self.refresh()

    def _on_remove_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(Qt.UserRole) is not None:
            self.remove_ablation(item.data(Qt.UserRole))

    def label(self, ab: Ablation) -> str:
        where = self.tr("layer {l}").format(l=ab.layer + 1)
        if ab.kind == "head":
            part = self.tr("head {h} of {w}").format(h=ab.head + 1, w=where)
        elif ab.kind == "attn":
            part = self.tr("all attention of {w}").format(w=where)
        else:
            part = self.tr("the MLP of {w}").format(w=where)
        return part

    def _fill_list(self) -> None:
        self.list.clear()
        for ab in self.state.ablations:
            mode = self.tr("zero") if ab.mode == "zero" else self.tr("mean")
            item = QListWidgetItem(f"✕  {self.label(ab)} ({mode})")
            item.setData(Qt.UserRole, ab)
            self.list.addItem(item)
        if not self.state.ablations:
            item = QListWidgetItem(self.tr("Nothing is switched off: the model runs as trained."))
            item.setFlags(Qt.NoItemFlags)
            self.list.addItem(item)
        has = bool(self.state.ablations)
        self.remove_button.setEnabled(has)
        self.reset_button.setEnabled(has)

    # -- model and trace ------------------------------------------------------
    def invalidate(self) -> None:
        """A new model: forget the old one's unablated run and averages, and carry over what fits."""
        for tag in ("baseline", "means"):
            self.state.jobs.forget(self, tag)
        self._baseline = self._pending = self._averaging = None
        self._follow_model()

    def _follow_model(self) -> None:
        """Spin boxes to the model's size; keep what is switched off when this model has those parts."""
        cfg = self.state.model.cfg
        for spin, n in ((self.layer_spin, cfg.n_layer), (self.head_spin, cfg.n_head)):
            spin.setMaximum(n)
        if not self.wanted.ablations:
            return
        if self.wanted.fits(cfg.n_layer, cfg.n_head):
            self._apply()  # a checkpoint of the same run: keep what is switched off
        else:
            self.reset()

    def redraw(self) -> None:
        """Ask for the unablated run of the shown text when it is missing, and draw before → after."""
        trace, loaded = self.state.trace, self.state.model
        if trace is not None and loaded is not None and self.state.ablations and trace.n_tokens:
            fresh = self._baseline is not None and self._baseline.text == trace.text
            if not fresh and self._pending != trace.text:
                self._pending = trace.text
                self.state.jobs.submit(self, "baseline", self._run_plain, loaded, trace.text,
                                       done=self._on_baseline, failed=self._on_baseline_failed)
        self._draw_comparison()

    @staticmethod
    def _run_plain(loaded, text: str) -> Trace:
        return run(loaded.model, loaded.tokenizer, text, logits="predictions")

    def _on_baseline(self, trace: Trace) -> None:
        self._baseline, self._pending = trace, None
        self.refresh()

    def _on_baseline_failed(self, message: str) -> None:
        self._pending = None
        self.status.setText(self.tr("The run without ablations failed: {m}").format(m=message))

    # -- before → after ----------------------------------------------------------
    def rows(self) -> list[tuple[int, float, float]]:
        """(token id, probability without the ablations, probability with them) as drawn."""
        return list(self._rows)

    def _draw_comparison(self) -> None:
        trace, loaded, b = self.state.trace, self.state.model, self._baseline
        ready = (trace is not None and loaded is not None and b is not None and self.state.ablations
                 and b.text == trace.text and trace.n_tokens)
        self._rows = []
        if not ready:
            self.table.setRowCount(0)
            self.heading.setText(self.tr("Switch something off to compare the prediction before and after.")
                                 if not self.state.ablations else self.tr("Running the model without ablations…"))
            return
        pos = prediction_position(trace, loaded.tokenizer)
        before, after = softmax(b.logits_at(pos)), softmax(trace.logits_at(pos))
        self._rows = change_rows(before, after)
        kl = kl_divergence_bits(before, after)
        where = self.tr("next token") if trace.causal and pos == trace.n_tokens - 1 else \
            self.tr("token {i}").format(i=pos + 1)
        self.heading.setText(numfmt.fill(self.tr("Prediction for the {w}: before → after (the change is {kl:.2f} "
                                                   "bits of KL divergence)"), w=where, kl=kl))
        self.table.setRowCount(len(self._rows))
        up, down = palette.color("good"), palette.color("error")
        for r, (tid, p0, p1) in enumerate(self._rows):
            delta = (p1 - p0) * 100
            cells = [visible_token(loaded.tokenizer.token_label(tid)), numfmt.pct(p0), numfmt.pct(p1),
                     f"{'▲' if delta > 0.05 else '▼' if delta < -0.05 else '='} {numfmt.fmt(delta, 1, sign=True)}"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignCenter if c else Qt.AlignLeft | Qt.AlignVCenter)
                if c == 3 and abs(delta) > 0.05:
                    item.setForeground(up if delta > 0 else down)
                self.table.setItem(r, c, item)
