"""The one transformer every checkpoint is converted into.

It reads top to bottom in the order the computation happens, like nanoGPT:
embeddings (+ positions) → blocks of attention and MLP → final norm → logits.
Every architecture difference is a ModelConfig field.

When a ``capture`` dict is passed, each intermediate the app draws is stored
under a named capture point (``blocks.3.attn.pattern`` …) and attention is
computed explicitly (scores, mask, softmax, weighted values) so that what the
app shows is exactly what the model computed. Without ``capture`` the fused
``scaled_dot_product_attention`` kernel is used, for training and generation.

A causal model can continue from ``past``: the keys and values of the
positions before ``ids`` (a key/value cache). Their outputs cannot change when
later tokens arrive, so a text that only grew at its end needs the new
positions only; this is what keeps every keystroke cheap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
import torch.nn as nn
import torch.nn.functional as F

from explainer.core import products
from explainer.core.config import ModelConfig

Capture = dict[str, torch.Tensor]
NUMPY_ROWS = 4  # float32 linear layers on the CPU multiply up to this many rows with numpy (Linear)
WIDE_WEIGHTS = 1 << 20  # a layer with this many weights or more (an output layer) multiplies 2..WIDE_ROWS rows
WIDE_ROWS = 10  # as the weights times the rows (Linear)
# Per layer, the keys and values of the earlier positions: (B, H, P, dh) each,
# after RoPE and already repeated per query head (exactly what ``capture`` records).
Past = list[tuple[torch.Tensor, torch.Tensor]]


class Points:
    """The names under which a forward pass with ``capture`` records each activation.

    ``{}`` is the block's index. Shapes use B batch, T tokens, H heads, dh head
    width, D model width. The Trace, the mean activations behind ablations and
    the tests read activations by these names only. With ``past`` (P earlier
    positions), T counts the new positions only and a pattern row covers all
    P + T keys: (B, H, T, P + T).
    """

    EMBED = "embed"  # (B, T, D) token embeddings
    POS_EMBED = "pos_embed"  # (B, T, D) what is added for position (absent with RoPE)
    RESID_PRE = "resid_pre.0"  # (B, T, D) the stream entering block 0
    Q, K, V = "blocks.{}.attn.q", "blocks.{}.attn.k", "blocks.{}.attn.v"  # (B, H, T, dh), K/V per query head
    PATTERN = "blocks.{}.attn.pattern"  # (B, H, T, T) softmax of the scores; rows are queries
    Z = "blocks.{}.attn.z"  # (B, H, T, dh) weighted values per head (after any head ablation)
    ATTN_OUT = "blocks.{}.attn_out"  # (B, T, D)
    MLP_OUT = "blocks.{}.mlp_out"  # (B, T, D)
    RESID_POST = "resid_post.{}"  # (B, T, D) the stream after the block
    FINAL = "final"  # (B, T, D) after the final norm


@dataclass
class Interventions:
    """Parts of the model to switch off during one forward pass.

    Each dict maps a location to what replaces its output: ``None`` replaces it
    with zeros (zero-ablation), a tensor replaces it with that value, usually
    the part's mean output over reference text (mean-ablation). ``heads`` is
    keyed by ``(layer, head)`` and replaces that head's weighted values, shape
    ``(d_head,)``; ``attn`` and ``mlp`` are keyed by layer and replace that
    layer's attention or MLP output, shape ``(d_model,)``.
    """

    heads: dict[tuple[int, int], torch.Tensor | None] = field(default_factory=dict)
    attn: dict[int, torch.Tensor | None] = field(default_factory=dict)
    mlp: dict[int, torch.Tensor | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.heads or self.attn or self.mlp)


class Linear(nn.Linear):
    """``nn.Linear`` whose weights may be stored rounded to bfloat16.

    ``Transformer.set_precision(torch.bfloat16)`` rounds the weights of the
    linear layers in place: the product then runs in bfloat16, which CPUs
    with bf16 instructions compute about twice as fast (accumulating in
    float32), the result comes back in the input's type, and the weights
    take half the memory. A layer that also serves as the embedding table
    (a tied output layer) keeps its float32 weights and a bfloat16 copy
    (``fast_weight``) for inference. On a CPU whose oneDNN computes bfloat16,
    ``packed`` holds those weights once more in oneDNN's own layout, which
    multiplies a key press's few rows faster (``pack``).
    With ``numpy_rows`` set, an input of at most that many rows (float32, on
    the CPU, no gradient) is multiplied by the routine in ``row_kernels``
    (one row; two or more), on the same memory: numpy's einsum or BLAS
    product, or ``F.linear``. Which is fastest depends on the CPU
    (``products``: on an AMD EPYC einsum took 0.9 ms for one row through a
    16384 x 256 output layer against 2.0 ms for BLAS and 2.5 ms for
    ``F.linear``; on an Intel Xeon BLAS took 0.31 ms and einsum 0.76), so
    ``Transformer.tune_products`` measures them when a model is loaded;
    until then einsum is used. All release the GIL; more rows than
    ``numpy_rows`` go to torch. An output layer (``WIDE_WEIGHTS``
    or more) given 2 to ``WIDE_ROWS`` rows, as the logit lens gives it for a
    new position (one row per layer), is multiplied as the weights times the
    rows: 16384 x 256 with 5 rows took 2.9 ms that way against 4.4 ms for
    ``F.linear`` and 4.3 ms for einsum (one thread), and the lens of a key
    press 2.6-2.8 ms against 4.8-5.4 ms.
    """

    fast_weight: torch.Tensor | None = None
    numpy_rows: int = 0
    row_kernels: tuple[str, str] = (products.DEFAULT, products.DEFAULT)  # one row, two or more (products.tune)
    packed: torch.Tensor | None = None  # the weights in oneDNN's own layout, for the CPU (see pack)
    _packed_of: tuple = ()  # (data_ptr, version) of the weights packed: changed since, they are not used

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = self.weight
        if self.fast_weight is not None and not torch.is_grad_enabled():
            w = self.fast_weight
        if self.packed is not None and x.device.type == "cpu" and x.dtype == torch.float32 \
                and not torch.is_grad_enabled() and self._packed_of == (w.data_ptr(), w._version):
            rows = x.reshape(-1, x.shape[-1]).to(w.dtype).contiguous()
            bias = None if self.bias is None else self.bias.to(w.dtype)
            out = torch.ops.mkldnn._linear_pointwise(rows, self.packed, bias, "none", [], "")
            return out.reshape(*x.shape[:-1], -1).to(x.dtype)
        if w.dtype != x.dtype:  # rounded weights: multiply in their type, answer in the input's
            bias = None if self.bias is None else self.bias.to(w.dtype)
            return F.linear(x.to(w.dtype), w, bias).to(x.dtype)
        if self.numpy_rows and x.device.type == "cpu" and x.dtype == torch.float32 and not torch.is_grad_enabled():
            n = x.numel() // max(x.shape[-1], 1)
            if n <= self.numpy_rows and (n == 1 or w.numel() < WIDE_WEIGHTS):
                out = products.multiply(self.row_kernels[n > 1], x.reshape(-1, x.shape[-1]), w, self.bias)
                return out.reshape(*x.shape[:-1], -1)
            if 1 < n <= WIDE_ROWS and w.numel() >= WIDE_WEIGHTS:  # the output layer, a few rows: weights x rows
                out = torch.mm(w, x.reshape(-1, x.shape[-1]).t()).t().reshape(*x.shape[:-1], -1)
                return out if self.bias is None else out + self.bias
        return F.linear(x, w, self.bias)


def can_pack(dtype: torch.dtype) -> bool:
    """Whether weights of ``dtype`` are kept packed for oneDNN here (bfloat16, where oneDNN computes it).

    Not float32: packed float32 weights made the default model's key press slower (7.5 against 5-6 ms,
    interleaved; numpy's einsum reads the weights as stored faster with caches cold) and cost 19 MB. Kept
    for whole texts only (more rows than ``Linear.numpy_rows``), they gave the default model's Trace of 16
    to 33 tokens 0.95-1.06x its plain time (one process, packed and plain in turns) and the 4x256 shape at
    T=32 1.62-1.70 against 1.57-1.61 times transformers' speed (``trace_vs_hf.py`` runs in turns), for 21 MB
    more at start-up (350 -> 372 MB): not kept.
    """
    if dtype != torch.bfloat16:
        return False
    try:
        return torch.backends.mkldnn.is_available() and bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def pack(module: Linear) -> None:
    """Keep ``module``'s bfloat16 weights (or its bfloat16 copy) packed for oneDNN too, on the CPU.

    A key press multiplies one or two rows by every weight matrix. ``F.linear`` on bfloat16 weights as
    stored did that at about 6 GB/s here; oneDNN's product on weights packed once gives the same numbers
    (tested) in 55-60 % of the time: SmolLM2-135M, a key at 32 tokens: 73-77 -> 54-55 ms (p50,
    interleaved); a whole text too (GPT-2-small against transformers: 2.5-2.9 -> 3.5-4.4 times as fast).
    The packed copy costs as much memory again as the bfloat16 weights (as much as float32 weights
    would take). Anything else, or weights changed in place since (an optimizer step), multiplies as before.
    """
    module.packed, module._packed_of = None, ()
    w = module.fast_weight if module.fast_weight is not None else module.weight
    if w.device.type != "cpu" or not can_pack(w.dtype):
        return
    try:
        module.packed = torch.ops.mkldnn._reorder_linear_weight(w.detach(), None)
    except RuntimeError:  # a shape or build oneDNN declines: the plain product is exact as well
        return
    module._packed_of = (w.data_ptr(), w._version)


def input_major(module: Linear) -> None:
    """Store ``module``'s weights input by input ((in, out) in memory, as GPT-2's own checkpoints hold them),
    still (out, in) to every reader: the same numbers, another order in memory.

    On the CPU, ``F.linear`` multiplies a whole text's rows by weights laid out this way without reordering
    them first: the Trace of the 4x256 shape at 32 tokens took 3.23-3.37 ms against 3.52-3.65 ms, and the
    default model's at 64 tokens 4.86-4.96 against 5.14-5.23 (an Intel Xeon, 2 threads, in turns). Training
    puts them back in the usual order first (``standard_layout``).
    """
    module.weight.data = module.weight.data.t().contiguous().t()


def standard_layout(model: nn.Module) -> None:
    """Every parameter of ``model`` stored in the usual (row-major) order again (see ``input_major``)."""
    for p in model.parameters():
        if not p.is_contiguous():
            p.data = p.data.contiguous()


def _replace(t: torch.Tensor, value: torch.Tensor | None) -> torch.Tensor:
    return torch.zeros_like(t) if value is None else value.to(t).expand_as(t)


class Norm(nn.Module):
    """LayerNorm (mean and variance, optional bias) or RMSNorm (scale only)."""

    def __init__(self, cfg: ModelConfig, dim: int | None = None) -> None:
        super().__init__()
        dim = dim or cfg.d_model
        self.kind, self.eps = cfg.norm, cfg.norm_eps
        self.weight = nn.Parameter(torch.ones(dim))
        use_bias = cfg.norm == "layernorm" and cfg.norm_bias
        self.bias = nn.Parameter(torch.zeros(dim)) if use_bias else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.kind == "layernorm":
            return F.layer_norm(x, x.shape[-1:], self.weight, self.bias, self.eps)
        rms = torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return x * rms * self.weight


GELU_TANH_C = 2.0 * math.sqrt(2.0 / math.pi)
BIG_ACTIVATION = 1 << 14  # elements from which the tanh GELU of inference goes through the sigmoid


def activation(name: str, x: torch.Tensor) -> torch.Tensor:
    if name == "gelu":
        return F.gelu(x)
    if name == "gelu_tanh":
        if x.dtype == torch.float32 and x.numel() >= BIG_ACTIVATION and not torch.is_grad_enabled():
            return gelu_tanh_by_sigmoid(x)
        return F.gelu(x, approximate="tanh")
    if name == "silu":
        return F.silu(x)
    return F.relu(x)


def gelu_tanh_by_sigmoid(x: torch.Tensor) -> torch.Tensor:
    """GPT-2's GELU, ``0.5 x (1 + tanh(c (x + 0.044715 x³)))`` with c = sqrt(2/pi), written as ``x sigmoid(2c (x +
    0.044715 x³))`` (the same function, since 0.5 (1 + tanh z) = sigmoid(2z)), in place on one new tensor.

    For inference on whole texts: torch's own tanh GELU took 109 µs for 128 x 1024 values on two threads of an
    Intel Xeon, this 61 µs, equal to within 4e-7 of a float64 reference, like torch's (tested). A few values
    (a key press) take the single call instead; training does too (the in-place steps have no gradient).
    """
    u = x * x
    u.mul_(0.044715 * GELU_TANH_C).add_(GELU_TANH_C).mul_(x)
    return u.sigmoid_().mul_(x)


def sinusoidal_table(n_pos: int, dim: int) -> torch.Tensor:
    """The 2017 fixed positions: sin on even dimensions, cos on odd ones."""
    pos = torch.arange(n_pos, dtype=torch.float32)[:, None]  # (P, 1)
    freq = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * (-math.log(10000.0) / dim))
    table = torch.zeros(n_pos, dim)
    table[:, 0::2] = torch.sin(pos * freq)  # (P, dim/2)
    table[:, 1::2] = torch.cos(pos * freq[: dim // 2])
    return table


def rope_inv_freq(cfg: ModelConfig, local: bool = False) -> tuple[torch.Tensor, float]:
    """Angle per position step of each dimension pair, and the factor cos and sin are scaled by.

    Plain RoPE turns pair i by theta^(-2i/d) per position. A model trained
    for a longer context changes these frequencies (``cfg.rope_scaling``):
    ``linear`` divides them all by the factor; ``llama3`` divides the slow
    ones (wavelength above original context / low_freq_factor) by the factor,
    keeps the fast ones, and blends in between; ``yarn`` blends per pair
    between the plain and the divided frequency and strengthens cos and sin
    (``attention_factor``); ``factors`` divides each by its own number (a
    GGUF file's table). ``local``: the sliding layers' own base
    (``rope_local_theta``, Gemma 3), never scaled.
    """
    rot = cfg.rotary_dim
    theta = cfg.rope_local_theta if local and cfg.rope_local_theta is not None else cfg.rope_theta
    exponents = torch.arange(0, rot, 2, dtype=torch.int64).float() / rot  # (rot/2,)
    inv_freq = 1.0 / (theta ** exponents)
    sc = {} if local and cfg.rope_local_theta is not None else cfg.rope_scaling
    kind = sc.get("type")
    if kind == "linear":
        return inv_freq / sc["factor"], 1.0
    if kind == "factors":
        return inv_freq / torch.tensor(sc["factors"], dtype=torch.float32), 1.0
    if kind == "llama3":
        factor, context = sc["factor"], sc["original_max_position_embeddings"]
        low, high = sc["low_freq_factor"], sc["high_freq_factor"]
        wavelen = 2 * math.pi / inv_freq
        slow = torch.where(wavelen > context / low, inv_freq / factor, inv_freq)
        smooth = (context / wavelen - low) / (high - low)
        blended = (1 - smooth) * slow / factor + smooth * slow
        medium = (wavelen >= context / high) & (wavelen <= context / low)
        return torch.where(medium, blended, slow), 1.0
    if kind == "yarn":
        factor, context = sc["factor"], sc["original_max_position_embeddings"]

        def pair_for(rotations: float) -> float:  # the dimension whose wave turns this often in the context
            return rot * math.log(context / (rotations * 2 * math.pi)) / (2 * math.log(theta))

        lo = max(math.floor(pair_for(sc["beta_fast"])), 0)
        hi = min(math.ceil(pair_for(sc["beta_slow"])), rot - 1)
        hi = hi + 0.001 if hi == lo else hi
        ramp = ((torch.arange(rot // 2, dtype=torch.float32) - lo) / (hi - lo)).clamp(0, 1)  # 0: keep, 1: divide
        return inv_freq / factor * ramp + inv_freq * (1 - ramp), sc["attention_factor"]
    return inv_freq, 1.0


def rope_angles(cfg: ModelConfig, n_pos: int, local: bool = False) -> torch.Tensor:
    """Rotation angle of every (position, dimension pair): pos * frequency (``rope_inv_freq``)."""
    inv_freq, _ = rope_inv_freq(cfg, local)
    return torch.arange(n_pos, dtype=torch.float32)[:, None] * inv_freq[None, :]  # (P, rot/2)


def rope_tables(cfg: ModelConfig, local: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin of every (position, pair) angle up to the context window, scaled as the model was trained."""
    _, strength = rope_inv_freq(cfg, local)
    angles = rope_angles(cfg, cfg.max_seq_len, local)  # (P, rot/2)
    return angles.cos() * strength, angles.sin() * strength


def hidden_keys(n_query: int, n_past: int, causal: bool, window: int = 0,
                device: torch.device | str | None = None) -> torch.Tensor | None:
    """Which keys each query may not see: (T, P+T) bool, True = hidden; None when all are seen.

    Query i sits at position P + i. A causal model hides the keys after it; a
    sliding-window layer also hides those ``window`` or more positions before it.
    """
    T, P = n_query, n_past
    if not causal or (T == 1 and (not window or P + 1 <= window)):
        return None
    q = torch.arange(P, P + T, device=device)[:, None]  # (T, 1)
    k = torch.arange(P + T, device=device)[None, :]  # (1, P+T)
    hidden = k > q
    if window:
        hidden = hidden | (k <= q - window)
    return hidden


def apply_rope(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor, rot: int) -> torch.Tensor:
    """Rotate the first ``rot`` dims of each head, pairing dim i with i + rot/2."""
    x_rot, x_pass = x[..., :rot], x[..., rot:]
    half = rot // 2
    x1, x2 = x_rot[..., :half], x_rot[..., half:]
    rotated = torch.cat((x1 * cos - x2 * sin, x2 * cos + x1 * sin), dim=-1)  # (B, H, T, rot)
    return torch.cat((rotated, x_pass), dim=-1)


class Attention(nn.Module):
    """Multi-head self-attention with optional grouped-query key/value heads."""

    def __init__(self, cfg: ModelConfig, layer: int) -> None:
        super().__init__()
        self.cfg, self.layer = cfg, layer
        h, kv, dh = cfg.n_head, cfg.n_kv_head, cfg.d_head
        self.q_proj = Linear(cfg.d_model, h * dh, bias=cfg.qkv_bias)
        self.k_proj = Linear(cfg.d_model, kv * dh, bias=cfg.qkv_bias)
        self.v_proj = Linear(cfg.d_model, kv * dh, bias=cfg.qkv_bias)
        self.o_proj = Linear(h * dh, cfg.d_model, bias=cfg.attn_out_bias)
        self.q_norm = Norm(cfg, dh) if cfg.qk_norm else None
        self.k_norm = Norm(cfg, dh) if cfg.qk_norm else None
        self.window = cfg.window_of(layer)
        self._mask_cache: tuple[tuple, torch.Tensor | None, torch.Tensor | None] | None = None  # see _masks

    def _masks(self, T: int, P: int, device, dtype) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        """``hidden_keys`` for T queries after P earlier positions, and the same as 0 / -inf to add to scores.

        Kept for the next call: every key press asks again with the same sizes. The model may run in
        two threads at once (the key presses and a panel's background job), so the cache is one tuple,
        read and replaced whole. (A tensor made in inference mode may not take part in autograd,
        hence the mode in the key.)
        """
        # a CUDA graph being recorded (core.graphs) makes its masks inside itself: it owns them, and no other
        # thread's call can free a cached one it reads
        recording = device.type == "cuda" and torch.cuda.is_current_stream_capturing()
        key = (T, P, device, dtype, torch.is_inference_mode_enabled())
        cached = self._mask_cache
        if recording or cached is None or cached[0] != key:
            hidden = hidden_keys(T, P, self.cfg.causal, self.window, device)
            minus_inf = None if hidden is None else torch.zeros(hidden.shape, dtype=dtype, device=device).masked_fill_(
                hidden, float("-inf"))
            if recording:
                return hidden, minus_inf
            cached = self._mask_cache = (key, hidden, minus_inf)
        return cached[1], cached[2]

    def forward(self, x: torch.Tensor, rope: tuple[torch.Tensor, torch.Tensor] | None,
                capture: Capture | None, iv: Interventions | None,
                past: tuple[torch.Tensor, torch.Tensor] | None = None) -> torch.Tensor:
        cfg, B, T = self.cfg, x.shape[0], x.shape[1]
        h, kv, dh = cfg.n_head, cfg.n_kv_head, cfg.d_head
        q = self.q_proj(x).view(B, T, h, dh)  # (B, T, H, dh)
        k = self.k_proj(x).view(B, T, kv, dh)  # (B, T, Hkv, dh)
        if self.q_norm is not None:  # each head's query and key scaled to a fixed size first
            q, k = self.q_norm(q), self.k_norm(k)
        q, k = q.transpose(1, 2), k.transpose(1, 2)  # (B, H, T, dh), (B, Hkv, T, dh)
        v = self.v_proj(x).view(B, T, kv, dh).transpose(1, 2)  # (B, Hkv, T, dh)
        if rope is not None:
            cos, sin = rope
            q = apply_rope(q, cos, sin, cfg.rotary_dim)
            k = apply_rope(k, cos, sin, cfg.rotary_dim)
        if kv != h:  # each key/value head serves h // kv query heads
            k = k.repeat_interleave(h // kv, dim=1)  # (B, H, T, dh)
            v = v.repeat_interleave(h // kv, dim=1)  # (B, H, T, dh)
        new_k, new_v = k, v
        P = 0
        if past is not None:  # the earlier positions' keys and values come first
            P = past[0].shape[2]
            k = torch.cat((past[0], k), dim=2)  # (B, H, P+T, dh)
            v = torch.cat((past[1], v), dim=2)  # (B, H, P+T, dh)
        # query i sits at position P+i: it may not see keys after it, nor (sliding layers) far before it
        hidden, minus_inf = self._masks(T, P, x.device, q.dtype)  # (T, P+T) each, or None

        if capture is None and cfg.attn_softcap is None:
            if hidden is None or (not P and not self.window):
                z = F.scaled_dot_product_attention(q, k, v, is_causal=hidden is not None,
                                                   scale=cfg.attn_scale)  # (B, H, T, dh)
            else:
                z = F.scaled_dot_product_attention(q, k, v, attn_mask=~hidden, scale=cfg.attn_scale)
        else:
            if cfg.attn_softcap is None and minus_inf is not None:
                # scale * q.k plus -inf on the hidden keys, in one product: (B*H, T, P+T)
                scores = torch.baddbmm(minus_inf, q.reshape(B * h, T, dh), k.reshape(B * h, P + T, dh).transpose(1, 2),
                                       alpha=cfg.attn_scale).view(B, h, T, P + T)
            else:
                scores = (q @ k.transpose(-2, -1)) * cfg.attn_scale  # (B, H, T, P+T); usually / sqrt(dh)
                if cfg.attn_softcap is not None:  # squashed into (-c, c)
                    scores = torch.tanh(scores / cfg.attn_softcap) * cfg.attn_softcap
                if hidden is not None:
                    scores = scores.masked_fill(hidden, float("-inf"))
            pattern = torch.softmax(scores, dim=-1)  # (B, H, T, P+T)
            z = pattern @ v  # (B, H, T, dh)
            if capture is not None:
                i = self.layer
                capture[Points.Q.format(i)], capture[Points.K.format(i)] = q, new_k
                capture[Points.V.format(i)], capture[Points.PATTERN.format(i)] = new_v, pattern

        if iv is not None:
            for (layer, head), value in iv.heads.items():
                if layer == self.layer:
                    z = z.clone()
                    z[:, head] = _replace(z[:, head], value)
        if capture is not None:
            capture[Points.Z.format(self.layer)] = z
        out = self.o_proj(z.transpose(1, 2).reshape(B, T, h * dh))  # (B, T, D)
        return out


class MLP(nn.Module):
    """Position-wise feed-forward network: GELU (up, act, down) or SwiGLU."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.fc_in = Linear(cfg.d_model, cfg.d_mlp, bias=cfg.mlp_bias)
        self.fc_gate = Linear(cfg.d_model, cfg.d_mlp, bias=cfg.mlp_bias) if cfg.mlp == "swiglu" else None
        self.fc_out = Linear(cfg.d_mlp, cfg.d_model, bias=cfg.mlp_bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.fc_gate is not None:
            hidden = activation(self.cfg.activation, self.fc_gate(x)) * self.fc_in(x)  # (B, T, d_mlp)
        else:
            hidden = activation(self.cfg.activation, self.fc_in(x))  # (B, T, d_mlp)
        return self.fc_out(hidden)


class Block(nn.Module):
    """One transformer layer: attention then MLP, each with a residual connection."""

    def __init__(self, cfg: ModelConfig, layer: int) -> None:
        super().__init__()
        self.cfg, self.layer = cfg, layer
        self.ln_1 = Norm(cfg)
        self.attn = Attention(cfg, layer)
        self.post_attn_norm = Norm(cfg) if cfg.sandwich_norm else None
        self.ln_2 = Norm(cfg)
        self.mlp = MLP(cfg)
        self.post_mlp_norm = Norm(cfg) if cfg.sandwich_norm else None

    def forward(self, x: torch.Tensor, rope, capture: Capture | None,
                iv: Interventions | None, past: tuple[torch.Tensor, torch.Tensor] | None = None) -> torch.Tensor:
        cfg, i = self.cfg, self.layer
        if cfg.pre_norm:
            attn_out = self.attn(self.ln_1(x), rope, capture, iv, past)  # (B, T, D)
            if self.post_attn_norm is not None:  # Gemma: the output is normalised too before it is added
                attn_out = self.post_attn_norm(attn_out)
            attn_out = self._ablate(iv.attn if iv else None, attn_out)
            mlp_in = x if cfg.parallel_attn_mlp else x + attn_out
            mlp_out = self.mlp(self.ln_2(mlp_in))  # (B, T, D)
            if self.post_mlp_norm is not None:
                mlp_out = self.post_mlp_norm(mlp_out)
            mlp_out = self._ablate(iv.mlp if iv else None, mlp_out)
            x = x + attn_out + mlp_out
        else:  # post-norm (BERT): add, then normalise
            attn_out = self._ablate(iv.attn if iv else None, self.attn(x, rope, capture, iv, past))
            x = self.ln_1(x + attn_out)
            mlp_out = self._ablate(iv.mlp if iv else None, self.mlp(x))
            x = self.ln_2(x + mlp_out)
        if capture is not None:
            capture[Points.ATTN_OUT.format(i)] = attn_out
            capture[Points.MLP_OUT.format(i)] = mlp_out
            capture[Points.RESID_POST.format(i)] = x
        return x

    def _ablate(self, table: dict | None, out: torch.Tensor) -> torch.Tensor:
        if table and self.layer in table:
            return _replace(out, table[self.layer])
        return out


class Transformer(nn.Module):
    """A decoder (GPT, LLaMA) or encoder (BERT) language model.

    ``forward(ids)`` returns logits of shape (B, T, vocab). The parameters are
    named after what they are (``wte``, ``blocks.0.attn.q_proj`` …); loaders
    map every checkpoint format onto these names.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.d_model)
        n_pos = cfg.max_seq_len + cfg.position_offset
        self.wpe = nn.Embedding(n_pos, cfg.d_model) if cfg.positions == "learned" else None
        self.wtt = nn.Embedding(cfg.type_vocab_size, cfg.d_model) if cfg.type_vocab_size else None
        self.emb_norm = Norm(cfg) if cfg.embedding_norm else None
        for name in ("sin_table", "rope_cos", "rope_sin", "rope_local_cos", "rope_local_sin"):
            self.register_buffer(name, None, persistent=False)
        self.restore_buffers()
        self.blocks = nn.ModuleList(Block(cfg, i) for i in range(cfg.n_layer))
        self.ln_f = Norm(cfg) if cfg.pre_norm else None
        if cfg.mlm_head:
            self.mlm_dense = Linear(cfg.d_model, cfg.d_model)
            self.mlm_norm = Norm(cfg)
        self.lm_head = Linear(cfg.d_model, cfg.vocab_size, bias=cfg.lm_head_bias)
        if cfg.tie_embeddings:
            self.lm_head.weight = self.wte.weight
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if isinstance(module, nn.Linear) and module.bias is not None:
                nn.init.zeros_(module.bias)

    @torch.no_grad()
    def restore_buffers(self) -> None:
        """(Re)compute the fixed position tables: sinusoids, or RoPE's cos and sin (and the sliding layers' own).

        Loaders build the model on the meta device, which leaves these empty.
        """
        cfg = self.cfg
        device = None if self.wte.weight.device.type == "meta" else self.wte.weight.device
        if cfg.positions == "sinusoidal":
            self.sin_table = sinusoidal_table(cfg.max_seq_len + cfg.position_offset, cfg.d_model).to(device)
        if cfg.positions == "rope":
            self.rope_cos, self.rope_sin = (t.to(device) for t in rope_tables(cfg))
            if cfg.rope_local_theta is not None and cfg.sliding_layers:
                self.rope_local_cos, self.rope_local_sin = (t.to(device) for t in rope_tables(cfg, local=True))

    def rope_at(self, layer: int, start: int, n: int) -> tuple[torch.Tensor, torch.Tensor] | None:
        """The cos and sin that rotate positions start .. start + n - 1 in ``layer`` (None without RoPE)."""
        if self.cfg.positions != "rope":
            return None
        if self.rope_local_cos is not None and layer in self.cfg.sliding_layers:
            return self.rope_local_cos[start:start + n], self.rope_local_sin[start:start + n]
        return self.rope_cos[start:start + n], self.rope_sin[start:start + n]

    @property
    def device(self) -> torch.device:
        return self.wte.weight.device

    @property
    def precision(self) -> torch.dtype:
        """The type the linear layers multiply in (``set_precision``)."""
        return self.blocks[0].mlp.fc_out.weight.dtype if len(self.blocks) else self.wte.weight.dtype

    @torch.no_grad()
    def set_precision(self, dtype: torch.dtype | None) -> None:
        """Round the linear layers' weights to ``dtype`` (e.g. torch.bfloat16) in place; None leaves them.

        The rounding is one way: a model that should compute exactly again is
        loaded again. The embedding tables and the norms stay in float32; a
        tied output layer (it is the embedding table) keeps its float32
        weights and gets a rounded copy. In float32 on the CPU every linear
        layer multiplies a few rows with numpy (see ``Linear``), and the
        blocks' weights are stored input-major (``input_major``).
        """
        tied = self.lm_head.weight is self.wte.weight
        for module in self.modules():
            if not isinstance(module, Linear):
                continue
            module.numpy_rows, module.fast_weight, module.row_kernels = 0, None, Linear.row_kernels
            if dtype is None or dtype == module.weight.dtype:
                continue
            if module is self.lm_head and tied:
                module.fast_weight = module.weight.detach().to(dtype)
            else:
                module.weight.data = module.weight.data.to(dtype)
                if module.bias is not None:
                    module.bias.data = module.bias.data.to(dtype)
        in_blocks = set(self.blocks.modules())
        for module in self.modules():  # a key press computes one or two new positions: a few rows each
            if isinstance(module, Linear) and module.fast_weight is None and module.weight.device.type == "cpu" \
                    and module.weight.dtype == torch.float32:
                module.numpy_rows = NUMPY_ROWS
                if module in in_blocks and module.weight.is_contiguous():
                    input_major(module)
        self.repack()

    def tune_products(self) -> dict[str, str]:
        """Time the routines for a key press's few rows on this machine and keep the fastest (``products``).

        Only float32 layers on the CPU multiply few rows themselves (``set_precision``); for others this does nothing.
        """
        layers = [m for m in self.modules() if isinstance(m, Linear) and m.numpy_rows]
        return products.tune(layers, lambda m: m.weight.numel() >= WIDE_WEIGHTS) if layers else {}

    def repack(self) -> None:
        """Pack the linear layers' bfloat16 weights for oneDNN as they are now (see ``pack``).

        Called by ``set_precision``, and after training: an optimizer may change the weights without
        telling (the fused AdamW leaves a tensor's version counter alone), so ``drop_packed`` comes first.
        """
        for module in self.modules():
            if isinstance(module, Linear):
                pack(module)

    def drop_packed(self) -> None:
        """Forget every packed copy: the weights are about to change (training); ``repack`` afterwards."""
        for module in self.modules():
            if isinstance(module, Linear):
                module.packed, module._packed_of = None, ()

    def n_params(self, include_embeddings: bool = True) -> int:
        seen, total = set(), 0
        for p in self.parameters():
            if id(p) not in seen:
                seen.add(id(p))
                total += p.numel()
        if not include_embeddings:
            total -= self.wte.weight.numel() + (self.wpe.weight.numel() if self.wpe is not None else 0)
        return total

    def embed(self, ids: torch.Tensor, capture: Capture | None = None, start: int = 0,
              token_embeds: torch.Tensor | None = None) -> torch.Tensor:
        """Token embedding plus whatever the architecture adds for position (the first token sits at ``start``).

        ``token_embeds`` (B, T, D) replaces the table's rows for ``ids``: input
        attribution moves them along a path and asks for gradients.
        """
        cfg, T = self.cfg, ids.shape[1]
        x = self.wte(ids) if token_embeds is None else token_embeds  # (B, T, D)
        if cfg.scale_embeddings:  # Gemma: embeddings are stored small and scaled up by sqrt(D)
            x = x * torch.tensor(cfg.d_model ** 0.5, dtype=x.dtype)
        pos = None
        positions = torch.arange(start, start + T, device=ids.device) + cfg.position_offset
        if self.wpe is not None:
            pos = self.wpe(positions)[None]  # (1, T, D)
        elif cfg.positions == "sinusoidal":
            pos = self.sin_table[positions][None]  # (1, T, D)
        if self.wtt is not None:  # every token in segment 0
            pos = (0 if pos is None else pos) + self.wtt.weight[0]
        if capture is not None:
            capture[Points.EMBED] = x
            if pos is not None:
                capture[Points.POS_EMBED] = pos.expand_as(x)
        if pos is not None:
            x = x + pos
        if self.emb_norm is not None:
            x = self.emb_norm(x)
        return x

    def unembed(self, x: torch.Tensor) -> torch.Tensor:
        """Residual stream → logits: final norm (or BERT's MLM transform), then vocabulary."""
        if self.ln_f is not None:
            x = self.ln_f(x)
        if self.cfg.mlm_head:
            x = self.mlm_norm(activation(self.cfg.activation, self.mlm_dense(x)))
        logits = self.lm_head(x)  # (B, T, V)
        if self.cfg.final_softcap is not None:  # Gemma 2: squashed into (-c, c)
            logits = torch.tanh(logits / self.cfg.final_softcap) * self.cfg.final_softcap
        return logits

    def hidden(self, ids: torch.Tensor, capture: Capture | None = None,
               interventions: Interventions | None = None, past: Past | None = None,
               token_embeds: torch.Tensor | None = None) -> torch.Tensor:
        """The residual stream after the last block (B, T, D), before the final norm: ``forward`` without logits."""
        T = ids.shape[1]
        P = past[0][0].shape[2] if past else 0
        if past and not self.cfg.causal:
            raise ValueError("only a causal model can continue from earlier positions")
        if past and len(past) != self.cfg.n_layer:
            raise ValueError(f"past holds {len(past)} layers, the model has {self.cfg.n_layer}")
        if P + T > self.cfg.max_seq_len:
            raise ValueError(f"{P + T} tokens exceed the context window of {self.cfg.max_seq_len}")
        x = self.embed(ids, capture, start=P, token_embeds=token_embeds)  # (B, T, D)
        if capture is not None:
            capture[Points.RESID_PRE] = x
        for i, block in enumerate(self.blocks):
            rope = self.rope_at(i, P, T)  # (T, rot/2) each, or None
            x = block(x, rope, capture, interventions or None, past[i] if past else None)
        if capture is not None:
            capture[Points.FINAL] = self.ln_f(x) if self.ln_f is not None else x
        return x

    def forward(self, ids: torch.Tensor, capture: Capture | None = None,
                interventions: Interventions | None = None,
                logits_at: list[int] | None = None, past: Past | None = None,
                token_embeds: torch.Tensor | None = None) -> torch.Tensor:
        """Logits (B, T, V); with ``logits_at`` only at those positions (B, N, V).

        Reading a prediction needs the vocabulary projection at one position,
        and for a small model with a large vocabulary that projection costs
        more than all the blocks together, so inference asks only for the
        positions it reads. ``past`` (causal models only) holds the keys and
        values of P earlier positions; ``ids`` then continue at position P
        and every position here (``logits_at`` too) counts from P.
        ``token_embeds`` replaces the token embeddings of ``ids`` (see ``embed``).
        """
        x = self.hidden(ids, capture, interventions, past, token_embeds)  # (B, T, D)
        if logits_at is not None:
            x = x[:, list(logits_at)]
        return self.unembed(x)
