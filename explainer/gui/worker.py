"""Inference and model loading off the GUI thread; the newest request wins.

``InferenceController`` stays on the GUI thread: it listens to AppState,
combines the keys typed while a slow model runs, numbers every request and runs it in
the ``keys`` lane of ``AppState.jobs`` (see ``explainer.gui.jobs``), which
drops any answer that a newer request has overtaken. Results go to
``AppState.accept_trace``; a logit lens that is too slow to compute before
the panels draw follows as its own job, once the Trace is on screen, and
goes to ``AppState.accept_lens``. Loading a model runs in the same lane, so a
model switch never races a running forward pass.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import time
import weakref
from typing import Callable

import numpy as np
import torch
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from explainer.core.checkpoints import CheckpointError, load_model
from explainer.core.checkpoints.base import LoadedModel
from explainer.core.trace import lens_rows, logit_lens_topk, run, shared_prefix
from explainer.gui.state import AppState

LENS_K = 5
FAST_MS = 25.0  # a model this fast is run on every key, even while the previous one runs
LENS_CHUNK_FLOPS = 5e7  # lens work between two checks for a newer request (~3 ms on one core)
LENS_PAUSE_MS = 150  # a lens nobody sees, or a slow model's, waits for this long a pause in typing
LENS_SPLIT_MS = 3.0  # a logit lens slower than this arrives in a second result, after the panels drew
LENS_GUESS_MACS = 3.2e7  # before a lens was timed: more multiply-adds than this count as slow (~3 ms on one core)


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


def lens_rows_known(trace, earlier) -> int:
    """How many leading positions of ``trace``'s logit lens ``earlier`` already holds.

    ``earlier`` must come from the same model with the same interventions: a
    position's lens then depends only on the tokens up to it (causal models).
    """
    if earlier is None or earlier.lens_ids is None or not trace.causal or not earlier.causal:
        return 0
    if earlier.lens_ids.shape[2] != LENS_K:
        return 0
    return shared_prefix(earlier.token_ids, trace.token_ids)


def lens_in_chunks(loaded: LoadedModel, trace, still_wanted: Callable[[], bool] = lambda: True,
                   earlier=None):
    """The Trace with its logit lens; None once ``still_wanted()`` says the user has moved on.

    The lens is computed a few positions at a time (each position is
    independent), so a large vocabulary never holds up the next keystroke by
    more than one chunk. Positions that ``earlier`` (same model, same
    interventions) shares with ``trace`` are copied from its lens.
    """
    known = lens_rows_known(trace, earlier)
    resid = torch.from_numpy(trace.resid[:, known:].copy()).to(loaded.model.wte.weight.dtype)  # (L+1, T', D)
    cfg = loaded.cfg
    per_position = (cfg.n_layer + 1) * cfg.vocab_size * cfg.d_model
    chunk = max(1, int(LENS_CHUNK_FLOPS // max(per_position, 1)))
    parts = []
    if known:
        parts.append(lens_rows(earlier, known))
    for a in range(0, resid.shape[1], chunk):
        if not still_wanted():
            return None
        parts.append(logit_lens_topk(loaded.model, resid[:, a:a + chunk], LENS_K))
    lens = {key: np.concatenate([p[key] for p in parts], axis=1) for key in parts[0]}
    return dataclasses.replace(trace, **lens)


def _load(path: str) -> tuple[str, LoadedModel | None, str]:
    """(path, the model, "") or (path, None, the problem): a file that will not open is never a crash."""
    try:
        loaded = load_model(path)
        loaded.model.eval()
    except CheckpointError as exc:
        return exc.path, None, exc.problem
    except Exception as exc:  # any other reason a file will not open is still the file's problem
        return path, None, f"{type(exc).__name__}: {exc}"
    return path, loaded, ""


class InferenceController(QObject):
    """Connects AppState to the ``keys`` lane: combined keys, request ids, logit lens, model loading.

    Requests go out on every text, model or intervention change. When the
    model answers within ``FAST_MS`` every key is sent at once. A slower model
    also gets a key at once when it is idle; keys typed while it is still
    running wait, and when it answers only the text present then is sent (no
    timer holds a key back: a key is never later than one forward pass behind).
    ``inference_ms`` is the last forward time; ``model_failed(path, problem)``
    tells the window to show a dialog (the previous model stays).
    ``in_flight`` is True from a request until its Trace is shown.
    """

    model_failed = Signal(str, str)
    loading_changed = Signal(bool, str)
    timing_changed = Signal(float)

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.jobs = state.jobs
        self.inference_ms = 0.0
        self.lens_ms = 0.0  # the last logit lens's time per position computed
        # The last Traces, kept in the lane's thread only: the next request takes over the positions
        # its text shares with them (same model, same interventions; see core.trace.trace_ids).
        self._earlier: tuple[weakref.ref, object, object] | None = None
        self._earlier_lens: tuple[weakref.ref, object, object] | None = None
        self._ema_ms = 0.0
        self._latest_id = 0  # read by the lane's thread: a lens stops early once a newer key arrived
        self._send_when_free = False  # a slow model was busy when a key came: send the newest text after it
        self._lens_timer = QTimer(self)
        self._lens_timer.setSingleShot(True)
        self._lens_timer.timeout.connect(self._request_lens)
        self._lens_pending = None
        self.loading = ""
        self._requested_model: LoadedModel | None = None
        self._requested_interventions = None
        # asked on the GUI thread at each request: is a panel that shows the logit lens on screen?
        self.lens_on_screen: Callable[[], bool] = lambda: True
        self.in_flight = False
        state.text_changed.connect(self.schedule)
        state.model_changed.connect(lambda _m: self.submit())
        state.interventions_changed.connect(self.submit)

    # -- timing ---------------------------------------------------------------
    def is_slow(self) -> bool:
        """True when the model takes longer than ``FAST_MS``: keys typed while it runs are combined."""
        return self._ema_ms > FAST_MS

    def assume_forward_ms(self, ms: float) -> None:
        """Take ``ms`` as the model's usual forward time (decides ``is_slow`` until the next measurement)."""
        self._ema_ms = float(ms)

    # -- requests -----------------------------------------------------------
    @Slot()
    def schedule(self) -> None:
        """A key was typed: send now, or (a slow model still running) once the model answers."""
        if self.in_flight and self.is_slow():
            self._send_when_free = True
            return
        self.submit()

    @Slot()
    def submit(self) -> int:
        """Send the current text to the model now; returns the request id (0: no model)."""
        loaded = self.state.model
        if loaded is None:
            return 0
        self._lens_timer.stop()
        self._send_when_free = False
        request_id = self.state.next_request_id()
        self._latest_id = request_id
        self.state.set_busy(True)
        self._requested_model = loaded
        self._requested_interventions = self.state.interventions
        self.in_flight = True
        self.jobs.submit(self, "trace", self._compute, request_id, loaded, self.state.text,
                         self.state.interventions, self.lens_on_screen(), done=self._on_trace_ready,
                         failed=lambda message, rid=request_id: self._on_trace_failed(rid, message), lane="keys")
        return request_id

    # -- in the lane's thread -----------------------------------------------------
    @staticmethod
    def _same(kept, loaded: LoadedModel, interventions):
        """The kept Trace if it came from ``loaded`` with ``interventions``, else None."""
        if kept is None or kept[0]() is not loaded or kept[1] is not interventions:
            return None
        return kept[2]

    def _lens_is_slow(self, loaded: LoadedModel, positions: int) -> bool:
        """Would the lens for ``positions`` new positions hold up the panels (then it follows later)?"""
        if self.lens_ms:
            return self.lens_ms * positions > LENS_SPLIT_MS
        cfg = loaded.cfg
        return (cfg.n_layer + 1) * cfg.vocab_size * cfg.d_model * positions > LENS_GUESS_MACS

    def _compute(self, request_id: int, loaded: LoadedModel, text: str, interventions, lens_seen: bool = True):
        """(request id, Trace): logits where the prediction is read; the lens too when it is quick and seen.

        A lens nobody sees yet (``lens_seen`` False) never delays the Trace: it follows as its own job.
        """
        start = time.perf_counter()
        trace = run(loaded.model, loaded.tokenizer, text, interventions=interventions or None,
                    logits="predictions", reuse=self._same(self._earlier, loaded, interventions))
        trace = dataclasses.replace(trace, elapsed_ms=(time.perf_counter() - start) * 1000.0)
        self._earlier = (weakref.ref(loaded), interventions, trace)
        earlier_lens = self._same(self._earlier_lens, loaded, interventions)
        to_compute = trace.n_tokens - lens_rows_known(trace, earlier_lens)
        if lens_seen and trace.n_tokens and request_id == self._latest_id \
                and not self._lens_is_slow(loaded, to_compute):
            trace = self._with_lens(loaded, trace, request_id, interventions) or trace
        return request_id, trace

    def _with_lens(self, loaded: LoadedModel, trace, request_id: int, interventions):
        """The Trace with its logit lens; None when a newer request arrived while computing it."""
        t0 = time.perf_counter()
        earlier = self._same(self._earlier_lens, loaded, interventions)
        positions = trace.n_tokens - lens_rows_known(trace, earlier)
        with_lens = lens_in_chunks(loaded, trace, lambda: request_id >= self._latest_id, earlier)
        if with_lens is not None:
            if positions:
                self.lens_ms = (time.perf_counter() - t0) * 1000.0 / positions
            self._earlier_lens = (weakref.ref(loaded), interventions, with_lens)
        return with_lens

    def _lens_job(self, request_id: int, loaded: LoadedModel, trace, interventions):
        return request_id, self._with_lens(loaded, trace, request_id, interventions)

    # -- answers, on the GUI thread -------------------------------------------------
    def _on_trace_ready(self, answer) -> None:
        request_id, trace = answer
        self.inference_ms = trace.elapsed_ms
        self._ema_ms = trace.elapsed_ms if not self._ema_ms else 0.7 * self._ema_ms + 0.3 * trace.elapsed_ms
        fast = self._ema_ms <= FAST_MS
        wants_lens = trace.lens_ids is None and trace.n_tokens and request_id == self.state.latest_request_id
        if wants_lens and fast and not self._send_when_free and self.lens_on_screen():
            # a lens someone sees is computed on the other core while the panels draw this Trace: it is
            # ready about when they are (one nobody sees waits until they have painted, as below)
            self._lens_pending = (request_id, self._requested_model, trace, self._requested_interventions)
            self._request_lens()
            wants_lens = False
        # the answer to this controller's newest request ends the wait even when the state took
        # another result meanwhile (whatever shows a Trace takes a newer request id): keys waiting go out now
        finished = request_id == self._latest_id
        if finished:
            self.in_flight = False
            self.state.set_busy(False)
        if self.state.accept_trace(request_id, trace):
            self.timing_changed.emit(trace.elapsed_ms)
            if self._send_when_free:  # keys came while it ran: their text next (the lens can wait)
                self.submit()
            elif wants_lens:
                # a slow model's lens, or one nobody sees, waits for a pause in typing: run at once it would
                # hold the keys lane when the next key comes (a fast typist's key waited ~5 ms behind it)
                self._lens_pending = (request_id, self._requested_model, trace, self._requested_interventions)
                self._lens_timer.start(LENS_PAUSE_MS)
        elif finished and self._send_when_free:
            self.submit()

    @Slot()
    def _request_lens(self) -> None:
        pending, self._lens_pending = self._lens_pending, None
        if pending is not None and pending[0] == self.state.latest_request_id:
            self.jobs.submit(self, "lens", self._lens_job, *pending, done=self._on_lens_ready,
                             failed=lambda message: self.state.set_message(
                                 self.tr("The logit lens could not be computed: {m}").format(m=message)),
                             lane="keys")

    def _on_lens_ready(self, answer) -> None:
        request_id, trace = answer
        if trace is not None:
            self.state.accept_lens(request_id, trace)

    def _on_trace_failed(self, request_id: int, message: str) -> None:
        if request_id == self._latest_id:
            self.in_flight = False
            self.state.set_busy(False)
            if request_id == self.state.latest_request_id:
                self.state.set_message(self.tr("The model could not run on this text: {m}").format(m=message))
            if self._send_when_free:
                self.submit()

    # -- models -------------------------------------------------------------
    def open_model(self, path: str) -> None:
        """Load ``path`` in the background; the current model stays until it is ready."""
        self.loading = str(path)
        self.loading_changed.emit(True, self.loading)
        self.jobs.submit(self, "load", _load, str(path), done=self._on_loaded, lane="keys")

    def _on_loaded(self, answer) -> None:
        path, loaded, problem = answer
        self.loading = ""
        self.loading_changed.emit(False, path)
        if loaded is None:
            self.model_failed.emit(path, problem)
            return
        self._ema_ms = 0.0
        self.lens_ms = 0.0
        self.state.set_model(loaded)
        # Everything alive now (Qt wrappers, torch, the model, the panels built for it) lives long:
        # moved out of the collector's sight, a full collection no longer scans it (measured: 165 ms
        # pauses of the event loop while typing on the tiny model, every few hundred keys).
        gc.freeze()

    def shutdown(self) -> None:
        """Stop the background work (waits for a running job to finish)."""
        self._send_when_free = False
        self._lens_timer.stop()
        self._latest_id = 1 << 62
        self.jobs.shutdown(wait=True)
