"""The four "why this word?" panels against the core functions whose numbers they show."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from explainer.core.analysis.attribution import contributions, head_scores, input_attribution, patching, \
    probe_scores
from explainer.core.checkpoints import load_model
from explainer.core.trace import tokenize_for_model
from explainer.gui.panels import _why
from explainer.gui.panels.attribution import AttributionPanel
from explainer.gui.panels.contributions import ContributionsPanel
from explainer.gui.panels.heads import PROBE_LENGTH, HeadsPanel
from explainer.gui.panels.patching import MIN_GAP, PatchingPanel
from explainer.core.checkpoints.timeline import find_run
from explainer.paths import models_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "installed"))
from test_entry_points import run_installed  # noqa: E402

TEXT = "De kat zat op de mat en de kat zat op de"


@pytest.fixture(scope="module")
def shipped():
    return load_model(models_dir() / "tiny-gpt-nl-en")


def settle(qtbot, panel, timeout=60_000):
    """Wait until the panel has no job queued or running and no delayed start pending."""
    job = getattr(panel, "job", None)
    timer = job.delay if job is not None else None

    def quiet() -> bool:
        return not panel.state.jobs.pending(panel) and not (job is not None and job.running) \
            and not (timer is not None and timer.isActive())

    qtbot.waitUntil(quiet, timeout=timeout)


@pytest.fixture
def show(show_panel, qtbot):
    def make(cls, loaded, text=TEXT):
        state, panel, trace = show_panel(cls, loaded, text, size=(1200, 800))
        settle(qtbot, panel)
        return state, panel, trace
    return make


def test_contributions_answer_for_an_earlier_text_is_not_shown_with_a_newer_one(show_panel, shipped, qtbot):
    """The panel's job runs in the background; a shorter text that arrives while the panel is hidden
    (it draws nothing then) must not be explained with the longer text's positions."""
    from explainer.core.trace import run

    state, panel, _ = show_panel(ContributionsPanel, shipped, TEXT, size=(1200, 800))
    panel.hide()  # the job for TEXT is on its way; the next text is not drawn while hidden
    short = run(shipped.model, shipped.tokenizer, "De", logits="predictions")
    state.set_text("De")
    state.accept_trace(state.next_request_id(), short)
    settle(qtbot, panel)  # TEXT's answer arrives now
    assert panel.result is None  # dropped: it explains a text no longer shown
    panel.lead.setChecked(True)  # shows whatever result there is: nothing to show, no error
    panel.show()  # seen again: the shown text is explained
    qtbot.waitUntil(lambda: panel.explained is not None, timeout=60_000)
    assert panel.explained.position == short.n_tokens - 1
    assert panel._token == short.tokens[-1]


def test_contributions_chart_and_list_show_the_core_numbers(show, shipped, qtbot):
    state, panel, trace = show(ContributionsPanel, shipped)
    pos = trace.n_tokens - 1
    target = int(np.argmax(trace.logits_at(pos)))
    want = contributions(shipped.model, trace, pos, target)
    assert panel.explained.target == target
    H = want.heads.shape[1]
    assert np.any(want.attn_bias != 0) and panel.has_bias_column()  # the shipped model's attention has a bias
    np.testing.assert_allclose(panel.chart.values()[:, :H], want.heads, atol=1e-5)
    np.testing.assert_allclose(panel.chart.values()[:, H], want.attn_bias, atol=1e-5)
    np.testing.assert_allclose(panel.chart.values()[:, -1], want.mlp, atol=1e-5)
    assert panel.chart._cols[H:] == ["bias", "MLP"]
    # every cell, with the embeddings and the final norm and output bias, adds up to the score (a review summed the
    # head cells to -0.8 against the summary's "attention -1.23": the attention biases were only in the list)
    score = float(trace.logits_at(pos)[target])
    assert panel.chart.values().sum() + want.embed + want.positions + want.bias == pytest.approx(score, abs=1e-3)
    assert panel.top_list.count() == 12
    header, rows = panel.export_table()
    assert sum(r[-1] for r in rows) == pytest.approx(score, abs=1e-3)
    panel.lead.setChecked(True)
    np.testing.assert_allclose(panel.chart.values()[:, :H], want.heads_diff, atol=1e-5)
    np.testing.assert_allclose(panel.chart.values()[:, H], want.attn_bias_diff, atol=1e-5)
    # a click on a head in the list selects it in every panel
    for i in range(panel.top_list.count()):
        kind, layer, head = panel.top_list.item(i).data(Qt.UserRole)
        if kind == "head":
            panel.top_list.itemClicked.emit(panel.top_list.item(i))
            assert (state.layer, state.head) == (layer, head)
            break
    else:
        pytest.fail("no head among the largest pushes")


