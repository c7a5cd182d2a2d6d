"""One Tokenizer protocol over byte-level BPE, WordPiece and character vocabularies.

Every implementation returns, for each token, its id, a readable label and its
character span in the original text, so the app can tint the text box token by
token. Byte-level BPE can split one character (an emoji, say) over two tokens:
both then carry that character's span, and the label shows the raw bytes.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

from tokenizers import Tokenizer as HFTokenizer

from explainer.core import jsonfile

MASK_NAMES = ("[MASK]", "<mask>")


@dataclass(frozen=True)
class Encoding:
    """Token ids, labels and character spans (start, end) of one text."""

    ids: list[int]
    tokens: list[str]
    spans: list[tuple[int, int]]


@runtime_checkable
class Tokenizer(Protocol):
    """What the app needs from any tokenizer."""

    kind: str
    vocab_size: int

    def encode(self, text: str) -> Encoding: ...

    def decode(self, ids: Sequence[int]) -> str: ...

    def token_label(self, token_id: int) -> str: ...

    def token_bytes(self, token_id: int) -> bytes: ...

    @property
    def mask_id(self) -> int | None: ...

    @property
    def mask_token(self) -> str | None: ...


def _byte_decoder() -> dict[str, int]:
    """Inverse of GPT-2's byte→printable-character table used by byte-level BPE."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    chars, extra = {}, 0
    for b in range(256):
        if b in keep:
            chars[chr(b)] = b
        else:
            chars[chr(256 + extra)] = b
            extra += 1
    return chars


_BYTE_DECODER = _byte_decoder()


