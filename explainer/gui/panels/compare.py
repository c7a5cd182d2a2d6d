"""Compare panel: a second model on the same text, side by side with the open one.

Left is the app's model (A), right a second model (B) chosen here from the
models the registry finds or from a file. B runs on the same text in a
job (``state.jobs``) whenever the text or B changes. Shown for both: the next-token
candidates (with the KL divergence between the two predictions when they
share a vocabulary), the selected head's attention, and, when the two
tokenizers cut the text differently, both token splits lined up by the
characters they cover.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QComboBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from explainer.core.analysis.compare import align_tokens, kl_divergence_bits
from explainer.core.checkpoints import LoadedModel, load_model
from explainer.core.checkpoints.registry import find_models
from explainer.core.trace import prediction_position, run, softmax, top_ids
from explainer.gui import numfmt, palette
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState
from explainer.gui.widgets.bar_chart import Bar, BarChartWidget
from explainer.gui.widgets.heatmap import HeatmapWidget
from explainer.gui.widgets.steady_label import SteadyLabel
from explainer.gui.widgets.token_chips import visible_token

TOP_K = 6
LINE_CHARS = 48  # characters of text per row of the aligned token view


def vocabulary(loaded) -> tuple[str, ...]:
    """Every token's label, in id order: two models share a vocabulary when these are equal."""
    return tuple(loaded.tokenizer.token_label(i) for i in range(loaded.cfg.vocab_size))


def model_label(loaded) -> str:
    """The model's name, with its training step when it is one checkpoint of a run (or of a fine-tune)."""
    meta = loaded.metadata if isinstance(loaded.metadata, dict) else {}
    step = meta.get("step")
    if step is None:
        return loaded.name
    if isinstance(meta.get("base"), dict):
        return f"{loaded.name} · " + numfmt.fill(QCoreApplication.translate("ComparePanel", "fine-tuned, step {s}"),
                                                  s=numfmt.count(int(step)))
    return f"{loaded.name} · " + numfmt.fill(QCoreApplication.translate("ComparePanel", "step {s}"),
                                              s=numfmt.count(int(step)))


def top_bars(tokenizer, probs: np.ndarray, k: int = TOP_K) -> list[Bar]:
    ids = top_ids(probs, k)
    return [Bar(visible_token(tokenizer.token_label(int(i))), float(probs[i]), numfmt.pct(probs[i]),
                key=int(i)) for i in ids]


