"""Embedding, positions, architecture and lens panels: what they draw, and linked selection.

Each test reads back the data the plot items or painted cells hold and compares
it with an independent computation (torch, written out in the test).
"""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, Qt

from explainer.core.trace import run
from explainer.gui.panels.architecture import ArchitecturePanel
from explainer.gui.panels.embedding import EmbeddingPanel
from explainer.gui.panels.lens import LensPanel
from explainer.gui.panels.positions import PositionsPanel
from explainer.gui.state import AppState
from explainer.gui.widgets.token_chips import visible_token
from tests.conftest import make_tiny_model, whole_percent
from tests.core.test_analysis import make_tiny_llama


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LLM_EXPLAINER_CACHE", str(tmp_path / "cache"))


def feed(state: AppState, text: str):
    loaded = state.model
    trace = run(loaded.model, loaded.tokenizer, text, lens_k=5)
    assert state.accept_trace(state.next_request_id(), trace)
    return trace


class EventCount(QObject):
    """An event filter that counts one type of event (``count``) on whatever it is installed on."""

    def __init__(self, kind: QEvent.Type, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind, self.count = kind, 0

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == self.kind:
            self.count += 1
        return False


def make_state(loaded) -> AppState:
    state = AppState()
    state.set_model(loaded)
    return state


def shown(qtbot, panel_class, state, size):
    """``panel_class(state)`` on screen at ``size`` (width, height)."""
    panel = panel_class(state)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def all_panels(qtbot, state):
    panels = [cls(state) for cls in (EmbeddingPanel, LensPanel, ArchitecturePanel, PositionsPanel)]
    for p in panels:
        qtbot.addWidget(p)
        p.resize(1000, 700)
        p.show()
    qtbot.waitUntil(lambda: panels[0].fit_result is not None, timeout=30000)
    return panels


def pca(vectors: np.ndarray, basis) -> np.ndarray:
    x = torch.from_numpy(np.array(vectors)).double()
    return ((x - torch.from_numpy(basis.mean)) @ torch.from_numpy(basis.components).T).numpy()


def test_panels_have_ids_and_titles(qtbot):
    state = make_state(make_tiny_model())
    for panel in all_panels(qtbot, state):
        assert panel.panel_id in ("embedding", "lens", "architecture", "positions")
        assert panel.title()


# -- embedding ----------------------------------------------------------------------

def test_embedding_points_are_the_pca_of_the_trace_and_the_map_stays_put(qtbot):
    loaded = make_tiny_model()
    state = make_state(loaded)
    panel = EmbeddingPanel(state)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitUntil(lambda: panel.fit_result is not None, timeout=30000)
    bases = panel.fit_result.bases
    cloud_before = np.column_stack(panel.cloud_item.getData()).copy()
    range_before = panel.plot.getPlotItem().viewRange()

    trace = feed(state, "de kat zit")
    x, y = panel.token_item.getData()
    np.testing.assert_allclose(np.column_stack([x, y]), pca(trace.embed, bases.vocab), atol=1e-4)
    # the vocabulary cloud is the sampled embedding rows under the same basis
    wte = loaded.model.wte.weight.detach().numpy()
    np.testing.assert_allclose(cloud_before, pca(wte[bases.cloud_ids], bases.vocab), atol=1e-4)
    labels = [item.toPlainText() for item in panel.label_items if item.isVisible()]
    # a token typed twice ("t", the space) is one point here and gets one label, at its newest place
    newest = {t: i for i, t in enumerate(trace.tokens)}
    assert labels == [visible_token(t) for i, t in enumerate(trace.tokens) if newest[t] == i]
    assert len(labels) < trace.n_tokens

    trace2 = feed(state, "de kat zit op de mat en kijkt")
    assert panel.fit_result.bases is bases  # no refit while typing
    np.testing.assert_array_equal(np.column_stack(panel.cloud_item.getData()), cloud_before)
    x, y = panel.token_item.getData()
    np.testing.assert_allclose(np.column_stack([x, y]), pca(trace2.embed, bases.vocab), atol=1e-4)
    assert panel.plot.getPlotItem().viewRange() == range_before or all(
        lo2 <= lo1 and hi2 >= hi1 for (lo1, hi1), (lo2, hi2) in zip(range_before, panel.plot.getPlotItem().viewRange()))

    for layer in range(loaded.cfg.n_layer + 1):  # slider: residual stream at each point
        panel.slider.setValue(layer + 1)
        x, y = panel.token_item.getData()
        np.testing.assert_allclose(np.column_stack([x, y]), pca(trace2.resid[layer], bases.layers[layer]),
                                   atol=1e-4)
    # in the stream each place has its own point: a repeated token is labelled at every place (while there is room)
    assert len({(x[i], y[i]) for i in range(trace2.n_tokens)}) == trace2.n_tokens
    assert len([item for item in panel.label_items if item.isVisible()]) > len(set(trace2.tokens))
    panel.paths_box.setChecked(True)
    px, py = panel.path_item.getData()
    L1, T = trace2.resid.shape[0], trace2.n_tokens
    expected = pca(trace2.resid.reshape(L1 * T, -1), bases.paths).reshape(L1, T, 2)
    finite = ~np.isnan(px)
    np.testing.assert_allclose(np.column_stack([px[finite], py[finite]]),
                               expected.transpose(1, 0, 2).reshape(-1, 2), atol=1e-4)


def test_embedding_neighbours_are_nearest_by_centred_cosine(qtbot):
    loaded = make_tiny_model()
    state = make_state(loaded)
    panel = EmbeddingPanel(state)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.fit_result is not None, timeout=30000)
    trace = feed(state, "hallo")
    state.select_token(1)
    wte = loaded.model.wte.weight.detach()
    wte = wte - wte.mean(0)  # centred: the vocabulary mean removed ...
    top = torch.linalg.svd(wte, full_matrices=False).Vh[0]  # ... and the direction the rows share most
    rows = wte - torch.outer(wte @ top, top)
    sims = F.cosine_similarity(rows, wte[int(trace.token_ids[1])][None], dim=1)
    sims[int(trace.token_ids[1])] = -2  # the token itself is left out
    expected = torch.argsort(sims, descending=True)[:panel.neighbour_list.count()]
    assert panel.neighbour_ids.tolist() == expected.tolist()
    first = panel.neighbour_list.item(0).text()
    assert first.startswith(visible_token(loaded.tokenizer.token_label(int(expected[0]))))
    assert f"{float(sims[expected[0]]):+.2f}" in first


