"""Tokens per second of fine-tuning the shipped default model against pre-training the same shape, in one process.

Fine-tuning is the Training panel's "the open model" and ``explainer train
--from``: the library's ``train`` with ``base`` set, which opens the shipped
model in float32 and continues it. Pre-training is ``explainer train``
building a fresh model of the same shape (layers, heads, width, context and
the shipped tokenizer, so the same vocabulary). Both run the same text (the
shipped fairy tales), the same number of windows per step and the same
window length; the time between two step reports is what counts, so opening
the model, the evaluations and the snapshots before and after are left out.
Each run goes ``--rounds`` times, alternating which goes first; the script
prints best against best and the median of the paired ratios. Fine-tuning
does the same arithmetic per token as pre-training, so the goal is a ratio
of about 1.0 (no slower).

    python benchmarks/finetune.py [--steps 20] [--warm 3] [--rounds 2] [--batch 4] [--window 256] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import torch

from explainer.core.checkpoints import header_config
from explainer.core.training.train import TrainConfig, train
from explainer.paths import models_dir

DEFAULT_MODEL = models_dir() / "tiny-gpt-nl-en"
DATA = "sprookje"


def tokens_per_s(cfg: TrainConfig, warm: int, steps: int) -> float:
    """Tokens per second between the step reports ``warm`` and ``warm + steps`` of one run."""
    marks = {}

    def progress(p):
        if p.event == "step" and p.step in (warm, warm + steps):
            marks[p.step] = (time.perf_counter(), p.tokens_seen)

    train(cfg, progress)
    (t0, n0), (t1, n1) = marks[warm], marks[warm + steps]
    return (n1 - n0) / (t1 - t0)


def fine_tune(out: Path, args) -> float:
    cfg = TrainConfig(data=DATA, out=str(out), base=str(DEFAULT_MODEL), objective=None, steps=args.warm + args.steps,
                      batch_size=args.batch, max_seq_len=args.window, eval_every=0, save_every=0, eval_windows=1,
                      seed=0)
    return tokens_per_s(cfg, args.warm, args.steps)


def pre_train(out: Path, args) -> float:
    _fmt, _path, shape = header_config(DEFAULT_MODEL)
    cfg = TrainConfig(data=DATA, out=str(out), tokenizer=str(DEFAULT_MODEL / "tokenizer.json"),
                      n_layer=shape.n_layer, n_head=shape.n_head, d_model=shape.d_model, max_seq_len=args.window,
                      steps=args.warm + args.steps, batch_size=args.batch, eval_every=0, save_every=0,
                      eval_windows=1, seed=0)
    return tokens_per_s(cfg, args.warm, args.steps)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warm", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--batch", type=int, default=4, help="windows per step (both runs)")
    ap.add_argument("--window", type=int, default=256, help="tokens per window (both runs)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    _fmt, _path, shape = header_config(DEFAULT_MODEL)
    print(f"model: {DEFAULT_MODEL.name}, {shape.param_count():,} parameters ({shape.n_layer} layers x "
          f"{shape.n_head} heads, width {shape.d_model}, vocabulary {shape.vocab_size:,}); batch {args.batch} x "
          f"{args.window} tokens; {args.threads} thread(s); {args.steps} timed steps after {args.warm}")
    fines, pres, ratios = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            # alternate which run goes first, so a drift in machine load favours neither
            if r % 2 == 0:
                f = fine_tune(Path(tmp) / f"fine{r}", args)
                p = pre_train(Path(tmp) / f"pre{r}", args)
            else:
                p = pre_train(Path(tmp) / f"pre{r}", args)
                f = fine_tune(Path(tmp) / f"fine{r}", args)
            fines.append(f)
            pres.append(p)
            ratios.append(f / p)
            print(f"round {r + 1}: fine-tune {f:,.0f} tok/s   pre-train {p:,.0f} tok/s   ratio {f / p:.3f}")
    print(f"best: fine-tune {max(fines):,.0f} tok/s   pre-train {max(pres):,.0f} tok/s   "
          f"ratio {max(fines) / max(pres):.3f}; median of paired ratios {statistics.median(ratios):.3f} "
          f"(goal about 1.0)")


if __name__ == "__main__":
    main()
