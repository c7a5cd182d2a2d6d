"""Pieces of the quiz panel: the table of guesses, the question as a class reads it, and its keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableWidget, QTableWidgetItem

from explainer.core.analysis.quiz import RoundResult
from explainer.gui import numfmt, palette
from explainer.gui.widgets.token_chips import visible_token

BLANK = "___"
QUESTION_CHARS = 90  # the end of a long text is what the question is about
SHOWN_ROWS = 8  # guesses in view at once; more scroll


def question_text(text: str, mask: str | None) -> str:
    """The question on the board: the text with a blank where the answer goes (at the end, or at the mask)."""
    if mask and mask in text:
        a = text.index(mask)
        before, after = text[:a].rstrip(), text[a + len(mask):]
        shown = f"{before} {BLANK}{after}"
        start = max(0, len(before) + 1 - QUESTION_CHARS // 2)
    else:
        shown = f"{text.rstrip()} {BLANK}"
        start = max(0, len(shown) - QUESTION_CHARS)
    shown = shown.replace("\n", " ")
    return ("…" + shown[start:].lstrip()) if start else shown


def pieces_text(pieces) -> str:
    """A guess's tokens as a class reads them: "·kinder | boeken | week"."""
    return " | ".join(visible_token(p) for p in pieces)


class GuessTable(QTableWidget):
    """The class's guesses, one a row; after the reveal each with its tokens, probability, rank and points.

    ``cell_texts()`` returns what is shown, so a test can compare it with the
    scores it came from. The best guess of a revealed round is drawn in bold.
    """

    COLUMNS = 5  # guess, tokens, probability, rank, points

    def __init__(self, parent=None) -> None:
        super().__init__(0, self.COLUMNS, parent)
        self.setHorizontalHeaderLabels([self.tr("Guess"), self.tr("Tokens"), self.tr("Probability"),
                                        self.tr("Rank"), self.tr("Points")])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.NoSelection)
        self.setFocusPolicy(Qt.NoFocus)  # the keys stay with the guess box
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        self.setSizeAdjustPolicy(QAbstractItemView.AdjustToContents)  # as tall as its rows, up to a limit
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Maximum)

    def show_guesses(self, guesses: list[str], result: RoundResult | None) -> None:
        """The guesses alone (before the reveal), or scored by ``result`` (whose guesses are the same)."""
        self.setHidden(not guesses)  # an empty table under the entry box looked like a second box to type in
        self.setFont(palette.font(palette.current().font_pt * 1.35))
        scored = result is not None and [g.guess for g in result.guesses] == list(guesses)
        for col in range(1, self.COLUMNS):
            self.setColumnHidden(col, not scored)
        self.setRowCount(len(guesses))
        best = result.best if scored else -1
        for row, guess in enumerate(guesses):
            cells = [guess]
            if scored:
                g = result.guesses[row]
                if g.token_ids:
                    cells += [pieces_text(g.pieces), _probability(g.probability),
                              numfmt.count(g.rank), numfmt.count(g.points)]
                else:
                    cells += [self.tr("(no tokens)"), "–", "–", numfmt.count(0)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if row == best:
                    font = self.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setBackground(QBrush(palette.color("selection_bg")))
                    item.setForeground(QBrush(palette.color("selection_text")))
                self.setItem(row, col, item)
        self.resizeRowsToContents()
        visible = sum(self.rowHeight(r) for r in range(min(self.rowCount(), SHOWN_ROWS)))
        self.setMaximumHeight(self.horizontalHeader().sizeHint().height() + visible + 2 * self.frameWidth() + 2)

    def cell_texts(self) -> list[list[str]]:
        """The visible cells, row by row."""
        return [[self.item(r, c).text() for c in range(self.COLUMNS) if not self.isColumnHidden(c)]
                for r in range(self.rowCount())]


def _probability(p: float) -> str:
    """A percentage a class can read, down to very small ones ("0.0004 %" rather than "0.0 %")."""
    if p >= 0.001:
        return numfmt.pct(p, 1)
    if p >= 1e-6:
        return numfmt.pct(p, 4)
    return "< " + numfmt.pct(1e-6, 4)


class AdvanceKeys(QObject):
    """Page Down in the guess box (what a presenter's clicker sends) asks for the next quiz step.

    The window has its own Page Down (the lesson's pages); while the guess box
    has the focus the quiz takes the key first, by claiming the shortcut.
    """

    advance = Signal()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.ShortcutOverride, QEvent.KeyPress) and event.key() == Qt.Key_PageDown \
                and not event.modifiers():
            event.accept()
            if kind == QEvent.KeyPress:
                self.advance.emit()
            return True
        return False
