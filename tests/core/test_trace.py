"""The Trace against hand computations, and bad input that must not crash."""

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

from explainer.core.checkpoints import load_model
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.config import gpt2_config
from explainer.core.tokenizers import CharTokenizer
from explainer.core.trace import (entropy_bits, next_token_distribution, prediction_position,
                                  prediction_positions, run, softmax, top_ids)
from explainer.core.transformer import Transformer


def test_two_token_attention_by_hand():
    """One layer, one head, width 2, identity projections: scores are plain dot products."""
    cfg = gpt2_config(vocab_size=2, n_layer=1, n_head=1, d_model=2, d_mlp=2, max_seq_len=4,
                      positions="none")
    model = Transformer(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.zero_()
        model.wte.weight.copy_(torch.tensor([[1.0, 0.0], [1.0, 2.0]]))
        for norm in (model.blocks[0].ln_1, model.blocks[0].ln_2, model.ln_f):
            norm.weight.fill_(1.0)
        for lin in ("q_proj", "k_proj", "v_proj", "o_proj"):
            getattr(model.blocks[0].attn, lin).weight.copy_(torch.eye(2))
    tok = CharTokenizer({"a": 0, "b": 1})
    trace = run(model, tok, "ab")
    # LayerNorm without bias of [1,0] and [1,2] (mean 0.5 / 1.5, var 0.25 / 0.25) is [1,-1] and [-1,1]
    x = np.array([[1.0, -1.0], [-1.0, 1.0]]) / math.sqrt(1 + 4e-5)
    s = x[1] @ x.T / math.sqrt(2)  # second token attends to both
    w = np.exp(s) / np.exp(s).sum()
    expected = np.array([[1.0, 0.0], w])
    np.testing.assert_allclose(trace.attn[0, 0], expected, atol=1e-5)
    np.testing.assert_allclose(trace.z[0, 0, 1], w @ x, atol=1e-5)
    np.testing.assert_allclose(trace.q[0, 0], x, atol=1e-5)


def test_trace_shapes_and_consistency(tiny_model):
    m = tiny_model
    trace = run(m.model, m.tokenizer, "de kat zat op de mat", lens_k=3)
    L, H, T = m.cfg.n_layer, m.cfg.n_head, trace.n_tokens
    assert trace.attn.shape == (L, H, T, T)
    assert trace.resid.shape == (L + 1, T, m.cfg.d_model)
    # scores from the stored q and k reproduce the stored pattern
    scores = trace.q @ np.swapaxes(trace.k, -1, -2) / math.sqrt(m.cfg.d_head)
    scores = np.where(np.triu(np.ones((T, T), bool), 1), -np.inf, scores)
    np.testing.assert_allclose(softmax(scores), trace.attn, atol=1e-5)
    # the residual stream is the running sum of embeddings and block outputs
    np.testing.assert_allclose(trace.resid[0], trace.embed + trace.pos_embed, atol=1e-5)
    np.testing.assert_allclose(trace.resid[1], trace.resid[0] + trace.attn_out[0] + trace.mlp_out[0], atol=1e-5)
    assert not trace.attn.flags.writeable


def test_logit_lens_uses_final_norm(tiny_model):
    m = tiny_model
    trace = run(m.model, m.tokenizer, "hallo wereld", lens_k=5)
    with torch.no_grad():
        for layer in range(m.cfg.n_layer + 1):
            h = torch.tensor(trace.resid[layer])
            logits = m.model.lm_head(m.model.ln_f(h))
            probs = torch.softmax(logits, -1)
            top_p, top_i = probs.topk(5, -1)
            np.testing.assert_array_equal(trace.lens_ids[layer], top_i.numpy())
            np.testing.assert_allclose(trace.lens_probs[layer], top_p.numpy(), atol=1e-6)
    # the last layer of the lens is the model's own prediction
    assert (trace.lens_ids[-1, :, 0] == trace.logits.argmax(-1)).all()
    assert (trace.lens_rank[-1] == 0).all()


@settings(max_examples=300, deadline=None, database=None)
@given(values=st.lists(st.sampled_from([0.0, -0.0, 1.0, 2.5, -3.0, 2.5, float("nan"), float("inf"), -float("inf"),
                                        1e-30, 7.0]) | st.floats(-5, 5, width=32), min_size=0, max_size=300),
       k=st.integers(0, 310), dtype=st.sampled_from([np.float32, np.float64]))
def test_top_ids_is_the_stable_sort_cut_to_k(values, k, dtype):
    """Ties (many, among few distinct values), NaN and infinities, k from 0 past the length: the same ids in
    the same order as sorting the whole vector, which is what the panels showed before."""
    v = np.asarray(values, dtype=dtype)
    expected = np.argsort(-v, kind="stable")[:k]
    np.testing.assert_array_equal(top_ids(v, k), expected)


def test_top_ids_on_a_vocabulary_with_a_tie_at_the_cut():
    v = np.zeros(50_000, dtype=np.float32)
    v[[40_000, 7, 123, 9_999]] = [3.0, 2.0, 2.0, 2.0]  # the 2nd place is a three-way tie
    assert top_ids(v, 3).tolist() == [40_000, 7, 123]
    assert top_ids(v, 6).tolist() == [40_000, 7, 123, 9_999, 0, 1]


def test_sampling_filters():
    logits = np.log(np.array([0.5, 0.3, 0.15, 0.05]))
    probs, kept = next_token_distribution(logits, temperature=1.0, top_k=2)
    np.testing.assert_allclose(probs, [0.625, 0.375, 0, 0], atol=1e-6)
    probs, kept = next_token_distribution(logits, top_p=0.7)
    assert kept.tolist() == [True, True, False, False]
    probs, _ = next_token_distribution(logits, temperature=2.0)
    expected = np.sqrt([0.5, 0.3, 0.15, 0.05])
    np.testing.assert_allclose(probs, expected / expected.sum(), atol=1e-6)
    probs, _ = next_token_distribution(logits, temperature=0.0)
    assert probs.tolist() == [1, 0, 0, 0]
    assert entropy_bits(np.array([0.5, 0.5])) == pytest.approx(1.0)


def test_empty_text_gives_empty_trace(tiny_model):
    trace = run(tiny_model.model, tiny_model.tokenizer, "")
    assert trace.n_tokens == 0 and trace.attn.shape[2:] == (0, 0)
    assert trace.notice


def test_too_long_text_keeps_the_last_tokens(tiny_model):
    text = "abc " * 25_000  # 100,000 characters
    trace = run(tiny_model.model, tiny_model.tokenizer, text + "einde")
    ctx = tiny_model.cfg.max_seq_len
    assert trace.n_tokens == ctx and trace.truncated and "context" in trace.notice
    assert "".join(trace.tokens).endswith("einde")
    a, b = trace.spans[-1]
    assert (text + "einde")[a:b] == "e"


def test_unknown_characters_become_unknown_tokens(tiny_model):
    trace = run(tiny_model.model, tiny_model.tokenizer, "kat 🤖 \u0000 שלום")
    assert trace.n_tokens == len("kat 🤖 \u0000 שלום")
    assert trace.tokens[4].startswith("[?")


def test_inspect_command_writes_npz(tmp_path, tiny_model):
    folder = save_checkpoint(tiny_model.model, tiny_model.tokenizer, tmp_path / "m")
    out = tmp_path / "trace.npz"
    res = subprocess.run([sys.executable, "-m", "explainer", "inspect", str(folder), "--text",
                          "de kat", "--top-k", "3", "--out", str(out)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "next token" in res.stdout
    data = np.load(out)
    trace = run(load_model(folder).model, tiny_model.tokenizer, "de kat")
    np.testing.assert_allclose(data["logits"], trace.logits, atol=1e-6)
    assert data["attentions"].shape == (2, 2, 6, 6) and data["hidden_states"].shape == (3, 6, 16)
    assert data["tokens"].tolist() == list("de kat")


def test_checkpoint_round_trip(tmp_path, tiny_mlm):
    folder = save_checkpoint(tiny_mlm.model, tiny_mlm.tokenizer, tmp_path / "mlm", metadata={"step": 7})
    loaded = load_model(folder)
    a = run(tiny_mlm.model, tiny_mlm.tokenizer, "de kat")
    b = run(loaded.model, loaded.tokenizer, "de kat")
    saved, back = tiny_mlm.model.state_dict(), loaded.model.state_dict()
    assert saved.keys() == back.keys()
    for name in saved:  # every weight comes back bit for bit
        assert torch.equal(saved[name], back[name]), name
    # the loaded model multiplies its output layer in another order (a transposed copy): rounding only
    np.testing.assert_allclose(a.logits, b.logits, atol=1e-5, rtol=0)
    assert loaded.metadata["step"] == 7 and not loaded.cfg.causal and not b.causal


def test_prediction_logits_are_the_rows_of_the_full_logits(tiny_model, tiny_mlm):
    """What the app computes on each key (logits where a prediction is read) equals the full pass."""
    m = tiny_model
    full = run(m.model, m.tokenizer, "de kat zat op de mat")
    part = run(m.model, m.tokenizer, "de kat zat op de mat", logits="predictions")
    T = full.n_tokens
    assert full.logits.shape[0] == T and full.logit_positions is None
    assert part.logit_positions.tolist() == [T - 1] and part.logits.shape == (1, m.cfg.vocab_size)
    np.testing.assert_allclose(part.logits_at(-1), full.logits[T - 1], atol=1e-5)
    np.testing.assert_allclose(part.logits_at(T - 1), full.logits_at(-1), atol=1e-5)
    np.testing.assert_allclose(part.probs(), full.probs(T - 1), atol=1e-6)
    np.testing.assert_array_equal(part.attn, full.attn)  # everything else is the same pass
    assert part.has_logits_at(-1) and not part.has_logits_at(0) and not part.has_logits_at(T)
    with pytest.raises(KeyError, match="not at 0"):
        part.logits_at(0)
    with pytest.raises(KeyError):
        full.logits_at(T)
    with pytest.raises(ValueError):
        run(m.model, m.tokenizer, "de kat", logits="some")


def test_a_masked_model_predicts_at_each_mask():
    m = load_model(Path(__file__).resolve().parents[2] / "models" / "tiny-bert-nl-en")
    mask = m.tokenizer.mask_token
    text = f"de {mask} zat op de {mask}."
    full = run(m.model, m.tokenizer, text)
    part = run(m.model, m.tokenizer, text, logits="predictions")
    masks = [i for i, t in enumerate(full.token_ids) if t == m.tokenizer.mask_id]
    assert len(masks) == 2
    assert prediction_positions(full.token_ids, False, m.tokenizer.mask_id) == masks
    assert part.logit_positions.tolist() == masks and prediction_position(part, m.tokenizer) == masks[0]
    for pos in masks:
        np.testing.assert_allclose(part.logits_at(pos), full.logits[pos], atol=1e-5, rtol=1e-5)
    # no mask in the text: the last token, as for a causal model; no text: nothing
    assert prediction_positions([7, 8, 9], False, m.tokenizer.mask_id) == [2]
    assert prediction_positions([7, m.tokenizer.mask_id], True, m.tokenizer.mask_id) == [1]
    assert prediction_positions([], False, 5) == []


def test_core_never_imports_qt():
    code = ("import sys, explainer.core.trace, explainer.core.checkpoints, explainer.core.analysis.sampling;"
            "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','pyqtgraph','shiboken6')];"
            "print(bad); sys.exit(1 if bad else 0)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_no_core_file_imports_qt():
    import re
    from pathlib import Path

    import explainer.core

    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|pyqtgraph|shiboken6)", re.M)
    root = Path(explainer.core.__file__).parent
    offenders = [str(p) for p in root.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
