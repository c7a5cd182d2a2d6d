"""GGUF files (llama.cpp): metadata, quantized tensors and the tokenizer in one file.

The header (metadata and the table of tensors) is parsed here, with every
count, size and offset checked against ``limits.py`` and the file's length
before anything is built: the gguf package's reader makes a numpy view per
array element, so a 15 MB file with one long metadata array costs it
gigabytes. Only the tokenizer's arrays are ever decoded (lazily, once their
length is checked against the model's vocabulary); other arrays are kept as
their length. Dequantizing goes through the ``gguf`` package's dequantizers,
so every quantization type it knows opens here. Tensors are renamed to
Hugging Face names and go through the same mapping as HF folders. llama.cpp's
converter reorders the rows of the LLaMA query and key matrices so that RoPE
rotates neighbouring pairs; that permutation is undone here, because our RoPE
(like Hugging Face's) pairs dimension i with i + d/2. The tokenizer is rebuilt
from the metadata as an HF ``tokenizers`` object: byte-level BPE
(``tokenizer.ggml.model == "gpt2"``: tokens and merges, with the pre-tokenizer
regex llama.cpp uses for ``tokenizer.ggml.pre``) or SentencePiece-style BPE
(``"llama"``: pieces and scores, byte fallback).
"""

from __future__ import annotations

import mmap
import os
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from explainer.core.checkpoints import limits, memory
from explainer.core.checkpoints.base import CheckpointError, LoadedModel, describe, file_errors, short
from explainer.core.checkpoints.huggingface import build_model, config_from_json, map_state

FORMAT = "gguf"
MAGIC = b"GGUF"
ARCHITECTURES = {"llama": "LlamaForCausalLM", "qwen2": "Qwen2ForCausalLM", "qwen3": "Qwen3ForCausalLM",
                 "gemma": "GemmaForCausalLM", "gemma2": "Gemma2ForCausalLM", "gemma3": "Gemma3ForCausalLM",
                 "gpt2": "GPT2LMHeadModel"}
GEMMAS = ("gemma", "gemma2", "gemma3")
# llama.cpp leaves every sliding-window pattern but the last one out of the file: Gemma 2 alternates
# (every 2nd layer attends fully), Gemma 3 attends fully in every 6th layer; local RoPE base 10,000
SLIDING_PATTERN = {"gemma2": 2, "gemma3": 6}
_READ_ERRORS = (ValueError, IndexError, KeyError, OSError, TypeError, OverflowError,
                UnicodeDecodeError, struct.error, MemoryError, AttributeError)

# ---------------------------------------------------------------- the header, parsed and checked

# GGUF value types: the scalars as (struct code, numpy code); 8 is a string, 9 an array
_SCALARS = {0: ("B", "u1"), 1: ("b", "i1"), 2: ("H", "u2"), 3: ("h", "i2"), 4: ("I", "u4"), 5: ("i", "i4"),
            6: ("f", "f4"), 7: ("?", "?"), 10: ("Q", "u8"), 11: ("q", "i8"), 12: ("d", "f8")}
STRING, ARRAY = 8, 9
MAX_DIMS = 4  # GGML_MAX_DIMS
SHORT_ARRAY = 64  # arrays up to this long are kept in the metadata as lists; longer ones as their length
TOKENIZER_ARRAYS = ("tokenizer.ggml.tokens", "tokenizer.ggml.merges", "tokenizer.ggml.scores",
                    "tokenizer.ggml.token_type")


@dataclass(frozen=True)
class TensorInfo:
    """One entry of the header's tensor table, checked against the file: its bytes lie inside it."""

    name: str
    dims: tuple[int, ...]  # GGUF order: the fastest-varying dimension first
    qtype: int
    offset: int  # of its first byte, from the start of the file
    n_elements: int
    n_bytes: int

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(reversed(self.dims))  # PyTorch order