# -- lens ----------------------------------------------------------------------------

def test_lens_cells_equal_final_norm_and_unembedding_by_hand(qtbot):
    loaded = make_tiny_model()
    model = loaded.model
    state = make_state(loaded)
    panel = LensPanel(state)
    qtbot.addWidget(panel)
    trace = feed(state, "de kat zit op de")
    stream = torch.from_numpy(np.array(trace.resid))
    with torch.no_grad():
        normed = F.layer_norm(stream, (model.cfg.d_model,), model.ln_f.weight, model.ln_f.bias, model.cfg.norm_eps)
        probs = torch.softmax((normed @ model.wte.weight.T).double(), dim=-1)  # (L+1, T, V)
    probs = probs[1:]  # tied embeddings: the grid starts after block 1 (see test_vector_views.py)
    rows, cols = panel.grid.shape
    assert (rows, cols) == (model.cfg.n_layer, trace.n_tokens)
    for r in range(rows):
        for c in range(cols):
            top = int(probs[r, c].argmax())
            label, pct = panel.grid.cell_text(r, c)
            assert label == visible_token(loaded.tokenizer.token_label(top))
            assert pct == whole_percent(float(probs[r, c, top]))
            tip = panel.grid.describe(r, c)
            assert tip.count("%") == 5
    final = probs[-1].argmax(-1)
    pos = state.selected_position()
    expected_rank = [(probs[r, pos] > probs[r, pos, final[pos]]).sum().item() for r in range(rows)]
    assert panel.rank_curve().tolist() == expected_rank
    x, y = panel.rank_line.getData()
    assert x.tolist() == list(range(1, model.cfg.n_layer + 1))  # after block 1 .. L
    np.testing.assert_allclose(y, np.log10(np.array(expected_rank) + 1.0))
    # brighter cells for likelier tokens (cividis: luminance rises with probability)
    lum = [panel.grid.cell_color(r, c).lightness() for r in range(rows) for c in range(cols)]
    p = [float(probs[r, c].max()) for r in range(rows) for c in range(cols)]
    assert lum[int(np.argmax(p))] > lum[int(np.argmin(p))]


def test_lens_fills_the_grid_when_the_lens_arrives_after_the_trace(qtbot):
    import dataclasses

    state = make_state(make_tiny_model())
    panel = LensPanel(state)
    qtbot.addWidget(panel)
    full = run(state.model.model, state.model.tokenizer, "de kat zit", lens_k=5)
    plain = dataclasses.replace(full, lens_ids=None, lens_probs=None, lens_rank=None)
    request = state.next_request_id()
    assert state.accept_trace(request, plain)  # the forward pass first: no lens yet
    assert panel.grid.shape == (0, 0)
    assert state.accept_lens(request, full)  # then its lens, on lens_changed
    assert panel.grid.shape == (state.model.cfg.n_layer, full.n_tokens)
    np.testing.assert_array_equal(panel.grid.ids, full.lens_ids[1:])


def test_lens_grid_keeps_its_height_while_the_text_is_empty(qtbot):
    """From an empty text to the first key and back, the plot under the grid stays where it is."""
    state = make_state(make_tiny_model())
    panel = LensPanel(state)
    qtbot.addWidget(panel)
    panel.resize(900, 900)
    panel.show()
    model = state.model

    def show(text):
        trace = run(model.model, model.tokenizer, text, lens_k=5)
        request = state.next_request_id()
        state.accept_trace(request, trace)
        state.accept_lens(request, trace)
        qtbot.wait(1)

    show("")
    assert panel.grid.shape == (0, 0)
    geometry = panel.rank_plot.geometry()
    show("d")
    assert panel.grid.shape == (model.cfg.n_layer, 1)
    assert panel.rank_plot.geometry() == geometry
    show("")
    assert panel.grid.shape == (0, 0) and panel.rank_plot.geometry() == geometry


def test_lens_keeps_the_last_grid_until_the_next_lens_arrives(qtbot):
    import dataclasses

    state = make_state(make_tiny_model())
    panel = LensPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    model = state.model

    def without_lens(trace):
        return dataclasses.replace(trace, lens_ids=None, lens_probs=None, lens_rank=None)

    first = run(model.model, model.tokenizer, "de kat", lens_k=5)
    request = state.next_request_id()
    state.accept_trace(request, without_lens(first))
    state.accept_lens(request, first)
    height = panel.rank_plot.height()
    second = run(model.model, model.tokenizer, "de kat z", lens_k=5)
    request = state.next_request_id()
    state.accept_trace(request, without_lens(second))  # typed on: its lens is still being computed
    np.testing.assert_array_equal(panel.grid.ids, first.lens_ids[1:])  # no empty grid in between
    assert panel.rank_plot.height() == height  # nothing under the grid moved
    state.accept_lens(request, second)
    np.testing.assert_array_equal(panel.grid.ids, second.lens_ids[1:])
    request = state.next_request_id()
    state.accept_trace(request, run(model.model, model.tokenizer, ""))  # the text cleared: the grid too
    assert panel.grid.shape == (0, 0)
    state.accept_trace(state.next_request_id(), without_lens(first))
    state.accept_lens(state.latest_request_id, first)
    state.set_model(make_tiny_model(seed=1))  # another model: its lens, not the old one, or nothing
    state.accept_trace(state.next_request_id(), without_lens(run(state.model.model, state.model.tokenizer, "de")))
    assert panel.grid.shape == (0, 0)


