"""``explainer train DATA --preset tiny --objective causal --steps N --out DIR``, and
``explainer train --from MODEL DATA`` to fine-tune a model someone already has.

A thin shell over ``explainer.core.training.train.train``: it turns arguments
into a TrainConfig and progress reports into a progress bar (a live line on a
terminal, one line every ``--log-every`` steps in a log file). DATA may be the
name of a shipped example text (``sprookje``); a fine-tune without ``--out``
lands in the user's models folder, where the app lists it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import stat
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from explainer.cli import non_negative_int, positive_float, positive_int


# what only a new model has: a fine-tune keeps the size and the tokenizer of the model it continues
NEW_MODEL_ONLY = (("preset", "--preset"), ("n_layer", "--layers"), ("n_head", "--heads"), ("d_model", "--d-model"),
                  ("tokenizer", "--tokenizer"), ("vocab_size", "--vocab-size"))
PRETRAIN_STEPS = 2000
DEFAULT_PRESET = "tiny"
DEFAULT_VOCAB = 8192


def add_arguments(p: argparse.ArgumentParser) -> None:
    from explainer.core.training.data import EXAMPLES
    from explainer.core.training.finetune import STEPS
    from explainer.core.training.presets import OBJECTIVES, PRESETS

    p.add_argument("data", help="a text file or a folder of .txt files, one paragraph per line "
                                "(a folder with *.train.txt / *.val.txt keeps that split), or a shipped "
                                f"example text: {', '.join(EXAMPLES)}")
    p.add_argument("--from", dest="base", metavar="MODEL",
                   help="fine-tune this model on DATA instead of training a new one: a model folder, ckpt.pt or "
                        ".gguf file, or a name from `explainer models`; it keeps its own tokenizer and size")
    p.add_argument("--out", help="folder for the checkpoint (written every --save-every steps); required for a "
                                 "new model, for --from by default a new folder in your models folder")
    p.add_argument("--objective", choices=OBJECTIVES,
                   help="causal: predict the next token (GPT); masked: fill in hidden tokens (BERT); "
                        "default causal, with --from the model's own")
    p.add_argument("--preset", choices=list(PRESETS), help=f"model size (default {DEFAULT_PRESET})")
    p.add_argument("--layers", type=positive_int, dest="n_layer", help="override the preset's number of layers")
    p.add_argument("--heads", type=positive_int, dest="n_head", help="override the preset's number of heads")
    p.add_argument("--d-model", type=positive_int, dest="d_model", help="override the preset's width")
    p.add_argument("--context", type=positive_int, dest="max_seq_len",
                   help="override the preset's context window; with --from: tokens per training window "
                        "(at most the model's context)")
    p.add_argument("--steps", type=positive_int, help=f"optimiser steps in all (a resumed run counts on); default "
                                                      f"{PRETRAIN_STEPS}, with --from {STEPS}")
    p.add_argument("--batch-size", type=positive_int, help="windows per step")
    p.add_argument("--lr", type=positive_float, help="peak learning rate (with --from the default is lower: "
                                                     "3e-4 for small models down to 3e-5 for large ones)")
    p.add_argument("--warmup", type=non_negative_int, help="warm-up steps")
    p.add_argument("--tokenizer", help="tokenizer.json to use (default: train one on DATA)")
    p.add_argument("--vocab-size", type=positive_int, help=f"vocabulary size of a tokenizer trained here "
                                                           f"(default {DEFAULT_VOCAB})")
    p.add_argument("--resume", help="checkpoint folder to continue from (with its optimizer.pt)")
    p.add_argument("--overwrite", action="store_true", help="let --out be a folder that already holds a model: "
                   "its checkpoint and its timeline are replaced")
    p.add_argument("--eval-every", type=positive_int, default=250, help="validate every N steps")
    p.add_argument("--save-every", type=positive_int, default=500, help="write a checkpoint every N steps")
    p.add_argument("--snapshots", help="comma-separated steps to keep as fp16 copies in OUT/timeline/ "
                                       "(a fine-tune always keeps the first and the last)")
    p.add_argument("--name", help="model name stored in its config")
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--device", help="cpu or cuda (default: EXPLAINER_DEVICE, else cuda when present)")
    p.add_argument("--threads", type=positive_int, help="CPU threads for torch")
    p.add_argument("--bf16", action="store_true", help="bfloat16 autocast on the CPU (faster on CPUs with "
                   "bf16 instructions; weights and optimizer stay float32)")
    p.add_argument("--log-every", type=positive_int, default=50, help="steps between lines when not on a terminal")


class ProgressBar:
    """Draws the loop's reports as a progress bar with loss, tokens/s and time left."""

    def __init__(self, stream=None, log_every: int = 50) -> None:
        # looked up at call time: a stream captured at import time may be closed by now
        self.stream, self.log_every = stream or sys.stdout, log_every
        self.live = self.stream.isatty()

    def __call__(self, p) -> None:
        if p.event == "step":
            if self.live:
                self.stream.write("\r" + self.line(p))
                self.stream.flush()
            elif p.step % self.log_every == 0:
                self.stream.write(self.line(p) + "\n")
                self.stream.flush()
            return
        if self.live:
            self.stream.write("\r\033[K")
        if p.event == "eval":
            per = "  ".join(f"{k} {v:.3f}" for k, v in p.val_losses.items())
            self.stream.write(f"step {p.step:>6}  val loss {p.val_loss:.4f}  ({per})\n")
            if p.sample:
                self.stream.write(f"            sample: {p.sample!r}\n")
        elif p.event == "checkpoint":
            self.stream.write(f"step {p.step:>6}  saved {p.path}\n")
        elif p.event in ("done", "stopped"):
            self.stream.write(f"{p.event} at step {p.step} after {timedelta(seconds=int(p.elapsed_s))}; "
                              f"checkpoint in {p.path}\n")
        elif p.event == "paused":
            self.stream.write(f"paused at step {p.step}\n")
        self.stream.flush()

    @staticmethod
    def line(p) -> str:
        frac = p.step / max(p.total_steps, 1)
        bar = "#" * int(frac * 24)
        left = (p.total_steps - p.step) * (p.elapsed_s / max(p.step, 1)) if p.step else 0
        rate = p.tokens_per_s
        return (f"[{bar:<24}] {p.step:>6}/{p.total_steps} loss {p.loss:.4f} lr {p.lr:.2e} "
                f"{rate:,.0f} tok/s eta {timedelta(seconds=int(left))}")


