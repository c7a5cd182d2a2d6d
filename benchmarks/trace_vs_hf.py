"""The full Trace against Hugging Face transformers eager with attentions and hidden states.

Same random weights, same process, same threads (2 by default). For each
shape it prints milliseconds per call (median of interleaved runs) for:

- ``ours``: the Trace the app computes on a key press from an empty start
  (every intermediate of every position, logits where the prediction is
  read; no reuse of an earlier Trace, so this is a paste or a model switch);
- ``ours, all logits``: the same with logits at every position, like HF;
- ``HF``: ``model(ids, output_attentions=True, output_hidden_states=True)``,
  eager attention, everything handed over as numpy like ours;
- ``HF last``: HF with ``logits_to_keep=1``, for comparison only.

Our linear layers multiply in the precision the app chooses on this machine
(``explainer.core.precision``: bfloat16 for models with 30 M or more
parameters in their blocks where the CPU has bfloat16 instructions, else
float32); ``--precision float32`` compares exact against exact. HF runs in
float32. Where the CPU's oneDNN computes bfloat16, those layers multiply with
their weights packed for it (``transformer.pack``): GPT-2-small went from
2.5-2.9 to 3.5-3.9 at T=32 with that (same numbers as unpacked bfloat16).

The goal (HF / ours >= 1.5) is read against plain ``HF``. A keystroke in the
app usually costs far less than ``ours``: it continues from the previous
Trace (see ``benchmarks/latency.py``).

    python benchmarks/trace_vs_hf.py [--threads N] [--repeats N] [--device cuda]

``--device cuda`` runs both models on the GPU (HF's ids there too); both still
hand everything over as CPU numpy, as the app's panels need it. There ``ours``
replays the whole text from a recorded CUDA graph (``explainer.core.graphs``;
the first call of each length records it, in the warm-up), and ``eager``
prints the same Trace computed kernel by kernel.

Profile (cProfile, GPT-2-small at T=128, 2 threads, before the app computed
logits only where it reads them), top lines by own time:

    365  0.891 s  torch._C._nn.linear      (83 % of the call; 13 of every 25 of
                                            those ms were the 50257-word output layer)
     60  0.041 s  Attention.forward (Python and explicit softmax attention)
     40  0.028 s  torch.stack              (gathering the captures per layer)
     60  0.026 s  gelu

So the output layer over every position was the lever; the matrix products
of the blocks run near this CPU's single-precision peak with MKL.

Profile of the 4x256 shape at T=32 (torch.profiler, 50 calls, 2 threads,
December 2026), by own time: aten::addmm 62-71 % (24 products a call; perf
shows MKL spending about as long packing the weights, sgemm_scopy, as
multiplying them at this few rows), aten::cat 7 % (the per-layer captures
stacked), copy_ 4 %, gelu 4 %, bmm 3 %, layer_norm 3 %; the rest is many small
calls. What moved the ratio from 1.42 to 1.57-1.63 there: the causal mask made
once per Attention and size instead of four tensor ops a layer a call, the
scores, scale and mask in one baddbmm, and the output layer's single row
through numpy.einsum (0.9 ms against 2.0-2.5 ms for BLAS's product on the
16384 x 256 table with caches cold; see transformer.Linear).

On an Intel Xeon with AVX-512 and AMX (2026-12-04, 2 cores) the same code gave
1.21 / 1.20 for the 4x256 shape at T=32 / 128 and 1.22 for the default model:
there einsum was the slowest way to multiply one row (0.76 ms cold for the
16384 x 256 table, BLAS 0.31, F.linear 0.65). With the routine measured when
the model loads (``explainer.core.products``, which this script calls like
load_model does) and GPT-2's GELU through the sigmoid: 1.31-1.36 / 1.28-1.30
and 1.44-1.46. torch.profiler there, 4x256 at T=32, by own time: addmm 49 %
(24 products of 32 rows), cat 9 % (the captures stacked per layer), GELU 6 %,
the output row 6 %, copy_ 5 %; HF's own addmm on its (in, out) weights is
3-20 % quicker per product at 32 rows. Fusing q, k and v into one product
gained nothing measurable (tried, not kept). Storing the blocks' float32
weights input-major like HF's (``transformer.input_major``) did: 1.29-1.30 ->
1.33-1.35 for 4x256 at T=32, 1.28-1.30 -> 1.33-1.34 at T=128, 1.44-1.46 ->
1.49-1.52 for the default model (two runs each, 2026-12-04 night).

Tried there later that night and not kept: MKL's packed single-precision weights
(``torch.ops.mkl._mkl_linear``): 13-23 % quicker per product at exactly the
32 rows they were packed for, the plain product at any other count of rows,
and ten times the layer's memory; oneDNN's packed float32 weights were slower
than plain products at 32 rows. At T=128 the products already run near this
CPU's single-precision peak (2.8 ms for 0.8 GFLOP on 2 cores); what is left
beside them is stacking the captures (0.37 ms) and some 200 small operations.
A run that night (transformers 5.25): 4x256 1.36 / 1.36, default model 1.48.

On an NVIDIA H200 (2026-12-04, torch 2.11.0+cu130, transformers 5.17), kernel
by kernel: GPT-2-small 1.25 / 2.36 at T=32 / 128, 4x256 1.32 / 1.24, default
model 1.38, SmolLM2 shape 1.03: a few hundred short launches, bound by Python.
Replayed from a recorded CUDA graph (``explainer.core.graphs``), the same day:
GPT-2-small T=32 2.37 (3.9 ms against 9.3), 4x256 2.85 / 2.40, default model
3.10 (1.8 ms against 5.6). GPT-2-small at T=128 (0.35) and the SmolLM2 shape
(0.89) were slower in that run: their Traces, 36-40 MB, came back from the GPU
in one block, which the C library maps anew on every call (30-40 ms there).
Traces over 16 MB now come back array by array again (``trace.to_numpy``);
not measured on a GPU since.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as explainer.cli sets it for the app (before numpy loads)

import torch  # noqa: E402
import transformers

from explainer.core.checkpoints.hf_mapping import config_from_hf, state_from_hf
from explainer.core import precision
from explainer.core.checkpoints.native import load_state_into
from explainer.core.trace import trace_ids
from explainer.core.transformer import Transformer


def gpt2(n_layer, n_head, n_embd, vocab_size, n_positions=1024):
    return transformers.GPT2LMHeadModel(transformers.GPT2Config(
        n_layer=n_layer, n_head=n_head, n_embd=n_embd, vocab_size=vocab_size, n_positions=n_positions,
        attn_implementation="eager"))


def smollm2_shape():
    """SmolLM2-135M's shape (30 layers, width 576, 9 heads over 3 key/value heads, vocabulary 49152)."""
    return transformers.LlamaForCausalLM(transformers.LlamaConfig(
        num_hidden_layers=30, hidden_size=576, intermediate_size=1536, num_attention_heads=9,
        num_key_value_heads=3, vocab_size=49152, max_position_embeddings=2048, rope_theta=100000.0,
        tie_word_embeddings=True, attn_implementation="eager"))