def test_steady_label_keeps_room_for_its_lines_whatever_its_text(qtbot):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from explainer.gui.widgets.steady_label import SteadyLabel

    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    label, below = SteadyLabel(lines=2), QWidget()
    layout.addWidget(label)
    layout.addWidget(below, 1)
    long = "een wat langer bijschrift over «voorbeeldzin» dat over twee regels loopt"
    m = layout.contentsMargins()
    # about three quarters of the long caption fits on a line: it wraps to two lines
    box.resize(int(label.fontMetrics().horizontalAdvance(long) * 0.75) + m.left() + m.right(), 400)
    box.show()
    label.setText("kort")
    qtbot.wait(10)
    top = below.y()
    assert label.height() >= 2 * label.fontMetrics().lineSpacing()
    label.setText(long)
    qtbot.wait(10)
    assert label.heightForWidth(label.width()) > 1.5 * label.fontMetrics().lineSpacing()  # it did wrap
    assert below.y() == top  # one line or two: what lies under it does not move
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)  # a zoom: the room grows with the font
    assert label.minimumSizeHint().height() >= 2 * label.fontMetrics().lineSpacing()
    qtbot.wait(10)
    assert label.height() >= 2 * label.fontMetrics().lineSpacing()


def test_steady_label_asks_for_a_layout_only_when_its_text_needs_another_height(qtbot):
    """A QLabel re-lays out its whole panel for every new text; this one only when a line comes or goes."""
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from explainer.gui.widgets.steady_label import SteadyLabel

    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    label, below = SteadyLabel(), QWidget()
    layout.addWidget(label)
    layout.addWidget(below, 1)
    box.resize(300, 400)
    box.show()
    label.setText("Onzekerheid: 2,10 bits")
    qtbot.wait(10)
    requests = EventCount(QEvent.LayoutRequest)
    box.installEventFilter(requests)
    top = below.y()
    label.setText("Onzekerheid: 3,42 bits")  # another text on one line
    qtbot.wait(10)
    assert requests.count == 0 and label.text() == "Onzekerheid: 3,42 bits"
    assert below.y() == top
    image = QImage(label.size(), QImage.Format_ARGB32)
    image.fill(0)
    label.render(image)
    assert any(image.pixel(x, y) != 0 for x in range(0, label.width(), 2) for y in range(label.height()))
    long = "Onzekerheid: 3,42 bits, zo onzeker als een keuze uit ongeveer elf even waarschijnlijke woorden"
    label.setText(long)  # three lines or so at this width: the layout makes room
    qtbot.wait(10)
    assert requests.count >= 1
    assert below.y() > top and label.height() >= 2 * label.fontMetrics().lineSpacing()
    assert label.height() >= label.heightForWidth(label.width())
    width, wrapped = label.width(), label.heightForWidth(label.width())
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)  # a zoom: the same text measured again in the new font, not remembered
    assert label.heightForWidth(width) > 1.5 * wrapped

    from PySide6.QtWidgets import QSizePolicy

    label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)  # as QLabel does: still as high as its width needs
    assert label.sizePolicy().hasHeightForWidth()

    one_line = SteadyLabel(wrap=False, chars=10)  # one line, cut with an ellipsis where it gets too little room
    qtbot.addWidget(one_line)
    one_line.setText(long)
    assert one_line.sizeHint().width() < one_line.fontMetrics().horizontalAdvance(long) / 3
    assert one_line.sizeHint() == SteadyLabel(wrap=False, chars=10).sizeHint()  # whatever the text


