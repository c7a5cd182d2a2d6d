"""How well a model predicts text: losses during training, bits per character after it.

``score_paragraphs`` is what ``explainer eval`` prints. Each paragraph is
scored on its own, conditioned on the model's paragraph separator (the same
``<|endoftext|>`` training put between paragraphs) so that its first token is
predicted too; a paragraph longer than the context window is scored in
overlapping windows, each new token seeing at least half a window of context.
Bits per character (total surprise in bits over the characters scored) is the
figure that compares models whose tokenizers differ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

import torch
import torch.nn.functional as F

from explainer.core.tokenizers import Tokenizer
from explainer.core.training.data import TokenStream, cut_windows, fixed_offsets, mask_tokens, separator_id
from explainer.core.transformer import Transformer


def final_resid(model: Transformer, ids: torch.Tensor) -> torch.Tensor:
    """The residual stream after the last block (before the final norm): the forward pass minus unembed."""
    T = ids.shape[1]
    x = model.embed(ids)  # (B, T, D)
    for i, block in enumerate(model.blocks):
        x = block(x, model.rope_at(i, 0, T), None, None)
    return x


def causal_loss(model: Transformer, windows: torch.Tensor) -> torch.Tensor:
    """Mean next-token cross-entropy over windows of T+1 tokens."""
    logits = model(windows[:, :-1])  # (B, T, V)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), windows[:, 1:].reshape(-1))


def masked_loss(model: Transformer, inputs: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Cross-entropy at the masked positions only; the vocabulary projection runs only there."""
    picked = labels != -100  # (B, T)
    hidden = final_resid(model, inputs)[picked]  # (M, D)
    logits = model.unembed(hidden)  # (M, V)
    return F.cross_entropy(logits, labels[picked])


@dataclass(frozen=True)
class MaskSpec:
    """What the masked objective needs from the tokenizer."""

    mask_id: int
    vocab_size: int
    never: tuple[int, ...]
    rate: float = 0.15


@torch.no_grad()
def validation_losses(model: Transformer, streams: dict[str, TokenStream], n_windows: int,
                      batch_size: int, mask: MaskSpec | None = None, window: int | None = None) -> dict[str, float]:
    """Mean loss per validation split over fixed windows (fixed masks too), comparable across steps.

    Windows hold ``window`` tokens of context (default: the model's context
    window); a split shorter than one window is scored in one window as long
    as the split (a fine-tune's text may be a few lines), and a split of
    fewer than two tokens is left out.
    """
    was_training = model.training
    model.eval()
    T, device = window or model.cfg.max_seq_len, model.device
    out = {}
    for name, stream in streams.items():
        length = min(T + 1 if mask is None else T, len(stream))
        if length < 2:
            continue
        offsets = fixed_offsets(stream, n_windows, length)
        gen = torch.Generator().manual_seed(0)
        total, weight = 0.0, 0
        for chunk in offsets.split(batch_size):
            windows = cut_windows(stream, chunk, length)
            if mask is None:
                loss, n = causal_loss(model, windows.to(device)), windows.shape[0] * (length - 1)
            else:
                inputs, labels = mask_tokens(windows, mask.mask_id, mask.vocab_size, mask.never, gen, mask.rate)
                n = int((labels != -100).sum())
                if n == 0:
                    continue
                loss = masked_loss(model, inputs.to(device), labels.to(device))
            total += float(loss) * n
            weight += n
        out[name] = total / max(weight, 1)
    model.train(was_training)
    return out


@dataclass(frozen=True)
class TextScore:
    """Surprise of a causal model on a text: nats in all, tokens scored, characters covered."""

    nats: float
    tokens: int
    chars: int

    @property
    def loss(self) -> float:
        return self.nats / max(self.tokens, 1)

    @property
    def perplexity(self) -> float:
        return math.exp(self.loss)

    @property
    def bits_per_char(self) -> float:
        return self.nats / math.log(2) / max(self.chars, 1)

    def line(self) -> str:
        return (f"bits_per_char={self.bits_per_char:.4f} perplexity={self.perplexity:.3f} "
                f"tokens={self.tokens} chars={self.chars}")


@torch.inference_mode()
def score_paragraph(model: Transformer, tok: Tokenizer, text: str) -> TextScore:
    """Surprise of one paragraph, in windows of the model's context."""
    enc = tok.encode(text)
    ids, spans = list(enc.ids), list(enc.spans)
    lead = 0  # tokens that only give context: added specials with empty spans
    while lead < len(ids) and spans[lead][0] == spans[lead][1] == 0:
        lead += 1
    chars = len(text)
    if lead == 0:
        sep = separator_id(tok)
        if sep is not None:
            ids, lead = [sep] + ids, 1
        elif ids:  # nothing to condition on: the first token is context, its characters not scored
            lead, chars = 1, len(text) - spans[0][1]
    if len(ids) <= lead:
        return TextScore(0.0, 0, 0)
    ctx, device = model.cfg.max_seq_len, model.device
    ids_t = torch.tensor(ids, dtype=torch.long, device=device)
    nats, done, start = 0.0, lead, 0  # tokens before `done` are scored (or context only)
    while done < len(ids):
        end = min(start + ctx, len(ids))
        logits = model(ids_t[start:end][None])[0].float()  # (W, V)
        # logits at position p predict token p + 1: score tokens done .. end-1
        logp = torch.log_softmax(logits[done - 1 - start: end - 1 - start], dim=-1)  # (n, V)
        nats -= float(logp.gather(1, ids_t[done:end, None]).sum())
        done = end
        start = max(end - ctx // 2, 0)
    return TextScore(nats, len(ids) - lead, chars)


def score_paragraphs(model: Transformer, tok: Tokenizer, paragraphs: Iterable[str]) -> TextScore:
    nats, tokens, chars = 0.0, 0, 0
    for p in paragraphs:
        s = score_paragraph(model, tok, p)
        nats, tokens, chars = nats + s.nats, tokens + s.tokens, chars + s.chars
    return TextScore(nats, tokens, chars)


@torch.inference_mode()
def top_next_tokens(model: Transformer, tok: Tokenizer, text: str, k: int = 5) -> list[tuple[str, float]]:
    """The k likeliest next tokens after ``text`` with their probabilities."""
    ids = tok.encode(text).ids[-model.cfg.max_seq_len:]
    probs = torch.softmax(model(torch.tensor([ids], device=model.device))[0, -1].float(), -1)
    top = torch.topk(probs, k)
    return [(tok.token_label(int(i)), float(p)) for p, i in zip(top.values, top.indices)]


@torch.inference_mode()
def mask_fills(model: Transformer, tok: Tokenizer, text: str, k: int = 5) -> list[tuple[str, float]]:
    """The k likeliest fillers for the first mask token in ``text`` (masked models)."""
    ids = tok.encode(text).ids[: model.cfg.max_seq_len]
    if tok.mask_id is None or tok.mask_id not in ids:
        return []
    pos = ids.index(tok.mask_id)
    probs = torch.softmax(model(torch.tensor([ids], device=model.device))[0, pos].float(), -1)
    top = torch.topk(probs, k)
    return [(tok.token_label(int(i)), float(p)) for p, i in zip(top.values, top.indices)]


def format_top(pairs: Sequence[tuple[str, float]]) -> str:
    return ", ".join(f"{label!r} {p * 100:.1f}%" for label, p in pairs)
