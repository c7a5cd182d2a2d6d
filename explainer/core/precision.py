"""How the linear layers multiply: exact float32, or bfloat16 where that is native and worth it.

A CPU with bfloat16 instructions (``avx512_bf16`` or ``amx_bf16``) computes a
bfloat16 matrix product about twice as fast as a float32 one, adding up in
float32. For a model of tens of millions of parameters that halves the time
of a Trace; the rounding moves a shown probability by a fraction of a
percentage point. The small default model is fast in float32 and stays
exact. ``EXPLAINER_PRECISION`` (``auto``, ``float32`` or ``bfloat16``) or
``explainer --precision`` decide otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

import torch

CHOICES = ("auto", "float32", "bfloat16")
# below this many parameters in the blocks a Trace takes milliseconds in float32: keep it exact
AUTO_BF16_PARAMS = 30_000_000
ENV = "EXPLAINER_PRECISION"


def cpu_has_bf16(cpuinfo: str | None = None) -> bool:
    """True where the CPU lists bfloat16 instructions (Linux /proc/cpuinfo; elsewhere False)."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")[:200_000]
        except OSError:
            return False
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            flags = set(line.partition(":")[2].split())
            return bool(flags & {"avx512_bf16", "amx_bf16"})
    return False


def wanted() -> str:
    """The precision asked for in the environment, or "auto"; an unknown value is refused by name."""
    value = os.environ.get(ENV, "auto").strip().lower() or "auto"
    if value not in CHOICES:
        raise ValueError(f"{ENV}={value!r} is not one of {', '.join(CHOICES)}")
    return value


def choose(block_params: int, device: torch.device | str, choice: str = "auto",
           native_bf16: bool | None = None) -> torch.dtype | None:
    """The type to multiply in (None: the weights' own) for a model of ``block_params`` parameters in its blocks."""
    if choice not in CHOICES:
        raise ValueError(f"precision must be one of {', '.join(CHOICES)}, not {choice!r}")
    if choice == "float32":
        return None
    if choice == "bfloat16":
        return torch.bfloat16
    if torch.device(device).type != "cpu" or block_params < AUTO_BF16_PARAMS:
        return None
    return torch.bfloat16 if (cpu_has_bf16() if native_bf16 is None else native_bf16) else None


def label(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")
