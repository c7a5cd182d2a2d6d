"""Whole texts replayed from recorded graphs (explainer.core.graphs) give the Trace eager computing gives.

A CPU cannot record a CUDA graph, so these tests record with ``graphs.StandInGraph``: the same padding to a
bucket, the same fixed input and output tensors written again on every replay, the same cutting back to the
text and the same fallbacks, with the forward pass run again instead of replayed. On a machine with a GPU,
tests/core/test_default_device.py checks the real recording against the CPU.
"""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest
import torch

from explainer.core import graphs
from explainer.core.config import llama_config
from explainer.core.trace import _whole_text, run, trace_ids
from explainer.core.transformer import Interventions, Transformer
from tests.conftest import make_tiny_model
from tests.core.test_incremental_trace import assert_same

ARRAYS = ("embed", "pos_embed", "q", "k", "v", "attn", "z", "attn_out", "mlp_out", "resid", "final", "logits",
          "lens_ids", "lens_probs", "lens_rank")


@pytest.fixture
def on_cpu(monkeypatch):
    """Graphs recorded on the CPU too (by the stand-in), each bucket the first time it is used."""
    monkeypatch.setattr(graphs, "DEVICES", {"cuda", "cpu"})
    monkeypatch.setattr(graphs, "RECORD_ON_USE", 1)
    monkeypatch.delenv("EXPLAINER_CUDA_GRAPHS", raising=False)


def eager(model, ids, **kw):
    before = set(graphs.DEVICES)
    graphs.DEVICES.discard("cpu")
    try:
        return trace_ids(model, ids, **kw)
    finally:
        graphs.DEVICES.update(before)


def same(a, b) -> None:
    assert a.tokens == b.tokens and (a.logit_positions is None) == (b.logit_positions is None)
    # padded, the products run at other sizes: the BLAS may add in another order (1e-5 seen)
    assert_same(a, b, atol=1e-4, rtol=1e-4, fields=ARRAYS)


def recorder(model):
    return graphs.replayer(model, _whole_text)


def rope_model() -> Transformer:
    """RoPE, grouped-query heads, RMSNorm, SwiGLU and a sliding-window layer: every kind of position handling."""
    torch.manual_seed(3)
    cfg = llama_config(vocab_size=50, n_layer=3, n_head=4, n_kv_head=2, d_model=32, max_seq_len=128,
                       sliding_window=5, sliding_layers=[1])
    model = Transformer(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.3)
    return model


@pytest.mark.parametrize("n", [1, 7, 16, 17, 40, 64])
def test_a_padded_replay_gives_every_array_of_the_text_alone(on_cpu, n):
    model = make_tiny_model(max_seq_len=64).model
    ids = [int(i) for i in torch.randint(0, model.cfg.vocab_size, (n,), generator=torch.Generator().manual_seed(n))]
    for logits_at in (None, [n - 1]):
        replayed = trace_ids(model, ids, lens_k=3, logits_at=logits_at)
        same(replayed, eager(model, ids, lens_k=3, logits_at=logits_at))
    buckets = recorder(model).recordings
    assert list(buckets) == [graphs.bucket(model, n)] and buckets[graphs.bucket(model, n)] is not None
    assert buckets[graphs.bucket(model, n)].graph.replays == 2  # recorded once, replayed for both calls


def test_rope_grouped_heads_and_sliding_windows_pad_at_the_end_unchanged(on_cpu):
    model = rope_model()
    ids = list(range(3, 40))  # 37 tokens in the 64 bucket; the sliding layer hides keys 5 or more back
    replayed = trace_ids(model, ids, lens_k=4, logits_at=[36])
    assert replayed.reused_tokens == 0 and replayed.pos_embed is None
    same(replayed, eager(model, ids, lens_k=4, logits_at=[36]))
    assert graphs.bucket(model, 37) == 64 and recorder(model).recordings[64].ids.shape == (1, 64)


def test_a_short_text_after_a_long_one_in_the_same_bucket_sees_none_of_it(on_cpu):
    model = make_tiny_model(max_seq_len=64).model
    long_ids, short_ids = list(range(1, 31)), [5, 9, 2, 7, 11, 3, 8, 1, 4, 6, 10, 12, 13, 14, 15, 16, 17, 18]
    assert graphs.bucket(model, len(long_ids)) == graphs.bucket(model, len(short_ids)) == 32
    trace_ids(model, long_ids, logits_at=[29])
    short = trace_ids(model, short_ids, logits_at=[17])
    same(short, eager(model, short_ids, logits_at=[17]))
    assert short.attn.shape[2:] == (18, 18) and short.k.shape[2] == 18


