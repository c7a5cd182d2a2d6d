"""What a teacher tripped over in front of a class: number entry, wording, sort order, captions."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explainer.gui import language
from explainer.gui.panels.interventions import change_rows
from explainer.gui.widgets.decimal_spin import DecimalSpinBox


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    language.apply_language("en")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("typed, value", [("0,5", 0.5), ("0.5", 0.5), ("1,25", 1.25), ("2", 2.0), (".7", 0.7)])
def test_spin_box_takes_comma_and_point(qtbot, lang, typed, value):
    language.apply_language(lang)
    box = DecimalSpinBox(decimals=2, minimum=0.0, maximum=5.0, singleStep=0.1)
    qtbot.addWidget(box)
    box.setValue(1.0)
    box.show()
    box.selectAll()
    qtbot.keyClicks(box, typed)
    qtbot.keyClick(box, Qt.Key_Return)
    assert box.value() == pytest.approx(value)
    # shown the way the interface language writes numbers
    assert box.text() == (f"{value:.2f}".replace(".", ",") if lang == "nl" else f"{value:.2f}")


def test_spin_box_refuses_letters_and_values_above_its_maximum(qtbot):
    box = DecimalSpinBox(decimals=2, minimum=0.0, maximum=5.0)
    qtbot.addWidget(box)
    box.setValue(1.0)
    box.selectAll()
    qtbot.keyClicks(box, "x9")
    qtbot.keyClick(box, Qt.Key_Return)
    assert box.value() == pytest.approx(5.0) or box.value() == pytest.approx(1.0)
    assert "x" not in box.text()


def test_switch_off_table_puts_the_biggest_change_first():
    before = np.array([0.50, 0.30, 0.15, 0.05])
    after = np.array([0.10, 0.32, 0.40, 0.18])
    rows = change_rows(before, after, n=4)
    changes = [abs(p1 - p0) for _i, p0, p1 in rows]
    assert changes == sorted(changes, reverse=True)
    assert rows[0][0] == 0  # 50 % → 10 %: the largest change, although it is not the most likely after


def test_token_summary_is_singular_for_one_and_never_says_tokens_beside_tekens(qtbot, tiny_model):
    from explainer.core.trace import run
    from explainer.gui.panels.tokens import TokensPanel
    from explainer.gui.state import AppState

    language.apply_language("nl")
    state = AppState()
    panel = TokensPanel(state)
    qtbot.addWidget(panel)
    state.set_model(tiny_model)
    state.accept_trace(state.next_request_id(), run(tiny_model.model, tiny_model.tokenizer, "a"))
    text = panel.summary.text().replace("\u00a0", " ")  # (each part wraps whole: no-break spaces inside)
    assert "1 token" in text and "1 tokens" not in text and "1 letterteken" in text
    assert "tekens" not in text.replace("lettertekens", "").replace("letterteken", "")
    state.accept_trace(state.next_request_id(), run(tiny_model.model, tiny_model.tokenizer, "de kat"))
    text = panel.summary.text().replace("\u00a0", " ")
    assert "6 tokens" in text and "6 lettertekens" in text


def test_entropy_speaks_of_a_whole_number_of_tokens(qtbot, tiny_model):
    import re

    from explainer.core.trace import run
    from explainer.gui.panels.next_token import NextTokenPanel
    from explainer.gui.state import AppState

    language.apply_language("nl")
    state = AppState()
    panel = NextTokenPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    state.set_model(tiny_model)
    trace = run(tiny_model.model, tiny_model.tokenizer, "de kat zat")
    state.accept_trace(state.next_request_id(), trace)
    qtbot.wait(50)
    text = panel.entropy_label.text()
    match = re.search(r"ongeveer ([\d.]+) even", text)
    assert match, text
    p = np.exp(trace.logits[-1] - trace.logits[-1].max())
    p /= p.sum()
    h = -(p * np.log2(np.where(p > 0, p, 1))).sum()
    assert int(match.group(1).replace(".", "")) == round(2 ** h)


def test_bias_caveat_follows_the_model_size(qtbot, tiny_model, monkeypatch):
    from explainer.gui.panels.bias import BiasPanel
    from explainer.gui.state import AppState

    state = AppState()
    panel = BiasPanel(state)
    qtbot.addWidget(panel)
    state.set_model(tiny_model)
    assert "tiny model" in panel.caveat.text()
    monkeypatch.setattr(BiasPanel, "SMALL_MODEL", 10)
    state.set_model(tiny_model)
    assert "tiny model" not in panel.caveat.text() and "large amount of text" in panel.caveat.text()


def test_a_figure_for_slides_has_a_caption_and_no_controls(qtbot, tiny_model):
    from PySide6.QtWidgets import QAbstractSpinBox, QTabBar

    from explainer.core.trace import run
    from explainer.gui.figure import caption_lines, figure_image, strip_controls
    from explainer.gui.panels.attention import AttentionPanel
    from explainer.gui.state import AppState

    state = AppState()
    panel = AttentionPanel(state)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    state.set_model(tiny_model)
    state.accept_trace(state.next_request_id(), run(tiny_model.model, tiny_model.tokenizer, "de kat"))
    state.select_token(2)
    assert any(w.isVisibleTo(panel) for w in panel.findChildren(QAbstractSpinBox))
    strip_controls(panel)
    assert not any(w.isVisibleTo(panel) for w in panel.findChildren(QAbstractSpinBox))
    assert not any(w.isVisibleTo(panel) for w in panel.findChildren(QTabBar))
    lines = caption_lines(state)
    assert tiny_model.name in lines[0] and "de kat" in lines[1] and "token 3" in lines[2]
    image = figure_image(panel, lines, scale=1.0)
    assert image.width() == panel.width() and image.height() > panel.height()


@pytest.mark.parametrize("width", [560, 700, 1000, 1800])
def test_architecture_titles_and_counts_never_overlap(qtbot, tiny_model, width):
    from explainer.gui.panels.architecture import ArchitecturePanel
    from explainer.gui.state import AppState

    language.apply_language("nl")
    state = AppState()
    panel = ArchitecturePanel(state)
    qtbot.addWidget(panel)
    state.set_model(tiny_model)
    view = panel.findChild(type(panel.view)) if hasattr(panel, "view") else None
    view = view or next(w for w in panel.findChildren(object) if hasattr(w, "fits_beside"))
    view.resize(width, 900)
    view.relayout()
    parts = [b for b in view.boxes if b.count and b.part not in ("block", "head", "input")]
    assert parts
    for box in parts:
        # side by side only where both fit on the title line; else the count has a line of its own
        assert box.stacked or view.fits_beside(box.title, box.count, box.rect.width())
    heads = [b for b in view.boxes if b.part == "head"]
    attn = [b for b in view.boxes if b.part == "attention"]
    line = view.line_h()
    for a in attn:
        text_bottom = a.rect.top() + line * (3 if a.stacked else 2)
        assert all(h.rect.top() >= text_bottom - 1 for h in heads if h.layer == a.layer)


def test_a_check_box_sentence_wraps_in_a_narrow_column_and_clicking_it_toggles_the_box(qtbot):
    """The lesson's "Use SmolLM2-135M …" choice lost the end of its sentence at the column's edge on a
    1366-pixel projector: a QCheckBox draws its text on one line."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from explainer.gui.widgets.wrapping_check import WrappingCheck

    column = QWidget()
    qtbot.addWidget(column)
    layout = QVBoxLayout(column)
    check = WrappingCheck("Use SmolLM2-135M, a larger model that knows more English")
    layout.addWidget(check)
    layout.addStretch(1)
    column.resize(220, 300)
    column.show()
    qtbot.waitExposed(column)
    label, fm = check.label, check.label.fontMetrics()
    assert fm.horizontalAdvance(label.text()) > label.width()  # on one line it would not fit…
    assert check.box.geometry().right() < label.geometry().left()
    assert label.mapTo(column, label.rect().bottomRight()).x() <= column.contentsRect().right()
    assert label.height() >= label.heightForWidth(label.width()) >= 2 * fm.lineSpacing()  # …so it wraps, whole
    assert check.box.accessibleName() == label.text()
    qtbot.mouseClick(label, Qt.LeftButton)
    assert check.box.isChecked()
    qtbot.mouseClick(label, Qt.LeftButton)
    assert not check.box.isChecked()
    check.box.setEnabled(False)
    qtbot.mouseClick(label, Qt.LeftButton)
    assert not check.box.isChecked()


