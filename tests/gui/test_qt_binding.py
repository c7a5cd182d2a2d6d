"""The Qt binding in use must not leak references to None (PySide6 6.12.0 on Python 3.11 does)."""

import sys

from PySide6.QtWidgets import QWidget


def test_void_qt_calls_keep_none_alive(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    before = sys.getrefcount(None)
    for _ in range(2000):
        w.update()
    assert sys.getrefcount(None) > before - 100  # from Python 3.12 on None is immortal: always true
