"""StaticLabels places a laid-out label where drawText would: left, right or centred, elided to its box."""

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from explainer.gui import palette
from explainer.gui.widgets.static_text import StaticLabels

BOX = QRectF(20, 10, 200, 40)


def ink_columns(draw) -> np.ndarray:
    """The x of every column with dark pixels after ``draw(painter, labels)`` on a white image."""
    img = QImage(240, 60, QImage.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    font = palette.font(14)
    p.setFont(font)
    p.setPen(QColor("black"))
    labels = StaticLabels()
    labels.use(font)
    draw(p, labels)
    p.end()
    ptr = img.constBits()
    pixels = np.frombuffer(ptr, np.uint8).reshape(60, img.bytesPerLine() // 4, 4)[:, :240, :3]
    return np.flatnonzero((pixels < 128).any(axis=2).any(axis=0))


def test_labels_are_placed_left_right_and_centred(qtbot):
    left = ink_columns(lambda p, s: s.draw(p, BOX, "kat"))
    right = ink_columns(lambda p, s: s.draw(p, BOX, "kat", align_right=True))
    centre = ink_columns(lambda p, s: s.draw(p, BOX, "kat", centre=True))
    for cols in (left, right, centre):
        assert cols.size and BOX.left() <= cols[0] and cols[-1] <= BOX.right()
    assert left[0] - BOX.left() < 4 and BOX.right() - right[-1] < 4
    middle = (centre[0] + centre[-1]) / 2
    assert abs(middle - BOX.center().x()) < 3
    assert left[0] < centre[0] < right[0]


def test_a_label_wider_than_its_box_is_elided_inside_it(qtbot):
    narrow = QRectF(20, 10, 60, 40)
    cols = ink_columns(lambda p, s: s.draw(p, narrow, "voorbeeldzinnen en nog veel meer", centre=True))
    assert cols.size and cols[0] >= narrow.left() and cols[-1] <= narrow.right()
    img_cols = ink_columns(lambda p, s: p.drawText(narrow, Qt.AlignCenter,
                                                   p.fontMetrics().elidedText("voorbeeldzinnen en nog veel meer",
                                                                              Qt.ElideRight, 60)))
    assert abs(int(cols[-1]) - int(img_cols[-1])) <= 3  # ends where drawText ends the elided text
