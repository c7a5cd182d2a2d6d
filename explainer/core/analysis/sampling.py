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
