"""Pieces of the next-token panel: one candidate list, and text editing helpers."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from explainer.gui import numfmt
from explainer.gui.widgets.bar_chart import Bar, BarChartWidget, nice_scale
from explainer.gui.widgets.token_chips import visible_token


def token_piece(tokenizer, token_id: int) -> str:
    """The text a token adds: its decoded characters, without WordPiece's ``##``."""
    piece = tokenizer.decode([int(token_id)])
    if tokenizer.kind == "wordpiece":
        piece = piece[2:] if piece.startswith("##") else " " + piece
    return piece


def replace_span(text: str, a: int, b: int, piece: str) -> str:
    """``text`` with characters a..b replaced by ``piece``, without doubling a space."""
    a, b = max(0, min(a, len(text))), max(0, min(b, len(text)))
    space_before = a == 0 or text[a - 1].isspace()
    if piece.startswith(" ") and space_before and not text[a:b].startswith(" "):
        piece = piece[1:]
    return text[:a] + piece + text[b:]


class CandidateList(QWidget):
    """A title and the bars of one position's candidates.

    ``candidate_clicked(position, token_id)`` fires when a bar is clicked;
    ``ids()`` and the chart's ``bars()`` are what is shown.
    """

    candidate_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setProperty("role", "muted")
        self.title.hide()
        self.chart = BarChartWidget()
        self.chart.bar_clicked.connect(self._on_bar_clicked)
        self._position = -1
        self._ids = np.zeros(0, np.int64)
        # the title as high as its text: a tall dock's spare room goes to the bars (a masked model's lists had
        # half of it above and under their titles, 200 px of nothing around "[MASK] at token 6")
        self.title.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.chart, 1)

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self.title.setVisible(bool(text))

    def ids(self) -> np.ndarray:
        return self._ids

    def position(self) -> int:
        return self._position

    def show_candidates(self, position: int, ids: np.ndarray, shown: np.ndarray, kept: np.ndarray,
                        sampling: np.ndarray, tokenizer, filtered: bool) -> None:
        """Bars for ``ids``: length = probability after temperature; greyed when filtered out.

        With a filter active, kept candidates also show their probability
        after the filter has renormalised the distribution (``sampling``).
        """
        self._position, self._ids = position, np.asarray(ids)
        bars = []
        for tid, p, keep, ps in zip(ids, shown, kept, sampling):
            label = visible_token(tokenizer.token_label(int(tid)))
            text = numfmt.pct(p)
            if filtered:
                text += f"  (→ {numfmt.pct(ps)})" if keep else "  " + self.tr("removed")
            tip = self.tr("id {id}; click to use this token").format(id=int(tid))
            bars.append(Bar(label, float(p), text, bool(keep), int(tid), tip))
        scale = nice_scale(float(np.max(shown)) if len(shown) else 1.0)
        self.chart.set_bars(bars, scale, numfmt.pct(scale, 0 if scale >= 0.01 else 1))

    def _on_bar_clicked(self, index: int) -> None:
        bar = self.chart.bars()[index]
        self.candidate_clicked.emit(self._position, int(bar.key))
