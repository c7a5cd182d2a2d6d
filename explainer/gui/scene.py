"""Bringing the window into a described state: model, text, selection, sampling, panel views.

A lesson step, a saved session and "what the teacher had before the lesson"
all describe what should be on screen. Some of it can be set at once (text,
sampling); some must wait: layer and head are clamped to the model, so they
are set once the model is open, and a token can only be selected once the
Trace for the new text has arrived. A ``SceneApplier`` does these stages in
order, through AppState's setters and the panels' public controls only.

Panel views are the few settings a panel keeps for itself rather than in
AppState (the attention panel's tab, the embedding map's "where" slider and
paths, the next-token panel's greedy/sampled choice, the bias probe's
sentences). ``read_views`` and ``write_views`` get and set them by name, and
``VIEW_DEFAULTS`` says what a fresh window shows, so a lesson step can start
from a clean scene and the teacher's own views can be put back afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from explainer.core.checkpoints.base import LoadedModel
from explainer.gui.state import shown_text

SAMPLING_DEFAULTS = {"temperature": 1.0, "top_k": 0, "top_p": 1.0}
# what a fresh window shows; "bias.inputs" None: the probe's own example sentences in the lesson's language
VIEW_DEFAULTS: dict[str, Any] = {"attention.tab": 0, "embedding.where": 0, "embedding.paths": False,
                                 "embedding.zoom": False,
                                 "next_token.pick": "greedy", "next_token.seed": 42, "next_token.count": 10,
                                 "bias.inputs": None}


@dataclass
class Scene:
    """What the window should show.

    ``model`` is a LoadedModel (set directly), a path (opened in the
    background) or None (keep the open model). ``token`` is a position;
    ``token_at`` a piece of the text whose first token is selected instead
    (stable across tokenizers). ``views`` maps VIEW_DEFAULTS keys to values.
    None leaves a setting as it is; ``clean`` fills in every default.
    """

    model: LoadedModel | str | Path | None = None
    text: str | None = None
    layer: int | None = None
    head: int | None = None
    token: int | None = None
    token_at: str | None = None
    sampling: dict[str, Any] = field(default_factory=dict)
    ablations: list[dict[str, Any]] | None = None
    views: dict[str, Any] | None = None

    @classmethod
    def clean(cls, views: dict[str, Any] | None = None, sampling: dict[str, Any] | None = None,
              **given) -> "Scene":
        """A scene in which everything not ``given`` is at its default: nothing carries over from before."""
        layer, head = given.pop("layer", None), given.pop("head", None)
        token = given.pop("token", None)
        return cls(layer=0 if layer is None else layer, head=0 if head is None else head,
                   token=-1 if token is None else token,
                   sampling={**SAMPLING_DEFAULTS, **(sampling or {})}, ablations=given.pop("ablations", None) or [],
                   views={**VIEW_DEFAULTS, **(views or {})}, **given)


def capture_scene(window) -> Scene:
    """Everything AppState and the panel views hold now, as a Scene that brings it back."""
    st = window.state
    return Scene(model=st.model, text=st.text, layer=st.layer, head=st.head, token=st.token,
                 sampling={"temperature": st.temperature, "top_k": st.top_k, "top_p": st.top_p},
                 ablations=[a.to_dict() for a in st.ablations], views=read_views(window))


# -- panel views -------------------------------------------------------------------
def read_views(window) -> dict[str, Any]:
    """The panels' own view settings now (only for the panels this window has)."""
    p, out = window.panels, {}
    if "attention" in p:
        out["attention.tab"] = p["attention"].tabs.currentIndex()
    if "embedding" in p:
        out["embedding.where"] = p["embedding"].slider.value()
        out["embedding.paths"] = p["embedding"].paths_box.isChecked()
        out["embedding.zoom"] = p["embedding"].zoom_box.isChecked()
    if "next_token" in p:
        nt = p["next_token"]
        out["next_token.pick"] = "sampled" if nt.sampled.isChecked() else "greedy"
        out["next_token.seed"] = nt.seed.value()
        out["next_token.count"] = nt.n_spin.value()
    if "bias" in p:
        from explainer.gui.panels.bias import stored_template

        b = p["bias"]
        out["bias.inputs"] = (b.language.currentData(),  # templates stored with their slot as {}, shown as ___
                              [stored_template(b.template.itemText(i)) for i in range(b.template.count())],
                              b.template.currentIndex(),
                              [b.pair.itemText(i) for i in range(b.pair.count())], b.pair.currentIndex())
    return out


