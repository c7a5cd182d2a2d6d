"""The quiz panel: guesses in by keyboard, the answer hidden until revealed, and shown as the Trace says."""

from __future__ import annotations

import functools
import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explainer.core.analysis import quiz as Q
from explainer.core.checkpoints import load_model
from explainer.core.trace import softmax
from explainer.gui import numfmt
from explainer.gui.panels import quiz as quiz_panel
from explainer.gui.panels.quiz import QuizPanel
from explainer.paths import models_dir


@pytest.fixture(scope="module")
def gpt():
    return load_model(models_dir() / "tiny-gpt-nl-en", device="cpu")


@pytest.fixture(scope="module")
def bert():
    return load_model(models_dir() / "tiny-bert-nl-en", device="cpu")


@pytest.fixture
def show(show_panel):
    return functools.partial(show_panel, QuizPanel, size=(900, 900))


def wait_revealed(qtbot, panel):
    qtbot.waitUntil(lambda: panel.result is not None and not panel.state.jobs.pending(panel), timeout=20000)


def test_guesses_are_listed_and_the_answer_stays_hidden(qtbot, show, gpt):
    state, panel, _trace = show(gpt, "De kat zat op de")
    # no guesses, no table: its empty header row under the entry box looked like a second box to type in
    assert not panel.table.isVisible() and panel.entry.isVisible()
    qtbot.keyClicks(panel.entry, "mat, bank")
    qtbot.keyClick(panel.entry, Qt.Key_Return)
    assert panel.table.isVisible()
    qtbot.keyClicks(panel.entry, "stoel")
    qtbot.keyClick(panel.entry, Qt.Key_Return)
    assert panel.guesses == ["mat", "bank", "stoel"]
    assert panel.table.cell_texts() == [["mat"], ["bank"], ["stoel"]]  # no probabilities before the reveal
    assert not panel.chart.isVisible() and not panel.answer.isVisible()
    assert panel.question.text().endswith("De kat zat op de ___")
    assert panel.reveal_button.isEnabled() and not panel.next_button.isEnabled()
    assert not state.jobs.pending(panel)  # nothing is computed until someone asks


def test_enter_on_an_empty_box_reveals_the_scores_of_the_trace(qtbot, show, gpt):
    state, panel, trace = show(gpt, "De kat zat op de")
    panel.add_typed("mat, bank, kinderboekenweek")
    qtbot.keyClick(panel.entry, Qt.Key_Return)  # the box is empty: reveal
    wait_revealed(qtbot, panel)
    probs = softmax(trace.logits_at(-1))
    order = np.argsort(-probs, kind="stable")[:10]
    bars = panel.chart.bars()
    assert [b.key for b in bars] == order.tolist()
    np.testing.assert_allclose([b.value for b in bars], probs[order], rtol=1e-6)
    tok = gpt.tokenizer
    rows = panel.table.cell_texts()
    for row, guess in zip(rows, ["mat", "bank"]):
        tid = tok.encode("De kat zat op de " + guess).ids[-1]
        rank = 1 + int((probs > probs[tid]).sum())
        assert row == [guess, "·" + guess, numfmt.pct(probs[tid]), numfmt.count(rank),
                       numfmt.count(max(0, 11 - rank))]
    guessed = [b for b in bars if "✓" in b.text]  # the model's candidates a pupil guessed are marked
    assert {b.key for b in guessed} == {t for t in (tok.encode(" mat").ids[0], tok.encode(" bank").ids[0])
                                        if t in order}
    best = max(panel.result.guesses, key=lambda g: g.points)
    assert panel.scores == [best.points]
    assert panel.score.text() == f"Round 1 · this round: {best.points} points · total: {best.points} points"
    assert rows[2][0] == "kinderboekenweek" and "|" in rows[2][1]  # three tokens, scored as their product


