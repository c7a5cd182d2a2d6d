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

import importlib.util
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from explainer.paths import resource

# Okabe–Ito hues; chips use them mixed towards the background so text stays readable.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")


@dataclass(frozen=True)
class Theme:
    """A named set of colour tokens and font sizes.

    ``chip_mix`` is how strongly chip hues are blended into the base colour
    (0 = plain base, 1 = full hue); ``heatmap`` names the colormap for
    attention and other 0..1 maps; ``diverging`` the one for values around
    zero, whose middle (zero) is near the theme's background: a part that
    contributes nothing fades into the panel instead of glaring at the class.
    """

    name: str
    colors: dict[str, str]
    chip_mix: float = 0.35
    heatmap: str = "cividis"
    diverging: str = "CET-CBD1"  # blue - pale grey - yellow
    font_pt: float = 12.0
    text_font_pt: float = 22.0
    extra: dict = field(default_factory=dict)


_LIGHT = {
    "window": "#F4F5F7", "base": "#FFFFFF", "alt_base": "#EEF0F3", "text": "#1B1F24",
    "muted": "#5C6470", "border": "#C9CED6", "accent": "#0072B2", "accent_text": "#FFFFFF",
    "bar": "#0072B2", "bar_filtered": "#C3C8D0", "selection": "#D55E00",
    "mask": "#E4E7EC", "mask_hatch": "#B9BFC8", "notice_bg": "#FFF4D6", "notice_text": "#5A4300",
    "error": "#B3261E", "good": "#007A57", "selection_bg": "#FFD23F", "selection_text": "#1B1F24",
}
_DARK = {
    "window": "#1E2127", "base": "#14161A", "alt_base": "#262A31", "text": "#E9ECF1",
    "muted": "#9AA3AF", "border": "#3A404A", "accent": "#56B4E9", "accent_text": "#0B0D10",
    "bar": "#56B4E9", "bar_filtered": "#474D57", "selection": "#F0A030",
    "mask": "#2A2E35", "mask_hatch": "#424853", "notice_bg": "#3D3418", "notice_text": "#FFE39A",
    "error": "#FF8A80", "good": "#5FD3A6", "selection_bg": "#F0C020", "selection_text": "#0B0D10",
}
# For a projector in a bright room and for low vision: white on black, yellow accents,
# every text colour at least 7:1 against every background it is drawn on (WCAG AAA).
_CONTRAST = {
    "window": "#000000", "base": "#000000", "alt_base": "#1C1C1C", "text": "#FFFFFF",
    "muted": "#D8D8D8", "border": "#BDBDBD", "accent": "#FFD400", "accent_text": "#000000",
    "bar": "#FFD400", "bar_filtered": "#6B6B6B", "selection": "#56B4E9",
    "mask": "#1C1C1C", "mask_hatch": "#7A7A7A", "notice_bg": "#2B2500", "notice_text": "#FFE680",
    "error": "#FF8C8C", "good": "#6FE3B0", "selection_bg": "#FFD400", "selection_text": "#000000",
}

THEMES: dict[str, Theme] = {
    "light": Theme("light", _LIGHT, chip_mix=0.30),
    # (dark: its border colour, 1.6:1 on the fields' background, left radio buttons and boxes near invisible)
    # (dark themes: blue - near black - yellow, the same two hues, safe for colour-blind viewers)
    "dark": Theme("dark", _DARK, chip_mix=0.45, heatmap="cividis", diverging="CET-D6", extra={"frame": "#7C8591"}),
    "contrast": Theme("contrast", _CONTRAST, chip_mix=0.35, heatmap="cividis", diverging="CET-D6",
                      extra={"border_px": 2, "frame": "#BDBDBD"}),
}


def theme_label(name: str) -> str:
    """The name a menu shows for theme ``name``, in the interface language."""
    labels = {"light": QCoreApplication.translate("Theme", "Light"),
              "dark": QCoreApplication.translate("Theme", "Dark"),
              "contrast": QCoreApplication.translate("Theme", "High contrast")}
    return labels.get(name, name)

_current: Theme = THEMES["light"]
_font_scale = 1.0


def current() -> Theme:
    """The theme in use."""
    return _current


_parsed: dict[str, QColor] = {}  # colour strings parsed once (panels ask for dozens of colours on every key)


def color(token: str) -> QColor:
    """A colour token of the current theme as a QColor (a copy of its own: callers may change it)."""
    spec = _current.colors[token]
    known = _parsed.get(spec)
    if known is None:
        known = _parsed[spec] = QColor(spec)
    return QColor(known)


