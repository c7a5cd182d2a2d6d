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

A lane's thread never holds the last reference to anything of the GUI's. A
job's callable and arguments (often a panel's bound method, so the panel
itself), its result and its owner stay in a record that only the GUI thread
removes; the thread gets the job's number and looks the rest up. Had the
thread dropped the last reference to a panel or a state, Qt would have
deleted that object on the wrong thread, perhaps while the GUI thread drew
it. The answer travels through one courier object that lives as long as the
application, so a job that ends after its ``Jobs`` was deleted (a window
closed, a test's state dropped) has a live object to report to.
"""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
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


@dataclass(eq=False)
class _Job:
    job_id: int
    key: tuple[int, str]  # (id(owner), tag)
    jobs: "Jobs"
    owner: QObject
    fn: Callable[..., Any]
    args: tuple
    done: Callable[[Any], None] | None
    failed: Callable[[str], None] | None
    started: bool = False
    result: Any = field(default=None, repr=False)
    error: str = ""


# Every job not yet handed back to the GUI thread, by id (ids are unique across all Jobs). Only the GUI thread
# removes a record; a lane's thread reads one and writes its result.
_LOCK = threading.Lock()
_RECORDS: dict[int, _Job] = {}
_IDS = itertools.count(1)


class _Courier(QObject):
    """Carries "job N ended" from a lane's thread to the GUI thread; one for the whole application."""

    ended = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ended.connect(self._deliver)  # emitted in a lane's thread: queued to the GUI thread

    @Slot(int)
    def _deliver(self, job_id: int) -> None:
        with _LOCK:
            job = _RECORDS.pop(job_id, None)
        if job is not None:
            job.jobs._deliver(job)


_courier: _Courier | None = None


def _the_courier() -> _Courier:
    """The application's courier, made on the GUI thread by the first ``Jobs`` (Qt deletes it with the app)."""
    global _courier
    if _courier is None or not isValid(_courier):
        _courier = _Courier(QCoreApplication.instance())
    return _courier


def _run(job_id: int, courier: _Courier) -> None:
    """A lane's thread: run job ``job_id`` unless it was overtaken; only ints and the courier are held here."""
    with _LOCK:
        job = _RECORDS.get(job_id)
        run = job is not None and job.jobs._newest.get(job.key) == job_id
        if run:
            job.started = True
    if run:
        try:
            job.result = job.fn(*job.args)
        except Exception as exc:  # every failure becomes a message, never a traceback
            job.error = describe_error(exc) or type(exc).__name__
    del job  # the record keeps everything; the GUI thread lets go of it
    try:
        courier.ended.emit(job_id)
    except RuntimeError:  # the application is gone
        pass


class Jobs(QObject):
    """Threads for model work, one per lane; answers arrive on the GUI thread (see the module text).

    ``submit`` returns the job's id. ``is_newest(job_id)`` may be called from
    any thread: a long job can ask it between chunks and stop early.
    ``pending(owner)`` is True while any job of ``owner`` is queued or running.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools = {lane: ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"jobs-{lane}") for lane in LANES}
        self._newest: dict[tuple[int, str], int] = {}  # guarded by _LOCK, as the records are
        self._courier = _the_courier()

    def submit(self, owner: QObject, tag: str, fn: Callable[..., Any], *args: Any,
               done: Callable[[Any], None] | None = None, failed: Callable[[str], None] | None = None,
               lane: str = "work") -> int:
        if lane not in self._pools:
            raise ValueError(f"unknown lane {lane!r}; the lanes are {', '.join(LANES)}")
        key = (id(owner), tag)
        with _LOCK:
            job_id = next(_IDS)
            self._newest[key] = job_id
            _RECORDS[job_id] = _Job(job_id, key, self, owner, fn, args, done, failed)
        try:
            self._pools[lane].submit(_run, job_id, self._courier)
        except RuntimeError:  # shut down: the window is closing, nothing will run any more
            with _LOCK:
                job = _RECORDS.pop(job_id, None)
            del job  # on this (the GUI) thread
            return 0
        return job_id

    def is_newest(self, job_id: int) -> bool:
        """True while no newer job of the same owner and tag has been submitted (any thread)."""
        with _LOCK:
            job = _RECORDS.get(job_id)
            return job is not None and job.jobs is self and self._newest.get(job.key) == job_id

    def newest(self, owner: QObject, tag: str) -> int:
        """The id of the newest job ``owner`` submitted under ``tag`` (0: none)."""
        with _LOCK:
            return self._newest.get((id(owner), tag), 0)

    def forget(self, owner: QObject, tag: str) -> None:
        """Make every job of ``owner`` under ``tag`` stale: queued ones are dropped, answers ignored."""
        with _LOCK:
            self._newest[(id(owner), tag)] = -1

    def pending(self, owner: QObject | None = None) -> bool:
        with _LOCK:
            return any(j.jobs is self and (owner is None or j.owner is owner) for j in _RECORDS.values())

    def _deliver(self, job: _Job) -> None:
        """On the GUI thread, for a job whose record was just taken: answer it if it is still wanted."""
        if not isValid(self) or not isValid(job.owner):
            return
        with _LOCK:
            newest = self._newest.get(job.key) == job.job_id
        if not newest or not job.started:
            return
        if job.error:
            if job.failed is not None:
                job.failed(job.error)
        elif job.done is not None:
            job.done(job.result)

    def wait_idle(self, timeout_s: float = 30.0, lanes: tuple[str, ...] = ("keys", "work")) -> None:
        """Block until the jobs queued so far in ``lanes`` have run (tests and benchmarks)."""
        for lane in lanes:
            self._pools[lane].submit(lambda: None).result(timeout=timeout_s)

    def shutdown(self, wait: bool = True) -> None:
        """Drop queued jobs and stop the threads (a running job is let finish when ``wait``)."""
        with _LOCK:
            for key in list(self._newest):
                self._newest[key] = -1
            # queued jobs will never run: their records go now, on this thread
            dropped = [_RECORDS.pop(i) for i, j in list(_RECORDS.items()) if j.jobs is self and not j.started]
        for pool in self._pools.values():
            pool.shutdown(wait=wait, cancel_futures=True)
        dropped.clear()
