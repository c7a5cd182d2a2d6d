"""The interface language: Qt translators, the locale, and switching without a restart.

Strings are marked with ``tr()`` and translated by Qt from
``resources/translations/explainer_<lang>.qm`` (built from the ``.ts``
sources by ``scripts/update_translations.py``). Widgets take their texts when
they are built, so switching the language rebuilds the window: a new
MainWindow takes over the open model, text, selection, sampling,
ablations, layout, lesson and its step, the lesson being built and presentation
mode from the old one, which
then closes. Nothing is loaded from disk again; the choice is remembered in
QSettings.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from explainer.gui.scene import Scene, read_views, when_settled
from explainer.gui.settings import GEOMETRY, LAYOUT_VERSION, WINDOW_STATE, seal_layout
from explainer.paths import resource

LANGUAGES = {"nl": "Nederlands", "en": "English"}  # each in its own language, as a menu shows them
SETTINGS_KEY = "language"

_translator: QTranslator | None = None
_qt_translator: QTranslator | None = None  # Qt's own strings: dialog buttons ("Annuleren"), context menus
_current = "en"


def current() -> str:
    return _current


def system_language() -> str:
    return "nl" if QLocale.system().name().lower().startswith("nl") else "en"


def choose(requested: str | None, settings=None) -> str:
    """--lang if given, else the remembered choice, else the system locale."""
    if requested in LANGUAGES:
        return requested
    remembered = str(settings.value(SETTINGS_KEY, "")) if settings is not None else ""
    return remembered if remembered in LANGUAGES else system_language()


def apply_language(lang: str, app: QCoreApplication | None = None) -> bool:
    """Install the translator for ``lang`` (replacing the previous one) and make it the default locale.

    Returns False when the compiled translation is missing (the interface then stays in English).
    """
    global _translator, _qt_translator, _current
    app = app or QCoreApplication.instance()
    lang = lang if lang in LANGUAGES else "en"
    _current = lang
    QLocale.setDefault(QLocale(QLocale.Dutch, QLocale.Netherlands) if lang == "nl"
                       else QLocale(QLocale.English, QLocale.UnitedStates))
    if app is None:
        return False
    if _translator is not None:
        app.removeTranslator(_translator)
        _translator = None
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang != "en":
        qt_own = QTranslator(app)
        if qt_own.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            app.installTranslator(qt_own)
            _qt_translator = qt_own
    qm = resource("translations", f"explainer_{lang}.qm")
    translator = QTranslator(app)
    if not qm.exists() or not translator.load(str(qm)):
        return False
    app.installTranslator(translator)
    _translator = translator
    return True


def notice_text(notice: str) -> str:
    """A notice from the core (plain English, no Qt there) in the interface language; one a line."""
    import re

    from explainer.core.trace import NOT_FINITE

    if "\n" in notice:
        return "\n".join(notice_text(line) for line in notice.split("\n"))
    if notice == NOT_FINITE:
        return QCoreApplication.translate("Notice", "The model computed numbers that are not finite (NaN or "
                                          "infinity): its weights are too large or damaged, and what the panels "
                                          "show means nothing.")
    match = re.fullmatch(r"text too long for the context window: only the last (\d+) tokens are used", notice)
    if match:
        return QCoreApplication.translate("Notice", "The text is too long for the model's context window: only "
                                          "the last {n} tokens are used.").format(n=match.group(1))
    if notice == "no text: type something":
        return QCoreApplication.translate("Notice", "No text yet: type something.")
    return notice


def switch_window(old, lang: str):
    """Rebuild ``old`` (a MainWindow) in ``lang``; returns the new window, already shown."""
    settings = old.settings
    settings.setValue(SETTINGS_KEY, lang)
    settings.setValue(GEOMETRY, old.saveGeometry())
    settings.setValue(WINDOW_STATE, seal_layout(old.saveState(LAYOUT_VERSION)))
    apply_language(lang)
    st = old.state
    lesson_step = old.lesson.controller.index if old.lesson.isVisible() else -1
    session_path = old.sessions.path
    generating = old.panels.built().get("next_token")  # a generation going on goes on in the new window
    carried = generating.hand_over() if generating is not None else None

    new = type(old)(lang=lang, settings=settings)
    new._untouched_example = old._untouched_example if st.text == old._untouched_example else None
    new.show()
    new.restoreState(old.saveState(LAYOUT_VERSION), LAYOUT_VERSION)
    scene = Scene(model=st.model, text=st.text, layer=st.layer, head=st.head, token=st.token,
                  sampling={"temperature": st.temperature, "top_k": st.top_k, "top_p": st.top_p},
                  ablations=[a.to_dict() for a in st.ablations] or None,
                  views=read_views(old))  # the panels' own settings too: greedy or sampled, seed, …
    new.sessions.path = session_path
    new.sessions.applier.apply(scene)
    if carried is not None:  # once the text is back, with the tokens still to come and the same random numbers
        when_settled(new.sessions.applier, lambda: new.panels["next_token"].resume_generation(*carried))
    if old.controller.loading:  # a model still loading in the old window: this one opens it instead
        new.controller.open_model(old.controller.loading)
    new.lesson.controller.take_over(old.lesson.controller)  # a lesson opened from a file stays open
    new.lesson_files.take_over(old.lesson_files)  # and so does a lesson being built
    if lesson_step >= 0:
        new.lesson.show()
        new.lesson.controller.show_text_of(lesson_step)
    new.presenter.continue_from(old.presenter)
    old.replaced = True  # closing it must not leave presentation mode: the zoom is the application's
    old.close()
    old.deleteLater()
    open_windows[:] = [w for w in open_windows if w is not old] + [new]
    return new


open_windows: list = []  # the live main windows (Python must hold them: a rebuilt one has no other owner)
