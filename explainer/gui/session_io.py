"""File → Save session / Open session, File → Export panel, and the lesson's menu entry.

A session is what a teacher had on screen (``core.session.Session``): text,
model path, selection, sampling, ablations, the dock layout and display
settings. It is written atomically by ``save_session``; a file that cannot be
read gives one clear dialog and changes nothing. ``install(window)`` adds
these actions to the window's menus without changing the window's own code.
"""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox

from explainer.core.checkpoints.limits import MAX_TEXT_CHARS
from explainer.core.lesson_file import check_views
from explainer.core.session import Session, SessionError, load_session, save_session
from explainer.gui import export as export_mod
from explainer.gui import palette
from explainer.gui.panels._visibility import off_screen
from explainer.gui.lesson import LessonError, read_lesson, tour_path
from explainer.gui.problems import translate_message
from explainer.gui.scene import Scene, SceneApplier, read_views, when_settled
from explainer.gui.settings import LAYOUT_VERSION, seal_layout, unseal_layout
from explainer.gui.problems import translate_problem

SESSION_FILTER = "LLM Explainer session (*.explainer.json *.json)"


def model_kind(path: str) -> str:
    """"ok" for an existing file or folder, "missing", or "other": a pipe or a device, never opened (it could wait forever)."""
    try:
        mode = Path(path).expanduser().stat().st_mode
    except (OSError, ValueError):
        return "missing"
    return "ok" if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "other"


def capture_session(window) -> Session:
    """The window's current state as a Session."""
    st = window.state
    layout = base64.b64encode(bytes(seal_layout(window.saveState(LAYOUT_VERSION)))).decode("ascii")
    settings = {"language": window.lang, "theme": palette.current().name, "zoom": palette.font_scale(),
                # the panels' own settings (greedy or sampled, seed and count, …), as a lesson step keeps them
                "views": json.loads(json.dumps(read_views(window)))}  # (tuples as the file holds them: lists)
    lesson = window.lesson
    if lesson.isVisible() and lesson.controller.index >= 0:
        settings["lesson_step"] = lesson.controller.index
        if not lesson.controller.builtin and lesson.controller.source.path is not None:
            settings["lesson_file"] = str(lesson.controller.source.path)
    return Session(text=st.text[-MAX_TEXT_CHARS:], model_path=str(st.model.path) if st.model is not None else "",
                   token=st.token, layer=st.layer, head=st.head, temperature=st.temperature,
                   top_k=st.top_k, top_p=st.top_p,
                   ablations=[a.to_dict() for a in st.ablations],
                   layout=layout, settings=settings)


