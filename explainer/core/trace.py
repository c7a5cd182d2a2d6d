"""Trace: everything the model computed for one text, as read-only numpy arrays.

``run(model, tokenizer, text)`` tokenizes, runs one forward pass with every
capture point switched on and returns a Trace. Panels draw only from a Trace;
they never touch torch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields

import numpy as np
import torch

from explainer.core import graphs
from explainer.core.tokenizers import Tokenizer
from explainer.core.transformer import Interventions, Points, Transformer

# A text longer than this many characters per context slot is cut from the
# front before tokenizing, so a huge paste never stalls the tokenizer.
CHARS_PER_SLOT = 64
# said (in ``Trace.notice``) when the logits hold NaN or infinity: weights too large for float, say
NOT_FINITE = "the model computed numbers that are not finite (NaN or infinity): its predictions mean nothing"


@dataclass(frozen=True)
class Trace:
    """One forward pass over one text.

    Shapes use T tokens, L layers, H query heads, dh head width, D model width
    and V vocabulary. ``spans`` are character offsets into ``text``. ``resid``
    is the residual stream entering block 0 followed by the stream after each
    block (before the final norm); ``final`` is the final-norm output. For a
    grouped-query model, ``k`` and ``v`` are already repeated per query head.
    ``pos_embed`` is None where the architecture adds no position vector (RoPE).
    ``lens_*`` hold the logit lens (top-k per layer and position) when asked for.
    ``logits`` holds a row per position, or, when ``logit_positions`` is set,
    rows for those positions only (the app computes just the predictions it
    shows); ``logits_at(position)`` reads either kind. ``reused_tokens`` says
    how many leading positions came from an earlier Trace of the same text
    beginning (see ``trace_ids``) instead of being computed again.
    """

    text: str
    token_ids: np.ndarray  # (T,) int64
    tokens: tuple[str, ...]
    spans: np.ndarray  # (T, 2) int64
    embed: np.ndarray  # (T, D)
    pos_embed: np.ndarray | None  # (T, D)
    q: np.ndarray  # (L, H, T, dh)
    k: np.ndarray  # (L, H, T, dh)
    v: np.ndarray  # (L, H, T, dh)
    attn: np.ndarray  # (L, H, T, T)
    z: np.ndarray  # (L, H, T, dh)
    attn_out: np.ndarray  # (L, T, D)
    mlp_out: np.ndarray  # (L, T, D)
    resid: np.ndarray  # (L+1, T, D)
    final: np.ndarray  # (T, D)
    logits: np.ndarray  # (T, V), or (P, V) for the P positions in logit_positions
    causal: bool = True
    notice: str = ""
    dropped_tokens: int = 0
    elapsed_ms: float = 0.0
    lens_ids: np.ndarray | None = None  # (L+1, T, k)
    lens_probs: np.ndarray | None = None  # (L+1, T, k)
    lens_rank: np.ndarray | None = None  # (L+1, T): rank of the final top token
    logit_positions: np.ndarray | None = None  # (P,) int64; None: logits at every position
    reused_tokens: int = 0  # how many leading positions were taken over from an earlier Trace
    windows: tuple[int, ...] = ()  # per layer: how many keys a query may see (sliding window), 0 = all earlier

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                value.setflags(write=False)

    def hidden_keys(self, layer: int | None = None) -> np.ndarray | None:
        """(T, T) True where a query cannot see a key in ``layer`` (the future, or beyond its window);
        None for a model that reads both ways. Without ``layer``: the future only."""
        if not self.causal:
            return None
        T = self.n_tokens
        window = self.windows[layer] if layer is not None and layer < len(self.windows) else 0
        hidden = np.triu(np.ones((T, T), dtype=bool), 1)
        if window:
            hidden |= np.tril(np.ones((T, T), dtype=bool), -window)
        return hidden

    @property
    def n_tokens(self) -> int:
        return int(self.token_ids.shape[0])

    @property
    def n_layers(self) -> int:
        return int(self.attn.shape[0])

    @property
    def n_heads(self) -> int:
        return int(self.attn.shape[1])

    @property
    def truncated(self) -> bool:
        return self.dropped_tokens > 0

    def has_logits_at(self, position: int) -> bool:
        if not -self.n_tokens <= position < self.n_tokens:
            return False
        return self.logit_positions is None or bool((self.logit_positions == position % self.n_tokens).any())

    def logits_at(self, position: int = -1) -> np.ndarray:
        """The logits (V,) after the token at ``position`` (negative counts from the end).

        Raises KeyError for a position this Trace did not compute logits for.
        """
        if not -self.n_tokens <= position < self.n_tokens:
            raise KeyError(f"no token at position {position} (the text has {self.n_tokens})")
        pos = position % self.n_tokens
        if self.logit_positions is None:
            return self.logits[pos]
        rows = np.flatnonzero(self.logit_positions == pos)
        if not rows.size:
            raise KeyError(f"logits were computed at positions {self.logit_positions.tolist()} only, "
                           f"not at {pos}")
        return self.logits[int(rows[0])]

    def probs(self, position: int = -1, temperature: float = 1.0) -> np.ndarray:
        """Softmax of the logits at one position (default: the last token)."""
        return softmax(self.logits_at(position), temperature)

    def to_npz(self, path) -> None:
        """Write the arrays other tools read (ids, tokens, logits, attentions, hidden states)."""
        partial = {} if self.logit_positions is None else {"logit_positions": self.logit_positions}
        np.savez_compressed(
            path,
            **partial,
            token_ids=self.token_ids.astype(np.int64),
            tokens=np.array(self.tokens, dtype=str),
            spans=self.spans,
            logits=self.logits.astype(np.float32),
            attentions=self.attn.astype(np.float32),
            hidden_states=self.resid.astype(np.float32),
            final_norm=self.final.astype(np.float32),
        )


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    x = np.asarray(logits, dtype=np.float64) / max(float(temperature), 1e-6)
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)


def top_ids(values: np.ndarray, k: int) -> np.ndarray:
    """The ids of the ``k`` largest values, largest first, ties in id order: exactly
    ``np.argsort(-values, kind="stable")[:k]``, without sorting a whole vocabulary on every key."""
    values = np.asarray(values)
    n = values.shape[-1]
    k = max(0, min(int(k), n))
    if k == 0:
        return np.zeros(0, dtype=np.intp)
    negated = -values
    if k < n // 8:
        cut = np.partition(negated, k - 1)[k - 1]  # the k-th largest value (NaN sorts last)
        if not np.isnan(cut):
            ids = np.flatnonzero(negated <= cut)  # every value tied with the k-th too, in id order
            return ids[np.argsort(negated[ids], kind="stable")[:k]]
    return np.argsort(negated, kind="stable")[:k]


def next_token_distribution(logits: np.ndarray, temperature: float = 1.0, top_k: int = 0,
                            top_p: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Sampling distribution after temperature, top-k and top-p (nucleus) filtering.

    Returns ``(probs, kept)``: the renormalised probabilities over the whole
    vocabulary (zero where filtered out) and a boolean mask of the kept tokens.
    Temperature 0 means greedy: all mass on the argmax.
    """
    logits = np.asarray(logits, dtype=np.float64)
    V = logits.shape[-1]
    if temperature <= 0:
        kept = np.zeros(V, dtype=bool)
        kept[int(np.argmax(logits))] = True
        return kept.astype(np.float32), kept
    probs = softmax(logits, temperature).astype(np.float64)
    order = np.argsort(-probs, kind="stable")
    kept = np.ones(V, dtype=bool)
    if 0 < top_k < V:
        kept[order[top_k:]] = False
    if top_p < 1.0:
        cumulative = np.cumsum(probs[order])
        # keep the smallest prefix whose mass reaches top_p (the first token always stays)
        cutoff = int(np.searchsorted(cumulative, top_p, side="left")) + 1
        kept[order[cutoff:]] = False
    filtered = np.where(kept, probs, 0.0)
    return (filtered / filtered.sum()).astype(np.float32), kept


