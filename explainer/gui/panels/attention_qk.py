"""Q·K step by step: how one query token's attention weights are computed.

For the selected layer, head and query token the table lists every key token
with its dot product q·k, that score divided by √d_head, and the softmax of
those scores (future keys get no weight in a causal model). Below it the
weighted sum of the value vectors is compared with what the model computed,
so a student can check that the four steps really are the whole story.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QStyledItemDelegate, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from explainer.core.trace import Trace
from explainer.gui import numfmt, palette
from explainer.gui.widgets.token_chips import visible_token


@dataclass(frozen=True)
class QKBreakdown:
    """The four steps for one query: (T,) dots, scaled scores, weights; (dh,) output."""

    dots: np.ndarray  # (T,) q·k_j
    scaled: np.ndarray  # (T,) q·k_j × scale (usually 1/sqrt(dh)), -inf for keys the query cannot see
    weights: np.ndarray  # (T,) softmax of scaled
    z: np.ndarray  # (dh,) sum_j weights_j * v_j
    d_head: int
    divisor: float = 0.0  # what the dots are divided by: sqrt(d_head), or sqrt(the model's own scalar)


def qk_breakdown(q: np.ndarray, k: np.ndarray, v: np.ndarray, query: int, causal: bool,
                 divisor: float | None = None, window: int = 0, softcap: float | None = None) -> QKBreakdown:
    """Recompute one query's attention from its q, the keys k (T, dh) and values v (T, dh).

    ``divisor`` is sqrt(d_head) unless the model says otherwise (Gemma's
    query_pre_attn_scalar); ``window`` hides keys that many positions back
    or more (a sliding-window layer); ``softcap`` squashes the scores (Gemma 2).
    """
    q64, k64, v64 = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    dh = q64.shape[-1]
    divisor = float(np.sqrt(dh)) if divisor is None else float(divisor)
    dots = k64 @ q64  # (T,)
    scaled = dots / divisor
    if softcap is not None:
        scaled = np.tanh(scaled / softcap) * softcap
    if causal:
        keys = np.arange(len(dots))
        hidden = keys > query
        if window:
            hidden |= keys <= query - window
        scaled = np.where(hidden, -np.inf, scaled)
    shifted = np.exp(scaled - scaled[np.isfinite(scaled)].max())
    weights = shifted / shifted.sum()
    z = weights @ v64  # (dh,)
    return QKBreakdown(dots, scaled, weights, z, dh, divisor)


WEIGHT_ROLE = Qt.UserRole + 1  # a weight cell's weight (0..1), which its delegate draws as a bar


class WeightBarDelegate(QStyledItemDelegate):
    """Draws a weight (0..1) as a bar in the chart colour, the whole cell's width for a weight of 1.

    Block characters in the text drew a short, black bar in a wide column (18 % filled five of them) that read
    like text, not like the next-token panel's bars it stands for. The bar is to scale against 1, not against
    the largest weight: the weights add up to 1, and that is what the column shows.
    """

    PAD = 4  # pixels between the cell's edge and the bar, at either end and above and below

    def paint(self, painter, option, index) -> None:  # noqa: D102
        super().paint(painter, option, index)  # the cell's background (no text: the weight is in the column before)
        weight = index.data(WEIGHT_ROLE)
        if weight is None:
            return
        rect = self.bar_rect(option.rect, float(weight))
        if rect.width() > 0:
            painter.fillRect(rect, palette.color("bar"))

    @classmethod
    def bar_rect(cls, cell: QRect, weight: float) -> QRectF:
        """Where the bar for ``weight`` goes in ``cell``."""
        room = max(0.0, cell.width() - 2.0 * cls.PAD)
        return QRectF(cell.left() + cls.PAD, cell.top() + cls.PAD, room * max(0.0, min(1.0, weight)),
                      max(1.0, cell.height() - 2.0 * cls.PAD))


def _vector_text(vec: np.ndarray, n: int = 6) -> str:
    sep = numfmt.list_separator()
    head = sep.join(numfmt.fmt(x, 2, sign=True) for x in vec[:n])
    return f"[{head}{sep + '…' if len(vec) > n else ''}]"


class QKBreakdownWidget(QWidget):
    """A table of q·k, ÷√d and softmax per key token, and the weighted sum of values.

    ``show_query(trace, layer, head, query)`` fills it; ``breakdown()`` returns
    the numbers shown.
    """

    COLUMNS = ("key token", "q·k", "÷ √d", "softmax", "")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bd: QKBreakdown | None = None
        self._query_row = -1
        self.model_cfg = None  # the ModelConfig of the open model: its score scale, windows and capping
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.RichText)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr("key token"), self.tr("q·k"), self.tr("÷ √d"),
                                              self.tr("softmax"), self.tr("weight")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setItemDelegateForColumn(len(self.COLUMNS) - 1, WeightBarDelegate(self.table))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result)

    def breakdown(self) -> QKBreakdown | None:
        return self._bd

    def _show_query_row(self) -> None:
        item = self.table.item(self._query_row, 0) if 0 <= self._query_row < self.table.rowCount() else None
        if item is not None:  # with the keys it cannot see (-inf) under it, it goes to the bottom: its weights show
            bd = self._bd
            blind = bd is not None and not np.isfinite(bd.scaled[self._query_row + 1:]).any()
            self.table.scrollToItem(item, QAbstractItemView.PositionAtBottom if blind else
                                    QAbstractItemView.PositionAtCenter)

    def show_query(self, trace: Trace | None, layer: int, head: int, query: int) -> None:
        if trace is None or trace.n_tokens == 0 or not 0 <= query < trace.n_tokens:
            self._bd = None
            self.table.setRowCount(0)
            self.heading.setText(self.tr("Type some text, then pick a query token."))
            self.result.setText("")
            return
        cfg = self.model_cfg
        divisor = cfg.attn_scale ** -1 if cfg is not None and cfg.d_head == trace.q.shape[-1] else None
        window = trace.windows[layer] if layer < len(trace.windows) else 0
        bd = qk_breakdown(trace.q[layer, head, query], trace.k[layer, head], trace.v[layer, head],
                          query, trace.causal, divisor, window, cfg.attn_softcap if cfg is not None else None)
        self._bd = bd
        label = visible_token(trace.tokens[query])
        self.heading.setText(numfmt.fill(self.tr(
            "Layer {l}, head {h}, query token <b>“{t}”</b>: 1. multiply its query vector q with every key k; "
            "2. divide by √{d} = {s:.2f} (a token it may not see gets −∞); 3. softmax turns the scores into "
            "weights that add up to 1; "
            "4. the output is the weighted sum of the value vectors."),
                l=layer + 1, h=head + 1, t=label, d=round(bd.divisor ** 2), s=bd.divisor))
        T = trace.n_tokens
        self.table.setUpdatesEnabled(False)
        # rows as tall as the text and a little air: the style's 9 px of padding left 7 of the 8 weighted rows of a
        # lesson sentence in view at 1366x768 presenting, and the weights on screen added up to 83 % (zoom: per call)
        header = self.table.verticalHeader()
        tight = self.table.fontMetrics().height() + 5
        if header.defaultSectionSize() != tight:
            header.setMinimumSectionSize(min(header.minimumSectionSize(), tight))
            header.setDefaultSectionSize(tight)
        self.table.setRowCount(T)
        # at least four rows in view (at 1366x768 the steps' text above left room for one): the dock scrolls
        rows = self.table.verticalHeader().defaultSectionSize() * min(T, 4)
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + rows + 4)
        muted = QBrush(palette.color("muted"))
        top = int(np.argmax(bd.weights))
        hidden_tip = self.tr("Hidden from this query (the future, or beyond a sliding window): its score counts as "
                             "−∞, so its weight is 0.")
        for j in range(T):
            hidden = not np.isfinite(bd.scaled[j])
            cells = [visible_token(trace.tokens[j]), numfmt.fmt(bd.dots[j], 3, sign=True),
                     "−∞" if hidden else numfmt.fmt(bd.scaled[j], 3, sign=True),  # (short: the weights stay in view)
                     "0 %" if hidden else numfmt.pct(bd.weights[j]), ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (1, 2, 3):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if c == 4:  # drawn as a bar (WeightBarDelegate); read aloud and on hover as the percentage
                    item.setData(WEIGHT_ROLE, float(bd.weights[j]))
                    item.setData(Qt.AccessibleTextRole, cells[3])
                    item.setToolTip(cells[3])
                if hidden:
                    item.setForeground(muted)
                    item.setToolTip(hidden_tip)
                if j == top and c in (0, 3, 4):
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                self.table.setItem(j, c, item)
        self.table.setUpdatesEnabled(True)
        # the query's own row in view (a short dock shows four rows: the question is about this one), once the
        # table has its new height
        self._query_row = query
        QTimer.singleShot(0, self, self._show_query_row)
        model_z = trace.z[layer, head, query].astype(np.float64)
        diff = float(np.abs(model_z - bd.z).max())
        same = diff < 1e-3 * max(1.0, float(np.abs(model_z).max()))
        verdict = (self.tr("<span style='color:{c}'>✓ the same as the model computed</span>")
                   .format(c=palette.current().colors["good"]) if same else
                   self.tr("<span style='color:{c}'>differs from the model's output: this head is switched off "
                           "or replaced by an intervention</span>").format(c=palette.current().colors["error"]))
        self.result.setText(self.tr("Weighted sum of values (first dimensions of {d}):<br><tt>{z}</tt><br>{v}")
                            .format(d=bd.d_head, z=_vector_text(bd.z), v=verdict))
