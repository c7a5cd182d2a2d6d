"""What every loader returns, and the one error type a user ever sees from one."""

from __future__ import annotations

import functools

import pickle
import reprlib
import struct
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from explainer.core.tokenizers import Tokenizer
from explainer.core.transformer import Transformer


class CheckpointError(Exception):
    """A checkpoint that cannot be opened; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")


# what reading a broken or crafted file can raise anywhere in a loader, besides CheckpointError
BROKEN_FILE_ERRORS: tuple[type[BaseException], ...] = (
    ValueError, TypeError, KeyError, IndexError, AttributeError, LookupError, ArithmeticError, EOFError,
    OSError, RuntimeError, struct.error, pickle.UnpicklingError, RecursionError, MemoryError)

_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother, _REPR.maxlevel, _REPR.maxlong = 60, 60, 3, 40


def short(value: Any, limit: int = 200) -> str:
    """One line of at most ``limit`` characters about ``value``: safe on huge or deeply nested data."""
    try:
        text = value if isinstance(value, str) else _REPR.repr(value)
    except Exception:  # a repr can fail in many ways on crafted data; the type still says something
        text = f"<{type(value).__name__}>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(exc: BaseException) -> str:
    """A one-line description of an exception raised while reading a file."""
    if isinstance(exc, RecursionError):
        return "its data is nested too deeply"
    if isinstance(exc, MemoryError) or type(exc).__name__ == "OutOfMemoryError":
        return "not enough memory"
    text = short(str(exc)) if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@contextmanager
def file_errors(path: str | Path, what: str) -> Iterator[None]:
    """Turn whatever a broken ``what`` (a file kind) raises while being read into one CheckpointError."""
    try:
        yield
    except CheckpointError:
        raise
    except BROKEN_FILE_ERRORS as exc:
        reason = describe(exc)
        if isinstance(exc, (RecursionError, MemoryError)) or type(exc).__name__ == "OutOfMemoryError":
            raise CheckpointError(path, f"cannot be opened: {reason}") from None
        raise CheckpointError(path, f"damaged or unsupported {what} ({reason})") from None


@dataclass
class LoadedModel:
    """A model converted into our Transformer, with its tokenizer and where it came from.

    ``metadata`` carries what the checkpoint says about its training (step,
    validation loss, corpus); ``format`` is the file format it was read from.
    """

    model: Transformer
    tokenizer: Tokenizer
    path: Path
    format: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def cfg(self):
        return self.model.cfg

    @property
    def name(self) -> str:
        return self.model.cfg.name or self.path.name

    @functools.cached_property
    def n_params(self) -> int:
        """Counted once: panels read it on every key, and a model's shapes never change once loaded."""
        return self.model.n_params()
