"""The application: QApplication, language, theme, default model, main window."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from explainer.gui import palette
from explainer.paths import models_dir, resource

DEFAULT_MODEL = "tiny-gpt-nl-en"
ORGANIZATION = "LLM Explainer"
APPLICATION = "explainer"


def ui_language(requested: str | None = None) -> str:
    """``nl`` or ``en``: the --lang option, else the system locale (Dutch → nl)."""
    if requested in ("nl", "en"):
        return requested
    return "nl" if QLocale.system().name().lower().startswith("nl") else "en"


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


def install_translator(app: QApplication, lang: str) -> QTranslator | None:
    """Load resources/translations/explainer_<lang>.qm when it has been built."""
    qm = resource("translations", f"explainer_{lang}.qm")
    if not qm.exists():
        return None
    translator = QTranslator(app)
    if translator.load(str(qm)):
        app.installTranslator(translator)
        return translator
    return None


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("LLM Explainer")
    return app


EXTENSIONS = ("explainer.gui.explore", "explainer.gui.presentation")  # each has install(window)


def install_extensions(window) -> list[str]:
    """Let the optional window extensions add their menus and modes; returns the ones installed."""
    import importlib
    import importlib.util

    installed = []
    for name in EXTENSIONS:
        if importlib.util.find_spec(name) is None:
            continue
        try:
            importlib.import_module(name).install(window)
            installed.append(name)
        except Exception as exc:  # an extension must never keep the window from opening
            print(f"{name} could not be installed: {exc!r}", file=sys.stderr)
    return installed


def run_app(args) -> int:
    """Open the main window (``args.model``, ``args.text``, ``args.lang``) and run the event loop."""
    from explainer.gui.main_window import MainWindow
    from explainer.gui.worker import configure_torch_threads

    configure_torch_threads()
    app = make_application()
    lang = ui_language(getattr(args, "lang", None))
    install_translator(app, lang)
    settings = QSettings()
    palette.apply_theme(str(settings.value("theme", "light")), app,
                        scale=float(settings.value("font_scale", 1.0)))
    window = MainWindow(lang=lang, settings=settings)
    install_extensions(window)
    window.show()
    window.start(text=getattr(args, "text", None), model_path=default_model_path(getattr(args, "model", None)))
    code = app.exec()
    return int(code)
