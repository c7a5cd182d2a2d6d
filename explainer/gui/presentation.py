"""Presentation mode and focus mode, for a teacher at a projector.

Presentation mode (F5 or F11) makes the window full screen and zooms the whole interface so that body text
fills as much of the screen as ``MIN_BODY_PX`` pixels do at 1080 lines (24 px on a 1080p projector, 17 px on a
1366x768 one, which throws the same picture size); pressing the key again restores the window and its zoom.
Focus mode (F6) shows one panel large: every other dock is hidden until F6 is pressed again. Staging (``stage``,
used by the guided lesson) shows one or two panels large beside the lesson text and keeps them sized to the
window, in and out of presentation mode (a staged panel short of height leaves out its explanation line);
whoever stages restores the layout afterwards. Zooming (Ctrl+= / Ctrl+-) keeps working in all of them.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QScrollArea, QStyle

from explainer.gui import palette
from explainer.gui.layout_memory import LayoutMemory

MIN_BODY_PX = 24.0  # body text height on a 1080p projector, read from the back of a classroom


def screen_dpi(window) -> float:
    screen = window.screen() or QApplication.primaryScreen()
    return float(screen.logicalDotsPerInchY()) if screen is not None else 96.0


def body_px(window=None) -> float:
    """Pixel height of body text now (theme size × zoom, at the window's screen resolution)."""
    dpi = screen_dpi(window) if window is not None else 96.0
    return palette.current().font_pt * palette.font_scale() * dpi / 72.0


SHARE_MIN = 0.35  # of the width, for each of two panels a lesson step shows side by side


def target_body_px(screen_height: int) -> float:
    """Body text height for a projector of ``screen_height`` pixels: ``MIN_BODY_PX`` at 1080 lines, in proportion
    elsewhere. A projector throws the same picture size whatever its resolution, so text that fills the same
    share of the screen reads the same from the back of the room: 17 px on a 1366x768 projector, 48 px at
    2160 lines. (24 px on 768 lines left the panels below the text a third of the screen.)"""
    return MIN_BODY_PX * max(1, screen_height) / 1080.0


def projector_scale(window) -> float:
    """The smallest zoom (in steps of 0.05, at least 1) at which body text fills the share of the window's screen
    that ``MIN_BODY_PX`` fills at 1080 lines (``target_body_px``)."""
    screen = window.screen() or QApplication.primaryScreen()
    height = screen.geometry().height() if screen is not None else 1080
    needed = target_body_px(height) * 72.0 / (palette.current().font_pt * screen_dpi(window))
    return max(1.0, math.ceil(needed * 20 - 1e-9) / 20)


class Presenter(QObject):
    """Presentation and focus mode for one window (kept as ``window.presenter``).

    ``toggle_presentation()`` enters or leaves presentation mode;
    ``toggle_focus(panel_id=None)`` shows one panel alone (by default the
    current one) or brings the others back. ``stage(panel_ids, beside)``
    shows one or two panels large next to a side dock. ``presenting``,
    ``focused`` and ``staged`` say which mode is on; ``presentation_changed(bool)``
    fires on a switch.
    """

    presentation_changed = Signal(bool)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.presenting = False
        self.focused: str | None = None
        self.staged: tuple[tuple[str, ...], QDockWidget | None, Qt.Orientation] | None = None
        self._saved: dict | None = None
        self._focus_state = None
        self._fit_pending = False
        self._folded: set = set()  # staged panels whose explanation line may be folded away
        self._tabs_closed: list[str] = []  # docks closed so that every tab shows while presenting; back on exit
        self._tabs_pending = False
        self._needs_pending = False
        self._fitted_needs: tuple[int, ...] = ()  # the staged panels' minimum sizes when last fitted
        window.installEventFilter(self)  # a staged layout follows the window's size (full screen and back)
        self.layout_memory = LayoutMemory(window, lambda: not self.presenting and self.staged is None
                                          and self.focused is None)  # the docks as they were before presenting
        self.present_action, self.focus_action = self._add_actions(window.menus.view)

    def _add_actions(self, menu) -> tuple[QAction, QAction]:
        """View → Presentation mode (F5, F11) and Focus on the current panel (F6)."""
        menu.addSeparator()
        present = QAction(QCoreApplication.translate("Presenter", "&Presentation mode"), self.window)
        present.setShortcuts([QKeySequence("F5"), QKeySequence("F11")])
        present.setCheckable(True)
        present.triggered.connect(lambda _=False: self.toggle_presentation())
        self.presentation_changed.connect(present.setChecked)
        focus = QAction(QCoreApplication.translate("Presenter", "&Focus on the current panel"), self.window)
        focus.setShortcut(QKeySequence("F6"))
        focus.triggered.connect(lambda _=False: self.toggle_focus())
        for act in (present, focus):
            act.setShortcutContext(Qt.WindowShortcut)
            menu.addAction(act)
        return present, focus

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
        self.layout_memory.keep()
        # the status bar's model name, device and timings are the teacher's, not the class's: the room goes to
        # the panels (a 1366x768 projector's lesson steps were cut off at the bottom by its 30 px)
        w.statusBar().hide()
        w.showFullScreen()
        scale = max(palette.font_scale(), projector_scale(w))
        w.set_zoom(scale)
        self._schedule_fit()
        self._schedule_tab_fit()
        self.presentation_changed.emit(True)

    def exit_presentation(self) -> None:
        w = self.window
        if not self.presenting:
            return
        saved = self._saved or {}
        self.presenting = False
        w.statusBar().show()
        w.set_zoom(saved.get("scale", 1.0))
        if not saved.get("fullscreen"):
            w.showNormal()
            if saved.get("maximized"):
                w.showMaximized()
            elif saved.get("geometry") is not None:
                w.restoreGeometry(saved["geometry"])
        if self.staged is None and self.focused is None:  # a lesson or a focus keeps the layout it set:
            self._reopen_tabs()  # the docks come back when it restores the teacher's (layout_restored)
            self.layout_memory.restore()  # with their sizes from before the zoom
        self._schedule_fit()
        self.presentation_changed.emit(False)

    def continue_from(self, other: "Presenter") -> None:
        """Take over presentation mode from ``other`` (a window rebuilt in another language).

        Leaving it later restores the size from before ``other`` entered it, not the full screen.
        """
        if other.presenting:
            self.enter_presentation()
            self._saved = other._saved
            self.layout_memory.take_over(other.layout_memory)

    # -- staging ---------------------------------------------------------------------
    def stage(self, panel_ids, beside: QDockWidget | None = None) -> None:
        """Show only ``panel_ids`` (one or two panels), large, with ``beside`` as a column on the right.

        Every other dock is hidden and a focus (F6) is dropped without restoring:
        the caller saved the layout it wants back (``window.saveState()``).
        """
        w = self.window
        docks = [w.docks[p] for p in panel_ids if p in w.docks][:2]
        if not docks:
            return
        for pid in panel_ids[:2]:  # built before the layout is sized for them (panels are built when first seen)
            if pid in w.panels:
                w.panels[pid]  # noqa: B018 - builds it
        self.focused, self._focus_state = None, None
        self._unfold_intros()
        keep = set(docks) | ({beside} if beside is not None else set())
        for dock in w.findChildren(QDockWidget):
            if dock not in keep and not dock.isHidden():
                dock.hide()
        first = docks[0]
        for dock in docks:
            if dock.isFloating():
                dock.setFloating(False)
        w.addDockWidget(Qt.BottomDockWidgetArea, first)  # out of any tab group: alone in the panel area
        first.show()
        ids = tuple(p for p in panel_ids if p in w.docks)[:2]
        self.staged = (ids, beside, Qt.Horizontal)  # side_width() below makes room for these panels
        orientation = self._split_orientation(docks, beside)
        if len(docks) == 2:
            w.splitDockWidget(first, docks[1], orientation)
            docks[1].show()
        if beside is not None:
            if beside.isFloating():
                beside.setFloating(False)
            if w.dockWidgetArea(beside) != Qt.RightDockWidgetArea:
                w.addDockWidget(Qt.RightDockWidgetArea, beside)
            beside.show()
        self.staged = (ids, beside, orientation)
        self._fit_stage()

    def unstage(self) -> None:
        """Stop keeping a staged layout sized; the caller restores its own layout."""
        self.staged = None
        self._unfold_intros()

    def _unfold_intros(self) -> None:
        while self._folded:
            self._folded.pop().fold_intro(False)

    def _fold_intros(self, panel_ids, docks, stacked: bool, tall: int) -> None:
        """A staged panel without the height to show whole leaves out its explanation line (the lesson's text
        explains the panel; the line becomes its tooltip), and gets it back with room again: measured as if
        the line showed. Fitted again once laid out the new way."""
        built = self.window.panels.built()
        panels = [built.get(p) for p in panel_ids if p in self.window.docks and not self.window.docks[p].isHidden()]
        need = [_width(d, minimum=True, height=True) + _chrome(d) + (p.intro_folded() and p.intro_height() if p
                                                                      else 0) for d, p in zip(docks, panels)]
        fold = [sum(need) > tall] * len(need) if stacked else [n > tall for n in need]
        self._folded.update(p for p in panels if p is not None)
        if any([p.fold_intro(f) for p, f in zip(panels, fold) if p is not None]):
            self._schedule_fit()

    def side_width(self) -> int:
        """Width of the side column (the lesson text): about a third of the window, more when presenting
        (its text is larger), less (down to 340 px) when the staged panels need the room."""
        width = self.window.width()
        share = (0.4 if width < 1600 else 0.36) if self.presenting else 0.32
        wanted = int(min(max(width * share, 380), 760, width * 0.5))
        if self.staged is None:
            return wanted
        w = self.window
        need = sum(_width(w.docks[p], minimum=True) for p in self.staged[0] if p in w.docks) + 48
        beside = self.staged[1]
        least = _width(beside, minimum=True) + 8 if beside is not None else 0  # its buttons' row, zoomed
        return max(min(wanted, width - need), min(340, wanted), least)

    def _split_orientation(self, docks, beside) -> Qt.Orientation:
        """Side by side (a picture is read left to right) unless the panels' minimum widths do not fit."""
        room = self.window.width() - (self.side_width() if beside is not None else 0)
        need = sum(_width(d, minimum=True) for d in docks) + 40
        return Qt.Horizontal if need <= room else Qt.Vertical

    def _fit_stage(self) -> None:
        self._fit_pending = False
        if self.staged is None:
            return
        w = self.window
        panel_ids, beside, orientation = self.staged
        docks = [w.docks[p] for p in panel_ids if p in w.docks and not w.docks[p].isHidden()]
        side = beside is not None and not beside.isHidden() and not beside.isFloating()
        self._fitted_needs = self._needs()
        if len(docks) == 2 and self._split_orientation(docks, beside if side else None) != orientation:
            orientation = Qt.Vertical if orientation == Qt.Horizontal else Qt.Horizontal  # they grew, or shrank
            w.splitDockWidget(docks[0], docks[1], orientation)
            self.staged = (panel_ids, beside, orientation)
        if side:
            w.resizeDocks([beside], [self.side_width()], Qt.Horizontal)
        bars = sum(b.height() for b in (w.menuBar(), w.statusBar()) if b.isVisible())
        stacked = len(docks) == 2 and orientation == Qt.Vertical
        # the text box is as tall as its lines; the splitters under it (and between stacked panels) take their pixels
        split = w.style().pixelMetric(QStyle.PM_DockWidgetSeparatorExtent, None, w)
        tall = w.height() - bars - w.centralWidget().minimumSizeHint().height() - split * (1 + stacked)
        self._fold_intros(panel_ids, docks, stacked, tall)
        if docks and (len(docks) == 1 or orientation == Qt.Horizontal):
            w.resizeDocks([docks[0]], [tall], Qt.Vertical)  # the panels get the rest (a third line stood empty)
        if len(docks) == 2:
            if orientation == Qt.Horizontal:
                # each gets the width it cannot do without; the rest in proportion to what they ask for
                total = w.width() - (self.side_width() if side else 0) - 16
                need = [_width(d, minimum=True) for d in docks]
                ask = [max(_width(d), 1) for d in docks]
                rest = max(total - sum(need), 0)
                first = need[0] + int(rest * ask[0] / sum(ask))
                # but neither below a third (a plot of 210 px ran its axis numbers together), where both fit
                first = max(first, min(int(total * SHARE_MIN), total - need[1]))
                first = min(first, max(int(total * (1 - SHARE_MIN)), need[0]))
            else:
                # stacked (a narrow window), each its own height first (half and half cut the Why chart off above
                # a half-empty panel); the rest to the panel that asks for more (the Why chart grows, the Influence
                # chips do not); short of room, each the same share of what it needs
                total = tall
                need = [max(_width(d, minimum=True, height=True) + _chrome(d), 1) for d in docks]
                ask = [max(_width(d, height=True) + _chrome(d) - n, 0) for d, n in zip(docks, need)]
                rest = total - sum(need)
                first = need[0] + (rest * ask[0] // sum(ask) if sum(ask) else rest // 2) if rest >= 0 \
                    else total * need[0] // sum(need)
            w.resizeDocks(docks, [first, total - first], orientation)

    def refit(self) -> None:
        """Size the staged layout again (its panels' needs changed: a new model, a new text)."""
        self._schedule_fit()

    def _schedule_fit(self) -> None:
        if self.staged is not None and not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_stage)  # once the new size has been laid out

    def _schedule_tab_fit(self) -> None:
        if self.presenting and not self._tabs_pending:
            self._tabs_pending = True
            QTimer.singleShot(0, self, self._fit_tabs)  # once the zoomed tabs and the full screen are laid out

    def _fit_tabs(self) -> None:
        """Zoomed tabs may not all fit a small projector's columns (1366 px): close the most specialised docks
        there, as a small window does at start-up, instead of scroll arrows hiding tabs; they come back on exit."""
        self._tabs_pending = False
        if self.presenting and self.staged is None and self.focused is None:
            self._tabs_closed += [pid for pid in self.window.fit_tabs() if pid not in self._tabs_closed]

    def _reopen_tabs(self) -> list[str]:
        closed, self._tabs_closed = self._tabs_closed, []
        for pid in closed:
            dock = self.window.docks.get(pid)
            if dock is not None and dock.isHidden():
                dock.show()  # back in its tab group, as before presenting
        return closed

    def layout_restored(self) -> list[str]:
        """A layout saved earlier is back (the end of a focus or a lesson). It was saved in or out of
        presentation mode, maybe the other way round from now: while presenting, its tabs may not fit the
        zoom; after presenting, the docks presentation closed when it was saved come back (their ids are
        returned, for a caller that restores the same layout again later)."""
        if self.staged is not None or self.focused is not None:
            return []
        if self.presenting:
            self._schedule_tab_fit()
            return []
        return self._reopen_tabs()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.window and event.type() == QEvent.Resize:
            self._schedule_fit()
            self._schedule_tab_fit()
        elif obj is self.window and event.type() == QEvent.LayoutRequest and self.staged is not None \
                and not self._needs_pending:  # a panel's size hints changed (an answer came in, say)
            self._needs_pending = True
            QTimer.singleShot(0, self, self._check_needs)
        return False

    def _needs(self) -> tuple[int, ...]:
        """The staged panels' minimum widths and heights."""
        docks = [self.window.docks[p] for p in self.staged[0] if p in self.window.docks]
        return tuple(_width(d, minimum=True, height=tall) for d in docks for tall in (False, True))

    def _check_needs(self) -> None:
        """A staged panel laid itself out again: fit the stage only when the size it needs has changed (not on
        every key, which would undo a splitter the teacher dragged)."""
        self._needs_pending = False
        if self.staged is not None and self._needs() != self._fitted_needs:
            self._fit_stage()

    # -- focus --------------------------------------------------------------------
    def current_panel_id(self) -> str | None:
        return self.window.sessions.current_panel_id()

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
        if panel_id in w.panels:
            w.panels[panel_id]  # noqa: B018 - built before the dock is sized for it
        if self._focus_state is None:
            self._focus_state = w.saveState()
        lesson = w.lesson
        keep = {w.docks[panel_id]} | ({lesson} if lesson.isVisible() else set())
        for dock in w.findChildren(type(w.docks[panel_id])):
            if dock not in keep:
                dock.hide()
        target = w.docks[panel_id]
        if target.isFloating():
            target.setFloating(False)
        target.show()
        target.raise_()
        self.focused = panel_id

    def unfocus(self) -> None:
        if self._focus_state is not None:
            self.window.restoreState(self._focus_state)
        self._focus_state = self.focused = None
        self.layout_restored()


def _chrome(dock) -> int:
    """The height of a dock around its panel: its title bar (about 30 px before it is laid out)."""
    inner = dock.widget()
    return dock.height() - inner.height() if inner is not None and inner.height() > 0 else 30


def _width(dock, minimum: bool = False, height: bool = False) -> int:
    """The width (or ``height``) a panel asks for, or needs (its own, not its scroll area's)."""
    inner = dock.widget()
    inner = inner.widget() if isinstance(inner, QScrollArea) and inner.widget() is not None else inner
    if inner is None:
        return 0
    size = inner.minimumSizeHint() if minimum else inner.sizeHint()
    return size.height() if height else size.width()
