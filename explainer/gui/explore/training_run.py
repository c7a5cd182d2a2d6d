"""The app's side of a training run: the library's ``train`` on the "training" lane, reports as Qt signals.

The same function as ``explainer train`` does the work; this object only
runs it as a job on the "training" lane of ``AppState.jobs`` (see
``explainer.gui.jobs``), turns its progress callback into a queued signal
(one per report, so the GUI sees every logged step) and holds the pause and
stop events. Text typed into the panel is written to a file in the output
folder first, so a run is always reproducible from disk.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from explainer.core.training.train import TrainConfig, TrainResult, train
from explainer.gui.jobs import Jobs

TYPED_TEXT_FILE = "training-text.txt"


def write_typed_text(text: str, out: Path) -> Path:
    """Save pasted text as one paragraph per line in ``out``; the run reads it from there."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / TYPED_TEXT_FILE
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timeline_steps(steps: int, every: int) -> list[int]:
    """Snapshot steps for a run: the start, every ``every`` steps, and the end."""
    every = max(1, every)
    return sorted(set(range(0, steps + 1, every)) | {steps})


class _StopEvent(threading.Event):
    """The run's stop event: set by ``stop()``, and also while ``stale()`` says the job was given up.

    ``Jobs.shutdown`` (the window is closing) makes every job stale; the loop
    then stops at its next step and writes its checkpoint, as after Stop.
    """

    def __init__(self, stale: Callable[[], bool]) -> None:
        super().__init__()
        self._stale = stale

    def is_set(self) -> bool:
        return super().is_set() or self._stale()

    def wait(self, timeout: float | None = None) -> bool:
        return super().wait(timeout) or self._stale()


class TrainingRun(QObject):
    """One run of ``explainer.core.training.train.train`` on the "training" lane of ``jobs``.

    ``progress(Progress)`` fires for every report of the loop (step, eval,
    checkpoint, paused, done, stopped); ``finished(TrainResult)`` or
    ``failed(message)`` once at the end. ``pause()``/``resume()``/``stop()``
    may be called from the GUI thread at any time; a stopped run still
    writes its checkpoint.
    """

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, config: TrainConfig, jobs: Jobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.jobs = jobs
        self._job = 0
        self._stop = _StopEvent(lambda: self._job != 0 and not jobs.is_newest(self._job))
        self._pause = threading.Event()
        self._started = False
        self._ended = threading.Event()
        self.result: TrainResult | None = None

    def start(self) -> None:
        self._started = True
        self._job = self.jobs.submit(self, "train", self._main, done=self.finished.emit, failed=self.failed.emit,
                                     lane="training")
        if not self._job:  # the jobs were shut down (the window is closing): nothing runs
            self._ended.set()

    def pause(self) -> None:
        self._pause.set()

    def resume(self) -> None:
        self._pause.clear()

    @property
    def paused(self) -> bool:
        return self._pause.is_set()

    def stop(self) -> None:
        self._stop.set()
        self._pause.clear()

    def is_running(self) -> bool:
        return self._started and not self._ended.is_set()

    def wait(self, timeout_s: float | None = None) -> bool:
        return self._ended.wait(timeout_s)

    def _report(self, progress) -> None:
        try:
            self.progress.emit(progress)
        except RuntimeError:  # the panel went away; the run finishes on its own
            pass

    def _main(self) -> TrainResult:
        """The job, in the training lane's thread: a failure becomes ``failed``'s message (Jobs)."""
        try:
            self.result = train(self.config, self._report, self._stop, self._pause)
            return self.result
        finally:
            self._ended.set()