@dataclass
class Header:
    """A GGUF header: scalar metadata, where the long arrays are, and the tensor table."""

    path: Path
    buf: Any  # the file's bytes (a memory map)
    endian: str
    meta: dict[str, Any] = field(default_factory=dict)
    arrays: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # key → (type, count, offset)
    tensors: list[TensorInfo] = field(default_factory=list)

    @property
    def shapes(self) -> dict[str, tuple[int, ...]]:
        return {t.name: t.shape for t in self.tensors}

    def array_length(self, key: str) -> int:
        return self.arrays[key][1] if key in self.arrays else 0

    def array(self, key: str, errors: str = "strict") -> list | None:
        """The elements of a metadata array (strings or numbers), decoded now; None when it is absent.

        ``errors`` is how text that is not UTF-8 is decoded (strict: UnicodeDecodeError).
        """
        if key not in self.arrays:
            value = self.meta.get(key)
            return value if isinstance(value, list) else None
        sub, count, pos = self.arrays[key]
        if sub == STRING:
            out, unpack, buf = [], struct.Struct(self.endian + "Q").unpack_from, self.buf
            for _ in range(count):
                (n,) = unpack(buf, pos)
                out.append(str(buf[pos + 8:pos + 8 + n], "utf-8", errors))
                pos += 8 + n
            return out
        dtype = np.dtype(_SCALARS[sub][1]).newbyteorder(self.endian)
        return np.frombuffer(self.buf, dtype=dtype, count=count, offset=pos).tolist()


class _Parser:
    """Reads the header with struct, bounds-checking every length against the file before using it."""

    def __init__(self, buf: Any, size: int, endian: str, path: Path) -> None:
        self.buf, self.size, self.e, self.path, self.pos = buf, size, endian, path, 0

    def fail(self, problem: str) -> CheckpointError:
        return CheckpointError(self.path, problem)

    def need(self, n: int, what: str) -> None:
        if n < 0 or self.pos + n > self.size:
            raise self.fail(f"truncated or damaged GGUF header ({what} runs past the end of the file)")

    def unpack(self, code: str, what: str) -> Any:
        fmt = struct.Struct(self.e + code)
        self.need(fmt.size, what)
        value = fmt.unpack_from(self.buf, self.pos)
        self.pos += fmt.size
        return value[0] if len(value) == 1 else value

    def string(self, what: str, errors: str = "replace") -> str:
        n = self.unpack("Q", what)
        self.need(n, what)
        text = str(self.buf[self.pos:self.pos + n], "utf-8", errors)
        self.pos += n
        return text

    def skip_strings(self, count: int, what: str) -> None:
        self.need(8 * count, what)  # every string has at least its 8-byte length
        unpack, buf, pos = struct.Struct(self.e + "Q").unpack_from, self.buf, self.pos
        try:
            for _ in range(count):  # lengths only: no object per element
                pos += 8 + unpack(buf, pos)[0]
        except struct.error:  # a length field past the end of the file
            pos = self.size + 1
        if pos > self.size:
            raise self.fail(f"truncated or damaged GGUF header ({what} runs past the end of the file)")
        self.pos = pos

    def value(self, key: str, vtype: int, header: Header) -> Any:
        name = repr(short(key, 80))
        if vtype in _SCALARS:
            return self.unpack(_SCALARS[vtype][0], f"the value of {name}")
        if vtype == STRING:
            return self.string(f"the value of {name}")
        if vtype != ARRAY:
            raise self.fail(f"damaged GGUF header: {name} has the unknown value type {vtype}")
        sub, count = self.unpack("IQ", f"the array {name}")
        if count > limits.MAX_GGUF_ARRAY:
            raise self.fail(f"refused: the metadata array {name} has {count:,} elements "
                            f"(at most {limits.MAX_GGUF_ARRAY:,} are allowed)")
        start = self.pos
        if sub in _SCALARS:
            self.need(count * struct.calcsize(_SCALARS[sub][0]), f"the array {name}")
            self.pos += count * struct.calcsize(_SCALARS[sub][0])
        elif sub == STRING:
            self.skip_strings(count, f"the array {name}")
        elif sub == ARRAY:
            raise self.fail(f"the metadata {name} is an array of arrays, which GGUF readers "
                            "(llama.cpp too) do not support")
        else:
            raise self.fail(f"damaged GGUF header: the array {name} has the unknown element type {sub}")
        header.arrays[key] = (sub, count, start)
        if count <= SHORT_ARRAY and key not in TOKENIZER_ARRAYS:
            return header.array(key, errors="replace")
        return count


