"""A float32 model on the CPU keeps its blocks' weights input-major (transformer.input_major): the same numbers in
another order in memory, which every reader, a saved file and training see as before."""

from __future__ import annotations

import numpy as np
import torch

from explainer.core.checkpoints import load_model
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.trace import run
from explainer.core.training.train import make_optimizer
from explainer.core.transformer import Linear
from explainer.paths import models_dir

SHIPPED = models_dir() / "tiny-gpt-nl-en"
TEXT = "De kat zat op de mat en keek naar de vogels in de tuin"


def block_linears(model):
    return [m for m in model.blocks.modules() if isinstance(m, Linear)]


def test_the_blocks_weights_are_stored_input_major_and_read_as_before():
    loaded = load_model(SHIPPED, device="cpu")
    model = loaded.model
    layers = block_linears(model)
    assert layers and all(m.weight.stride() == (1, m.out_features) for m in layers)  # (in, out) in memory
    assert all(m.weight.shape == (m.out_features, m.in_features) for m in layers)  # (out, in) to readers
    assert model.lm_head.weight.is_contiguous() and model.wte.weight.is_contiguous()  # the vocabulary as it was
    plain = load_model(SHIPPED, device="cpu")
    for m in block_linears(plain.model):
        m.weight.data = m.weight.data.contiguous()
    for a, b in zip(layers, block_linears(plain.model)):
        assert torch.equal(a.weight, b.weight)
    ours, ref = (run(x.model, x.tokenizer, TEXT, logits="predictions") for x in (loaded, plain))
    for name in ("q", "attn", "mlp_out", "resid", "logits"):
        np.testing.assert_allclose(getattr(ours, name), getattr(ref, name), rtol=1e-5, atol=1e-5, err_msg=name)
    # a key press's few rows (numpy's routines or F.linear) read the same weights
    typed = run(loaded.model, loaded.tokenizer, TEXT + " e", logits="predictions", reuse=ours)
    again = run(plain.model, plain.tokenizer, TEXT + " e", logits="predictions")
    assert typed.reused_tokens > 0
    np.testing.assert_allclose(typed.logits, again.logits, rtol=1e-5, atol=1e-5)


def test_a_saved_model_and_training_see_the_usual_order(tmp_path):
    loaded = load_model(SHIPPED, device="cpu")
    folder = save_checkpoint(loaded.model, loaded.tokenizer, tmp_path / "copy")
    back = load_model(folder, device="cpu")
    for a, b in zip(block_linears(loaded.model), block_linears(back.model)):
        assert torch.equal(a.weight, b.weight)
    make_optimizer(loaded.model, lr=1e-3, weight_decay=0.1)  # the fused AdamW gets row-major weights
    assert all(p.is_contiguous() for p in loaded.model.parameters())
