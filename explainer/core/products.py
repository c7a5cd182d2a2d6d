"""How a key press's few rows are multiplied by a float32 linear layer on the CPU, chosen by measuring.

A key press computes one or two new positions, so every linear layer multiplies
one to four rows by its weights. At that size the time goes into reading the
weights, and which routine reads them fastest depends on the CPU and its
libraries. One row through a 16384 x 256 output layer, caches cold, one thread:

- an AMD EPYC (2026-12-02): numpy's einsum 0.9 ms, numpy's BLAS product 2.0 ms, ``F.linear`` 2.5 ms;
- an Intel Xeon with AMX (2026-12-04): BLAS 0.31 ms, ``F.linear`` 0.65 ms, einsum 0.76 ms.

So no fixed choice is right everywhere. ``tune`` times the three routines on
the model's own layers once it is loaded (the blocks with one row and with
two, the output layer with one, caches emptied before each try) and gives each
layer the fastest, where it beats einsum (the routine used before measuring)
by a clear margin: 50-70 ms for the default model, on the loading thread. The
choice is remembered for layers of the same shapes in this process. All three
compute the same product in float32; they differ only in rounding. numpy's
BLAS is meant to run one thread here, as the app sets it (``explainer.cli``):
with a thread per core it competed with torch's and both slowed down.
"""

from __future__ import annotations

import time
from typing import Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F

KERNELS = ("einsum", "blas", "torch")
DEFAULT = "einsum"
MARGIN = 0.85  # another routine is chosen only when its time is below this share of einsum's
ROUNDS = 5
EVICT_BYTES = 16 << 20  # read before each try: the weights leave the nearest caches, as after the panels painted
# (64 MB took the app's start-up memory past 400 MB for a moment)
_CHOSEN: dict[tuple, dict[str, str]] = {}  # the layers' shapes -> {race: routine}, for this process
_WIDE: dict[tuple, str] = {}  # an output layer's shape -> its routine for one row, for this process
BLOCKS_ONE, BLOCKS_TWO, OUTPUT_ONE = "blocks, one row", "blocks, two rows", "output layer, one row"


def multiply(kernel: str, rows: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """``rows @ weight.T + bias`` for ``rows`` (n, in), float32 on the CPU, by ``kernel`` (one of ``KERNELS``)."""
    if kernel == "torch":
        return F.linear(rows, weight, bias)
    x, w = rows.contiguous().numpy(), weight.detach().numpy()
    out = torch.from_numpy(x @ w.T if kernel == "blas" else np.einsum("td,vd->tv", x, w))
    return out if bias is None else out + bias


def _timed(layers: Sequence, inputs: Sequence[torch.Tensor], kernel: str,
           clock: Callable[[], float]) -> float:
    t0 = clock()
    for layer, x in zip(layers, inputs):
        multiply(kernel, x, layer.weight, layer.bias)
    return clock() - t0


def race(tasks: dict[str, tuple[Sequence, int]], rounds: int = ROUNDS, clock: Callable[[], float] = time.perf_counter,
         evict_bytes: int = EVICT_BYTES) -> dict[str, dict[str, float]]:
    """Each task's fastest time in seconds with each routine: {task: {routine: seconds}}.

    ``tasks`` maps a name to (layers, rows): that many rows multiplied through all of those layers in turn.
    Each round, every routine runs every task in the order given (as a forward pass reads the blocks, then the
    output layer) after the caches were emptied; the routines take turns, each round in another order. The
    fastest of the rounds counts, not the median: other programs only ever add time (on a busy machine
    the medians of one routine came out 10 to 100 times its usual time).
    """
    generator = torch.Generator().manual_seed(0)
    inputs = {name: [torch.randn(rows, m.in_features, generator=generator) for m in layers]
              for name, (layers, rows) in tasks.items()}
    flush = np.ones(max(evict_bytes // 4, 1), np.float32)
    times = {name: {k: [] for k in KERNELS} for name in tasks}
    with torch.inference_mode():
        for kernel in KERNELS:  # the first call of a routine may allocate
            for name, (layers, _) in tasks.items():
                _timed(layers, inputs[name], kernel, clock)
        for r in range(rounds):
            for kernel in KERNELS[r % len(KERNELS):] + KERNELS[:r % len(KERNELS)]:
                flush.sum()
                for name, (layers, _) in tasks.items():
                    times[name][kernel].append(_timed(layers, inputs[name], kernel, clock))
    return {name: {k: min(ts) for k, ts in by_kernel.items()} for name, by_kernel in times.items()}


def pick(times: dict[str, float]) -> str:
    """The fastest routine where it takes less than ``MARGIN`` of einsum's time (a close race is no reason to
    change), else einsum."""
    best = min(KERNELS, key=lambda k: times[k])
    return best if times[best] < MARGIN * times[DEFAULT] else DEFAULT


def tune(layers: Sequence, wide: Callable[[object], bool], rounds: int = ROUNDS,
         clock: Callable[[], float] = time.perf_counter) -> dict[str, str]:
    """Give each of ``layers`` (``transformer.Linear``, float32 on the CPU) its routine for one row and for two.

    Three races: the blocks' layers with one row and with two, and the output layer (``wide``) with one (given
    two rows or more it keeps its own product, see ``Linear``). Models with the same layer shapes reuse the
    result in this process. Returns {race: routine} for the record.
    """
    blocks, heads = [m for m in layers if not wide(m)], [m for m in layers if wide(m)]
    tasks = {name: task for name, task in ((BLOCKS_ONE, (blocks, 1)), (OUTPUT_ONE, (heads, 1)),
                                           (BLOCKS_TWO, (blocks, 2))) if task[0]}
    key = tuple((name, tuple(tuple(m.weight.shape) for m in task[0])) for name, task in tasks.items())
    if key not in _CHOSEN:
        _CHOSEN[key] = {name: pick(times) for name, times in race(tasks, rounds, clock).items()}
    chosen = _CHOSEN[key]
    for m in blocks:
        m.row_kernels = (chosen[BLOCKS_ONE], chosen[BLOCKS_TWO])
    for m in heads:
        m.row_kernels = (chosen[OUTPUT_ONE], DEFAULT)
        _WIDE[tuple(m.weight.shape)] = chosen[OUTPUT_ONE]
    return dict(chosen)


def one_row_routine(shape: tuple[int, ...]) -> str:
    """The routine chosen for one row through an output layer of ``shape`` (V, D) in this process: a table of
    that shape (the vocabulary, for nearest words) is read as fast the same way. Einsum before any was chosen."""
    return _WIDE.get(tuple(shape), DEFAULT)
