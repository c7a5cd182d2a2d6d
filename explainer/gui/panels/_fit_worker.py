"""Fitting (or loading) a model's projection bases: the embedding panel's job on the "work" lane.

The fit runs the model over reference text and a PCA per layer: seconds for a
big model, so the panel runs ``fit_bases`` through ``AppState.jobs`` (see
``explainer.gui.jobs``), which drops the answer for a model no longer open.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch

from explainer.core.analysis.projection import ProjectionBases, load_or_fit_bases
from explainer.core.checkpoints.base import LoadedModel
from explainer.core.training.probes import centred_embeddings


@dataclass(frozen=True)
class FitResult:
    """What the embedding panel needs from one fit: the bases and the centred vocabulary.

    Raw token embeddings share one large common direction, so every raw cosine
    is about equally high; the neighbour list compares vectors with that
    vocabulary mean (``vocab_mean``) removed.
    """

    bases: ProjectionBases
    unit_vocab: np.ndarray  # (V, D): each row minus vocab_mean, scaled to length one
    vocab_mean: np.ndarray  # (D,)
    from_cache: bool
    seconds: float


def fit_bases(loaded: LoadedModel) -> FitResult:
    """Load the cached bases of ``loaded`` or fit them (a job thread; raises on failure)."""
    start = time.perf_counter()
    bases, cached = load_or_fit_bases(loaded.model, loaded.tokenizer)
    model = loaded.model
    with torch.no_grad():
        unit = centred_embeddings(model).to("cpu").numpy()  # (V, D)
        mean = model.wte.weight.detach().float().mean(0).to("cpu").numpy()  # (D,)
    return FitResult(bases, unit, mean, cached, time.perf_counter() - start)
