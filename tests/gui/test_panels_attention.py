"""Attention panel on its own: full maps for masked models, the Q·K breakdown, the line view."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from explainer.core.trace import run
from explainer.gui import palette
from explainer.gui.panels.attention import AttentionPanel
from explainer.gui.panels.attention_qk import qk_breakdown


@pytest.fixture
def show(show_panel):
    """``show(loaded, text)``: an AttentionPanel on its own, drawing ``text`` (see ``show_panel`` in conftest)."""
    return functools.partial(show_panel, AttentionPanel, size=(1100, 700))


def test_bidirectional_model_draws_full_maps(show, tiny_mlm):
    state, panel, trace = show(tiny_mlm, "de kat zat")
    assert panel.heatmap.mask() is None
    assert panel.grid.mask() is None
    assert (trace.attn[0, 0] > 0).all()  # every token sees every token, including later ones
    np.testing.assert_array_equal(panel.heatmap.values(), trace.attn[0, 0])
    assert "Bidirectional" in panel.mode_label.text()


def test_causal_model_hides_the_future(show, tiny_model):
    state, panel, trace = show(tiny_model, "de kat zat")
    T = trace.n_tokens
    assert np.array_equal(panel.heatmap.mask(), np.triu(np.ones((T, T), bool), 1))
    assert "hidden" in panel.heatmap.describe(0, T - 1)


@pytest.mark.parametrize("fixture", ["tiny_model", "tiny_mlm"])
def test_qk_breakdown_reproduces_the_model(show, request, fixture):
    loaded = request.getfixturevalue(fixture)
    state, panel, trace = show(loaded, "de kat zat op")
    state.select_layer(1)
    state.select_head(1)
    state.select_token(4)
    panel.tabs.setCurrentWidget(panel.qk)
    bd = panel.qk.breakdown()
    np.testing.assert_allclose(bd.weights, trace.attn[1, 1, 4], atol=1e-5)
    np.testing.assert_allclose(bd.z, trace.z[1, 1, 4], atol=1e-4)
    q, k = trace.q[1, 1, 4].astype(np.float64), trace.k[1, 1].astype(np.float64)
    np.testing.assert_allclose(bd.dots, k @ q, rtol=1e-6)
    assert panel.qk.table.rowCount() == trace.n_tokens
    if trace.causal:
        assert panel.qk.table.item(5, 2).text() == "−∞" and "weight is 0" in panel.qk.table.item(5, 2).toolTip()
    assert "✓" in panel.qk.result.text()


def test_qk_breakdown_by_hand():
    q = np.array([1.0, 0.0])
    k = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 0.0]])
    v = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    bd = qk_breakdown(q, k, v, query=1, causal=True)
    np.testing.assert_allclose(bd.dots, [1.0, 0.0, 2.0])
    w = np.exp([1 / np.sqrt(2), 0.0])
    w /= w.sum()
    np.testing.assert_allclose(bd.weights, [w[0], w[1], 0.0])
    np.testing.assert_allclose(bd.z, w[0] * v[0] + w[1] * v[1])


def test_line_view_and_heatmap_clicks_select_the_query(show, qtbot, tiny_model):
    state, panel, trace = show(tiny_model, "de kat zat")
    panel.tabs.setCurrentWidget(panel.lines)
    np.testing.assert_array_equal(panel.lines.pattern(), trace.attn[state.layer, state.head])
    _T, row, _font, _col = panel.lines._geometry()
    qtbot.mouseClick(panel.lines, Qt.LeftButton, pos=QPoint(5, int(8 + 2.5 * row)))
    assert state.token == 2
    panel.tabs.setCurrentIndex(0)
    rect = panel.heatmap._plot_rect()
    cell = rect.height() / trace.n_tokens
    qtbot.mouseClick(panel.heatmap, Qt.LeftButton, pos=QPoint(int(rect.left() + 2), int(rect.top() + 4.5 * cell)))
    assert state.token == 4
    assert panel.heatmap._highlight == 4


def test_hidden_panel_draws_when_shown(show, tiny_model):
    state, panel, trace = show(tiny_model, "de kat")
    panel.hide()
    new = run(tiny_model.model, tiny_model.tokenizer, "de kat zat")
    state.accept_trace(state.next_request_id(), new)
    assert panel.heatmap.values().shape[0] == trace.n_tokens  # not redrawn while hidden
    panel.show()
    np.testing.assert_array_equal(panel.heatmap.values(), new.attn[state.layer, state.head])


# -- the heatmap on a projector -----------------------------------------------------------
@pytest.fixture
def zoomed():
    """The zoom presentation mode sets (restored afterwards)."""
    from PySide6.QtWidgets import QApplication

    from explainer.gui import palette

    palette.apply_theme("light", QApplication.instance(), scale=1.5)
    yield 1.5
    palette.apply_theme("light", QApplication.instance(), scale=1.0)


def _heatmap(qtbot, width, height, n=10):
    from explainer.gui.widgets.heatmap import HeatmapWidget

    heat = HeatmapWidget()
    qtbot.addWidget(heat)
    labels = [f"·tok{i}" for i in range(n)]
    heat.set_matrix(np.tril(np.ones((n, n))) / np.arange(1, n + 1)[:, None], labels, labels)
    heat.resize(width, height)
    return heat


def test_zoomed_labels_fit_their_cells_so_none_is_left_out(qtbot, zoomed):
    """The label font was capped to the cell before the zoom multiplied it: zoomed, every other label
    was dropped for lack of room. Now the font, zoom included, fits a cell."""
    from PySide6.QtGui import QFontMetricsF

    heat = _heatmap(qtbot, 520, 330)
    rect = heat._plot_rect()
    cell = rect.height() / 10
    assert cell > 12  # a size at which a label can fit
    assert QFontMetricsF(heat._label_font(cell)).height() <= cell


def test_a_low_heatmap_keeps_most_of_its_height_for_the_matrix(qtbot, zoomed):
    """A heatmap 150 px high (a 1366x768 projector) gave its labels a margin from a guess at the UI font and
    kept a 37-px matrix; the labels' margin now follows their own font and takes at most a third."""
    heat = _heatmap(qtbot, 430, 150)
    assert heat._plot_rect().height() >= 0.55 * 150