def test_the_summary_names_every_part_so_its_numbers_add_up_to_the_score(show, shipped, qtbot):
    """Two reviews added up "embeddings -0.25, attention -1.78, MLPs +9.85" and got 7.82 for a score of 7.53:
    the final norm's shift and the output bias were left out (they showed only far down the list). The
    summary now names every part; the numbers it prints add up to the score it prints (to their rounding)."""
    import re

    state, panel, trace = show(ContributionsPanel, shipped)
    text = panel.summary.text()
    numbers = [float(n) for n in re.findall(r"[-+]?\d+\.\d\d", text)]
    score, parts = numbers[0], numbers[1:5]  # the score, then embeddings, attention, MLPs, final norm and bias
    assert "final norm and output bias" in text
    assert sum(parts) == pytest.approx(score, abs=0.021)  # four numbers rounded to 0.01
    pos = trace.n_tokens - 1
    assert score == pytest.approx(float(trace.logits_at(pos)[panel.explained.target]), abs=0.006)


def test_contributions_follow_the_chosen_candidate(show, shipped, qtbot):
    state, panel, trace = show(ContributionsPanel, shipped)
    panel.picker.combo.setCurrentIndex(2)
    panel.picker.changed.emit()
    settle(qtbot, panel)
    chosen = panel.picker.current()[0]
    assert panel.result.target == chosen
    assert panel.result.total() == pytest.approx(float(trace.logits_at(trace.n_tokens - 1)[chosen]), abs=1e-3)


def test_the_target_picker_lists_the_newest_candidates_and_keeps_the_chosen_one(qtbot):
    picker = _why.TargetPicker()
    qtbot.addWidget(picker)
    picker.set_candidates([(5, "mat", 0.5), (7, "bank", 0.25), (9, "stoel", 0.125)])
    picker.combo.setCurrentIndex(1)
    # the next key: as many candidates, other words, the chosen one moved to another row
    picker.set_candidates([(9, "stoel", 0.4), (7, "bank", 0.3), (11, "vloer", 0.2)])
    assert [picker.combo.itemText(i) for i in range(picker.combo.count())] == \
        [f"“stoel”  {_why.numfmt.pct(0.4)}", f"“bank”  {_why.numfmt.pct(0.3)}", f"“vloer”  {_why.numfmt.pct(0.2)}"]
    assert picker.current() == (7, "bank", 0.3)
    picker.set_candidates([(12, "tafel", 0.6), (13, "trap", 0.3)])  # fewer rows, the chosen one gone
    assert [picker.combo.itemText(i) for i in range(picker.combo.count())] == \
        [f"“tafel”  {_why.numfmt.pct(0.6)}", f"“trap”  {_why.numfmt.pct(0.3)}"]
    assert picker.current() == (12, "tafel", 0.6)


def test_the_target_picker_follows_the_likeliest_word_until_someone_picks_another(qtbot):
    """A lesson step's new sentence was explained for the old sentence's likeliest word ('·deur', 3.8 %), still
    lower in the new list, instead of its own ('·bank', 23.3 %): nobody had picked '·deur'."""
    picker = _why.TargetPicker()
    qtbot.addWidget(picker)
    picker.set_candidates([(5, "deur", 0.088), (7, "bank", 0.054), (9, "kat", 0.046)])
    assert picker.current()[0] == 5  # the likeliest, by default
    picker.set_candidates([(7, "bank", 0.233), (8, "stoel", 0.075), (5, "deur", 0.038)])
    assert picker.current() == (7, "bank", 0.233)  # the new likeliest, not the old one
    picker.combo.setCurrentIndex(2)  # someone picks '·deur'
    picker.set_candidates([(8, "stoel", 0.3), (5, "deur", 0.2), (7, "bank", 0.1)])
    assert picker.current() == (5, "deur", 0.2)
    picker.set_candidates([(5, "deur", 0.5), (7, "bank", 0.2)])  # now the likeliest, still the one picked
    picker.set_candidates([(7, "bank", 0.4), (5, "deur", 0.3)])
    assert picker.current() == (5, "deur", 0.3)
    picker.set_candidates([(5, "deur", 0.5), (7, "bank", 0.2)])  # the pick in the first row, picked there again
    picker.combo.activated.emit(0)
    picker.set_candidates([(7, "bank", 0.6), (5, "deur", 0.2)])
    assert picker.current() == (7, "bank", 0.6)  # the first row means the likeliest
    picker.combo.setCurrentIndex(1)
    picker.set_candidates([(7, "bank", 0.4), (5, "deur", 0.3)])
    assert picker.current() == (5, "deur", 0.3)
    picker.combo.setCurrentIndex(0)  # back to the first row: the likeliest from here on
    picker.set_candidates([(9, "kat", 0.5), (7, "bank", 0.3)])
    assert picker.current() == (9, "kat", 0.5)


def test_contributions_say_why_not_for_a_masked_model(show, qtbot):
    masked = load_model(models_dir() / "tiny-bert-nl-en")
    state, panel, trace = show(ContributionsPanel, masked, "De kat zat op de [MASK].")
    assert "normalises after every block" in panel.summary.text()


