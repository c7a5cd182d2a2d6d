"""bfloat16 products against the float32 path, and when the app chooses them."""

from pathlib import Path

import numpy as np
import pytest
import torch

from explainer.core import precision
from explainer.core.checkpoints import load_model
from explainer.core.trace import run, softmax

from tests.core.test_model_vs_hf import convert, tiny

DEFAULT = Path(__file__).resolve().parents[2] / "models" / "tiny-gpt-nl-en"


def test_the_cpu_flags_are_read():
    assert precision.cpu_has_bf16("processor: 0\nflags\t\t: fpu avx512f avx512_bf16 sse\n")
    assert precision.cpu_has_bf16("flags : fpu amx_bf16 amx_tile\n")
    assert not precision.cpu_has_bf16("flags : fpu avx2 fma avx512f\n")
    assert not precision.cpu_has_bf16("")


def test_auto_rounds_only_big_models_on_a_cpu_that_computes_bfloat16():
    big, small = precision.AUTO_BF16_PARAMS, precision.AUTO_BF16_PARAMS - 1
    assert precision.choose(big, "cpu", "auto", native_bf16=True) is torch.bfloat16
    assert precision.choose(small, "cpu", "auto", native_bf16=True) is None
    assert precision.choose(big, "cpu", "auto", native_bf16=False) is None
    assert precision.choose(big, "cuda", "auto", native_bf16=True) is None
    assert precision.choose(small, "cpu", "bfloat16") is torch.bfloat16
    assert precision.choose(big, "cpu", "float32", native_bf16=True) is None
    with pytest.raises(ValueError, match="precision"):
        precision.choose(big, "cpu", "fp8")


def test_the_environment_decides_and_a_bad_value_is_named(monkeypatch):
    monkeypatch.setenv(precision.ENV, "BFloat16")
    assert precision.wanted() == "bfloat16"
    monkeypatch.setenv(precision.ENV, "half")
    with pytest.raises(ValueError, match="EXPLAINER_PRECISION='half'"):
        precision.wanted()
    monkeypatch.delenv(precision.ENV)
    assert precision.wanted() == "auto"


@pytest.mark.parametrize("kind", ["gpt2", "llama"])
def test_bfloat16_products_stay_close_to_float32_and_halve_the_weights(kind):
    model = convert(tiny(kind))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    ids = torch.randint(0, 97, (1, 20))
    with torch.inference_mode():
        exact = model(ids)
    model.set_precision(torch.bfloat16)
    assert model.precision is torch.bfloat16
    with torch.inference_mode():
        rounded = model(ids)
    assert rounded.dtype == torch.float32
    assert not torch.equal(rounded, exact)  # the products really ran in bfloat16
    p, q = torch.softmax(exact, -1), torch.softmax(rounded, -1)
    assert (p - q).abs().max() < 0.02  # a shown probability moves by well under two percentage points
    assert (p.argmax(-1) == q.argmax(-1)).float().mean() > 0.9
    after = model.state_dict()
    assert after.keys() == before.keys()
    tied = model.lm_head.weight is model.wte.weight
    for name, value in after.items():
        linear = name.endswith(("_proj.weight", "fc_in.weight", "fc_gate.weight", "fc_out.weight")) or (
            name == "lm_head.weight" and not tied)
        if linear:  # rounded in place: half the memory, the same numbers to bfloat16's precision
            assert value.dtype is torch.bfloat16 and torch.equal(value, before[name].to(torch.bfloat16)), name
        elif not name.endswith("bias"):
            assert value.dtype is torch.float32 and torch.equal(value, before[name]), name
    with torch.enable_grad():  # a gradient still flows (the products in bfloat16)
        out = model(ids)
        out.sum().backward()
        assert model.wte.weight.grad is not None
    model.set_precision(None)  # leaves the rounded weights as they are
    assert model.precision is torch.bfloat16


def test_the_default_model_stays_exact_and_can_be_asked_to_round(monkeypatch):
    exact = load_model(DEFAULT)
    assert exact.model.precision is torch.float32  # 3 M parameters in its blocks: fast enough in float32
    assert exact.model.lm_head.numpy_rows  # a few rows of the output layer go through numpy
    plain = load_model(DEFAULT, precision="float32")
    plain.model.lm_head.numpy_rows = 0
    text = "De kat zat op de"
    a = run(exact.model, exact.tokenizer, text, logits="predictions")
    b = run(plain.model, plain.tokenizer, text, logits="predictions")
    np.testing.assert_allclose(a.logits, b.logits, atol=1e-4, rtol=0)
    monkeypatch.setenv(precision.ENV, "bfloat16")
    rounded = load_model(DEFAULT)
    assert rounded.model.precision is torch.bfloat16 and not rounded.model.lm_head.numpy_rows
    assert rounded.model.lm_head.fast_weight is not None  # tied: the table stays float32, the head multiplies a copy
    assert rounded.model.wte.weight.dtype is torch.float32
    c = run(rounded.model, rounded.tokenizer, text, logits="predictions")
    top_a = set(np.argsort(-a.logits[0])[:5].tolist())
    top_c = set(np.argsort(-c.logits[0])[:5].tolist())
    assert len(top_a & top_c) >= 4
    assert np.abs(softmax(a.logits[0]) - softmax(c.logits[0])).max() < 0.02