def _parse(buf: Any, size: int, path: Path) -> Header:
    if size < 24:
        raise CheckpointError(path, "truncated GGUF file (too short for its header)")
    if bytes(buf[:4]) != MAGIC:
        raise CheckpointError(path, f"not a GGUF file (wrong magic {bytes(buf[:4])!r}, expected b'GGUF')")
    (version,) = struct.unpack_from("<I", buf, 4)
    endian = "<"
    if version & 0xFFFF == 0:  # written on a big-endian machine
        endian = ">"
        (version,) = struct.unpack_from(">I", buf, 4)
    if version not in (2, 3):
        raise CheckpointError(path, f"GGUF version {version} is not supported (versions 2 and 3 are)")
    p = _Parser(buf, size, endian, path)
    p.pos = 8
    n_tensors, n_kv = p.unpack("QQ", "the header")
    if n_kv > limits.MAX_GGUF_KEYS:
        raise CheckpointError(path, f"refused: the header declares {n_kv:,} metadata entries "
                                    f"(at most {limits.MAX_GGUF_KEYS:,} are allowed)")
    if n_tensors > limits.MAX_GGUF_TENSORS:
        raise CheckpointError(path, f"refused: the header declares {n_tensors:,} tensors "
                                    f"(at most {limits.MAX_GGUF_TENSORS:,} are allowed)")
    p.need(13 * n_kv + 32 * n_tensors, "the header")  # the smallest entries: a short key and value, a 1-D tensor
    header = Header(path, buf, endian)
    for _ in range(n_kv):
        key = p.string("a metadata key")
        vtype = p.unpack("I", "a metadata type")
        if key in header.meta:
            raise CheckpointError(path, f"damaged GGUF header: the metadata key {short(key, 80)!r} appears twice")
        header.meta[key] = p.value(key, vtype, header)
    infos, total, names = [], 0, set()
    for _ in range(n_tensors):
        name = p.string("a tensor name")
        n_dims = p.unpack("I", "a tensor's dimensions")
        if not 1 <= n_dims <= MAX_DIMS:
            raise CheckpointError(path, f"damaged GGUF header: tensor {short(name, 80)!r} has {n_dims} dimensions "
                                        f"(1 to {MAX_DIMS} are possible)")
        dims = p.unpack(f"{n_dims}Q", "a tensor's dimensions")
        dims = (dims,) if n_dims == 1 else tuple(dims)
        qtype, rel = p.unpack("IQ", "a tensor's type and offset")
        if name in names:
            raise CheckpointError(path, f"damaged GGUF header: tensor {short(name, 80)!r} appears twice")
        names.add(name)
        n_elements = 1
        for d in dims:
            n_elements *= d
        total += n_elements
        if n_elements > limits.MAX_PARAMS or total > limits.MAX_PARAMS:
            raise CheckpointError(path, f"refused: tensor {short(name, 80)!r} declares the shape "
                                        f"{tuple(reversed(dims))}; the file's tensors would hold more than "
                                        f"{limits.MAX_PARAMS:,} numbers")
        infos.append((name, dims, qtype, rel, n_elements))
    alignment = header.meta.get("general.alignment", 32)
    if type(alignment) is not int or alignment <= 0 or alignment & (alignment - 1):
        raise CheckpointError(path, f"damaged GGUF header: alignment {short(alignment, 40)} is not a power of two")
    data_start = -(-p.pos // alignment) * alignment
    from gguf import GGML_QUANT_SIZES, GGMLQuantizationType

    for name, dims, qtype, rel, n_elements in infos:
        try:
            kind = GGMLQuantizationType(qtype)
            block, type_size = GGML_QUANT_SIZES[kind]
        except (ValueError, KeyError):
            raise CheckpointError(path, f"tensor {short(name, 80)!r} has the unknown type {qtype}") from None
        if dims[0] % block:
            raise CheckpointError(path, f"damaged GGUF header: tensor {short(name, 80)!r} has rows of {dims[0]} "
                                        f"values, not whole {kind.name} blocks of {block}")
        n_bytes = n_elements // block * type_size
        offset = data_start + rel
        if offset + n_bytes > size:
            raise CheckpointError(path, f"truncated or damaged GGUF file: tensor {short(name, 80)!r} needs "
                                        f"{n_bytes:,} bytes at offset {offset:,}, but the file has {size:,}")
        header.tensors.append(TensorInfo(name, dims, qtype, offset, n_elements, n_bytes))
    return header


def _map(path: Path) -> tuple[Any, int]:
    """The file's bytes as a read-only memory map (nothing is read until used) and its length."""
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size == 0:
                raise CheckpointError(path, "the file is empty")
            if size < 24:
                raise CheckpointError(path, "truncated GGUF file (too short for its header)")
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), size
    except OSError as exc:
        raise CheckpointError(path, f"cannot be read ({exc.strerror or exc})") from None


