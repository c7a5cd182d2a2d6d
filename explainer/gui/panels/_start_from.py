"""The Training panel's first choice: train a new model, or fine-tune the one that is open.

A fine-tune reads the open model again from its file, in float32 (the app
may have rounded it for speed), so only a model with a file on disk can be
fine-tuned; for any other the choice is greyed out and says why.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QLabel, QRadioButton, QVBoxLayout, QWidget

from explainer.core.checkpoints.base import LoadedModel
from explainer.gui.state import AppState


def section(text: str) -> QLabel:
    """A heading over one group of the Training panel's choices (its two groups of radio buttons, each with
    one chosen, read as one list of four without)."""
    label = QLabel(text)
    label.setProperty("role", "heading")
    return label


class StartFromChoice(QWidget):
    """Two radio buttons: a new, untrained model, or the open model (fine-tuning).

    ``fine_tune()`` says which is chosen and ``base()`` is the open model a
    fine-tune would continue (None when none can be); ``changed(fine_tune)``
    fires when the choice changes, also when a new model makes fine-tuning
    impossible. The open model's name stands on a line of its own below
    (``model_name``), so a long name never widens the panel.
    """

    changed = Signal(bool)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.new_model = QRadioButton(self.tr("A new, untrained model"))
        self.open_model = QRadioButton(self.tr("Fine-tune the open model"))
        self.model_name = QLabel()
        self.model_name.setProperty("role", "muted")
        self.model_name.setWordWrap(True)
        self.model_name.setIndent(24)  # under the radio button's text
        self.new_model.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.new_model)
        group.addButton(self.open_model)
        self.open_model.toggled.connect(self.changed.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section(self.tr("Start from")))
        layout.addWidget(self.new_model)
        layout.addWidget(self.open_model)
        layout.addWidget(self.model_name)
        state.model_changed.connect(self._on_model_changed)
        self._on_model_changed(state.model)

    def fine_tune(self) -> bool:
        return self.open_model.isChecked()

    def base(self) -> LoadedModel | None:
        """The open model, when it can be fine-tuned (it has a file to read it from)."""
        loaded = self.state.model
        return loaded if loaded is not None and _on_disk(loaded) else None

    def choose_fine_tune(self) -> bool:
        """Choose fine-tuning when the open model allows it; True when it is chosen."""
        if self.open_model.isEnabled():
            self.open_model.setChecked(True)
        return self.fine_tune()

    def _on_model_changed(self, loaded: LoadedModel | None) -> None:
        usable = loaded is not None and _on_disk(loaded)
        if loaded is None:
            self.model_name.setText(self.tr("(no model is open)"))
        elif usable:
            self.model_name.setText(loaded.name)
        else:
            self.model_name.setText(self.tr("{name} has no file to read it from, so it cannot be fine-tuned.")
                                    .format(name=loaded.name))
        self.open_model.setEnabled(usable)
        self.open_model.setToolTip("" if loaded is None else str(loaded.path))
        if not usable and self.open_model.isChecked():
            self.new_model.setChecked(True)


def _on_disk(loaded: LoadedModel) -> bool:
    try:
        return Path(loaded.path).exists()
    except OSError:
        return False