@pytest.mark.parametrize("rows", [1, 2, 4, 5, 9, 10, 11])
@pytest.mark.parametrize("layer", ["lm_head", "blocks.0.attn.q_proj", "blocks.1.mlp.fc_out"])
def test_a_few_rows_through_a_linear_layer_match_torch(rows, layer):
    """A few rows are multiplied by numpy on the weights' own memory, more by torch: both agree
    with the product on the weights (and bias) as they are now, also after an in-place write such
    as an optimizer step."""
    from explainer.core.transformer import NUMPY_ROWS

    loaded = load_model(DEFAULT)
    module = loaded.model.get_submodule(layer)
    assert module.numpy_rows == NUMPY_ROWS
    x = torch.randn(1, rows, module.in_features)
    for _ in range(2):
        with torch.inference_mode():
            got = module(x)
        want = x.double() @ module.weight.detach().double().T
        if module.bias is not None:
            want = want + module.bias.detach().double()
        assert got.dtype is torch.float32 and got.shape == (1, rows, module.out_features)
        torch.testing.assert_close(got.double(), want, atol=1e-4, rtol=1e-4)
        with torch.no_grad():
            module.weight.mul_(-2.0)
            if module.bias is not None:
                module.bias.add_(1.0)


def test_packed_bfloat16_products_equal_the_plain_ones_and_step_aside_for_changed_weights(monkeypatch):
    """On a CPU with bfloat16, rounded layers also keep oneDNN's packed weights; a Trace is the same with
    and without them, and a weight changed in place (an optimizer step) is multiplied as it is now."""
    from explainer.core.transformer import Linear, can_pack

    monkeypatch.setenv(precision.ENV, "bfloat16")
    loaded = load_model(DEFAULT)
    linears = [m for m in loaded.model.modules() if isinstance(m, Linear)]
    assert all(m.packed is not None for m in linears) == can_pack(torch.bfloat16)
    assert can_pack(torch.bfloat16) == precision.cpu_has_bf16()  # this machine: both or neither
    text = "De kat zat op de mat"
    packed = run(loaded.model, loaded.tokenizer, text)
    saved = [(m, m.packed) for m in linears]
    for m in linears:
        m.packed = None
    plain = run(loaded.model, loaded.tokenizer, text)
    for m, p in saved:
        m.packed = p
    np.testing.assert_array_equal(packed.logits, plain.logits)
    np.testing.assert_array_equal(packed.resid, plain.resid)

    module = loaded.model.get_submodule("blocks.0.mlp.fc_out")
    x = torch.randn(1, 2, module.in_features)
    with torch.no_grad():
        module.weight.mul_(-2.0)  # in place, as an optimizer step: the packed copy is out of date
        got = module(x)
    want = torch.nn.functional.linear(x.to(torch.bfloat16), module.weight, module.bias.to(torch.bfloat16)).float()
    torch.testing.assert_close(got, want, atol=0, rtol=0)
    loaded.model.set_precision(None)  # packs again what the layers hold now
    assert (module.packed is not None) == can_pack(torch.bfloat16)
    with torch.no_grad():
        torch.testing.assert_close(module(x), want, atol=0, rtol=0)


def test_an_optimizer_step_never_meets_an_old_packed_copy(monkeypatch):
    """The fused AdamW changes weights without moving their version counters: the optimizer is made only
    after the packed copies are dropped, and ``repack`` packs the trained weights again."""
    from explainer.core.training.train import make_optimizer
    from explainer.core.transformer import can_pack

    monkeypatch.setenv(precision.ENV, "bfloat16")
    loaded = load_model(DEFAULT)
    module = loaded.model.get_submodule("blocks.0.attn.q_proj")
    assert (module.packed is not None) == can_pack(torch.bfloat16)
    assert not can_pack(torch.float32)  # float32 layers multiply as stored (einsum or F.linear)
    opt = make_optimizer(loaded.model, lr=0.05, weight_decay=0.0)
    assert all(m.packed is None for m in loaded.model.modules() if hasattr(m, "packed"))
    ids = torch.tensor([loaded.tokenizer.encode("De kat zat op de mat").ids])
    loaded.model.train()
    loaded.model(ids).float().logsumexp(-1).mean().backward()
    opt.step()
    loaded.model.eval()
    x = torch.randn(1, 3, module.in_features)
    want = torch.nn.functional.linear(x.to(torch.bfloat16), module.weight, module.bias.to(torch.bfloat16)).float()
    with torch.inference_mode():
        torch.testing.assert_close(module(x), want, atol=0, rtol=0)
    loaded.model.repack()
    assert (module.packed is not None) == can_pack(torch.bfloat16)
    with torch.inference_mode():
        torch.testing.assert_close(module(x), want, atol=0, rtol=0)
