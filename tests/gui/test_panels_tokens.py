"""Tokens panel and the reusable widgets it is built from."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explainer.core.trace import run
from explainer.gui.palette import colormap_lut
from explainer.gui.panels.tokens import TokensPanel
from explainer.gui.widgets.heatmap import color_indices, matrix_image
from explainer.gui.widgets.token_chips import visible_token
from explainer.gui.widgets.token_text import utf16_offsets


@pytest.fixture
def show(show_panel):
    """``show(loaded, text)``: a TokensPanel on its own, drawing ``text`` (see ``show_panel`` in conftest)."""
    return functools.partial(show_panel, TokensPanel, size=(900, 300))


def test_chips_follow_the_trace_and_select(show, qtbot, tiny_model):
    state, panel, trace = show(tiny_model, "De kat\nzat")
    chips = panel.chips.chips()
    assert [c.token_id for c in chips] == trace.token_ids.tolist()
    assert f"{trace.n_tokens}\u00a0tokens" in panel.summary.text()  # (a part never wraps inside itself)
    qtbot.mouseClick(panel.chips, Qt.LeftButton, pos=panel.chips.chip_rect(3).center().toPoint())
    assert state.token == 3
    qtbot.mouseClick(panel.chips, Qt.LeftButton, pos=panel.chips.chip_rect(3).center().toPoint())
    assert state.token == -1  # a second click clears the selection


def test_tooltip_shows_bytes_and_id(show, tiny_model):
    _state, panel, trace = show(tiny_model, "é a")
    tip = panel.chips.tooltip(0)
    assert f"id {trace.token_ids[0]}" in tip
    assert "C3 A9" in tip  # é in UTF-8


def test_whitespace_is_visible():
    assert visible_token(" de") == "·de"
    assert visible_token("\n") == "↵"
    assert visible_token("a\x00") == "a␀"
    assert visible_token("") == "∅"


def test_utf16_offsets_count_emoji_twice():
    np.testing.assert_array_equal(utf16_offsets("a😀b"), [0, 1, 3, 4])
    np.testing.assert_array_equal(utf16_offsets(""), [0])


def test_matrix_image_is_the_colormap_of_the_values():
    values = np.array([[0.0, 0.5], [1.0, 0.25]])
    image = matrix_image(values, colormap_lut("viridis"))
    lut = colormap_lut("viridis")
    for r in range(2):
        for c in range(2):
            rgb = image.pixelColor(c, r)
            assert (rgb.red(), rgb.green(), rgb.blue()) == tuple(lut[color_indices(values[r, c])])
    assert tuple(colormap_lut("cividis")[0]) != tuple(lut[0])


def test_typing_keeps_the_newest_chip_in_view(show, qtbot, tiny_model):
    state, panel, _trace = show(tiny_model, "")
    panel.resize(400, 160)  # many lines of chips, only a few fit
    text = "de kat zat op de mat " * 3
    trace = run(tiny_model.model, tiny_model.tokenizer, text)
    state.accept_trace(state.next_request_id(), trace)
    bar = panel.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() > 0)
    last = panel.chips.chip_rect(trace.n_tokens - 1)
    viewport = panel.scroll.viewport().rect()
    top_left = panel.chips.mapTo(panel.scroll.viewport(), last.topLeft().toPoint())
    assert viewport.contains(top_left)


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_chip_text_reads_on_every_fill_of_a_diverging_scale(qtbot, theme):
    """Attribution chips are tinted from blue to yellow through the theme's middle (near white on the light
    theme): under the dark theme's white text the pale ones read at 1.3:1. The ink is the theme's text where it reads (4.5:1), else black or white."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from explainer.gui import palette
    from explainer.gui.widgets.token_chips import Chip, TokenChipsWidget

    palette.apply_theme(theme, QApplication.instance(), scale=1.0)
    try:
        fills = [QColor(*(int(v) for v in lut[i])) for lut in (palette.colormap_lut("CET-CBD1"), palette.diverging_lut())
                 for i in range(0, 256, 15)]
        chips = TokenChipsWidget()
        qtbot.addWidget(chips)
        chips.set_chips([Chip(f"t{i}", i, c) for i, c in enumerate(fills)])
        text = palette.color("text")
        for fill in fills:
            ink = chips._ink(fill, text)
            assert palette.contrast(ink, fill) >= 4.5, (theme, fill.name(), ink.name())
            if palette.contrast(text, fill) >= 4.5:
                assert ink == text  # the theme's own text wherever it reads
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_the_numbers_under_the_tokens_share_one_colour(qtbot, theme):
    """Under the tokens' pastel chips the ids were grey where grey read and black elsewhere (2363 grey, 331
    black in one row): a class reads two colours as two kinds of number. One colour for the row now: the grey
    where it reads on every chip, else the text's; each still reads on its chip."""
    from PySide6.QtWidgets import QApplication

    from explainer.gui import palette
    from explainer.gui.widgets.token_chips import Chip, TokenChipsWidget

    palette.apply_theme(theme, QApplication.instance(), scale=1.0)
    try:
        fills = [palette.chip_color(i) for i in range(9)]
        chips = TokenChipsWidget()
        qtbot.addWidget(chips)
        chips.set_chips([Chip(f"t{i}", 100 + i, c) for i, c in enumerate(fills)])
        text, muted = palette.color("text"), palette.color("muted")
        id_ink = chips._id_ink(text, muted)
        inks = {chips._ink(c, id_ink).rgb() for c in fills}
        assert muted.rgb() not in inks or len(inks) == 1, theme  # never grey under some and another ink elsewhere
        assert all(palette.contrast(chips._ink(c, id_ink), c) >= 4.5 for c in fills)
        if all(palette.contrast(muted, c) >= 4.5 for c in fills):
            assert id_ink == muted  # the quieter grey where it reads on every chip
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)


