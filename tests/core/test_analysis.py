"""Projection, positions, architecture counts and the logit lens, against independent computations.

Independent here means: torch (not numpy), forward hooks on the model's own
modules (not our capture points) and hand-written formulas.
"""

import math
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from explainer.core.analysis import architecture, positions, projection
from explainer.core.checkpoints.base import LoadedModel
from explainer.core.config import gpt2_config, llama_config
from explainer.core.tokenizers import CharTokenizer
from explainer.core.trace import run
from explainer.core.transformer import Transformer, apply_rope
from tests.conftest import ALPHABET, make_tiny_model


def make_tiny_llama(seed: int = 1) -> LoadedModel:
    """RoPE on part of each head, grouped-query attention, SwiGLU, untied output."""
    torch.manual_seed(seed)
    tok = CharTokenizer({c: i for i, c in enumerate(ALPHABET)})
    cfg = llama_config(vocab_size=tok.vocab_size, n_layer=2, n_head=4, n_kv_head=2, d_model=32,
                       max_seq_len=64, rotary_pct=0.5, name="tiny-llama")
    model = Transformer(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.3)
    return LoadedModel(model=model, tokenizer=tok, path=Path("tiny-llama"), format="test")


def hooked_stream(model: Transformer, ids: list[int]) -> torch.Tensor:
    """Residual stream (L+1, T, D) read with forward hooks on the embedding and the blocks."""
    outs = []
    hooks = [model.blocks[0].register_forward_pre_hook(lambda m, args: outs.append(args[0][0]))]
    hooks += [b.register_forward_hook(lambda m, args, out: outs.append(out[0])) for b in model.blocks]
    with torch.no_grad():
        model(torch.tensor([ids]))
    for h in hooks:
        h.remove()
    return torch.stack(outs)


# -- projection -----------------------------------------------------------------

def test_layer_bases_are_principal_components_of_the_reference_stream(tmp_path):
    loaded = make_tiny_model()
    bases, from_cache = projection.load_or_fit_bases(loaded.model, loaded.tokenizer, tmp_path)
    assert not from_cache
    streams = [hooked_stream(loaded.model, loaded.tokenizer.encode(t).ids) for t in projection.REFERENCE_TEXTS]
    stream = torch.cat(streams, dim=1).double()  # (L+1, M, D)
    for layer in range(stream.shape[0]):
        x = stream[layer]
        centred = x - x.mean(0)
        _, s, vh = torch.linalg.svd(centred, full_matrices=False)
        basis = bases.layers[layer]
        np.testing.assert_allclose(basis.mean, x.mean(0).numpy(), atol=1e-5)
        for i in range(2):  # same directions up to sign
            assert abs(float(torch.from_numpy(basis.components[i]) @ vh[i])) == pytest.approx(1.0, abs=1e-6)
        np.testing.assert_allclose(basis.explained, (s[:2] ** 2 / (s**2).sum()).numpy(), rtol=1e-6)


def test_vocabulary_basis_and_cloud(tmp_path):
    loaded = make_tiny_model()
    bases, _ = projection.load_or_fit_bases(loaded.model, loaded.tokenizer, tmp_path)
    wte = loaded.model.wte.weight.detach().double()
    centred = wte - wte.mean(0)
    _, _, vh = torch.linalg.svd(centred, full_matrices=False)
    for i in range(2):
        assert abs(float(torch.from_numpy(bases.vocab.components[i]) @ vh[i])) == pytest.approx(1.0, abs=1e-6)
    expected = (wte[torch.from_numpy(bases.cloud_ids)] - wte.mean(0)) @ torch.from_numpy(bases.vocab.components).T
    np.testing.assert_allclose(bases.cloud, expected.numpy(), atol=1e-5)


