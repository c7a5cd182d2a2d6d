"""Contributions, input attribution, activation patching and head detectors, checked by hand and by sums."""

import math

import numpy as np
import pytest
import torch

from explainer.core.analysis.attribution import (AttributionError, contributions, default_baseline, head_scores,
                                                 input_attribution, patching, probe_ids, probe_scores)
from explainer.core.checkpoints import load_model
from explainer.core.checkpoints.hf_mapping import config_from_hf, state_from_hf
from explainer.core.checkpoints.native import load_state_into
from explainer.core.config import ModelConfig, gpt2_config, llama_config
from explainer.core.trace import trace_ids
from explainer.core.transformer import Interventions, Transformer
from test_new_architectures import tiny as tiny_new

IDS = [5, 17, 3, 29, 5, 17, 8, 40, 2, 11, 5, 17]


def randomised(cfg: ModelConfig, seed: int = 0) -> Transformer:
    torch.manual_seed(seed)
    model = Transformer(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.2)
    return model


def from_hf(kind: str) -> Transformer:
    hf = tiny_new(kind)
    cfg = config_from_hf(hf.config.to_dict())
    model = Transformer(cfg)
    load_state_into(model, state_from_hf(cfg, hf.state_dict()), "test")
    return model.eval()


FAMILIES = {
    "gpt2": lambda: randomised(gpt2_config(vocab_size=64, n_layer=3, n_head=4, d_model=32, max_seq_len=32)),
    "llama_gqa": lambda: randomised(llama_config(vocab_size=64, n_layer=3, n_head=4, n_kv_head=2, d_model=32,
                                                 max_seq_len=32)),
    "neox_parallel": lambda: randomised(ModelConfig(vocab_size=64, n_layer=2, n_head=4, d_model=32, max_seq_len=32,
                                                    positions="rope", rotary_pct=0.5, parallel_attn_mlp=True,
                                                    tie_embeddings=False, lm_head_bias=True)),
    "sinusoidal": lambda: randomised(ModelConfig(vocab_size=64, n_layer=2, n_head=2, d_model=16, max_seq_len=32,
                                                 positions="sinusoidal", norm="rmsnorm", norm_bias=False)),
    "qwen3": lambda: from_hf("qwen3"),
    "gemma3": lambda: from_hf("gemma3"),
    "gemma2": lambda: from_hf("gemma2"),
}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_contributions_add_up_to_the_logit(family):
    model = FAMILIES[family]()
    trace = trace_ids(model, IDS)
    for position in (0, len(IDS) - 1):
        logits = trace.logits_at(position).astype(np.float64)
        cap = model.cfg.final_softcap
        raw = cap * np.arctanh(logits / cap) if cap else logits  # the parts add up before the soft cap
        target = int(np.argmax(raw))
        c = contributions(model, trace, position, target)
        second = int(np.argsort(-raw)[1])
        assert c.runner_up == second
        assert c.total() == pytest.approx(raw[target], abs=1e-4)
        assert c.logit == pytest.approx(raw[target], abs=1e-4)
        assert c.total(diff=True) == pytest.approx(raw[target] - raw[second], abs=1e-4)
        assert c.heads.shape == (model.cfg.n_layer, model.cfg.n_head)
        assert np.abs(c.attn_bias).max() < 1e-4 or model.cfg.attn_out_bias  # no bias: the heads explain it all


def test_an_embedding_contribution_by_hand():
    model = FAMILIES["gpt2"]()
    trace = trace_ids(model, IDS)
    p, t = 4, 9
    c = contributions(model, trace, p, t)
    x = trace.resid[-1, p].astype(np.float64)
    sigma = math.sqrt(x.var() + model.ln_f.eps)
    e = trace.embed[p].astype(np.float64)
    gamma = model.ln_f.weight.detach().double().numpy()
    w = model.lm_head.weight[t].detach().double().numpy()
    assert c.embed == pytest.approx(float(((e - e.mean()) / sigma * gamma) @ w), abs=1e-9)
    assert c.norm_scale == pytest.approx(1 / sigma)