@pytest.mark.parametrize("width", [560, 900])
def test_architecture_head_squares_sit_below_the_attention_words_however_they_wrap(qtbot, width):
    """At 1366x768 in presentation mode "4 heads look back at earlier tokens" wrapped, and its second line ran
    under the head squares: they now go below the words, and the block grows by the lines the words take."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    panel = shown(qtbot, ArchitecturePanel, make_state(make_tiny_model()), (width, 1200))
    view = panel.view
    fm = QFontMetricsF(view.fonts()[1])
    attention = [b for b in view.boxes if b.part == "attention"]
    assert attention
    wraps = []
    for box in attention:
        inner = box.rect.adjusted(12, 6, -12, -6)  # as painted
        top = inner.top() + view.line_h() * (2 if box.stacked else 1)
        words = fm.boundingRect(QRectF(0, 0, inner.width(), 1e6), int(Qt.AlignLeft | Qt.TextWordWrap), box.detail)
        wraps.append(words.height() > 1.5 * fm.lineSpacing())
        heads = [b for b in view.boxes if b.part == "head" and b.layer == box.layer]
        assert len(heads) == panel.summary.n_head
        assert min(h.rect.top() for h in heads) >= top + words.height() - 1, box.layer
        assert all(box.rect.contains(h.rect) for h in heads)
    if width == 560:
        assert all(wraps)  # the case that overlapped



# -- architecture -------------------------------------------------------------------

@pytest.mark.parametrize("make", [make_tiny_model, make_tiny_llama])
def test_architecture_shows_counts_that_add_up(qtbot, make):
    loaded = make()
    state = make_state(loaded)
    panel = ArchitecturePanel(state)
    qtbot.addWidget(panel)
    panel.resize(900, 900)
    panel.show()
    s = panel.summary
    assert s.total == loaded.model.n_params()
    counts = panel.part_counts()
    assert counts["embedding"] == panel.amount(s.embedding)
    for b in s.blocks:
        assert counts[f"block.{b.layer}"] == panel.amount(b.total)
        assert counts[f"attention.{b.layer}"] == panel.amount(b.attention)
        assert counts[f"mlp.{b.layer}"] == panel.amount(b.mlp)
    heads = [b for b in panel.view.boxes if b.part == "head"]
    assert len(heads) == loaded.cfg.n_layer * loaded.cfg.n_head
    assert panel.amount(s.total) in panel.headline.text()
    assert f"{loaded.cfg.d_model} numbers" in panel.headline.text()


@pytest.mark.parametrize("width", [740, 780])
def test_a_one_line_attention_box_makes_room_for_its_count(qtbot, width):
    """At 1366x768 (a 740-px dock) the one-line attention boxes showed "Attention ■■■■" with no count beside the
    MLP's "526,080", as if attention had no weights: the head squares shrink (to 10 px at least) to leave the
    count its room."""
    from explainer.gui import palette

    palette.apply_theme("light", scale=1.0)  # (the first test of a process is unthemed)
    state = make_state(make_tiny_model(n_layer=4, n_head=4, d_model=256))
    panel = shown(qtbot, ArchitecturePanel, state, (width, 420))
    feed(state, "de kat zat")
    view = panel.view
    qtbot.waitUntil(lambda: any(b.compact and b.part == "attention" for b in view.boxes))
    for b in view.boxes:
        if b.compact and b.part == "attention":
            assert view.compact_count(b), (b.layer, b.rect.width())
            heads = [h for h in view.boxes if h.part == "head" and h.layer == b.layer]
            assert all(h.rect.width() >= 10 for h in heads)


@pytest.mark.parametrize("n_layer, height", [(4, 600), (12, 520)])
def test_a_short_architecture_panel_keeps_the_text_and_the_prediction_in_view(qtbot, n_layer, height):
    """On a 1366x768 projector the first lesson step says the diagram runs "from the text at the top to the
    prediction at the bottom", and the panel showed the input and the first block. Where the whole diagram is
    taller than the panel, blocks go on one line (first all but the selected one, then the other parts, then
    that one too): the output layer is in view, every block is there, and its heads can still be clicked."""
    state = make_state(make_tiny_model(n_layer=n_layer, n_head=4))
    tall = shown(qtbot, ArchitecturePanel, state, (780, 3200))
    qtbot.waitUntil(lambda: not any(b.compact for b in tall.view.boxes))  # room for everything: nothing folded
    full_height = tall.view.minimumHeight()

    panel = shown(qtbot, ArchitecturePanel, state, (780, height))
    feed(state, "de kat zat")
    view = panel.view
    qtbot.waitUntil(lambda: any(b.compact for b in view.boxes))
    room = view.parentWidget().height()
    assert full_height > room  # the case: it did not fit
    output = next(b for b in view.boxes if b.part == "output")
    if n_layer == 4:
        assert output.rect.bottom() <= room  # the way to the prediction, without scrolling
        qtbot.waitUntil(lambda: view.height() <= room)
    else:  # twelve blocks on one line each take more than 520 pixels: the rest scrolls, folded as far as it goes
        assert all(b.compact for b in view.boxes if b.part != "head")
    blocks = [b for b in view.boxes if b.part == "block"]
    assert [b.layer for b in blocks] == list(range(n_layer))
    # the first lesson step points at "the numbers by each part": a part on one line still shows its count,
    # in words or as a plain number
    for b in view.boxes:
        if b.compact and b.part in ("attention", "mlp", "embedding", "positions", "final_norm"):
            count = view.compact_count(b)
            assert count in (b.count, b.short, b.plain) and count, (b.part, b.layer)
            assert b.count.startswith(b.short) and b.count != b.short, (b.count, b.short)
    # the output layer on one line said nothing at all (its weights are the embedding's): "no weights", to a class
    assert output.compact and view.compact_count(output) in (output.count, output.short) and view.compact_count(output)
    # all in one form: a projector showed "263,680" beside "526.1 thousand numbers"
    counted = [b for b in view.boxes if b.compact and b.part in ("attention", "mlp", "embedding", "positions",
                                                                   "final_norm")]
    forms = {[b.count, b.short, b.plain].index(view.compact_count(b)) for b in counted
             if view.compact_count(b) and b.short != b.plain}  # (below a thousand both are the number)
    assert len(forms) == 1, forms
    # the input box on one line shows the newest tokens, and "…" where earlier ones are left out
    feed(state, "de kat zat op de mat en keek naar de vogels in de tuin")
    view.grab()  # paints it
    assert 0 < view.first_drawn_token < state.trace.n_tokens
    assert panel.part_counts()[f"mlp.{n_layer - 1}"] == panel.amount(panel.summary.blocks[-1].mlp)
    assert "numbers" in panel.box_tooltip(blocks[-1])  # a folded block's sizes are in its tooltip
    head = next(b for b in view.boxes if b.part == "head" and b.layer == 2 and b.head == 3)
    assert next(b for b in blocks if b.layer == 2).rect.contains(head.rect)
    qtbot.mouseClick(view, Qt.LeftButton, pos=head.rect.center().toPoint())
    assert (state.layer, state.head) == (2, 3)
    assert {(b.part, b.layer, b.head) for b in panel.selected_boxes()} == {("block", 2, -1), ("head", 2, 3)}
    panel.resize(780, 3200)  # taller again: every block unfolds
    qtbot.waitUntil(lambda: not any(b.compact for b in panel.view.boxes))


def test_clicking_a_block_and_a_head_selects_them(qtbot):
    state = make_state(make_tiny_model())
    panel = shown(qtbot, ArchitecturePanel, state, (900, 900))
    block = next(b for b in panel.view.boxes if b.part == "block" and b.layer == 1)
    at = block.rect.topLeft().toPoint() + QPoint(20, 10)
    qtbot.mouseClick(panel.view, Qt.LeftButton, pos=at)
    assert state.layer == 1
    head = next(b for b in panel.view.boxes if b.part == "head" and b.layer == 0 and b.head == 1)
    qtbot.mouseClick(panel.view, Qt.LeftButton, pos=head.rect.center().toPoint())
    assert (state.layer, state.head) == (0, 1)
    assert {(b.part, b.layer, b.head) for b in panel.selected_boxes()} == {("block", 0, -1), ("head", 0, 1)}


# -- positions -----------------------------------------------------------------------

def test_positions_panel_shows_the_table_and_its_similarity(qtbot):
    loaded = make_tiny_model()
    state = make_state(loaded)
    panel = PositionsPanel(state)
    qtbot.addWidget(panel)
    trace = feed(state, "abc de")
    wpe = loaded.model.wpe.weight.detach()
    P = panel.left_image.image.shape[0]
    np.testing.assert_array_equal(panel.left_image.image, wpe[:P].numpy())
    sims = F.cosine_similarity(wpe[:P, None, :], wpe[None, :P, :], dim=-1)
    np.testing.assert_allclose(panel.right_image.image, sims.numpy(), atol=1e-5)
    xs, ys = panel.typed_box_right.getData()
    # the typed places are framed: places 1 … n, each a row of height 1 centred on its number
    assert min(xs) == min(ys) == 0.5 and max(xs) == max(ys) == trace.n_tokens + 0.5
    state.select_token(2)
    assert panel.sel_line_left.value() == pytest.approx(3)  # token 3, as the tokens panel numbers it
    rect = panel.left_image.mapRectToParent(panel.left_image.boundingRect())
    assert (rect.top(), rect.bottom()) == (0.5, 0.5 + P)  # row p of the table is drawn at place p + 1
    ticks = panel.left_plot.getPlotItem().getAxis("left")._tickLevels[0]  # numbered from 1: no "0" on the axis
    assert ticks[0] == (1.0, "1") and all(v >= 1 for v, _t in ticks) and ticks[-1][0] <= P


def test_a_new_model_paints_the_position_plots_once_they_are_set_up(qtbot):
    """A new model re-titles, re-ranges and refills both plots. Painted as pyqtgraph settles each step, the
    window repainted five times in one turn of the event loop (45 ms on a model switch with every panel
    floating); now the plots are painted in the next turn, set up for the new model, three times at most."""
    state = make_state(make_tiny_model())
    panel = shown(qtbot, PositionsPanel, state, (900, 600))
    feed(state, "abc de")
    paints = EventCount(QEvent.Paint, panel)
    for plot in (panel.left_plot, panel.right_plot):
        plot.viewport().installEventFilter(paints)
    for loaded in (make_tiny_llama(), make_tiny_model(seed=3), make_tiny_llama()):  # RoPE, table, RoPE
        qtbot.wait(50)
        paints.count = 0
        state.set_model(loaded)
        assert not panel.split.updatesEnabled()  # nothing painted halfway
        qtbot.waitUntil(panel.split.updatesEnabled, timeout=5000)
        qtbot.wait(50)
        assert 1 <= paints.count <= 3
        assert panel.kind == loaded.cfg.positions
    np.testing.assert_array_equal(panel.left_image.image, np.cos(panel.angles))


def test_positions_panel_rope_curve_for_the_selected_token(qtbot):
    loaded = make_tiny_llama()
    state = make_state(loaded)
    panel = PositionsPanel(state)
    qtbot.addWidget(panel)
    trace = feed(state, "de kat zit op de mat")
    state.select_layer(1)
    state.select_head(3)
    state.select_token(9)
    q_pos, k_pos = panel.curve_pair
    assert q_pos == 9 and k_pos == int(np.argmax(trace.attn[1, 3, 9]))
    mx, my = panel.curve_marker.getData()
    q, k = trace.q[1, 3, q_pos], trace.k[1, 3, k_pos]
    assert mx[0] == q_pos - k_pos
    assert my[0] == pytest.approx(float(q @ k) / math.sqrt(loaded.cfg.d_head), abs=1e-5)
    cx, cy = panel.curve_item.getData()
    assert cy[q_pos - k_pos] == pytest.approx(my[0], abs=1e-4)
    np.testing.assert_allclose(panel.left_image.image, np.cos(panel.angles))


# -- linked selection ---------------------------------------------------------------------

def test_selecting_a_token_in_one_panel_highlights_it_in_all(qtbot):
    state = make_state(make_tiny_model())
    emb, lens, arch, pos = all_panels(qtbot, state)
    trace = feed(state, "de kat zit op")

    def highlighted() -> dict:
        sizes = emb.token_item.data["size"]
        return {"embedding": int(np.argmax(sizes)) if sizes.max() > sizes.min() else -1,
                "lens": lens.grid.selected_col,
                "positions": round(pos.sel_line_left.value() - 1),
                "neighbours": emb.neighbour_title.text()}

    # click a lens cell: column 5, row "after block 2" (tied embeddings: the grid has no embedding row)
    assert lens.first_point == 1 and lens.row_name(1) == "after block 2"
    rect = lens.grid.cell_rect(1, 5)
    cell_w, cell_h, row_head_w, head_h = lens.grid.sizes()  # in view beside the pinned layer names
    lens.scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()), row_head_w + cell_w, head_h + cell_h)
    qtbot.mouseClick(lens.grid, Qt.LeftButton, pos=rect.center().toPoint())
    assert state.token == 5 and state.layer == 1
    h = highlighted()
    assert (h["embedding"], h["lens"], h["positions"]) == (5, 5, 5)
    assert visible_token(trace.tokens[5]) in h["neighbours"]
    assert lens.grid.selected_row == 1 and emb.slider.value() == 3
    assert {b.layer for b in arch.selected_boxes()} == {1}

    # click a point on the embedding map
    spot = emb.token_item.points()[2]
    emb.token_item.sigClicked.emit(emb.token_item, [spot], None)
    assert state.token == 2
    h = highlighted()
    assert (h["embedding"], h["lens"], h["positions"]) == (2, 2, 2)
    assert visible_token(trace.tokens[2]) in h["neighbours"]

    # the slider selects a layer everywhere
    emb.slider.setValue(2)  # after block 1
    assert state.layer == 0 and lens.grid.selected_row == 0
    assert {b.layer for b in arch.selected_boxes()} == {0}


def test_panels_survive_empty_text_and_model_switch(qtbot):
    state = make_state(make_tiny_model())
    emb, lens, arch, pos = all_panels(qtbot, state)
    feed(state, "")
    assert lens.grid.shape == (0, 0) and len(emb.token_item.getData()[0]) == 0
    state.set_model(make_tiny_model(causal=False))
    qtbot.waitUntil(lambda: emb.fit_result is not None, timeout=30000)
    trace = feed(state, "de [MASK] zit")
    assert lens.grid.shape == (2, trace.n_tokens)  # tied embeddings: after block 1 and 2, no embedding row
    assert arch.summary.total == state.model.model.n_params()


def test_basis_fit_runs_off_the_gui_thread_and_stale_fits_are_ignored(qtbot, monkeypatch):
    import threading

    from explainer.gui.panels import _fit_worker

    threads = []
    real = _fit_worker.load_or_fit_bases

    def recording(model, tokenizer):
        threads.append(threading.current_thread())
        return real(model, tokenizer)

    monkeypatch.setattr(_fit_worker, "load_or_fit_bases", recording)
    first, second = make_tiny_model(seed=0), make_tiny_model(seed=5)
    state = make_state(first)
    panel = EmbeddingPanel(state)
    qtbot.addWidget(panel)
    state.set_model(second)  # before the first fit answers
    qtbot.waitUntil(lambda: panel.fit_result is not None, timeout=30000)
    assert threads and all(t is not threading.main_thread() for t in threads)
    wte = second.model.wte.weight.detach().numpy()
    np.testing.assert_allclose(panel.fit_result.bases.cloud, pca(wte[panel.fit_result.bases.cloud_ids],
                                                                 panel.fit_result.bases.vocab), atol=1e-4)
    qtbot.wait(200)  # a late answer for the first model must not replace the second's map
    assert panel.fit_result.bases.fingerprint != "" and np.allclose(
        panel.fit_result.bases.cloud, pca(wte[panel.fit_result.bases.cloud_ids], panel.fit_result.bases.vocab),
        atol=1e-4)


# -- the logit-lens grid on a projector -------------------------------------------------------
@pytest.mark.parametrize("zoom", [1.0, 1.5])
def test_lens_cells_grow_with_the_zoom_and_hold_a_ten_letter_token(qtbot, zoom):
    """Zoomed (presentation mode) the cells kept their size while their fonts grew: "·Nederland" became
    "·Ne…" in the lesson's black-box step. Cells now grow with the zoom and hold ten characters."""
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from explainer.gui import palette
    from explainer.gui.panels import lens_grid

    palette.apply_theme("light", QApplication.instance(), scale=zoom)
    try:
        panel = LensPanel(make_state(make_tiny_model()))
        qtbot.addWidget(panel)
        cell_w, cell_h, row_head_w, head_h = panel.grid.sizes()
        assert (cell_h, row_head_w, head_h) == tuple(round(v * zoom) for v in (lens_grid.CELL_H, lens_grid.ROW_HEAD_W,
                                                                              lens_grid.HEAD_H))
        assert cell_w >= round(lens_grid.CELL_W * zoom)
        assert QFontMetricsF(panel.grid._token_font()).horizontalAdvance("·Nederland") <= cell_w - 8
        assert panel.grid.cell_rect(1, 2) == QRectF(row_head_w + 2 * cell_w, head_h + cell_h, cell_w, cell_h)
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)


