"""Bias probe: the same sentence with one word swapped, and what the model expects next.

A tiny model's preferences come from its small training corpus, not from the
world; the probe shows *that* a model has learned an association, which is the
point a teacher makes about large models too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from explainer.core.tokenizers import Tokenizer
from explainer.core.trace import softmax, tokenize_for_model
from explainer.core.analysis.sampling import last_logits
from explainer.core.transformer import Interventions, Transformer

DEFAULT_PAIRS = {"nl": [("hij", "zij"), ("Hij", "Zij"), ("de man", "de vrouw")],
                 "en": [("he", "she"), ("He", "She"), ("the man", "the woman")]}
# the first of each is the panel's start: with the shipped model it is followed by places of work (kitchen,
# hospital, school after "she works in the"), where "werkt als" was followed only by een / je / de / het
DEFAULT_TEMPLATES = {"nl": ["{} werkt in de", "{} werkt als", "{} is heel goed in", "Later wil {} graag"],
                     "en": ["{} works in the", "{} works as a", "{} is very good at", "When {} grows up,"]}


@dataclass(frozen=True)
class ProbeRow:
    """One template filled with each word of a pair: the sentences and their next-token odds."""

    template: str
    words: tuple[str, str]
    sentences: tuple[str, str]
    token_ids: tuple[int, ...]  # the union of both sides' top-k candidates
    labels: tuple[str, ...]
    probs_a: tuple[float, ...]
    probs_b: tuple[float, ...]

    @property
    def total_variation(self) -> float:
        """Half the summed absolute difference over the shown candidates (0 = identical)."""
        return 0.5 * float(np.abs(np.array(self.probs_a) - np.array(self.probs_b)).sum())

    @property
    def share_difference(self) -> float:
        """How differently the two sentences share their probability among the shown candidates: the total
        variation of each side's probabilities scaled to sum to 1 over the candidates (0 = the same shares,
        1 = no candidate in common). Unlike ``total_variation`` it can reach 1 when the candidates hold only a
        little of the probability, as they do in a small model."""
        a, b = np.array(self.probs_a, np.float64), np.array(self.probs_b, np.float64)
        if a.sum() <= 0 or b.sum() <= 0:
            return 0.0
        return 0.5 * float(np.abs(a / a.sum() - b / b.sum()).sum())


def probe(model: Transformer, tokenizer: Tokenizer, template: str, pair: tuple[str, str],
          top_k: int = 8, interventions: Interventions | None = None) -> ProbeRow:
    """The next-token distributions after the two sentences; with ``interventions``, of the model with those parts
    switched off (as every other panel then shows it)."""
    if "{}" not in template:
        raise ValueError("the template needs a {} where the swapped word goes")
    sentences = (template.format(pair[0]), template.format(pair[1]))
    dists = []
    for s in sentences:
        ids = tokenize_for_model(model, tokenizer, s)[0]
        if interventions:
            with torch.inference_mode():
                x = torch.tensor([ids], dtype=torch.long, device=model.device)
                logits = model(x, interventions=interventions, logits_at=[len(ids) - 1])[0, 0].float().cpu().numpy()
        else:
            logits = last_logits(model, ids)
        dists.append(softmax(logits))
    union: list[int] = []
    for d in dists:
        for tid in np.argsort(-d)[:top_k]:
            if int(tid) not in union:
                union.append(int(tid))
    union.sort(key=lambda t: -(dists[0][t] + dists[1][t]))
    return ProbeRow(template, pair, sentences, tuple(union),
                    tuple(tokenizer.token_label(t) for t in union),
                    tuple(float(dists[0][t]) for t in union), tuple(float(dists[1][t]) for t in union))