def test_attribution_chips_carry_the_integrated_gradient_scores(show, shipped, qtbot):
    state, panel, trace = show(AttributionPanel, shipped)
    r = panel.result
    assert r is not None and r.method == "integrated" and r.steps == 32 and r.baseline == "zero"
    want = input_attribution(shipped.model, trace.token_ids.tolist(), trace.n_tokens - 1, r.target, steps=32)
    np.testing.assert_allclose(r.scores, want.scores, rtol=1e-4, atol=1e-5)
    notes = [c.note for c in panel.chips.chips()]
    assert len(notes) == trace.n_tokens and all(notes)
    assert float(notes[-1].replace("+", "")) == pytest.approx(r.scores[-1], abs=0.006)  # two decimals
    assert r.gap < 0.02 and "apart" in panel.summary.text()
    # the score it ends at is the one the Why panel explains (the logit), not only the rise from the baseline
    import re
    text = panel.summary.text()
    rise, start, end = (float(n) for n in re.findall(r"rose by ([-+]?\d+\.\d\d), from ([-+]?\d+\.\d\d) with the baseline"
                                                     r" \(zero vectors\) to ([-+]?\d+\.\d\d) with the text", text)[0])
    assert end == pytest.approx(float(trace.logits_at(trace.n_tokens - 1)[r.target]), abs=0.006)
    assert rise == pytest.approx(end - start, abs=0.011)
    panel.method.setCurrentIndex(panel.method.findData("gradient"))
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.method == "gradient", timeout=30_000)


def test_a_big_model_waits_for_the_compute_button(show_panel, shipped, qtbot, monkeypatch):
    monkeypatch.setattr(_why, "SMALL_MODEL", 0)
    monkeypatch.setattr("explainer.gui.panels.attribution.is_small", lambda loaded: False)
    state, panel, trace = show_panel(AttributionPanel, shipped, TEXT)
    qtbot.wait(600)
    assert panel.result is None and "Press Compute" in panel.summary.text()
    panel.run_button.click()
    qtbot.waitUntil(lambda: panel.result is not None, timeout=30_000)


def test_patching_maps_show_the_share_recovered(show, shipped, qtbot):
    state, panel, trace = show(PatchingPanel, shipped, "De kat zat op de mat")
    panel.corrupt_edit.setText("De hond zat op de mat")
    panel.start()
    settle(qtbot, panel)
    r = panel.result
    clean = tokenize_for_model(shipped.model, shipped.tokenizer, "De kat zat op de mat")[0]
    corrupt = tokenize_for_model(shipped.model, shipped.tokenizer, "De hond zat op de mat")[0]
    want = patching(shipped.model, clean, corrupt, r.answer, r.wrong)
    np.testing.assert_allclose(panel.resid_map.values(), want.recovered(want.resid), atol=1e-4)
    np.testing.assert_allclose(panel.head_map.values(), want.recovered(want.heads), atol=1e-4)
    changed = [i for i, (a, b) in enumerate(zip(clean, corrupt)) if a != b]
    assert panel.resid_map.values()[0, changed[0]] == pytest.approx(1.0, abs=1e-4)
    for chart in (panel.resid_map, panel.head_map):  # cells of 16 px at least, so a short dock scrolls
        assert chart.minimumHeight() >= 16 * max(chart.values().shape)
    panel.corrupt_edit.setText("De hond met de lange staart zat op de mat")
    panel.start()
    assert "same number of tokens" in panel.summary.text()


@pytest.mark.parametrize("text", ["De kat zat op de mat en keek naar de", "The cat sat on the mat and looked at the"])
def test_patching_picks_a_swap_that_moves_the_answer_and_says_which(show, shipped, qtbot, text):
    """The default Dutch text's first swap (kat → hond) left the answer where it was (leads 0.48 and 0.42): the
    panel showed two empty maps in Dutch. It now measures every swap it knows and patches the earliest word
    whose swap moves the answer, and says which text it made."""
    from explainer.gui.panels.patching import MIN_GAP, candidate_corruptions

    state, panel, trace = show(PatchingPanel, shipped, text)
    assert panel.corrupt_edit.placeholderText().startswith("automatic: ")  # (a small model's run may be done)
    panel.start()
    settle(qtbot, panel)
    r = panel.result
    made = panel.corrupt_edit.placeholderText().removeprefix("automatic: ")
    assert not panel.corrupt_edit.text() and made in [t for _, t in candidate_corruptions(text)]
    clean = tokenize_for_model(shipped.model, shipped.tokenizer, text)[0]
    corrupt = tokenize_for_model(shipped.model, shipped.tokenizer, made)[0]
    want = patching(shipped.model, clean, corrupt, r.answer, r.wrong)  # the maps are the patching of that text
    assert r.clean_diff - r.corrupt_diff >= MIN_GAP
    np.testing.assert_allclose(panel.resid_map.values(), want.recovered(want.resid), atol=1e-4)
    np.testing.assert_allclose(panel.head_map.values(), want.recovered(want.heads), atol=1e-4)
    best = float(np.nanmax(r.recovered(r.heads)))
    assert ("More than 100 %" in panel.summary.text()) == (best > 1.0)
    panel.redraw()  # a later redraw for the same text keeps naming the text it measured
    assert panel.corrupt_edit.placeholderText() == f"automatic: {made}"