def test_typing_on_replays_the_whole_text_instead_of_continuing(on_cpu):
    loaded = make_tiny_model(max_seq_len=64)
    first = run(loaded.model, loaded.tokenizer, "de kat zat op de", lens_k=3, logits="predictions")
    typed = run(loaded.model, loaded.tokenizer, "de kat zat op de m", lens_k=3, logits="predictions", reuse=first)
    assert typed.reused_tokens == 0
    same(typed, eager(loaded.model, list(typed.token_ids), labels=list(typed.tokens), lens_k=3,
                      logits_at=[typed.n_tokens - 1]))


def test_new_weights_are_recorded_again_and_in_place_changes_read(on_cpu):
    model = make_tiny_model().model
    ids = [1, 2, 3, 4, 5]
    trace_ids(model, ids)
    first = recorder(model).recordings[16]
    with torch.no_grad():
        model.blocks[0].mlp.fc_in.weight.data = model.blocks[0].mlp.fc_in.weight.data * 2  # new memory
    changed = trace_ids(model, ids)
    second = recorder(model).recordings[16]
    assert second is not first
    same(changed, eager(model, ids))
    with torch.no_grad():
        model.blocks[1].attn.q_proj.weight.mul_(0.5)  # same memory, as an optimizer step changes it
    again = trace_ids(model, ids)
    assert recorder(model).recordings[16] is second
    same(again, eager(model, ids))


def test_interventions_masked_models_and_the_switch_compute_eagerly(on_cpu, monkeypatch):
    model = make_tiny_model().model
    ids = [3, 1, 4, 1, 5]
    iv = Interventions(heads={(0, 1): None})
    ablated = trace_ids(model, ids, interventions=iv)
    assert not recorder(model).recordings  # nothing recorded for an intervention
    assert not np.allclose(ablated.z[0, 1], eager(model, ids).z[0, 1])
    assert not graphs.enabled(make_tiny_model(causal=False).model)  # padding would change what a masked model sees
    monkeypatch.setenv("EXPLAINER_CUDA_GRAPHS", "0")
    assert not graphs.enabled(model)
    trace_ids(model, ids)
    assert not recorder(model).recordings


def test_busy_too_big_or_unrecordable_buckets_compute_eagerly(on_cpu, monkeypatch):
    model = make_tiny_model().model
    ids = list(range(1, 21))
    with recorder(model).lock:  # another thread is replaying
        same(trace_ids(model, ids), eager(model, ids))
    assert not recorder(model).recordings
    monkeypatch.setattr(graphs, "MAX_STATIC_BYTES", graphs.static_bytes(model, 16))
    same(trace_ids(model, ids), eager(model, ids))  # 20 tokens need the 32 bucket: too big now
    assert recorder(model).recordings == {32: None}

    class Refuses:
        def __init__(self, body, device):
            raise RuntimeError("operation not permitted when stream is capturing")
    monkeypatch.setitem(graphs.RECORDER, "cpu", Refuses)
    same(trace_ids(model, ids[:10]), eager(model, ids[:10]))
    assert recorder(model).recordings[16] is None


def test_a_bucket_is_recorded_the_second_time_a_text_of_its_size_comes(on_cpu, monkeypatch):
    monkeypatch.setattr(graphs, "RECORD_ON_USE", 2)
    model = make_tiny_model().model
    first = trace_ids(model, [1, 2, 3])  # the first Trace of a model waits for no recording
    assert not recorder(model).recordings and recorder(model).uses == {16: 1}
    second = trace_ids(model, [1, 2, 3, 4])
    assert recorder(model).recordings[16].graph.replays == 1
    same(first, eager(model, [1, 2, 3]))
    same(second, eager(model, [1, 2, 3, 4]))
    trace_ids(model, list(range(1, 31)))  # a paste of another size: computed eagerly, its bucket not recorded
    assert list(recorder(model).recordings) == [16]


def test_buckets_double_from_sixteen_up_to_the_window():
    model = make_tiny_model(max_seq_len=100).model
    assert [graphs.bucket(model, n) for n in (1, 16, 17, 33, 64, 65, 100)] == [16, 16, 32, 64, 64, 100, 100]
    small, big = graphs.static_bytes(model, 16), graphs.static_bytes(model, 64)
    assert 4 * small < big  # the attention pattern grows with the square of the length


def test_forgetting_or_closing_a_model_drops_its_recordings(on_cpu):
    model = make_tiny_model().model
    trace_ids(model, [1, 2, 3])
    assert recorder(model).recordings
    graphs.forget(model)
    assert not recorder(model).recordings
    trace_ids(model, [1, 2, 3])
    assert model in graphs._REPLAYERS
    closed = weakref.ref(model)
    del model  # the window switched models: nothing of the graphs keeps the old one (and its card memory)
    gc.collect()
    assert closed() is None  # (a dead key leaves the WeakKeyDictionary with it)
