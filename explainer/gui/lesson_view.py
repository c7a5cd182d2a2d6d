"""A lesson on screen: a tall column of step text beside the panels it stages.

``LessonDock.build(window)`` makes the (hidden) dock and Help → Guided lesson
(Ctrl+L, ``window.lesson_action``); ``LessonView`` shows one step at a time
(its question, when it has one, with the answer behind a button) and grows
its text with the zoom. What each step shows is the controller's
(``explainer.gui.lesson``); other lesson files are opened through
``explainer.gui.lesson_files``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QDockWidget, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)

from explainer.gui import numfmt, palette
from explainer.gui.lesson import LessonController, english_model, read_lesson, tour_path
from explainer.gui.widgets.wrapping_check import WrappingCheck


class _TextScroll(QScrollArea):
    """A scroll area whose word-wrapped content is always as tall as its text needs at the present width.

    (Left to itself a scroll area sizes the content to its preferred height,
    which for wrapped labels is measured at some other width: the end of a
    long text is then cut off with no scroll bar to reach it.)
    """

    resized = Signal()

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(content)

    def needed_height(self, width: int) -> int:
        layout = self.widget().layout()
        layout.activate()
        return layout.heightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()

    def fit_content(self) -> None:
        self.widget().setMinimumHeight(self.needed_height(self.viewport().width()))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_content()
        if event.oldSize() != event.size():
            self.resized.emit()


class LessonView(QWidget):
    """The lesson's text in large type, with Back, Next and "Back to my text"; lives in the lesson dock.

    A step's question is shown in a box of its own; its answer stays hidden
    until the teacher presses "Show the answer", so a class can think first.

    The text is set as large as the dock allows (never smaller than the
    interface's body text); only when even that does not fit does it scroll.
    PageDown/PageUp (what a presenter's clicker sends) scroll such a text and
    then move between steps; Alt+→/Alt+← move between steps at once.
    """

    back_to_mine = Signal()
    SIZES = (1.35, 1.25, 1.15, 1.07, 1.0)  # body text, in units of the interface's body size

    def __init__(self, controller: LessonController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.chapter = QLabel()  # "Step 3 of 12 · Attention"
        self.chapter.setProperty("role", "muted")
        self.chapter.setWordWrap(True)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.PlainText)
        self.body.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.try_box = QFrame()
        self.try_box.setObjectName("lessonTry")
        self.try_label = QLabel()
        self.try_label.setWordWrap(True)
        self.try_label.setTextFormat(Qt.PlainText)
        QVBoxLayout(self.try_box).addWidget(self.try_label)
        self.question_box = QFrame()
        self.question_box.setObjectName("lessonQuestion")
        self.question_label = QLabel()
        self.answer_label = QLabel()
        self.answer_button = QPushButton(self.tr("Show the answer"))
        self.answer_button.clicked.connect(self.reveal_answer)
        question_layout = QVBoxLayout(self.question_box)
        for label in (self.question_label, self.answer_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.PlainText)
            label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)
            question_layout.addWidget(label)
        question_layout.addWidget(self.answer_button, 0, Qt.AlignLeft)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.back_button = QPushButton(self.tr("◀ Back"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.counter = QLabel()
        self.counter.setProperty("role", "muted")
        self.mine_button = QPushButton(self.tr("↩ Back to my text"))
        self.mine_button.setToolTip(self.tr("End the lesson and bring back your own text, model, settings "
                                            "and panels, as they were before the lesson"))
        # an English lesson may run on SmolLM2 where it is installed: it knows far more English
        self.english = english_model()
        # the sentence wraps in a narrow column (a QCheckBox cut it off at the edge)
        self.english_row = WrappingCheck(self.tr("Use SmolLM2-135M, a larger model that knows more English"))
        self.english_box = self.english_row.box
        self._offer_english()
        controller.lesson_changed.connect(self._offer_english)
        self.english_box.toggled.connect(
            lambda on: controller.use_default_model(self.english if on else None))
        self.back_button.clicked.connect(controller.back)
        self.next_button.clicked.connect(controller.next)
        self.mine_button.clicked.connect(self.back_to_mine)

        text = QWidget()
        text_layout = QVBoxLayout(text)
        text_layout.setContentsMargins(4, 4, 4, 4)
        for w in (self.chapter, self.heading, self.body, self.try_box, self.question_box, self.notice,
                  self.english_row):
            w.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)
            text_layout.addWidget(w)
        text_layout.addStretch(1)
        self.scroll = _TextScroll(text)
        self.scroll.resized.connect(self._schedule_fit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        mine = QHBoxLayout()
        mine.addWidget(self.counter)
        mine.addStretch(1)
        mine.addWidget(self.mine_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        layout.addLayout(mine)

        window = controller.window
        for key, slot in (("PgDown", lambda: self.page(True)), ("PgUp", lambda: self.page(False)),
                          ("Alt+Right", controller.next), ("Alt+Left", controller.back)):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.WindowShortcut)
            shortcut.activated.connect(lambda s=slot: self.isVisible() and s())
        controller.step_changed.connect(self.show_step)
        controller.problem.connect(self._show_problem)
        self._sheet_key = None
        self._fit_pending = False
        self.size_factor = self.SIZES[0]
        self.restyle()

    def show_step(self, index: int) -> None:
        lesson = self.controller.lesson
        step = lesson.steps[index]
        count = self.tr("Step {i} of {n}").format(i=index + 1, n=len(lesson.steps))
        self.chapter.setText(f"{count} · {step.topic}" if step.topic else count)
        # "1.287 MWh" on one line, and no line that ends a paragraph with one short word ("in", "jaar")
        kept = lambda text: numfmt.no_orphan(numfmt.keep_units(text))  # noqa: E731
        self.heading.setText(kept(step.title))
        self.body.setText(kept(step.text))
        self.try_label.setText(kept(self.tr("Try this: {t}").format(t=step.try_this)) if step.try_this else "")
        self.try_box.setVisible(bool(step.try_this))
        self.question_label.setText(kept(self.tr("Question: {q}").format(q=step.question)) if step.question else "")
        self.answer_label.setText(kept(self.tr("Answer: {a}").format(a=step.answer)) if step.answer else "")
        self.answer_label.hide()
        self.answer_button.setVisible(bool(step.answer))
        self.question_box.setVisible(bool(step.question))
        self.counter.setText(count)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < len(lesson.steps))
        self.notice.hide()
        self.fit_text()
        self.scroll.verticalScrollBar().setValue(0)

    def reveal_answer(self) -> None:
        self.answer_label.show()
        self.answer_button.hide()
        self.fit_text()

    def _offer_english(self) -> None:
        """The SmolLM2 choice, for a lesson shown in English with steps on the shipped model (it stands in there)."""
        lesson = self.controller.lesson
        offered = self.english is not None and lesson.lang == "en" and any(s.model == "default" for s in lesson.steps)
        if not offered and self.english_box.isChecked():
            self.english_box.setChecked(False)
        self.english_row.setVisible(offered)

    def page(self, forward: bool) -> None:
        """A clicker's page key: the rest of a text too long for the screen first, then the next step."""
        bar = self.scroll.verticalScrollBar()
        if forward and bar.value() < bar.maximum():
            bar.setValue(bar.value() + bar.pageStep())
        elif not forward and bar.value() > bar.minimum():
            bar.setValue(bar.value() - bar.pageStep())
        else:
            (self.controller.next if forward else self.controller.back)()

    def _show_problem(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.show()
        self.fit_text()

    # -- type size --------------------------------------------------------------------
    def restyle(self) -> None:
        """Colours and button sizes from the theme and zoom (style sheets win over fonts); then the text size."""
        theme, scale = palette.current(), palette.font_scale()
        key = (theme.name, scale)
        if key != self._sheet_key:
            self._sheet_key = key
            pt = theme.font_pt * scale
            c = theme.colors
            self.try_box.setStyleSheet(f"QFrame#lessonTry {{ border-left: 6px solid {c['accent']}; "
                                       f"background: {c['alt_base']}; }}")
            self.question_box.setStyleSheet(f"QFrame#lessonQuestion {{ border: 2px solid {c['accent']}; "
                                            f"background: {c['alt_base']}; }}")
            self.answer_button.setStyleSheet(f"font-size: {pt * 1.1:.1f}pt; padding: 4px 12px;")
            for b in (self.back_button, self.next_button):
                b.setStyleSheet(f"font-size: {pt * 1.3:.1f}pt; font-weight: bold; padding: 8px 18px;")
        self.fit_text()

    def _set_size(self, factor: float) -> None:
        pt = palette.current().font_pt * palette.font_scale()
        self.size_factor = factor
        self.chapter.setStyleSheet(f"font-size: {pt * max(1.0, factor * 0.8):.1f}pt;")
        self.heading.setStyleSheet(f"font-size: {pt * factor * 1.26:.1f}pt; font-weight: bold;")
        self.body.setStyleSheet(f"font-size: {pt * factor:.1f}pt;")
        self.try_label.setStyleSheet(f"font-size: {pt * max(1.0, factor * 0.9):.1f}pt;")
        for label in (self.question_label, self.answer_label):
            label.setStyleSheet(f"font-size: {pt * max(1.0, factor * 0.9):.1f}pt;")

    def fit_text(self) -> None:
        """The largest text size at which the whole step fits without scrolling (else the smallest, scrolling)."""
        self._fit_pending = False
        width = self.scroll.width() - self.scroll.verticalScrollBar().sizeHint().width()
        height = self.scroll.height()
        for factor in self.SIZES:
            self._set_size(factor)
            if width <= 0 or self.scroll.needed_height(width) <= height:
                break
        self.scroll.fit_content()

    def _schedule_fit(self) -> None:
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self.fit_text)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.StyleChange, QEvent.FontChange, QEvent.PaletteChange):
            self.restyle()


class LessonDock(QDockWidget):
    """The dock that holds the LessonView; opening it starts the lesson, closing it ends it.

    Closing (its × or "Back to my text") brings back what the teacher had
    before the lesson. Reopening continues at the step where it was closed.
    """

    def __init__(self, controller: LessonController, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("dock_lesson")
        self.setWindowTitle(self.tr("Lesson"))
        self.controller = controller
        controller.dock = self
        self.view = LessonView(controller)
        self.view.back_to_mine.connect(self.close)
        self.setWidget(self.view)

    def start_tour(self) -> None:
        """Help → Guided lesson: the tour where it was left, or from its start after another lesson."""
        controller = self.controller
        if not controller.builtin:
            controller.open(read_lesson(tour_path(controller.lang)), builtin=True)
        self.start()

    def start(self, index: int | None = None) -> None:
        self.controller.remember()  # before this dock shows: the teacher's layout is without it
        self.show()
        self.raise_()
        if index is None:
            index = max(self.controller.index, 0)
        self.controller.go(index)

    def closeEvent(self, event) -> None:  # noqa: N802
        super().closeEvent(event)
        if event.isAccepted():
            self.controller.finish()

    def hideEvent(self, event) -> None:  # noqa: N802
        super().hideEvent(event)
        if self.isHidden() and self.controller.active:
            QTimer.singleShot(0, self, self._hidden_for_good)  # moving a dock hides it for a moment

    @classmethod
    def build(cls, window, models: dict | None = None) -> "LessonDock":
        """The lesson dock (hidden) in ``window``'s right column, and Help → Guided lesson (Ctrl+L)."""
        dock = cls(LessonController(window, models=models), window)
        # the right-hand column runs the full height, so the lesson text is a tall, readable column
        window.setCorner(Qt.TopRightCorner, Qt.RightDockWidgetArea)
        window.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
        window.addDockWidget(Qt.RightDockWidgetArea, dock)
        dock.hide()
        act = QAction(QCoreApplication.translate("Lesson", "Guided &lesson"), window)
        act.setShortcut(QKeySequence("Ctrl+L"))
        act.triggered.connect(lambda: dock.start_tour())
        window.lesson_action = act
        menu = window.menus.help
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, act)
        return dock

    def _hidden_for_good(self) -> None:
        if self.isHidden() and self.controller.active:
            # hidden by something other than closing (a session's layout, Reset layout): what is
            # on screen now is no longer the lesson's, so there is nothing to give back
            self.controller.abandon()
