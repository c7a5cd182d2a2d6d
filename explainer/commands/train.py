"""``explainer train DATA --preset tiny --objective causal --steps N --out DIR``.

A thin shell over ``explainer.core.training.train.train``: it turns arguments
into a TrainConfig and progress reports into a progress bar (a live line on a
terminal, one line every ``--log-every`` steps in a log file).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import timedelta


def add_arguments(p: argparse.ArgumentParser) -> None:
    from explainer.core.training.presets import OBJECTIVES, PRESETS

    p.add_argument("data", help="a text file or a folder of .txt files, one paragraph per line "
                                "(a folder with *.train.txt / *.val.txt keeps that split)")
    p.add_argument("--out", required=True, help="folder for the checkpoint (written every --save-every steps)")
    p.add_argument("--objective", choices=OBJECTIVES, default="causal",
                   help="causal: predict the next token (GPT); masked: fill in hidden tokens (BERT)")
    p.add_argument("--preset", choices=list(PRESETS), default="tiny", help="model size")
    p.add_argument("--layers", type=int, dest="n_layer", help="override the preset's number of layers")
    p.add_argument("--heads", type=int, dest="n_head", help="override the preset's number of heads")
    p.add_argument("--d-model", type=int, dest="d_model", help="override the preset's width")
    p.add_argument("--context", type=int, dest="max_seq_len", help="override the preset's context window")
    p.add_argument("--steps", type=int, default=2000, help="optimiser steps in all (a resumed run counts on)")
    p.add_argument("--batch-size", type=int, help="windows per step")
    p.add_argument("--lr", type=float, help="peak learning rate")
    p.add_argument("--warmup", type=int, help="warm-up steps")
    p.add_argument("--tokenizer", help="tokenizer.json to use (default: train one on DATA)")
    p.add_argument("--vocab-size", type=int, default=8192, help="vocabulary size of a tokenizer trained here")
    p.add_argument("--resume", help="checkpoint folder to continue from (with its optimizer.pt)")
    p.add_argument("--eval-every", type=int, default=250, help="validate every N steps")
    p.add_argument("--save-every", type=int, default=500, help="write a checkpoint every N steps")
    p.add_argument("--snapshots", help="comma-separated steps to keep as fp16 copies in OUT/timeline/")
    p.add_argument("--name", help="model name stored in its config")
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--device", help="cpu or cuda (default: cuda when present)")
    p.add_argument("--threads", type=int, help="CPU threads for torch")
    p.add_argument("--bf16", action="store_true", help="bfloat16 autocast on the CPU (faster on CPUs with "
                   "bf16 instructions; weights and optimizer stay float32)")
    p.add_argument("--log-every", type=int, default=50, help="steps between lines when not on a terminal")


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


def run(args: argparse.Namespace) -> int:
    from explainer.core.checkpoints import CheckpointError
    from explainer.core.config import ConfigError
    from explainer.core.training.train import TrainConfig, train

    try:
        snapshots = [int(s) for s in args.snapshots.split(",") if s.strip()] if args.snapshots else []
    except ValueError:
        print(f"error: --snapshots must be comma-separated step numbers, got {args.snapshots!r}", file=sys.stderr)
        return 2
    cfg = TrainConfig(data=args.data, out=args.out, objective=args.objective, preset=args.preset,
                      n_layer=args.n_layer, n_head=args.n_head, d_model=args.d_model,
                      max_seq_len=args.max_seq_len, steps=args.steps, batch_size=args.batch_size,
                      lr=args.lr, warmup=args.warmup, tokenizer=args.tokenizer, vocab_size=args.vocab_size,
                      resume=args.resume, eval_every=args.eval_every, save_every=args.save_every,
                      snapshot_steps=snapshots, name=args.name, seed=args.seed, device=args.device,
                      threads=args.threads, cpu_bf16=args.bf16)
    stop = threading.Event()
    # Ctrl-C or a kill: finish the current step, write a checkpoint, then exit
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        result = train(cfg, ProgressBar(log_every=args.log_every), stop=stop)
    except (CheckpointError, ConfigError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 130 if result.stopped else 0
