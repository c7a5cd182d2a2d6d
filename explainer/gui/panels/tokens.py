"""Tokens panel: how the text is split, as coloured chips with their ids."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from explainer.core.trace import Trace
from explainer.gui import numfmt, palette
from explainer.gui.language import notice_text
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState
from explainer.gui.widgets.token_chips import Chip, TokenChipsWidget, visible_token


def token_tooltip(trace: Trace, index: int, tokenizer) -> str:
    """Position, id, raw bytes and the exact characters of one token."""
    token_id = int(trace.token_ids[index])
    try:
        raw = tokenizer.token_bytes(token_id) if tokenizer is not None else b""
    except Exception:  # a tokenizer without byte access still gets a tooltip
        raw = b""
    hex_bytes = " ".join(f"{b:02X}" for b in raw) or "–"
    a, b = (int(x) for x in trace.spans[index])
    template = QCoreApplication.translate(
        "TokensPanel", "token {i} of {n}\nid {id}\nbytes: {bytes}\ntext: “{text}”  (characters {a}–{b})")
    return template.format(i=index + 1, n=trace.n_tokens, id=token_id, bytes=hex_bytes,
                           text=visible_token(trace.text[a:b]), a=a, b=b)


class TokensPanel(Panel):
    """The text as token chips in reading order, with ids, counts and notices.

    Spaces and newlines inside tokens are drawn as visible symbols; hovering a
    chip shows its bytes and id; clicking selects that token in every panel
    (clicking it again clears the selection).
    """

    panel_id = "tokens"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.summary = QLabel()
        self.summary.setProperty("role", "heading")
        # each mark stays beside its word and the last line never holds one word alone when a narrow dock wraps
        legend = self.tr("· space   ↵ newline   hover a token for its bytes, click to select it")
        self.legend = QLabel(numfmt.no_orphan(legend.replace("· ", "·" + numfmt.NBSP).replace("↵ ", "↵" + numfmt.NBSP)))
        self.legend.setProperty("hint", True)  # how to use the window: left out of figures
        self.legend.setProperty("role", "muted")
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.chips = TokenChipsWidget()
        self.chips.grow = 2.5  # alone in a lesson step or presenting: chips a class can read from the back
        self.chips.chip_clicked.connect(self._on_chip_clicked)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chips)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.viewport().installEventFilter(self)  # its height is the room the chips may grow into
        self.chips.installEventFilter(self)  # rewrapped (another width): the newest chip is kept in view
        self.scroll = scroll
        for label in (self.summary, self.legend):  # never make the dock wider than the screen
            label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
            label.setWordWrap(True)  # a narrow dock wraps the text instead of cutting it off
        self.legend.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        top = QHBoxLayout()
        top.addWidget(self.summary, 3)
        top.addWidget(self.legend, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(scroll, 1)
        state.token_changed.connect(self._on_token_changed)
        self.refresh()

    def title(self) -> str:
        return self.tr("Tokens")

    def redraw(self) -> None:
        trace = self.state.trace
        if trace is None:
            self.chips.set_chips([])
            self.summary.setText(self.tr("No tokens yet"))
            self.notice.hide()
            return
        tokenizer = self.state.model.tokenizer if self.state.model is not None else None
        colors = palette.chip_colors()
        chips = [Chip(label, int(tid), colors[i % len(colors)])
                 for i, (label, tid) in enumerate(zip(trace.tokens, trace.token_ids))]
        self.chips.tooltip_for = lambda i, tr=trace, tk=tokenizer: token_tooltip(tr, i, tk)
        self.chips.set_chips(chips)
        self.chips.set_selected(self.state.token)
        n, chars = trace.n_tokens, len(trace.text)
        if n:
            per = (int(trace.spans[-1, 1]) - int(trace.spans[0, 0])) / n
            tokens = self.tr("1 token") if n == 1 else self.tr("{n} tokens").format(n=numfmt.count(n))
            characters = self.tr("1 character") if chars == 1 else \
                self.tr("{c} characters").format(c=numfmt.count(chars))
            per = numfmt.fill(self.tr("{p:.1f} characters per token"), p=per)
            # a narrow dock wraps between the parts, never inside one ("4.3" at a line's end, "characters" below)
            whole = [part.replace(" ", numfmt.NBSP) for part in (characters, tokens, per)]
            self.summary.setText(f"{whole[0]} → {whole[1]} · {whole[2]}")
        else:
            self.summary.setText(self.tr("No tokens yet: type something"))
        self.notice.setVisible(bool(trace.notice) and n > 0)
        self.notice.setText(notice_text(trace.notice))
        if n and self.state.token < 0:
            # typing: keep the newest token in view once the chips have been laid out
            QTimer.singleShot(0, self._show_last_chip)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Resize and obj is self.scroll.viewport():
            self.chips.set_room(obj.height())
        if event.type() == QEvent.Resize and obj in (self.chips, self.scroll.viewport()) and self.state.token < 0 \
                and self.chips.chips():
            QTimer.singleShot(0, self._show_last_chip)  # a higher view, or a scroll bar came or went: rows moved
        return False

    def _show_last_chip(self) -> None:
        n = len(self.chips.chips())
        if n and self.state.token < 0:
            # scrolled by whole rows: the row at the top of a short dock is never cut in half (its ids alone)
            bar = self.scroll.verticalScrollBar()
            bar.setValue(min(bar.maximum(), self.chips.scroll_offset(n - 1, self.scroll.viewport().height())))

    def _on_token_changed(self, index: int) -> None:
        self.chips.set_selected(index)

    def _on_chip_clicked(self, index: int) -> None:
        self.state.select_token(-1 if index == self.state.token else index)
