"""RedrawQueue: a new Trace's redraws in slices, one window at a time, nothing lost and nothing drawn twice."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget
from shiboken6 import delete

from explainer.core.trace import run
from explainer.gui.panels.tokens import TokensPanel
from explainer.gui import redraws
from explainer.gui.redraws import RedrawQueue
from explainer.gui.state import AppState


class Clock:
    """The queue's clock in these tests: it moves only when a stand-in panel redraws, so budgets are exact
    however busy the machine is."""

    now = 0.0

    @classmethod
    def perf_counter(cls) -> float:
        return cls.now


@pytest.fixture(autouse=True)
def fake_clock(monkeypatch):
    Clock.now = 0.0
    monkeypatch.setattr(redraws, "time", Clock)


class Slow(QWidget):
    """A stand-in panel: its refresh takes ``ms`` (on the fake clock) and is written down in ``log``."""

    def __init__(self, name: str, log: list, ms: float = 3.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name, self.log, self.ms = name, log, ms

    def refresh(self) -> None:
        Clock.now += self.ms / 1000.0
        self.log.append(self.name)


def windows(qtbot, log, names, ms=3.0):
    """One stand-in panel per name, each in a window of its own."""
    panels = []
    for name in names:
        panel = Slow(name, log, ms)
        qtbot.addWidget(panel)
        panels.append(panel)
    return panels


def test_a_slice_stops_at_its_budget_and_the_rest_follows_in_order(qtbot):
    log: list[str] = []
    queue = RedrawQueue(slice_ms=4.0)
    panels = windows(qtbot, log, "abcde")
    with qtbot.waitSignal(queue.drained, timeout=5000):
        with queue.slice():
            for p in panels:
                queue.ask(p)
        # a and b start within the 4 ms (a ends at 3 ms), c would start after it: it waits
        assert log == ["a", "b"]
        assert len(queue) == 3 and panels[2] in queue
    assert log == ["a", "b", "c", "d", "e"]  # each once, in the order they asked
    assert queue.slices >= 3


def test_a_slice_starts_at_most_max_windows_windows(qtbot):
    """However cheap the redraws, a slice leaves the rest of the windows to later slices: each window it
    touched paints before the next one starts, so one slice's paints stay short too."""
    log: list[str] = []
    queue = RedrawQueue(slice_ms=1000.0)
    queue.max_windows = 2
    panels = windows(qtbot, log, "abcde", ms=0.0)
    with qtbot.waitSignal(queue.drained, timeout=5000):
        with queue.slice():
            for p in panels:
                queue.ask(p)
        assert log == ["a", "b"]
    assert log == list("abcde")
    assert queue.slices == 3  # a b | c d | e


def test_panels_of_one_window_redraw_in_the_same_slice(qtbot):
    log: list[str] = []
    queue = RedrawQueue(slice_ms=1.0)
    main = QWidget()
    qtbot.addWidget(main)
    QVBoxLayout(main)
    docked = [Slow(n, log, 2.0, main) for n in "xyz"]  # the usual layout: every panel in the main window
    alone = windows(qtbot, log, "f")[0]  # a floating one
    with queue.slice():
        queue.ask(docked[0])
        queue.ask(alone)
        queue.ask(docked[1])
        queue.ask(docked[2])
    # over budget after x; y and z share x's window, so they follow it in this slice; f waits
    assert log == ["x", "y", "z"]
    assert len(queue) == 1
    qtbot.waitUntil(lambda: log == ["x", "y", "z", "f"], timeout=5000)


def test_asked_twice_keeps_its_place_and_a_panel_that_drew_by_itself_leaves(qtbot):
    log: list[str] = []
    queue = RedrawQueue(slice_ms=0.0)
    a, b, c = windows(qtbot, log, "abc", ms=0.0)
    for p in (a, b, c, a):
        queue.ask(p)
    assert len(queue) == 3
    queue.discard(b)  # e.g. a click redrew it already
    queue.flush()
    assert log == ["a", "c"]
    assert len(queue) == 0