def test_page_down_reveals_then_starts_the_next_round_keeping_the_score(qtbot, show, gpt):
    state, panel, _trace = show(gpt, "De kat zat op de")
    panel.add_typed("bank")
    qtbot.keyClick(panel.entry, Qt.Key_PageDown)
    wait_revealed(qtbot, panel)
    first = panel.scores[0]
    assert first == panel.result.points > 0
    qtbot.keyClick(panel.entry, Qt.Key_PageDown)
    assert panel.guesses == [] and not panel.revealed and not panel.chart.isVisible()
    assert panel.scores == [first] and panel.total() == first
    assert panel.score.text().startswith("Round 2 · this round: ?")


def test_a_new_sentence_after_the_reveal_starts_the_next_round_and_keeps_the_points(qtbot, show, gpt):
    """A teacher who typed the next sentence straight after the reveal (without Next round) saw the class's
    guesses scored again against it: the round's 10 points became 0. The new sentence now starts the next
    round, and the points stay."""
    state, panel, _trace = show(gpt, "De kat zat op de")
    panel.add_typed("bank")
    panel.reveal()
    wait_revealed(qtbot, panel)
    first = panel.scores[0]
    assert first > 0
    state.set_text("Morgen gaan we naar de")
    assert not panel.revealed and panel.guesses == [] and panel.scores == [first] and panel.total() == first
    assert panel.score.text().startswith("Round 2 · this round: ?")
    qtbot.wait(300)
    assert panel.scores == [first]  # no answer for the old round arrives later to change it


def test_a_guess_added_after_the_reveal_rescores_the_same_round(qtbot, show, gpt):
    state, panel, _trace = show(gpt, "De kat zat op de")
    panel.add_typed("tafel")
    panel.reveal()
    wait_revealed(qtbot, panel)
    panel.add_typed("bank")
    qtbot.waitUntil(lambda: [g.guess for g in panel.result.guesses] == ["tafel", "bank"], timeout=20000)
    assert len(panel.scores) == 1 and panel.scores[0] == panel.result.points


def test_the_model_runs_in_a_job_not_on_the_gui_thread(qtbot, show, gpt, monkeypatch):
    threads = []
    real = Q.play_round

    def spy(*args, **kw):
        threads.append(threading.current_thread())
        return real(*args, **kw)

    monkeypatch.setattr(quiz_panel, "play_round", spy)
    state, panel, _trace = show(gpt, "De kat zat op de")
    panel.add_typed("kinderboekenweek")
    panel.reveal()
    wait_revealed(qtbot, panel)
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_the_masked_model_asks_for_a_mask_then_answers_at_it(qtbot, show, bert):
    state, panel, _trace = show(bert, "De kat zat op de mat.")
    assert "[MASK]" in panel.status.text() and not panel.reveal_button.isEnabled()
    text = "De kat zat op de [MASK]."
    state.set_text(text)
    from explainer.core.trace import run

    trace = run(bert.model, bert.tokenizer, text)
    state.accept_trace(state.next_request_id(), trace)
    assert panel.question.text() == "De kat zat op de ___."
    panel.add_typed("tuin, mat")
    panel.advance()
    wait_revealed(qtbot, panel)
    at = list(trace.token_ids).index(bert.tokenizer.mask_id)
    probs = softmax(trace.logits_at(at))
    order = np.argsort(-probs, kind="stable")[:10]
    assert [b.key for b in panel.chart.bars()] == order.tolist()
    assert [g.guess for g in panel.result.guesses] == ["tuin", "mat"]
    for score in panel.result.guesses:
        (tid,) = score.token_ids
        assert bert.tokenizer.decode([tid]) == " " + score.guess
        assert score.probability == pytest.approx(float(probs[tid]), rel=1e-6)
    assert panel.table.cell_texts()[0][2] == numfmt.pct(panel.result.guesses[0].probability)


def test_a_new_model_scores_the_revealed_round_again(qtbot, show, gpt, tiny_model):
    state, panel, _trace = show(gpt, "de kat zat op de")
    panel.add_typed("mat")
    panel.reveal()
    wait_revealed(qtbot, panel)
    old = panel.result
    state.set_model(tiny_model)
    qtbot.waitUntil(lambda: panel.result is not old and not state.jobs.pending(panel), timeout=20000)
    assert len(panel.result.guesses[0].token_ids) == 4  # the character model spells " mat"
    assert len(panel.scores) == 1