def entropy_bits(probs: np.ndarray) -> float:
    p = np.asarray(probs, dtype=np.float64)
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def prediction_positions(token_ids, causal: bool, mask_id: int | None) -> list[int]:
    """Where a prediction is read: a masked model's [MASK] tokens if the text has any, else the last token."""
    ids = np.asarray(token_ids)
    if not ids.size:
        return []
    if not causal and mask_id is not None:
        masks = np.flatnonzero(ids == mask_id)
        if masks.size:
            return [int(i) for i in masks]
    return [int(ids.size - 1)]


def prediction_position(trace: Trace, tokenizer) -> int:
    """The one position a comparison reads: the first [MASK] of a masked model, else the last token."""
    at = prediction_positions(trace.token_ids, trace.causal, getattr(tokenizer, "mask_id", None))
    return at[0] if at else trace.n_tokens - 1


def _empty_trace(model: Transformer, text: str, causal: bool, notice: str) -> Trace:
    cfg = model.cfg
    L, H, dh, D, V = cfg.n_layer, cfg.n_head, cfg.d_head, cfg.d_model, cfg.vocab_size
    z = np.zeros
    return Trace(text=text, token_ids=z(0, np.int64), tokens=(), spans=z((0, 2), np.int64),
                 embed=z((0, D), np.float32), pos_embed=None, q=z((L, H, 0, dh), np.float32),
                 k=z((L, H, 0, dh), np.float32), v=z((L, H, 0, dh), np.float32),
                 attn=z((L, H, 0, 0), np.float32), z=z((L, H, 0, dh), np.float32),
                 attn_out=z((L, 0, D), np.float32), mlp_out=z((L, 0, D), np.float32),
                 resid=z((L + 1, 0, D), np.float32), final=z((0, D), np.float32),
                 logits=z((0, V), np.float32), causal=causal, notice=notice)


