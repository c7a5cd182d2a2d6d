"""Background jobs for the exploring panels: one worker thread each, results on the GUI thread.

Loading a snapshot, running a second model, averaging activations: each is a
plain Python callable that runs in a one-thread pool, so jobs of one panel
never race each other (and never touch a model another job of that panel is
using). The answer travels back through a queued Qt signal, tagged with the
job's id, so a panel can drop answers to requests that are no longer the
newest.
"""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from explainer.core.checkpoints import CheckpointError


def describe_error(exc: BaseException) -> str:
    """One line a person can act on: the file and the problem, or the kind of failure."""
    if isinstance(exc, CheckpointError):
        return f"{exc.path}: {exc.problem}"
    if isinstance(exc, (ValueError, OSError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class JobRunner(QObject):
    """Runs callables one at a time in its own thread; ``done``/``failed`` arrive on the GUI thread.

    ``submit(tag, fn, *args)`` returns a job id; ``latest(tag)`` is the newest
    id given out for that tag, so a slot can ignore an answer that a newer
    request of the same kind has made stale. ``busy`` is True while a job runs.
    """

    done = Signal(int, str, object)  # job id, tag, result
    failed = Signal(int, str, str)  # job id, tag, message
    _finished = Signal(int, str, object, str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._ids = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._running = 0
        self._finished.connect(self._relay)  # emitted from the pool thread: queued to ours

    def submit(self, tag: str, fn: Callable[..., Any], *args: Any) -> int:
        job_id = next(self._ids)
        self._latest[tag] = job_id
        self._running += 1
        self._pool.submit(self._run, job_id, tag, fn, args)
        return job_id

    def latest(self, tag: str) -> int:
        return self._latest.get(tag, 0)

    def is_latest(self, job_id: int, tag: str) -> bool:
        return job_id == self._latest.get(tag, 0)

    @property
    def busy(self) -> bool:
        return self._running > 0

    def _run(self, job_id: int, tag: str, fn: Callable[..., Any], args: tuple) -> None:
        try:
            result, error = fn(*args), ""
        except Exception as exc:  # every failure becomes a message for the panel, never a traceback
            result, error = None, describe_error(exc) or type(exc).__name__
        try:
            self._finished.emit(job_id, tag, result, error)
        except RuntimeError:  # the panel was deleted while the job ran
            pass

    @Slot(int, str, object, str)
    def _relay(self, job_id: int, tag: str, result: object, error: str) -> None:
        self._running -= 1
        if error:
            self.failed.emit(job_id, tag, error)
        else:
            self.done.emit(job_id, tag, result)

    def wait_idle(self, timeout_s: float = 30.0) -> None:
        """Block until every submitted job has finished (for tests and benchmarks)."""
        self._pool.submit(lambda: None).result(timeout=timeout_s)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
