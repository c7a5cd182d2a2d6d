"""Gemma (1, 2, 3), Qwen 3 and scaled RoPE (Llama 3, linear, YaRN) against transformers on random weights.

Each architecture is built tiny with transformers' own classes, its weights
randomised (norms and biases too), and then opened the ways a user opens it:
a safetensors folder, a GGUF file laid out as llama.cpp's converter writes
it, our own format after a save. Logits, every attention pattern and every
hidden state must match transformers' eager implementation to 1e-4.
"""

import json
import math

import gguf
import numpy as np
import pytest
import torch
import transformers
from gguf import GGMLQuantizationType as Q

from explainer.core.checkpoints import CheckpointError, load_model
from explainer.core.checkpoints.hf_mapping import UnsupportedArchitecture, config_from_hf
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.config import ConfigError, ModelConfig
from explainer.core.trace import run
from explainer.core.transformer import Transformer, hidden_keys, rope_inv_freq
from test_loaders_gguf import add_bpe_vocab, add_weight, roundtrip
from test_loaders_huggingface import TEXT, VOCAB, assert_matches, byte_bpe, randomize

WINDOW = 4  # far shorter than TEXT's tokens, so the sliding layers really hide keys
LLAMA3 = {"rope_type": "llama3", "rope_theta": 500.0, "factor": 8.0, "low_freq_factor": 1.0,
          "high_freq_factor": 4.0, "original_max_position_embeddings": 16}
SCALINGS = {
    "llama3": LLAMA3,
    "linear": {"rope_type": "linear", "rope_theta": 500.0, "factor": 4.0},
    "yarn": {"rope_type": "yarn", "rope_theta": 500.0, "factor": 4.0, "original_max_position_embeddings": 16},
}


def tiny(kind: str, **extra):
    """A tiny transformers model of ``kind`` with random weights everywhere (``extra``: config changes)."""
    torch.manual_seed(0)
    common = dict(vocab_size=VOCAB, attn_implementation="eager", num_hidden_layers=3, num_attention_heads=4,
                  num_key_value_heads=2, hidden_size=32, intermediate_size=48, max_position_embeddings=64)
    if kind == "qwen3":  # head_dim 16 with 4 heads in a 32-wide model: wider heads than hidden / heads
        hf = transformers.Qwen3ForCausalLM(transformers.Qwen3Config(head_dim=16, tie_word_embeddings=True, **common))
    elif kind.startswith("gemma3"):
        rope = {"full_attention": {"rope_type": "default", "rope_theta": 1000.0},
                "sliding_attention": {"rope_type": "default", "rope_theta": 50.0}}
        if kind == "gemma3_linear":  # the larger Gemma 3 models scale their full layers' RoPE linearly
            rope["full_attention"] = {"rope_type": "linear", "factor": 8.0, "rope_theta": 1000.0}
        cfg = transformers.Gemma3TextConfig(**{
            "head_dim": 16, "query_pre_attn_scalar": 12, "sliding_window": WINDOW, "rope_parameters": rope,
            "layer_types": ["sliding_attention", "full_attention", "sliding_attention"], **common, **extra})
        hf = transformers.Gemma3ForCausalLM(cfg)
    elif kind == "gemma2":
        cfg = transformers.Gemma2Config(**{"head_dim": 8, "query_pre_attn_scalar": 6, "sliding_window": WINDOW,
                                           "attn_logit_softcapping": 2.0, "final_logit_softcapping": 3.0,
                                           **common, **extra})
        hf = transformers.Gemma2ForCausalLM(cfg)
    elif kind == "gemma":
        hf = transformers.GemmaForCausalLM(transformers.GemmaConfig(head_dim=8, **common))
    elif kind.startswith("llama_"):
        cfg = transformers.LlamaConfig(rope_parameters=dict(SCALINGS[kind[6:]]), tie_word_embeddings=False, **common)
        hf = transformers.LlamaForCausalLM(cfg)
    else:
        raise ValueError(kind)
    return randomize(hf)


KINDS = ["qwen3", "gemma3", "gemma3_linear", "gemma2", "gemma", "llama_llama3", "llama_linear", "llama_yarn"]


def save_folder(kind: str, folder):
    hf = tiny(kind)
    hf.save_pretrained(folder)
    byte_bpe().save(str(folder / "tokenizer.json"))
    return hf


@pytest.mark.parametrize("kind", KINDS)
def test_folder_matches_transformers(kind, tmp_path):
    hf = save_folder(kind, tmp_path)
    loaded = load_model(tmp_path)
    assert loaded.n_params == sum(p.numel() for p in hf.parameters())
    trace = run(loaded.model, loaded.tokenizer, TEXT)
    assert trace.n_tokens > 3 * WINDOW
    assert_matches(trace, hf)