class ComparePanel(Panel):
    """Model A (the app's) and model B (chosen here) on the same text.

    ``set_second_model(loaded)`` sets B directly (tests); ``open_second(path)``
    loads it in a job. ``kl_bits`` is the KL divergence KL(A ‖ B) of the
    two next-token predictions, None when the vocabularies differ.
    """

    panel_id = "compare"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.second = None  # LoadedModel B
        self.trace_b = None
        self.kl_bits: float | None = None
        self._vocab_cache: dict[int, tuple[object, tuple[str, ...]]] = {}  # id → (tokenizer, labels)
        self._same_vocab: bool | None = None
        self._pending = None  # (model A, model B, text) of the run in flight

        self.choice = QComboBox()
        self.choice.setMinimumContentsLength(14)  # names get elided rather than widening the dock
        self.choice.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setPlaceholderText(self.tr("choose a model…"))
        self.choice.activated.connect(self._on_choice)
        file_button = QPushButton(self.tr("File…"))
        file_button.clicked.connect(lambda: self._browse(False))
        folder_button = QPushButton(self.tr("Folder…"))
        folder_button.clicked.connect(lambda: self._browse(True))
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Compare with")))
        top.addWidget(self.choice, 1)
        top.addWidget(file_button)
        top.addWidget(folder_button)

        self.kl_label = SteadyLabel(keep=True)  # new on every key: its lines kept while someone types
        self.kl_label.setProperty("role", "heading")
        self.kl_label.setToolTip(self.tr("KL divergence in bits: how much information is lost when B's "
                                         "prediction is used in place of A's. 0 means the same prediction."))
        grid = QGridLayout()
        self.names, self.charts, self.heatmaps, self.head_labels = [], [], [], []
        for col in range(2):
            name = QLabel()
            name.setProperty("role", "heading")
            name.setWordWrap(True)
            chart = BarChartWidget(label_width=110)
            head = QLabel()
            head.setProperty("role", "muted")
            heat = HeatmapWidget(colorbar=False)
            heat.setMinimumHeight(180)
            for row, w in enumerate((name, chart, head, heat)):
                grid.addWidget(w, row, col)
            self.names.append(name)
            self.charts.append(chart)
            self.head_labels.append(head)
            self.heatmaps.append(heat)
        grid.setRowStretch(1, 2)
        grid.setRowStretch(3, 3)
        self.tokens_title = QLabel()
        self.tokens_title.setProperty("role", "muted")
        self.tokens_view = QLabel()
        self.tokens_view.setTextFormat(Qt.RichText)
        self.tokens_view.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.kl_label)
        layout.addLayout(grid, 1)
        layout.addWidget(self.tokens_title)
        layout.addWidget(self.tokens_view)

        state.layer_changed.connect(lambda _l: self._on_head_changed())
        state.head_changed.connect(lambda _h: self._on_head_changed())
        state.jobs.submit(self, "registry", find_models, done=self._fill_choices)
        self.refresh()

    def title(self) -> str:
        return self.tr("Compare two models")

    def short_title(self) -> str:
        return self.tr("Compare")

    # -- choosing model B ---------------------------------------------------------
    def _fill_choices(self, entries) -> None:
        self.choice.clear()
        for entry in entries:
            if not entry.problem:
                self.choice.addItem(f"{entry.name}  ({entry.source}, {entry.format})", str(entry.path))
        self.choice.setCurrentIndex(-1)

    def _on_choice(self, index: int) -> None:
        path = self.choice.itemData(index)
        if path:
            self.open_second(path)

    def _browse(self, folder: bool) -> None:
        if folder:
            path = QFileDialog.getExistingDirectory(self, self.tr("Second model folder"))
        else:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Second model"), "",
                                                  self.tr("Models (*.pt *.gguf *.safetensors *.json *.bin);;"
                                                          "All files (*)"))
        if path:
            self.open_second(path)

    def compare_with(self, second) -> None:
        """Make ``second`` model B: a LoadedModel at once, a path loaded in a job (``AppState.request_comparison``)."""
        if isinstance(second, LoadedModel):
            self.set_second_model(second)
        else:
            self.open_second(str(second))

    def open_second(self, path: str) -> None:
        """Load model B from ``path`` in a job; the current B stays until it is ready."""
        self.status.setText(self.tr("loading {p}…").format(p=path))
        self.state.jobs.submit(self, "load", self._load, str(path), done=self.set_second_model,
                               failed=self._show_failure)

    @staticmethod
    def _load(path: str):
        loaded = load_model(path)
        loaded.model.eval()
        return loaded

    def set_second_model(self, loaded) -> None:
        self.state.jobs.forget(self, "run")  # a run of the previous B answers nothing any more
        self.second, self.trace_b, self._same_vocab, self._pending = loaded, None, None, None
        self.status.setText(numfmt.fill(self.tr("B: {n} ({f}, {p:,} parameters)"),
            n=model_label(loaded), f=loaded.format, p=loaded.n_params))
        self.redraw()
        self._draw()

    def invalidate(self) -> None:
        """A new model A: whether A and B share a vocabulary is asked again, with B's next run."""
        self.state.jobs.forget(self, "run")
        self._same_vocab, self._pending = None, None

    # -- running B --------------------------------------------------------------
    def redraw(self) -> None:
        """Draw both sides, or first run B on the shown text when its Trace is missing or stale."""
        trace, a, b = self.state.trace, self.state.model, self.second
        if b is None or trace is None or a is None:
            self._draw()
            return
        fresh = self.trace_b is not None and self.trace_b.text == trace.text and self._same_vocab is not None
        if fresh:
            self._draw()
        elif self._pending != (a, b, trace.text):
            self._pending = (a, b, trace.text)
            self.state.jobs.submit(self, "run", self._run_b, a, b, trace.text, done=self._on_run_done,
                                   failed=self._on_run_failed)

    def _run_b(self, a, b, text: str):
        """Worker: B's trace of ``text`` and whether A and B share one vocabulary."""
        trace = run(b.model, b.tokenizer, text, logits="predictions")
        same = a.cfg.vocab_size == b.cfg.vocab_size
        if same and a.tokenizer is not b.tokenizer:
            labels = []
            for m in (a, b):
                tok, vocab = self._vocab_cache.get(id(m.tokenizer), (None, None))
                if tok is not m.tokenizer:
                    vocab = vocabulary(m)
                    self._vocab_cache[id(m.tokenizer)] = (m.tokenizer, vocab)
                labels.append(vocab)
            same = labels[0] == labels[1]
        return text, trace, same

    def _on_run_done(self, result) -> None:
        text, trace, same = result
        self._pending = None
        self.trace_b, self._same_vocab = trace, same
        self._draw()
        if self.state.trace is not None and self.state.trace.text != text:
            self.refresh()  # the text changed while the panel was out of sight: B runs when it is seen

    def _on_run_failed(self, message: str) -> None:
        self._pending = None
        self._show_failure(message)

    def _show_failure(self, message: str) -> None:
        self.status.setText(self.tr("Model B: {m}").format(m=message))

    # -- drawing ----------------------------------------------------------------
    def _on_head_changed(self) -> None:
        if not self.visibility.defer():  # out of sight: the heads are drawn with the rest when it is seen
            self._draw_heads()

    def _ready(self) -> bool:
        ta, tb = self.state.trace, self.trace_b
        return ta is not None and tb is not None and ta.text == tb.text and self.second is not None

    def _draw(self) -> None:
        a, b = self.state.model, self.second
        self.names[0].setText(self.tr("A: {n}").format(n=model_label(a)) if a is not None else
                              self.tr("A: no model"))
        self.names[1].setText(self.tr("B: {n}").format(n=model_label(b)) if b is not None else
                              self.tr("B: choose a second model above"))
        self.kl_bits = None
        if not self._ready():  # A's own prediction already (a blank band under its name, before)
            ta = self.state.trace
            if a is not None and ta is not None:
                self._draw_bars(0, ta, a)
            else:
                self.charts[0].set_bars([])
            self.charts[1].set_bars([])
            self.kl_label.setText(self.tr("Choose a second model to compare its prediction with this one.")
                                  if b is None else self.tr("Running model B…"))
            self._draw_heads()
            self._draw_tokens()
            return
        ta, tb = self.state.trace, self.trace_b
        probs = [self._draw_bars(col, trace, loaded) for col, (trace, loaded) in enumerate(((ta, a), (tb, b)))]
        if probs[0] is None or probs[1] is None:
            self.kl_label.setText(self.tr("Type some text to compare the two predictions."))
        elif self._same_vocab:
            self.kl_bits = kl_divergence_bits(probs[0], probs[1])
            self.kl_label.setText(numfmt.fill(self.tr("Difference between the predictions: {kl:.3f} bits "
                                                        "(KL divergence A ‖ B; 0 = identical)"), kl=self.kl_bits))
        else:
            self.kl_label.setText(numfmt.fill(
                self.tr("The two models have different vocabularies ({a:,} and {b:,} tokens), "
                        "so their predictions cannot be compared token by token."),
                a=a.cfg.vocab_size, b=b.cfg.vocab_size))
        self._draw_heads()
        self._draw_tokens()

    def _draw_bars(self, col: int, trace, loaded) -> np.ndarray | None:
        """Side ``col``'s top candidates after ``trace``; returns their probabilities (None: no tokens)."""
        if not trace.n_tokens:
            self.charts[col].set_bars([])
            return None
        p = softmax(trace.logits_at(prediction_position(trace, loaded.tokenizer)))
        self.charts[col].set_bars(top_bars(loaded.tokenizer, p), max(0.05, float(p.max())))
        return p

    def _draw_heads(self) -> None:
        layer, head = self.state.layer, self.state.head
        traces = (self.state.trace, self.trace_b if self._ready() else None)
        for col, trace in enumerate(traces):
            heat, label = self.heatmaps[col], self.head_labels[col]
            if trace is None or not trace.n_tokens:
                waiting = None  # why B's map is empty: no model chosen yet, or B still running ("no tokens yet")
                if col == 1 and self.state.trace is not None and self.state.trace.n_tokens:
                    waiting = self.tr("choose a second model above") if self.second is None else \
                        self.tr("running model B…")
                if heat.empty_text != waiting:
                    heat.empty_text = waiting
                    heat.update()
                heat.set_matrix(np.zeros((0, 0)))
                label.setText("")
                continue
            if layer >= trace.n_layers or head >= trace.n_heads:
                heat.set_matrix(np.zeros((0, 0)))
                label.setText(self.tr("This model has no layer {l}, head {h} ({n} layers × {m} heads).").format(
                    l=layer + 1, h=head + 1, n=trace.n_layers, m=trace.n_heads))
                continue
            labels = [visible_token(t) for t in trace.tokens]
            mask = trace.hidden_keys(layer)
            heat.set_matrix(trace.attn[layer, head], labels, labels, mask)
            label.setText(self.tr("Attention of layer {l}, head {h}").format(l=layer + 1, h=head + 1))

    def _draw_tokens(self) -> None:
        if not self._ready():
            self.tokens_title.setText("")
            self.tokens_view.setText("")
            return
        ta, tb = self.state.trace, self.trace_b
        if list(ta.tokens) == list(tb.tokens):
            self.tokens_title.setText(self.tr("Both models cut this text into the same {n} tokens.").format(
                n=ta.n_tokens))
            self.tokens_view.setText("")
            return
        self.tokens_title.setText(self.tr("The tokenizers cut the text differently: A into {a} tokens, "
                                          "B into {b}. Columns cover the same characters.").format(
            a=ta.n_tokens, b=tb.n_tokens))
        self.tokens_view.setText(aligned_html(ta, tb, align_tokens(ta, tb)))


def aligned_html(ta, tb, groups) -> str:
    """Rich text: rows of columns, each column one aligned group with A's tokens over B's."""
    colors = [c.name() for c in palette.chip_colors()]
    border = palette.color("border").name()
    tables, row_a, row_b, width = [], [], [], 0

    def cell(trace, idx, color):
        pieces = " ".join(f"{html.escape(visible_token(trace.tokens[i]))}" for i in idx) or "&nbsp;"
        return f'<td style="background:{color}; padding:4px 6px; border:1px solid {border}">{pieces}</td>'

    def flush():
        if row_a:
            tables.append(f'<table cellspacing="3"><tr><td><b>A</b></td>{"".join(row_a)}</tr>'
                          f'<tr><td><b>B</b></td>{"".join(row_b)}</tr></table>')

    for g, (ia, ib) in enumerate(groups):
        color = colors[g % len(colors)]
        chars = max(sum(len(ta.tokens[i]) + 1 for i in ia), sum(len(tb.tokens[i]) + 1 for i in ib))
        if width and width + chars > LINE_CHARS:
            flush()
            row_a, row_b, width = [], [], 0
        row_a.append(cell(ta, ia, color))
        row_b.append(cell(tb, ib, color))
        width += chars
    flush()
    return "".join(tables)
