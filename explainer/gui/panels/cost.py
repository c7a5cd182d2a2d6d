"""Cost meter: what one forward pass costs, next to published figures for large models.

The numbers come from ``core.analysis.cost``: FLOPs of the current forward
pass (the open model's config and the Trace's token count) split by part,
the parameter count, an energy estimate for a CPU, and GPT-3's published
size, training compute and training energy. Every figure is labelled as an
estimate or a published number, with its source, because a classroom will
quote them.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from explainer.core.analysis import cost as C
from explainer.gui import palette
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState
from explainer.gui.widgets.bar_chart import Bar, BarChartWidget


def ui_locale() -> QLocale:
    """The UI locale; the bare C locale (no digit grouping) reads as English."""
    loc = QLocale()
    return QLocale(QLocale.English) if loc.language() == QLocale.C else loc


def sig(x: float, digits: int = 3) -> str:
    """``x`` with about ``digits`` significant digits, in the UI locale (1.23 / 1,23), never in e-notation."""
    if x == 0 or not math.isfinite(x):
        return ui_locale().toString(0 if x == 0 else x)
    decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(x)))))
    x = round(x, decimals)
    while decimals and round(x, decimals - 1) == x:  # 10.0 -> 10, 1.50 -> 1.5
        decimals -= 1
    return ui_locale().toString(float(x), "f", decimals)


def ratio_text(x: float) -> str:
    """A large ratio in words: '20 million', '1,234'."""
    for size, word in ((1e12, QCoreApplication.translate("CostPanel", "trillion")),
                       (1e9, QCoreApplication.translate("CostPanel", "billion")),
                       (1e6, QCoreApplication.translate("CostPanel", "million"))):
        if x >= size:
            return f"{sig(x / size)} {word}"
    return ui_locale().toString(int(round(x))) if x >= 100 else sig(x)


SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def flops_text(x: float) -> str:
    """FLOPs with an SI prefix, like ``human_flops`` but with the locale's decimal mark."""
    for unit, size in (("ZFLOP", 1e21), ("EFLOP", 1e18), ("PFLOP", 1e15), ("TFLOP", 1e12),
                       ("GFLOP", 1e9), ("MFLOP", 1e6), ("kFLOP", 1e3)):
        if x >= size:
            text = f"{sig(x / size)} {unit}"
            if size >= 1e15:  # nobody in class knows a zettaFLOP: add the power of ten
                exp = int(math.floor(math.log10(x)))
                text += f" (= {sig(x / 10 ** exp)} × 10{str(exp).translate(SUPERSCRIPT)})"
            return text
    return f"{sig(x)} FLOP"


def set_font_size(label: QLabel, factor: float, bold: bool = False) -> None:
    """Size a label relative to the theme's text size; a widget style sheet wins over the app's."""
    pt = palette.current().font_pt * palette.font_scale() * factor
    sheet = f"font-size: {pt:.1f}pt;" + (" font-weight: bold;" if bold else "")
    if label.styleSheet() != sheet:  # re-polishing a label costs far more than comparing two strings
        label.setStyleSheet(sheet)


def joules_text(j: float) -> str:
    for unit, size in (("MJ", 1e6), ("kJ", 1e3), ("J", 1.0), ("mJ", 1e-3), ("µJ", 1e-6), ("nJ", 1e-9)):
        if j >= size:
            return f"{sig(j / size)} {unit}"
    return f"{sig(j * 1e12)} pJ"


class FoldingScroll(QScrollArea):
    """A scroll area that calls ``on_resize`` when its view changes size (the panel folds to fit it), also when
    only a scroll bar came or went."""

    def __init__(self, on_resize) -> None:
        super().__init__()
        self._on_resize = on_resize

    def viewportEvent(self, event) -> bool:  # noqa: N802
        answer = super().viewportEvent(event)
        if event.type() == QEvent.Resize:
            self._on_resize()
        return answer


