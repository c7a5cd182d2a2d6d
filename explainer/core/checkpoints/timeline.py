"""Several checkpoints of one training run, ordered by step, and a cache for scrubbing.

A run is found in three shapes: a model folder with a ``timeline/`` folder of
snapshots (what the app's own training writes), a folder whose subfolders are
model folders with a step in their ``metadata.json``, or a folder of nanoGPT
``*.pt`` files (step from ``iter_num``).

A file that cannot be read, or whose step is not a whole number, is simply
not part of the run: finding a timeline never raises for what a folder holds.
JSON is read within ``limits`` (``explainer.core.jsonfile``), checkpoints
through the nanoGPT loader's safe reader.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from explainer.core import jsonfile
from explainer.core.checkpoints import nanogpt
from explainer.core.checkpoints.base import LoadedModel


@dataclass(frozen=True)
class Snapshot:
    """One checkpoint of a run: where it is, its training step and validation loss."""

    path: Path
    step: int
    val_loss: float | None = None


def _step(value) -> int | None:
    """A training step: a whole number of at least 0 (not a bool, a float or a text), else None."""
    if isinstance(value, bool):
        return None
    if not isinstance(value, int):  # a one-element tensor or numpy scalar, as torch.save may store it
        item = getattr(value, "item", None)
        try:
            value = item() if callable(item) and getattr(value, "ndim", 1) == 0 else None
        except (TypeError, ValueError, RuntimeError):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            return None
    return value if value >= 0 else None


def _loss(value) -> float | None:
    """A validation loss: a finite number, else None (the run is still shown, without that point)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        loss = float(value)
    except (TypeError, ValueError, OverflowError, RuntimeError):
        return None
    return loss if math.isfinite(loss) else None


def _native_snapshot(folder: Path) -> Snapshot | None:
    meta_file = folder / "metadata.json"
    try:
        if not (folder / "config.json").is_file() or not meta_file.is_file():
            return None
        meta = jsonfile.read(meta_file)
    except (OSError, jsonfile.JSONFileError):
        return None
    if not isinstance(meta, dict):
        return None
    step = _step(meta.get("step", meta.get("iter_num")))
    if step is None:
        return None
    return Snapshot(folder, step, _loss(meta.get("val_loss", meta.get("best_val_loss"))))


def _nanogpt_snapshot(file: Path) -> Snapshot | None:
    try:
        ckpt = nanogpt.read_checkpoint(file)  # the loader's code-free reader
        step = _step(ckpt.get("iter_num"))
        loss = _loss(ckpt.get("best_val_loss"))
    except Exception:  # not a readable nanoGPT checkpoint: not part of the run
        return None
    return None if step is None else Snapshot(file, step, loss)


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
        try:
            children = sorted(root.iterdir())
        except OSError:
            continue
        for child in children:
            snap = None
            try:
                if child.is_dir():
                    snap = _native_snapshot(child)
                elif child.suffix == ".pt" and child.is_file():
                    snap = _nanogpt_snapshot(child)
            except OSError:
                snap = None
            if snap is not None:
                found.setdefault(snap.step, snap)
    own = _native_snapshot(path)
    if own is not None and found:
        found.setdefault(own.step, own)
    snaps = sorted(found.values(), key=lambda s: s.step)
    return snaps if len(snaps) >= 2 else []


def model_bytes(loaded: LoadedModel) -> int:
    """Parameters, buffers and the rounded copies made for inference (Transformer.set_precision)."""
    seen, total = set(), 0
    copies = [getattr(m, name) for m in loaded.model.modules() for name in ("fast_weight", "packed")
              if getattr(m, name, None) is not None]
    for t in list(loaded.model.parameters()) + list(loaded.model.buffers()) + copies:
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


def _series(name: str) -> str | None:
    """The run a step folder's name belongs to ("step-000150" → "step-"), None for other names."""
    match = re.fullmatch(r"(.*?)[-_]?\d+", name)
    return match.group(1) if match else None


def find_run(path: str | Path) -> list[Snapshot]:
    """The snapshots of the run a model at ``path`` belongs to (itself, or the run above it).

    Sibling folders count as one run only when they are numbered the same way
    (``step-000100``, ``checkpoint-500``): two unrelated models side by side in
    a models folder are not a timeline.
    """
    path = Path(path)
    if path.parent.name == "timeline":
        path = path.parent.parent  # a snapshot folder opened on its own
    snaps = find_timeline(path)
    if snaps or not path.is_dir():
        return snaps
    series = _series(path.name)
    if series is None:
        return []
    siblings = [s for s in find_timeline(path.parent) if _series(s.path.name) == series]
    return siblings if len(siblings) >= 2 else []
