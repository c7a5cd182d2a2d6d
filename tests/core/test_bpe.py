"""Tests for the byte-level BPE tokenizer training (tiny corpus, fast)."""

import pytest

from explainer.core.training import bpe

LINES = [
    "De kat zat op de mat en keek naar het voorbeeld in het boek.",
    "Een voorbeeldzin is een zin die als voorbeeld dient voor de lezer.",
    "Het ziekenhuis heeft een nieuw bed gekocht voor de kinderen.",
    "The understanding of the text is unbelievable for the reader.",
    "We are understanding more about the world every single day.",
    "Naïeve mensen drinken koffie in het café op de hoek van de straat.",
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    d = tmp_path_factory.mktemp("bpe")
    corpus = d / "nl.train.txt"
    corpus.write_text("\n".join(LINES * 20) + "\n", encoding="utf-8")
    tok = bpe.train_bpe([corpus], vocab_size=400, out_dir=d / "tok", min_frequency=2)
    return tok, d / "tok"


def test_special_tokens_have_first_ids(trained):
    tok, _ = trained
    for i, s in enumerate(bpe.SPECIAL_TOKENS):
        assert tok.token_to_id(s) == i
    assert bpe.SPECIAL_TOKENS == ["<|endoftext|>", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def test_saved_and_reloadable(trained):
    tok, out = trained
    from tokenizers import Tokenizer
    again = Tokenizer.from_file(str(out / "tokenizer.json"))
    text = "De kat zat op de mat."
    assert again.encode(text).ids == tok.encode(text).ids
    assert tok.get_vocab_size() <= 400


def test_mask_is_single_special_token(trained):
    tok, _ = trained
    enc = tok.encode("De kat zat op de [MASK].")
    assert enc.ids.count(tok.token_to_id("[MASK]")) == 1
    mask_at = enc.ids.index(tok.token_to_id("[MASK]"))
    # the mask absorbs the space before it, so its span starts right after "de"
    assert enc.offsets[mask_at] == (16, 23)


def test_offsets_map_back_to_characters(trained):
    tok, _ = trained
    text = "naïeve café's 🤖"
    enc = tok.encode(text)
    assert tok.decode(enc.ids) == text
    pieces = [text[a:b] for a, b in enc.offsets]
    # Every character is covered, in order; multi-byte characters map to
    # the whole character (the emoji's four byte tokens all point at it).
    assert "ï" in "".join(pieces) and "é" in "".join(pieces)
    emoji = [p for p, (a, b) in zip(pieces, enc.offsets) if b > a >= text.index("🤖")]
    assert len(emoji) >= 1 and all(p == "🤖" for p in emoji)
    covered = sorted({i for a, b in enc.offsets for i in range(a, b)})
    assert covered == list(range(len(text)))


def test_split_table_pieces_rebuild_words(trained):
    tok, _ = trained
    words = ["voorbeeldzin", " voorbeeldzin", "understanding"]
    rows = bpe.split_table(tok, words)
    assert [w for w, _ in rows] == words
    for w, pieces in rows:
        assert "".join(pieces) == w and len(pieces) >= 1
    assert rows[1][1][0].startswith(" ")
    text = bpe.format_split_table(rows)
    assert "␣voorbeeldzin" in text and "|" in text


def test_bare_variants_counted():
    from collections import Counter
    c = bpe.add_bare_variants(Counter({" huis": 3, "huis": 1, " 12": 2}))
    assert c["huis"] == 4 and c[" huis"] == 3 and "12" not in c
