"""Several checkpoints of one training run, ordered by step, and a cache for scrubbing.

A run is found in three shapes: a model folder with a ``timeline/`` folder of
snapshots (what the app's own training writes), a folder whose subfolders are
model folders with a step in their ``metadata.json``, or a folder of nanoGPT
``*.pt`` files (step from ``iter_num``).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import torch

from explainer.core.checkpoints.base import LoadedModel


@dataclass(frozen=True)
class Snapshot:
    """One checkpoint of a run: where it is, its training step and validation loss."""

    path: Path
    step: int
    val_loss: float | None = None


def _native_snapshot(folder: Path) -> Snapshot | None:
    meta_file = folder / "metadata.json"
    if not (folder / "config.json").is_file() or not meta_file.is_file():
        return None
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        step = int(meta.get("step", meta.get("iter_num")))
    except (OSError, ValueError, TypeError):
        return None
    loss = meta.get("val_loss", meta.get("best_val_loss"))
    return Snapshot(folder, step, float(loss) if loss is not None else None)


def _nanogpt_snapshot(file: Path) -> Snapshot | None:
    try:
        ckpt = torch.load(file, map_location="cpu", weights_only=True, mmap=True)
        step = int(ckpt["iter_num"])
    except Exception:  # not a readable nanoGPT checkpoint: not part of the run
        return None
    loss = ckpt.get("best_val_loss")
    return Snapshot(file, step, float(loss) if loss is not None else None)


def find_timeline(path: str | Path) -> list[Snapshot]:
    """Snapshots of the run at ``path``, by step; empty when it holds fewer than two."""
    path = Path(path)
    if path.is_file():
        path = path.parent
    if not path.is_dir():
        return []
    roots = [path / "timeline", path] if (path / "timeline").is_dir() else [path]
    found: dict[int, Snapshot] = {}
    for root in roots:
        for child in sorted(root.iterdir()):
            snap = None
            if child.is_dir():
                snap = _native_snapshot(child)
            elif child.suffix == ".pt":
                snap = _nanogpt_snapshot(child)
            if snap is not None:
                found.setdefault(snap.step, snap)
    own = _native_snapshot(path)
    if own is not None and found:
        found.setdefault(own.step, own)
    snaps = sorted(found.values(), key=lambda s: s.step)
    return snaps if len(snaps) >= 2 else []


def model_bytes(loaded: LoadedModel) -> int:
    seen, total = set(), 0
    for t in list(loaded.model.parameters()) + list(loaded.model.buffers()):
        if id(t) not in seen:
            seen.add(id(t))
            total += t.numel() * t.element_size()
    return total


class SnapshotCache:
    """Loaded snapshots kept in memory up to a byte budget, least recently used evicted first."""

    def __init__(self, loader: Callable[[Path], LoadedModel], budget_bytes: int = 512 * 2**20) -> None:
        self._loader = loader
        self.budget = budget_bytes
        self._items: OrderedDict[Path, tuple[LoadedModel, int]] = OrderedDict()

    def __contains__(self, path: Path) -> bool:
        return Path(path) in self._items

    @property
    def used_bytes(self) -> int:
        return sum(size for _, size in self._items.values())

    def get(self, path: str | Path) -> LoadedModel:
        path = Path(path)
        if path in self._items:
            self._items.move_to_end(path)
            return self._items[path][0]
        loaded = self._loader(path)
        self._items[path] = (loaded, model_bytes(loaded))
        while len(self._items) > 1 and self.used_bytes > self.budget:
            self._items.popitem(last=False)
        return loaded
