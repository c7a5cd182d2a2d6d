"""The big text box, tinted token by token.

Token spans come from the tokenizer in Python string indices (code points);
Qt counts UTF-16 units, where an emoji takes two. ``utf16_offsets`` converts,
so tints stay on the right characters after an emoji.

A key press must cost about the same in a 200,000-character text as in a
sentence, so the box never does work proportional to the whole text in
Python: it keeps the text it holds (``plain_text``), converts offsets only
for the tokens the model sees, keeps at most ``max_chars`` characters by
cutting the front in the same edit as the key (never by setting the whole
text again), and turns to breaking lines anywhere when the text holds a long
run without spaces: Qt's word wrap costs time squared in the length of such a
run (a 150,000-character run: about a second per key).
"""

from __future__ import annotations

import math
import re

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QTextEdit, QWidget

from explainer.core.checkpoints.limits import MAX_TEXT_CHARS
from explainer.gui import palette

MAX_LINES = 3  # the box grows with its text up to this many lines, then scrolls
LONG_RUN = 1000  # characters without a space from which lines break anywhere (see the module text)
_SPACE = re.compile(r"\s")


def utf16_offsets(text: str) -> np.ndarray:
    """``out[i]`` is the UTF-16 position of code point ``i`` (length len(text) + 1)."""
    if not text:
        return np.zeros(1, np.int64)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    widths = 1 + (cps > 0xFFFF).astype(np.int64)
    return np.concatenate(([0], np.cumsum(widths)))


