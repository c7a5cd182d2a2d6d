"""Inference and model loading off the GUI thread; the newest request wins.

``InferenceWorker`` lives in its own QThread and runs torch; it receives jobs
as queued signals and answers with plain data (a Trace, a LoadedModel).
``InferenceController`` stays on the GUI thread: it listens to AppState,
debounces keystrokes for slow models, numbers every request and hands
results to ``AppState.accept_trace``, which drops any that are no longer the
newest. Jobs run one at a time in the worker's thread, so a model switch can
never race a running forward pass: each request carries the model it was made
for, and a result for an older request is simply dropped.
"""

from __future__ import annotations

import dataclasses
import time

import torch
from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from explainer.core.checkpoints import CheckpointError, load_model
from explainer.core.checkpoints.base import LoadedModel
from explainer.core.trace import logit_lens_topk, run
from explainer.gui.state import AppState

LENS_K = 5
FAST_MS = 25.0  # a model this fast is run on every key, without a debounce
LENS_SPLIT_MS = 3.0  # a logit lens slower than this arrives in a second result, after the panels drew


class InferenceWorker(QObject):
    """Runs ``trace.run`` and ``load_model`` in a worker thread.

    ``latest_id`` is written by the controller before it queues a request; a
    queued request older than that is skipped without running (the user has
    typed on since). Results: ``trace_ready(request_id, trace)``, possibly a
    second time for the same id with the logit lens filled in;
    ``trace_failed(request_id, message)``; ``model_loaded(path, loaded)`` and
    ``load_failed(path, problem)``.
    """

    trace_ready = Signal(int, object)
    trace_failed = Signal(int, str)
    model_loaded = Signal(str, object)
    load_failed = Signal(str, str)
    skipped = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.latest_id = 0
        self.lens_ms = 0.0

    def _lens_is_slow(self, loaded: LoadedModel) -> bool:
        if self.lens_ms:
            return self.lens_ms > LENS_SPLIT_MS
        cfg = loaded.cfg
        return (cfg.n_layer + 1) * cfg.vocab_size * cfg.d_model > 2e6

    @Slot(int, object, str, object)
    def compute(self, request_id: int, loaded: LoadedModel, text: str, interventions) -> None:
        if request_id < self.latest_id:
            self.skipped.emit(request_id)
            return
        try:
            split = self._lens_is_slow(loaded)
            start = time.perf_counter()
            trace = run(loaded.model, loaded.tokenizer, text, interventions=interventions or None)
            forward_ms = (time.perf_counter() - start) * 1000.0
            trace = dataclasses.replace(trace, elapsed_ms=forward_ms)
            stale = request_id < self.latest_id  # typed on meanwhile: AppState will drop it anyway
            if split or stale or not trace.n_tokens:
                self.trace_ready.emit(request_id, trace)
            if trace.n_tokens and not stale:
                t0 = time.perf_counter()
                resid = torch.from_numpy(trace.resid.copy()).to(loaded.model.wte.weight.dtype)
                lens = logit_lens_topk(loaded.model, resid, LENS_K)
                self.lens_ms = (time.perf_counter() - t0) * 1000.0
                self.trace_ready.emit(request_id, dataclasses.replace(trace, **lens))
        except Exception as exc:  # a model that cannot run this text: say so, keep going
            self.trace_failed.emit(request_id, f"{type(exc).__name__}: {exc}")

    @Slot(str)
    def load(self, path: str) -> None:
        try:
            loaded = load_model(path)
            loaded.model.eval()
        except CheckpointError as exc:
            self.load_failed.emit(exc.path, exc.problem)
            return
        except Exception as exc:  # any other reason a file will not open is still the file's problem
            self.load_failed.emit(path, f"{type(exc).__name__}: {exc}")
            return
        self.model_loaded.emit(path, loaded)


