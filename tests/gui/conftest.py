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