def test_trace_points_are_the_pca_of_its_vectors_and_the_basis_is_fixed(tmp_path):
    loaded = make_tiny_model()
    first, from_cache = projection.load_or_fit_bases(loaded.model, loaded.tokenizer, tmp_path)
    cache_files = list(tmp_path.glob("projection-*.npz"))
    assert len(cache_files) == 1 and not from_cache
    stamp = cache_files[0].stat().st_mtime_ns
    for text in ("de kat zit op de mat", "The quick brown fox!"):
        bases, from_cache = projection.load_or_fit_bases(loaded.model, loaded.tokenizer, tmp_path)
        assert from_cache
        for a, b in zip(first.layers, bases.layers):  # the same basis, whatever is typed
            np.testing.assert_array_equal(a.components, b.components)
            np.testing.assert_array_equal(a.mean, b.mean)
        trace = run(loaded.model, loaded.tokenizer, text)
        points = projection.project_trace(bases, trace)
        resid = torch.from_numpy(np.array(trace.resid)).double()
        for layer, basis in enumerate(bases.layers):
            expected = (resid[layer] - torch.from_numpy(basis.mean)) @ torch.from_numpy(basis.components).T
            np.testing.assert_allclose(points.layers[layer], expected.numpy(), atol=1e-4)
        embed = torch.from_numpy(np.array(trace.embed)).double()
        expected = (embed - torch.from_numpy(bases.vocab.mean)) @ torch.from_numpy(bases.vocab.components).T
        np.testing.assert_allclose(points.embed, expected.numpy(), atol=1e-4)
        flat = resid.reshape(-1, resid.shape[-1])
        expected = (flat - torch.from_numpy(bases.paths.mean)) @ torch.from_numpy(bases.paths.components).T
        np.testing.assert_allclose(points.paths.reshape(-1, 2), expected.numpy(), atol=1e-4)
    assert cache_files[0].stat().st_mtime_ns == stamp  # never refitted


def test_fingerprint_follows_the_weights():
    a, b = make_tiny_model(seed=0), make_tiny_model(seed=0)
    c = make_tiny_model(seed=1)
    fa = projection.model_fingerprint(a.model, a.tokenizer)
    assert fa == projection.model_fingerprint(b.model, b.tokenizer)
    assert fa != projection.model_fingerprint(c.model, c.tokenizer)
    with torch.no_grad():
        b.model.blocks[1].mlp.fc_out.weight[0, 0] += 1.0
    assert fa != projection.model_fingerprint(b.model, b.tokenizer)


def test_corrupt_cache_file_is_refitted(tmp_path):
    loaded = make_tiny_model()
    fp = projection.model_fingerprint(loaded.model, loaded.tokenizer)
    (tmp_path / f"projection-{fp}.npz").write_bytes(b"not a zip file")
    bases, from_cache = projection.load_or_fit_bases(loaded.model, loaded.tokenizer, tmp_path)
    assert not from_cache and bases.n_points == loaded.cfg.n_layer + 1


@pytest.mark.parametrize("routine", ["einsum", "blas"])
def test_nearest_tokens_by_cosine(routine, monkeypatch):
    """Either routine chosen for a table of this shape (``products.one_row_routine``) finds the same words."""
    from explainer.core import products

    torch.manual_seed(3)
    vocab = torch.randn(50, 8)
    query = torch.randn(8)
    monkeypatch.setitem(products._WIDE, (50, 8), routine)
    assert products.one_row_routine((50, 8)) == routine
    ids, cos = projection.nearest_tokens(projection.unit_rows(vocab.numpy()), query.numpy(), k=5, exclude=(7,))
    sims = F.cosine_similarity(vocab, query[None], dim=1)
    sims[7] = -2
    expected = torch.argsort(sims, descending=True)[:5]
    assert ids.tolist() == expected.tolist()
    np.testing.assert_allclose(cos, sims[expected].numpy(), atol=1e-6)



def test_nearest_tokens_few_and_many_agree_and_ties_go_to_the_lower_id():
    rng = np.random.default_rng(0)
    vocab = projection.unit_rows(rng.normal(size=(300, 12)))
    vocab[[40, 7, 250]] = vocab[100]  # equal rows: equal cosines
    query = vocab[100] + rng.normal(size=12) * 0.01
    few = projection.nearest_tokens(vocab, query, k=10, exclude=(3,))  # argmax passes
    many = projection.nearest_tokens(vocab, query, k=40, exclude=(3,))  # a partition of the vocabulary
    np.testing.assert_array_equal(few[1], many[1][:10])
    assert few[0][:4].tolist() == [7, 40, 100, 250] and set(few[0]) == set(many[0][:10])
    cos = vocab @ (query / np.linalg.norm(query))
    cos[3] = -np.inf
    assert few[0].tolist() == np.argsort(-cos, kind="stable")[:10].tolist()