def test_a_switched_off_head_contributes_nothing():
    model = FAMILIES["llama_gqa"]()
    trace = trace_ids(model, IDS, interventions=Interventions(heads={(1, 2): None}))
    c = contributions(model, trace, len(IDS) - 1, 3)
    assert c.heads[1, 2] == 0.0
    assert c.total() == pytest.approx(float(trace.logits_at(len(IDS) - 1)[3]), abs=1e-4)


def test_top_contributors_are_sorted_by_size():
    model = FAMILIES["gpt2"]()
    c = contributions(model, trace_ids(model, IDS), 5, 7)
    top = c.top(6)
    assert [abs(v) for *_, v in top] == sorted((abs(v) for *_, v in top), reverse=True)
    kind, layer, head, value = top[0]
    lookup = {"head": lambda: c.heads[layer, head], "mlp": lambda: c.mlp[layer], "embed": lambda: c.embed,
              "positions": lambda: c.positions, "attn_bias": lambda: c.attn_bias[layer], "bias": lambda: c.bias}
    assert lookup[kind]() == value


@pytest.mark.parametrize("family, baseline", [("gpt2", "zero"), ("gpt2", "pad"), ("sinusoidal", "zero"),
                                              ("llama_gqa", "pad"), ("gemma3", "pad"), ("gemma2", "pad"),
                                              ("qwen3", "pad"), ("neox_parallel", "pad")])
def test_integrated_gradients_are_complete(family, baseline):
    model = FAMILIES[family]()
    assert default_baseline(model) == ("zero" if family in ("gpt2", "sinusoidal") else "pad")
    ig = input_attribution(model, IDS, len(IDS) - 1, 7, steps=64, baseline=baseline, pad_id=0)
    assert ig.scores.shape == (len(IDS),)
    assert ig.gap < 0.02, (ig.scores.sum(), ig.f_input - ig.f_baseline)
    logits = trace_ids(model, IDS).logits_at(len(IDS) - 1)
    assert ig.f_input == pytest.approx(float(logits[7]), abs=1e-4)


def test_integrated_gradients_with_parts_switched_off_explain_that_model():
    """Input attribution ran the whole model while the app showed it with parts switched off: its scores added
    up to another logit than the one on screen. With the interventions it ends at the shown logit, complete."""
    model = FAMILIES["gpt2"]()
    off = Interventions(mlp={0: None}, heads={(1, 0): None})
    ig = input_attribution(model, IDS, len(IDS) - 1, 7, steps=64, interventions=off)
    shown = trace_ids(model, IDS, interventions=off).logits_at(len(IDS) - 1)
    assert ig.f_input == pytest.approx(float(shown[7]), abs=1e-4)
    assert ig.gap < 0.02
    whole = input_attribution(model, IDS, len(IDS) - 1, 7, steps=64)
    assert abs(whole.f_input - ig.f_input) > 1e-3  # (switching them off moves that logit)


def test_input_times_gradient_by_hand_on_a_linear_path():
    """With no blocks at all the logit is linear in the token embeddings: input × gradient is exact."""
    model = randomised(ModelConfig(vocab_size=32, n_layer=1, n_head=2, d_model=8, max_seq_len=16, norm="rmsnorm",
                                   norm_bias=False))
    ids = [3, 4, 5]
    g = input_attribution(model, ids, 2, 6, method="gradient")
    # by hand: finite differences along each token's own embedding
    x = model.wte(torch.tensor([ids])).detach()
    eps = 1e-3
    for t in range(3):
        up, down = x.clone(), x.clone()
        up[0, t] *= 1 + eps
        down[0, t] *= 1 - eps
        with torch.no_grad():
            f_up = model(torch.tensor([ids]), token_embeds=up)[0, 2, 6]
            f_down = model(torch.tensor([ids]), token_embeds=down)[0, 2, 6]
        assert g.scores[t] == pytest.approx(float(f_up - f_down) / (2 * eps), rel=1e-2, abs=1e-4)


