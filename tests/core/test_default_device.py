"""Where the app computes by itself: the GPU where torch sees one, else the CPU.

The rest of the suite computes on the CPU (tests/conftest.py sets ``EXPLAINER_DEVICE=cpu``): its numbers are
checked against CPU references, often to the last bit, and a GPU's kernels round differently. These tests drop
that setting, so on a machine with an NVIDIA GPU and a CUDA build of torch they run the app's own paths there
(load, a key's Trace and the next one, the Why panel's sums, the embedding map's fit, a fine-tune) and compare
them with the CPU; elsewhere they run the same paths on the CPU.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from explainer.core.analysis.attribution import contributions
from explainer.core.analysis.projection import fit_bases
from explainer.core.checkpoints import default_device, device_label, load_model
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core import graphs
from explainer.core.trace import _whole_text, run, trace_ids
from explainer.core.training.probes import centred_embeddings
from explainer.core.training.train import TrainConfig, pick_device, train
from explainer.paths import models_dir
from tests.conftest import make_tiny_model
from tests.core.test_graphs import rope_model

SHIPPED = models_dir() / "tiny-gpt-nl-en"
TEXT = "De kat zat op de mat en keek naar de vogels in de"
ARRAYS = ("embed", "q", "k", "v", "attn", "z", "attn_out", "mlp_out", "resid", "final", "logits")


@pytest.fixture
def app_device(monkeypatch) -> torch.device:
    """The device the app picks on this machine, with the suite's CPU setting dropped."""
    monkeypatch.delenv("EXPLAINER_DEVICE", raising=False)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def close(a: np.ndarray, b: np.ndarray, what: str) -> None:
    """Equal up to a GPU's rounding: a thousandth of each array's own scale."""
    assert a.shape == b.shape, what
    assert isinstance(a, np.ndarray) and np.isfinite(a).all(), what
    scale = float(np.abs(b).max()) or 1.0
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-3 * scale, err_msg=what)


def test_the_window_and_training_compute_where_the_environment_says(app_device, monkeypatch):
    assert default_device().type == app_device.type
    assert pick_device(None).type == app_device.type  # a fine-tune goes where the window's model is
    monkeypatch.setenv("EXPLAINER_DEVICE", "meta")  # any device torch knows, to see the setting is read
    assert default_device() == torch.device("meta") and pick_device(None) == torch.device("meta")
    assert pick_device("cpu") == torch.device("cpu")  # an explicit --device wins


def test_the_window_names_the_card_it_computes_on(monkeypatch):
    assert device_label("cpu") == "CPU" and device_label(torch.device("cpu")) == "CPU"
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=None: f"NVIDIA Test {index}")
    assert device_label(torch.device("cuda", 1)) == "CUDA:1 (NVIDIA Test 1)"
    assert device_label("cuda") == "CUDA:0 (NVIDIA Test 0)"

    def no_driver(index=None):
        raise RuntimeError("Found no NVIDIA driver on your system")
    monkeypatch.setattr(torch.cuda, "get_device_name", no_driver)
    assert device_label("cuda:0") == "CUDA:0"


def test_a_keys_trace_where_the_app_computes_equals_the_cpus(app_device):
    here, cpu = load_model(SHIPPED), load_model(SHIPPED, device="cpu")
    assert here.model.device.type == app_device.type
    first = run(here.model, here.tokenizer, TEXT, lens_k=5, logits="predictions")
    typed_on = run(here.model, here.tokenizer, TEXT + " bo", lens_k=5, logits="predictions", reuse=first)
    if app_device.type == "cuda":  # the whole text again, replayed from the graph recorded for the first key
        assert typed_on.reused_tokens == 0
        assert any(graphs.replayer(here.model, _whole_text).recordings.values())
    else:  # the next key continues from the first key's Trace
        assert typed_on.reused_tokens > 0
    for trace, text in ((first, TEXT), (typed_on, TEXT + " bo")):
        ref = run(cpu.model, cpu.tokenizer, text, lens_k=5, logits="predictions")
        assert trace.tokens == ref.tokens
        for name in ARRAYS:
            close(getattr(trace, name), getattr(ref, name), f"{name} of {text!r}")
        assert (trace.lens_ids[:, -1, 0] == ref.lens_ids[:, -1, 0]).mean() >= 0.8  # top word per layer
        close(trace.lens_probs, ref.lens_probs, "logit lens")