def test_a_matrix_with_fewer_rows_than_columns_uses_the_room_in_both_directions(qtbot):
    """Cells were sized from the longer side of the matrix and the shorter side of the widget, so the patching
    maps (4 layers x 10 tokens) in a wide, low dock drew cells 18 px high in a 300-px widget. Cells stay
    square and now take what both directions allow."""
    from explainer.gui.widgets.heatmap import HeatmapWidget

    heat = HeatmapWidget()
    qtbot.addWidget(heat)
    heat.set_matrix(np.linspace(0, 1, 40).reshape(4, 10), [f"L{i}" for i in range(4)], [f"·t{i}" for i in range(10)])
    heat.resize(900, 300)
    rect = heat._plot_rect()
    assert rect.width() / 10 == pytest.approx(rect.height() / 4)  # square cells
    assert rect.height() >= 0.6 * 300 or rect.right() >= 900 - 70 - 8 - 2  # one of the two directions is filled
    assert rect.height() / 4 > 40


def test_the_why_chart_fills_a_tall_dock_with_taller_cells(show_panel, tiny_model, qtbot):
    """The Why chart (4 layers x 5 parts) left a blank band under its square cells in a tall, narrow dock. Its
    cells may grow up to 1.6 times as tall as they are wide, which fills the dock, and are no taller."""
    from explainer.gui.panels.contributions import ContributionsPanel

    _, panel, _ = show_panel(ContributionsPanel, tiny_model, "De kat zat op de")
    qtbot.waitUntil(lambda: panel.explained is not None, timeout=60_000)
    heat = panel.chart
    rows, cols = heat._values.shape
    heat.resize(420, 520)
    rect = heat._plot_rect()
    cw, ch = rect.width() / cols, rect.height() / rows
    assert ch > 1.2 * cw  # taller than wide: the room below is used
    assert ch <= 1.6 * cw + 1e-6
    heat.resize(420, 3000)
    rect = heat._plot_rect()
    assert rect.height() / rows == pytest.approx(1.6 * rect.width() / cols)  # and never a slab


