"""The product's own checkpoint format: a folder in Hugging Face's layout.

``config.json`` holds our ModelConfig under the key ``explainer``;
``model.safetensors`` the weights under our parameter names (a tied output
matrix is stored once); ``tokenizer.json`` the tokenizer; and the optional
``metadata.json`` what training recorded (step, validation loss, corpus).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import torch
try:
    from safetensors import SafetensorError as SafetensorsError
except ImportError:  # older safetensors
    SafetensorsError = Exception
from safetensors.torch import load_file, save_file

from explainer.core.checkpoints.base import CheckpointError, LoadedModel
from explainer.core.config import ConfigError, ModelConfig
from explainer.core.tokenizers import Tokenizer, load_tokenizer_file, save_tokenizer
from explainer.core.transformer import Transformer

FORMAT = "explainer"


def is_native(path: Path) -> bool:
    config = path / "config.json"
    if not (path.is_dir() and config.is_file()):
        return False
    try:
        return "explainer" in json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False


def _write_atomic(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; a model folder is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


INT8_SCALE = ".int8_scale"  # suffix of the per-row scale stored beside an int8 matrix


def quantize_int8(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Matrices as int8 with one float16 scale per row (absmax / 127); everything else float16.

    A timeline snapshot stored this way takes about half the space of float16;
    the rounding error (at most half a step of 1/127 of a row's largest weight)
    changes no prediction a class would see. ``dequantize`` undoes it on load.
    """
    out = {}
    for name, t in state.items():
        t = t.detach().to("cpu", torch.float32)
        if t.dim() == 2:
            scale = (t.abs().amax(dim=1) / 127.0).clamp_min(1e-12)  # (rows,)
            out[name] = torch.round(t / scale[:, None]).clamp(-127, 127).to(torch.int8).contiguous()
            out[name + INT8_SCALE] = scale.to(torch.float16).contiguous()
        else:
            out[name] = t.to(torch.float16).contiguous()
    return out


def dequantize(state: dict[str, torch.Tensor], source: Path) -> dict[str, torch.Tensor]:
    """Turn int8 matrices with their row scales back into float32 (a no-op for float files)."""
    scales = {k[: -len(INT8_SCALE)]: v for k, v in state.items() if k.endswith(INT8_SCALE)}
    if not scales:
        return state
    out = {}
    for name, t in state.items():
        if name.endswith(INT8_SCALE):
            continue
        if name in scales:
            scale = scales[name].to(torch.float32)
            if t.dtype != torch.int8 or t.dim() != 2 or scale.shape != (t.shape[0],):
                raise CheckpointError(source, f"tensor {name!r}: int8 weights and their scale do not match")
            out[name] = t.to(torch.float32) * scale[:, None]
        else:
            out[name] = t
    return out


def save_checkpoint(model: Transformer, tokenizer: Tokenizer, folder: str | Path,
                    metadata: dict[str, Any] | None = None,
                    dtype: torch.dtype = torch.float32) -> Path:
    """Write a model folder; every file lands whole or not at all.

    ``dtype`` torch.int8 stores matrices as int8 with row scales (see ``quantize_int8``).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cfg = model.cfg
    if dtype == torch.int8:
        state = quantize_int8(model.state_dict())
    else:
        state = {k: v.detach().to("cpu", dtype).contiguous() for k, v in model.state_dict().items()}
    if cfg.tie_embeddings:
        state.pop("lm_head.weight", None)
        state.pop("lm_head.weight" + INT8_SCALE, None)
    config = {"architectures": ["ExplainerTransformer"], "model_type": "explainer",
              "explainer": cfg.to_dict()}
    _write_atomic(folder / "model.safetensors",
                  lambda p: save_file(state, p, metadata={"format": "pt"}))
    _write_atomic(folder / "config.json",
                  lambda p: Path(p).write_text(json.dumps(config, indent=2), encoding="utf-8"))
    _write_atomic(folder / "tokenizer.json", lambda p: save_tokenizer(tokenizer, p))
    if metadata is not None:
        _write_atomic(folder / "metadata.json",
                      lambda p: Path(p).write_text(json.dumps(metadata, indent=2), encoding="utf-8"))
    return folder


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CheckpointError(path, "file is missing") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(path, f"not valid JSON ({exc})") from None


def load_state_into(model: Transformer, state: dict[str, torch.Tensor], source: Path) -> None:
    """Copy tensors into the model, naming the first missing or misshapen one."""
    own = model.state_dict()
    tied = model.cfg.tie_embeddings
    missing = [k for k in own if k not in state and not (tied and k == "lm_head.weight")]
    if missing:
        raise CheckpointError(source, f"missing tensor {missing[0]!r} ({len(missing)} missing in all)")
    for name, tensor in state.items():
        if name not in own:
            continue
        if tuple(tensor.shape) != tuple(own[name].shape):
            raise CheckpointError(source, f"tensor {name!r} has shape {tuple(tensor.shape)}, "
                                          f"expected {tuple(own[name].shape)}")
    with torch.no_grad():
        for name, param in own.items():
            if name in state:
                param.copy_(state[name].to(torch.float32))


def load_checkpoint(folder: str | Path, device: str | torch.device = "cpu") -> LoadedModel:
    folder = Path(folder)
    config = read_json(folder / "config.json")
    try:
        cfg = ModelConfig.from_dict(config["explainer"])
    except (KeyError, TypeError, ConfigError) as exc:
        raise CheckpointError(folder / "config.json", f"not a valid model configuration ({exc})") from None
    weights = folder / "model.safetensors"
    if not weights.is_file():
        raise CheckpointError(weights, "file is missing")
    try:
        state = dequantize(load_file(str(weights)), weights)
    except (SafetensorsError, OSError, ValueError) as exc:
        raise CheckpointError(weights, f"unreadable safetensors file ({exc})") from None
    model = Transformer(cfg)
    load_state_into(model, state, weights)
    tok_path = folder / "tokenizer.json"
    if not tok_path.is_file():
        raise CheckpointError(folder, "no tokenizer.json beside the weights")
    try:
        tokenizer = load_tokenizer_file(tok_path)
    except Exception as exc:  # the tokenizers library raises plain Exception
        raise CheckpointError(tok_path, f"unreadable tokenizer ({exc})") from None
    metadata = read_json(folder / "metadata.json") if (folder / "metadata.json").is_file() else {}
    model.to(device).eval()
    return LoadedModel(model=model, tokenizer=tokenizer, path=folder, format=FORMAT, metadata=metadata)
