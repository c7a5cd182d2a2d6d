"""The training loop shared by ``explainer train`` and the app's training panel.

``train(config, progress)`` builds (or resumes) a model, then repeats: cut a
batch of windows from the token stream, compute the causal or masked loss,
step AdamW on a warm-up + cosine learning-rate schedule. Every ``eval_every``
steps it measures validation loss per split and makes a sample; every
``save_every`` steps it writes a checkpoint in the native folder format,
with the optimiser beside it (``optimizer.pt``) so that a resumed run
continues exactly where it stopped. It never prints: everything a person
sees arrives through the ``progress`` callback, and another thread can pause
or stop it through ``threading.Event`` objects.

With ``base`` set the run is a fine-tune (``finetune``): instead of a new
model it continues the model at that path, in float32, with its own
tokenizer and objective, on windows fitted to the text, and it always keeps
a snapshot before its first step and after its last, so the timeline of the
result runs from the model as it was to the model as it became.
"""

from __future__ import annotations

import dataclasses
import math
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import torch

from explainer.core.analysis.sampling import generate_text
from explainer.core.checkpoints import default_device
from explainer.core.checkpoints.limits import MAX_NAME_CHARS
from explainer.core.checkpoints.native import load_checkpoint, save_checkpoint
from explainer.core.tokenizers import Tokenizer, load_tokenizer_file
from explainer.core.training import data as D
from explainer.core.training import finetune
from explainer.core.training.evaluate import (MaskSpec, causal_loss, format_top, mask_fills,
                                              masked_loss, validation_losses)
from explainer.core.training.presets import PRESETS, model_config, preset
from explainer.core.transformer import Transformer, standard_layout

OPTIMIZER_FILE = "optimizer.pt"


@dataclass
class TrainConfig:
    """Everything one training run needs; ``None`` means "what the preset says" (a fine-tune: ``finetune``)."""

    data: str
    out: str
    objective: str | None = "causal"  # or "masked"; None: the model's own (a fine-tune, a resumed run)
    preset: str = "tiny"
    n_layer: int | None = None
    n_head: int | None = None
    d_model: int | None = None
    max_seq_len: int | None = None  # a new model's context; a fine-tune's window (at most the model's context)
    steps: int = 2000
    batch_size: int | None = None
    lr: float | None = None
    min_lr_ratio: float = 0.05
    warmup: int | None = None
    weight_decay: float = 0.1
    grad_clip: float = 1.0
    eval_every: int = 250
    eval_windows: int = 64
    save_every: int = 500
    snapshot_steps: list[int] = field(default_factory=list)  # fp16 copies in out/timeline/
    tokenizer: str | None = None
    vocab_size: int = 8192
    resume: str | None = None
    base: str | None = None  # fine-tune this model (a path or a name load_model accepts) instead of a new one
    seed: int = 1337
    device: str | None = None
    threads: int | None = None
    cpu_bf16: bool = False  # bfloat16 autocast on the CPU: about 1.5-2x faster where the CPU has bf16 units
    name: str | None = None
    sample_prompts: tuple[str, ...] = ("De kat zat op de", "Once upon a time")
    mask_probe: str = "De kat zat op de [MASK]."
    mask_rate: float = 0.15


@dataclass(frozen=True)
class Progress:
    """One report from the loop: ``event`` is step, eval, checkpoint, paused, done or stopped."""

    event: str
    step: int
    total_steps: int
    loss: float
    lr: float
    tokens_per_s: float
    tokens_seen: int
    elapsed_s: float
    val_loss: float | None = None
    val_losses: dict[str, float] = field(default_factory=dict)
    sample: str | None = None
    path: str | None = None


@dataclass
class TrainResult:
    """How a run ended: the last step, its losses, where the checkpoint is, whether it was stopped."""

    step: int
    train_loss: float
    val_loss: float | None
    val_losses: dict[str, float]
    tokens_seen: int
    wall_time_s: float
    checkpoint: Path
    stopped: bool
    n_params: int
    history: list[dict[str, Any]]
    model: Transformer | None = field(default=None, repr=False)
    tokenizer: Tokenizer | None = field(default=None, repr=False)


