"""What a model adds so that it knows where each token stands.

Three families: a *learned* table (GPT-2, BERT), the fixed *sinusoidal* table of
the 2017 paper, and *RoPE* (LLaMA and most recent models), which adds nothing
but turns every query and key by an angle that grows with the position. For
tables this module gives the vectors and how similar positions are to each
other; for RoPE it gives the angles and how one query-key score would change
if the same two tokens stood further apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from explainer.core.config import ModelConfig
from explainer.core.transformer import Transformer, rope_angles, rope_inv_freq


def position_table(model: Transformer, n_positions: int | None = None) -> np.ndarray | None:
    """Position vectors (P, D) added to the token embeddings, or None for RoPE / no positions.

    Rows start at the model's first real position (RoBERTa's offset is skipped).
    """
    cfg = model.cfg
    n = cfg.max_seq_len if n_positions is None else min(n_positions, cfg.max_seq_len)
    rows = slice(cfg.position_offset, cfg.position_offset + n)
    with torch.no_grad():
        if model.wpe is not None:
            return model.wpe.weight[rows].detach().to("cpu", torch.float32).numpy().copy()
        if cfg.positions == "sinusoidal":
            return model.sin_table[rows].detach().to("cpu", torch.float32).numpy().copy()
    return None


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    """Cosine similarity of every pair of rows: (P, D) -> (P, P)."""
    v = np.asarray(vectors, dtype=np.float64)
    unit = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
    return (unit @ unit.T).astype(np.float32)  # (P, P)


def uses_local_rope(cfg: ModelConfig, layer: int | None) -> bool:
    """Whether ``layer`` turns by the sliding layers' own RoPE base (Gemma 3) rather than the model's."""
    return layer is not None and cfg.rope_local_theta is not None and layer in cfg.sliding_layers


def rope_pair_angles(cfg: ModelConfig, n_positions: int, layer: int | None = None) -> np.ndarray:
    """Rotation angle in radians of each (position, dimension pair) in ``layer``: (P, rotary_dim/2)."""
    return rope_angles(cfg, n_positions, uses_local_rope(cfg, layer)).numpy().astype(np.float64)


def rope_frequencies(cfg: ModelConfig, layer: int | None = None) -> np.ndarray:
    """Angle per position step of each dimension pair (fastest first) in ``layer``, radians: (rotary_dim/2,)."""
    return rope_pair_angles(cfg, 2, layer)[1]


@dataclass(frozen=True)
class RopeScaling:
    """How a model's RoPE differs from the plain formula, for the positions panel's sentence.

    ``kind`` is the scaling ("" for none); ``slowest`` is how many times
    slower than plain RoPE the most slowed pair turns, ``kept`` how many of
    the pairs turn exactly as in plain RoPE; ``local_theta`` the base of the
    sliding layers where they have their own (else None).
    """

    kind: str
    slowest: float
    kept: int
    pairs: int
    theta: float
    local_theta: float | None
    n_local_layers: int


def rope_scaling(cfg: ModelConfig) -> RopeScaling:
    """Compare the model's RoPE frequencies with plain ones of the same base."""
    scaled, _ = rope_inv_freq(cfg)
    plain, _ = rope_inv_freq(cfg.replace(rope_scaling={}))
    ratio = (plain / scaled).double().numpy()
    local = cfg.rope_local_theta if cfg.sliding_layers else None
    return RopeScaling(kind=cfg.rope_scaling.get("type", ""), slowest=float(ratio.max()),
                       kept=int(np.isclose(ratio, 1.0, rtol=1e-6).sum()), pairs=len(ratio), theta=cfg.rope_theta,
                       local_theta=local, n_local_layers=len(cfg.sliding_layers) if local is not None else 0)


@dataclass(frozen=True)
class ScoreCurve:
    """One query-key pair's attention score (before softmax) as a function of distance.

    ``distances`` are query position minus key position; ``scores[i]`` is what
    the score would be if the same query and key content stood
    ``distances[i]`` apart. ``actual`` is their real distance in the text.
    """

    distances: np.ndarray  # (N,)
    scores: np.ndarray  # (N,)
    actual: int
    actual_score: float


def _unrotate(x: np.ndarray, angles: np.ndarray, rot: int) -> np.ndarray:
    """Undo the rotation ``apply_rope`` did (dim i pairs with i + rot/2): (..., d_head)."""
    half = rot // 2
    x1, x2 = x[..., :half], x[..., half:rot]
    cos, sin = np.cos(angles), np.sin(angles)
    back = np.concatenate((x1 * cos + x2 * sin, x2 * cos - x1 * sin), axis=-1)
    return np.concatenate((back, x[..., rot:]), axis=-1)


def rope_score_curve(cfg: ModelConfig, q: np.ndarray, k: np.ndarray, query_pos: int, key_pos: int,
                     max_distance: int | None = None, both_ways: bool = False,
                     layer: int | None = None) -> ScoreCurve:
    """How the score q·k/√d of one query and key (of ``layer``) changes with their distance under RoPE.

    ``q`` and ``k`` are one head's vectors as the Trace holds them, already
    turned for their positions. Turning them back gives the content vectors;
    the score at distance Δ is then the sum over dimension pairs of
    Re(q_pair · conj(k_pair) · e^{iΔθ}) plus the dimensions RoPE leaves alone.
    ``both_ways`` adds negative distances (a key after the query, for
    bidirectional models).
    """
    rot, dh = cfg.rotary_dim, q.shape[-1]
    n = cfg.max_seq_len if max_distance is None else max_distance
    theta = rope_frequencies(cfg, layer)  # (rot/2,)
    q0 = _unrotate(np.asarray(q, np.float64), query_pos * theta, rot)
    k0 = _unrotate(np.asarray(k, np.float64), key_pos * theta, rot)
    half = rot // 2
    qc = q0[:half] + 1j * q0[half:rot]  # (rot/2,) complex
    kc = k0[:half] + 1j * k0[half:rot]
    distances = np.arange(-n + 1 if both_ways else 0, n)
    phase = np.exp(1j * distances[:, None] * theta[None, :])  # (N, rot/2)
    rotary = (qc * np.conj(kc) * phase).real.sum(axis=1)  # (N,)
    passthrough = float(q0[rot:] @ k0[rot:])
    scale = cfg.attn_scale if dh == cfg.d_head else 1 / math.sqrt(dh)  # usually 1/sqrt(d_head)
    scores = (rotary + passthrough) * scale
    actual = query_pos - key_pos
    actual_score = float(np.asarray(q, np.float64) @ np.asarray(k, np.float64)) * scale
    return ScoreCurve(distances=distances, scores=scores.astype(np.float64), actual=actual,
                      actual_score=actual_score)
