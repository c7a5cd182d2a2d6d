"""Lesson files in the window: opening one, finding them, and building a new lesson step by step.

File → Open lesson… opens any ``*.lesson.json``; Help → Lessons lists the
lessons that ship with the app and those in the teacher's own lessons folder
(``core.lesson_file.lesson_folders``). A file that cannot be used gives one
dialog that names the step and the field, and nothing on screen changes.

File → Save as lesson step records what the window shows now (model, text,
the panels on screen, selection, sampling, switched-off parts and panel
views) as the next step of the lesson being built (the ``Draft``) and opens
the lesson editor (``gui.lesson_editor``), where the teacher writes what
each step says and saves the lesson, by default in their lessons folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from explainer.core.analysis.bias import DEFAULT_PAIRS, DEFAULT_TEMPLATES
from explainer.core.checkpoints.locations import user_lessons_dir
from explainer.core.lesson_file import (SUFFIX, Lesson, LessonEntry, LessonError, Step, check_lesson, find_lessons,
                                        in_language, model_reference, save_lesson)
from explainer.gui.lesson import panel_ids, read_lesson, tour_path
from explainer.gui.problems import translate_message, translate_problem
from explainer.gui.scene import SAMPLING_DEFAULTS, VIEW_DEFAULTS, read_views


@dataclass
class Draft:
    """The lesson being built: its steps in order, its title per language, and the file it was saved to."""

    steps: list[Step] = field(default_factory=list)
    title: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def lesson(self) -> Lesson:
        return Lesson(tuple(self.steps), dict(self.title), self.path)


def shown_panels(window) -> tuple[str, ...]:
    """The one or two panels a recorded step shows large: the lesson's or the focused one, else the
    panel used last and the next one on screen."""
    presenter = window.presenter
    if presenter.staged is not None:
        return tuple(presenter.staged[0])
    if presenter.focused is not None:
        return (presenter.focused,)
    on_screen = [pid for pid in window.panels if window.panel_on_screen(pid)]
    current = window.sessions.current_panel_id()
    ordered = list(dict.fromkeys(([current] if current is not None else []) + on_screen))
    return tuple(ordered[:2]) or ("next_token",)


def _is_default_view(key: str, value: Any, lang: str) -> bool:
    """True for a view a step shows anyway: the default, or the bias probe's own examples in the lesson's language."""
    if key == "bias.inputs" and value is not None:
        from explainer.gui.panels.bias import pair_text

        own = (lang, list(DEFAULT_TEMPLATES.get(lang, [])), 0, [pair_text(p) for p in DEFAULT_PAIRS.get(lang, [])], 0)
        return tuple(value) == own
    return value == VIEW_DEFAULTS.get(key)


def step_from_window(window) -> Step | None:
    """What the window shows now, as a lesson step without words yet (None when no model is open).

    Of the panels' own views only those of the panels the step shows are kept, and only where they
    differ from what the step would show anyway.
    """
    st = window.state
    if st.model is None:
        return None
    panels = shown_panels(window)
    sampling = {key: getattr(st, key) for key in SAMPLING_DEFAULTS if getattr(st, key) != SAMPLING_DEFAULTS[key]}
    views = {k: v for k, v in read_views(window).items()
             if k.partition(".")[0] in panels and not _is_default_view(k, v, window.lang)}
    return Step(model=model_reference(st.model.path), text=st.text, panels=panels,
                layer=st.layer, head=st.head, token=st.token if st.token >= 0 else None, sampling=sampling,
                ablations=tuple(a.to_dict() for a in st.ablations),
                views=json.loads(json.dumps(views)))  # tuples become lists, as the file holds them


class LessonLibrary(QObject):
    """Opens, lists and builds lessons for one window (kept as ``window.lesson_files``).

    ``open_file(path)`` plays a lesson file from its first step; ``record_step()``
    adds the window's state to ``draft``; ``save_draft(path)`` and
    ``load_draft(path)`` write and read the draft. Each returns False after
    telling the teacher what went wrong (``warn``); ``last_error`` keeps the
    text shown and ``last_problem`` the core's own sentence.
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.draft = Draft()
        self._kept = self._content()  # the draft as last saved or opened (``unsaved``)
        self.editor = None  # the LessonEditor, made when first needed
        self.last_error = ""
        self.last_problem = ""
        self._add_menus(window.menus.file, window.menus.file_tail, window.menus.help)

    def _add_menus(self, file_menu: QMenu, anchor: QAction, help_menu: QMenu) -> None:
        """File → Open lesson…, Save as lesson step, Lesson editor…; Help → Lessons ▸ after Guided lesson."""
        window = self.window
        file_menu.insertSeparator(anchor)
        self.open_action, self.record_action, self.editor_action = (
            QAction(text, window) for text in (self.tr("Open &lesson…"), self.tr("Save as lesson s&tep"),
                                               self.tr("Lesson e&ditor…")))
        for act, slot in ((self.open_action, self.open_dialog), (self.record_action, self.record_step),
                          (self.editor_action, self.show_editor)):
            act.triggered.connect(lambda _=False, s=slot: s())
            file_menu.insertAction(anchor, act)
        file_menu.insertSeparator(anchor)
        self.menu = QMenu(self.tr("Lesso&ns"), window)
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self.fill_menu)
        actions = help_menu.actions()
        after = actions.index(window.lesson_action) + 1 if window.lesson_action in actions else 0
        help_menu.insertMenu(actions[after] if after < len(actions) else None, self.menu)

    # -- opening --------------------------------------------------------------------------------
    def _read(self, path: str | Path):
        """The lesson in ``path``, or None after saying, in a dialog, why it cannot be used."""
        try:
            return read_lesson(path)
        except LessonError as exc:
            self.last_problem = str(exc)
            self.warn(self.tr("Could not open the lesson"),
                      self.tr("This file cannot be opened as a lesson.\n\n{m}\n\nNothing was changed.")
                      .format(m=translate_message(str(exc), path)))
            return None

    def open_file(self, path: str | Path) -> bool:
        """Play the lesson in ``path`` from its first step; a file that cannot be used changes nothing."""
        source = self._read(path)
        if source is None:
            return False
        tour = tour_path(self.window.lang).resolve() == Path(path).resolve()
        self.play(source, builtin=tour)
        return True

    def play(self, source: Lesson, builtin: bool = False) -> None:
        dock = self.window.lesson
        dock.controller.open(source, builtin=builtin)
        dock.start(0)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open lesson"), str(lessons_folder()),
                                              self.tr("Lessons (*{s});;All files (*)").format(s=SUFFIX))
        if path:
            self.open_file(path)

    def fill_menu(self) -> None:
        """Help → Lessons: the lesson files are read in the background ("searching…" until they are)."""
        self.menu.clear()
        self.menu.addAction(self.tr("searching…")).setEnabled(False)
        ids = panel_ids()
        self.window.state.jobs.submit(self.menu, "lessons", lambda: find_lessons(panel_ids=ids),
                                      done=self._show_found, failed=lambda _m: self._show_found([]), lane="work")

    def _show_found(self, entries: list[LessonEntry]) -> None:
        menu = self.menu
        menu.clear()
        for entry in entries:
            name = entry.path.name.removesuffix(SUFFIX)
            if entry.problem:
                text = self.tr("{name} (cannot be opened)").format(name=name)
            else:
                title = in_language(entry.title, self.window.lang) if entry.title else name
                text = f"{title} ({', '.join(lang.upper() for lang in entry.languages)})"
            act = menu.addAction(text)
            act.setToolTip(f"{entry.path}\n{translate_problem(entry.problem)}" if entry.problem else str(entry.path))
            act.triggered.connect(lambda _=False, p=entry.path: self.open_file(p))
        if not entries:
            menu.addAction(self.tr("(no lessons found)")).setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.tr("Open lesson…")).triggered.connect(self.open_dialog)
        where = menu.addAction(self.tr("Your own lessons are in {p}").format(p=user_lessons_dir()))
        where.setEnabled(False)

    # -- building ------------------------------------------------------------------------------
    def record_step(self) -> Step | None:
        """Add what the window shows now as the draft's next step, and show it in the editor."""
        step = step_from_window(self.window)
        if step is None:
            self.warn(self.tr("Could not record a step"), self.tr("Open a model first: a lesson step needs one."))
            return None
        self.draft.steps.append(step)
        self.show_editor(len(self.draft.steps) - 1)
        return step

    def show_editor(self, select: int | None = None):
        from explainer.gui.lesson_editor import LessonEditor  # made the first time a teacher builds a lesson

        if self.editor is None:
            self.editor = LessonEditor(self, self.window)
        self.editor.refresh(select)
        self.editor.show()
        self.editor.raise_()
        return self.editor

    def new_draft(self) -> None:
        """Start building another lesson (the current draft is dropped)."""
        self.draft = Draft()
        self._kept = self._content()

    def _content(self) -> tuple:
        return tuple(self.draft.steps), tuple(sorted(self.draft.title.items()))

    def unsaved(self) -> bool:
        """Whether the draft has steps, or words, that were not saved since it was started, saved or opened."""
        return bool(self.draft.steps) and self._content() != self._kept

    def confirm_discard(self, title: str, question: str) -> bool:
        """True when the draft may be dropped: nothing unsaved in it, nobody to ask (``--screenshot``), or the
        teacher says so."""
        if not self.unsaved() or not self.window.show_dialogs:
            return True
        return QMessageBox.question(self.window, title, question) == QMessageBox.Yes

    def try_draft(self) -> bool:
        """Play the draft in the lesson dock, as a class would see it (once every step has its words)."""
        try:
            check_lesson(self.draft.lesson(), panel_ids())
        except LessonError as exc:
            self.warn(self.tr("The lesson is not finished"), translate_problem(str(exc)))
            return False
        self.play(self.draft.lesson())
        return True

    def save_draft(self, path: str | Path) -> bool:
        """Write the draft to ``path`` (ending in .lesson.json); the steps are checked first, any old file kept."""
        path = Path(path)
        if not path.name.endswith(SUFFIX):
            path = path.with_name(path.name.removesuffix(".json") + SUFFIX)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)  # the lessons folder, the first time
            save_lesson(self.draft.lesson(), path, panel_ids())
        except LessonError as exc:
            self.last_problem = str(exc)
            self.warn(self.tr("Could not save the lesson"),
                      self.tr("The lesson was not saved.\n\n{m}").format(m=translate_message(str(exc), path)))
            return False
        except OSError as exc:
            self.last_problem = f"{path}: {exc.strerror or exc}"
            self.warn(self.tr("Could not save the lesson"),
                      self.tr("The lesson could not be saved.\n\nFile: {p}\nProblem: {q}\n\n"
                              "Any earlier file there is unchanged.").format(p=path, q=exc.strerror or exc))
            return False
        self.draft.path = path
        self._kept = self._content()
        return True

    def load_draft(self, path: str | Path) -> bool:
        """Make the lesson in ``path`` the draft, to add steps to it or change its words."""
        source = self._read(path)
        if source is None:
            return False
        self.draft = Draft(list(source.steps), dict(source.title), Path(path))
        self._kept = self._content()
        return True

    def take_over(self, other: "LessonLibrary") -> None:
        """Continue ``other``'s draft (a window rebuilt in another language), with its editor if it was open."""
        self.draft, self._kept = other.draft, other._kept
        if other.editor is not None and other.editor.isVisible():
            self.show_editor()

    @staticmethod
    def folder() -> Path:
        return lessons_folder()

    def warn(self, title: str, text: str) -> None:
        self.last_error = text
        if self.window.show_dialogs:
            QMessageBox.warning(self.window, title, text)


def lessons_folder() -> Path:
    """The teacher's lessons folder, made when it is first needed (a file dialog needs a folder that exists)."""
    folder = user_lessons_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path.home()
    return folder
