"""Token chips: the text as coloured boxes, one per token, wrapped like text.

All chips are painted by one widget (no child widget per token), so a long
text redraws quickly on every keystroke. Spaces, tabs and newlines inside a
token are drawn as visible symbols, because where the spaces go is exactly
what a tokenizer lesson is about.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, QSize, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from explainer.gui import palette
from explainer.gui.widgets.static_text import StaticLabels

CHIP_GAP = 5.0  # pixels between chips, and between rows
_VISIBLE = {" ": "\u00b7", "\n": "\u21b5", "\t": "\u2192", "\r": "\u240d", "\x00": "\u2400"}


@lru_cache(maxsize=8192)  # the same labels come back on every key (about a thousand characters a key)
def visible_token(label: str) -> str:
    """A token label with whitespace and NUL drawn as symbols (· ↵ → ␀)."""
    out = "".join(_VISIBLE.get(ch, ch) for ch in label)
    return out if out else "\u2205"  # an empty token still gets a box


@dataclass(frozen=True)
class Chip:
    """One token: the label drawn, the id under it, its colour and its tooltip."""

    label: str
    token_id: int
    color: QColor
    tooltip: str = ""
    note: str = ""  # drawn under the token instead of its id (a score, say)


class TokenChipsWidget(QWidget):
    """Wrapped, clickable token chips with their ids.

    ``set_chips(chips)`` replaces the content; ``set_selected(i)`` outlines one
    chip; ``chip_clicked(i)`` fires on a click (the index into the chip list).
    ``show_ids`` toggles the small id line under each chip. ``tooltip_for``, if
    set, is called with a chip index to build its tooltip on hover (cheaper than
    building every tooltip on every keystroke); otherwise ``Chip.tooltip`` is used.
    """

    chip_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chips: list[Chip] = []
        self._rects: list[QRectF] = []
        self._selected = -1
        self._layout_width = -1
        self._advances: dict[tuple, dict] = {}  # fonts -> {(label, id, note): chip width}: measuring text is slow
        self._inks: dict[tuple[int, int], QColor] = {}  # (fill, theme text) -> the ink drawn on that fill
        self._quiet: dict[tuple, bool] = {}  # (the chips' fills, text, grey) -> whether the grey reads on all
        self._texts, self._ids = StaticLabels(), StaticLabels()  # chip labels and ids, laid out once each
        self.show_ids = True
        self.tooltip_for = None
        self.grow = 1.0  # up to this many times their size, chips fill a room twice what they need (see set_room)
        self._room = 0  # the height of the view the chips lie in, when they may grow
        self._scale = 1.0  # the size the chips are drawn at now
        self._last_measure = None
        self._font_cache: dict[tuple, tuple] = {}
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)

    def set_chips(self, chips: list[Chip]) -> None:
        new, old, old_rects = list(chips), self._chips, self._rects
        same = 0  # typing changes the last chip or two: the ones before keep their place and pixels
        for a, b in zip(old, new):
            if a != b:
                break
            same += 1
        self._chips = new
        self._layout_width = -1
        self._relayout()
        if same == 0 or len(old_rects) != len(old):
            self.update()
            return
        dirty = QRectF()
        for rect in old_rects[same:] + self._rects[same:]:
            dirty = dirty.united(rect)
        if not dirty.isEmpty():
            self.update(dirty.toAlignedRect().adjusted(-3, -3, 3, 3))  # the selection frame is 3 px wide

    def chips(self) -> list[Chip]:
        return self._chips

    def set_selected(self, index: int) -> None:
        if index != self._selected:
            self._selected = index
            self.update()

    def chip_rect(self, index: int) -> QRectF:
        self._relayout()
        return self._rects[index]

    # -- layout -------------------------------------------------------------
    def set_room(self, height: int) -> None:
        """The height of the view the chips lie in: where it is at least twice what they need (the tokens lesson,
        one row of small chips over an empty dock), they grow, up to ``grow`` times, as far as they still fit."""
        if height != self._room:
            self._room = height
            self._layout_width = -1
            self._relayout()
            self.update()

    def _fonts(self, scale: float | None = None):
        pt = palette.current().font_pt * 1.25 * (self._scale if scale is None else scale)
        key = (pt, palette.font_scale(), palette.current().name)
        fonts = self._font_cache.get(key)
        if fonts is None:  # (made once per size: a key lays the chips out once or twice)
            if len(self._font_cache) > 32:
                self._font_cache.clear()
            fonts = self._font_cache[key] = (palette.font(pt, mono=False), palette.font(pt * 0.62))
        return fonts

    def _fitting_scale(self, width: int) -> float:
        """1, or the largest size in steps of 1/8 up to ``grow`` at which every chip still fits the room; from
        the size drawn now, so that a key measures the chips once or twice."""
        step, room = 0.125, self._room - 2
        if self.grow <= 1.0 or not self._chips or self._measure(width, 1.0)[1] * 2 > room:
            return 1.0
        scale = min(max(self._scale, 1.0), self.grow)
        while scale > 1.0 and self._measure(width, scale)[1] > room:
            scale -= step
        while scale + step <= self.grow and self._measure(width, scale + step)[1] <= room:
            scale += step
        return scale

    def _measure(self, width: int, scale: float | None = None) -> tuple[list[QRectF], float]:
        label_font, id_font = self._fonts(scale)
        fm, fid = QFontMetricsF(label_font), QFontMetricsF(id_font)
        pad, gap = 7.0, CHIP_GAP
        h = fm.height() + 2 * pad * 0.6 + (fid.height() if self.show_ids else 0)
        x, y, rects = gap, gap, []
        last = self._last_measure  # (width, fonts, chips, result): a key measures the chips at size 1 twice
        if last is not None and last[0] == width and last[1] == (label_font, self.show_ids) and last[2] is self._chips:
            return last[3]
        fonts_key = (label_font.key(), id_font.key(), self.show_ids)
        advance = self._advances.get(fonts_key)
        if advance is None:
            if len(self._advances) > 16:  # (a new theme or zoom: the old sizes' widths go)
                self._advances.clear()
            advance = self._advances[fonts_key] = {}
        for chip in self._chips:
            w = advance.get((chip.label, chip.token_id, chip.note))
            if w is None:
                w = advance[(chip.label, chip.token_id, chip.note)] = max(
                    fm.horizontalAdvance(visible_token(chip.label)),
                    fid.horizontalAdvance(chip.note or str(chip.token_id)) if self.show_ids else 0) + 2 * pad
            w = min(w, max(40.0, width - 2 * gap))
            if x + w > width - gap and x > gap:
                x, y = gap, y + h + gap
            rects.append(QRectF(x, y, w, h))
            x += w + gap
        result = rects, (y + h + gap if self._chips else 0.0)
        self._last_measure = (width, (label_font, self.show_ids), self._chips, result)
        return result

    def row_pitch(self) -> float:
        """From the top of one row of chips to the top of the next, as laid out now (0 without chips)."""
        self._relayout()
        return self._rects[0].height() + CHIP_GAP if self._rects else 0.0

    def _relayout(self) -> None:
        if self._layout_width != self.width():
            self._layout_width = self.width()
            self._scale = self._fitting_scale(self.width())
            self._rects, height = self._measure(self.width())
            room, pitch = self._room, (self._rects[0].height() + CHIP_GAP if self._rects else 0.0)
            if room > 0 and pitch > 0 and height > room:
                # more rows than the view holds: room under the last row, so that scrolled to the end the view
                # begins at a row's top (``scroll_offset``) instead of showing the ids of a row cut in half
                height = room + math.ceil((height - room) / pitch) * pitch
            self.setMinimumHeight(int(math.ceil(height)) + 2)

    def scroll_offset(self, index: int, view_height: int) -> int:
        """The smallest scroll position, in whole rows, at which chip ``index`` is in a view ``view_height`` high:
        every row in the view is whole, the one at its top too."""
        self._relayout()
        pitch = self.row_pitch()
        if not 0 <= index < len(self._rects) or pitch <= 0:
            return 0
        below = self._rects[index].bottom() - view_height  # how far the view must move down at least
        return max(0, math.ceil(math.ceil(below / pitch - 1e-9) * pitch - 1e-6))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return int(self._measure(width, 1.0)[1]) + 2  # what the chips need: grown, they only fill spare room

    def sizeHint(self) -> QSize:
        return QSize(500, max(60, self.heightForWidth(max(self.width(), 500))))

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._relayout()
        super().resizeEvent(event)

    # -- painting -----------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        self._relayout()
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        label_font, id_font = self._fonts()
        fid = QFontMetricsF(id_font)
        self._texts.use(label_font)
        self._ids.use(id_font)
        text, muted, border = palette.color("text"), palette.color("muted"), palette.color("border")
        id_ink = self._id_ink(text, muted)
        visible = QRectF(event.rect())
        for i, (chip, rect) in enumerate(zip(self._chips, self._rects)):
            if not rect.intersects(visible):
                continue
            selected = i == self._selected
            p.setPen(QPen(palette.color("selection"), 3) if selected else QPen(border, 1))
            p.setBrush(chip.color)
            p.drawRoundedRect(rect, 6, 6)
            label_box = rect.adjusted(4, 2, -4, -(fid.height() if self.show_ids else 0))
            ink = self._ink(chip.color, text)
            p.setPen(ink)
            p.setFont(label_font)
            self._texts.draw(p, label_box, visible_token(chip.label), centre=True)
            if self.show_ids:
                p.setPen(self._ink(chip.color, id_ink))
                p.setFont(id_font)
                self._ids.draw(p, QRectF(rect.left(), rect.bottom() - fid.height() - 3, rect.width(), fid.height()),
                               chip.note or str(chip.token_id), centre=True)

    def _id_ink(self, text: QColor, muted: QColor) -> QColor:
        """The colour the numbers under the tokens are written in: the quieter grey where it reads on every chip
        (4.5:1), else the text's own colour on all of them; one colour for the row (grey under some chips and
        black under others read as two kinds of number)."""
        fills = frozenset(chip.color.rgb() for chip in self._chips)
        key = (fills, text.rgb(), muted.rgb())
        quiet = self._quiet.get(key)
        if quiet is None:
            if len(self._quiet) > 256:
                self._quiet.clear()
            quiet = self._quiet[key] = all(palette.contrast(muted, chip.color) >= 4.5 for chip in self._chips)
        return muted if quiet else text

    def _ink(self, fill: QColor, text: QColor) -> QColor:
        """``text`` (the theme's text or muted colour) where it reads on ``fill`` (4.5:1), else black or white: a
        pale chip of a diverging scale (an attribution near zero) under the dark theme's white text read at
        1.3:1, and a chip's grey score on the strongest (dark yellow) tint at 1.9:1."""
        key = (fill.rgb(), text.rgb())
        ink = self._inks.get(key)
        if ink is None:
            if len(self._inks) > 4096:  # attribution tints are continuous: keep the cache bounded
                self._inks.clear()
            ink = self._inks[key] = text if palette.contrast(text, fill) >= 4.5 else palette.ink_on(fill)
        return ink

    # -- mouse --------------------------------------------------------------
    def index_at(self, pos: QPointF) -> int:
        self._relayout()
        for i, rect in enumerate(self._rects):
            if rect.contains(pos):
                return i
        return -1

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        i = self.index_at(event.position())
        if i >= 0:
            self.chip_clicked.emit(i)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        i = self.index_at(event.position())
        tip = self.tooltip(i) if i >= 0 else ""
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()

    def tooltip(self, index: int) -> str:
        """The tooltip of chip ``index``."""
        if self.tooltip_for is not None:
            return self.tooltip_for(index)
        return self._chips[index].tooltip
