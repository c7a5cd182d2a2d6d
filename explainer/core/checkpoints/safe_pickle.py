"""A pickle reader that builds plain data only, for nanoGPT's ``meta.pkl``.

A pickle is a small program: its opcodes can import any callable and call it,
which is how a crafted file runs code. This reader refuses every import
(``find_class``) and every persistent reference, so the only things it can
build are what pickle's own opcodes make: dicts, lists, tuples, sets, str,
bytes, int, float, bool and None. The result is checked once more afterwards.

Plain data can still cost time and memory: each opcode of a pickle can make
an object (a 64 MB file of ``}`` opcodes is 64 million dicts), and shared
references make a 6 KB file a graph that a naive walk visits a billion times.
So a small file is unpickled by the C unpickler (few bytes, few objects), a
larger one by pickle's Python unpickler with every opcode counted, and the
check visits each object once, stopping at ``MAX_PICKLE_NODES``.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

from explainer.core.checkpoints import limits
from explainer.core.checkpoints.base import CheckpointError, describe

PLAIN = (dict, list, tuple, set, frozenset, str, bytes, int, float, bool, type(None))
_ATOMS = (str, bytes, int, float, bool, type(None))
# up to this size the C unpickler runs unwatched: at worst ~70 bytes of objects per byte of file
_FAST_BYTES = 1024 * 1024


class _Code(pickle.UnpicklingError):
    """The pickle imports a callable: it is a program, not data."""


class _PlainUnpickler(pickle.Unpickler):
    """Unpickler whose imports all fail, so no callable ever reaches REDUCE or BUILD."""

    def find_class(self, module: str, name: str) -> Any:
        raise _Code(f"it asks for {module}.{name}")

    def persistent_load(self, pid: Any) -> Any:
        raise pickle.UnpicklingError("it refers to an outside object")


def _counted(op):
    def run(self):
        self._ops += 1
        if self._ops > self._limit:
            raise pickle.UnpicklingError(f"it builds more than {self._limit:,} objects")
        op(self)
    return run


class _CountingUnpickler(pickle._Unpickler):  # the Python implementation: one call per opcode, so countable
    """Like _PlainUnpickler, but stops after ``MAX_PICKLE_NODES`` opcodes."""

    dispatch = {code: _counted(op) for code, op in pickle._Unpickler.dispatch.items()}
    _ops = 0

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file)
        self._limit = limits.MAX_PICKLE_NODES
    find_class = _PlainUnpickler.find_class
    persistent_load = _PlainUnpickler.persistent_load


def _check_plain(value: Any) -> None:
    """Refuse anything but plain data, deeper than MAX_PICKLE_DEPTH or bigger than MAX_PICKLE_NODES.

    Each container is walked once (remembered by id), so shared references
    cost one visit each; the depth is the longest path, shared parts included,
    and the recursion never goes deeper than MAX_PICKLE_DEPTH.
    """
    heights: dict[int, int] = {}  # id of a checked container → its height
    on_path: set[int] = set()
    visits, max_visits, max_depth = 0, limits.MAX_PICKLE_NODES, limits.MAX_PICKLE_DEPTH

    def height(v: Any, depth: int) -> int:
        nonlocal visits
        visits += 1
        if visits > max_visits:
            raise pickle.UnpicklingError(f"it holds more than {max_visits:,} objects")
        if isinstance(v, _ATOMS):
            return 0
        if not isinstance(v, PLAIN):
            raise pickle.UnpicklingError(f"it holds a {type(v).__name__}")
        key = id(v)
        h = heights.get(key)
        if h is None:
            if key in on_path:
                raise pickle.UnpicklingError("it contains itself")
            if depth >= max_depth:
                raise pickle.UnpicklingError(f"it is nested deeper than {max_depth} levels")
            on_path.add(key)
            h = 0
            children = (x for kv in v.items() for x in kv) if isinstance(v, dict) else v
            for child in children:
                h = max(h, 1 + height(child, depth + 1))
            on_path.discard(key)
            heights[key] = h
        if depth + h > max_depth:
            raise pickle.UnpicklingError(f"it is nested deeper than {max_depth} levels")
        return h

    height(value, 0)


def loads_plain(data: bytes) -> Any:
    """Unpickle ``data`` if it is plain data; raise pickle.UnpicklingError otherwise."""
    try:
        if len(data) <= _FAST_BYTES:
            value = _PlainUnpickler(io.BytesIO(data)).load()
        else:
            value = _CountingUnpickler(io.BytesIO(data)).load()
    except pickle.UnpicklingError:
        raise
    except (EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError,
            UnicodeDecodeError, MemoryError, RecursionError) as exc:
        raise pickle.UnpicklingError(f"it is damaged ({describe(exc)})") from None
    _check_plain(value)
    return value


def load_plain(path: str | Path) -> Any:
    """Read a pickle file that must hold plain data only, as CheckpointError otherwise."""
    path, max_bytes = Path(path), limits.MAX_PICKLE_BYTES
    try:
        with path.open("rb") as f:  # read at most the limit: a size from stat() can lie (a device, a pipe)
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise CheckpointError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise CheckpointError(path, "the file is empty")
    if len(data) > max_bytes:
        raise CheckpointError(path, f"too large for a vocabulary file (more than {max_bytes:,} bytes)")
    try:
        return loads_plain(data)
    except pickle.UnpicklingError as exc:
        if isinstance(exc, _Code):
            raise CheckpointError(path, f"refused: the file contains program code ({exc}), so it is "
                                        "not opened") from None
        raise CheckpointError(path, f"refused: only plain data (dicts, lists, text, numbers) is "
                                    f"allowed in this file, but {exc}") from None
