"""The product's own checkpoint format: a folder in Hugging Face's layout.

``config.json`` holds our ModelConfig under the key ``explainer``;
``model.safetensors`` the weights under our parameter names (a tied output
matrix is stored once); ``tokenizer.json`` the tokenizer; and the optional
``metadata.json`` what training recorded (step, validation loss, corpus).

Opening a folder trusts nothing in it before it is checked against
``limits``: JSON files are size- and depth-checked before they are parsed,
the config is validated field by field, and the parameter count and tensor
shapes it implies are compared with the safetensors *header* before any
weight is read or any model is built. Only then is the model built (on the
meta device, so nothing is initialised) and filled tensor by tensor.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Callable

import torch
from torch.overrides import TorchFunctionMode
try:
    from safetensors import SafetensorError as SafetensorsError
except ImportError:  # older safetensors
    SafetensorsError = Exception
from safetensors import safe_open
from safetensors.torch import save_file

from explainer.core import jsonfile
from explainer.core.checkpoints import limits, memory
from explainer.core.checkpoints.base import CheckpointError, LoadedModel
from explainer.core.config import ConfigError, ModelConfig
from explainer.core.tokenizers import Tokenizer, load_tokenizer_file, max_token_id, save_tokenizer
from explainer.core.transformer import Transformer

FORMAT = "explainer"


def is_native(path: Path) -> bool:
    config = path / "config.json"
    if not (path.is_dir() and config.is_file()):
        return False
    try:
        data = read_json(config)
    except CheckpointError:
        return False
    return isinstance(data, dict) and "explainer" in data


# -- saving --------------------------------------------------------------------------------------
#
# Each file is written to a hidden temporary file beside it (``.<name>.<pid>-<random>.tmp``),
# flushed to disk, renamed over the old one, and then the folder itself is flushed so that
# the rename survives a power cut. A save that was killed half-way leaves such a temporary
# file; the next save into the folder removes it (when the process that wrote it is gone,
# or it is more than an hour old).
#
# Symbolic links: a save never replaces a link, and never writes through one either. A
# model folder may come from anywhere, and a ``model.safetensors`` that links to a file
# elsewhere (``~/.bashrc``, another model) is not ours to overwrite, so saving refuses
# with a CheckpointError naming the link, before any file is written. (The folder itself
# may be a link: that is where the user chose to save.)

TMP_SUFFIX = ".tmp"
STALE_TMP_SECONDS = 3600  # a temporary file this old is a leftover even if its process id is alive
_TMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d{1,10})-[0-9a-f]{8}\.tmp$")
SAVED_FILES = ("model.safetensors", "config.json", "tokenizer.json", "metadata.json")


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill would end the process there: decide by age alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _remove_stale_temporaries(folder: Path, names: tuple[str, ...] = SAVED_FILES) -> None:
    """Temporary files that a killed save left for ``names`` in ``folder``."""
    try:
        children = list(folder.iterdir())
    except OSError:
        return
    now = time.time()
    for child in children:
        m = _TMP_NAME.match(child.name)
        if m is None or m["name"] not in names:
            continue
        try:
            info = child.lstat()
            if not stat.S_ISREG(info.st_mode):
                continue
            pid = int(m["pid"])
            mine = pid == os.getpid()  # another thread of this process may be saving right now
            if now - info.st_mtime > STALE_TMP_SECONDS or (not mine and not _pid_alive(pid)):
                child.unlink()
        except OSError:
            pass


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handle to flush)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _refuse_links(paths: list[Path]) -> None:
    for path in paths:
        if path.is_symlink():
            raise CheckpointError(path, "is a symbolic link; saving would replace it or write into the "
                                        "file it points to, so nothing was saved (remove the link, or "
                                        "save to another folder)")
        if path.exists() and not path.is_file():
            raise CheckpointError(path, "is not a regular file, so nothing was saved")


def _write_atomic(path: Path, write: Callable[[str], None]) -> None:
    tmp = path.parent / f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}{TMP_SUFFIX}"
    try:
        write(str(tmp))
        os.chmod(tmp, 0o644)  # a model folder is meant to be shared
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


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
    A file in the folder that is a symbolic link is neither replaced nor written
    through: CheckpointError before anything is written (see the notes above
    ``_write_atomic``). Temporary files that an earlier, killed save left are removed.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names = SAVED_FILES if metadata is not None else SAVED_FILES[:3]
    _refuse_links([folder / n for n in names])
    _remove_stale_temporaries(folder)
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


# -- reading JSON: bounded in size and depth before it is parsed (explainer.core.jsonfile) -------

def read_json(path: Path) -> Any:
    """The JSON in ``path``, or CheckpointError naming the file.

    Refused before parsing: files over ``limits.MAX_JSON_BYTES``, anything
    that is not a regular file, and nesting deeper than ``limits.MAX_JSON_DEPTH``.
    """
    try:
        return jsonfile.read(path)
    except jsonfile.JSONFileError as exc:
        raise CheckpointError(exc.path, exc.problem) from None


def parse_json(raw: bytes | str, path: Path) -> Any:
    """JSON already read, with the same depth limit; CheckpointError naming ``path``."""
    try:
        return jsonfile.parse(raw, path)
    except jsonfile.JSONFileError as exc:
        raise CheckpointError(exc.path, exc.problem) from None


# -- the safetensors header: names, dtypes and shapes, read without reading any weight -----------

DTYPE_BYTES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "F8_E4M3": 1, "F8_E5M2": 1,
               "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1}
FLOAT_DTYPES = {"F64", "F32", "F16", "BF16"}


def read_safetensors_header(path: Path) -> dict[str, tuple[str, tuple[int, ...]]]:
    """``{name: (dtype, shape)}`` from a safetensors file's header; the tensors are not read.

    The header (8 bytes of length, then JSON) is bounded by ``MAX_JSON_BYTES``
    and checked entry by entry: known dtype, a shape of whole numbers, and
    data offsets that fit the file and the shape.
    """
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size == 0:
                raise CheckpointError(path, "the file is empty")
            head = f.read(8)
            if len(head) < 8:
                raise CheckpointError(path, "unreadable safetensors file, truncated or damaged (no header)")
            n = int.from_bytes(head, "little")
            if n > limits.MAX_JSON_BYTES:
                raise CheckpointError(path, f"unreadable safetensors file: its header claims {n:,} bytes, "
                                            f"more than the limit of {limits.MAX_JSON_BYTES:,}")
            if 8 + n > size:
                raise CheckpointError(path, "unreadable safetensors file, truncated or damaged "
                                            "(the header runs past the end of the file)")
            raw = f.read(n)
    except OSError as exc:
        raise CheckpointError(path, f"cannot be read ({exc.strerror or exc})") from None
    header = parse_json(raw, path)
    if not isinstance(header, dict):
        raise CheckpointError(path, "unreadable safetensors file: the header is not a JSON object")
    data_bytes = size - 8 - n
    out: dict[str, tuple[str, tuple[int, ...]]] = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        try:
            dtype, shape, (begin, end) = entry["dtype"], entry["shape"], entry["data_offsets"]
            ok = (dtype in DTYPE_BYTES and isinstance(shape, list) and len(shape) <= 8
                  and all(type(d) is int and d >= 0 for d in shape)
                  and type(begin) is int and type(end) is int and 0 <= begin <= end <= data_bytes)
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            raise CheckpointError(path, f"unreadable safetensors file, truncated or damaged "
                                        f"(bad header entry for tensor {name[:80]!r})")
        numel = 1
        for d in shape:
            numel *= d
        if numel * DTYPE_BYTES[dtype] != end - begin:
            raise CheckpointError(path, f"unreadable safetensors file, truncated or damaged "
                                        f"(tensor {name[:80]!r}: its shape does not match its bytes)")
        out[name] = (dtype, tuple(shape))
    return out


def check_weights(cfg: ModelConfig, header: dict[str, tuple[str, tuple[int, ...]]], source: Path,
                  config_path: Path | None = None) -> list[str]:
    """Compare what the config implies with what the file holds; the names of the tensors to read.

    First the parameter count (closed form, against the elements in the
    header), then every tensor's name, shape and dtype. Raises one
    CheckpointError for the first disagreement; nothing is read or built.
    """
    expected = cfg.param_count()
    if expected > limits.MAX_PARAMS:  # validate() refuses this already; kept next to the comparison
        raise CheckpointError(config_path or source, f"the configuration describes {expected:,} parameters, "
                                                     f"more than the limit of {limits.MAX_PARAMS:,}")
    held = sum(_numel(shape) for name, (_, shape) in header.items() if not name.endswith(INT8_SCALE))
    shapes = cfg.param_shapes()
    tied = cfg.tie_embeddings
    wanted = [k for k in shapes if not (tied and k == "lm_head.weight")]
    missing = [k for k in wanted if k not in header]
    if held < expected or missing:
        first = f"; missing tensor {missing[0]!r} ({len(missing)} missing in all)" if missing else ""
        cfg_name = (config_path or source.parent / "config.json").name
        raise CheckpointError(source, f"holds {held:,} weights, but {cfg_name} describes a model of "
                                      f"{expected:,} parameters (n_layer {cfg.n_layer}, d_model {cfg.d_model}, "
                                      f"vocab_size {cfg.vocab_size}){first}")
    for name in wanted:
        dtype, shape = header[name]
        if shape != shapes[name]:
            raise CheckpointError(source, f"tensor {name!r} has shape {shape}, expected {shapes[name]}")
        scale = header.get(name + INT8_SCALE)
        if dtype == "I8" and scale is not None:
            if scale[1] != (shape[0],) or len(shape) != 2 or scale[0] not in FLOAT_DTYPES:
                raise CheckpointError(source, f"tensor {name!r}: int8 weights and their scale do not match")
        elif dtype not in FLOAT_DTYPES:
            raise CheckpointError(source, f"tensor {name!r} has dtype {dtype}; weights must be floating "
                                          "point (or int8 with a row scale)")
    return wanted


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


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


def _read_weights(weights: Path, names: list[str]) -> dict[str, torch.Tensor]:
    """The named tensors as float32, one at a time (int8 ones dequantised with their row scale)."""
    out: dict[str, torch.Tensor] = {}
    try:
        with safe_open(str(weights), framework="pt") as f:  # memory-mapped: only these tensors are read
            present = set(f.keys())
            for name in names:
                t = f.get_tensor(name)
                if t.dtype == torch.int8 and name + INT8_SCALE in present:
                    scale = f.get_tensor(name + INT8_SCALE).to(torch.float32)
                    t = t.to(torch.float32) * scale[:, None]
                else:
                    t = t.to(torch.float32, copy=True)  # never backed by a file that could change
                out[name] = t.contiguous()
    except (SafetensorsError, OSError, ValueError, RuntimeError) as exc:
        raise CheckpointError(weights, f"unreadable safetensors file, truncated or damaged ({exc})") from None
    return out


class _SkipInit(TorchFunctionMode):
    """Turns torch.nn.init calls into no-ops while a model is built on the meta device.

    Initialising or computing on a meta tensor goes through a Python reference
    that imports torch._dynamo on first use (about a second), so init calls
    are skipped and the small tables built with arange/zeros/ones are made on
    the CPU; only the large weights (torch.empty) stay on the meta device.
    """

    _ON_CPU = (torch.arange, torch.zeros, torch.ones)  # small tables (RoPE, sinusoids, norms)

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if getattr(func, "__module__", "") == "torch.nn.init":
            return args[0] if args else kwargs.get("tensor")
        if func in self._ON_CPU:
            kwargs.setdefault("device", "cpu")
        return func(*args, **kwargs)


def _build(cfg: ModelConfig, state: dict[str, torch.Tensor]) -> Transformer:
    """The model with ``state`` adopted as its parameters; built on the meta device, so never initialised."""
    with torch.device("meta"), _SkipInit():
        model = Transformer(cfg)
    model.load_state_dict(state, strict=False, assign=True)
    if cfg.tie_embeddings:
        model.lm_head.weight = model.wte.weight
    model.restore_buffers()  # the fixed position tables, which the meta device left empty
    return model


def read_config(folder: Path) -> ModelConfig:
    """The validated ModelConfig of one of our folders, from ``config.json`` only."""
    path = folder / "config.json"
    config = read_json(path)
    if not isinstance(config, dict) or "explainer" not in config:
        raise CheckpointError(path, "not a model configuration of this app (no 'explainer' entry)")
    try:
        return ModelConfig.from_dict(config["explainer"])
    except (TypeError, ConfigError) as exc:
        raise CheckpointError(path, f"not a valid model configuration ({exc})") from None


def check_tokenizer_fits(tokenizer: Tokenizer, cfg: ModelConfig, where: Path) -> None:
    """The tokenizer's ids must all have a row in the model's embedding table."""
    top = max_token_id(tokenizer)
    if top >= cfg.vocab_size:
        raise CheckpointError(where, f"the tokenizer has token ids up to {top:,}, but the model's vocabulary "
                                     f"(vocab_size) has only {cfg.vocab_size:,} entries; they do not belong "
                                     "together")


def check_finite(model: torch.nn.Module, where: Path) -> None:
    """Every weight must be a finite number: NaN or infinity (what a training run that diverged saves) would make
    every number the model computes NaN, and every panel would show nothing but that."""
    def finite(t: torch.Tensor) -> bool:  # the smallest and largest value (NaN wins both): no copy of the tensor
        lo, hi = torch.aminmax(t.detach())
        return bool(torch.isfinite(lo) & torch.isfinite(hi))  # (SmolLM2-135M: 32 ms, against 240 for isfinite)

    bad = [name for name, t in list(model.named_parameters()) + list(model.named_buffers())
           if t.is_floating_point() and t.numel() and not finite(t)]
    if bad:
        more = f" and {len(bad) - 1} more" if len(bad) > 1 else ""
        raise CheckpointError(where, f"the weights hold values that are not finite numbers (NaN or infinity), in "
                                     f"{bad[0]}{more}: a training run that diverged saves such weights, and a model "
                                     "with them cannot compute anything")


def _read_metadata(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = read_json(path)
    if not isinstance(data, dict):
        raise CheckpointError(path, "must be a JSON object")
    step = data.get("step")
    if step is not None and (type(step) is not int or step < 0):
        raise CheckpointError(path, f"'step' must be a whole number of at least 0, got {str(step)[:40]!r}")
    loss = data.get("val_loss")
    if loss is not None and (type(loss) not in (int, float)):
        raise CheckpointError(path, f"'val_loss' must be a number, got {str(loss)[:40]!r}")
    return data


def load_checkpoint(folder: str | Path, device: str | torch.device = "cpu") -> LoadedModel:
    """Open one of our folders. Everything cheap is checked before anything large is read or built."""
    folder = Path(folder)
    cfg = read_config(folder)
    weights = folder / "model.safetensors"
    if not weights.is_file():
        raise CheckpointError(weights, "file is missing")
    names = check_weights(cfg, read_safetensors_header(weights), weights, folder / "config.json")
    memory.check_fits(cfg, folder, device)
    tok_path = folder / "tokenizer.json"
    if not tok_path.is_file():
        raise CheckpointError(folder, "no tokenizer.json beside the weights")
    try:
        tokenizer = load_tokenizer_file(tok_path)
    except jsonfile.JSONFileError as exc:
        raise CheckpointError(exc.path, exc.problem) from None
    except Exception as exc:  # the tokenizers library raises plain Exception
        raise CheckpointError(tok_path, f"unreadable tokenizer ({str(exc)[:300]})") from None
    check_tokenizer_fits(tokenizer, cfg, tok_path)
    metadata = _read_metadata(folder / "metadata.json")
    model = _build(cfg, _read_weights(weights, names))
    model.to(device).eval()
    return LoadedModel(model=model, tokenizer=tokenizer, path=folder, format=FORMAT, metadata=metadata)
