"""Architecture panel: the network as a student would draw it, with its sizes in words.

Input → embedding (+ positions) → N blocks (attention with its heads, MLP) →
final norm → output over the vocabulary, top to bottom in the order the data
flows. Each part says how many numbers it learned (parameters). Clicking a
block selects that layer, clicking a head selects that head; the current
layer and head are highlighted, and the input box shows the selected token.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QLocale, QRectF
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from explainer.core.analysis.architecture import ArchitectureSummary, short_count, summarize
from explainer.gui import palette
from explainer.gui.panels.architecture_view import ARROW, GAP, MARGIN, ArchitectureView, Box, DiagramScroll
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState

class ArchitecturePanel(Panel):
    """The model's parts, their parameter counts and sizes in plain words; click to select.

    ``summary`` is the core ``ArchitectureSummary`` of the loaded model;
    ``view.boxes`` the parts as drawn.
    """

    panel_id = "architecture"

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.summary: ArchitectureSummary | None = None
        self._model_shown = False  # summary, headline and boxes are those of state.model
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setFont(palette.font(palette.current().font_pt * 1.15, bold=True))
        self.extras = QLabel()  # what this architecture adds (extra norms, sliding windows …), when anything
        self.extras.setWordWrap(True)
        self.extras.hide()
        self.view = ArchitectureView(self)
        scroll = DiagramScroll()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.extras)
        layout.addWidget(scroll, 1)
        state.token_changed.connect(self._on_selection_changed)
        state.layer_changed.connect(self._on_layer_changed)
        state.head_changed.connect(self._on_selection_changed)
        self.refresh()

    def title(self) -> str:
        return self.tr("Architecture")

    # -- words ----------------------------------------------------------------
    @staticmethod
    def locale() -> QLocale:
        """The UI locale; the bare C locale (no thousands separator) reads as English."""
        loc = QLocale()
        return QLocale(QLocale.English) if loc.language() == QLocale.C else loc

    def number(self, n: int) -> str:
        return self.locale().toString(int(n))

    def amount(self, n: int) -> str:
        """A parameter count in words: '2.1 million numbers'."""
        value, unit = short_count(n)
        units = {"": "", "thousand": self.tr("thousand"), "million": self.tr("million"),
                 "billion": self.tr("billion")}
        if not unit:
            return self.tr("{n} numbers").format(n=self.number(n))
        return self.tr("{v} {unit} numbers").format(v=self.locale().toString(value, "f", 1), unit=units[unit])

    def brief(self, n: int) -> str:
        """The start of ``amount``: '263.7 thousand', for a one-line box without room for 'numbers' too."""
        value, unit = short_count(n)
        units = {"thousand": self.tr("thousand"), "million": self.tr("million"), "billion": self.tr("billion")}
        return f"{self.locale().toString(value, 'f', 1)} {units[unit]}" if unit else self.number(n)

    def layout_boxes(self, width: float, line_h: float, fits_beside=None, wrap_extra=None,
                     room: float | None = None) -> list[Box]:
        """The diagram's boxes for a view ``width`` wide.

        Where the whole diagram is taller than ``room`` (the height in view), it folds step by step until it
        fits: first every block but the selected layer's goes on one line (its name, "Attention" with its
        heads, "MLP"), then the input, embedding, final norm and output, last the selected block too; so the
        way from the text at the top to the prediction at the bottom stays in view (on a 1366x768 projector the
        first lesson step showed only the first block). A one-line part keeps its count where it fits.

        ``fits_beside(title, count, box_width)`` says whether a title and its
        count share one line; where any does not, every part box puts its count
        on a line of its own and grows by that line, so nothing overlaps.
        ``wrap_extra(text, box_width)`` is how much lower the head squares go
        to clear the attention box's words where they wrap onto more lines; the
        blocks grow by as much.
        """
        if self.summary is None:
            return []
        boxes = self._layout(width, line_h, fits_beside, wrap_extra, ())
        every = {b.layer for b in self.summary.blocks}
        others = every - {self.state.layer}
        # then the input, embedding and output too; last the selected block (its frame still marks it)
        for compact, parts in ((others, False), (others, True), (every, True)):
            if room is None or boxes[-1].rect.bottom() + MARGIN <= room:
                break
            boxes = self._layout(width, line_h, fits_beside, wrap_extra, compact, parts)
        return boxes

    def _layout(self, width: float, line_h: float, fits_beside, wrap_extra, compact, parts: bool = False) -> list[Box]:
        s = self.summary
        n, boxes = self.number, []
        one_line = line_h + 10  # a part drawn on one line (``parts``): its words are in its tooltip
        arrow = ARROW * 0.6 if parts else ARROW
        x, w = MARGIN, width - 2 * MARGIN
        narrow_w = min(w - w * 0.56 - GAP, (w - self.label_w(w) - 2 * GAP) * 0.5)  # positions, attention, MLP
        stacked = fits_beside is not None and not all(
            fits_beside(title, count, narrow_w) for title, count in (
                (self.tr("+ Position"), self.amount(s.positions) if s.positions else ""),
                (self.tr("Attention"), self.amount(s.blocks[0].attention) if s.blocks else ""),
                (self.tr("MLP"), self.amount(s.blocks[0].mlp) if s.blocks else ""),
                (self.tr("Embedding"), self.amount(s.embedding))))
        extra = line_h if stacked else 0.0
        y = MARGIN
        boxes.append(Box("input", QRectF(x, y, w, one_line if parts else line_h * 3.2),
                         self.tr("Input: the text, cut into tokens"),
                         self.tr("each token is one of {v} in the vocabulary; at most {p} at a time")
                         .format(v=n(s.vocab_size), p=n(s.max_seq_len)), compact=parts))
        y = boxes[-1].rect.bottom() + arrow
        emb_h = one_line if parts else line_h * 2.7 + extra * 1.6  # stacked: title, count and two lines of detail
        pos_words = {
            "learned": self.tr("a learned list of {d} numbers for each place, added to the token")
            .format(d=n(s.d_model)),
            "sinusoidal": self.tr("fixed sine waves (nothing learned), added to the token"),
            "rope": self.tr("not added here: queries and keys are turned by position (RoPE)"),
            "none": self.tr("this model gets no position information"),
        }[s.positions_kind]
        if s.segments or s.embedding_norm:
            pos_words += self.tr("; also a segment vector and a norm") if s.segments else self.tr("; then a norm")
        if s.positions_kind == "rope" and s.rope_scaling:
            pos_words += self.tr(", scaled for long texts ({kind})").format(kind=s.rope_scaling)
        emb_w = w * 0.56
        boxes.append(Box("embedding", QRectF(x, y, emb_w, emb_h), self.tr("Embedding"),
                         self.tr("each token becomes a list of {d} numbers").format(d=n(s.d_model)),
                         self.amount(s.embedding), compact=parts, short=self.brief(s.embedding), plain=n(s.embedding)))
        boxes.append(Box("positions", QRectF(x + emb_w + GAP, y, w - emb_w - GAP, emb_h),
                         self.tr("+ Position"), pos_words, self.amount(s.positions) if s.positions else "",
                         compact=parts, short=self.brief(s.positions) if s.positions else "", plain=n(s.positions) if s.positions else ""))
        y += emb_h + arrow
        label_w = self.label_w(w)
        aw = (w - label_w - 2 * GAP) * 0.5
        heads_words = self.heads_words()
        wrapped = max((wrap_extra(text, aw) for text in heads_words.values()), default=0.0) if wrap_extra else 0.0
        block_h = line_h * 4.0 + extra + wrapped
        for b in s.blocks:
            small = b.layer in compact  # one line: its words and counts are in the selected block
            height = one_line if small else block_h
            rect = QRectF(x, y, w, height)
            boxes.append(Box("block", rect, self.tr("Block {i}").format(i=b.layer + 1), "",
                             self.amount(b.total), layer=b.layer, compact=small, short=self.brief(b.total)))
            inner_y, inner_h = (y + 4, height - 8) if small else (y + 8, height - 16)
            attn = QRectF(x + label_w, inner_y, aw, inner_h)
            heads_txt = heads_words["sliding" if b.layer in s.sliding_layers else "all"]
            boxes.append(Box("attention", attn, self.tr("Attention"), heads_txt, self.amount(b.attention),
                             layer=b.layer, compact=small, short=self.brief(b.attention), plain=n(b.attention)))
            mlp_words = self.tr("widens each token to {m} numbers, then back to {d}")
            boxes.append(Box("mlp", QRectF(attn.right() + GAP, inner_y, aw, inner_h), self.tr("MLP"),
                             mlp_words.format(m=n(s.d_mlp), d=n(s.d_model)), self.amount(b.mlp), layer=b.layer,
                             compact=small, short=self.brief(b.mlp), plain=n(b.mlp)))
            boxes += self._line_of_heads(attn, b.layer) if small else \
                self._head_boxes(attn, line_h, b.layer, extra + wrapped)
            y += height + arrow * 0.6
        y += arrow * 0.4
        if s.final_norm:
            boxes.append(Box("final_norm", QRectF(x, y, w, one_line if parts else line_h * 2.3 + extra),
                             self.tr("Final norm"), self.tr("rescales each list of numbers"),
                             self.amount(s.final_norm), compact=parts, short=self.brief(s.final_norm), plain=n(s.final_norm)))
            y = boxes[-1].rect.bottom() + arrow
        out_detail = self.tr("a score for every one of the {v} tokens → probabilities for the next one") \
            if s.causal else self.tr("a score for every one of the {v} tokens at each masked place")
        if s.tied and s.output == 0:  # on one line too: an output box without a number reads as "no weights"
            out_count, out_short = self.tr("shares the embedding's numbers"), self.tr("same as the embedding")
            out_plain = out_short
        else:
            out_count, out_short, out_plain = self.amount(s.output), self.brief(s.output), n(s.output)
        boxes.append(Box("output", QRectF(x, y, w, one_line if parts else line_h * 3.2 + extra),
                         self.tr("Output layer"), out_detail.format(v=n(s.vocab_size)), out_count, compact=parts,
                         short=out_short, plain=out_plain))
        if stacked:
            boxes = [dataclasses.replace(b, stacked=True) if b.part not in ("block", "head", "input")
                     and not b.compact else b for b in boxes]
        return boxes

    @staticmethod
    def label_w(width: float) -> float:
        """Width of a block's left column (its name and size)."""
        return min(230.0, width * 0.24)

    def heads_words(self) -> dict[str, str]:
        """What an attention box says about its heads: ``all`` layers, or a ``sliding`` window's."""
        s = self.summary
        words = {"all": (self.tr("{h} heads look back at earlier tokens") if s.causal else
                         self.tr("{h} heads look at all tokens")).format(h=s.n_head)}
        if s.sliding_layers:
            words["sliding"] = self.tr("{h} heads look back at most {w} tokens (sliding window)").format(
                h=s.n_head, w=self.number(s.sliding_window))
        return words

    def _head_boxes(self, attn: QRectF, line_h: float, layer: int, extra: float = 0.0) -> list[Box]:
        H = self.summary.n_head
        top = attn.top() + line_h * 2.0 + extra
        avail_w, avail_h = attn.width() - 24, attn.bottom() - top - 6
        side = max(6.0, min(28.0, avail_h, (avail_w - (H - 1) * 4) / max(H, 1)))
        return [Box("head", QRectF(attn.left() + 12 + h * (side + 4), top, side, side),
                    layer=layer, head=h) for h in range(H)]

    def _line_of_heads(self, attn: QRectF, layer: int) -> list[Box]:
        """A one-line block's heads: small squares at the right end of its attention box (still clickable)."""
        H = self.summary.n_head  # (at most 14 px and a third of the box: its count goes before them)
        side = max(6.0, min(attn.height() - 8, 14.0, (attn.width() / 3 - (H - 1) * 2) / max(H, 1)))
        # down to 10 px where that leaves room for the count as a number (at 1366x768 the attention boxes showed
        # no count beside the MLP's "526,080": as if attention had no weights)
        title, count = QFontMetricsF(self.view.fonts()[0]), QFontMetricsF(self.view.count_font())
        blocks = self.summary.blocks
        need = title.horizontalAdvance(self.tr("Attention")) + 38 + (  # (the margins ArchitectureView._fits keeps)
            count.horizontalAdvance(self.number(blocks[layer].attention)) if layer < len(blocks) else 0.0)
        if attn.width() - need < H * side + (H - 1) * 2:
            side = max(min(side, 10.0), (attn.width() - need - (H - 1) * 2) / max(H, 1))
        left = attn.right() - 8 - H * side - (H - 1) * 2
        top = attn.center().y() - side / 2
        return [Box("head", QRectF(left + h * (side + 2), top, side, side), layer=layer, head=h) for h in range(H)]

    def box_tooltip(self, box: Box) -> str:
        if box.part == "head":
            return self.tr("Block {l}, head {h}: click to select").format(l=box.layer + 1, h=box.head + 1)
        if box.compact and box.layer < 0:  # a part on one line: its count and words are here
            return f"{box.title}: {box.count}\n{box.detail}" if box.count else box.detail
        if box.layer >= 0 and box.compact:  # its numbers are not drawn on its one line: the tooltip has them
            if box.part == "block":
                text = self.tr("Block {l}: {count}. Click to look at this layer in the other panels.")
            else:
                text = self.tr("Block {l}, {part}: {count}. Click to look at this layer in the other panels.")
            text = text.format(l=box.layer + 1, part=box.title, count=box.count)
            return f"{text}\n{box.detail}" if box.detail else text
        if box.layer >= 0:
            return self.tr("Block {l}: click to look at this layer in the other panels").format(l=box.layer + 1)
        return box.detail

    def part_counts(self) -> dict[str, str]:
        """The count text each drawn part shows, keyed by part (and layer)."""
        out = {}
        for b in self.view.boxes:
            if b.part != "head":
                out[b.part if b.layer < 0 else f"{b.part}.{b.layer}"] = b.count
        return out

    # -- AppState -------------------------------------------------------------
    def invalidate(self) -> None:
        self._model_shown = False

    def redraw(self) -> None:
        if not self._model_shown:
            self._show_model()
            return
        # only the input box shows the text (its newest tokens): the rest of the diagram stays as it is
        box = next((b for b in self.view.boxes if b.part == "input"), None)
        if box is None:
            self.view.update()
        else:
            self.view.update(box.rect.toAlignedRect().adjusted(-4, -4, 4, 4))

    def _show_model(self) -> None:
        loaded = self.state.model
        self.summary = summarize(loaded.model) if loaded is not None else None
        if self.summary is None:
            self.headline.setText(self.tr("No model loaded."))
            self.extras.hide()
        else:
            s = self.summary
            self.headline.setText(self.tr("{name}: {blocks} blocks, {total} learned in training (parameters). "
                                          "Each token travels as a list of {d} numbers.")
                                  .format(name=loaded.name, blocks=s.n_layer, total=self.amount(s.total),
                                          d=self.number(s.d_model)))
        extras = self.extras_text()
        self.extras.setText(extras)
        self.extras.setVisible(bool(extras))
        self.view.relayout()
        self._model_shown = True

    def extras_text(self) -> str:
        """What this model adds to the plain diagram, in words: extra norms, scaled embeddings, windows."""
        s = self.summary
        if s is None:
            return ""
        parts = [text for on, text in (
            (s.scale_embeddings, self.tr("embeddings are multiplied by √{d}").format(d=self.number(s.d_model))),
            (s.qk_norm, self.tr("each head's queries and keys are normalised before they meet")),
            (s.sandwich_norm, self.tr("attention and MLP outputs get a norm of their own before they are "
                                      "added (four norms per block)")),
            (s.family.startswith("gemma"), self.tr("its norms scale by 1 + w (w is what the file stores)")),
            (bool(s.sliding_layers), self.tr("{n} of {l} blocks see only the last {w} tokens (sliding window)")
             .format(n=len(s.sliding_layers), l=s.n_layer, w=self.number(s.sliding_window))),
            (s.softcap, self.tr("scores and outputs are softly capped (tanh)"))) if on]
        return self.tr("Special in this model: {list}.").format(list="; ".join(parts)) if parts else ""

    def _on_selection_changed(self, _value: int) -> None:
        self.view.update()

    def _on_layer_changed(self, _layer: int) -> None:
        if any(b.compact for b in self.view.boxes):
            self.view.relayout()  # the newly selected block opens, the one before goes back to one line
        else:
            self.view.update()

    def box_clicked(self, box: Box) -> None:
        if box.layer >= 0:
            self.state.select_layer(box.layer)
        if box.head >= 0:
            self.state.select_head(box.head)

    def selected_boxes(self) -> list[Box]:
        """The boxes drawn highlighted now: the selected block and the selected head."""
        s = self.state
        return [b for b in self.view.boxes if (b.part == "block" and b.layer == s.layer)
                or (b.part == "head" and b.layer == s.layer and b.head == s.head)]
