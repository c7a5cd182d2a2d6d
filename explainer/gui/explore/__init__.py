"""Opening models from anywhere, and the menus of the exploring panels.

``Explorer(window)`` (the window's ``explorer``) adds File → Open recent (the last ten models opened, in QSettings), Model →
Choose model… (the registry's models in a table), drag-and-drop of a model
file or folder onto the window, a busy bar in the status bar while a model
loads, menu entries that bring the timeline, compare, interventions and
training panels forward (the Compare panel also when a panel asks for a
comparison: ``AppState.request_comparison``), and right-click "switch off"
menus on the attention grid and the architecture diagram. Loading and the
"could not open" dialog stay the window's own (``window.open_model``,
``controller.model_failed``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QProgressBar

from explainer.gui.explore.context_menus import install_ablation_menus
from explainer.gui.explore.picker import ModelPickerDialog
from explainer.gui.settings import RECENT_MODELS, read_list

RECENT_KEY = RECENT_MODELS
MAX_RECENT = 10


def dropped_path(mime) -> str | None:
    """The first local file or folder in a drag's data, or None."""
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile():
            return url.toLocalFile()
    return None


class Explorer(QObject):
    """Opening models for one window (its ``explorer``); built after the window's menus and docks.

    ``open_path(path)`` opens a model the way every entry point here does
    (through the window, so its progress and error handling apply);
    ``recent()`` is the list behind File → Open recent.
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self._pending: str | None = None
        self.picker: ModelPickerDialog | None = None

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no percentage is known: an indeterminate bar
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(False)
        self.busy.hide()
        window.statusBar().addPermanentWidget(self.busy)

        controller = window.controller
        controller.loading_changed.connect(self._on_loading_changed)
        controller.model_failed.connect(lambda _p, _q: setattr(self, "_pending", None))
        window.state.model_changed.connect(self._on_model_changed)
        window.state.comparison_requested.connect(self.compare_with)

        self._add_menus()
        window.setAcceptDrops(True)
        self._drop_targets = [window, window.text_box, window.text_box.viewport()]
        for target in self._drop_targets:
            target.installEventFilter(self)
        self.menu_filters = []
        for panel in window.panels.built().values():
            self.panel_built(panel)

    def panel_built(self, panel) -> None:
        """A panel was just built: the attention grid and the architecture view get their right-click menus."""
        self.menu_filters += install_ablation_menus(self.window, panel)

    # -- opening ------------------------------------------------------------------
    def open_path(self, path: str | Path) -> None:
        self.window.open_model(str(path))

    def choose_model(self) -> None:
        """Show the model picker; opening a row loads that model."""
        self.picker = ModelPickerDialog(self.window)
        self.picker.accepted.connect(lambda: self.picker.chosen_path and self.open_path(self.picker.chosen_path))
        self.picker.open()

    def _on_loading_changed(self, loading: bool, path: str) -> None:
        self.busy.setVisible(loading)
        if loading:
            self._pending = path

    def _on_model_changed(self, _loaded) -> None:
        if self._pending:  # a model opened by the user (not a timeline step): remember it
            self.add_recent(self._pending)
        self._pending = None

    # -- recent models ------------------------------------------------------------
    def recent(self) -> list[str]:
        return read_list(self.settings, RECENT_KEY)

    def add_recent(self, path: str) -> None:
        path = str(Path(path).expanduser().resolve())
        items = [path] + [p for p in self.recent() if p != path]
        self.settings.setValue(RECENT_KEY, items[:MAX_RECENT])

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        items = self.recent()
        for i, path in enumerate(items):
            act = menu.addAction(f"&{(i + 1) % 10}  {Path(path).name}   ({path})")
            act.setEnabled(Path(path).exists())
            act.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not items:
            menu.addAction(self.tr("(no models opened yet)")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(self.tr("Clear this list")).triggered.connect(
                lambda: self.settings.setValue(RECENT_KEY, []))

    # -- menus ------------------------------------------------------------------
    def _add_menus(self) -> None:
        w = self.window
        file_menu, model_menu = w.menus.file, w.menus.model
        self.recent_menu = QMenu(self.tr("Open &recent"), w)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        # right after the window's Open actions: before its first submenu or separator
        after_open = next((a for a in file_menu.actions() if a.menu() is not None or a.isSeparator()), None)
        file_menu.insertMenu(after_open, self.recent_menu)
        first = model_menu.actions()[0] if model_menu.actions() else None
        choose = QAction(self.tr("&Choose model…"), w)
        choose.setShortcut(QKeySequence("Ctrl+M"))
        choose.triggered.connect(self.choose_model)
        model_menu.insertAction(first, choose)
        model_menu.addSeparator()
        for pid, text, key in (("timeline", self.tr("Training &timeline"), "Ctrl+T"),
                               ("compare", self.tr("Compare with &another model"), "Ctrl+K"),
                               ("interventions", self.tr("Switch &parts off"), "Ctrl+I"),
                               ("training", self.tr("T&rain a model"), "")):
            dock = w.docks.get(pid)
            if dock is None:  # left out of this window (a benchmark's choice)
                continue
            act = model_menu.addAction(text)
            if key:
                act.setShortcut(QKeySequence(key))
            act.triggered.connect(lambda _=False, d=dock: (d.show(), d.raise_()))

    def compare_with(self, second) -> None:
        """Bring the Compare panel forward with ``second`` (a LoadedModel or a path) as its model B."""
        if "compare" not in self.window.panels:  # left out of this window (a benchmark's choice)
            return
        dock = self.window.docks["compare"]
        dock.show()
        dock.raise_()
        self.window.panels["compare"].compare_with(second)

    # -- drag and drop ------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.DragEnter, QEvent.DragMove):
            if dropped_path(event.mimeData()) is not None:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Drop:
            path = dropped_path(event.mimeData())
            if path is not None:
                event.acceptProposedAction()
                self.open_path(path)
                return True
        return False
