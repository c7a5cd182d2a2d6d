"""Numbers follow the interface language: "3,4 %" in Dutch, "3.4 %" in English; CSV keeps '.'."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from explainer.core.trace import run
from explainer.gui import language, numfmt
from explainer.gui.panels.next_token import NextTokenPanel
from explainer.gui.state import AppState


@pytest.fixture
def ui_language(qapp):
    """Switch the interface language for one test and put the previous one back afterwards."""
    before = language.current()
    yield lambda lang: language.apply_language(lang, QApplication.instance())
    language.apply_language(before, QApplication.instance())


@pytest.mark.parametrize("lang, expected", [
    ("nl", ("0,69", "+0,69", "-0,313", "3,4\u00a0%", "1.500", "3,4\u00a0M", "12,1\u00a0ms 1.500")),
    ("en", ("0.69", "+0.69", "-0.313", "3.4\u00a0%", "1,500", "3.4\u00a0M", "12.1\u00a0ms 1,500")),
])
def test_numbers_follow_the_language(ui_language, lang, expected):
    ui_language(lang)
    got = (numfmt.fmt(0.6913, 2), numfmt.fmt(0.6913, 2, sign=True), numfmt.fmt(-0.3127, 3),
           numfmt.pct(0.0341), numfmt.count(1500), numfmt.human(3_400_000),
           numfmt.fill("{ms:.1f} ms {s:,}", ms=12.07, s=1500))
    assert got == expected
    assert numfmt.fmt(-0.0001, 2) in ("0,00", "0.00")  # no "-0,00"
    assert numfmt.fmt(float("nan")) == "–"


@pytest.mark.parametrize("lang, pattern, wrong", [("nl", r"^\d+,\d\u00a0%$", "."), ("en", r"^\d+\.\d\u00a0%$", ",")])
def test_next_token_bars_use_the_language_decimal_mark(qtbot, ui_language, tiny_model, lang, pattern, wrong):
    ui_language(lang)
    state = AppState()
    state.set_model(tiny_model)
    state.set_text("De kat")
    panel = NextTokenPanel(state)
    qtbot.addWidget(panel)
    panel.resize(700, 900)
    panel.show()
    trace = run(tiny_model.model, tiny_model.tokenizer, "De kat")
    state.accept_trace(state.next_request_id(), trace)
    qtbot.wait(50)
    chart = next(lst for lst in panel.lists if lst.isVisible()).chart
    texts = [bar.text for bar in chart.bars()]
    assert len(texts) >= 3
    assert all(re.match(pattern, t) for t in texts), texts
    # the same probabilities, written the other way round, would be wrong here
    probs = np.array([bar.value for bar in chart.bars()])
    assert texts[0].replace(wrong, "") == texts[0]
    assert float(texts[0].split()[0].replace(",", ".")) == pytest.approx(100 * probs[0], abs=0.051)


@pytest.mark.parametrize("lang, expected", [
    ("nl", ("0,5", "-6,9", "1,2e+04", "0", "Temperatuur 0,7")),
    ("en", ("0.5", "-6.9", "1.2e+04", "0", "Temperature 0.7")),
])
def test_significant_digits_follow_the_language(ui_language, lang, expected):
    ui_language(lang)
    word = "Temperatuur" if lang == "nl" else "Temperature"
    got = (numfmt.general(0.5), numfmt.general(-6.94), numfmt.general(12345), numfmt.general(-0.0),
           numfmt.fill(word + " {t:g}", t=0.7))
    assert got == expected


@pytest.mark.parametrize("lang, decimals, whole", [("nl", ["0,5", "1,0", "-2,5"], ["2.000", "2.500"]),
                                                    ("en", ["0.5", "1.0", "-2.5"], ["2,000", "2,500"])])
def test_plot_ticks_follow_the_language(qtbot, ui_language, lang, decimals, whole):
    """The embedding map's axes read "0.2 … 1.0" in the Dutch window beside text that writes "+0,44"; the
    timeline's "2000 2500" under a title saying "Stap 2.500". Ticks now use the language's marks."""
    from explainer.gui.panels._plots import styled_plot

    ui_language(lang)
    plot = styled_plot("x", "y")
    qtbot.addWidget(plot)
    axis = plot.getPlotItem().getAxis("bottom")
    assert axis.tickStrings([0.5, 1.0, -2.5], 1.0, 0.5) == decimals
    assert axis.tickStrings([2000, 2500], 1.0, 500) == whole
    assert axis.tickStrings([1, 2, 3], 1.0, 1) == ["1", "2", "3"]


@pytest.mark.parametrize("lang, marks, signed", [("nl", ["1", "0,5", "0"], ["6,9", "0", "-6,9"]),
                                                   ("en", ["1", "0.5", "0"], ["6.9", "0", "-6.9"])])
def test_heatmap_colour_bar_numbers_follow_the_language(qtbot, ui_language, lang, marks, signed):
    from explainer.gui.widgets.heatmap import HeatmapWidget

    ui_language(lang)
    heat = HeatmapWidget()
    qtbot.addWidget(heat)
    heat.set_matrix(np.array([[0.0, 1.0], [0.25, 0.75]]), ["a", "b"], ["a", "b"])
    assert [text for _frac, text in heat.colorbar_labels()] == marks
    heat.set_matrix(np.array([[-6.94, 6.94]]), vmin=-6.94, vmax=6.94)
    assert [text for _frac, text in heat.colorbar_labels()] == signed


def test_maps_whose_cells_are_percentages_have_a_colour_bar_in_percent(qtbot, ui_language, tiny_model):
    """The head detectors and activation patching write "3 %" in their cells while their colour bars said 1,
    0.5, 0 (and patching's -1): one unit on the whole map now."""
    from explainer.gui import numfmt
    from explainer.gui.panels.heads import HeadsPanel
    from explainer.gui.panels.patching import PatchingPanel
    from explainer.gui.state import AppState

    ui_language("en")
    state = AppState()
    state.set_model(tiny_model)
    heads, patching = HeadsPanel(state), PatchingPanel(state)
    for panel in (heads, patching):
        qtbot.addWidget(panel)
    heads.grid.set_matrix(np.array([[0.03, 0.5]]), ["L1"], ["H1", "H2"])
    assert [t for _f, t in heads.grid.colorbar_labels()] == [f"100{numfmt.NBSP}%", f"50{numfmt.NBSP}%",
                                                               f"0{numfmt.NBSP}%"]
    patching.resid_map.set_matrix(np.array([[-0.2, 0.9]]), ["a"], ["b", "c"], vmin=-1.0, vmax=1.0)
    assert [t for _f, t in patching.resid_map.colorbar_labels()] == [f"100{numfmt.NBSP}%", f"0{numfmt.NBSP}%",
                                                                       f"-100{numfmt.NBSP}%"]
    assert "100 % = all" in patching.intro.text()


def test_a_plot_writes_the_number_at_the_top_of_its_axis_whole(qtbot):
    """The timeline's "10" sat on the plot's top edge, cut in half: the number is drawn inside the plot."""
    from PySide6.QtGui import QImage, QPainter

    from explainer.gui.panels._plots import styled_plot

    plot = styled_plot("step", "loss")
    qtbot.addWidget(plot)
    plot.resize(500, 300)
    plot.plot([0, 100, 300, 800, 1500, 2500], [9.75, 6.3, 5.2, 4.5, 4.1, 3.9])
    plot.getPlotItem().setYRange(3.9, 10.0, padding=0)
    plot.show()
    qtbot.waitExposed(plot)
    qtbot.wait(50)
    axis = plot.getPlotItem().getAxis("left")
    image = QImage(10, 10, QImage.Format_ARGB32)
    painter = QPainter(image)
    texts = {text: rect for rect, _flags, text in axis.generateDrawSpecs(painter)[2]}
    painter.end()
    assert "10" in texts
    top = plot.mapFromScene(axis.mapToScene(texts["10"].topLeft()))
    assert top.y() >= 0
    assert axis.boundingRect().contains(texts["10"])  # (what the axis' cached pixmap holds)


@pytest.mark.parametrize("text, kept", [
    ("(170 MB of 768 MB)", "(170\u00a0MB of 768\u00a0MB)"),
    ("1.287 MWh aan stroom", "1.287\u00a0MWh aan stroom"),
    ("≈ 3,15 TFLOP, 13,2 mJ, 12 ms, 7,62 bits", "≈ 3,15\u00a0TFLOP, 13,2\u00a0mJ, 12\u00a0ms, 7,62\u00a0bits"),
    ("stap 2.500 (6 van 6)", "stap\u00a02.500 (6 van 6)"),
    ("3 Mensen en 4 Bomen, 5 mijl, 2 stappen", "3 Mensen en 4 Bomen, 5 mijl, 2 stappen"),  # words, not units
    ("Step 3 of 10: 50 %", "Step\u00a03 of 10: 50\u00a0%"),
])
def test_a_number_stays_on_one_line_with_its_unit(text, kept):
    """A projector review found "(170 MB van 768" at the end of a line and "MB)" alone on the next, "1.287" and
    "MWh" likewise in the lesson text, and "stap" apart from "2.500": the space there is now one no line breaks
    at. Words that merely start like a unit keep their ordinary space."""
    assert numfmt.keep_units(text) == kept


def test_a_wrapping_label_keeps_a_number_and_its_unit_together(qtbot):
    """The label itself: at every width, no line ends in a number whose unit starts the next line."""
    from PySide6.QtGui import QTextLayout
    from PySide6.QtWidgets import QLabel

    text = numfmt.fill("{a:.0f} of {b:.0f} checkpoints in memory ({m:.0f} MB of {n:.0f} MB)", a=6, b=6, m=170, n=768)
    label = QLabel(text)
    label.setWordWrap(True)
    qtbot.addWidget(label)
    for width in range(60, 400, 7):
        layout = QTextLayout(text, label.font())
        layout.beginLayout()
        lines = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append(text[line.textStart():line.textStart() + line.textLength()])
        layout.endLayout()
        for first, second in zip(lines, lines[1:]):
            assert not (first.rstrip()[-1:].isdigit() and second.startswith("MB")), (width, lines)


@pytest.mark.parametrize("p, text", [(0.004, "<1\u00a0%"), (0.0, "0\u00a0%"), (0.005, "0\u00a0%"), (0.0051, "1\u00a0%"),
                                     (0.38, "38\u00a0%"), (0.9949, "99\u00a0%"), (0.996, ">99\u00a0%"),
                                     (1.0, "100\u00a0%")])
def test_a_whole_percentage_never_says_zero_for_a_first_choice(p, text):
    """The logit lens wrote "·bank 0 %" for a layer's first choice: a class reads that as impossible."""
    assert numfmt.whole_pct(p) == text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_whole_percentage_is_pct_without_decimals_in_both_languages(ui_language, lang):
    """Between the "<1 %" and ">99 %" ends, ``whole_pct`` writes exactly what ``pct(p, 0)`` writes (its quick
    path skips the language's marks, which a whole number below 1000 never has)."""
    rng = np.random.default_rng(2)
    values = np.concatenate([rng.random(2000), np.arange(0, 1001) / 1000, [0.015, 0.025, 0.125, 0.5, 0.9949]])
    ui_language(lang)
    for p in values.astype(np.float32).astype(float):
        if 0.005 <= p < 0.995 or p in (0.0, 1.0):
            assert numfmt.whole_pct(p) == numfmt.pct(p, 0), p
    assert numfmt.whole_pct(float("nan")) == numfmt.pct(float("nan"), 0)


@pytest.mark.parametrize("text, joined", [("click to select it", "click to select\u00a0it"), ("één", "één"),
                                          ("klik om het te kiezen ", "klik om het te\u00a0kiezen"), ("", ""),
                                          ("vul het gat in\nvoor een jaar", "vul het gat\u00a0in\nvoor een\u00a0jaar"),
                                          ("een woord als onderwijsbevoegdheid", "een woord als onderwijsbevoegdheid")])
def test_no_orphan_joins_only_the_last_two_words_of_each_paragraph(text, joined):
    assert numfmt.no_orphan(text) == joined


def test_a_steady_label_keeps_its_last_two_words_on_one_line(qtbot):
    """The next-token panel's uncertainty line wrapped as "... equally likely" and then "tokens" alone."""
    from PySide6.QtGui import QFontMetricsF

    from explainer.gui.widgets.steady_label import SteadyLabel

    text = "as unsure as a choice among about 142 equally likely tokens"
    label = SteadyLabel()
    qtbot.addWidget(label)
    label.setText(text)
    assert label.text() == text  # what it says is unchanged; only where it may wrap
    fm = QFontMetricsF(label.font())
    width = int(fm.horizontalAdvance(text[: text.index(" tokens")]) + 4)  # "tokens" alone would wrap here
    one = label.heightForWidth(width + label.contentsMargins().left() + label.contentsMargins().right())
    assert one >= 2 * fm.lineSpacing()  # two lines: "... equally" and "likely tokens"
    label.resize(width, one)
    image = label.grab().toImage()
    background = image.pixel(image.width() - 1, 0)
    second = range(int(fm.lineSpacing()) + 3, image.height())  # the second line, below the first's descenders
    inked = [x for x in range(image.width()) if any(image.pixel(x, y) != background for y in second)]
    assert max(inked) - min(inked) > fm.horizontalAdvance("likely tokens") * 0.9  # it holds both words
