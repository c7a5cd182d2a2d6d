"""The app's side of a training run: the library's ``train`` in a thread, reports as Qt signals.

The same function as ``explainer train`` does the work; this object only
starts it in a Python thread, turns its progress callback into a queued
signal (one per report, so the GUI sees every logged step) and holds the
pause and stop events. Text typed into the panel is written to a file in
the output folder first, so a run is always reproducible from disk.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from explainer.core.checkpoints import CheckpointError
from explainer.core.training.train import TrainConfig, TrainResult, train

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


class TrainingRun(QObject):
    """One run of ``explainer.core.training.train.train`` in a background thread.

    ``progress(Progress)`` fires for every report of the loop (step, eval,
    checkpoint, paused, done, stopped); ``finished(TrainResult)`` or
    ``failed(message)`` once at the end. ``pause()``/``resume()``/``stop()``
    may be called from the GUI thread at any time; a stopped run still
    writes its checkpoint.
    """

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, config: TrainConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self._stop = threading.Event()
        self._pause = threading.Event()
        self._thread = threading.Thread(target=self._main, name="training", daemon=True)
        self.result: TrainResult | None = None

    def start(self) -> None:
        self._thread.start()

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
        return self._thread.is_alive()

    def wait(self, timeout_s: float | None = None) -> bool:
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _emit(self, signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the panel went away; the run finishes on its own
            pass

    def _main(self) -> None:
        try:
            self.result = train(self.config, lambda p: self._emit(self.progress, p), self._stop, self._pause)
        except CheckpointError as exc:
            self._emit(self.failed, f"{exc.path}: {exc.problem}")
        except (ValueError, OSError) as exc:
            self._emit(self.failed, str(exc))
        except Exception as exc:  # a bug or an out-of-memory: the app stays up and says what happened
            self._emit(self.failed, f"{type(exc).__name__}: {exc}")
        else:
            self._emit(self.finished, self.result)