def font_scale() -> float:
    return _font_scale


def font(pt: float | None = None, bold: bool = False, mono: bool = False) -> QFont:
    """A font at ``pt`` points (default: the theme's UI size), scaled by the zoom setting."""
    f = QFont("DejaVu Sans Mono" if mono else QApplication.font().family())
    f.setPointSizeF((pt or _current.font_pt) * _font_scale)
    f.setBold(bold)
    return f


def luminance(c: QColor) -> float:
    """WCAG relative luminance of ``c``: 0 for black, 1 for white."""
    def linear(v: int) -> float:
        v = v / 255.0
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(c.red()) + 0.7152 * linear(c.green()) + 0.0722 * linear(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def ink_on(fill: QColor) -> QColor:
    """Black or white, whichever has the higher contrast on ``fill``."""
    return QColor("#000000") if contrast(QColor("#000000"), fill) >= contrast(QColor("#FFFFFF"), fill) \
        else QColor("#FFFFFF")


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
    """A (256, 3) uint8 lookup table for ``cividis``, ``viridis`` (or any map pyqtgraph ships as a CSV).

    The colour stops are read from pyqtgraph's data file without importing
    pyqtgraph (about 0.2 s at start-up, when no plot is on screen yet) and
    interpolated the way its ``getLookupTable`` does (tested equal).
    """
    spec = importlib.util.find_spec("pyqtgraph")
    path = Path(spec.submodule_search_locations[0]) / "colors" / "maps" / f"{name}.csv"
    stops = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(";")[0].strip()
        if not line:
            continue
        if line.startswith("#"):  # hex colours
            stops.append([int(line[i:i + 2], 16) / 255.0 for i in (1, 3, 5)])
        else:
            stops.append([float(v) for v in line.split(",")[:3]])
    stops = np.asarray(stops, dtype=np.float64)  # (N, 3), 0..1
    where = np.linspace(0.0, 1.0, len(stops))
    x = np.linspace(0.0, 1.0, 256)
    lut = np.stack([np.interp(x, where, stops[:, c]) for c in range(3)], axis=1) * 255.0
    return np.ascontiguousarray(np.clip(np.rint(lut), 0, 255).astype(np.uint8))


def heatmap_lut() -> np.ndarray:
    return colormap_lut(_current.heatmap)


def diverging_lut() -> np.ndarray:
    """The current theme's map for values around zero (negative blue, zero in the middle, positive yellow)."""
    return colormap_lut(_current.diverging)


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
    if "frame" in theme.extra:  # outlines of fields, radio buttons and boxes, which Fusion draws from these roles
        frame = QColor(theme.extra["frame"])
        for role in (QPalette.Light, QPalette.Midlight, QPalette.Mid, QPalette.Dark, QPalette.Shadow):
            pal.setColor(role, frame)
    return pal


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``1 - t`` of the way to ``b`` (t = 1: ``a`` itself)."""
    return QColor(*(round(t * x + (1 - t) * y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3])))


def stylesheet(theme: Theme) -> str:
    """The few rules a QPalette cannot express (borders, dock titles, tooltips)."""
    c = theme.colors
    pt = theme.font_pt * _font_scale
    bw = theme.extra.get("border_px", 1)
    # fields need a visible outline when they share the window's colour (the high-contrast theme)
    box = round(pt * 1.1)  # an indicator about as tall as the text (pt → px at 96 dpi, a little smaller)
    frame = theme.extra.get("frame", c["border"])
    fields = "" if "frame" not in theme.extra else f"""
    QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QListView {{
               border: {bw}px solid {frame}; border-radius: 3px; }}
    QSlider::groove:horizontal {{ height: 6px; background: {c['alt_base']}; border: {bw}px solid {frame};
               border-radius: 3px; }}
    QSlider::handle:horizontal {{ background: {c['accent']}; border: {bw}px solid {frame}; width: {box}px;
               margin: -{box // 2}px 0; border-radius: {box // 2 + bw}px; }}"""
    # Fusion draws a scroll bar's handle lighter than its groove on these palettes: it read as the empty part (a
    # lens grid scrolled to its newest tokens looked scrolled to its start). A plain track, a darker handle.
    sb = max(12, round(pt * 1.15))
    track = QColor(c["alt_base"])
    handle = c["muted"] if "frame" in theme.extra else _mix(QColor(c["muted"]), track, 0.55).name()
    bars = f"""
    QScrollBar:horizontal {{ height: {sb}px; background: {track.name()}; border: none; margin: 0; }}
    QScrollBar:vertical {{ width: {sb}px; background: {track.name()}; border: none; margin: 0; }}
    QScrollBar::handle {{ background: {handle}; border-radius: {max(2, sb // 2 - 2)}px; margin: 2px; }}
    QScrollBar::handle:horizontal {{ min-width: {2 * sb}px; }}
    QScrollBar::handle:vertical {{ min-height: {2 * sb}px; }}
    QScrollBar::handle:hover, QScrollBar::handle:pressed {{ background: {c['accent']}; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; background: none; }}
    QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}"""
    # check boxes and radio buttons as large as the text beside them, also zoomed on a projector (Fusion's stay
    # 13 px), with an outline that shows on every background and a tick in the accent colour's text colour
    tick = resource("icons", "check-white.svg" if QColor(c["accent_text"]).lightness() > 128 else "check-black.svg")
    edge = frame if "frame" in theme.extra else c["muted"]
    marks = f"""
    QRadioButton::indicator, QCheckBox::indicator {{ width: {box}px; height: {box}px;
               border: {max(bw, 1)}px solid {edge}; background: {c['base']}; }}
    QCheckBox::indicator {{ border-radius: 3px; }}
    QRadioButton::indicator {{ border-radius: {box // 2 + max(bw, 1)}px; }}
    QRadioButton::indicator:hover, QCheckBox::indicator:hover {{ border-color: {c['accent']}; }}
    QCheckBox::indicator:checked {{ background: {c['accent']}; border-color: {c['accent']};
               image: url("{tick.as_posix()}"); }}
    QRadioButton::indicator:checked {{ background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
               stop: 0 {c['accent']}, stop: 0.55 {c['accent']}, stop: 0.6 {c['base']}, stop: 1 {c['base']});
               border-color: {c['accent']}; }}
    QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {{ border-color: {c['border']}; }}"""
    return f"""
    QWidget {{ font-size: {pt:.1f}pt; }}{bars}{marks}
    QDockWidget::title {{ background: {c['alt_base']}; padding: 6px 10px; }}
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
    QPushButton {{ padding: 6px 14px; border: {bw}px solid {c['border']}; border-radius: 4px;
               background: {c['alt_base']}; }}
    QPushButton:hover {{ border-color: {c['accent']}; }}
    QPushButton:disabled {{ color: {c['muted']}; border-style: dashed; background: transparent; }}
    QTabBar::tab {{ padding: 6px 8px; }}
    QMainWindow > QTabBar {{ font-size: {theme.font_pt * min(_font_scale, 1.15):.1f}pt; }}
    QTabBar::tab:!selected {{ color: {c['muted']}; }}
    QTabBar::tab:selected {{ border-bottom: 3px solid {c['accent']}; color: {c['text']};
               background: {c['base']}; }}
    QStatusBar QLabel {{ padding: 0 10px; }}
    QMenuBar, QMenu {{ font-size: {pt:.1f}pt; }}
    {fields}
    QMenu::item:selected {{ background: {c['accent']}; color: {c['accent_text']}; }}
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


def restyle_plots(root) -> int:
    """Give every pyqtgraph plot under ``root`` the current theme's colours and text size.

    Plots take their fonts when they are built; after a zoom or a theme switch
    this brings axes, tick labels and backgrounds in line with the rest of the
    window. Returns how many plots were restyled.
    """
    if "pyqtgraph" not in sys.modules:
        return 0  # no plot can exist yet: importing pyqtgraph here would cost start-up 0.3 s for nothing
    import pyqtgraph as pg

    text, border = color("text"), color("border")
    tick_font = font()
    size = f"{_current.font_pt * _font_scale:.0f}pt"
    plots = root.findChildren(pg.PlotWidget)
    for plot in plots:
        plot.setBackground(color("base"))
        item = plot.getPlotItem()
        for side in ("left", "bottom", "right", "top"):
            axis = item.getAxis(side)
            if axis is None or not axis.isVisible():
                continue
            axis.setTextPen(text)
            axis.setPen(border)
            axis.setTickFont(tick_font)
            if axis.labelText:
                axis.setLabel(axis.labelText, axis.labelUnits or None, color=text.name(), **{"font-size": size})
    return len(plots)
