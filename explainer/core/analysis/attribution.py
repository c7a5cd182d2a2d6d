"""Why this word? Four ways to ask what made a prediction, for any causal model the app opens.

* ``contributions``: direct logit attribution. The residual stream after the
  last block is a sum of parts (token embedding, position vectors, each head,
  each attention bias, each MLP). With the final norm's scale frozen at the
  value it had (the usual choice in interpretability work: the norm divides
  the whole stream by one number, and that number is kept), the chosen
  token's logit is a sum of one number per part, exactly.
* ``input_attribution``: which input tokens made the prediction likely, by
  input × gradient or integrated gradients over the token embeddings.
* ``patching``: activation patching between a clean and a corrupted text of
  equal length: the share of the clean-versus-corrupted logit difference that
  comes back when one piece of the clean run is put into the corrupted one.
* ``head_scores``: previous-token, duplicate-token and induction scores of
  every head, on a repeated random sequence (the standard probe) or any text.

No Qt here; the panels run these off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import torch

from explainer.core.trace import Trace, top_ids
from explainer.core.transformer import Interventions, Transformer

Progress = Callable[[int, int], None]  # (done, of): called as work proceeds
Cancelled = Callable[[], bool]  # True: stop as soon as possible


class AttributionError(ValueError):
    """A question these methods cannot answer for this model or these inputs; the message says why."""


class Stopped(Exception):
    """The person asked to stop (``cancelled()`` returned True)."""


def _check_causal_pre_norm(model: Transformer) -> None:
    cfg = model.cfg
    if not cfg.causal or not cfg.pre_norm or cfg.mlm_head:
        raise AttributionError("this needs a model that predicts the next word and normalises before each "
                               "block (GPT, LLaMA and similar); a BERT-style model normalises after every "
                               "block, so its parts do not add up")


# ---------------------------------------------------------------- direct logit attribution

@dataclass(frozen=True)
class Contributions:
    """How much each part of the model pushes one token's logit at one position.

    ``heads`` (L, H), ``attn_bias`` (L,) and ``mlp`` (L,) are logit units;
    ``embed`` the token embedding, ``positions`` the position vectors (0 with
    RoPE), ``bias`` the final norm's shift and the output layer's bias. Their
    sum is ``logit``, the raw score before any soft-capping. The ``*_diff``
    arrays are the same split of ``logit - runner_up_logit``. ``norm_scale``
    is the frozen factor the final norm divided the stream by.
    """

    position: int
    target: int
    runner_up: int
    logit: float
    runner_up_logit: float
    norm_scale: float
    embed: float
    positions: float
    heads: np.ndarray
    attn_bias: np.ndarray
    mlp: np.ndarray
    bias: float
    embed_diff: float
    positions_diff: float
    heads_diff: np.ndarray
    attn_bias_diff: np.ndarray
    mlp_diff: np.ndarray
    bias_diff: float

    def total(self, diff: bool = False) -> float:
        """The sum of every part: the logit (or the logit difference)."""
        if diff:
            return float(self.embed_diff + self.positions_diff + self.heads_diff.sum() + self.attn_bias_diff.sum()
                         + self.mlp_diff.sum() + self.bias_diff)
        return float(self.embed + self.positions + self.heads.sum() + self.attn_bias.sum() + self.mlp.sum()
                     + self.bias)

    def top(self, n: int = 10, diff: bool = False) -> list[tuple[str, int, int, float]]:
        """The ``n`` largest parts by size: (kind, layer, head, value); kind is head, mlp, attn_bias,
        embed, positions or bias; layer and head are -1 where they do not apply."""
        heads, bias, mlp = (self.heads_diff, self.attn_bias_diff, self.mlp_diff) if diff else \
            (self.heads, self.attn_bias, self.mlp)
        parts = [("head", l, h, float(heads[l, h])) for l in range(heads.shape[0]) for h in range(heads.shape[1])]
        parts += [("mlp", l, -1, float(mlp[l])) for l in range(len(mlp))]
        parts += [("attn_bias", l, -1, float(bias[l])) for l in range(len(bias)) if bias[l] != 0]
        parts += [("embed", -1, -1, self.embed_diff if diff else self.embed),
                  ("positions", -1, -1, self.positions_diff if diff else self.positions),
                  ("bias", -1, -1, self.bias_diff if diff else self.bias)]
        parts = [p for p in parts if not (p[0] in ("positions", "bias") and p[3] == 0)]
        return sorted(parts, key=lambda p: -abs(p[3]))[:n]


def _f64(t: torch.Tensor | None) -> np.ndarray | None:
    """A weight as float64 numpy; a float32 one on the CPU is read in place (torch's own cast took ~1.5 ms
    per small matrix when the machine was busy, numpy's 0.05 ms)."""
    if t is None:
        return None
    t = t.detach()
    if t.device.type != "cpu" or t.dtype != torch.float32:
        t = t.to("cpu", torch.float32)
    return t.numpy().astype(np.float64)


def _norm_scale(norm, x: np.ndarray) -> tuple[np.ndarray, float]:
    """The frozen norm as a linear map: (x - centre) * factor * weight; returns (centred x, factor)."""
    if norm.kind == "layernorm":
        centred = x - x.mean()
        return centred, float(1.0 / np.sqrt(centred.var() + norm.eps))
    return x, float(1.0 / np.sqrt((x * x).mean() + norm.eps))


def contributions(model: Transformer, trace: Trace, position: int, target: int,
                  runner_up: int | None = None) -> Contributions:
    """Split the logit of ``target`` at ``position`` (and its lead over ``runner_up``) over the model's parts.

    The runner-up defaults to the highest-scoring other token. Gemma's norms
    after attention are frozen the same way as the final norm, so each head
    still gets a share.
    """
    _check_causal_pre_norm(model)
    cfg, T = model.cfg, trace.n_tokens
    if not 0 <= position < T:
        raise AttributionError(f"position {position + 1} is not in the text ({T} tokens)")
    if not 0 <= target < cfg.vocab_size:
        raise AttributionError(f"token id {target} is not in the vocabulary ({cfg.vocab_size} tokens)")
    final = trace.resid[-1, position].astype(np.float64)  # (D,) the stream before the final norm
    if runner_up is None:
        logits = trace.logits_at(position).astype(np.float64)
        order = top_ids(logits, 2)
        runner_up = int(order[0] if order[0] != target else order[1])
    rows = _f64(model.lm_head.weight[[target, runner_up]])  # (2, D): only the two output rows are read
    b_U = None if model.lm_head.bias is None else _f64(model.lm_head.bias[[target, runner_up]])
    u, du = rows[0], rows[0] - rows[1]
    ln = model.ln_f
    gamma = _f64(ln.weight)
    _, factor = _norm_scale(ln, final)

    def through_final(vec: np.ndarray) -> tuple[float, float]:
        """One part's push on the logit and on the difference, through the frozen final norm."""
        centred = vec - vec.mean() if ln.kind == "layernorm" else vec
        out = centred * factor * gamma
        return float(out @ u), float(out @ du)

    L, H, dh = cfg.n_layer, cfg.n_head, cfg.d_head
    heads, heads_d = np.zeros((L, H)), np.zeros((L, H))
    attn_b, attn_b_d, mlp, mlp_d = np.zeros(L), np.zeros(L), np.zeros(L), np.zeros(L)
    for l, block in enumerate(model.blocks):
        W_O = _f64(block.attn.o_proj.weight)  # (D, H*dh)
        b_O = _f64(block.attn.o_proj.bias)
        z = trace.z[l, :, position].astype(np.float64)  # (H, dh)
        per_head = np.einsum("hd,ohd->ho", z, W_O.reshape(-1, H, dh))  # (H, D)
        bias = b_O if b_O is not None else np.zeros(cfg.d_model)
        if block.post_attn_norm is not None:  # Gemma: the attention output is normalised too, frozen alike
            pre = per_head.sum(0) + bias
            scale = 1.0 / np.sqrt((pre * pre).mean() + block.post_attn_norm.eps) * _f64(block.post_attn_norm.weight)
            per_head, bias = per_head * scale, bias * scale
        for h in range(H):
            heads[l, h], heads_d[l, h] = through_final(per_head[h])
        # what the heads and the bias do not account for (a switched-off layer, bf16 rounding) stays exact here
        rest = trace.attn_out[l, position].astype(np.float64) - per_head.sum(0)
        attn_b[l], attn_b_d[l] = through_final(rest)
        mlp[l], mlp_d[l] = through_final(trace.mlp_out[l, position].astype(np.float64))
    embed, embed_d = through_final(trace.embed[position].astype(np.float64))
    pos, pos_d = (0.0, 0.0)
    if trace.pos_embed is not None:
        pos, pos_d = through_final(trace.pos_embed[position].astype(np.float64))
    beta = _f64(ln.bias)
    bias_t = (float(beta @ u) if beta is not None else 0.0) + (float(b_U[0]) if b_U is not None else 0.0)
    bias_d = (float(beta @ du) if beta is not None else 0.0) + (float(b_U[0] - b_U[1]) if b_U is not None else 0.0)
    normed = (final - final.mean() if ln.kind == "layernorm" else final) * factor * gamma
    logit = float(normed @ u) + bias_t
    return Contributions(
        position=position, target=target, runner_up=runner_up, logit=logit,
        runner_up_logit=logit - (float(normed @ du) + bias_d), norm_scale=factor, embed=embed, positions=pos,
        heads=heads, attn_bias=attn_b, mlp=mlp, bias=bias_t, embed_diff=embed_d, positions_diff=pos_d,
        heads_diff=heads_d, attn_bias_diff=attn_b_d, mlp_diff=mlp_d, bias_diff=bias_d)


# ---------------------------------------------------------------- input attribution

@dataclass(frozen=True)
class InputAttribution:
    """One score per input token: how much it raised the target's logit at ``position``.

    ``method`` is "gradient" (input × gradient) or "integrated" (integrated
    gradients over ``steps`` steps from ``baseline``). For integrated
    gradients the scores add up to about ``f_input - f_baseline``
    (completeness); ``gap`` is how far they miss, as a share of that difference.
    """

    method: str
    position: int
    target: int
    scores: np.ndarray  # (T,)
    f_input: float
    f_baseline: float
    steps: int = 0
    baseline: str = "zero"

    @property
    def gap(self) -> float:
        want = self.f_input - self.f_baseline
        return abs(float(self.scores.sum()) - want) / max(abs(want), 1e-12)


def _target_logit(model: Transformer, ids: torch.Tensor, token_embeds: torch.Tensor, position: int,
                  target: int, interventions: Interventions | None = None) -> torch.Tensor:
    """The target's logit at ``position`` for a batch of token-embedding inputs (B, T, D) → (B,)."""
    out = model(ids.expand(token_embeds.shape[0], -1), logits_at=[position], token_embeds=token_embeds,
                interventions=interventions or None)
    return out[:, 0, target]


def default_baseline(model: Transformer) -> str:
    """"zero" where the model adds position vectors to the embeddings, else "pad".

    With all token embeddings at zero, a model that adds position vectors
    still sees something; one with RoPE sees an all-zero stream, which its
    norms (dividing by the stream's own size) blow up from the first tiny
    step on the path: integrated gradients would need far more steps than
    anyone waits for, and the scores would not add up. The padding token's
    embedding is an ordinary input, so the path stays smooth.
    """
    return "zero" if model.cfg.positions in ("learned", "sinusoidal") else "pad"


def input_attribution(model: Transformer, ids: list[int], position: int, target: int,
                      method: str = "integrated", steps: int = 32, baseline: str = "zero",
                      pad_id: int | None = None, batch: int = 8, progress: Progress | None = None,
                      cancelled: Cancelled | None = None,
                      interventions: Interventions | None = None) -> InputAttribution:
    """Score each input token for the target's logit at ``position`` (see ``InputAttribution``).

    The baseline replaces every token's embedding by zeros (``"zero"``) or by
    the embedding of ``pad_id`` (``"pad"``); position information stays as it
    is (see ``default_baseline`` for which suits a model). Integrated
    gradients average the gradient at ``steps`` evenly spaced points on the
    straight line from the baseline to the input (midpoint rule), ``batch``
    points per forward pass.
    With ``interventions`` every pass runs the model with those parts switched off, as the app shows it.
    """
    _check_causal_pre_norm(model)
    if method not in ("gradient", "integrated"):
        raise AttributionError(f"unknown method {method!r}: gradient or integrated")
    T = len(ids)
    if not 0 <= position < T:
        raise AttributionError(f"position {position + 1} is not in the text ({T} tokens)")
    device = model.device
    id_t = torch.tensor([ids], device=device)
    with torch.no_grad():
        x = model.wte(id_t).float()  # (1, T, D)
        if baseline == "pad":
            if pad_id is None:
                raise AttributionError("this model has no padding token; choose the zero baseline")
            base = model.wte(torch.full_like(id_t, pad_id)).float()
        elif baseline == "zero":
            base = torch.zeros_like(x)
        else:
            raise AttributionError(f"unknown baseline {baseline!r}: zero or pad")
        f_base = float(_target_logit(model, id_t, base, position, target, interventions)[0])
    alphas = [(k + 0.5) / steps for k in range(steps)] if method == "integrated" else [1.0]  # midpoint rule
    grads = torch.zeros_like(x[0])  # (T, D)
    done = 0
    for start in range(0, len(alphas), batch):
        if cancelled is not None and cancelled():
            raise Stopped()
        a = torch.tensor(alphas[start:start + batch], device=device)[:, None, None]  # (b, 1, 1)
        points = (base + a * (x - base)).detach().requires_grad_(True)  # (b, T, D)
        with torch.enable_grad():
            f = _target_logit(model, id_t, points, position, target, interventions)
            (g,) = torch.autograd.grad(f.sum(), points)
        grads += g.sum(0)
        done += len(a)
        if progress is not None:
            progress(done, len(alphas))
    grads /= len(alphas)
    if method == "gradient":
        scores = (x[0] * grads).sum(-1)
        f_input = float(f.detach()[0])
    else:
        scores = ((x[0] - base[0]) * grads).sum(-1)
        with torch.no_grad():
            f_input = float(_target_logit(model, id_t, x, position, target, interventions)[0])
    return InputAttribution(method=method, position=position, target=target,
                            scores=scores.detach().cpu().double().numpy(), f_input=f_input, f_baseline=f_base,
                            steps=len(alphas) if method == "integrated" else 0, baseline=baseline)


# ---------------------------------------------------------------- activation patching

@dataclass(frozen=True)
class Patching:
    """The share of the logit difference recovered by patching each piece of the clean run into the corrupted one.

    The logit difference is logit(``answer``) - logit(``wrong``) at
    ``position``; 0 means "as corrupted", 1 "as clean". ``resid`` (L + 1, T):
    row l is the stream entering block l + 1, the last row the stream after
    the last block, one column per position. ``heads`` (L, H): each head's
    output at every position. ``heads`` is None until asked for.
    """

    answer: int
    wrong: int
    position: int
    clean_diff: float
    corrupt_diff: float
    resid: np.ndarray
    heads: np.ndarray | None = None

    def recovered(self, diff: np.ndarray | float) -> np.ndarray:
        span = self.clean_diff - self.corrupt_diff
        return (np.asarray(diff, np.float64) - self.corrupt_diff) / (span if abs(span) > 1e-12 else np.nan)


def _streams(model: Transformer, ids: torch.Tensor) -> list[torch.Tensor]:
    """The residual stream entering each block, and after the last: L + 1 tensors (B, T, D)."""
    T = ids.shape[1]
    x = model.embed(ids)
    out = [x]
    for i, block in enumerate(model.blocks):
        x = block(x, model.rope_at(i, 0, T), None, None)
        out.append(x)
    return out


def _diff_from(model: Transformer, x: torch.Tensor, layer: int, position: int, answer: int, wrong: int,
               iv: Interventions | None = None) -> torch.Tensor:
    """Run blocks ``layer``.. on the stream ``x`` (B, T, D); the logit difference at ``position``, (B,)."""
    T = x.shape[1]
    for i in range(layer, model.cfg.n_layer):
        x = model.blocks[i](x, model.rope_at(i, 0, T), None, iv)
    logits = model.unembed(x[:, position])  # (B, V)
    return logits[:, answer] - logits[:, wrong]


@torch.inference_mode()
def patching(model: Transformer, clean: list[int], corrupt: list[int], answer: int, wrong: int,
             position: int | None = None, heads: bool = True, progress: Progress | None = None,
             cancelled: Cancelled | None = None) -> Patching:
    """Patch the clean run's residual stream (per layer and position) and head outputs into the corrupted run.

    Both texts must have the same number of tokens. ``position`` (default: the
    last) is where the answer is read.
    """
    _check_causal_pre_norm(model)
    if len(clean) != len(corrupt):
        raise AttributionError(f"the two texts must have the same number of tokens (now {len(clean)} and "
                               f"{len(corrupt)}); change a word for a word that is one token too")
    T = len(clean)
    if T == 0:
        raise AttributionError("type a clean and a corrupted text first")
    position = T - 1 if position is None else position
    device, L, H = model.device, model.cfg.n_layer, model.cfg.n_head
    c_ids, x_ids = torch.tensor([clean], device=device), torch.tensor([corrupt], device=device)
    clean_s, corrupt_s = _streams(model, c_ids), _streams(model, x_ids)
    clean_diff = float(_diff_from(model, clean_s[-1], L, position, answer, wrong)[0])
    corrupt_diff = float(_diff_from(model, corrupt_s[-1], L, position, answer, wrong)[0])
    total = (L + 1) + (L if heads else 0)
    resid = np.zeros((L + 1, T))
    for layer in range(L + 1):
        if cancelled is not None and cancelled():
            raise Stopped()
        x = corrupt_s[layer].repeat(T, 1, 1)  # (T, T, D): copy b gets the clean stream at position b
        idx = torch.arange(T, device=device)
        x[idx, idx] = clean_s[layer][0]
        resid[layer] = _diff_from(model, x, layer, position, answer, wrong).double().cpu().numpy()
        if progress is not None:
            progress(layer + 1, total)
    head_diffs = None
    if heads:
        capture: dict = {}
        model(c_ids, capture=capture, logits_at=[position])
        head_diffs = np.zeros((L, H))
        for layer in range(L):
            if cancelled is not None and cancelled():
                raise Stopped()
            z = capture[f"blocks.{layer}.attn.z"][0]  # (H, T, dh)
            for h in range(H):
                iv = Interventions(heads={(layer, h): z[h]})
                head_diffs[layer, h] = float(_diff_from(model, corrupt_s[layer], layer, position, answer, wrong,
                                                        iv)[0])
            if progress is not None:
                progress(L + 1 + layer + 1, total)
    return Patching(answer=answer, wrong=wrong, position=position, clean_diff=clean_diff,
                    corrupt_diff=corrupt_diff, resid=resid, heads=head_diffs)


# ---------------------------------------------------------------- head detectors

DETECTORS = ("previous", "duplicate", "induction")


@dataclass(frozen=True)
class HeadScores:
    """Per head (L, H), the mean attention each detector looks for, in [0, 1].

    ``previous``: from each token to the one just before it. ``duplicate``:
    from a token to an earlier copy of itself. ``induction``: from a token to
    the token that followed its earlier copy (what copying a pattern needs).
    A score is NaN where the text gives it nothing to measure.
    """

    previous: np.ndarray
    duplicate: np.ndarray
    induction: np.ndarray
    n_tokens: int
    probe: bool = False
    ids: tuple[int, ...] = field(default=(), repr=False)

    def get(self, name: str) -> np.ndarray:
        return getattr(self, name)


def head_scores(attn: np.ndarray, ids, probe: bool = False) -> HeadScores:
    """The three detector scores from attention patterns (L, H, T, T) over the token ids they were computed on."""
    ids = [int(i) for i in ids]
    L, H, T = attn.shape[0], attn.shape[1], attn.shape[2]
    last_seen: dict[int, int] = {}
    dup_pairs, ind_pairs = [], []
    for i, tok in enumerate(ids):
        j = last_seen.get(tok)
        if j is not None:
            dup_pairs.append((i, j))
            if j + 1 < i:
                ind_pairs.append((i, j + 1))
        last_seen[tok] = i

    def mean_at(pairs) -> np.ndarray:
        if not pairs:
            return np.full((L, H), np.nan)
        q, k = np.array(pairs).T
        return attn[:, :, q, k].astype(np.float64).mean(-1)

    return HeadScores(previous=mean_at([(i, i - 1) for i in range(1, T)]), duplicate=mean_at(dup_pairs),
                      induction=mean_at(ind_pairs), n_tokens=T, probe=probe, ids=tuple(ids))


def probe_ids(vocab_size: int, length: int = 24, seed: int = 0, bos: int | None = None,
              avoid: set[int] | None = None) -> list[int]:
    """The standard probe: ``length`` random tokens, then the same tokens again (after ``bos`` if given)."""
    rng = np.random.default_rng(seed)
    avoid = avoid or set()
    pool = np.array([t for t in range(min(vocab_size, 50_000)) if t not in avoid])
    first = rng.choice(pool, size=min(length, len(pool)), replace=False).tolist()
    return ([bos] if bos is not None else []) + first + first


@torch.inference_mode()
def probe_scores(model: Transformer, length: int = 24, seed: int = 0, bos: int | None = None,
                 avoid: set[int] | None = None) -> HeadScores:
    """The detector scores of every head on the repeated random probe."""
    length = max(2, min(length, (model.cfg.max_seq_len - (bos is not None)) // 2))
    ids = probe_ids(model.cfg.vocab_size, length, seed, bos, avoid)
    capture: dict = {}
    model(torch.tensor([ids], device=model.device), capture=capture, logits_at=[len(ids) - 1])
    attn = torch.stack([capture[f"blocks.{i}.attn.pattern"][0] for i in range(model.cfg.n_layer)])
    return head_scores(attn.float().cpu().numpy(), ids, probe=True)


def timeline_scores(snapshots, load: Callable, length: int = 24, seed: int = 0, bos: int | None = None,
                    progress: Progress | None = None, cancelled: Cancelled | None = None
                    ) -> tuple[list[int], list[HeadScores]]:
    """The probe's detector scores at every snapshot of a training run: (steps, scores per snapshot).

    ``snapshots`` are ``checkpoints.timeline.Snapshot``s; ``load(path)`` opens
    one (a LoadedModel). The same probe is used throughout, so a class can
    watch, say, induction heads appear as training goes on.
    """
    steps, scores = [], []
    for i, snap in enumerate(snapshots):
        if cancelled is not None and cancelled():
            raise Stopped()
        model = load(snap.path).model
        steps.append(int(snap.step))
        scores.append(probe_scores(model, length, seed, bos))
        if progress is not None:
            progress(i + 1, len(snapshots))
    return steps, scores
