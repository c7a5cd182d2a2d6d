"""Hugging Face configs and tensor names → our ModelConfig and parameter names.

Pure functions over a ``config.json`` dict and a name → tensor dict, so the
folder loader, the GGUF loader and the tests share one mapping. Each
architecture lists its tensors in forward order.
"""

from __future__ import annotations

import math
import reprlib
from typing import Any, Callable

import torch

from explainer.core.config import ConfigError, ModelConfig, bert_config, gpt2_config, llama_config

ACT = {"gelu_new": "gelu_tanh", "gelu_pytorch_tanh": "gelu_tanh", "gelu_fast": "gelu_tanh",
       "gelu": "gelu", "silu": "silu", "swish": "silu", "relu": "relu"}


class UnsupportedArchitecture(ValueError):
    """The config names an architecture this app has no mapping for."""


def _rope_theta(c: dict[str, Any], default: float = 10000.0, layer_type: str = "full_attention") -> float:
    # newer configs nest it under rope_parameters (or rope_scaling, per layer type for Gemma 3);
    # older ones keep it on top
    for key in ("rope_parameters", "rope_scaling"):
        nested = c.get(key)
        if isinstance(nested, dict) and isinstance(nested.get(layer_type), dict):
            nested = nested[layer_type]
        if isinstance(nested, dict) and "rope_theta" in nested:
            return float(nested["rope_theta"])
    return float(c.get("rope_theta", default))


def _rope_param(c: dict[str, Any], key: str, default: float) -> float:
    nested = c.get("rope_parameters")
    if isinstance(nested, dict) and key in nested:
        return float(nested[key])
    return float(c.get(key, default))


def _rope_dict(c: dict[str, Any], layer_type: str = "full_attention") -> dict[str, Any] | None:
    """The RoPE settings of a config: ``rope_parameters`` (newer, per layer type for Gemma 3) or ``rope_scaling``."""
    for key in ("rope_parameters", "rope_scaling"):
        nested = c.get(key)
        if isinstance(nested, dict) and isinstance(nested.get(layer_type), dict):
            nested = nested[layer_type]
        if isinstance(nested, dict):
            kind = nested.get("rope_type", nested.get("type", "default"))
            if kind not in (None, "default") or key == "rope_parameters":
                return nested
    return None


def _rope_scaling(c: dict[str, Any], layer_type: str = "full_attention") -> dict[str, Any]:
    """The config's RoPE scaling as ModelConfig.rope_scaling; other kinds are refused rather than computed wrong."""
    nested = _rope_dict(c, layer_type)
    if nested is None:
        return {}
    kind = nested.get("rope_type", nested.get("type", "default"))
    if kind in (None, "default"):
        return {}
    original = nested.get("original_max_position_embeddings") or c.get("max_position_embeddings")
    if kind == "factors":  # a GGUF file's own table of divisors (see gguf.rope_factors)
        return {"type": "factors", "factors": nested["factors"]}
    if kind == "linear":
        return {"type": "linear", "factor": nested["factor"]}
    if kind == "llama3":
        return {"type": "llama3", "factor": nested["factor"], "low_freq_factor": nested["low_freq_factor"],
                "high_freq_factor": nested["high_freq_factor"], "original_max_position_embeddings": original}
    if kind == "yarn":
        if nested.get("truncate", True) is not True or nested.get("mscale") or nested.get("mscale_all_dim"):
            raise UnsupportedArchitecture("RoPE scaling 'yarn' with mscale or without truncation is not supported")
        factor = nested.get("factor") or c["max_position_embeddings"] / original
        strength = nested.get("attention_factor")
        if strength is None:
            strength = 0.1 * math.log(factor) + 1.0 if factor > 1 else 1.0
        return {"type": "yarn", "factor": factor, "original_max_position_embeddings": original,
                "beta_fast": nested.get("beta_fast") or 32, "beta_slow": nested.get("beta_slow") or 1,
                "attention_factor": strength}
    raise UnsupportedArchitecture(f"RoPE scaling {kind!r} is not supported (linear, llama3 and yarn are)")


