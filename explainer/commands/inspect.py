"""``explainer inspect MODEL --text TEXT``: tokens and top predictions as a table."""

from __future__ import annotations

import argparse
import sys

import numpy as np

from explainer.cli import positive_int


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="model folder, ckpt.pt or .gguf file")
    p.add_argument("--text", required=True, help="text to run through the model")
    p.add_argument("--top-k", type=positive_int, default=10, help="how many predictions to list (at least 1)")
    p.add_argument("--out", help="write the trace to this .npz file")


def run(args: argparse.Namespace) -> int:
    from explainer.core.checkpoints import CheckpointError, load_model
    from explainer.core.trace import run as run_trace

    try:
        loaded = load_model(args.model)
    except CheckpointError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    tok = loaded.tokenizer
    trace = run_trace(loaded.model, tok, args.text)
    cfg = loaded.cfg
    print(f"model   {loaded.name} ({cfg.family}, {loaded.n_params:,} parameters, "
          f"{cfg.n_layer} layers x {cfg.n_head} heads, {loaded.format})")
    if trace.notice:
        print(f"notice  {trace.notice}")
    print(f"tokens  {trace.n_tokens}")
    for i, (tid, label, (a, b)) in enumerate(zip(trace.token_ids, trace.tokens, trace.spans)):
        print(f"  {i:>4}  {int(tid):>7}  {label!r:<24} chars {a}-{b}")
    if trace.n_tokens:
        position = -1
        mask = tok.mask_id
        if not cfg.causal and mask is not None and mask in trace.token_ids:
            position = int(np.flatnonzero(trace.token_ids == mask)[0])
            print(f"masked position {position}: top {args.top_k} fillers")
        else:
            print(f"next token after the text: top {args.top_k}")
        probs = trace.probs(position)
        for rank, tid in enumerate(np.argsort(-probs)[: args.top_k], 1):
            print(f"  {rank:>3}. {tok.token_label(int(tid))!r:<24} {probs[tid] * 100:6.2f}%  id {int(tid)}")
    if args.out:
        try:
            trace.to_npz(args.out)
        except OSError as exc:
            print(f"error: {args.out}: the trace could not be written ({exc.strerror or exc})", file=sys.stderr)
            return 1
        print(f"trace written to {args.out}")
    return 0
