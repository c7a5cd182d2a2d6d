"""A Trace that continues from an earlier one equals a full forward pass.

Typing at the end of a sentence only adds positions; the app copies the
positions both texts share from the previous Trace and computes the rest from
its keys and values. Every field is checked against a full pass, and the
joined Trace against Hugging Face transformers itself.
"""

import numpy as np
import pytest
import torch
import transformers

from explainer.core.analysis.interventions import Ablation, build_interventions
from explainer.core.config import gpt2_config, llama_config
from explainer.core.trace import reusable_prefix, trace_ids
from explainer.core.transformer import Transformer

from tests.core.test_model_vs_hf import convert, tiny

FIELDS = ("embed", "pos_embed", "q", "k", "v", "attn", "z", "attn_out", "mlp_out", "resid", "final")
IDS = [5, 17, 3, 88, 42, 42, 9, 61, 70, 2, 33, 12, 5, 17]


def random_native(kind: str) -> Transformer:
    torch.manual_seed(1)
    if kind == "neox":  # parallel attention and MLP, rotating a quarter of each head
        cfg = gpt2_config(vocab_size=97, n_layer=2, n_head=4, d_model=32, max_seq_len=64, positions="rope",
                          rotary_pct=0.25, parallel_attn_mlp=True)
    elif kind == "sinusoidal":
        cfg = gpt2_config(vocab_size=97, n_layer=3, n_head=2, d_model=16, max_seq_len=64, positions="sinusoidal")
    else:  # grouped-query llama with a head width that is not d_model / n_head
        cfg = llama_config(vocab_size=97, n_layer=2, n_head=4, n_kv_head=2, d_model=32, d_head=12, max_seq_len=64)
    model = Transformer(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.2)
    return model


def models():
    yield "gpt2", convert(tiny("gpt2"))
    yield "llama", convert(tiny("llama"))
    yield "qwen2", convert(tiny("qwen2"))
    for kind in ("neox", "sinusoidal", "gqa-wide-heads"):
        yield kind, random_native(kind)


def assert_same(joined, full, atol=1e-5, rtol=0.0, fields=FIELDS):
    for name in fields:
        a, b = getattr(joined, name), getattr(full, name)
        if b is None:
            assert a is None, name
            continue
        assert a.shape == b.shape, name
        np.testing.assert_allclose(a, b, atol=atol, rtol=rtol, err_msg=name)
    np.testing.assert_array_equal(joined.token_ids, full.token_ids)


@pytest.mark.parametrize("kind,model", list(models()), ids=lambda v: v if isinstance(v, str) else "")
@pytest.mark.parametrize("shared", [1, 6, 13])
def test_continuing_equals_a_full_pass(kind, model, shared):
    earlier = trace_ids(model, IDS[:shared] + [90, 91, 92], lens_k=3)  # the same beginning, then other tokens
    full = trace_ids(model, IDS, logits_at=[len(IDS) - 1], lens_k=3)
    joined = trace_ids(model, IDS, logits_at=[len(IDS) - 1], lens_k=3, reuse=earlier)
    assert joined.reused_tokens == shared and full.reused_tokens == 0
    assert_same(joined, full)
    np.testing.assert_allclose(joined.logits, full.logits, atol=1e-4, rtol=0)
    np.testing.assert_array_equal(joined.lens_ids[:, :, 0], full.lens_ids[:, :, 0])
    np.testing.assert_allclose(joined.lens_probs, full.lens_probs, atol=1e-5)
    # the copied rows of the pattern never look at keys that did not exist yet
    assert not joined.attn[:, :, :shared, shared:].any()