def tokenize_for_model(model: Transformer, tokenizer: Tokenizer, text: str):
    """Tokenize, keeping the last tokens that fit the context window.

    Returns ``(ids, labels, spans, dropped, notice)``.
    """
    ctx = model.cfg.max_seq_len
    offset, notice = 0, ""
    max_chars = ctx * CHARS_PER_SLOT
    if len(text) > max_chars:
        offset = len(text) - max_chars
    enc = tokenizer.encode(text[offset:] if offset else text)
    ids, labels, spans = enc.ids, enc.tokens, enc.spans
    dropped = 0
    if len(ids) > ctx:
        dropped = len(ids) - ctx
        ids, labels, spans = ids[-ctx:], labels[-ctx:], spans[-ctx:]
    if offset:
        spans = [(a + offset, b + offset) for a, b in spans]
    if dropped or offset:
        shown = len(ids)
        notice = f"text too long for the context window: only the last {shown} tokens are used"
        dropped = max(dropped, 1)
    return list(ids), list(labels), spans, dropped, notice


def shared_prefix(a, b) -> int:
    """How many leading token ids two sequences have in common."""
    n = min(len(a), len(b))
    differs = np.flatnonzero(np.asarray(a[:n], dtype=np.int64) != np.asarray(b[:n], dtype=np.int64))
    return int(differs[0]) if differs.size else n


def reusable_prefix(model: Transformer, earlier: Trace | None, ids) -> int:
    """How many leading positions of ``earlier`` a Trace of ``ids`` can take over unchanged.

    In a causal model position i sees only tokens 0..i, so where two texts
    begin with the same tokens, those positions computed exactly the same
    thing. At least the last position is always computed again. The caller
    guarantees that ``earlier`` came from this model with the same
    interventions; a masked (bidirectional) model never reuses anything.
    """
    cfg = model.cfg
    if earlier is None or not cfg.causal or not earlier.causal or not earlier.n_tokens or len(ids) < 2:
        return 0
    if earlier.q.shape[:2] != (cfg.n_layer, cfg.n_head) or earlier.q.shape[3] != cfg.d_head:
        return 0
    return min(shared_prefix(earlier.token_ids, ids), len(ids) - 1)


@torch.inference_mode()
def run(model: Transformer, tokenizer: Tokenizer, text: str, lens_k: int = 0,
        interventions: Interventions | None = None, logits: str = "all",
        reuse: Trace | None = None) -> Trace:
    """Tokenize ``text`` and return the Trace of one forward pass.

    ``logits="predictions"`` computes the logits only where a prediction is
    read (see ``prediction_positions``): what the app does on every key.
    ``reuse`` is an earlier Trace of this model with the same interventions;
    the positions the two texts share are taken from it (see ``trace_ids``).
    """
    start = time.perf_counter()
    ids, labels, spans, dropped, notice = tokenize_for_model(model, tokenizer, text)
    at = None
    if logits == "predictions":
        at = prediction_positions(ids, model.cfg.causal, getattr(tokenizer, "mask_id", None))
    elif logits != "all":
        raise ValueError(f"logits must be 'all' or 'predictions', not {logits!r}")
    return trace_ids(model, ids, labels, spans, text=text, lens_k=lens_k, interventions=interventions,
                     dropped=dropped, notice=notice, start=start, logits_at=at, reuse=reuse)