def test_the_architecture_lines_grow_with_the_zoom_once(qtbot, tiny_model):
    """In presentation mode the diagram's boxes were mostly blank and only Input, Embedding and half of Block 1
    fitted: the line height was scaled by the zoom twice (the widget's font already has it)."""
    from PySide6.QtWidgets import QApplication

    from explainer.gui import palette
    from explainer.gui.panels.architecture import ArchitecturePanel
    from explainer.gui.state import AppState

    heights = []
    try:
        for zoom in (1.0, 1.6):
            palette.apply_theme("light", QApplication.instance(), scale=zoom)
            state = AppState()
            panel = ArchitecturePanel(state)
            qtbot.addWidget(panel)
            state.set_model(tiny_model)
            panel.resize(900, 700)
            panel.show()
            qtbot.waitExposed(panel)
            heights.append(panel.view.line_h())
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)
    assert heights[1] / heights[0] == pytest.approx(1.6, rel=0.12), heights


@pytest.mark.parametrize("zoom, width, whole", [(1.0, 1400, True), (1.6, 1200, False)])
def test_a_blocks_count_takes_two_lines_at_most_in_its_column(qtbot, zoom, width, whole):
    """Presenting (zoom 1.6) at 1920x1080, Block 1's "789.8 thousand numbers" wrapped onto three lines of its
    narrow left column. Where two lines do not hold it, the column says "789.8 thousand", as the one-line
    blocks do; with room, the words stay."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from explainer.core.checkpoints import load_model
    from explainer.gui import palette
    from explainer.gui.panels.architecture import ArchitecturePanel
    from explainer.gui.state import AppState
    from explainer.paths import models_dir

    language.apply_language("en")
    shipped = load_model(models_dir() / "tiny-gpt-nl-en")  # 789.8 thousand numbers a block
    try:
        palette.apply_theme("light", QApplication.instance(), scale=zoom)
        state = AppState()
        panel = ArchitecturePanel(state)
        qtbot.addWidget(panel)
        state.set_model(shipped)
        panel.resize(width, 900)
        panel.show()
        qtbot.waitExposed(panel)
        view = panel.view
        view.relayout()
        blocks = [b for b in view.boxes if b.part == "block" and not b.compact]
        assert blocks
        fm = QFontMetricsF(view.fonts()[0])
        for box in blocks:
            column = panel.label_w(box.rect.width()) - 16
            text = view.block_count(box, column)
            assert text == (box.count if whole else box.short) and text.startswith("789.8 thousand")
            lines = fm.boundingRect(QRectF(0, 0, column, 1e6), int(Qt.AlignLeft | Qt.TextWordWrap), text).height()
            assert lines <= 2.5 * fm.lineSpacing()
    finally:
        palette.apply_theme("light", QApplication.instance(), scale=1.0)
