"""A check box whose text wraps onto more lines instead of being cut off at the column's edge.

QCheckBox draws its text on one line: in a narrow column (the lesson beside
its panels on a 1366-pixel projector) the end of a sentence simply
disappeared. ``WrappingCheck`` puts a plain check box beside a word-wrapped
label; clicking the label toggles the box, as clicking a check box's own text
does, and the box carries the text as its accessible name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QWidget


def _wrapping_policy() -> QSizePolicy:
    """Any width the column gives; as tall as the wrapped text is at that width."""
    policy = QSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)
    policy.setHeightForWidth(True)
    return policy


class _ClickableLabel(QLabel):
    """A word-wrapped label that toggles its check box when clicked."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self.box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.PlainText)
        self.setCursor(Qt.PointingHandCursor)
        self.setSizePolicy(_wrapping_policy())

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.LeftButton and self.rect().contains(event.position().toPoint()) \
                and self.box.isEnabled():
            self.box.toggle()
        super().mouseReleaseEvent(event)


class WrappingCheck(QWidget):
    """A check box (``box``) and its word-wrapped text (``label``); show or hide this widget as a whole."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.label = _ClickableLabel(text, self.box)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 0, Qt.AlignTop)
        layout.addWidget(self.label, 1)
        self.setSizePolicy(_wrapping_policy())