class CostPanel(Panel):
    """FLOPs, parameters and energy of the current forward pass, beside GPT-3's published figures.

    ``cost`` is the ForwardCost shown (None without a model or text);
    ``figures()`` maps each row's key to (label, value, source) exactly as
    drawn, which is also what ``export_table`` writes.
    """

    panel_id = "cost"
    PART_KEYS = ("attention_projections", "attention_scores", "mlp", "output_layer")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._drawn_for: tuple = (None, -1)  # (model, tokens) the figures were last drawn for
        super().__init__(state, parent)
        self.cost: C.ForwardCost | None = None
        self._rows: list[tuple[str, str, str, str]] = []
        self._cells: list[tuple[QLabel, QLabel, QLabel]] = []

        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.total = QLabel()
        self.total.setObjectName("costTotal")
        self.total.setWordWrap(True)
        self.exact = QLabel()
        self.exact.setProperty("role", "muted")
        self.exact.setWordWrap(True)
        self.exact.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.parts_title = QLabel()
        self.parts = BarChartWidget(label_width=340)
        self.parts.fit_labels = True  # its four part names never change while typing
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(18)
        self.table.setVerticalSpacing(0)
        self.caveat = QLabel()
        self.caveat.setProperty("role", "muted")
        self.caveat.setWordWrap(True)

        self.body = body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(10)
        for w in (self.heading, self.total, self.exact, self.parts_title):
            w.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
            layout.addWidget(w)
        layout.addWidget(self.parts)
        line = QFrame()
        line.setFrameShape(QFrame.HLine)
        layout.addWidget(line)
        layout.addLayout(self.table)
        layout.addWidget(self.caveat)
        layout.addStretch(1)
        self.scroll = scroll = FoldingScroll(self._refold)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(body)
        self.fold = 0  # 0: all shown; 1: the figures' sources in their tooltips; 2: and no breakdown either;
        # 3: and the caveat in one line (a Dutch lesson step presenting at 1366x768 cut it off mid-sentence);
        # 4: and the exact count in the total's tooltip (the energy lesson quotes it: it goes last)
        self._folding = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    def title(self) -> str:
        return self.tr("Cost")

    # -- numbers --------------------------------------------------------------
    def part_names(self) -> dict[str, str]:
        return {"attention_projections": self.tr("attention: Q, K, V and output"),
                "attention_scores": self.tr("attention: scores and mixing"),
                "mlp": self.tr("feed-forward (MLP)"),
                "output_layer": self.tr("output layer (vocabulary)")}

    def figures(self) -> list[tuple[str, str, str, str]]:
        """(key, label, value, source) per row of the comparison table, as shown."""
        return list(self._rows)

    def export_table(self) -> tuple[list[str], list[list]]:
        header = ["key", "label", "value", "source"]
        rows = [list(r) for r in self._rows]
        if self.cost is not None:
            names = self.part_names()
            rows += [[f"flops_{k}", names[k], repr(getattr(self.cost, k)), self.tr("estimate")]
                     for k in self.PART_KEYS]
            rows.append(["flops_total", self.tr("FLOPs of this forward pass"), repr(self.cost.total),
                         self.tr("estimate")])
        return header, rows

    def _on_trace_changed(self, trace) -> None:
        # what this panel shows follows the model and the number of tokens only: a key that changes
        # a token but not their count leaves it as it is
        drawn = (self.state.model, trace.n_tokens if trace is not None else 0)
        if drawn == self._drawn_for and not self.visibility.defer():
            return
        self.refresh_soon()

    def redraw(self) -> None:
        loaded, trace = self.state.model, self.state.trace
        self._drawn_for = (loaded, trace.n_tokens if trace is not None else 0)
        if loaded is None:
            self.cost = None
            self.heading.setText(self.tr("No model is open."))
            self._fill(tokens=0)
            return
        tokens = trace.n_tokens if trace is not None else 0
        self.cost = C.forward_flops(loaded.cfg, tokens) if tokens else None
        self._fill(tokens)

    def _fill(self, tokens: int) -> None:
        loc = ui_locale()
        set_font_size(self.total, 2.2, bold=True)
        set_font_size(self.parts_title, 1.15, bold=True)
        loaded, cost = self.state.model, self.cost
        if loaded is not None:
            self.heading.setText(self.tr("One forward pass of {model} over {n} tokens").format(
                model=loaded.name, n=loc.toString(tokens)))
        if cost is None:
            self.total.setText(self.tr("Type some text to see its cost.") if loaded is not None else "")
            self.exact.setText("")
            self.parts_title.setText("")
            self.parts.set_bars([])
        else:
            self.total.setText(self.tr("≈ {flops}").format(flops=flops_text(cost.total)))
            self.exact.setText(self.tr("{n} floating-point operations (a multiply-add counts as two; "
                                       "an estimate that leaves out norms and softmax)")
                               .format(n=loc.toString(int(round(cost.total)))))
            self.total.setToolTip(self.exact.text())  # (folded furthest, the line under it goes)
            self.parts_title.setText(self.tr("Where the work goes"))
            total = max(cost.total, 1.0)
            names = self.part_names()
            self.parts.set_bars([Bar(names[k], getattr(cost, k) / total,
                                     f"{loc.toString(100 * getattr(cost, k) / total, 'f', 1)} %  "
                                     f"({flops_text(getattr(cost, k))})", key=k)
                                 for k in self.PART_KEYS])
        self._rows = self._comparison(tokens) if loaded is not None else []
        self._fill_table()
        self._fill_caveat()

    def _comparison(self, tokens: int) -> list[tuple[str, str, str, str]]:
        loaded, cost, loc = self.state.model, self.cost, ui_locale()
        n = loaded.n_params
        assumption = self.tr("estimate, assuming {g} GFLOP per joule").format(g=sig(C.CPU_FLOPS_PER_JOULE / 1e9))
        rows = [("params", self.tr("Parameters of this model"), loc.toString(int(n)), self.tr("counted"))]
        if cost is not None:
            rows.append(("energy", self.tr("Energy of this forward pass"), joules_text(cost.joules_estimate),
                         assumption))
            gpt3 = C.gpt3_forward_flops_per_token() * tokens
            rows.append(("gpt3_forward", self.tr("GPT-3 for the same {n} tokens").format(n=loc.toString(tokens)),
                         self.tr("≈ {f} ({x}× as much)").format(f=flops_text(gpt3), x=ratio_text(gpt3 / cost.total)),
                         self.tr("estimate: 2 FLOPs per parameter per token; size from {s}")
                         .format(s=C.SOURCES["gpt3_params"])))
        rows += [
            ("gpt3_params", self.tr("Parameters of GPT-3"),
             self.tr("{b} billion ({x}× this model)").format(b=sig(C.GPT3_PARAMS / 1e9),
                                                              x=ratio_text(C.GPT3_PARAMS / max(n, 1))),
             C.SOURCES["gpt3_params"]),
            ("gpt3_train_flops", self.tr("Training GPT-3 once"), flops_text(C.GPT3_TRAIN_FLOPS),
             C.SOURCES["gpt3_train_flops"]),
            ("gpt3_train_energy", self.tr("Energy to train GPT-3"),
             self.tr("≈ {mwh} MWh").format(mwh=loc.toString(int(C.GPT3_TRAIN_MWH))),
             C.SOURCES["gpt3_train_energy"]),
            ("gpt3_households", self.tr("… in households"),
             self.tr("the electricity of ≈ {h} households for a year").format(
                 h=loc.toString(int(round(C.households_for_gpt3_training())))),
             self.tr("estimate, assuming {k} kWh per household per year").format(
                 k=loc.toString(int(C.HOUSEHOLD_KWH_PER_YEAR)))),
            ("gpt3_co2", self.tr("CO₂ from training GPT-3"),
             self.tr("≈ {t} tonnes CO₂-equivalent").format(t=loc.toString(int(C.GPT3_TRAIN_TCO2E))),
             C.SOURCES["gpt3_train_energy"]),
        ]
        return rows

    ROW_KEYS = ("params", "energy", "gpt3_forward", "gpt3_params", "gpt3_train_flops", "gpt3_train_energy",
                "gpt3_households", "gpt3_co2")

    def _fill_table(self) -> None:
        """One block per figure: its name and value on one line, the source in small type below."""
        if not self._cells:  # built once; rows without a number (no text yet) are hidden
            for r, key in enumerate(self.ROW_KEYS):
                cells = (QLabel(), QLabel(), QLabel())
                cells[1].setObjectName(f"cost_{key}")
                cells[2].setProperty("role", "muted")
                for w in cells[:2]:
                    w.setContentsMargins(0, 8, 0, 0)  # air between one figure's source and the next figure
                cells[2].setContentsMargins(0, 4, 0, 0)  # (not the grid's spacing: a hidden source leaves none)
                for w in cells:
                    w.setWordWrap(True)
                    w.setTextInteractionFlags(Qt.TextSelectableByMouse)
                    w.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
                self.table.addWidget(cells[0], 2 * r, 0)
                self.table.addWidget(cells[1], 2 * r, 1)
                self.table.addWidget(cells[2], 2 * r + 1, 0, 1, 2)
                self._cells.append(cells)
            self.table.setColumnStretch(0, 2)
            self.table.setColumnStretch(1, 3)
        rows = {key: (label, value, source) for key, label, value, source in self._rows}
        for key, cells in zip(self.ROW_KEYS, self._cells):
            texts = rows.get(key)
            # hidden rows too: styling a label as it appears (the first key after an empty text) would
            # re-polish it then
            set_font_size(cells[0], 1.15)
            set_font_size(cells[1], 1.3, bold=True)
            set_font_size(cells[2], 0.9)
            for w in cells:
                w.setVisible(texts is not None and (w is not cells[2] or self.fold == 0))
            if texts is None:
                continue
            for w, text in zip(cells, texts):
                w.setText(text)
            for w in cells[:2]:
                w.setToolTip(texts[2])  # its source, also when a short panel leaves the line out
        self.table.setVerticalSpacing(0)
        self._refold(steady=True)

    def _refold(self, steady: bool = False) -> None:
        """In a panel too short for everything (a 1366x768 lesson), the sources go into the figures' tooltips
        first, then the breakdown goes: the total and the figures the lesson quotes stay in view. Each step is
        measured as laid out (hidden widgets take no room), the first that fits is kept.

        ``steady``: only the numbers changed (a key that added a token), not the room. The fold shown is
        measured as it is and kept while it fits and the room left could not hold what unfolding adds: trying
        each fold in turn moves every label three times, 1-2 ms a key with every panel on screen."""
        room, width = self.scroll.viewport().height(), self.scroll.viewport().width()
        if not self._cells or room <= 0 or width <= 0 or self._folding:
            return
        self._folding = True
        layout = self.body.layout()
        try:
            folds = (0, 1, 2, 3, 4)
            if steady:
                self.table.invalidate()
                layout.invalidate()
                spare = room - layout.totalHeightForWidth(width)
                if spare >= 0 and (self.fold == 0 or spare < self._unfold_adds(width)):
                    return
                if spare < 0:  # a less folded panel is taller still: only folding further can help
                    folds = tuple(range(self.fold + 1, 5))
            for fold in folds:
                self._apply_fold(fold)
                self.table.invalidate()  # (layouts keep the heights they measured until told)
                layout.invalidate()
                if layout.totalHeightForWidth(width) <= room:
                    break
        finally:
            self._folding = False

    def _unfold_adds(self, width: int) -> int:
        """At least the height that showing what the current fold hides would add (its widgets' own heights at
        the panel's full width: a narrower column only makes them taller)."""
        if self.fold >= 3:
            return 1 << 20  # (the whole caveat and the count come back when the room changes, not on a key)
        if self.fold == 2:
            hidden = [self.parts_title, self.parts]
        else:
            keys = {r[0] for r in self._rows}
            hidden = [cells[2] for cells, key in zip(self._cells, self.ROW_KEYS) if key in keys]
        return sum(w.heightForWidth(width) if w.hasHeightForWidth() else w.minimumSizeHint().height()
                   for w in hidden)

    def _apply_fold(self, fold: int) -> None:
        self.fold = fold
        keys = {r[0] for r in self._rows}
        for cells, key in zip(self._cells, self.ROW_KEYS):
            cells[2].setVisible(key in keys and fold == 0)
        for w in (self.parts_title, self.parts):
            w.setVisible(fold < 2)
        self.exact.setVisible(fold < 4)
        self._fill_caveat()

    def _fill_caveat(self) -> None:
        text = self.tr("All figures are estimates. Our own numbers are counted from the model's shape; the energy "
                       "per operation is an assumption ({g} GFLOP per joule for an ordinary CPU). GPT-3's figures "
                       "are published numbers from the sources named.").format(g=sig(C.CPU_FLOPS_PER_JOULE / 1e9))
        if self.fold >= 3:
            text = self.tr("All figures are estimates.")
        self.caveat.setText(text + (" " + self.tr("Point at a figure to see its source.") if self.fold else ""))

    def value_label(self, key: str) -> QLabel | None:
        """The label showing row ``key`` (for tests and screenshots)."""
        return self.findChild(QLabel, f"cost_{key}")
