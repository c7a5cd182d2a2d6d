"""Docks: whole tab titles, panels that shrink to their minimum before scrolling, titles that zoom."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QTabBar

from explainer.gui import palette
from explainer.gui.docks import PanelScroller
from explainer.gui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path, tiny_model):
    win = MainWindow(lang="nl", settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    win.state.set_model(tiny_model)
    yield win
    win.controller.shutdown()
    palette.apply_theme("light", scale=1.0)


def test_dock_tabs_show_whole_titles(qtbot, window):
    qtbot.wait(50)
    bars = window.findChildren(QTabBar, options=Qt.FindDirectChildrenOnly)
    assert bars, "the default layout tabs docks together"
    for bar in bars:
        assert bar.elideMode() == Qt.ElideNone and bar.usesScrollButtons()


def test_panels_shrink_to_their_minimum_before_scrolling(qtbot, window):
    for pid in ("lens", "architecture"):
        window.docks[pid].raise_()
        qtbot.wait(100)
        scroller = window.docks[pid].widget()
        assert isinstance(scroller, PanelScroller)
        frame, viewport = scroller.widget(), scroller.viewport()
        # the panel gets the dock's height, or its minimum when that is more, never its (taller) preferred height
        assert frame.height() == max(viewport.height(), frame.minimumSizeHint().height())
        assert frame.panel.geometry() == frame.rect()
    # a dock taller than the lens panel's minimum: the panel takes the dock's height, and no scroll bar
    # (its preferred height no longer counts the rank plot's own 480 px: the plot takes what the grid leaves)
    window.resize(1500, 1180)
    window.docks["lens"].raise_()
    qtbot.wait(200)
    scroller = window.docks["lens"].widget()
    assert scroller.widget().minimumSizeHint().height() <= scroller.viewport().height()
    assert scroller.widget().height() == scroller.viewport().height()
    assert not scroller.verticalScrollBar().isVisible()


def test_dock_titles_grow_with_the_zoom(qtbot, window):
    dock = window.docks["attention"]
    window.set_zoom(2.0)
    qtbot.wait(50)
    # equal fonts would make Qt draw the title in the font it took when the dock was made
    assert dock.font() != QApplication.font("QDockWidget")
    assert dock.fontInfo().pointSizeF() == pytest.approx(palette.current().font_pt * 2.0, rel=0.1)