def _context(c: dict[str, Any], default: int = 2048) -> int:
    n = min(int(c.get("max_position_embeddings") or default), 8192)
    window = c.get("sliding_window")
    if isinstance(window, int) and window > 0 and c.get("use_sliding_window", True):
        n = min(n, window)  # beyond the window our full attention would differ from the model's
    return n


def _act(name: str) -> str:
    if name not in ACT:
        raise UnsupportedArchitecture(f"activation {name!r} is not supported")
    return ACT[name]


BY_MODEL_TYPE = {"gpt2": "GPT2LMHeadModel", "llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM",
                 "qwen2": "Qwen2ForCausalLM", "qwen3": "Qwen3ForCausalLM", "gemma": "GemmaForCausalLM",
                 "gemma2": "Gemma2ForCausalLM", "gemma3_text": "Gemma3ForCausalLM", "bert": "BertForMaskedLM", "roberta": "RobertaForMaskedLM",
                 "gpt_neox": "GPTNeoXForCausalLM"}


def _architecture(c: dict[str, Any]) -> str:
    """The first of ``architectures``, else the one ``model_type`` implies; a name, whatever the file holds."""
    archs = c.get("architectures")
    if archs:
        if not isinstance(archs, list) or not isinstance(archs[0], str):
            raise UnsupportedArchitecture(f"'architectures' should be a list of names, not {_brief(archs)}")
        return archs[0]
    model_type = c.get("model_type")
    if model_type is not None and not isinstance(model_type, str):
        raise UnsupportedArchitecture(f"'model_type' should be a name, not {_brief(model_type)}")
    return BY_MODEL_TYPE.get(model_type, model_type)


def _brief(value: Any) -> str:
    text = " ".join(reprlib.repr(value).split())
    return text if len(text) <= 80 else text[:79] + "\u2026"


# sizes and counts an HF configuration may give, each a whole number of at least 1 where given
COUNTS = ("vocab_size", "n_layer", "n_head", "n_embd", "n_inner", "num_hidden_layers", "num_attention_heads",
          "num_key_value_heads", "hidden_size", "intermediate_size", "head_dim")


