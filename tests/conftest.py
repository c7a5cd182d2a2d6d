"""Shared fixtures: tiny models built in the test, never downloaded."""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import torch

from explainer.core.checkpoints.base import LoadedModel
from explainer.core.config import bert_config, gpt2_config
from explainer.core.tokenizers import CharTokenizer
from explainer.core.transformer import Transformer

ALPHABET = " .,!?'-[]abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëïöüè0123456789\n"


def make_tiny_model(causal: bool = True, seed: int = 0, n_layer: int = 2, n_head: int = 2,
                    d_model: int = 16, max_seq_len: int = 64) -> LoadedModel:
    """A seeded random model with a character vocabulary; masked models get a [MASK] symbol."""
    torch.manual_seed(seed)
    tok = CharTokenizer({c: i for i, c in enumerate(ALPHABET)})
    make = gpt2_config if causal else bert_config
    cfg = make(vocab_size=tok.vocab_size, n_layer=n_layer, n_head=n_head, d_model=d_model,
               max_seq_len=max_seq_len, name="tiny-test" if causal else "tiny-test-mlm")
    model = Transformer(cfg).eval()
    with torch.no_grad():  # larger than the training init, so attention patterns are not flat
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.3)
    return LoadedModel(model=model, tokenizer=tok, path=Path("tiny-test"), format="test")


@pytest.fixture
def tiny_model() -> LoadedModel:
    return make_tiny_model()


@pytest.fixture
def tiny_mlm() -> LoadedModel:
    return make_tiny_model(causal=False)
