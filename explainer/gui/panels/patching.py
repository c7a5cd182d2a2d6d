"""Activation patching panel: where in the model does the difference between two sentences live?

Two texts of the same length, a clean one (the text box) and a corrupted one
("De kat zat op de mat" against "De hond zat op de mat"). The model's answer
after each differs; the logit difference between the two answers measures
which way it leans. Putting one piece of the clean run into the corrupted
run (the residual stream at one layer and position, or one head's output at
every position) and measuring how much of the difference comes back shows
where the information that decides the answer is carried
(``core.analysis.attribution.patching``). It is slow (a forward pass per
layer and head), so it runs on a button press, with progress; small models
also follow the text a moment after the last key.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from explainer.core.analysis.attribution import Patching, patching
from explainer.core.trace import tokenize_for_model
from explainer.gui import numfmt
from explainer.gui.panels._why import SlowJob, is_small, plain_label
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState
from explainer.gui.widgets.heatmap import HeatmapWidget
from explainer.gui.widgets.steady_label import SteadyLabel
from explainer.gui.widgets.token_chips import visible_token

# leads closer than this (the odds of the answer against the other word differ by under 11 %) leave nothing to
# share out: every share is a small push blown up (121 % of a difference of 0.06)
MIN_GAP = 0.1
LABEL_CHARS = 400  # the clean text's last characters shown (a long paste laid out whole held the window up)
MAX_TRIES = 16  # automatic swaps measured at most (the first in the text: the earliest that works is patched)
TRY_BATCH = 8  # texts in one forward pass while measuring them

# words a class knows, each with words of the same kind to swap it for (both ways); the texts are Dutch or English
_PAIRS = [("kat", "hond"), ("hij", "zij"), ("jongen", "meisje"), ("koning", "koningin"), ("zat", "stond"),
          ("keek", "liep"), ("mat", "bank"), ("tuin", "straat"), ("op", "onder"), ("naar", "bij"), ("dag", "nacht"),
          ("ochtend", "avond"), ("Amsterdam", "Parijs"), ("man", "vrouw"),
          ("cat", "dog"), ("he", "she"), ("boy", "girl"), ("king", "queen"), ("sat", "stood"), ("looked", "walked"),
          ("garden", "street"), ("on", "under"), ("at", "in"), ("day", "night"), ("morning", "evening"),
          ("man", "woman"), ("Paris", "London")]
SWAPS: dict[str, tuple[str, ...]] = {}
for _a, _b in _PAIRS:
    SWAPS[_a] = SWAPS.get(_a, ()) + (_b,)
    SWAPS[_b] = SWAPS.get(_b, ()) + (_a,)


def candidate_corruptions(text: str, limit: int | None = None, start: int = 0) -> list[tuple[int, str]]:
    """(word position, text) for every text made by swapping one well-known word (kat → hond …), in reading order;
    the first ``limit`` only, of the words that begin at character ``start`` or later (before it the model does not
    read: a long paste is cut to its context window). Each text is a whole copy: a 100,000-character paste has
    thousands of swappable words, and making them all took 20 s and 7 GB."""
    words = text.split(" ")
    out = []
    at = 0  # where word i begins in the text
    for i, word in enumerate(words):
        core = word.strip(".,!?;:")
        if at >= start:
            for other in SWAPS.get(core, ()):
                out.append((i, " ".join(words[:i] + [word.replace(core, other)] + words[i + 1:])))
                if limit is not None and len(out) >= limit:
                    return out
        at += len(word) + 1
    return out


def suggested_corruption(text: str, start: int = 0) -> str:
    """The text with its first well-known word swapped; the text itself when none is found (what the panel shows
    before it has measured which swap moves the answer: see ``PatchingPanel._compute``)."""
    found = candidate_corruptions(text, 1, start)
    return found[0][1] if found else text


def around_change(text: str, changed: str, reach: int = 40) -> str:
    """``changed`` cut to ``reach`` characters either side of where it first differs from ``text`` (… where cut):
    a corrupted long paste fits one line of the panel."""
    first = next((i for i, (a, b) in enumerate(zip(text, changed)) if a != b), min(len(text), len(changed)))
    a, b = max(0, first - reach), min(len(changed), first + reach)
    return ("…" if a else "") + changed[a:b] + ("…" if b < len(changed) else "")


def choose_corruption(gaps: list[float], positions: list[int]) -> int:
    """Which automatic swap to patch: the earliest word whose swap moves the answer by ``MIN_GAP`` or more (the
    further back, the further the information travels: a more telling map), the largest move at that word; when
    none does, the largest move of all."""
    enough = [i for i, g in enumerate(gaps) if g >= MIN_GAP]
    if not enough:
        return max(range(len(gaps)), key=lambda i: gaps[i])
    first = min(positions[i] for i in enough)
    return max((i for i in enough if positions[i] == first), key=lambda i: gaps[i])


class PatchingPanel(Panel):
    """Two heatmaps of the share recovered: residual stream (layer × position) and heads (layer × head).

    ``result`` is the Patching shown; ``corrupt_edit`` holds the corrupted text.
    """

    panel_id = "patching"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.result: Patching | None = None
        self._chosen: tuple[tuple, str] = ((), "")  # ((model, clean text), the automatic swap measured for them)
        self.intro = plain_label(self.tr(
            "Where does the model keep what decides its answer? Change one word (the corrupted text) and the "
            "answer changes. Then copy one piece of the first run into the second: the share of the answer "
            "that comes back (100 % = all, 0 % = nothing) shows where the information travels."))
        self.clean_label = SteadyLabel(keep=True)  # the typed text: new on every key
        self.corrupt_edit = QLineEdit()
        self.corrupt_edit.setPlaceholderText(self.tr("the same text with one word changed"))
        self.corrupt_edit.textEdited.connect(lambda _t: self._follow())
        self.run_button = QPushButton(self.tr("Run patching"))
        self.run_button.clicked.connect(self.start)
        form = QFormLayout()
        form.addRow(self.tr("Clean text:"), self.clean_label)
        row = QHBoxLayout()
        row.addWidget(self.corrupt_edit, 1)
        row.addWidget(self.run_button)
        form.addRow(self.tr("Corrupted text:"), row)
        self.job = SlowJob(self, "patching", wanted=self._wanted, begin=self.start)
        self.summary = SteadyLabel(keep=True)  # new on every key: repainted, not re-laid out
        self.resid_map, self.head_map = HeatmapWidget(), HeatmapWidget()
        for chart in (self.resid_map, self.head_map):
            chart.min_cell = 16  # readable cells and labels in a short dock (which scrolls instead)
        for heat in (self.resid_map, self.head_map):
            heat.signed = True
            heat.annotate = lambda v: numfmt.pct(v, 0)  # the share brought back, where the cells have room
            heat.colorbar_format = heat.annotate  # the bar in the cells' unit
        self.head_map.cell_clicked.connect(self._on_head_clicked)
        self.resid_map.cell_clicked.connect(lambda r, c: self.state.select_token(c))
        self.resid_title = QLabel(self.tr("Residual stream: entering each layer, at each position"))
        self.head_title = QLabel(self.tr("Each head's output (all positions)"))
        for title in (self.resid_title, self.head_title):
            title.setWordWrap(True)
        maps = QSplitter(Qt.Horizontal)
        for title, heat in ((self.resid_title, self.resid_map), (self.head_title, self.head_map)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(title)
            box_layout.addWidget(heat, 1)
            maps.addWidget(box)
        maps.setStretchFactor(0, 3)
        maps.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.job)
        layout.addWidget(self.summary)
        layout.addWidget(maps, 1)
        self.refresh()

    def title(self) -> str:
        return self.tr("Activation patching")

    def short_title(self) -> str:
        return self.tr("Patching")

    def invalidate(self) -> None:
        self.job.forget()
        self.result = None

    # -- what to compute --------------------------------------------------------
    def _texts(self) -> tuple[str, str]:
        """The clean text and the corrupted one typed ("": the panel swaps a word itself, see ``_compute``)."""
        return self.state.text, self.corrupt_edit.text()

    def _automatic(self) -> str:
        """The corrupted text the panel made for the clean one: the swap it measured, once it has; before, the
        first swap it can make."""
        clean = self.state.text
        if self._chosen[0] == (id(self.state.model), clean):
            return self._chosen[1]
        trace = self.state.trace  # where the model begins to read (a long paste is cut to its window)
        start = int(trace.spans[0, 0]) if trace is not None and trace.text == clean and trace.n_tokens else 0
        return suggested_corruption(clean, start)

    def redraw(self) -> None:
        loaded = self.state.model
        clean, typed = self._texts()
        self.clean_label.setText(clean if len(clean) <= LABEL_CHARS else "…" + clean[-LABEL_CHARS:])
        automatic = self._automatic() if not typed else clean
        if automatic != clean:  # grey, but used: say so
            self.corrupt_edit.setPlaceholderText(self.tr("automatic: {text}").format(
                text=around_change(clean, automatic)))
        if loaded is None or not clean:
            self.summary.setText(self.tr("Type a text, then a copy with one word changed."))
            return
        self._show()
        self._follow()

    def _wanted(self):
        return (id(self.state.model),) + self._texts()

    def _follow(self) -> None:
        """Small models: the maps follow the texts by themselves (see SlowJob.follow)."""
        self.job.follow(is_small(self.state.model) and self.state.trace is not None)

    def start(self) -> None:
        loaded = self.state.model
        if loaded is None:
            return
        clean, typed = self._texts()

        def ids(text):
            return tokenize_for_model(loaded.model, loaded.tokenizer, text)[0]

        c_ids = ids(clean)
        if typed:
            x_ids = ids(typed)
            if len(c_ids) != len(x_ids) or not c_ids:
                self.summary.setText(self.tr("The two texts must have the same number of tokens (now {a} and {b}). "
                                             "Change a word for a word of as many tokens.").format(a=len(c_ids),
                                                                                                  b=len(x_ids)))
                return
            if c_ids == x_ids:
                self.summary.setText(self.tr("The corrupted text is the same as the clean one: change a word."))
                return
            tries = [(0, typed)]
        else:  # the first swaps of known words; the job keeps those of as many tokens and measures which to patch
            trace = self.state.trace  # swaps where the model reads: a long paste is cut to its window
            start = int(trace.spans[0, 0]) if trace is not None and trace.text == clean and trace.n_tokens else 0
            tries = candidate_corruptions(clean, MAX_TRIES, start)
        if not tries or not c_ids:
            self.summary.setText(self.no_swap_text())
            return
        key = (id(loaded), clean)
        self.job.start(self._compute, loaded.model, loaded.tokenizer, c_ids, tries,
                       done=lambda answer: self._accept(answer, c_ids, key), failed=self._failed)

    def no_swap_text(self) -> str:
        return self.tr("No word here has a swap the panel knows (kat → hond, hij → zij …): type the corrupted "
                       "text yourself, one word changed.")

    @staticmethod
    def _compute(model, tokenizer, clean, tries, progress, cancelled) -> tuple[Patching | None, str]:
        """The patching of the corrupted text, or of the automatic swap that moves the answer (``choose_corruption``,
        among the ``tries`` of as many tokens as the clean text), and that text; (None, "") when no swap keeps the
        number of tokens. Texts are tokenized here, off the screen's thread (a long paste takes a while)."""
        import torch

        kept = [(pos, text, x) for pos, text in tries
                if len(x := tokenize_for_model(model, tokenizer, text)[0]) == len(clean) and x != clean]
        if not kept:
            return None, ""
        rows = []
        with torch.inference_mode():
            for a in range(0, len(kept), TRY_BATCH):  # a few texts a pass: a long text's batch stays small
                ids = torch.tensor([clean] + [x for _, _, x in kept[a:a + TRY_BATCH]], device=model.device)
                rows.append(model(ids, logits_at=[len(clean) - 1])[:, 0].float())  # (1 + n, V)
        logits = torch.cat([rows[0][:1]] + [r[1:] for r in rows])
        corruptions, positions = [x for _, _, x in kept], [pos for pos, _, _ in kept]
        answer, runner_up = (int(i) for i in logits[0].topk(2).indices)
        wrongs, gaps = [], []
        for row in logits[1:]:
            wrong = int(row.argmax())
            wrong = runner_up if wrong == answer else wrong  # the answer did not change: against the runner-up
            wrongs.append(wrong)
            gaps.append(float((logits[0, answer] - logits[0, wrong]) - (row[answer] - row[wrong])))
        pick = choose_corruption(gaps, positions)
        result = patching(model, clean, corruptions[pick], answer, wrongs[pick], progress=progress,
                          cancelled=cancelled)
        return result, kept[pick][1]

    def _accept(self, answer, clean_ids, key) -> None:
        result, text = answer
        if result is None:  # no swap of as many tokens: the panel cannot make one
            self.summary.setText(self.no_swap_text())
            return
        self.result, self._clean_ids = result, clean_ids
        if not self.corrupt_edit.text():
            self._chosen = (key, text)
            self.corrupt_edit.setPlaceholderText(self.tr("automatic: {text}").format(
                text=around_change(self.state.text, text)))
        self._show()

    def _failed(self, message: str) -> None:
        if not message.startswith("Stopped"):
            self.summary.setText(message)

    # -- drawing --------------------------------------------------------------
    def _show(self) -> None:
        r, loaded = self.result, self.state.model
        if r is None or loaded is None or self.job.shown_key != self._wanted():
            self._empty_maps(self.tr("not run yet"))
            if not self.job.running:
                self.summary.setText(self.tr("Press Run patching to compare the two texts."))
            return
        tok = loaded.tokenizer
        labels = [visible_token(tok.decode([t])) for t in self._clean_ids]
        L = r.resid.shape[0] - 1
        rows = [self.tr("L{n}").format(n=l + 1) for l in range(L)] + [self.tr("end")]
        gap = r.clean_diff - r.corrupt_diff
        too_close = not np.isfinite(gap) or gap < MIN_GAP  # (NaN: a model whose numbers overflowed)
        if too_close:  # nothing to bring back: every share would be noise, drawn in full colour
            self._empty_maps(self.tr("no map: the two runs hardly differ"))
        else:
            self.resid_map.set_matrix(r.recovered(r.resid), rows, labels, vmin=-1.0, vmax=1.0)
        if r.heads is not None and not too_close:
            H = r.heads.shape[1]
            self.head_map.set_matrix(r.recovered(r.heads), rows[:L], [self.tr("H{n}").format(n=h + 1)
                                                                       for h in range(H)], vmin=-1.0, vmax=1.0)
        best = np.unravel_index(int(np.nanargmax(r.recovered(r.heads))), r.heads.shape) \
            if r.heads is not None and not too_close else None
        if r.corrupt_diff < 0:
            text = self.tr("Clean answer “{a}”, corrupted answer “{b}”: the lead of “{a}” over “{b}” is {c} in the "
                           "clean run and {x} in the corrupted one.")
        else:
            text = self.tr("Both texts lead to “{a}”; its lead over “{b}” is {c} in the clean run and {x} in the "
                           "corrupted one. Change a word the answer depends on to see a clearer picture.")
        if too_close:
            text += " " + self.tr("The two leads differ by only {g}: too little to share out, so no map is "
                                  "drawn.").replace("{g}", numfmt.fmt(r.clean_diff - r.corrupt_diff, 2))
        if best is not None:
            text += " " + self.tr("The head that brings back most is layer {l}, head {h} ({s}).")
            if float(r.recovered(r.heads)[best]) > 1.0:
                text += " " + self.tr("More than 100 %: that head alone pushes the answer further than the whole "
                                      "clean run did.")
        self.summary.setText(text.format(
            a=visible_token(tok.decode([r.answer])), b=visible_token(tok.decode([r.wrong])),
            c=numfmt.fmt(r.clean_diff, 2), x=numfmt.fmt(r.corrupt_diff, 2),
            l=best[0] + 1 if best else 0, h=best[1] + 1 if best else 0,
            s=numfmt.pct(float(r.recovered(r.heads)[best])) if best else ""))

    def _empty_maps(self, why: str) -> None:
        for heat in (self.resid_map, self.head_map):  # (a map's own words are "no tokens yet": not so here)
            if heat.empty_text != why:
                heat.empty_text = why
                heat.update()
            heat.set_matrix(np.zeros((0, 0)))

    def _on_head_clicked(self, layer: int, head: int) -> None:
        self.state.select_layer(layer)
        self.state.select_head(head)

    def export_table(self):
        r = self.result
        if r is None:
            return None
        rows = [["resid", l + 1, p + 1, float(v)] for (l, p), v in np.ndenumerate(r.recovered(r.resid))]
        if r.heads is not None:
            rows += [["head", l + 1, h + 1, float(v)] for (l, h), v in np.ndenumerate(r.recovered(r.heads))]
        return ["piece", "layer", "position or head", "share recovered"], rows
