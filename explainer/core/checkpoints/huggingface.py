"""Hugging Face model folders: ``config.json``, weights and a tokenizer.

Weights come from ``model.safetensors`` (memory-mapped; also sharded with a
``model.safetensors.index.json``) or ``pytorch_model.bin`` (read with
``torch.load(weights_only=True)``, so no code in it ever runs). The tokenizer
comes from ``tokenizer.json``, or ``vocab.json`` + ``merges.txt`` (byte-level
BPE), or ``vocab.txt`` (WordPiece). Tensors keep their dtype on disk and are
converted one by one to float32 for computing on the CPU.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any, Iterable

import torch
from safetensors import SafetensorError, safe_open
from tokenizers import AddedToken, Tokenizer as HFTokenizer, decoders, models, pre_tokenizers, processors

from explainer.core.checkpoints.base import CheckpointError, LoadedModel
from explainer.core.checkpoints.hf_mapping import UnsupportedArchitecture, config_from_hf, state_from_hf
from explainer.core.checkpoints.native import read_json
from explainer.core.config import ConfigError, ModelConfig
from explainer.core.tokenizers import HuggingFaceTokenizer, Tokenizer
from explainer.core.transformer import Transformer, rope_angles, sinusoidal_table

FORMAT = "huggingface"
SAFETENSORS, SAFETENSORS_INDEX = "model.safetensors", "model.safetensors.index.json"
BIN, BIN_INDEX = "pytorch_model.bin", "pytorch_model.bin.index.json"
WEIGHT_NAMES = (SAFETENSORS, SAFETENSORS_INDEX, BIN, BIN_INDEX)
# buffers some libraries save beside the weights; never parameters
IGNORED_SUFFIXES = (".attn.bias", ".attn.masked_bias", ".rotary_emb.inv_freq", "position_ids")

Tensors = dict[str, torch.Tensor]


def is_hf_folder(path: Path) -> bool:
    return path.is_dir() and (path / "config.json").is_file()


# ---------------------------------------------------------------- weights

def _read_safetensors(path: Path) -> Tensors:
    if path.stat().st_size == 0:
        raise CheckpointError(path, "the file is empty")
    try:
        with safe_open(str(path), framework="pt") as f:  # memory-mapped, nothing read yet
            return {name: f.get_tensor(name) for name in f.keys()}
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise CheckpointError(path, f"unreadable safetensors file, truncated or damaged ({exc})") from None


def torch_load_safely(path: Path) -> Any:
    """``torch.load`` that admits only tensors and plain data; anything else is refused."""
    if path.stat().st_size == 0:
        raise CheckpointError(path, "the file is empty")
    errors: tuple[type[BaseException], ...] = (pickle.UnpicklingError, RuntimeError, EOFError,
                                              ValueError, OSError, AttributeError, KeyError, TypeError,
                                              IndexError, UnicodeDecodeError)
    try:
        try:
            return torch.load(str(path), map_location="cpu", weights_only=True, mmap=True)
        except RuntimeError as exc:
            if "mmap" not in str(exc):  # legacy (non-zip) files cannot be memory-mapped
                raise
            return torch.load(str(path), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        first = str(exc).split("\n")[0]
        raise CheckpointError(path, "refused: the file asks to run code or build objects that are not "
                                    f"plain weights, so it was not opened ({first})") from None
    except errors as exc:
        raise CheckpointError(path, f"unreadable PyTorch file, truncated or damaged ({exc})") from None


def _read_bin(path: Path) -> Tensors:
    data = torch_load_safely(path)
    if isinstance(data, dict) and isinstance(data.get("state_dict"), dict):
        data = data["state_dict"]
    if not isinstance(data, dict) or not all(isinstance(v, torch.Tensor) for v in data.values()):
        raise CheckpointError(path, "does not hold a dictionary of weight tensors")
    return data


def weight_files(folder: Path) -> list[Path]:
    """The weight files of a folder, shards included, in the order to read them."""
    for index_name, single in ((SAFETENSORS_INDEX, SAFETENSORS), (BIN_INDEX, BIN)):
        if (folder / single).is_file():
            return [folder / single]
        if (folder / index_name).is_file():
            index = read_json(folder / index_name)
            try:
                shards = sorted(set(index["weight_map"].values()))
            except (KeyError, TypeError, AttributeError):
                raise CheckpointError(folder / index_name, "no 'weight_map' in the shard index") from None
            files = [folder / s for s in shards]
            for f in files:
                if not f.is_file():
                    raise CheckpointError(f, "shard listed in the index is missing")
            return files
    raise CheckpointError(folder, "no weights (model.safetensors or pytorch_model.bin) in the folder")


def read_tensors(folder: Path) -> Tensors:
    tensors: Tensors = {}
    for f in weight_files(folder):
        tensors.update(_read_safetensors(f) if f.suffix == ".safetensors" else _read_bin(f))
    return {k: v for k, v in tensors.items() if not k.endswith(IGNORED_SUFFIXES)}


# ---------------------------------------------------------------- model

def _restore_buffers(model: Transformer) -> None:
    """Recompute the fixed tables a meta-device construction left empty."""
    cfg = model.cfg
    if cfg.positions == "rope":
        angles = rope_angles(cfg, cfg.max_seq_len)  # (P, rot/2)
        model.rope_cos, model.rope_sin = angles.cos(), angles.sin()
    if cfg.positions == "sinusoidal":
        model.sin_table = sinusoidal_table(cfg.max_seq_len + cfg.position_offset, cfg.d_model)


def build_model(cfg: ModelConfig, state: Tensors, source: Path, copy: bool = True) -> Transformer:
    """A Transformer whose parameters are ``state``'s tensors as float32, checked by name and shape.

    The model is first built on the meta device, so no time goes into random
    initialisation, and each tensor is adopted rather than copied twice.
    ``state`` is consumed; ``copy`` also copies float32 tensors so that none
    stays backed by a memory-mapped file that could change under us.
    """
    with torch.device("meta"):
        model = Transformer(cfg)
    own = model.state_dict()
    tied = cfg.tie_embeddings
    wanted = [k for k in own if not (tied and k == "lm_head.weight")]
    missing = [k for k in wanted if k not in state]
    if missing:
        raise CheckpointError(source, f"missing tensor {missing[0]!r} ({len(missing)} missing in all)")
    params: Tensors = {}
    for name in wanted:
        tensor = state.pop(name)
        if tuple(tensor.shape) != tuple(own[name].shape):
            raise CheckpointError(source, f"tensor {name!r} has shape {tuple(tensor.shape)}, "
                                          f"expected {tuple(own[name].shape)}")
        same = tensor.dtype == torch.float32
        params[name] = tensor.to(torch.float32, copy=copy or not same).contiguous()
    model.load_state_dict(params, strict=False, assign=True)
    if tied:
        model.lm_head.weight = model.wte.weight
    _restore_buffers(model)
    return model.eval()


def config_from_json(config: dict[str, Any], name: str, where: Path) -> ModelConfig:
    """Our ModelConfig for an HF config dict; ``where`` names the file in any error."""
    if not isinstance(config, dict):
        raise CheckpointError(where, "the configuration is not a JSON object")
    try:
        return config_from_hf(config, name=name)
    except UnsupportedArchitecture as exc:
        raise CheckpointError(where, f"{exc}; this app opens GPT-2, LLaMA, Mistral, Qwen2, GPT-NeoX, "
                                     "BERT and RoBERTa models") from None
    except KeyError as exc:
        raise CheckpointError(where, f"the configuration lacks the field {exc.args[0]!r}") from None
    except (ConfigError, TypeError, ValueError) as exc:
        raise CheckpointError(where, f"not a valid model configuration ({exc})") from None


def map_state(cfg: ModelConfig, src: Tensors, source: Path) -> Tensors:
    """Our parameter names from the file's, as one clear error when a tensor is missing or misshapen."""
    try:
        return state_from_hf(cfg, src)
    except KeyError as exc:
        raise CheckpointError(source, str(exc.args[0])) from None
    except (RuntimeError, ValueError, IndexError) as exc:
        raise CheckpointError(source, f"tensors do not fit the configuration ({exc})") from None