def test_the_caption_goes_beside_a_low_wide_heatmap_and_above_a_tall_one(qtbot):
    from PySide6.QtWidgets import QLabel

    from explainer.gui.widgets.captioned import Captioned

    heat = _heatmap(qtbot, 100, 100)
    caption = QLabel("Rows: the token that looks. Columns: the token it looks at. Brighter = more attention.")
    caption.setWordWrap(True)
    box = Captioned(heat, caption, QLabel("hover"))
    qtbot.addWidget(box)
    box.resize(700, 260)
    box.show()
    # in its own column, not over the matrix (once the layout has placed the matrix)
    qtbot.waitUntil(lambda: box.beside() and caption.geometry().left() > heat.geometry().right())
    beside = heat._plot_rect().height()
    assert caption.geometry().bottom() <= box.height()
    assert box.square_side(True, 700, 260) > box.square_side(False, 700, 260)
    box.resize(500, 700)
    qtbot.waitUntil(lambda: not box.beside() and caption.geometry().bottom() < heat.geometry().top())  # above
    box.resize(700, 260)
    qtbot.waitUntil(lambda: box.beside() and heat._plot_rect().height() == beside)


def test_a_zoomed_caption_beside_the_heatmap_keeps_a_few_words_a_line(qtbot):
    """Presenting at 1920x1080, the caption beside the attention heatmap had its 170 px of zoom 1 and ran to nine
    lines of one or two words ("Rows: the / token that / looks."). Its column grows with the zoom."""
    from PySide6.QtWidgets import QApplication, QLabel

    from explainer.gui import palette
    from explainer.gui.widgets.captioned import Captioned

    palette.apply_theme("light", QApplication.instance(), scale=1.6)
    heat = _heatmap(qtbot, 10, 10)
    caption = QLabel("Rows: the token that looks. Columns: the token it looks at. Brighter = more attention; "
                     "each row adds up to 1.")
    caption.setWordWrap(True)
    box = Captioned(heat, caption, QLabel("hover"))
    qtbot.addWidget(box)
    box.resize(620, 460)
    box.show()
    qtbot.wait(50)
    if box.beside():
        lines = caption.height() / caption.fontMetrics().lineSpacing()
        assert caption.width() >= 170 * 1.6 - 1 and lines <= 7, (caption.width(), lines)
    else:  # above: as wide as the heatmap
        assert caption.width() >= 0.9 * box.width()
    assert box.square_side(box.beside(), 620, 460) > 0


def test_a_caption_placed_beside_asks_no_height_of_the_dock(qtbot, tiny_model):
    """Beside the heatmap the caption wraps to many short lines; the dock must not count them as height the
    panel needs (the caption fits beside the matrix), or the attention dock scrolls on a projector."""
    from explainer.gui.docks import PanelScroller
    from explainer.gui.state import AppState

    state = AppState()
    state.set_model(tiny_model)
    panel = AttentionPanel(state)
    scroller = PanelScroller(panel)
    qtbot.addWidget(scroller)
    scroller.resize(740, 300)  # a 1366x768 projector's attention dock
    scroller.show()
    qtbot.waitUntil(lambda: panel.heat_box.beside())
    frame = scroller.widget()
    frame._hint = None
    with_beside = frame.minimumSizeHint().height()
    panel.heat_box.caption.setProperty("placed", False)
    frame._hint = None
    assert frame.minimumSizeHint().height() > with_beside  # what the wrapped lines would have added


def test_the_qk_table_keeps_four_rows_in_view(show, tiny_model):
    """At 1366x768 the steps' text above the table left it room for one row."""
    state, panel, trace = show(tiny_model, "de kat zat op de mat")
    panel.tabs.setCurrentWidget(panel.qk)
    table = panel.qk.table
    row = table.verticalHeader().defaultSectionSize()
    assert table.minimumHeight() >= table.horizontalHeader().sizeHint().height() + 4 * row


