"""ModelConfig: one description that covers every architecture the app opens.

Every difference between GPT-2, the LLaMA family (SmolLM, TinyLlama, Mistral,
Qwen2, Qwen3, Llama 3 with scaled RoPE), Gemma 2 and 3, GPT-NeoX (Pythia),
BERT/RoBERTa and the 2017 sinusoidal transformer is a field here, so there is
one model class and no subclass tree.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from dataclasses import dataclass, field
from typing import Any

NORMS = ("layernorm", "rmsnorm")
POSITIONS = ("learned", "sinusoidal", "rope", "none")
MLPS = ("gelu", "swiglu")
ACTIVATIONS = ("gelu", "gelu_tanh", "silu", "relu")
_CHOICES = (("norm", NORMS), ("positions", POSITIONS), ("mlp", MLPS), ("activation", ACTIVATIONS))
_OPTIONAL = ("n_kv_head", "d_head", "d_mlp")  # None: derived from the other sizes
_OPTIONAL_REALS = ("attn_scalar", "attn_softcap", "final_softcap", "rope_local_theta")  # None: not used
# RoPE scaling: its kind → the numbers it needs (HF's rope_type names; "factors" is a GGUF file's
# per-frequency divisors, which llama.cpp stores as a tensor instead of the four llama3 numbers)
ROPE_SCALINGS = {
    "linear": ("factor",),
    "llama3": ("factor", "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"),
    "yarn": ("factor", "original_max_position_embeddings", "beta_fast", "beta_slow", "attention_factor"),
    "factors": ("factors",),
}


class ConfigError(ValueError):
    """A configuration that cannot describe a working model."""


def _show(value: Any) -> str:
    """A value for a message: its repr, cut short (a hostile file can hold megabytes in one field)."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an int of more than 4,300 digits; a deeply nested list
        text = f"a {type(value).__name__} too large to show"
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ConfigError(f"{name} must be a whole number, got {_show(value)}")
    value = int(value)
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low:,} and {high:,}, got {_show(value)}")
    return value


