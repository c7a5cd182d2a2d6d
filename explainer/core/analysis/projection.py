"""2D maps of the vector space: PCA bases fitted once per model, cached on disk.

A basis is fitted once per model and then kept fixed, so the typed tokens can
move on the map while the map itself never moves. There are three kinds:

* the *vocabulary* basis, fitted on the token-embedding table (the cloud of
  every word the model knows);
* one *layer* basis per point of the residual stream (input to block 1, after
  block 1, … after block L), fitted on the stream of a fixed reference text;
* one *paths* basis shared by all layers, fitted on the reference stream of
  every layer pooled, so a token's trajectory through the layers is drawn in a
  single coordinate system.

Fitting runs the model on the reference text and happens off the GUI thread;
``load_or_fit_bases`` stores the result in the user cache directory under a
fingerprint of the model's config and weights.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path

import numpy as np
import torch

from explainer.core import products
from explainer.core.tokenizers import Tokenizer
from explainer.core.trace import Trace, run
from explainer.core.transformer import Transformer

# Bump when the fitting procedure or the stored fields change: old cache files are ignored.
PROJECTION_VERSION = 1
CLOUD_SIZE = 2000  # vocabulary points drawn as the faint cloud
FIT_ROWS = 20000  # at most this many vocabulary rows enter the vocabulary PCA

# Short sentences, so that a character model's small context holds each one whole.
REFERENCE_TEXTS = (
    "De kat zit op de mat en kijkt naar buiten.",
    "Het regent al de hele dag in Amsterdam.",
    "Morgen gaan we met de trein naar zee.",
    "Zij leest een boek over sterren en planeten.",
    "De leraar schrijft een som op het bord.",
    "Mijn broer speelt elke zaterdag voetbal.",
    "In de winter worden de dagen korter.",
    "Wij eten vanavond soep met brood.",
    "De hond rent blij door het park.",
    "Hij vergat zijn fiets op slot te zetten.",
    "Het museum is op maandag gesloten.",
    "Een computer rekent heel snel met getallen.",
    "De bakker verkoopt vers brood en taart.",
    "Waarom is de lucht overdag blauw?",
    "Ik heb gisteren mijn oma bezocht.",
    "De rivier stroomt langzaam naar de zee.",
    "The cat sits on the mat and looks outside.",
    "It has been raining all day in London.",
    "Tomorrow we will take the train to the sea.",
    "She reads a book about stars and planets.",
    "The teacher writes a sum on the board.",
    "My brother plays football every Saturday.",
    "In winter the days become shorter.",
    "We are having soup with bread tonight.",
    "The dog runs happily through the park.",
    "He forgot to lock his bike.",
    "The museum is closed on Mondays.",
    "A computer calculates very fast with numbers.",
    "The baker sells fresh bread and cake.",
    "Why is the sky blue during the day?",
    "Yesterday I visited my grandmother.",
    "The river flows slowly towards the sea.",
)


@dataclass(frozen=True)
class PCABasis:
    """An affine 2D (or kD) coordinate system: a mean and orthonormal directions.

    ``project(x)`` is ``(x - mean) @ components.T``; ``explained`` is the
    fraction of the fitted data's variance along each direction.
    """

    mean: np.ndarray  # (D,)
    components: np.ndarray  # (k, D), orthonormal rows
    explained: np.ndarray  # (k,)

    def project(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        return ((x - self.mean) @ self.components.T).astype(np.float32)  # (N, k)


def fit_pca(x: np.ndarray, k: int = 2) -> PCABasis:
    """Principal components of the rows of ``x`` (N, D).

    Each direction's sign is fixed so that its largest loading is positive,
    which makes the fit reproducible across machines and runs.
    """
    x = np.asarray(x, dtype=np.float64)
    mean = x.mean(axis=0)
    centred = x - mean  # (N, D)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)  # vt: (min(N, D), D)
    k = min(k, vt.shape[0])
    comps = vt[:k].copy()
    for row in comps:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    var = s**2
    total = var.sum()
    explained = var[:k] / total if total > 0 else np.zeros(k)
    if comps.shape[0] < 2:  # degenerate data (one row): pad so the map still has two axes
        pad = np.zeros((2 - comps.shape[0], x.shape[1]))
        comps, explained = np.vstack([comps, pad]), np.concatenate([explained, np.zeros(len(pad))])
    return PCABasis(mean=mean, components=comps, explained=np.asarray(explained, dtype=np.float64))


@dataclass(frozen=True)
class ProjectionBases:
    """Every fixed map of one model, with the reference points drawn under each.

    ``cloud_ids`` are the sampled vocabulary ids and ``cloud`` their embedding
    projected with ``vocab``. ``reference_ids`` are the reference text's token
    ids; ``layer_clouds[l]`` is the reference stream at point ``l`` projected
    with ``layers[l]`` and ``paths_cloud[l]`` the same vectors under ``paths``.
    """

    fingerprint: str
    vocab: PCABasis
    cloud_ids: np.ndarray  # (N,)
    cloud: np.ndarray  # (N, 2)
    layers: tuple[PCABasis, ...]  # L+1
    reference_ids: np.ndarray  # (M,)
    layer_clouds: np.ndarray  # (L+1, M, 2)
    paths: PCABasis
    paths_cloud: np.ndarray  # (L+1, M, 2)

    @property
    def n_points(self) -> int:
        return len(self.layers)


class TraceProjection:
    """The typed tokens on each map: ``embed`` (T, 2), ``layers`` and ``paths`` (L+1, T, 2).

    Each is projected when first read, and ``layer(l)`` (T, 2) projects one point of the stream alone:
    a key press redraws one view, so it pays for that view only (a big model has dozens of layers).
    """

    def __init__(self, bases: ProjectionBases, trace: Trace) -> None:
        self._bases, self._trace = bases, trace
        self._layers: dict[int, np.ndarray] = {}

    @cached_property
    def embed(self) -> np.ndarray:
        return self._bases.vocab.project(self._trace.embed)

    def layer(self, l: int) -> np.ndarray:
        """The residual stream at point ``l`` on its own map: (T, 2)."""
        if l not in self._layers:
            self._layers[l] = self._bases.layers[l].project(self._trace.resid[l])
        return self._layers[l]

    @cached_property
    def layers(self) -> np.ndarray:
        return np.stack([self.layer(l) for l in range(self._bases.n_points)])  # (L+1, T, 2)

    @cached_property
    def paths(self) -> np.ndarray:
        n_points, T = self._trace.resid.shape[0], self._trace.resid.shape[1]
        return self._bases.paths.project(self._trace.resid.reshape(n_points * T, -1)).reshape(n_points, T, -1)


def project_trace(bases: ProjectionBases, trace: Trace) -> TraceProjection:
    """Place one Trace's vectors on the model's fixed maps (each map when first read)."""
    n_points = trace.resid.shape[0]
    if n_points != bases.n_points:
        raise ValueError(f"trace has {n_points} residual points, the bases {bases.n_points}")
    return TraceProjection(bases, trace)


def unit_rows(weight: np.ndarray) -> np.ndarray:
    """Each row scaled to length one (zero rows stay zero), for cosine similarity."""
    w = np.asarray(weight, dtype=np.float32)
    norms = np.linalg.norm(w, axis=1, keepdims=True)
    return w / np.maximum(norms, 1e-12)


def nearest_tokens(unit_vocab: np.ndarray, vector: np.ndarray, k: int = 10,
                   exclude: tuple[int, ...] = (),
                   centre: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` vocabulary rows pointing most nearly the same way as ``vector``.

    ``unit_vocab`` is (V, D) with unit rows (see ``unit_rows``; for centred
    cosines, rows of ``explainer.core.training.probes.centred_embeddings``).
    ``centre`` (D,) is subtracted from ``vector`` first, the same mean the rows
    were centred with. Returns ids and cosine similarities, most similar first;
    ids in ``exclude`` are skipped.
    """
    v = np.asarray(vector, dtype=np.float32)
    if centre is not None:
        v = v - np.asarray(centre, dtype=np.float32)
    # this runs on the GUI thread for every key: the routine measured fastest for one row through an output
    # layer of this shape on this machine (``products``: einsum on an AMD EPYC, 0.85 ms against 1.6 for BLAS;
    # BLAS on an Intel Xeon, 0.31 ms against 0.76 for einsum)
    unit = (v / max(float(np.linalg.norm(v)), 1e-12)).astype(unit_vocab.dtype)
    if products.one_row_routine(unit_vocab.shape) == "einsum":
        cos = np.einsum("vd,d->v", unit_vocab, unit)  # (V,)
    else:  # BLAS (also where torch's product won: both beat einsum there)
        cos = unit_vocab @ unit
    if exclude:
        cos = cos.copy()
        cos[list(exclude)] = -np.inf
    k = min(k, cos.shape[0] - len(exclude))
    if 0 < k <= 32:  # a few passes of argmax take a tenth of partitioning the whole vocabulary
        work = np.where(np.isnan(cos), -np.inf, cos)  # a copy, where a broken (NaN) row never wins
        top = np.empty(k, dtype=np.int64)
        for j in range(k):  # most similar first; equal cosines: the lower id first
            top[j] = best = int(work.argmax())
            work[best] = -np.inf
    else:
        top = np.argpartition(-cos, k - 1)[:k] if k > 0 else np.zeros(0, dtype=np.int64)
        top = top[np.argsort(-cos[top], kind="stable")]
    return top.astype(np.int64), cos[top].astype(np.float32)


