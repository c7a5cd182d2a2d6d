"""Bias probe: one sentence, one word swapped, and what the model expects next on each side.

A template such as "___ werkt in de" is filled with each word of a pair (hij /
zij, he / she, or the user's own) and the model's next-token probabilities for
the two sentences are drawn side by side, over the same candidate words in
the same order. The forward passes run in a job in ``state.jobs``
(``core.analysis.bias.probe``), never on the GUI thread. A caveat under the
bars says where a tiny model's preferences come from: its small corpus.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (QComboBox, QGridLayout, QLabel, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from explainer.core.analysis.bias import DEFAULT_PAIRS, DEFAULT_TEMPLATES, ProbeRow, probe
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState
from explainer.gui.widgets.bar_chart import Bar, BarChartWidget, nice_scale
from explainer.gui.widgets.token_chips import visible_token

TOP_K = 8
SLOT = "{}"  # the probe's slot (explainer.core.analysis.bias)
BLANK = "___"  # the slot as the panel shows it: a blank a class knows from worksheets, not programmers' braces


def parse_pair(text: str) -> tuple[str, str] | None:
    """'hij / zij', 'hij | zij', 'hij, zij' or 'hij ↔ zij' → ('hij', 'zij'); None when it is not two words."""
    parts = [p.strip() for p in re.split(r"[/|,↔]", text)]
    parts = [p for p in parts if p]
    return (parts[0], parts[1]) if len(parts) == 2 else None


def pair_text(pair: tuple[str, str]) -> str:
    return f"{pair[0]} / {pair[1]}"


def shown_template(template: str) -> str:
    """The template as the panel shows it: its slot as a blank (``___``)."""
    return template.replace(SLOT, BLANK)


def stored_template(text: str) -> str:
    """The template as lessons and sessions store it: its blank written as the probe's slot (``{}``)."""
    return re.sub(r"_{3,}", SLOT, text)


def parse_template(text: str) -> str | None:
    """A template with exactly one slot, written as a blank of three or more underscores or as ``{}``."""
    text = stored_template(text.strip())
    if text.count(SLOT) != 1 or "{" in text.replace(SLOT, "") or "}" in text.replace(SLOT, ""):
        return None
    return text


def default_language() -> str:
    return "nl" if QLocale().name().lower().startswith("nl") else "en"