def test_robust_limits_within_never_misses_a_wider_frame():
    """The quick check says "within" only when robust_limits of all the points really lies in the box."""
    rng = np.random.default_rng(1)
    said = 0
    for t in range(1500):
        fixed = rng.normal(size=(int(rng.integers(1, 200)), 2)).astype(np.float32)
        if t % 3 == 1:
            fixed = np.round(fixed, 1)  # many equal values
        if t % 3 == 2:
            fixed[rng.integers(0, len(fixed), 3)] *= 1e4  # far outliers in the cloud
        extra = (rng.normal(size=(int(rng.integers(0, 20)), 2)) * rng.uniform(0.1, 3)).astype(np.float32)
        if len(extra) and t % 4 == 0:
            extra[-1] *= 1e3  # a far outlier among the typed tokens
        if len(extra) and t % 5 == 0:
            extra[0, 1] = np.nan
        lo, hi = projection.robust_limits(np.concatenate([fixed, extra]))
        finite = fixed.astype(np.float64)
        for grow in (0.0, -1e-6, 1e-3, 0.3):  # a frame just too small, exact, or a little larger
            box_lo, box_hi = lo - grow * (hi - lo), hi + grow * (hi - lo)
            ok = projection.robust_limits_within(finite, np.sort(finite, axis=0), extra, box_lo, box_hi)
            assert not ok or ((lo >= box_lo).all() and (hi <= box_hi).all()), (t, grow)
            said += ok
    assert said > 2000  # and it does say so in the ordinary case

# -- positions --------------------------------------------------------------------

def test_learned_and_sinusoidal_position_tables():
    loaded = make_tiny_model()
    table = positions.position_table(loaded.model, 10)
    np.testing.assert_array_equal(table, loaded.model.wpe.weight[:10].detach().numpy())
    sims = positions.cosine_matrix(table)
    t = torch.from_numpy(table)
    expected = F.cosine_similarity(t[:, None, :], t[None, :, :], dim=-1)
    np.testing.assert_allclose(sims, expected.numpy(), atol=1e-6)

    cfg = gpt2_config(vocab_size=20, n_layer=1, n_head=2, d_model=8, max_seq_len=16, positions="sinusoidal")
    table = positions.position_table(Transformer(cfg), 16)
    for pos in (0, 3, 15):
        for i in range(4):  # PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(...)
            angle = pos / 10000 ** (2 * i / 8)
            assert table[pos, 2 * i] == pytest.approx(math.sin(angle), abs=1e-5)
            assert table[pos, 2 * i + 1] == pytest.approx(math.cos(angle), abs=1e-5)
    assert positions.position_table(make_tiny_llama().model) is None