def config_from_hf(c: dict[str, Any], name: str = "model") -> ModelConfig:
    """Map an HF ``config.json`` onto ModelConfig; raise UnsupportedArchitecture otherwise.

    Values of the wrong type raise TypeError, ValueError, KeyError or
    ArithmeticError (a zero head count), which the loaders report as an invalid configuration.
    """
    arch = _architecture(c)
    for key in COUNTS:  # checked first, by name: a zero head count divided by zero further down
        value = c.get(key)
        if value is not None and (type(value) is not int or value < 1):
            raise ConfigError(f"'{key}' must be a whole number of at least 1, got {_brief(value)}")
    if arch in ("GPT2LMHeadModel", "GPT2Model"):
        return gpt2_config(
            name=name, vocab_size=c["vocab_size"], n_layer=c["n_layer"], n_head=c["n_head"],
            d_model=c["n_embd"], d_mlp=c.get("n_inner") or 4 * c["n_embd"],
            max_seq_len=c.get("n_positions", 1024), norm_eps=c.get("layer_norm_epsilon", 1e-5),
            activation=_act(c.get("activation_function", "gelu_new")),
            tie_embeddings=c.get("tie_word_embeddings", True))
    if arch in ("LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM", "Qwen3ForCausalLM"):
        family = {"LlamaForCausalLM": "llama", "MistralForCausalLM": "mistral",
                  "Qwen2ForCausalLM": "qwen2", "Qwen3ForCausalLM": "qwen3"}[arch]
        qkv_bias = True if family == "qwen2" else bool(c.get("attention_bias", False))
        return llama_config(
            name=name, family=family, vocab_size=c["vocab_size"], n_layer=c["num_hidden_layers"],
            n_head=c["num_attention_heads"], n_kv_head=c.get("num_key_value_heads") or c["num_attention_heads"],
            d_model=c["hidden_size"], d_head=c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"],
            d_mlp=c["intermediate_size"], max_seq_len=_context(c),
            norm_eps=c.get("rms_norm_eps", 1e-6), rope_theta=_rope_theta(c),
            activation=_act(c.get("hidden_act", "silu")), qkv_bias=qkv_bias,
            attn_out_bias=bool(c.get("attention_bias", False)) and family != "qwen2",
            mlp_bias=bool(c.get("mlp_bias", False)), tie_embeddings=bool(c.get("tie_word_embeddings", False)),
            qk_norm=family == "qwen3", rope_scaling=_rope_scaling(c))
    if arch in ("GemmaForCausalLM", "Gemma2ForCausalLM", "Gemma3ForCausalLM"):
        return _gemma_config(c, arch, name)
    if arch in ("BertForMaskedLM", "RobertaForMaskedLM"):
        roberta = arch.startswith("Roberta")
        offset = (c.get("pad_token_id", 1) + 1) if roberta else 0
        return bert_config(
            name=name, family="roberta" if roberta else "bert", vocab_size=c["vocab_size"],
            n_layer=c["num_hidden_layers"], n_head=c["num_attention_heads"], d_model=c["hidden_size"],
            d_mlp=c["intermediate_size"], max_seq_len=c.get("max_position_embeddings", 512) - offset,
            position_offset=offset, norm_eps=c.get("layer_norm_eps", 1e-12),
            activation=_act(c.get("hidden_act", "gelu")), type_vocab_size=c.get("type_vocab_size", 2),
            tie_embeddings=c.get("tie_word_embeddings", True))
    if arch == "GPTNeoXForCausalLM":
        heads = c["num_attention_heads"]
        rotary = c.get("rotary_pct", _rope_param(c, "partial_rotary_factor", 1.0))
        return ModelConfig(
            name=name, family="gpt-neox", vocab_size=c["vocab_size"], n_layer=c["num_hidden_layers"],
            n_head=heads, d_model=c["hidden_size"], d_mlp=c["intermediate_size"],
            max_seq_len=_context(c), norm="layernorm", norm_eps=c.get("layer_norm_eps", 1e-5),
            positions="rope", rope_theta=float(c.get("rotary_emb_base", _rope_theta(c))),
            rotary_pct=float(rotary),
            mlp="gelu", activation=_act(c.get("hidden_act", "gelu")),
            parallel_attn_mlp=bool(c.get("use_parallel_residual", True)),
            qkv_bias=bool(c.get("attention_bias", True)), attn_out_bias=bool(c.get("attention_bias", True)),
            tie_embeddings=bool(c.get("tie_word_embeddings", False)), rope_scaling=_rope_scaling(c))
    raise UnsupportedArchitecture(f"architecture {arch!r} is not supported")


