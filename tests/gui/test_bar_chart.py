"""The horizontal bar chart (next token, quiz, compare, bias, cost) against the bars it is given."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetricsF

from explainer.gui import palette
from explainer.gui.widgets.bar_chart import Bar, BarChartWidget, nice_scale


def bar_pixels_per_row(chart: BarChartWidget) -> list[int]:
    """How many pixels of the bar colour each row slot holds, as drawn."""
    image = chart.grab().toImage()
    bar = palette.color("bar").rgb() & 0xFFFFFF
    h = chart._pitch()
    counts = []
    for i in range(int((chart.height() - 4) // h) + 1):
        top, bottom = int(4 + i * h), min(chart.height(), int(4 + (i + 1) * h))
        n = 0
        for y in range(top, bottom):
            for x in range(0, chart.width(), 2):
                n += (image.pixel(x, y) & 0xFFFFFF) == bar
        counts.append(n)
    return counts


@pytest.mark.parametrize("rows_of_room", [5.5, 3.2, 10.9])
def test_a_low_chart_draws_whole_bars_and_counts_the_rest(qtbot, rows_of_room):
    """At 1366x768 the next-token dock is short: its sixth bar was drawn cut in half at the edge. A chart lower
    than its rows now draws only whole bars and says how many more there are; a tall one draws them all."""
    chart = BarChartWidget()
    qtbot.addWidget(chart)
    bars = [Bar(f"token{i}", 0.5 - 0.04 * i, f"{50 - 4 * i} %", key=i) for i in range(10)]
    chart.set_bars(bars)
    chart.resize(600, int(4 + rows_of_room * chart._row_height()))
    chart.show()
    qtbot.waitExposed(chart)
    fit = int((chart.height() - 4) // chart._compact_height())  # short of room, rows lose their padding first
    # else as many compact bars as leave room under them for the count's line, as tall as its text and a little
    expected = 10 if fit >= 10 else int((chart.height() - 4 - chart._more_height()) // chart._compact_height())
    assert chart._more_height() < chart._compact_height() < chart._row_height()
    assert chart.shown() == expected
    counts = bar_pixels_per_row(chart)
    assert all(n > 0 for n in counts[:expected])  # each shown row has its bar
    assert not any(counts[expected:])  # no bar (nor part of one) below: the "+ n more" line instead
    row = chart._pitch()
    assert chart.index_at(QPointF(10, 4 + (expected - 0.5) * row)) == expected - 1
    assert chart.index_at(QPointF(10, 4 + (expected + 0.5) * row)) == -1  # the note is not a candidate
    assert chart.bars() == bars  # every bar is still there for whoever reads the chart's data
    if expected < 10:  # the note's row has text; nothing is drawn below it
        image = chart.grab().toImage()
        background = image.pixel(chart.width() - 2, chart.height() - 2)
        note = range(int(4 + expected * row), int(4 + (expected + 1) * row))
        inked = [y for y in range(chart.height()) if any(image.pixel(x, y) != background
                                                         for x in range(0, chart.width(), 2))]
        assert any(y in note for y in inked)
        assert max(inked) < note.stop


def test_a_short_chart_tightens_its_rows_to_show_more_bars_whole(qtbot):
    """At 1366x768 in presentation mode the next-token chart had room for three bars and a "+ 7 more" line cut
    in half under a scroll bar. Rows now give up their padding before bars are left out: a chart 5.5 compact rows high
    shows four whole bars and its count, the bars still apart, and its minimum height holds what it shows."""
    chart = BarChartWidget()
    qtbot.addWidget(chart)
    chart.set_bars([Bar(f"t{i}", 0.5 - 0.04 * i, f"{i} %") for i in range(10)])
    chart.resize(500, int(4 + 5.5 * chart._compact_height()))
    assert int((chart.height() - 4) // chart._row_height()) <= 4  # at full pitch: three bars and the count
    chart.show()
    qtbot.waitExposed(chart)
    assert chart.shown() == 4  # five compact rows: four bars and the count
    counts = bar_pixels_per_row(chart)
    assert all(n > 0 for n in counts[:4]) and not any(counts[4:])
    image = chart.grab().toImage()
    bar = palette.color("bar").rgb() & 0xFFFFFF
    x = int(chart.label_column() + 2)
    column = [(image.pixel(x, y) & 0xFFFFFF) == bar for y in range(int(chart.row_rect(3).bottom()))]
    gaps = sum(1 for a, b in zip(column, column[1:]) if a and not b)
    assert gaps == 4  # four separate bars, not one block
    assert chart.minimumSizeHint().height() <= int(4 + 4 * chart._compact_height() + 8)


def test_the_count_line_takes_only_its_text_height(qtbot):
    """Presenting at 1366x768 the next-token chart (143 px high) showed three bars and "+ 7 more" over 25 px of
    nothing: room for a fourth bar but for a count line as tall as a bar. The line now takes its text's height."""
    chart = BarChartWidget()
    qtbot.addWidget(chart)
    chart.set_bars([Bar(f"t{i}", 0.5 - 0.04 * i, f"{i} %") for i in range(10)])
    text = QFontMetricsF(palette.font(palette.current().font_pt * 1.15)).height()
    chart.resize(500, int(4 + 4 * (text + 3) + (text + 2) + 1))  # four bars with 3 px of padding, and the line
    chart.show()
    qtbot.waitExposed(chart)
    assert chart.shown() == 4
    assert all(n > 0 for n in bar_pixels_per_row(chart)[:4])
    image = chart.grab().toImage()
    background = image.pixel(chart.width() - 2, chart.height() - 2)
    inked = [y for y in range(chart.height()) if any(image.pixel(x, y) != background for x in range(0, 500, 2))]
    assert max(inked) > chart.row_rect(3).bottom() + 0.3 * text  # the count is drawn under the fourth bar
    assert chart.more_text.startswith("+ 6 more")


