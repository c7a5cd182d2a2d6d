"""Panels fed by a model whose numbers overflow (NaN everywhere) draw without an error, and the window says why.

The logit lens turned a NaN probability into a colour index far outside its table: the grid was left half
updated, its next paint failed, and the app crashed (a segfault, in PySide's handling of that failure).
Attribution turned NaN into an int, patching looked for the best of all-NaN shares.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from explainer.core.trace import NOT_FINITE, run
from explainer.gui import language
from explainer.gui.language import notice_text
from explainer.gui.panels.attribution import AttributionPanel
from explainer.gui.panels.lens import LensPanel
from explainer.gui.panels.patching import PatchingPanel
from tests.conftest import make_tiny_model

TEXT = "de kat zat op de mat"


@pytest.fixture
def ui_language(qapp):
    from PySide6.QtWidgets import QApplication

    before = language.current()
    yield lambda lang: language.apply_language(lang, QApplication.instance())
    language.apply_language(before, QApplication.instance())


@pytest.fixture
def overflowing():
    tiny = make_tiny_model()
    with torch.no_grad():
        for p in tiny.model.parameters():
            p.mul_(1e30)
    return tiny


def test_the_logit_lens_draws_nan_probabilities_as_the_lowest_colour(show_panel, overflowing, qtbot):
    state, panel, _trace = show_panel(LensPanel, overflowing, TEXT)
    trace = run(overflowing.model, overflowing.tokenizer, TEXT, lens_k=5)
    assert np.isnan(trace.lens_probs).any()
    state.accept_trace(state.next_request_id(), trace)
    grid = panel.grid
    qtbot.waitUntil(lambda: grid.shape[1] == trace.n_tokens)
    image = grid.grab().toImage()  # painted whole (this paint failed before)
    assert not image.isNull()
    rows, cols = grid.shape
    lowest = grid.cell_color(0, 0)
    for r in range(rows):
        for c in range(cols):
            if np.isnan(trace.lens_probs[grid_row(panel, r), c, 0]):
                assert grid.cell_color(r, c) == lowest


def grid_row(panel, r: int) -> int:
    return r + panel.first_point


def test_attribution_and_patching_say_nothing_wrong_about_nan(show_panel, overflowing, qtbot):
    for cls in (AttributionPanel, PatchingPanel):
        state, panel, _trace = show_panel(cls, overflowing, TEXT, size=(1100, 700))
        if cls is PatchingPanel:
            panel.corrupt_edit.setText("de kot zat op de mat")  # (as many characters: tokens)
        panel.start()
        qtbot.waitUntil(lambda: panel.result is not None, timeout=30_000)  # (cls: {cls})
        qtbot.wait(50)  # its answer drawn (an exception here fails the test: pytest-qt reports it)
        panel.grab()
        if cls is AttributionPanel:
            assert all(chip.note == "–" for chip in panel.chips.chips() if chip.note)


@pytest.mark.parametrize("lang, words", [("en", "not finite"), ("nl", "geen eindige getallen")])
def test_the_notice_for_numbers_that_are_not_finite_speaks_the_interface_language(ui_language, lang, words):
    ui_language(lang)
    assert words in notice_text(NOT_FINITE)
    two = notice_text("text too long for the context window: only the last 64 tokens are used\n" + NOT_FINITE)
    first, second = two.split("\n")
    assert "64" in first and words in second
