"""AppState: the one object every panel reads, and the only place selection lives.

Panels connect to its ``*_changed`` signals in their ``__init__`` and change it
only through its setters, so a token clicked in one panel is highlighted in
all of them and no panel ever talks to another.
"""

from __future__ import annotations

from contextlib import nullcontext

from PySide6.QtCore import QObject, Signal

from explainer.core.checkpoints.base import LoadedModel
from explainer.core.trace import Trace
from explainer.core.transformer import Interventions
from explainer.gui.jobs import Jobs
from explainer.gui.redraws import RedrawQueue

# what Qt's plain-text box turns into something else when it is given a text: no-break spaces become spaces,
# and "\r\n", "\r", the line and paragraph separators and its two frame marks become "\n"
_BOX_CHANGES = str.maketrans({"\r": "\n", "\u00a0": " ", "\u2028": "\n", "\u2029": "\n",
                              "\ufdd0": "\n", "\ufdd1": "\n"})


def shown_text(text: str) -> str:
    """``text`` as the text box holds it once given it, so the model reads exactly what people see.

    A text from a lesson, a session file, ``--text`` or a generated token may
    hold characters the box changes (a pasted or typed one is changed before it
    arrives): without this the tokens would change silently at the next key.
    """
    if not any(c in text for c in "\r\u00a0\u2028\u2029\ufdd0\ufdd1"):
        return text  # (nearly always: no copy)
    return text.replace("\r\n", "\n").translate(_BOX_CHANGES)


