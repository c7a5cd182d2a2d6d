"""Next-token panel: what the model expects next, and what sampling would pick.

For a causal model: the top candidates after the last token as bars, with
temperature, top-k and top-p applied live (candidates those filters remove are
greyed), the entropy, and Step / Generate N, which pick tokens exactly as
``explainer.core.analysis.sampling`` does and append them one at a time.

For a bidirectional (masked) model: every mask token in the text gets its own
list of candidates (the logits at that position); Step fills the first mask.
"""

from __future__ import annotations

import functools

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLabel, QPushButton, QRadioButton,
                               QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from explainer.core.analysis.sampling import choose_text, choose_token
from explainer.core.trace import (Trace, entropy_bits, next_token_distribution, prediction_positions, softmax,
                                   top_ids)
from explainer.gui import numfmt
from explainer.gui.panels.base import Panel
from explainer.gui.panels.next_token_parts import CandidateList, replace_span, token_piece
from explainer.gui.state import AppState, shown_text
from explainer.gui.widgets.decimal_spin import DecimalSpinBox
from explainer.gui.widgets.flow import FlowLayout
from explainer.gui.widgets.steady_label import SteadyLabel

SHOWN = 10  # candidates drawn per list
STEP_PAUSE_MS = 90  # pause between generated tokens, so the animation can be followed


def candidate_bars_data(logits: np.ndarray, temperature: float, top_k: int, top_p: float, n: int = SHOWN):
    """Top ``n`` ids by logit, their probability after temperature, kept flags and sampling probabilities."""
    logits = np.asarray(logits, dtype=np.float64)
    n = min(n, logits.shape[-1])
    top = top_ids(logits, n)
    shown = softmax(logits, max(temperature, 1e-6))
    if temperature > 0 and top_k <= 0 and top_p >= 1.0:
        # no filter: sampling draws from ``shown`` itself (and sorting the vocabulary is skipped)
        return top, shown[top], np.ones(len(top), bool), shown[top], shown
    sampling, kept = next_token_distribution(logits, temperature, top_k, top_p)
    return top, shown[top], kept[top], sampling[top], sampling


def text_tail(text: str, chars: int = 28) -> str:
    """The end of ``text`` to quote in a heading: its last ``chars`` characters or fewer, from the start of a
    word ("…op de mat", not "…p de mat", which a class reads as a word)."""
    text = text.replace("\n", " ")
    if len(text) <= chars:
        return text
    tail = text[-chars:]
    space = tail.find(" ")
    if 0 <= space < len(tail) - 1:
        tail = tail[space + 1:]
    return "…" + tail

