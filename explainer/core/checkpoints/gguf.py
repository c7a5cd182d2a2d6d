"""GGUF files (llama.cpp): metadata, quantized tensors and the tokenizer in one file.

Reading and dequantizing go through the ``gguf`` package (its GGUFReader and
its dequantizers), so every quantization type it knows opens here. Tensors
are renamed to Hugging Face names and go through the same mapping as HF
folders. llama.cpp's converter reorders the rows of the LLaMA query and key
matrices so that RoPE rotates neighbouring pairs; that permutation is undone
here, because our RoPE (like Hugging Face's) pairs dimension i with i + d/2.
The tokenizer is rebuilt from the metadata as an HF ``tokenizers`` object:
byte-level BPE (``tokenizer.ggml.model == "gpt2"``: tokens and merges, with
the pre-tokenizer regex llama.cpp uses for ``tokenizer.ggml.pre``) or
SentencePiece-style BPE (``"llama"``: pieces and scores, byte fallback).
"""

from __future__ import annotations

import mmap
import os
import re
import struct
from pathlib import Path
from typing import Any

import numpy as np
import torch

from explainer.core.checkpoints.base import CheckpointError, LoadedModel
from explainer.core.checkpoints.huggingface import build_model, config_from_json, map_state

FORMAT = "gguf"
MAGIC = b"GGUF"
ARCHITECTURES = {"llama": "LlamaForCausalLM", "qwen2": "Qwen2ForCausalLM", "gpt2": "GPT2LMHeadModel"}
_READ_ERRORS = (ValueError, IndexError, KeyError, OSError, TypeError, OverflowError,
                UnicodeDecodeError, struct.error, MemoryError, AttributeError)

# ---------------------------------------------------------------- metadata without the weights

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}


def scan_metadata(path: Path) -> tuple[dict[str, Any], dict[str, tuple[int, ...]]]:
    """Scalar metadata (arrays as their length) and tensor shapes, without reading any weight.

    A quick look for the model list: it walks the header only, so it takes
    milliseconds where opening the whole file takes seconds.
    """
    with path.open("rb") as f:
        if path.stat().st_size < 24:
            raise CheckpointError(path, "too short to be a GGUF file")
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            try:
                return _scan(m, path)
            except _READ_ERRORS as exc:
                raise CheckpointError(path, f"truncated or damaged GGUF header ({exc})") from None


def _scan(m: mmap.mmap, path: Path) -> tuple[dict[str, Any], dict[str, tuple[int, ...]]]:
    if m[:4] != MAGIC:
        raise CheckpointError(path, f"not a GGUF file (wrong magic {bytes(m[:4])!r})")
    version, n_tensors, n_kv = struct.unpack_from("<IQQ", m, 4)
    if version not in (2, 3):
        raise CheckpointError(path, f"GGUF version {version} is not supported")
    pos = 24

    def string(p: int) -> tuple[str, int]:
        (n,) = struct.unpack_from("<Q", m, p)
        if p + 8 + n > len(m):
            raise ValueError("string runs past the end of the file")
        return m[p + 8:p + 8 + n].decode("utf-8", "replace"), p + 8 + n

    def skip(vtype: int, p: int) -> tuple[Any, int]:
        if vtype in _SCALARS:
            fmt = _SCALARS[vtype]
            return struct.unpack_from(fmt, m, p)[0], p + struct.calcsize(fmt)
        if vtype == 8:
            return string(p)
        if vtype == 9:
            sub, count = struct.unpack_from("<IQ", m, p)
            p += 12
            if sub in _SCALARS:
                return count, p + count * struct.calcsize(_SCALARS[sub])
            if sub == 8:  # the vocabulary: ~50k strings, so no call per item
                unpack = struct.Struct("<Q").unpack_from
                for _ in range(count):
                    p += 8 + unpack(m, p)[0]
                if p > len(m):
                    raise ValueError("string array runs past the end of the file")
                return count, p
            for _ in range(count):
                _, p = skip(sub, p)
            return count, p
        raise ValueError(f"unknown value type {vtype}")

    meta: dict[str, Any] = {}
    for _ in range(n_kv):
        key, pos = string(pos)
        (vtype,) = struct.unpack_from("<I", m, pos)
        meta[key], pos = skip(vtype, pos + 4)
    shapes: dict[str, tuple[int, ...]] = {}
    for _ in range(n_tensors):
        name, pos = string(pos)
        (n_dims,) = struct.unpack_from("<I", m, pos)
        dims = struct.unpack_from(f"<{n_dims}Q", m, pos + 4)
        shapes[name] = tuple(reversed(dims))  # PyTorch order
        pos += 4 + 8 * n_dims + 12
    return meta, shapes


