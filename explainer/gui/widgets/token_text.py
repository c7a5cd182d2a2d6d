"""The big text box, tinted token by token.

Token spans come from the tokenizer in Python string indices (code points);
Qt counts UTF-16 units, where an emoji takes two. ``utf16_offsets`` converts,
so tints stay on the right characters after an emoji.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QTextEdit, QWidget

from explainer.gui import palette


def utf16_offsets(text: str) -> np.ndarray:
    """``out[i]`` is the UTF-16 position of code point ``i`` (length len(text) + 1)."""
    if not text:
        return np.zeros(1, np.int64)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    widths = 1 + (cps > 0xFFFF).astype(np.int64)
    return np.concatenate(([0], np.cumsum(widths)))


class TokenTextEdit(QPlainTextEdit):
    """A large plain-text editor whose background shows where each token is.

    ``set_token_spans(text, spans, colors, selected)`` tints the characters of
    each token (spans in code points of ``text``; ignored if the box holds a
    different text by now). ``text_edited`` carries the new plain text.
    """

    text_edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainText")
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.apply_font()
        self.textChanged.connect(lambda: self.text_edited.emit(self.toPlainText()))
        self._spans: list[QTextEdit.ExtraSelection] = []

    def apply_font(self) -> None:
        self.setFont(palette.font(palette.current().text_font_pt))
        lines = 2.2  # room for a sentence and a half; the box scrolls beyond that
        self.setMinimumHeight(int(self.fontMetrics().lineSpacing() * lines + 20))
        self.setMaximumHeight(int(self.fontMetrics().lineSpacing() * 4 + 20))
        # the panels below get the height; the box keeps its two lines and scrolls beyond them
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Minimum)

    def set_text(self, text: str) -> None:
        """Replace the content (keeps the cursor at the end), without echoing it back."""
        if text == self.toPlainText():
            return
        self.blockSignals(True)
        self.setPlainText(text)
        self.moveCursor(QTextCursor.End)
        self.blockSignals(False)

    def set_token_spans(self, text: str, spans: np.ndarray, colors: list[QColor],
                        selected: int = -1) -> None:
        if text != self.toPlainText():
            return
        offsets = utf16_offsets(text)
        n = len(text)
        doc = self.document()
        selections = []
        formats: dict[tuple[int, bool], QTextCharFormat] = {}  # one per colour: tokens share them
        bounds = np.clip(np.asarray(spans).reshape(-1, 2), 0, n)
        starts, ends = offsets[bounds[:, 0]].tolist(), offsets[bounds[:, 1]].tolist()
        for i, (a, b) in enumerate(zip(starts, ends)):
            if b <= a:
                continue
            key = (i % len(colors), i == selected)
            fmt = formats.get(key)
            if fmt is None:
                fmt = formats[key] = QTextCharFormat()
                fmt.setBackground(colors[key[0]])
                if key[1]:
                    fmt.setUnderlineStyle(QTextCharFormat.SingleUnderline)
                    fmt.setUnderlineColor(palette.color("selection"))
                    fmt.setFontUnderline(True)
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.KeepAnchor)
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        self._spans = selections
        self.setExtraSelections(selections)
        self.viewport().update()  # Qt repaints only part of it, and the new token's tint then waits for the cursor blink

    def tinted_count(self) -> int:
        return len(self._spans)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Ctrl+Enter belongs to the window (Step); plain Enter is a newline as usual.
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ControlModifier:
            event.ignore()
            return
        super().keyPressEvent(event)