@pytest.mark.parametrize("min_rows, shown", [(3, 3), (99, 8)])
def test_a_chart_at_its_minimum_height_draws_its_minimum_rows_whole(qtbot, min_rows, shown):
    """The bias panel compares two charts word by word, and at 1366x768 each showed one word of eight: its
    charts keep every row (the dock scrolls instead). Other charts keep three."""
    chart = BarChartWidget()
    chart.min_rows = min_rows
    qtbot.addWidget(chart)
    chart.set_bars([Bar(f"t{i}", 0.1 * i) for i in range(8)])
    chart.resize(500, chart.minimumSizeHint().height())
    assert chart.shown() == shown


def test_the_bias_panel_keeps_every_candidate(qtbot, tiny_model):
    from explainer.gui.panels.bias import BiasPanel
    from explainer.gui.state import AppState

    state = AppState()
    state.set_model(tiny_model)
    panel = BiasPanel(state)
    qtbot.addWidget(panel)
    assert all(chart.min_rows >= 20 for chart in panel.charts)


def test_a_tall_chart_spreads_its_bars_instead_of_leaving_a_blank_band(qtbot):
    """Ten next-token bars filled the top half of a tall dock and left a 200-px blank band under them: rows
    grow up to half as tall again where there is room, and never beyond."""
    chart = BarChartWidget()
    qtbot.addWidget(chart)
    chart.set_bars([Bar(f"t{i}", 0.1) for i in range(10)])
    base = chart._row_height()
    chart.resize(500, int(10 * base * 1.3 + 8))
    assert chart.row_rect(1).top() - chart.row_rect(0).top() > 1.2 * base  # the room is used
    assert chart.shown() == 10 and chart.row_rect(9).bottom() <= chart.height()
    chart.resize(500, 4000)
    assert chart.row_rect(1).height() == pytest.approx(1.5 * base)  # but bars do not become slabs
    chart.resize(500, int(10 * base + 8))
    assert chart.row_rect(1).height() == pytest.approx(base, abs=0.2)


def test_the_scale_value_has_its_own_room_under_the_bars(qtbot):
    """The bias charts keep all their rows at their minimum height, and the scale's "2 %" under the bars was
    drawn over the last row's "0,9 %". The minimum height now holds the scale's line too."""
    chart = BarChartWidget()
    chart.min_rows = 99
    qtbot.addWidget(chart)
    chart.set_bars([Bar(f"t{i}", 0.01 * i, f"{i} %") for i in range(8)], scale=0.02, scale_text="2 %")
    chart.resize(500, chart.minimumSizeHint().height())
    assert chart.shown() == 8
    assert chart.height() - chart.row_rect(7).bottom() >= 22


