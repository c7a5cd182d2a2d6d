"""The application: QApplication, language, theme, default model, main window."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from explainer.gui import language, palette
from explainer.paths import models_dir, resource

DEFAULT_MODEL = "tiny-gpt-nl-en"
ORGANIZATION = "LLM Explainer"
APPLICATION = "explainer"


def load_examples() -> dict:
    """Example sentences per language from resources/examples.json (empty lists if missing)."""
    try:
        data = json.loads(resource("examples.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.setdefault("nl", ["De kat zat op de mat en keek naar de"])
    data.setdefault("en", ["The cat sat on the mat and looked at the"])
    data.setdefault("masked", {"nl": "De kat zat op de [MASK].", "en": "The cat sat on the [MASK]."})
    return data


def default_model_path(explicit: str | None = None) -> Path | None:
    """--model if given; else the shipped default; else the first model the registry finds."""
    if explicit:
        return Path(explicit).expanduser()
    shipped = models_dir() / DEFAULT_MODEL
    if shipped.exists():
        return shipped
    try:
        from explainer.core.checkpoints import registry  # written alongside; may not exist yet
    except ImportError:
        return None
    for entry in found_models(registry):
        return Path(entry.path)
    return None


def found_models(registry=None) -> list:
    """Openable models the registry finds (shipped first), or [] when there is no registry yet."""
    if registry is None:
        try:
            from explainer.core.checkpoints import registry
        except ImportError:
            return []
    finder = getattr(registry, "find_models", None)
    if finder is None:
        return []
    try:
        entries = list(finder())
    except Exception:  # a broken model folder must not keep the window from opening
        return []
    return [e for e in entries if getattr(e, "path", None) and not getattr(e, "problem", "")]


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    # no applicationDisplayName: Qt would append it to every window title, which names the app itself
    return app


def run_app(args) -> int:
    """Open the main window (``args.model``, ``args.text``, ``args.lang``) and run the event loop."""
    from explainer.gui.main_window import MainWindow
    from explainer.gui.worker import configure_torch_threads

    configure_torch_threads()
    app = make_application()
    settings = QSettings()
    lang = language.choose(getattr(args, "lang", None), settings)  # --lang, else remembered, else the system
    language.apply_language(lang, app)
    palette.apply_theme(str(settings.value("theme", "light")), app,
                        scale=float(settings.value("font_scale", 1.0)))
    window = MainWindow(lang=lang, settings=settings)
    language._windows.append(window)  # a language switch replaces it; Python must hold the live one
    size = getattr(args, "size", None)
    if size:
        window.resize(*size)
    window.show()
    window.start(text=getattr(args, "text", None), model_path=default_model_path(getattr(args, "model", None)))
    screenshot = getattr(args, "screenshot", None)
    if screenshot:
        _screenshot_when_drawn(app, window, screenshot)
    code = app.exec()
    for live in language._windows:  # threads stop before Qt tears down, however the loop ended
        live.controller.shutdown()
    return int(code)


def _screenshot_when_drawn(app: QApplication, window, path: str, timeout_s: float = 120.0) -> None:
    """Save the window to ``path`` once the first prediction is drawn, then quit (exit 1 on timeout)."""
    from PySide6.QtCore import QTimer

    def save() -> None:
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

    window.state.trace_changed.connect(on_trace)
    window.controller.model_failed.connect(lambda p, problem: (print(f"explainer: {p}: {problem}", file=sys.stderr),
                                                               app.exit(1)))
    QTimer.singleShot(int(timeout_s * 1000), give_up)