def out_problem(out: str) -> str | None:
    """Why the run could not write its checkpoint into folder ``out`` (None: it can), found before training."""
    folder = Path(out).expanduser()
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"--out {out}: {existing} is not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):  # also a read-only disk, and an immutable folder for root
        return f"--out {out}: cannot write in {existing} (read-only or no permission)"
    return None


MODEL_FILES = ("model.safetensors", "config.json", "optimizer.pt", "timeline")  # what says a folder holds a model


def holds_model(out: str) -> bool:
    folder = Path(out).expanduser()
    return folder.is_dir() and any((folder / name).exists() for name in MODEL_FILES)


def held_model_problem(out: str, resume: str | None, overwrite: bool) -> str | None:
    """Why the run would replace a model it was not asked to (None: it may): ``out`` already holds one, and the
    run neither continues that one (``--resume`` the same folder) nor was told to (``--overwrite``). Written over,
    the old weights were gone and the old run's timeline stayed beside the new one's, one timeline of two runs."""
    if overwrite or not holds_model(out):
        return None
    if resume and Path(resume).expanduser().resolve() == Path(out).expanduser().resolve():
        return None
    return (f"--out {out} already holds a model: give a new folder, --resume {out} to continue its run, or "
            "--overwrite to replace it (its timeline too)")


def resume_problem(folder: str) -> str | None:
    """Why ``folder``'s optimizer state cannot be resumed from (None: it can, or it is missing, which train says).

    Read the way the run reads it (``weights_only``: no code in it runs), so a
    refused or damaged file is one line here instead of a traceback later.
    """
    import torch

    from explainer.core.training.train import OPTIMIZER_FILE

    path = Path(folder).expanduser() / OPTIMIZER_FILE
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode):
        return f"{path}: is not a regular file"
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # refused pickles, damaged archives, truncated files: all the file's problem
        return f"{path}: refused, not a plain optimizer state ({_torch_reason(exc)})"
    if not (isinstance(state, dict) and isinstance(state.get("optimizer"), dict)
            and isinstance(state.get("rng"), torch.Tensor)):
        return f"{path}: not an optimizer state written by this app (no optimizer and rng in it)"
    return None


