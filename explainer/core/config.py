"""ModelConfig: one description that covers every architecture the app opens.

Every difference between GPT-2, the LLaMA family (SmolLM, TinyLlama, Mistral,
Qwen2), GPT-NeoX (Pythia), BERT/RoBERTa and the 2017 sinusoidal transformer is a
field here, so there is one model class and no subclass tree.
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
        for name in ("norm_eps", "rope_theta", "rotary_pct"):
            value = _real(name, getattr(self, name))
            if value <= 0:
                raise ConfigError(f"{name} must be greater than 0, got {_show(value)}")
            setattr(self, name, value)
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

    def _norm_params(self) -> int:
        return self.d_model * (2 if self.norm == "layernorm" and self.norm_bias else 1)

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
        n += self.n_layer * (2 * self._norm_params() + attn + mlp)
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

        def norm(name: str) -> None:
            shapes[f"{name}.weight"] = (D,)
            if self.norm == "layernorm" and self.norm_bias:
                shapes[f"{name}.bias"] = (D,)

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
            linear(f"{b}.attn.o_proj", q, D, self.attn_out_bias)
            norm(f"{b}.ln_2")
            linear(f"{b}.mlp.fc_in", D, M, self.mlp_bias)
            if self.mlp == "swiglu":
                linear(f"{b}.mlp.fc_gate", D, M, self.mlp_bias)
            linear(f"{b}.mlp.fc_out", M, D, self.mlp_bias)
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
            return 2 * self.max_seq_len * (self.rotary_dim // 2)
        if self.positions == "sinusoidal":
            return (self.max_seq_len + self.position_offset) * self.d_model
        return 0

    @property
    def rotary_dim(self) -> int:
        return int(self.d_head * self.rotary_pct)

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
