"""Does a model carry a lesson? The project's public probe set, scored.

Two measures, both on ``resources/probes/everyday.json``:

* **top-5 hit rate**: for everyday sentence beginnings ("De kat zat op de"),
  whether one of the model's five likeliest next tokens is a word a person
  would accept there (a masked model fills "De kat zat op de [MASK]." instead). A token counts when it is the word, or when it starts
  the word with its leading space and has at least three letters (" Par" for
  " Parijs"), so that models whose tokenizers split words are scored fairly.
* **neighbour hit rate**: for words of one kind (weekdays, colours, animals
  …), whether one of the ten vocabulary tokens nearest to the word's input
  embedding is another word of the same kind. Embeddings are centred first
  (the vocabulary mean subtracted): raw token embeddings share one large common
  direction, which makes every cosine about equally high. A word split into
  several tokens is the mean of its tokens' vectors.

Nothing here is Qt; the benchmark and the model cards print these figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import torch

from explainer.core.tokenizers import Tokenizer
from explainer.core.transformer import Transformer
from explainer.paths import resource


def load_probes(path: str | Path | None = None) -> dict:
    return json.loads(Path(path or resource("probes", "everyday.json")).read_text(encoding="utf-8"))


def _word(text: str) -> str:
    return text.strip().lower()


def token_hits_word(token: str, accepted: list[str]) -> bool:
    """Whether a decoded token (with its leading space, if any) begins one of the accepted words."""
    w = _word(token)
    if not w or not any(ch.isalpha() for ch in w):
        return False
    for a in accepted:
        first = _word(a).split(" ")[0]
        if w == first or (len(w) >= 3 and token.startswith(" ") and first.startswith(w)):
            return True
    return False


@dataclass(frozen=True)
class NextResult:
    prefix: str
    top: list[str]
    hit: bool


@torch.inference_mode()
def next_word_probes(model: Transformer, tok: Tokenizer, items: list, k: int = 5) -> list[NextResult]:
    """Top-k next tokens for each (beginning, accepted words) item, and whether one is accepted."""
    results = []
    for prefix, accepted in items:
        ids = tok.encode(prefix).ids[-model.cfg.max_seq_len:]
        logits = model(torch.tensor([ids], device=model.device))[0, -1].float()
        top = [tok.decode([int(i)]) for i in torch.topk(logits, k).indices]
        results.append(NextResult(prefix, top, any(token_hits_word(t, accepted) for t in top)))
    return results


@torch.inference_mode()
def masked_word_probes(model: Transformer, tok: Tokenizer, items: list, k: int = 5) -> list[NextResult]:
    """For a masked model: each beginning with a blank after it ("De kat zat op de [MASK]."), its top-k fills.

    A beginning whose blank falls outside the context window is left out.
    """
    results = []
    for prefix, accepted in items:
        ids = tok.encode(f"{prefix} {tok.mask_token}.").ids[: model.cfg.max_seq_len]
        if tok.mask_id not in ids:
            continue
        logits = model(torch.tensor([ids], device=model.device))[0, ids.index(tok.mask_id)].float()
        top = [tok.decode([int(i)]) for i in torch.topk(logits, k).indices]
        results.append(NextResult(prefix, top, any(token_hits_word(t, accepted) for t in top)))
    return results


@dataclass(frozen=True)
class NeighbourResult:
    group: str
    word: str
    neighbours: list[str]
    hit: bool


def centred_embeddings(model: Transformer) -> torch.Tensor:
    """Input embeddings with what all tokens share removed, each row of length one: (V, D).

    First the vocabulary mean, then the one direction along which the
    centred rows still vary most (their first principal component; "all but
    the top", Mu & Viswanath 2018). Rare tokens that training hardly moved pull
    the mean, and along that leftover direction a few short tokens (" D",
    " j") sit close to almost everything, crowding every neighbour list.
    Without it, " koningin" was number 770 among the neighbours of " koning"
    in the shipped model; with it, number 10.
    """
    emb = model.wte.weight.detach().float()
    emb = emb - emb.mean(0, keepdim=True)  # (V, D)
    if emb.shape[0] > emb.shape[1]:
        _vals, vecs = torch.linalg.eigh(emb.T @ emb)  # (D,), (D, D): ascending, so the last is the top one
        v = vecs[:, -1:]  # (D, 1)
        emb = emb - (emb @ v) @ v.T  # (V, D)
    return emb / emb.norm(dim=-1, keepdim=True).clamp_min(1e-8)


@torch.inference_mode()
def neighbour_probes(model: Transformer, tok: Tokenizer, groups: dict[str, list[str]],
                     k: int = 10) -> list[NeighbourResult]:
    emb = centred_embeddings(model)
    results = []
    for name, words in groups.items():
        kin = {_word(w) for w in words}
        for word in words:
            ids = [i for i in tok.encode(" " + word).ids if 0 <= i < emb.shape[0]]
            if not ids:
                continue
            query = emb[ids].mean(0)
            sims = emb @ query  # (V,)
            sims[ids] = -2.0  # the word's own tokens are not its neighbours
            near = [tok.decode([int(i)]) for i in torch.topk(sims, k).indices]
            hit = any(_word(n) in kin and _word(n) != _word(word) for n in near)
            results.append(NeighbourResult(name, word, near, hit))
    return results


def hit_rate(results) -> float:
    return sum(r.hit for r in results) / max(1, len(results))
