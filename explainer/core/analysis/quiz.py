"""The quiz "What does the model think?": a class guesses the next word, then the model answers.

A round is one question: the app's text, and the place where the model's
answer is read (``question``): after the last token for a causal model, at
the first [MASK] for a masked one. The teacher types the pupils' guesses;
``play_round`` scores them against the model and lists its own top ten.

How a guess is scored (the same for every model, and the numbers a class
sees on the board):

- **Probability.** A guess is written out as tokens the way the model would
  read it after the text ("kinderboek" may become " kinder" + "boek"). Its
  probability is that of all its tokens one after the other:
  P(" kinder") × P("boek" | … " kinder"). Every factor comes from a real
  forward pass. A causal model reads the text followed by the guess once
  (each position predicts the next token); a masked model gets as many
  [MASK]s as the guess has tokens and fills them from left to right, one
  pass per token, each pass seeing the tokens already filled in. Where the
  app's Trace read exactly the same input, its logits are used instead of a
  new pass, so a one-token guess is scored by the very numbers the
  next-token panel shows.
- **Rank.** One more than the number of single next tokens the model finds
  likelier than the whole guess. For a one-token guess that is its place in
  the model's list (1 = the model's first choice); a longer guess is ranked
  where it would stand in that list.
- **Points.** 10 for rank 1, 9 for rank 2 … 1 for rank 10, nothing beyond.
  A round is worth the points of the class's best guess (the one closest to
  the model's top choice); a game adds up its rounds.

Pure functions over a model, a tokenizer and a Trace: no Qt, and safe to run
in a worker thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import torch

from explainer.core.tokenizers import Tokenizer
from explainer.core.trace import Trace, shared_prefix, softmax, tokenize_for_model, top_ids
from explainer.core.transformer import Interventions, Transformer

TOP_N = 10  # the model's answers shown at the reveal, and the ranks that earn points
MAX_GUESS_CHARS = 40  # longer entries are cut: a guess is a word or a few, not a paragraph
MAX_GUESSES = 40  # guesses kept per round; a class rarely has more
_SEPARATORS = re.compile(r"[,;\n\t]+")
_NO_SPACE_BEFORE = set(".,!?;:)]}'’\"”")  # a guess starting with these joins the text without a space


class QuizError(ValueError):
    """A round that cannot be played (no text, or a masked model's text without a mask)."""


def parse_guesses(typed: str) -> list[str]:
    """The guesses in what the teacher typed: separated by commas, semicolons or new lines.

    Each is stripped and cut to ``MAX_GUESS_CHARS``; empty ones and repeats are left out.
    """
    out: list[str] = []
    for part in _SEPARATORS.split(typed or ""):
        guess = part.strip()[:MAX_GUESS_CHARS].strip()
        if guess and guess not in out:
            out.append(guess)
    return out


def add_guesses(existing: list[str], typed: str) -> list[str]:
    """``existing`` followed by the new guesses in ``typed`` that are not in it yet (at most ``MAX_GUESSES``)."""
    out = list(existing)
    for guess in parse_guesses(typed):
        if guess not in out and len(out) < MAX_GUESSES:
            out.append(guess)
    return out


def points_for_rank(rank: int | None) -> int:
    """10 points for the model's first choice, 9 for its second … 1 for its tenth, 0 further down."""
    return max(0, TOP_N + 1 - int(rank)) if rank else 0


@dataclass(frozen=True)
class Question:
    """Where the answer is read: the model input ``ids`` and the ``position`` whose prediction counts.

    ``before`` is the text in front of the answer (the whole text of a causal
    model, trailing spaces left out; the text before the [MASK] of a masked one).
    """

    ids: tuple[int, ...]
    position: int
    before: str
    causal: bool


def question(model: Transformer, tokenizer: Tokenizer, text: str) -> Question | None:
    """The question ``text`` asks ``model``; None when there is none (no text, or no [MASK] for a masked model)."""
    if model.cfg.causal:
        before = text.rstrip()  # "De kat zat op de " asks for the next word, not for what follows a space
        ids = tokenize_for_model(model, tokenizer, before)[0]
        return Question(tuple(int(i) for i in ids), len(ids) - 1, before, True) if ids else None
    mask_id = tokenizer.mask_id
    if mask_id is None:
        return None
    ids, _labels, spans, _dropped, _notice = tokenize_for_model(model, tokenizer, text)
    masks = [i for i, t in enumerate(ids) if t == mask_id]
    if not masks:
        return None
    at = masks[0]
    return Question(tuple(int(i) for i in ids), at, text[:int(spans[at][0])], False)


def joined(before: str, guess: str) -> str:
    """The text with the guess written after it, as a pupil would write it (a space between words)."""
    before, guess = before.rstrip(), guess.strip()
    if not before or guess[:1] in _NO_SPACE_BEFORE:
        return before + guess
    return before + " " + guess


def guess_tokens(tokenizer: Tokenizer, q: Question, guess: str) -> tuple[list[int], int]:
    """The guess's tokens as the model reads them after ``q.before``, and how many of the text's own
    last tokens it replaces (usually 0; more where a tokenizer merges the guess with the word before).

    Both texts are tokenized whole and the tokens they share at the start and
    at the end (a [CLS] or [SEP] a tokenizer adds) are taken off.
    """
    if not guess.strip():
        return [], 0
    before = q.before.rstrip()
    a = [int(i) for i in tokenizer.encode(before).ids]
    b = [int(i) for i in tokenizer.encode(joined(before, guess)).ids]
    p = shared_prefix(a, b)
    s = 0
    while s < len(a) - p and s < len(b) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    return b[p:len(b) - s], len(a) - s - p


@dataclass(frozen=True)
class Candidate:
    """One of the model's own answers: token, its label, probability and place (1 = first)."""

    token_id: int
    label: str
    probability: float
    rank: int


@dataclass(frozen=True)
class GuessScore:
    """One guess, scored: its tokens, the probability of each and of all of them, rank and points.

    ``probability`` is the product of ``token_probabilities``; a guess that
    could not be written as tokens has no tokens, probability 0 and no rank.
    """

    guess: str
    token_ids: tuple[int, ...]
    pieces: tuple[str, ...]
    token_probabilities: tuple[float, ...]
    probability: float
    rank: int | None
    points: int

    @property
    def first_probability(self) -> float:
        """The probability of the guess's first token alone."""
        return self.token_probabilities[0] if self.token_probabilities else 0.0


@dataclass(frozen=True)
class RoundResult:
    """The model's answer to one question and the class's scored guesses."""

    text: str
    position: int
    causal: bool
    top: tuple[Candidate, ...]
    guesses: tuple[GuessScore, ...] = field(default_factory=tuple)

    @property
    def best(self) -> int:
        """Index of the best guess (most points, then highest probability); -1 without guesses."""
        if not self.guesses:
            return -1
        return max(range(len(self.guesses)), key=lambda i: (self.guesses[i].points, self.guesses[i].probability, -i))

    @property
    def points(self) -> int:
        """What the round is worth: the points of the best guess."""
        return self.guesses[self.best].points if self.guesses else 0


class _Reader:
    """Probabilities of one model at chosen positions of an input, from the Trace where it read that input."""

    def __init__(self, model: Transformer, trace: Trace | None, interventions: Interventions | None) -> None:
        self.model = model
        self.trace = trace
        self.interventions = interventions
        self.passes = 0  # forward passes run (the tests count them)

    def _from_trace(self, ids: list[int], position: int) -> np.ndarray | None:
        t = self.trace
        if t is None or not 0 <= position < t.n_tokens or not t.has_logits_at(position):
            return None
        seen = [int(i) for i in t.token_ids]
        if self.model.cfg.causal:  # a causal position depends only on the tokens up to it
            same = ids[:position + 1] == seen[:position + 1]
        else:
            same = ids == seen
        return softmax(t.logits_at(position)) if same else None

    def probabilities(self, ids: list[int], positions: list[int]) -> list[np.ndarray]:
        """Softmax over the vocabulary at each of ``positions`` for the model reading ``ids``."""
        rows: dict[int, np.ndarray] = {}
        for pos in positions:
            known = self._from_trace(ids, pos)
            if known is not None:
                rows[pos] = known
        missing = [p for p in positions if p not in rows]
        if missing:
            for pos, logits in zip(missing, self._forward(ids, missing)):
                rows[pos] = softmax(logits)
        return [rows[p] for p in positions]

    @torch.inference_mode()
    def _forward(self, ids: list[int], positions: list[int]) -> np.ndarray:
        ctx = self.model.cfg.max_seq_len
        drop = max(0, len(ids) - ctx)  # a text longer than the window loses its oldest tokens
        if drop and min(positions) < drop:
            raise QuizError("the text is too long for this model's context window")
        x = torch.tensor([ids[drop:]], dtype=torch.long, device=self.model.device)
        self.passes += 1
        logits = self.model(x, interventions=self.interventions, logits_at=[p - drop for p in positions])  # (1, P, V)
        return logits[0].float().cpu().numpy()


def _rank(distribution: np.ndarray, probability: float) -> int:
    return 1 + int((distribution > probability).sum())


def play_round(model: Transformer, tokenizer: Tokenizer, text: str, guesses: list[str],
               trace: Trace | None = None, interventions: Interventions | None = None) -> RoundResult:
    """The model's top ten for ``text`` and every guess scored (see the module text).

    ``trace`` is the app's Trace of ``text`` (optional): its logits stand in
    for a forward pass wherever it read the same tokens, so it must come from
    the same model with the same ``interventions`` (the parts switched off).
    """
    q = question(model, tokenizer, text)
    if q is None:
        if model.cfg.causal or not text.strip():
            raise QuizError("type the beginning of a text first")
        raise QuizError("a masked model needs a mask in the text, where the word should go")
    reader = _Reader(model, trace, interventions)
    ids = list(q.ids)
    (answer,) = reader.probabilities(ids, [q.position])
    n = min(TOP_N, answer.shape[-1])
    order = top_ids(answer, n)
    top = tuple(Candidate(int(t), tokenizer.token_label(int(t)), float(answer[t]), r + 1) for r, t in enumerate(order))
    scored = []
    for guess in guesses:
        tokens, cut = guess_tokens(tokenizer, q, guess)
        if not tokens:
            scored.append(GuessScore(guess, (), (), (), 0.0, None, 0))
            continue
        if q.causal:
            probs = _causal_token_probs(reader, ids[:len(ids) - cut], tokens, answer if not cut else None)
        else:
            probs = _masked_token_probs(reader, ids, q.position, tokens, tokenizer.mask_id)
        p = float(np.prod(np.asarray(probs, dtype=np.float64)))
        rank = _rank(answer, p)
        pieces = tuple(tokenizer.token_label(t) for t in tokens)
        scored.append(GuessScore(guess, tuple(tokens), pieces, tuple(probs), p, rank, points_for_rank(rank)))
    return RoundResult(text, q.position, q.causal, top, tuple(scored))


def _causal_token_probs(reader: _Reader, context: list[int], tokens: list[int],
                        answer: np.ndarray | None) -> list[float]:
    """P(each guess token | the context and the guess tokens before it), from one pass over both."""
    full = context + tokens
    positions = [len(context) - 1 + k for k in range(len(tokens))]
    rows: list[np.ndarray | None] = [answer] + [None] * (len(tokens) - 1)  # the first: the question's own row
    todo = [p for p, row in zip(positions, rows) if row is None]
    for pos, row in zip(todo, reader.probabilities(full, todo) if todo else []):
        rows[pos - positions[0]] = row
    return [float(row[t]) for row, t in zip(rows, tokens)]


def _masked_token_probs(reader: _Reader, ids: list[int], at: int, tokens: list[int], mask_id: int) -> list[float]:
    """Fill one [MASK] per guess token from left to right; each pass sees the tokens filled before."""
    work = ids[:at] + [mask_id] * len(tokens) + ids[at + 1:]
    probs = []
    for k, t in enumerate(tokens):
        (row,) = reader.probabilities(work, [at + k])
        probs.append(float(row[t]))
        work[at + k] = t
    return probs