class SessionManager(QObject):
    """Saves and opens sessions, and exports panels, for one window (kept as ``window.sessions``).

    ``save_to(path)`` and ``open_from(path)`` do the work without dialogs and
    return True on success; a failure is reported through ``warn`` (a
    message box), and ``last_error`` keeps its text.
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.applier = SceneApplier(window)
        self.applier.describe_problem = translate_problem
        self.applier.problem.connect(lambda m: window.state.set_message(m))
        self.last_error = ""
        self.path: Path | None = None
        self._add_menus(window.menus.file, window.menus.file_tail)

    def _add_menus(self, file_menu: QMenu, anchor: QAction) -> None:
        """File → Open/Save session, Export current panel and Export panel ▸, before ``anchor``."""
        window = self.window

        def add(text: str, slot, shortcut=None) -> QAction:
            act = QAction(text, window)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            file_menu.insertAction(anchor, act)
            return act

        self.open_action = add(QCoreApplication.translate("Sessions", "Open &session…"), self.open_dialog)
        self.save_action = add(QCoreApplication.translate("Sessions", "Sa&ve session…"), self.save_dialog, QKeySequence.Save)
        file_menu.insertSeparator(anchor)
        self.export_action = add(QCoreApplication.translate("Sessions", "&Export current panel…"), lambda: self.export_dialog(), "Ctrl+E")
        self.export_menu = QMenu(QCoreApplication.translate("Sessions", "Export &panel"), window)
        file_menu.insertMenu(anchor, self.export_menu)

        def fill() -> None:
            self.export_menu.clear()
            for pid in window.panels:
                self.export_menu.addAction(window.panel_title(pid)).triggered.connect(
                    lambda _=False, p=pid: self.export_dialog(p))

        self.export_menu.aboutToShow.connect(fill)

    # -- sessions -----------------------------------------------------------
    def save_to(self, path: str | Path) -> bool:
        try:
            save_session(capture_session(self.window), path)
        except OSError as exc:
            self.warn(self.tr("Could not save the session"),
                      self.tr("The session could not be saved.\n\nFile: {p}\nProblem: {q}\n\n"
                              "Any earlier file there is unchanged.").format(p=path, q=exc.strerror or exc))
            return False
        self.path = Path(path)
        return True

    def open_from(self, path: str | Path) -> bool:
        """Open the session in ``path``: all of it is checked first, so a bad file changes nothing."""
        try:
            session = load_session(path, themes=palette.THEMES)
            if "views" in (session.settings or {}):  # the panels' own settings, checked as a lesson step's are
                try:
                    session.settings["views"] = check_views(session.settings["views"])
                except ValueError as exc:
                    raise SessionError(f"{path}: {exc}") from None
        except SessionError as exc:
            self.warn(self.tr("Could not open the session"),
                      self.tr("This file cannot be opened as a session.\n\n{m}\n\nNothing was changed.")
                      .format(m=translate_message(str(exc), path)))
            return False
        self.path = Path(path)
        self.apply(session)
        return True

    def apply(self, session: Session) -> None:
        w = self.window
        s = session.settings or {}
        lang = s.get("language")
        if lang in ("nl", "en") and lang != w.lang:
            new = w.set_language(lang)  # the window is rebuilt in that language; the new one applies the rest
            if new is not w:
                new.sessions.path = self.path
                new.sessions.apply(session)
                return
        theme = s.get("theme", palette.current().name)  # load_session checked every value
        if "zoom" in s:
            palette.apply_theme(theme, scale=float(s["zoom"]))
        w.set_theme(theme)
        if session.layout:
            layout = unseal_layout(base64.b64decode(session.layout))
            if layout is not None:  # (Qt trusts the bytes it is given: a damaged layout crashed the app)
                w.restoreState(layout, LAYOUT_VERSION)
            else:
                w.state.set_message(self.tr("The session's window layout is damaged, or was saved by an earlier "
                                            "version: the window keeps its own."))
        model = session.model_path or None
        kind = model_kind(model) if model is not None else "ok"
        if kind != "ok":
            w.state.set_message((self.tr("The session's model {p} was not found; the open model is used.")
                                 if kind == "missing" else
                                 self.tr("The session's model {p} is not a file or a folder; the open model is used."))
                                .format(p=model))
            model = None
        sampling = {"temperature": session.temperature, "top_k": session.top_k, "top_p": session.top_p}
        self.applier.apply(Scene(model=model, text=session.text, layer=session.layer, head=session.head,
                                 token=session.token, sampling=sampling, ablations=session.ablations,
                                 views=s.get("views") or None))
        step = s.get("lesson_step")
        lesson = w.lesson
        if isinstance(step, int) and self._open_lesson_of(s):
            when_settled(self.applier, lambda: (lesson.show(), lesson.controller.show_text_of(step)))

    def _open_lesson_of(self, settings: dict) -> bool:
        """Put the session's lesson file in the lesson dock (none named: the guided tour); False when it cannot."""
        path = settings.get("lesson_file")
        controller = self.window.lesson.controller
        try:
            if path is not None:
                controller.open(read_lesson(path))
            elif not controller.builtin:
                controller.open(read_lesson(tour_path(self.window.lang)), builtin=True)
        except LessonError as exc:
            self.window.state.set_message(self.tr("The session's lesson could not be opened: {m}")
                                          .format(m=translate_message(str(exc), path)))
            return False
        return True

    def save_dialog(self) -> None:
        start = str(self.path) if self.path else "lesson.explainer.json"
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save session"), start, SESSION_FILTER)
        if path:
            self.save_to(path)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open session"),
                                              str(self.path.parent) if self.path else "", SESSION_FILTER)
        if path:
            self.open_from(path)

    # -- export -------------------------------------------------------------
    def current_panel_id(self) -> str | None:
        """The panel a person raised (tab click) or clicked in last, else the one the lesson shows."""
        w = self.window
        if w.last_panel in w.panels and w.panel_on_screen(w.last_panel):
            return w.last_panel
        focus = QApplication.focusWidget()
        for pid, dock in w.docks.items():
            if focus is not None and dock.isAncestorOf(focus) and w.panel_on_screen(pid):
                return pid
        step = w.lesson.controller.step
        if step is not None and step.panel in w.panels and w.panel_on_screen(step.panel):
            return step.panel
        for pid in ("attention", "next_token"):
            if pid in w.panels and w.panel_on_screen(pid):
                return pid
        return next((pid for pid in w.panels if w.panel_on_screen(pid)), None)

    def export_to(self, panel_id: str, path: str | Path, scale: float = 2.0) -> bool:
        """Write panel ``panel_id`` to ``path`` (.png, .svg or .csv); False (and a dialog) on failure."""
        w = self.window
        dock, panel = w.docks[panel_id], w.panels[panel_id]
        if off_screen(panel):  # closed or tabbed away: raising it also brings its drawing up to date
            dock.show()
            dock.raise_()
            QApplication.processEvents()
        try:
            export_mod.export_panel(panel, path, w.state.trace, scale)
        except (export_mod.ExportError, OSError) as exc:
            self.warn(self.tr("Could not export"), self.tr("The panel could not be exported.\n\n{m}").format(m=exc))
            return False
        return True

    def export_dialog(self, panel_id: str | None = None) -> None:
        panel_id = panel_id or self.current_panel_id()
        if panel_id is None:
            return
        filters = [self.tr("PNG image, 2× for slides (*.png)"), self.tr("SVG drawing (*.svg)"),
                   self.tr("CSV table of the numbers (*.csv)")]
        path, chosen = QFileDialog.getSaveFileName(self.window, self.tr("Export panel"), f"{panel_id}.png",
                                                   ";;".join(filters))
        if not path:
            return
        if Path(path).suffix.lower() not in export_mod.FORMATS:
            path += export_mod.FORMATS[max(0, filters.index(chosen))] if chosen in filters else ".png"
        self.export_to(panel_id, path)

    def warn(self, title: str, text: str) -> None:
        self.last_error = text
        QMessageBox.warning(self.window, title, text)