def test_lens_grid_shows_the_newest_tokens_once_it_is_on_screen(qtbot):
    """Drawn before its dock was shown, the grid's scroll bar had no range yet, and the grid opened on the
    first tokens: the column of the prediction the other panels show was out of view."""
    state = make_state(make_tiny_model())
    panel = LensPanel(state)
    qtbot.addWidget(panel)
    panel.resize(600, 700)
    feed(state, "de kat zat op de mat en keek naar de vogels")
    panel.show()
    qtbot.waitExposed(panel)
    bar = panel.scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    last = panel.grid.cell_rect(0, panel.grid.shape[1] - 1)
    assert last.right() <= bar.value() + panel.scroll.viewport().width() + 1


def test_lens_rank_plot_goes_beside_the_grid_in_a_low_dock(qtbot):
    """A 1366x768 window gave the Layers panel about 390 px: the grid showed one layer above a rank plot whose
    labels ran together. There the plot now goes beside the grid, and every layer's row fits."""
    state = make_state(make_tiny_model())
    panel = shown(qtbot, LensPanel, state, (740, 390))
    feed(state, "de kat zat op de mat")
    qtbot.waitUntil(panel.rank_beside)
    panel.resize(740, 900)
    qtbot.waitUntil(lambda: not panel.rank_beside())
    panel.resize(420, 390)  # too narrow for both side by side: the plot stays below
    qtbot.wait(50)
    assert not panel.rank_beside()