# ---------------------------------------------------------------- tokenizer

def byte_level_bpe(vocab_path: Path, merges_path: Path, special: Iterable[str] = ()) -> HFTokenizer:
    """GPT-2 style byte-level BPE from ``vocab.json``/``encoder.json`` and ``merges.txt``/``vocab.bpe``."""
    tok = HFTokenizer(models.BPE.from_file(str(vocab_path), str(merges_path)))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    vocab = tok.get_vocab()
    tok.add_special_tokens([AddedToken(s, special=True) for s in special if s in vocab])
    return tok


def _tokenizer_config(folder: Path) -> dict[str, Any]:
    path = folder / "tokenizer_config.json"
    data = read_json(path) if path.is_file() else {}
    return data if isinstance(data, dict) else {}


def load_tokenizer(folder: Path, config: dict[str, Any]) -> Tokenizer:
    """The folder's tokenizer, from whichever of the three layouts it has."""
    tok_json, vocab_json, merges, vocab_txt = (folder / n for n in
                                               ("tokenizer.json", "vocab.json", "merges.txt", "vocab.txt"))
    try:
        if tok_json.is_file():
            read_json(tok_json)  # a clear message for broken JSON before the library's own
            return HuggingFaceTokenizer(HFTokenizer.from_file(str(tok_json)))
        if vocab_json.is_file() and merges.is_file():
            roberta = config.get("model_type") == "roberta"
            special = ("<s>", "</s>", "<unk>", "<pad>", "<mask>", "<|endoftext|>")
            tok = byte_level_bpe(vocab_json, merges, special)
            if roberta and tok.token_to_id("<s>") is not None and tok.token_to_id("</s>") is not None:
                tok.post_processor = processors.RobertaProcessing(
                    ("</s>", tok.token_to_id("</s>")), ("<s>", tok.token_to_id("<s>")), trim_offsets=False)
            return HuggingFaceTokenizer(tok)
        if vocab_txt.is_file():
            from tokenizers.implementations import BertWordPieceTokenizer

            lower = bool(_tokenizer_config(folder).get("do_lower_case", True))
            return HuggingFaceTokenizer(BertWordPieceTokenizer(str(vocab_txt), lowercase=lower)._tokenizer)
    except CheckpointError:
        raise
    except Exception as exc:  # the tokenizers library raises plain Exception
        raise CheckpointError(folder, f"unreadable tokenizer files ({exc})") from None
    raise CheckpointError(folder, "no tokenizer beside the weights (expected tokenizer.json, "
                                  "vocab.json + merges.txt, or vocab.txt)")


# ---------------------------------------------------------------- folder

def read_config(folder: Path) -> tuple[dict[str, Any], ModelConfig]:
    config = read_json(folder / "config.json")
    return config, config_from_json(config, folder.name, folder / "config.json")


def load_hf_folder(folder: str | Path, device: str | torch.device = "cpu") -> LoadedModel:
    """Open a Hugging Face model folder as our Transformer with its own tokenizer."""
    folder = Path(folder)
    config, cfg = read_config(folder)
    tokenizer = load_tokenizer(folder, config)  # cheap, so a missing tokenizer fails before the weights
    files = weight_files(folder)
    src = read_tensors(folder)
    source = files[0] if len(files) == 1 else folder
    state = map_state(cfg, src, source)
    del src  # the mapped dict now holds the only references, so each tensor is freed once converted
    model = build_model(cfg, state, source).to(device)
    metadata = {k: config[k] for k in ("model_type", "architectures", "torch_dtype", "dtype",
                                       "transformers_version") if config.get(k) is not None}
    return LoadedModel(model=model, tokenizer=tokenizer, path=folder, format=FORMAT, metadata=metadata)
