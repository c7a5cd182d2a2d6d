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
