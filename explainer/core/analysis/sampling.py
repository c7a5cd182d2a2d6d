"""Choosing the next token: greedy or sampled, with temperature, top-k and top-p.

The same filtering the next-token panel draws (``next_token_distribution``) is
what sampling draws from, so what a student sees is what the model does.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np
import torch

from explainer.core.tokenizers import Tokenizer
from explainer.core.trace import next_token_distribution, tokenize_for_model
from explainer.core.transformer import Transformer


def choose_token(logits: np.ndarray, temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0,
                 rng: np.random.Generator | None = None) -> int:
    """Greedy when temperature is 0 or no generator is given; else one sample."""
    if temperature <= 0 or rng is None:
        probs, _ = next_token_distribution(logits, temperature if rng else 0.0, top_k, top_p)
        return int(np.argmax(probs))
    probs, _ = next_token_distribution(logits, temperature, top_k, top_p)
    p = probs.astype(np.float64)
    return int(rng.choice(len(p), p=p / p.sum()))


@torch.inference_mode()
def last_logits(model: Transformer, ids: list[int]) -> np.ndarray:
    """Logits after the last of ``ids`` (the fused fast path: nothing captured)."""
    ctx = model.cfg.max_seq_len
    x = torch.tensor([ids[-ctx:]], dtype=torch.long, device=model.device)
    return model(x)[0, -1].float().cpu().numpy()


MAX_PIECES = 4  # tokens that together spell one character at most (UTF-8 has 4 bytes)


def choose_text(model: Transformer, tokenizer, ids: list[int], logits: np.ndarray, temperature: float = 1.0,
                top_k: int = 0, top_p: float = 1.0, rng: np.random.Generator | None = None) -> tuple[list[int], str]:
    """The next token after ``ids`` (``logits`` are the model's there, chosen as ``choose_token`` does) and the text it
    adds, with as many more tokens as that text needs to be whole characters.

    A byte-level tokenizer may spell one character (a curly quote, an emoji) with two or three tokens, each a
    part of its bytes: alone the first decodes to U+FFFD. Appended to a text that way, the text held a
    replacement character instead, and the model read back other tokens than it had chosen. Each further part is
    chosen from the model's own prediction after the parts before it, in the same way.
    """
    chosen = [choose_token(logits, temperature, top_k, top_p, rng)]
    before = tokenizer.decode(list(ids))
    added = tokenizer.decode(list(ids) + chosen)[len(before):]
    while "\ufffd" in added and len(chosen) < MAX_PIECES:
        nxt = last_logits(model, list(ids) + chosen)
        chosen.append(choose_token(nxt, temperature, top_k, top_p, rng))
        added = tokenizer.decode(list(ids) + chosen)[len(before):]
    return chosen, added


def generate_ids(model: Transformer, ids: list[int], n: int, temperature: float = 0.0,
                 top_k: int = 0, top_p: float = 1.0, seed: int | None = 0) -> Iterator[int]:
    """Yield ``n`` new token ids one at a time, each fed back in as context."""
    rng = np.random.default_rng(seed) if temperature > 0 and seed is not None else (
        np.random.default_rng() if temperature > 0 else None)
    ids = list(ids)
    for _ in range(n):
        if not ids:
            return
        nxt = choose_token(last_logits(model, ids), temperature, top_k, top_p, rng)
        ids.append(nxt)
        yield nxt


def generate_text(model: Transformer, tokenizer: Tokenizer, prompt: str, n: int,
                  temperature: float = 0.0, top_k: int = 0, top_p: float = 1.0,
                  seed: int | None = 0) -> str:
    """The prompt's continuation as text (the prompt itself not included)."""
    ids = tokenize_for_model(model, tokenizer, prompt)[0]
    new = list(generate_ids(model, ids, n, temperature, top_k, top_p, seed))
    return tokenizer.decode(ids + new)[len(tokenizer.decode(ids)):]
