"""The main window's menus (File, View, Model, Help), their shortcuts and the help texts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from explainer.gui import numfmt, palette
from explainer.gui.catalog import found_models
from explainer.gui.download_dialog import open_download_dialog
from explainer.gui.language import LANGUAGES

# Strings are marked with QCoreApplication.translate("MainWindow", …) literally, so that
# pyside6-lupdate finds them in the same context the window's own self.tr() strings use.


def human_count(n: int) -> str:
    """1500000 → "1,5 M" (Dutch) or "1.5 M" (English): parameter counts for menus and the status bar."""
    return numfmt.human(n)


def distinct(*keys) -> list[QKeySequence]:
    """Key sequences without repeats: one action with the same key twice counts as ambiguous and never fires."""
    out: list[QKeySequence] = []
    for key in keys:
        for seq in (QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [QKeySequence(key)]):
            if not seq.isEmpty() and seq not in out:
                out.append(seq)
    return out


@dataclass
class Menus:
    """The window's menus, for the parts that add entries to them (explorer, sessions, lesson, presenter)."""

    file: QMenu
    view: QMenu
    model: QMenu
    help: QMenu
    found: QMenu  # Model → Models on this computer
    themes: QActionGroup
    file_tail: QAction  # File → Save screenshot…: entries added to the File menu go before it


def build_menus(win) -> Menus:
    """File, View, Model and Help menus with their shortcuts."""
    mb = win.menuBar()

    def action(menu, text, slot, shortcut=None, checkable=False):
        act = QAction(text, win)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    file_menu = mb.addMenu(QCoreApplication.translate("MainWindow", "&File"))
    action(file_menu, QCoreApplication.translate("MainWindow", "&Open model file…"),
           win.open_model_dialog, QKeySequence.Open)
    action(file_menu, QCoreApplication.translate("MainWindow", "Open model &folder…"),
           lambda: win.open_model_dialog(folder=True), "Ctrl+Shift+O")
    examples = file_menu.addMenu(QCoreApplication.translate("MainWindow", "&Examples"))
    for lang in ("nl", "en"):
        for sentence in win.examples.get(lang, []):
            action(examples, f"[{lang}] {sentence}", lambda _=False, s=sentence: win.set_text(s))
    masked = win.examples.get("masked", {})
    for lang, sentence in masked.items():
        action(examples, f"[{lang}, masked model] {sentence}", lambda _=False, s=sentence: win.set_text(s))
    file_menu.addSeparator()
    file_tail = action(file_menu, QCoreApplication.translate("MainWindow", "Save &screenshot…"),
                       win.save_screenshot, "Ctrl+Shift+S")
    file_menu.addSeparator()
    action(file_menu, QCoreApplication.translate("MainWindow", "&Quit"), win.close, QKeySequence.Quit)

    view = mb.addMenu(QCoreApplication.translate("MainWindow", "&View"))
    for i, (pid, dock) in enumerate(win.docks.items()):
        act = dock.toggleViewAction()
        act.setText(win.panel_title(pid))
        if i < 9:
            act.setShortcut(QKeySequence(f"Alt+{i + 1}"))
        view.addAction(act)
    view.addSeparator()
    themes = view.addMenu(QCoreApplication.translate("MainWindow", "&Theme"))
    group = QActionGroup(win)
    for name in palette.THEMES:
        act = action(themes, palette.theme_label(name), lambda _=False, n=name: win.set_theme(n), checkable=True)
        act.setChecked(name == palette.current().name)
        group.addAction(act)
    languages = view.addMenu(QCoreApplication.translate("MainWindow", "&Language"))
    lang_group = QActionGroup(win)
    win.language_actions = {}  # code -> its menu entry (a refused switch checks the one in use again)
    for code, name in LANGUAGES.items():  # each language in its own words, so anyone can find theirs
        act = action(languages, name, lambda _=False, c=code: win.set_language(c), checkable=True)
        act.setChecked(code == win.lang)
        lang_group.addAction(act)
        win.language_actions[code] = act
    larger = action(view, QCoreApplication.translate("MainWindow", "&Larger text"), lambda: win.zoom(1.15))
    larger.setShortcuts(distinct(QKeySequence.ZoomIn, "Ctrl+=", "Ctrl++"))
    smaller = action(view, QCoreApplication.translate("MainWindow", "&Smaller text"), lambda: win.zoom(1 / 1.15))
    smaller.setShortcuts(distinct(QKeySequence.ZoomOut, "Ctrl+-"))
    action(view, QCoreApplication.translate("MainWindow", "&Normal text size"), lambda: win.zoom(0), "Ctrl+0")
    view.addSeparator()
    action(view, QCoreApplication.translate("MainWindow", "&Reset layout"), win.reset_layout)

    model_menu = mb.addMenu(QCoreApplication.translate("MainWindow", "&Model"))
    found = model_menu.addMenu(QCoreApplication.translate("MainWindow", "Models on this &computer"))
    found.aboutToShow.connect(win.fill_found_models)
    action(model_menu, QCoreApplication.translate("MainWindow", "&Download…"), lambda: open_download_dialog(win))
    model_menu.addSeparator()
    action(model_menu, QCoreApplication.translate("MainWindow", "&Step: add one token"), win._step, "Ctrl+Return")
    action(model_menu, QCoreApplication.translate("MainWindow", "&Generate tokens"), win._generate, "Ctrl+G")
    action(model_menu, QCoreApplication.translate("MainWindow", "S&top generating"), win._stop, "Esc")
    model_menu.addSeparator()
    action(model_menu, QCoreApplication.translate("MainWindow", "&Clear token selection"),
           lambda: win.state.select_token(-1), "Ctrl+D")
    action(model_menu, QCoreApplication.translate("MainWindow", "&Run again"), win.controller.submit, "Ctrl+R")

    help_menu = mb.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    action(help_menu, QCoreApplication.translate("MainWindow", "&How to read this window"),
           win.show_help, QKeySequence.HelpContents)
    action(help_menu, QCoreApplication.translate("MainWindow", "&About LLM Explainer"), win.show_about)
    return Menus(file_menu, view, model_menu, help_menu, found, group, file_tail)


