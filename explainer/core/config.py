"""ModelConfig: one description that covers every architecture the app opens.

Every difference between GPT-2, the LLaMA family (SmolLM, TinyLlama, Mistral,
Qwen2), GPT-NeoX (Pythia), BERT/RoBERTa and the 2017 sinusoidal transformer is a
field here, so there is one model class and no subclass tree.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

NORMS = ("layernorm", "rmsnorm")
POSITIONS = ("learned", "sinusoidal", "rope", "none")
MLPS = ("gelu", "swiglu")
ACTIVATIONS = ("gelu", "gelu_tanh", "silu", "relu")


class ConfigError(ValueError):
    """A configuration that cannot describe a working model."""


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
        if self.n_kv_head is None:
            self.n_kv_head = self.n_head
        if self.d_head is None:
            if self.n_head <= 0 or self.d_model % self.n_head:
                raise ConfigError(
                    f"d_model ({self.d_model}) is not divisible by n_head ({self.n_head})"
                )
            self.d_head = self.d_model // self.n_head
        if self.d_mlp is None:
            self.d_mlp = 4 * self.d_model
        self.validate()

    def validate(self) -> None:
        """Raise ConfigError naming the first field that makes no sense."""
        for name in ("vocab_size", "n_layer", "n_head", "d_model", "max_seq_len"):
            if int(getattr(self, name)) <= 0:
                raise ConfigError(f"{name} must be positive, got {getattr(self, name)}")
        if self.n_head % self.n_kv_head:
            raise ConfigError(
                f"n_head ({self.n_head}) must be a multiple of n_kv_head ({self.n_kv_head})"
            )
        for name, allowed in (
            ("norm", NORMS),
            ("positions", POSITIONS),
            ("mlp", MLPS),
            ("activation", ACTIVATIONS),
        ):
            if getattr(self, name) not in allowed:
                raise ConfigError(f"{name} must be one of {allowed}, got {getattr(self, name)!r}")
        if self.positions == "rope" and self.rotary_dim % 2:
            raise ConfigError(f"rotary dimension {self.rotary_dim} must be even")

    @property
    def rotary_dim(self) -> int:
        return int(self.d_head * self.rotary_pct)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ModelConfig":
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown config fields: {', '.join(unknown)}")
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