CASES = [  # label, builder, sequence lengths
    ("gpt2-small (12x768, V=50257)", lambda: gpt2(12, 12, 768, 50257), (32, 128)),
    ("tiny (4x256, V=8192)", lambda: gpt2(4, 4, 256, 8192), (32, 128)),
    ("default tiny-gpt-nl-en (4x256, V=16384)", lambda: gpt2(4, 4, 256, 16384, 256), (64,)),
    ("SmolLM2-135M shape (30x576, V=49152)", smollm2_shape, (64,)),
]


def without_graphs(call):
    before = os.environ.get("EXPLAINER_CUDA_GRAPHS")
    os.environ["EXPLAINER_CUDA_GRAPHS"] = "0"
    try:
        return call()
    finally:
        if before is None:
            del os.environ["EXPLAINER_CUDA_GRAPHS"]
        else:
            os.environ["EXPLAINER_CUDA_GRAPHS"] = before


def interleaved(calls: dict, repeats: int) -> dict[str, float]:
    """Median ms per call, the calls taking turns so a busy moment hits them all alike."""
    for fn in calls.values():
        fn()  # warm-up
    times = {name: [] for name in calls}
    for _ in range(repeats):
        for name, fn in calls.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) * 1000 for name, ts in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=0, help="runs per call (default: by size)")
    parser.add_argument("--device", default="cpu", help="cpu (default) or cuda: where both models compute")
    parser.add_argument("--precision", choices=precision.CHOICES, default="auto",
                        help="how our linear layers multiply (default: what the app chooses here)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    device = torch.device(args.device)
    where = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, threads {torch.get_num_threads()}, "
          f"CPU bfloat16 instructions: {precision.cpu_has_bf16()}, computing on {device} ({where})")
    print(f"{'shape [our precision]':<52} {'T':>4} {'ours':>8} {'ours all':>9} {'HF':>8} {'HF last':>8} {'HF/ours':>8}")
    ratios = []
    for label, build, lengths in CASES:
        hf = build().eval().to(device)
        cfg = config_from_hf(hf.config.to_dict())
        ours = Transformer(cfg)
        load_state_into(ours, state_from_hf(cfg, {k: v.cpu() for k, v in hf.state_dict().items()}), "benchmark")
        ours.eval().to(device)
        # the precision the app would choose for this model on this machine (load_model does the same)
        ours.set_precision(precision.choose(ours.n_params(include_embeddings=False), device, args.precision))
        ours.tune_products()
        label = f"{label} [{precision.label(ours.precision)}]"
        for T in lengths:
            ids = torch.randint(0, cfg.vocab_size, (1, T)).to(device)
            id_list = ids[0].tolist()
            repeats = args.repeats or (10 if cfg.d_model > 300 else 100)  # small shapes: noisier, cheap

            def hf_call(**extra):
                with torch.inference_mode():
                    out = hf(ids, output_attentions=True, output_hidden_states=True, **extra)
                    # the same hand-over as ours: everything as CPU numpy
                    [a.cpu().numpy() for a in out.attentions], [h.cpu().numpy() for h in out.hidden_states]
                    out.logits.cpu().numpy()

            calls = {"ours": lambda: trace_ids(ours, id_list, logits_at=[T - 1]),
                     "ours all": lambda: trace_ids(ours, id_list),
                     "HF": hf_call,
                     "HF last": lambda: hf_call(logits_to_keep=1)}
            if device.type == "cuda":  # the same Trace without the recorded graph (explainer.core.graphs)
                calls["ours eager"] = lambda: without_graphs(lambda: trace_ids(ours, id_list, logits_at=[T - 1]))
            t = interleaved(calls, repeats)
            ratio = t["HF"] / t["ours"]
            ratios.append(ratio)
            eager = f"   eager {t['ours eager']:.2f} ms, HF/eager {t['HF'] / t['ours eager']:.2f}" \
                if "ours eager" in t else ""
            print(f"{label:<52} {T:>4} {t['ours']:>8.2f} {t['ours all']:>9.2f} {t['HF']:>8.2f} "
                  f"{t['HF last']:>8.2f} {ratio:>8.2f}{eager}")
    print(f"lowest HF/ours: {min(ratios):.2f} (goal >= 1.5)")


if __name__ == "__main__":
    main()