def test_a_panel_deleted_while_it_waits_is_skipped(qtbot):
    log: list[str] = []
    queue = RedrawQueue(slice_ms=0.0)
    keep = windows(qtbot, log, "k", ms=0.0)[0]
    gone = Slow("gone", log, 0.0)
    queue.ask(gone)
    queue.ask(keep)
    delete(gone)  # its window was closed and Qt deleted it
    qtbot.waitUntil(lambda: log == ["k"], timeout=5000)


def test_a_failing_panel_is_reported_and_the_others_still_draw(qtbot, monkeypatch):
    log: list[str] = []
    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: reported.append(value))
    queue = RedrawQueue(slice_ms=100.0)
    a, broken, c = windows(qtbot, log, "abc", ms=0.0)
    broken.refresh = lambda: 1 / 0
    with qtbot.waitSignal(queue.drained, timeout=5000):
        with queue.slice():
            for p in (a, broken, c):
                queue.ask(p)
    assert log == ["a", "c"]
    assert len(reported) == 1 and isinstance(reported[0], ZeroDivisionError)


def test_a_slice_opened_while_panels_wait_lets_them_go_first(qtbot):
    log: list[str] = []
    queue = RedrawQueue(slice_ms=0.0)
    a, b = windows(qtbot, log, "ab", ms=0.0)
    with queue.slice():
        queue.ask(a)
        queue.ask(b)
    assert log == ["a"]  # b waits for the next slice
    with queue.slice():  # say the lens arrives in the same turn of the event loop
        queue.ask(a)
    assert log == ["a"]  # nothing jumps the queue: b, then a again, after the event loop has painted
    qtbot.waitUntil(lambda: log == ["a", "b", "a"], timeout=5000)


def test_real_panels_in_separate_windows_all_show_the_newest_trace(qtbot, tiny_model):
    """With a queue and no budget, a Trace reaches one panel at once and the next one a slice later."""
    state = AppState()
    state.redraws = RedrawQueue(state, slice_ms=0.0)
    state.set_model(tiny_model)
    first, second = TokensPanel(state), TokensPanel(state)
    for panel in (first, second):
        qtbot.addWidget(panel)
        panel.resize(600, 200)
        panel.show()
    qtbot.waitExposed(second)
    trace = run(tiny_model.model, tiny_model.tokenizer, "De kat zat")
    state.set_text(trace.text)
    state.accept_trace(state.next_request_id(), trace)
    ids = trace.token_ids.tolist()
    assert [c.token_id for c in first.chips.chips()] == ids
    assert second in state.redraws
    newer = run(tiny_model.model, tiny_model.tokenizer, "De kat zat op de mat")
    state.set_text(newer.text)
    with qtbot.waitSignal(state.redraws.drained, timeout=5000):
        state.accept_trace(state.next_request_id(), newer)
    # the second panel skipped the older Trace it never got to and drew the newest
    for panel in (first, second):
        assert [c.token_id for c in panel.chips.chips()] == newer.token_ids.tolist()


def test_garbage_is_collected_on_the_gui_thread_only(qtbot, qapp):
    """A reference cycle dropped while a background thread allocates is freed later, on the GUI thread: a widget
    in such a cycle must never be deleted off the GUI thread (explainer.gui.collector)."""
    import gc
    import threading
    import weakref

    from explainer.gui import collector

    installed = collector.install(qapp)
    assert not gc.isenabled()
    freed_on: list[bool] = []

    class Node:
        pass

    def background_job():
        node = Node()
        node.me = node  # a cycle: only the cyclic collector frees it
        weakref.finalize(node, lambda: freed_on.append(threading.current_thread() is threading.main_thread()))
        del node
        for _ in range(20_000):  # by Python's own counts, enough allocations for many collections
            junk = []
            junk.append(junk)

    worker = threading.Thread(target=background_job)
    worker.start()
    worker.join()
    assert freed_on == []  # nothing was collected in the background thread
    assert gc.get_count()[0] > gc.get_threshold()[0]
    before = list(installed.collections)
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)  # the collector's next tick, on this thread
    assert freed_on == [True]
    assert sum(installed.collections) > sum(before)


