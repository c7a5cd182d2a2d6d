"""A whole text's forward pass on a GPU, recorded once as a CUDA graph and replayed on every key.

On a GPU a small model's forward pass is a few hundred short kernels, and
launching them from Python takes longer than running them: the default model's
Trace took 2.3 ms on an NVIDIA H200 and transformers' 3.1 ms, the SmolLM2 shape
22.8 against 23.5. A CUDA graph records the launches of one call and replays
them all in one, so the CPU's part shrinks to one launch and one copy back.

A graph replays fixed shapes into fixed memory. Texts are padded at the end to
the next bucket length (16, 32, 64 … up to the context window): in a causal
model no position sees the ones after it, so the real positions compute exactly
what they would alone, and the padding is cut off afterwards. A bucket is
recorded (about three forward passes) the second time a text of its size comes:
the first computes eagerly, so a model's first Trace, shown at start-up, waits
for no recording, nor does a paste of a size that never comes again.
A masked (bidirectional) model, an intervention, a bucket whose recording would
hold more than ``MAX_STATIC_BYTES`` on the card, or a recording that fails,
computes eagerly as before. Changed weights (another precision, a reload into
new memory) are noticed and the graphs recorded again; weights changed in place
(training) are read by the next replay as they are.

``EXPLAINER_CUDA_GRAPHS=0`` switches graphs off. Two threads may use one model
(the key presses and a panel's background job): a graph replays for one caller
at a time, the other computes eagerly meanwhile.
"""

from __future__ import annotations

import os
import threading
import weakref
from contextlib import contextmanager
from typing import Callable, Iterator

import torch

from explainer.core.transformer import Linear, Transformer

Body = Callable[[Transformer, torch.Tensor], dict[str, torch.Tensor]]

DEVICES = {"cuda"}  # where graphs are recorded (tests add "cpu", with the stand-in below)
FIRST_BUCKET = 16
RECORD_ON_USE = 2  # a bucket is recorded when a text of its size comes the second time (see the docstring)
MAX_STATIC_BYTES = 512 << 20  # a bucket whose recording would keep more than this on the card computes eagerly


def enabled(model: Transformer) -> bool:
    """Whether whole texts of ``model`` may be replayed from graphs here."""
    return (model.device.type in DEVICES and model.cfg.causal
            and os.environ.get("EXPLAINER_CUDA_GRAPHS", "1") != "0")


def bucket(model: Transformer, n: int) -> int:
    """The padded length a text of ``n`` tokens replays at: the next power of two from 16, at most the window."""
    size = FIRST_BUCKET
    while size < n:
        size *= 2
    return min(size, model.cfg.max_seq_len)


def static_bytes(model: Transformer, n: int) -> int:
    """About what one recording at ``n`` positions keeps on the card: every intermediate, most twice
    (as computed per layer and gathered over the layers), and the attention scores before the softmax."""
    cfg = model.cfg
    per_layer = (3 * cfg.n_head * n * n + 8 * cfg.n_head * n * cfg.d_head + 6 * n * cfg.d_model
                 + 3 * n * cfg.d_mlp)
    return 4 * (cfg.n_layer * per_layer + 4 * n * cfg.d_model)


class CudaGraph:
    """``body`` recorded once on the GPU; ``replay`` runs it again into the same ``outputs``."""

    def __init__(self, body: Callable[[], dict[str, torch.Tensor]], device: torch.device) -> None:
        with torch.cuda.device(device):
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):  # first calls set up the libraries' own state outside the recording
                body()
                body()
            torch.cuda.current_stream().wait_stream(side)
            self.graph = torch.cuda.CUDAGraph()
            # thread_local: a panel's job using the GPU from another thread meanwhile does not break the recording
            with torch.cuda.graph(self.graph, capture_error_mode="thread_local"):
                self.outputs = body()

    def replay(self) -> None:
        self.graph.replay()