def readable(raw: bytes) -> str:
    """A label for a token's bytes: its text when it is whole UTF-8, else hex bytes."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return " ".join(f"<{b:02X}>" for b in raw)


def _part_json(part) -> str:
    """A pre-tokenizer's or decoder's settings as JSON text ("null" when there is none)."""
    if part is None:
        return "null"
    state = part.__getstate__()
    return state.decode("utf-8", "replace") if isinstance(state, bytes) else json.dumps(state)


class HuggingFaceTokenizer:
    """Byte-level BPE, SentencePiece-style BPE or WordPiece through HF ``tokenizers``."""

    def __init__(self, tok: HFTokenizer, add_special_tokens: bool = True) -> None:
        self._tok = tok
        self.add_special_tokens = add_special_tokens
        self.vocab_size = tok.get_vocab_size(with_added_tokens=True)
        # read from the tokenizer's parts (serialising the whole file to inspect them cost 16-100 ms a load)
        model_type = type(tok.model).__name__  # BPE, WordPiece, Unigram, WordLevel
        pre = _part_json(tok.pre_tokenizer) + _part_json(tok.decoder)
        self.byte_level = "ByteLevel" in pre
        self.kind = "wordpiece" if model_type == "WordPiece" else ("bpe" if self.byte_level else model_type.lower())
        self._continuation = getattr(tok.model, "continuing_subword_prefix", None) or "##"
        self._special = {t.content for t in tok.get_added_tokens_decoder().values() if t.special}
        vocab = tok.get_vocab(with_added_tokens=True)
        self._mask = next((m for m in MASK_NAMES if m in vocab), None)
        self.max_id = max(vocab.values(), default=-1)  # ids can have gaps: not always vocab_size - 1
        self._labels: dict[int, str] = {}  # token_label's answers so far

    @classmethod
    def from_file(cls, path: str | Path, **kw) -> "HuggingFaceTokenizer":
        return cls(HFTokenizer.from_file(str(path)), **kw)

    @property
    def hf(self) -> HFTokenizer:
        return self._tok

    @property
    def mask_token(self) -> str | None:
        return self._mask

    @property
    def mask_id(self) -> int | None:
        return self._tok.token_to_id(self._mask) if self._mask else None

    def token_id(self, token: str) -> int | None:
        return self._tok.token_to_id(token)

    def encode(self, text: str) -> Encoding:
        enc = self._tok.encode(text, add_special_tokens=self.add_special_tokens)
        labels = [self.token_label(i) for i in enc.ids]
        return Encoding(list(enc.ids), labels, [tuple(o) for o in enc.offsets])

    def decode(self, ids: Sequence[int]) -> str:
        return self._tok.decode(list(ids), skip_special_tokens=False)

    def token_bytes(self, token_id: int) -> bytes:
        piece = self._tok.id_to_token(int(token_id)) or ""
        if piece in self._special:
            return piece.encode("utf-8")
        if self.byte_level:
            return bytes(_BYTE_DECODER.get(c, 0x3F) for c in piece)
        if self.kind == "wordpiece":
            return piece[len(self._continuation):].encode() if piece.startswith(self._continuation) else piece.encode()
        if piece.startswith("<0x") and piece.endswith(">") and len(piece) == 6:  # SentencePiece byte fallback
            return bytes([int(piece[3:5], 16)])
        return piece.replace("\u2581", " ").encode("utf-8")

    def token_label(self, token_id: int) -> str:
        label = self._labels.get(token_id)
        if label is None:  # each key press labels every token of the text again: made once per id
            piece = self._tok.id_to_token(int(token_id)) or ""
            if piece in self._special or self.kind == "wordpiece":
                label = piece
            else:
                label = readable(self.token_bytes(token_id))
            self._labels[token_id] = label
        return label


class CharTokenizer:
    """A character vocabulary, as nanoGPT's ``meta.pkl`` has (``stoi``/``itos``).

    Characters outside the vocabulary become the unknown id (the space if the
    vocabulary has one, else id 0) and keep their span, so they show as unknown
    tokens instead of crashing.
    """

    kind = "char"

    def __init__(self, stoi: dict[str, int], itos: dict[int, str] | None = None) -> None:
        self.stoi = dict(stoi)
        self.itos = dict(itos) if itos else {i: s for s, i in self.stoi.items()}
        self.vocab_size = max(self.itos) + 1 if self.itos else 0
        self.unk_id = self.stoi.get(" ", 0)
        self.unknown: set[int] = set()

    @classmethod
    def from_text(cls, text: str) -> "CharTokenizer":
        chars = sorted(set(text))
        return cls({c: i for i, c in enumerate(chars)})

    @property
    def mask_token(self) -> str | None:
        return None

    @property
    def mask_id(self) -> int | None:
        return None

    def token_id(self, token: str) -> int | None:
        return self.stoi.get(token)

    def encode(self, text: str) -> Encoding:
        ids, labels, spans = [], [], []
        for pos, ch in enumerate(text):
            tid = self.stoi.get(ch)
            labels.append(ch if tid is not None else f"[?{ch}]")
            ids.append(tid if tid is not None else self.unk_id)
            spans.append((pos, pos + 1))
        return Encoding(ids, labels, spans)

    def decode(self, ids: Sequence[int]) -> str:
        return "".join(self.itos.get(int(i), "\ufffd") for i in ids)

    def token_bytes(self, token_id: int) -> bytes:
        return self.itos.get(int(token_id), "").encode("utf-8")

    def token_label(self, token_id: int) -> str:
        return self.itos.get(int(token_id), "\ufffd")

    def to_json(self) -> str:
        return json.dumps({"type": "char", "itos": [self.itos[i] for i in range(self.vocab_size)]},
                          ensure_ascii=False)

    @property
    def max_id(self) -> int:
        return max(self.itos, default=-1)

    @classmethod
    def from_json(cls, data: dict) -> "CharTokenizer":
        itos = data.get("itos")
        if not isinstance(itos, list) or not all(isinstance(c, str) for c in itos):
            raise ValueError("a character vocabulary needs 'itos': a list of texts")
        return cls({c: i for i, c in enumerate(itos)}, dict(enumerate(itos)))


def max_token_id(tok: Tokenizer) -> int:
    """The largest id the tokenizer can produce; a model needs ``vocab_size`` above it."""
    top = getattr(tok, "max_id", None)
    return int(top) if top is not None else int(tok.vocab_size) - 1


def load_tokenizer_file(path: str | Path, add_special_tokens: bool = True) -> Tokenizer:
    """Read a ``tokenizer.json``: an HF tokenizer, or our character vocabulary.

    The file is size- and depth-checked before it is parsed (``limits``); a
    file that is refused raises ``JSONFileError`` (a ValueError) naming it.
    """
    path = Path(path)
    raw = jsonfile.read_bytes(path)
    key = (hashlib.sha256(raw).digest(), add_special_tokens)
    with _CACHE_LOCK:
        known = _TOKENIZERS.get(key)
    if known is not None:
        return known
    text = jsonfile.checked_text(raw, path)
    try:  # the tokenizers library parses the file itself, without a second parse in Python
        hf = HFTokenizer.from_str(text)
    except Exception:
        data = jsonfile.parse(text, path)
        if isinstance(data, dict) and data.get("type") == "char":
            return CharTokenizer.from_json(data)
        raise
    tok = HuggingFaceTokenizer(hf, add_special_tokens=add_special_tokens)
    with _CACHE_LOCK:
        _TOKENIZERS[key] = tok
        while len(_TOKENIZERS) > _CACHE_SIZE:
            _TOKENIZERS.pop(next(iter(_TOKENIZERS)))
    return tok


# The same tokenizer.json read again (a timeline's snapshots each carry a copy; switching back to a
# model) gives the same tokenizer object: reading, checking and parsing it again took 20-40 ms of a
# model switch, stalling the window for up to that long (measured: longest stall on a switch 30-64 ms
# before, 12-21 ms after), and each copy costs memory. Keyed by the file's bytes, so an edited file
# is read anew. Tokenizers are never changed after loading.
_TOKENIZERS: dict[tuple[bytes, bool], "HuggingFaceTokenizer"] = {}
_CACHE_SIZE = 8
_CACHE_LOCK = threading.Lock()


def save_tokenizer(tok: Tokenizer, path: str | Path) -> None:
    path = Path(path)
    if isinstance(tok, CharTokenizer):
        path.write_text(tok.to_json(), encoding="utf-8")
    elif isinstance(tok, HuggingFaceTokenizer):
        tok.hf.save(str(path))
    else:
        raise TypeError(f"cannot save tokenizer of type {type(tok).__name__}")
