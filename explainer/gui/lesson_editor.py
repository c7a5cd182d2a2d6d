"""The lesson editor: the steps of the lesson being built, what each says, and saving it to a file.

A small window beside the main one, not modal: the teacher sets up the next
step in the main window and records it (File → Save as lesson step, or
"Record the window" here). The list shows the steps in order; Up, Down and
Delete change it. For the selected step the editor shows what it sets up
(model, text, selection, settings), lets the teacher choose the one or two
panels shown large, and holds, per language, a title, the explanation and
an optional question with its answer; a language left empty is left out of
the step. Save writes the lesson, by default to the teacher's own lessons
folder, after checking it: a step without words is named in the message.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QPlainTextEdit, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from explainer.core.lesson_file import LANGUAGES, SUFFIX, Step, StepText
from explainer.gui import numfmt
from explainer.gui.language import LANGUAGES as LANGUAGE_NAMES
from explainer.gui.scene import SAMPLING_DEFAULTS

WORDS = ("title", "explanation", "question", "answer")  # what the editor lets a teacher write, per language


class LessonEditor(QDialog):
    """Lists the draft's steps and edits their words, panels and order; opens, tries and saves the lesson.

    Every change is written into ``library.draft`` at once, so the draft is
    always what the editor shows. ``fields[lang][name]`` are the text fields
    of the selected step (``WORDS``), ``titles[lang]`` the lesson's title.
    """

    def __init__(self, library, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        self.window = library.window
        self.setWindowTitle(self.tr("Lesson editor"))
        self.setModal(False)
        self._filling = False

        self.titles = {lang: QLineEdit() for lang in LANGUAGES}
        title_row = QHBoxLayout()
        title_row.addWidget(QLabel(self.tr("Lesson title:")))
        for lang, edit in self.titles.items():
            edit.setPlaceholderText(LANGUAGE_NAMES[lang])
            edit.textChanged.connect(self._store_title)
            title_row.addWidget(edit, 1)

        self.steps = QListWidget()
        self.steps.currentRowChanged.connect(self._show_step)
        self.record_button = QPushButton(self.tr("Record the window"))
        self.record_button.setToolTip(self.tr("Add what the main window shows now as the next step"))
        self.up_button, self.down_button = QPushButton(self.tr("Up")), QPushButton(self.tr("Down"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.record_button.clicked.connect(lambda: self.library.record_step())
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.delete_button.clicked.connect(self.delete)
        list_buttons = QHBoxLayout()
        for b in (self.record_button, self.up_button, self.down_button, self.delete_button):
            list_buttons.addWidget(b)
        left = QVBoxLayout()
        left.addWidget(self.steps, 1)
        left.addLayout(list_buttons)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.panel_boxes = (QComboBox(), QComboBox())
        self.panel_boxes[1].addItem(self.tr("(none)"), "")
        for pid in self.window.panels:
            for box in self.panel_boxes:
                box.addItem(self.window.panel_title(pid), pid)
        panels_row = QHBoxLayout()
        panels_row.addWidget(QLabel(self.tr("Panels shown large:")))
        for box in self.panel_boxes:
            box.currentIndexChanged.connect(lambda _i: self._store_step())
            panels_row.addWidget(box, 1)
        self.tabs = QTabWidget()
        self.fields: dict[str, dict[str, QLineEdit | QPlainTextEdit]] = {}
        labels = {"title": self.tr("Title"), "explanation": self.tr("Explanation"),
                  "question": self.tr("Question (optional)"), "answer": self.tr("Answer")}
        for lang in LANGUAGES:
            page, form = QWidget(), QFormLayout()
            page.setLayout(form)
            self.fields[lang] = {name: QPlainTextEdit() if name == "explanation" else QLineEdit() for name in WORDS}
            for name, widget in self.fields[lang].items():
                widget.textChanged.connect(self._store_step)
                form.addRow(labels[name], widget)
            self.tabs.addTab(page, LANGUAGE_NAMES[lang])
        self.tabs.setCurrentIndex(LANGUAGES.index(self.window.lang) if self.window.lang in LANGUAGES else 0)
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addLayout(panels_row)
        right.addWidget(self.tabs, 1)
        self.detail = QWidget()
        self.detail.setLayout(right)

        middle = QHBoxLayout()
        middle.addLayout(left, 2)
        middle.addWidget(self.detail, 3)
        self.new_button, self.open_button = QPushButton(self.tr("New lesson")), QPushButton(self.tr("Open…"))
        self.try_button, self.save_button = QPushButton(self.tr("Try it")), QPushButton(self.tr("Save…"))
        self.try_button.setToolTip(self.tr("Show the lesson in the lesson panel, as a class will see it"))
        close = QPushButton(self.tr("Close"))
        for button, slot in ((self.new_button, self.new_lesson), (self.open_button, self.open_dialog),
                             (self.try_button, self.library.try_draft), (self.save_button, self.save_dialog),
                             (close, self.close)):
            button.clicked.connect(lambda _=False, s=slot: s())
        bottom = QHBoxLayout()
        for button in (self.new_button, self.open_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        for button in (self.try_button, self.save_button, close):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.resize(900, 560)

    @property
    def draft(self):
        return self.library.draft

    # -- showing ------------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        """Show the draft again (another step was recorded, or another lesson opened); select ``select``."""
        self._filling = True
        for lang, edit in self.titles.items():
            edit.setText(self.draft.title.get(lang, ""))
        row = self.steps.currentRow() if select is None else select
        self.steps.blockSignals(True)
        self.steps.clear()
        self.steps.addItems([self._label(i) for i in range(len(self.draft.steps))])
        self.steps.blockSignals(False)
        self._filling = False
        row = min(max(row, 0), len(self.draft.steps) - 1)
        self.steps.setCurrentRow(row)
        self._show_step(row)

    def _label(self, index: int) -> str:
        step = self.draft.steps[index]
        words = step.text_in(self.window.lang) if step.texts else None
        name = (words.title or words.explanation) if words is not None else ""
        name = name or self.tr("(no words yet) {t}").format(t=step.text)
        name = name if len(name) <= 60 else name[:59] + "…"
        return f"{index + 1}. {name} · {', '.join(self.window.panel_title(p) for p in step.panels)}"

    def _show_step(self, row: int) -> None:
        has = 0 <= row < len(self.draft.steps)
        self.detail.setEnabled(has)
        for button in (self.up_button, self.down_button, self.delete_button):
            button.setEnabled(has)
        self._filling = True
        step = self.draft.steps[row] if has else None
        self.summary.setText(self._summary(step) if step is not None else self.tr("No steps yet: set up the main "
                             "window and press “Record the window” (or File → Save as lesson step)."))
        for box, pid in zip(self.panel_boxes, (step.panels if step is not None else ()) + ("", "")):
            box.setCurrentIndex(max(0, box.findData(pid)))
        for lang in LANGUAGES:
            words = step.texts.get(lang) if step is not None else None
            for name, widget in self.fields[lang].items():
                value = getattr(words, name) if words is not None else ""
                widget.setPlainText(value) if isinstance(widget, QPlainTextEdit) else widget.setText(value)
        self._filling = False

    def _summary(self, step: Step) -> str:
        """What the step sets up, in a few lines a teacher can check against the main window."""
        text = step.text if len(step.text) <= 120 else step.text[:119] + "…"
        lines = [self.tr("Model: {m}").format(m=step.model), self.tr("Text: {t}").format(t=text),
                 self.tr("Layer {l}, head {h}").format(l=step.layer or 0, h=step.head or 0)
                 + ("" if step.token is None else self.tr(", token {k}").format(k=step.token))]
        sampling = {**SAMPLING_DEFAULTS, **step.sampling}
        lines.append(numfmt.fill(self.tr("Temperature {t:g}, top-k {k}, top-p {p:g}"),
                                 t=sampling["temperature"], k=sampling["top_k"], p=sampling["top_p"]))
        if step.ablations:
            lines.append(self.tr("Parts switched off: {n}").format(n=len(step.ablations)))
        return "\n".join(lines)

    # -- changing -------------------------------------------------------------------------------
    def _store_title(self) -> None:
        if not self._filling:
            self.draft.title = {lang: e.text().strip() for lang, e in self.titles.items() if e.text().strip()}

    def _store_step(self) -> None:
        """Write the selected step's panels and words from the fields into the draft."""
        row = self.steps.currentRow()
        if self._filling or not 0 <= row < len(self.draft.steps):
            return
        step = self.draft.steps[row]
        panels = tuple(dict.fromkeys(p for p in (box.currentData() for box in self.panel_boxes) if p))
        texts = {}
        for lang in LANGUAGES:
            values = {name: (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()).strip()
                      for name, w in self.fields[lang].items()}
            if any(values.values()):  # the words the editor does not show (topic, "try this") are kept
                kept = step.texts.get(lang) or StepText("")
                texts[lang] = replace(kept, **values)
        self.draft.steps[row] = replace(step, panels=panels, texts=texts)
        self.steps.item(row).setText(self._label(row))

    def move(self, by: int) -> None:
        row, steps = self.steps.currentRow(), self.draft.steps
        to = row + by
        if 0 <= row < len(steps) and 0 <= to < len(steps):
            steps[row], steps[to] = steps[to], steps[row]
            self.refresh(to)

    def delete(self) -> None:
        row = self.steps.currentRow()
        if 0 <= row < len(self.draft.steps):
            del self.draft.steps[row]
            self.refresh(row)

    def new_lesson(self) -> None:
        if not self.library.confirm_discard(self.tr("New lesson"), self.tr(
                "Start a new lesson? Steps of this one that were not saved are lost.")):
            return
        self.library.new_draft()
        self.refresh(0)

    def open_dialog(self) -> None:
        if not self.library.confirm_discard(self.tr("Open lesson"), self.tr(
                "Open another lesson? Steps of this one that were not saved are lost.")):
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open lesson"), str(self.library.folder()),
                                              self.tr("Lessons (*{s});;All files (*)").format(s=SUFFIX))
        if path and self.library.load_draft(path):
            self.refresh(0)

    def save_dialog(self) -> None:
        start = self.draft.path or self.library.folder() / self.tr("my-lesson{s}").format(s=SUFFIX)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save lesson"), str(start),
                                              self.tr("Lessons (*{s})").format(s=SUFFIX))
        if path:
            self.library.save_draft(Path(path))