def test_the_automatic_swap_is_the_earliest_word_that_moves_the_answer():
    from explainer.gui.panels.patching import MIN_GAP, candidate_corruptions, choose_corruption

    assert candidate_corruptions("De kat zat.") == [(1, "De hond zat."), (2, "De kat stond.")]
    assert candidate_corruptions("The man sat") == [(1, "The vrouw sat"), (1, "The woman sat"), (2, "The man stood")]
    assert candidate_corruptions("niets bekends hier") == []
    big, small = MIN_GAP * 3, MIN_GAP / 2
    assert choose_corruption([small, big, big * 2], [1, 4, 6]) == 1  # the earliest word that moves it enough
    assert choose_corruption([small, big, big * 2], [1, 4, 4]) == 2  # at that word, the swap that moves it most
    assert choose_corruption([small, small / 3, -1.0], [1, 2, 3]) == 0  # none moves it enough: the largest move


def test_patching_draws_no_map_when_the_two_runs_hardly_differ(show, shipped, qtbot):
    """With the default text both runs led to “·deur” with leads 0.48 and 0.42: the maps shared out 0.06 and
    named a head that “brings back” 121.5 %, noise in full colour. Below MIN_GAP there is no map and no head."""
    state, panel, trace = show(PatchingPanel, shipped, "De kat zat op de mat en keek naar de")
    panel.corrupt_edit.setText("De hond zat op de mat en keek naar de")  # both go on with “·deur”
    panel.start()
    settle(qtbot, panel)
    r = panel.result
    assert r.corrupt_diff >= 0 and r.clean_diff - r.corrupt_diff < MIN_GAP
    assert panel.resid_map.values().size == 0 and panel.head_map.values().size == 0
    assert "too little to share out" in panel.summary.text() and "brings back most" not in panel.summary.text()
    assert panel.head_map.empty_text == "no map: the two runs hardly differ"  # (not "no tokens yet")
    state.set_text("De kat zat op de mat")
    panel.corrupt_edit.setText("De hond zat op de mat")
    panel.start()
    settle(qtbot, panel)
    r = panel.result
    assert r.clean_diff - r.corrupt_diff >= MIN_GAP  # a swap the answer depends on: maps again
    assert panel.resid_map.values().shape == r.resid.shape and "too little" not in panel.summary.text()


def test_head_detectors_on_the_probe_and_on_the_text(show, shipped, qtbot):
    state, panel, trace = show(HeadsPanel, shipped)
    probe = probe_scores(shipped.model, PROBE_LENGTH, 0, getattr(shipped.tokenizer, "bos_id", None))
    np.testing.assert_allclose(panel.grid.values(), probe.induction, atol=1e-6)
    panel.detector.setCurrentIndex(panel.detector.findData("previous"))
    np.testing.assert_allclose(panel.grid.values(), probe.previous, atol=1e-6)
    panel.source.setCurrentIndex(panel.source.findData("text"))
    np.testing.assert_allclose(panel.grid.values(), head_scores(trace.attn, trace.token_ids).previous, atol=1e-6)
    panel.grid.cell_clicked.emit(2, 1)
    assert (state.layer, state.head) == (2, 1)
    # a map that stays dark says why: the default model's best induction head scores a few per cent
    from explainer.gui.panels.heads import WEAK

    from explainer.core.analysis.attribution import HeadScores

    panel.source.setCurrentIndex(panel.source.findData("probe"))
    panel.detector.setCurrentIndex(panel.detector.findData("induction"))
    assert float(np.nanmax(probe.induction)) < WEAK
    assert "No head of this model does this clearly" in panel.summary.text()
    strong = probe.previous.copy()
    strong[1, 0] = 0.9  # a head that does the task
    panel.detector.setCurrentIndex(panel.detector.findData("previous"))
    panel._show(HeadScores(strong, probe.duplicate, probe.induction, probe.n_tokens, probe=True))
    assert "layer 2, head 1" in panel.summary.text() and "No head" not in panel.summary.text()


