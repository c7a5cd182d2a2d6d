"""Switching parts of the model off: which part, and what replaces its output.

Zero-ablation replaces a part's output with zeros; mean-ablation replaces it
with the part's average output over reference text, which keeps the rest of
the network in the range it was trained on and so isolates what the part adds
for *this* text. ``AblationSet`` is the list a person edits (one entry per
part) together with the averages its mean-ablations need; it builds the
``Interventions`` the forward pass applies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Sequence

import torch

from explainer.core.tokenizers import Tokenizer
from explainer.core.trace import tokenize_for_model
from explainer.core.transformer import Interventions, Points, Transformer
from explainer.paths import resource, resources_dir

KINDS = ("head", "attn", "mlp")
MODES = ("zero", "mean")
REFERENCE_PARAGRAPHS = 48


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

    @property
    def part(self) -> tuple[str, int, int]:
        """Which part is switched off, whatever replaces its output: (kind, layer, head)."""
        return self.kind, self.layer, self.head

    def fits(self, n_layer: int, n_head: int) -> bool:
        """True when a model with ``n_layer`` layers of ``n_head`` heads has this part."""
        return 0 <= self.layer < n_layer and (self.kind != "head" or 0 <= self.head < n_head)


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


def reference_texts() -> list[str]:
    """Text the mean activations are averaged over: the example sentences and a corpus sample."""
    texts: list[str] = []
    try:
        ex = json.loads(resource("examples.json").read_text(encoding="utf-8"))
        for lang in ("nl", "en"):
            texts += [t for t in ex.get(lang, []) if isinstance(t, str)]
    except (OSError, ValueError):
        pass
    corpus = resources_dir() / "corpus"
    files = sorted(corpus.glob("*.val.txt")) if corpus.is_dir() else []
    for f in files:
        try:
            lines = [ln.strip() for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
        except (OSError, UnicodeDecodeError):
            continue
        texts += [ln[:600] for ln in lines[: REFERENCE_PARAGRAPHS // max(len(files), 1)]]
    return texts or ["De kat zat op de mat.", "The cat sat on the mat."]


def reference_means(model: Transformer, tokenizer: Tokenizer) -> MeanActivations:
    """The averages mean-ablation uses: ``mean_activations`` over ``reference_texts()`` (slow: off the GUI thread)."""
    return mean_activations(model, tokenizer, reference_texts())


class AblationSet:
    """The parts switched off, in the order they were switched off, and the averages mean-ablation needs.

    Plain Python, no Qt. ``add`` switches a part off (replacing an ablation of
    the same part), ``remove`` and ``clear`` switch parts back on, ``replace``
    takes a whole list. ``interventions(model)`` builds what the forward pass
    applies; while ``needs_means(model)`` is True a mean-ablation still waits
    for that model's averages (``reference_means``, then ``set_means``).
    """

    def __init__(self, ablations: Iterable[Ablation] = ()) -> None:
        self.ablations: list[Ablation] = list(ablations)
        self.means: MeanActivations | None = None
        self.means_model: Transformer | None = None  # the model ``means`` were averaged over

    def add(self, ablation: Ablation) -> None:
        self.ablations = [a for a in self.ablations if a.part != ablation.part] + [ablation]

    def remove(self, ablation: Ablation) -> None:
        self.ablations = [a for a in self.ablations if a != ablation]

    def clear(self) -> None:
        self.ablations = []

    def replace(self, ablations: Iterable[Ablation]) -> None:
        self.ablations = list(ablations)

    def fits(self, n_layer: int, n_head: int) -> bool:
        """True when every part in the list exists in a model of this size."""
        return all(a.fits(n_layer, n_head) for a in self.ablations)

    def needs_means(self, model: Transformer) -> bool:
        """True when a mean-ablation in the list waits for ``model``'s averages."""
        return self.means_model is not model and any(a.mode == "mean" for a in self.ablations)

    def set_means(self, model: Transformer, means: MeanActivations) -> None:
        self.means_model, self.means = model, means

    def interventions(self, model: Transformer) -> Interventions:
        """What ``model``'s forward pass applies for this list."""
        if self.needs_means(model):
            raise ValueError("mean-ablation needs the mean activations of this model")
        return build_interventions(self.ablations, self.means)
