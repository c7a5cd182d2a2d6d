"""Hugging Face model folders: ``config.json``, weights and a tokenizer.

Weights come from ``model.safetensors`` (memory-mapped; also sharded with a
``model.safetensors.index.json``) or ``pytorch_model.bin`` (read with
``torch.load(weights_only=True)``, so no code in it ever runs). The tokenizer
comes from ``tokenizer.json``, or ``vocab.json`` + ``merges.txt`` (byte-level
BPE), or ``vocab.txt`` (WordPiece). Tensors keep their dtype on disk and are
converted one by one to float32 for computing on the CPU.

Every file is measured before it is trusted (``limits.py``): JSON by size and
nesting, a shard index by what it names (files inside the folder only), a
PyTorch file by the records of its zip and the size of its pickle.
"""

from __future__ import annotations

import io
import pickle
import pickletools
import re
import struct
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Iterable

import torch
from safetensors import SafetensorError, safe_open
from tokenizers import AddedToken, Tokenizer as HFTokenizer, decoders, models, pre_tokenizers, processors

from explainer.core import jsonfile
from explainer.core.checkpoints import limits, memory
from explainer.core.checkpoints.base import CheckpointError, LoadedModel, describe, file_errors, short
from explainer.core.checkpoints.hf_mapping import UnsupportedArchitecture, config_from_hf, state_from_hf
from explainer.core.checkpoints.native import read_safetensors_header
from explainer.core.checkpoints.locations import hub_repo_id
from explainer.core.config import ConfigError, ModelConfig
from explainer.core.tokenizers import HuggingFaceTokenizer, Tokenizer
from explainer.core.transformer import Transformer

FORMAT = "huggingface"
SAFETENSORS, SAFETENSORS_INDEX = "model.safetensors", "model.safetensors.index.json"
BIN, BIN_INDEX = "pytorch_model.bin", "pytorch_model.bin.index.json"
WEIGHT_NAMES = (SAFETENSORS, SAFETENSORS_INDEX, BIN, BIN_INDEX)
# buffers some libraries save beside the weights; never parameters
IGNORED_SUFFIXES = (".attn.bias", ".attn.masked_bias", ".rotary_emb.inv_freq", "position_ids")

Tensors = dict[str, torch.Tensor]


def is_hf_folder(path: Path) -> bool:
    return path.is_dir() and (path / "config.json").is_file()


# ---------------------------------------------------------------- JSON

def read_json(path: Path) -> Any:
    """A JSON file bounded in size and depth (``explainer.core.jsonfile``), as CheckpointError otherwise."""
    try:
        return jsonfile.read(path)
    except jsonfile.JSONFileError as exc:
        raise CheckpointError(exc.path, exc.problem) from None


# ---------------------------------------------------------------- weights

def _read_safetensors(path: Path) -> Tensors:
    read_safetensors_header(path)  # size, dtypes, shapes and offsets checked before anything is mapped
    try:
        with safe_open(str(path), framework="pt") as f:  # memory-mapped, nothing read yet
            return {name: f.get_tensor(name) for name in f.keys()}
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise CheckpointError(path, f"unreadable safetensors file, truncated or damaged ({describe(exc)})") from None


def _zip_entry_count(f, size: int) -> int | None:
    """Records in a zip archive, from its end record alone (None when there is none: truncated)."""
    tail_len = min(size, 22 + 65535)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    (entries,) = struct.unpack_from("<H", tail, at + 10)
    if entries == 0xFFFF and at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07":  # zip64
        (offset,) = struct.unpack_from("<Q", tail, at - 12)
        f.seek(offset)
        record = f.read(56)
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            (entries,) = struct.unpack_from("<Q", record, 32)
    return entries