def test_row_labels_fit_the_margin_measured_for_them(qtbot, zoomed):
    """The margin was measured in the font of a first guess at the cell size; the final cells were larger, so
    was their font, and "·looked" was cut to "·look…" in presentation mode at 1920x1080."""
    from PySide6.QtGui import QFontMetricsF

    from explainer.gui.widgets.heatmap import HeatmapWidget

    heat = HeatmapWidget()
    qtbot.addWidget(heat)
    labels = ["The", "·cat", "·sat", "·on", "·the", "·mat", "·and", "·looked", "·at", "·the"]
    heat.set_matrix(np.tril(np.ones((10, 10))) / 10, labels, labels)
    heat.resize(340, 300)  # beside its caption in presentation mode: cells whose font follows their size
    rect = heat._plot_rect()
    metrics = QFontMetricsF(heat._label_font(rect.height() / 10))
    assert max(metrics.horizontalAdvance(s) for s in labels) <= rect.left() - 6  # the row labels' box


def test_the_weight_bars_of_q_k_step_by_step_are_drawn_to_scale_in_the_chart_colour(show_panel, tiny_model, qtbot):
    """Block characters in the text drew short black bars that read like text (18 % filled five of 24). Each
    weight is now a bar in the chart colour, as long as the weight times the column's room (1 fills it): read
    off the pixels of the table as drawn, row by row, against the softmax weights the table lists."""
    from explainer.gui.panels.attention_qk import WeightBarDelegate

    state, panel, trace = show_panel(AttentionPanel, tiny_model, "de kat zat op de mat", size=(1000, 600))
    panel.tabs.setCurrentWidget(panel.qk)
    query = trace.n_tokens - 2  # the last key is hidden from it: no bar there
    state.select_token(query)
    qtbot.wait(50)
    table, bd = panel.qk.table, panel.qk.breakdown()
    table.scrollToTop()
    qtbot.wait(20)
    image = table.viewport().grab().toImage()
    bar = palette.color("bar").rgb() & 0xFFFFFF
    column = table.columnCount() - 1
    room = table.columnWidth(column) - 2 * WeightBarDelegate.PAD
    assert room > 200  # the stretched last column
    checked = 0
    for r in range(table.rowCount()):
        cell = table.visualItemRect(table.item(r, column))
        if not table.viewport().rect().contains(cell):
            continue
        y = cell.center().y()
        drawn = sum((image.pixel(x, y) & 0xFFFFFF) == bar for x in range(cell.left(), cell.right() + 1))
        assert abs(drawn - bd.weights[r] * room) <= 2, (r, drawn, bd.weights[r] * room)
        assert table.item(r, column).toolTip() == table.item(r, 3).text()  # the percentage, on hover
        checked += 1
    assert checked >= 4
    assert bd.weights[query + 1] == 0  # (the hidden key drew nothing: checked above as 0 pixels)


def test_the_qk_table_shows_the_keys_a_query_weighs_not_those_it_cannot_see(show_panel, tiny_model, qtbot):
    """With the query in the middle of the text ('hij' in "… omdat hij moe was."), the table centred its row and
    showed mostly the later keys at -inf and 0 %, while the rows with the weights were out of sight. A causal
    query's row now goes to the bottom of the view, with the keys it weighs above it."""
    state, panel, trace = show_panel(AttentionPanel, tiny_model, "de kat zat op de mat omdat hij moe was en sliep",
                                     size=(900, 330))
    panel.tabs.setCurrentWidget(panel.qk)
    query = trace.n_tokens // 2
    state.select_token(query)
    qtbot.wait(50)
    table = panel.qk.table
    viewport = table.viewport().rect()
    assert table.verticalScrollBar().maximum() > 0  # not every row fits
    shown = [r for r in range(table.rowCount()) if viewport.intersects(table.visualItemRect(table.item(r, 0)))]
    assert query in shown
    above, below = [r for r in shown if r < query], [r for r in shown if r > query]
    assert len(above) >= 2 and len(below) <= 1


