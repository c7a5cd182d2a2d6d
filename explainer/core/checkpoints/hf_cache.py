"""Models in the Hugging Face cache: what ``explainer download`` (or any Hugging Face tool) left there.

The cache keeps one folder per repository (``models--owner--name``) with
``blobs/`` (the files, named by their hash), ``snapshots/<commit>/`` (links to
the blobs, named as in the repository) and ``refs/<branch>`` (the commit a
branch pointed to when it was downloaded). A snapshot opens like any Hugging
Face folder, without the network.

Listing reads folder names and links only; ``snapshot_problem`` reads the
safetensors headers (a few KB each) to catch a truncated or missing file, so
that a damaged download is listed with a way out instead of failing to open.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explainer.core.checkpoints import limits
from explainer.core.checkpoints.base import CheckpointError
from explainer.core.checkpoints.locations import HUB_MODELS_PREFIX, hf_hub_cache
from explainer.core.checkpoints.native import read_safetensors_header
from explainer.core.jsonfile import JSONFileError, read as read_json

SOURCE = "Hugging Face cache"
CONFIG, WEIGHTS, WEIGHTS_INDEX = "config.json", "model.safetensors", "model.safetensors.index.json"
MAX_REPOS = 1000  # a cache shared with other tools can hold many; the list stays quick


@dataclass(frozen=True)
class CachedSnapshot:
    """One downloaded revision of a model repository: where it is and what to call it in a list.

    ``label`` is the repository name, with ``@branch`` (or ``@commit``) added
    when the cache holds more than one revision of it and this is not the one
    ``main`` points to.
    """

    repo_id: str
    commit: str
    path: Path
    label: str


def _refs(repo_dir: Path) -> dict[str, list[str]]:
    """commit → the branch and tag names that point to it (refs/main, refs/refs/pr/1 …)."""
    found: dict[str, list[str]] = {}
    refs = repo_dir / "refs"
    try:
        files = sorted(p for p in refs.rglob("*") if p.is_file())[: limits.MAX_LISTED_FILES]
    except OSError:
        return found
    for path in files:
        try:
            commit = path.read_text(encoding="utf-8", errors="replace")[:100].strip()
        except OSError:
            continue
        found.setdefault(commit, []).append(path.relative_to(refs).as_posix())
    return found


def has_weights(folder: Path) -> bool:
    """A config.json with safetensors weights beside it: what this app can open from the cache."""
    return (folder / CONFIG).is_file() and ((folder / WEIGHTS).exists() or (folder / WEIGHTS_INDEX).exists()
                                            or (folder / WEIGHTS).is_symlink())


def cached_snapshots(cache: Path | None = None) -> list[CachedSnapshot]:
    """Every snapshot in the cache that holds a config.json and safetensors weights, by repository name."""
    cache = cache or hf_hub_cache()
    try:
        repo_dirs = sorted((p for p in cache.iterdir() if p.name.startswith(HUB_MODELS_PREFIX)),
                           key=lambda p: p.name.lower())[:MAX_REPOS]
    except OSError:
        return []
    found = []
    for repo_dir in repo_dirs:
        repo_id = repo_dir.name[len(HUB_MODELS_PREFIX):].replace("--", "/")
        try:
            snapshots = sorted(p for p in (repo_dir / "snapshots").iterdir() if p.is_dir() and has_weights(p))
        except OSError:
            continue
        refs = _refs(repo_dir) if snapshots else {}
        for snap in snapshots:
            names = refs.get(snap.name, [])
            if len(snapshots) == 1 or "main" in names:
                label = repo_id
            else:
                label = f"{repo_id}@{names[0] if names else snap.name[:8]}"
            found.append(CachedSnapshot(repo_id, snap.name, snap, label))
    return found


def _shards(folder: Path) -> list[str]:
    """The weight files a snapshot should hold: model.safetensors, or the shards its index names."""
    if (folder / WEIGHTS).exists() or (folder / WEIGHTS).is_symlink() or not (folder / WEIGHTS_INDEX).exists():
        return [WEIGHTS]
    index = read_json(folder / WEIGHTS_INDEX)
    weight_map = index.get("weight_map") if isinstance(index, dict) else None
    if not isinstance(weight_map, dict):
        return []  # the loader says what is wrong with the index
    return sorted({n for n in weight_map.values() if isinstance(n, str)})[: limits.MAX_SHARDS]


def snapshot_problem(folder: Path) -> str:
    """Why a downloaded snapshot is incomplete or damaged, in one line; "" when it looks whole.

    Checks the links (a file whose blob is gone), the shards an index names,
    and every safetensors header against the size of its file (a truncated
    file). The weights themselves are not read.
    """
    names = [CONFIG]
    try:
        names += _shards(folder)
    except JSONFileError as exc:
        return f"the download is damaged: {WEIGHTS_INDEX} is unreadable ({exc.problem}); download it again to repair it"
    try:
        names += sorted(p.name for p in folder.iterdir() if p.is_symlink() and p.name not in names)
    except OSError:
        pass
    for name in names:
        path = folder / name
        if not path.is_file():
            return f"the download is incomplete: {name} is missing; download it again to repair it"
        if name.endswith(".safetensors"):
            try:
                read_safetensors_header(path)
            except CheckpointError as exc:
                return (f"the download is damaged: {name} is unreadable ({exc.problem}); "
                        "download it again to repair it")
    return ""