def check_torch_zip(path: Path) -> None:
    """The sizes in a PyTorch zip, checked before torch reads anything.

    torch.load unpickles ``data.pkl`` with a Python unpickler (about a
    microsecond an opcode, an object each) and unpacks compressed records
    whole, so the record count, the pickle's size and compression ratios are
    bounded first, and the number of objects in each pickle is counted
    (``limits.MAX_TORCH_PICKLE_OPS``). Files from before PyTorch 1.6 (bare
    pickles) have their pickles counted the same way.
    """
    try:
        _check_torch_zip(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error) as exc:
        raise CheckpointError(path, f"unreadable PyTorch file, truncated or damaged ({describe(exc)})") from None


def _count_ops(stream, path: Path, budget: int) -> int:
    """Opcodes of one pickle in ``stream`` (up to its STOP), refused past ``budget``; returns what is left."""
    for _op in pickletools.genops(stream):
        budget -= 1
        if budget < 0:
            raise CheckpointError(path, f"refused: its pickle holds more than {limits.MAX_TORCH_PICKLE_OPS:,} "
                                        "objects; a checkpoint's names and shapes need far fewer")
    return budget


def _check_legacy_pickle(f, path: Path) -> None:
    """A file from before PyTorch 1.6: its first four pickles (magic number, protocol, system
    information, the object) are counted before torch unpickles them one object at a time."""
    f.seek(0)
    budget = limits.MAX_TORCH_PICKLE_OPS
    for _ in range(4):
        if not f.read(1):
            return  # shorter than a legacy file: torch says what is wrong with it
        f.seek(-1, 1)
        budget = _count_ops(f, path, budget)


def _check_torch_zip(path: Path) -> None:
    size = path.stat().st_size
    with path.open("rb") as f:
        if f.read(4) != b"PK\x03\x04":
            _check_legacy_pickle(f, path)
            return
        entries = _zip_entry_count(f, size)
        if entries is None:
            raise CheckpointError(path, "unreadable PyTorch file, truncated or damaged (its zip directory "
                                        "is missing)")
        if entries > limits.MAX_ZIP_ENTRIES:
            raise CheckpointError(path, f"refused: the archive holds {entries:,} records (at most "
                                        f"{limits.MAX_ZIP_ENTRIES:,} are allowed)")
        f.seek(0)
        with zipfile.ZipFile(f) as archive:
            for info in archive.infolist():
                name = repr(short(info.filename, 80))
                if info.filename.endswith(".pkl") and info.file_size > limits.MAX_TORCH_PICKLE_BYTES:
                    raise CheckpointError(path, f"refused: its pickle {name} is "
                                                f"{info.file_size:,} bytes; a checkpoint needs far less "
                                                f"(at most {limits.MAX_TORCH_PICKLE_BYTES:,} are allowed)")
                if info.compress_type != zipfile.ZIP_STORED and \
                        info.file_size > limits.MAX_ZIP_RATIO * max(info.compress_size, 4096):
                    raise CheckpointError(path, f"refused: record {name} would unpack from "
                                                f"{info.compress_size:,} to {info.file_size:,} bytes")
                if info.header_offset + info.compress_size > size:
                    raise CheckpointError(path, f"unreadable PyTorch file, truncated or damaged (record "
                                                f"{name} runs past the end of the file)")
            for info in archive.infolist():
                if info.filename.endswith(".pkl"):  # each object costs torch about a microsecond
                    _count_ops(io.BytesIO(archive.read(info)), path, limits.MAX_TORCH_PICKLE_OPS)


_CODE_SIGNS = ("GLOBAL", "reduce for unrecognized function", "Can only create new object", "Can only build",
               "must be imported", "persistent id")


def _refusal(message: str) -> str:
    """One plain line for PyTorch's weights-only refusal (which advises to load the file unsafely)."""
    found = re.search(r"WeightsUnpickler error:\s*(.*)", message, re.S)
    inner = (found.group(1) if found else message).split("Check the documentation")[0]
    lines = [ln.strip() for ln in inner.splitlines()
             if ln.strip() and "weights_only" not in ln and "Weights only load failed" not in ln]
    detail = lines[0] if lines else ""
    name = re.search(r"GLOBAL (\S+?)\.?(?:\s|$)", detail)
    if name:
        return f"refused: the file contains program code (it asks for {short(name.group(1), 80)}), so it is not opened"
    if any(sign in detail for sign in _CODE_SIGNS):
        return (f"refused: the file contains program code or objects other than weights ({short(detail, 120)}), "
                "so it is not opened")
    return f"refused: the file holds data other than plain weights ({short(detail, 120)}), so it is not opened"


