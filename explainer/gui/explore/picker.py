"""The model picker: every model the registry finds, as a table; double-click opens one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from explainer.core.checkpoints import hf_cache
from explainer.core.checkpoints.registry import ModelEntry, find_models, user_models_dir
from explainer.gui import numfmt, palette
from explainer.gui.problems import translate_problem

if TYPE_CHECKING:
    from explainer.gui.main_window import MainWindow


def human_bytes(n: int) -> str:
    """A file size with the interface language's decimal mark: "7,0 MB" (nl) / "7.0 MB" (en)."""
    for div, unit in ((2**30, "GB"), (2**20, "MB"), (2**10, "kB")):
        if n >= div:
            return f"{numfmt.fmt(n / div, 1)} {unit}"
    return f"{numfmt.count(n)} B"


def human_params(n: int | None) -> str:
    return "?" if n is None else numfmt.human(n)


class ModelPickerDialog(QDialog):
    """A table of the models the registry finds: name, format, family, parameters, size, where.

    The list is gathered in a job of the window's ``state.jobs`` (it reads
    headers and configs only).
    ``chosen_path`` is set when the user opens one (double-click or Open); a
    model the registry could not read is listed greyed with its problem.
    """

    def __init__(self, parent: MainWindow, finder=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose a model"))
        self.resize(980, 460)
        self.chosen_path: str | None = None
        self.entries: list[ModelEntry] = []
        self.note = QLabel(self.tr("Looking for models…"))
        self.note.setWordWrap(True)
        columns = [self.tr("Name"), self.tr("Languages"), self.tr("Format"), self.tr("Family"),
                   self.tr("Parameters"), self.tr("Size on disk"), self.tr("Found in")]
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.cellDoubleClicked.connect(lambda row, _c: self._open_row(row))
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("Cancel"))
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setDefault(True)
        buttons.addButton(self.open_button, QDialogButtonBox.AcceptRole)
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentRow()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        parent.state.jobs.submit(self, "find", finder or find_models, done=self.set_entries, failed=self.note.setText)

    def set_entries(self, entries: list[ModelEntry]) -> None:
        self.entries = list(entries)
        self.table.setRowCount(len(self.entries))
        muted = palette.color("muted")
        for r, e in enumerate(self.entries):
            cells = (e.name, self.language_names(e.languages), e.format, e.family, human_params(e.n_params),
                     human_bytes(e.size_bytes), self.source_name(e.source))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{e.path}\n{translate_problem(e.problem)}" if e.problem else str(e.path))
                if c in (4, 5):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if e.problem:
                    item.setForeground(muted)
                self.table.setItem(r, c, item)
        if self.entries:
            self.table.selectRow(0)
            self.note.setText(self.tr("Double-click a model to open it. Your own models go in {p}.").format(
                p=user_models_dir()))
        else:
            self.note.setText(self.tr("No models found. Put model folders or files in {p}, or use "
                                      "File → Open model.").format(p=user_models_dir()))

    def language_names(self, codes: tuple[str, ...]) -> str:
        names = {"nl": self.tr("Dutch"), "en": self.tr("English"), "mul": self.tr("many others")}
        return ", ".join(names.get(c, c) for c in codes) if codes else "?"

    def source_name(self, source: str) -> str:
        """Where a model was found, in words: the app's own, the user's folder, or the package name."""
        return {"shipped": self.tr("comes with the app"), "user": self.tr("your models folder"),
                "folder": self.tr("folder"),
                hf_cache.SOURCE: self.tr("downloaded (Hugging Face cache)")}.get(source, source)

    def _open_row(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        if entry.problem:
            self.note.setText(self.tr("{n} cannot be opened: {p}").format(n=entry.name, p=translate_problem(entry.problem)))
            return
        self.chosen_path = str(entry.path)
        self.accept()
