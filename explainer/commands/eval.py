"""``explainer eval MODEL FILE``: how surprised a causal model is by a text.

Each line of FILE is one paragraph, scored on its own within the model's
context window (longer paragraphs in overlapping windows). The last line
printed is always ``bits_per_char=… perplexity=… tokens=… chars=…`` so that
scripts can read it; bits per character compares models with different
tokenizers, perplexity only models that share one.
"""

from __future__ import annotations

import argparse
import sys
import time

from explainer.cli import positive_int


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="model folder, ckpt.pt or .gguf file")
    p.add_argument("file", help="UTF-8 text, one paragraph per line")
    p.add_argument("--limit", type=positive_int, help="score only the first N paragraphs")
    p.add_argument("--device", help="cpu or cuda (default: cpu)")


def run(args: argparse.Namespace) -> int:
    import torch

    from explainer.core.checkpoints import CheckpointError, load_model
    from explainer.core.training.data import DataError, read_paragraphs
    from explainer.core.training.evaluate import score_paragraph, TextScore

    from pathlib import Path

    try:
        paragraphs = read_paragraphs(Path(args.file).expanduser())
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.limit:
        paragraphs = paragraphs[: args.limit]
    if not paragraphs:
        print(f"error: {args.file}: no text to score", file=sys.stderr)
        return 2
    try:
        loaded = load_model(args.model, device=args.device or "cpu")
    except CheckpointError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not loaded.cfg.causal:
        print(f"error: {args.model}: a masked (bidirectional) model has no next-token probabilities to "
              "score a text with", file=sys.stderr)
        return 2
    print(f"model  {loaded.name} ({loaded.format}, {loaded.n_params:,} parameters, "
          f"context {loaded.cfg.max_seq_len})")
    print(f"text   {args.file}: {len(paragraphs)} paragraphs")
    nats, tokens, chars, t0 = 0.0, 0, 0, time.perf_counter()
    with torch.inference_mode():
        for i, p in enumerate(paragraphs, 1):
            s = score_paragraph(loaded.model, loaded.tokenizer, p)
            nats, tokens, chars = nats + s.nats, tokens + s.tokens, chars + s.chars
            if sys.stderr.isatty() and i % 20 == 0:
                print(f"\r{i}/{len(paragraphs)} paragraphs", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    total = TextScore(nats, tokens, chars)
    print(f"loss   {total.loss:.4f} nats/token in {time.perf_counter() - t0:.1f} s")
    print(total.line())
    return 0