class BiasPanel(Panel):
    """Two sentences that differ in one word, and the model's next-word odds for each, side by side.

    ``row`` is the ProbeRow drawn last (None before the first result);
    ``charts`` are the two bar charts (left: first word of the pair). Typing
    a new template or pair into the boxes and pressing Enter adds it to the
    list and runs the probe; so does choosing one. The probe runs again for
    a new model or new inputs, not for a new text in the main text box.
    """

    panel_id = "bias"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.row: ProbeRow | None = None
        self._owed = True  # the probe has not run for this model yet

        self.language = QComboBox()
        self.language.addItem("Nederlands", "nl")
        self.language.addItem("English", "en")
        self.template = QComboBox()
        self.pair = QComboBox()
        for combo in (self.template, self.pair):
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.NoInsert)  # we validate and insert ourselves
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
            combo.activated.connect(lambda _i: self.run_probe())
            combo.lineEdit().returnPressed.connect(self._on_entered)
        self.template.setMinimumContentsLength(18)
        self.pair.setMinimumContentsLength(10)
        self.run_button = QPushButton(self.tr("Compare"))
        self.run_button.clicked.connect(self._on_entered)
        self.hint = QLabel(self.tr("Write ___ where the swapped word goes; separate the two words "
                                   "with a slash: he / she."))
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        self.foldable_intro = self.hint  # a lesson step short of height leaves it out: its caveat shows instead
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.sides = [QLabel(), QLabel()]
        self.charts = [BarChartWidget(label_width=140), BarChartWidget(label_width=140)]
        for chart in self.charts:
            chart.min_rows = 99  # every candidate: the two sides are compared word by word (a short dock scrolls)
        results = QGridLayout()
        for i, (label, chart) in enumerate(zip(self.sides, self.charts)):
            label.setProperty("role", "heading")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignCenter)
            label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
            results.addWidget(label, 0, i)
            results.addWidget(chart, 1, i)
            results.setColumnStretch(i, 1)
        results.setRowStretch(1, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.caveat = QLabel()
        self.caveat.setProperty("role", "muted")
        self.caveat.setWordWrap(True)

        # two rows, so that the panel fits a dock beside the next-token panel on a 1366-pixel projector
        controls = QGridLayout()
        controls.addWidget(QLabel(self.tr("Sentence")), 0, 0)
        controls.addWidget(self.template, 0, 1, 1, 4)
        controls.addWidget(QLabel(self.tr("Words")), 1, 0)
        controls.addWidget(self.pair, 1, 1)
        controls.addWidget(QLabel(self.tr("Language")), 1, 2)
        controls.addWidget(self.language, 1, 3)
        controls.addWidget(self.run_button, 1, 4)
        controls.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(controls)
        layout.addWidget(self.hint)
        layout.addWidget(self.notice)
        layout.addLayout(results, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.caveat)

        self.language.currentIndexChanged.connect(lambda _i: self._fill_defaults())
        lang = default_language()
        self.language.blockSignals(True)
        self.language.setCurrentIndex(self.language.findData(lang))
        self.language.blockSignals(False)
        self._fill_defaults(run=False)
        state.interventions_changed.connect(self._on_interventions_changed)
        self.refresh()

    SMALL_MODEL = 50_000_000  # parameters: below this a model knows little more than its own small corpus

    def invalidate(self) -> None:
        """A new model: the probe runs again (the last result stays drawn until the new one arrives)."""
        self.state.jobs.forget(self, "probe")
        self._owed = True

    def _on_interventions_changed(self) -> None:
        """Parts switched off or on: the probe runs again on the model as it now is, as every panel shows it."""
        self.invalidate()
        self.refresh()

    def redraw(self) -> None:
        """The caveat for this model's size, and the probe once per model (new inputs run it themselves)."""
        self._update_caveat()
        if self._owed and self.state.model is not None:
            self.run_probe()

    def _update_caveat(self) -> None:
        model = self.state.model
        if model is not None and model.n_params >= self.SMALL_MODEL:
            self.caveat.setText(self.tr(
                "This model learned from a large amount of text written by people. The differences here show "
                "associations it picked up from that text: not how the world is, but how people wrote about it."))
        else:
            self.caveat.setText(self.tr(
                "Careful: a tiny model learned only from its small training corpus, so the differences here "
                "show what that corpus happened to contain, not how the world is. Large models learn "
                "associations the same way, from far more text — which is why their biases matter."))

    def title(self) -> str:
        return self.tr("Bias probe")

    def short_title(self) -> str:
        return self.tr("Bias")

    # -- inputs ---------------------------------------------------------------
    def _fill_defaults(self, run: bool = True) -> None:
        lang = self.language.currentData()
        for combo, items in ((self.template, [shown_template(t) for t in DEFAULT_TEMPLATES[lang]]),
                             (self.pair, [pair_text(p) for p in DEFAULT_PAIRS[lang]])):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(items)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        if run:
            self.run_probe()

    def current_template(self) -> str | None:
        return parse_template(self.template.currentText())

    def current_pair(self) -> tuple[str, str] | None:
        return parse_pair(self.pair.currentText())

    def add_template(self, template: str) -> None:
        """Add a user's template (if new; its slot shown as a blank) and select it."""
        self._add(self.template, shown_template(template))

    def add_pair(self, pair: tuple[str, str]) -> None:
        """Add a user's word pair (if new) and select it."""
        self._add(self.pair, pair_text(pair))

    @staticmethod
    def _add(combo: QComboBox, text: str) -> None:
        combo.blockSignals(True)
        index = combo.findText(text)
        if index < 0:
            combo.addItem(text)
            index = combo.count() - 1
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def _on_entered(self) -> None:
        template, pair = self.current_template(), self.current_pair()
        if template is not None:
            self.add_template(template)
        if pair is not None:
            self.add_pair(pair)
        self.run_probe()

    # -- running --------------------------------------------------------------
    def run_probe(self) -> int:
        """Start the probe for the current template and pair; returns the job id (0 when nothing runs)."""
        loaded = self.state.model
        template, pair = self.current_template(), self.current_pair()
        problem = ""
        if loaded is None:
            problem = self.tr("Open a model to run the probe.")
        elif template is None:
            problem = self.tr("The sentence needs exactly one ___ where the swapped word goes.")
        elif pair is None:
            problem = self.tr("Give two words separated by a slash, for example: he / she.")
        self._show_notice(problem)
        if problem:
            self._owed = loaded is None
            return 0
        if self.visibility.defer():  # a panel out of sight waits: its probe runs when it is seen
            self._owed = True
            return 0
        self.summary.setText(self.tr("Computing…"))
        self._owed = False
        return self.state.jobs.submit(self, "probe", probe, loaded.model, loaded.tokenizer, template, pair, TOP_K,
                                      self.state.interventions or None, done=self._on_done, failed=self._on_failed)

    def _on_done(self, row: ProbeRow) -> None:
        self.row = row
        self._draw()

    def _on_failed(self, message: str) -> None:
        self.summary.setText("")
        self._show_notice(self.tr("The probe could not run: {m}").format(m=message))

    def _show_notice(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.setVisible(bool(message))

    # -- drawing --------------------------------------------------------------
    def _draw(self) -> None:
        row = self.row
        loc = QLocale()
        scale = nice_scale(max(max(row.probs_a, default=0.0), max(row.probs_b, default=0.0)))  # the line's value
        labels = [visible_token(t) for t in row.labels]
        for side, (label, chart, sentence, probs) in enumerate(
                zip(self.sides, self.charts, row.sentences, (row.probs_a, row.probs_b))):
            label.setText(self.tr("“{s} …”").format(s=sentence))
            chart.set_bars([Bar(lab, p, f"{loc.toString(100 * p, 'f', 1)} %", key=tid)
                            for lab, p, tid in zip(labels, probs, row.token_ids)],
                           scale=scale, scale_text=f"{loc.toString(100 * scale, 'f', 0)} %")
        # the order says what it is: an audience saw "11.3 %" above "15.1 %" and took it for a mistake
        self.summary.setText(self.tr(
            "Same sentence, one word different. The {n} candidates, in order of both sentences together, hold "
            "{a} % and {b} % of the probability; their shares differ by {tv} % (0 % = the same shares, "
            "100 % = no candidate in common).").format(
                n=len(row.token_ids), a=loc.toString(100 * sum(row.probs_a), "f", 0),
                b=loc.toString(100 * sum(row.probs_b), "f", 0), tv=loc.toString(100 * row.share_difference, "f", 0))
            .replace(" %", "\u00a0%"))  # "63 %" never split over two lines (numfmt would import round a circle)

    def export_table(self) -> tuple[list[str], list[list]]:
        if self.row is None:
            return ["token"], []
        row = self.row
        header = ["token_id", "token", f"p({row.sentences[0]} …)", f"p({row.sentences[1]} …)"]
        return header, [[tid, lab, a, b] for tid, lab, a, b in
                        zip(row.token_ids, row.labels, row.probs_a, row.probs_b)]
