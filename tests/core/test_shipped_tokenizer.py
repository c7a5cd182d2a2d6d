"""The shipped tokenizer keeps everyday words whole and still splits compounds into parts."""

from __future__ import annotations

import pytest
import wordfreq  # the test extra
from tokenizers import Tokenizer

from explainer.paths import models_dir

TOKENIZER = models_dir() / "tiny-gpt-nl-en" / "tokenizer.json"


@pytest.fixture(scope="module")
def tok() -> Tokenizer:
    return Tokenizer.from_file(str(TOKENIZER))


def pieces(tok: Tokenizer, text: str) -> list[str]:
    return [tok.decode([i]) for i in tok.encode(text, add_special_tokens=False).ids]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_2000_most_frequent_words_are_one_token(tok, lang):
    words = [w for w in wordfreq.top_n_list(lang, 4000, wordlist="large") if any(c.isalpha() for c in w)][:2000]
    whole = 0
    for w in words:
        n_pre = len(tok.pre_tokenizer.pre_tokenize_str(" " + w))  # "hasn't" is two pieces before BPE
        forms = (" " + w, " " + w[:1].upper() + w[1:])  # the lists are lower case: " Monday", " Parijs"
        whole += min(len(pieces(tok, f)) for f in forms) <= n_pre
    assert whole / len(words) >= 0.95


@pytest.mark.parametrize("word", [" kat", " hond", " maandag", " koningin", " mat", " thee", " Monday",
                                  " January", " cat", " queen", " Frankrijk", " Parijs", " Paris"])
def test_everyday_words_are_whole(tok, word):
    assert pieces(tok, word) == [word]


def test_compounds_split_into_meaningful_parts(tok):
    parts = pieces(tok, " voorbeeldzin")
    assert len(parts) >= 2 and "".join(parts) == " voorbeeldzin"
    assert parts[-1] == "zin"
    assert parts[0] in (" voorbeeld", " voor")