def fill_found_models(win) -> None:
    """Ask the registry for the models on this computer in the "work" lane; "searching…" until it answers.

    The registry reads folders and file headers, which on a slow or network
    disk can take seconds: never on the GUI thread.
    """
    menu = win.menus.found
    menu.clear()
    menu.addAction(QCoreApplication.translate("MainWindow", "searching…")).setEnabled(False)
    win.state.jobs.submit(menu, "found_models", lambda: found_models(),
                          done=lambda entries: _show_found_models(win, entries),
                          failed=lambda message: _show_found_models(win, []), lane="work")


def _show_found_models(win, entries) -> None:
    menu = win.menus.found
    menu.clear()
    if not entries:
        act = menu.addAction(
            QCoreApplication.translate("MainWindow", "(none found: use File → Open model)"))
        act.setEnabled(False)
    for entry in entries:
        params = f", {human_count(entry.n_params)}" if entry.n_params else ""
        act = menu.addAction(f"{entry.name} ({entry.format}{params})")
        act.triggered.connect(lambda _=False, p=str(entry.path): win.open_model(p))


def show_help(win) -> None:
    """A short guide to the three main panels, in words a student can follow."""
    QMessageBox.information(win, QCoreApplication.translate("MainWindow", "How to read this window"),
           QCoreApplication.translate("MainWindow",
        "Type in the box at the top: every key runs the model again.\n\n"
        "Tokens: how the text is cut into pieces; each piece has a number (its id).\n"
        "Attention: for every layer and head, which earlier tokens each token looks at. "
        "Rows are the token looking, columns the token looked at; brighter means more attention.\n"
        "Next token: what the model expects next, in percent. Temperature, top-k and top-p change "
        "how the next token is picked; click a candidate to add it."))


def show_about(win) -> None:
    """What the program is."""
    QMessageBox.about(win, QCoreApplication.translate("MainWindow", "About LLM Explainer"),
           QCoreApplication.translate("MainWindow",
        "LLM Explainer shows, live as you type, how a transformer language model turns text into "
        "a prediction."))
