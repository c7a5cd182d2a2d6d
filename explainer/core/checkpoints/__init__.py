"""Checkpoint formats, each converted into our one Transformer.

``load_model(path)`` picks the format from what is at the path and returns a
LoadedModel, or raises CheckpointError naming the file and the problem.
"""

from __future__ import annotations

from pathlib import Path

import torch

from explainer.core.checkpoints.base import CheckpointError, LoadedModel
from explainer.core.checkpoints import native


def detect_format(path: Path) -> str:
    if native.is_native(path):
        return native.FORMAT
    raise CheckpointError(path, "not a model this app can open (expected a model folder "
                                "with config.json)")


def load_model(path: str | Path, device: str | torch.device = "cpu") -> LoadedModel:
    """Open any supported checkpoint, never running code from it."""
    path = Path(path).expanduser()
    if not path.exists():
        raise CheckpointError(path, "no such file or folder")
    fmt = detect_format(path)
    if fmt == native.FORMAT:
        return native.load_checkpoint(path, device)
    raise CheckpointError(path, f"format {fmt!r} is not supported")


__all__ = ["CheckpointError", "LoadedModel", "load_model", "detect_format"]
