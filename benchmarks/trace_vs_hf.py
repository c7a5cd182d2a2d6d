"""Forward pass + full Trace capture against HF eager with attentions and hidden states.

Same random weights, same process, 2 threads. Prints milliseconds per call
and the ratio HF / ours (above 1 means ours is faster). Goal: >= 1.5 everywhere.

    python benchmarks/trace_vs_hf.py
"""

from __future__ import annotations

import statistics
import time

import torch
import transformers

from explainer.core.checkpoints.hf_mapping import config_from_hf, state_from_hf
from explainer.core.checkpoints.native import load_state_into
from explainer.core.trace import trace_ids
from explainer.core.transformer import Transformer

SHAPES = {"gpt2-small (12x768, V=50257)": dict(n_layer=12, n_head=12, n_embd=768, vocab_size=50257),
          "tiny (4x256, V=8192)": dict(n_layer=4, n_head=4, n_embd=256, vocab_size=8192)}


def timed(fn, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    torch.set_num_threads(2)
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, threads {torch.get_num_threads()}")
    print(f"{'shape':<30} {'T':>4} {'ours ms':>9} {'HF ms':>9} {'HF/ours':>8}")
    for label, dims in SHAPES.items():
        hf = transformers.GPT2LMHeadModel(transformers.GPT2Config(n_positions=1024, attn_implementation="eager",
                                                                  **dims)).eval()
        cfg = config_from_hf(hf.config.to_dict())
        ours = Transformer(cfg)
        load_state_into(ours, state_from_hf(cfg, hf.state_dict()), "benchmark")
        ours.eval()
        for T in (32, 128):
            ids = torch.randint(0, dims["vocab_size"], (1, T))
            id_list = ids[0].tolist()
            repeats = 20 if dims["n_embd"] > 300 else 60

            def ours_call():
                return trace_ids(ours, id_list)

            def hf_call():
                with torch.inference_mode():
                    out = hf(ids, output_attentions=True, output_hidden_states=True)
                    # same hand-over as ours: everything the app needs as CPU numpy
                    [a.numpy() for a in out.attentions], [h.numpy() for h in out.hidden_states], out.logits.numpy()

            t_ours, t_hf = timed(ours_call, repeats), timed(hf_call, repeats)
            print(f"{label:<30} {T:>4} {t_ours:>9.2f} {t_hf:>9.2f} {t_hf / t_ours:>8.2f}")


if __name__ == "__main__":
    main()