@torch.inference_mode()
def trace_ids(model: Transformer, ids: list[int], labels: list[str] | None = None,
              spans: list[tuple[int, int]] | None = None, text: str = "", lens_k: int = 0,
              interventions: Interventions | None = None, dropped: int = 0, notice: str = "",
              start: float | None = None, logits_at: list[int] | None = None,
              reuse: Trace | None = None) -> Trace:
    """The Trace of one forward pass over token ids that are already known.

    ``logits_at`` limits the logits to those positions (``Trace.logit_positions``).
    With ``reuse`` (an earlier Trace of this model, same interventions) the
    positions both texts share are copied from it and only the rest is
    computed, continuing from its keys and values: typing at the end of a
    sentence costs one or two positions instead of the whole text. The result
    equals a full forward pass up to float rounding (tested). On a GPU a
    causal model without interventions replays the whole text from a
    recorded CUDA graph instead (``graphs``): that is quicker there than
    computing the new positions alone, so nothing is reused.
    """
    start = time.perf_counter() if start is None else start
    causal = model.cfg.causal
    if not len(ids):
        return _empty_trace(model, text, causal, notice or "no text: type something")
    labels = [str(i) for i in ids] if labels is None else labels
    spans = [(0, 0)] * len(ids) if spans is None else spans
    if logits_at is not None:
        logits_at = sorted({int(p) % len(ids) for p in logits_at})
    P = reusable_prefix(model, reuse, ids)
    if logits_at is None or (logits_at and logits_at[0] < P):
        P = 0 if logits_at is None else min(P, logits_at[0])  # logits are never copied
    if not P:
        reuse = None
    computed = None
    if interventions is None and graphs.enabled(model):
        computed = _replayed(model, ids, logits_at, lens_k)
    if computed is not None:  # the whole text at once, from a recorded CUDA graph
        P, reuse = 0, None
        new, lens = computed
    else:
        new, lens = _computed(model, ids, P, reuse, logits_at, lens_k, interventions)
    if reuse is not None:
        logits = new.pop("logits")
        new = _joined(reuse, new, P)
        new["logits"] = logits
        if lens:
            lens = _joined_lens(reuse, lens, P, model, lens_k)
    if new["logits"].size and not np.isfinite(new["logits"]).all():  # (every panel would draw only that)
        notice = f"{notice}\n{NOT_FINITE}" if notice else NOT_FINITE
    trace = Trace(
        text=text,
        token_ids=np.asarray(ids, dtype=np.int64),
        tokens=tuple(labels),
        spans=np.asarray(spans, dtype=np.int64).reshape(-1, 2),
        **new,
        logit_positions=None if logits_at is None else np.asarray(logits_at, dtype=np.int64),
        causal=causal, windows=tuple(model.cfg.window_of(i) for i in range(model.cfg.n_layer)),
        notice=notice,
        dropped_tokens=dropped,
        elapsed_ms=(time.perf_counter() - start) * 1000.0,
        reused_tokens=P,
        **lens,
    )
    return trace


def captured(cap: dict[str, torch.Tensor], n_layer: int) -> dict[str, torch.Tensor | None]:
    """A forward pass's capture points (batch row 0) as the Trace's arrays, still tensors: the per-layer
    points gathered over the layers, the residual stream entering block 0 first in ``resid``."""
    def stack(fmt: str) -> torch.Tensor:
        return torch.stack([cap[fmt.format(i)][0] for i in range(n_layer)])

    return {
        "embed": cap[Points.EMBED][0],
        "pos_embed": cap[Points.POS_EMBED][0] if Points.POS_EMBED in cap else None,
        "q": stack(Points.Q), "k": stack(Points.K), "v": stack(Points.V), "z": stack(Points.Z),
        "attn": stack(Points.PATTERN), "attn_out": stack(Points.ATTN_OUT), "mlp_out": stack(Points.MLP_OUT),
        "resid": torch.stack([cap[Points.RESID_PRE][0]] + [cap[Points.RESID_POST.format(i)][0]
                                                             for i in range(n_layer)]),
        "final": cap[Points.FINAL][0],
    }


