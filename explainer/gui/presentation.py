"""Presentation mode and focus mode, for a teacher at a projector.

Presentation mode (F5 or F11) makes the window full screen and zooms the
whole interface so that body text is at least ``MIN_BODY_PX`` pixels high
on the screen it is on (24 px on a 1080p projector); pressing the key again
restores the window, its zoom and its layout. During the guided lesson,
presentation mode also shows the step's panel alone, beside the lesson text,
and follows the lesson from step to step. Focus mode (F6) shows one panel
large: every other dock is hidden until F6 is pressed again.
Zooming (Ctrl+= / Ctrl+-) keeps working in both.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from explainer.gui import palette

MIN_BODY_PX = 24.0  # body text height on a 1080p projector, read from the back of a classroom


def screen_dpi(window) -> float:
    screen = window.screen() or QApplication.primaryScreen()
    return float(screen.logicalDotsPerInchY()) if screen is not None else 96.0


def body_px(window=None) -> float:
    """Pixel height of body text now (theme size × zoom, at the window's screen resolution)."""
    dpi = screen_dpi(window) if window is not None else 96.0
    return palette.current().font_pt * palette.font_scale() * dpi / 72.0


def projector_scale(window) -> float:
    """The smallest zoom (in steps of 0.05) at which body text reaches MIN_BODY_PX on the window's screen."""
    screen = window.screen() or QApplication.primaryScreen()
    height = screen.geometry().height() if screen is not None else 1080
    target_px = MIN_BODY_PX * max(1.0, height / 1080.0)  # a taller screen shows the same picture larger
    needed = target_px * 72.0 / (palette.current().font_pt * screen_dpi(window))
    return math.ceil(needed * 20 - 1e-9) / 20


class Presenter(QObject):
    """Presentation and focus mode for one window (kept as ``window.presenter``).

    ``toggle_presentation()`` enters or leaves presentation mode;
    ``toggle_focus(panel_id=None)`` shows one panel alone (by default the
    current one) or brings the others back. ``presenting`` and ``focused``
    say which mode is on; ``presentation_changed(bool)`` fires on a switch.
    """

    presentation_changed = Signal(bool)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.presenting = False
        self.focused: str | None = None
        self._saved: dict | None = None
        self._focus_state = None
        self._focus_by_presentation = False
        lesson = getattr(window, "lesson", None)
        if lesson is not None:  # while focused, the focus follows the lesson from step to step
            lesson.controller.step_changed.connect(self._on_lesson_step)

    # -- presentation ------------------------------------------------------------
    def toggle_presentation(self) -> None:
        self.exit_presentation() if self.presenting else self.enter_presentation()

    def enter_presentation(self) -> None:
        w = self.window
        if self.presenting:
            return
        self._saved = {"scale": palette.font_scale(), "geometry": w.saveGeometry(),
                       "maximized": w.isMaximized(), "fullscreen": w.isFullScreen()}
        self.presenting = True
        w.showFullScreen()
        scale = max(palette.font_scale(), projector_scale(w))
        self._set_zoom(scale)
        step = self._lesson_step()
        if step is not None and self.focused is None:
            # during a lesson the projector shows the step's panel large, beside the lesson text
            self.focus(step.panel)
            self._focus_by_presentation = True
        self.presentation_changed.emit(True)

    def exit_presentation(self) -> None:
        w = self.window
        if not self.presenting:
            return
        saved = self._saved or {}
        self.presenting = False
        if self._focus_by_presentation and self.focused is not None:
            self.unfocus()
        self._focus_by_presentation = False
        self._set_zoom(saved.get("scale", 1.0))
        if not saved.get("fullscreen"):
            w.showNormal()
            if saved.get("maximized"):
                w.showMaximized()
            elif saved.get("geometry") is not None:
                w.restoreGeometry(saved["geometry"])
        self.presentation_changed.emit(False)

    def _set_zoom(self, scale: float) -> None:
        w = self.window
        if hasattr(w, "set_zoom"):
            w.set_zoom(scale)
        else:
            palette.apply_theme(palette.current().name, scale=scale)
            if hasattr(w, "_refresh_all"):
                w._refresh_all()

    def _lesson_step(self):
        lesson = getattr(self.window, "lesson", None)
        if lesson is None or not lesson.isVisible():
            return None
        return lesson.controller.step

    def _on_lesson_step(self, _index: int) -> None:
        step = self._lesson_step()
        if self.focused is not None and step is not None and step.panel in self.window.docks:
            self.focus(step.panel)

    # -- focus --------------------------------------------------------------------
    def current_panel_id(self) -> str | None:
        sessions = getattr(self.window, "sessions", None)
        if sessions is not None:
            return sessions.current_panel_id()
        return next((pid for pid, p in self.window.panels.items() if p.isVisible()), None)

    def toggle_focus(self, panel_id: str | None = None) -> None:
        if self.focused is not None and (panel_id is None or panel_id == self.focused):
            self.unfocus()
        else:
            self.focus(panel_id or self.current_panel_id())

    def focus(self, panel_id: str | None) -> None:
        """Show only ``panel_id``'s dock (and the lesson, when it is open), as large as the window allows."""
        w = self.window
        if panel_id is None or panel_id not in w.docks:
            return
        if self._focus_state is None:
            self._focus_state = w.saveState()
        lesson = getattr(w, "lesson", None)
        keep = {w.docks[panel_id]} | ({lesson} if lesson is not None and lesson.isVisible() else set())
        for dock in w.findChildren(type(w.docks[panel_id])):
            if dock not in keep:
                dock.hide()
        target = w.docks[panel_id]
        target.setFloating(False)
        target.show()
        target.raise_()
        self.focused = panel_id

    def unfocus(self) -> None:
        self._focus_by_presentation = False
        if self._focus_state is not None:
            self.window.restoreState(self._focus_state)
        self._focus_state = None
        self.focused = None


def install(window) -> Presenter:
    """Add View → Presentation mode (F5, F11) and Focus on one panel (F6) to ``window``."""
    from PySide6.QtCore import QCoreApplication

    if getattr(window, "presenter", None) is not None:
        return window.presenter
    presenter = Presenter(window)
    window.presenter = presenter
    view_title = QCoreApplication.translate("MainWindow", "&View")
    menu = next((a.menu() for a in window.menuBar().actions() if a.menu() is not None and a.text() == view_title),
                None) or window.menuBar().addMenu(view_title)
    menu.addSeparator()
    present = QAction(QCoreApplication.translate("Presenter", "&Presentation mode"), window)
    present.setShortcuts([QKeySequence("F5"), QKeySequence("F11")])
    present.setCheckable(True)
    present.triggered.connect(lambda _=False: presenter.toggle_presentation())
    presenter.presentation_changed.connect(present.setChecked)
    focus = QAction(QCoreApplication.translate("Presenter", "&Focus on the current panel"), window)
    focus.setShortcut(QKeySequence("F6"))
    focus.triggered.connect(lambda _=False: presenter.toggle_focus())
    for act in (present, focus):
        act.setShortcutContext(Qt.WindowShortcut)
        menu.addAction(act)
    presenter.present_action, presenter.focus_action = present, focus
    return presenter
