"""Tokens per second of our training loop against a plain minimal loop, in one process.

Both train the same model (same preset, same seed, same tokenizer) on
windows of the same token stream with the same batch size. The minimal loop
is what a tutorial writes: slice, forward, cross-entropy, backward, AdamW
step. Ours adds what a real run needs (learning-rate schedule, gradient
clipping, paragraph-aligned windows, a progress report every step) and uses
the fused AdamW kernel. Each loop runs ``--rounds`` times, alternating which
goes first; the script prints best against best and the median of the
paired ratios, so that other work on a shared machine disturbs the
comparison as little as possible. Goal: ratio ≥ 1.0.

    python benchmarks/train_throughput.py [--steps 30] [--rounds 4] [--preset tiny] [--threads 1]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from explainer.core.tokenizers import load_tokenizer_file
from explainer.core.training import data as D
from explainer.core.training.presets import model_config, preset
from explainer.core.training.train import TrainConfig, train
from explainer.core.transformer import Transformer

ROOT = Path(__file__).resolve().parents[1]


def minimal_loop(cfg, stream: D.TokenStream, batch: int, steps: int, warm: int, lr: float) -> float:
    torch.manual_seed(0)
    model = Transformer(cfg).train()
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    T = cfg.max_seq_len
    gen = torch.Generator().manual_seed(0)
    for i in range(warm + steps):
        if i == warm:
            t0 = time.perf_counter()
        starts = torch.randint(0, len(stream) - T - 1, (batch,), generator=gen)
        x = torch.stack([stream.ids[s: s + T + 1] for s in starts.tolist()])  # (B, T+1)
        logits = model(x[:, :-1])  # (B, T, V)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return steps * batch * T / (time.perf_counter() - t0)


def our_loop(data: str, tokenizer: str, preset_name: str, steps: int, warm: int, out: Path) -> float:
    marks = {}

    def progress(p):
        if p.event == "step" and p.step in (warm, warm + steps):
            marks[p.step] = (time.perf_counter(), p.tokens_seen)

    cfg = TrainConfig(data=data, out=str(out), preset=preset_name, tokenizer=tokenizer, steps=warm + steps,
                      eval_every=0, save_every=0, eval_windows=1, seed=0)
    train(cfg, progress)
    (t0, n0), (t1, n1) = marks[warm], marks[warm + steps]
    return (n1 - n0) / (t1 - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "data" / "corpus"))
    ap.add_argument("--tokenizer", default=str(ROOT / "data" / "tokenizer" / "tokenizer.json"))
    ap.add_argument("--preset", default="tiny")
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warm", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    size = preset(args.preset)
    tok = load_tokenizer_file(args.tokenizer)
    splits = D.load_splits(args.data)
    stream = D.encode_stream(tok, splits.train)
    cfg = model_config("causal", tok.vocab_size, size)
    print(f"model: preset {args.preset}, {Transformer(cfg).n_params():,} parameters; batch "
          f"{size.batch_size} x {size.max_seq_len} tokens; {args.threads} thread(s); {args.steps} timed steps")
    mins, ours, ratios = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            # alternate which loop goes first, so a drift in machine load favours neither
            if r % 2 == 0:
                m = minimal_loop(cfg, stream, size.batch_size, args.steps, args.warm, size.lr)
                o = our_loop(args.data, args.tokenizer, args.preset, args.steps, args.warm, Path(tmp) / f"r{r}")
            else:
                o = our_loop(args.data, args.tokenizer, args.preset, args.steps, args.warm, Path(tmp) / f"r{r}")
                m = minimal_loop(cfg, stream, size.batch_size, args.steps, args.warm, size.lr)
            mins.append(m)
            ours.append(o)
            ratios.append(o / m)
            print(f"round {r + 1}: minimal {m:,.0f} tok/s   ours {o:,.0f} tok/s   ratio {o / m:.3f}")
    print(f"best: minimal {max(mins):,.0f} tok/s   ours {max(ours):,.0f} tok/s   "
          f"ratio {max(ours) / max(mins):.3f}; median of paired ratios {statistics.median(ratios):.3f} "
          f"(goal >= 1.0)")


if __name__ == "__main__":
    main()