def test_lens_rank_plot_goes_under_a_grid_whose_columns_it_would_cut(qtbot):
    """Lesson 12 at 1366x768 ("Amsterdam is de hoofdstad van"): beside the plot the grid showed three of its five
    tokens under a scroll bar, "·groots…" cut, with 190 px free under it. Where the grid shows every column at
    the whole width, the plot goes under it as long as it keeps its minimum height; a text too long for the
    whole width leaves the plot beside."""
    from explainer.gui.panels.lens import RANK_PLOT_MIN_H

    from explainer.gui import palette

    palette.apply_theme("light", scale=1.0)  # (the first test of a process is unthemed)
    state = make_state(make_tiny_model())
    panel = shown(qtbot, LensPanel, state, (923, 900))
    feed(state, "de ka")  # five tokens
    qtbot.waitUntil(lambda: panel.grid.shape[1] == 5)
    # room for the grid and the plot at 1.3 times its minimum: too little for both one above the other, as
    # the panel has it unless beside would cut the grid's columns
    above = panel.scroll.sizeHint().height() + panel.rank_title.sizeHint().height()
    panel.resize(923, int(panel.intro.heightForWidth(903) + 30 + above + 1.3 * RANK_PLOT_MIN_H))
    qtbot.waitUntil(lambda: not panel.rank_beside())
    qtbot.waitUntil(lambda: panel.scroll.horizontalScrollBar().maximum() == 0)  # every column in view
    assert panel.grid.sizes()[0] == panel.grid._whole_cells()[0]  # whole cells: no "·Nederl…"
    assert panel.rank_plot.height() >= RANK_PLOT_MIN_H
    feed(state, "de kat zat op de mat en keek naar de vogels in de tuin bij het huis")
    qtbot.wait(50)  # too long for either: it scrolls both ways, and under shows more of its tokens
    assert not panel.rank_beside()
    assert panel.scroll.viewport().width() >= 2 * panel.grid.sizes()[0] * 2  # some four tokens at once, not two
    above = panel.scroll.sizeHint().height() + panel.rank_title.sizeHint().height()
    panel.resize(923, int(panel.intro.heightForWidth(903) + 30 + above + 0.5 * RANK_PLOT_MIN_H))
    qtbot.waitUntil(panel.rank_beside)  # too low for the rows and the plot's minimum: beside, every layer shows


