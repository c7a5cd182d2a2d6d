"""Two models on the same text: how far apart their predictions are, token by token.

Tokenizers may differ, so tokens are lined up by the characters they cover.
"""

from __future__ import annotations

import numpy as np

from explainer.core.trace import Trace


def kl_divergence_bits(p: np.ndarray, q: np.ndarray, eps: float = 1e-12) -> float:
    """KL(p ‖ q) in bits; both are distributions over the same vocabulary."""
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    mask = p > 0
    return float((p[mask] * (np.log2(p[mask]) - np.log2(np.maximum(q[mask], eps)))).sum())


def same_vocabulary(a_labels: list[str], b_labels: list[str]) -> bool:
    return a_labels == b_labels


def align_tokens(a: Trace, b: Trace) -> list[tuple[list[int], list[int]]]:
    """Group the tokens of two traces of the same text into runs that cover the same characters.

    Returns a list of ``(indices in a, indices in b)``; each group ends where
    both tokenizations have a token boundary at the same character.
    """
    groups: list[tuple[list[int], list[int]]] = []
    ia = ib = 0
    cur_a: list[int] = []
    cur_b: list[int] = []
    na, nb = a.n_tokens, b.n_tokens
    while ia < na or ib < nb:
        end_a = int(a.spans[ia][1]) if ia < na else 1 << 60
        end_b = int(b.spans[ib][1]) if ib < nb else 1 << 60
        if end_a <= end_b:
            cur_a.append(ia)
            ia += 1
        if end_b <= end_a:
            cur_b.append(ib)
            ib += 1
        if end_a == end_b or ia >= na and ib >= nb:
            groups.append((cur_a, cur_b))
            cur_a, cur_b = [], []
    if cur_a or cur_b:
        groups.append((cur_a, cur_b))
    return groups
