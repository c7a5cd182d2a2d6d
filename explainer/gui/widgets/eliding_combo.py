"""A combo box that ends a current text too long for it with "…", instead of cutting it off mid-letter.

In a narrow form column (the training panel beside its loss chart) "nano: 2 layers × 2 heads, width 64"
showed as "nano: 2 layers × 2 heads, width": the cut gave no hint that more followed. ``ElidingCombo``
draws the shown text elided and keeps the whole of it in its tooltip; the list that drops down is unchanged.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter


class ElidingCombo(QComboBox):
    """A non-editable QComboBox whose shown text is elided to its field; ``shown_text()`` is what it draws."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)

    def _option(self) -> QStyleOptionComboBox:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.CC_ComboBox, option, QStyle.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.ElideRight, max(0, field.width()))
        return option

    def shown_text(self) -> str:
        return self._option().currentText

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QStylePainter(self)
        option = self._option()
        painter.drawComplexControl(QStyle.CC_ComboBox, option)
        painter.drawControl(QStyle.CE_ComboBoxLabel, option)
        painter.end()