def test_contrast_ratios_by_hand():
    from PySide6.QtGui import QColor

    from explainer.gui import palette

    assert palette.contrast(QColor("#000000"), QColor("#FFFFFF")) == pytest.approx(21.0)
    assert palette.contrast(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)  # WCAG's grey
    assert palette.ink_on(QColor("#777777")).name() == "#000000"  # 4.69:1 against white's 4.48:1


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_a_chip_score_reads_on_the_strongest_tint(qtbot, theme):
    """Attribution writes each token's score under it in the muted grey: on the strongest (dark yellow) tint,
    the score of the token that mattered most read at 1.9:1. It is now drawn in black or white there."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from explainer.gui import palette
    from explainer.gui.widgets.token_chips import Chip, TokenChipsWidget

    palette.apply_theme(theme, QApplication.instance(), scale=1.0)
    try:
        lut = palette.diverging_lut()
        for index in (0, 255, 128):
            fill = QColor(*(int(v) for v in lut[index]))
            chips = TokenChipsWidget()
            qtbot.addWidget(chips)
            chips.set_chips([Chip("·de", 293, fill, note="+7,899")])
            chips.resize(300, 120)
            chips.show()
            qtbot.waitExposed(chips)
            image = chips.grab().toImage()
            rect = chips._rects[0]
            best = 0.0
            for y in range(int(rect.bottom()) - 16, int(rect.bottom()) - 2):
                for x in range(int(rect.left()) + 4, int(rect.right()) - 4):
                    best = max(best, palette.contrast(QColor(image.pixel(x, y)), fill))
            assert best >= 4.5, (theme, index, fill.name(), best)
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)


def _wrapped(text: str, font, width: int) -> list[str]:
    """The lines a word-wrapping label of ``width`` pixels breaks ``text`` into."""
    from PySide6.QtGui import QTextLayout, QTextOption

    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_legend_never_leaves_a_word_or_a_mark_alone_when_it_wraps(show, tiny_model, lang):
    """A narrow tokens dock wrapped the legend as "... click to select" and then "it" alone on the last line."""
    from explainer.gui.language import apply_language

    apply_language(lang)
    try:
        _, panel, _ = show(tiny_model, "De kat")
        text, font = panel.legend.text(), panel.legend.font()
        assert "select" in text or "kiezen" in text  # the translated legend
        widths = range(120, 700, 9)
        for width in widths:
            lines = _wrapped(text, font, width)
            if len(lines) > 1:
                assert " " in lines[-1].replace("\u00a0", " "), (width, lines)  # two words or more on the last
            assert all(not line.endswith(("·", "↵")) for line in lines), (width, lines)
    finally:
        apply_language("en")


def test_a_chip_wider_than_the_panel_keeps_its_text_inside_it(qtbot):
    """A pasted run of 80 letters as one token: its chip is as wide as the panel allows and its text (laid out
    once and kept, shortened with "…") stays inside the chip."""
    from PySide6.QtGui import QColor

    from explainer.gui import palette
    from explainer.gui.widgets.token_chips import Chip, TokenChipsWidget

    chips = TokenChipsWidget()
    qtbot.addWidget(chips)
    chips.resize(300, 120)
    chips.set_chips([Chip("x" * 80, 7, QColor("#ffffff")), Chip("kat", 8, QColor("#ffffff"))])
    chips.show()
    qtbot.waitExposed(chips)
    image = chips.grab().toImage()
    rect = chips.chip_rect(0)
    ink = palette.color("text").rgb() & 0xFFFFFF
    inked = [x for x in range(image.width()) for y in range(int(rect.top()) + 3, int(rect.bottom()) - 3)
             if (image.pixel(x, y) & 0xFFFFFF) == ink]
    assert inked, "the chip's text is drawn"
    assert rect.left() <= min(inked) and max(inked) <= rect.right()
    assert rect.right() < chips.width()


def test_the_summary_wraps_between_its_parts_never_inside_one(show, tiny_model):
    """A narrow lesson dock wrapped the summary as "... · 4.3" and "characters per token" on the next line."""
    _, panel, _ = show(tiny_model, "De kat zat op de mat")
    text, font = panel.summary.text(), panel.summary.font()
    parts = [p.strip() for chunk in text.split("→") for p in chunk.split("·") if p.strip()]
    assert len(parts) == 3
    for width in range(80, 500, 11):
        lines = _wrapped(text, font, width)
        for part in parts:  # each part on one line, whole
            assert any(part in line for line in lines) or len(lines) == 1 and part in lines[0], (width, lines)


def test_chips_grow_into_a_room_twice_their_need_and_shrink_to_fit_more_text(show, qtbot, tiny_model):
    """The tokens lesson showed one row of small chips over an otherwise empty dock: with at least twice the
    room they need, chips grow (up to 2.5x) as far as every chip still fits; more text makes them smaller again;
    in a snug dock (the main window) they keep their size, so typing never makes them jump."""
    state, panel, trace = show(tiny_model, "De kat zat op de mat", size=(900, 700))
    chips, view = panel.chips, panel.scroll.viewport()
    qtbot.waitUntil(lambda: chips._scale > 1.0)
    assert chips._scale <= chips.grow == 2.5
    assert chips.chip_rect(trace.n_tokens - 1).bottom() <= view.height()  # every chip in view, no scroll bar
    big = chips.chip_rect(0).height()

    def feed(text):
        state.accept_trace(state.next_request_id(), run(tiny_model.model, tiny_model.tokenizer, text))

    feed("De kat zat op de mat en keek naar de vogels in de tuin. " * 6)  # three times as many chips
    panel.resize(900, 430)  # and less room: no longer all in view at twice their size
    qtbot.waitUntil(lambda: 1.0 < chips._scale < 2.5)
    n = len(chips.chips())
    assert chips.chip_rect(n - 1).bottom() <= view.height()
    assert chips.chip_rect(0).height() < big
    panel.resize(900, 160)  # snug: less than twice what one row needs
    feed("De kat")
    qtbot.waitUntil(lambda: chips._scale == 1.0)


@pytest.mark.parametrize("extra", [0.1, 0.35, 0.6, 0.9])
def test_a_short_dock_scrolled_to_the_newest_chip_cuts_no_row_in_half(show, qtbot, tiny_model, extra):
    """A long text in a dock a row and a bit high showed the newest row under the bottom of the one before it,
    cut in half, with only its ids left. Scrolled to the newest chip, every chip in view is now whole; the view
    begins at a row's top, and the last row is in view."""
    state, panel, _trace = show(tiny_model, "")
    text = "De kat zat op de mat en keek naar de vogels in de tuin, terwijl de zon onderging. " * 2
    trace = run(tiny_model.model, tiny_model.tokenizer, text)
    state.accept_trace(state.next_request_id(), trace)
    bar, view, chips = panel.scroll.verticalScrollBar(), panel.scroll.viewport(), panel.chips
    panel.resize(600, 300)
    qtbot.wait(20)
    pitch = chips.row_pitch()
    for _ in range(3):  # the view a row and ``extra`` of one high (the text above it wraps as the width says)
        panel.resize(600, panel.height() + round(pitch * (1 + extra)) - view.height())
        qtbot.wait(20)
    assert pitch <= view.height() < 2 * pitch
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() > 0)
    qtbot.wait(20)
    rows = {round(chips.chip_rect(i).top()) for i in range(trace.n_tokens)}
    assert len(rows) >= 3  # (more rows than the view holds)
    shown = []
    for i in range(trace.n_tokens):
        rect = chips.chip_rect(i).translated(0, -bar.value())  # in the view's coordinates
        if rect.bottom() > 0 and rect.top() < view.height():
            assert rect.top() >= 0 and rect.bottom() <= view.height(), (i, rect, view.height())
            shown.append(i)
    assert trace.n_tokens - 1 in shown
