"""Where a model's parameters sit: embedding, positions, each block, final norm, output.

Every parameter is assigned to exactly one part by its name, so the parts add
up to ``model.n_params()``; a tied output layer counts as shared with the
embedding (zero new numbers) instead of twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from explainer.core.transformer import Transformer


@dataclass(frozen=True)
class BlockCount:
    """Parameters of one block: attention (its norm included) and MLP (its norm included)."""

    layer: int
    attention: int
    mlp: int

    @property
    def total(self) -> int:
        return self.attention + self.mlp


@dataclass(frozen=True)
class ArchitectureSummary:
    """The parts of one model, their parameter counts and the sizes a student needs.

    ``embedding`` is the token table; ``positions`` the learned position table
    plus token types and the embedding norm where the model has them;
    ``output`` the output layer (and BERT's prediction transform), zero new
    numbers when it shares the embedding table (``tied``).
    """

    vocab_size: int
    d_model: int
    n_layer: int
    n_head: int
    n_kv_head: int
    d_head: int
    d_mlp: int
    max_seq_len: int
    positions_kind: str
    norm_kind: str
    mlp_kind: str
    causal: bool
    tied: bool
    segments: int  # BERT's token-type (segment) vectors, 0 when the model has none
    embedding_norm: bool
    embedding: int
    positions: int
    blocks: tuple[BlockCount, ...]
    final_norm: int
    output: int
    family: str = ""
    activation: str = ""
    qk_norm: bool = False  # each head's query and key normalised
    sandwich_norm: bool = False  # attention and MLP outputs normalised before they are added
    scale_embeddings: bool = False  # embeddings multiplied by sqrt(d_model)
    sliding_window: int = 0
    sliding_layers: tuple[int, ...] = ()
    rope_scaling: str = ""  # the kind of RoPE scaling, "" for none
    softcap: bool = False  # scores and logits squashed (Gemma 2)

    @property
    def total(self) -> int:
        return (self.embedding + self.positions + sum(b.total for b in self.blocks)
                + self.final_norm + self.output)

    def parts(self) -> list[tuple[str, int]]:
        """(part, count) in the order data flows, one entry per block part."""
        out = [("embedding", self.embedding), ("positions", self.positions)]
        for b in self.blocks:
            out += [(f"blocks.{b.layer}.attention", b.attention), (f"blocks.{b.layer}.mlp", b.mlp)]
        return out + [("final_norm", self.final_norm), ("output", self.output)]


def _part_of(name: str) -> tuple[str, int]:
    """Which part a parameter name belongs to, and its block (-1 outside blocks)."""
    if name.startswith("blocks."):
        layer = int(name.split(".")[1])
        sub = name.split(".")[2]
        return ("attention" if sub in ("attn", "ln_1", "post_attn_norm") else "mlp"), layer
    if name.startswith("wte."):
        return "embedding", -1
    if name.startswith(("wpe.", "wtt.", "emb_norm.")):
        return "positions", -1
    if name.startswith("ln_f."):
        return "final_norm", -1
    if name.startswith(("lm_head.", "mlm_")):
        return "output", -1
    raise ValueError(f"parameter {name!r} belongs to no known part of the model")


def summarize(model: Transformer) -> ArchitectureSummary:
    """Count every parameter once, by part (shared tensors count where first met)."""
    cfg = model.cfg
    flat = {"embedding": 0, "positions": 0, "final_norm": 0, "output": 0}
    attn = [0] * cfg.n_layer
    mlp = [0] * cfg.n_layer
    # named_parameters() yields a shared (tied) tensor once, under its first name (wte).
    for name, p in model.named_parameters():
        part, layer = _part_of(name)
        if layer >= 0:
            (attn if part == "attention" else mlp)[layer] += p.numel()
        else:
            flat[part] += p.numel()
    tied = model.lm_head.weight is model.wte.weight
    return ArchitectureSummary(
        vocab_size=cfg.vocab_size, d_model=cfg.d_model, n_layer=cfg.n_layer, n_head=cfg.n_head,
        n_kv_head=cfg.n_kv_head, d_head=cfg.d_head, d_mlp=cfg.d_mlp, max_seq_len=cfg.max_seq_len,
        positions_kind=cfg.positions, norm_kind=cfg.norm, mlp_kind=cfg.mlp, causal=cfg.causal,
        tied=tied, segments=cfg.type_vocab_size, embedding_norm=cfg.embedding_norm, embedding=flat["embedding"], positions=flat["positions"],
        blocks=tuple(BlockCount(i, attn[i], mlp[i]) for i in range(cfg.n_layer)),
        final_norm=flat["final_norm"], output=flat["output"], family=cfg.family, activation=cfg.activation,
        qk_norm=cfg.qk_norm, sandwich_norm=cfg.sandwich_norm, scale_embeddings=cfg.scale_embeddings,
        sliding_window=cfg.sliding_window, sliding_layers=tuple(cfg.sliding_layers),
        rope_scaling=cfg.rope_scaling.get("type", ""),
        softcap=cfg.attn_softcap is not None or cfg.final_softcap is not None,
    )


def short_count(n: int) -> tuple[float, str]:
    """A count as (value, unit) with unit '', 'thousand', 'million' or 'billion'."""
    for size, unit in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if n >= size:
            return n / size, unit
    return float(n), ""