def test_the_favourite_fills_most_of_the_width(qtbot):
    """In presentation mode a 10.2 % favourite drew a bar a quarter of the chart wide: the scale jumped from 10
    to 20 % and a column for "100.0 % (→ 100.0 %)" was kept free even with no filter on. The scale now has
    steps close enough for two thirds of the width, and the values' column is as wide as its values."""
    tops = np.linspace(0.02, 1.0, 500)
    assert np.all(tops / np.array([nice_scale(t) for t in tops]) >= 2 / 3 - 1e-9)
    assert all(nice_scale(t) >= t for t in tops)
    chart = BarChartWidget()
    qtbot.addWidget(chart)
    values = [0.102, 0.093, 0.057]
    chart.set_bars([Bar(f"t{i}", v, f"{100 * v:.1f} %") for i, v in enumerate(values)], nice_scale(values[0]))
    chart.resize(900, 200)
    chart.show()
    qtbot.waitExposed(chart)
    image = chart.grab().toImage()
    bar = palette.color("bar").rgb() & 0xFFFFFF
    y = int(chart.row_rect(0).center().y())
    length = sum((image.pixel(x, y) & 0xFFFFFF) == bar for x in range(chart.width()))
    assert length >= 0.45 * chart.width()
    chart.set_bars([Bar(f"t{i}", v, f"{100 * v:.1f} %  (→ {200 * v:.1f} %)") for i, v in enumerate(values)],
                   nice_scale(values[0]))
    image = chart.grab().toImage()
    filtered = sum((image.pixel(x, y) & 0xFFFFFF) == bar for x in range(chart.width()))
    fm = QFontMetricsF(palette.font(palette.current().font_pt * 1.15))
    assert filtered < length  # a filter's longer values take room from the bars: they still fit after them
    assert chart.label_column() + filtered + 8 + fm.horizontalAdvance("10.2 %  (→ 20.4 %)") <= chart.width()


def test_the_bias_charts_scale_line_is_a_round_value_above_every_bar(qtbot, tiny_model):
    """The dashed line said "2 %" where the longest bar, 2.3 %, ended: the scale was the largest value, written
    rounded. It is now the round value above it (3 %), and the summary's difference is one that can reach
    its "100 % = no candidate in common" with candidates that hold little of the probability."""
    from explainer.core.analysis.bias import ProbeRow
    from explainer.gui.panels.bias import BiasPanel
    from explainer.gui.state import AppState

    state = AppState()
    state.set_model(tiny_model)
    panel = BiasPanel(state)
    qtbot.addWidget(panel)
    row = ProbeRow(template="{} werkt als", words=("hij", "zij"), sentences=("hij werkt als", "zij werkt als"),
                   token_ids=(1, 2, 3), labels=("a", "b", "c"), probs_a=(0.023, 0.0, 0.0),
                   probs_b=(0.0, 0.02, 0.015))
    panel._on_done(row)
    for chart in panel.charts:
        assert chart._scale == pytest.approx(0.03) and chart._scale_text == "3 %"
        assert all(bar.value <= chart._scale for bar in chart.bars())
    assert "differ by 100\u00a0%" in panel.summary.text()  # no candidate in common (the plain difference: 3 %)
    # the bars are in the order of both sentences together, as the summary says: a side on its own is not
    assert "in order of both sentences together" in panel.summary.text()
    assert [b.key for b in panel.charts[0].bars()] == [1, 2, 3]  # 2.3 %, then 0 % above 0 % on this side