def test_gemma3_config_reads_every_difference(tmp_path):
    save_folder("gemma3", tmp_path)
    cfg = load_model(tmp_path).cfg
    assert cfg.family == "gemma3" and cfg.qk_norm and cfg.sandwich_norm and cfg.scale_embeddings
    assert cfg.sliding_layers == [0, 2] and cfg.sliding_window == WINDOW
    assert cfg.rope_theta == 1000.0 and cfg.rope_local_theta == 50.0
    assert cfg.attn_scale == pytest.approx(12 ** -0.5)
    assert cfg.activation == "gelu_tanh" and cfg.mlp == "swiglu"


def test_sliding_window_hides_far_keys(tmp_path):
    save_folder("gemma3", tmp_path)
    loaded = load_model(tmp_path)
    trace = run(loaded.model, loaded.tokenizer, TEXT)
    T = trace.n_tokens
    far = np.tril(np.ones((T, T), bool), -WINDOW)  # keys WINDOW or more positions back
    assert far.any()
    assert np.all(trace.attn[0][:, far] == 0) and np.all(trace.attn[2][:, far] == 0)
    assert np.all(trace.attn[1][:, far] > 0)  # the full layer sees them all


def test_hidden_keys_by_hand():
    hidden = hidden_keys(3, 2, causal=True, window=2)  # queries at positions 2, 3, 4 over keys 0..4
    assert hidden.tolist() == [[True, False, False, True, True],
                               [True, True, False, False, True],
                               [True, True, True, False, False]]
    assert hidden_keys(1, 5, causal=True) is None
    assert hidden_keys(4, 0, causal=False) is None


@pytest.mark.parametrize("kind", ["gemma3", "gemma2", "qwen3"])
def test_typing_on_continues_exactly(kind, tmp_path):
    save_folder(kind, tmp_path)
    loaded = load_model(tmp_path)
    full = run(loaded.model, loaded.tokenizer, TEXT, logits="predictions")
    earlier = run(loaded.model, loaded.tokenizer, TEXT[:20], logits="predictions")
    continued = run(loaded.model, loaded.tokenizer, TEXT, logits="predictions", reuse=earlier)
    assert continued.reused_tokens > WINDOW
    for field in ("attn", "resid", "final", "q", "k", "v"):
        np.testing.assert_allclose(getattr(continued, field), getattr(full, field), atol=1e-5, rtol=0)
    np.testing.assert_allclose(continued.logits_at(full.n_tokens - 1), full.logits_at(full.n_tokens - 1),
                               atol=1e-5, rtol=0)


@pytest.mark.parametrize("kind", ["gemma3", "gemma2", "llama_yarn"])
def test_fast_path_equals_traced_path(kind, tmp_path):
    save_folder(kind, tmp_path)
    model = load_model(tmp_path).model
    ids = torch.randint(0, VOCAB, (2, 13))
    with torch.no_grad():
        fast, traced = model(ids), model(ids, capture={})
        capture = {}
        model(ids[:, :9], capture=capture)  # then continue from the first 9 positions' keys and values
        past = [(capture[f"blocks.{i}.attn.k"], capture[f"blocks.{i}.attn.v"]) for i in range(model.cfg.n_layer)]
        continued = model(ids[:, 9:], past=past)
    torch.testing.assert_close(fast, traced, atol=1e-5, rtol=0)
    torch.testing.assert_close(continued, fast[:, 9:], atol=1e-5, rtol=0)


@pytest.mark.parametrize("kind", ["llama_llama3", "llama_linear", "llama_yarn", "gemma3_linear"])
def test_scaled_frequencies_match_transformers(kind):
    hf = tiny(kind)
    cfg = config_from_hf(hf.config.to_dict())
    ours, strength = rope_inv_freq(cfg)
    rotary = hf.model.rotary_emb
    theirs = getattr(rotary, "full_attention_inv_freq", getattr(rotary, "inv_freq", None))
    torch.testing.assert_close(ours, theirs.float(), atol=1e-7, rtol=1e-6)
    plain, _ = rope_inv_freq(cfg.replace(rope_scaling={}))
    assert not torch.allclose(ours, plain)  # the scaling changed something
    if kind == "llama_yarn":
        assert strength == pytest.approx(0.1 * math.log(4.0) + 1.0)


def test_native_save_keeps_the_architecture(tmp_path):
    hf = save_folder("gemma3", tmp_path / "hf")
    loaded = load_model(tmp_path / "hf")
    save_checkpoint(loaded.model, loaded.tokenizer, tmp_path / "ours")
    again = load_model(tmp_path / "ours")
    assert again.cfg == loaded.cfg
    assert_matches(run(again.model, again.tokenizer, TEXT), hf)


