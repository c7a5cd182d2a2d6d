"""Training text: files → paragraphs → one token stream per split → batches.

Text is read one paragraph per line. A folder with ``*.train.txt`` and
``*.val.txt`` files (what the corpus builder writes) keeps its own split,
with one validation set per file (``nl``, ``en``); any other file or folder
holds out every 20th paragraph, so the split never depends on a random seed.

Paragraphs are joined into one stream of token ids with a separator token
between them (``<|endoftext|>``, or a newline for character vocabularies).
Batches are windows cut from that stream; half of them start at a paragraph
start, because that is how a person's text reaches the model in the app.

``DATA`` may also name a text the product ships (``EXAMPLES``: ``sprookje``,
a few Dutch fairy tales for the fine-tuning lesson).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import torch

from explainer.core.tokenizers import CharTokenizer, HuggingFaceTokenizer, Tokenizer
from explainer.paths import resource

HOLD_OUT_EVERY = 20
SEPARATORS = ("<|endoftext|>", "</s>", "[SEP]", "\n")
CHAR_VOCAB_MAX_CHARS = 1_000_000  # below this, no tokenizer given: a character vocabulary
EXAMPLES = {"sprookje": "sprookje.nl.txt"}  # name → file in resources/examples/


class DataError(ValueError):
    """Training text that cannot be used; the message names the path and the problem."""


@dataclass
class TextSplits:
    """Paragraphs for training and, per named split (a language), for validation."""

    train: list[str]
    val: dict[str, list[str]]
    files: list[Path] = field(default_factory=list)

    @property
    def n_chars(self) -> int:
        return sum(len(p) + 1 for p in self.train)


def read_paragraphs(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror})") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def example_text(name: str) -> Path | None:
    """The shipped example text called ``name`` (``sprookje`` or its file name), None for other names."""
    for key, file in EXAMPLES.items():
        if name in (key, file):
            return resource("examples", file)
    return None


def load_splits(data: str | Path, short_ok: bool = False) -> TextSplits:
    """Read a text file or a folder of ``.txt`` files into train and validation paragraphs.

    ``data`` that is not a path but names a shipped example reads that text.
    With ``short_ok`` (fine-tuning on a few lines) a text of one paragraph is
    validated on itself, in a split called "train", instead of refused.
    """
    path = Path(data).expanduser()
    if not path.exists():
        path = example_text(str(data)) or path
    if not path.exists():
        raise DataError(f"{path}: no such file or folder")
    if path.is_dir():
        train_files = sorted(path.glob("*.train.txt"))
        if train_files:
            val = {f.name[: -len(".val.txt")]: read_paragraphs(f) for f in sorted(path.glob("*.val.txt"))}
            train = [p for f in train_files for p in read_paragraphs(f)]
            splits = TextSplits(train, {k: v for k, v in val.items() if v}, train_files)
        else:
            files = sorted(f for f in path.rglob("*.txt") if f.is_file())
            if not files:
                raise DataError(f"{path}: the folder holds no .txt files")
            splits = _hold_out(files)
    else:
        splits = _hold_out([path])
    if not splits.train:
        raise DataError(f"{path}: no text to train on")
    if not splits.val and short_ok:
        splits.val = {"train": list(splits.train)}
    if not splits.val:
        raise DataError(f"{path}: too little text to hold out a validation split")
    return splits


def _hold_out(files: list[Path]) -> TextSplits:
    train, val = [], []
    for f in files:
        for i, p in enumerate(read_paragraphs(f)):
            (val if i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1 else train).append(p)
    if not val and len(train) > 1:  # a short text: the last paragraph is the validation
        val = [train.pop()]
    return TextSplits(train, {"val": val} if val else {}, files)


def make_tokenizer(splits: TextSplits, objective: str, vocab_size: int = 8192,
                   out_dir: Path | None = None) -> Tokenizer:
    """A tokenizer for text that came without one.

    Causal training on little text gets a character vocabulary (every letter
    a token, as nanoGPT's Shakespeare); otherwise, and always for the masked
    objective (which needs a ``[MASK]`` token), a byte-level BPE is trained
    on the training paragraphs only.
    """
    if objective == "causal" and splits.n_chars < CHAR_VOCAB_MAX_CHARS:
        return CharTokenizer.from_text("\n".join(splits.train + [p for v in splits.val.values() for p in v]))
    from explainer.core.training import bpe

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "train.txt"
        source.write_text("\n".join(splits.train) + "\n", encoding="utf-8")
        hf = bpe.train_bpe([source], vocab_size=vocab_size, out_dir=out_dir)
    return HuggingFaceTokenizer(hf)


def separator_id(tok: Tokenizer) -> int | None:
    """The token that marks a paragraph boundary, if the vocabulary has one."""
    lookup = getattr(tok, "token_id", None)
    if lookup is None:
        return None
    for name in SEPARATORS:
        tid = lookup(name)
        if tid is not None:
            return int(tid)
    return None


def special_ids(tok: Tokenizer) -> list[int]:
    """Ids of the tokenizer's special tokens (never masked, never a random replacement)."""
    hf = getattr(tok, "hf", None)
    if hf is None:
        return []
    return sorted(int(i) for i, t in hf.get_added_tokens_decoder().items() if t.special)


@dataclass
class TokenStream:
    """Token ids of many paragraphs joined by a separator, and where each paragraph starts."""

    ids: torch.Tensor  # (N,) int64
    starts: torch.Tensor  # (P,) int64, offsets of paragraph starts in ids

    def __len__(self) -> int:
        return int(self.ids.numel())


def encode_stream(tok: Tokenizer, paragraphs: Sequence[str]) -> TokenStream:
    sep = separator_id(tok)
    hf = getattr(tok, "hf", None)
    if hf is not None:  # the Rust tokenizer encodes a batch on its own threads
        encoded = [e.ids for e in hf.encode_batch(list(paragraphs), add_special_tokens=False)]
    else:
        encoded = [tok.encode(p).ids for p in paragraphs]
    ids, starts, pos = [], [], 0
    for piece in encoded:
        if not piece:
            continue
        starts.append(pos)
        ids.extend(piece)
        pos += len(piece)
        if sep is not None:
            ids.append(sep)
            pos += 1
    return TokenStream(torch.tensor(ids, dtype=torch.long), torch.tensor(starts, dtype=torch.long))


def window_starts(stream: TokenStream, n: int, length: int, gen: torch.Generator) -> torch.Tensor:
    """``n`` window offsets: half at paragraph starts, half anywhere."""
    last = len(stream) - length
    if last < 0:
        raise DataError(f"the text has {len(stream)} tokens, fewer than one window of {length}")
    anywhere = torch.randint(0, last + 1, (n,), generator=gen)
    at_para = stream.starts[torch.randint(0, len(stream.starts), (n,), generator=gen)].clamp(max=last)
    pick = torch.rand(n, generator=gen) < 0.5
    return torch.where(pick, at_para, anywhere)


def cut_windows(stream: TokenStream, offsets: torch.Tensor, length: int) -> torch.Tensor:
    index = offsets[:, None] + torch.arange(length)[None, :]  # (B, length)
    return stream.ids[index]


def fixed_offsets(stream: TokenStream, n: int, length: int) -> torch.Tensor:
    """Evenly spaced windows covering a validation stream, the same at every evaluation."""
    last = len(stream) - length
    if last < 0:
        raise DataError(f"the validation text has {len(stream)} tokens, fewer than one window of {length}")
    count = min(n, last // length + 1)
    return torch.linspace(0, last, count).long()


def mask_tokens(ids: torch.Tensor, mask_id: int, vocab_size: int, never: Sequence[int],
                gen: torch.Generator, rate: float = 0.15) -> tuple[torch.Tensor, torch.Tensor]:
    """BERT's masking: pick ``rate`` of the tokens; of those 80 % → [MASK], 10 % → random, 10 % kept.

    Returns ``(inputs, labels)``; labels are -100 wherever no prediction is asked.
    Special tokens are never picked and never used as a random replacement.
    """
    maskable = torch.ones_like(ids, dtype=torch.bool)
    for sid in never:
        maskable &= ids != sid
    picked = (torch.rand(ids.shape, generator=gen) < rate) & maskable  # (B, T)
    labels = torch.where(picked, ids, torch.full_like(ids, -100))
    roll = torch.rand(ids.shape, generator=gen)
    to_mask = picked & (roll < 0.8)
    to_random = picked & (roll >= 0.8) & (roll < 0.9)
    allowed = torch.ones(vocab_size, dtype=torch.bool)
    allowed[list(never)] = False
    pool = torch.nonzero(allowed).flatten()
    random_ids = pool[torch.randint(0, len(pool), ids.shape, generator=gen)]
    inputs = torch.where(to_mask, torch.full_like(ids, mask_id), ids)
    inputs = torch.where(to_random, random_ids, inputs)
    return inputs, labels