def _real(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ConfigError(f"{name} must be a number, got {_show(value)}")
    try:
        value = float(value)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise ConfigError(f"{name} must be a finite number, got {_show(value)}")
    return value


@dataclass
class ModelConfig:
    """The shape and the wiring of one transformer.

    Sizes (``vocab_size`` … ``max_seq_len``) say how big it is; the remaining
    fields say how it is wired: where the norm sits and which kind, how
    positions enter, which MLP, whether attention looks both ways, and which
    linear layers carry a bias. ``name`` and ``family`` are for people.
    """

    vocab_size: int = 8192
    n_layer: int = 4
    n_head: int = 4
    d_model: int = 256
    n_kv_head: int | None = None  # grouped-query attention; None means n_head
    d_head: int | None = None  # None means d_model // n_head
    d_mlp: int | None = None  # None means 4 * d_model
    max_seq_len: int = 256

    norm: str = "layernorm"
    norm_eps: float = 1e-5
    norm_bias: bool = True
    pre_norm: bool = True  # False: BERT's post-norm (residual, then norm)
    embedding_norm: bool = False  # BERT: LayerNorm right after the embeddings

    positions: str = "learned"
    position_offset: int = 0  # RoBERTa counts positions from padding_idx + 1
    rope_theta: float = 10000.0
    rotary_pct: float = 1.0  # GPT-NeoX rotates only part of each head

    mlp: str = "gelu"
    activation: str = "gelu_tanh"
    parallel_attn_mlp: bool = False  # GPT-NeoX: x + attn(ln1 x) + mlp(ln2 x)

    causal: bool = True
    qk_norm: bool = False  # Qwen3, Gemma 3: each head's query and key are normalised (RMSNorm over d_head)
    sandwich_norm: bool = False  # Gemma 2/3: a norm also on the attention and MLP outputs, before adding
    scale_embeddings: bool = False  # Gemma: token embeddings are multiplied by sqrt(d_model)
    attn_scalar: float | None = None  # scores are divided by sqrt(attn_scalar); None: by sqrt(d_head)
    attn_softcap: float | None = None  # Gemma 2: scores pass through c * tanh(s / c)
    final_softcap: float | None = None  # Gemma 2: logits pass through c * tanh(l / c)
    sliding_window: int = 0  # keys a query in a sliding layer sees: itself and the window - 1 before it
    sliding_layers: list[int] = field(default_factory=list)  # layers that attend within the window only
    rope_local_theta: float | None = None  # Gemma 3: the sliding layers' own RoPE base, never scaled
    rope_scaling: dict[str, Any] = field(default_factory=dict)  # {"type": one of ROPE_SCALINGS, its numbers}
    qkv_bias: bool = True
    attn_out_bias: bool = True
    mlp_bias: bool = True
    tie_embeddings: bool = True
    lm_head_bias: bool = False
    type_vocab_size: int = 0  # BERT token-type (segment) embeddings
    mlm_head: bool = False  # BERT: dense + activation + LayerNorm before the decoder

    name: str = "model"
    family: str = "gpt2"
    special_tokens: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._check_fields()  # types and ranges first: the defaults below divide by n_head
        if self.n_kv_head is None:
            self.n_kv_head = self.n_head
        if self.d_head is None:
            if self.d_model % self.n_head:
                raise ConfigError(
                    f"d_model ({self.d_model}) is not divisible by n_head ({self.n_head})"
                )
            self.d_head = self.d_model // self.n_head
        if self.d_mlp is None:
            self.d_mlp = 4 * self.d_model
        self.validate()

    def _check_fields(self) -> None:
        """Every field's type and range, from ``limits``; numbers are normalised to int and float.

        A config comes from a stranger's file, so nothing is trusted: a whole
        number must be an int (not a bool, float or string), a float a finite
        real number, a switch a bool, a choice one of the known names.
        """
        from explainer.core.checkpoints import limits  # here: the checkpoints package imports this module

        whole = {  # field: (lowest, highest)
            "vocab_size": (1, limits.MAX_VOCAB),
            "n_layer": (1, limits.MAX_LAYERS),
            "n_head": (1, limits.MAX_HEADS),
            "d_model": (1, limits.MAX_D_MODEL),
            "n_kv_head": (1, limits.MAX_HEADS),
            "d_head": (1, limits.MAX_D_HEAD),
            "d_mlp": (1, limits.MAX_D_MLP),
            "max_seq_len": (1, limits.MAX_CONTEXT),
            "position_offset": (0, limits.MAX_CONTEXT),
            "type_vocab_size": (0, limits.MAX_VOCAB),
        }
        for name, (low, high) in whole.items():
            value = getattr(self, name)
            if value is None and name in _OPTIONAL:
                continue
            setattr(self, name, _whole(name, value, low, high))
        for name in ("norm_eps", "rope_theta", "rotary_pct") + _OPTIONAL_REALS:
            if name in _OPTIONAL_REALS and getattr(self, name) is None:
                continue
            value = _real(name, getattr(self, name))
            if value <= 0:
                raise ConfigError(f"{name} must be greater than 0, got {_show(value)}")
            setattr(self, name, value)
        self.sliding_window = _whole("sliding_window", self.sliding_window, 0, limits.MAX_CONTEXT)
        layers = self.sliding_layers
        if not isinstance(layers, (list, tuple)) or len(layers) > limits.MAX_LAYERS:
            raise ConfigError(f"sliding_layers must be a list of layer numbers, got {_show(layers)}")
        self.sliding_layers = sorted({_whole("sliding_layers[]", i, 0, self.n_layer - 1) for i in layers})
        if self.sliding_layers and not self.sliding_window:
            raise ConfigError("sliding_layers are given but sliding_window is 0")
        self.rope_scaling = _rope_scaling(self.rope_scaling, limits.MAX_D_HEAD)
        if self.rotary_pct > 1:
            raise ConfigError(f"rotary_pct must be at most 1 (the share of each head that rotates), "
                              f"got {_show(self.rotary_pct)}")
        for f in dataclasses.fields(self):
            if f.type == "bool" and not isinstance(getattr(self, f.name), bool):
                raise ConfigError(f"{f.name} must be true or false, got {_show(getattr(self, f.name))}")
        for name, allowed in _CHOICES:
            value = getattr(self, name)
            if not isinstance(value, str) or value not in allowed:
                raise ConfigError(f"{name} must be one of {allowed}, got {_show(value)}")
        for name in ("name", "family"):
            value = getattr(self, name)
            if not isinstance(value, str) or len(value) > limits.MAX_NAME_CHARS:
                raise ConfigError(f"{name} must be a text of at most {limits.MAX_NAME_CHARS:,} characters, "
                                  f"got {_show(value)}")
        specials = self.special_tokens
        if not isinstance(specials, dict):
            raise ConfigError(f"special_tokens must map token texts to ids, got {_show(specials)}")
        for key, value in specials.items():
            if not isinstance(key, str):
                raise ConfigError(f"special_tokens: the key {_show(key)} is not a text")
            _whole(f"special_tokens[{key[:40]!r}]", value, 0, self.vocab_size - 1)

    def validate(self) -> None:
        """Raise ConfigError naming the first field that makes no sense.

        Cheap whatever the sizes say (closed-form arithmetic, nothing built), so
        it runs before anything is allocated: a config that describes more than
        ``limits.MAX_PARAMS`` parameters, or position tables larger than
        ``limits.MAX_POSITION_TABLE``, is refused here.
        """
        from explainer.core.checkpoints import limits

        for name in _OPTIONAL:
            if getattr(self, name) is None:
                raise ConfigError(f"{name} is not set")
        self._check_fields()
        if self.n_kv_head > self.n_head or self.n_head % self.n_kv_head:
            raise ConfigError(
                f"n_head ({self.n_head}) must be a multiple of n_kv_head ({self.n_kv_head})"
            )
        if self.positions == "rope":
            if self.rotary_dim < 2 or self.rotary_dim % 2:
                raise ConfigError(f"rotary dimension {self.rotary_dim} (d_head {self.d_head} "
                                  f"x rotary_pct {self.rotary_pct}) must be even and at least 2")
        if self.sliding_layers and not self.causal:
            raise ConfigError("a sliding attention window is supported for causal models only")
        factors = self.rope_scaling.get("factors")
        if factors is not None and len(factors) != self.rotary_dim // 2:
            raise ConfigError(f"rope_scaling factors hold {len(factors)} numbers; the rotary dimension "
                              f"{self.rotary_dim} needs {self.rotary_dim // 2}")
        table = self.position_table_size()
        if table > limits.MAX_POSITION_TABLE:
            raise ConfigError(f"the position tables for max_seq_len {self.max_seq_len} would hold "
                              f"{table:,} numbers, more than the limit of {limits.MAX_POSITION_TABLE:,}")
        n = self.param_count()
        if n > limits.MAX_PARAMS:
            raise ConfigError(f"the configuration describes {n:,} parameters, more than the limit of "
                              f"{limits.MAX_PARAMS:,} (n_layer {self.n_layer}, d_model {self.d_model}, "
                              f"vocab_size {self.vocab_size})")

    # -- sizes, in closed form: nothing is built, so these cost the same for 2 layers or 2 million

    def _norm_params(self, dim: int | None = None) -> int:
        return (dim or self.d_model) * (2 if self.norm == "layernorm" and self.norm_bias else 1)

    def param_count(self) -> int:
        """How many parameters the Transformer for this config has (a tied matrix counted once).

        Equal to ``Transformer(cfg).n_params()`` and to the sum over ``param_shapes()``,
        but arithmetic only.
        """
        D, V, M = self.d_model, self.vocab_size, self.d_mlp
        q, kv = self.n_head * self.d_head, self.n_kv_head * self.d_head
        n = V * D
        if self.positions == "learned":
            n += (self.max_seq_len + self.position_offset) * D
        n += self.type_vocab_size * D
        if self.embedding_norm:
            n += self._norm_params()
        attn = D * q + 2 * D * kv + q * D
        if self.qkv_bias:
            attn += q + 2 * kv
        if self.attn_out_bias:
            attn += D
        n_mats = 3 if self.mlp == "swiglu" else 2
        mlp = n_mats * D * M + ((n_mats - 1) * M + D if self.mlp_bias else 0)
        if self.qk_norm:
            attn += 2 * self._norm_params(self.d_head)
        n_norms = 4 if self.sandwich_norm else 2
        n += self.n_layer * (n_norms * self._norm_params() + attn + mlp)
        if self.pre_norm:
            n += self._norm_params()
        if self.mlm_head:
            n += D * D + D + self._norm_params()
        if not self.tie_embeddings:
            n += V * D
        if self.lm_head_bias:
            n += V
        return n

    def param_shapes(self) -> dict[str, tuple[int, ...]]:
        """Name and shape of every tensor in ``Transformer(cfg).state_dict()``, without building it.

        Validate first: the loop is over ``n_layer`` blocks, which ``validate`` bounds.
        The tied ``lm_head.weight`` is listed (the state dict lists it too).
        """
        D, V, M = self.d_model, self.vocab_size, self.d_mlp
        q, kv = self.n_head * self.d_head, self.n_kv_head * self.d_head
        shapes: dict[str, tuple[int, ...]] = {"wte.weight": (V, D)}

        def linear(name: str, n_in: int, n_out: int, bias: bool) -> None:
            shapes[f"{name}.weight"] = (n_out, n_in)
            if bias:
                shapes[f"{name}.bias"] = (n_out,)

        def norm(name: str, dim: int = D) -> None:
            shapes[f"{name}.weight"] = (dim,)
            if self.norm == "layernorm" and self.norm_bias:
                shapes[f"{name}.bias"] = (dim,)

        if self.positions == "learned":
            shapes["wpe.weight"] = (self.max_seq_len + self.position_offset, D)
        if self.type_vocab_size:
            shapes["wtt.weight"] = (self.type_vocab_size, D)
        if self.embedding_norm:
            norm("emb_norm")
        for i in range(self.n_layer):
            b = f"blocks.{i}"
            norm(f"{b}.ln_1")
            linear(f"{b}.attn.q_proj", D, q, self.qkv_bias)
            linear(f"{b}.attn.k_proj", D, kv, self.qkv_bias)
            linear(f"{b}.attn.v_proj", D, kv, self.qkv_bias)
            if self.qk_norm:
                norm(f"{b}.attn.q_norm", self.d_head)
                norm(f"{b}.attn.k_norm", self.d_head)
            linear(f"{b}.attn.o_proj", q, D, self.attn_out_bias)
            if self.sandwich_norm:
                norm(f"{b}.post_attn_norm")
            norm(f"{b}.ln_2")
            linear(f"{b}.mlp.fc_in", D, M, self.mlp_bias)
            if self.mlp == "swiglu":
                linear(f"{b}.mlp.fc_gate", D, M, self.mlp_bias)
            linear(f"{b}.mlp.fc_out", M, D, self.mlp_bias)
            if self.sandwich_norm:
                norm(f"{b}.post_mlp_norm")
        if self.pre_norm:
            norm("ln_f")
        if self.mlm_head:
            linear("mlm_dense", D, D, True)
            norm("mlm_norm")
        linear("lm_head", D, V, self.lm_head_bias)
        return shapes

    def position_table_size(self) -> int:
        """Numbers in the fixed position tables built from this config (RoPE cos and sin, or sinusoids)."""
        if self.positions == "rope":
            tables = 2 if self.rope_local_theta is not None and self.sliding_layers else 1
            return tables * 2 * self.max_seq_len * (self.rotary_dim // 2)
        if self.positions == "sinusoidal":
            return (self.max_seq_len + self.position_offset) * self.d_model
        return 0

    @property
    def rotary_dim(self) -> int:
        return int(self.d_head * self.rotary_pct)

    @property
    def attn_scale(self) -> float:
        """What each query-key dot product is multiplied by before the softmax: 1 / sqrt(d_head) usually."""
        return (self.attn_scalar or self.d_head) ** -0.5

    def window_of(self, layer: int) -> int:
        """How many keys (itself included) a query of ``layer`` may see at most; 0: all earlier ones."""
        return self.sliding_window if layer in self.sliding_layers else 0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ModelConfig":
        """A validated config from a JSON object; ConfigError for anything else."""
        if not isinstance(data, dict):
            raise ConfigError(f"the configuration must be a JSON object, got {_show(data)}")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(str(k) for k in set(data) - known)
        if unknown:
            raise ConfigError(f"unknown config fields: {_show(', '.join(unknown))}")
        return cls(**data)

    def replace(self, **changes: Any) -> "ModelConfig":
        return dataclasses.replace(self, **changes)


def _rope_scaling(value: Any, max_factors: int) -> dict[str, Any]:
    """A checked copy of a ``rope_scaling`` dict: a known type and exactly the finite numbers it needs."""
    if value is None or value == {}:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"rope_scaling must be an object, got {_show(value)}")
    kind = value.get("type")
    if kind not in ROPE_SCALINGS:
        raise ConfigError(f"rope_scaling type must be one of {tuple(ROPE_SCALINGS)}, got {_show(kind)}")
    unknown = sorted(str(k) for k in set(value) - {"type", *ROPE_SCALINGS[kind]})
    if unknown:
        raise ConfigError(f"rope_scaling {kind}: unknown fields {_show(', '.join(unknown))}")
    checked: dict[str, Any] = {"type": kind}
    for key in ROPE_SCALINGS[kind]:
        if key not in value:
            raise ConfigError(f"rope_scaling {kind} needs {key}")
        if key == "factors":
            numbers = value[key]
            if not isinstance(numbers, (list, tuple)) or not 0 < len(numbers) <= max_factors:
                raise ConfigError(f"rope_scaling factors must be a list of numbers, got {_show(numbers)}")
            checked[key] = [_real("rope_scaling factors[]", x) for x in numbers]
            bad = [x for x in checked[key] if x <= 0]
        else:
            checked[key] = _real(f"rope_scaling {key}", value[key])
            bad = [checked[key]] if checked[key] <= 0 else []
        if bad:
            raise ConfigError(f"rope_scaling {key} must be greater than 0, got {_show(bad[0])}")
    if kind == "llama3" and checked["high_freq_factor"] <= checked["low_freq_factor"]:
        raise ConfigError("rope_scaling llama3: high_freq_factor must be greater than low_freq_factor")
    return checked


def gpt2_config(**overrides: Any) -> ModelConfig:
    """GPT-2 wiring: learned positions, pre-LayerNorm with bias, tanh-GELU MLP."""
    base = dict(family="gpt2", norm="layernorm", positions="learned", mlp="gelu",
                activation="gelu_tanh", causal=True, tie_embeddings=True)
    base.update(overrides)
    return ModelConfig(**base)


def llama_config(**overrides: Any) -> ModelConfig:
    """LLaMA wiring: RoPE, pre-RMSNorm without bias, SwiGLU MLP, no biases."""
    base = dict(family="llama", norm="rmsnorm", norm_bias=False, norm_eps=1e-5,
                positions="rope", mlp="swiglu", activation="silu", qkv_bias=False,
                attn_out_bias=False, mlp_bias=False, tie_embeddings=False)
    base.update(overrides)
    return ModelConfig(**base)


def bert_config(**overrides: Any) -> ModelConfig:
    """BERT wiring: bidirectional, post-LayerNorm, token types, MLM head."""
    base = dict(family="bert", norm="layernorm", norm_eps=1e-12, pre_norm=False,
                embedding_norm=True, positions="learned", mlp="gelu", activation="gelu",
                causal=False, type_vocab_size=2, mlm_head=True, lm_head_bias=True,
                tie_embeddings=True)
    base.update(overrides)
    return ModelConfig(**base)
