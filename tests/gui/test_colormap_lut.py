"""The heatmap colours come from pyqtgraph's colour-map data without importing pyqtgraph, and equal its own."""

import numpy as np
import pyqtgraph as pg
import pytest

from explainer.gui import palette


@pytest.mark.parametrize("name", ["cividis", "viridis", "CET-CBD1"])
def test_the_lookup_table_equals_pyqtgraphs(name):
    ours = palette.colormap_lut(name)
    theirs = np.asarray(pg.colormap.get(name).getLookupTable(0.0, 1.0, 256, alpha=False), dtype=np.uint8)
    assert ours.shape == (256, 3) and ours.dtype == np.uint8
    assert np.abs(ours.astype(int) - theirs.astype(int)).max() <= 1  # rounding of a stop, at most
    assert (ours != theirs).sum() <= 3