ONE_COPY_MAX = 16 << 20  # bytes: a Trace up to this size comes back from a GPU in one copy


def to_numpy(tensors: dict[str, torch.Tensor | None]) -> dict[str, np.ndarray | None]:
    """float32 numpy arrays of ``tensors``.

    From a GPU a Trace of up to ``ONE_COPY_MAX`` comes back in one copy: each copy back waits for the GPU,
    and a Trace has a dozen arrays. A larger one comes array by array: one copy of over 32 MB into fresh
    memory took 30-40 ms on an H200's host (GPT-2-small at 128 tokens, whose whole Trace took 10 ms with the
    arrays copied one by one): the C library maps blocks over 32 MB anew, page by page, every time (on a CPU
    here, a fresh 34 MB block took 12.6 ms to fill, a 30 MB one 3.8 ms).
    """
    present = [t for t in tensors.values() if t is not None]
    total = sum(t.numel() for t in present)
    if not present or present[0].device.type == "cpu" or 4 * total > ONE_COPY_MAX:
        return {name: None if t is None else t.detach().to("cpu", torch.float32).numpy()
                for name, t in tensors.items()}
    flat = torch.cat([t.detach().reshape(-1).to(torch.float32) for t in present]).cpu().numpy()
    out: dict[str, np.ndarray | None] = {}
    at = 0
    for name, t in tensors.items():
        if t is None:
            out[name] = None
            continue
        out[name] = flat[at:at + t.numel()].reshape(tuple(t.shape))
        at += t.numel()
    return out


def _computed(model: Transformer, ids, P: int, reuse: Trace | None, logits_at: list[int] | None, lens_k: int,
              interventions: Interventions | None) -> tuple[dict, dict]:
    """One forward pass over ``ids[P:]``, continuing from the first P positions of ``reuse``:
    the new positions' arrays (with ``logits``) and their logit lens."""
    dtype = model.wte.weight.dtype
    past = None
    if reuse is not None:
        past = [(torch.tensor(reuse.k[i, None, :, :P], dtype=dtype, device=model.device),
                 torch.tensor(reuse.v[i, None, :, :P], dtype=dtype, device=model.device))
                for i in range(model.cfg.n_layer)]
    x = torch.tensor([list(ids[P:])], dtype=torch.long, device=model.device)
    cap: dict[str, torch.Tensor] = {}
    logits = model(x, capture=cap, interventions=interventions, past=past,
                   logits_at=None if logits_at is None else [p - P for p in logits_at])
    tensors = captured(cap, model.cfg.n_layer)
    new = to_numpy({**tensors, "logits": logits[0]})
    return new, (logit_lens_topk(model, tensors["resid"], lens_k) if lens_k else {})


def _whole_text(model: Transformer, ids: torch.Tensor) -> dict[str, torch.Tensor]:
    """What a graph records: the forward pass over a padded text, every capture point, and the stream
    after the last block (``hidden``) for the logits, which are computed afterwards where they are read."""
    cap: dict[str, torch.Tensor] = {}
    x = model.hidden(ids, capture=cap)
    return {**{k: v for k, v in captured(cap, model.cfg.n_layer).items() if v is not None}, "hidden": x[0]}


def _first(t: torch.Tensor, name: str, n: int) -> torch.Tensor:
    """``t`` cut to its first ``n`` positions (both axes of the attention pattern)."""
    if name == "attn":
        return t[:, :, :n, :n]
    axis = _TOKEN_AXIS[name]
    return t[(slice(None),) * axis + (slice(0, n),)]


