"""How much computation one forward pass takes, next to published figures for large models.

Counts are estimates: a multiply-add counts as two floating-point operations
(FLOPs), attention is counted over the full T×T square, and norms, softmax and
activations are left out (they are small next to the matrix products).
"""

from __future__ import annotations

from dataclasses import dataclass

from explainer.core.config import ModelConfig

# Published reference points, each with its source, shown beside our own numbers.
GPT3_PARAMS = 175e9  # Brown et al. 2020, "Language Models are Few-Shot Learners"
GPT3_TRAIN_FLOPS = 3.14e23  # Brown et al. 2020, table D.1
GPT3_TRAIN_MWH = 1287.0  # Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training"
GPT3_TRAIN_TCO2E = 552.0  # same source
# An assumption, stated in the app: a household using about 3,000 kWh of electricity a year.
HOUSEHOLD_KWH_PER_YEAR = 3000.0
# An assumption for a laptop/desktop CPU: roughly 10 GFLOP per joule.
CPU_FLOPS_PER_JOULE = 1e10

SOURCES = {
    "gpt3_params": "Brown et al. (2020), Language Models are Few-Shot Learners",
    "gpt3_train_flops": "Brown et al. (2020), appendix D",
    "gpt3_train_energy": "Patterson et al. (2021), Carbon Emissions and Large Neural Network Training",
}


@dataclass(frozen=True)
class ForwardCost:
    """FLOPs of one forward pass over ``tokens`` tokens, split by where they go."""

    tokens: int
    attention_projections: float
    attention_scores: float
    mlp: float
    output_layer: float

    @property
    def total(self) -> float:
        return self.attention_projections + self.attention_scores + self.mlp + self.output_layer

    @property
    def joules_estimate(self) -> float:
        return self.total / CPU_FLOPS_PER_JOULE


def forward_flops(cfg: ModelConfig, tokens: int) -> ForwardCost:
    T, D, L = tokens, cfg.d_model, cfg.n_layer
    q_width, kv_width = cfg.n_head * cfg.d_head, cfg.n_kv_head * cfg.d_head
    proj = 2 * T * D * (2 * q_width + 2 * kv_width)  # q and o, k and v
    scores = 2 * 2 * cfg.n_head * T * T * cfg.d_head  # q·k and pattern·v
    mlp = 2 * T * D * cfg.d_mlp * (3 if cfg.mlp == "swiglu" else 2)
    out = 2 * T * D * cfg.vocab_size
    return ForwardCost(T, float(L * proj), float(L * scores), float(L * mlp), float(out))


def gpt3_forward_flops_per_token() -> float:
    """About two FLOPs per parameter per token for a dense model."""
    return 2 * GPT3_PARAMS


def households_for_gpt3_training() -> float:
    return GPT3_TRAIN_MWH * 1000 / HOUSEHOLD_KWH_PER_YEAR


def human_flops(x: float) -> str:
    for unit, size in (("ZFLOP", 1e21), ("EFLOP", 1e18), ("PFLOP", 1e15), ("TFLOP", 1e12),
                       ("GFLOP", 1e9), ("MFLOP", 1e6), ("kFLOP", 1e3)):
        if x >= size:
            return f"{x / size:.3g} {unit}"
    return f"{x:.3g} FLOP"
