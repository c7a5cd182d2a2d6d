"""The guided lesson: a step-by-step tour of how a language model works.

The steps live in ``resources/lessons/<lang>.json``, written in our own words
in Dutch and English: per step a title, an explanation, a "try this", the
model (``default``: a causal GPT, ``masked``: the shipped masked model), the
input text, the panel to bring forward (and optionally a view inside it),
and the layer, head, token and sampling settings to select. The
LessonController applies a step through a SceneApplier (AppState's setters
and the window's public methods); the LessonView shows the text in large type
with Back and Next, in a dock of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QDockWidget, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)

from explainer.core.checkpoints.base import LoadedModel
from explainer.gui import palette
from explainer.gui.scene import Scene, SceneApplier
from explainer.paths import models_dir, resource

DEFAULT_MODEL = "tiny-gpt-nl-en"
MASKED_MODEL = "tiny-bert-nl-en"
MODEL_KINDS = ("default", "masked")


class LessonError(ValueError):
    """A lesson file that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class LessonStep:
    """One step: what to say, and what the window should show while saying it."""

    id: str
    chapter: int
    title: str
    text: str
    input: str
    panel: str
    model: str = "default"
    try_this: str = ""
    view: str = ""
    layer: int | None = None
    head: int | None = None
    token_at: str | None = None
    sampling: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Lesson:
    """A titled list of steps in one language; ``chapters`` is the number of chapters they cover."""

    lang: str
    title: str
    steps: tuple[LessonStep, ...]

    @property
    def chapters(self) -> int:
        return max((s.chapter for s in self.steps), default=0)


