"""What the four "why this word?" panels share: the prediction they explain, slow work with progress, a key delay.

``Explained`` names one prediction (position, token, runner-up);
``TargetPicker`` lets a person pick which candidate to explain; ``SlowJob``
runs a function on the ``work`` lane with a progress bar and a stop button,
the newest request winning; ``is_small`` says whether a model is small
enough for the slower methods to follow every key by themselves.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from explainer.core.checkpoints.base import LoadedModel
from explainer.core.trace import Trace, prediction_positions, top_ids
from explainer.gui import numfmt
from explainer.gui.widgets.token_chips import visible_token

SMALL_MODEL = 30_000_000  # parameters: below this the slow methods run by themselves as the text changes
KEY_DELAY_MS = 350  # slow methods start this long after the last key, so typing is never held up
SHOW_AFTER_MS = 700  # a run shows its progress bar once it has taken this long (SlowJob)
CANDIDATES = 5  # next tokens offered to explain


@dataclass(frozen=True)
class Explained:
    """The prediction a panel explains: at ``position``, token ``target`` (and the runner-up it beats)."""

    position: int
    target: int
    runner_up: int
    target_text: str
    runner_up_text: str
    probability: float


def is_small(loaded: LoadedModel | None) -> bool:
    return loaded is not None and loaded.n_params < SMALL_MODEL


def explained_position(state, trace: Trace) -> int:
    """The selected token's position, else the last place the model makes a prediction."""
    pos = state.selected_position()
    if 0 <= pos < trace.n_tokens and (trace.logit_positions is None or pos in set(trace.logit_positions.tolist())):
        return pos
    if trace.logit_positions is not None and trace.logit_positions.size:  # where the app computed predictions:
        return int(trace.logit_positions[-1])  # a masked model's last [MASK] (the last token had no logits there)
    loaded = state.model
    places = prediction_positions(trace.token_ids, trace.causal,
                                  getattr(loaded.tokenizer, "mask_id", None) if loaded is not None else None)
    return int(places[-1]) if len(places) else trace.n_tokens - 1


_last_candidates: list = [None, None]  # [(trace id, position, k), answer]: two panels ask the same on every key


def candidates(trace: Trace, position: int, tokenizer, k: int = CANDIDATES) -> list[tuple[int, str, float]]:
    """The ``k`` likeliest next tokens at ``position``: (id, text, probability)."""
    key = (id(trace), position, k, id(tokenizer))
    if _last_candidates[0] == key:
        return _last_candidates[1]
    logits = trace.logits_at(position).astype(np.float64)
    top = top_ids(logits, k)  # the k largest, in linear time
    shifted = np.exp(logits - logits[top[0]])
    probs = shifted[top] / shifted.sum()
    answer = [(int(t), visible_token(tokenizer.decode([int(t)])), float(p)) for t, p in zip(top, probs)]
    _last_candidates[0], _last_candidates[1] = key, answer
    return answer