def _torch_reason(exc: Exception) -> str:
    """The sentence that says why torch.load refused a file, without its advice on loading it unsafely."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
    found = re.search(r"WeightsUnpickler error:\s*(.+?)(?:\.\s|\.?$|\n)", text, re.S)
    reason = found.group(1) if found else (text.strip().splitlines() or [type(exc).__name__])[0]
    return reason.strip()[:200] or type(exc).__name__


def fine_tune_problem(args: argparse.Namespace) -> str | None:
    """Why ``--from`` cannot go with the other arguments (None: it can), said before anything is read."""
    from explainer.cli import path_problem

    if args.resume:
        return "--resume continues a run (a fine-tune too) and --from starts a fine-tune: give one of them"
    given = [flag for dest, flag in NEW_MODEL_ONLY if getattr(args, dest) is not None]
    if given:
        return (f"--from {args.base} continues that model as it is: {', '.join(given)} only apply to a new "
                "model (--context sets the window length of a fine-tune)")
    problem = path_problem(args.base)
    return f"--from {args.base}: {problem}" if problem else None


def default_out(base: str) -> str:
    """A new folder in the user's models folder, named after the model it fine-tunes."""
    from explainer.core.checkpoints.locations import user_models_dir

    stem = Path(base).expanduser().name.removesuffix(".gguf").removesuffix(".pt") or "model"
    return str(user_models_dir() / time.strftime(f"{stem}-finetuned-%Y%m%d-%H%M%S"))


def summary(result) -> str | None:
    """Validation loss before and after a fine-tune, and where its timeline is (None for other runs)."""
    history = [h for h in result.history if h.get("val_loss") is not None]
    if len(history) < 2 or history[0]["step"] != 0:
        return None
    before, after = history[0]["val_loss"], history[-1]["val_loss"]
    return (f"validation loss {before:.4f} before, {after:.4f} after; the timeline from before to after is in "
            f"{Path(result.checkpoint) / 'timeline'}")


def run(args: argparse.Namespace) -> int:
    from explainer.core.checkpoints import CheckpointError
    from explainer.core.config import ConfigError
    from explainer.core.training.finetune import STEPS
    from explainer.core.training.train import TrainConfig, train

    try:
        snapshots = [int(s) for s in args.snapshots.split(",") if s.strip()] if args.snapshots else []
    except ValueError:
        print(f"error: --snapshots must be comma-separated step numbers, got {args.snapshots!r}", file=sys.stderr)
        return 2
    fine_tune = args.base is not None
    problem = fine_tune_problem(args) if fine_tune else None
    if not problem and not args.out and not fine_tune:
        problem = "--out is required: the folder for the new model's checkpoint"
    out = args.out or (default_out(args.base) if fine_tune else "")
    problem = problem or out_problem(out) or held_model_problem(out, args.resume, args.overwrite) \
        or (resume_problem(args.resume) if args.resume else None)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    resuming_out = args.resume and Path(args.resume).expanduser().resolve() == Path(out).expanduser().resolve()
    if args.overwrite and not resuming_out:  # the old run's snapshots and optimizer state: not this run's
        old = Path(out).expanduser()
        if (old / "timeline").is_dir():
            shutil.rmtree(old / "timeline")
        (old / "optimizer.pt").unlink(missing_ok=True)
    objective = args.objective if (fine_tune or args.resume) else (args.objective or "causal")
    cfg = TrainConfig(data=args.data, out=out, objective=objective, preset=args.preset or DEFAULT_PRESET,
                      n_layer=args.n_layer, n_head=args.n_head, d_model=args.d_model,
                      max_seq_len=args.max_seq_len, steps=args.steps or (STEPS if fine_tune else PRETRAIN_STEPS),
                      batch_size=args.batch_size, lr=args.lr, warmup=args.warmup, tokenizer=args.tokenizer,
                      vocab_size=args.vocab_size or DEFAULT_VOCAB, resume=args.resume, base=args.base,
                      eval_every=args.eval_every, save_every=args.save_every, snapshot_steps=snapshots,
                      name=args.name, seed=args.seed, device=args.device, threads=args.threads, cpu_bf16=args.bf16)
    if fine_tune:
        print(f"fine-tuning {args.base} on {args.data} for {cfg.steps} steps into {out}", flush=True)
    stop = threading.Event()
    # Ctrl-C or a kill: finish the current step, write a checkpoint, then exit
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        result = train(cfg, ProgressBar(log_every=args.log_every), stop=stop)
    except (CheckpointError, ConfigError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the disk filled up or the folder became read-only during the run
        print(f"error: {exc.filename or out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    line = summary(result) if fine_tune else None
    if line:
        print(line)
    return 130 if result.stopped else 0
