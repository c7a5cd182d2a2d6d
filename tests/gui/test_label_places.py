"""Free places for the embedding map's labels (``label_places``), against boxes worked out by hand."""

import numpy as np
from PySide6.QtCore import QRectF

from explainer.gui.panels.label_places import GAP, box_free, further_out

INSIDE = QRectF(0, 0, 200, 100)  # left 0, top 0, right 200, bottom 100
NO_MARKERS = (np.zeros(0), np.zeros(0), np.zeros(0))


def test_a_box_must_lie_inside_the_map():
    assert box_free((10, 10, 50, 30), INSIDE, NO_MARKERS, [])
    assert not box_free((180, 10, 220, 30), INSIDE, NO_MARKERS, [])  # past the right edge
    assert not box_free((10, -1, 50, 19), INSIDE, NO_MARKERS, [])  # above the top


def test_a_box_may_not_cover_a_marker():
    marker = (np.array([60.0]), np.array([20.0]), np.array([8.0]))  # a circle from x 52 to 68
    assert not box_free((10, 10, 53, 30), INSIDE, marker, [])  # reaches 1 px into it
    assert box_free((10, 10, 52, 30), INSIDE, marker, [])  # ends where it begins


def test_labels_keep_their_gap():
    placed = [(100, 10, 140, 30)]
    assert not box_free((50, 10, 100 - GAP + 0.5, 30), INSIDE, NO_MARKERS, placed)
    assert box_free((50, 10, 100 - GAP, 30), INSIDE, NO_MARKERS, placed)
    assert box_free((100, 30 + GAP, 140, 50), INSIDE, NO_MARKERS, placed)  # under it, the gap apart


def test_further_out_takes_the_nearest_free_ring_straight_above_first():
    # a point in the middle, its own marker of radius 8: ring 2 straight above is 8 + 1.6 x 10 x 2 = 40 px out
    marker = (np.array([100.0]), np.array([60.0]), np.array([8.0]))
    left, top = further_out(100.0, 60.0, 8.0, 30.0, 10.0, INSIDE, marker, [])
    assert (left, top) == (85.0, 60.0 - 40.0 - 10.0)
    # with that place taken the next direction of the same ring is tried (straight below: off the map here,
    # as are the rest of ring 2's directions but right and left); then the one to the right
    taken = [(85.0, 10.0, 115.0, 20.0)]
    left, top = further_out(100.0, 60.0, 8.0, 30.0, 10.0, INSIDE, marker, taken)
    assert (round(left, 6), round(top, 6)) == (140.0, 55.0)
    assert further_out(100.0, 60.0, 8.0, 300.0, 10.0, INSIDE, marker, []) is None  # wider than the map


def test_one_box_and_many_boxes_are_judged_alike():
    """``box_free`` (one box, plain numbers) agrees with ``_free`` (arrays of boxes) on random boxes, markers and
    placed labels, edges included."""
    from explainer.gui.panels.label_places import _free

    rng = np.random.default_rng(5)
    for _ in range(300):
        n_markers, n_placed = rng.integers(0, 6), rng.integers(0, 6)
        markers = (rng.integers(0, 200, n_markers).astype(float), rng.integers(0, 100, n_markers).astype(float),
                   rng.choice([8.0, 13.0], n_markers))
        placed = [(float(x), float(y), float(x + 30), float(y + 12))
                  for x, y in zip(rng.integers(-10, 200, n_placed), rng.integers(-10, 100, n_placed))]
        x, y = float(rng.integers(-20, 210)), float(rng.integers(-20, 110))
        box = (x, y, x + float(rng.integers(5, 60)), y + 12.0)
        arrays = [np.array([v]) for v in box]
        assert box_free(box, INSIDE, markers, placed) == bool(_free(*arrays, INSIDE, markers, placed)[0]), box


def test_a_near_place_closer_to_another_marker_reads_as_that_ones():
    """``beside_another`` against the distances worked out for every box and marker (its first four places only)."""
    from explainer.gui.panels.label_places import SIDES, beside_another

    rng = np.random.default_rng(9)
    n, T = 5, 7
    xs, ys = rng.integers(0, 20, T).astype(float), rng.integers(0, 10, T).astype(float)
    xs[3], ys[3] = xs[1], ys[1]  # a twin: two tokens at one point
    px, py = xs * 10, ys * 10
    own = np.array([0, 1, 3, 5, 6])
    left = rng.uniform(-20, 200, (n, SIDES))
    top = rng.uniform(-20, 100, (n, SIDES))
    right, bottom = left + 30, top + 12
    got = beside_another(left, top, right, bottom, px, py, xs, ys, own)
    assert got.shape == (n, SIDES) and not got[:, 4:].any()

    def gap(k, s, t):
        dx = max(left[k, s] - px[t], px[t] - right[k, s], 0.0)
        dy = max(top[k, s] - py[t], py[t] - bottom[k, s], 0.0)
        return float(np.hypot(dx, dy))

    for k in range(n):
        for s in range(4):
            others = [gap(k, s, t) for t in range(T) if not (xs[t] == xs[own[k]] and ys[t] == ys[own[k]])]
            assert got[k, s] == (min(others, default=np.inf) < gap(k, s, own[k])), (k, s)
    assert got[:, :4].any()  # the random boxes do put some near place beside another marker