def lr_at(step: int, base: float, warmup: int, total: int, min_ratio: float) -> float:
    """Linear warm-up to ``base``, then cosine decay to ``base * min_ratio`` at ``total``."""
    if step < warmup:
        return base * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return base * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


def make_optimizer(model: Transformer, lr: float, weight_decay: float) -> torch.optim.AdamW:
    """AdamW with decay on matrices only; the fused kernel where this torch has one.

    The model's packed weight copies are dropped first: the fused kernel changes the weights without
    moving their version counters, so a packed copy could not tell that it is out of date.
    """
    model.drop_packed()
    standard_layout(model)  # a loaded model's weights may be stored input-major for inference
    params = {id(p): p for p in model.parameters() if p.requires_grad}.values()
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": weight_decay},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    try:
        return torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.95), fused=True)
    except (RuntimeError, TypeError, ValueError):
        return torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.95))


def pick_device(wanted: str | None) -> torch.device:
    """``wanted``, else where the app computes (``default_device``: ``EXPLAINER_DEVICE``, else the GPU if any)."""
    if wanted:
        return torch.device(wanted)
    return default_device()


class _Run:
    """The state of one run between steps (model, optimiser, streams, counters).

    A fine-tune (``cfg.base``) is planned first (``finetune.plan``: its
    memory is checked from the model's configuration alone), then the text is
    read and the model opened in float32; its windows are ``window`` tokens
    long, fitted to the text, where a new model's fill its context.
    """

    def __init__(self, cfg: TrainConfig) -> None:
        self.cfg = cfg
        self.size = preset(cfg.preset)
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        self.device = pick_device(cfg.device)
        self.out = Path(cfg.out).expanduser()
        if not cfg.resume and (self.out / OPTIMIZER_FILE).is_file():
            raise ValueError(f"{self.out}: already holds a training checkpoint; resume it "
                             "(--resume) or choose another output folder")
        self.plan = None
        if cfg.base and not cfg.resume:
            self.plan = finetune.plan(cfg.base, cfg.steps, cfg.batch_size, cfg.max_seq_len, self.device)
        self.splits = D.load_splits(cfg.data, short_ok=self.plan is not None)
        self.step, self.tokens_seen, self.prior_wall, self.history = 0, 0, 0.0, []
        self.gen = torch.Generator().manual_seed(cfg.seed)
        self.saved_cfg: dict[str, Any] = {}
        self.base_info: dict[str, Any] | None = None  # a fine-tune: the model it started from
        self.model, self.tok = self._build_or_resume()
        self.size_name: str | None = cfg.preset if self.base_info is None else None
        if self.saved_cfg.get("preset") in PRESETS:  # a resumed run keeps its own defaults
            self.size_name = self.saved_cfg["preset"]
            self.size = preset(self.size_name)
        mcfg = self.model.cfg
        # a fine-tune (or a resumed run) keeps the objective its model was made for, unless told otherwise
        self.objective = cfg.objective or ("causal" if mcfg.causal else "masked")
        if mcfg.causal != (self.objective == "causal"):
            raise ValueError(f"{cfg.resume or cfg.base}: a {'causal' if mcfg.causal else 'masked'} model cannot "
                             f"be trained with the {self.objective} objective")
        self.mask = None
        if self.objective == "masked":
            if self.tok.mask_id is None:
                raise ValueError("the masked objective needs a tokenizer with a [MASK] token")
            never = sorted(set(D.special_ids(self.tok)) | {self.tok.mask_id})
            self.mask = MaskSpec(self.tok.mask_id, mcfg.vocab_size, tuple(never), cfg.mask_rate)
        self.train_stream = D.encode_stream(self.tok, self.splits.train)
        self.val_streams = {k: D.encode_stream(self.tok, v) for k, v in self.splits.val.items()}
        self.fine_tune = self.base_info is not None
        self.prompts = cfg.sample_prompts
        if self.plan is not None:
            self.size = self.plan.fitted(len(self.train_stream))
        if self.fine_tune:  # the samples show how the model now continues the person's own text
            self.prompts = (finetune.opening_words(self.splits.train[0]),)
        saved = self.saved_cfg
        self.window = int(saved.get("window") or (self.size.max_seq_len if self.plan else mcfg.max_seq_len))
        self.batch = cfg.batch_size or saved.get("batch_size") or self.size.batch_size
        self.base_lr = cfg.lr or saved.get("lr") or self.size.lr
        self.warmup = next(w for w in (cfg.warmup, saved.get("warmup"), self.size.warmup) if w is not None)
        self.model.to(self.device).train()
        self.opt = make_optimizer(self.model, self.base_lr, cfg.weight_decay)
        if cfg.resume:
            self._load_optimizer(Path(cfg.resume).expanduser())

    def _build_or_resume(self) -> tuple[Transformer, Tokenizer]:
        cfg = self.cfg
        if cfg.resume:
            loaded = load_checkpoint(Path(cfg.resume).expanduser())
            meta = loaded.metadata
            self.step = int(meta.get("step", 0))
            self.tokens_seen = int(meta.get("tokens_seen", 0))
            self.prior_wall = float(meta.get("wall_time_s", 0.0))
            self.history = list(meta.get("history", []))
            self.saved_cfg = dict(meta.get("train_config") or {})
            base = meta.get("base")
            self.base_info = dict(base) if isinstance(base, dict) else None
            return loaded.model, loaded.tokenizer
        if self.plan is not None:
            return self._open_base()
        if cfg.tokenizer:
            try:
                tok = load_tokenizer_file(cfg.tokenizer)
            except (OSError, ValueError, KeyError) as exc:
                raise ValueError(f"{cfg.tokenizer}: unreadable tokenizer ({exc})") from None
        else:
            tok = D.make_tokenizer(self.splits, cfg.objective or "causal", cfg.vocab_size)
        specials = {}
        for name in ("<|endoftext|>", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"):
            tid = tok.token_id(name) if hasattr(tok, "token_id") else None
            if tid is not None:
                specials[name] = int(tid)
        name = cfg.name or f"{cfg.preset}-{cfg.objective or 'causal'}"
        mcfg = model_config(cfg.objective or "causal", tok.vocab_size, self.size, name=name,
                            special_tokens=specials, n_layer=cfg.n_layer, n_head=cfg.n_head,
                            d_model=cfg.d_model, max_seq_len=cfg.max_seq_len)
        torch.manual_seed(cfg.seed)
        return Transformer(mcfg), tok

    def _open_base(self) -> tuple[Transformer, Tokenizer]:
        """The model to fine-tune, in float32 on the run's device, renamed after the run."""
        plan = self.plan
        loaded = finetune.open_base(plan, self.device)
        meta = loaded.metadata if isinstance(loaded.metadata, dict) else {}
        self.base_info = {"path": str(plan.source), "name": loaded.name, "format": plan.format}
        if isinstance(meta.get("step"), int):
            self.base_info["step"] = meta["step"]
        if isinstance(meta.get("languages"), list):
            self.base_info["languages"] = meta["languages"]
        loaded.model.cfg.name = (self.cfg.name or self.out.name or loaded.name)[:MAX_NAME_CHARS]
        return loaded.model, loaded.tokenizer

    def _load_optimizer(self, folder: Path) -> None:
        path = folder / OPTIMIZER_FILE
        if not path.is_file():
            raise ValueError(f"{path}: missing, so the run cannot resume its optimiser state")
        state = torch.load(path, map_location="cpu", weights_only=True)
        self.opt.load_state_dict(state["optimizer"])
        self.gen.set_state(state["rng"])

    def next_batch(self) -> tuple[torch.Tensor, ...]:
        T = self.window
        length = T + 1 if self.mask is None else T
        windows = D.cut_windows(self.train_stream, D.window_starts(self.train_stream, self.batch, length, self.gen),
                                length)
        if self.mask is None:
            return (windows.to(self.device),)
        inputs, labels = D.mask_tokens(windows, self.mask.mask_id, self.mask.vocab_size, self.mask.never,
                                       self.gen, self.mask.rate)
        return inputs.to(self.device), labels.to(self.device)

    def loss(self, batch: tuple[torch.Tensor, ...]) -> torch.Tensor:
        if self.device.type == "cuda" or self.cfg.cpu_bf16:
            with torch.autocast(self.device.type, dtype=torch.bfloat16):
                return causal_loss(self.model, *batch) if self.mask is None else masked_loss(self.model, *batch)
        return causal_loss(self.model, *batch) if self.mask is None else masked_loss(self.model, *batch)

    def evaluate(self) -> dict[str, float]:
        return validation_losses(self.model, self.val_streams, self.cfg.eval_windows, self.batch, self.mask,
                                 self.window)

    def sample(self) -> str:
        self.model.eval()
        try:
            if self.mask is not None:
                return f"{self.cfg.mask_probe} → {format_top(mask_fills(self.model, self.tok, self.cfg.mask_probe))}"
            prompt = self.prompts[(self.step // max(self.cfg.eval_every, 1)) % len(self.prompts)]
            return prompt + generate_text(self.model, self.tok, prompt, 32, temperature=0.8, seed=self.step)
        finally:
            self.model.train()

    def metadata(self, train_loss: float, val: dict[str, float], wall: float) -> dict[str, Any]:
        meta = {"step": self.step, "train_loss": _finite(train_loss),
                "val_loss": _mean(val), "val_losses": val, "tokens_seen": self.tokens_seen,
                "wall_time_s": round(wall, 2), "objective": self.objective,
                "corpus": str(self.cfg.data), "n_params": self.model.n_params(),
                "batch_size": self.batch, "window": self.window, "peak_lr": self.base_lr, "warmup": self.warmup,
                "device": str(self.device), "threads": torch.get_num_threads(),
                "history": self.history,
                "train_config": _jsonable({**dataclasses.asdict(self.cfg), "preset": self.size_name,
                                           "objective": self.objective, "batch_size": self.batch,
                                           "window": self.window, "lr": self.base_lr, "warmup": self.warmup})}
        if self.base_info is not None:  # a fine-tune says what it started from (the Compare panel's "before")
            meta["base"] = self.base_info
            if "languages" in self.base_info:
                meta["languages"] = self.base_info["languages"]
        return meta

    def save(self, folder: Path, meta: dict[str, Any], with_optimizer: bool,
             dtype: torch.dtype = torch.float32) -> Path:
        save_checkpoint(self.model, self.tok, folder, meta, dtype=dtype)
        if with_optimizer:
            state = {"optimizer": self.opt.state_dict(), "rng": self.gen.get_state(), "step": self.step}
            tmp = folder / f".{OPTIMIZER_FILE}.tmp"
            torch.save(state, tmp)
            os.replace(tmp, folder / OPTIMIZER_FILE)
        return folder


def _mean(val: dict[str, float]) -> float | None:
    return sum(val.values()) / len(val) if val else None


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}


def train(cfg: TrainConfig, progress: Callable[[Progress], None] | None = None,
          stop: threading.Event | None = None, pause: threading.Event | None = None) -> TrainResult:
    """Train (or resume) a model as ``cfg`` says; report through ``progress``; stop early on ``stop``.

    While ``pause`` is set the loop waits (its time is not counted as training
    time). When ``stop`` is set it writes a checkpoint at the current step and
    returns with ``stopped=True``. Raises ValueError (DataError, CheckpointError
    are kinds of it or carry a path) for problems a user can fix.
    """
    run = _Run(cfg)
    report = progress or (lambda p: None)
    stop = stop or threading.Event()
    started, paused_s = time.perf_counter(), 0.0
    recent: deque[tuple[float, int]] = deque(maxlen=20)
    last = run.history[-1] if run.history else {}
    loss_value = float(last.get("train_loss") or "nan")
    val: dict[str, float] = dict(last.get("val_losses", {}))
    wanted = set(cfg.snapshot_steps) | ({0, cfg.steps} if run.fine_tune else set())  # before and after
    snapshots = sorted(s for s in wanted if s >= run.step)

    def wall() -> float:
        return run.prior_wall + time.perf_counter() - started - paused_s

    def note(event: str, **kw: Any) -> Progress:
        rate = 0.0
        if len(recent) >= 2 and recent[-1][0] > recent[0][0]:
            rate = (recent[-1][1] - recent[0][1]) / (recent[-1][0] - recent[0][0])
        p = Progress(event, run.step, cfg.steps, loss_value, lr_at(run.step, run.base_lr, run.warmup, cfg.steps,
                     cfg.min_lr_ratio), rate, run.tokens_seen, wall(), **kw)
        report(p)
        return p

    def checkpoint(with_eval: bool) -> None:
        nonlocal val
        if with_eval:
            val = run.evaluate()
            run.history.append({"step": run.step, "train_loss": _finite(loss_value), "val_loss": _mean(val),
                                "val_losses": val, "tokens_seen": run.tokens_seen, "wall_time_s": round(wall(), 2)})
            note("eval", val_loss=_mean(val), val_losses=val, sample=run.sample())
        if run.step in snapshots:
            folder = run.out / "timeline" / f"step-{run.step:06d}"
            run.save(folder, run.metadata(loss_value, val, wall()), False, torch.float16)
            note("checkpoint", val_loss=_mean(val), val_losses=val, path=str(folder))

    if run.step == 0 or run.step in snapshots:
        checkpoint(with_eval=run.step == 0 or run.step in snapshots)
    tokens_per_step = run.batch * run.window
    recent.append((time.perf_counter(), run.tokens_seen))
    stopped = False
    while run.step < cfg.steps:
        if pause is not None and pause.is_set() and not stop.is_set():
            note("paused")
            t0 = time.perf_counter()
            while pause.is_set() and not stop.is_set():
                stop.wait(0.1)
            paused_s += time.perf_counter() - t0
            recent.clear()
            recent.append((time.perf_counter(), run.tokens_seen))
        if stop.is_set():
            stopped = True
            break
        for group in run.opt.param_groups:
            group["lr"] = lr_at(run.step, run.base_lr, run.warmup, cfg.steps, cfg.min_lr_ratio)
        loss = run.loss(run.next_batch())
        if not math.isfinite(value := float(loss.detach())):  # every weight would become NaN from here
            kept = (f"{run.out} keeps its last checkpoint, from before" if (run.out / "model.safetensors").is_file()
                    else "nothing was saved")
            raise ValueError(f"training diverged at step {run.step + 1}: the loss became {value} instead of a number; "
                             f"{kept}. Try a smaller learning rate (--lr, now {run.base_lr:g})")
        run.opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.grad_clip:
            torch.nn.utils.clip_grad_norm_(run.model.parameters(), cfg.grad_clip)
        run.opt.step()
        run.step += 1
        run.tokens_seen += tokens_per_step
        loss_value = float(loss.detach())
        recent.append((time.perf_counter(), run.tokens_seen))
        note("step")
        at_end = run.step == cfg.steps
        evaluate = at_end or run.step in snapshots or (cfg.eval_every and run.step % cfg.eval_every == 0)
        if evaluate:
            checkpoint(with_eval=True)
        if at_end or (cfg.save_every and run.step % cfg.save_every == 0):
            run.save(run.out, run.metadata(loss_value, val, wall()), True)
            note("checkpoint", val_loss=_mean(val), val_losses=val, path=str(run.out))
    if stopped or run.step == 0 or not (run.out / OPTIMIZER_FILE).is_file():
        run.save(run.out, run.metadata(loss_value, val, wall()), True)
    note("stopped" if stopped else "done", val_loss=_mean(val), val_losses=val, path=str(run.out))
    run.model.repack()  # trained: what a window shows from here multiplies fast again
    return TrainResult(run.step, loss_value, _mean(val), val, run.tokens_seen, wall(), run.out, stopped,
                       run.model.n_params(), run.history, run.model.eval(), run.tok)