# ---------------------------------------------------------------- GGUF, as llama.cpp's converter writes it

GGUF_NAMES = {"input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
              "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output", "self_attn.q_norm": "attn_q_norm",
              "self_attn.k_norm": "attn_k_norm", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
              "mlp.down_proj": "ffn_down"}
GEMMA_NAMES = {**GGUF_NAMES, "post_attention_layernorm": "post_attention_norm",
               "pre_feedforward_layernorm": "ffn_norm", "post_feedforward_layernorm": "post_ffw_norm"}
LLAMA_NAMES = {**GGUF_NAMES, "post_attention_layernorm": "ffn_norm"}


def llama3_rope_freqs(scaling: dict, head_dim: int) -> np.ndarray:
    """llama.cpp's table for Llama 3 scaling: what each plain frequency is divided by."""
    inv = 1.0 / (scaling["rope_theta"] ** (np.arange(0, head_dim, 2) / head_dim))
    wavelen = 2 * math.pi / inv
    ctx, low, high, factor = (scaling[k] for k in ("original_max_position_embeddings", "low_freq_factor",
                                                   "high_freq_factor", "factor"))
    out = []
    for w in wavelen:
        if w < ctx / high:
            out.append(1.0)
        elif w > ctx / low:
            out.append(factor)
        else:
            smooth = (ctx / w - low) / (high - low)
            out.append(1 / ((1 - smooth) / factor + smooth))
    return np.array(out, np.float32)


def write_gguf(path, kind: str, qtype):
    """A GGUF of the tiny ``kind`` model and that HF model carrying the file's (dequantized) weights."""
    # llama.cpp scales scores by 1/sqrt(head_dim) for these sizes: the file has no field for anything else
    hf = tiny(kind, query_pre_attn_scalar={"gemma3": 16, "gemma2": 8}[kind]) if kind.startswith("gemma") \
        else tiny(kind)
    c = hf.config
    arch = {"gemma3": "gemma3", "gemma2": "gemma2", "qwen3": "qwen3", "llama_llama3": "llama"}[kind]
    gemma = arch.startswith("gemma")
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_block_count(c.num_hidden_layers)
    writer.add_context_length(c.max_position_embeddings)
    writer.add_embedding_length(c.hidden_size)
    writer.add_feed_forward_length(c.intermediate_size)
    writer.add_head_count(c.num_attention_heads)
    writer.add_head_count_kv(c.num_key_value_heads)
    writer.add_key_length(c.head_dim)
    writer.add_value_length(c.head_dim)
    writer.add_layer_norm_rms_eps(c.rms_norm_eps)
    theta = c.rope_parameters["full_attention"]["rope_theta"] if arch == "gemma3" else c.rope_parameters["rope_theta"]
    writer.add_rope_freq_base(float(theta))
    writer.add_rope_dimension_count(c.head_dim)
    if gemma:
        writer.add_sliding_window(c.sliding_window)
    if arch == "gemma3":  # llama.cpp's default local base is 10,000; this model's is its own
        writer.add_float32("gemma3.rope.freq_base_swa", c.rope_parameters["sliding_attention"]["rope_theta"])
        writer.add_sliding_window_pattern([t == "sliding_attention" for t in c.layer_types])
    if arch == "gemma2":
        writer.add_float32("gemma2.attn_logit_softcapping", c.attn_logit_softcapping)
        writer.add_float32("gemma2.final_logit_softcapping", c.final_logit_softcapping)
    add_bpe_vocab(writer)
    names = GEMMA_NAMES if gemma else LLAMA_NAMES
    state = {}
    for name, t in hf.state_dict().items():
        w = t.numpy().astype(np.float32)
        norm = name.endswith("norm.weight")
        stored = w + 1.0 if gemma and norm else w  # llama.cpp stores Gemma's norms as 1 + w
        kind_q = Q.F32 if norm else qtype
        ref = roundtrip(stored, kind_q)
        state[name] = torch.from_numpy(np.ascontiguousarray(ref - 1.0 if gemma and norm else ref))
        if name == "model.embed_tokens.weight":
            gname = "token_embd.weight"
        elif name == "model.norm.weight":
            gname = "output_norm.weight"
        elif name == "lm_head.weight":
            if c.tie_word_embeddings:
                continue
            gname = "output.weight"
        else:
            _, _, i, *rest = name.split(".")
            part = ".".join(rest[:-1])
            gname = f"blk.{i}.{names[part]}.{rest[-1]}"
            if arch == "llama" and part in ("self_attn.q_proj", "self_attn.k_proj"):
                heads = c.num_attention_heads if "q_proj" in part else c.num_key_value_heads
                stored = stored.reshape(heads, 2, -1, stored.shape[-1]).swapaxes(1, 2).reshape(stored.shape)
                stored = roundtrip(stored, kind_q) if kind_q != qtype else stored
        add_weight(writer, gname, stored, kind_q)
    if kind == "llama_llama3":
        writer.add_tensor("rope_freqs.weight", llama3_rope_freqs(c.rope_parameters, c.head_dim))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    hf.load_state_dict(state, strict=False)
    return hf.eval()


