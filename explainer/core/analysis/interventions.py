"""Switching parts of the model off: which part, and what replaces its output.

Zero-ablation replaces a part's output with zeros; mean-ablation replaces it
with the part's average output over reference text, which keeps the rest of
the network in the range it was trained on and so isolates what the part adds
for *this* text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import torch

from explainer.core.tokenizers import Tokenizer
from explainer.core.trace import tokenize_for_model
from explainer.core.transformer import Interventions, Points, Transformer

KINDS = ("head", "attn", "mlp")
MODES = ("zero", "mean")


@dataclass(frozen=True)
class Ablation:
    """One part switched off: a head (layer, head), a layer's attention, or a layer's MLP."""

    kind: str
    layer: int
    head: int = -1
    mode: str = "zero"

    def __post_init__(self) -> None:
        if self.kind not in KINDS or self.mode not in MODES:
            raise ValueError(f"unknown ablation {self.kind!r}/{self.mode!r}")
        if self.kind == "head" and self.head < 0:
            raise ValueError("a head ablation needs a head index")

    def label(self) -> str:
        where = f"L{self.layer}" + (f" H{self.head}" if self.kind == "head" else "")
        part = {"head": "head", "attn": "attention", "mlp": "MLP"}[self.kind]
        return f"{part} {where} ({self.mode})"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "layer": self.layer, "head": self.head, "mode": self.mode}


@dataclass(frozen=True)
class MeanActivations:
    """Average outputs over reference text: per head (L, H, dh), per layer (L, D)."""

    head_z: torch.Tensor
    attn_out: torch.Tensor
    mlp_out: torch.Tensor


@torch.inference_mode()
def mean_activations(model: Transformer, tokenizer: Tokenizer, texts: Iterable[str]) -> MeanActivations:
    """Average every head's weighted values and every layer's attention/MLP output."""
    L = model.cfg.n_layer
    sums: dict[str, torch.Tensor] = {}
    count = 0
    for text in texts:
        ids = tokenize_for_model(model, tokenizer, text)[0]
        if not ids:
            continue
        cap: dict[str, torch.Tensor] = {}
        model(torch.tensor([ids], device=model.device), capture=cap)
        z = torch.stack([cap[Points.Z.format(i)][0].sum(1) for i in range(L)])  # (L, H, dh)
        a = torch.stack([cap[Points.ATTN_OUT.format(i)][0].sum(0) for i in range(L)])  # (L, D)
        m = torch.stack([cap[Points.MLP_OUT.format(i)][0].sum(0) for i in range(L)])  # (L, D)
        for key, value in (("z", z), ("a", a), ("m", m)):
            sums[key] = sums.get(key, 0) + value
        count += len(ids)
    if not count:
        raise ValueError("no reference text to average over")
    return MeanActivations(sums["z"] / count, sums["a"] / count, sums["m"] / count)


def build_interventions(ablations: Sequence[Ablation], means: MeanActivations | None = None) -> Interventions:
    """Turn a list of ablations into what the model's forward pass applies."""
    iv = Interventions()
    for ab in ablations:
        if ab.mode == "mean" and means is None:
            raise ValueError("mean-ablation needs mean activations")
        if ab.kind == "head":
            iv.heads[(ab.layer, ab.head)] = means.head_z[ab.layer, ab.head] if ab.mode == "mean" else None
        elif ab.kind == "attn":
            iv.attn[ab.layer] = means.attn_out[ab.layer] if ab.mode == "mean" else None
        else:
            iv.mlp[ab.layer] = means.mlp_out[ab.layer] if ab.mode == "mean" else None
    return iv