def _close(buf: Any) -> None:
    try:
        buf.close()
    except BufferError:  # a numpy view still refers to the map (only on an error path): it closes when freed
        pass


def read_header(path: Path) -> Header:
    """The checked header of a GGUF file; its ``buf`` maps the file (close it with ``_close``)."""
    buf, size = _map(path)
    try:
        return _parse(buf, size, path)
    except CheckpointError:
        _close(buf)
        raise
    except (*_READ_ERRORS, ArithmeticError, RecursionError) as exc:
        _close(buf)
        raise CheckpointError(path, f"truncated or damaged GGUF header ({describe(exc)})") from None


def scan_metadata(path: Path) -> tuple[dict[str, Any], dict[str, tuple[int, ...]]]:
    """Scalar metadata (long arrays as their length) and tensor shapes, without reading any weight.

    A quick look for the model list: it walks the header only, so it takes
    milliseconds where opening the whole file takes seconds.
    """
    header = read_header(path)
    try:
        return header.meta, header.shapes
    finally:
        _close(header.buf)


# ---------------------------------------------------------------- config and names

def hf_config(meta: dict[str, Any], shapes: dict[str, tuple[int, ...]], path: Path,
              rope_factors: list[float] | None = None) -> dict[str, Any]:
    """A Hugging Face ``config.json`` dict equivalent to the GGUF metadata (``rope_factors``: see ``_rope_scaling``)."""
    arch = meta.get("general.architecture")
    if not isinstance(arch, str) or arch not in ARCHITECTURES:
        raise CheckpointError(path, f"GGUF architecture {short(arch, 60)!r} is not supported (this app opens "
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
    config = {"architectures": [ARCHITECTURES[arch]], "vocab_size": vocab, "hidden_size": d,
              "intermediate_size": p("feed_forward_length"), "num_hidden_layers": p("block_count"),
              "num_attention_heads": heads, "num_key_value_heads": p("attention.head_count_kv", heads),
              "head_dim": head_dim, "rms_norm_eps": p("attention.layer_norm_rms_epsilon", 1e-6),
              "rope_theta": p("rope.freq_base", 1_000_000.0 if arch == "gemma3" else 10000.0),
              "max_position_embeddings": p("context_length", 2048),
              "rope_scaling": _rope_scaling(meta, arch, shapes, rope_factors, head_dim),
              "attention_bias": arch == "llama" and "blk.0.attn_q.bias" in shapes,
              "tie_word_embeddings": tied}
    if arch in SLIDING_PATTERN and meta.get(f"{arch}.attention.sliding_window"):
        n_layer, pattern = config["num_hidden_layers"], meta.get(f"{arch}.attention.sliding_window_pattern")
        if isinstance(pattern, list) and len(pattern) == n_layer:  # newer files: a flag per layer
            sliding = [bool(x) for x in pattern]
        else:
            every = pattern if isinstance(pattern, int) and pattern > 0 else SLIDING_PATTERN[arch]
            sliding = [bool((i + 1) % every) for i in range(n_layer)]
        config["sliding_window"] = meta[f"{arch}.attention.sliding_window"]
        config["layer_types"] = ["sliding_attention" if x else "full_attention" for x in sliding]
        config["query_pre_attn_scalar"] = head_dim
        config["rope_local_base_freq"] = meta.get(f"{arch}.rope.freq_base_swa", 10000.0)
    if arch == "gemma2":
        for key in ("attn_logit_softcapping", "final_logit_softcapping"):
            config[key] = meta.get(f"{arch}.{key}")
    return config


def _rope_scaling(meta: dict[str, Any], arch: str, shapes: dict[str, tuple[int, ...]],
                  factors: list[float] | None, head_dim: int) -> dict[str, Any]:
    """RoPE scaling as a config.json says it, from the metadata or llama.cpp's ``rope_freqs`` table.

    A Llama 3 file keeps its scaling as that table (a divisor per frequency)
    instead of the four numbers; ``factors`` are its values. Without them
    (the model list only counts parameters) the table is taken as all ones.
    """
    if "rope_freqs.weight" in shapes:
        return {"rope_type": "factors", "factors": factors if factors is not None else [1.0] * (head_dim // 2)}
    kind = meta.get(f"{arch}.rope.scaling.type", "none")
    factor = meta.get(f"{arch}.rope.scaling.factor")
    if kind in ("none", None) or (kind == "linear" and factor in (None, 1.0)):
        return {"rope_type": "default"}
    scaling = {"rope_type": kind, "factor": factor}
    if kind == "yarn":
        scaling["original_max_position_embeddings"] = meta.get(f"{arch}.rope.scaling.original_context_length")
        scaling["attention_factor"] = meta.get(f"{arch}.rope.scaling.attn_factor")
    return scaling


def rope_factors(header: Header, path: Path) -> list[float] | None:
    """The ``rope_freqs`` table of a Llama 3 file (one divisor per frequency), or None without one."""
    for t in header.tensors:
        if t.name == "rope_freqs.weight":
            try:
                values = np.asarray(tensor_data(header, t), dtype=np.float64).reshape(-1)
            except (*_READ_ERRORS, ArithmeticError, NotImplementedError) as exc:
                raise CheckpointError(path, f"tensor 'rope_freqs.weight' is truncated or damaged "
                                            f"({describe(exc)})") from None
            return [float(x) for x in values]
    return None


_LLAMA_NAMES = {"attn_norm": "input_layernorm", "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj",
                "attn_v": "self_attn.v_proj", "attn_output": "self_attn.o_proj",
                "ffn_norm": "post_attention_layernorm", "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj",
                "ffn_down": "mlp.down_proj"}
_QK_NAMES = {"attn_q_norm": "self_attn.q_norm", "attn_k_norm": "self_attn.k_norm"}
# Gemma 2/3: llama.cpp's ffn_norm is the norm before the MLP; the attention and MLP outputs have their own
_GEMMA_NAMES = {**_LLAMA_NAMES, **_QK_NAMES, "ffn_norm": "pre_feedforward_layernorm",
                "post_attention_norm": "post_attention_layernorm", "post_ffw_norm": "post_feedforward_layernorm"}
_NAMES = {"gemma2": _GEMMA_NAMES, "gemma3": _GEMMA_NAMES, "qwen3": {**_LLAMA_NAMES, **_QK_NAMES}}
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
        mapped = (_GPT2_NAMES if gpt2 else _NAMES.get(arch, _LLAMA_NAMES)).get(part)
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


def _tokenizer_array(header: Header, key: str, kind: str, n_tokens: int | None) -> list | None:
    """A tokenizer array of the metadata, its element type and length checked before it is decoded."""
    if key not in header.arrays:
        if key in header.meta:
            raise CheckpointError(header.path, f"the GGUF metadata {key} is not an array")
        return None
    sub, count, _ = header.arrays[key]
    ok = sub == STRING if kind == "text" else sub in _SCALARS and (kind == "number" or _SCALARS[sub][1][0] in "iu")
    if not ok:
        raise CheckpointError(header.path, f"the GGUF metadata {key} does not hold {kind}s")
    if n_tokens is not None and count < n_tokens:
        raise CheckpointError(header.path, f"the GGUF metadata {key} has {count:,} entries for {n_tokens:,} tokens")
    try:
        return header.array(key)
    except UnicodeDecodeError:
        raise CheckpointError(header.path, f"the GGUF metadata {key} holds text that is not UTF-8") from None


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


def tokenizer_from_gguf(header: Header, path: Path, vocab_size: int | None = None):
    """The tokenizer the GGUF metadata describes, as our HuggingFaceTokenizer, and a note on its kind.

    ``vocab_size`` is the number of rows of the embedding: a vocabulary with
    more tokens than that is refused before a single token is decoded.
    """
    from tokenizers import AddedToken, processors

    from explainer.core.tokenizers import HuggingFaceTokenizer

    meta, vocab_size = header.meta, limits.MAX_VOCAB if vocab_size is None else vocab_size
    kind = meta.get("tokenizer.ggml.model")
    if kind not in ("gpt2", "llama"):
        raise CheckpointError(path, f"tokenizer type {short(kind, 60)} is not supported (gpt2 and llama are)")
    n_tokens = header.array_length("tokenizer.ggml.tokens")
    if n_tokens > vocab_size:
        raise CheckpointError(path, f"the vocabulary has {n_tokens:,} tokens, but the model's embedding only "
                                    f"{vocab_size:,} rows")
    tokens = _tokenizer_array(header, "tokenizer.ggml.tokens", "text", None)
    if not tokens:
        raise CheckpointError(path, "no vocabulary (tokenizer.ggml.tokens) in the GGUF metadata")
    types = _tokenizer_array(header, "tokenizer.ggml.token_type", "integer", len(tokens)) or [NORMAL] * len(tokens)
    try:
        if kind == "gpt2":
            pre = short(str(meta.get("tokenizer.ggml.pre", "default")), 60)
            merges = _tokenizer_array(header, "tokenizer.ggml.merges", "text", None) or []
            tok = _bpe_from_merges(tokens, merges, pre)
            note = f"byte-level BPE ({pre}{'' if pre in PRE_SPLITS else ', read as gpt-2'})"
        else:
            scores = _tokenizer_array(header, "tokenizer.ggml.scores", "number", len(tokens)) or [0.0] * len(tokens)
            tok = _bpe_from_scores(tokens, scores, types, bool(meta.get("tokenizer.ggml.add_space_prefix", True)))
            note = "SentencePiece BPE"
        tok.add_special_tokens([AddedToken(tokens[i], special=True, normalized=False)
                                for i, t in enumerate(types) if t == CONTROL])
        tok.add_tokens([AddedToken(tokens[i], special=False, normalized=False)
                        for i, t in enumerate(types) if t == USER_DEFINED])
        bos = meta.get("tokenizer.ggml.bos_token_id")
        if meta.get("tokenizer.ggml.add_bos_token", kind == "llama") and type(bos) is int and 0 <= bos < len(tokens):
            tok.post_processor = processors.TemplateProcessing(
                single=f"{tokens[bos]} $A", pair=f"{tokens[bos]} $A $B", special_tokens=[(tokens[bos], bos)])
        elif kind == "gpt2":
            tok.post_processor = processors.ByteLevel(trim_offsets=False)
    except CheckpointError:
        raise
    except Exception as exc:  # the tokenizers library raises plain Exception
        raise CheckpointError(path, f"the vocabulary in the GGUF metadata is unusable ({describe(exc)})") from None
    return HuggingFaceTokenizer(tok), note


# ---------------------------------------------------------------- loading

_PLAIN_TYPES = {0: "f4", 1: "f2", 24: "i1", 25: "i2", 26: "i4", 27: "i8", 28: "f8"}  # F32 F16 I8 I16 I32 I64 F64


def tensor_data(header: Header, t: TensorInfo) -> np.ndarray:
    """A tensor's values as float32 in their own memory (never the file's mapping), in PyTorch's shape."""
    from gguf import GGMLQuantizationType, dequantize
    from gguf.quants import quant_shape_to_byte_shape

    shape = t.shape
    if t.qtype in _PLAIN_TYPES:
        dtype = np.dtype(_PLAIN_TYPES[t.qtype]).newbyteorder(header.endian)
        raw = np.frombuffer(header.buf, dtype=dtype, count=t.n_elements, offset=t.offset)
        return raw.astype(np.float32).reshape(shape)  # astype copies: the map can be closed afterwards
    kind = GGMLQuantizationType(t.qtype)
    raw = np.frombuffer(header.buf, dtype=np.uint8, count=t.n_bytes, offset=t.offset)
    arr = dequantize(raw.reshape(quant_shape_to_byte_shape(shape, kind)), kind)
    if arr.dtype != np.float32 or np.may_share_memory(arr, raw):
        arr = arr.astype(np.float32)
    return arr.reshape(shape)


def dequantized(header: Header, path: Path, arch: str, cfg_dict: dict[str, Any]) -> dict[str, torch.Tensor]:
    """Every tensor the model uses, dequantized by the gguf package, under its HF name.

    Tensors are dequantized on a few threads: the package's numpy kernels
    release the GIL for most of their work, which shortens loading on multi-core machines.
    """
    from concurrent.futures import ThreadPoolExecutor

    from gguf import GGMLQuantizationType

    permute = {"attn_q": cfg_dict.get("num_attention_heads"), "attn_k": cfg_dict.get("num_key_value_heads")}

    def one(t: TensorInfo) -> torch.Tensor:
        try:
            arr = tensor_data(header, t)
        except NotImplementedError:
            raise CheckpointError(path, f"tensor {short(t.name, 80)!r} uses {GGMLQuantizationType(t.qtype).name}, "
                                        "a quantization the gguf package cannot dequantize") from None
        except (*_READ_ERRORS, ArithmeticError) as exc:
            raise CheckpointError(path, f"tensor {short(t.name, 80)!r} is truncated or damaged "
                                        f"({describe(exc)})") from None
        tensor = torch.from_numpy(arr)
        part = t.name.split(".")[2] if t.name.startswith("blk.") and t.name.count(".") >= 2 else ""
        if arch == "llama" and part in permute:
            tensor = unpermute_rows(tensor, int(permute[part]))
        if arch == "gpt2" and tensor.ndim == 2 and part in ("attn_qkv", "attn_output", "ffn_up", "ffn_down"):
            tensor = tensor.t()  # back to GPT-2's Conv1D layout, which the HF mapping expects
        if arch in GEMMAS and t.name.endswith("norm.weight"):
            tensor = tensor.float() - 1.0  # llama.cpp stores Gemma's 1 + w; the HF mapping adds the 1 itself
        return tensor

    wanted = [(hf_name(arch, t.name), t) for t in header.tensors]
    wanted = [(name, t) for name, t in wanted if name is not None]
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        tensors = list(pool.map(one, [t for _, t in wanted]))
    return {name: tensor for (name, _), tensor in zip(wanted, tensors)}


def load_gguf(path: str | Path, device: str | torch.device = "cpu") -> LoadedModel:
    """Open a GGUF file as our Transformer with the tokenizer its metadata describes."""
    path = Path(path)
    header = read_header(path)
    try:
        with file_errors(path, "GGUF file"):
            return _load(header, path, device)
    finally:
        _close(header.buf)


def _load(header: Header, path: Path, device: str | torch.device) -> LoadedModel:
    meta, shapes = header.meta, header.shapes
    if "token_embd.weight" not in shapes:
        raise CheckpointError(path, "missing tensor 'token_embd.weight'")
    arch = meta.get("general.architecture")
    cfg_dict = hf_config(meta, shapes, path, rope_factors(header, path))
    cfg = config_from_json(cfg_dict, path.stem, path)
    memory.check_fits(cfg, path, device)  # a 4-bit file grows about eight times in float32
    tokenizer, note = tokenizer_from_gguf(header, path, cfg.vocab_size)
    state = map_state(cfg, dequantized(header, path, arch, cfg_dict), path)
    model = build_model(cfg, state, path, copy=False).to(device)
    from gguf import GGMLQuantizationType

    kinds = sorted({GGMLQuantizationType(t.qtype).name for t in header.tensors})
    metadata = {"architecture": arch, "tensor_types": kinds, "tokenizer": note}
    for key in ("general.name", "general.basename", "general.size_label", "general.license"):
        if isinstance(meta.get(key), str):
            metadata[key.split(".", 1)[1]] = short(meta[key], 200)
    return LoadedModel(model=model, tokenizer=tokenizer, path=path, format=FORMAT, metadata=metadata)