def test_rope_angles_and_score_curve_against_rotating_again():
    loaded = make_tiny_llama()
    cfg = loaded.cfg
    angles = positions.rope_pair_angles(cfg, 20)
    rot = cfg.rotary_dim
    for i in range(rot // 2):
        assert angles[5, i] == pytest.approx(5 * cfg.rope_theta ** (-2 * i / rot))
    trace = run(loaded.model, loaded.tokenizer, "de kat zit op de mat")
    layer, head, qpos, kpos = 1, 2, 12, 4
    q, k = trace.q[layer, head, qpos], trace.k[layer, head, kpos]
    curve = positions.rope_score_curve(cfg, q, k, qpos, kpos, max_distance=40)
    assert curve.actual == qpos - kpos
    dh = cfg.d_head
    assert curve.scores[qpos - kpos] == pytest.approx(float(q @ k) / math.sqrt(dh), abs=1e-5)
    # independent: unrotated content vectors from the model's own projections, rotated by apply_rope
    cap = {}
    with torch.no_grad():
        ids = torch.tensor([trace.token_ids.tolist()])
        x = loaded.model.embed(ids)
        for block in loaded.model.blocks[:layer]:
            x = block(x, (loaded.model.rope_cos[:ids.shape[1]], loaded.model.rope_sin[:ids.shape[1]]), cap, None)
        h = loaded.model.blocks[layer].ln_1(x)
        attn = loaded.model.blocks[layer].attn
        q0 = attn.q_proj(h).view(1, -1, cfg.n_head, dh)[0, qpos, head]
        k0 = attn.k_proj(h).view(1, -1, cfg.n_kv_head, dh)[0, kpos, head // (cfg.n_head // cfg.n_kv_head)]
        all_angles = torch.from_numpy(positions.rope_pair_angles(cfg, 60)).float()
        for dist in (0, 1, 7, 23, 39):
            key_at, query_at = 10, 10 + dist
            qr = apply_rope(q0, all_angles[query_at].cos(), all_angles[query_at].sin(), rot)
            kr = apply_rope(k0, all_angles[key_at].cos(), all_angles[key_at].sin(), rot)
            assert curve.scores[dist] == pytest.approx(float(qr @ kr) / math.sqrt(dh), abs=1e-4)


# -- architecture -------------------------------------------------------------------

@pytest.mark.parametrize("make", [lambda: make_tiny_model(), lambda: make_tiny_model(causal=False),
                                  make_tiny_llama])
def test_architecture_counts_sum_to_n_params(make):
    model = make().model
    summary = architecture.summarize(model)
    assert summary.total == model.n_params()
    assert sum(n for _, n in summary.parts()) == model.n_params()
    cfg = model.cfg
    D, V = cfg.d_model, cfg.vocab_size
    assert summary.embedding == V * D
    if cfg.family == "gpt2":  # by hand: LayerNorm (2D) + q, k, v, o with biases
        assert summary.blocks[0].attention == 2 * D + 4 * (D * D + D)
        assert summary.blocks[0].mlp == 2 * D + D * 4 * D + 4 * D + 4 * D * D + D
        assert summary.positions == cfg.max_seq_len * D and summary.tied and summary.output == 0
        assert summary.final_norm == 2 * D
    if cfg.family == "llama":  # RMSNorm (D) + q, o (D x D) + k, v (D x kv*dh), no biases; SwiGLU
        kv = cfg.n_kv_head * cfg.d_head
        assert summary.blocks[1].attention == D + 2 * D * D + 2 * D * kv
        assert summary.blocks[1].mlp == D + 3 * D * cfg.d_mlp
        assert summary.positions == 0 and not summary.tied and summary.output == V * D


def test_short_count():
    assert architecture.short_count(950) == (950.0, "")
    assert architecture.short_count(12_300) == (12.3, "thousand")
    assert architecture.short_count(2_500_000) == (2.5, "million")
    assert architecture.short_count(7_000_000_000) == (7.0, "billion")


# -- logit lens ----------------------------------------------------------------------

@pytest.mark.parametrize("causal", [True, False])
def test_lens_equals_final_norm_and_unembedding_done_by_hand(causal):
    loaded = make_tiny_model(causal=causal)
    model = loaded.model
    trace = run(model, loaded.tokenizer, "de kat zit op [MASK]", lens_k=5)
    stream = hooked_stream(model, trace.token_ids.tolist())  # (L+1, T, D)
    with torch.no_grad():
        if causal:
            x = F.layer_norm(stream, (model.cfg.d_model,), model.ln_f.weight, model.ln_f.bias, model.cfg.norm_eps)
        else:  # BERT: dense, GELU, LayerNorm before the decoder
            x = F.gelu(stream @ model.mlm_dense.weight.T + model.mlm_dense.bias)
            x = F.layer_norm(x, (model.cfg.d_model,), model.mlm_norm.weight, model.mlm_norm.bias,
                             model.cfg.norm_eps)
        logits = x @ model.wte.weight.T
        if model.lm_head.bias is not None:
            logits = logits + model.lm_head.bias
        probs = torch.softmax(logits.double(), dim=-1)
    top_p, top_i = probs.topk(5, dim=-1)
    np.testing.assert_array_equal(trace.lens_ids, top_i.numpy())
    np.testing.assert_allclose(trace.lens_probs, top_p.numpy(), atol=1e-5)
    final = probs[-1].argmax(-1)
    for layer in range(probs.shape[0]):
        for t in range(probs.shape[1]):
            p_final = probs[layer, t, final[t]]
            assert trace.lens_rank[layer, t] == int((probs[layer, t] > p_final).sum())
