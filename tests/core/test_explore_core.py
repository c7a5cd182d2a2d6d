"""Interventions, comparison, timeline, cost, bias probe and sessions: the parts without Qt."""

import os

import numpy as np
import pytest
import torch

from explainer.core.analysis.bias import probe
from explainer.core.analysis.compare import align_tokens, kl_divergence_bits
from explainer.core.analysis.cost import forward_flops, households_for_gpt3_training
from explainer.core.analysis.interventions import (Ablation, AblationSet, build_interventions, mean_activations,
                                                   reference_means)
from explainer.core.checkpoints import load_model
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.checkpoints.timeline import SnapshotCache, find_timeline
from explainer.core.session import Session, SessionError, load_session, save_session
from explainer.core.trace import run
from tests.conftest import make_tiny_model


def test_zero_ablating_a_head_equals_removing_its_output_rows(tiny_model):
    m = tiny_model
    base = run(m.model, m.tokenizer, "de kat zat")
    iv = build_interventions([Ablation("head", 1, 0)])
    ablated = run(m.model, m.tokenizer, "de kat zat", interventions=iv)
    # by hand: layer 1's attention output without head 0's slice of o_proj
    blk = m.model.blocks[1]
    dh = m.cfg.d_head
    z = torch.tensor(base.z[1])  # (H, T, dh)
    z[0] = 0
    attn_out = z.transpose(0, 1).reshape(base.n_tokens, -1) @ blk.attn.o_proj.weight.T + blk.attn.o_proj.bias
    resid_mid = torch.tensor(base.resid[1]) + attn_out
    with torch.no_grad():
        resid = resid_mid + blk.mlp(blk.ln_2(resid_mid))
        logits = m.model.lm_head(m.model.ln_f(resid))
    np.testing.assert_allclose(ablated.logits, logits.numpy(), atol=1e-4)
    assert not np.allclose(ablated.logits, base.logits)
    assert dh == base.z.shape[-1]


def test_mean_ablation_uses_reference_means(tiny_model):
    m = tiny_model
    means = mean_activations(m.model, m.tokenizer, ["de kat", "het huis is groot"])
    ref = run(m.model, m.tokenizer, "de kat")
    ref2 = run(m.model, m.tokenizer, "het huis is groot")
    expected = np.concatenate([ref.mlp_out[0], ref2.mlp_out[0]]).mean(0)
    np.testing.assert_allclose(means.mlp_out[0].numpy(), expected, atol=1e-5)
    ablated = run(m.model, m.tokenizer, "zat", interventions=build_interventions([Ablation("mlp", 0, mode="mean")], means))
    np.testing.assert_allclose(ablated.mlp_out[0], np.broadcast_to(expected, ablated.mlp_out[0].shape), atol=1e-5)


def test_ablation_set_keeps_one_entry_per_part_and_builds_interventions(tiny_model):
    m = tiny_model
    head, mlp_mean = Ablation("head", 1, 0), Ablation("mlp", 0, mode="mean")
    wanted = AblationSet([head])
    wanted.add(Ablation("head", 1, 0, "mean"))  # the same part again: replaces, moves to the end
    wanted.add(head)
    wanted.add(mlp_mean)
    assert wanted.ablations == [head, mlp_mean]
    assert wanted.fits(2, 2) and not wanted.fits(1, 2) and not AblationSet([Ablation("head", 0, 2)]).fits(2, 2)
    assert wanted.needs_means(m.model)
    with pytest.raises(ValueError):
        wanted.interventions(m.model)
    means = reference_means(m.model, m.tokenizer)
    wanted.set_means(m.model, means)
    assert not wanted.needs_means(m.model) and wanted.needs_means(make_tiny_model(seed=3).model)
    text = "de kat zat"
    got = run(m.model, m.tokenizer, text, interventions=wanted.interventions(m.model)).logits
    want = run(m.model, m.tokenizer, text, interventions=build_interventions([head, mlp_mean], means)).logits
    np.testing.assert_array_equal(got, want)
    wanted.remove(mlp_mean)
    assert wanted.ablations == [head] and not wanted.needs_means(make_tiny_model(seed=3).model)
    wanted.replace([mlp_mean])
    assert wanted.ablations == [mlp_mean]
    wanted.clear()
    assert wanted.ablations == [] and not wanted.interventions(m.model)


