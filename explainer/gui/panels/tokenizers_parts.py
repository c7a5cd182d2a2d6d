"""One row of the tokenizer lab: a tokenizer's name, what kind it is, its counts and its chips."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from explainer.core.analysis.tokenizer_lab import LabTokenizer, Measure, measure
from explainer.gui import numfmt, palette
from explainer.gui.widgets.token_chips import Chip, TokenChipsWidget, visible_token

MAX_CHIPS = 400  # chips drawn per text; the counts always cover the whole text


def row_name(entry: LabTokenizer) -> str:
    """What a row is called, in the interface language."""
    if entry.key == "shipped":
        return QCoreApplication.translate("TokenizerLabPanel", "{m} (the shipped model)").format(m=entry.name)
    if entry.key.startswith("model:"):
        return QCoreApplication.translate("TokenizerLabPanel", "{m} (the open model)").format(m=entry.name)
    names = {"gpt2": "GPT-2", "smollm2": "SmolLM2-135M",
             "wordpiece": QCoreApplication.translate("TokenizerLabPanel", "WordPiece (as in BERT)"),
             "chars": QCoreApplication.translate("TokenizerLabPanel", "Characters"),
             "bytes": QCoreApplication.translate("TokenizerLabPanel", "Bytes (UTF-8)")}
    return names.get(entry.key, entry.name)


def row_info(entry: LabTokenizer) -> str:
    """The kind of tokenizer, its vocabulary and where it came from; or why it cannot be used here."""
    if entry.problem == "package":
        return QCoreApplication.translate(
            "TokenizerLabPanel", "Not available: install the {p} package to see it here.").format(p=entry.detail)
    if entry.problem == "missing":
        return QCoreApplication.translate("TokenizerLabPanel", "Not available: {f} is missing.").format(f=entry.detail)
    if entry.problem:
        return QCoreApplication.translate("TokenizerLabPanel", "Could not be loaded: {d}").format(d=entry.detail)
    families = {
        "byte_bpe": QCoreApplication.translate("TokenizerLabPanel", "byte-level BPE"),
        "bpe": QCoreApplication.translate("TokenizerLabPanel", "BPE"),
        "wordpiece": QCoreApplication.translate("TokenizerLabPanel", "WordPiece"),
        "unigram": QCoreApplication.translate("TokenizerLabPanel", "Unigram"),
        "wordlevel": QCoreApplication.translate("TokenizerLabPanel", "whole words"),
        "char_vocab": QCoreApplication.translate("TokenizerLabPanel", "a character vocabulary"),
        "chars": QCoreApplication.translate("TokenizerLabPanel", "one token per character"),
        "bytes": QCoreApplication.translate("TokenizerLabPanel", "one token per byte"),
    }
    parts = [families.get(entry.family, entry.family)]
    if entry.vocab_size and entry.family not in ("chars", "bytes"):
        parts.append(QCoreApplication.translate("TokenizerLabPanel", "{n} tokens in its vocabulary")
                     .format(n=numfmt.count(entry.vocab_size)))
    kb = numfmt.count(round(entry.trained_bytes / 1000))
    if entry.trained_on == "teaching":
        parts.append(QCoreApplication.translate(
            "TokenizerLabPanel", "trained here on the project's everyday texts ({n} kB)").format(n=kb))
    elif entry.trained_on == "app":
        parts.append(QCoreApplication.translate(
            "TokenizerLabPanel", "trained here on the app's lesson texts ({n} kB)").format(n=kb))
    elif entry.key in ("gpt2", "smollm2"):
        parts.append(QCoreApplication.translate("TokenizerLabPanel", "from the {p} package").format(p=entry.source))
    return " · ".join(parts)


def stats_text(m: Measure) -> str:
    """"26 tokens · 1.6 tokens per word · 5.0 characters per token"."""
    tokens = QCoreApplication.translate("TokenizerLabPanel", "1 token") if m.n_tokens == 1 else \
        QCoreApplication.translate("TokenizerLabPanel", "{n} tokens").format(n=numfmt.count(m.n_tokens))
    per_word = "–" if math.isnan(m.tokens_per_word) else numfmt.fmt(m.tokens_per_word, 1)
    per_token = "–" if math.isnan(m.chars_per_token) else numfmt.fmt(m.chars_per_token, 1)
    return QCoreApplication.translate(
        "TokenizerLabPanel", "{tokens} · {w} tokens per word · {c} characters per token").format(
        tokens=tokens, w=per_word, c=per_token)


class TextBlock(QWidget):
    """One text through one tokenizer: a line of counts and the chips (at most ``MAX_CHIPS``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stats = QLabel()
        self.stats.setWordWrap(True)
        self.chips = TokenChipsWidget()
        self.more = QLabel()
        self.more.setProperty("role", "muted")
        self.measure: Measure | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.stats)
        layout.addWidget(self.chips)
        layout.addWidget(self.more)

    def show_text(self, tok, text: str, label: str = "") -> None:
        m = self.measure = measure(tok, text)
        self.stats.setText((label + ": " if label else "") + stats_text(m))
        colors = palette.chip_colors()
        enc = m.encoding
        shown = min(len(enc.ids), MAX_CHIPS)
        self.chips.set_chips([Chip(enc.tokens[i], int(enc.ids[i]), colors[i % len(colors)]) for i in range(shown)])
        self.chips.tooltip_for = lambda i, e=enc, t=text: _chip_tooltip(e, t, i)
        self.more.setVisible(shown < len(enc.ids))
        self.more.setText(QCoreApplication.translate("TokenizerLabPanel", "… and {n} more tokens")
                          .format(n=numfmt.count(len(enc.ids) - shown)))


def _chip_tooltip(enc, text: str, i: int) -> str:
    a, b = (int(x) for x in enc.spans[i])
    return QCoreApplication.translate("TokenizerLabPanel", "token {i} of {n}\nid {id}\ntext: “{t}”").format(
        i=i + 1, n=len(enc.ids), id=int(enc.ids[i]), t=visible_token(text[a:b]))


class LabRow(QFrame):
    """A tokenizer and what it makes of one or two texts; an unavailable one shows only why.

    ``remove_requested(key)`` fires when a row added by the user is taken away.
    ``blocks`` hold the text blocks shown (one per text).
    """

    remove_requested = Signal(str)

    def __init__(self, entry: LabTokenizer, removable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setFrameShape(QFrame.StyledPanel)
        self.name = QLabel(row_name(entry))
        self.name.setProperty("role", "heading")
        self.info = QLabel(row_info(entry))
        self.info.setProperty("role", "muted")
        self.info.setWordWrap(True)
        self.info.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.info, 1)
        if removable:
            remove = QPushButton(QCoreApplication.translate("TokenizerLabPanel", "Remove"))
            remove.clicked.connect(lambda: self.remove_requested.emit(entry.key))
            top.addWidget(remove)
        self.blocks = [TextBlock(), TextBlock()]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        for block in self.blocks:
            layout.addWidget(block)
            block.hide()

    def show_texts(self, texts: list[tuple[str, str]]) -> None:
        """Each (label, text) through this row's tokenizer; nothing for an unavailable one."""
        shown = (tuple(texts), self.entry.available)
        if shown == getattr(self, "_shown", None):
            return  # the same texts again (a language switch, a model change): the chips are right
        self._shown = shown
        for i, block in enumerate(self.blocks):
            use = self.entry.available and i < len(texts)
            block.setVisible(use)
            if use:
                label, text = texts[i]
                block.show_text(self.entry.tokenizer, text, label)
