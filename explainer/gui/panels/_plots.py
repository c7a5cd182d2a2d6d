"""pyqtgraph plots styled for a projector: the theme's colours and large axis text.

Shared by the vector panels (embedding, positions, lens) so every plot in them
reads the same way from the back of a classroom.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem

from explainer.gui import numfmt, palette


class LocaleAxis(pg.AxisItem):
    """Tick numbers as the interface language writes them: "0,5" and "2.500" in Dutch, "0.5" and "2,500" in
    English (pyqtgraph writes Python's "0.5" and "2500" in any language, beside text that says "0,5")."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        scaled = [v * scale for v in values]
        if scaled and all(float(v).is_integer() for v in scaled) and max(abs(v) for v in scaled) >= 1000:
            return [numfmt.fmt(v, 0, group=True) for v in scaled]  # whole numbers: thousands grouped
        return [numfmt.marks(text) for text in super().tickStrings(values, scale, spacing)]


def styled_plot(x_label: str = "", y_label: str = "", parent=None) -> pg.PlotWidget:
    """A PlotWidget on the theme's base colour with large tick and axis labels (numbers in the UI's notation)."""
    plot = pg.PlotWidget(parent=parent, background=palette.color("base"),
                         axisItems={side: LocaleAxis(side) for side in ("left", "bottom")})
    plot.setMenuEnabled(False)
    item = plot.getPlotItem()
    item.hideButtons()
    text = palette.color("text")
    tick_font = palette.font(palette.current().font_pt)
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        axis.setTextPen(text)
        axis.setPen(palette.color("border"))
        axis.setTickFont(tick_font)
        axis.enableAutoSIPrefix(False)  # "(x0.001)" beside an axis puzzles a class more than long ticks
        # kept as a pixmap: otherwise every new point in the plot replays all tick labels (1-2 ms per axis)
        axis.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
    # a number at an end of an axis ("10" at the top) may reach past it: written whole, with room kept for it
    # (it was cut in half at the plot's top edge)
    item.getAxis("left").setStyle(hideOverlappingLabels=False)
    item.layout.setContentsMargins(1, 10, 12, 1)
    label_style = {"color": text.name(), "font-size": f"{palette.current().font_pt * palette.font_scale():.0f}pt"}
    if x_label:
        item.setLabel("bottom", x_label, **label_style)
    if y_label:
        item.setLabel("left", y_label, **label_style)
    return plot


def okabe_ito(index: int) -> QColor:
    """The i-th token's colour: the Okabe–Ito hue its token chip is tinted with."""
    return QColor(palette.OKABE_ITO[index % len(palette.OKABE_ITO)])


def signed_lut() -> np.ndarray:
    """A colour-blind-safe diverging map (blue - yellow) for values around zero, its middle near the theme's
    background (pale on the light theme, near black on the dark ones)."""
    return palette.diverging_lut()


def text_color_on(rgb: np.ndarray | QColor) -> QColor:
    """Black or white, whichever reads better (the higher WCAG contrast) on a cell of colour ``rgb``."""
    fill = rgb if isinstance(rgb, QColor) else QColor(*(int(c) for c in rgb[:3]))
    return palette.ink_on(fill)
