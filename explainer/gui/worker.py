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
import gc
import os
import time

import numpy as np
import torch
from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from explainer.core.checkpoints import CheckpointError, load_model
from explainer.core.checkpoints.base import LoadedModel
from explainer.core.trace import logit_lens_topk, run
from explainer.gui.state import AppState

LENS_K = 5
FAST_MS = 25.0  # a model this fast is run on every key, without a debounce
LENS_CHUNK_FLOPS = 5e7  # lens work between two checks for a newer request (~3 ms on one core)
LENS_PAUSE_MS = 150  # a slow model's lens waits for this long a pause in typing
LENS_SPLIT_MS = 3.0  # a logit lens slower than this arrives in a second result, after the panels drew


def configure_torch_threads(requested: int = 0) -> int:
    """Give torch all cores but one (the GUI thread's), unless OMP_NUM_THREADS or ``requested`` says otherwise.

    On a busy machine torch's default (every core) makes a small model's
    forward pass wait for descheduled worker threads: measured on 2 shared
    cores, the p95 forward time went from 14 ms with one thread to 580 ms with two.
    """
    if requested > 0:
        n = requested
    elif os.environ.get("OMP_NUM_THREADS"):
        return torch.get_num_threads()
    else:
        n = max(1, min((os.cpu_count() or 1) - 1, 8))
    torch.set_num_threads(n)
    return n


class InferenceWorker(QObject):
    """Runs ``trace.run`` and ``load_model`` in a worker thread.

    ``latest_id`` is written by the controller before it queues a request; a
    queued request older than that is skipped without running (the user has
    typed on since). Results: ``trace_ready(request_id, trace)``, possibly a
    second time for the same id with the logit lens filled in (a slow lens is
    computed by ``lens_for`` when the controller asks, after the panels drew);
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
            trace = run(loaded.model, loaded.tokenizer, text, interventions=interventions or None,
                        logits="predictions")
            forward_ms = (time.perf_counter() - start) * 1000.0
            trace = dataclasses.replace(trace, elapsed_ms=forward_ms)
            if split or not trace.n_tokens or request_id < self.latest_id:
                # the lens follows as its own job once the panels have drawn (see lens_for)
                self.trace_ready.emit(request_id, trace)
            else:
                self.trace_ready.emit(request_id, self._with_lens(loaded, trace))
        except Exception as exc:  # a model that cannot run this text: say so, keep going
            self.trace_failed.emit(request_id, f"{type(exc).__name__}: {exc}")

    @Slot(int, object, object)
    def lens_for(self, request_id: int, loaded: LoadedModel, trace) -> None:
        """Add the logit lens to an already shown Trace, unless the user has typed on."""
        if request_id < self.latest_id:
            return
        try:
            with_lens = self._with_lens(loaded, trace, request_id)
        except Exception as exc:  # the lens is extra: the Trace is already shown
            self.trace_failed.emit(request_id, f"logit lens: {type(exc).__name__}: {exc}")
            return
        if with_lens is not None:
            self.trace_ready.emit(request_id, with_lens)

    def _with_lens(self, loaded: LoadedModel, trace, request_id: int = 0):
        """The Trace with its logit lens; None when a newer request arrived while computing it.

        The lens is computed a few positions at a time (each position is
        independent), so a large vocabulary never holds up the next keystroke
        by more than one chunk.
        """
        t0 = time.perf_counter()
        resid = torch.from_numpy(trace.resid.copy()).to(loaded.model.wte.weight.dtype)  # (L+1, T, D)
        cfg = loaded.cfg
        per_position = (cfg.n_layer + 1) * cfg.vocab_size * cfg.d_model
        chunk = max(1, int(LENS_CHUNK_FLOPS // max(per_position, 1)))
        parts = []
        for a in range(0, resid.shape[1], chunk):
            if request_id and request_id < self.latest_id:
                return None
            parts.append(logit_lens_topk(loaded.model, resid[:, a:a + chunk], LENS_K))
        lens = {key: np.concatenate([p[key] for p in parts], axis=1) for key in parts[0]}
        self.lens_ms = (time.perf_counter() - t0) * 1000.0
        return dataclasses.replace(trace, **lens)

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
    model answers within ``FAST_MS`` there is no debounce at all; otherwise a
    key after a pause (and with nothing running) is sent at once, and the keys
    of a quick burst each restart a short timer, so only the text present when
    it fires is sent. ``inference_ms`` is the last forward time; ``model_failed(path,
    problem)`` tells the window to show a dialog (the previous model stays).
    """

    _request = Signal(int, object, str, object)
    _lens = Signal(int, object, object)
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
        self._lens.connect(self.worker.lens_for)
        self._load.connect(self.worker.load)
        self.worker.trace_ready.connect(self._on_trace_ready)
        self.worker.trace_failed.connect(self._on_trace_failed)
        self.worker.model_loaded.connect(self._on_model_loaded)
        self.worker.load_failed.connect(self._on_load_failed)
        self._thread.start()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(self.submit)
        self._lens_timer = QTimer(self)
        self._lens_timer.setSingleShot(True)
        self._lens_timer.timeout.connect(self._request_lens)
        self._lens_pending = None
        self.loading = ""
        self._requested_model: LoadedModel | None = None
        self._in_flight = False
        self._last_key = 0.0
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
        """A key was typed: send now, or (re)start the debounce while keys come in quick succession."""
        delay = self.debounce_ms()
        now = time.perf_counter()
        gap_ms, self._last_key = (now - self._last_key) * 1000.0, now
        if delay == 0 or (not self._in_flight and gap_ms > delay):
            self._debounce.stop()  # a fast model, or the first key after a pause: no waiting
            self.submit()
        else:
            self._debounce.start(delay)  # restarts on every key of a burst

    @Slot()
    def submit(self) -> int:
        """Send the current text to the worker now; returns the request id (0: no model)."""
        loaded = self.state.model
        if loaded is None:
            return 0
        self._lens_timer.stop()
        request_id = self.state.next_request_id()
        self.worker.latest_id = request_id
        self.state.set_busy(True)
        self._requested_model = loaded
        self._in_flight = True
        self._request.emit(request_id, loaded, self.state.text, self.state.interventions)
        return request_id

    @Slot(int, object)
    def _on_trace_ready(self, request_id: int, trace) -> None:
        self.inference_ms = trace.elapsed_ms
        self._ema_ms = trace.elapsed_ms if not self._ema_ms else 0.7 * self._ema_ms + 0.3 * trace.elapsed_ms
        if self.state.accept_trace(request_id, trace):
            self._in_flight = False
            self.state.set_busy(False)
            self.timing_changed.emit(trace.elapsed_ms)
            if trace.lens_ids is None and trace.n_tokens:
                # ask for the lens once this Trace is painted; for a slow model only when typing pauses
                self._lens_pending = (request_id, self._requested_model, trace)
                self._lens_timer.start(0 if self._ema_ms <= FAST_MS else LENS_PAUSE_MS)

    @Slot()
    def _request_lens(self) -> None:
        if self._lens_pending is not None and self._lens_pending[0] == self.state.latest_request_id:
            self._lens.emit(*self._lens_pending)
        self._lens_pending = None

    @Slot(int, str)
    def _on_trace_failed(self, request_id: int, message: str) -> None:
        if request_id == self.state.latest_request_id:
            self._in_flight = False
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
        # Everything alive now (Qt wrappers, torch, the model, the panels built for it) lives long:
        # moved out of the collector's sight, a full collection no longer scans it (measured: 165 ms
        # pauses of the event loop while typing on the tiny model, every few hundred keys).
        gc.freeze()

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
