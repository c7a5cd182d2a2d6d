"""One palette for the whole app: themes, colormaps and token colours.

A theme is data: a name and a dict of colour tokens (``window``, ``text``,
``accent`` …) plus font sizes. Widgets ask for a token (``color("muted")``)
instead of hard-coding a colour, so light, dark and a later high-contrast
theme are each just one more entry in ``THEMES``.

Heatmaps use cividis or viridis, both readable with every common form of
colour-vision deficiency and in greyscale. Token chips cycle through light
tints of the Okabe–Ito palette, which stay distinguishable for colour-blind
viewers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

# Okabe–Ito hues; chips use them mixed towards the background so text stays readable.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")


@dataclass(frozen=True)
class Theme:
    """A named set of colour tokens and font sizes.

    ``chip_mix`` is how strongly chip hues are blended into the base colour
    (0 = plain base, 1 = full hue); ``heatmap`` names the colormap for
    attention and other 0..1 maps.
    """

    name: str
    colors: dict[str, str]
    chip_mix: float = 0.35
    heatmap: str = "cividis"
    font_pt: float = 12.0
    text_font_pt: float = 22.0
    extra: dict = field(default_factory=dict)


_LIGHT = {
    "window": "#F4F5F7", "base": "#FFFFFF", "alt_base": "#EEF0F3", "text": "#1B1F24",
    "muted": "#5C6470", "border": "#C9CED6", "accent": "#0072B2", "accent_text": "#FFFFFF",
    "bar": "#0072B2", "bar_filtered": "#C3C8D0", "selection": "#D55E00",
    "mask": "#E4E7EC", "mask_hatch": "#B9BFC8", "notice_bg": "#FFF4D6", "notice_text": "#5A4300",
    "error": "#B3261E", "good": "#007A57",
}
_DARK = {
    "window": "#1E2127", "base": "#14161A", "alt_base": "#262A31", "text": "#E9ECF1",
    "muted": "#9AA3AF", "border": "#3A404A", "accent": "#56B4E9", "accent_text": "#0B0D10",
    "bar": "#56B4E9", "bar_filtered": "#474D57", "selection": "#F0A030",
    "mask": "#2A2E35", "mask_hatch": "#424853", "notice_bg": "#3D3418", "notice_text": "#FFE39A",
    "error": "#FF8A80", "good": "#5FD3A6",
}

THEMES: dict[str, Theme] = {
    "light": Theme("light", _LIGHT, chip_mix=0.30),
    "dark": Theme("dark", _DARK, chip_mix=0.45, heatmap="cividis"),
}

_current: Theme = THEMES["light"]
_font_scale = 1.0


def current() -> Theme:
    """The theme in use."""
    return _current


def color(token: str) -> QColor:
    """A colour token of the current theme as a QColor."""
    return QColor(_current.colors[token])


def font_scale() -> float:
    return _font_scale


def font(pt: float | None = None, bold: bool = False, mono: bool = False) -> QFont:
    """A font at ``pt`` points (default: the theme's UI size), scaled by the zoom setting."""
    f = QFont("DejaVu Sans Mono" if mono else QApplication.font().family())
    f.setPointSizeF((pt or _current.font_pt) * _font_scale)
    f.setBold(bold)
    return f


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """Linear blend from ``a`` (t=0) to ``b`` (t=1)."""
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def chip_colors() -> list[QColor]:
    """Background colours for token chips and the per-token tint of the text box."""
    base = color("base")
    return [mix(base, QColor(h), _current.chip_mix) for h in OKABE_ITO]


def chip_color(index: int) -> QColor:
    colors = chip_colors()
    return colors[index % len(colors)]


@lru_cache(maxsize=None)
def colormap_lut(name: str = "cividis") -> np.ndarray:
    """A (256, 3) uint8 lookup table for ``cividis``, ``viridis`` (or any map pyqtgraph ships)."""
    import pyqtgraph as pg  # only for its colormap data files

    lut = pg.colormap.get(name).getLookupTable(0.0, 1.0, 256, alpha=False)
    return np.ascontiguousarray(lut, dtype=np.uint8)


def heatmap_lut() -> np.ndarray:
    return colormap_lut(_current.heatmap)


def build_palette(theme: Theme) -> QPalette:
    c = {k: QColor(v) for k, v in theme.colors.items()}
    pal = QPalette()
    roles = {
        QPalette.Window: c["window"], QPalette.WindowText: c["text"], QPalette.Base: c["base"],
        QPalette.AlternateBase: c["alt_base"], QPalette.Text: c["text"], QPalette.Button: c["alt_base"],
        QPalette.ButtonText: c["text"], QPalette.Highlight: c["accent"],
        QPalette.HighlightedText: c["accent_text"], QPalette.ToolTipBase: c["base"],
        QPalette.ToolTipText: c["text"], QPalette.PlaceholderText: c["muted"], QPalette.Link: c["accent"],
    }
    for role, col in roles.items():
        pal.setColor(role, col)
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        pal.setColor(QPalette.Disabled, role, c["muted"])
    return pal


def stylesheet(theme: Theme) -> str:
    """The few rules a QPalette cannot express (borders, dock titles, tooltips)."""
    c = theme.colors
    pt = theme.font_pt * _font_scale
    return f"""
    QWidget {{ font-size: {pt:.1f}pt; }}
    QDockWidget::title {{ background: {c['alt_base']}; padding: 6px 10px; font-weight: bold; }}
    QDockWidget {{ font-weight: normal; }}
    QToolTip {{ background: {c['base']}; color: {c['text']}; border: 1px solid {c['border']};
               padding: 6px; font-size: {pt:.1f}pt; }}
    QPlainTextEdit#mainText {{ border: 2px solid {c['border']}; border-radius: 6px; padding: 4px;
               background: {c['base']}; font-size: {theme.text_font_pt * _font_scale:.1f}pt; }}
    QPlainTextEdit#mainText:focus {{ border-color: {c['accent']}; }}
    QLabel#notice {{ background: {c['notice_bg']}; color: {c['notice_text']}; padding: 6px 10px;
               border-radius: 4px; }}
    QLabel[role="muted"] {{ color: {c['muted']}; }}
    QLabel[role="heading"] {{ font-weight: bold; font-size: {pt * 1.15:.1f}pt; }}
    QPushButton {{ padding: 6px 14px; border: 1px solid {c['border']}; border-radius: 4px;
               background: {c['alt_base']}; }}
    QPushButton:hover {{ border-color: {c['accent']}; }}
    QPushButton:disabled {{ color: {c['muted']}; }}
    QTabBar::tab {{ padding: 6px 14px; }}
    QTabBar::tab:selected {{ border-bottom: 3px solid {c['accent']}; font-weight: bold; }}
    QStatusBar QLabel {{ padding: 0 10px; }}
    """


def apply_theme(name: str, app: QApplication | None = None, scale: float | None = None) -> Theme:
    """Switch the whole application to theme ``name`` (unknown names fall back to light)."""
    global _current, _font_scale
    _current = THEMES.get(name, THEMES["light"])
    if scale is not None:
        _font_scale = max(0.6, min(2.5, float(scale)))
    app = app or QApplication.instance()
    if app is not None:
        app.setStyle("Fusion")
        app.setPalette(build_palette(_current))
        f = app.font()
        f.setPointSizeF(_current.font_pt * _font_scale)
        app.setFont(f)
        app.setStyleSheet(stylesheet(_current))
    return _current