def utf16_length(text: str) -> int:
    """How many UTF-16 units ``text`` takes (its length for an ASCII text, found without reading it)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def has_long_run(text: str, run: int = LONG_RUN) -> bool:
    """True when ``text`` holds about ``run`` characters without whitespace (at least run/2, surely from run).

    Looks at windows of run/2 characters on a fixed grid: a run of ``run``
    covers one of them whole. A text with spaces costs one short search per window.
    """
    step = max(1, run // 2)
    search = _SPACE.search
    return any(search(text, a, a + step) is None for a in range(0, len(text) - step + 1, step))


class TokenTextEdit(QPlainTextEdit):
    """A large plain-text editor whose background shows where each token is.

    ``set_token_spans(text, spans, colors, selected)`` tints the characters of
    each token (spans in code points of ``text``; ignored if the box holds a
    different text by now) and marks the selected one. ``text_edited``
    carries the new plain text after an edit by the user. The box keeps the
    last ``max_chars`` characters of what is typed or pasted.
    """

    text_edited = Signal(str)

    def __init__(self, parent: QWidget | None = None, max_chars: int = MAX_TEXT_CHARS) -> None:
        super().__init__(parent)
        self.setObjectName("mainText")
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.max_chars = max_chars
        self._lines = 0  # lines of text the box is tall now (_fit_lines)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_lines)
        self._text = ""  # what toPlainText() gives now, kept current on every change
        self._given = ""  # what set_text last put in (Qt turns "\r\n" into "\n" and no-break spaces into spaces)
        self.apply_font()
        self.textChanged.connect(self._on_changed)
        self._tinted = 0

    def apply_font(self) -> None:
        self.setFont(palette.font(palette.current().text_font_pt))
        # as tall as its text's lines, up to MAX_LINES (then it scrolls): the panels below get the rest. A
        # box kept two lines tall left an empty line under a short sentence, 45 px a projector needs
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self._fit_lines()

    def lines_shown(self) -> int:
        """How many lines of text the box is tall (1 to ``MAX_LINES``)."""
        return self._lines

    def _fit_lines(self, *_args) -> None:
        """Grow or shrink to the lines the text wraps into; only a new height asks for a new layout."""
        lines = min(max(round(self.document().size().height()), 1), MAX_LINES)
        self._lines = lines
        self.ensurePolished()  # the style sheet's border and padding are the contents margins once polished
        font = QFont(self.font())
        # a laid-out line is as tall as the font's full height rounded up, the selected token's bold one included
        # (a zoomed box computed from lineSpacing() kept a pixel too little and showed a scroll bar)
        tallest = QFontMetricsF(font).height()
        font.setBold(True)
        tallest = max(tallest, QFontMetricsF(font).height(), self.fontMetrics().lineSpacing())
        m = self.contentsMargins()
        frame = m.top() + m.bottom() + 2 * self.document().documentMargin() + 4  # 4: what the scroll range wants
        height = int(math.ceil(tallest) * lines + frame)
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setFixedHeight(height)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):  # a zoom or a theme: other line heights
            self._fit_lines()

    def plain_text(self) -> str:
        """The text in the box (as ``toPlainText()``, without converting the document again)."""
        return self._text

    # -- the text -------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """Show ``text`` with the cursor at the end, without echoing it back; nothing when the box holds it.

        Text added at the end (a generated token) or cut from the end is
        inserted or removed alone, so the rest is not laid out again.
        """
        old = self._text
        if text == old or text == self._given:
            return
        self.blockSignals(True)
        try:
            self._choose_wrap(text)
            cursor = QTextCursor(self.document())
            if old and text.startswith(old):
                cursor.movePosition(QTextCursor.End)
                cursor.insertText(text[len(old):])
            elif text and old.startswith(text):
                cursor.movePosition(QTextCursor.End)
                cursor.setPosition(utf16_length(text), QTextCursor.KeepAnchor)
                cursor.removeSelectedText()
            else:
                self.clear_tint()  # the old tints would land on other characters
                self.setPlainText(text)
            self.moveCursor(QTextCursor.End)
        finally:
            self.blockSignals(False)
        self._text, self._given = self.toPlainText(), text

    def _on_changed(self) -> None:
        """An edit by the user: keep the last ``max_chars`` characters, then tell the window."""
        text = self.toPlainText()
        if len(text) > self.max_chars:  # a drop or an input method, which come without an edit block of ours
            self.blockSignals(True)
            try:
                text = self._cut_front(text)
            finally:
                self.blockSignals(False)
        self._text, self._given = text, None
        self._choose_wrap(text)
        self.text_edited.emit(text)

    def _cut_front(self, text: str) -> str:
        """Remove the characters beyond ``max_chars`` from the front, in one edit; returns what is left."""
        cut = len(text) - self.max_chars
        if cut <= 0:
            return text
        cursor = QTextCursor(self.document())
        cursor.setPosition(utf16_length(text[:cut]), QTextCursor.KeepAnchor)
        cursor.removeSelectedText()
        return text[cut:]

    def _edit(self, edit) -> None:
        """Run Qt's own ``edit`` and cut the front in one edit block: the text is laid out once, not twice."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        try:
            edit()
            if self.document().characterCount() - 1 > self.max_chars:  # UTF-16 units: never fewer than characters
                self._cut_front(self.toPlainText())
        finally:
            cursor.endEditBlock()

    def _choose_wrap(self, text: str) -> None:
        mode = QTextOption.WrapAnywhere if has_long_run(text) else QTextOption.WrapAtWordBoundaryOrAnywhere
        if self.wordWrapMode() != mode:
            self.setWordWrapMode(mode)

    def insertFromMimeData(self, source) -> None:  # noqa: N802
        if source.hasText() and has_long_run(source.text()):
            self.setWordWrapMode(QTextOption.WrapAnywhere)  # before Qt lays the pasted run out
        self._edit(lambda: super(TokenTextEdit, self).insertFromMimeData(source))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Ctrl+Enter belongs to the window (Step); plain Enter is a newline as usual.
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ControlModifier:
            event.ignore()
            return
        if len(self._text) >= self.max_chars and event.text():
            self._edit(lambda: super(TokenTextEdit, self).keyPressEvent(event))
        else:
            super().keyPressEvent(event)

    # -- tints ------------------------------------------------------------------
    def set_token_spans(self, text: str, spans: np.ndarray, colors: list[QColor],
                        selected: int = -1) -> None:
        """Tint each token of ``text`` and mark token ``selected``; only the tokens the model saw are touched."""
        if text != self._text:
            return
        bounds = np.clip(np.asarray(spans, dtype=np.int64).reshape(-1, 2), 0, len(text))
        selections: list[QTextEdit.ExtraSelection] = []
        tinted = 0
        if len(bounds):
            first, last = int(bounds.min()), int(bounds.max())
            # UTF-16 offsets of the tokens' part of the text only: the rest may be 200,000 characters
            offsets = utf16_offsets(text[first:last]) + utf16_length(text[:first])
            starts = offsets[bounds[:, 0] - first].tolist()
            ends = offsets[bounds[:, 1] - first].tolist()
            doc = self.document()
            formats: dict[int, QTextCharFormat] = {}  # one per colour: tokens share them
            for i, (a, b) in enumerate(zip(starts, ends)):
                if b <= a:
                    continue
                key = i % len(colors)
                fmt = formats.get(key)
                if fmt is None:
                    fmt = formats[key] = QTextCharFormat()
                    fmt.setBackground(colors[key])
                selections.append(self._selection(doc, a, b, fmt))
            tinted = len(selections)
            if 0 <= selected < len(bounds) and starts[selected] < ends[selected]:
                # the selected token in bold on a strong highlight, readable from the back of a classroom
                mark = QTextCharFormat()
                mark.setBackground(palette.color("selection_bg"))
                mark.setForeground(palette.color("selection_text"))
                mark.setFontWeight(QFont.Bold)
                mark.setFontUnderline(True)
                mark.setUnderlineColor(palette.color("selection"))
                selections.append(self._selection(doc, starts[selected], ends[selected], mark))
        self._tinted = tinted
        self.setExtraSelections(selections)
        self.viewport().update()  # Qt repaints only part of it, and the new token's tint then waits for the cursor blink

    @staticmethod
    def _selection(doc, a: int, b: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(doc)
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.KeepAnchor)
        sel.cursor, sel.format = cursor, fmt
        return sel

    def clear_tint(self) -> None:
        self._tinted = 0
        self.setExtraSelections([])

    def tinted_count(self) -> int:
        """Tokens tinted now (the selected token's mark not counted twice)."""
        return self._tinted
