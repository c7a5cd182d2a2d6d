"""A panel as a figure for slides: what it shows, under a caption, without the controls.

``explainer render`` draws a real panel around a real Trace. On a slide the
spin boxes, buttons, tab bars and "click one" hints are noise, and the reader
needs to know what they look at: which model, which text, which layer, head
and token. ``strip_controls`` hides the interactive parts (and the short labels
that only name them); ``figure_image`` puts a caption band above the drawing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QBoxLayout, QComboBox,
                               QGridLayout, QLabel, QLayout, QLineEdit, QTabWidget, QWidget)

from explainer.gui import numfmt, palette
from explainer.gui.export import render_image

CONTROLS = (QAbstractSpinBox, QComboBox, QAbstractButton, QAbstractSlider, QLineEdit)
SHORT_LABEL = 32  # characters: a label this short beside a control only names it ("Laag", "Top-k")


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    return [layout.itemAt(i).widget() for i in range(layout.count()) if layout.itemAt(i).widget() is not None]


def _layouts(layout: QLayout | None):
    if layout is None:
        return
    yield layout
    for i in range(layout.count()):
        child = layout.itemAt(i).layout()
        if child is not None:
            yield from _layouts(child)


def strip_controls(panel: QWidget) -> list[QWidget]:
    """Hide the panel's controls, the labels that name them and its tab bars; returns what was hidden."""
    hidden: list[QWidget] = []

    def hide(w: QWidget) -> None:
        if w.isVisibleTo(panel):
            w.hide()
            hidden.append(w)

    for tabs in panel.findChildren(QTabWidget):
        hide(tabs.tabBar())
    for w in panel.findChildren(QWidget):
        if isinstance(w, CONTROLS) and not isinstance(w.parentWidget(), QTabWidget):
            hide(w)
        elif isinstance(w, QLabel) and w.property("hint"):
            hide(w)
    for holder in [panel, *panel.findChildren(QWidget)]:
        for layout in _layouts(holder.layout()):
            if not isinstance(layout, (QBoxLayout, QGridLayout)):
                continue
            widgets = _layout_widgets(layout)
            if not any(isinstance(w, CONTROLS) for w in widgets):
                continue
            # a row of controls and their names only: its labels go too
            if all(isinstance(w, CONTROLS) or (isinstance(w, QLabel) and len(w.text()) <= SHORT_LABEL)
                   for w in widgets):
                for w in widgets:
                    if isinstance(w, QLabel):
                        hide(w)
    return hidden


def caption_lines(state) -> list[str]:
    """Model, text and selection in words, for the line above a figure."""
    loaded, trace = state.model, state.trace
    lines = []
    if loaded is not None:
        name = loaded.name
        step = loaded.metadata.get("step") if isinstance(loaded.metadata, dict) else None
        if step is not None:
            name += " · " + QCoreApplication.translate("Figure", "step {s}").format(s=numfmt.count(int(step)))
        lines.append(QCoreApplication.translate("Figure", "Model: {m}").format(m=name))
    if trace is not None:
        text = trace.text if len(trace.text) <= 90 else trace.text[:87] + "…"
        lines.append(QCoreApplication.translate("Figure", "Text: “{t}”").format(t=text.replace("\n", " ")))
    parts = [QCoreApplication.translate("Figure", "layer {l}").format(l=state.layer + 1),
             QCoreApplication.translate("Figure", "head {h}").format(h=state.head + 1)]
    if trace is not None and 0 <= state.token < trace.n_tokens:
        parts.append(QCoreApplication.translate("Figure", "token {i} ({t})").format(
            i=state.token + 1, t=trace.tokens[state.token].strip()))
    lines.append(" · ".join(parts))
    return lines


def figure_image(panel: QWidget, caption: list[str], scale: float = 2.0) -> QImage:
    """The panel's drawing with ``caption`` (one string a line) in a band above it."""
    body = render_image(panel, scale)
    font = QFont(panel.font())
    font.setPointSizeF(max(10.0, font.pointSizeF() * 1.15))
    metrics = QFontMetricsF(font)
    pad = metrics.height() * 0.6
    band = pad * 2 + metrics.lineSpacing() * len(caption)
    width = panel.width()
    image = QImage(round(width * scale), round((panel.height() + band) * scale), QImage.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(palette.color("window"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.TextAntialiasing)
    painter.setFont(font)
    painter.setPen(palette.color("text"))
    y = pad
    for i, line in enumerate(caption):
        f = QFont(font)
        f.setBold(i == 0)
        painter.setFont(f)
        painter.drawText(QRectF(pad, y, width - 2 * pad, metrics.lineSpacing()), Qt.AlignLeft | Qt.AlignVCenter,
                         metrics.elidedText(line, Qt.ElideRight, width - 2 * pad))
        y += metrics.lineSpacing()
    painter.drawImage(QRectF(0, band, width, panel.height()), body)
    painter.end()
    return image