def _gemma_config(c: dict[str, Any], arch: str, name: str) -> ModelConfig:
    """Gemma 1, 2 and 3 (text): LLaMA's wiring plus scaled embeddings, GeGLU and Gemma's own norms.

    Gemma 2 and 3 also normalise the attention and MLP outputs before adding
    them (``sandwich_norm``), let some layers attend within a sliding window
    only, and divide scores by sqrt(query_pre_attn_scalar). Gemma 2 squashes
    scores and logits (soft-capping); Gemma 3 normalises queries and keys and
    gives its sliding layers their own RoPE base.
    """
    version = {"GemmaForCausalLM": 1, "Gemma2ForCausalLM": 2, "Gemma3ForCausalLM": 3}[arch]
    if c.get("use_bidirectional_attention"):
        raise UnsupportedArchitecture("Gemma with bidirectional attention (an embedding model) is not supported")
    n_layer, heads = c["num_hidden_layers"], c["num_attention_heads"]
    d_head = c.get("head_dim") or c["hidden_size"] // heads
    sliding: list[int] = []
    window = 0
    if version >= 2 and c.get("sliding_window"):
        types = c.get("layer_types")
        if types is None:  # older configs: every n-th layer attends fully (Gemma 2: every 2nd, Gemma 3: 6th)
            pattern = int(c.get("sliding_window_pattern") or (2 if version == 2 else 6))
            types = ["sliding_attention" if (i + 1) % pattern else "full_attention" for i in range(n_layer)]
        if not isinstance(types, list) or len(types) != n_layer:
            raise ValueError(f"layer_types should name {n_layer} layers")
        sliding = [i for i, kind in enumerate(types) if kind == "sliding_attention"]
        window = int(c["sliding_window"]) if sliding else 0
    local_theta = None
    if version == 3 and sliding:
        nested = c.get("rope_parameters")
        nested = nested.get("sliding_attention") if isinstance(nested, dict) else None
        local_theta = float(nested["rope_theta"]) if isinstance(nested, dict) and "rope_theta" in nested \
            else float(c.get("rope_local_base_freq", 10000.0))
    softcap = (lambda key: c.get(key) or None) if version == 2 else (lambda key: None)
    return llama_config(
        name=name, family=f"gemma{version if version > 1 else ''}", vocab_size=c["vocab_size"], n_layer=n_layer,
        n_head=heads, n_kv_head=c.get("num_key_value_heads") or heads, d_model=c["hidden_size"], d_head=d_head,
        d_mlp=c["intermediate_size"], max_seq_len=min(int(c.get("max_position_embeddings") or 8192), 8192),
        norm_eps=c.get("rms_norm_eps", 1e-6), activation=_act(c.get("hidden_activation") or c.get("hidden_act")
                                                             or "gelu_pytorch_tanh"),
        rope_theta=_rope_theta(c, 1_000_000.0 if version == 3 else 10000.0), rope_local_theta=local_theta,
        rope_scaling=_rope_scaling(c), qkv_bias=bool(c.get("attention_bias", False)),
        attn_out_bias=bool(c.get("attention_bias", False)), tie_embeddings=bool(c.get("tie_word_embeddings", True)),
        scale_embeddings=True, sandwich_norm=version >= 2, qk_norm=version == 3,
        attn_scalar=float(c.get("query_pre_attn_scalar") or d_head) if version >= 2 else None,
        attn_softcap=softcap("attn_logit_softcapping"), final_softcap=softcap("final_logit_softcapping"),
        sliding_window=window, sliding_layers=sliding)


Tensors = dict[str, torch.Tensor]


def _linear(out: Tensors, ours: str, src: Tensors, theirs: str, transpose: bool = False,
            bias: bool = True) -> None:
    w = src[f"{theirs}.weight"]
    out[f"{ours}.weight"] = w.t() if transpose else w
    if bias and f"{theirs}.bias" in src:
        out[f"{ours}.bias"] = src[f"{theirs}.bias"]


def _norm(out: Tensors, ours: str, src: Tensors, theirs: str) -> None:
    out[f"{ours}.weight"] = src[f"{theirs}.weight"]
    if f"{theirs}.bias" in src:
        out[f"{ours}.bias"] = src[f"{theirs}.bias"]


def _strip(src: Tensors, *prefixes: str) -> Tensors:
    """Drop a leading model prefix (``transformer.``, ``model.``) where present."""
    result = {}
    for k, v in src.items():
        for p in prefixes:
            if k.startswith(p):
                k = k[len(p):]
                break
        result[k] = v
    return result


