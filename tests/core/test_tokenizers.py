"""Tokenizer round trips and character spans, including multi-byte characters."""

from pathlib import Path

import pytest
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

from explainer.core.tokenizers import CharTokenizer, HuggingFaceTokenizer, load_tokenizer_file, save_tokenizer

TEXTS = ["voorbeeldzin", "De kat zat op de mat.", "naïeve café's 🤖", "日本語のテキスト", "ok"]
TRAIN = ["De kat zat op de mat.", "voorbeeld zin voorbeeldzin", "naïeve café's", "the cat sat"] * 20


@pytest.fixture(scope="module")
def bpe():
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    tok.train_from_iterator(TRAIN, trainers.BpeTrainer(vocab_size=300, special_tokens=["[MASK]"],
                                                       initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    return HuggingFaceTokenizer(tok)


@pytest.fixture(scope="module")
def wordpiece():
    from tokenizers import normalizers

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    tok.train_from_iterator(TRAIN, trainers.WordPieceTrainer(vocab_size=200, special_tokens=["[UNK]", "[MASK]"]))
    return HuggingFaceTokenizer(tok)


@pytest.mark.parametrize("text", TEXTS)
def test_byte_level_round_trip_and_spans(bpe, text):
    enc = bpe.encode(text)
    assert bpe.decode(enc.ids) == text
    # the bytes of the tokens whose span starts at a character rebuild the text exactly
    assert b"".join(bpe.token_bytes(i) for i in enc.ids) == text.encode("utf-8")
    for tid, (a, b) in zip(enc.ids, enc.spans):
        piece = bpe.token_bytes(tid)
        # a token's bytes lie inside the UTF-8 encoding of its span
        assert piece.strip(b" ") in text[a:b].encode("utf-8")


def test_emoji_split_over_bytes_keeps_its_span(bpe):
    text = "café 🤖"
    enc = bpe.encode(text)
    emoji_tokens = [(lab, sp) for lab, sp in zip(enc.tokens, enc.spans) if sp == (5, 6) or sp == (4, 6)]
    assert emoji_tokens, enc.spans
    labels = [lab for lab, _ in emoji_tokens]
    assert any(lab.startswith("<") for lab in labels) or "🤖" in "".join(labels)


@pytest.mark.parametrize("text", ["De kat zat op de mat.", "naïeve café"])
def test_wordpiece_spans(wordpiece, text):
    enc = wordpiece.encode(text)
    assert wordpiece.kind == "wordpiece"
    for label, (a, b) in zip(enc.tokens, enc.spans):
        if label != "[UNK]":
            assert text[a:b] == label.removeprefix("##")


def test_char_tokenizer_round_trip_and_unknowns():
    tok = CharTokenizer.from_text("De kat zat op de mat.")
    enc = tok.encode("De kat!")
    assert tok.decode(enc.ids[:6]) == "De kat"
    assert enc.tokens[-1] == "[?!]" and enc.spans[-1] == (6, 7)


def test_save_and_load(tmp_path, bpe):
    for tok in (bpe, CharTokenizer.from_text("abc")):
        save_tokenizer(tok, tmp_path / "t.json")
        again = load_tokenizer_file(tmp_path / "t.json")
        assert again.encode("abc").ids == tok.encode("abc").ids


def test_mask_token_found(bpe):
    assert bpe.mask_token == "[MASK]" and bpe.mask_id is not None


def test_a_tokenizer_file_read_again_is_parsed_once(tmp_path):
    """Timeline snapshots carry identical copies; switching models back and forth reads the same file."""
    from explainer.core.tokenizers import load_tokenizer_file

    shipped = Path(__file__).resolve().parents[2] / "models" / "tiny-gpt-nl-en" / "tokenizer.json"
    copy = tmp_path / "tokenizer.json"
    copy.write_bytes(shipped.read_bytes())
    first = load_tokenizer_file(shipped)
    assert load_tokenizer_file(copy) is first  # the same bytes: the same tokenizer
    assert load_tokenizer_file(copy, add_special_tokens=False) is not first
    copy.write_bytes(shipped.read_bytes() + b"\n")  # another file now: read anew
    changed = load_tokenizer_file(copy)
    assert changed is not first and changed.encode(" kat").ids == first.encode(" kat").ids
