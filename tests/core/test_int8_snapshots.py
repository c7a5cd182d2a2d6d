"""Timeline snapshots stored as int8 with row scales: smaller, and the same predictions."""

from __future__ import annotations

import torch

from explainer.core.checkpoints import load_model
from explainer.core.checkpoints.native import INT8_SCALE, quantize_int8, save_checkpoint
from tests.conftest import make_tiny_model


def test_int8_folder_loads_with_the_same_predictions(tmp_path):
    loaded = make_tiny_model(seed=3, d_model=64, n_layer=2, n_head=2)
    save_checkpoint(loaded.model, loaded.tokenizer, tmp_path / "f16", dtype=torch.float16)
    save_checkpoint(loaded.model, loaded.tokenizer, tmp_path / "i8", dtype=torch.int8)
    assert (tmp_path / "i8" / "model.safetensors").stat().st_size < \
        0.6 * (tmp_path / "f16" / "model.safetensors").stat().st_size
    back = load_model(tmp_path / "i8", device="cpu")
    ids = torch.tensor([[1, 5, 7, 9, 11, 13]]) % loaded.cfg.vocab_size
    with torch.no_grad():
        ref = loaded.model(ids)
        got = back.model(ids)
    assert torch.equal(ref.argmax(-1), got.argmax(-1))
    assert (ref - got).abs().max() < 0.05 * ref.abs().max()


def test_quantize_matches_a_hand_computation():
    w = torch.tensor([[0.5, -1.0, 0.25], [2.0, 1.0, -0.5]])
    q = quantize_int8({"w": w, "b": torch.tensor([0.1, 0.2])})
    # row scales are absmax / 127: 1/127 and 2/127
    assert torch.allclose(q["w" + INT8_SCALE].float(), torch.tensor([1 / 127, 2 / 127]), rtol=1e-3)
    assert q["w"].tolist() == [[64, -127, 32], [127, 64, -32]]
    assert q["b"].dtype == torch.float16
