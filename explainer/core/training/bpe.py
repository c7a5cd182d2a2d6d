"""Train the app's byte-level BPE tokenizer on the Dutch/English corpus.

The tokenizer is trained with Hugging Face ``tokenizers``: byte-level
pre-tokenization (no prefix space), ByteLevel decoder and post-processor
(offsets not trimmed, so each token's span covers exactly the characters its
bytes came from, leading space included), and six special tokens that get the
first ids. ``[MASK]`` absorbs the space before it, as in RoBERTa, so that
"op de [MASK]." reads to the masked model like the training data did.

Training data can be weighted per *word type* instead of per occurrence.
Feeding very frequent words thousands of times makes BPE spend merges on
whole frequent words; feeding each distinct word a logarithmic number of
times makes merges follow shared pieces (prefixes, stems, suffixes), which
is closer to morphemes: "voor|beeld|zin" rather than "voorbe|eld|zin".

Run as ``python -m explainer.core.training.bpe --corpus data/corpus --out data/tokenizer``.
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors, trainers

SPECIAL_TOKENS = ["<|endoftext|>", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

EXAMPLE_WORDS = [
    "voorbeeldzin", " voorbeeldzin", "ziekenhuisbed", "kinderboekenweek",
    "onbegrijpelijk", "fietsenstalling", "understanding", "unbelievable",
    " understanding", "naïeve",
]

# Same split as GPT-2's ByteLevel regex, good enough to count word types.
_WORD_RE = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\w+| ?\d+| ?[^\s\w]+|\s+(?!\S)|\s+""")


def special_added_tokens() -> list[AddedToken]:
    return [AddedToken(t, special=True, normalized=False, lstrip=(t == "[MASK]")) for t in SPECIAL_TOKENS]