def test_head_scores_through_the_training_timeline(show, shipped, qtbot):
    state, panel, trace = show(HeadsPanel, shipped)
    snaps = find_run(shipped.path)
    assert len(snaps) >= 2 and panel.timeline_button.isVisibleTo(panel)
    panel.timeline_button.click()
    qtbot.waitUntil(lambda: panel.timeline is not None, timeout=120_000)
    steps, scores = panel.timeline
    assert steps == [s.step for s in snaps]
    first = load_model(snaps[0].path)
    np.testing.assert_allclose(scores[0].induction, probe_scores(first.model, PROBE_LENGTH, 0,
                                                                 getattr(first.tokenizer, "bos_id", None)).induction,
                               atol=1e-6)
    assert len(panel.plot.getPlotItem().listDataItems()) == 6 and panel.plot.isVisibleTo(panel)


@pytest.mark.parametrize("panel_id", ["contributions", "attribution", "patching", "heads"])
def test_installed_render_writes_each_panel(tmp_path, panel_id):
    png, table = tmp_path / f"{panel_id}.png", tmp_path / f"{panel_id}.csv"
    for out in (png, table):
        result = run_installed("render", "--text", TEXT, "--panel", panel_id, "--out", str(out), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = list(csv.reader(table.open(encoding="utf-8")))
    assert len(rows) > 4


def test_the_contributions_chart_keeps_readable_cells_in_a_short_dock(show_panel, shipped, qtbot):
    """On a 1366x768 screen the Why panel's dock is short: the chart of the default model's 4 layers x 6 parts
    shrank to 16-px cells beside a large blank. It now keeps 26-px cells, and the dock scrolls instead."""
    from explainer.gui.docks import PanelScroller

    state, panel, _trace = show_panel(ContributionsPanel, shipped, TEXT, size=(600, 390))
    scroller = PanelScroller(panel)
    qtbot.addWidget(scroller)
    scroller.resize(600, 390)
    scroller.show()
    settle(qtbot, panel)
    rows, cols = panel.chart.values().shape
    assert (rows, cols) == (4, 6)  # 4 heads, the attention's bias, the MLP
    qtbot.waitUntil(lambda: panel.chart._plot_rect().height() / rows >= 0.9 * 26, timeout=5000)


def test_the_why_chart_says_it_is_working_not_that_there_are_no_tokens(show_panel, shipped, qtbot):
    state, panel, _ = show_panel(ContributionsPanel, shipped, TEXT, size=(1200, 800))
    # the first answer is on its way: the empty chart says so
    assert panel.result is None and panel.chart.empty_text == "working it out…"
    settle(qtbot, panel)
    assert panel.chart.values().size > 0
    state.set_text("")
    from explainer.core.trace import run

    state.accept_trace(state.next_request_id(), run(shipped.model, shipped.tokenizer, "", logits="predictions"))
    qtbot.waitUntil(lambda: panel.chart.values().size == 0)
    assert panel.chart.empty_text is None  # no text: "no tokens yet" again


def test_the_why_chart_paints_once_for_each_new_answer(show_panel, shipped, qtbot):
    """A new text keeps the drawn chart until its answer arrives: it repaints with the answer, not before it."""
    from PySide6.QtCore import QEvent, QObject

    from explainer.core.trace import run

    state, panel, _ = show_panel(ContributionsPanel, shipped, TEXT, size=(1200, 800))
    settle(qtbot, panel)
    shown = panel.chart.values().copy()
    painted: list[bool] = []  # for each paint: was it of the old chart again?

    class Paints(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Paint:
                painted.append(np.array_equal(panel.chart.values(), shown))
            return False

    paints = Paints()
    panel.chart.installEventFilter(paints)
    qtbot.wait(50)
    painted.clear()
    text = TEXT + " en"
    state.set_text(text)
    state.accept_trace(state.next_request_id(), run(shipped.model, shipped.tokenizer, text, logits="predictions"))
    qtbot.waitUntil(lambda: False in painted, timeout=60_000)  # the new answer was painted
    assert not any(painted)


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_a_part_that_pushes_nothing_fades_into_the_theme_background(show_panel, shipped, qtbot, theme):
    """The Why chart's diverging map has zero in the middle. On the dark themes that middle was near white, so
    the parts that do nothing (most cells) were glaring white blocks on a projector. Zero is now near the
    theme's background on every theme, its ends stay blue and yellow, and the matrix keeps a visible frame."""
    from explainer.gui import palette

    palette.apply_theme(theme, scale=1.0)
    state, panel, _ = show_panel(ContributionsPanel, shipped, TEXT, size=(1200, 800))
    settle(qtbot, panel)
    lut = panel.chart.lut()
    base = palette.color("base")
    middle = QColor(*(int(v) for v in lut[128]))
    assert palette.contrast(middle, base) < 1.5
    blue, yellow = lut[0].astype(int), lut[255].astype(int)
    assert blue[2] > blue[0] + 100 and yellow[0] > yellow[2] + 100  # the same two hues on every theme
    for end in (blue, yellow):
        assert palette.contrast(QColor(*(int(v) for v in end)), base) >= 3.0
    # the cell nearest zero is drawn in that middle colour
    values = panel.chart.values()
    r, c = np.unravel_index(np.argmin(np.abs(values)), values.shape)
    bound = float(np.abs(values).max())
    drawn = QColor(panel.chart.image().pixel(int(c), int(r)))
    expected = QColor(*(int(v) for v in lut[int(np.clip((values[r, c] / bound + 1) / 2 * 255, 0, 255))]))
    assert abs(drawn.red() - expected.red()) <= 2 and abs(drawn.blue() - expected.blue()) <= 2
    # and the frame around the matrix reads against the background
    rect = panel.chart._plot_rect()
    shot = panel.chart.grab().toImage()
    frame = QColor(shot.pixel(int(rect.center().x()), int(rect.top()) - 1))
    assert palette.contrast(frame, base) >= 3.0


def test_the_why_summary_writes_the_token_as_the_chips_do(show_panel, shipped, qtbot):
    """'After “ de”' with a bare space, where every other panel writes the token as “·de”."""
    state, panel, trace = show_panel(ContributionsPanel, shipped, TEXT, size=(1200, 800))
    settle(qtbot, panel)
    assert trace.tokens[-1] == " de"
    assert panel.summary.text().startswith("After “·de”")



def test_a_narrow_why_panel_shows_enough_of_the_list_the_lesson_points_to(show_panel, shipped, qtbot):
    """Stacked in a narrow dock, the chart took three quarters of the height (square cells left much of it
    blank) and the list of largest pushes, which the lesson asks the class to click, showed two rows."""
    state, panel, _ = show_panel(ContributionsPanel, shipped, TEXT, size=(400, 680))
    settle(qtbot, panel)
    qtbot.wait(50)
    assert panel.split.orientation() == Qt.Vertical
    chart_part, list_part = panel.split.sizes()
    assert list_part >= 0.35 * (chart_part + list_part), (chart_part, list_part)  # (a quarter before)
    assert panel.top_list.height() >= 5 * panel.top_list.sizeHintForRow(0)


def test_attribution_says_it_is_working_while_its_scores_are_on_their_way(show_panel, shipped, qtbot):
    """Presenting the Why step, the Attribution panel counted "8 of 32" steps while its line under the chips said
    "Press Compute to see…": with a small model the scores come by themselves, and the line says so; after Stop
    it says how to ask for them again."""
    state, panel, trace = show_panel(AttributionPanel, shipped, TEXT)
    qtbot.waitUntil(lambda: panel.job.running, timeout=10_000)
    assert "Working out which tokens raised the score" in panel.summary.text()
    assert "Press Compute" not in panel.summary.text()
    settle(qtbot, panel)
    assert panel.result is not None and "apart" in panel.summary.text()
    from explainer.core.trace import run

    state.set_text(TEXT + " mat")
    state.accept_trace(state.next_request_id(), run(shipped.model, shipped.tokenizer, TEXT + " mat"))
    qtbot.waitUntil(lambda: panel.job.delay.isActive() or panel.job.running, timeout=10_000)
    assert "Working out" in panel.summary.text()
    qtbot.waitUntil(lambda: panel.job.running, timeout=10_000)
    panel.job.stop()
    qtbot.waitUntil(lambda: not panel.job.running, timeout=30_000)
    if panel.job.shown_key != panel._wanted():  # stopped before it finished
        assert "Press Compute" in panel.summary.text()


def test_small_maps_write_each_cell_s_value_where_every_cell_has_room(show, shipped, qtbot):
    """The Heads map of the shipped model is all dark (its best induction head: 3 %): a class could not tell a
    dark 3 % from a dark 0 %. Where every cell has room, the value is written in it, in ink that reads on its
    colour; cells too small for their text get none (no half-written numbers)."""
    from explainer.gui import numfmt, palette
    from explainer.gui.widgets.heatmap import HeatmapWidget

    state, panel, trace = show(HeadsPanel, shipped)
    grid = panel.grid
    qtbot.waitUntil(lambda: grid.values().size > 0)
    rect = grid._plot_rect()
    rows, cols = grid.values().shape
    texts = grid.cell_texts(rect.width() / cols, rect.height() / rows)
    assert texts == [[numfmt.pct(v, 0) for v in row] for row in grid.values().tolist()]
    image = grid.grab().toImage()
    cell = QColor(grid.image().pixelColor(0, 0))
    ink = palette.ink_on(cell)
    x0, y0, cw, ch = int(rect.left()), int(rect.top()), int(rect.width() / cols), int(rect.height() / rows)
    written = {image.pixelColor(x, y).rgb() for x in range(x0 + 2, x0 + cw - 2) for y in range(y0 + 2, y0 + ch - 2)}
    assert ink.rgb() in written or len(written) > 2  # text drawn over the cell's flat colour

    small = HeatmapWidget()
    qtbot.addWidget(small)
    small.annotate = lambda v: numfmt.pct(v, 0)
    small.set_matrix(np.full((4, 4), 0.5), ["a"] * 4, ["b"] * 4, mask=np.tril(np.ones((4, 4), bool), -1).T)
    small.resize(420, 420)
    assert small.cell_texts(80, 80)[0] == ["50 %".replace(" ", numfmt.NBSP), "", "", ""]  # masked cells: nothing
    assert small.cell_texts(12, 12) is None and small.cell_texts(20, 20) is None  # "50 %" needs more room


def test_a_map_in_a_wide_low_room_may_widen_its_cells(qtbot):
    """Presenting the Why lesson step, the map of parts stood in a wide, low strip as a small square block with
    a blank band beside it and no room for its numbers: its cells may now grow up to twice as wide as tall."""
    from explainer.gui.widgets.heatmap import HeatmapWidget

    heat = HeatmapWidget()
    qtbot.addWidget(heat)
    heat.set_matrix(np.linspace(-1, 1, 20).reshape(4, 5), [f"L{i}" for i in range(4)], [f"H{i}" for i in range(5)],
                    vmin=-1, vmax=1)
    heat.resize(900, 260)
    rect = heat._plot_rect()
    square = rect.width() / 5
    assert square == pytest.approx(rect.height() / 4)  # square cells by default
    heat.cell_widen = 2.0
    rect = heat._plot_rect()
    cw, ch = rect.width() / 5, rect.height() / 4
    assert cw == pytest.approx(2 * ch) and ch == pytest.approx(square)  # twice as wide, as tall as before
    assert rect.right() + 70 <= heat.width()  # the colour bar still fits beside it


def test_a_long_reason_for_no_map_wraps_inside_the_map(qtbot):
    """The patching panel's reason for drawing no map ("no map: the two runs hardly differ", longer in Dutch)
    was one centred line, cut off at both edges of a narrow map at 1366x768. It wraps inside the map now."""
    from PySide6.QtGui import QColor

    from explainer.gui import palette
    from explainer.gui.widgets.heatmap import HeatmapWidget

    heat = HeatmapWidget()
    qtbot.addWidget(heat)
    heat.empty_text = "geen kaart: de twee doorrekeningen verschillen nauwelijks van elkaar"
    heat.resize(260, 160)
    heat.show()
    qtbot.waitExposed(heat)
    image = heat.grab().toImage()
    base = QColor(palette.color("base")).rgb()
    inked = [(x, y) for y in range(image.height()) for x in range(image.width()) if image.pixel(x, y) != base]
    assert inked, "the reason is drawn"
    xs = [x for x, _ in inked]
    assert min(xs) >= 6 and max(xs) <= image.width() - 7  # inside the map, not cut at its edges
    rows = sorted({y for _, y in inked})
    lines = 1 + sum(1 for a, b in zip(rows, rows[1:]) if b > a + 1)
    assert lines >= 2  # wrapped onto several lines


def test_a_slow_job_shows_its_bar_only_when_the_run_takes_a_while(qtbot):
    """A small model's attribution, recomputed a moment after each pause in typing, took 0.3-0.5 s; its progress
    bar, shown and hidden for each run, moved the token chips and the sums under it down and back up every
    time. The bar now appears only once a run has taken SHOW_AFTER_MS."""
    from types import SimpleNamespace

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    finish_after = {"ms": 0}

    class Jobs:  # the app's job lanes, answering after a set time
        def submit(self, panel, tag, fn, *args, done, failed):
            QTimer.singleShot(finish_after["ms"], lambda: done("result"))

        def forget(self, panel, tag):
            pass

    host = QWidget()
    qtbot.addWidget(host)
    job = _why.SlowJob(SimpleNamespace(state=SimpleNamespace(jobs=Jobs())), "test")
    below = QLabel("chips")
    layout = QVBoxLayout(host)
    layout.addWidget(job)
    layout.addWidget(below)
    host.resize(400, 200)
    host.show()
    qtbot.waitExposed(host)
    top = below.y()
    shown = []
    results = []
    for ms in (150, 150):  # quick runs: no bar, nothing moves
        finish_after["ms"] = ms
        job.start(lambda *a: None, done=results.append, failed=print)
        while job.running:
            qtbot.wait(20)
            shown.append(job.isVisible())
            assert below.y() == top
    assert results == ["result", "result"] and not any(shown)
    finish_after["ms"] = _why.SHOW_AFTER_MS + 600  # a long run: the bar comes, and goes with the result
    job.start(lambda *a: None, done=results.append, failed=print)
    qtbot.waitUntil(job.isVisible, timeout=_why.SHOW_AFTER_MS + 500)
    qtbot.waitUntil(lambda: not job.running and not job.isVisible(), timeout=3000)
    assert results[-1] == "result"


def test_patching_asks_for_a_corrupted_text_when_it_knows_no_swap(show, shipped, qtbot):
    state, panel, trace = show(PatchingPanel, shipped, "Ik drink elke ochtend thee")
    state.set_text("Wij drinken thee")  # no word the panel knows how to swap
    panel.redraw()
    panel.start()
    assert "type the corrupted text yourself" in panel.summary.text() and not panel.job.running


def test_a_long_text_measures_only_the_first_swaps_and_tokenizes_them_off_the_gui_thread(show, shipped, qtbot):
    """A pasted text with hundreds of known words would have measured every swap in one batch; the panel hands
    the first MAX_TRIES texts to its job (which tokenizes them there), and says so when none keeps the count."""
    from explainer.gui.panels.patching import MAX_TRIES, candidate_corruptions

    text = "De kat zat op de mat en keek naar de tuin. " * 20
    state, panel, trace = show(PatchingPanel, shipped, "De kat")
    state.set_text(text)
    started = []
    panel.job.start = lambda fn, *args, **kw: started.append((fn, args, kw))
    panel.start()
    fn, (model, tokenizer, clean, tries), kw = started[-1]
    assert tries == candidate_corruptions(text)[:MAX_TRIES] and len(candidate_corruptions(text)) > MAX_TRIES
    assert all(isinstance(t, str) for _, t in tries)  # texts, not token ids: tokenized in the job
    kw["done"]((None, ""))  # the job found no swap of as many tokens
    assert "type the corrupted text yourself" in panel.summary.text()
    result, made = fn(model, tokenizer, clean, tries[:3], lambda *_: None, lambda: False)  # the job itself
    assert made in [t for _, t in tries[:3]] and result.resid.shape[1] == len(clean)


def test_a_100000_character_paste_swaps_words_the_model_reads_without_copying_the_text_for_each(show, shipped,
                                                                                              qtbot):
    """A 100,000-character paste with the panel on screen held the window up for 30 s and took 7 GB: every
    swappable word (thousands) made a whole copy of the text, to use the first one (the placeholder) or sixteen.
    The panel now makes only those, and only of words in the part of the text the model reads (the paste is cut
    to its context window: a swap before that changes nothing); the clean text and the placeholder are shown
    cut short."""
    from explainer.core.trace import run as run_trace
    from explainer.gui.panels import patching as module

    unit = "De kat zat op de mat. "
    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    state, panel, _trace = show(PatchingPanel, shipped, "De kat")
    made = []
    real = module.candidate_corruptions
    module.candidate_corruptions = lambda *a, **kw: made.append(real(*a, **kw)) or made[-1]
    try:
        state.set_text(text)
        trace = run_trace(shipped.model, shipped.tokenizer, text, logits="predictions")
        state.accept_trace(state.next_request_id(), trace)
        qtbot.waitUntil(lambda: panel.clean_label.text().startswith("…"))
        started = []
        panel.job.start = lambda fn, *args, **kw: started.append(args)
        panel.start()
    finally:
        module.candidate_corruptions = real
    window_start = int(trace.spans[0, 0])
    assert window_start > 90_000  # (the model reads the last part only)
    assert made and all(len(found) <= module.MAX_TRIES for found in made)  # never a copy per swappable word
    _model, _tokenizer, _clean, tries = started[-1]
    assert len(tries) == module.MAX_TRIES
    for position, swapped in tries:  # each swap lies where the model reads
        assert len(" ".join(text.split(" ")[:position])) >= window_start
        assert swapped[:window_start] == text[:window_start]
    assert len(panel.clean_label.text()) <= module.LABEL_CHARS + 1
    placeholder = panel.corrupt_edit.placeholderText()
    assert placeholder.startswith("automatic: …") and len(placeholder) < 120


def test_a_masked_models_prediction_is_explained_at_its_mask_not_at_the_last_token(show_panel, qtbot):
    """The app computes a masked model's logits at its [MASK] only. With no token selected, the Why and input
    attribution panels asked for the last token's logits: KeyError on every redraw, and the panels never
    finished building. They now take the last place the app computed a prediction."""
    from explainer.core.trace import run
    from explainer.gui.panels._why import explained_position

    masked = load_model(models_dir() / "tiny-bert-nl-en")
    text = "De kat zat op de [MASK] en keek naar de vogels."
    for cls in (ContributionsPanel, AttributionPanel):
        state, panel, _ = show_panel(cls, masked, "De kat", size=(1000, 600))
        trace = run(masked.model, masked.tokenizer, text, logits="predictions")  # as the app computes it
        mask = int(np.flatnonzero(trace.token_ids == masked.tokenizer.mask_id)[0])
        assert trace.logit_positions.tolist() == [mask] and mask < trace.n_tokens - 1
        state.set_text(text)
        state.accept_trace(state.next_request_id(), trace)  # an exception here fails the test (pytest-qt)
        qtbot.wait(50)
        assert state.token < 0 and explained_position(state, trace) == mask
        assert "BERT-style" in panel.summary.text()  # what it says for a model that reads both ways