def test_the_count_of_bars_left_out_gives_the_operator_a_hint_only_when_not_zoomed(qtbot):
    """"+ 6 more (make the panel taller)" is an instruction to whoever sits at the computer; in presentation mode
    (zoomed, on a projector) the class read it. Zoomed, the chart says only how many more there are."""
    from PySide6.QtWidgets import QApplication

    from explainer.gui import palette

    chart = BarChartWidget()
    qtbot.addWidget(chart)
    chart.set_bars([Bar(f"token{i}", 0.5 - 0.04 * i, f"{50 - 4 * i} %", key=i) for i in range(10)])
    try:
        for scale, hint in ((1.0, True), (1.5, False)):
            palette.apply_theme("light", QApplication.instance(), scale=scale)
            chart.resize(600, int(4 + 4.2 * chart._row_height()))
            chart.show()
            chart.grab()  # paints it
            left_out = 10 - chart.shown()
            assert left_out > 0
            assert chart.more_text.startswith(f"+ {left_out} more")
            assert ("make the panel taller" in chart.more_text) == hint
        # too narrow for the hint (each half of the Compare panel): the count alone, never "(make the panel h…"
        palette.apply_theme("light", QApplication.instance(), scale=1.0)
        chart.resize(260, chart.height())
        chart.grab()
        assert chart.more_text == f"+ {10 - chart.shown()} more"
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)


def test_the_scale_line_does_not_cross_out_a_value_written_across_it(qtbot):
    """The bias panel's dashed 20 % line ran through "15.1 %" written after a shorter bar: the line now leaves
    out the rows whose value text it would cross, and runs through the others."""
    chart = BarChartWidget()
    qtbot.addWidget(chart)
    chart.resize(420, 200)
    font = palette.font(palette.current().font_pt * 1.15)
    fm = QFontMetricsF(font)
    chart.set_bars([Bar("a", 0.2, "20.0 %"), Bar("b", 0.151, "15.1 %"), Bar("c", 0.02, "2.0 %")], scale=0.2,
                   scale_text="20 %")
    label_w = chart.label_column(fm)
    bar_w = max(20.0, chart.width() - label_w - chart._text_column(fm) - 16)
    end = label_w + bar_w
    start_b = label_w + 0.151 / 0.2 * bar_w + 8
    assert start_b < end < start_b + fm.horizontalAdvance("15.1 %")  # "15.1 %" is written across the line
    assert chart.scale_line_rows(fm, label_w, bar_w) == [0, 2]


def test_rows_follow_the_zoom(qtbot):
    """A row's height is measured once per font size and zoom: after a zoom the rows are measured again (a row
    kept from before would cut the larger text)."""
    from PySide6.QtWidgets import QApplication

    chart = BarChartWidget()
    qtbot.addWidget(chart)
    chart.set_bars([Bar(f"token{i}", 0.5 - 0.04 * i, f"{50 - 4 * i} %", key=i) for i in range(4)])
    heights = {}
    try:
        for scale in (1.0, 1.6, 1.0):
            palette.apply_theme("light", QApplication.instance(), scale=scale)
            want = QFontMetricsF(palette.font(palette.current().font_pt * 1.15)).height() + 12
            assert chart._row_height() == pytest.approx(want)
            heights[scale] = chart.sizeHint().height()
        assert heights[1.6] > heights[1.0] + 4 * 5
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)


def test_the_bias_probe_runs_again_when_parts_are_switched_off(qtbot, show_panel, tiny_model):
    """The probe kept the whole model's numbers after a part was switched off, while every other panel showed
    the model without it. Switching parts off or on now runs it again, with them."""
    from explainer.core.analysis.bias import probe
    from explainer.core.transformer import Interventions
    from explainer.gui.panels.bias import BiasPanel

    state, panel, _trace = show_panel(BiasPanel, tiny_model, "de kat")
    qtbot.waitUntil(lambda: panel.row is not None, timeout=10000)
    template, pair = panel.current_template(), panel.current_pair()
    whole = panel.row
    off = Interventions(mlp={0: None})
    state.set_interventions(off)
    qtbot.waitUntil(lambda: panel.row is not whole, timeout=10000)
    want = probe(tiny_model.model, tiny_model.tokenizer, template, pair, 8, off)
    assert panel.row.token_ids == want.token_ids
    np.testing.assert_allclose(panel.row.probs_a, want.probs_a, atol=1e-6)
    assert panel.row.probs_a != whole.probs_a
