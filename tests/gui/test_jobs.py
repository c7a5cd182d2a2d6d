"""The job runner (explainer.gui.jobs): answers on the GUI thread, the newest request wins, and a lane's thread
never lets go of the last reference to something of the GUI's."""

import threading
import weakref

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from shiboken6 import isValid

from explainer.gui.jobs import Jobs


class Thing:
    """Something a job holds (as a panel's bound method holds the panel); records the thread that frees it."""

    def __init__(self, freed_on: list) -> None:
        weakref.finalize(self, lambda: freed_on.append(threading.current_thread().name))

    def work(self, gate: threading.Event, _held) -> str:
        assert gate.wait(10)
        return "done"


def test_answers_arrive_on_the_gui_thread_and_only_the_newest_one(qtbot):
    owner, jobs = QObject(), Jobs()
    gate, ran, answers = threading.Event(), [], []

    def job(name):
        ran.append(name)
        assert gate.wait(10)
        return name

    def done(result):
        answers.append((result, threading.current_thread() is threading.main_thread()))

    jobs.submit(owner, "key", job, "first", done=done)
    jobs.submit(owner, "key", job, "second", done=done)  # overtaken while it waits: never runs
    last = jobs.submit(owner, "key", job, "third", done=done)
    assert jobs.pending(owner) and jobs.newest(owner, "key") == last
    gate.set()
    qtbot.waitUntil(lambda: bool(answers), timeout=10000)
    jobs.wait_idle()
    qtbot.wait(20)
    assert ran == ["first", "third"]
    assert answers == [("third", True)]  # the first one's answer came after a newer request: dropped
    assert not jobs.pending(owner)
    jobs.shutdown()


def test_a_failure_becomes_one_line_for_the_failed_callback(qtbot):
    owner, jobs = QObject(), Jobs()
    messages = []

    def broken():
        raise ValueError("model.safetensors: not a checkpoint")

    jobs.submit(owner, "load", broken, done=lambda r: messages.append(("done", r)), failed=messages.append)
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert messages == ["model.safetensors: not a checkpoint"]
    jobs.shutdown()


def test_what_a_job_holds_is_let_go_on_the_gui_thread(qtbot):
    owner, jobs = QObject(), Jobs()
    freed_on, gate, answers = [], threading.Event(), []
    thing = Thing(freed_on)
    jobs.submit(owner, "work", thing.work, gate, Thing(freed_on), done=answers.append)
    del thing  # the job's bound method and its argument are now the only references
    gate.set()
    jobs.wait_idle()  # the lane's thread has run the job and moved on
    assert freed_on == []  # nothing was freed on the lane's thread
    qtbot.waitUntil(lambda: len(freed_on) == 2, timeout=10000)
    assert freed_on == ["MainThread", "MainThread"]
    assert answers == ["done"]
    jobs.shutdown()


def test_a_job_that_outlives_its_runner_answers_nobody(qtbot):
    holder, owner = QObject(), QObject()
    jobs = Jobs(holder)
    gate, finished, answers = threading.Event(), threading.Event(), []

    def job():
        assert gate.wait(10)
        finished.set()
        return 42

    jobs.submit(owner, "work", job, done=answers.append)
    holder.deleteLater()  # a window closed (its state and runner with it) while the job runs
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(jobs)
    gate.set()
    assert finished.wait(10)
    qtbot.wait(50)
    assert answers == []


def test_shutdown_drops_queued_jobs_and_lets_go_of_them_on_the_gui_thread(qtbot):
    owner, jobs = QObject(), Jobs()
    freed_on, gate, answers = [], threading.Event(), []
    jobs.submit(owner, "a", lambda: gate.wait(10), done=answers.append)
    jobs.submit(owner, "b", Thing(freed_on).work, gate, 1, done=answers.append)  # queued behind "a"
    jobs.shutdown(wait=False)
    assert freed_on == ["MainThread"]  # the queued job's record went at once, on this thread
    gate.set()
    qtbot.wait(50)
    assert answers == [] and not jobs.pending(owner)
