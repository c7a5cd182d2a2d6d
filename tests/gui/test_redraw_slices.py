"""Panels redraw for a Trace in time slices (AppState.redraws): none is skipped, none draws an old Trace."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QSettings

from explainer.core.trace import run
from explainer.gui.main_window import MainWindow
from explainer.gui.panels.base import Panel
from explainer.gui.state import AppState, Redraws


class CountingPanel(Panel):
    """Records which Trace each redraw saw; ``cost_ms`` of busy work per redraw."""

    panel_id = "counting"

    def __init__(self, state, cost_ms: float = 0.0) -> None:
        super().__init__(state)
        self.cost_ms = cost_ms
        self.seen: list[str | None] = []

    def title(self) -> str:
        return "counting"

    def redraw(self) -> None:
        end = time.perf_counter() + self.cost_ms / 1000.0
        while time.perf_counter() < end:
            pass
        self.seen.append(self.state.trace.text if self.state.trace is not None else None)


@pytest.fixture
def panels(qtbot, tiny_model):
    state = AppState()
    state.set_model(tiny_model)
    made = []
    for _ in range(6):
        panel = CountingPanel(state, cost_ms=4.0)
        qtbot.addWidget(panel)
        panel.show()
        made.append(panel)
    for p in made:
        p.seen.clear()
    return state, made


def test_without_a_budget_every_panel_redraws_at_once(panels, tiny_model):
    state, made = panels
    assert state.redraws.budget_ms is None
    state.accept_trace(state.next_request_id(), run(tiny_model.model, tiny_model.tokenizer, "de kat"))
    assert [p.seen for p in made] == [["de kat"]] * 6
    assert state.redraws.pending() == 0


def test_a_spent_slice_leaves_the_rest_for_the_next_turn(qtbot, panels, tiny_model):
    state, made = panels
    state.redraws.budget_ms = 6.0  # about one and a half panels of 4 ms each
    state.accept_trace(state.next_request_id(), run(tiny_model.model, tiny_model.tokenizer, "de kat"))
    drawn_now = sum(1 for p in made if p.seen)
    assert 1 <= drawn_now < 6  # some at once, the others wait
    assert state.redraws.pending() == 6 - drawn_now
    with qtbot.waitSignal(state.redraws.settled, timeout=5000):
        pass
    assert [p.seen for p in made] == [["de kat"]] * 6  # each exactly once, none skipped
    assert state.redraws.pending() == 0


def test_a_waiting_panel_draws_only_the_newest_trace(qtbot, panels, tiny_model):
    state, made = panels
    state.redraws.budget_ms = 6.0
    old = run(tiny_model.model, tiny_model.tokenizer, "de")
    new = run(tiny_model.model, tiny_model.tokenizer, "de kat zat")
    state.accept_trace(state.next_request_id(), old)
    waiting = [p for p in made if not p.seen]
    assert waiting
    state.accept_trace(state.next_request_id(), new)  # before the waiting ones had their turn
    with qtbot.waitSignal(state.redraws.settled, timeout=5000):
        pass
    for p in waiting:
        assert p.seen == ["de kat zat"]  # once, and not the old text
    for p in made:
        assert p.seen[-1] == "de kat zat"


def test_a_panel_closed_while_waiting_is_left_out(qtbot, tiny_model):
    state = AppState()
    state.set_model(tiny_model)
    state.redraws.budget_ms = 0.0  # every request waits
    keep, gone = CountingPanel(state), CountingPanel(state)
    qtbot.addWidget(keep)
    for p in (keep, gone):
        p.show()
        p.seen.clear()
    state.accept_trace(state.next_request_id(), run(tiny_model.model, tiny_model.tokenizer, "de"))
    gone.deleteLater()
    with qtbot.waitSignal(state.redraws.settled, timeout=5000):
        pass
    assert keep.seen == ["de"]


def test_the_window_sets_a_budget_and_every_panel_catches_up(qtbot, tmp_path, tiny_model, monkeypatch):
    monkeypatch.setattr("explainer.gui.main_window.FRAME_BUDGET_MS", 0.0)  # the harshest: one panel a turn
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    win = MainWindow(lang="en", settings=settings)
    qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    assert win.state.redraws.budget_ms == 0.0
    win.state.set_model(tiny_model)
    qtbot.keyClicks(win.text_box, "De kat zat")
    qtbot.waitUntil(lambda: win.state.trace is not None and win.state.trace.text == "De kat zat", timeout=5000)
    qtbot.waitUntil(lambda: win.state.redraws.pending() == 0, timeout=5000)
    trace = win.state.trace
    assert [c.label for c in win.panels["tokens"].chips.chips()] == list(trace.tokens)
    assert win.panels["attention"].heatmap.values().shape == (trace.n_tokens, trace.n_tokens)
    nxt = win.panels["next_token"]
    assert nxt.lists[0].chart.bars()[0].label  # the bars show this Trace's candidates
    win.controller.shutdown()


def test_redraws_is_a_plain_qobject_with_no_budget_by_default():
    assert Redraws().budget_ms is None