class TargetPicker(QWidget):
    """"Explain: [candidate ▾]" — the likeliest next tokens at the explained place; the first by default."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self.tr("Explain the prediction:"))
        self.combo = QComboBox()
        # room for a word and its share ("“·bank”  23,3 %" read "“·bank”  23,3 '" in a narrow panel)
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(20)
        self._items: list[tuple[int, str, float]] = []
        self._chosen: int | None = None  # the token someone picked below the first row; None: the likeliest
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.combo, 1)
        self.combo.activated.connect(lambda _i: self.changed.emit())
        self.combo.currentIndexChanged.connect(self._note_choice)  # (not while set_candidates fills it)
        self.combo.activated.connect(self._note_choice)  # the first row picked again while it shows the pick

    def _note_choice(self, index: int) -> None:
        self._chosen = self._items[index][0] if 0 < index < len(self._items) else None

    def set_candidates(self, items: list[tuple[int, str, float]]) -> None:
        """The candidates for a new text: the token someone picked stays picked while it is among them;
        otherwise the first (the likeliest) is explained. A new text's likeliest word is explained, not
        the old text's, which a lesson step's new sentence often still lists lower down."""
        self._items = items
        quoted = self.tr("“{t}”  {p}")  # the language's own quotation marks
        texts = [quoted.format(t=text, p=numfmt.pct(p)) for _tok, text, p in items]
        self.combo.blockSignals(True)
        if self.combo.count() == len(texts):
            # new words in the same number of rows (every key): set the texts in place; emptying and
            # refilling the list re-lays the whole panel out
            for i, text in enumerate(texts):
                if self.combo.itemText(i) != text:
                    self.combo.setItemText(i, text)
        else:
            self.combo.clear()
            self.combo.addItems(texts)
        ids = [t for t, _, _ in items]
        if self._chosen not in ids:
            self._chosen = None
        self.combo.setCurrentIndex(ids.index(self._chosen) if self._chosen is not None else 0)
        self.combo.blockSignals(False)

    def current(self) -> tuple[int, str, float] | None:
        i = self.combo.currentIndex()
        return self._items[i] if 0 <= i < len(self._items) else None

    def explained(self, trace: Trace, position: int) -> Explained | None:
        """The chosen candidate and the likeliest other token, at ``position``."""
        chosen = self.current()
        if chosen is None:
            return None
        others = [item for item in self._items if item[0] != chosen[0]]
        second = others[0] if others else chosen
        return Explained(position, chosen[0], second[0], chosen[1], second[1], chosen[2])


class SlowJob(QWidget):
    """A progress bar with a stop button for one slow computation at a time (newest wins).

    ``start(fn, *args, done=…, failed=…)`` runs ``fn(*args, progress, cancelled)``
    on the ``work`` lane; ``progress(done, of)`` may be called from the
    worker, the bar follows it a few times a second.

    With ``wanted`` (what the panel would compute now, as a comparable key)
    and ``begin`` (the panel's own start), ``follow()`` lets a small model's
    result follow the text: at once when nothing is shown yet, else a moment
    after the last key, never twice for the same key. ``shown_key`` is the
    key of the result on screen.

    The bar appears only once a run has taken ``SHOW_AFTER_MS``: a small model's result, recomputed a moment
    after each pause in typing, took 0.3-0.5 s, and a bar shown and hidden for it moved everything under it
    down and back up each time.
    """

    def __init__(self, panel, tag: str, parent: QWidget | None = None,
                 wanted: Callable[[], Any] | None = None, begin: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.panel, self.tag = panel, tag
        self.wanted, self.begin = wanted, begin
        self.shown_key = self.running_key = None
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self.stop)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.stop_button)
        self._stop = threading.Event()
        self._count = [0, 0]
        self._timer = QTimer(self)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._show_progress)
        self.delay = QTimer(self)  # the key delay before a small model's result follows the text
        self.delay.setSingleShot(True)
        self.delay.setInterval(KEY_DELAY_MS)
        self.delay.timeout.connect(self._delay_over)
        self.running = False
        self._since = 0.0  # when the run now going began (time.monotonic)
        self.hide()

    def follow(self, allowed: bool = True) -> None:
        """Start (now, or after the key delay) when what is wanted is not what is shown or running."""
        if not allowed or self.wanted is None or self.wanted() == self.shown_key:
            return
        if self.shown_key is None and not self.running:
            self.begin()
        elif not (self.running and self.running_key == self.wanted()):
            self.delay.start()

    def _delay_over(self) -> None:
        if self.wanted() != self.shown_key:
            self.begin()

    def start(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None],
              failed: Callable[[str], None]) -> None:
        self._stop.set()  # an older run stops at its next step
        stop, count = threading.Event(), [0, 0]
        self._stop, self._count = stop, count
        key = self.running_key = self.wanted() if self.wanted is not None else None

        def progress(n: int, of: int) -> None:
            count[0], count[1] = n, of

        def finish(result):
            self._end()
            self.shown_key = key
            done(result)

        def fail(message: str):
            self._end()
            failed(message)

        self.running = True
        self.bar.setRange(0, 0)
        self._since = time.monotonic()
        self._timer.start()  # (the bar shows once the run has taken SHOW_AFTER_MS)
        self.panel.state.jobs.submit(self.panel, self.tag, fn, *args, progress, stop.is_set,
                                     done=finish, failed=fail)

    def stop(self) -> None:
        self._stop.set()

    def forget(self) -> None:
        """A new model: nothing shown or running any more counts."""
        self._stop.set()
        self.delay.stop()
        self.panel.state.jobs.forget(self.panel, self.tag)
        self.shown_key = self.running_key = None
        self._end()

    def _end(self) -> None:
        self.running = False
        self._timer.stop()
        self.hide()

    def _show_progress(self) -> None:
        if self.isHidden() and time.monotonic() - self._since >= SHOW_AFTER_MS / 1000:
            self.show()
        n, of = self._count
        if of:
            self.bar.setRange(0, of)
            self.bar.setValue(n)
            self.bar.setFormat(self.tr("{n} of {of}").format(n=n, of=of))


def plain_label(text: str = "") -> QLabel:
    """A wrapped explanation line."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label
