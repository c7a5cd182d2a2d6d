"""Every GUI test starts alike: a private cache, and the light theme and English restored afterwards."""

import pytest

from explainer.gui import language, palette


@pytest.fixture(scope="session", autouse=True)
def gui_thread_collector(qapp):
    """As in the app: Python's garbage collector runs on the GUI thread only (explainer.gui.collector), so a
    background job never deletes a widget a finished test left in a reference cycle."""
    from explainer.gui import collector

    return collector.install(qapp)


@pytest.fixture(autouse=True)
def questions(monkeypatch):
    """Every yes/no question the app asks (QMessageBox.question), answered Yes unless a test sets ``answer``: a
    real one would wait for a click that never comes (closing a window with an unsaved lesson draft asks)."""
    from PySide6.QtWidgets import QMessageBox

    class Asked(list):
        answer = QMessageBox.Yes

    asked = Asked()

    def question(_parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return asked.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.fixture(autouse=True)
def widgets_deleted_by_qt(monkeypatch, qapp):
    """Every widget a test hands to ``qtbot.addWidget`` lives until the test's teardown and is then deleted by
    Qt, on the GUI thread, in one go.

    pytest-qt keeps only weak references. A panel is usually in a reference cycle (its slots and lambdas
    point back at it), so once the test function returned it was garbage, still shown on screen, and the
    garbage collector freed it whenever it next ran: in the events pytest-qt processes right after the test,
    with the panel's event filters and plot items half torn down. That crashed the test run (segfault) about
    once in sixty runs of a file. Qt deletes a closed widget cleanly; what the collector frees later is then
    only Python objects whose Qt object is already gone.
    """
    import pytestqt.qtbot
    from PySide6.QtCore import QCoreApplication, QEvent
    from shiboken6 import isValid

    kept = []
    add = pytestqt.qtbot._add_widget

    def add_and_keep(item, widget, *, before_close_func=None):
        kept.append(widget)
        add(item, widget, before_close_func=before_close_func)

    monkeypatch.setattr(pytestqt.qtbot, "_add_widget", add_and_keep)
    yield
    for widget in kept:  # pytest-qt has closed them (its teardown runs first; pyqtgraph's close() runs once)
        if isValid(widget):
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    kept.clear()


@pytest.fixture(autouse=True)
def clean_globals(tmp_path, monkeypatch):
    monkeypatch.setenv("LLM_EXPLAINER_CACHE", str(tmp_path / "cache"))
    yield
    palette.apply_theme("light", scale=1.0)
    language.apply_language("en")


@pytest.fixture
def show_panel(qtbot):
    """``show_panel(PanelClass, loaded, text, size)``: a panel on its own, shown, with ``text`` run through ``loaded``.

    Returns ``(state, panel, trace)``. The state holds ``text`` before the
    panel is made, and the Trace is accepted after it is shown.
    """
    from explainer.core.trace import run
    from explainer.gui.state import AppState

    def show(panel_class, loaded, text, size=(900, 600)):
        state = AppState()
        state.set_model(loaded)
        state.set_text(text)
        panel = panel_class(state)
        qtbot.addWidget(panel)
        panel.resize(*size)
        panel.show()
        trace = run(loaded.model, loaded.tokenizer, text)
        state.accept_trace(state.next_request_id(), trace)
        return state, panel, trace

    return show