class AppState(QObject):
    """Text, model, latest Trace, selection and sampling settings, with change signals.

    ``trace_changed`` fires once per forward pass, only for the newest
    inference request: results for an older text or an older model are
    dropped in ``accept_trace``. ``lens_changed`` fires when the logit lens of
    the shown Trace arrives later (``accept_lens``). ``jobs`` runs all model
    work off the GUI thread (``explainer.gui.jobs``).
    Selections are clamped to what the current Trace and model have; -1 means
    "nothing selected" for a token and "the last token" where a panel needs one.
    """

    text_changed = Signal(str)
    model_changed = Signal(object)  # LoadedModel
    trace_changed = Signal(object)  # Trace
    lens_changed = Signal(object)  # Trace: the shown one, now with its logit lens
    token_changed = Signal(int)
    layer_changed = Signal(int)
    head_changed = Signal(int)
    sampling_changed = Signal()
    interventions_changed = Signal()
    busy_changed = Signal(bool)
    message_changed = Signal(str)
    ablation_requested = Signal(object)  # Ablation: a panel asks for one part to be switched off
    ablations_changed = Signal()
    comparison_requested = Signal(object)  # LoadedModel or path: a panel asks to see it beside the open model

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._model: LoadedModel | None = None
        self._trace: Trace | None = None
        self._token = -1
        self._layer = 0
        self._head = 0
        self.temperature = 1.0
        self.top_k = 0
        self.top_p = 1.0
        self.interventions = Interventions()
        self.ablations: list = []  # the Ablations behind ``interventions``, for lists and labels
        self._request_id = 0
        self._message = ""
        self.jobs = Jobs(self)
        # set by the main window: panels redraw for a new Trace in slices (see explainer.gui.redraws);
        # None (a panel on its own, a rendering) redraws at once
        self.redraws: RedrawQueue | None = None

    # -- text and model ---------------------------------------------------
    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        text = shown_text(text)
        if text != self._text:
            self._text = text
            self.text_changed.emit(text)

    @property
    def model(self) -> LoadedModel | None:
        return self._model

    def set_model(self, loaded: LoadedModel) -> None:
        self._model = loaded
        self._trace = None
        self.interventions = Interventions()
        cfg = loaded.cfg
        self._layer = min(self._layer, cfg.n_layer - 1)
        self._head = min(self._head, cfg.n_head - 1)
        with self._redraw_slice(one_window=True):  # every panel changes shape: one window per slice
            self.model_changed.emit(loaded)

    # -- traces -----------------------------------------------------------
    def next_request_id(self) -> int:
        """A fresh id for an inference request; only the newest one is accepted."""
        self._request_id += 1
        return self._request_id

    @property
    def latest_request_id(self) -> int:
        return self._request_id

    @property
    def trace(self) -> Trace | None:
        return self._trace

    def accept_trace(self, request_id: int, trace: Trace) -> bool:
        """Take a worker's result if it answers the newest request; drop it otherwise."""
        if request_id != self._request_id:
            return False
        before, self._trace = self._trace, trace
        if self._token >= trace.n_tokens:
            self._token = -1
        # the first tokens after an empty text, or a new model's first Trace: panels change shape
        reshaped = trace.n_tokens > 0 and (before is None or before.n_tokens == 0)
        with self._redraw_slice(one_window=reshaped):
            self.trace_changed.emit(trace)
        return True

    def accept_lens(self, request_id: int, trace: Trace) -> bool:
        """Take the logit lens for the shown Trace (the same forward pass); drop it if the user moved on."""
        if request_id != self._request_id or self._trace is None or trace.attn is not self._trace.attn:
            return False
        self._trace = trace
        with self._redraw_slice():
            self.lens_changed.emit(trace)
        return True

    def _redraw_slice(self, one_window: bool = False):
        """The redraw queue's slice for what a new Trace sets off (nothing without a queue)."""
        return self.redraws.slice(one_window) if self.redraws is not None else nullcontext()

    # -- selection --------------------------------------------------------
    @property
    def token(self) -> int:
        return self._token

    def selected_position(self) -> int:
        """The selected token, or the last one when none is selected (-1 if no tokens)."""
        n = self._trace.n_tokens if self._trace is not None else 0
        if 0 <= self._token < n:
            return self._token
        return n - 1

    def select_token(self, index: int) -> None:
        n = self._trace.n_tokens if self._trace is not None else 0
        index = index if 0 <= index < n else -1
        if index != self._token:
            self._token = index
            self.token_changed.emit(index)

    @property
    def layer(self) -> int:
        return self._layer

    def select_layer(self, layer: int) -> None:
        if self._model is not None:
            layer = max(0, min(layer, self._model.cfg.n_layer - 1))
        if layer != self._layer:
            self._layer = layer
            self.layer_changed.emit(layer)

    @property
    def head(self) -> int:
        return self._head

    def select_head(self, head: int) -> None:
        if self._model is not None:
            head = max(0, min(head, self._model.cfg.n_head - 1))
        if head != self._head:
            self._head = head
            self.head_changed.emit(head)

    # -- sampling and interventions ----------------------------------------
    def set_sampling(self, temperature: float | None = None, top_k: int | None = None,
                     top_p: float | None = None) -> None:
        if temperature is not None:
            self.temperature = max(0.0, float(temperature))
        if top_k is not None:
            self.top_k = max(0, int(top_k))
        if top_p is not None:
            self.top_p = min(1.0, max(0.0, float(top_p)))
        self.sampling_changed.emit()

    def set_interventions(self, interventions: Interventions) -> None:
        self.interventions = interventions
        self.interventions_changed.emit()

    def request_ablation(self, ablation) -> None:
        """Ask for ``ablation`` (an Ablation) to be switched on; the interventions panel applies it."""
        self.ablation_requested.emit(ablation)

    def request_comparison(self, second) -> None:
        """Ask for ``second`` (a LoadedModel or a path) to be shown beside the open model (the Compare panel)."""
        self.comparison_requested.emit(second)

    def set_ablations(self, ablations, interventions: Interventions) -> None:
        """The active ablations and the Interventions built from them; every panel recomputes."""
        self.ablations = list(ablations)
        self.ablations_changed.emit()
        self.set_interventions(interventions)

    # -- status -----------------------------------------------------------
    @property
    def message(self) -> str:
        return self._message

    def set_message(self, message: str) -> None:
        """A notice for the user (truncated text, a file that would not open)."""
        self._message = message
        self.message_changed.emit(message)

    def set_busy(self, busy: bool) -> None:
        self.busy_changed.emit(busy)