def write_views(window, views: dict[str, Any], lang: str = "en") -> None:
    """Set the panels' view settings named in ``views``; a setting that is already right is left alone."""
    p = window.panels
    attention, embedding, nt, bias = (p.get(k) for k in ("attention", "embedding", "next_token", "bias"))
    if attention is not None and "attention.tab" in views:
        tab = views["attention.tab"]
        index = attention.tabs.indexOf(getattr(attention, tab, None)) if isinstance(tab, str) else int(tab)
        attention.tabs.setCurrentIndex(max(0, index))
    if embedding is not None:
        for key, box in (("embedding.paths", embedding.paths_box), ("embedding.zoom", embedding.zoom_box)):
            if key in views and box.isChecked() != bool(views[key]):
                box.setChecked(bool(views[key]))
        if "embedding.where" in views and embedding.slider.value() != int(views["embedding.where"]):
            embedding.slider.setValue(int(views["embedding.where"]))
    if nt is not None:
        if "next_token.pick" in views:
            (nt.sampled if views["next_token.pick"] == "sampled" else nt.greedy).setChecked(True)
        if "next_token.seed" in views:
            nt.seed.setValue(int(views["next_token.seed"]))
        if "next_token.count" in views:
            nt.n_spin.setValue(int(views["next_token.count"]))
    if bias is not None and "bias.inputs" in views:
        _write_bias(bias, views["bias.inputs"], lang)


def _write_bias(panel, inputs, lang: str) -> None:
    from explainer.core.analysis.bias import DEFAULT_PAIRS, DEFAULT_TEMPLATES
    from explainer.gui.panels.bias import pair_text, shown_template, stored_template

    if inputs is None:  # the probe's own examples, in the lesson's language
        lang = lang if lang in DEFAULT_TEMPLATES else "en"
        inputs = (lang, list(DEFAULT_TEMPLATES[lang]), 0, [pair_text(x) for x in DEFAULT_PAIRS[lang]], 0)
    language, templates, t_index, pairs, p_index = inputs
    templates = [stored_template(t) for t in templates]
    now = (panel.language.currentData(),
           [stored_template(panel.template.itemText(i)) for i in range(panel.template.count())],
           panel.template.currentIndex(), [panel.pair.itemText(i) for i in range(panel.pair.count())],
           panel.pair.currentIndex())
    if now == (language, list(templates), t_index, list(pairs), p_index):
        return
    for combo, value in ((panel.language, None), (panel.template, [shown_template(t) for t in templates]),
                         (panel.pair, pairs)):
        combo.blockSignals(True)
        if value is None:
            combo.setCurrentIndex(max(0, combo.findData(language)))
        else:
            combo.clear()
            combo.addItems(list(value))
        combo.blockSignals(False)
    for combo, index in ((panel.template, t_index), (panel.pair, p_index)):
        combo.blockSignals(True)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)
    panel.run_probe()


