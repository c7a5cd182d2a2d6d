"""Fine-tuning: continue training a model someone already has, on their own text.

Pre-training (``explainer train DATA``) builds a new model and teaches it a
language from nothing. Fine-tuning (``explainer train --from MODEL DATA``, or
"the open model" in the Training panel) takes a finished model in any format
the app opens and trains it further on a person's text, with the model's own
tokenizer, so that its predictions move towards that text: after a few
hundred steps on a handful of fairy tales, "Er was" is followed by " eens"
more often than before. The loop is the same (``train.train``); this module
decides what differs, before anything large is read:

- **Memory.** A run holds every parameter four times over: the weight, its
  gradient and AdamW's two moments (4 + 4 + 8 bytes in float32), plus the
  activations the backward pass keeps for one batch. ``plan`` reads only the
  model's configuration (headers, never weights), adds this up and refuses a
  run that would not fit in the free memory, with the figures in the message.
- **Precision.** The model is read in float32 (``load_model(precision=
  "float32")``). For inference the app may round the linear weights of a
  large model to bfloat16 in place (``Transformer.set_precision``); a
  rounded weight has 8 bits of mantissa, too coarse for the small steps of
  fine-tuning, so a fine-tune never starts from those.
- **Defaults for a small text.** A learning rate well below pre-training's
  (``SIZES``), a few hundred steps, a warm-up of a few steps, and windows no
  longer than the model's context or the text itself.
- **Objective.** The one the model was made for: next-token prediction for
  a causal model, filling in hidden tokens for a masked one (BERT).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from explainer.core.checkpoints import header_config, load_model, memory
from explainer.core.checkpoints.base import LoadedModel
from explainer.core.config import ModelConfig
from explainer.core.training.presets import Preset

STEPS = 300  # a few hundred steps: enough to move a small model towards a few pages of text
WINDOW = 256  # tokens per window, unless the model's context or the text is shorter
MAX_WARMUP = 20

# (fewer parameters than, peak learning rate, windows per step). Pre-training the shipped tiny models
# peaked at 1.5e-3 to 2e-3; a tenth of that moves a small model towards the new text in a few hundred
# steps without wiping out what it knew. Larger models take smaller steps (1e-4 around a hundred million
# parameters, 3e-5 from half a billion: the rates full fine-tunes of such models commonly use), and
# fewer windows per step, since their activations grow with their width and depth.
SIZES: tuple[tuple[float, float, int], ...] = (
    (50e6, 3e-4, 8),
    (500e6, 1e-4, 4),
    (float("inf"), 3e-5, 2),
)

# bytes per parameter while training in float32: the weight, its gradient, AdamW's two moments
WEIGHT_BYTES, GRADIENT_BYTES, OPTIMIZER_BYTES = 4, 4, 8


class FineTuneError(ValueError):
    """A fine-tune that cannot start (too large, a window longer than the context); says why in numbers."""


@dataclass(frozen=True)
class MemoryNeed:
    """Bytes a fine-tune needs, by what holds them; ``total`` is what is compared with free memory."""

    params: int
    weights: int
    gradients: int
    optimizer: int
    activations: int
    batch_size: int
    window: int

    @property
    def total(self) -> int:
        return self.weights + self.gradients + self.optimizer + self.activations


def activation_bytes(cfg: ModelConfig, batch_size: int, window: int) -> int:
    """What the backward pass keeps of one batch, in float32, counted per token.

    Each block keeps about twelve vectors of the model's width (the norms'
    inputs and outputs, queries, keys, values, the attention output, the
    residual stream) and four of the MLP's width (its up projection, the
    activation, the gate of a SwiGLU MLP). Attention itself runs in the fused
    kernel while training, which keeps no (T, T) pattern. After the blocks
    the vocabulary projection keeps three vectors as long as the vocabulary:
    the logits, their log-softmax and, during the backward pass, their
    gradient; for a small model with a large vocabulary that is most of it.
    """
    per_token = cfg.n_layer * (12 * cfg.d_model + 4 * cfg.d_mlp) + 3 * cfg.vocab_size
    return 4 * batch_size * window * per_token


def memory_need(cfg: ModelConfig, batch_size: int, window: int) -> MemoryNeed:
    """Parameters × (weights 4 + gradients 4 + AdamW 8 bytes) + the activations of one batch."""
    n = cfg.param_count()
    return MemoryNeed(n, n * WEIGHT_BYTES, n * GRADIENT_BYTES, n * OPTIMIZER_BYTES,
                      activation_bytes(cfg, batch_size, window), batch_size, window)


def check_memory(need: MemoryNeed, source: str | Path, device: torch.device | str = "cpu",
                 free_bytes: int | None = None) -> None:
    """Raise FineTuneError when ``need`` exceeds the free memory (``free_bytes``, else what the system says).

    A system that does not say how much is free is not refused (as when a model is opened).
    """
    free = memory.available_bytes(device) if free_bytes is None else free_bytes
    if free is None or need.total <= free:
        return
    gb = memory.gigabytes
    where = "on the GPU" if torch.device(device).type == "cuda" else "in memory"
    raise FineTuneError(
        f"{source}: too large to fine-tune on this computer: its {need.params:,} parameters need "
        f"{gb(need.weights)} for the weights, {gb(need.gradients)} for their gradients and "
        f"{gb(need.optimizer)} for the optimiser's state, and one step of {need.batch_size} windows of "
        f"{need.window} tokens needs {gb(need.activations)} for activations: {gb(need.total)} in all {where}, "
        f"and {gb(free)} is free. Use fewer or shorter windows per step, or a smaller model.")


def defaults_for(n_params: int) -> tuple[float, int]:
    """Peak learning rate and windows per step for a model of ``n_params`` parameters (``SIZES``)."""
    return next((lr, batch) for below, lr, batch in SIZES if n_params < below)


def warmup_for(steps: int) -> int:
    """A short warm-up: a tenth of the run, at most ``MAX_WARMUP`` steps."""
    return max(1, min(MAX_WARMUP, steps // 10))


@dataclass(frozen=True)
class Plan:
    """What a fine-tune of one model will use, decided from its configuration before any weight is read.

    ``source`` is the model's path (a name is resolved), ``config`` its
    configuration, ``objective`` the one it was trained with. ``batch_size``
    and ``window`` are upper bounds: ``fitted`` shortens them to the text.
    ``batch_given`` says whether the batch size was asked for (then it is kept).
    """

    source: Path
    format: str
    config: ModelConfig
    objective: str
    window: int
    batch_size: int
    batch_given: bool
    lr: float
    warmup: int
    need: MemoryNeed

    def fitted(self, n_tokens: int) -> Preset:
        """The run's settings for a training text of ``n_tokens`` tokens, as a Preset of the model's size.

        A window never runs past the text (a causal window needs one token
        more, its last prediction's target); a text shorter than one window is
        trained in windows as long as the text. Without an asked batch size a
        step takes no more windows than the text holds side by side.
        """
        room = n_tokens - 1 if self.objective == "causal" else n_tokens
        if room < 2:
            raise FineTuneError(f"the training text has {n_tokens} tokens: too little to fine-tune on "
                                "(a sentence or more is needed)")
        window = min(self.window, room)
        batch = self.batch_size if self.batch_given else max(1, min(self.batch_size, n_tokens // window))
        c = self.config
        return Preset(n_layer=c.n_layer, n_head=c.n_head, d_model=c.d_model, max_seq_len=window,
                      batch_size=batch, lr=self.lr, warmup=self.warmup)


def plan(base: str | Path, steps: int, batch_size: int | None = None, window: int | None = None,
         device: torch.device | str = "cpu", free_bytes: int | None = None) -> Plan:
    """Read the configuration of the model at ``base`` (a path or a name), choose defaults, check memory.

    Raises CheckpointError for a model that cannot be opened and
    FineTuneError for a window longer than the model's context or a run that
    would not fit in memory (``free_bytes`` stands in for the free memory, for tests).
    """
    fmt, target, cfg = header_config(base)
    if window is not None and window > cfg.max_seq_len:
        raise FineTuneError(f"{target}: a window of {window:,} tokens is longer than the model's context "
                            f"window of {cfg.max_seq_len:,}")
    window = window or min(WINDOW, cfg.max_seq_len)
    lr, default_batch = defaults_for(cfg.param_count())
    batch = batch_size or default_batch
    need = memory_need(cfg, batch, window)
    check_memory(need, target, device, free_bytes)
    return Plan(target, fmt, cfg, "causal" if cfg.causal else "masked", window, batch, batch_size is not None,
                lr, warmup_for(steps), need)


def open_base(plan: Plan, device: torch.device | str = "cpu") -> LoadedModel:
    """The planned model with float32 weights that can learn, on ``device``.

    Read with precision float32 whatever ``EXPLAINER_PRECISION`` says, so no
    linear weight is rounded to bfloat16; a loader that ever hands back
    half-precision weights is widened here rather than trained as it is.
    """
    loaded = load_model(plan.source, device=device, precision="float32")
    model = loaded.model
    if any(p.dtype != torch.float32 for p in model.parameters()):
        model.float()
    for p in model.parameters():
        p.requires_grad_(True)
    return loaded


def opening_words(text: str, n: int = 3) -> str:
    """The first ``n`` words of ``text``: the prompt whose continuation shows what the model learnt."""
    return " ".join(text.split()[:n])
