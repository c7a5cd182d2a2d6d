"""The shipped models carry the lesson: what each lesson step claims is what a class sees."""

from __future__ import annotations

import pytest
import torch

from explainer.core.checkpoints import load_model
from explainer.core.training import probes as P
from explainer.paths import models_dir

PROBES = P.load_probes()


@pytest.fixture(scope="module")
def gpt():
    torch.set_num_threads(2)
    return load_model(models_dir() / "tiny-gpt-nl-en", device="cpu")


@pytest.fixture(scope="module")
def bert():
    return load_model(models_dir() / "tiny-bert-nl-en", device="cpu")


def accepted(lang: str, prefix: str) -> list[str]:
    return next(words for p, words in PROBES["next"][lang] if p == prefix)


@pytest.mark.parametrize("lang, prefix", [("nl", "De kat zat op de"), ("en", "The cat sat on the"),
                                          ("nl", "Ik drink elke ochtend een kopje"),
                                          ("nl", "Amsterdam is de hoofdstad van")])
def test_lesson_sentences_get_a_sensible_next_word_in_the_top_5(gpt, lang, prefix):
    (result,) = P.next_word_probes(gpt.model, gpt.tokenizer, [(prefix, accepted(lang, prefix))])
    assert result.hit, f"{prefix!r} → {result.top}"


PLACES = {"nl": ["bank", "stoel", "mat", "deurmat", "grond", "vloer", "tafel", "vensterbank", "trap", "kast", "muur",
                  "stoep", "rand", "bed", "dak"],
          "en": ["mat", "chair", "floor", "sofa", "couch", "table", "bed", "ground", "wall", "windowsill",
                 "bench", "step", "rug", "roof", "fence"]}


def fills(bert, text: str, k: int = 5) -> list[str]:
    tok = bert.tokenizer
    ids = tok.encode(text).ids
    with torch.no_grad():
        logits = bert.model(torch.tensor([ids]))[0, ids.index(tok.mask_id)]
    return [tok.decode([int(i)]) for i in torch.topk(logits, k).indices]


@pytest.mark.parametrize("text", ["De kat zat op de [MASK].", "The cat sat on the [MASK]."])
def test_the_masked_model_fills_the_blank_with_whole_words(bert, text):
    """After "op de" / "on the" and before the full stop, the five likeliest fills are whole words."""
    top = fills(bert, text)
    assert all(f.startswith(" ") and f[1:].isalpha() and len(f) > 2 for f in top), top


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_lesson_masked_step_gets_a_place_to_sit_first(bert, lang):
    """The lesson's pre-training step: the likeliest fill of the cat's seat is a place a cat sits on."""
    from explainer.gui.lesson import load_lesson

    step = next(s for s in load_lesson(lang).steps if s.id == "masked")
    top = fills(bert, step.input)
    assert P.token_hits_word(top[0], PLACES[lang]), f"{step.input!r} → {top}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_masked_model_fills_everyday_blanks(bert, lang):
    """Probe beginnings with a blank after them: about a third get a sensible fill in the top 5."""
    rate = P.hit_rate(P.masked_word_probes(bert.model, bert.tokenizer, PROBES["next"][lang]))
    assert rate >= 0.3, rate


def test_koning_and_koningin_sit_near_each_other(gpt):
    emb = P.centred_embeddings(gpt.model)
    (king,) = gpt.tokenizer.encode(" koning").ids
    (queen,) = gpt.tokenizer.encode(" koningin").ids
    sims = emb @ emb[king]
    sims[king] = -2
    rank = int((sims > sims[queen]).sum())
    assert rank < 10, f"koningin is number {rank + 1} among the neighbours of koning"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_probe_set_hit_rates_hold(gpt, lang):
    nxt = P.hit_rate(P.next_word_probes(gpt.model, gpt.tokenizer, PROBES["next"][lang]))
    near = P.hit_rate(P.neighbour_probes(gpt.model, gpt.tokenizer, PROBES["groups"][lang]))
    assert nxt >= 0.5 and near >= 0.5, (nxt, near)


@pytest.mark.parametrize("lang, answer", [("nl", "Nederland"), ("en", "France")])
def test_the_black_box_step_ends_on_the_right_answer(gpt, lang, answer):
    """The logit-lens step asks for the layer where the final answer appears: the answer must be right."""
    from explainer.gui.lesson import load_lesson

    step = next(s for s in load_lesson(lang).steps if s.id == "black_box")
    (result,) = P.next_word_probes(gpt.model, gpt.tokenizer, [(step.input, [answer])], k=1)
    assert result.hit, f"{step.input!r} → {result.top}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_lesson_sentences_about_prediction_get_a_sensible_top_5(gpt, lang):
    from explainer.gui.lesson import load_lesson

    steps = {s.id: s for s in load_lesson(lang).steps}
    for sid in ("next_token", "timeline"):
        prefix = steps[sid].input
        (result,) = P.next_word_probes(gpt.model, gpt.tokenizer, [(prefix, accepted(lang, prefix))])
        assert result.hit, f"{sid}: {prefix!r} → {result.top}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_lesson_embedding_words_lie_close_together(gpt, lang):
    """The embedding step says its eight words lie close together in this model: their mean cosine (centred
    embeddings) is above that of 99 % of 2,000 random sets of eight tokens (three times their 99th percentile)."""
    import numpy as np

    from explainer.gui.lesson import load_lesson

    step = next(s for s in load_lesson(lang).steps if s.id == "embedding")
    ids = gpt.tokenizer.encode(step.input).ids
    assert len(ids) == 8
    emb = np.asarray(P.centred_embeddings(gpt.model), dtype=np.float64)

    def mean_cosine(rows):
        sims = emb[rows] @ emb[rows].T
        return sims[~np.eye(len(rows), dtype=bool)].mean()

    rng = np.random.default_rng(0)
    chance = [mean_cosine(rng.choice(len(emb), 8, replace=False)) for _ in range(2000)]
    assert mean_cosine(ids) > 3 * np.percentile(chance, 99), (mean_cosine(ids), np.percentile(chance, 99))