# -- applying ----------------------------------------------------------------------
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
    is missing or does not open); the rest is applied to the open model. A
    model this applier asked for that arrives after a newer scene wanted
    another one (a slow load overtaken by a click) is replaced again.
    ``lang`` picks the language of default panel inputs (the bias probe's).
    """

    settled = Signal()
    problem = Signal(str)

    def __init__(self, window) -> None:
        # how a core problem text is shown; the window's owners pass gui.problems.translate_problem
        # (imported there: the language module imports this one)
        self.describe_problem: Callable[[str], str] = lambda text: text
        super().__init__(window)
        self.window = window
        self.state = window.state
        self.scene: Scene | None = None
        self.lang = window.lang
        self._stage = ""
        self._expect = None  # the model the current scene waits for (None: whatever is open)
        self._loads: set[str] = set()  # paths this applier asked the window to open, not arrived yet
        self.state.model_changed.connect(self._on_model_changed)
        self.state.trace_changed.connect(self._on_trace_changed)
        window.controller.model_failed.connect(self._on_model_failed)

    @property
    def pending(self) -> bool:
        return bool(self._stage)

    def apply(self, scene: Scene) -> None:
        self.scene = scene
        wanted = self._expect = scene.model
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
                self._loads.add(_key(path))
                self.window.open_model(str(path))
                return
            self._expect = None
            self.problem.emit(self.tr("The model {p} is not installed; the open model is used instead.")
                              .format(p=path))
        self._after_model()

    def _on_model_changed(self, loaded) -> None:
        ours = _key(loaded.path) in self._loads if loaded is not None else False
        if ours:
            self._loads.discard(_key(loaded.path))
        scene = self.scene
        if scene is None:
            return
        wanted = self._expect
        if self._stage == "model":
            if wanted is None or same_model(loaded, wanted):
                self._after_model()
            return  # another model arrived first (an older load): keep waiting for the one this scene wants
        if ours and wanted is not None and not same_model(loaded, wanted):
            QTimer.singleShot(0, self, lambda s=scene: self.scene is s and self.apply(s))

    def _on_model_failed(self, path: str, problem: str) -> None:
        self._loads.discard(_key(path))
        expect = self._expect
        if self._stage == "model" and expect is not None and not isinstance(expect, LoadedModel) \
                and _key(expect) == _key(path):
            self._expect = None
            self.problem.emit(self.tr("The model {p} could not be opened ({q}); the open model is used instead.")
                              .format(p=path, q=self.describe_problem(problem)))
            self._after_model()

    def _after_model(self) -> None:
        scene, st = self.scene, self.state
        if scene.text is not None and shown_text(scene.text) != st.text:
            self.window.set_text(scene.text)
        if scene.layer is not None:
            st.select_layer(scene.layer)
        if scene.head is not None:
            st.select_head(scene.head)
        if scene.sampling:
            wanted = {k: scene.sampling[k] for k in ("temperature", "top_k", "top_p") if k in scene.sampling}
            if any(getattr(st, k) != v for k, v in wanted.items()):
                st.set_sampling(**wanted)
        if scene.ablations is not None:
            self._apply_ablations(scene.ablations)
        if scene.views:
            write_views(self.window, scene.views, self.lang)  # after the layer: the embedding slider follows it
        self._stage = "token"
        self._on_trace_changed(st.trace)

    def _apply_ablations(self, ablations: list[dict[str, Any]]) -> None:
        from explainer.core.analysis.interventions import Ablation
        from explainer.core.transformer import Interventions

        if [a.to_dict() for a in self.state.ablations] == list(ablations):
            return
        if self.state.ablations or self.state.interventions:
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
        if scene.text is not None and trace.text != shown_text(scene.text):
            return  # the Trace of an older text; the new one is on its way
        if self._expect is not None and not same_model(self.state.model, self._expect):
            return  # a model that is being replaced again
        if scene.token_at is not None:
            self.state.select_token(token_covering(trace, scene.token_at))
        elif scene.token is not None:
            self.state.select_token(scene.token)
        self._stage = ""
        self.settled.emit()


def _key(path) -> str:
    try:
        return str(Path(path).expanduser().resolve())
    except OSError:
        return str(path)


def when_settled(applier: SceneApplier, callback: Callable[[], None]) -> None:
    """Call ``callback`` once, when the applier's current scene is done (now if nothing is pending)."""
    if not applier.pending:
        callback()
        return

    def once() -> None:
        applier.settled.disconnect(once)
        callback()

    applier.settled.connect(once)
