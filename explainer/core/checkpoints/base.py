"""What every loader returns, and the one error type a user ever sees from one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explainer.core.tokenizers import Tokenizer
from explainer.core.transformer import Transformer


class CheckpointError(Exception):
    """A checkpoint that cannot be opened; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")


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

    @property
    def n_params(self) -> int:
        return self.model.n_params()
