"""Named model sizes and the wiring each training objective uses.

A preset is a size (layers, heads, width, context) plus the optimiser
settings that suit it; explicit dimensions override any field. The causal
objective builds a GPT-2-wired decoder; the masked objective builds a
bidirectional BERT-style encoder with BERT's MLM head (dense, GELU,
LayerNorm, tied decoder with bias), wired as modern encoders are: the norm
*before* each sub-layer and rotary positions. Post-norm BERT needs long
warm-ups to train from scratch, and with learned absolute positions a small
encoder sat for over a thousand steps at the unigram plateau, predicting
every blank without looking at its neighbours (masked loss with the context
shuffled was the same as with it intact); rotary positions make "the token
next to me" easy to attend to from the first steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from explainer.core.config import ModelConfig, bert_config, gpt2_config

OBJECTIVES = ("causal", "masked")


@dataclass(frozen=True)
class Preset:
    """One named size: model dimensions and the optimiser settings that train it well."""

    n_layer: int
    n_head: int
    d_model: int
    max_seq_len: int
    batch_size: int
    lr: float
    warmup: int


PRESETS: dict[str, Preset] = {
    # seconds on a laptop core: for tests and for watching a loss curve fall live
    "nano": Preset(n_layer=2, n_head=2, d_model=64, max_seq_len=64, batch_size=16, lr=3e-3, warmup=20),
    # the shipped classroom models: 16 heads, each fits one screen
    "tiny": Preset(n_layer=4, n_head=4, d_model=192, max_seq_len=128, batch_size=16, lr=2e-3, warmup=300),
    "small": Preset(n_layer=6, n_head=6, d_model=384, max_seq_len=256, batch_size=16, lr=1e-3, warmup=500),
}


def preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}") from None


def model_config(objective: str, vocab_size: int, size: Preset, name: str = "model",
                 special_tokens: dict[str, int] | None = None, **dims: Any) -> ModelConfig:
    """The ModelConfig for an objective at a size; ``dims`` (n_layer, d_model …) override it."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}, got {objective!r}")
    fields = dict(vocab_size=vocab_size, n_layer=size.n_layer, n_head=size.n_head,
                  d_model=size.d_model, max_seq_len=size.max_seq_len, name=name,
                  special_tokens=dict(special_tokens or {}))
    fields.update({k: v for k, v in dims.items() if v is not None})
    if objective == "causal":
        return gpt2_config(**fields)
    return bert_config(pre_norm=True, embedding_norm=False, norm_eps=1e-5, type_vocab_size=0,
                       positions="rope", **fields)