def _gpt2(cfg: ModelConfig, src: Tensors) -> Tensors:
    s, out, D = _strip(src, "transformer."), {}, cfg.d_model
    out["wte.weight"], out["wpe.weight"] = s["wte.weight"], s["wpe.weight"]
    for i in range(cfg.n_layer):
        h, b = f"h.{i}", f"blocks.{i}"
        _norm(out, f"{b}.ln_1", s, f"{h}.ln_1")
        w, bias = s[f"{h}.attn.c_attn.weight"], s[f"{h}.attn.c_attn.bias"]  # Conv1D: (D, 3D)
        for j, name in enumerate(("q_proj", "k_proj", "v_proj")):
            out[f"{b}.attn.{name}.weight"] = w[:, j * D:(j + 1) * D].t()
            out[f"{b}.attn.{name}.bias"] = bias[j * D:(j + 1) * D]
        _linear(out, f"{b}.attn.o_proj", s, f"{h}.attn.c_proj", transpose=True)
        _norm(out, f"{b}.ln_2", s, f"{h}.ln_2")
        _linear(out, f"{b}.mlp.fc_in", s, f"{h}.mlp.c_fc", transpose=True)
        _linear(out, f"{b}.mlp.fc_out", s, f"{h}.mlp.c_proj", transpose=True)
    _norm(out, "ln_f", s, "ln_f")
    if not cfg.tie_embeddings:
        out["lm_head.weight"] = s["lm_head.weight"]
    return out


def _llama(cfg: ModelConfig, src: Tensors) -> Tensors:
    """LLaMA, Mistral, Qwen 2 and 3, and Gemma: one layout, with Gemma's extra norms where the config has them."""
    s, out = _strip(src, "model."), {}
    out["wte.weight"] = s["embed_tokens.weight"]
    sandwich = cfg.sandwich_norm  # Gemma 2/3 call the norm before the MLP pre_feedforward_layernorm
    for i in range(cfg.n_layer):
        h, b = f"layers.{i}", f"blocks.{i}"
        _norm(out, f"{b}.ln_1", s, f"{h}.input_layernorm")
        for name in ("q_proj", "k_proj", "v_proj", "o_proj"):
            _linear(out, f"{b}.attn.{name}", s, f"{h}.self_attn.{name}")
        if cfg.qk_norm:
            _norm(out, f"{b}.attn.q_norm", s, f"{h}.self_attn.q_norm")
            _norm(out, f"{b}.attn.k_norm", s, f"{h}.self_attn.k_norm")
        if sandwich:
            _norm(out, f"{b}.post_attn_norm", s, f"{h}.post_attention_layernorm")
            _norm(out, f"{b}.ln_2", s, f"{h}.pre_feedforward_layernorm")
            _norm(out, f"{b}.post_mlp_norm", s, f"{h}.post_feedforward_layernorm")
        else:
            _norm(out, f"{b}.ln_2", s, f"{h}.post_attention_layernorm")
        _linear(out, f"{b}.mlp.fc_gate", s, f"{h}.mlp.gate_proj")
        _linear(out, f"{b}.mlp.fc_in", s, f"{h}.mlp.up_proj")
        _linear(out, f"{b}.mlp.fc_out", s, f"{h}.mlp.down_proj")
    _norm(out, "ln_f", s, "norm")
    if not cfg.tie_embeddings:
        out["lm_head.weight"] = s["lm_head.weight"]
    if cfg.family.startswith("gemma"):  # Gemma scales by 1 + w and stores w; our RMSNorm multiplies by its weight
        for key in out:
            if key.endswith("norm.weight") or key.endswith(("ln_1.weight", "ln_2.weight", "ln_f.weight")):
                out[key] = out[key].float() + 1.0
    return out