def test_patching_the_changed_token_recovers_everything():
    model = FAMILIES["gpt2"]()
    clean = [5, 17, 3, 29, 8, 40]
    corrupt = [5, 17, 9, 29, 8, 40]  # one token differs, at position 2
    logits = trace_ids(model, clean).logits_at(5)
    answer, wrong = (int(i) for i in np.argsort(-logits)[:2])
    result = patching(model, clean, corrupt, answer, wrong)
    share = result.recovered(result.resid)
    assert share.shape == (model.cfg.n_layer + 1, 6)
    assert share[0, 2] == pytest.approx(1.0, abs=1e-5)  # the input itself, at the changed place
    assert np.allclose(share[0, [0, 1, 3, 4, 5]], 0.0, atol=1e-5)  # the same token as corrupted: nothing
    assert np.allclose(share[:2, :2], 0.0, atol=1e-5)  # before the change nothing differs
    assert share[-1, 5] == pytest.approx(1.0, abs=1e-5)  # the final stream at the answer's place
    assert result.recovered(result.corrupt_diff) == pytest.approx(0.0)
    assert result.heads.shape == (model.cfg.n_layer, model.cfg.n_head)
    # patching every head of the last layer and the MLP input… a single head's share is bounded by sense
    assert np.isfinite(result.recovered(result.heads)).all()


def test_patching_one_head_equals_a_forward_pass_with_that_head_replaced():
    model = FAMILIES["llama_gqa"]()
    clean, corrupt = [5, 17, 3, 29, 8, 40], [5, 17, 9, 29, 8, 40]
    result = patching(model, clean, corrupt, 7, 8)
    cap = {}
    model(torch.tensor([clean]), capture=cap)
    z = cap["blocks.2.attn.z"][0, 1]  # (T, dh)
    with torch.no_grad():
        logits = model(torch.tensor([corrupt]), interventions=Interventions(heads={(2, 1): z}))[0, -1]
    assert result.heads[2, 1] == pytest.approx(float(logits[7] - logits[8]), abs=1e-5)


def test_patching_refuses_texts_of_different_lengths():
    model = FAMILIES["gpt2"]()
    with pytest.raises(AttributionError, match="same number of tokens"):
        patching(model, [1, 2, 3], [1, 2], 4, 5)


def test_detector_scores_by_hand():
    T = 6
    ids = [7, 8, 9, 7, 8, 9]
    attn = np.zeros((1, 3, T, T))
    for i in range(T):
        attn[0, 0, i, max(i - 1, 0)] = 1.0  # head 0: previous token
        attn[0, 1, i, i - 3 if i >= 3 else i] = 1.0  # head 1: its earlier copy
        attn[0, 2, i, i - 2 if i >= 3 else i] = 1.0  # head 2: the token after its earlier copy
    s = head_scores(attn, ids)
    assert s.previous[0].tolist() == [1.0, 0.0, 0.0]
    assert s.duplicate[0].tolist() == [0.0, 1.0, 0.0]
    assert s.induction[0].tolist() == [0.0, 0.0, 1.0]
    assert np.isnan(head_scores(attn, [1, 2, 3, 4, 5, 6]).induction).all()


def test_the_probe_repeats_random_tokens():
    ids = probe_ids(1000, length=10, seed=3, bos=1, avoid={1})
    assert ids[0] == 1 and ids[1:11] == ids[11:] and len(set(ids[1:11])) == 10


def test_a_hand_built_induction_head_is_found():
    """Layer 0 head 0 copies the previous token's identity; layer 1 head 0 looks for it: an induction circuit."""
    model = FAMILIES["gpt2"]()
    scores = probe_scores(model, length=12)
    assert scores.probe and scores.induction.shape == (3, 4)
    assert np.all((scores.previous >= 0) & (scores.previous <= 1))
    # the detectors read the same attention the Trace shows
    trace = trace_ids(model, list(scores.ids))
    again = head_scores(trace.attn, scores.ids)
    np.testing.assert_allclose(again.induction, scores.induction, atol=1e-6)


def test_bert_is_refused_with_a_reason(tmp_path):
    from explainer.paths import models_dir

    masked = next(p for p in models_dir().iterdir() if p.is_dir() and "bert" in p.name.lower())
    loaded = load_model(masked)
    trace = trace_ids(loaded.model, [1, 2, 3])
    with pytest.raises(AttributionError, match="normalises after every block"):
        contributions(loaded.model, trace, 1, 2)
