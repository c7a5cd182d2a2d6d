"""The one job runner: all model work off the GUI thread, and "the newest request wins", written once.

A job is a plain callable. ``Jobs.submit(owner, tag, fn, *args, done=…,
failed=…)`` runs it in the thread of its *lane* and calls ``done(result)`` or
``failed(message)`` back on the GUI thread, but only while the job is still
the newest one its owner submitted under that tag, and only while the owner
(a QObject, usually a panel) still exists. A queued job that a newer one of
the same owner and tag has overtaken is dropped before it runs: the user has
typed on, or chosen another model, since.

Lanes are threads, each running its jobs one at a time:

- ``keys``: the forward pass behind every key press, and its logit lens.
  Nothing else may wait in front of a keystroke.
- ``work``: everything else that runs a model for a panel (a second model,
  a run without ablations, a projection fit, loading a timeline snapshot, a
  bias probe). One thread, so two panels' jobs never race on one model.
- ``training``: a training run, which takes minutes and is paused and
  stopped through its own events.

Failures become one line a person can act on (``describe_error``), never a
traceback.
"""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot
from shiboken6 import isValid

from explainer.core.checkpoints import CheckpointError

LANES = ("keys", "work", "training")


def describe_error(exc: BaseException) -> str:
    """One line a person can act on: the file and the problem, or the kind of failure."""
    if isinstance(exc, CheckpointError):
        return f"{exc.path}: {exc.problem}"
    if isinstance(exc, (ValueError, OSError)):
        return str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"


@dataclass
class _Job:
    job_id: int
    key: tuple[int, str]  # (id(owner), tag)
    owner: QObject
    done: Callable[[Any], None] | None
    failed: Callable[[str], None] | None


class Jobs(QObject):
    """Threads for model work, one per lane; answers arrive on the GUI thread (see the module text).

    ``submit`` returns the job's id. ``is_newest(job_id)`` may be called from
    any thread: a long job can ask it between chunks and stop early.
    ``pending(owner)`` is True while any job of ``owner`` is queued or running.
    """

    _finished = Signal(int, object, str)  # job id, result, error message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools = {lane: ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"jobs-{lane}") for lane in LANES}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._newest: dict[tuple[int, str], int] = {}
        self._jobs: dict[int, _Job] = {}
        self._finished.connect(self._deliver)  # emitted in a lane's thread: queued to the GUI thread

    def submit(self, owner: QObject, tag: str, fn: Callable[..., Any], *args: Any,
               done: Callable[[Any], None] | None = None, failed: Callable[[str], None] | None = None,
               lane: str = "work") -> int:
        if lane not in self._pools:
            raise ValueError(f"unknown lane {lane!r}; the lanes are {', '.join(LANES)}")
        key = (id(owner), tag)
        with self._lock:
            job_id = next(self._ids)
            self._newest[key] = job_id
            self._jobs[job_id] = _Job(job_id, key, owner, done, failed)
        try:
            self._pools[lane].submit(self._run, job_id, fn, args)
        except RuntimeError:  # shut down: the window is closing, nothing will run any more
            with self._lock:
                self._jobs.pop(job_id, None)
            return 0
        return job_id

    def is_newest(self, job_id: int) -> bool:
        """True while no newer job of the same owner and tag has been submitted (any thread)."""
        with self._lock:
            job = self._jobs.get(job_id)
            return job is not None and self._newest.get(job.key) == job_id

    def newest(self, owner: QObject, tag: str) -> int:
        """The id of the newest job ``owner`` submitted under ``tag`` (0: none)."""
        with self._lock:
            return self._newest.get((id(owner), tag), 0)

    def forget(self, owner: QObject, tag: str) -> None:
        """Make every job of ``owner`` under ``tag`` stale: queued ones are dropped, answers ignored."""
        with self._lock:
            self._newest[(id(owner), tag)] = -1

    def pending(self, owner: QObject | None = None) -> bool:
        with self._lock:
            return any(owner is None or j.owner is owner for j in self._jobs.values())

    def _run(self, job_id: int, fn: Callable[..., Any], args: tuple) -> None:
        if not self.is_newest(job_id):
            result, error = None, ""  # overtaken while it waited: never ran
        else:
            try:
                result, error = fn(*args), ""
            except Exception as exc:  # every failure becomes a message, never a traceback
                result, error = None, describe_error(exc) or type(exc).__name__
        try:
            self._finished.emit(job_id, result, error)
        except RuntimeError:  # the runner itself was deleted while the job ran
            pass

    @Slot(int, object, str)
    def _deliver(self, job_id: int, result: object, error: str) -> None:
        with self._lock:
            job = self._jobs.pop(job_id, None)
            newest = job is not None and self._newest.get(job.key) == job_id
        if job is None or not newest or not isValid(job.owner):
            return
        if error:
            if job.failed is not None:
                job.failed(error)
        elif job.done is not None:
            job.done(result)

    def wait_idle(self, timeout_s: float = 30.0, lanes: tuple[str, ...] = ("keys", "work")) -> None:
        """Block until the jobs queued so far in ``lanes`` have run (tests and benchmarks)."""
        for lane in lanes:
            self._pools[lane].submit(lambda: None).result(timeout=timeout_s)

    def shutdown(self, wait: bool = True) -> None:
        """Drop queued jobs and stop the threads (a running job is let finish when ``wait``)."""
        with self._lock:
            for key in list(self._newest):
                self._newest[key] = -1
        for pool in self._pools.values():
            pool.shutdown(wait=wait, cancel_futures=True)