def test_a_rope_model_with_grouped_heads_and_a_sliding_layer_equals_the_cpu_at_every_length(app_device):
    """On a GPU: texts padded into their graph's bucket (a short one after a long one in the same bucket)."""
    cpu_model = rope_model()
    here = rope_model().to(app_device)
    for n in (37, 18, 64, 65, 3, 37, 18, 64, 65, 3):  # each bucket is recorded the second time
        ids = [int(i) for i in torch.randint(0, 50, (n,), generator=torch.Generator().manual_seed(n))]
        trace, ref = trace_ids(here, ids, lens_k=4, logits_at=[n - 1]), trace_ids(cpu_model, ids, lens_k=4,
                                                                                    logits_at=[n - 1])
        for name in ARRAYS:
            close(getattr(trace, name), getattr(ref, name), f"{name} at {n} tokens")
        close(trace.lens_probs, ref.lens_probs, f"logit lens at {n} tokens")
    recorded = graphs.replayer(here, _whole_text).recordings
    assert sorted(recorded) == ([16, 32, 64, 128] if app_device.type == "cuda" else [])
    assert all(recorded.values())


def test_the_why_panels_sums_where_the_app_computes_equal_the_cpus(app_device):
    here, cpu = load_model(SHIPPED), load_model(SHIPPED, device="cpu")
    trace = run(here.model, here.tokenizer, TEXT, logits="predictions")
    ref = run(cpu.model, cpu.tokenizer, TEXT, logits="predictions")
    target = int(np.argmax(ref.logits_at(ref.n_tokens - 1)))
    a = contributions(here.model, trace, trace.n_tokens - 1, target)
    b = contributions(cpu.model, ref, ref.n_tokens - 1, target)
    assert a.total() == pytest.approx(a.logit, rel=1e-3) and a.logit == pytest.approx(b.logit, rel=1e-3)
    assert a.runner_up == b.runner_up
    close(a.heads, b.heads, "per-head contributions")
    close(a.mlp, b.mlp, "per-layer MLP contributions")


def test_the_embedding_map_is_fitted_where_the_app_computes(app_device):
    here, cpu = load_model(SHIPPED), load_model(SHIPPED, device="cpu")
    a, b = fit_bases(here.model, here.tokenizer), fit_bases(cpu.model, cpu.tokenizer)
    # a principal axis may come out with the other sign: compare the points up to that
    for got, want, what in ((a.cloud, b.cloud, "vocabulary"), (a.layer_clouds[-1], b.layer_clouds[-1], "last layer")):
        close(got * np.sign((got * want).sum(axis=-2, keepdims=True)), want, what)
    with torch.no_grad():  # the neighbour list's vectors
        close(centred_embeddings(here.model).cpu().numpy(), centred_embeddings(cpu.model).numpy(), "neighbours")


def test_a_fine_tune_runs_where_the_app_computes_and_reopens_on_the_cpu(app_device, tmp_path):
    tiny = make_tiny_model(seed=4)
    base = save_checkpoint(tiny.model, tiny.tokenizer, tmp_path / "base", {"step": 1, "languages": ["nl"]})
    text = tmp_path / "text.txt"
    text.write_text("er was eens een kat die op de mat zat en graag in de zon lag.\n" * 12, encoding="utf-8")
    losses = []
    result = train(TrainConfig(data=str(text), out=str(tmp_path / "out"), base=str(base), steps=6, eval_every=6,
                               batch_size=2, max_seq_len=16, seed=5, lr=3e-3),
                   lambda p: losses.append(p.loss) if p.event == "step" else None)
    assert next(result.model.parameters()).device.type == app_device.type
    assert len(losses) == 6 and all(np.isfinite(losses)) and losses[-1] < losses[0]
    reopened = load_model(tmp_path / "out", device="cpu")
    ids = torch.tensor([reopened.tokenizer.encode("de kat zat op de mat").ids])
    with torch.no_grad():
        trained = result.model.eval()(ids.to(app_device)).float().cpu().numpy()
        close(reopened.model(ids).numpy(), trained, "logits of the saved fine-tune")
