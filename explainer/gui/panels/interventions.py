"""Interventions panel: switch parts of the model off and see what the prediction loses.

A head, a layer's whole attention or a layer's MLP can be zero-ablated (its
output replaced by zeros) or mean-ablated (replaced by its average output over
reference text). Ablations come from the controls here or from any panel
through ``AppState.request_ablation``; they are applied through
``AppState.set_ablations``, so every panel recomputes with them. The table
compares the next-token prediction with and without them; the unablated run
and the mean activations are computed in a worker thread.
"""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from explainer.core.analysis.compare import kl_divergence_bits
from explainer.core.analysis.interventions import Ablation, build_interventions, mean_activations
from explainer.core.trace import prediction_position, run, softmax
from explainer.core.transformer import Interventions
from explainer.gui import numfmt, palette
from explainer.gui.explore.jobs import JobRunner
from explainer.gui.state import AppState
from explainer.gui.widgets.token_chips import visible_token
from explainer.paths import resource, resources_dir

SHOWN = 8  # candidates from each side of the comparison
REFERENCE_PARAGRAPHS = 48


def reference_texts() -> list[str]:
    """Text the mean activations are averaged over: the example sentences and a corpus sample."""
    texts: list[str] = []
    try:
        ex = json.loads(resource("examples.json").read_text(encoding="utf-8"))
        for lang in ("nl", "en"):
            texts += [t for t in ex.get(lang, []) if isinstance(t, str)]
    except (OSError, ValueError):
        pass
    corpus = resources_dir() / "corpus"
    files = sorted(corpus.glob("*.val.txt")) if corpus.is_dir() else []
    for f in files:
        try:
            lines = [ln.strip() for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
        except (OSError, UnicodeDecodeError):
            continue
        texts += [ln[:600] for ln in lines[: REFERENCE_PARAGRAPHS // max(len(files), 1)]]
    return texts or ["De kat zat op de mat.", "The cat sat on the mat."]


def change_rows(before: np.ndarray, after: np.ndarray, n: int = SHOWN) -> list[tuple[int, float, float]]:
    """(token id, p before, p after) for the top ``n`` of either side, the biggest change first.

    Sorted by the size of the change (up or down), because that is the question
    the panel answers: what did switching this part off take away or add?
    """
    ids = list(dict.fromkeys(np.argsort(-before, kind="stable")[:n].tolist()
                             + np.argsort(-after, kind="stable")[:n].tolist()))
    return sorted(((i, float(before[i]), float(after[i])) for i in ids), key=lambda r: (-abs(r[2] - r[1]), -r[2]))


class InterventionsPanel(QWidget):
    """Active ablations, controls to add one, a Reset, and the prediction before → after.

    ``add_ablation`` and ``remove_ablation`` change ``AppState.ablations``;
    mean-ablation first averages the model's activations over
    ``reference_texts()`` in a worker. ``rows()`` returns what the comparison
    table shows, as numbers.
    """

    panel_id = "interventions"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._means = None
        self._means_model = None
        self._waiting: list[Ablation] = []  # mean ablations that wait for the averages
        self._baseline = None  # (model, text, logits) of the unablated run
        self._pending = None  # (model, text) of the baseline being computed
        self._rows: list[tuple[int, float, float]] = []
        self.jobs = JobRunner("interventions", self)
        self.jobs.done.connect(self._on_job_done)
        self.jobs.failed.connect(self._on_job_failed)

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
        for w in (QLabel(self.tr("layer")), self.layer_spin, QLabel(self.tr("head")), self.head_spin,
                  QLabel(self.tr("mode")), self.mode, self.add_button):
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
                                              self.tr("Change")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(intro)
        layout.addLayout(add_row)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)

        state.model_changed.connect(self._on_model_changed)
        state.trace_changed.connect(self._on_trace_changed)
        state.ablation_requested.connect(self.add_ablation)
        state.ablations_changed.connect(self._fill_list)
        if state.model is not None:
            self._on_model_changed(state.model)
        self._fill_list()

    def title(self) -> str:
        return self.tr("Switch parts off")

    def short_title(self) -> str:
        """The dock's tab: short enough that every tab fits beside its neighbours on a projector."""
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
        cfg = loaded.cfg
        if not 0 <= ablation.layer < cfg.n_layer or (ablation.kind == "head" and not 0 <= ablation.head < cfg.n_head):
            self.status.setText(self.tr("This model has no {part}.").format(part=self.label(ablation)))
            return
        same = lambda a: (a.kind, a.layer, a.head) == (ablation.kind, ablation.layer, ablation.head)  # noqa: E731
        kept = [a for a in self.state.ablations if not same(a)] + [ablation]
        self._apply(kept)

    def remove_ablation(self, ablation: Ablation) -> None:
        self._apply([a for a in self.state.ablations if a != ablation])

    def reset(self) -> None:
        """Switch every part back on."""
        self._waiting = []
        if self.state.ablations or self.state.interventions:
            self.state.set_ablations([], Interventions())
        self.status.setText("")

    def _apply(self, ablations: list[Ablation]) -> None:
        loaded = self.state.model
        needs_means = any(a.mode == "mean" for a in ablations)
        if needs_means and self._means_model is not loaded.model:
            self._waiting = ablations
            self.status.setText(self.tr("Averaging every part's output over reference text…"))
            self.jobs.submit("means", self._compute_means, loaded)
            return
        self._waiting = []
        self.status.setText("")
        self.state.set_ablations(ablations, build_interventions(ablations, self._means))

    @staticmethod
    def _compute_means(loaded):
        return loaded.model, mean_activations(loaded.model, loaded.tokenizer, reference_texts())

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
        self._draw_comparison()

    # -- model and trace ------------------------------------------------------
    def _on_model_changed(self, loaded) -> None:
        cfg = loaded.cfg
        for spin, n in ((self.layer_spin, cfg.n_layer), (self.head_spin, cfg.n_head)):
            spin.setMaximum(n)
        self._baseline = None
        old = list(self.state.ablations)
        if not old:
            self._draw_comparison()
            return
        fits = all(a.layer < cfg.n_layer and (a.kind != "head" or a.head < cfg.n_head) for a in old)
        if fits:
            self._apply(old)  # a checkpoint of the same run: keep what is switched off
        else:
            self.reset()

    def _on_trace_changed(self, trace) -> None:
        loaded = self.state.model
        if trace is None or loaded is None or not self.state.ablations or not trace.n_tokens:
            self._draw_comparison()
            return
        b, key = self._baseline, (loaded.model, trace.text)
        fresh = b is not None and b[0] is key[0] and b[1] == key[1]
        if not fresh and self._pending != key:
            self._pending = key
            self.jobs.submit("baseline", self._run_plain, loaded, trace.text)
        self._draw_comparison()

    @staticmethod
    def _run_plain(loaded, text: str):
        return loaded.model, text, run(loaded.model, loaded.tokenizer, text, logits="predictions")

    def _on_job_done(self, job_id: int, tag: str, result) -> None:
        if not self.jobs.is_latest(job_id, tag):
            return
        if tag == "means":
            model, means = result
            loaded = self.state.model
            if loaded is None or model is not loaded.model:
                return
            self._means_model, self._means = model, means
            if self._waiting:
                self._apply(self._waiting)
        else:
            self._baseline, self._pending = result, None
            self._draw_comparison()

    def _on_job_failed(self, _job_id: int, tag: str, message: str) -> None:
        if tag == "means":
            self._waiting = []
            self.status.setText(self.tr("The averages could not be computed: {m}").format(m=message))
        else:
            self._pending = None
            self.status.setText(self.tr("The run without ablations failed: {m}").format(m=message))

    # -- before → after ----------------------------------------------------------
    def rows(self) -> list[tuple[int, float, float]]:
        """(token id, probability without the ablations, probability with them) as drawn."""
        return list(self._rows)

    def _draw_comparison(self) -> None:
        trace, loaded, b = self.state.trace, self.state.model, self._baseline
        ready = (trace is not None and loaded is not None and b is not None and self.state.ablations
                 and b[0] is loaded.model and b[1] == trace.text and trace.n_tokens)
        self._rows = []
        if not ready:
            self.table.setRowCount(0)
            self.heading.setText(self.tr("Switch something off to compare the prediction before and after.")
                                 if not self.state.ablations else self.tr("Running the model without ablations…"))
            return
        pos = prediction_position(trace, loaded.tokenizer)
        before, after = softmax(b[2].logits_at(pos)), softmax(trace.logits_at(pos))
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