def test_kl_and_alignment(tiny_model):
    p = np.array([0.5, 0.5])
    assert kl_divergence_bits(p, p) == 0
    assert kl_divergence_bits(p, np.array([0.25, 0.75])) == pytest.approx(0.5 * np.log2(2) + 0.5 * np.log2(0.5 / 0.75))
    a = run(tiny_model.model, tiny_model.tokenizer, "de kat")
    groups = align_tokens(a, a)
    assert groups == [([i], [i]) for i in range(a.n_tokens)]


def test_timeline_and_cache(tmp_path):
    run_dir = tmp_path / "run"
    for i, step in enumerate([0, 50, 100]):
        m = make_tiny_model(seed=i)
        save_checkpoint(m.model, m.tokenizer, run_dir / "timeline" / f"step-{step:06d}",
                        metadata={"step": step, "val_loss": 3.0 - i})
    snaps = find_timeline(run_dir)
    assert [s.step for s in snaps] == [0, 50, 100] and snaps[1].val_loss == 2.0
    loads = []
    cache = SnapshotCache(lambda p: loads.append(p) or load_model(p), budget_bytes=10**9)
    first = cache.get(snaps[1].path)
    assert cache.get(snaps[1].path) is first and len(loads) == 1
    direct = load_model(snaps[2].path)
    np.testing.assert_array_equal(run(cache.get(snaps[2].path).model, direct.tokenizer, "kat").logits,
                                  run(direct.model, direct.tokenizer, "kat").logits)
    small = SnapshotCache(load_model, budget_bytes=1)
    small.get(snaps[0].path), small.get(snaps[1].path)
    assert snaps[0].path not in small and snaps[1].path in small


def test_forward_flops_by_hand():
    m = make_tiny_model()
    cfg = m.cfg  # 2 layers, D=16, 2 heads, mlp 64
    cost = forward_flops(cfg, 10)
    per_layer = 2 * 10 * 16 * 16 * 4 + 4 * 2 * 10 * 10 * 8 + 2 * 10 * 16 * 64 * 2
    assert cost.total == 2 * per_layer + 2 * 10 * 16 * cfg.vocab_size
    assert 400 < households_for_gpt3_training() < 450


def test_bias_probe_matches_direct_runs(tiny_model):
    m = tiny_model
    row = probe(m.model, m.tokenizer, "{} werkt als", ("hij", "zij"), top_k=3)
    pa = run(m.model, m.tokenizer, "hij werkt als").probs()
    pb = run(m.model, m.tokenizer, "zij werkt als").probs()
    for tid, a, b in zip(row.token_ids, row.probs_a, row.probs_b):
        assert a == pytest.approx(pa[tid], abs=1e-6) and b == pytest.approx(pb[tid], abs=1e-6)
    assert set(np.argsort(-pa)[:3]) <= set(row.token_ids)
    both = [a + b for a, b in zip(row.probs_a, row.probs_b)]
    assert both == sorted(both, reverse=True)  # the order the panel's summary names: both sentences together
    with pytest.raises(ValueError):
        probe(m.model, m.tokenizer, "no slot", ("a", "b"))