def load_lesson(lang: str, path: str | Path | None = None) -> Lesson:
    """The lesson in ``lang`` (``nl`` or ``en``), from resources/lessons/ unless ``path`` is given."""
    path = Path(path) if path is not None else resource("lessons", f"{lang}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        steps = []
        for raw in data["steps"]:
            raw = dict(raw)
            raw["try_this"] = raw.pop("try", "")
            if raw.get("model", "default") not in MODEL_KINDS:
                raise ValueError(f"step {raw.get('id')!r}: unknown model {raw['model']!r}")
            steps.append(LessonStep(**raw))
    except FileNotFoundError:
        raise LessonError(f"{path}: no such file") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LessonError(f"{path}: not a lesson file ({exc})") from None
    if not steps:
        raise LessonError(f"{path}: the lesson has no steps")
    return Lesson(lang, str(data.get("title", "")), tuple(steps))


def shipped_models() -> dict[str, Path]:
    return {"default": models_dir() / DEFAULT_MODEL, "masked": models_dir() / MASKED_MODEL}


class LessonController(QObject):
    """Walks a window through the lesson: ``go(i)``, ``next()``, ``back()``.

    ``models`` maps ``default``/``masked`` to a LoadedModel or a path
    (default: the shipped models). A ``default`` step keeps the open model
    when it is causal (a teacher's own GPT works too) and otherwise returns
    to the causal model that was open before, or the shipped one.
    ``step_changed(index)`` fires when a step starts; ``settled`` when the
    window shows everything the step promises.
    """

    step_changed = Signal(int)
    problem = Signal(str)

    def __init__(self, window, lang: str | None = None, models: dict | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.lesson = load_lesson(lang or getattr(window, "lang", "en"))
        self.models: dict[str, LoadedModel | Path | str] = dict(shipped_models(), **(models or {}))
        self.index = -1
        self.applier = SceneApplier(window)
        self.applier.problem.connect(self.problem)
        self.settled = self.applier.settled
        self._last_causal: LoadedModel | None = None

    @property
    def step(self) -> LessonStep | None:
        return self.lesson.steps[self.index] if 0 <= self.index < len(self.lesson.steps) else None

    def set_language(self, lang: str) -> None:
        """Reload the texts in ``lang``; the current step stays (the same ids in every language)."""
        self.lesson = load_lesson(lang)
        if self.step is not None:
            self.step_changed.emit(self.index)

    def next(self) -> None:
        if self.index + 1 < len(self.lesson.steps):
            self.go(self.index + 1)

    def back(self) -> None:
        if self.index > 0:
            self.go(self.index - 1)

    def show_text_of(self, index: int) -> None:
        """Show step ``index``'s explanation without changing the window (a restored session)."""
        self.index = max(0, min(index, len(self.lesson.steps) - 1))
        self.step_changed.emit(self.index)

    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.lesson.steps) - 1))
        step = self.lesson.steps[self.index]
        self.step_changed.emit(self.index)
        self.show_panel(step)
        self.applier.apply(Scene(model=self.model_for(step), text=step.input, layer=step.layer, head=step.head,
                                 token_at=step.token_at, token=-1 if step.token_at is None else None,
                                 sampling=step.sampling))

    def model_for(self, step: LessonStep):
        """The model this step runs on, or None to keep the open one."""
        open_model = self.window.state.model
        if open_model is not None and open_model.cfg.causal:
            self._last_causal = open_model
        if step.model == "masked":
            if open_model is not None and not open_model.cfg.causal:
                return None
            return self.models["masked"]
        if open_model is not None and open_model.cfg.causal:
            return None
        return self._last_causal or self.models["default"]

    def show_panel(self, step: LessonStep) -> None:
        """Show and raise the step's dock, and switch to the named view inside the panel."""
        dock = self.window.docks.get(step.panel)
        if dock is None:
            self.problem.emit(self.tr("This step needs the “{p}” panel, which this window does not have.")
                              .format(p=step.panel))
            return
        dock.show()
        dock.raise_()
        panel = self.window.panels[step.panel]
        if step.view:
            tabs, page = getattr(panel, "tabs", None), getattr(panel, step.view, None)
            if tabs is not None and page is not None and tabs.indexOf(page) >= 0:
                tabs.setCurrentWidget(page)

    def expected(self) -> dict[str, Any]:
        """What the current step promises, in AppState's terms (for tests and for checking by eye)."""
        step, st = self.step, self.window.state
        cfg = st.model.cfg if st.model is not None else None
        out: dict[str, Any] = {"text": step.input, "panel": step.panel, "causal": step.model != "masked"}
        if step.layer is not None and cfg is not None:
            out["layer"] = min(step.layer, cfg.n_layer - 1)
        if step.head is not None and cfg is not None:
            out["head"] = min(step.head, cfg.n_head - 1)
        out.update({k: step.sampling[k] for k in ("temperature", "top_k", "top_p") if k in step.sampling})
        return out