class InferenceController(QObject):
    """Connects AppState to the worker: debounce, request ids, model loading.

    Requests go out on every text, model or intervention change. When the
    model answers within ``FAST_MS`` there is no debounce at all; otherwise
    each key restarts a short timer and only the text present when it fires
    is sent. ``inference_ms`` is the last forward time; ``model_failed(path,
    problem)`` tells the window to show a dialog (the previous model stays).
    """

    _request = Signal(int, object, str, object)
    _load = Signal(str)
    model_failed = Signal(str, str)
    loading_changed = Signal(bool, str)
    timing_changed = Signal(float)

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.inference_ms = 0.0
        self._ema_ms = 0.0
        self._thread = QThread()
        self._thread.setObjectName("inference")
        self.worker = InferenceWorker()
        self.worker.moveToThread(self._thread)
        self._request.connect(self.worker.compute)
        self._load.connect(self.worker.load)
        self.worker.trace_ready.connect(self._on_trace_ready)
        self.worker.trace_failed.connect(self._on_trace_failed)
        self.worker.model_loaded.connect(self._on_model_loaded)
        self.worker.load_failed.connect(self._on_load_failed)
        self._thread.start()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(self.submit)
        self.loading = ""
        state.text_changed.connect(self.schedule)
        state.model_changed.connect(lambda _m: self.submit())
        state.interventions_changed.connect(self.submit)

    # -- requests -----------------------------------------------------------
    def debounce_ms(self) -> int:
        """0 for a fast model; otherwise a pause that grows with the model's time."""
        if self._ema_ms <= FAST_MS:
            return 0
        return int(min(250.0, 40.0 + 0.5 * self._ema_ms))

    @Slot()
    def schedule(self) -> None:
        delay = self.debounce_ms()
        if delay == 0:
            self._debounce.stop()
            self.submit()
        else:
            self._debounce.start(delay)  # restarts on every key

    @Slot()
    def submit(self) -> int:
        """Send the current text to the worker now; returns the request id (0: no model)."""
        loaded = self.state.model
        if loaded is None:
            return 0
        request_id = self.state.next_request_id()
        self.worker.latest_id = request_id
        self.state.set_busy(True)
        self._request.emit(request_id, loaded, self.state.text, self.state.interventions)
        return request_id

    @Slot(int, object)
    def _on_trace_ready(self, request_id: int, trace) -> None:
        self.inference_ms = trace.elapsed_ms
        self._ema_ms = trace.elapsed_ms if not self._ema_ms else 0.7 * self._ema_ms + 0.3 * trace.elapsed_ms
        if self.state.accept_trace(request_id, trace):
            self.state.set_busy(False)
            self.timing_changed.emit(trace.elapsed_ms)

    @Slot(int, str)
    def _on_trace_failed(self, request_id: int, message: str) -> None:
        if request_id == self.state.latest_request_id:
            self.state.set_busy(False)
            self.state.set_message(self.tr("The model could not run on this text: {m}").format(m=message))

    # -- models -------------------------------------------------------------
    def open_model(self, path: str) -> None:
        """Load ``path`` in the background; the current model stays until it is ready."""
        self.loading = str(path)
        self.loading_changed.emit(True, self.loading)
        self._load.emit(str(path))

    @Slot(str, object)
    def _on_model_loaded(self, path: str, loaded: LoadedModel) -> None:
        self.loading = ""
        self._ema_ms = 0.0
        self.worker.lens_ms = 0.0
        self.loading_changed.emit(False, path)
        self.state.set_model(loaded)

    @Slot(str, str)
    def _on_load_failed(self, path: str, problem: str) -> None:
        self.loading = ""
        self.loading_changed.emit(False, path)
        self.model_failed.emit(path, problem)

    def shutdown(self) -> None:
        """Stop the worker thread (waits for a running forward pass to finish)."""
        self._debounce.stop()
        self.worker.latest_id = 1 << 62
        self._thread.quit()
        self._thread.wait(10000)