# ---------------------------------------------------------------- config and names

def hf_config(meta: dict[str, Any], shapes: dict[str, tuple[int, ...]], path: Path) -> dict[str, Any]:
    """A Hugging Face ``config.json`` dict equivalent to the GGUF metadata."""
    arch = meta.get("general.architecture")
    if arch not in ARCHITECTURES:
        raise CheckpointError(path, f"GGUF architecture {arch!r} is not supported (this app opens "
                                    f"{', '.join(ARCHITECTURES)})")

    def p(key: str, default: Any = None) -> Any:
        value = meta.get(f"{arch}.{key}", default)
        if value is None:
            raise CheckpointError(path, f"GGUF metadata lacks {arch}.{key}")
        return value

    vocab = shapes["token_embd.weight"][0]  # the matrix is the truth; token lists may be shorter
    tied = "output.weight" not in shapes
    if arch == "gpt2":
        return {"architectures": [ARCHITECTURES[arch]], "vocab_size": vocab, "n_layer": p("block_count"),
                "n_head": p("attention.head_count"), "n_embd": p("embedding_length"),
                "n_inner": p("feed_forward_length"), "n_positions": p("context_length"),
                "layer_norm_epsilon": p("attention.layer_norm_epsilon", 1e-5),
                "activation_function": "gelu_new", "tie_word_embeddings": tied}
    heads, d = p("attention.head_count"), p("embedding_length")
    head_dim = meta.get(f"{arch}.attention.key_length") or d // heads
    if meta.get(f"{arch}.rope.dimension_count", head_dim) != head_dim:
        raise CheckpointError(path, "partial rotary embeddings are not supported for this architecture")
    scaling = meta.get(f"{arch}.rope.scaling.type", "none")
    if "rope_freqs.weight" in shapes:
        scaling = "llama3"
    return {"architectures": [ARCHITECTURES[arch]], "vocab_size": vocab, "hidden_size": d,
            "intermediate_size": p("feed_forward_length"), "num_hidden_layers": p("block_count"),
            "num_attention_heads": heads, "num_key_value_heads": p("attention.head_count_kv", heads),
            "head_dim": head_dim, "rms_norm_eps": p("attention.layer_norm_rms_epsilon", 1e-6),
            "rope_theta": p("rope.freq_base", 10000.0), "max_position_embeddings": p("context_length", 2048),
            "rope_scaling": {"rope_type": "default" if scaling == "none" else scaling},
            "attention_bias": arch == "llama" and "blk.0.attn_q.bias" in shapes,
            "tie_word_embeddings": tied}


_LLAMA_NAMES = {"attn_norm": "input_layernorm", "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj",
                "attn_v": "self_attn.v_proj", "attn_output": "self_attn.o_proj",
                "ffn_norm": "post_attention_layernorm", "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj",
                "ffn_down": "mlp.down_proj"}
_GPT2_NAMES = {"attn_norm": "ln_1", "attn_qkv": "attn.c_attn", "attn_output": "attn.c_proj", "ffn_norm": "ln_2",
               "ffn_up": "mlp.c_fc", "ffn_down": "mlp.c_proj"}
_GPT2_TOP = {"token_embd": "transformer.wte", "position_embd": "transformer.wpe",
             "output_norm": "transformer.ln_f", "output": "lm_head"}