def _bert(cfg: ModelConfig, src: Tensors) -> Tensors:
    roberta = cfg.family == "roberta"
    s, out = _strip(src, "bert.", "roberta."), {}
    e = "embeddings"
    out["wte.weight"] = s[f"{e}.word_embeddings.weight"]
    out["wpe.weight"] = s[f"{e}.position_embeddings.weight"]
    out["wtt.weight"] = s[f"{e}.token_type_embeddings.weight"]
    _norm(out, "emb_norm", s, f"{e}.LayerNorm")
    for i in range(cfg.n_layer):
        h, b = f"encoder.layer.{i}", f"blocks.{i}"
        _linear(out, f"{b}.attn.q_proj", s, f"{h}.attention.self.query")
        _linear(out, f"{b}.attn.k_proj", s, f"{h}.attention.self.key")
        _linear(out, f"{b}.attn.v_proj", s, f"{h}.attention.self.value")
        _linear(out, f"{b}.attn.o_proj", s, f"{h}.attention.output.dense")
        _norm(out, f"{b}.ln_1", s, f"{h}.attention.output.LayerNorm")
        _linear(out, f"{b}.mlp.fc_in", s, f"{h}.intermediate.dense")
        _linear(out, f"{b}.mlp.fc_out", s, f"{h}.output.dense")
        _norm(out, f"{b}.ln_2", s, f"{h}.output.LayerNorm")
    head = "lm_head" if roberta else "cls.predictions"
    dense, norm = (f"{head}.dense", f"{head}.layer_norm") if roberta else \
        (f"{head}.transform.dense", f"{head}.transform.LayerNorm")
    _linear(out, "mlm_dense", s, dense)
    _norm(out, "mlm_norm", s, norm)
    bias = s.get(f"{head}.bias", s.get(f"{head}.decoder.bias"))
    if bias is not None:  # absent: the loader reports lm_head.bias as missing
        out["lm_head.bias"] = bias
    if not cfg.tie_embeddings:
        out["lm_head.weight"] = s[f"{head}.decoder.weight"]
    return out


def _neox(cfg: ModelConfig, src: Tensors) -> Tensors:
    s, out = _strip(src, "gpt_neox."), {}
    H, dh = cfg.n_head, cfg.d_head
    out["wte.weight"] = s["embed_in.weight"]
    for i in range(cfg.n_layer):
        h, b = f"layers.{i}", f"blocks.{i}"
        _norm(out, f"{b}.ln_1", s, f"{h}.input_layernorm")
        _norm(out, f"{b}.ln_2", s, f"{h}.post_attention_layernorm")
        w = s[f"{h}.attention.query_key_value.weight"].view(H, 3, dh, -1)  # per head: q, k, v rows
        bias = s.get(f"{h}.attention.query_key_value.bias")
        for j, name in enumerate(("q_proj", "k_proj", "v_proj")):
            out[f"{b}.attn.{name}.weight"] = w[:, j].reshape(H * dh, -1)  # (H*dh, D)
            if bias is not None:
                out[f"{b}.attn.{name}.bias"] = bias.view(H, 3, dh)[:, j].reshape(H * dh)
        _linear(out, f"{b}.attn.o_proj", s, f"{h}.attention.dense")
        _linear(out, f"{b}.mlp.fc_in", s, f"{h}.mlp.dense_h_to_4h")
        _linear(out, f"{b}.mlp.fc_out", s, f"{h}.mlp.dense_4h_to_h")
    _norm(out, "ln_f", s, "final_layer_norm")
    out["lm_head.weight"] = s["embed_out.weight"] if "embed_out.weight" in s else s["embed_in.weight"]
    return out


MAPPERS: dict[str, Callable[[ModelConfig, Tensors], Tensors]] = {
    "gpt2": _gpt2, "llama": _llama, "mistral": _llama, "qwen2": _llama, "qwen3": _llama,
    "gemma": _llama, "gemma2": _llama, "gemma3": _llama,
    "bert": _bert, "roberta": _bert, "gpt-neox": _neox,
}


def state_from_hf(cfg: ModelConfig, src: Tensors) -> Tensors:
    """Rename (and split or transpose) HF tensors into our parameter names.

    A tensor the architecture needs but the file lacks raises KeyError naming it.
    """
    try:
        return MAPPERS[cfg.family](cfg, src)
    except KeyError as exc:
        raise KeyError(f"missing tensor {exc.args[0]}") from None
