"""Fitting (or loading) a model's projection bases off the GUI thread.

The fit runs the model over reference text and a PCA per layer: seconds for a
big model, so it runs in the global QThreadPool and reports back through a
QObject's signals, which Qt delivers on the GUI thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

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


class FitSignals(QObject):
    """Signals of one fit job: ``fit_ready(job, FitResult)`` or ``fit_failed(job, message)``."""

    fit_ready = Signal(int, object)
    fit_failed = Signal(int, str)


class FitWorker(QRunnable):
    """Loads the cached bases of one model or fits them; ``job`` tells stale answers apart."""

    def __init__(self, job: int, loaded: LoadedModel, signals: FitSignals,
                 current_job: Callable[[], int] | None = None) -> None:
        super().__init__()
        self.job, self.loaded, self.signals = job, loaded, signals
        self.current_job = current_job
        self.setAutoDelete(True)

    def run(self) -> None:
        if self.current_job is not None and self.current_job() != self.job:
            return  # another model was opened while this job waited in the pool
        start = time.perf_counter()
        try:
            bases, cached = load_or_fit_bases(self.loaded.model, self.loaded.tokenizer)
            model = self.loaded.model
            with torch.no_grad():
                unit = centred_embeddings(model).to("cpu").numpy()  # (V, D)
                mean = model.wte.weight.detach().float().mean(0).to("cpu").numpy()  # (D,)
            result = FitResult(bases, unit, mean, cached, time.perf_counter() - start)
        except Exception as exc:  # any failure becomes a message in the panel, never a crash
            self._emit(self.signals.fit_failed, str(exc) or type(exc).__name__)
            return
        self._emit(self.signals.fit_ready, result)

    def _emit(self, signal, payload) -> None:
        try:
            signal.emit(self.job, payload)
        except RuntimeError:  # the panel (and its signals object) closed while the fit ran
            pass


def start_fit(job: int, loaded: LoadedModel, signals: FitSignals,
              current_job: Callable[[], int] | None = None) -> None:
    """Queue a fit; ``current_job()`` lets a job that is already stale skip its work."""
    QThreadPool.globalInstance().start(FitWorker(job, loaded, signals, current_job))