_LLAMA_TOP = {"token_embd": "model.embed_tokens", "output_norm": "model.norm", "output": "lm_head"}
_BLOCK = re.compile(r"blk\.(\d+)\.(\w+)\.(weight|bias)")


def hf_name(arch: str, name: str) -> str | None:
    """The Hugging Face name of a GGUF tensor, or None for tensors the model does not use."""
    gpt2 = arch == "gpt2"
    block = _BLOCK.fullmatch(name)
    if block:
        i, part, kind = block.groups()
        mapped = (_GPT2_NAMES if gpt2 else _LLAMA_NAMES).get(part)
        prefix = "transformer.h" if gpt2 else "model.layers"
        return f"{prefix}.{i}.{mapped}.{kind}" if mapped else None
    stem, _, kind = name.rpartition(".")
    mapped = (_GPT2_TOP if gpt2 else _LLAMA_TOP).get(stem)
    return f"{mapped}.{kind}" if mapped else None


def unpermute_rows(w: torch.Tensor, n_head: int) -> torch.Tensor:
    """Undo llama.cpp's per-head reordering of query/key rows (interleaved pairs → two halves)."""
    rows = w.shape[0]
    return w.reshape(n_head, rows // n_head // 2, 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


# ---------------------------------------------------------------- tokenizer

_GPT2_SPLIT = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"
_LLAMA3_SPLIT = (r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|"
                 r"\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
_QWEN2_SPLIT = _LLAMA3_SPLIT.replace(r"\p{N}{1,3}", r"\p{N}")
# tokenizer.ggml.pre → the regexes llama.cpp splits text with before byte-level BPE, in order
PRE_SPLITS = {"gpt-2": [_GPT2_SPLIT], "default": [_GPT2_SPLIT], "phi-2": [_GPT2_SPLIT],
              "smollm": [r"\p{N}", _GPT2_SPLIT], "starcoder": [r"\p{N}", _GPT2_SPLIT],
              "refact": [r"\p{N}", _GPT2_SPLIT], "llama-bpe": [_LLAMA3_SPLIT], "llama3": [_LLAMA3_SPLIT],
              "qwen2": [_QWEN2_SPLIT], "deepseek-r1-qwen": [_QWEN2_SPLIT]}
NORMAL, UNKNOWN, CONTROL, USER_DEFINED = 1, 2, 3, 4


def _field(reader, key: str) -> list | None:
    field = reader.fields.get(key)
    return None if field is None else field.contents()


def _bpe_from_merges(tokens: list[str], merges: list[str], pre: str):
    from tokenizers import Regex, Tokenizer as HFTokenizer, decoders, models, pre_tokenizers

    vocab: dict[str, int] = {}
    for i, t in enumerate(tokens):
        vocab.setdefault(t, i)
    pairs = [tuple(m.split(" ", 1)) for m in merges if " " in m]
    tok = HFTokenizer(models.BPE(vocab=vocab, merges=pairs, ignore_merges=pre in ("llama-bpe", "llama3")))
    splits = [pre_tokenizers.Split(Regex(r), behavior="isolated") for r in PRE_SPLITS.get(pre, [_GPT2_SPLIT])]
    tok.pre_tokenizer = pre_tokenizers.Sequence(splits + [pre_tokenizers.ByteLevel(add_prefix_space=False,
                                                                                   use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    return tok


def _bpe_from_scores(tokens: list[str], scores: list[float], types: list[int], add_prefix: bool):
    """SentencePiece BPE: merging two pieces is worth the score of the piece they make, as in llama.cpp."""
    from tokenizers import Tokenizer as HFTokenizer, decoders, models, normalizers

    vocab: dict[str, int] = {}
    for i, t in enumerate(tokens):
        vocab.setdefault(t, i)
    ranked = []
    for piece, i in vocab.items():
        if types[i] != NORMAL or len(piece) < 2:
            continue
        for cut in range(1, len(piece)):
            left, right = piece[:cut], piece[cut:]
            if left in vocab and right in vocab:
                ranked.append((-scores[i], i, cut, left, right))
    ranked.sort()
    unk = next((tokens[i] for i, t in enumerate(types) if t == UNKNOWN), None)
    tok = HFTokenizer(models.BPE(vocab=vocab, merges=[(a, b) for *_, a, b in ranked], unk_token=unk,
                                 byte_fallback=True, fuse_unk=True))
    spaces = normalizers.Replace(" ", "\u2581")
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("\u2581"), spaces]) if add_prefix else spaces
    steps = [decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse()]
    tok.decoder = decoders.Sequence(steps + ([decoders.Strip(" ", 1, 0)] if add_prefix else []))
    return tok


def tokenizer_from_gguf(reader, meta: dict[str, Any], path: Path):
    """The tokenizer the GGUF metadata describes, as our HuggingFaceTokenizer, and a note on its kind."""
    from tokenizers import AddedToken, processors

    from explainer.core.tokenizers import HuggingFaceTokenizer

    kind = meta.get("tokenizer.ggml.model")
    tokens = _field(reader, "tokenizer.ggml.tokens")
    if not tokens:
        raise CheckpointError(path, "no vocabulary (tokenizer.ggml.tokens) in the GGUF metadata")
    types = _field(reader, "tokenizer.ggml.token_type") or [NORMAL] * len(tokens)
    try:
        if kind == "gpt2":
            pre = str(meta.get("tokenizer.ggml.pre", "default"))
            tok = _bpe_from_merges(tokens, _field(reader, "tokenizer.ggml.merges") or [], pre)
            note = f"byte-level BPE ({pre}{'' if pre in PRE_SPLITS else ', read as gpt-2'})"
        elif kind == "llama":
            scores = _field(reader, "tokenizer.ggml.scores") or [0.0] * len(tokens)
            tok = _bpe_from_scores(tokens, scores, types, bool(meta.get("tokenizer.ggml.add_space_prefix", True)))
            note = "SentencePiece BPE"
        else:
            raise CheckpointError(path, f"tokenizer type {kind!r} is not supported (gpt2 and llama are)")
        tok.add_special_tokens([AddedToken(tokens[i], special=True, normalized=False)
                                for i, t in enumerate(types) if t == CONTROL])
        tok.add_tokens([AddedToken(tokens[i], special=False, normalized=False)
                        for i, t in enumerate(types) if t == USER_DEFINED])
        bos = meta.get("tokenizer.ggml.bos_token_id")
        if meta.get("tokenizer.ggml.add_bos_token", kind == "llama") and isinstance(bos, int) and bos < len(tokens):
            tok.post_processor = processors.TemplateProcessing(
                single=f"{tokens[bos]} $A", pair=f"{tokens[bos]} $A $B", special_tokens=[(tokens[bos], bos)])
        elif kind == "gpt2":
            tok.post_processor = processors.ByteLevel(trim_offsets=False)
    except CheckpointError:
        raise
    except Exception as exc:  # the tokenizers library raises plain Exception
        raise CheckpointError(path, f"the vocabulary in the GGUF metadata is unusable ({exc})") from None
    return HuggingFaceTokenizer(tok), note


# ---------------------------------------------------------------- loading

def _reader_class():
    from gguf import GGUFReader

    class PlainViewReader(GGUFReader):
        """GGUFReader over a plain ndarray view of its memory map.

        Slicing an ``np.memmap`` runs Python code for every slice; the header
        of a 50k-token vocabulary is ~800k slices, so the plain view makes
        opening twice as fast. Parsing and data stay the package's own.
        """

        @property
        def data(self) -> np.ndarray:
            return self._plain

        @data.setter
        def data(self, value: np.ndarray) -> None:
            self._plain = value.view(np.ndarray)  # still backed by (and keeping alive) the map

    return PlainViewReader


def open_reader(path: Path):
    """The gguf package's reader, with its errors turned into one clear message."""
    if path.stat().st_size == 0:
        raise CheckpointError(path, "the file is empty")
    with path.open("rb") as f:
        head = f.read(4)
    if head != MAGIC:
        raise CheckpointError(path, f"not a GGUF file (wrong magic {head!r}, expected b'GGUF')")
    try:
        return _reader_class()(path)
    except _READ_ERRORS as exc:
        raise CheckpointError(path, f"truncated or damaged GGUF file ({exc})") from None


def read_metadata(reader) -> dict[str, Any]:
    """Scalars and short arrays of the GGUF header; long arrays (the vocabulary) as their length."""
    meta: dict[str, Any] = {}
    for key, field in reader.fields.items():
        if key.startswith("GGUF."):
            continue
        if len(field.data) > 64 and len(field.types) > 1:
            meta[key] = len(field.data)
        else:
            meta[key] = field.contents()
    return meta


def dequantized(reader, path: Path, arch: str, cfg_dict: dict[str, Any]) -> dict[str, torch.Tensor]:
    """Every tensor the model uses, dequantized by the gguf package, under its HF name.

    Tensors are dequantized on a few threads: the package's numpy kernels
    release the GIL for most of their work, which shortens loading on multi-core machines.
    """
    from concurrent.futures import ThreadPoolExecutor

    from gguf import dequantize

    permute = {"attn_q": cfg_dict.get("num_attention_heads"), "attn_k": cfg_dict.get("num_key_value_heads")}

    def one(t) -> torch.Tensor:
        try:
            arr = dequantize(t.data, t.tensor_type)
        except NotImplementedError:
            raise CheckpointError(path, f"tensor {t.name!r} uses {t.tensor_type.name}, a quantization the "
                                        "gguf package cannot dequantize") from None
        except _READ_ERRORS as exc:
            raise CheckpointError(path, f"tensor {t.name!r} is truncated or damaged ({exc})") from None
        if arr.dtype != np.float32 or np.may_share_memory(arr, reader.data):
            arr = arr.astype(np.float32)  # own memory, never the file's mapping
        tensor = torch.from_numpy(arr.reshape(tuple(int(d) for d in reversed(t.shape.tolist()))))
        part = t.name.split(".")[2] if t.name.startswith("blk.") else ""
        if arch == "llama" and part in permute:
            tensor = unpermute_rows(tensor, int(permute[part]))
        if arch == "gpt2" and tensor.ndim == 2 and part in ("attn_qkv", "attn_output", "ffn_up", "ffn_down"):
            tensor = tensor.t()  # back to GPT-2's Conv1D layout, which the HF mapping expects
        return tensor

    wanted = [(hf_name(arch, t.name), t) for t in reader.tensors]
    wanted = [(name, t) for name, t in wanted if name is not None]
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        tensors = list(pool.map(one, [t for _, t in wanted]))
    return {name: tensor for (name, _), tensor in zip(wanted, tensors)}


def load_gguf(path: str | Path, device: str | torch.device = "cpu") -> LoadedModel:
    """Open a GGUF file as our Transformer with the tokenizer its metadata describes."""
    path = Path(path)
    reader = open_reader(path)
    meta = read_metadata(reader)
    shapes = {t.name: tuple(int(d) for d in reversed(t.shape.tolist())) for t in reader.tensors}
    if "token_embd.weight" not in shapes:
        raise CheckpointError(path, "missing tensor 'token_embd.weight'")
    arch = meta.get("general.architecture")
    cfg_dict = hf_config(meta, shapes, path)
    cfg = config_from_json(cfg_dict, path.stem, path)
    tokenizer, note = tokenizer_from_gguf(reader, meta, path)
    state = map_state(cfg, dequantized(reader, path, arch, cfg_dict), path)
    model = build_model(cfg, state, path, copy=False).to(device)
    from gguf import GGMLQuantizationType

    kinds = sorted({GGMLQuantizationType(t.tensor_type).name for t in reader.tensors})
    metadata = {"architecture": arch, "tensor_types": kinds, "tokenizer": note}
    for key in ("general.name", "general.basename", "general.size_label", "general.license"):
        if isinstance(meta.get(key), str):
            metadata[key.split(".", 1)[1]] = meta[key]
    return LoadedModel(model=model, tokenizer=tokenizer, path=path, format=FORMAT, metadata=metadata)