def robust_limits(points: np.ndarray, low: float = 10.0, high: float = 90.0,
                  reach: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The extent ``(lo, hi)``, each (2,), of the points that are not far outliers.

    A point is far when on some axis it lies more than ``reach`` times the
    ``low``..``high`` percentile span beyond those percentiles (Tukey's fences,
    wide enough to keep every point of an ordinary cloud). The wide percentiles
    matter: a big model's first token (an "attention sink") is a far outlier in
    every reference sentence, several percent of all points.
    """
    p = np.asarray(points, dtype=np.float64).reshape(-1, 2)  # (N, 2)
    p = p[np.isfinite(p).all(axis=1)]
    if not len(p):
        return np.zeros(2), np.zeros(2)
    q_lo, q_hi = np.percentile(p, [low, high], axis=0)  # (2,) each
    span = q_hi - q_lo
    inside = ((p >= q_lo - reach * span) & (p <= q_hi + reach * span)).all(axis=1)
    kept = p[inside] if inside.any() else np.stack([q_lo, q_hi])
    return kept.min(axis=0), kept.max(axis=0)



def robust_limits_within(fixed: np.ndarray, fixed_sorted: np.ndarray, extra: np.ndarray, lo: np.ndarray,
                         hi: np.ndarray, low: float = 10.0, high: float = 90.0, reach: float = 1.0) -> bool:
    """Whether ``robust_limits`` of ``fixed`` and ``extra`` together surely lies within ``lo``..``hi``.

    For a large set that stays the same (``fixed`` (N, 2), its finite rows, and ``fixed_sorted``, the
    same with each column sorted on its own, once) plus a few points that change (``extra`` (M, 2)): no
    percentile is taken. Each percentile of the union lies between its order statistics a rank either
    side, read by merging; those bound Tukey's fences from outside. When every point within the looser
    fences, and every percentile, lies in the box, so do the points ``robust_limits`` keeps. False
    means "perhaps not": call ``robust_limits``.
    """
    x = np.asarray(extra, dtype=np.float64).reshape(-1, 2)
    if not np.isfinite(x).all():
        x = x[np.isfinite(x).all(axis=1)]
    N, m = len(fixed_sorted), len(x)
    n = N + m
    if N == 0 or n < 2:
        return False
    ranks = []
    for q in (low, high):  # a rank beyond each neighbour of the virtual index: rounding cannot escape
        v = q / 100.0 * (n - 1)
        ranks += [max(math.floor(v) - 1, 0), min(math.ceil(v) + 1, n - 1)]
    K = np.array([ranks[0], ranks[-1]])  # below every possible low percentile, above every high one
    xs = np.sort(x, axis=0)
    fence_lo, fence_hi, rows_too = np.empty(2), np.empty(2), False
    for a in range(2):
        A = fixed_sorted[:, a]
        if m:
            at = np.searchsorted(A, xs[:, a]) + np.arange(m)  # where each extra point sits in the merged order
            before = np.searchsorted(at, K)  # extra points ahead of each rank
            last = np.minimum(before, m - 1)
            q_lo, q_hi = np.where(at[last] == K, xs[last, a], A[np.clip(K - before, 0, N - 1)]).tolist()
        else:
            q_lo, q_hi = A[K].tolist()
        span = q_hi - q_lo
        eps = 1e-9 * (1.0 + max(abs(q_lo), abs(q_hi)) + span)  # float rounding in robust_limits
        if q_lo - eps < lo[a] or q_hi + eps > hi[a]:
            return False
        fence_lo[a], fence_hi[a] = q_lo - reach * span - eps, q_hi + reach * span + eps
        # the fixed points within the fences on this axis alone; the other axis may rule them out yet
        first, end = np.searchsorted(A, fence_lo[a], "left"), np.searchsorted(A, fence_hi[a], "right")
        rows_too = rows_too or bool(first < end and (A[first] < lo[a] or A[end - 1] > hi[a]))
    for p in ((x, fixed) if rows_too else (x,)):
        near = p[((p >= fence_lo) & (p <= fence_hi)).all(axis=1)]
        if len(near) and ((near < lo).any() or (near > hi).any()):
            return False
    return True

# -- fitting --------------------------------------------------------------

def _vocab_matrix(model: Transformer) -> np.ndarray:
    return model.wte.weight.detach().to("cpu", torch.float32).numpy()


def reference_stream(model: Transformer, tokenizer: Tokenizer,
                     texts: tuple[str, ...] = REFERENCE_TEXTS) -> tuple[np.ndarray, np.ndarray]:
    """Token ids (M,) and residual stream (L+1, M, D) of the reference texts, run one by one."""
    ids, streams = [], []
    for text in texts:
        trace = run(model, tokenizer, text)
        if trace.n_tokens:
            ids.append(trace.token_ids)
            streams.append(trace.resid)
    if not streams:
        raise ValueError("the reference text gives no tokens with this tokenizer")
    return np.concatenate(ids), np.concatenate(streams, axis=1)


def fit_bases(model: Transformer, tokenizer: Tokenizer, fingerprint: str = "",
              texts: tuple[str, ...] = REFERENCE_TEXTS, cloud_size: int = CLOUD_SIZE) -> ProjectionBases:
    """Fit the vocabulary, per-layer and paths bases of one model (slow: run it off the GUI thread)."""
    vocab = _vocab_matrix(model)  # (V, D)
    rng = np.random.default_rng(0)
    V = vocab.shape[0]
    fit_rows = np.sort(rng.choice(V, FIT_ROWS, replace=False)) if V > FIT_ROWS else np.arange(V)
    vocab_basis = fit_pca(vocab[fit_rows])
    cloud_ids = np.sort(rng.choice(V, cloud_size, replace=False)) if V > cloud_size else np.arange(V)
    ref_ids, stream = reference_stream(model, tokenizer, texts)  # (M,), (L+1, M, D)
    n_points, M, D = stream.shape
    layers = tuple(fit_pca(stream[l]) for l in range(n_points))
    paths = fit_pca(stream.reshape(n_points * M, D))
    return ProjectionBases(
        fingerprint=fingerprint,
        vocab=vocab_basis,
        cloud_ids=cloud_ids.astype(np.int64),
        cloud=vocab_basis.project(vocab[cloud_ids]),
        layers=layers,
        reference_ids=ref_ids.astype(np.int64),
        layer_clouds=np.stack([layers[l].project(stream[l]) for l in range(n_points)]),
        paths=paths,
        paths_cloud=paths.project(stream.reshape(n_points * M, D)).reshape(n_points, M, -1),
    )


def model_fingerprint(model: Transformer, tokenizer: Tokenizer | None = None) -> str:
    """A short hash of the config, the weights and what the fit depends on.

    Large tensors are sampled with a stride (at most 65,536 values each) plus
    their exact sum, so a big model is fingerprinted in well under a second.
    """
    h = hashlib.sha256()
    h.update(json.dumps(model.cfg.to_dict(), sort_keys=True, default=str).encode())
    h.update(f"v{PROJECTION_VERSION} cloud{CLOUD_SIZE} fit{FIT_ROWS}".encode())
    h.update("\n".join(REFERENCE_TEXTS).encode())
    if tokenizer is not None:
        h.update(f"{type(tokenizer).__name__} {tokenizer.vocab_size}".encode())
        h.update(np.asarray(tokenizer.encode(REFERENCE_TEXTS[0]).ids, dtype=np.int64).tobytes())
    with torch.no_grad():
        for name, t in sorted(model.state_dict().items()):
            flat = t.detach().reshape(-1).to("cpu", torch.float32)
            stride = max(1, flat.numel() // 65536)
            h.update(f"{name}{tuple(t.shape)}{float(flat.double().sum()):.10e}".encode())
            h.update(flat[::stride].numpy().tobytes())
    return h.hexdigest()[:24]


def cache_dir() -> Path:
    """The user's cache folder for this app (``LLM_EXPLAINER_CACHE`` overrides it)."""
    override = os.environ.get("LLM_EXPLAINER_CACHE")
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "llm-explainer" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "llm-explainer"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "llm-explainer"


def _basis_arrays(prefix: str, b: PCABasis) -> dict[str, np.ndarray]:
    return {f"{prefix}.mean": b.mean, f"{prefix}.components": b.components, f"{prefix}.explained": b.explained}


def _basis_from(data, prefix: str) -> PCABasis:
    return PCABasis(*(np.asarray(data[f"{prefix}.{f.name}"]) for f in fields(PCABasis)))


def save_bases(bases: ProjectionBases, path: Path) -> None:
    """Write atomically (temporary file, then rename), so a crash never leaves half a file."""
    arrays = {"cloud_ids": bases.cloud_ids, "cloud": bases.cloud, "reference_ids": bases.reference_ids,
              "layer_clouds": bases.layer_clouds, "paths_cloud": bases.paths_cloud,
              **_basis_arrays("vocab", bases.vocab), **_basis_arrays("paths", bases.paths)}
    for l, b in enumerate(bases.layers):
        arrays.update(_basis_arrays(f"layer{l}", b))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        np.savez(fh, n_points=np.int64(len(bases.layers)), **arrays)
    os.replace(tmp, path)


def load_bases(path: Path, fingerprint: str) -> ProjectionBases:
    with np.load(path) as data:
        n = int(data["n_points"])
        return ProjectionBases(
            fingerprint=fingerprint,
            vocab=_basis_from(data, "vocab"),
            cloud_ids=np.asarray(data["cloud_ids"]),
            cloud=np.asarray(data["cloud"]),
            layers=tuple(_basis_from(data, f"layer{l}") for l in range(n)),
            reference_ids=np.asarray(data["reference_ids"]),
            layer_clouds=np.asarray(data["layer_clouds"]),
            paths=_basis_from(data, "paths"),
            paths_cloud=np.asarray(data["paths_cloud"]),
        )


def load_or_fit_bases(model: Transformer, tokenizer: Tokenizer,
                      directory: Path | None = None) -> tuple[ProjectionBases, bool]:
    """The model's bases from the disk cache, or fitted now and cached.

    Returns ``(bases, from_cache)``. An unreadable cache file is refitted; an
    unwritable cache folder only means the next start fits again.
    """
    fingerprint = model_fingerprint(model, tokenizer)
    path = (directory or cache_dir()) / f"projection-{fingerprint}.npz"
    if path.is_file():
        try:
            bases = load_bases(path, fingerprint)
            if bases.n_points == model.cfg.n_layer + 1:
                return bases, True
        except (OSError, KeyError, ValueError):
            pass
    bases = fit_bases(model, tokenizer, fingerprint)
    try:
        save_bases(bases, path)
    except OSError:
        pass
    return bases, False
