"""SteadyLabel keeps the lines a text once needed while someone types, so nothing under it jumps."""

from PySide6.QtGui import QFontMetrics

from explainer.gui.widgets.steady_label import SteadyLabel

SHORT = "Nearest words to “·de”"
LONG = "Nearest words to “·vogelhuisjesbouwers” and more words that wrap"


def heights(label, width):
    across = label.contentsMargins().left() + label.contentsMargins().right()
    return label.heightForWidth(width + across)


def test_a_label_keeps_the_lines_a_longer_text_needed_at_its_width(qtbot):
    label = SteadyLabel(keep=True)
    qtbot.addWidget(label)
    line = QFontMetrics(label.font()).lineSpacing()
    width = QFontMetrics(label.font()).horizontalAdvance(SHORT) + 10  # the short text fits on one line
    label.setText(SHORT)
    one = heights(label, width)
    assert one < 2 * line
    label.setText(LONG)
    more = heights(label, width)
    assert more >= 2 * line
    label.setText(SHORT)  # the next key's shorter name: the room stays, what is under it stays put
    assert heights(label, width) == more
    assert label.text() == SHORT
    # another width is measured afresh (a resized dock): there the short text needs its one line
    assert heights(label, width + 3) == one
    label.clear()  # an emptied text box starts afresh
    label.setText(SHORT)
    assert heights(label, width) == one


def test_keeping_the_lines_asks_for_no_new_layout(qtbot):
    label = SteadyLabel(keep=True)
    qtbot.addWidget(label)
    width = QFontMetrics(label.font()).horizontalAdvance(SHORT) + 10
    label.resize(width, 10)
    label.setText(LONG)
    label.setText(SHORT)
    asked = []
    label.updateGeometry = lambda: asked.append(True)  # what setText calls when its height changes
    label.setText(LONG)
    label.setText(SHORT)
    assert asked == []


def test_without_keep_a_label_takes_the_height_its_text_needs(qtbot):
    """(A panel that fits its text to the width, such as the next-token heading's shortened quote, tries longer
    texts first: kept, their lines stood empty above the bars in presentation mode.)"""
    label = SteadyLabel()
    qtbot.addWidget(label)
    width = QFontMetrics(label.font()).horizontalAdvance(SHORT) + 10
    label.setText(SHORT)
    one = heights(label, width)
    label.setText(LONG)
    label.setText(SHORT)
    assert heights(label, width) == one


def test_a_kept_height_belongs_to_its_font(qtbot):
    label = SteadyLabel(keep=True)
    qtbot.addWidget(label)
    font = label.font()
    width = QFontMetrics(font).horizontalAdvance(SHORT) + 10
    label.setText(LONG)
    label.setText(SHORT)
    kept = heights(label, width)
    small = type(font)(font)
    small.setPointSizeF(font.pointSizeF() * 0.8)
    label.setFont(small)
    assert heights(label, width) < kept  # measured afresh in the smaller font: one line
