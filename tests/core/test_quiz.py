"""The quiz's scores are the model's own probabilities: checked against the Trace and against fresh forward passes."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from explainer.core.analysis import quiz as Q
from explainer.core.checkpoints import load_model
from explainer.core.trace import run, softmax
from explainer.paths import models_dir


@pytest.fixture(scope="module")
def gpt():
    return load_model(models_dir() / "tiny-gpt-nl-en", device="cpu")


@pytest.fixture(scope="module")
def bert():
    return load_model(models_dir() / "tiny-bert-nl-en", device="cpu")


def fused_logits(loaded, ids) -> np.ndarray:
    """(T, V) logits of the fused path, independent of the capture code a Trace comes from."""
    with torch.no_grad():
        return loaded.model(torch.tensor([list(ids)]))[0].float().numpy()


# -- guesses as typed ------------------------------------------------------------------
def test_guesses_are_split_on_commas_semicolons_and_lines_without_repeats():
    assert Q.parse_guesses(" mat, bank;stoel\n\nmat ,  ") == ["mat", "bank", "stoel"]
    assert Q.parse_guesses("op de bank") == ["op de bank"]  # several words make one guess
    assert Q.parse_guesses("x" * 100) == ["x" * Q.MAX_GUESS_CHARS]
    assert Q.add_guesses(["mat"], "bank, mat") == ["mat", "bank"]


def test_points_fall_from_ten_for_the_first_choice_to_none_beyond_the_tenth():
    assert [Q.points_for_rank(r) for r in (1, 2, 10, 11, 500, None)] == [10, 9, 1, 0, 0, 0]


# -- a causal model ------------------------------------------------------------------------
def test_one_token_guesses_score_the_softmax_of_the_trace_at_the_last_token(gpt):
    text = "De kat zat op de"
    trace = run(gpt.model, gpt.tokenizer, text)
    probs = softmax(trace.logits_at(-1))
    result = Q.play_round(gpt.model, gpt.tokenizer, text, ["mat", "bank", "stoel"], trace)
    order = np.argsort(-probs, kind="stable")[:10]
    assert [c.token_id for c in result.top] == order.tolist()
    np.testing.assert_allclose([c.probability for c in result.top], probs[order], rtol=1e-6)
    assert [c.rank for c in result.top] == list(range(1, 11))
    for score in result.guesses:
        (tid,) = score.token_ids  # each of these words is one token of the shipped vocabulary
        assert gpt.tokenizer.decode([tid]) == " " + score.guess
        assert score.probability == pytest.approx(float(probs[tid]), rel=1e-6)
        assert score.rank == 1 + int((probs > probs[tid]).sum())
        assert score.points == max(0, 11 - score.rank)
    best = max(result.guesses, key=lambda g: g.probability)
    assert result.guesses[result.best] is best and result.points == best.points


def test_a_guess_of_several_tokens_is_the_product_over_its_tokens(gpt):
    text = "De kat zat op de"
    trace = run(gpt.model, gpt.tokenizer, text)
    result = Q.play_round(gpt.model, gpt.tokenizer, text, ["kinderboekenweek"], trace)
    (score,) = result.guesses
    ids = gpt.tokenizer.encode(text + " kinderboekenweek").ids
    n = len(trace.token_ids)
    assert list(score.token_ids) == ids[n:] and len(score.token_ids) >= 2
    logits = fused_logits(gpt, ids)  # every position predicts the next: one pass teaches the whole guess
    expected = [float(softmax(logits[n - 1 + k])[t]) for k, t in enumerate(ids[n:])]
    np.testing.assert_allclose(score.token_probabilities, expected, rtol=1e-4)
    assert score.probability == pytest.approx(float(np.prod(expected)), rel=1e-4)
    assert score.first_probability == pytest.approx(float(softmax(trace.logits_at(-1))[ids[n]]), rel=1e-6)
    probs = softmax(trace.logits_at(-1))
    assert score.rank == 1 + int((probs > score.probability).sum())


def test_without_a_trace_the_same_scores_come_from_forward_passes(gpt):
    text = "The cat sat on the"
    trace = run(gpt.model, gpt.tokenizer, text)
    with_trace = Q.play_round(gpt.model, gpt.tokenizer, text, ["mat", "sofa"], trace)
    without = Q.play_round(gpt.model, gpt.tokenizer, text + "  ", ["mat", "sofa"])  # trailing spaces: same question
    for a, b in zip(with_trace.guesses, without.guesses):
        assert a.token_ids == b.token_ids
        assert a.probability == pytest.approx(b.probability, rel=1e-4)
    assert [c.token_id for c in with_trace.top] == [c.token_id for c in without.top]


def test_a_character_model_spells_a_guess_out_after_a_space(tiny_model):
    text = "de kat zat op de"
    trace = run(tiny_model.model, tiny_model.tokenizer, text)
    (score,) = Q.play_round(tiny_model.model, tiny_model.tokenizer, text, ["mat"], trace).guesses
    tok = tiny_model.tokenizer
    assert list(score.token_ids) == [tok.stoi[c] for c in " mat"]
    ids = tok.encode(text + " mat").ids
    logits = fused_logits(tiny_model, ids)
    n = trace.n_tokens
    expected = np.prod([softmax(logits[n - 1 + k])[t] for k, t in enumerate(ids[n:])])
    assert score.probability == pytest.approx(float(expected), rel=1e-4)


# -- the masked model ----------------------------------------------------------------------------
def test_the_masked_model_is_read_at_the_mask(bert):
    text = "De kat zat op de [MASK]."
    trace = run(bert.model, bert.tokenizer, text)
    at = list(trace.token_ids).index(bert.tokenizer.mask_id)
    probs = softmax(trace.logits_at(at))
    result = Q.play_round(bert.model, bert.tokenizer, text, ["tuin", "mat"], trace)
    assert result.position == at and not result.causal
    assert [c.token_id for c in result.top] == np.argsort(-probs, kind="stable")[:10].tolist()
    for score in result.guesses:
        (tid,) = score.token_ids
        assert bert.tokenizer.decode([tid]) == " " + score.guess
        assert score.probability == pytest.approx(float(probs[tid]), rel=1e-6)
        assert score.rank == 1 + int((probs > probs[tid]).sum())


def test_a_longer_guess_fills_one_mask_per_token_from_left_to_right(bert):
    text = "De kat zat op de [MASK]."
    tok = bert.tokenizer
    trace = run(bert.model, tok, text)
    (score,) = Q.play_round(bert.model, tok, text, ["kinderboekenweek"], trace).guesses
    pieces = list(score.token_ids)
    assert len(pieces) >= 2
    ids = list(trace.token_ids)
    at = ids.index(tok.mask_id)
    work = ids[:at] + [tok.mask_id] * len(pieces) + ids[at + 1:]
    expected = []
    for k, t in enumerate(pieces):  # written out here, one fused pass per filled mask
        expected.append(float(softmax(fused_logits(bert, work)[at + k])[t]))
        work[at + k] = t
    np.testing.assert_allclose(score.token_probabilities, expected, rtol=1e-4)
    assert score.probability == pytest.approx(float(np.prod(expected)), rel=1e-4)


def test_a_masked_model_without_a_mask_has_no_question(bert):
    assert Q.question(bert.model, bert.tokenizer, "De kat zat op de mat.") is None
    with pytest.raises(Q.QuizError):
        Q.play_round(bert.model, bert.tokenizer, "De kat zat op de mat.", ["bank"])


def test_a_one_token_guess_read_from_the_trace_needs_no_forward_pass(gpt, monkeypatch):
    text = "De kat zat op de"
    trace = run(gpt.model, gpt.tokenizer, text)
    passes = []
    real = Q._Reader._forward
    monkeypatch.setattr(Q._Reader, "_forward", lambda self, ids, pos: passes.append(pos) or real(self, ids, pos))
    Q.play_round(gpt.model, gpt.tokenizer, text, ["mat", "bank"], trace)
    assert passes == []
    Q.play_round(gpt.model, gpt.tokenizer, text, ["kinderboekenweek"], trace)
    assert len(passes) == 1  # the other tokens of the guess: one pass over the text and the guess