class NextTokenPanel(Panel):
    """Top-k candidates with sampling controls, entropy, Step and Generate N.

    Writes only through AppState: ``set_sampling`` for the controls and
    ``set_text`` when a candidate is clicked or a token is generated. Each
    generated token is picked by a job on the "work" lane (sorting a large
    vocabulary takes a few ms); it gets a copy of one row of logits, never
    the model.
    """

    panel_id = "next_token"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._remaining = 0  # tokens still to generate
        self._waiting = False  # a token was added; the next one waits for its Trace
        self._rng = None
        self._stream: tuple = (None, None)  # (seed, the text after the last token added): where Step goes on
        self._expected_text: str | None = None

        self.temperature = DecimalSpinBox(decimals=2, minimum=0.0, maximum=5.0, singleStep=0.1)
        self.temperature.setToolTip(self.tr("Temperature: below 1 sharpens the distribution, above 1 flattens it; "
                                            "0 always picks the most likely token"))
        self.top_k = QSpinBox(minimum=0, maximum=100000)
        self.top_k.setSpecialValueText(self.tr("off"))
        self.top_k.setToolTip(self.tr("Top-k: keep only the k most likely tokens (off = keep all)"))
        self.top_p = DecimalSpinBox(decimals=2, minimum=0.01, maximum=1.0, singleStep=0.05)
        self.top_p.setToolTip(self.tr("Top-p: keep the smallest set of tokens whose probabilities add up to p"))
        for w in (self.temperature, self.top_k, self.top_p):
            w.valueChanged.connect(self._on_controls_changed)
        self.controls_box = QWidget()  # sampling settings: hidden for a masked model, which does not sample
        controls = FlowLayout(self.controls_box, spacing=16)  # wraps in a narrow dock instead of scrolling
        for text, w in ((self.tr("Temperature"), self.temperature), (self.tr("Top-k"), self.top_k),
                        (self.tr("Top-p"), self.top_p)):
            pair = QWidget()  # a label stays with its box when the row wraps
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(QLabel(text))
            row.addWidget(w)
            controls.addWidget(pair)

        self.heading = SteadyLabel()  # quotes the text: new on every key
        self._quoting = ("", "")  # (text, heading) of the last "After “…” the model expects:"
        self.heading.setProperty("role", "heading")
        self.lists_box = QWidget()
        self.lists_layout = QVBoxLayout(self.lists_box)
        self.lists_layout.setContentsMargins(0, 0, 0, 0)
        self.lists_layout.addStretch(0)  # (the lists take the height: see _ensure_lists)
        self.lists: list[CandidateList] = []
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.lists_box)
        scroll.setFrameShape(QScrollArea.NoFrame)
        self.entropy_label = SteadyLabel()  # new on every key: repainted, not re-laid out

        self.step_button = QPushButton(self.tr("Step"))
        self.step_button.setToolTip(self.tr("Add one token chosen with the settings above (Ctrl+Enter)"))
        self.step_button.clicked.connect(lambda: self.start_generation(1, go_on=True))
        self.n_spin = QSpinBox(minimum=1, maximum=200, value=10)
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.clicked.connect(lambda: self.start_generation(self.n_spin.value()))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self.stop_generation)
        self.stop_button.setEnabled(False)
        self.greedy = QRadioButton(self.tr("greedy"))
        self.sampled = QRadioButton(self.tr("sampled, seed"))
        self.greedy.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.greedy)
        group.addButton(self.sampled)
        self.seed = QSpinBox(minimum=0, maximum=999999, value=42)
        self.tokens_label = QLabel(self.tr("tokens"))
        buttons = QHBoxLayout()
        for w in (self.step_button, self.generate_button, self.n_spin, self.tokens_label, self.stop_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        self.pick_box = QWidget()
        how = QHBoxLayout(self.pick_box)
        how.setContentsMargins(0, 0, 0, 0)
        how.addWidget(QLabel(self.tr("Pick:")))
        for w in (self.greedy, self.sampled, self.seed):
            how.addWidget(w)
        how.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.controls_box)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.entropy_label)
        layout.addLayout(buttons)
        layout.addWidget(self.pick_box)

        state.trace_changed.connect(self._continue_generation)
        state.sampling_changed.connect(self._on_sampling_changed)
        state.text_changed.connect(self._on_text_changed)
        self._sync_controls()
        self.refresh()

    def title(self) -> str:
        """Also the dock's tab: a masked model fills in a [MASK], it does not predict a next token."""
        return self.tr("Masked word") if self.masked_mode() else self.tr("Next token")

    def invalidate(self) -> None:
        self.stop_generation()  # a new model: its first Trace starts from the user's text again

    # -- drawing ------------------------------------------------------------
    def masked_mode(self) -> bool:
        model = self.state.model
        return model is not None and not model.cfg.causal

    def _positions(self, trace: Trace | None) -> list[int]:
        """Positions whose candidates are shown: the masks (masked model) or the last token.

        A masked model's text without a mask gets none: the heading asks for one.
        """
        if trace is None or trace.n_tokens == 0:
            return []
        masked, mask_id = self.masked_mode(), self.state.model.tokenizer.mask_id
        positions = prediction_positions(trace.token_ids, not masked, mask_id)
        if masked and (mask_id is None or int(trace.token_ids[positions[0]]) != mask_id):
            return []  # no mask typed: the heading asks for one (a comparison would read the last token)
        return positions

    def _ensure_lists(self, n: int) -> None:
        while len(self.lists) < n:
            lst = CandidateList()
            lst.candidate_clicked.connect(self._on_candidate_clicked)
            self.lists.append(lst)
            self.lists_layout.insertWidget(len(self.lists) - 1, lst, 1)  # the lists share the height
        for i, lst in enumerate(self.lists):
            lst.setVisible(i < n)

    def _after_heading(self, text: str) -> str:
        """"After “…the end of the text” the model expects:", quoting less where the line would wrap (a short
        quote keeps the heading on one line, and the line it saves goes to the candidates)."""
        template = self.tr("After “{t}” the model expects:")
        room = self.heading.width() - 4
        fm = self.heading.fontMetrics()
        for chars in (28, 22, 16):
            heading = template.format(t=text_tail(text, chars))
            if room < 100 or fm.horizontalAdvance(heading) <= room:  # (not laid out yet: the longest quote)
                break
        self._quoting = (text, heading)
        return heading

    def resizeEvent(self, event) -> None:  # noqa: N802
        """A wider or narrower dock quotes more or less of the text."""
        super().resizeEvent(event)
        text, heading = self._quoting
        if heading and self.heading.text() == heading:
            self.heading.setText(self._after_heading(text))

    def redraw(self) -> None:
        trace, model = self.state.trace, self.state.model
        positions = self._positions(trace)
        masked = self.masked_mode()
        self.controls_box.setVisible(not masked)
        self.pick_box.setVisible(not masked)
        self.generate_button.setVisible(not masked)
        self.n_spin.setVisible(not masked)
        self.tokens_label.setVisible(not masked)
        self.step_button.setText(self.tr("Fill next mask") if masked else self.tr("Step"))
        self._update_buttons(bool(positions))
        self._ensure_lists(len(positions))
        if trace is None or not positions:
            if masked and trace is not None and trace.n_tokens and model.tokenizer.mask_token is None:
                self.heading.setText(self.tr("This model reads in both directions but its vocabulary has no "
                                             "mask token, so it cannot fill in gaps here."))
            elif masked and trace is not None and trace.n_tokens:
                mask = model.tokenizer.mask_token
                self.heading.setText(self.tr("This model fills in gaps: type {m} where a word should go, "
                                             "e.g. “De kat zat op de {m}.”").format(m=mask))
            else:
                self.heading.setText(self.tr("Type some text to see what comes next."))
            self.entropy_label.setText("")
            return
        s = self.state
        entropies = []
        for lst, pos in zip(self.lists, positions):
            ids, shown, kept, sampling, full = candidate_bars_data(trace.logits_at(pos), s.temperature, s.top_k, s.top_p)
            lst.show_candidates(pos, ids, shown, kept, sampling, model.tokenizer,
                                filtered=s.top_k > 0 or s.top_p < 1.0 or s.temperature <= 0)
            entropies.append(entropy_bits(full))
        if masked:
            self.heading.setText(self.tr("Candidates for each {m} in the text (click one to fill it in)")
                                 .format(m=model.tokenizer.mask_token))
            for lst, pos in zip(self.lists, positions):
                lst.set_title(self.tr("{m} at token {i}").format(m=model.tokenizer.mask_token, i=pos + 1))
        else:
            self.heading.setText(self._after_heading(trace.text))
            self.lists[0].set_title("")
        h = entropies[0]
        choices = max(1, round(2.0 ** h))  # a whole number: "a choice among 402.5 tokens" means nothing to a class
        if choices == 1:
            how = self.tr("Uncertainty (entropy): {h:.2f} bits: the model is as good as certain")
        else:
            how = self.tr("Uncertainty (entropy): {h:.2f} bits, as unsure as a choice among about {n} "
                          "equally likely tokens")
        self.entropy_label.setText(numfmt.fill(how, h=h, n=numfmt.count(choices)))

    # -- controls -----------------------------------------------------------
    def _on_controls_changed(self) -> None:
        self.state.set_sampling(self.temperature.value(), self.top_k.value(), self.top_p.value())

    def _on_sampling_changed(self) -> None:
        self._sync_controls()
        self.refresh()

    def _sync_controls(self) -> None:
        s = self.state
        for w, value in ((self.temperature, s.temperature), (self.top_k, s.top_k), (self.top_p, s.top_p)):
            w.blockSignals(True)
            w.setValue(value)
            w.blockSignals(False)

    def _on_candidate_clicked(self, position: int, token_id: int) -> None:
        self.stop_generation()
        self._apply_token(position, token_id)

    def _apply_token(self, position: int, token_id: int) -> None:
        """Append the token (causal) or put it in place of the mask at ``position``."""
        trace, model = self.state.trace, self.state.model
        if trace is None or model is None:
            return
        piece = token_piece(model.tokenizer, token_id)
        if self.masked_mode():
            a, b = (int(x) for x in trace.spans[position])
            text = replace_span(self.state.text, a, b, piece)
        else:
            text = self.state.text + piece
        self._apply_text(text)

    def _apply_text(self, text: str) -> None:
        self._expected_text = shown_text(text)  # as the state keeps it
        self.state.set_text(text)

    # -- generation ---------------------------------------------------------
    def start_generation(self, n: int, go_on: bool = False) -> None:
        """Add ``n`` tokens one at a time, each after the Trace of the previous one is shown.

        Sampled, a run starts its random numbers from the seed, so the same seed writes the same text. ``go_on``
        (Step): a step right after the last token this panel added draws the next numbers of the same stream, as
        a run of Generate would; it drew the seed's first number again every time, the same choice each step.
        """
        seed = self.seed.value() if self.sampled.isChecked() else None
        same_stream = go_on and self._rng is not None and self._stream == (seed, self.state.text)
        self.resume_generation(n, self._rng if same_stream else None if seed is None else np.random.default_rng(seed))

    def hand_over(self) -> tuple | None:
        """Stop a generation going on and return what ``resume_generation`` needs to go on with it elsewhere (the
        tokens still to come, the random numbers); None when none goes on."""
        carried = (self._remaining, self._rng) if self.generating() else None
        self.stop_generation()
        return carried

    def resume_generation(self, remaining: int, rng) -> None:
        """Add ``remaining`` tokens drawn with ``rng`` (None: greedy); another window's run goes on here too."""
        self.state.jobs.forget(self, "choose")  # a token still being picked for an earlier run is dropped
        self._remaining, self._rng = int(remaining), rng
        self._stream = (self.seed.value() if rng is not None else None, None)
        self._update_buttons(True)
        self._request_step()

    def stop_generation(self) -> None:
        self.state.jobs.forget(self, "choose")
        self._remaining = 0
        self._waiting = False
        self._update_buttons(bool(self.state.trace is not None and self.state.trace.n_tokens))

    def generating(self) -> bool:
        return self._remaining > 0

    def _continue_generation(self, _trace: Trace | None) -> None:
        """The Trace of the last generated token arrived: pick the next one after a short pause."""
        trace = self.state.trace
        if self._remaining and self._waiting and trace is not None and trace.text == self.state.text:
            self._waiting = False
            QTimer.singleShot(STEP_PAUSE_MS, self._request_step)

    def _request_step(self) -> None:
        trace = self.state.trace
        if not self._remaining:
            return
        if trace is None or trace.text != self.state.text:
            self._waiting = True  # the Trace for the current text is still on its way
            return
        positions = self._positions(trace)
        if not positions:
            self.stop_generation()
            return
        s = self.state
        temperature = s.temperature if self._rng is not None else 0.0
        logits = trace.logits_at(positions[0]).copy()
        if self.masked_mode():
            self.state.jobs.submit(self, "choose", choose_token, logits, temperature, s.top_k, s.top_p, self._rng,
                                   done=functools.partial(self._on_chosen, positions[0]),
                                   failed=self._on_choose_failed)
        else:  # appended at the end: as many tokens as make whole characters (sampling.choose_text)
            self.state.jobs.submit(self, "choose", choose_text, s.model.model, s.model.tokenizer,
                                   trace.token_ids.tolist(), logits, temperature, s.top_k, s.top_p, self._rng,
                                   done=functools.partial(self._on_chosen, positions[0]),
                                   failed=self._on_choose_failed)

    def _on_chosen(self, position: int, chosen) -> None:
        """A token id (masked model), or (token ids, the text they add) at the end of the text."""
        if not self._remaining:
            return
        ids, added = ([chosen], None) if isinstance(chosen, int) else chosen
        self._remaining = max(0, self._remaining - len(ids))
        self._waiting = self._remaining > 0
        if added is None:
            self._apply_token(position, ids[0])
        else:
            self._apply_text(self.state.text + added)
        if self._rng is not None:
            self._stream = (self.seed.value(), self.state.text)
        if not self._remaining:
            self._update_buttons(True)

    def _on_choose_failed(self, message: str) -> None:
        self.stop_generation()
        self.state.set_message(message)

    def _on_text_changed(self, text: str) -> None:
        if self._remaining and text != self._expected_text:
            self.stop_generation()  # the user typed: their text wins

    def _update_buttons(self, has_candidates: bool) -> None:
        busy = self._remaining > 0
        self.step_button.setEnabled(has_candidates and not busy)
        self.generate_button.setEnabled(has_candidates and not busy)
        self.stop_button.setEnabled(busy)
