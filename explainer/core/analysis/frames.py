"""What an animation shows, frame by frame: a model and the Trace of one forward pass per frame.

- ``generation_frames``: the text as it was, then after each token the model
  adds when it always picks its likeliest next token (greedy), as the
  next-token panel's Generate does with temperature 0.
- ``timeline_frames``: one text read by every checkpoint of a training run,
  from the first step to the last (at most ``max_frames``, spread evenly).

Model work only (no Qt): the app runs these in a job, ``explainer render
--animate`` directly. Drawing the frames is ``explainer.gui.animation``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from explainer.core.checkpoints import load_model
from explainer.core.checkpoints.base import LoadedModel
from explainer.core.checkpoints.timeline import Snapshot
from explainer.core.trace import Trace, run

MAX_TOKENS = 60  # tokens one generation animation may add
MAX_FRAMES = 30  # checkpoints one timeline animation shows


class FramesError(ValueError):
    """An animation that cannot be made for this model (the message says why, in one line)."""


@dataclass(frozen=True)
class FrameSource:
    """One frame: the model that reads, the Trace it made, and where the frame stands in the animation."""

    loaded: LoadedModel
    trace: Trace
    index: int
    total: int
    step: int | None = None  # the checkpoint's training step (timeline frames)
    val_loss: float | None = None


def next_piece(tokenizer, token_id: int) -> str:
    """The text one token adds at the end (WordPiece's ``##`` joins, its other pieces start a word)."""
    piece = tokenizer.decode([int(token_id)])
    if tokenizer.kind == "wordpiece":
        piece = piece[2:] if piece.startswith("##") else " " + piece
    return piece


def generation_frames(loaded: LoadedModel, text: str, n_tokens: int, lens_k: int = 0,
                      interventions=None, keep_going: Callable[[], bool] = lambda: True) -> list[FrameSource]:
    """``n_tokens`` + 1 frames: ``text``, then ``text`` with 1, 2 … ``n_tokens`` greedily chosen tokens.

    ``keep_going`` is asked before each forward pass; when it says no, the frames so far are returned.
    """
    if not loaded.cfg.causal:
        raise FramesError("step-by-step generation needs a model that predicts the next token (a causal model)")
    if not text:
        raise FramesError("type the beginning of a text first")
    n_tokens = max(0, min(int(n_tokens), MAX_TOKENS))
    model, tok = loaded.model, loaded.tokenizer
    traces: list[Trace] = []
    for _ in range(n_tokens + 1):
        if not keep_going():
            break
        trace = run(model, tok, text, lens_k=lens_k, interventions=interventions or None, logits="predictions")
        traces.append(trace)
        if trace.n_tokens == 0:
            break
        text = text + next_piece(tok, int(np.argmax(trace.logits_at(-1))))
    return [FrameSource(loaded, t, i, len(traces)) for i, t in enumerate(traces)]


def spread(items: list, n: int) -> list:
    """At most ``n`` of ``items``, evenly spread, always with the first and the last."""
    if len(items) <= n:
        return list(items)
    picks = sorted({round(i * (len(items) - 1) / (n - 1)) for i in range(n)})
    return [items[i] for i in picks]


def timeline_frames(snapshots: list[Snapshot], text: str, lens_k: int = 0, max_frames: int = MAX_FRAMES,
                    keep_going: Callable[[], bool] = lambda: True,
                    loader: Callable[[object], LoadedModel] = load_model) -> list[FrameSource]:
    """One frame per checkpoint (at most ``max_frames``): each loaded in turn and run on ``text``."""
    if len(snapshots) < 2:
        raise FramesError("this model has no training timeline (a run with several checkpoints)")
    chosen = spread(list(snapshots), max(2, max_frames))
    frames = []
    for i, snap in enumerate(chosen):
        if not keep_going():
            break
        loaded = loader(snap.path)
        loaded.model.eval()
        trace = run(loaded.model, loaded.tokenizer, text, lens_k=lens_k, logits="predictions")
        frames.append(FrameSource(loaded, trace, i, len(chosen), snap.step, snap.val_loss))
    return frames