def torch_load_safely(path: Path) -> Any:
    """``torch.load`` that admits only tensors and plain data; anything else is refused."""
    if path.stat().st_size == 0:
        raise CheckpointError(path, "the file is empty")
    check_torch_zip(path)
    try:
        try:
            return torch.load(str(path), map_location="cpu", weights_only=True, mmap=True)
        except RuntimeError as exc:
            if "mmap" not in str(exc):  # legacy (non-zip) files cannot be memory-mapped
                raise
            return torch.load(str(path), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        raise CheckpointError(path, _refusal(str(exc))) from None
    except (RecursionError, MemoryError) as exc:
        raise CheckpointError(path, f"cannot be opened: {describe(exc)}") from None
    except Exception as exc:  # torch and its zip reader raise many kinds, all meaning a broken file
        raise CheckpointError(path, f"unreadable PyTorch file, truncated or damaged ({describe(exc)})") from None


def _read_bin(path: Path) -> Tensors:
    data = torch_load_safely(path)
    if isinstance(data, dict) and isinstance(data.get("state_dict"), dict):
        data = data["state_dict"]
    if not isinstance(data, dict) or not all(isinstance(v, torch.Tensor) for v in data.values()):
        raise CheckpointError(path, "does not hold a dictionary of weight tensors")
    return data


def _in_hf_cache(root: Path, real: Path) -> bool:
    """A shard that links into the Hugging Face cache's blob store (snapshots/<rev>/x → ../../blobs/<hash>)."""
    return root.parent.name == "snapshots" and real.parent == root.parent.parent / "blobs"


def _shard(folder: Path, root: Path, index_path: Path, name: Any, suffix: str) -> Path:
    """The shard file ``name`` of an index, refused unless it is a file of that kind inside the folder."""
    if not isinstance(name, str) or not name:
        raise CheckpointError(index_path, f"the shard index names something that is not a file name "
                                          f"({short(name, 80)})")
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or "\\" in name or "\x00" in name \
            or ".." in posix.parts:
        raise CheckpointError(index_path, f"refused: the shard index names {short(name, 80)!r}, a file "
                                          "outside the model folder")
    if posix.suffix != suffix:
        raise CheckpointError(index_path, f"the shard index names {short(name, 80)!r}, which is not a "
                                          f"{suffix} file")
    path = folder / name
    real = path.resolve()
    if not (real == root or root in real.parents) and not _in_hf_cache(root, real):
        raise CheckpointError(index_path, f"refused: shard {short(name, 80)!r} is a link to a file outside "
                                          "the model folder")
    if not path.is_file():
        raise CheckpointError(path, "shard listed in the index is missing")
    return path


def weight_files(folder: Path) -> list[Path]:
    """The weight files of a folder, shards included, in the order to read them."""
    for index_name, single in ((SAFETENSORS_INDEX, SAFETENSORS), (BIN_INDEX, BIN)):
        if (folder / single).is_file():
            return [folder / single]
        index_path = folder / index_name
        if index_path.is_file():
            index = read_json(index_path)
            weight_map = index.get("weight_map") if isinstance(index, dict) else None
            if not isinstance(weight_map, dict) or not weight_map:
                raise CheckpointError(index_path, "no 'weight_map' in the shard index")
            names: set[Any] = set()
            for name in weight_map.values():
                if not isinstance(name, str):
                    raise CheckpointError(index_path, f"the shard index names something that is not a file "
                                                      f"name ({short(name, 80)})")
                names.add(name)
                if len(names) > limits.MAX_SHARDS:
                    raise CheckpointError(index_path, "refused: the shard index names more than "
                                                      f"{limits.MAX_SHARDS:,} files")
            root = folder.resolve()
            suffix = PurePosixPath(single).suffix
            return [_shard(folder, root, index_path, name, suffix) for name in sorted(names)]
    raise CheckpointError(folder, "no weights (model.safetensors or pytorch_model.bin) in the folder")


def read_tensors(folder: Path) -> Tensors:
    tensors: Tensors = {}
    for f in weight_files(folder):
        tensors.update(_read_safetensors(f) if f.suffix == ".safetensors" else _read_bin(f))
    return {k: v for k, v in tensors.items() if not k.endswith(IGNORED_SUFFIXES)}


# ---------------------------------------------------------------- model

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
    model.restore_buffers()  # the fixed position tables, which the meta device left empty
    return model.eval()


def config_from_json(config: dict[str, Any], name: str, where: Path) -> ModelConfig:
    """Our ModelConfig for an HF config dict; ``where`` names the file in any error."""
    if not isinstance(config, dict):
        raise CheckpointError(where, "the configuration is not a JSON object")
    try:
        return config_from_hf(config, name=name)
    except UnsupportedArchitecture as exc:
        raise CheckpointError(where, f"{exc}; this app opens GPT-2, LLaMA, Mistral, Qwen2, Qwen3, "
                                     "Gemma 1-3, GPT-NeoX, BERT and RoBERTa models") from None
    except KeyError as exc:
        raise CheckpointError(where, f"the configuration lacks the field {short(exc.args[0], 80)!r}") from None
    except (ConfigError, TypeError, ValueError, AttributeError, IndexError, ArithmeticError) as exc:
        raise CheckpointError(where, f"not a valid model configuration ({describe(exc)})") from None
    except RecursionError:
        raise CheckpointError(where, "not a valid model configuration (nested too deeply)") from None


def map_state(cfg: ModelConfig, src: Tensors, source: Path) -> Tensors:
    """Our parameter names from the file's, as one clear error when a tensor is missing or misshapen."""
    try:
        return state_from_hf(cfg, src)
    except KeyError as exc:
        raise CheckpointError(source, str(exc.args[0])) from None
    except (RuntimeError, ValueError, IndexError, TypeError, AttributeError) as exc:
        raise CheckpointError(source, f"tensors do not fit the configuration ({describe(exc)})") from None


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
    for path in (tok_json, vocab_json, merges, vocab_txt):  # the tokenizers library reads files whole
        if path.is_file() and path.stat().st_size > limits.MAX_JSON_BYTES:
            raise CheckpointError(path, f"too large for a tokenizer file (more than {limits.MAX_JSON_BYTES:,} "
                                        "bytes)")
    try:
        if tok_json.is_file():
            read_json(tok_json)  # a clear message for broken or too deep JSON before the library's own
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
        raise CheckpointError(folder, f"unreadable tokenizer files ({describe(exc)})") from None
    raise CheckpointError(folder, "no tokenizer beside the weights (expected tokenizer.json, "
                                  "vocab.json + merges.txt, or vocab.txt)")


# ---------------------------------------------------------------- folder

def read_config(folder: Path) -> tuple[dict[str, Any], ModelConfig]:
    """The folder's config.json and our ModelConfig; a download is named by its repository, not its commit."""
    config = read_json(folder / "config.json")
    name = hub_repo_id(folder) or folder.name
    return config, config_from_json(config, name, folder / "config.json")


def load_hf_folder(folder: str | Path, device: str | torch.device = "cpu") -> LoadedModel:
    """Open a Hugging Face model folder as our Transformer with its own tokenizer."""
    folder = Path(folder)
    with file_errors(folder, "model folder"):
        return _load_hf_folder(folder, device)


def _load_hf_folder(folder: Path, device: str | torch.device) -> LoadedModel:
    config, cfg = read_config(folder)
    memory.check_fits(cfg, folder, device)
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