class StandInGraph:
    """Records nothing: ``replay`` calls ``body`` again and copies its answers into ``outputs``.

    Lets the padding, the cutting and the fallbacks be tested on a CPU; on a GPU ``CudaGraph`` is used.
    """

    def __init__(self, body: Callable[[], dict[str, torch.Tensor]], device: torch.device) -> None:
        self.body, self.outputs, self.replays = body, body(), 0

    def replay(self) -> None:
        for name, value in self.body().items():
            self.outputs[name].copy_(value)
        self.replays += 1


RECORDER: dict[str, type] = {"cuda": CudaGraph, "cpu": StandInGraph}


class _Recording:
    def __init__(self, graph, ids: torch.Tensor) -> None:
        self.graph, self.ids = graph, ids  # (what the graph reads besides the weights is made inside it)


class Replayer:
    """One model's graphs of one ``body``, one per bucket length."""

    def __init__(self, model: Transformer, body: Body) -> None:
        self.model_ref, self.body = weakref.ref(model), body  # weak: a closed model's recordings go with it
        self.lock = threading.Lock()
        self.recordings: dict[int, _Recording | None] = {}  # None: this bucket computes eagerly
        self.uses: dict[int, int] = {}  # texts of each bucket not recorded yet
        self.weights: tuple = ()
        self.linears = [m for m in model.modules() if isinstance(m, Linear)]
        self.broken = False

    def _weights(self, model: Transformer) -> tuple:
        """Where every weight lives now: recordings read those addresses."""
        return (tuple(p.data_ptr() for p in model.parameters()) + tuple(b.data_ptr() for b in model.buffers())
                + tuple(m.fast_weight.data_ptr() for m in self.linears if m.fast_weight is not None))

    def _record(self, model: Transformer, n: int) -> _Recording | None:
        if static_bytes(model, n) > MAX_STATIC_BYTES:
            return None
        ids = torch.zeros((1, n), dtype=torch.long, device=model.device)
        ref = self.model_ref
        try:
            graph = RECORDER[model.device.type](lambda: self.body(ref(), ids), model.device)
        except Exception:  # noqa: BLE001 - a kernel that cannot be recorded, no room: this bucket computes eagerly
            return None
        return _Recording(graph, ids)

    @contextmanager
    def replayed(self, ids: list[int]) -> Iterator[dict[str, torch.Tensor] | None]:
        """The ``body`` outputs for ``ids`` padded to their bucket (read them inside the ``with``), or None:
        compute eagerly (busy with another caller, a bucket too big or not recordable)."""
        model = self.model_ref()
        if model is None or self.broken or not self.lock.acquire(blocking=False):
            yield None
            return
        try:
            weights = self._weights(model)
            if weights != self.weights:
                self.recordings.clear()
                self.weights = weights
            n = bucket(model, len(ids))
            if n not in self.recordings:
                self.uses[n] = self.uses.get(n, 0) + 1
                if self.uses[n] < RECORD_ON_USE:
                    yield None
                    return
                self.recordings[n] = self._record(model, n)
            recording = self.recordings[n]
            if recording is None or len(ids) > n:
                yield None
                return
            padded = torch.zeros(n, dtype=torch.long)
            padded[:len(ids)] = torch.as_tensor(ids, dtype=torch.long)
            recording.ids[0].copy_(padded)
            try:
                recording.graph.replay()
            except Exception:  # noqa: BLE001 - never again for this model: eager computes the same
                self.broken = True
                yield None
                return
            yield recording.graph.outputs
        finally:
            self.lock.release()


_REPLAYERS: "weakref.WeakKeyDictionary[Transformer, dict[Body, Replayer]]" = weakref.WeakKeyDictionary()
_REPLAYERS_LOCK = threading.Lock()


def replayer(model: Transformer, body: Body) -> Replayer:
    with _REPLAYERS_LOCK:
        per_model = _REPLAYERS.setdefault(model, {})
        if body not in per_model:
            per_model[body] = Replayer(model, body)
        return per_model[body]


def forget(model: Transformer) -> None:
    """Drop ``model``'s recordings (and the card memory they hold)."""
    with _REPLAYERS_LOCK:
        _REPLAYERS.pop(model, None)