def _replayed(model: Transformer, ids, logits_at: list[int] | None, lens_k: int) -> tuple[dict, dict] | None:
    """The arrays of a whole text (with ``logits``) and its logit lens, from the model's recorded graph;
    None where the graph is busy or cannot be used (see ``graphs``)."""
    T = len(ids)
    with graphs.replayer(model, _whole_text).replayed(list(ids)) as out:
        if out is None:
            return None
        tensors = {name: _first(t, name, T) for name, t in out.items() if name != "hidden"}
        if "pos_embed" not in tensors:
            tensors["pos_embed"] = None
        hidden = out["hidden"][None, :T]  # (1, T, D)
        logits = model.unembed(hidden if logits_at is None else hidden[:, logits_at])[0]
        new = to_numpy({**tensors, "logits": logits})
        return new, (logit_lens_topk(model, tensors["resid"], lens_k) if lens_k else {})


# where the token axis is in each per-position array of a Trace
_TOKEN_AXIS = {"embed": 0, "pos_embed": 0, "final": 0, "q": 2, "k": 2, "v": 2, "z": 2,
               "attn_out": 1, "mlp_out": 1, "resid": 1}


def _joined(earlier: Trace, new: dict[str, np.ndarray | None], P: int) -> dict[str, np.ndarray | None]:
    """The first P positions of ``earlier`` followed by the newly computed ones."""
    out: dict[str, np.ndarray | None] = {}
    for name, axis in _TOKEN_AXIS.items():
        part, old = new[name], getattr(earlier, name)
        if part is None or old is None:
            out[name] = None if part is None else part
            continue
        head = old[(slice(None),) * axis + (slice(0, P),)]
        out[name] = np.concatenate([head, part], axis=axis)
    rows = new["attn"]  # (L, H, T-P, T): the new queries over every key
    L, H, n_new, T = rows.shape
    attn = np.zeros((L, H, T, T), dtype=np.float32)
    attn[:, :, :P, :P] = earlier.attn[:, :, :P, :P]  # earlier queries never saw later keys
    attn[:, :, P:, :] = rows
    out["attn"] = attn
    return out


def lens_rows(trace: Trace, n: int) -> dict[str, np.ndarray]:
    """The logit lens of the first ``n`` positions of ``trace`` (which has one), as ``Trace`` fields."""
    return {"lens_ids": trace.lens_ids[:, :n], "lens_probs": trace.lens_probs[:, :n],
            "lens_rank": trace.lens_rank[:, :n]}


def _joined_lens(earlier: Trace, lens: dict[str, np.ndarray], P: int, model: Transformer,
                 k: int) -> dict[str, np.ndarray]:
    """The logit lens of the first P positions from ``earlier`` (or computed) and of the new ones."""
    if earlier.lens_ids is not None and earlier.lens_ids.shape[2] == k:
        head = lens_rows(earlier, P)
    else:
        head = logit_lens_topk(model, torch.from_numpy(earlier.resid[:, :P].copy()).to(model.wte.weight.dtype), k)
    return {key: np.concatenate([head[key], lens[key]], axis=1) for key in lens}


@torch.inference_mode()
def logit_lens_topk(model: Transformer, resid: torch.Tensor, k: int) -> dict[str, np.ndarray]:
    """What each layer would predict if the model stopped there.

    ``resid`` is (L+1, T, D), taken before the final norm; each layer's stream
    goes through the model's own final norm (or MLM transform) and unembedding.
    Returns top-k ids and probabilities per layer and position, and the rank at
    every layer of the token the full model finally ranks first.
    """
    logits = model.unembed(resid.to(model.device))  # (L+1, T, V)
    probs = torch.softmax(logits.float(), dim=-1)
    top_p, top_i = probs.topk(min(k, probs.shape[-1]), dim=-1)  # (L+1, T, k)
    final_top = probs[-1].argmax(-1)  # (T,)
    final_prob = probs.gather(-1, final_top[None, :, None].expand(probs.shape[0], -1, 1))  # (L+1, T, 1)
    rank = (probs > final_prob).sum(-1)  # (L+1, T): 0 means ranked first
    if logits.device.type != "cpu":  # one copy back from the GPU (ids and ranks are exact in float32 below 2^24)
        back = to_numpy({"ids": top_i.float(), "probs": top_p.float(), "rank": rank.float()})
        return {"lens_ids": back["ids"].astype(np.int64), "lens_probs": back["probs"],
                "lens_rank": back["rank"].astype(np.int64)}
    return {"lens_ids": top_i.cpu().numpy().astype(np.int64),
            "lens_probs": top_p.cpu().numpy().astype(np.float32),
            "lens_rank": rank.cpu().numpy().astype(np.int64)}