class LessonView(QWidget):
    """The lesson's text in large type, with Back and Next; lives in the lesson dock.

    PageDown/PageUp (what a presenter's clicker sends) and Alt+→/Alt+← also
    move between steps while the window is active.
    """

    def __init__(self, controller: LessonController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.chapter = QLabel()
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
        QVBoxLayout(self.try_box).addWidget(self.try_label)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.back_button = QPushButton(self.tr("◀ Back"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.counter = QLabel()
        self.counter.setAlignment(Qt.AlignCenter)
        self.back_button.clicked.connect(controller.back)
        self.next_button.clicked.connect(controller.next)

        text = QWidget()
        text_layout = QVBoxLayout(text)
        text_layout.setContentsMargins(4, 4, 4, 4)
        for w in (self.chapter, self.heading, self.body, self.try_box, self.notice):
            w.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
            text_layout.addWidget(w)
        text_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.counter, 1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        window = controller.window
        for key, slot in (("PgDown", controller.next), ("PgUp", controller.back),
                          ("Alt+Right", controller.next), ("Alt+Left", controller.back)):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.WindowShortcut)
            shortcut.activated.connect(lambda s=slot: self.isVisible() and s())
        controller.step_changed.connect(self.show_step)
        controller.problem.connect(self._show_problem)
        self._sheet_key = None
        self.restyle()

    def show_step(self, index: int) -> None:
        lesson = self.controller.lesson
        step = lesson.steps[index]
        self.chapter.setText(self.tr("Part {c} of {n} · {title}").format(c=step.chapter, n=lesson.chapters,
                                                                          title=lesson.title))
        self.heading.setText(step.title)
        self.body.setText(step.text)
        self.try_label.setText(self.tr("Try this: {t}").format(t=step.try_this) if step.try_this else "")
        self.try_box.setVisible(bool(step.try_this))
        self.counter.setText(self.tr("step {i} of {n}").format(i=index + 1, n=len(lesson.steps)))
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < len(lesson.steps))
        self.notice.hide()

    def _show_problem(self, message: str) -> None:
        self.notice.setText(message)
        self.notice.show()

    def restyle(self) -> None:
        """Large type relative to the theme's size and the zoom (style sheets win over fonts)."""
        theme, scale = palette.current(), palette.font_scale()
        key = (theme.name, scale)
        if key == self._sheet_key:
            return
        self._sheet_key = key
        pt = theme.font_pt * scale
        c = theme.colors
        self.heading.setStyleSheet(f"font-size: {pt * 1.7:.1f}pt; font-weight: bold;")
        self.body.setStyleSheet(f"font-size: {pt * 1.35:.1f}pt;")
        self.try_box.setStyleSheet(f"QFrame#lessonTry {{ border-left: 6px solid {c['accent']}; "
                                   f"background: {c['alt_base']}; }}")
        self.try_label.setStyleSheet(f"font-size: {pt * 1.2:.1f}pt;")
        for b in (self.back_button, self.next_button):
            b.setStyleSheet(f"font-size: {pt * 1.3:.1f}pt; font-weight: bold; padding: 8px 18px;")
        self.counter.setStyleSheet(f"font-size: {pt * 1.1:.1f}pt;")

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.StyleChange, QEvent.FontChange, QEvent.PaletteChange):
            self.restyle()


class LessonDock(QDockWidget):
    """The dock that holds the LessonView; opening it starts the lesson at its first step."""

    def __init__(self, controller: LessonController, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("dock_lesson")
        self.setWindowTitle(self.tr("Lesson"))
        self.controller = controller
        self.view = LessonView(controller)
        self.setWidget(self.view)

    def start(self, index: int | None = None) -> None:
        was_hidden = self.isHidden()
        self.show()
        self.raise_()
        window = self.parent()
        if was_hidden and not self.isFloating() and window is not None:
            window.resizeDocks([self], [max(420, window.width() // 4)], Qt.Horizontal)
        if index is not None or self.controller.index < 0:
            self.controller.go(index or 0)


def install(window, models: dict | None = None) -> LessonDock:
    """Add the lesson dock (hidden) and Help → Guided lesson (Ctrl+L) to ``window``; kept as ``window.lesson``."""
    controller = LessonController(window, models=models)
    dock = LessonDock(controller, window)
    # the right-hand column runs the full height, so the lesson text is a tall, readable column
    window.setCorner(Qt.TopRightCorner, Qt.RightDockWidgetArea)
    window.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
    window.addDockWidget(Qt.RightDockWidgetArea, dock)
    dock.hide()
    window.lesson = dock
    act = QAction(QCoreApplication.translate("Lesson", "Guided &lesson"), window)
    act.setShortcut(QKeySequence("Ctrl+L"))
    act.triggered.connect(lambda: dock.start())
    window.lesson_action = act
    help_title = QCoreApplication.translate("MainWindow", "&Help")
    menu = _menu(window, help_title) or window.menuBar().addMenu(help_title)
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, act)
    return dock


def _menu(window, title: str):
    for act in window.menuBar().actions():
        if act.menu() is not None and act.text() == title:
            return act.menu()
    return None