def test_presenting_lesson_12_the_layers_grid_shows_most_tokens_above_its_plot(qtbot):
    """Presenting lesson 12 at 1366x768, the Layers panel put its rank plot beside the grid: two of the five
    tokens showed under a scroll bar, with 190 px free under the grid. Zoomed, the grid does not fit whole
    under the plot either, but under it shows more tokens: there the plot goes under."""
    from explainer.gui import palette

    palette.apply_theme("light", scale=1.35)
    try:
        state = make_state(make_tiny_model())
        panel = shown(qtbot, LensPanel, state, (780, 660))
        feed(state, "de ka")  # five tokens
        qtbot.waitUntil(lambda: panel.grid.shape[1] == 5)
        qtbot.waitUntil(lambda: not panel.rank_beside())
        cell_w = panel.grid.sizes()[0]
        assert panel.scroll.viewport().width() // cell_w >= 4  # four of five tokens in view (beside: two)
        assert panel.rank_plot.height() >= 96  # the plot keeps its minimum
    finally:
        palette.apply_theme("light", scale=1.0)


@pytest.mark.parametrize("zoom", [1.0, 1.6])
def test_the_neighbour_list_is_wide_enough_for_its_rows_at_any_zoom(qtbot, zoom):
    """In presentation mode the neighbour list kept its 200 px while its font grew: "+0,27" read "+0."."""
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from explainer.gui import palette

    palette.apply_theme("light", QApplication.instance(), scale=1.0)
    try:
        state = make_state(make_tiny_model())
        panel = shown(qtbot, EmbeddingPanel, state, (900, 600))
        palette.apply_theme("light", QApplication.instance(), scale=zoom)
        panel.refresh()
        feed(state, "de kat zit op")
        panel.neighbour_list.ensurePolished()
        font = panel.neighbour_list.font()  # as drawn: the theme's style sheet sets its size
        assert font.pointSizeF() >= 0.99 * palette.current().font_pt * zoom
        row = f"{'·Republiek':<10} +0,27"
        assert panel.side.minimumWidth() >= QFontMetricsF(font).horizontalAdvance(row) + 20
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)



def test_position_maps_take_the_new_theme_diverging_colours(show_panel, tiny_model, qtbot):
    """The position-similarity maps were coloured once, when the panel was built: after View → Theme → Dark they
    kept the light theme's near-white zero. A redraw now takes the theme's own map."""
    from explainer.gui import palette

    state, panel, _ = show_panel(PositionsPanel, tiny_model, "De kat zat op de mat")
    qtbot.waitUntil(lambda: panel.left_image.image is not None)
    assert panel.left_image.lut is palette.diverging_lut()
    palette.apply_theme("dark", scale=1.0)
    panel.refresh()
    for image in (panel.left_image, panel.right_image):
        assert image.lut is palette.diverging_lut()
        assert palette.contrast(palette.QColor(*(int(v) for v in image.lut[128])), palette.color("base")) < 1.5


@pytest.mark.parametrize("max_seq_len, note", [(256, True), (64, False)])
def test_positions_panel_says_when_its_plots_stop_before_the_last_place(qtbot, max_seq_len, note):
    """The shipped model reads 256 places; the plots draw the first 128 and said nothing about the rest."""
    from explainer.gui.panels.positions import MAX_POSITIONS

    loaded = make_tiny_model(max_seq_len=max_seq_len)
    state = make_state(loaded)
    panel = PositionsPanel(state)
    qtbot.addWidget(panel)
    feed(state, "abc de")
    assert panel.left_image.image.shape[0] == min(max_seq_len, MAX_POSITIONS)
    said = f"first {MAX_POSITIONS} of {max_seq_len} places" in panel.intro.text()
    assert said == note


