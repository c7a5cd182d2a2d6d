"""A spin box for small decimal settings that takes "0,5" and "0.5" alike.

QDoubleSpinBox reads typed text with its locale only: in Dutch "0.5" is read
with "." as a thousands mark (5,00), and a half-typed "0," can be rejected. A
class typing a temperature should not need to know which mark the interface
expects, so both are decimal marks here; the value is shown in the interface
language's own notation.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox

from explainer.gui import numfmt

_NUMBER = re.compile(r"^[+-]?\d*(?:[.,]\d*)?$")


class DecimalSpinBox(QDoubleSpinBox):
    """QDoubleSpinBox whose typed text may use a comma or a point as the decimal mark."""

    def textFromValue(self, value: float) -> str:  # noqa: N802
        return numfmt.fmt(value, self.decimals())

    def valueFromText(self, text: str) -> float:  # noqa: N802
        cleaned = self._clean(text)
        try:
            return float(cleaned.replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        cleaned = self._clean(text)
        if not _NUMBER.match(cleaned):
            return QValidator.State.Invalid, text, pos
        if cleaned in ("", "+", "-", ".", ","):
            return QValidator.State.Intermediate, text, pos
        decimals = re.split(r"[.,]", cleaned)
        if len(decimals) == 2 and len(decimals[1]) > self.decimals():
            return QValidator.State.Invalid, text, pos
        value = float(cleaned.replace(",", "."))
        if value > self.maximum():
            return QValidator.State.Invalid, text, pos
        if value < self.minimum():
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos

    def fixup(self, text: str) -> str:
        return self.textFromValue(min(max(self.valueFromText(text), self.minimum()), self.maximum()))

    def _clean(self, text: str) -> str:
        text = text.strip()
        for affix in (self.prefix(), self.suffix()):
            if affix:
                text = text.replace(affix.strip(), "")
        return text.replace(" ", "").replace("\u00a0", "")
