"""scripts/make_model_card.py on a nano run: int8 timeline, languages, and a card of measured figures."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest
import torch
from safetensors import safe_open

from explainer.core.checkpoints import load_model
from explainer.core.checkpoints.native import INT8_SCALE
from explainer.core.training import bpe
from explainer.core.training import data as D
from explainer.core.training.evaluate import score_paragraphs
from explainer.core.training.train import TrainConfig, train

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_model_card.py"
_spec = importlib.util.spec_from_file_location("make_model_card", _SCRIPT)
card = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(card)

WORDS = {"nl": "de kat zat op mat het weer is vandaag mooi en hond liep naar huis ik drink thee koffie".split(),
         "en": "the cat sat on mat a dog walked home once upon time there was king i drink tea".split()}


def _write_corpus(folder: Path) -> None:
    rng = random.Random(0)
    folder.mkdir()
    for lang, words in WORDS.items():
        for split, n in (("train", 200), ("val", 12)):
            lines = [" ".join(rng.choice(words) for _ in range(rng.randint(6, 14))).capitalize() + "."
                     for _ in range(n)]
            (folder / f"{lang}.{split}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


MANIFEST = {
    "version": 2, "val_fraction": 0.05, "teaching_repeat": 3,
    "languages": {"nl": {"chars": 9000, "train_paragraphs": 200, "val_paragraphs": 12},
                  "en": {"chars": 8000, "train_paragraphs": 200, "val_paragraphs": 12}},
    "layers": {"teaching": {"nl": {"chars": 5000, "paragraphs": 60, "train_docs": 55, "val_docs": 5, "repeat": 3},
                            "en": {"chars": 4000, "paragraphs": 50, "train_docs": 45, "val_docs": 5, "repeat": 3}},
               "help": {"nl": {"chars": 4000, "paragraphs": 40}, "en": {"chars": 4000, "paragraphs": 40}}},
    "sources": [{"name": "teaching:nl", "layer": "teaching", "lang": "nl", "source": "corpus/teaching/nl",
                 "license": "MIT (written for this project)", "chars_kept": 5000, "paragraphs_kept": 60}],
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("card")
    _write_corpus(tmp / "corpus")
    bpe.train_bpe(sorted((tmp / "corpus").glob("*.train.txt")), vocab_size=320, out_dir=tmp / "tok")
    (tmp / "manifest.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    return tmp


def _train_and_card(tmp: Path, name: str, objective: str, snapshots: list[int], extra: list[str]) -> tuple[Path, Path]:
    run = tmp / f"run-{name}"
    train(TrainConfig(data=str(tmp / "corpus"), out=str(run), objective=objective, preset="nano", steps=2,
                      eval_every=2, save_every=2, eval_windows=4, snapshot_steps=snapshots, threads=1, seed=3,
                      tokenizer=str(tmp / "tok" / "tokenizer.json"), name=name))
    out = tmp / "models" / name
    args = [str(run), str(out), "--corpus", str(tmp / "corpus"), "--manifest", str(tmp / "manifest.json"),
            "--cache-dir", str(tmp / "runs"), "--threads", "1", *extra]
    assert card.main(args) == 0
    return run, out


@pytest.fixture(scope="module")
def exported(corpus):
    run = corpus / "run-x"
    # the run's own step-0 snapshot (another model) stands in for SmolLM2 as the reference
    run, out = _train_and_card(corpus, "x", "causal", [0, 2], ["--reference", str(run / "timeline" / "step-000000")])
    return run, out, corpus / "corpus", corpus


def _dtypes(path: Path) -> dict[str, torch.dtype]:
    with safe_open(str(path), "pt") as f:
        return {k: f.get_tensor(k).dtype for k in f.keys()}


def test_timeline_is_int8_and_predicts_like_its_fp16_source(exported):
    run, out, corpus, _ = exported
    assert sorted(p.name for p in (out / "timeline").iterdir()) == ["step-000000", "step-000002"]
    for step in ("step-000000", "step-000002"):
        dtypes = _dtypes(out / "timeline" / step / "model.safetensors")
        matrices = [k for k in dtypes if k + INT8_SCALE in dtypes]
        assert matrices and all(dtypes[k] == torch.int8 for k in matrices)
        assert _dtypes(run / "timeline" / step / "model.safetensors")[matrices[0]] == torch.float16
        small, ref = load_model(out / "timeline" / step), load_model(run / "timeline" / step)
        text = " ".join(D.read_paragraphs(corpus / "nl.val.txt")[:3])
        ids = torch.tensor([ref.tokenizer.encode(text).ids[:64]])
        with torch.no_grad():
            a, b = ref.model(ids), small.model(ids)
        assert (a.argmax(-1) == b.argmax(-1)).float().mean() >= 0.95
        assert (a - b).abs().max() <= 0.05 * a.abs().max()
    assert all(v == torch.float16 for v in _dtypes(out / "model.safetensors").values())


def test_metadata_names_the_languages(exported):
    _, out, _, _ = exported
    for folder in [out, *(out / "timeline").iterdir()]:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        assert meta["languages"] == ["nl", "en"]
        assert "data" not in meta["train_config"] and "out" not in meta["train_config"]


def test_card_table_holds_measured_figures_beside_the_reference(exported):
    _, out, corpus, tmp = exported
    text = (out / "README.md").read_text(encoding="utf-8")
    for row in ("| top-5 next-word hit rate, Dutch (", "| top-5 next-word hit rate, English (",
                "| neighbour hit rate, Dutch (", "| neighbour hit rate, English (",
                "| held-out bits/char, Dutch (", "| held-out bits/char, English ("):
        assert row in text
    assert "| measure | **x** | x | goal | met |" in text  # the reference (also named x) has its column
    # bits/char recomputed here on the exported weights appears in the Dutch row
    loaded = load_model(out)
    nl = score_paragraphs(loaded.model, loaded.tokenizer, D.read_paragraphs(corpus / "nl.val.txt"))
    row = next(line for line in text.splitlines() if line.startswith("| held-out bits/char, Dutch"))
    assert f"| {nl.bits_per_char:.3f} |" in row
    assert "written for this project" in text and "| teaching |" in text
    assert "int8" in text and "De kat zat op de" in text
    assert list((tmp / "runs").glob("reference-*.json"))


def test_masked_card_shows_fills_and_no_bits_per_char(corpus):
    _, out = _train_and_card(corpus, "m", "masked", [], [])
    text = (out / "README.md").read_text(encoding="utf-8")
    for prompt in ("De kat zat op de [MASK].", "The cat sat on the [MASK]."):
        assert f"| `{prompt}` | `'" in text  # a row with its top-5 fillers
    assert "| top-5 fill hit rate, Dutch (" in text and "| neighbour hit rate, English (" in text
    assert "held-out bits/char" not in text
    assert json.loads((out / "metadata.json").read_text(encoding="utf-8"))["languages"] == ["nl", "en"]
