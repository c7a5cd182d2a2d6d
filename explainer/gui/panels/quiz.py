"""Quiz panel, "What does the model think?": the class guesses, then the model answers.

The teacher types the beginning of a sentence in the app's text box (for a
masked model: a sentence with a mask where the word goes). The model's
prediction stays hidden. Pupils call out guesses; the teacher types them in
the guess box, one or several at once, separated by commas, and presses
Enter. Reveal shows the model's top ten and scores every guess (how: see
``explainer.core.analysis.quiz``); Next round clears the guesses for a new
sentence and keeps the score. A guess added after the reveal, a corrected
text or another model scores the same round again, and its points replace
that round's.

Keys, so that the panel can be run from the keyboard or a clicker in
presentation mode: Enter adds what is typed; Enter on an empty box, or Page
Down, reveals, and pressed again starts the next round.

Scoring runs the model for guesses of more than one token, so it is a job on
the "work" lane; one-token guesses and the top ten come from the Trace the app
already computed whenever it read the same text.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QBoxLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from explainer.core.analysis.quiz import RoundResult, add_guesses, play_round
from explainer.gui import numfmt, palette
from explainer.gui.panels.base import Panel
from explainer.gui.panels.quiz_parts import AdvanceKeys, GuessTable, question_text
from explainer.gui.problems import translate_problem
from explainer.gui.state import AppState
from explainer.gui.widgets.bar_chart import Bar, BarChartWidget, nice_scale
from explainer.gui.widgets.steady_label import SteadyLabel
from explainer.gui.widgets.token_chips import visible_token

SIDE_BY_SIDE_PX = 1100  # from this width (at normal text size) the answer stands beside the guesses


class QuizPanel(Panel):
    """Guesses in, the model's top ten and a score out; one round per sentence (see the module text).

    ``guesses`` are this round's guesses, ``result`` the scored round once
    revealed (None before), ``scores`` the points of every revealed round.
    Reads AppState only; writes nothing to it.
    """

    panel_id = "quiz"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.guesses: list[str] = []
        self.result: RoundResult | None = None
        self.revealed = False  # asked to show the answer (the result may still be on its way)
        self.scores: list[int] = []
        self._scored_round = False  # this round's points are already in ``scores``
        self._asked: tuple | None = None  # what the newest scoring job was asked (see _key)
        self._result_key: tuple | None = None  # what ``result`` answers

        self.heading = QLabel(self.tr("What does the model think comes next?"))
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.question = SteadyLabel()  # plain text, the typed text in it: new on every key
        self.question.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "muted")
        self.entry = QLineEdit()
        self.entry.setPlaceholderText(self.tr("Type the class's guesses, separated by commas, and press Enter"))
        self.entry.returnPressed.connect(self._on_enter)
        self.keys = AdvanceKeys(self)
        self.keys.advance.connect(self.advance)
        self.entry.installEventFilter(self.keys)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(self._on_enter)
        self.table = GuessTable()
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        self.answer.setProperty("role", "heading")
        self.chart = BarChartWidget(label_width=170.0)
        self.reveal_button = QPushButton(self.tr("Reveal"))
        self.reveal_button.setToolTip(self.tr("Show what the model thinks (Enter on an empty box, or Page Down)"))
        self.reveal_button.clicked.connect(self.reveal)
        self.next_button = QPushButton(self.tr("Next round"))
        self.next_button.setToolTip(self.tr("Clear the guesses for a new sentence; the score is kept "
                                            "(Enter on an empty box, or Page Down)"))
        self.next_button.clicked.connect(self.next_round)
        self.clear_button = QPushButton(self.tr("Remove guesses"))
        self.clear_button.clicked.connect(self.clear_guesses)
        self.score = QLabel()
        self.score.setProperty("role", "heading")
        self.score.setWordWrap(True)
        self.hint = QLabel(self.tr("Enter adds a guess; Enter on an empty box (or Page Down) reveals, and then "
                                   "starts the next round. F6 shows this panel alone, so that no other panel "
                                   "gives the answer away."))
        self.hint.setProperty("hint", True)  # how to use the panel: left out of figures
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)

        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.add_button)
        buttons = QHBoxLayout()
        for w in (self.reveal_button, self.next_button, self.clear_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        for w in (self.heading, self.question, self.status):
            layout.addWidget(w)
        layout.addLayout(entry_row)
        self.model_side = QWidget()  # the model's answer: beside the guesses when there is room, else below
        side = QVBoxLayout(self.model_side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.answer)
        side.addWidget(self.chart)
        side.addStretch(1)
        self.results = QBoxLayout(QBoxLayout.TopToBottom)
        self.results.addWidget(self.table, 1, Qt.AlignTop)
        self.results.addWidget(self.model_side, 1)
        layout.addLayout(self.results)
        layout.addLayout(buttons)
        layout.addWidget(self.score)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        state.text_changed.connect(self._on_text_changed)
        self.refresh()

    def title(self) -> str:
        return self.tr("What does the model think?")

    def short_title(self) -> str:
        return self.tr("Quiz")

    def invalidate(self) -> None:
        self.state.jobs.forget(self, "round")
        self._asked = None  # a new model: a revealed round is scored again by it

    # -- the round ----------------------------------------------------------------
    def add_typed(self, typed: str) -> None:
        """Add the guesses in ``typed`` (comma-separated); a revealed round is scored again with them."""
        before = len(self.guesses)
        self.guesses = add_guesses(self.guesses, typed)
        if len(self.guesses) != before:
            self.refresh()

    def clear_guesses(self) -> None:
        self.guesses = []
        self.refresh()

    def reveal(self) -> None:
        """Show the model's answer and the scores (computed in a job; ``result`` is set when it arrives)."""
        self.revealed = True
        self.refresh()

    def next_round(self, focus: bool = True) -> None:
        """A new round: guesses and answer cleared, the score kept."""
        self.state.jobs.forget(self, "round")
        self.guesses, self.result, self.revealed, self._scored_round = [], None, False, False
        self._asked = self._result_key = None
        self.entry.clear()
        if focus:
            self.entry.setFocus()
        self.refresh()

    def _on_text_changed(self, text: str) -> None:
        """A new sentence after a round was revealed and scored starts the next round, the score kept: typing it
        re-scored the class's guesses against the new sentence, and a round of 10 points became 0. Before the
        answer arrives, a corrected text is still the same round."""
        if self.revealed and self._scored_round and self._result_key is not None and text != self._result_key[2]:
            self.next_round(focus=False)  # (the teacher is typing in the text box: the focus stays there)
        else:
            self.refresh()

    def advance(self) -> None:
        """The one key of the quiz: reveal while guessing, then start the next round."""
        if self.revealed:
            self.next_round()
        else:
            self.reveal()

    def _on_enter(self) -> None:
        typed = self.entry.text()
        if typed.strip():
            self.entry.clear()
            self.add_typed(typed)
        elif self.sender() is not self.add_button:
            self.advance()

    def total(self) -> int:
        return sum(self.scores)

    def _problem(self) -> str:
        """Why no round can be played now (empty when one can)."""
        model, text = self.state.model, self.state.text
        if model is None:
            return self.tr("Open a model to play.")
        if not text.strip():
            return self.tr("Type the beginning of a sentence in the text box above.")
        if not model.cfg.causal:
            mask = model.tokenizer.mask_token
            if mask is None:
                return self.tr("This model reads in both directions but has no mask token, so it cannot "
                               "fill in a gap.")
            if mask not in text:
                return self.tr("This model fills in gaps: type {m} where the word should go, "
                               "e.g. “De kat zat op de {m}.”").format(m=mask)
        return ""

    def _ask(self) -> None:
        """Score the round in the background unless the answer shown is already for this model, text and guesses."""
        st = self.state
        asked = self._key()
        if _same(asked, self._asked):
            return
        self._asked = asked
        trace = st.trace if st.trace is not None and st.trace.text == st.text else None
        self.state.jobs.submit(self, "round", play_round, st.model.model, st.model.tokenizer, st.text,
                               list(self.guesses), trace, st.interventions,
                               done=functools.partial(self._on_result, asked), failed=self._on_failed)

    def _key(self) -> tuple:
        """What a scored round depends on: the model, the parts switched off, the text and the guesses."""
        st = self.state
        return st.model, st.interventions, st.text, tuple(self.guesses)

    def _on_result(self, asked: tuple, result: RoundResult) -> None:
        self.result, self._result_key = result, asked
        if self._scored_round:
            self.scores[-1] = result.points  # the same round, scored again (a new guess, a corrected text)
        else:
            self.scores.append(result.points)
            self._scored_round = True
        self.refresh()

    def _on_failed(self, message: str) -> None:
        self._asked = None
        self._say(self.tr("The model could not answer: {m}").format(m=translate_problem(message)))

    # -- drawing ------------------------------------------------------------------
    def _say(self, text: str) -> None:
        """The line under the question (what to do, or what is happening); hidden when there is nothing to say."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def redraw(self) -> None:
        model, text = self.state.model, self.state.text
        self.question.setFont(palette.font(palette.current().font_pt * 1.7, bold=True))
        mask = model.tokenizer.mask_token if model is not None and not model.cfg.causal else None
        self.question.setText(question_text(text, mask) if text.strip() else "")
        problem = self._problem()
        if self.revealed and not problem:
            self._ask()
        shown = self.result if self.revealed and not problem else None
        current = shown is not None and _same(self._result_key, self._key())
        if problem:
            self._say(problem)
        elif self.revealed and not current:
            self._say(self.tr("The model is thinking…"))
        elif self.revealed:
            self._say("")
        else:
            n = len(self.guesses)
            if not n:
                self._say(self.tr("No guesses yet."))
            elif n == 1:
                self._say(self.tr("1 guess; the model's answer is hidden until you reveal it."))
            else:
                self._say(self.tr("{n} guesses; the model's answer is hidden until you reveal it.")
                          .format(n=numfmt.count(n)))
        self.table.show_guesses(self.guesses, shown if current else None)
        self._draw_answer(shown if current else None)
        self.reveal_button.setEnabled(not self.revealed and not problem)
        self.next_button.setEnabled(self.revealed)
        self.clear_button.setEnabled(bool(self.guesses) and not self.revealed)  # a revealed round keeps its guesses
        rounds = len(self.scores) + (0 if self._scored_round else 1)
        this_round = self.tr("this round: {p} points").format(p=numfmt.count(self.scores[-1])) \
            if self._scored_round else self.tr("this round: ?")
        self.score.setText(self.tr("Round {r} · {this} · total: {t} points").format(
            r=numfmt.count(rounds), this=this_round, t=numfmt.count(self.total())))

    def _draw_answer(self, result: RoundResult | None) -> None:
        self.model_side.setVisible(result is not None)
        self.answer.setVisible(result is not None)
        self.chart.setVisible(result is not None)
        if result is None:
            self.chart.set_bars([])
            return
        top = result.top[0]
        self.answer.setText(self.tr("The model thinks: “{w}” ({p})").format(
            w=visible_token(top.label).strip("·") or visible_token(top.label), p=numfmt.pct(top.probability)))
        guessed = {g.token_ids[0] for g in result.guesses if len(g.token_ids) == 1}
        bars = []
        for c in result.top:
            text = numfmt.pct(c.probability) + ("   ✓ " + self.tr("guessed") if c.token_id in guessed else "")
            bars.append(Bar(visible_token(c.label), c.probability, text, True, c.token_id))
        scale = nice_scale(result.top[0].probability if result.top else 1.0)
        self.chart.set_bars(bars, scale, numfmt.pct(scale, 0))
        self.chart.setMinimumHeight(self.chart.sizeHint().height())  # all ten, never cut off: the panel scrolls

    def resizeEvent(self, event) -> None:  # noqa: N802
        """Guesses and the model's answer side by side on a wide screen (a projector), one above the other else."""
        wide = event.size().width() >= SIDE_BY_SIDE_PX * palette.font_scale()
        self.results.setDirection(QBoxLayout.LeftToRight if wide else QBoxLayout.TopToBottom)
        super().resizeEvent(event)

    def export_table(self) -> tuple[list[str], list[list]] | None:
        """The revealed round: the model's top ten, then every guess with its probability, rank and points."""
        r = self.result
        if r is None or not self.revealed:
            return ["kind", "rank", "text", "tokens", "probability", "points"], []
        rows = [["model", c.rank, c.label, c.label, c.probability, ""] for c in r.top]
        rows += [["guess", g.rank if g.rank is not None else "", g.guess, "|".join(g.pieces), g.probability, g.points]
                 for g in r.guesses]
        return ["kind", "rank", "text", "tokens", "probability", "points"], rows


def _same(a: tuple | None, b: tuple | None) -> bool:
    """Two round keys ask the same: the very same model and interventions objects, equal text and guesses."""
    return a is not None and b is not None and a[0] is b[0] and a[1] is b[1] and a[2:] == b[2:]
