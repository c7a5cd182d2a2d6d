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


@pytest.mark.parametrize("rgb, ink", [
    ((128, 128, 128), "#000000"),  # mid-grey: black 5.3:1, white 3.9:1 (white was chosen before)
    ((118, 118, 118), "#000000"),  # L = 0.181: just above the 0.179 crossing
    ((116, 116, 116), "#ffffff"),  # L = 0.175: just below it
    ((0, 32, 96), "#ffffff"),  # the heatmap's navy
    ((250, 230, 80), "#000000"),  # its yellow
    ((150, 140, 100), "#000000"),  # the lens's olive
])
def test_text_on_a_cell_takes_the_ink_with_the_higher_contrast(rgb, ink):
    """Hand-computed WCAG contrast ratios (relative luminance L; black (L+0.05)/0.05, white 1.05/(L+0.05))."""
    from PySide6.QtGui import QColor

    from explainer.gui.panels._plots import text_color_on

    assert text_color_on(QColor(*rgb)).name() == ink


@pytest.mark.parametrize("name", ["dark", "contrast"])
def test_fields_and_choice_marks_have_an_outline_that_shows(name):
    """In the dark theme the radio buttons were near-black circles on black, and under high contrast the paste
    box had no border and read as a label: fields, lists and choice marks get an outline of at least 3:1
    (WCAG's contrast for the parts of a control) against the field's background."""
    from PySide6.QtGui import QColor

    from explainer.gui import palette

    theme = palette.THEMES[name]
    frame = QColor(theme.extra["frame"])
    assert palette.contrast(frame, QColor(theme.colors["base"])) >= 3.0
    assert palette.contrast(frame, QColor(theme.colors["window"])) >= 3.0
    sheet = palette.stylesheet(theme)
    for selector in ("QPlainTextEdit", "QListView", "QLineEdit", "QRadioButton::indicator"):
        assert selector in sheet
    assert f"solid {theme.extra['frame']}" in sheet


@pytest.mark.parametrize("name", ["dark", "contrast"])
def test_a_slider_handle_shows_on_the_dark_themes(qtbot, name):
    """The embedding map's "Where" slider and the timeline's had a #3c3c3c handle on a black groove under high
    contrast: the handle is drawn in the accent colour, at least 3:1 against the window."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication, QSlider

    from explainer.gui import palette

    palette.apply_theme(name, QApplication.instance(), scale=1.0)
    try:
        slider = QSlider(Qt.Horizontal)
        qtbot.addWidget(slider)
        slider.setRange(0, 100)
        slider.setValue(50)
        slider.resize(300, 40)
        slider.show()
        qtbot.waitExposed(slider)
        image = slider.grab().toImage()
        accent = palette.color("accent")
        assert palette.contrast(accent, palette.color("window")) >= 3.0
        drawn = sum(QColor(image.pixel(x, y)) == accent for x in range(image.width()) for y in range(image.height()))
        assert drawn >= 40  # the handle, in the accent colour
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)
