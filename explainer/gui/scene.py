"""Bringing the window into a described state: model, text, selection, sampling.

A lesson step and a saved session both describe what should be on screen.
Some of it can be set at once (text, sampling); some must wait: layer and
head are clamped to the model, so they are set once the model is open, and a
token can only be selected once the Trace for the new text has arrived. A
``SceneApplier`` does these stages in order, through AppState's setters and
the window's public methods only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from explainer.core.checkpoints.base import LoadedModel


@dataclass
class Scene:
    """What the window should show.

    ``model`` is a LoadedModel (set directly), a path (opened in the
    background) or None (keep the open model). ``token`` is a position;
    ``token_at`` a piece of the text whose first token is selected instead
    (stable across tokenizers). None leaves a setting as it is.
    """

    model: LoadedModel | str | Path | None = None
    text: str | None = None
    layer: int | None = None
    head: int | None = None
    token: int | None = None
    token_at: str | None = None
    sampling: dict[str, Any] = field(default_factory=dict)
    ablations: list[dict[str, Any]] | None = None


def same_model(loaded: LoadedModel | None, wanted: LoadedModel | str | Path) -> bool:
    if loaded is None:
        return False
    if isinstance(wanted, LoadedModel):
        return loaded is wanted
    try:
        return Path(loaded.path).resolve() == Path(wanted).expanduser().resolve()
    except OSError:
        return False


def token_covering(trace, text_piece: str) -> int:
    """The first token whose characters include the start of ``text_piece`` in the Trace's text (-1 if absent)."""
    start = trace.text.find(text_piece)
    if start < 0:
        return -1
    for i, (a, b) in enumerate(trace.spans.tolist()):
        if a <= start < b:
            return i
    return -1


class SceneApplier(QObject):
    """Applies a Scene to a window in stages; ``settled`` fires when every stage is done.

    ``apply(scene)`` replaces any scene still in progress. ``problem`` fires
    with a sentence when part of a scene cannot be applied (a model file that
    is missing or does not open); the rest is applied to the open model.
    """

    settled = Signal()
    problem = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.state = window.state
        self.scene: Scene | None = None
        self._stage = ""
        self.state.model_changed.connect(self._on_model_changed)
        self.state.trace_changed.connect(self._on_trace_changed)
        window.controller.model_failed.connect(self._on_model_failed)

    @property
    def pending(self) -> bool:
        return bool(self._stage)

    def apply(self, scene: Scene) -> None:
        self.scene = scene
        wanted = scene.model
        if wanted is not None and not same_model(self.state.model, wanted):
            if isinstance(wanted, LoadedModel):
                self._stage = "model"
                self.state.set_model(wanted)  # emits model_changed, which continues below
                return
            path = Path(wanted).expanduser()
            if path.exists():
                self._stage = "model"
                if scene.text is not None:
                    self.window.set_text(scene.text)  # the new model runs it as soon as it is open
                self.window.open_model(str(path))
                return
            self.problem.emit(self.tr("The model {p} is not installed; the open model is used instead.")
                              .format(p=path))
        self._after_model()

    def _on_model_changed(self, _loaded) -> None:
        if self._stage == "model":
            self._after_model()

    def _on_model_failed(self, path: str, problem: str) -> None:
        if self._stage == "model":
            self.problem.emit(self.tr("The model {p} could not be opened ({q}); the open model is used instead.")
                              .format(p=path, q=problem))
            self._after_model()

    def _after_model(self) -> None:
        scene, st = self.scene, self.state
        if scene.text is not None and scene.text != st.text:
            self.window.set_text(scene.text)
        if scene.layer is not None:
            st.select_layer(scene.layer)
        if scene.head is not None:
            st.select_head(scene.head)
        if scene.sampling:
            st.set_sampling(**{k: scene.sampling[k] for k in ("temperature", "top_k", "top_p")
                               if k in scene.sampling})
        if scene.ablations is not None:
            self._apply_ablations(scene.ablations)
        self._stage = "token"
        self._on_trace_changed(st.trace)

    def _apply_ablations(self, ablations: list[dict[str, Any]]) -> None:
        from explainer.core.analysis.interventions import Ablation
        from explainer.core.transformer import Interventions

        if not ablations and self.state.ablations:
            self.state.set_ablations([], Interventions())
        for d in ablations:
            try:
                self.state.request_ablation(Ablation(**d))  # the interventions panel builds them
            except (TypeError, ValueError) as exc:
                self.problem.emit(self.tr("An ablation in the file was skipped: {e}").format(e=exc))

    def _on_trace_changed(self, trace) -> None:
        if self._stage != "token" or trace is None:
            return
        scene = self.scene
        if scene.text is not None and trace.text != scene.text:
            return  # the Trace of an older text; the new one is on its way
        if scene.token_at is not None:
            self.state.select_token(token_covering(trace, scene.token_at))
        elif scene.token is not None:
            self.state.select_token(scene.token)
        self._stage = ""
        self.settled.emit()


def when_settled(applier: SceneApplier, callback: Callable[[], None]) -> None:
    """Call ``callback`` once, when the applier's current scene is done (now if nothing is pending)."""
    if not applier.pending:
        callback()
        return

    def once() -> None:
        applier.settled.disconnect(once)
        callback()

    applier.settled.connect(once)
