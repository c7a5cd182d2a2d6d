"""The logit-lens grid: layers × positions, painted in one pass, in a scroll area that pins its names.

Split from the Layers panel (``lens.py``), which fills it: ``LensGrid`` shows
per cell the top token and its probability, coloured by that probability,
with the top five in its tooltip; ``GridScroll`` lets it scroll inside
itself, its layer names and token row painted at the visible edges.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QToolTip, QWidget

from explainer.gui import numfmt, palette
from explainer.gui.panels._plots import text_color_on
from explainer.gui.widgets.static_text import StaticLabels
from explainer.gui.widgets.token_chips import visible_token

CELL_W, CELL_H, ROW_HEAD_W, HEAD_H = 100, 60, 150, 44  # pixels at zoom 1 (see LensGrid.sizes)
CELL_CHARS = 10  # a cell is wide enough for this many characters of its token font: "·Nederland", "·hoofdstad"
SQUEEZE = 0.8  # a grid a little wider than its room narrows its cells to this share of their width, not scrolls
MIN_GRID_ROWS = 1  # the grid may shrink to its token row and one layer; it scrolls for the rest


@lru_cache(maxsize=None)
def _lut_colors(name: str) -> tuple[list[QColor], list[QColor]]:
    """The 256 colours of a colormap and the readable text colour on each."""
    lut = palette.colormap_lut(name)
    fills = [QColor(int(r), int(g), int(b)) for r, g, b in lut]
    return fills, [text_color_on(c) for c in fills]


class LensGrid(QWidget):
    """The layers × positions grid, painted in one pass (fast enough for every keystroke).

    ``set_lens(...)`` gives it the top-k ids and probabilities (L+1, T, k) and
    the labels; ``cell_text(r, c)`` and ``cell_color(r, c)`` say what a cell
    shows. Rows are stream points (0 = embedding, l = after block l).
    ``panel`` (the LensPanel) names the rows (``row_name``) and hears clicks
    (``cell_clicked``).
    """

    def __init__(self, panel) -> None:
        super().__init__()
        self.setAttribute(Qt.WA_OpaquePaintEvent)  # paints every pixel: Qt need not paint what lies under it
        self.panel = panel
        self.ids = np.zeros((0, 0, 0), np.int64)
        self.probs = np.zeros((0, 0, 0), np.float32)
        self.rank = np.zeros((0, 0), np.int64)
        self.tokens: tuple[str, ...] = ()
        self.labels: dict[int, str] = {}
        self.selected_col, self.selected_row = -1, -1
        self._fills: list[list[QColor]] = []
        self._inks: list[list[QColor]] = []
        self._texts: list[list[tuple[str, str]]] = []
        self._labels = StaticLabels()
        self._sizes: tuple = ((), (CELL_W, CELL_H, ROW_HEAD_W, HEAD_H))
        self._whole: tuple = ((), (CELL_W, ROW_HEAD_W))  # (zoom and font, whole cells' widths): _whole_cells
        # rows kept while there is nothing to show (no text yet): the grid keeps its height, so the
        # first key does not push the plot below it down (a jump, and a re-layout of its axes)
        self.rows_reserved = 0
        self.room = 0  # the width its scroll area shows (0: unknown): a grid a little wider fits in by narrower cells
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)

    def sizes(self) -> tuple[int, int, int, int]:
        """Cell width and height, the layer names' width and the token row's height, in pixels: they grow with
        the zoom (presentation mode) with the fonts drawn in them, and a cell holds ``CELL_CHARS`` characters."""
        cols = self.shape[1]
        key = (palette.font_scale(), palette.current().font_pt, self.room, cols)
        if self._sizes[0] != key:
            zoom = key[0]
            cell_w, row_head_w = self._whole_cells()
            if cols and self.room and row_head_w + cols * cell_w + 4 > self.room:
                # a few pixels short (a five-token sentence cut "Paris" to "aris" under a scroll bar): narrower
                # cells; far short (a long text), the whole cells, scrolled
                fit = (self.room - row_head_w - 4) // cols
                cell_w = fit if fit >= SQUEEZE * cell_w else cell_w
            self._sizes = (key, (cell_w, round(CELL_H * zoom), row_head_w, round(HEAD_H * zoom)))
        return self._sizes[1]

    def _whole_cells(self) -> tuple[int, int]:
        """A cell's width at its full size (not narrowed to the room), and the layer names' width (measured once
        per zoom and font: every paint and every key's layout asks)."""
        key = (palette.font_scale(), palette.current().font_pt, palette.current().name)
        if self._whole[0] != key:
            zoom, mono = key[0], QFontMetricsF(self._token_font()).horizontalAdvance("M")
            self._whole = (key, (max(round(CELL_W * zoom), round(CELL_CHARS * mono + 10)), round(ROW_HEAD_W * zoom)))
        return self._whole[1]

    def whole_width(self) -> int:
        """The width that shows every column with its cells whole (not narrowed: "·Nederl…")."""
        cell_w, row_head_w = self._whole_cells()
        return row_head_w + self.shape[1] * cell_w + 4

    @staticmethod
    def _token_font():
        return palette.font(palette.current().font_pt * 1.3, bold=True, mono=True)

    def set_lens(self, ids: np.ndarray, probs: np.ndarray, rank: np.ndarray, tokens, labels) -> None:
        self.ids, self.probs, self.rank, self.tokens, self.labels = ids, probs, rank, tokens, labels
        rows, cols = self.shape
        fills, inks = _lut_colors(palette.current().heatmap)
        # (a model whose numbers overflowed gives NaN: drawn as 0, never an index far outside the colour table)
        index = np.zeros((0, 0), int)
        if rows:
            top = np.nan_to_num(np.asarray(probs[..., 0], dtype=np.float64), nan=0.0, posinf=1.0, neginf=0.0)
            index = np.clip(np.rint(top * 255), 0, 255).astype(int)
        self._fills = [[fills[i] for i in row] for row in index.tolist()]
        self._inks = [[inks[i] for i in row] for row in index.tolist()]
        self._texts = [[self.cell_text(r, c) for c in range(cols)] for r in range(rows)]
        self.resize(self.sizeHint())
        self.update()

    def set_selection(self, row: int, col: int) -> None:
        self.selected_row, self.selected_col = row, col
        self.update()

    @property
    def shape(self) -> tuple[int, int]:
        return (self.ids.shape[0], self.ids.shape[1]) if self.ids.ndim == 3 else (0, 0)

    def sizeHint(self) -> QSize:
        rows, cols = self.shape
        cell_w, cell_h, row_head_w, head_h = self.sizes()
        width = row_head_w + cols * cell_w + 4
        last_edge = width - 4
        if self.room and cell_w > 0 and last_edge > self.room:
            # wider than its room, it scrolls: a little room right of the last column, so that scrolled to the
            # end (as while typing) the first column in view begins at the pinned layer names, whole, not half
            # under them; never a third of a column or more (a narrow dock showed one column beside a blank one)
            aligned = self.room + -(-(last_edge - self.room) // cell_w) * cell_w
            if aligned - last_edge <= cell_w // 3:
                width = aligned
        return QSize(width, head_h + max(rows, self.rows_reserved) * cell_h + 4)

    def cell_rect(self, r: int, c: int) -> QRectF:
        cell_w, cell_h, row_head_w, head_h = self.sizes()
        return QRectF(row_head_w + c * cell_w, head_h + r * cell_h, cell_w, cell_h)

    def cell_at(self, pos: QPointF) -> tuple[int, int]:
        rows, cols = self.shape
        cell_w, cell_h, row_head_w, head_h = self.sizes()
        if pos.x() < -self.x() + row_head_w or pos.y() < -self.y() + head_h:  # over the pinned names
            return -1, -1
        c = int((pos.x() - row_head_w) // cell_w)
        r = int((pos.y() - head_h) // cell_h)
        return (r, c) if 0 <= r < rows and 0 <= c < cols and pos.x() >= row_head_w else (-1, -1)

    def cell_text(self, r: int, c: int) -> tuple[str, str]:
        """The top token's label and its probability in percent, as drawn in cell (r, c)."""
        return (visible_token(self.labels[int(self.ids[r, c, 0])]), numfmt.whole_pct(float(self.probs[r, c, 0])))

    def cell_color(self, r: int, c: int) -> QColor:
        """The cell's fill: its top probability through the heatmap colormap."""
        return self._fills[r][c]

    def row_name(self, r: int) -> str:
        return self.panel.row_name(r)

    def describe(self, r: int, c: int) -> str:
        """Tooltip: the top-k of one cell and the rank of the final prediction there."""
        lines = [self.tr("{row}, after “{tok}”:").format(row=self.row_name(r), tok=visible_token(self.tokens[c]))]
        for i, p in zip(self.ids[r, c], self.probs[r, c]):
            lines.append(f"  {visible_token(self.labels[int(i)]):<10} {numfmt.pct(float(p), 1):>7}")
        lines.append(self.tr("final prediction ranks #{n} here").format(n=int(self.rank[r, c]) + 1))
        return "\n".join(lines)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), palette.color("base"))
        rows, cols = self.shape
        if not rows or not cols:
            self._paint_row_names(p, range(self.rows_reserved))  # no text yet: the layers, waiting for it
            return
        head_font = palette.font(palette.current().font_pt, bold=True)
        tok_font = self._token_font()
        prob_font = palette.font(palette.current().font_pt * 0.95)
        CELL_W, CELL_H, ROW_HEAD_W, HEAD_H = self.sizes()  # noqa: N806 (constants for this paint)
        whole_w = self._whole_cells()[0]
        if CELL_W < whole_w:  # narrowed to fit its room: the words shrink with their cells ("·Nederland", not "·Nederl…")
            tok_font.setPointSizeF(tok_font.pointSizeF() * CELL_W / whole_w)
        exposed = event.rect()  # only the cells in view: a long text has many off-screen columns
        c0 = max(0, (exposed.left() - ROW_HEAD_W) // CELL_W)
        c1 = min(cols, (exposed.right() - ROW_HEAD_W) // CELL_W + 1)
        r0 = max(0, (exposed.top() - HEAD_H) // CELL_H)
        r1 = min(rows, (exposed.bottom() - HEAD_H) // CELL_H + 1)
        inside = self.parentWidget() is not None
        left, top = (float(-self.x()), float(-self.y())) if inside else (0.0, 0.0)
        # scrolled, a column partly under the pinned layer names writes its words in the part that shows, cut
        # with an ellipsis ("·gro…", never "grootste" or "e"), or none where that part is too narrow for a word
        # (the first column of a grid a few pixels too wide for its dock had lost its words altogether)
        edge, least = left + ROW_HEAD_W, 3 * QFontMetricsF(tok_font).horizontalAdvance("M")
        shows = {c: max(float(ROW_HEAD_W + c * CELL_W), edge) for c in range(c0, c1)}  # where its words may go
        words = [c for c in range(c0, c1) if ROW_HEAD_W + (c + 1) * CELL_W - shows[c] >= least]

        def part(rect: QRectF, c: int) -> QRectF:
            return QRectF(shows[c], rect.top(), rect.right() - shows[c], rect.height())

        labels = self._labels  # laid out once per text: while typing, only the new column's are new
        for r in range(r0, r1):
            for c in range(c0, c1):
                p.fillRect(self.cell_rect(r, c).adjusted(1, 1, -1, -1), self._fills[r][c])
        # long tokens (<|endoftext|>) are cut with an ellipsis to the cell's width
        for font, top_gap, bottom, which in ((tok_font, 3, -CELL_H * 0.42, 0), (prob_font, CELL_H * 0.55, -2, 1)):
            p.setFont(font)
            labels.use(font)
            for r in range(r0, r1):
                for c in words:
                    p.setPen(self._inks[r][c])
                    labels.draw(p, part(self.cell_rect(r, c), c).adjusted(4, top_gap, -4, bottom),
                                self._texts[r][c][which], centre=True)
        p.setBrush(Qt.NoBrush)
        p.setPen(QPen(palette.color("selection"), 3))
        if 0 <= self.selected_row < rows:
            p.drawRect(QRectF(ROW_HEAD_W, HEAD_H + self.selected_row * CELL_H, cols * CELL_W, CELL_H))
        # the token row and the layer names stay at the visible edges while the grid scrolls
        p.fillRect(QRectF(0, top, self.width(), HEAD_H), palette.color("base"))
        p.setFont(head_font)
        labels.use(head_font)
        for c in words:
            box = part(QRectF(ROW_HEAD_W + c * CELL_W, top, CELL_W, HEAD_H), c).adjusted(4, 0, -4, 0)
            p.setPen(palette.color("selection") if c == self.selected_col else palette.color("text"))
            labels.draw(p, box, visible_token(self.tokens[c]), centre=True)
        if 0 <= self.selected_col < cols:
            p.setPen(QPen(palette.color("selection"), 3))
            p.drawRect(QRectF(ROW_HEAD_W + self.selected_col * CELL_W, top + 1, CELL_W,
                              HEAD_H + rows * CELL_H - top - 1))
        p.fillRect(QRectF(left, 0, ROW_HEAD_W, self.height()), palette.color("base"))
        p.setClipRect(QRectF(left, top + HEAD_H, ROW_HEAD_W, self.height()))
        self._paint_row_names(p, range(r0, r1), left)

    def _paint_row_names(self, p: QPainter, rows, left: float = 0.0) -> None:
        _cell_w, CELL_H, ROW_HEAD_W, HEAD_H = self.sizes()  # noqa: N806
        p.setFont(palette.font(palette.current().font_pt, bold=True))
        self._labels.use(p.font())
        for r in rows:
            box = QRectF(left + 4, HEAD_H + r * CELL_H, ROW_HEAD_W - 10, CELL_H)
            p.setPen(palette.color("selection") if r == self.selected_row else palette.color("text"))
            self._labels.draw(p, box, self.row_name(r), align_right=True)

    def event(self, event) -> bool:
        if event.type() == QEvent.ToolTip:
            r, c = self.cell_at(QPointF(event.pos()))
            if r >= 0:
                QToolTip.showText(event.globalPos(), self.describe(r, c), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        r, c = self.cell_at(event.position())
        if r >= 0:
            self.panel.cell_clicked(r, c)


class GridScroll(QScrollArea):
    """The grid's scroll area: it asks for the whole grid's height, and may shrink to the token row and one layer."""

    def _extra(self) -> int:
        return self.horizontalScrollBar().sizeHint().height() + 2 * self.frameWidth()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        grid = self.widget()
        if grid is not None and grid.room != self.viewport().width():
            grid.room = self.viewport().width()
            grid.resize(grid.sizeHint())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), self.widget().sizeHint().height() + self._extra())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), HEAD_H + MIN_GRID_ROWS * CELL_H + self._extra())
