"""How well a tokenizer keeps everyday words whole, in Dutch and English.

Prints, per language:
- the share of the 2,000 most frequent words (``wordfreq``'s large lists) that
  become one token with their leading space. A word counts as whole when it
  gives as many tokens as the byte-level pre-tokenizer makes pieces of it
  ("hasn't" is two pieces before BPE runs, so two tokens is whole). The lists
  are lower case, so a word also counts as whole when its capitalised form is
  one token (" Amsterdam", " Monday"). Goal ≥ 95 %;
- tokens per word on everyday text (the held-out teaching text, never trained
  on; or ``--text FILE``). Goal ≤ 1.25;
- how the example words split (compounds should split into meaningful parts).

    python benchmarks/tokenizer.py [--tokenizer models/tiny-gpt-nl-en/tokenizer.json] [--corpus data/corpus]

Needs ``wordfreq`` (in the ``bench`` and ``test`` extras).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [" voorbeeldzin", " kinderboekenweek", " fietsenstalling", " ziekenhuisbed", " kat", " hond",
            " maandag", " koningin", " Monday", " understanding", " unbelievable", " is"]
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def whole_share(tok: Tokenizer, lang: str, n: int = 2000) -> tuple[float, list[str]]:
    import wordfreq

    pre = tok.pre_tokenizer
    broken = []
    words = [w for w in wordfreq.top_n_list(lang, n * 2, wordlist="large") if any(c.isalpha() for c in w)][:n]
    for w in words:
        pieces = len(pre.pre_tokenize_str(" " + w))
        # the lists are lower case: "Amsterdam" and "Monday" count as whole when their capitalised form is
        forms = (" " + w, " " + w[:1].upper() + w[1:])
        if min(len(tok.encode(f, add_special_tokens=False).ids) for f in forms) > pieces:
            broken.append(w)
    return 1 - len(broken) / len(words), broken


def tokens_per_word(tok: Tokenizer, text: str) -> float:
    """Tokens per running word (punctuation and numbers not counted on either side)."""
    n_words = n_tokens = 0
    for line in text.splitlines():
        for piece, _span in tok.pre_tokenizer.pre_tokenize_str(line):
            if _WORDS.fullmatch(piece.lstrip("Ġ")):  # a word, with its leading space (Ġ)
                n_words += 1
                n_tokens += len(tok.model.tokenize(piece))
    return n_tokens / max(1, n_words)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tokenizer", default=str(ROOT / "models" / "tiny-gpt-nl-en" / "tokenizer.json"))
    ap.add_argument("--corpus", default=str(ROOT / "data" / "corpus"),
                    help="folder with nl.val.txt / en.val.txt (held-out everyday text)")
    ap.add_argument("--text", nargs="*", help="other everyday text files, as LANG=FILE")
    args = ap.parse_args()
    tok = Tokenizer.from_file(args.tokenizer)
    print(f"tokenizer {args.tokenizer}: {tok.get_vocab_size()} tokens")
    texts = {lang: Path(args.corpus) / f"{lang}.val.txt" for lang in ("nl", "en")}
    for spec in args.text or []:
        lang, _, path = spec.partition("=")
        texts[lang] = Path(path)
    for lang in ("nl", "en"):
        share, broken = whole_share(tok, lang)
        line = f"{lang}: top-2000 words whole {share * 100:.1f} % (goal >= 95 %)"
        if texts[lang].exists():
            tpw = tokens_per_word(tok, texts[lang].read_text(encoding="utf-8"))
            line += f"; tokens per word on {texts[lang].name} {tpw:.3f} (goal <= 1.25)"
        print(line)
        print(f"    split: {', '.join(broken[:25])}{' …' if len(broken) > 25 else ''}")
    for w in EXAMPLES:
        ids = tok.encode(w, add_special_tokens=False).ids
        print(f"  {w!r:>22} -> {'|'.join(tok.decode([i]) for i in ids)}")


if __name__ == "__main__":
    main()