def build_tokenizer() -> Tokenizer:
    """An untrained byte-level BPE pipeline with the app's settings."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    return tok


def iter_lines(files: Sequence[Path | str]) -> Iterator[str]:
    """Yield non-empty lines (one paragraph each) from the given files."""
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if line:
                    yield line


def count_words(lines: Iterable[str]) -> Counter:
    """Count pre-token "words" (with their leading space) in ``lines``."""
    counts: Counter = Counter()
    for line in lines:
        counts.update(_WORD_RE.findall(line))
    return counts


def add_bare_variants(counts: Counter) -> Counter:
    """Also count every " word" as "word" (without the leading space).

    In running text almost every word follows a space, so the bare form
    (sentence-initial, after a quote, or a word typed alone in the app)
    would otherwise get hardly any merges and fall apart into letters.
    """
    out = Counter(counts)
    for w, c in counts.items():
        if w.startswith(" ") and w[1:].isalpha():
            out[w[1:]] += c
    return out


def weighted_words(counts: Counter, weighting: str) -> Iterator[str]:
    """Yield training sequences: each word repeated by its weight.

    ``unique``: once per word type; ``log``: ``1 + floor(log2(count))``
    times, which still tells BPE that common words matter a bit more.
    Words are yielded in sorted order so training input is deterministic.
    """
    for word in sorted(counts):
        n = 1 if weighting == "unique" else 1 + int(math.log2(counts[word]))
        for _ in range(n):
            yield word


def wordfreq_counts(languages: Sequence[str], n_words: int = 30000, scale: float = 1e6,
                    casing: Counter | None = None) -> Counter:
    """Everyday words of each language with a leading space, counted by how often people use them.

    The counts come from the ``wordfreq`` package's ``large`` lists (subtitles,
    Wikipedia, news, books): ``round(frequency * scale)``, at least 1, for the
    ``n_words`` most frequent words. Frequent words then weigh so much that BPE
    gives each of them one token (" kat", " Monday"), while rarer words and
    compounds keep being built from shared pieces (voor|beeld|zin). The lists
    are lower case; ``casing`` (the corpus's own word counts) says how often a
    word is written with a capital (" Monday", " Parijs"), and the weight is
    shared out between the two forms in that proportion. ``wordfreq`` is a
    build-time tool, imported only here.
    """
    try:
        import wordfreq
    except ImportError:
        raise RuntimeError("training with everyday word frequencies needs the wordfreq package "
                           "(pip install wordfreq)") from None
    counts: Counter = Counter()
    for lang in languages:
        for word in wordfreq.top_n_list(lang, n_words, wordlist="large"):
            if not any(ch.isalpha() for ch in word):
                continue
            weight = max(1, round(wordfreq.word_frequency(word, lang, wordlist="large") * scale))
            capital = word[:1].upper() + word[1:]
            lower_seen = casing[" " + word] if casing else 0
            capital_seen = casing[" " + capital] if casing else 0
            share = (capital_seen / (lower_seen + capital_seen)) if lower_seen + capital_seen else 0.2
            counts[" " + word] += max(1, round(weight * (1 - share)))
            counts[" " + capital] += max(1, round(weight * share))  # names, " Monday", " Parijs"
            counts[capital] += max(1, weight // 10)  # a sentence starts with it
    return counts


def train_bpe(files: Sequence[Path | str], vocab_size: int = 8192,
              out_dir: Path | str | None = None, min_frequency: int = 2,
              weighting: str = "log", everyday: Counter | None = None) -> Tokenizer:
    """Train a byte-level BPE tokenizer on ``files`` and save ``tokenizer.json``.

    ``weighting`` is ``"text"`` (raw running text, classic BPE),
    ``"log"`` or ``"unique"`` (see :func:`weighted_words`). ``everyday``
    (word → count, e.g. :func:`wordfreq_counts`) is added to the corpus's own
    weighted counts.
    """
    tok = build_tokenizer()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        special_tokens=special_added_tokens(),  # ids 0..5 in this order
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    if weighting == "text" and not everyday:
        tok.train_from_iterator(iter_lines(files), trainer)
    else:
        counts = add_bare_variants(count_words(iter_lines(files)))
        tok.train_from_iterator(_with_everyday(weighted_words(counts, weighting), everyday or Counter()), trainer)
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        tok.save(str(out / "tokenizer.json"))
    return tok


def _with_everyday(sequences: Iterator[str], everyday: Counter) -> Iterator[str]:
    """The corpus's sequences, then each everyday word as often as its count says.

    A word repeated inside one string ("· kat· kat· kat") is split back into
    separate words by the byte-level pre-tokenizer, so a count of thousands
    costs one string, not thousands.
    """
    yield from sequences
    for word in sorted(everyday):
        remaining = everyday[word]
        while remaining > 0:
            n = min(remaining, 1000)
            # bare words (no leading space) would glue together: separate them by a newline
            yield (word * n) if word.startswith(" ") else "\n".join([word] * n)
            remaining -= n


def split_table(tokenizer: Tokenizer, words: Sequence[str]) -> list[tuple[str, list[str]]]:
    """How each word is split: ``[(word, [piece, ...]), ...]``.

    Pieces are decoded token by token, so a leading space stays visible.
    """
    rows = []
    for w in words:
        ids = tokenizer.encode(w, add_special_tokens=False).ids
        rows.append((w, [tokenizer.decode([i]) for i in ids]))
    return rows


def format_split_table(rows: list[tuple[str, list[str]]]) -> str:
    """Render rows as text; spaces are shown as '␣'."""
    vis = lambda s: s.replace(" ", "␣")  # noqa: E731
    width = max(len(vis(w)) for w, _ in rows)
    return "\n".join(f"{vis(w):<{width}}  {'|'.join(vis(p) for p in pieces)}  ({len(pieces)})"
                     for w, pieces in rows)


def corpus_files(corpus_dir: Path | str) -> list[Path]:
    """The training files of both languages (validation text is excluded)."""
    files = sorted(Path(corpus_dir).glob("*.train.txt"))
    if not files:
        raise FileNotFoundError(f"no *.train.txt in {corpus_dir}")
    return files


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train the byte-level BPE tokenizer.")
    ap.add_argument("--corpus", default="data/corpus")
    ap.add_argument("--out", default="data/tokenizer")
    ap.add_argument("--vocab-size", type=int, default=8192)
    ap.add_argument("--min-frequency", type=int, default=2)
    ap.add_argument("--weighting", choices=["text", "log", "unique"], default="log")
    ap.add_argument("--everyday", default="", help="comma-separated languages whose wordfreq word "
                    "frequencies are added (e.g. nl,en); needs the wordfreq package")
    ap.add_argument("--everyday-words", type=int, default=30000, help="how many words per language")
    args = ap.parse_args(argv)
    langs = [x for x in args.everyday.split(",") if x]
    files = corpus_files(args.corpus)
    everyday = wordfreq_counts(langs, args.everyday_words, casing=count_words(iter_lines(files))) if langs else None
    tok = train_bpe(files, args.vocab_size, args.out,
                    args.min_frequency, args.weighting, everyday)
    print(f"vocab size {tok.get_vocab_size()} -> {Path(args.out) / 'tokenizer.json'}")
    print(format_split_table(split_table(tok, EXAMPLE_WORDS)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