@pytest.mark.parametrize("kind", ["gpt2", "llama", "qwen2"])
def test_a_continued_trace_matches_transformers(kind):
    """The independent check: every attention pattern, hidden state and the logits, key by key."""
    hf = tiny(kind)
    ours = convert(hf)
    trace = None
    for n in range(1, len(IDS) + 1):  # typed one token at a time, each Trace continuing the last
        trace = trace_ids(ours, IDS[:n], logits_at=[n - 1], reuse=trace)
        assert trace.reused_tokens == n - 1
    with torch.no_grad():
        out = hf(torch.tensor([IDS]), output_attentions=True, output_hidden_states=True)
    np.testing.assert_allclose(trace.attn, torch.stack([a[0] for a in out.attentions]).numpy(), atol=1e-4, rtol=0)
    hs = torch.stack([h[0] for h in out.hidden_states]).numpy()
    np.testing.assert_allclose(trace.resid[:-1], hs[:-1], atol=1e-4, rtol=0)
    np.testing.assert_allclose(trace.logits[0], out.logits[0, -1].numpy(), atol=1e-4, rtol=0)


def test_the_same_interventions_continue_exactly():
    model = convert(tiny("gpt2"))
    iv = build_interventions([Ablation("head", 1, 2), Ablation("mlp", 0)])
    earlier = trace_ids(model, IDS[:8], interventions=iv)
    full = trace_ids(model, IDS, interventions=iv, logits_at=[-1])
    joined = trace_ids(model, IDS, interventions=iv, logits_at=[-1], reuse=earlier)
    assert joined.reused_tokens == 8
    assert_same(joined, full)
    np.testing.assert_allclose(joined.logits, full.logits, atol=1e-4, rtol=0)
    assert not np.allclose(full.logits, trace_ids(model, IDS, logits_at=[-1]).logits)  # the ablation mattered


def test_what_is_never_reused(tiny_mlm):
    model = convert(tiny("gpt2"))
    earlier = trace_ids(model, IDS)
    assert reusable_prefix(model, earlier, [IDS[0] + 1] + IDS[1:]) == 0  # the first token changed
    assert reusable_prefix(model, earlier, IDS) == len(IDS) - 1  # the same text: the last position again
    assert reusable_prefix(model, earlier, IDS[:1]) == 0
    assert reusable_prefix(model, None, IDS) == 0
    # every logit requested means nothing is copied (logits are never copied)
    assert trace_ids(model, IDS, reuse=earlier).reused_tokens == 0
    assert trace_ids(model, IDS, logits_at=[3, 13], reuse=earlier).reused_tokens == 3
    # a masked model looks both ways: a later token changes every position
    mlm = tiny_mlm.model
    ids = tiny_mlm.tokenizer.encode("de kat zat").ids
    first = trace_ids(mlm, ids)
    assert trace_ids(mlm, ids + [3], logits_at=[0], reuse=first).reused_tokens == 0
    # another model's Trace has other shapes and is refused
    other = random_native("sinusoidal")
    assert reusable_prefix(other, earlier, IDS) == 0


def test_fast_path_continues_from_past_keys_and_values():
    """Without capture (generation), the fused kernel with ``past`` gives the full pass's logits."""
    for _kind, model in models():
        ids = torch.tensor([IDS])
        cap = {}
        with torch.no_grad():
            full = model(ids)
            model(ids[:, :9], capture=cap)
            past = [(cap[f"blocks.{i}.attn.k"], cap[f"blocks.{i}.attn.v"]) for i in range(model.cfg.n_layer)]
            rest = model(ids[:, 9:], past=past)
            one = model(ids[:, 9:10], past=past)
        torch.testing.assert_close(rest, full[:, 9:], atol=1e-4, rtol=0)
        torch.testing.assert_close(one, full[:, 9:10], atol=1e-4, rtol=0)


def test_past_is_refused_where_it_cannot_hold(tiny_mlm):
    model = convert(tiny("gpt2"))
    cap = {}
    with torch.no_grad():
        model(torch.tensor([IDS]), capture=cap)
    past = [(cap[f"blocks.{i}.attn.k"], cap[f"blocks.{i}.attn.v"]) for i in range(model.cfg.n_layer)]
    with pytest.raises(ValueError, match="context window"):
        model(torch.tensor([[1] * 60]), past=past)
    with pytest.raises(ValueError, match="layers"):
        model(torch.tensor([[1]]), past=past[:1])
    with pytest.raises(ValueError, match="causal"):
        tiny_mlm.model(torch.tensor([[1]]), past=[(past[0][0][:, :2], past[0][1][:, :2])] * 2)