@pytest.mark.parametrize("kind", ["gemma3", "gemma2", "qwen3", "llama_llama3"])
@pytest.mark.parametrize("qtype", [Q.F32, Q.Q8_0], ids=lambda q: q.name)
def test_gguf_matches_transformers(kind, qtype, tmp_path):
    path = tmp_path / "tiny.gguf"
    ref = write_gguf(path, kind, qtype)
    loaded = load_model(path)
    assert loaded.format == "gguf"
    trace = run(loaded.model, loaded.tokenizer, TEXT)
    assert_matches(trace, ref, tol=1e-4 if qtype == Q.F32 else 1e-3)
    if kind.startswith("gemma"):
        assert loaded.cfg.sliding_layers == [0, 2] and loaded.cfg.sliding_window == WINDOW


# ---------------------------------------------------------------- what is refused, and how

@pytest.mark.parametrize("scaling, problem", [
    ({"type": "dynamic", "factor": 2.0}, "rope_scaling type must be one of"),
    ({"type": "llama3", "factor": 8.0}, "rope_scaling llama3 needs low_freq_factor"),
    ({"type": "linear", "factor": -1.0}, "rope_scaling factor must be greater than 0"),
    ({"type": "linear", "factor": 2.0, "extra": 1}, "unknown fields"),
    ({"type": "factors", "factors": [1.0, 2.0]}, "rope_scaling factors hold 2 numbers"),
])
def test_bad_rope_scaling_is_named(scaling, problem):
    with pytest.raises(ConfigError, match=problem):
        ModelConfig(positions="rope", n_head=4, d_model=32, rope_scaling=scaling)


def test_bad_sliding_layers_are_named():
    with pytest.raises(ConfigError, match="sliding_layers"):
        ModelConfig(n_layer=2, sliding_window=4, sliding_layers=[5])
    with pytest.raises(ConfigError, match="sliding_window is 0"):
        ModelConfig(n_layer=2, sliding_layers=[0])
    with pytest.raises(ConfigError, match="causal models only"):
        ModelConfig(n_layer=2, sliding_window=3, sliding_layers=[0], causal=False)


def test_unsupported_variants_say_what_they_are(tmp_path):
    save_folder("gemma3", tmp_path)
    config = json.loads((tmp_path / "config.json").read_text())
    config["use_bidirectional_attention"] = True
    (tmp_path / "config.json").write_text(json.dumps(config))
    with pytest.raises(CheckpointError, match="bidirectional attention"):
        load_model(tmp_path)
    with pytest.raises(UnsupportedArchitecture, match="'longrope' is not supported"):
        config_from_hf({"architectures": ["LlamaForCausalLM"], "vocab_size": 10, "hidden_size": 8,
                        "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2,
                        "rope_scaling": {"rope_type": "longrope", "factor": 2.0}})


def test_param_count_and_shapes_agree_with_the_built_model():
    for kind in ("gemma3", "gemma2", "qwen3"):
        cfg = config_from_hf(tiny(kind).config.to_dict())
        model = Transformer(cfg)
        assert cfg.param_count() == model.n_params()
        assert cfg.param_shapes() == {k: tuple(v.shape) for k, v in model.state_dict().items()}


def test_llama3_scaling_reads_the_same_from_rope_scaling_and_rope_parameters():
    """Older config.json files keep the scaling under rope_scaling (with "type" or "rope_type"); newer ones
    under rope_parameters: both give the same model."""
    base = {"architectures": ["LlamaForCausalLM"], "vocab_size": 10, "hidden_size": 16, "intermediate_size": 8,
            "num_hidden_layers": 1, "num_attention_heads": 2, "max_position_embeddings": 64}
    numbers = {k: v for k, v in LLAMA3.items() if k not in ("rope_type", "rope_theta")}
    new = config_from_hf({**base, "rope_parameters": dict(LLAMA3)})
    old = config_from_hf({**base, "rope_theta": 500.0, "rope_scaling": {"rope_type": "llama3", **numbers}})
    older = config_from_hf({**base, "rope_theta": 500.0, "rope_scaling": {"type": "llama3", **numbers}})
    assert new == old == older
    assert new.rope_scaling == {"type": "llama3", **{k: float(v) for k, v in numbers.items()}}