def test_after_an_empty_text_each_slice_begins_one_window_until_the_queue_is_empty(qtbot):
    """The first tokens after an empty text reshape every panel: one window's layout and paint per turn of
    the event loop, then back to several."""
    log: list[str] = []
    queue = RedrawQueue(slice_ms=1000.0)
    queue.max_windows = 3
    panels = windows(qtbot, log, "abcd", ms=0.0)
    with qtbot.waitSignal(queue.drained, timeout=5000):
        with queue.slice(one_window=True):
            for p in panels:
                queue.ask(p)
        assert log == ["a"]
    assert log == list("abcd") and queue.slices == 4  # a | b | c | d
    log.clear()
    with qtbot.waitSignal(queue.drained, timeout=5000):
        with queue.slice():
            for p in panels:
                queue.ask(p)
        assert log == ["a", "b", "c"]  # an ordinary key again
    assert log == list("abcd")


def test_the_state_asks_for_one_window_slices_when_the_text_was_empty(qtbot, monkeypatch):
    from tests.conftest import make_tiny_model

    state = AppState()
    state.set_model(make_tiny_model())
    state.redraws = RedrawQueue()
    asked: list[bool] = []
    opened = state.redraws.slice
    monkeypatch.setattr(state.redraws, "slice", lambda one_window=False: asked.append(one_window) or opened(one_window))
    model = state.model
    for text in ("", "de", "de kat", "", "d"):
        state.accept_trace(state.next_request_id(), run(model.model, model.tokenizer, text))
    assert asked == [False, True, False, False, True]
    state.set_model(make_tiny_model(seed=1))  # a new model: its first Trace reshapes the panels too
    state.accept_trace(state.next_request_id(), run(state.model.model, state.model.tokenizer, "de kat"))
    assert asked[-1] is True


def test_a_new_model_redraws_one_window_at_once_and_the_others_in_later_slices(qtbot, tiny_model, monkeypatch):
    """Every panel forgets the old model at once; their redraws then go one window per slice (with every
    panel floating, redrawing them all in one go held the event loop up for 90-130 ms)."""
    from tests.conftest import make_tiny_model

    state = AppState()
    state.redraws = RedrawQueue(state)
    state.set_model(tiny_model)
    panels = [TokensPanel(state) for _ in range(3)]
    for panel in panels:
        qtbot.addWidget(panel)
        panel.resize(600, 200)
        panel.show()
    qtbot.waitExposed(panels[-1])
    trace = run(tiny_model.model, tiny_model.tokenizer, "De kat zat")
    state.set_text(trace.text)
    with qtbot.waitSignal(state.redraws.drained, timeout=5000):
        state.accept_trace(state.next_request_id(), trace)
    assert all(len(p.chips.chips()) == trace.n_tokens for p in panels)
    forgot: list = []
    for panel in panels:
        monkeypatch.setattr(panel, "invalidate", lambda p=panel: forgot.append(p))
    asked: list[bool] = []
    opened = state.redraws.slice
    monkeypatch.setattr(state.redraws, "slice", lambda one_window=False: asked.append(one_window) or opened(one_window))

    state.set_model(make_tiny_model(seed=1))
    assert forgot == panels and asked == [True]
    assert panels[0] not in state.redraws and panels[0].chips.chips() == []  # its window redrew at once
    assert all(p in state.redraws and len(p.chips.chips()) == trace.n_tokens for p in panels[1:])
    slices = state.redraws.slices
    qtbot.waitUntil(lambda: len(state.redraws) == 0, timeout=5000)
    assert all(p.chips.chips() == [] for p in panels)
    assert state.redraws.slices - slices == 2  # one window each
