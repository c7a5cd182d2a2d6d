"""The routines for a key press's few rows: the same products, and the one measured fastest is kept."""

from pathlib import Path

import numpy as np
import pytest
import torch

from explainer.core import products
from explainer.core.checkpoints import load_model
from explainer.core.trace import run
from explainer.core.transformer import WIDE_WEIGHTS, Linear

DEFAULT = Path(__file__).resolve().parents[2] / "models" / "tiny-gpt-nl-en"


@pytest.mark.parametrize("kernel", products.KERNELS)
@pytest.mark.parametrize("rows", [1, 2, 4])
@pytest.mark.parametrize("bias", [True, False])
def test_every_routine_computes_the_product(kernel, rows, bias):
    g = torch.Generator().manual_seed(rows)
    x, w = torch.randn(rows, 48, generator=g), torch.randn(96, 48, generator=g)
    b = torch.randn(96, generator=g) if bias else None
    with torch.inference_mode():
        got = products.multiply(kernel, x, w, b)
    want = x.double() @ w.double().T + (b.double() if bias else 0)
    assert got.dtype is torch.float32 and got.shape == (rows, 96)
    torch.testing.assert_close(got.double(), want, atol=1e-4, rtol=1e-5)


def test_einsum_stays_unless_another_routine_is_clearly_faster():
    assert products.pick({"einsum": 1.0, "blas": 0.9, "torch": 0.95}) == "einsum"  # within the margin
    assert products.pick({"einsum": 1.0, "blas": 0.5, "torch": 0.7}) == "blas"
    assert products.pick({"einsum": 1.0, "blas": 0.8, "torch": 0.3}) == "torch"
    assert products.pick({"einsum": 0.2, "blas": 0.5, "torch": 0.3}) == "einsum"


class Stopwatch:
    """A clock that moves only when a product is computed (by the cost the test sets for it)."""

    def __init__(self):
        self.now, self.products = 0.0, 0

    def __call__(self):
        return self.now


def test_tuning_gives_each_layer_the_routine_that_was_fastest_for_its_rows(monkeypatch):
    loaded = load_model(DEFAULT, precision="float32")
    model = loaded.model
    layers = [m for m in model.modules() if isinstance(m, Linear) and m.numpy_rows]
    head = model.lm_head
    assert head in layers and len(layers) > 1
    # a made-up machine: BLAS is fastest for one row through the blocks, torch for two; the output layer
    # is fastest with einsum
    cost = {("blas", 1, False): 1, ("torch", 1, False): 3, ("einsum", 1, False): 4,
            ("blas", 2, False): 5, ("torch", 2, False): 1, ("einsum", 2, False): 4,
            ("blas", 1, True): 9, ("torch", 1, True): 8, ("einsum", 1, True): 2}
    watch = Stopwatch()
    real = products.multiply

    def timed_multiply(kernel, rows, weight, bias):
        watch.now += cost[(kernel, rows.shape[0], weight.numel() >= WIDE_WEIGHTS)]
        watch.products += 1
        return real(kernel, rows, weight, bias)

    monkeypatch.setattr(products, "multiply", timed_multiply)
    monkeypatch.setattr(products, "_CHOSEN", {})
    chosen = products.tune(layers, lambda m: m.weight.numel() >= WIDE_WEIGHTS, clock=watch)
    assert chosen == {products.BLOCKS_ONE: "blas", products.BLOCKS_TWO: "torch", products.OUTPUT_ONE: "einsum"}
    assert head.row_kernels == ("einsum", products.DEFAULT)
    assert all(m.row_kernels == ("blas", "torch") for m in layers if m is not head)
    # the same shapes again (a model opened twice): the race is not run again
    raced = watch.products
    for m in layers:
        m.row_kernels = Linear.row_kernels
    assert products.tune(layers, lambda m: m.weight.numel() >= WIDE_WEIGHTS, clock=watch) == chosen
    assert watch.products == raced
    assert all(m.row_kernels == ("blas", "torch") for m in layers if m is not head)


def test_a_loaded_model_is_tuned_and_every_routine_gives_the_same_trace_while_typing():
    loaded = load_model(DEFAULT)
    model = loaded.model
    linears = [m for m in model.modules() if isinstance(m, Linear)]
    assert all(m.row_kernels[0] in products.KERNELS and m.row_kernels[1] in products.KERNELS for m in linears)
    assert model.precision is torch.float32 and all(m.numpy_rows for m in linears)
    # the vocabulary table of the same shape (nearest words) is read with the output layer's routine
    assert products.one_row_routine(tuple(model.lm_head.weight.shape)) == model.lm_head.row_kernels[0]
    text = "De kat zat op de mat en keek"
    traces = {}
    for kernel in products.KERNELS:
        for m in linears:
            m.row_kernels = (kernel, kernel)
        earlier, trace = None, None
        for end in range(1, len(text) + 1):  # a key at a time: one or two new positions each
            trace = run(model, loaded.tokenizer, text[:end], logits="predictions", reuse=earlier)
            earlier = trace
        assert trace.reused_tokens > 0
        traces[kernel] = trace
    whole = run(model, loaded.tokenizer, text, logits="predictions")
    for kernel, trace in traces.items():
        np.testing.assert_allclose(trace.logits, whole.logits, atol=2e-4, rtol=0, err_msg=kernel)
        np.testing.assert_allclose(trace.resid, whole.resid, atol=2e-4, rtol=0, err_msg=kernel)


def test_rounded_models_are_not_tuned():
    loaded = load_model(DEFAULT, precision="bfloat16")
    assert loaded.model.tune_products() == {}
    assert all(m.row_kernels == Linear.row_kernels for m in loaded.model.modules() if isinstance(m, Linear))


def test_gpt2_gelu_through_the_sigmoid_equals_the_tanh_formula():
    """Large inference activations take ``x sigmoid(2c(x + 0.044715 x^3))``: the same values as the tanh GELU
    (against float64), and a few values, or a gradient, still take torch's own."""
    import math

    from explainer.core.transformer import BIG_ACTIVATION, activation, gelu_tanh_by_sigmoid

    g = torch.Generator().manual_seed(3)
    x = torch.randn(1, 64, 1024, generator=g) * 4
    assert x.numel() >= BIG_ACTIVATION
    xd = x.double()
    want = 0.5 * xd * (1 + torch.tanh(math.sqrt(2 / math.pi) * (xd + 0.044715 * xd ** 3)))
    with torch.inference_mode():
        got = activation("gelu_tanh", x)
    torch.testing.assert_close(got.double(), want, atol=2e-6, rtol=1e-6)
    torch.testing.assert_close(gelu_tanh_by_sigmoid(x).double(), want, atol=2e-6, rtol=1e-6)
    assert torch.equal(x.double(), xd)  # the input is left as it was
    small = x[:, :1]
    with torch.inference_mode():
        assert torch.equal(activation("gelu_tanh", small), torch.nn.functional.gelu(small, approximate="tanh"))
    leaf = x.clone().requires_grad_(True)
    activation("gelu_tanh", leaf).sum().backward()  # training: torch's own, which has a gradient
    assert leaf.grad is not None and torch.isfinite(leaf.grad).all()
