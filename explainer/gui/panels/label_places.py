"""Free places for the embedding map's token labels, in pixels: numpy only, no Qt.

Boxes are (left, top, right, bottom) with y growing down; ``inside`` is the
map's area (anything with ``left()``, ``top()``, ``right()`` and ``bottom()``,
such as a QRectF); ``markers`` are the token markers as arrays of centres x, y
and radii; ``placed`` lists the boxes already taken. Two labels keep ``GAP``
pixels apart.
"""

from __future__ import annotations

import numpy as np

GAP = 2  # pixels between two labels
SIDES = 12  # places a label may take: above, below, right or left of its point; further out also at its corners

# further_out's sixteen directions (y grows down) and six rings, made once: it runs several times a key
_COS, _SIN = (f(np.deg2rad(np.r_[90, 270, 0, 180, 45, 135, 315, 225, 22.5:360:45])) for f in (np.cos, np.sin))
_RINGS = np.arange(2, 8)


def _free(left, top, right, bottom, inside, markers, placed) -> np.ndarray:
    """Which of the boxes (arrays of one shape, flattened) lie inside and cover no marker and no placed box."""
    ok = (left >= inside.left()) & (right <= inside.right()) & (top >= inside.top()) & (bottom <= inside.bottom())
    px, py, radius = markers
    ok &= ~((px - radius < right[:, None]) & (px + radius > left[:, None]) & (py - radius < bottom[:, None])
            & (py + radius > top[:, None])).any(axis=1)
    if placed:
        b = np.array(placed)
        ok &= ~((left[:, None] - GAP < b[:, 2]) & (b[:, 0] < right[:, None] + GAP) & (top[:, None] - GAP < b[:, 3])
                & (b[:, 1] < bottom[:, None] + GAP)).any(axis=1)
    return ok


def box_free(box: tuple, inside, markers, placed) -> bool:
    """Whether the one ``box`` lies inside, covering no marker and no box in ``placed``.

    The same tests as ``_free`` for a single box, with plain numbers where ``_free`` builds arrays: it runs for
    every label that keeps a place far from its point, some ten times a key (35 against 10 µs a call)."""
    left, top, right, bottom = (float(v) for v in box)
    if not (left >= inside.left() and right <= inside.right() and top >= inside.top() and bottom <= inside.bottom()):
        return False
    px, py, radius = markers
    if ((px - radius < right) & (px + radius > left) & (py - radius < bottom) & (py + radius > top)).any():
        return False
    return not any(left - GAP < b[2] and b[0] < right + GAP and top - GAP < b[3] and b[1] < bottom + GAP
                   for b in placed)


def further_out(x: float, y: float, r: float, w: float, h: float, inside, markers, placed) -> tuple | None:
    """The top-left corner of a ``w`` x ``h`` label for the point at (``x``, ``y``), further out than the places
    next to it and just beyond: rings 2-7 (each 1.6 label heights further), sixteen directions each; the nearest
    free one (``_free``); None when there is none. For a crowded corner at the map's edge, where every nearer
    place is taken or cut off."""
    d = (r + 1.6 * h * _RINGS)[:, None]  # (6, 1): ring by ring
    cx = x + _COS * (d + w / 2)
    cy = y - _SIN * (d + h / 2)
    left, top = (cx - w / 2).ravel(), (cy - h / 2).ravel()
    found = np.flatnonzero(_free(left, top, left + w, top + h, inside, markers, placed))
    return (float(left[found[0]]), float(top[found[0]])) if len(found) else None


def side_offsets(r: np.ndarray, w: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The top-left corners of each label's ``SIDES`` boxes as offsets from its point, (n, SIDES) each, for
    labels ``w`` x ``h`` kept ``r`` from their points (each (n, 1)): above, below, right and left of it; then
    the same four and the four corners further out (with a leader line), for a point in a crowded cluster."""
    far, corner = r + 1.6 * h, 0.71 * (r + 1.6 * h)
    dx = np.concatenate([-w / 2, -w / 2, r, -r - w, -w / 2, -w / 2, far, -far - w,
                         corner, -corner - w, corner, -corner - w], axis=1)
    dy = np.concatenate([-r - h, r, -h / 2, -h / 2, -far - h, far, -h / 2, -h / 2,
                         -corner - h, -corner - h, corner, corner], axis=1)
    return dx, dy


def beside_another(left, top, right, bottom, px, py, xs, ys, own) -> np.ndarray:
    """(n, SIDES): which of the near boxes (the first four) lie nearer another marker than their own point, so
    that the label would read as that one's ("·at" left of the "·on" dot); there, further out with a line to its
    own point is better. ``px``, ``py``: the markers in pixels; ``xs``, ``ys``: in the view's units, to know a
    twin (two tokens at one point); ``own``: each label's token."""
    near = 4  # only the near boxes can read as another's: the others are measured as never beside one
    left, top, right, bottom = (a[:, :near] for a in (left, top, right, bottom))
    gap_x = np.maximum(np.maximum(left[..., None] - px, px - right[..., None]), 0.0)  # (n, 4, T)
    gap_y = np.maximum(np.maximum(top[..., None] - py, py - bottom[..., None]), 0.0)
    gap = np.hypot(gap_x, gap_y)
    own_gap = gap[np.arange(len(own)), :, own]  # (n, 4)
    same = (xs[None, :] == xs[own][:, None]) & (ys[None, :] == ys[own][:, None])  # its own point (or twin)
    others = np.where(same[:, None, :], np.inf, gap).min(axis=2, initial=np.inf)
    out = np.zeros((len(own), SIDES), bool)
    out[:, :near] = others < own_gap
    return out