def test_bias_probe_with_parts_switched_off_matches_direct_runs_with_them(tiny_model):
    """With a part switched off the next-token panel's prediction moved (33.8 % -> 0.0 %) while the bias probe
    kept the whole model's numbers. It now runs the model as every other panel shows it."""
    from explainer.core.transformer import Interventions

    m = tiny_model
    off = Interventions(mlp={0: None})
    row = probe(m.model, m.tokenizer, "{} werkt als", ("hij", "zij"), top_k=3, interventions=off)
    pa = run(m.model, m.tokenizer, "hij werkt als", interventions=off).probs()
    pb = run(m.model, m.tokenizer, "zij werkt als", interventions=off).probs()
    for tid, a, b in zip(row.token_ids, row.probs_a, row.probs_b):
        assert a == pytest.approx(pa[tid], abs=1e-6) and b == pytest.approx(pb[tid], abs=1e-6)
    whole = probe(m.model, m.tokenizer, "{} werkt als", ("hij", "zij"), top_k=3)
    assert whole.probs_a != row.probs_a  # (switching it off does move the numbers)


def test_the_bias_share_difference_by_hand():
    """Candidates that hold little of the probability can still be shared out completely differently: the
    plain total variation (0.06 here) never gets near the 100 % the panel's scale promises; the shares do."""
    from explainer.core.analysis.bias import ProbeRow

    row = ProbeRow(template="{} werkt als", words=("hij", "zij"), sentences=("hij werkt als", "zij werkt als"),
                   token_ids=(1, 2, 3), labels=("a", "b", "c"), probs_a=(0.06, 0.0, 0.0), probs_b=(0.0, 0.03, 0.03))
    assert row.total_variation == pytest.approx(0.06)
    assert row.share_difference == pytest.approx(1.0)  # no candidate in common
    same = ProbeRow(template="{}", words=("a", "b"), sentences=("a", "b"), token_ids=(1, 2), labels=("x", "y"),
                    probs_a=(0.02, 0.06), probs_b=(0.01, 0.03))
    assert same.share_difference == pytest.approx(0.0)  # half as likely, but the same shares
    # 0.2/0.8 against 0.5/0.5: half of |0.25 - 0.5| + |0.75 - 0.5|
    assert ProbeRow(template="{}", words=("a", "b"), sentences=("a", "b"), token_ids=(1, 2), labels=("x", "y"),
                    probs_a=(0.01, 0.03), probs_b=(0.05, 0.05)).share_difference == pytest.approx(0.25)


def test_session_round_trip_and_atomic_save(tmp_path, monkeypatch):
    path = tmp_path / "les.json"
    s = Session(text="De kat 🤖", model_path="/m", token=2, layer=1, head=0, ablations=[{"kind": "head"}],
                settings={"lang": "nl"})
    save_session(s, path)
    assert load_session(path) == s
    # a save that dies half-way leaves the old file intact and no temporary file behind
    def broken_fsync(fd):
        raise OSError("disk pulled")
    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        save_session(Session(text="nieuw"), path)
    assert load_session(path) == s
    assert [p.name for p in tmp_path.iterdir()] == ["les.json"]
    (tmp_path / "bad.json").write_text("{nope")
    with pytest.raises(SessionError, match="bad.json"):
        load_session(tmp_path / "bad.json")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_bias_panels_first_example_is_followed_by_words_that_mean_something(lang):
    """The bias lesson opened on "{} werkt als": the shipped model followed it only with een / je / de / het /
    er / ze, so the two charts compared little words and a class saw nothing to discuss. The first template,
    filled with the first pair, is followed mostly by words of four letters or more (places: stad, keuken …)."""
    from explainer.core.analysis.bias import DEFAULT_PAIRS, DEFAULT_TEMPLATES
    from explainer.paths import models_dir

    m = load_model(models_dir() / "tiny-gpt-nl-en")
    row = probe(m.model, m.tokenizer, DEFAULT_TEMPLATES[lang][0], DEFAULT_PAIRS[lang][0], top_k=8)
    words = [m.tokenizer.decode([t]).strip() for t in row.token_ids]
    meaningful = [w for w in words if len(w) >= 4 and w.isalpha()]
    assert len(meaningful) >= len(words) / 2, words
