"""A pickle reader that builds plain data only, for nanoGPT's ``meta.pkl``.

A pickle is a small program: its opcodes can import any callable and call it,
which is how a crafted file runs code. This reader refuses every import
(``find_class``) and every persistent reference, so the only things it can
build are what pickle's own opcodes make: dicts, lists, tuples, sets, str,
bytes, int, float, bool and None. The result is checked once more afterwards.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

from explainer.core.checkpoints.base import CheckpointError

MAX_BYTES = 64 * 1024 * 1024  # a vocabulary is small; anything bigger is not a meta.pkl
PLAIN = (dict, list, tuple, set, frozenset, str, bytes, int, float, bool, type(None))


class _PlainUnpickler(pickle.Unpickler):
    """Unpickler whose imports all fail, so no callable ever reaches REDUCE or BUILD."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"it asks for {module}.{name}")

    def persistent_load(self, pid: Any) -> Any:
        raise pickle.UnpicklingError("it refers to an outside object")


def _check_plain(value: Any, depth: int = 0) -> None:
    if depth > 32 or not isinstance(value, PLAIN):
        raise pickle.UnpicklingError(f"it holds a {type(value).__name__}")
    if isinstance(value, dict):
        for k, v in value.items():
            _check_plain(k, depth + 1)
            _check_plain(v, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            _check_plain(v, depth + 1)


def loads_plain(data: bytes) -> Any:
    """Unpickle ``data`` if it is plain data; raise pickle.UnpicklingError otherwise."""
    try:
        value = _PlainUnpickler(io.BytesIO(data)).load()
    except pickle.UnpicklingError:
        raise
    except (EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            UnicodeDecodeError, MemoryError, RecursionError) as exc:
        raise pickle.UnpicklingError(f"it is damaged ({type(exc).__name__}: {exc})") from None
    _check_plain(value)
    return value


def load_plain(path: str | Path) -> Any:
    """Read a pickle file that must hold plain data only, as CheckpointError otherwise."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise CheckpointError(path, "the file is empty")
        if size > MAX_BYTES:
            raise CheckpointError(path, f"too large for a vocabulary file ({size:,} bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise CheckpointError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        return loads_plain(data)
    except pickle.UnpicklingError as exc:
        raise CheckpointError(path, f"refused: only plain data (dicts, lists, text, numbers) is "
                                    f"allowed in this file, but {exc}") from None
