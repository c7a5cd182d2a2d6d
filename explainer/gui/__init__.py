"""The Qt side of the app.

PySide6 6.12 on Python 3.11 drops one reference to ``None`` on every call of a
method that returns nothing (``QPainter.fillRect``, ``QWidget.update`` …), so
after a few thousand such calls Python aborts with "deallocating None". From
Python 3.12 on ``None`` is immortal and the bug is harmless; before that we
give ``None`` a reference count no session can use up.
"""

import sys

if sys.version_info < (3, 12):
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