def test_the_lens_grid_writes_a_column_partly_under_the_layer_names_in_the_part_that_shows(qtbot):
    """Scrolled to the newest tokens, the grid's first visible column is partly under the pinned layer names.
    Drawn whole, "·grootste" read "grootste" and "·the" read "e"; left out, a grid only a few pixels too wide for
    its dock showed its first column (most of it in view) without a single word. Its words now go in the part
    that shows, cut with an ellipsis where they do not fit, and are left out only where that part is too narrow
    for a word."""
    from explainer.gui import palette

    state = make_state(make_tiny_model())
    panel = shown(qtbot, LensPanel, state, (560, 420))
    feed(state, "de kat zit op de mat en kijkt naar de tuin met de bomen")
    grid = panel.grid
    cell_w, _cell_h, row_head_w, head_h = grid.sizes()
    bar = panel.scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    state.select_token(20)  # no longer following the text's end
    qtbot.wait(20)

    def inked(image, xs, y0, y1, fill):  # pixels of text: neither the cell's fill nor the gaps between cells
        return sum(image.pixel(x, y) not in (fill, palette.color("base").rgb()) for x in xs for y in range(y0, y1))

    for covered, words in ((cell_w // 4, True), (cell_w - 12, False)):
        bar.setValue(20 * cell_w + covered)  # column 20 this far under the names
        qtbot.wait(20)
        left = -grid.x()
        assert left == 20 * cell_w + covered
        image = grid.grab().toImage()
        rect = grid.cell_rect(0, 20)
        visible = range(left + row_head_w + 2, int(rect.right()) - 2)
        assert len(visible) > 5
        fill = grid.cell_color(0, 20).rgb()
        assert image.pixel(visible[len(visible) // 2], int(rect.center().y())) == fill  # its colour is there
        assert (inked(image, visible, int(rect.top()) + 3, int(rect.bottom()) - 3, fill) > 0) == words
        if words:  # centred in the part that shows (centred in the whole cell, its start was under the names)
            xs = [x for x in visible for y in range(int(rect.top()) + 3, int(rect.bottom()) - 3)
                  if image.pixel(x, y) not in (fill, palette.color("base").rgb())]
            assert abs((min(xs) + max(xs)) / 2 - (left + row_head_w + rect.right()) / 2) <= 4
        heading = inked(image, visible, -grid.y() + 4, -grid.y() + head_h - 4, palette.color("base").rgb())
        assert (heading > 0) == words  # its token in the pinned row likewise
        whole = grid.cell_rect(0, 21)
        assert inked(image, range(int(whole.left()) + 2, int(whole.right()) - 2), int(whole.top()) + 3,
                     int(whole.bottom()) - 3, grid.cell_color(0, 21).rgb()) > 0


def lens_scrolled_to_the_end(qtbot, width) -> bool:
    """Scrolled to the newest tokens (as while typing), the first column in view was half under the pinned layer
    names at most widths ("·on" cut to its right half at 1920x1080). The grid now gets a little room right of its
    last column where that makes the first column in view begin exactly at the names; never a third of a column
    or more (a 1366x768 dock then showed one column beside a blank one), and the newest column is always whole."""
    state = make_state(make_tiny_model())
    panel = shown(qtbot, LensPanel, state, (width, 420))
    feed(state, "de kat zit op de mat en kijkt naar de tuin met de bomen")
    grid = panel.grid
    cell_w, _cell_h, row_head_w, _head_h = grid.sizes()
    bar = panel.scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    qtbot.wait(20)
    view = panel.scroll.viewport().width()
    assert cell_w == grid._whole_cells()[0]  # whole cells, scrolled (not narrowed to fit)
    lefts = [grid.cell_rect(0, c).left() - bar.value() for c in range(grid.shape[1])]  # in the view
    right = lefts[-1] + cell_w
    assert right <= view  # the newest column whole
    assert view - right < cell_w / 3 + 4  # and no blank of a third of a column or more beside it
    first = min(x for x in lefts if x + cell_w > row_head_w)  # the first column with any part in view
    padded = grid.width() > row_head_w + grid.shape[1] * cell_w + 4
    assert first == row_head_w or not padded
    return first == row_head_w


@pytest.mark.parametrize("width", [560, 585, 610, 640, 700, 760, 830])
def test_the_lens_grid_scrolled_to_the_newest_tokens_begins_with_a_whole_column_where_it_can(qtbot, width):
    lens_scrolled_to_the_end(qtbot, width)


def test_the_lens_grid_begins_with_a_whole_column_at_many_widths(qtbot):
    aligned = [lens_scrolled_to_the_end(qtbot, w) for w in range(560, 900, 20)]
    assert sum(aligned) >= len(aligned) // 3  # (a third of a column of room: about a third of all widths align)


def test_a_lens_grid_a_little_too_wide_narrows_its_cells_instead_of_scrolling(qtbot):
    """Presenting the black-box step at 1920x1080, a five-token grid was a few pixels wider than its dock: it
    scrolled to its newest token and its first column read "aris" for "Paris". A grid up to a fifth too wide
    now narrows its cells to fit, with no scroll bar; a long text keeps whole cells and scrolls."""
    from explainer.gui.panels import lens_grid

    state = make_state(make_tiny_model())
    panel = shown(qtbot, LensPanel, state, (900, 520))
    feed(state, "de kat zit op de mat")
    grid, bar = panel.grid, panel.scroll.horizontalScrollBar()
    natural, _h, row_head_w, _head = grid.sizes()
    cols = grid.shape[1]
    room = panel.scroll.viewport().width()
    # the panel just too narrow for these columns at their full width
    panel.resize(panel.width() - (room - (row_head_w + cols * natural + 4)) - 30, 520)
    qtbot.waitUntil(lambda: grid.room == panel.scroll.viewport().width())
    cell_w = grid.sizes()[0]
    assert lens_grid.SQUEEZE * natural <= cell_w < natural
    qtbot.waitUntil(lambda: grid.width() <= panel.scroll.viewport().width())
    assert bar.maximum() == 0  # nothing scrolled out of view
    # the narrowed cells write a word of CELL_CHARS whole in a smaller font (presenting lesson 12 at 1366x768 the
    # answer read "·Nederl…"): every cell's word as drawn is the whole word
    grid.labels[int(grid.ids[-1, -1, 0])] = "·Nederland"
    grid._texts[-1][-1] = ("·Nederland", grid._texts[-1][-1][1])
    grid.grab()  # paints it
    drawn = {static.text() for static, _w, _h in grid._labels._texts.values()}
    assert "·Nederland" in drawn and not any(t.endswith("…") for t in drawn)
    feed(state, "de kat zit op de mat en kijkt naar de tuin met de bomen en de vogels")
    qtbot.waitUntil(lambda: grid.shape[1] > 2 * cols)
    assert grid.sizes()[0] == natural  # far too wide: whole cells, scrolled
    qtbot.waitUntil(lambda: bar.maximum() > 0)


def test_the_position_cursor_ends_at_the_pictures_edge(qtbot):
    """The orange lines that mark the selected position ran on past the pictures into the margin round them."""
    state = make_state(make_tiny_model())
    panel = shown(qtbot, PositionsPanel, state, (900, 520))
    feed(state, "de kat zit op de mat")
    state.select_token(3)
    qtbot.wait(50)
    for line, image, along in ((panel.sel_line_left, panel.left_image, "x"),
                               (panel.sel_row_right, panel.right_image, "x"),
                               (panel.sel_col_right, panel.right_image, "y")):
        picture = image.mapRectToScene(image.boundingRect())
        drawn = line.mapRectToScene(line.boundingRect())
        if along == "x":
            assert picture.left() - 1.5 <= drawn.left() and drawn.right() <= picture.right() + 1.5
        else:
            assert picture.top() - 1.5 <= drawn.top() and drawn.bottom() <= picture.bottom() + 1.5