def test_the_qk_table_scrolls_to_the_query_row(show_panel, tiny_model, qtbot):
    """In presentation mode at 1366x768 the table showed its first four rows, and the lesson's query ('hij',
    the eighth token) was out of sight although the task asks to follow its steps."""
    state, panel, trace = show_panel(AttentionPanel, tiny_model, "de kat zat op de mat en hij", size=(900, 330))
    panel.tabs.setCurrentWidget(panel.qk)
    state.select_token(trace.n_tokens - 1)
    qtbot.wait(50)
    table = panel.qk.table
    viewport = table.viewport().rect()
    query_row = table.visualItemRect(table.item(trace.n_tokens - 1, 0))
    assert table.rowCount() == trace.n_tokens and table.verticalScrollBar().maximum() > 0
    assert viewport.contains(query_row.center())


@pytest.mark.parametrize("n_layer, fits", [(4, True), (30, False)])
def test_the_head_grid_fits_every_layer_in_view_while_its_thumbnails_stay_readable(show_panel, qtbot, n_layer,
                                                                                  fits):
    """On a 1366x768 projector (presentation mode, attention in focus) the grid's square thumbnails took the
    column's width, and its fourth layer lay under a scroll bar with room to spare beside the grid. They now
    shrink to show every layer, down to a size that stays readable; a 30-layer model scrolls."""
    from explainer.gui.widgets.head_grid import FIT_CELL
    from tests.conftest import make_tiny_model

    loaded = make_tiny_model(n_layer=n_layer, n_head=4)
    state, panel, trace = show_panel(AttentionPanel, loaded, "de kat zat op de mat", size=(1300, 560))
    grid, scroll = panel.grid, panel.grid_scroll
    left, top = grid._margins()
    wide = (grid.width() - left - 4) / 4  # the side the column's width alone would give
    room = scroll.viewport().height()
    qtbot.waitUntil(lambda: grid.room == scroll.viewport().height())
    if fits:
        assert top + n_layer * wide + 4 > room  # the case: square thumbnails as wide as the column did not fit
        qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() == 0)
        assert grid.heightForWidth(grid.width()) <= room
        l, h = grid.head_at(left + 3.5 * grid._cell(), top + (n_layer - 0.5) * grid._cell())  # the last layer
        assert (l, h) == (n_layer - 1, 3)  # can be clicked where it is drawn
    else:
        assert grid._cell() >= FIT_CELL and scroll.verticalScrollBar().maximum() > 0
    panel.resize(1300, 1600)  # room to spare: the thumbnails grow back to the column's width
    qtbot.waitUntil(lambda: grid._cell() == pytest.approx((grid.width() - left - 4) / 4) or not fits)


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_qk_table_rows_are_as_tall_as_their_text_and_a_little_air(qtbot, tiny_model, scale):
    """Presenting the attention step at 1366x768 in Dutch, the style's row padding left 7 of the sentence's 8
    weighted rows in view: the weights on screen added up to 83 %. Rows are now the text's height and 5 px."""
    from PySide6.QtWidgets import QApplication

    from explainer.core.trace import run
    from explainer.gui import palette
    from explainer.gui.panels.attention_qk import QKBreakdownWidget

    palette.apply_theme("light", QApplication.instance(), scale=scale)
    try:
        trace = run(tiny_model.model, tiny_model.tokenizer, "de kat zat op de mat en de hond")
        widget = QKBreakdownWidget()
        qtbot.addWidget(widget)
        widget.model_cfg = tiny_model.cfg
        widget.resize(700, 420)
        widget.show()
        qtbot.waitExposed(widget)
        widget.show_query(trace, 0, 0, trace.n_tokens - 1)
        table = widget.table
        text = table.fontMetrics().height()
        rows = [table.rowHeight(r) for r in range(table.rowCount())]
        assert all(text + 2 <= h <= text + 6 for h in rows), (text, set(rows))  # the text whole, little air
        qtbot.wait(20)
        room = table.viewport().height()
        whole = sum(1 for r in range(table.rowCount())
                    if 0 <= table.rowViewportPosition(r) and table.rowViewportPosition(r) + rows[r] <= room)
        assert whole >= room // (text + 6)
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)
