"""The application: QApplication, language, theme, default model, main window."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from explainer.gui import collector, language, palette, settings as keys
from explainer.gui.catalog import default_model_path

ORGANIZATION = "LLM Explainer"
APPLICATION = "explainer"
JOB_GRACE_S = 3.0  # how long quitting waits for a running job (a forward pass; not a model load of minutes)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    # Python hands its lock between threads every 5 ms by default: while a background job (the logit lens,
    # a panel's analysis, training) runs Python code, the GUI thread could wait that long at every wake-up.
    # 1 ms: with every panel on screen, keys finish 3-5 ms sooner (p95), the forward pass is as fast
    sys.setswitchinterval(0.001)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    # no applicationDisplayName: Qt would append it to every window title, which names the app itself
    return app


def run_app(args) -> int:
    """Open the main window (``args.model``, ``args.text``, ``args.lang``; a lesson at its first step with
    ``args.lesson``, in presentation mode with ``args.present``) and run the event loop."""
    from explainer.gui.main_window import MainWindow
    from explainer.gui.worker import configure_torch_threads

    configure_torch_threads()
    app = make_application()
    settings = QSettings()
    # --lang, else remembered (read safely: the settings file may hold anything), else the system
    lang = language.choose(getattr(args, "lang", None) or keys.read_str(settings, language.SETTINGS_KEY, "",
                                                                        language.LANGUAGES))
    language.apply_language(lang, app)
    palette.apply_theme(keys.read_str(settings, keys.THEME, "light", palette.THEMES), app,
                        scale=keys.read_float(settings, keys.FONT_SCALE, 1.0, 0.5, 4.0))
    window = MainWindow(lang=lang, settings=settings)
    language.open_windows.append(window)  # a language switch replaces it; Python must hold the live one
    size = getattr(args, "size", None)
    if size:
        window.resize(*size)
    window.show()
    window.start(text=getattr(args, "text", None), model_path=default_model_path(getattr(args, "model", None)))
    screenshot = getattr(args, "screenshot", None)
    lesson = vars(args).get("lesson")  # a .lesson.json file to open at its first step
    if lesson:
        window.show_dialogs = not screenshot  # a screenshot run says what is wrong on stderr, not in a dialog
        if not window.lesson_files.open_file(lesson) and screenshot:
            print(f"explainer: {window.lesson_files.last_problem}", file=sys.stderr)
            window.state.jobs.shutdown(wait=False)
            return finish(1)
    if getattr(args, "present", False):
        window.presenter.enter_presentation()
    gc.freeze()  # everything built so far lives as long as the window (the CLI had the collector off)
    collector.install(app, freeze_new=True)  # from now on the collector runs, on this thread only
    if screenshot:
        _screenshot_when_drawn(app, window, screenshot)
    code = int(app.exec())
    for live in language.open_windows:  # however the loop ended: queued work is dropped, running jobs told to stop
        live.state.jobs.shutdown(wait=False)
    settings.sync()
    return finish(code)


def finish(code: int, timeout_s: float = JOB_GRACE_S) -> int:
    """Give running jobs ``timeout_s`` to end, then return ``code``; end the process at once if one runs on.

    A job cannot be interrupted: a model that takes minutes to load would
    keep Python from exiting (it waits for every thread) long after the window
    closed. Everything worth keeping is written by then (settings, a training
    run's checkpoint: the training panel waits for it when the app quits).
    """
    deadline = time.monotonic() + timeout_s
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join(max(0.0, deadline - time.monotonic()))
    if any(t.is_alive() and not t.daemon and t is not threading.main_thread() for t in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _screenshot_when_drawn(app: QApplication, window, path: str, timeout_s: float = 120.0) -> None:
    """Save the window to ``path`` once the first prediction is drawn, then quit (exit 1 on timeout).

    When a lesson was opened (--lesson) the picture waits for its first step instead: model, text, selection.
    """
    from PySide6.QtCore import QTimer

    def save() -> None:
        window.state.redraws.flush()  # a panel in a floating window may still wait for its turn
        app.processEvents()
        ok = window.grab().save(path)
        if not ok:
            print(f"explainer: could not write the screenshot {path}", file=sys.stderr)
        app.exit(0 if ok else 1)

    def on_trace(trace) -> None:
        if trace is not None and trace.n_tokens:
            window.state.trace_changed.disconnect(on_trace)
            QTimer.singleShot(400, save)  # let every visible panel paint first

    def give_up() -> None:
        print(f"explainer: no prediction was drawn within {timeout_s:.0f} s; no screenshot written",
              file=sys.stderr)
        app.exit(1)

    window.show_dialogs = False  # a modal dialog would wait for a click that never comes
    if window.lesson.controller.active:
        from explainer.gui.scene import when_settled

        when_settled(window.lesson.controller.applier, lambda: QTimer.singleShot(400, save))
    else:
        window.state.trace_changed.connect(on_trace)
    window.controller.model_failed.connect(lambda p, problem: (print(f"explainer: {p}: {problem}", file=sys.stderr),
                                                               app.exit(1)))
    QTimer.singleShot(int(timeout_s * 1000), give_up)
