"""Reading JSON that came from anywhere, bounded in size and depth before it is parsed.

Every JSON file the app opens (``config.json``, ``tokenizer.json``, a shard
index, ``metadata.json``, a safetensors header) goes through here: a file
larger than ``limits.MAX_JSON_BYTES`` is refused before it is read, and
nesting deeper than ``limits.MAX_JSON_DEPTH`` is refused before it is parsed,
so a crafted file costs neither gigabytes nor a RecursionError. The loaders
turn ``JSONFileError`` into their CheckpointError, which names the same file.

This module imports nothing of the project at load time, so the tokenizers,
which the checkpoint package itself imports, can use it too.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import numpy as np


class JSONFileError(ValueError):
    """A JSON file that was refused or could not be read; ``problem`` says why in plain words."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")


def _size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:,.1f} {unit}"
    return f"{n} bytes"


def _limits():
    from explainer.core.checkpoints import limits  # here: importing that package imports the tokenizers

    return limits


_CHUNK = 1 << 22  # bytes looked at in one numpy pass: a few MB of scratch, whatever the file


def too_deep(raw: bytes, limit: int | None = None) -> bool:
    """Whether the JSON in ``raw`` nests arrays and objects deeper than ``limit`` (``MAX_JSON_DEPTH``).

    Decided on the bytes, before parsing, so that a deeply nested file never
    reaches the parser's recursion limit: a bracket counts only outside
    strings, and a quote opens or closes a string unless an odd number of
    backslashes precede it. Vectorised (numpy) over chunks of the file and,
    within a chunk, over its quotes, backslashes and brackets only, so it costs
    a fraction of what parsing does. UTF-8 never puts a quote, a backslash or a
    bracket inside a multi-byte character, so bytes are as good as text.
    """
    limit = _limits().MAX_JSON_DEPTH if limit is None else limit
    data = np.frombuffer(raw, dtype=np.uint8)
    depth, in_string, carried = 0, 0, 0  # carried: backslashes that ended the previous chunk
    for start in range(0, len(data), _CHUNK):
        a = data[start:start + _CHUNK]
        n = len(a)
        slashes = np.flatnonzero(a == ord("\\"))
        quotes = np.flatnonzero(a == ord('"'))
        run_start = slashes
        if len(slashes):  # the first backslash of the run each backslash belongs to
            first = np.ones(len(slashes), dtype=bool)
            first[1:] = np.diff(slashes) != 1
            run_start = np.maximum.accumulate(np.where(first, slashes, 0))
        if len(quotes) and (len(slashes) or carried):
            run = np.where(quotes == 0, carried, 0)  # backslashes right before each quote
            if len(slashes):
                k = np.minimum(np.searchsorted(slashes, quotes - 1), len(slashes) - 1)
                hit = slashes[k] == quotes - 1
                began = run_start[k]
                run = run + np.where(hit, quotes - began + np.where(began == 0, carried, 0), 0)
            quotes = quotes[run % 2 == 0]  # escaped quotes are part of a string
        brackets = np.flatnonzero((a == ord("[")) | (a == ord("{")) | (a == ord("]")) | (a == ord("}")))
        if len(brackets):
            outside = (np.searchsorted(quotes, brackets) + in_string) % 2 == 0
            brackets = brackets[outside]
        if len(brackets):
            kind = a[brackets]
            running = np.cumsum(np.where((kind == ord("[")) | (kind == ord("{")), 1, -1)) + depth
            if int(running.max()) > limit:
                return True
            depth = int(running[-1])
        in_string = (in_string + len(quotes)) % 2
        if len(slashes) and slashes[-1] == n - 1:
            began = int(run_start[-1])
            carried = n - began + (carried if began == 0 else 0)
        else:
            carried = 0
    return False


def parse(raw: bytes | str, path: str | Path) -> Any:
    """JSON already read (at most ``MAX_JSON_BYTES``), refusing deep nesting before parsing."""
    text = checked_text(raw, path)
    try:
        return json.loads(text)
    except RecursionError:  # cannot happen after the depth check; a last line of defence
        raise JSONFileError(path, "not accepted: JSON nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, and integers of more than 4,300 digits
        raise JSONFileError(path, f"not valid JSON ({str(exc)[:200]})") from None


def checked_text(raw: bytes | str, path: str | Path) -> str:
    """The text of JSON already read, with its size, nesting and encoding checked but not parsed.

    For a parser of its own (the tokenizers library reads a tokenizer.json
    faster than Python's json module and a second parse would cost as much again).
    """
    limits = _limits()
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if len(raw) > limits.MAX_JSON_BYTES:
        raise JSONFileError(path, f"holds more than the {_size(limits.MAX_JSON_BYTES)} of JSON the app reads")
    if too_deep(raw):
        raise JSONFileError(path, f"not accepted: JSON nested more than {limits.MAX_JSON_DEPTH} levels deep")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JSONFileError(path, f"not valid JSON (not UTF-8 text: {exc.reason} at byte {exc.start})") from None


def read(path: str | Path) -> Any:
    """The JSON in the file at ``path`` (see ``read_bytes`` for what is refused)."""
    return parse(read_bytes(path), path)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of the JSON file at ``path``, read within the limits and not yet parsed.

    Refused before parsing: anything that is not a regular file (a device, a
    pipe), a file larger than ``MAX_JSON_BYTES`` (never read whole: at most one
    byte more is read, so a file that grows or lies about its size is caught
    too), and nesting deeper than ``MAX_JSON_DEPTH``.
    """
    limits = _limits()
    path = Path(path)
    too_big = f"more than the {_size(limits.MAX_JSON_BYTES)} a JSON file may have"
    try:
        if not stat.S_ISREG(os.stat(path).st_mode) and not path.is_dir():
            raise JSONFileError(path, "is not a regular file")  # before open(): opening a pipe waits forever
        with open(path, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise JSONFileError(path, "is not a regular file")
            if info.st_size > limits.MAX_JSON_BYTES:
                raise JSONFileError(path, f"is {_size(info.st_size)}, {too_big}")
            raw = f.read(limits.MAX_JSON_BYTES + 1)
    except FileNotFoundError:
        raise JSONFileError(path, "file is missing") from None
    except IsADirectoryError:
        raise JSONFileError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise JSONFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > limits.MAX_JSON_BYTES:
        raise JSONFileError(path, f"is {too_big}")
    return raw
