"""Panels are built the first time they are seen, and nothing a person or a test reads notices the difference."""

import gc

import pytest
from PySide6.QtCore import QSettings

from explainer.gui.main_window import MainWindow
from explainer.gui.panels import PANELS, TITLES, panel_class, panel_classes, titles
from explainer.gui.state import AppState
from tests.conftest import make_tiny_model


@pytest.fixture
def window(qtbot, tmp_path):
    win = MainWindow(lang="en", settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    win.state.set_model(make_tiny_model())
    yield win
    win.controller.shutdown()


def test_the_title_table_says_what_each_panel_says(qtbot):
    """Same translation context (the class) and the same source texts: the same words in every language."""
    state = AppState()
    assert list(TITLES) == [pid for pid, _ in PANELS]
    panels = []
    try:
        for pid, cls in panel_classes().items():
            assert panel_class(pid) is cls and TITLES[pid][0] == cls.__name__
            panels.append(cls(state))
            assert titles(pid) == (panels[-1].title(), panels[-1].short_title()), pid
    finally:  # the panels' background jobs end before the panels go, and Qt objects die on this thread
        state.jobs.shutdown(wait=True)
        for panel in panels:
            panel.deleteLater()
        del panels
        gc.collect()


def test_only_what_is_seen_is_built(qtbot, window):
    built = set(window.panels.built())
    # the default layout shows tokens, attention and next token; interventions serves the others' menus
    assert {"tokens", "attention", "next_token", "interventions"} <= built
    assert {"embedding", "bias", "training", "compare"}.isdisjoint(built)
    assert len(window.panels) == len(PANELS) and all(pid in window.panels for pid, _ in PANELS)
    # the View menu names every panel without building it
    names = [a.text() for a in window.menus.view.actions() if a.text()]
    assert "Embedding space" in names and "Bias probe" in names
    assert not window.panels.is_built("embedding")
    # raising a tab builds its panel, which then shows the current text
    window.set_text("de kat zat")
    qtbot.waitUntil(lambda: window.state.trace is not None and window.state.trace.text == "de kat zat")
    window.docks["cost"].show()
    window.docks["cost"].raise_()
    qtbot.waitUntil(lambda: window.panels.is_built("cost"), timeout=3000)
    cost = window.panels["cost"]
    assert window.docks["cost"].widget().widget().panel is cost
    qtbot.waitUntil(lambda: cost.cost is not None and str(window.state.trace.n_tokens) in cost.heading.text(),
                    timeout=3000)


def test_reading_a_panel_builds_it_and_it_follows_the_state(qtbot, window):
    window.set_text("de kat")
    qtbot.waitUntil(lambda: window.state.trace is not None and window.state.trace.text == "de kat")
    lens = window.panels["lens"]  # tabbed away: built on reading, drawn once it is seen
    assert window.panels.is_built("lens") and window.panels["lens"] is lens
    window.docks["lens"].show()
    window.docks["lens"].raise_()
    qtbot.waitUntil(lambda: lens.grid.isVisible(), timeout=3000)
    window.set_text("de kat zat")
    qtbot.waitUntil(lambda: window.state.trace.text == "de kat zat" and window.state.trace.lens_ids is not None,
                    timeout=3000)


def test_a_head_switched_off_from_the_attention_grid_reaches_the_unbuilt_list(qtbot, window):
    """The interventions panel is built from the start: the attention grid's menu relies on it."""
    from explainer.core.analysis.interventions import Ablation

    assert window.panels.is_built("interventions")
    window.state.request_ablation(Ablation("head", 0, 1))
    qtbot.waitUntil(lambda: bool(window.state.interventions.heads), timeout=3000)
    assert list(window.state.interventions.heads) == [(0, 1)]


def test_a_panel_built_late_follows_the_layer_chosen_before(qtbot, window):
    window.state.select_layer(1)
    embedding = window.panels["embedding"]  # built only now
    assert embedding.slider.value() == 1 + 2  # the stream after block 1, as if it had been there all along


def test_a_lens_nobody_sees_never_delays_the_trace(qtbot, window):
    """With the logit-lens panel tabbed away the Trace arrives without its lens; the lens follows on its own."""
    assert not window.panel_on_screen("lens")
    arrived = []
    window.state.trace_changed.connect(lambda tr: arrived.append(tr.lens_ids is not None))
    window.set_text("de kat zat op")
    qtbot.waitUntil(lambda: window.state.trace is not None and window.state.trace.text == "de kat zat op")
    assert arrived and not arrived[-1]
    qtbot.waitUntil(lambda: window.state.trace.lens_ids is not None, timeout=3000)  # …and then arrives



def test_a_lens_nobody_sees_waits_for_a_pause_in_typing(qtbot, window, monkeypatch):
    """Run after every key, an unseen lens held the keys lane when the next key came: it waits for a pause."""
    from explainer.gui import worker as worker_module

    monkeypatch.setattr(worker_module, "LENS_PAUSE_MS", 60_000)  # no pause comes in this test
    lens_jobs = []
    job = window.controller._lens_job
    monkeypatch.setattr(window.controller, "_lens_job", lambda *a: lens_jobs.append(a[0]) or job(*a))
    assert not window.panel_on_screen("lens")
    for text in ("de", "de k", "de kat"):  # each key's Trace shown before the next key
        window.set_text(text)
        qtbot.waitUntil(lambda t=text: window.state.trace is not None and window.state.trace.text == t)
        qtbot.wait(50)
    assert lens_jobs == [] and window.state.trace.lens_ids is None
    assert window.controller._lens_timer.isActive()  # the pause it waits for
    window.controller._lens_timer.timeout.emit()  # the pause came
    qtbot.waitUntil(lambda: window.state.trace.lens_ids is not None, timeout=3000)
    assert lens_jobs == [window.state.latest_request_id]

def test_the_default_window_starts_without_the_plotting_library(tmp_path):
    """No panel of the default layout plots with pyqtgraph, so starting the app must not import it (0.3 s of
    the cold start); it comes in with the first panel that plots. In a fresh interpreter, as a user starts."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from PySide6.QtCore import QSettings\n"
        "from explainer.cli import build_parser\n"
        "build_parser()\n"
        "from explainer.gui.app import make_application\n"
        "from explainer.gui.main_window import MainWindow\n"
        "from explainer.gui import palette\n"
        "app = make_application()\n"
        "palette.apply_theme('light', app)\n"
        f"win = MainWindow(lang='nl', settings=QSettings({str(tmp_path / 's.ini')!r}, QSettings.IniFormat))\n"
        "win.show()\n"
        "app.processEvents()\n"
        "palette.restyle_plots(win)\n"
        "print('before', 'pyqtgraph' in sys.modules)\n"
        "win.panels['embedding']\n"
        "print('after', 'pyqtgraph' in sys.modules)\n"
        "win.controller.shutdown()\n"
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "before False" in out.stdout and "after True" in out.stdout, out.stdout + out.stderr


def test_a_panel_built_on_first_view_is_frozen_with_its_young_garbage_collected_first(qtbot, qapp, window):
    """Left in the young generations, a new panel's objects made the next collection of the middle one walk
    them all (24-36 ms while typing with every panel on screen): the app freezes them once built."""
    import gc
    import weakref

    from explainer.gui import collector

    installed = collector.install(qapp)
    installed.freeze_new = True  # as the app runs (the tests' collector leaves it off)
    installed._timer.stop()  # no routine collection in between: the settling alone must free the garbage
    try:
        before = installed.settled
        freed = []

        class Node:
            pass

        node = Node()
        node.me = node  # young garbage in a cycle: it must be collected, not frozen for good
        weakref.finalize(node, lambda: freed.append(True))
        del node
        assert not window.panels.is_built("lens")
        lens = window.panels["lens"]  # built now, as when its dock first comes into view
        qtbot.waitUntil(lambda: installed.settled > before, timeout=3000)
        assert freed == [True]
        assert not any(obj is lens for obj in gc.get_objects())  # in no generation a collection walks
    finally:
        installed.freeze_new = False
        installed._timer.start()
        gc.unfreeze()  # the test process keeps collecting what its many windows leave behind
