"""Tokenizer lab: the app's text through several tokenizers at once, side by side.

Each row is one tokenizer (the line-up and how it is counted:
``explainer.core.analysis.tokenizer_lab``): its chips, its token count,
tokens per word and characters per token. A second, optional text is shown
under the first in every row, so that a Dutch sentence can be held against
its English translation; the button "Dutch compounds vs English" fills in a
ready pair. "Add the open model's tokenizer" adds a row for whatever model
is loaded. A tokenizer that cannot be had here is listed with the reason.

Reading GPT-2's and SmolLM2's vocabularies and training the WordPiece (the
first time only) take a moment: each is a job on the "work" lane, and its
row says "loading…" until it arrives. Encoding a text is quick and happens
as the text changes.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

from explainer.core.analysis import tokenizer_lab as lab
from explainer.gui import numfmt
from explainer.gui.panels.base import Panel
from explainer.gui.panels.tokenizers_parts import LabRow
from explainer.gui.state import AppState
from explainer.gui.widgets.flow import FlowLayout

MAX_LAB_CHARS = 4000  # a longer text is compared by its first characters
TYPING_DELAY_MS = 150  # the rows are cut again this long after the last key (six tokenizers, one redraw)


class TokenizerLabPanel(Panel):
    """One row per tokenizer, each showing the app's text (and an optional second text) as it cuts them.

    ``entries`` are the rows' tokenizers in order (loaded or not yet);
    ``rows`` the row widgets; ``compare`` the second text's box. Writes to
    AppState only through ``set_text`` (the example button).
    """

    panel_id = "tokenizers"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.entries: dict[str, lab.LabTokenizer | None] = {key: None for key in lab.STANDARD}
        self.added: list[str] = []  # keys of the rows the user added (open models)
        self.rows: dict[str, LabRow] = {}
        self._requested = False

        self.heading = QLabel(self.tr("One text, several tokenizers: how does each cut it up?"))
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_label.setProperty("role", "muted")
        self.compare = QLineEdit()
        self.compare.setPlaceholderText(self.tr("Compare with a second text (optional), e.g. the same "
                                                "sentence in Dutch"))
        self.compare.textChanged.connect(lambda _t: self.refresh())
        self.example_button = QPushButton(self.tr("Dutch compounds vs English"))
        self.example_button.setToolTip(self.tr("Put a Dutch sentence full of compounds in the text box and its "
                                               "English translation beside it"))
        self.example_button.clicked.connect(self.show_example)
        self.model_button = QPushButton(self.tr("Add the open model's tokenizer"))
        self.model_button.clicked.connect(self.add_open_model)
        buttons = QWidget()  # the comparison text on a line of its own, the buttons wrap in a narrow dock
        flow = FlowLayout(buttons, spacing=8)
        flow.addWidget(self.example_button)
        flow.addWidget(self.model_button)
        controls = QVBoxLayout()
        controls.addWidget(self.compare)
        controls.addWidget(buttons)

        self.rows_box = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_box)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows_box)
        scroll.setFrameShape(QScrollArea.NoFrame)
        self.loading = QLabel()
        self.loading.setWordWrap(True)
        self.loading.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.text_label)
        layout.addLayout(controls)
        layout.addWidget(self.loading)
        layout.addWidget(scroll, 1)
        # the lab reads the text, not the Trace: it follows typing a moment after the last key, once
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self.refresh)
        state.text_changed.connect(lambda _t: self._typing.start())
        self.refresh()

    def _on_trace_changed(self, _trace) -> None:
        """A new Trace changes nothing here (the tokenizers cut the text, not the model's run)."""

    def title(self) -> str:
        return self.tr("Tokenizer lab")

    def short_title(self) -> str:
        return self.tr("Tokenizers")

    # -- what the user does ----------------------------------------------------------
    def show_example(self) -> None:
        """The ready comparison: Dutch compounds in the text box, the English sentence beside them."""
        self.compare.setText(lab.EXAMPLE_EN)
        self.state.set_text(lab.EXAMPLE_NL)
        self._typing.stop()  # a button, not typing: cut the rows now
        self.refresh()

    def add_open_model(self) -> None:
        """A row for the open model's own tokenizer (once per model file)."""
        loaded = self.state.model
        if loaded is None:
            return
        entry = lab.model_tokenizer(loaded.name, loaded.tokenizer, str(loaded.path))
        if entry.key not in self.entries:
            self.entries[entry.key] = entry
            self.added.append(entry.key)
        self.refresh()

    def remove(self, key: str) -> None:
        if key in self.added:
            self.added.remove(key)
            del self.entries[key]
            row = self.rows.pop(key, None)
            if row is not None:
                row.deleteLater()
        self.refresh()

    def texts(self) -> list[tuple[str, str]]:
        """(label, text) of the texts every row shows: the app's text, and the second text when there is one."""
        first = self.state.text[:MAX_LAB_CHARS]
        second = self.compare.text()[:MAX_LAB_CHARS]
        if not second.strip():
            return [("", first)]
        return [(self.tr("Text"), first), (self.tr("Compared"), second)]

    # -- loading --------------------------------------------------------------------------
    def _request_tokenizers(self) -> None:
        """Load the standard line-up in the background, one job a tokenizer, the first time the lab is seen."""
        if self._requested:
            return
        self._requested = True
        for key in lab.STANDARD:
            self.state.jobs.submit(self, f"load:{key}", lab.load_one, key,
                                   done=functools.partial(self._on_loaded, key),
                                   failed=functools.partial(self._on_load_failed, key))

    def _on_loaded(self, key: str, entry: lab.LabTokenizer) -> None:
        self.entries[key] = entry
        self.refresh()

    def _on_load_failed(self, key: str, message: str) -> None:
        self.entries[key] = lab.LabTokenizer(key, key, problem="failed", detail=message)
        self.refresh()

    # -- drawing ------------------------------------------------------------------------------
    def redraw(self) -> None:
        self._request_tokenizers()
        text = self.state.text
        if not text.strip():
            self.text_label.setText(self.tr("Type a text in the box above, or press “Dutch compounds vs English”."))
        elif len(text) > MAX_LAB_CHARS:
            self.text_label.setText(self.tr("The text in the box above, up to its first {n} characters.")
                                    .format(n=numfmt.count(MAX_LAB_CHARS)))
        else:
            self.text_label.setText(self.tr("The text in the box above."))
        self.model_button.setEnabled(self.state.model is not None)
        waiting = [key for key, entry in self.entries.items() if entry is None]
        self.loading.setVisible(bool(waiting))
        self.loading.setText(self.tr("Loading the tokenizers (the first time, a WordPiece is trained on the "
                                     "project's texts)…"))
        texts = self.texts()
        for key, entry in self.entries.items():
            if entry is None:
                continue
            row = self.rows.get(key)
            if row is None:  # rows arrive in any order; each goes to its place in the line-up
                place = sum(1 for k in self.entries if k in self.rows and list(self.entries).index(k)
                            < list(self.entries).index(key))
                row = self.rows[key] = LabRow(entry, removable=key in self.added)
                row.remove_requested.connect(self.remove)
                self.rows_layout.insertWidget(place, row)
                row.show()  # at once: a layout would only show it on the next turn of the event loop
            row.show_texts(texts)

    def export_table(self) -> tuple[list[str], list[list]] | None:
        """Every usable tokenizer and text: its counts, and the tokens themselves separated by '|'."""
        header = ["tokenizer", "text", "tokens", "words", "tokens_per_word", "characters_per_token", "pieces"]
        rows = []
        for entry in self.entries.values():
            if entry is None or not entry.available:
                continue
            for label, text in self.texts():
                m = lab.measure(entry.tokenizer, text)
                rows.append([entry.name, label or "text", m.n_tokens, m.n_words, m.tokens_per_word,
                             m.chars_per_token, "|".join(m.encoding.tokens)])
        return header, rows
