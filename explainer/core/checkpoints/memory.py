"""Will the model fit in memory? Asked once its configuration is known, before any weight is unpacked.

Every format is unpacked to float32: a 4-bit GGUF file grows about eight
times, a half-precision folder twice. A file that would not fit is refused
with the sizes in the message, instead of pushing the computer into swap or
having the app killed.
"""

from __future__ import annotations

import os
from pathlib import Path

import torch

from explainer.core.checkpoints.base import CheckpointError
from explainer.core.config import ModelConfig

BYTES_PER_PARAM = 4  # float32
HEADROOM = 1.25  # the copies made while converting, and the activations of a Trace


def available_bytes(device: torch.device | str = "cpu") -> int | None:
    """Memory free for a new model on ``device`` (None: this system does not say)."""
    device = torch.device(device)
    if device.type == "cuda":
        try:
            return int(torch.cuda.mem_get_info(device)[0])
        except (RuntimeError, AssertionError):
            return None
    try:
        with open("/proc/meminfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def needed_bytes(cfg: ModelConfig) -> int:
    return int(cfg.param_count() * BYTES_PER_PARAM * HEADROOM)


def gigabytes(n: float) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e8 else f"{n / 1e6:.0f} MB"


def check_fits(cfg: ModelConfig, source: Path, device: torch.device | str = "cpu") -> None:
    """Raise CheckpointError when the unpacked model would need more memory than is free."""
    free = available_bytes(device)
    need = needed_bytes(cfg)
    if free is not None and need > free:
        where = "on the GPU" if torch.device(device).type == "cuda" else "in memory"
        raise CheckpointError(source, f"too large for this computer: {cfg.param_count():,} parameters need about "
                                      f"{gigabytes(need)} {where} once unpacked to float32, and {gigabytes(free)} "
                                      "is free; close other programs or open a smaller model")
