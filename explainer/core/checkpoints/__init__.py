"""Checkpoint formats, each converted into our one Transformer.

``load_model(path)`` picks the format from what is at the path (our own model
folders, Hugging Face folders, nanoGPT ``ckpt.pt`` files and GGUF files) and
returns a LoadedModel, or raises CheckpointError naming the file and the
problem. No format ever runs code from the file it opens, and every size a
file states is checked against ``limits`` before it is trusted.
"""

from __future__ import annotations

import os
from pathlib import Path

import torch

from explainer.core import precision as precision_module
from explainer.core.checkpoints.base import CheckpointError, LoadedModel, file_errors
from explainer.core.checkpoints import gguf, huggingface, nanogpt, native
from explainer.core.checkpoints.locations import package_models, user_models_dir
from explainer.core.config import ModelConfig
from explainer.paths import models_dir

FORMATS = (native.FORMAT, huggingface.FORMAT, nanogpt.FORMAT, gguf.FORMAT)
_FOLDER_FILES = {".safetensors", ".json", ".bin", ".txt"}


def resolve(path: str | Path) -> tuple[str, Path]:
    """The format at ``path`` and the path its loader wants (a folder or one file)."""
    path = Path(path).expanduser()
    if not path.exists():
        named = _find_by_name(str(path))
        if named is None:
            raise CheckpointError(path, "no such file or folder, and no model of that name "
                                        "(`explainer models` lists the names)")
        path = named
    if not path.is_dir() and not path.is_file():  # a pipe or a device: opening it could wait forever
        raise CheckpointError(path, "not a file or a folder (a pipe or a device), so it is not opened")
    if path.is_dir():
        if native.is_native(path):
            return native.FORMAT, path
        if huggingface.is_hf_folder(path):
            return huggingface.FORMAT, path
        ckpt = nanogpt.find_checkpoint(path)
        if ckpt is not None:
            return nanogpt.FORMAT, ckpt
        ggufs = sorted(path.glob("*.gguf"))
        if len(ggufs) == 1:
            return gguf.FORMAT, ggufs[0]
        raise CheckpointError(path, "no model in this folder (expected config.json, ckpt.pt or one .gguf file)")
    if path.suffix.lower() in _FOLDER_FILES and (path.parent / "config.json").is_file():
        return resolve(path.parent)  # a file inside a model folder opens the folder
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise CheckpointError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not head:
        raise CheckpointError(path, "the file is empty")
    if head[:4] == gguf.MAGIC or path.suffix.lower() == ".gguf":
        return gguf.FORMAT, path
    if nanogpt.looks_like_torch(path, head):
        return nanogpt.FORMAT, path
    if path.suffix.lower() == ".safetensors":
        raise CheckpointError(path, "a .safetensors file needs its config.json beside it")
    raise CheckpointError(path, "not a model file this app can open (expected a model folder, "
                                "a nanoGPT ckpt.pt or a .gguf file)")


def _find_by_name(name: str) -> Path | None:
    """A model the registry lists under ``name`` (shipped, the user's folder, an installed package)."""
    if not name or "/" in name or "\\" in name:
        return None
    for folder in (models_dir(), user_models_dir()):
        candidate = folder / name
        if candidate.exists():
            return candidate
    for path, _dist in package_models():
        if name in (path.name, path.stem):
            return path
    return None


def detect_format(path: str | Path) -> str:
    """One of FORMATS, or CheckpointError when nothing at ``path`` is a model."""
    return resolve(path)[0]


def header_config(path: str | Path) -> tuple[str, Path, ModelConfig]:
    """The format, the resolved path and the configuration of the model at ``path``, from headers only.

    Config files, the safetensors header, a nanoGPT checkpoint's arguments
    (memory-mapped) or the GGUF metadata: no weight is read and nothing is
    built, so a caller can size what the model will need before opening it.
    """
    fmt, target = resolve(path)
    with file_errors(target, f"{fmt} model"):  # whatever a damaged file raises: one CheckpointError
        if fmt == native.FORMAT:
            cfg = native.read_config(target)
            weights = target / "model.safetensors"
            if not weights.is_file():
                raise CheckpointError(weights, "file is missing")
            native.check_weights(cfg, native.read_safetensors_header(weights), weights, target / "config.json")
        elif fmt == huggingface.FORMAT:
            cfg = huggingface.read_config(target)[1]
        elif fmt == nanogpt.FORMAT:
            ckpt = nanogpt.read_checkpoint(target)
            tied = nanogpt._is_tied(ckpt["model"])
            cfg = nanogpt.config_from_args(ckpt["model_args"], target.stem, tied, target)
        else:
            meta, shapes = gguf.scan_metadata(target)
            if "token_embd.weight" not in shapes:
                raise CheckpointError(target, "missing tensor 'token_embd.weight'")
            cfg = huggingface.config_from_json(gguf.hf_config(meta, shapes, target), target.stem, target)
    return fmt, target, cfg


def default_device() -> torch.device:
    """Where models compute: ``EXPLAINER_DEVICE`` if set, else the GPU when torch sees one, else the CPU."""
    wanted = os.environ.get("EXPLAINER_DEVICE")
    if wanted:
        return torch.device(wanted)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def device_label(device: torch.device | str) -> str:
    """How the window names where a model computes: "CPU", or "CUDA:0 (NVIDIA H200)" with the card's name."""
    device = torch.device(device)
    if device.type != "cuda":
        return device.type.upper()
    index = device.index or 0
    try:
        name = torch.cuda.get_device_name(index)
    except (RuntimeError, AssertionError, ValueError):  # a torch without CUDA, or no such card
        name = ""
    return f"CUDA:{index}" + (f" ({name})" if name else "")


def load_model(path: str | Path, device: str | torch.device | None = None,
               precision: str | None = None) -> LoadedModel:
    """Open any supported checkpoint, never running code from it.

    ``device`` defaults to ``default_device()``: a user with a CUDA build of
    torch and an NVIDIA GPU gets the GPU without asking. ``precision`` (see
    ``explainer.core.precision``; default ``EXPLAINER_PRECISION`` or "auto")
    decides whether the linear layers multiply in bfloat16.
    """
    device = default_device() if device is None else device
    choice = precision_module.wanted() if precision is None else precision
    fmt, target = resolve(path)
    if fmt == native.FORMAT:
        loaded = native.load_checkpoint(target, device)  # checks its tokenizer before reading weights
    elif fmt == huggingface.FORMAT:
        loaded = huggingface.load_hf_folder(target, device)
    elif fmt == nanogpt.FORMAT:
        loaded = nanogpt.load_nanogpt(target, device)
    else:
        loaded = gguf.load_gguf(target, device)
    # every format: a token id without a row in the embedding table would fail at the first forward pass
    native.check_tokenizer_fits(loaded.tokenizer, loaded.cfg, target)
    native.check_finite(loaded.model, target)  # NaN or infinite weights: refused by name, not shown as NaN
    model = loaded.model
    model.set_precision(precision_module.choose(model.n_params(include_embeddings=False), model.device, choice))
    model.tune_products()  # float32 on the CPU: how a key press's few rows multiply fastest on this machine
    return loaded


__all__ = ["CheckpointError", "LoadedModel", "FORMATS", "load_model", "default_device", "device_label",
           "detect_format", "resolve", "header_config"]
