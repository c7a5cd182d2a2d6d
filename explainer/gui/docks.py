"""Docks that behave in front of a class: panels that scroll instead of overflowing, readable tab rows.

``PanelScroller`` holds one panel in a dock: the panel fills the dock and
scrolls only once the dock is smaller than the panel's true minimum.
``DockedWindow`` is the QMainWindow the app's window builds on: it arranges
the default layout (tokens on top, the model's insides on the left, its
output on the right), keeps dock tab titles whole, hides the dead tab rows
Qt leaves behind after ``restoreState``, lets dock titles grow with the zoom
and remembers which panel a person used last.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractScrollArea, QApplication, QDockWidget, QLabel, QMainWindow, QScrollArea,
                               QSizePolicy, QTabBar, QWidget)

from explainer.gui.panels._visibility import off_screen


_SHRINK = QSizePolicy.PolicyFlag.ShrinkFlag.value


class _PanelFrame(QWidget):
    """Holds one panel inside a PanelScroller and reports the panel's true minimum size.

    A QScrollArea sizes a widget whose layout has height-for-width (any word-wrapped
    label) to its *preferred* height for the width, so a panel that could shrink
    still scrolls. This frame has no layout of its own: it offers the panel's minimum
    size and gives the panel all the room it gets.
    """

    def __init__(self, panel: QWidget) -> None:
        super().__init__()
        self.panel = panel
        self._hint: QSize | None = None  # computed once per change of the panel (Qt asks many times per key)
        panel.setParent(self)
        panel.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        if self._hint is None:
            self._hint = self._minimum()
        return QSize(self._hint)

    def _minimum(self) -> QSize:
        p = self.panel
        hint = p.minimumSizeHint().expandedTo(p.minimumSize())
        policy = p.sizePolicy()
        # like Qt's own layouts: a direction that may not shrink keeps its preferred size
        if not policy.horizontalPolicy().value & _SHRINK:
            hint.setWidth(max(hint.width(), p.sizeHint().width()))
        if not policy.verticalPolicy().value & _SHRINK:
            hint.setHeight(max(hint.height(), p.sizeHint().height()))
        else:
            hint.setHeight(hint.height() + self._wrap_extra())
        return hint

    def _wrap_extra(self) -> int:
        """The height word-wrapped labels need beyond the one line their minimum size counts.

        Measured at each label's present width; labels inside the panel's own scroll areas
        do not count (those scroll by themselves). Squeezing a panel below this makes its
        layout overlap the text with the plots under it.
        """
        extra = 0
        for label in self.panel.findChildren(QLabel):
            if not label.wordWrap() or not label.isVisibleTo(self.panel) or label.property("placed"):
                continue  # (a label "placed" by hand has room made for it: see widgets/captioned.py)
            parent = label.parentWidget()
            while parent is not None and parent is not self.panel and not isinstance(parent, QAbstractScrollArea):
                parent = parent.parentWidget()
            if parent is not self.panel:
                continue
            width = label.width() if label.width() > 1 else self.width()
            extra += max(0, label.heightForWidth(width) - label.minimumSizeHint().height())
        return extra

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.panel.sizeHint().expandedTo(self.minimumSizeHint())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._hint = None  # wrapped labels need another height at another width
        self.panel.setGeometry(self.rect())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.panel and event.type() in (QEvent.Show, QEvent.Hide, QEvent.FontChange, QEvent.StyleChange):
            self._hint = None
        if obj is self.panel and event.type() == QEvent.LayoutRequest:
            # a label's new text re-lays the panel out on every key; only a new minimum (a row
            # added, a box shown) concerns the scroller, the dock and the window above it
            old, self._hint = self._hint, None
            if old is not None and self.minimumSizeHint() == old:
                return False
            self.updateGeometry()
            scroller = self.parentWidget().parentWidget() if self.parentWidget() else None
            if isinstance(scroller, PanelScroller):
                scroller.updateGeometry()  # its dock may have to grow (whole_height)
                QCoreApplication.postEvent(scroller, QEvent(QEvent.LayoutRequest))
        return False


class PanelScroller(QScrollArea):
    """A dock's content: the panel fills the dock, and scrolls only once the dock is smaller than its minimum.

    With ``whole_height`` the dock never gets shorter than the panel's minimum (for a
    strip such as the tokens, where a scroll bar would cover half of what it shows).
    """

    def __init__(self, panel: QWidget, whole_height: bool = False) -> None:
        super().__init__()
        self.whole_height = whole_height
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.NoFrame)
        self.setWidget(_PanelFrame(panel))
        if whole_height:
            self.widget().installEventFilter(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        if self.whole_height:
            hint.setHeight(max(hint.height(), self.widget().minimumSizeHint().height()))
        return hint

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        # the panel's least height changed (its fonts after presentation mode's zoom): so did this one's, and the
        # dock's layout holds a copy until told (the token strip came back 163 px high where 144 hold it)
        if event.type() == QEvent.LayoutRequest and obj is self.widget():
            self.updateGeometry()
        return False



class DockedWindow(QMainWindow):
    """A main window of panel docks (``self.docks``: panel id → dock); see the module text."""

    def __init__(self) -> None:
        super().__init__()
        self.docks: dict[str, QDockWidget] = {}
        self.setDockNestingEnabled(True)
        self.setDockOptions(QMainWindow.AnimatedDocks | QMainWindow.AllowTabbedDocks | QMainWindow.AllowNestedDocks)
        self.setDocumentMode(True)  # flat dock tabs, as in a browser, instead of raised 3-D ones
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def add_panel_dock(self, panel_id: str, title: str) -> QDockWidget:
        """An empty dock for panel ``panel_id``, kept in ``self.docks``; ``install_panel`` fills it.

        The panel is built when the dock first comes into view (``self.panels[panel_id]``, see
        ``gui/lazy_panels.py``); until then the dock holds an empty placeholder.
        """
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{panel_id}")
        dock.setWidget(QWidget())
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                         | QDockWidget.DockWidgetClosable)
        self.docks[panel_id] = dock
        dock.visibilityChanged.connect(lambda shown, pid=panel_id: self._note_panel_used(pid, shown))
        return dock

    def build_seen_panels(self) -> None:
        """From now on a dock coming into view builds its panel; build those in view already."""
        self.build_on_sight = True
        for pid, dock in self.docks.items():
            if pid in self.panels and dock.isVisible() and not off_screen(dock.widget()):
                self.panels[pid]  # noqa: B018 - builds it

    def install_panel(self, panel: QWidget) -> None:
        """Put a built panel in its dock; it scrolls when the dock is smaller than the panel."""
        dock = self.docks[panel.panel_id]
        placeholder = dock.widget()
        dock.setWidget(PanelScroller(panel, whole_height=panel.panel_id == "tokens"))
        if placeholder is not None:
            placeholder.deleteLater()

    panels: Mapping = {}  # the window's LazyPanels (panel id → panel, built when first seen)
    # False until the docks are arranged: while the window first shows, every dock is briefly "visible"
    build_on_sight = False
    last_panel: str | None = None  # the panel a person brought up or clicked in last (F6 and export use it)

    def _note_panel_used(self, panel_id: str, shown: bool = True) -> None:
        if shown:
            self.last_panel = panel_id
            if self.build_on_sight and panel_id in self.panels:
                self.panels[panel_id]  # noqa: B018 - builds the panel the first time its dock is seen

    def _on_focus_changed(self, _old, new) -> None:
        for pid, dock in self.docks.items():
            if new is not None and dock.isAncestorOf(new):
                self.last_panel = pid
                return

    def _arrange_docks(self) -> None:
        """Tokens on top; attention and next token side by side; the other panels as tabs.

        Runs once the window is shown: tabifying before that leaves stray tab bars behind (Qt 6).
        """
        d = self.docks
        first = d.get("tokens")
        if first is not None:
            self.addDockWidget(Qt.BottomDockWidgetArea, first)
        left, right = d.get("attention"), d.get("next_token")
        # split from existing docks only: adding all first and splitting later leaves stray tab bars
        for host, dock, how in ((first, left, Qt.Vertical), (left or first, right, Qt.Horizontal)):
            if dock is None:
                continue
            if host is not None:
                self.splitDockWidget(host, dock, how)
            else:
                self.addDockWidget(Qt.BottomDockWidgetArea, dock)
        # panels about the model's insides sit with attention; panels about its output with next token
        anchor = {"architecture": left, "embedding": left, "positions": left, "lens": left, "cost": left,
                  "bias": left, "tokenizers": left, "timeline": right, "compare": right, "interventions": right,
                  "training": right, "quiz": right, "contributions": right, "attribution": right,
                  "patching": left, "heads": left}
        for pid, dock in d.items():
            if pid in ("tokens", "attention", "next_token"):
                continue
            host = anchor.get(pid) or left or right
            if host is not None:
                self.tabifyDockWidget(host, dock)
            else:
                self.addDockWidget(Qt.BottomDockWidgetArea, dock)
        for dock in (left, right):
            if dock is not None:
                dock.raise_()
        if first is not None and left is not None:
            # everything below the text box goes to the panels; the central text box keeps its minimum, the token
            # strip the height it needs (the first layout pass gave it that anyway; the saved default, which View →
            # Reset layout restores, held 19 % of the window: 205 px of a 1080-px screen, a third of it empty)
            self.resizeDocks([first, left], [first.minimumSizeHint().height(), self.height()], Qt.Vertical)
        if left is not None and right is not None:
            self.resizeDocks([left, right], [55, 45], Qt.Horizontal)
        QTimer.singleShot(0, self, self.fit_tabs)

    # when a column is too narrow for all its tabs, these docks close first (the View menu opens them again)
    CLOSE_FIRST = ("heads", "patching", "tokenizers", "attribution", "bias", "cost", "quiz", "contributions",
                   "training", "compare", "timeline", "lens", "positions", "embedding", "architecture",
                   "interventions")

    def fit_tabs(self) -> list[str]:
        """Close the least-used tabbed docks of a column whose tabs would not all show; returns their ids.

        On a 1366-pixel projector the two columns cannot show a tab for every
        panel with its whole title. Rather than scroll arrows that hide tabs, the
        most specialised panels start closed there and open from the View menu.
        """
        closed = []
        priority = {pid: i for i, pid in enumerate(self.CLOSE_FIRST)}
        for bar in self.findChildren(QTabBar, options=Qt.FindDirectChildrenOnly):
            if not bar.isVisible():
                continue
            tabs = [(bar.tabText(i), bar.tabSizeHint(i).width()) for i in range(bar.count())]
            by_title = {dock.windowTitle(): pid for pid, dock in self.docks.items()}
            need = sum(w for _, w in tabs)
            for title, width in sorted(tabs, key=lambda t: priority.get(by_title.get(t[0]), len(priority))):
                if need <= bar.width():
                    break
                pid = by_title.get(title)
                if pid not in priority:
                    continue
                self.docks[pid].close()
                closed.append(pid)
                need -= width
        return closed

    def _style_tab_bars(self) -> None:
        """Dock tabs show their whole title: no eliding ("Aand…", "K…"), scroll arrows when they do not fit.

        Qt makes these tab bars itself (eliding on the right) whenever docks are tabbed,
        so this runs again after every layout change.
        """
        self._tabs_pending = False
        for bar in self.findChildren(QTabBar, options=Qt.FindDirectChildrenOnly):
            if bar.elideMode() != Qt.ElideNone:
                bar.setElideMode(Qt.ElideNone)
                bar.setUsesScrollButtons(True)
                bar.setExpanding(False)

    def restoreState(self, state, version: int = 0) -> bool:  # noqa: N802
        """QMainWindow.restoreState, without the old dock tab bars it leaves on screen.

        Restoring a layout makes new tab bars for tabbed docks but leaves the old
        ones visible where they were: a second, dead row of tabs over the status
        bar (seen after View → Reset layout, focus mode and presentation mode).
        """
        before = set(self.findChildren(QTabBar, options=Qt.FindDirectChildrenOnly))
        ok = super().restoreState(state, version)
        QTimer.singleShot(0, self, lambda: self._hide_stale_tab_bars(before))
        return ok

    def _hide_stale_tab_bars(self, before: set) -> None:
        """Hide the tab bars ``restoreState`` left behind: an old bar with a fresh bar's tabs, an empty one, or
        one under a fresh bar (where the restored layout has other tabs, such as every dock open again)."""
        bars = self.findChildren(QTabBar, options=Qt.FindDirectChildrenOnly)
        fresh = [b for b in bars if b not in before and b.isVisible()]
        titles = {tuple(b.tabText(i) for i in range(b.count())) for b in fresh}
        for bar in bars:
            if bar in before and bar.isVisible() and fresh and (
                    tuple(bar.tabText(i) for i in range(bar.count())) in titles or bar.count() == 0
                    or any(bar.geometry().intersects(b.geometry()) for b in fresh)):
                bar.hide()
        self._style_tab_bars()

    def _scale_dock_titles(self) -> None:
        """Let dock titles grow with the zoom, as everything else does (presentation mode).

        A dock whose font equals the application's draws its title in a font Qt took
        once, when the dock was made, so zooming left "Les" and "Aandacht" small. A
        font that differs only in its style strategy (which changes nothing on screen;
        all else inherited) makes the dock draw its title in its own, zoomed, font.
        """
        marker = QFont()
        marker.setStyleStrategy(QFont.PreferQuality)
        for dock in self.findChildren(QDockWidget):
            if not dock.font().styleStrategy() & QFont.PreferQuality:
                dock.setFont(marker)

    _tabs_pending = False

    def childEvent(self, event) -> None:  # noqa: N802
        super().childEvent(event)
        if event.type() == QEvent.ChildAdded and not self._tabs_pending:
            self._tabs_pending = True  # a new dock tab bar is not fully built yet: style it once control returns
            QTimer.singleShot(0, self, self._style_tab_bars)

