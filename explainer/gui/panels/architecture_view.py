"""The architecture panel's drawing: the boxes of the diagram and the widget that paints them.

``ArchitecturePanel.layout_boxes`` decides where each part goes (``Box``);
``ArchitectureView`` paints them, says which box is under the mouse, and
lays the diagram out again when its width or font changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QMouseEvent, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QWidget

from explainer.gui import palette
from explainer.gui.panels._plots import okabe_ito
from explainer.gui.panels.base import Panel
from explainer.gui.widgets.token_chips import visible_token

ARROW, GAP, MARGIN = 26, 10, 14


@dataclass
class Box:
    """One drawn part: where it is, what it says, and what a click on it selects."""

    part: str  # "input", "embedding", "positions", "block", "attention", "head", "mlp", "final_norm", "output"
    rect: QRectF
    title: str = ""
    detail: str = ""
    count: str = ""
    layer: int = -1
    head: int = -1
    stacked: bool = False  # the count sits under the title: side by side they would overlap
    compact: bool = False  # drawn on one line (a diagram taller than its room folds; see layout_boxes)
    short: str = ""  # the count without its last word ("263.7 thousand"), for a one-line box too narrow for it all
    plain: str = ""  # the count as a plain number ("263,680"), for a one-line box narrower still


class ArchitectureView(QWidget):
    """The painted diagram; ``boxes`` is what was laid out (tests read it back)."""

    def __init__(self, panel: Panel) -> None:
        super().__init__()
        self.setAttribute(Qt.WA_OpaquePaintEvent)  # paints every pixel: Qt need not paint what lies under it
        self.panel = panel
        self.boxes: list[Box] = []
        self._tier: tuple = (None, 0)  # (what it was chosen for, the form every one-line count takes)
        self.first_drawn_token = 0  # the input box's chips start here ("…" before them when above 0)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.MinimumExpanding)

    def fonts(self):
        pt = palette.current().font_pt
        return palette.font(pt * 1.1, bold=True), palette.font(pt * 0.95)

    def line_h(self) -> float:
        return self.fontMetrics().height() * 1.45  # (the widget's font has the zoom already)

    def fits_beside(self, title: str, count: str, box_width: float) -> bool:
        """Whether a box's title and its count fit side by side on one line."""
        title_font, _detail = self.fonts()
        fm = QFontMetricsF(title_font)
        return fm.horizontalAdvance(title) + fm.horizontalAdvance(count) + 24 + 24 <= box_width

    def heads_left(self, box: Box) -> float:
        """Where a one-line attention box's head squares begin (its right end without them)."""
        return min((b.rect.left() for b in self.boxes if b.part == "head" and b.layer == box.layer
                    and box.rect.contains(b.rect)), default=box.rect.right() - 12)

    def compact_count(self, box: Box) -> str:
        """What a one-line box says of its size: its count in words, else without its last word, else as a plain
        number, else nothing; every one-line box in the same of these forms where each can (a projector showed
        "263,680" beside "526.1 thousand numbers" in the same row)."""
        if box.part in ("block", "input"):
            return ""
        key = (self.count_font().key(), self.fonts()[0].key())
        if self._tier[0] != key:
            counted = [b for b in self.boxes if b.compact and b.part not in ("block", "input", "head")]
            tier = next((t for t in range(3) if all(self._fits(b, (b.count, b.short, b.plain)[t]) for b in counted
                                                    if (b.count, b.short, b.plain)[t])), 2)
            self._tier = (key, tier)
        return next((c for c in (box.count, box.short, box.plain)[self._tier[1]:] if c and self._fits(box, c)), "")

    def _fits(self, box: Box, text: str) -> bool:
        right = self.heads_left(box) - 6 if box.part == "attention" else box.rect.right() - 12
        room = right - box.rect.left() - 12 - QFontMetricsF(self.fonts()[0]).horizontalAdvance(box.title) - 12
        return QFontMetricsF(self.count_font()).horizontalAdvance(text) <= room

    def count_font(self) -> QFont:
        font = QFont(self.fonts()[1])
        font.setBold(True)
        return font

    def block_count(self, box: Box, width: float) -> str:
        """A block's count for its left column ``width`` wide: in words where two lines hold it, else without
        its last word (a projector's zoom wrapped "789.8 thousand numbers" onto three lines of a narrow column)."""
        fm = QFontMetricsF(self.fonts()[0])  # (the title's font: the count is drawn in it)
        wrapped = fm.boundingRect(QRectF(0, 0, max(1.0, width), 1e6), int(Qt.AlignLeft | Qt.TextWordWrap),
                                  box.count).height()
        return box.count if wrapped <= 2.5 * fm.lineSpacing() or not box.short else box.short

    def wrap_extra(self, text: str, box_width: float) -> float:
        """How much lower the head squares go to clear ``text`` wrapped in a box ``box_width`` wide (padded)."""
        fm = QFontMetricsF(self.fonts()[1])
        wrapped = fm.boundingRect(QRectF(0, 0, max(1.0, box_width - 24), 1e6), int(Qt.AlignLeft | Qt.TextWordWrap),
                                  text).height()
        # one line: the usual place (two lines down) clears it; else the words start 6 px and a line down
        return 0.0 if wrapped <= 1.5 * fm.lineSpacing() else max(0.0, 6 + wrapped + 4 - self.line_h())

    def relayout(self) -> None:
        holder = self.parentWidget()  # the scroll area's viewport: the height in view (none before it is shown)
        room = holder.height() if holder is not None and holder.isVisible() \
            and isinstance(holder.parentWidget(), QScrollArea) else None
        self.boxes = self.panel.layout_boxes(max(self.width(), 520), self.line_h(), self.fits_beside,
                                             self.wrap_extra, room)
        self._tier = (None, 0)  # chosen again for these boxes
        bottom = max((b.rect.bottom() for b in self.boxes), default=0)
        self.setMinimumHeight(int(bottom + MARGIN))
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self.relayout()

    def sizeHint(self) -> QSize:
        return QSize(640, self.minimumHeight())

    def box_at(self, pos: QPointF) -> Box | None:
        # heads sit inside attention boxes inside blocks: the smallest box under the mouse wins
        hits = [b for b in self.boxes if b.rect.contains(pos)]
        return min(hits, key=lambda b: b.rect.width() * b.rect.height(), default=None)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        box = self.box_at(event.position())
        if box is not None:
            self.panel.box_clicked(box)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        box = self.box_at(event.position())
        self.setCursor(Qt.PointingHandCursor if box is not None and box.layer >= 0 else Qt.ArrowCursor)
        self.setToolTip(self.panel.box_tooltip(box) if box is not None else "")

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), palette.color("base"))
        title_font, detail_font = self.fonts()
        state = self.panel.state
        sel = palette.color("selection")
        flow = [b for b in self.boxes if b.part in ("input", "embedding", "block", "final_norm", "output")]
        p.setPen(QPen(palette.color("muted"), 2.5))
        p.setBrush(palette.color("muted"))
        x = self.width() / 2  # arrows run down the middle, the way the data flows
        for a, b in zip(flow, flow[1:]):
            y0, y1 = a.rect.bottom() + 2, b.rect.top() - 2
            p.drawLine(QPointF(x, y0), QPointF(x, y1 - 7))
            p.drawPolygon(QPolygonF([QPointF(x - 7, y1 - 9), QPointF(x + 7, y1 - 9), QPointF(x, y1)]))
        dirty = QRectF(event.rect())
        for box in self.boxes:
            if not box.rect.adjusted(-4, -4, 4, 4).intersects(dirty):
                continue  # a keystroke repaints only the input box
            selected_block = box.part in ("block",) and box.layer == state.layer
            selected_head = box.part == "head" and box.layer == state.layer and box.head == state.head
            fill = {"block": palette.color("alt_base"), "head": palette.color("accent")}.get(
                box.part, palette.color("base"))
            if selected_head:
                fill = sel
            p.setBrush(fill)
            pen = QPen(sel if (selected_block or selected_head) else palette.color("border"),
                       4 if selected_block else 1.5)
            p.setPen(pen)
            p.drawRoundedRect(box.rect, 8 if box.part != "head" else 3, 8 if box.part != "head" else 3)
            if box.part == "head":
                continue
            inner = box.rect.adjusted(12, 6, -12, -6)
            p.setPen(palette.color("text"))
            p.setFont(title_font)
            if box.compact:  # one line: the name and its count, in words or as a plain number, where it fits
                inner = box.rect.adjusted(12, 0, -12, 0)
                p.drawText(inner, Qt.AlignLeft | Qt.AlignVCenter, box.title)
                count = self.compact_count(box)
                if count:
                    p.setPen(palette.color("accent"))
                    p.setFont(self.count_font())
                    right = self.heads_left(box) - 6 if box.part == "attention" else inner.right()
                    p.drawText(QRectF(inner.left(), inner.top(), right - inner.left(), inner.height()),
                               Qt.AlignRight | Qt.AlignVCenter, count)
                continue
            p.drawText(inner, Qt.AlignLeft | Qt.AlignTop, box.title)
            if box.part == "block":  # title and count stacked in the block's left column
                p.setPen(palette.color("accent"))
                column = QRectF(inner.left(), inner.top() + self.line_h(), self.panel.label_w(box.rect.width()) - 16,
                                inner.height())
                p.drawText(column, Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, self.block_count(box, column.width()))
            elif box.count and box.stacked:
                p.setPen(palette.color("accent"))
                count_font = QFont(detail_font)
                count_font.setBold(True)
                p.setFont(count_font)
                p.drawText(inner.adjusted(0, self.line_h(), 0, 0), Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap,
                           box.count)
            elif box.count:
                p.setPen(palette.color("accent"))
                p.drawText(inner, Qt.AlignRight | Qt.AlignTop, box.count)
            if box.detail:
                p.setPen(palette.color("muted") if box.part == "block" else palette.color("text"))
                p.setFont(detail_font)
                detail_rect = inner.adjusted(0, self.line_h() * (2 if box.stacked else 1), 0, 0)
                p.drawText(detail_rect, Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, box.detail)
        self._paint_input_tokens(p)

    def _paint_input_tokens(self, p: QPainter) -> None:
        box = next((b for b in self.boxes if b.part == "input"), None)
        trace = self.panel.state.trace
        if box is None or trace is None or not trace.n_tokens:
            return
        p.setFont(palette.font(palette.current().font_pt, mono=True))
        fm = p.fontMetrics()
        x_right = box.rect.right() - 12
        y = box.rect.bottom() - fm.height() - 12
        least = box.rect.left() + 12
        if box.compact:  # on the title's line, right of it
            y = box.rect.center().y() - (fm.height() + 6) / 2
            least += QFontMetricsF(self.fonts()[0]).horizontalAdvance(box.title) + 16
        sel = self.panel.state.token
        # the newest tokens, right-aligned, as many as fit on one line; "…" before them when some are left out
        widths = [fm.horizontalAdvance(visible_token(t)) + 12 for t in trace.tokens]
        dots = fm.horizontalAdvance("…") + 6
        first, used = len(widths), 0.0
        while first > 0 and x_right - used - widths[first - 1] >= least + (dots if first > 1 else 0):
            first -= 1
            used += widths[first] + 4
        self.first_drawn_token = first
        if first > 0:
            p.setPen(palette.color("muted"))
            p.drawText(QRectF(x_right - used - dots, y, dots, fm.height() + 6), Qt.AlignCenter, "…")
        for i in range(len(widths) - 1, first - 1, -1):
            w = widths[i]
            chip = QRectF(x_right - w, y, w, fm.height() + 6)
            p.setBrush(palette.mix(palette.color("base"), okabe_ito(i), palette.current().chip_mix))
            p.setPen(QPen(palette.color("selection"), 3) if i == sel else QPen(palette.color("border"), 1))
            p.drawRoundedRect(chip, 4, 4)
            p.setPen(palette.color("text"))
            p.drawText(chip, Qt.AlignCenter, visible_token(trace.tokens[i]))
            x_right -= w + 4


class DiagramScroll(QScrollArea):
    """The diagram's scroll area: a new height in view lays the diagram out again (blocks on one line or not)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self._room = -1

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        view = self.widget()
        if view is not None and self.viewport().height() != self._room:
            self._room = self.viewport().height()
            view.relayout()
