"""Models whose numbers are not finite: refused at load by name, or said plainly in the Trace.

A training run that diverged saves NaN weights; weights that are finite but
huge make every activation overflow. Either way every number a panel would
draw is NaN, and some panels turned NaN into an index and crashed.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from explainer.core.checkpoints import CheckpointError, load_model
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.trace import NOT_FINITE, run
from tests.conftest import make_tiny_model


@pytest.mark.parametrize("damage, named", [
    (lambda m: [p.fill_(float("nan")) for p in m.parameters()], "wte.weight and "),
    (lambda m: m.blocks[1].mlp.fc_out.weight.data.view(-1)[7:9].fill_(float("inf")), "blocks.1.mlp.fc_out.weight:"),
    (lambda m: m.blocks[0].ln_1.bias.data.view(-1)[3:4].fill_(float("-inf")), "blocks.0.ln_1.bias:"),
])
def test_a_model_with_weights_that_are_not_finite_is_refused_by_name(tmp_path, damage, named):
    tiny = make_tiny_model()
    with torch.no_grad():
        damage(tiny.model)
    folder = save_checkpoint(tiny.model, tiny.tokenizer, tmp_path / "diverged", {"step": 1})
    with pytest.raises(CheckpointError) as raised:
        load_model(folder, "cpu")
    message = str(raised.value)
    assert "not finite numbers (NaN or infinity)" in message and named in message
    assert "diverged" in message


def test_a_model_with_finite_weights_loads(tmp_path):
    tiny = make_tiny_model()
    folder = save_checkpoint(tiny.model, tiny.tokenizer, tmp_path / "fine", {"step": 1})
    loaded = load_model(folder, "cpu")
    torch.testing.assert_close(loaded.model.wte.weight, tiny.model.wte.weight)


def test_a_trace_whose_logits_overflow_says_so_and_an_ordinary_one_does_not():
    tiny = make_tiny_model()
    ordinary = run(tiny.model, tiny.tokenizer, "de kat zat", logits="predictions")
    assert NOT_FINITE not in ordinary.notice and np.isfinite(ordinary.logits).all()
    with torch.no_grad():
        for p in tiny.model.parameters():
            p.mul_(1e30)  # finite weights whose products overflow float32
    huge = run(tiny.model, tiny.tokenizer, "de kat zat", logits="predictions")
    assert not np.isfinite(huge.logits).all()
    assert huge.notice == NOT_FINITE
    long = run(tiny.model, tiny.tokenizer, "de kat zat op de mat " * 20, logits="predictions")  # beyond 64 tokens
    assert long.notice.split("\n") == ["text too long for the context window: only the last 64 tokens are used",
                                       NOT_FINITE]
